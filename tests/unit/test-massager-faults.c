/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The massager when things go wrong, against the fake link: write errors,
 * disconnects (also with the daemon's simulated link), the link lost under
 * it, and freeing with writes in flight.
 */
#include <errno.h>
#include <glib.h>
#include <stdbool.h>
#include <string.h>

#include "device/massager.h"
#include "device/model.h"
#include "fake-link.h"
#include "sim/sim-link.h"

static void test_disconnect_running(Fixture *f, gconstpointer data)
{
	unsigned first;
	int idx_disc = -1, idx_state = -1;

	connect_ready(f);
	run_at(f, 80);
	first = n_frames(f);

	tp_massager_disconnect(f->m);
	/* The stop first; the link stays up while it is in flight. */
	g_assert_cmpuint(n_frames(f), ==, first + 1);
	assert_stop(f, first);
	g_assert_cmpuint(tp_sim_link_disconnects(f->link->sim), ==, 0);
	g_assert_true(tp_sim_link_connected(f->link->sim));
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_STOPPING);
	g_assert_cmpuint(tp_massager_intensity(f->m), ==, 0);
	/* Nothing may start the motor again on its way out. */
	g_assert_cmpint(tp_massager_set_intensity(f->m, 50), ==, -ENOTCONN);
	settle();
	g_assert_cmpuint(tp_sim_link_disconnects(f->link->sim), ==, 0);
	g_assert_cmpuint(n_frames(f), ==, first + 1);

	/* Once it is done, the link goes. */
	fake_link_complete(f->link, 0);
	g_assert_cmpuint(tp_sim_link_disconnects(f->link->sim), ==, 1);
	g_assert_false(tp_sim_link_connected(f->link->sim));
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_DISCONNECTED);
	g_assert_false(tp_massager_connected(f->m));
	g_assert_cmpuint(n_frames(f), ==, first + 1);
	g_assert_cmpuint(tp_massager_speed(f->m), ==, 0);
	g_assert_cmpuint(tp_massager_intensity(f->m), ==, 0);

	for (guint i = 0; i < f->events->len; i++) {
		const Event *ev = event_at(f, i);
		if (ev->type == TP_MASSAGER_EVENT_DISCONNECTED && idx_disc < 0)
			idx_disc = i;
		if (ev->type == TP_MASSAGER_EVENT_CHANGED &&
		    ev->state == TP_MASSAGER_DISCONNECTED &&
		    (ev->changes & TP_MASSAGER_CHANGED_STATE))
			idx_state = i;
		/* No event saw the link go before the stop was written. */
		if (ev->disconnects)
			g_assert_cmpuint(ev->frames, ==, first + 1);
	}
	g_assert_cmpint(idx_disc, >=, 0);
	g_assert_cmpint(idx_state, >, idx_disc);
	g_assert_cmpuint(count_events(f, TP_MASSAGER_EVENT_DISCONNECTED, 0), ==,
			 1);

	g_assert_cmpint(tp_massager_set_intensity(f->m, 50), ==, -ENOTCONN);
	tp_massager_stop(f->m);
	settle();
	g_assert_cmpuint(n_frames(f), ==, first + 1);
	/* The stop was the last frame the device received. */
	assert_stop(f, n_frames(f) - 1);
}

static void test_disconnect_in_flight(Fixture *f, gconstpointer data)
{
	unsigned first;

	connect_ready(f);
	first = n_frames(f);

	/* Disconnect while a speed write is in flight and another intensity
	 * is pending: the stop follows the write, and is the last frame. */
	g_assert_cmpint(tp_massager_set_intensity(f->m, 50), ==, 0);
	g_assert_cmpint(tp_massager_set_intensity(f->m, 90), ==, 0);
	tp_massager_disconnect(f->m);
	g_assert_cmpint(tp_massager_set_intensity(f->m, 60), ==, -ENOTCONN);
	g_assert_cmpuint(n_frames(f), ==, first + 1);
	fake_link_complete(f->link, 0); /* the speed write */
	g_assert_cmpuint(tp_sim_link_disconnects(f->link->sim), ==, 0);
	g_assert_cmpuint(n_frames(f), ==, first + 2);
	assert_stop(f, first + 1);
	fake_link_complete(f->link, 0); /* the stop */
	settle();
	g_assert_cmpuint(tp_sim_link_disconnects(f->link->sim), ==, 1);
	g_assert_cmpuint(n_frames(f), ==, first + 2);
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_DISCONNECTED);
}

