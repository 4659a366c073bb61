/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The massager at the edges of a stop, against the fake link: a stop that
 * is never abandoned (a device that took none is reconnected, stop first,
 * until one is acknowledged), the seal of shutdown, optional requests a
 * device refuses, frames that cannot be encoded, and when a device counts
 * as settled.
 */
#include <errno.h>
#include <glib.h>
#include <stdbool.h>
#include <string.h>

#include "device/massager.h"
#include "device/model.h"
#include "fake-link.h"
#include "tpd/tpd-dbus.h"

/* Refuse the stops from frame @first on, the first and its three
 * retries: then the link goes. */
static void refuse_stops(Fixture *f, unsigned first)
{
	for (unsigned i = 0; i < 4; i++) {
		wait_frames(f, first + i + 1);
		assert_stop(f, first + i);
		fake_link_complete(f->link, -EIO);
	}
	g_assert_false(tp_sim_link_connected(f->link->sim));
}

/* A stop asked for now, refused until the link goes. */
static void refuse_stops_until_dropped(Fixture *f)
{
	unsigned first = n_frames(f);

	tp_massager_stop(f->m);
	refuse_stops(f, first);
	assert_warned_list("*failed*", "*failed*", "*failed*", "*failed*",
			   "*no stop got through*",
			   "*no stop was acknowledged*", NULL);
}

static void test_unconfirmed_reconnects_until_acknowledged(Fixture *f,
							   gconstpointer data)
{
	unsigned before;

	/* Not paired, no auto-reconnect: the stop alone brings it back. */
	tp_massager_set_reconnect_delays(f->m, 10, 40);
	connect_ready(f);
	run_at(f, 60);
	refuse_stops_until_dropped(f);
	g_assert_cmpstr(tp_massager_state_string(f->m), ==,
			TPD_DEVICE_STATE_STOP_UNCONFIRMED);
	g_assert_false(tp_massager_connected(f->m));
	g_assert_true(tp_massager_reconnecting(f->m));
	g_assert_cmpint(tp_massager_set_intensity(f->m, 30), ==, -ENOTCONN);

	/* Back on its own, and the stop is the first thing it hears. */
	before = n_frames(f);
	wait_frames(f, before + 1);
	g_assert_true(tp_sim_link_connected(f->link->sim));
	assert_stop(f, before);
	/* Refused again: dropped again, and still unconfirmed. */
	refuse_stops(f, before);
	assert_warned_list("*failed*", "*failed*", "*failed*", "*failed*",
			   "*no stop got through*", NULL);
	g_assert_cmpstr(tp_massager_state_string(f->m), ==,
			TPD_DEVICE_STATE_STOP_UNCONFIRMED);

	/* The third connection takes it: only now is the motor known to be
	 * stopped, and intensity taken again. */
	before = n_frames(f);
	wait_frames(f, before + 1);
	assert_stop(f, before);
	g_assert_cmpint(tp_massager_set_intensity(f->m, 30), ==, -ENOTCONN);
	fake_link_complete(f->link, 0);
	settle();
	g_assert_cmpuint(count_notices("*" ADDRESS ": stop acknowledged*"), ==,
			 1);
	g_assert_cmpstr(tp_massager_state_string(f->m), ==, "ready");
	g_assert_true(tp_massager_connected(f->m));
	g_assert_cmpint(tp_sim_link_connects(f->link->sim), ==, 3);
	/* The announcement: the state changed when the flag went. */
	g_assert_cmpuint(count_events(f, TP_MASSAGER_EVENT_CHANGED,
				      TP_MASSAGER_CHANGED_STATE),
			 >, 0);
}

