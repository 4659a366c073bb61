/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The massager in normal operation, against the fake link: connecting,
 * coalescing intensity updates, stop ordering, caps, notifications,
 * listeners and claims, and reconnecting. Faults are in
 * test-massager-faults.c.
 */
#include <errno.h>
#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "device/massager.h"
#include "device/model.h"
#include "fake-link.h"

/* ---- notifications, built here rather than with the daemon's encoder -- */

/* A status notification: running flag at 4, speed at 13..14. */
static void status_note(unsigned speed, uint8_t out[15])
{
	memset(out, 0, 15);
	out[0] = 0xBB;
	out[2] = 0x10;
	out[4] = speed ? 1 : 0;
	out[13] = speed >> 8;
	out[14] = speed & 0xFF;
	out[1] = checksum(out, 15);
}

/* A version notification: the version, times 100, at 12..13. */
static void version_note(unsigned version, uint8_t out[14])
{
	memset(out, 0, 14);
	out[0] = 0xBB;
	out[2] = 0x20;
	out[12] = version >> 8;
	out[13] = version & 0xFF;
	out[1] = checksum(out, 14);
}

/* ---- tests ------------------------------------------------------------- */

static void test_helpers(Fixture *f, gconstpointer data)
{
	uint8_t frame[7];

	/* The helpers agree with the frames spelled out by hand, and the
	 * speed mapping with its end points. */
	speed_frame(0, frame);
	g_assert_cmpmem(frame, sizeof(frame), stop_frame, sizeof(stop_frame));
	speed_frame(2400, frame);
	g_assert_cmpuint(frame[1], ==, (0x01 + 0x03 + 0x09 + 0x60 + 0x03));
	g_assert_cmpuint(checksum(status_request, 4), ==, 0x10);
	g_assert_cmpuint(checksum(version_request, 4), ==, 0x20);
	g_assert_cmpuint(tp_model_speed_for(&f->model, 1), ==, 1750);
	g_assert_cmpuint(tp_model_speed_for(&f->model, 100), ==, 2400);
	g_assert_cmpuint(tp_model_speed_for(&f->model, 40), ==, 2006);
}

static void test_initial(Fixture *f, gconstpointer data)
{
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_DISCONNECTED);
	g_assert_false(tp_massager_connected(f->m));
	g_assert_true(tp_massager_idle(f->m));
	g_assert_cmpstr(tp_massager_address(f->m), ==, ADDRESS);
	g_assert_cmpstr(tp_massager_name(f->m), ==, "Test Gun");
	g_assert_true(tp_massager_model(f->m) == &f->model);
	g_assert_cmpuint(tp_massager_intensity(f->m), ==, 0);
	g_assert_cmpuint(tp_massager_speed(f->m), ==, 0);
	g_assert_cmpuint(tp_massager_cap(f->m), ==, 100);
	g_assert_cmpint(tp_massager_battery(f->m), ==, -1);
	g_assert_null(tp_massager_firmware(f->m));
	g_assert_null(tp_massager_claim_tag(f->m));

	/* Nothing is written to a link that is not up. */
	g_assert_cmpint(tp_massager_set_intensity(f->m, 50), ==, -ENOTCONN);
	g_assert_cmpint(tp_massager_set_intensity(f->m, 0), ==, -ENOTCONN);
	tp_massager_stop(f->m);
	settle();
	g_assert_cmpuint(n_frames(f), ==, 0);
	g_assert_cmpuint(tp_sim_link_connects(f->link->sim), ==, 0);
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_DISCONNECTED);
}

