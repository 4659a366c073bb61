/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What model files v2 ask of the massager (tpd-model(5)): Init= frames
 * after every connect and before the first stop, with their waits and
 * their own characteristic and write type; Start=, written before the
 * first level after a stop; and Keepalive=, which resends
 * the level in force while the motor runs and never once a stop was asked,
 * even when the resend is due at the moment the stop comes.
 *
 * The model is a model file, parsed as tpd parses it; expected bytes are
 * written out by hand.
 */
#include <errno.h>
#include <glib.h>
#include <string.h>

#include "common/datafile.h"
#include "device/massager.h"
#include "device/model.h"
#include "fake-link.h"

#define KEEPALIVE_MS 50

/* Two init frames, the first followed by a wait, to their own
 * characteristic (channel 1) with response; levels and the stop to Write
 * (channel 0) without. */
static const char model_text[] = "[Model]\n"
				 "Name=Init wand\n"
				 "Kind=wand\n"
				 "Protocol=frame\n"
				 "Levels=1..10\n"
				 "Experimental=true\n"
				 "Sources=this test\n"
				 "[Match]\n"
				 "Names=Init*\n"
				 "Services=fff0\n"
				 "[GATT]\n"
				 "Service=fff0\n"
				 "Write=fff2\n"
				 "InitCharacteristic=fff3\n"
				 "[Frame]\n"
				 "Frame=02 {level}\n"
				 "Stop=02 00\n"
				 "Write=command\n"
				 "Init=04 01 wait=%u; 05\n"
				 "InitWrite=request\n"
				 "Keepalive=%u\n";

static const uint8_t init1[] = { 0x04, 0x01 };
static const uint8_t init2[] = { 0x05 };
static const uint8_t stop[] = { 0x02, 0x00 };

typedef struct {
	Fixture f;
	TpModel *model;
} InitFixture;

/* A device that must be told to start before its first level after a
 * stop (Merach's gun: start, then a gear; PROTOCOLS.md §7.3). */
static const char start_text[] = "[Model]\n"
				 "Name=Start wand\n"
				 "Kind=wand\n"
				 "Protocol=frame\n"
				 "Levels=1..10\n"
				 "Experimental=true\n"
				 "Sources=this test\n"
				 "[Match]\n"
				 "Names=Start*\n"
				 "Services=fff0\n"
				 "[GATT]\n"
				 "Service=fff0\n"
				 "Write=fff2\n"
				 "[Frame]\n"
				 "Frame=02 {level}\n"
				 "Stop=02 00\n"
				 "Start=06 01\n"
				 "Write=command\n";

static const uint8_t start[] = { 0x06, 0x01 };

static TpModel *parse_text(const char *text)
{
	g_autoptr(GPtrArray) problems = tp_problems_new();
	g_autoptr(TpDataFile) file =
	    tp_data_file_load_data("init.model", text, strlen(text), problems);
	TpModel *model = file ? tp_model_parse(file, "init", problems) : NULL;

	for (guint i = 0; i < problems->len; i++)
		g_test_message("%s", (char *)problems->pdata[i]);
	g_assert_nonnull(model);
	return model;
}

static TpModel *load_model(unsigned wait_ms, unsigned keepalive_ms)
{
	g_autofree char *text =
	    g_strdup_printf(model_text, wait_ms, keepalive_ms);

	return parse_text(text);
}

static void setup_model(InitFixture *fx, TpModel *model)
{
	Fixture *f = &fx->f;

	fx->model = model;
	f->link = fake_link_new(&f->link_freed);
	f->m =
	    tp_massager_new(ADDRESS, "Init wand", fx->model, f->link->sim, 100);
	tp_massager_set_reconnect_delays(f->m, 10, 10);
	f->events = g_array_new(FALSE, TRUE, sizeof(Event));
}

/* A short wait: the keep-alive tests. */
static void setup(InitFixture *fx, gconstpointer data)
{
	setup_model(fx, load_model(0, KEEPALIVE_MS));
}

/* A wait long enough to see that nothing is written during it. */
static void setup_waiting(InitFixture *fx, gconstpointer data)
{
	setup_model(fx, load_model(1000, 60000));
}

static void setup_start(InitFixture *fx, gconstpointer data)
{
	setup_model(fx, parse_text(start_text));
}