static void test_unconfirmed_overrides_a_disconnect(Fixture *f,
						    gconstpointer data)
{
	unsigned before;

	tp_massager_set_reconnect_delays(f->m, 10, 40);
	connect_ready(f);
	run_at(f, 60);
	/* The person disconnects; the stop it writes first is refused. */
	before = n_frames(f);
	tp_massager_disconnect(f->m);
	refuse_stops(f, before);
	assert_warned_list("*failed*", "*failed*", "*failed*", "*failed*",
			   "*no stop got through*",
			   "*no stop was acknowledged*", NULL);
	/* A disconnect while it is unconfirmed changes nothing either. */
	tp_massager_disconnect(f->m);

	/* tpd comes back for the stop despite the disconnect... */
	before = n_frames(f);
	wait_frames(f, before + 1);
	assert_stop(f, before);
	fake_link_complete(f->link, 0);
	settle();
	/* ...and then honours it: the link goes, and stays gone. */
	g_assert_false(tp_sim_link_connected(f->link->sim));
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_DISCONNECTED);
	g_assert_cmpstr(tp_massager_state_string(f->m), ==, "disconnected");
	g_assert_cmpuint(n_frames(f), ==, before + 1);
	g_assert_false(tp_massager_reconnecting(f->m));
}

static void test_link_lost_with_a_stop_in_flight(Fixture *f, gconstpointer data)
{
	unsigned before;

	tp_massager_set_reconnect_delays(f->m, 10, 40);
	connect_ready(f);
	run_at(f, 60);
	tp_massager_stop(f->m);
	g_assert_cmpuint(n_pending(f), ==, 1);
	/* The link goes before the stop is acknowledged. */
	tp_sim_link_drop(f->link->sim, -ECONNRESET);
	assert_warned_list("*connection lost*", "*no stop was acknowledged*",
			   NULL);
	g_assert_cmpstr(tp_massager_state_string(f->m), ==,
			TPD_DEVICE_STATE_STOP_UNCONFIRMED);
	before = n_frames(f);
	wait_frames(f, before + 1);
	assert_stop(f, before);
	fake_link_complete(f->link, 0);
	settle();
	g_assert_cmpstr(tp_massager_state_string(f->m), ==, "ready");
}

/* A link lost while the motor simply ran (no stop asked) is not a stop
 * unconfirmed: paired devices come back through auto-reconnect. */
static void test_link_lost_running_is_not_unconfirmed(Fixture *f,
						      gconstpointer data)
{
	connect_ready(f);
	run_at(f, 60);
	tp_sim_link_drop(f->link->sim, -ECONNRESET);
	assert_warned("*connection lost*");
	g_assert_cmpstr(tp_massager_state_string(f->m), ==, "disconnected");
	g_assert_false(tp_massager_reconnecting(f->m));
}

static void test_seal(Fixture *f, gconstpointer data)
{
	unsigned before;

	connect_ready(f);
	run_at(f, 60);
	before = n_frames(f);
	tp_massager_seal(f->m);
	/* Nothing that moves the motor; a stop always. */
	g_assert_cmpint(tp_massager_set_intensity(f->m, 70), ==, -ESHUTDOWN);
	g_assert_cmpuint(n_frames(f), ==, before);
	g_assert_cmpint(tp_massager_set_intensity(f->m, 0), ==, 0);
	assert_stop(f, before);
	g_assert_false(tp_massager_settled(f->m));
	fake_link_complete(f->link, 0);
	settle();
	g_assert_true(tp_massager_settled(f->m));
	g_assert_false(tp_massager_stop_owed(f->m));
	/* No connecting, and no coming back by itself. */
	tp_massager_set_auto_reconnect(f->m, true);
	tp_massager_set_reconnect_delays(f->m, 1, 1);
	tp_sim_link_drop(f->link->sim, -ECONNRESET);
	assert_warned("*connection lost*");
	g_assert_cmpint(tp_massager_connect(f->m), ==, -ESHUTDOWN);
	g_assert_cmpint(tp_massager_take_up(f->m), ==, 0);
	g_assert_false(tp_massager_reconnecting(f->m));
	settle();
	g_assert_cmpuint(tp_sim_link_connects(f->link->sim), ==, 1);
}

/* The machine slept: a link lost while sealed is followed up on waking
 * as it would have been, and nothing moves by itself. */