static void test_disconnect_ready(Fixture *f, gconstpointer data)
{
	unsigned first;

	connect_ready(f);
	first = n_frames(f);

	/* Even when idle, a stop goes out before the link is dropped. */
	tp_massager_disconnect(f->m);
	g_assert_cmpuint(n_frames(f), ==, first + 1);
	assert_stop(f, first);
	g_assert_cmpuint(tp_sim_link_disconnects(f->link->sim), ==, 0);
	fake_link_complete(f->link, 0);
	settle();
	g_assert_cmpuint(tp_sim_link_disconnects(f->link->sim), ==, 1);
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_DISCONNECTED);

	/* Disconnecting when disconnected writes nothing. */
	tp_massager_disconnect(f->m);
	settle();
	g_assert_cmpuint(n_frames(f), ==, first + 1);
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_DISCONNECTED);
}

static void test_disconnect_connecting(Fixture *f, gconstpointer data)
{
	tp_sim_link_hold_connect(f->link->sim, true);
	g_assert_cmpint(tp_massager_connect(f->m), ==, 0);
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_CONNECTING);

	/* Given up before the link came up: nothing to write, back to
	 * disconnected, and a later connect works. */
	tp_massager_disconnect(f->m);
	settle();
	g_assert_cmpuint(tp_sim_link_disconnects(f->link->sim), ==, 1);
	g_assert_cmpuint(n_frames(f), ==, 0);
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_DISCONNECTED);

	g_assert_cmpint(tp_massager_connect(f->m), ==, 0);
	g_assert_cmpuint(tp_sim_link_connects(f->link->sim), ==, 2);
	tp_sim_link_finish_connect(f->link->sim);
	assert_stop(f, 0);
}

/* The same with the daemon's own simulated link: a cancelled connect is
 * reported as a disconnect too. */
static void test_sim_disconnect_connecting(void)
{
	TpModel model;
	TpMassager *m;

	fixture_init_model(&model, 100);
	m = tp_massager_new(
	    ADDRESS, "Test Gun", &model,
	    tp_sim_link_new(tp_sim_peer_new_theragun(3616, 216)), 100);
	g_assert_cmpint(tp_massager_connect(m), ==, 0);
	g_assert_cmpint(tp_massager_state(m), ==, TP_MASSAGER_CONNECTING);
	tp_massager_disconnect(m);
	settle();
	g_assert_cmpint(tp_massager_state(m), ==, TP_MASSAGER_DISCONNECTED);
	/* And it can connect again. */
	g_assert_cmpint(tp_massager_connect(m), ==, 0);
	settle();
	g_assert_true(tp_massager_connected(m));
	tp_massager_free(m);
}

static void test_write_error(Fixture *f, gconstpointer data)
{
	unsigned first;
	const Event *ev;

	connect_ready(f);
	first = n_frames(f);

	g_assert_cmpint(tp_massager_set_intensity(f->m, 50), ==, 0);
	g_assert_cmpint(tp_massager_set_intensity(f->m, 60), ==, 0);
	assert_speed(f, first, tp_model_speed_for(&f->model, 50));
	clear_events(f);

	fake_link_complete(f->link, -EIO);
	assert_warned("*writing to " ADDRESS " failed*");

	g_assert_cmpuint(count_events(f, TP_MASSAGER_EVENT_WRITE_FAILED, 0), ==,
			 1);
	for (guint i = 0; i < f->events->len; i++) {
		ev = event_at(f, i);
		if (ev->type != TP_MASSAGER_EVENT_WRITE_FAILED)
			continue;
		g_assert_nonnull(ev->message);
		g_assert_nonnull(strstr(ev->message, ADDRESS));
		g_assert_nonnull(strstr(ev->message, g_strerror(EIO)));
	}
	/* The next frame is a stop, not the pending intensity. */
	g_assert_cmpuint(n_frames(f), ==, first + 2);
	assert_stop(f, first + 1);
	g_assert_cmpuint(tp_massager_intensity(f->m), ==, 0);
	fake_link_complete(f->link, 0);
	settle();
	g_assert_cmpuint(n_frames(f), ==, first + 2);
	g_assert_cmpuint(n_pending(f), ==, 0);
	g_assert_cmpuint(tp_massager_speed(f->m), ==, 0);
	g_assert_true(tp_massager_connected(f->m));
}