static void teardown(InitFixture *fx, gconstpointer data)
{
	fixture_teardown(&fx->f, data);
	tp_model_free(fx->model);
}

static void assert_frame(Fixture *f, unsigned i, const uint8_t *data,
			 size_t len, TpWriteType type, unsigned channel)
{
	const FakeFrame *fr = frame_at(f, i);

	g_assert_cmpmem(fr->data, fr->len, data, len);
	g_assert_cmpint(fr->type, ==, type);
	g_assert_cmpuint(fr->channel, ==, channel);
}

#define ASSERT_FRAME(f, i, bytes, type, channel) \
	assert_frame(f, i, bytes, sizeof(bytes), type, channel)

static void assert_level(Fixture *f, unsigned i, uint8_t level)
{
	const uint8_t frame[] = { 0x02, level };

	ASSERT_FRAME(f, i, frame, TP_WRITE_COMMAND, 0);
}

/* Complete the write in flight (frame @i) and let what follows happen. */
static void complete(Fixture *f, unsigned i)
{
	wait_frames(f, i + 1);
	g_assert_cmpuint(n_pending(f), ==, 1);
	fake_link_complete(f->link, 0);
	settle();
}

/* Run the main loop for @ms, whatever happens: to show that nothing is
 * written in that time. */
static void run_for(unsigned ms)
{
	g_autoptr(GMainLoop) loop = g_main_loop_new(NULL, FALSE);

	g_timeout_add_once(ms, (GSourceOnceFunc)g_main_loop_quit, loop);
	g_main_loop_run(loop);
}

/* Connect and let init, stop and nothing else through: ready. */
static void connect_through_init(Fixture *f)
{
	g_assert_cmpint(tp_massager_connect(f->m), ==, 0);
	wait_connected(f);
	complete(f, 0);
	complete(f, 1);
	complete(f, 2);
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_READY);
	g_assert_cmpuint(n_frames(f), ==, 3);
}

/* ---- init frames ------------------------------------------------------- */

static void test_init_before_stop(InitFixture *fx, gconstpointer data)
{
	Fixture *f = &fx->f;

	g_assert_cmpint(tp_massager_connect(f->m), ==, 0);
	wait_connected(f);
	/* The first frame after connecting is the first init frame, to the
	 * init characteristic, with response. */
	ASSERT_FRAME(f, 0, init1, TP_WRITE_REQUEST, 1);
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_STOPPING);
	/* A level asked for meanwhile waits behind init and the stop. */
	g_assert_cmpint(tp_massager_set_intensity(f->m, 100), ==, 0);
	fake_link_complete(f->link, 0);
	settle();
	/* Its wait=1000 holds the queue: nothing more yet, and not idle. */
	g_assert_cmpuint(n_frames(f), ==, 1);
	g_assert_false(tp_massager_idle(f->m));
	wait_frames(f, 2);
	ASSERT_FRAME(f, 1, init2, TP_WRITE_REQUEST, 1);
	complete(f, 1);
	/* Then the stop, then the level: each kind to its characteristic. */
	ASSERT_FRAME(f, 2, stop, TP_WRITE_COMMAND, 0);
	complete(f, 2);
	assert_level(f, 3, 10);
	complete(f, 3);
	g_assert_cmpuint(n_frames(f), ==, 4);
	g_assert_true(tp_massager_idle(f->m));
}

static void test_init_after_every_connect(InitFixture *fx, gconstpointer data)
{
	Fixture *f = &fx->f;

	connect_through_init(f);
	tp_massager_set_auto_reconnect(f->m, true);
	tp_sim_link_drop(f->link->sim, -ECONNRESET);
	assert_warned("*connection lost*");
	wait_frames(f, 4);
	ASSERT_FRAME(f, 3, init1, TP_WRITE_REQUEST, 1);
	complete(f, 3);
	complete(f, 4);
	ASSERT_FRAME(f, 4, init2, TP_WRITE_REQUEST, 1);
	ASSERT_FRAME(f, 5, stop, TP_WRITE_COMMAND, 0);
}

/* A device that refuses an init frame cannot be driven: it gets the stop
 * all the same, and then tpd lets it go. */