static void test_unseal(Fixture *f, gconstpointer data)
{
	unsigned before;

	connect_ready(f);
	run_at(f, 60);
	tp_massager_set_auto_reconnect(f->m, true);
	tp_massager_set_reconnect_delays(f->m, 1, 1);
	tp_massager_seal(f->m);
	tp_massager_stop(f->m);
	fake_link_complete(f->link, 0);
	settle();
	tp_sim_link_drop(f->link->sim, -ECONNRESET);
	assert_warned("*connection lost*");
	g_assert_false(tp_massager_reconnecting(f->m));
	before = n_frames(f);
	tp_massager_unseal(f->m);
	g_assert_true(tp_massager_reconnecting(f->m));
	g_assert_cmpint(tp_massager_set_intensity(f->m, 70), ==, -ENOTCONN);
	g_assert_cmpuint(n_frames(f), ==, before);
}

/* A stop waiting to be retried holds the device unsettled, and so holds
 * shutdown, until the retry has run. */
static void test_settled_waits_for_a_retry(Fixture *f, gconstpointer data)
{
	unsigned before;

	connect_ready(f);
	run_at(f, 60);
	before = n_frames(f);
	tp_massager_stop(f->m);
	fake_link_complete(f->link, -EBUSY);
	assert_warned("*could not be told to stop*");
	g_assert_cmpuint(n_pending(f), ==, 0);
	g_assert_false(tp_massager_idle(f->m));
	g_assert_false(tp_massager_settled(f->m));
	wait_frames(f, before + 2);
	g_assert_false(tp_massager_settled(f->m));
	fake_link_complete(f->link, 0);
	settle();
	g_assert_true(tp_massager_settled(f->m));
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_READY);
}

static void test_status_refused(Fixture *f, gconstpointer data)
{
	unsigned before;

	connect_ready(f);
	g_assert_cmpint(tp_massager_set_intensity(f->m, 50), ==, 0);
	fake_link_complete(f->link, 0); /* the speed */
	before = n_frames(f);
	assert_status_request(f, before - 1);
	clear_events(f);
	fake_link_complete(f->link, -EIO); /* the status request */
	settle();
	/* Not a motor error: no stop, no failure event, still running. */
	g_assert_cmpuint(count_events(f, TP_MASSAGER_EVENT_WRITE_FAILED, 0), ==,
			 0);
	g_assert_cmpuint(n_frames(f), ==, before);
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_RUNNING);
	g_assert_cmpuint(tp_massager_intensity(f->m), ==, 50);
	g_assert_cmpuint(count_notices("*status request failed*not asking "
				       "again*"),
			 ==, 1);
	/* The next speed goes out without a status request after it, and
	 * the commanded speed is what is known. */
	g_assert_cmpint(tp_massager_set_intensity(f->m, 80), ==, 0);
	assert_speed(f, before, tp_model_speed_for(&f->model, 80));
	fake_link_complete(f->link, 0);
	settle();
	g_assert_cmpuint(n_frames(f), ==, before + 1);
	g_assert_cmpuint(tp_massager_speed(f->m), ==,
			 tp_model_speed_for(&f->model, 80));
	g_assert_cmpuint(count_notices("*status request failed*"), ==, 1);
}

static void test_version_refused(Fixture *f, gconstpointer data)
{
	g_assert_cmpint(tp_massager_connect(f->m), ==, 0);
	wait_connected(f);
	assert_stop(f, 0);
	fake_link_complete(f->link, 0);
	assert_version_request(f, 1);
	fake_link_complete(f->link, -EPERM);
	settle();
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_READY);
	g_assert_cmpuint(count_notices("*firmware request failed*"), ==, 1);
	run_at(f, 40);
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_RUNNING);
}

/* A speed the protocol cannot encode (above the Theragun's 16 bits) is a
 * failed write: the motor is stopped and the session hears of it. */