static void test_connect(Fixture *f, gconstpointer data)
{
	g_assert_cmpint(tp_massager_connect(f->m), ==, 0);
	g_assert_cmpuint(tp_sim_link_connects(f->link->sim), ==, 1);
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_CONNECTING);
	g_assert_false(tp_massager_connected(f->m));
	g_assert_cmpuint(f->events->len, ==, 1);
	g_assert_cmpint(event_at(f, 0)->type, ==, TP_MASSAGER_EVENT_CHANGED);
	g_assert_cmpuint(event_at(f, 0)->changes, ==,
			 TP_MASSAGER_CHANGED_STATE);
	g_assert_cmpint(event_at(f, 0)->state, ==, TP_MASSAGER_CONNECTING);
	/* Still connecting: nothing written yet, nor accepted. */
	g_assert_cmpuint(n_frames(f), ==, 0);
	g_assert_cmpint(tp_massager_set_intensity(f->m, 50), ==, -ENOTCONN);
	/* Connecting again does not ask the link twice. */
	g_assert_cmpint(tp_massager_connect(f->m), ==, 0);
	g_assert_cmpuint(tp_sim_link_connects(f->link->sim), ==, 1);

	wait_connected(f);
	/* The first frame is the stop, alone in flight. */
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_STOPPING);
	g_assert_true(tp_massager_connected(f->m));
	g_assert_cmpuint(n_frames(f), ==, 1);
	g_assert_cmpuint(n_pending(f), ==, 1);
	assert_stop(f, 0);
	g_assert_cmpuint(f->events->len, ==, 2);
	g_assert_cmpint(event_at(f, 1)->type, ==, TP_MASSAGER_EVENT_CHANGED);
	g_assert_cmpuint(event_at(f, 1)->changes & TP_MASSAGER_CHANGED_STATE,
			 !=, 0);
	g_assert_cmpint(event_at(f, 1)->state, ==, TP_MASSAGER_STOPPING);
	g_assert_cmpuint(tp_massager_intensity(f->m), ==, 0);

	/* The version request follows the stop once it is done. */
	fake_link_complete(f->link, 0);
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_READY);
	g_assert_true(tp_massager_connected(f->m));
	g_assert_cmpuint(n_frames(f), ==, 2);
	assert_version_request(f, 1);
	g_assert_cmpuint(count_events(f, TP_MASSAGER_EVENT_CHANGED,
				      TP_MASSAGER_CHANGED_STATE),
			 ==, 3);
	g_assert_cmpint(event_at(f, 2)->state, ==, TP_MASSAGER_READY);
	g_assert_false(tp_massager_idle(f->m));
	g_assert_cmpuint(count_events(f, TP_MASSAGER_EVENT_IDLE, 0), ==, 0);

	/* And then the queue is empty. */
	fake_link_complete(f->link, 0);
	settle();
	g_assert_cmpuint(n_frames(f), ==, 2);
	g_assert_cmpuint(n_pending(f), ==, 0);
	g_assert_true(tp_massager_idle(f->m));
	g_assert_cmpuint(count_events(f, TP_MASSAGER_EVENT_IDLE, 0), ==, 1);
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_READY);
	g_assert_cmpuint(tp_massager_speed(f->m), ==, 0);
	g_assert_cmpuint(tp_sim_link_max_in_flight(f->link->sim), ==, 1);

	/* Connecting while connected is a no-op. */
	g_assert_cmpint(tp_massager_connect(f->m), ==, 0);
	settle();
	g_assert_cmpuint(tp_sim_link_connects(f->link->sim), ==, 1);
	g_assert_cmpuint(n_frames(f), ==, 2);
}

static void test_connect_intensity_early(Fixture *f, gconstpointer data)
{
	/* An intensity asked for while the opening stop is in flight goes
	 * out right after it, ahead of the version request. */
	tp_sim_link_hold_connect(f->link->sim, true);
	g_assert_cmpint(tp_massager_connect(f->m), ==, 0);
	settle();
	g_assert_cmpuint(n_frames(f), ==, 0);
	tp_sim_link_finish_connect(f->link->sim);
	assert_stop(f, 0);
	g_assert_cmpint(tp_massager_set_intensity(f->m, 100), ==, 0);
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_RUNNING);
	g_assert_cmpuint(n_frames(f), ==, 1);
	fake_link_complete(f->link, 0);
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_RUNNING);
	assert_speed(f, 1, 2400);
	fake_link_complete(f->link, 0);
	assert_version_request(f, 2);
	fake_link_complete(f->link, 0);
	assert_status_request(f, 3);
	fake_link_complete(f->link, 0);
	settle();
	g_assert_cmpuint(n_frames(f), ==, 4);
	g_assert_cmpuint(tp_sim_link_max_in_flight(f->link->sim), ==, 1);
}