static void test_init_refused(InitFixture *fx, gconstpointer data)
{
	Fixture *f = &fx->f;

	g_assert_cmpint(tp_massager_connect(f->m), ==, 0);
	wait_connected(f);
	wait_frames(f, 1);
	fake_link_complete(f->link, -EIO);
	settle();
	assert_warned("*init frame 1 failed*not driving it*");
	g_assert_cmpint(tp_massager_set_intensity(f->m, 50), ==, -ENOTCONN);
	ASSERT_FRAME(f, 1, stop, TP_WRITE_COMMAND, 0);
	complete(f, 1);
	g_assert_cmpuint(n_frames(f), ==, 2);
	g_assert_false(tp_sim_link_connected(f->link->sim));
	g_assert_false(tp_massager_stop_owed(f->m));
}

/* ---- keep-alive -------------------------------------------------------- */

/* Running at 50 % (level 5): the level is written again every period,
 * on the level's characteristic, until the stop; nothing after it. */
static void test_keepalive_until_stop(InitFixture *fx, gconstpointer data)
{
	Fixture *f = &fx->f;

	connect_through_init(f);
	g_assert_cmpint(tp_massager_set_intensity(f->m, 50), ==, 0);
	complete(f, 3);
	assert_level(f, 3, 5);
	g_assert_true(tp_massager_idle(f->m));
	/* Resent, twice, by itself. */
	complete(f, 4);
	complete(f, 5);
	assert_level(f, 4, 5);
	assert_level(f, 5, 5);
	/* A new level is what is resent from then on. */
	g_assert_cmpint(tp_massager_set_intensity(f->m, 100), ==, 0);
	complete(f, 6);
	assert_level(f, 6, 10);
	complete(f, 7);
	assert_level(f, 7, 10);
	tp_massager_stop(f->m);
	complete(f, 8);
	ASSERT_FRAME(f, 8, stop, TP_WRITE_COMMAND, 0);
	run_for(4 * KEEPALIVE_MS);
	g_assert_cmpuint(n_frames(f), ==, 9);
}

/* The resend is due, its timer not yet dispatched, when the stop comes:
 * the stop wins and nothing follows it. */
static void test_keepalive_due_at_stop(InitFixture *fx, gconstpointer data)
{
	Fixture *f = &fx->f;

	connect_through_init(f);
	g_assert_cmpint(tp_massager_set_intensity(f->m, 30), ==, 0);
	complete(f, 3);
	/* Not a wait for an outcome: this makes the resend overdue, so that
	 * it and the stop are ready in the same main-loop iteration. */
	g_usleep(2 * KEEPALIVE_MS * 1000);
	tp_massager_stop(f->m);
	complete(f, 4);
	ASSERT_FRAME(f, 4, stop, TP_WRITE_COMMAND, 0);
	run_for(4 * KEEPALIVE_MS);
	g_assert_cmpuint(n_frames(f), ==, 5);
}

/* The resend is in flight when the stop comes: the stop follows it, and
 * is the last frame. */
static void test_keepalive_in_flight_at_stop(InitFixture *fx,
					     gconstpointer data)
{
	Fixture *f = &fx->f;

	connect_through_init(f);
	g_assert_cmpint(tp_massager_set_intensity(f->m, 30), ==, 0);
	complete(f, 3);
	wait_frames(f, 5);
	assert_level(f, 4, 4);
	g_assert_cmpuint(n_pending(f), ==, 1);
	tp_massager_stop(f->m);
	complete(f, 4);
	complete(f, 5);
	ASSERT_FRAME(f, 5, stop, TP_WRITE_COMMAND, 0);
	run_for(4 * KEEPALIVE_MS);
	g_assert_cmpuint(n_frames(f), ==, 6);
}

/* A failed resend stops the motor, and no resend follows. */
static void test_keepalive_fails(InitFixture *fx, gconstpointer data)
{
	Fixture *f = &fx->f;

	connect_through_init(f);
	g_assert_cmpint(tp_massager_set_intensity(f->m, 30), ==, 0);
	complete(f, 3);
	wait_frames(f, 5);
	fake_link_complete(f->link, -EIO);
	settle();
	assert_warned("*writing to*failed*");
	complete(f, 5);
	ASSERT_FRAME(f, 5, stop, TP_WRITE_COMMAND, 0);
	run_for(4 * KEEPALIVE_MS);
	g_assert_cmpuint(n_frames(f), ==, 6);
}