static void test_write_error_sync(Fixture *f, gconstpointer data)
{
	unsigned first;

	connect_ready(f);
	first = n_frames(f);

	/* write() itself refuses the speed frame. */
	tp_sim_link_refuse_next(f->link->sim, -EIO);
	g_assert_cmpint(tp_massager_set_intensity(f->m, 50), ==, 0);
	assert_warned("*writing to " ADDRESS " failed*");
	g_assert_cmpuint(count_events(f, TP_MASSAGER_EVENT_WRITE_FAILED, 0), ==,
			 1);
	g_assert_cmpuint(n_frames(f), ==, first + 2);
	assert_speed(f, first, tp_model_speed_for(&f->model, 50));
	g_assert_cmpint(frame_at(f, first)->result, ==, -EIO);
	assert_stop(f, first + 1);
	g_assert_cmpuint(n_pending(f), ==, 1);
	fake_link_complete(f->link, 0);
	settle();
	g_assert_cmpuint(n_frames(f), ==, first + 2);
	g_assert_cmpuint(tp_massager_intensity(f->m), ==, 0);
}

static void test_write_error_stop(Fixture *f, gconstpointer data)
{
	unsigned first;

	connect_ready(f);
	run_at(f, 50);
	first = n_frames(f);

	/* A failed stop is reported and tried again, not at once but after
	 * a pause, while the state says the motor may still run. */
	tp_massager_stop(f->m);
	assert_stop(f, first);
	fake_link_complete(f->link, -EBUSY);
	assert_warned("*writing to " ADDRESS " failed*could not be told*");
	settle();
	g_assert_cmpuint(count_events(f, TP_MASSAGER_EVENT_WRITE_FAILED, 0), ==,
			 1);
	g_assert_cmpuint(n_frames(f), ==, first + 1);
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_ERROR);
	g_assert_cmpint(tp_massager_set_intensity(f->m, 50), ==, -ENOTCONN);
	wait_frames(f, first + 2);
	assert_stop(f, first + 1);
	fake_link_complete(f->link, 0);
	settle();
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_READY);
	g_assert_cmpuint(tp_sim_link_disconnects(f->link->sim), ==, 0);
}

static void test_write_error_stop_gives_up(Fixture *f, gconstpointer data)
{
	unsigned first;

	connect_ready(f);
	run_at(f, 50);
	first = n_frames(f);

	/* Four refusals in a row: the link goes, nothing else is written. */
	tp_massager_stop(f->m);
	for (unsigned i = 0; i < 3; i++) {
		wait_frames(f, first + i + 1);
		assert_stop(f, first + i);
		fake_link_complete(f->link, -EIO);
		assert_warned("*writing to " ADDRESS " failed*");
		g_assert_cmpuint(tp_sim_link_disconnects(f->link->sim), ==, 0);
	}
	wait_frames(f, first + 4);
	assert_stop(f, first + 3);
	fake_link_complete(f->link, -EIO);
	assert_warned_list("*writing to " ADDRESS " failed*",
			   "*no stop got through; disconnecting it*",
			   "*" ADDRESS
			   ": no stop was acknowledged*may still be "
			   "running*switch it off by hand*",
			   NULL);
	settle();
	g_assert_cmpuint(tp_sim_link_disconnects(f->link->sim), ==, 1);
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_DISCONNECTED);
	/* The motor may still run, and tpd says so (test-massager-stops
	 * follows what happens next). */
	g_assert_cmpstr(tp_massager_state_string(f->m), ==, "stop-unconfirmed");
	g_assert_cmpuint(n_frames(f), ==, first + 4);
}

static void test_write_timeout_stop(Fixture *f, gconstpointer data)
{
	unsigned first;

	connect_ready(f);
	run_at(f, 50);
	first = n_frames(f);

	/* A device that let a stop time out gets no second try. */
	tp_massager_stop(f->m);
	fake_link_complete(f->link, -ETIMEDOUT);
	assert_warned_list("*writing to " ADDRESS " failed*",
			   "*no stop got through; disconnecting it*",
			   "*no stop was acknowledged*", NULL);
	settle();
	g_assert_cmpuint(tp_sim_link_disconnects(f->link->sim), ==, 1);
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_DISCONNECTED);
	g_assert_cmpuint(n_frames(f), ==, first + 1);
}

static void test_write_error_state(Fixture *f, gconstpointer data)
{
	connect_ready(f);
	run_at(f, 50);

	/* A failed speed write stops the motor: once the stop is done, the
	 * state is ready, and listeners were told the intensity is 0. */
	g_assert_cmpint(tp_massager_set_intensity(f->m, 60), ==, 0);
	clear_events(f);
	fake_link_complete(f->link, -EIO);
	assert_warned("*writing to " ADDRESS " failed*");
	fake_link_complete(f->link, 0); /* the stop */
	settle();
	g_assert_cmpuint(tp_massager_intensity(f->m), ==, 0);
	g_assert_cmpuint(n_pending(f), ==, 0);
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_READY);
	g_assert_cmpuint(count_events(f, TP_MASSAGER_EVENT_CHANGED,
				      TP_MASSAGER_CHANGED_INTENSITY),
			 >, 0);
}