static void test_coalesce(Fixture *f, gconstpointer data)
{
	unsigned first, last = 0;

	connect_ready(f);
	first = n_frames(f);

	/* One speed write in flight... */
	g_assert_cmpint(tp_massager_set_intensity(f->m, 1), ==, 0);
	g_assert_cmpuint(n_frames(f), ==, first + 1);
	assert_speed(f, first, 1750);
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_RUNNING);

	/* ... and a thousand more updates, increasing, while it is. */
	for (unsigned i = 0; i < 1000; i++) {
		last = 1 + i * 99 / 999;
		g_assert_cmpint(tp_massager_set_intensity(f->m, last), ==, 0);
		g_assert_cmpuint(n_pending(f), ==, 1);
		g_assert_cmpuint(n_frames(f), ==, first + 1);
		g_assert_cmpuint(tp_massager_intensity(f->m), ==, last);
	}
	g_assert_cmpuint(last, ==, 100);

	/* The latest wins, then the status request follows. */
	fake_link_complete(f->link, 0);
	g_assert_cmpuint(n_frames(f), ==, first + 2);
	assert_speed(f, first + 1, tp_model_speed_for(&f->model, last));
	assert_speed(f, first + 1, 2400);
	fake_link_complete(f->link, 0);
	g_assert_cmpuint(n_frames(f), ==, first + 3);
	assert_status_request(f, first + 2);
	fake_link_complete(f->link, 0);
	settle();
	g_assert_cmpuint(n_pending(f), ==, 0);
	g_assert_cmpuint(n_frames(f), ==, first + 3);
	g_assert_cmpuint(tp_sim_link_max_in_flight(f->link->sim), ==, 1);
	g_assert_true(tp_massager_idle(f->m));
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_RUNNING);
	g_assert_cmpuint(tp_massager_intensity(f->m), ==, 100);
}

static void test_coalesce_latest(Fixture *f, gconstpointer data)
{
	unsigned first;

	connect_ready(f);
	first = n_frames(f);

	/* The latest value wins, not the largest. */
	g_assert_cmpint(tp_massager_set_intensity(f->m, 20), ==, 0);
	g_assert_cmpint(tp_massager_set_intensity(f->m, 90), ==, 0);
	g_assert_cmpint(tp_massager_set_intensity(f->m, 80), ==, 0);
	g_assert_cmpint(tp_massager_set_intensity(f->m, 30), ==, 0);
	g_assert_cmpuint(n_frames(f), ==, first + 1);
	assert_speed(f, first, tp_model_speed_for(&f->model, 20));
	fake_link_complete(f->link, 0);
	assert_speed(f, first + 1, tp_model_speed_for(&f->model, 30));

	/* The same intensity again while it runs writes nothing. */
	fake_link_complete(f->link, 0);
	assert_status_request(f, first + 2);
	fake_link_complete(f->link, 0);
	g_assert_cmpint(tp_massager_set_intensity(f->m, 30), ==, 0);
	settle();
	g_assert_cmpuint(n_frames(f), ==, first + 3);
	g_assert_cmpuint(n_pending(f), ==, 0);
}

static void test_stop_ahead(Fixture *f, gconstpointer data)
{
	unsigned first;

	connect_ready(f);
	first = n_frames(f);

	/* A speed write in flight and another intensity pending. */
	g_assert_cmpint(tp_massager_set_intensity(f->m, 50), ==, 0);
	g_assert_cmpint(tp_massager_set_intensity(f->m, 80), ==, 0);
	g_assert_cmpuint(n_frames(f), ==, first + 1);
	assert_speed(f, first, tp_model_speed_for(&f->model, 50));
	clear_events(f);

	tp_massager_stop(f->m);
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_STOPPING);
	g_assert_cmpuint(tp_massager_intensity(f->m), ==, 0);
	g_assert_cmpuint(count_events(f, TP_MASSAGER_EVENT_CHANGED,
				      TP_MASSAGER_CHANGED_STATE |
					  TP_MASSAGER_CHANGED_INTENSITY),
			 ==, 1);
	/* Still one write in flight: the stop waits for it... */
	g_assert_cmpuint(n_frames(f), ==, first + 1);
	g_assert_cmpuint(n_pending(f), ==, 1);

	/* ... and then goes next; the pending intensity is gone. */
	fake_link_complete(f->link, 0);
	g_assert_cmpuint(n_frames(f), ==, first + 2);
	assert_stop(f, first + 1);
	fake_link_complete(f->link, 0);
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_READY);
	g_assert_cmpuint(tp_massager_speed(f->m), ==, 0);
	g_assert_cmpuint(tp_massager_intensity(f->m), ==, 0);
	/* Drain whatever may follow, then check that no speed frame for 80
	 * was ever written. */
	for (unsigned i = 0; i < 4 && n_pending(f); i++)
		fake_link_complete(f->link, 0);
	settle();
	for (unsigned i = first + 1; i < n_frames(f); i++) {
		const FakeFrame *fr = frame_at(f, i);
		g_assert_false(fr->len >= 3 && fr->data[2] == 0x01 &&
			       (fr->data[4] || fr->data[5]));
	}
	g_assert_cmpuint(tp_sim_link_max_in_flight(f->link->sim), ==, 1);
}