static void test_speed_encode_fails(Fixture *f, gconstpointer data)
{
	unsigned before;

	f->model.speed.high = 0x20000;
	connect_ready(f);
	before = n_frames(f);
	clear_events(f);
	g_assert_cmpint(tp_massager_set_intensity(f->m, 100), ==, 0);
	assert_warned_list("*model test-gun: cannot encode the speed frame*",
			   "*writing to " ADDRESS " failed*", NULL);
	g_assert_cmpuint(count_events(f, TP_MASSAGER_EVENT_WRITE_FAILED, 0), ==,
			 1);
	/* No speed frame, a stop instead. */
	g_assert_cmpuint(n_frames(f), ==, before + 1);
	assert_stop(f, before);
	fake_link_complete(f->link, 0);
	settle();
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_READY);
	g_assert_cmpuint(tp_massager_intensity(f->m), ==, 0);
}

/* A stop that cannot be encoded leaves the device visibly in error, then
 * unconfirmed: never a silent STOPPING forever. */
static void test_stop_encode_fails(void)
{
	g_autoptr(GError) error = NULL;
	FakeLink *fl;
	TpMassager *m;
	bool freed = false;
	TpModel model = {
		.id = (char *)"broken",
		.name = (char *)"Broken",
		.protocol = (char *)"frame",
		.levels = { 1, 3 },
		.discrete = true,
		.max_intensity = 100,
		.params.model_id = "broken",
		.params.write = TP_WRITE_COMMAND,
	};

	/* A checksum over bytes the frame does not have: load-time checks
	 * would refuse this model; here it reaches the massager. */
	model.params.frame = tp_frame_template_parse("01 {level}", &error);
	model.params.stop = tp_frame_template_parse("{sum8:0..3}", &error);
	g_assert_no_error(error);
	fl = fake_link_new(&freed);
	m = tp_massager_new(ADDRESS, "Broken", &model, fl->sim, 100);
	tp_massager_set_reconnect_delays(m, 60000, 60000);
	g_assert_cmpint(tp_massager_connect(m), ==, 0);
	wait_connected_link(fl);
	/* The opening stop cannot be encoded: error state, nothing sent. */
	g_assert_cmpint(tp_massager_state(m), ==, TP_MASSAGER_ERROR);
	g_assert_cmpuint(fl->frames->len, ==, 0);
	g_assert_cmpuint(count_warnings("*cannot encode the stop frame*"), ==,
			 1);
	g_assert_cmpint(tp_massager_set_intensity(m, 50), ==, -ENOTCONN);
	/* The retries fail alike; then the link goes and tpd says the motor
	 * may still run. */
	wait_disconnects(fl, 1);
	g_assert_cmpuint(fl->frames->len, ==, 0);
	g_assert_cmpstr(tp_massager_state_string(m), ==,
			TPD_DEVICE_STATE_STOP_UNCONFIRMED);
	g_assert_cmpuint(count_warnings("*cannot encode the stop frame*"), ==,
			 4);
	g_assert_cmpuint(count_warnings("*no stop was acknowledged*"), ==, 1);
	forget_warnings();
	tp_massager_free(m);
	g_assert_true(freed);
	tp_frame_template_free(model.params.frame);
	tp_frame_template_free(model.params.stop);
}

int main(int argc, char **argv)
{
	int rc;

	g_test_init(&argc, &argv, NULL);
	warnings_capture_start();
	ADD("/massager/unconfirmed/reconnects-until-acknowledged",
	    test_unconfirmed_reconnects_until_acknowledged);
	ADD("/massager/unconfirmed/overrides-a-disconnect",
	    test_unconfirmed_overrides_a_disconnect);
	ADD("/massager/unconfirmed/link-lost-with-stop-in-flight",
	    test_link_lost_with_a_stop_in_flight);
	ADD("/massager/unconfirmed/not-after-a-plain-link-loss",
	    test_link_lost_running_is_not_unconfirmed);
	ADD("/massager/seal", test_seal);
	ADD("/massager/unseal", test_unseal);
	ADD("/massager/settled/waits-for-a-retry",
	    test_settled_waits_for_a_retry);
	ADD("/massager/optional/status-refused", test_status_refused);
	ADD("/massager/optional/version-refused", test_version_refused);
	ADD("/massager/encode/speed-fails", test_speed_encode_fails);
	g_test_add_func("/massager/encode/stop-fails", test_stop_encode_fails);
	rc = g_test_run();
	warnings_capture_end();
	return rc;
}