static void test_link_lost(Fixture *f, gconstpointer data)
{
	unsigned first;

	connect_ready(f);
	first = n_frames(f);

	/* The link goes away with a speed write in flight. */
	g_assert_cmpint(tp_massager_set_intensity(f->m, 50), ==, 0);
	clear_events(f);
	tp_sim_link_drop(f->link->sim, -ECONNRESET);
	assert_warned("*connection lost*");
	settle();
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_DISCONNECTED);
	g_assert_cmpuint(count_events(f, TP_MASSAGER_EVENT_DISCONNECTED, 0), ==,
			 1);
	g_assert_cmpuint(count_events(f, TP_MASSAGER_EVENT_WRITE_FAILED, 0), ==,
			 0);
	g_assert_cmpuint(n_frames(f), ==, first + 1);
	g_assert_cmpuint(tp_massager_intensity(f->m), ==, 0);
	g_assert_cmpint(tp_massager_set_intensity(f->m, 50), ==, -ENOTCONN);
}

static void test_link_lost_pending(Fixture *f, gconstpointer data)
{
	unsigned first;

	connect_ready(f);
	first = n_frames(f);

	/* As above, with another intensity queued behind the write: the
	 * link's -ENOTCONN completion must not make the massager write
	 * again to a link that is gone. */
	g_assert_cmpint(tp_massager_set_intensity(f->m, 50), ==, 0);
	g_assert_cmpint(tp_massager_set_intensity(f->m, 60), ==, 0);
	clear_events(f);
	tp_sim_link_drop(f->link->sim, -ECONNRESET);
	settle();
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_DISCONNECTED);
	g_assert_cmpuint(count_warnings("*connection lost*"), ==, 1);
	/* Nothing more was written to the link that is gone. */
	g_assert_cmpuint(n_frames(f), ==, first + 1);
	g_assert_cmpuint(count_events(f, TP_MASSAGER_EVENT_WRITE_FAILED, 0), ==,
			 0);
	assert_warned("*connection lost*");
}

static void test_free_in_flight(void)
{
	TpModel model;
	bool freed = false;
	FakeLink *fl = fake_link_new(&freed);
	TpMassager *m;

	/* Freeing with a write in flight and a connect pending is clean. */
	fixture_init_model(&model, 100);
	m = tp_massager_new(ADDRESS, "Test Gun", &model, fl->sim, 100);
	g_assert_cmpint(tp_massager_connect(m), ==, 0);
	tp_massager_free(m);
	g_assert_true(freed);
	settle();

	freed = false;
	fl = fake_link_new(&freed);
	m = tp_massager_new(ADDRESS, "Test Gun", &model, fl->sim, 100);
	tp_sim_link_hold_connect(fl->sim, true);
	g_assert_cmpint(tp_massager_connect(m), ==, 0);
	tp_sim_link_finish_connect(fl->sim);
	g_assert_cmpuint(tp_sim_link_in_flight(fl->sim), ==, 1);
	tp_massager_free(m);
	g_assert_true(freed);
	settle();
	tp_massager_free(NULL);
}

int main(int argc, char **argv)
{
	int ret;

	g_test_init(&argc, &argv, NULL);
	warnings_capture_start();

	ADD("/massager/disconnect/running", test_disconnect_running);
	ADD("/massager/disconnect/in-flight", test_disconnect_in_flight);
	ADD("/massager/disconnect/ready", test_disconnect_ready);
	ADD("/massager/disconnect/connecting", test_disconnect_connecting);
	g_test_add_func("/massager/disconnect/connecting-sim-link",
			test_sim_disconnect_connecting);
	ADD("/massager/write-error/speed", test_write_error);
	ADD("/massager/write-error/sync", test_write_error_sync);
	ADD("/massager/write-error/stop", test_write_error_stop);
	ADD("/massager/write-error/stop-gives-up",
	    test_write_error_stop_gives_up);
	ADD("/massager/write-error/stop-timeout", test_write_timeout_stop);
	ADD("/massager/write-error/state", test_write_error_state);
	ADD("/massager/link-lost/in-flight", test_link_lost);
	ADD("/massager/link-lost/pending", test_link_lost_pending);
	g_test_add_func("/massager/free", test_free_in_flight);

	ret = g_test_run();
	warnings_capture_end();
	return ret;
}