static void test_stop_is_last(Fixture *f, gconstpointer data)
{
	unsigned first;

	connect_ready(f);
	run_at(f, 70);
	first = n_frames(f);

	tp_massager_stop(f->m);
	g_assert_cmpuint(n_frames(f), ==, first + 1);
	assert_stop(f, first);
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_STOPPING);
	fake_link_complete(f->link, 0);
	settle();
	/* Nothing follows a stop unasked. */
	g_assert_cmpuint(n_frames(f), ==, first + 1);
	g_assert_cmpuint(n_pending(f), ==, 0);
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_READY);
	g_assert_cmpuint(tp_massager_speed(f->m), ==, 0);
	g_assert_cmpuint(tp_massager_intensity(f->m), ==, 0);
	g_assert_true(tp_massager_idle(f->m));
	g_assert_cmpuint(count_events(f, TP_MASSAGER_EVENT_IDLE, 0), ==, 1);
	/* The last event before idle reported the state as ready. */
	g_assert_cmpint(event_at(f, f->events->len - 1)->type, ==,
			TP_MASSAGER_EVENT_IDLE);
	g_assert_cmpuint(count_events(f, TP_MASSAGER_EVENT_CHANGED,
				      TP_MASSAGER_CHANGED_STATE),
			 ==, 2); /* stopping, ready */
}

static void test_stop_is_last_race(Fixture *f, gconstpointer data)
{
	unsigned first;

	connect_ready(f);
	first = n_frames(f);

	/* Stop while a speed write is still in flight. */
	g_assert_cmpint(tp_massager_set_intensity(f->m, 60), ==, 0);
	tp_massager_stop(f->m);
	fake_link_complete(f->link, 0); /* the speed write */
	g_assert_cmpuint(n_frames(f), ==, first + 2);
	assert_stop(f, first + 1);
	fake_link_complete(f->link, 0); /* the stop */
	settle();
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_READY);
	/* The stop is the device's last frame: the status request the speed
	 * write would have asked for does not go out after it. */
	g_assert_cmpuint(n_frames(f), ==, first + 2);
	g_assert_cmpuint(n_pending(f), ==, 0);
	g_assert_true(tp_massager_idle(f->m));
}

static void test_stop_is_last_queued_status(Fixture *f, gconstpointer data)
{
	unsigned first;

	connect_ready(f);
	first = n_frames(f);

	/* A speed write completes with a newer intensity pending: the
	 * newer speed goes and a status request waits behind it. A stop
	 * now drops that status request too. */
	g_assert_cmpint(tp_massager_set_intensity(f->m, 30), ==, 0);
	g_assert_cmpint(tp_massager_set_intensity(f->m, 40), ==, 0);
	fake_link_complete(f->link, 0);
	assert_speed(f, first + 1, tp_model_speed_for(&f->model, 40));
	tp_massager_stop(f->m);
	fake_link_complete(f->link, 0);
	g_assert_cmpuint(n_frames(f), ==, first + 3);
	assert_stop(f, first + 2);
	fake_link_complete(f->link, 0);
	settle();
	g_assert_cmpuint(n_frames(f), ==, first + 3);
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_READY);
}