/* Lost and back: nothing is resent until a level is asked for again. */
static void test_keepalive_not_after_reconnect(InitFixture *fx,
					       gconstpointer data)
{
	Fixture *f = &fx->f;

	connect_through_init(f);
	tp_massager_set_auto_reconnect(f->m, true);
	g_assert_cmpint(tp_massager_set_intensity(f->m, 30), ==, 0);
	complete(f, 3);
	tp_sim_link_drop(f->link->sim, -ECONNRESET);
	assert_warned("*connection lost*");
	/* Init, init, stop, as after any connect; then nothing. */
	complete(f, 4);
	complete(f, 5);
	complete(f, 6);
	ASSERT_FRAME(f, 6, stop, TP_WRITE_COMMAND, 0);
	run_for(4 * KEEPALIVE_MS);
	g_assert_cmpuint(n_frames(f), ==, 7);
}

/* ---- start frames ------------------------------------------------------ */

static void test_start_before_the_first_level(InitFixture *fx,
					      gconstpointer data)
{
	Fixture *f = &fx->f;

	g_assert_cmpint(tp_massager_connect(f->m), ==, 0);
	wait_connected(f);
	complete(f, 0);
	ASSERT_FRAME(f, 0, stop, TP_WRITE_COMMAND, 0);
	/* From the stop: start, then the level. */
	g_assert_cmpint(tp_massager_set_intensity(f->m, 50), ==, 0);
	complete(f, 1);
	complete(f, 2);
	ASSERT_FRAME(f, 1, start, TP_WRITE_COMMAND, 0);
	assert_level(f, 2, 5);
	/* Running: a new level goes alone. */
	g_assert_cmpint(tp_massager_set_intensity(f->m, 100), ==, 0);
	complete(f, 3);
	assert_level(f, 3, 10);
	/* After a stop, the start comes again. */
	tp_massager_stop(f->m);
	complete(f, 4);
	ASSERT_FRAME(f, 4, stop, TP_WRITE_COMMAND, 0);
	g_assert_cmpint(tp_massager_set_intensity(f->m, 10), ==, 0);
	complete(f, 5);
	complete(f, 6);
	ASSERT_FRAME(f, 5, start, TP_WRITE_COMMAND, 0);
	assert_level(f, 6, 2); /* 10 % of 1..10 */
	g_assert_cmpuint(n_frames(f), ==, 7);
}

/* A stop asked while the start is in flight: the stop follows it, and
 * the level it was for never goes. */
static void test_stop_during_start(InitFixture *fx, gconstpointer data)
{
	Fixture *f = &fx->f;

	g_assert_cmpint(tp_massager_connect(f->m), ==, 0);
	wait_connected(f);
	complete(f, 0);
	g_assert_cmpint(tp_massager_set_intensity(f->m, 50), ==, 0);
	wait_frames(f, 2);
	ASSERT_FRAME(f, 1, start, TP_WRITE_COMMAND, 0);
	tp_massager_stop(f->m);
	complete(f, 1);
	complete(f, 2);
	ASSERT_FRAME(f, 2, stop, TP_WRITE_COMMAND, 0);
	settle();
	g_assert_cmpuint(n_frames(f), ==, 3);
	g_assert_true(tp_massager_idle(f->m));
}

#define ADD_INIT(path, fn, setup_fn) \
	g_test_add(path, InitFixture, NULL, setup_fn, fn, teardown)

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	warnings_capture_start();
	ADD_INIT("/massager/init/before-stop", test_init_before_stop,
		 setup_waiting);
	ADD_INIT("/massager/init/after-every-connect",
		 test_init_after_every_connect, setup);
	ADD_INIT("/massager/init/refused", test_init_refused, setup);
	ADD_INIT("/massager/keepalive/until-stop", test_keepalive_until_stop,
		 setup);
	ADD_INIT("/massager/keepalive/due-at-stop", test_keepalive_due_at_stop,
		 setup);
	ADD_INIT("/massager/keepalive/in-flight-at-stop",
		 test_keepalive_in_flight_at_stop, setup);
	ADD_INIT("/massager/keepalive/fails", test_keepalive_fails, setup);
	ADD_INIT("/massager/keepalive/not-after-reconnect",
		 test_keepalive_not_after_reconnect, setup);
	ADD_INIT("/massager/start/before-the-first-level",
		 test_start_before_the_first_level, setup_start);
	ADD_INIT("/massager/start/stop-during-start", test_stop_during_start,
		 setup_start);
	int ret = g_test_run();
	warnings_capture_end();
	return ret;
}