static void test_intensity_zero(Fixture *f, gconstpointer data)
{
	unsigned first;

	connect_ready(f);
	run_at(f, 60);
	first = n_frames(f);

	g_assert_cmpint(tp_massager_set_intensity(f->m, 0), ==, 0);
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_STOPPING);
	g_assert_cmpuint(tp_massager_intensity(f->m), ==, 0);
	g_assert_cmpuint(n_frames(f), ==, first + 1);
	assert_stop(f, first);
	fake_link_complete(f->link, 0);
	settle();
	g_assert_cmpuint(n_frames(f), ==, first + 1);
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_READY);

	/* Zero when ready still writes a stop: always safe. */
	g_assert_cmpint(tp_massager_set_intensity(f->m, 0), ==, 0);
	g_assert_cmpuint(n_frames(f), ==, first + 2);
	assert_stop(f, first + 1);
	fake_link_complete(f->link, 0);
	settle();
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_READY);
	g_assert_cmpuint(n_frames(f), ==, first + 2);
}

static void test_cap(Fixture *f, gconstpointer data)
{
	unsigned first;

	g_assert_cmpuint(tp_massager_cap(f->m), ==, 40);
	connect_ready(f);
	first = n_frames(f);

	g_assert_cmpint(tp_massager_set_intensity(f->m, 100), ==, 0);
	g_assert_cmpuint(tp_massager_intensity(f->m), ==, 40);
	assert_speed(f, first, tp_model_speed_for(&f->model, 40));
	assert_speed(f, first, 2006);
	g_assert_cmpuint(count_events(f, TP_MASSAGER_EVENT_CHANGED,
				      TP_MASSAGER_CHANGED_INTENSITY),
			 ==, 1);
	fake_link_complete(f->link, 0);
	assert_status_request(f, first + 1);
	fake_link_complete(f->link, 0);

	/* Anything at or above the cap is the cap: nothing new to write. */
	g_assert_cmpint(tp_massager_set_intensity(f->m, 41), ==, 0);
	settle();
	g_assert_cmpuint(n_frames(f), ==, first + 2);
	/* Below it, as asked. */
	g_assert_cmpint(tp_massager_set_intensity(f->m, 39), ==, 0);
	g_assert_cmpuint(tp_massager_intensity(f->m), ==, 39);
	assert_speed(f, first + 2, tp_model_speed_for(&f->model, 39));
}

static void test_cap_model(void)
{
	TpModel model;
	bool freed = false;
	FakeLink *fl = fake_link_new(&freed);
	TpMassager *m;

	/* The model's own maximum applies when it is below the user's. */
	fixture_init_model(&model, 30);
	m = tp_massager_new(ADDRESS, "Test Gun", &model, fl->sim, 80);
	g_assert_cmpuint(tp_massager_cap(m), ==, 30);
	tp_sim_link_hold_connect(fl->sim, true);
	g_assert_cmpint(tp_massager_connect(m), ==, 0);
	tp_sim_link_finish_connect(fl->sim);
	fake_link_complete(fl, 0); /* stop */
	fake_link_complete(fl, 0); /* version */
	g_assert_cmpint(tp_massager_set_intensity(m, 100), ==, 0);
	g_assert_cmpuint(tp_massager_intensity(m), ==, 30);
	{
		const FakeFrame *fr =
		    &g_array_index(fl->frames, FakeFrame, fl->frames->len - 1);
		uint8_t expect[7];

		speed_frame(tp_model_speed_for(&model, 30), expect);
		g_assert_cmpmem(fr->data, fr->len, expect, sizeof(expect));
	}
	tp_massager_free(m);
	g_assert_true(freed);
	settle();
}

static void test_status_notification(Fixture *f, gconstpointer data)
{
	uint8_t note[15], bad[15];
	unsigned frames;

	connect_ready(f);
	run_at(f, 70);
	frames = n_frames(f);

	status_note(2200, note);
	fake_link_notify(f->link, note, sizeof(note));
	g_assert_cmpuint(tp_massager_speed(f->m), ==, 2200);
	g_assert_cmpuint(f->events->len, ==, 1);
	g_assert_cmpint(event_at(f, 0)->type, ==, TP_MASSAGER_EVENT_CHANGED);
	g_assert_cmpuint(event_at(f, 0)->changes, ==,
			 TP_MASSAGER_CHANGED_SPEED);
	/* The same again changes nothing. */
	fake_link_notify(f->link, note, sizeof(note));
	g_assert_cmpuint(f->events->len, ==, 1);
	/* Notifications are only heard, never answered. */
	g_assert_cmpuint(n_frames(f), ==, frames);
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_RUNNING);
	g_assert_cmpuint(tp_massager_intensity(f->m), ==, 70);

	/* A bad checksum. */
	status_note(1800, bad);
	bad[1] ^= 0x01;
	fake_link_notify(f->link, bad, sizeof(bad));
	assert_warned("*ignoring notification*bad checksum*");
	/* The wrong lead byte (a frame to the device, echoed). */
	status_note(1800, bad);
	bad[0] = 0xAA;
	fake_link_notify(f->link, bad, sizeof(bad));
	assert_warned("*ignoring notification*0xBB*");
	/* Too short for a status. */
	status_note(1800, bad);
	bad[1] = checksum(bad, 10);
	fake_link_notify(f->link, bad, 10);
	assert_warned("*ignoring notification*too short*");
	/* An unknown type. */
	status_note(1800, bad);
	bad[2] = 0x42;
	bad[1] = checksum(bad, sizeof(bad));
	fake_link_notify(f->link, bad, sizeof(bad));
	assert_warned("*ignoring notification*unknown*");
	/* Nothing at all. */
	fake_link_notify(f->link, bad, 0);
	assert_warned("*ignoring notification*");

	settle();
	g_assert_cmpuint(tp_massager_speed(f->m), ==, 2200);
	g_assert_null(tp_massager_firmware(f->m));
	g_assert_cmpuint(f->events->len, ==, 1);
	g_assert_cmpuint(n_frames(f), ==, frames);
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_RUNNING);

	/* A stopped motor reports speed 0. */
	status_note(0, note);
	fake_link_notify(f->link, note, sizeof(note));
	g_assert_cmpuint(tp_massager_speed(f->m), ==, 0);
	g_assert_cmpuint(count_events(f, TP_MASSAGER_EVENT_CHANGED,
				      TP_MASSAGER_CHANGED_SPEED),
			 ==, 2);
}

static void test_version_notification(Fixture *f, gconstpointer data)
{
	uint8_t note[14];

	connect_ready(f);
	g_assert_null(tp_massager_firmware(f->m));

	version_note(216, note);
	g_assert_cmpuint(note[12], ==, 0);
	g_assert_cmpuint(note[13], ==, 216);
	fake_link_notify(f->link, note, sizeof(note));
	g_assert_cmpstr(tp_massager_firmware(f->m), ==, "2.1.6");
	g_assert_cmpuint(f->events->len, ==, 1);
	g_assert_cmpint(event_at(f, 0)->type, ==, TP_MASSAGER_EVENT_CHANGED);
	g_assert_cmpuint(event_at(f, 0)->changes, ==,
			 TP_MASSAGER_CHANGED_FIRMWARE);
	g_assert_cmpuint(tp_massager_speed(f->m), ==, 0);

	/* The same version again is no change. */
	fake_link_notify(f->link, note, sizeof(note));
	g_assert_cmpuint(f->events->len, ==, 1);

	/* A newer one is. */
	version_note(300, note);
	fake_link_notify(f->link, note, sizeof(note));
	g_assert_cmpstr(tp_massager_firmware(f->m), ==, "3.0.0");
	g_assert_cmpuint(f->events->len, ==, 2);
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_READY);
}

typedef struct {
	unsigned calls;
	bool remove_self;
	void *remove_other;	    /* a Listener* */
	const char *release_inside; /* a claim to release, emitting again */
} Listener;

static void listener_fn(TpMassager *m, const TpMassagerEvent *ev,
			void *user_data)
{
	Listener *l = user_data;
	const char *tag = l->release_inside;

	l->calls++;
	if (l->remove_self)
		tp_massager_remove_listener(m, listener_fn, l);
	if (l->remove_other)
		tp_massager_remove_listener(m, listener_fn, l->remove_other);
	if (tag) {
		/* A nested emission, after this listener is gone. */
		l->release_inside = NULL;
		tp_massager_release(m, tag);
	}
}

static void test_listeners(Fixture *f, gconstpointer data)
{
	Listener a = { .remove_self = true };
	Listener b = { 0 };
	Listener c = { 0 };
	Listener d = { .remove_self = true, .release_inside = "two" };

	/* a removes itself, b removes c before c's turn. */
	b.remove_other = &c;
	tp_massager_add_listener(f->m, listener_fn, &a);
	tp_massager_add_listener(f->m, listener_fn, &b);
	tp_massager_add_listener(f->m, listener_fn, &c);
	g_assert_true(tp_massager_claim(f->m, "one"));
	g_assert_cmpuint(a.calls, ==, 1);
	g_assert_cmpuint(b.calls, ==, 1);
	g_assert_cmpuint(c.calls, ==, 0);
	tp_massager_release(f->m, "one");
	g_assert_cmpuint(a.calls, ==, 1);
	g_assert_cmpuint(b.calls, ==, 2);
	g_assert_cmpuint(c.calls, ==, 0);
	g_assert_cmpuint(f->events->len, ==, 2);

	/* d removes itself and emits again from inside its callback: the
	 * nested emission skips d, the others hear both. */
	b.remove_other = NULL;
	tp_massager_add_listener(f->m, listener_fn, &d);
	g_assert_true(tp_massager_claim(f->m, "two"));
	g_assert_cmpuint(d.calls, ==, 1);
	g_assert_cmpuint(b.calls, ==, 4);
	g_assert_cmpuint(f->events->len, ==, 4);
	g_assert_null(tp_massager_claim_tag(f->m));
	g_assert_true(tp_massager_claim(f->m, "three"));
	g_assert_cmpuint(d.calls, ==, 1);
	g_assert_cmpuint(b.calls, ==, 5);
	g_assert_cmpuint(f->events->len, ==, 5);

	/* Removed outside an emission; removing twice, or a listener that
	 * is not there, is harmless. */
	tp_massager_remove_listener(f->m, listener_fn, &b);
	tp_massager_remove_listener(f->m, listener_fn, &b);
	tp_massager_remove_listener(f->m, listener_fn, &a);
	tp_massager_release(f->m, "three");
	g_assert_cmpuint(b.calls, ==, 5);
	g_assert_cmpuint(a.calls + c.calls + d.calls, ==, 2);
	g_assert_cmpuint(f->events->len, ==, 6);
}

static void test_claim(Fixture *f, gconstpointer data)
{
	g_assert_null(tp_massager_claim_tag(f->m));
	g_assert_true(tp_massager_claim(f->m, "/session/1"));
	g_assert_cmpstr(tp_massager_claim_tag(f->m), ==, "/session/1");
	g_assert_cmpuint(count_events(f, TP_MASSAGER_EVENT_CHANGED,
				      TP_MASSAGER_CHANGED_CLAIM),
			 ==, 1);

	/* Held: a second claim fails, whoever asks. */
	g_assert_false(tp_massager_claim(f->m, "/session/2"));
	g_assert_false(tp_massager_claim(f->m, "/session/1"));
	g_assert_cmpstr(tp_massager_claim_tag(f->m), ==, "/session/1");
	/* Only the holder releases it. */
	tp_massager_release(f->m, "/session/2");
	g_assert_cmpstr(tp_massager_claim_tag(f->m), ==, "/session/1");
	g_assert_cmpuint(count_events(f, TP_MASSAGER_EVENT_CHANGED,
				      TP_MASSAGER_CHANGED_CLAIM),
			 ==, 1);

	tp_massager_release(f->m, "/session/1");
	g_assert_null(tp_massager_claim_tag(f->m));
	g_assert_cmpuint(count_events(f, TP_MASSAGER_EVENT_CHANGED,
				      TP_MASSAGER_CHANGED_CLAIM),
			 ==, 2);
	g_assert_true(tp_massager_claim(f->m, "/session/2"));
	g_assert_cmpstr(tp_massager_claim_tag(f->m), ==, "/session/2");

	/* A claim outlives the connection; it is the session's to end. */
	connect_ready(f);
	g_assert_cmpstr(tp_massager_claim_tag(f->m), ==, "/session/2");
	g_assert_false(tp_massager_claim(f->m, "/session/3"));
	/* Claims do not touch the motor. */
	g_assert_cmpuint(n_frames(f), ==, 2);
}

static void test_reconnect(Fixture *f, gconstpointer data)
{
	unsigned first;

	connect_ready(f);
	run_at(f, 90);
	tp_massager_disconnect(f->m);
	fake_link_complete(f->link, 0);
	settle();
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_DISCONNECTED);
	first = n_frames(f);

	/* A new connection starts from a stop, then the version request. */
	g_assert_cmpint(tp_massager_connect(f->m), ==, 0);
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_CONNECTING);
	g_assert_cmpuint(n_frames(f), ==, first);
	wait_connected(f);
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_STOPPING);
	g_assert_cmpuint(n_frames(f), ==, first + 1);
	assert_stop(f, first);
	fake_link_complete(f->link, 0);
	assert_version_request(f, first + 1);
	fake_link_complete(f->link, 0);
	settle();
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_READY);
	g_assert_cmpuint(n_frames(f), ==, first + 2);

	/* And it runs as before. */
	run_at(f, 10);
}

static void test_reconnect_after_loss(Fixture *f, gconstpointer data)
{
	unsigned first;

	connect_ready(f);
	run_at(f, 90);
	tp_sim_link_drop(f->link->sim, -ECONNRESET);
	assert_warned("*connection lost*");
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_DISCONNECTED);
	first = n_frames(f);

	/* The motor may still be running from before: stop first. */
	g_assert_cmpint(tp_massager_connect(f->m), ==, 0);
	wait_connected(f);
	g_assert_cmpuint(n_frames(f), ==, first + 1);
	assert_stop(f, first);
	g_assert_cmpuint(tp_massager_intensity(f->m), ==, 0);
	fake_link_complete(f->link, 0);
	assert_version_request(f, first + 1);
	fake_link_complete(f->link, 0);
	settle();
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_READY);
}

static void test_state_names(void)
{
	g_assert_cmpstr(tp_massager_state_name(TP_MASSAGER_DISCONNECTED), !=,
			tp_massager_state_name(TP_MASSAGER_CONNECTING));
	for (int s = TP_MASSAGER_DISCONNECTED; s <= TP_MASSAGER_ERROR; s++) {
		const char *name = tp_massager_state_name(s);
		g_assert_nonnull(name);
		g_assert_cmpstr(name, !=, "");
		for (int t = s + 1; t <= TP_MASSAGER_ERROR; t++)
			g_assert_cmpstr(name, !=, tp_massager_state_name(t));
	}
}

int main(int argc, char **argv)
{
	int ret;

	g_test_init(&argc, &argv, NULL);
	warnings_capture_start();

	ADD("/massager/helpers", test_helpers);
	ADD("/massager/initial", test_initial);
	ADD("/massager/connect", test_connect);
	ADD("/massager/connect/intensity-early", test_connect_intensity_early);
	ADD("/massager/coalesce", test_coalesce);
	ADD("/massager/coalesce/latest-wins", test_coalesce_latest);
	ADD("/massager/stop/ahead", test_stop_ahead);
	ADD("/massager/stop/is-last", test_stop_is_last);
	ADD("/massager/stop/is-last-race", test_stop_is_last_race);
	ADD("/massager/stop/is-last-queued-status",
	    test_stop_is_last_queued_status);
	ADD("/massager/stop/intensity-zero", test_intensity_zero);
	g_test_add("/massager/cap/user", Fixture, GUINT_TO_POINTER(40),
		   fixture_setup, test_cap, fixture_teardown);
	g_test_add_func("/massager/cap/model", test_cap_model);
	ADD("/massager/notification/status", test_status_notification);
	ADD("/massager/notification/version", test_version_notification);
	ADD("/massager/listeners", test_listeners);
	ADD("/massager/claim", test_claim);
	ADD("/massager/reconnect", test_reconnect);
	ADD("/massager/reconnect/after-loss", test_reconnect_after_loss);
	g_test_add_func("/massager/state-names", test_state_names);

	ret = g_test_run();
	warnings_capture_end();
	return ret;
}
