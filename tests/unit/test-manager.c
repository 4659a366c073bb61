/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The manager and its sessions against fake links, with the real catalog
 * and a history file: stops before bookkeeping, the shutdown barrier and
 * its wait, and a session that hears the massager refuse.
 */
#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "common/tp-error.h"
#include "fake-link.h"
#include "therapy/manager.h"
#include "tpd/tpd-dbus.h"

#define N_GUNS 2

typedef struct {
	TpCatalog *catalog;
	TpModel model;
	TpManager *mgr;
	TpHistory *history;
	char *dir;
	char *history_path;
	FakeLink *links[N_GUNS];
	TpMassager *guns[N_GUNS];
	bool freed[N_GUNS];
	GPtrArray *finished; /* reasons, in order */
	bool shutdown_done;
} Rig;

static void rig_finished(TpSession *s, const char *reason, void *data)
{
	Rig *r = data;

	g_ptr_array_add(r->finished, g_strdup(reason));
	tp_manager_end_session(r->mgr, s);
}

static const TpSessionListener rig_listener = { .finished = rig_finished };

static void complete_all(Rig *r);

static void rig_setup(Rig *r, gconstpointer data)
{
	g_autoptr(GPtrArray) problems = tp_problems_new();
	g_autofree char *data_dir =
	    g_build_filename(g_getenv("TPD_SRC_DIR"), "data", NULL);

	r->catalog = tp_catalog_new();
	g_assert_cmpuint(
	    tp_catalog_load_dir(r->catalog, data_dir, true, problems), >, 0);
	g_assert_cmpuint(problems->len, ==, 0);
	fixture_init_model(&r->model, 100);
	r->dir = g_dir_make_tmp("tpd-manager-XXXXXX", NULL);
	r->history_path = g_build_filename(r->dir, "history", NULL);
	r->history = tp_history_load(r->history_path, problems);
	r->mgr = tp_manager_new(r->catalog, 100.0);
	tp_manager_set_history(r->mgr, r->history);
	r->finished = g_ptr_array_new_with_free_func(g_free);
	for (int i = 0; i < N_GUNS; i++) {
		g_autofree char *address = g_strdup_printf(ADDRESS "%d", i);
		r->links[i] = fake_link_new(&r->freed[i]);
		r->guns[i] = tp_massager_new(address, "Gun", &r->model,
					     r->links[i]->sim, 100);
		tp_manager_add_massager(r->mgr, r->guns[i]);
		g_assert_cmpint(tp_massager_connect(r->guns[i]), ==, 0);
	}
	settle();
	/* The opening stops and firmware requests. */
	complete_all(r);
}

static void rig_teardown(Rig *r, gconstpointer data)
{
	tp_manager_finish_sessions(r->mgr, TPD_FINISH_SHUTDOWN);
	tp_manager_free(r->mgr);
	for (int i = 0; i < N_GUNS; i++)
		g_assert_true(r->freed[i]);
	tp_history_free(r->history);
	tp_catalog_free(r->catalog);
	g_ptr_array_unref(r->finished);
	g_unlink(r->history_path);
	g_rmdir(r->dir);
	g_free(r->history_path);
	g_free(r->dir);
	forget_warnings();
}

/* Complete whatever is in flight on every link until all are idle. */
static void complete_all(Rig *r)
{
	bool busy = true;

	while (busy) {
		busy = false;
		for (int i = 0; i < N_GUNS; i++)
			while (tp_sim_link_in_flight(r->links[i]->sim) > 0) {
				fake_link_complete(r->links[i], 0);
				busy = true;
			}
		settle();
	}
}

static TpSession *start_on(Rig *r, int i, GError **error)
{
	TpSessionRequest req = { .muscle = "gluteus-medius",
				 .program = "release",
				 .side = "left",
				 .scale = 1.0,
				 .pain_before = -1 };

	return tp_manager_start_session(r->mgr, r->guns[i], &req, &rig_listener,
					r, error);
}

static const FakeFrame *last_frame(FakeLink *fl)
{
	g_assert_cmpuint(fl->frames->len, >, 0);
	return &g_array_index(fl->frames, FakeFrame, fl->frames->len - 1);
}

static bool is_stop(const FakeFrame *fr)
{
	return fr->len == sizeof(stop_frame) &&
	       memcmp(fr->data, stop_frame, fr->len) == 0;
}

static void test_stops_before_bookkeeping(Rig *r, gconstpointer data)
{
	for (int i = 0; i < N_GUNS; i++) {
		g_autoptr(GError) error = NULL;
		g_assert_nonnull(start_on(r, i, &error));
		g_assert_no_error(error);
	}
	complete_all(r);
	g_assert_false(g_file_test(r->history_path, G_FILE_TEST_EXISTS));

	tp_manager_stop_all(r->mgr, TPD_FINISH_STOPPED);
	/* Every stop is on its way before anything was written to disk. */
	for (int i = 0; i < N_GUNS; i++)
		g_assert_true(is_stop(last_frame(r->links[i])));
	g_assert_cmpuint(r->finished->len, ==, N_GUNS);
	g_assert_false(g_file_test(r->history_path, G_FILE_TEST_EXISTS));
	/* Nor while a stop waits for its answer. */
	settle();
	fake_link_complete(r->links[0], 0);
	settle();
	g_assert_false(g_file_test(r->history_path, G_FILE_TEST_EXISTS));
	/* The history knows already; the file follows on the main loop. */
	g_autoptr(GPtrArray) entries = tp_history_query(r->history, NULL, 0, 0);
	g_assert_cmpuint(entries->len, ==, N_GUNS);
	complete_all(r);
	g_assert_true(g_file_test(r->history_path, G_FILE_TEST_EXISTS));
	g_assert_cmpuint(tp_manager_running_sessions(r->mgr), ==, 0);
}

static void shutdown_done(void *data)
{
	((Rig *)data)->shutdown_done = true;
}

static void test_shutdown_barrier(Rig *r, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	TpSession *s = start_on(r, 0, &error);

	g_assert_nonnull(s);
	g_assert_cmpint(tp_massager_set_intensity(r->guns[1], 40), ==, 0);
	complete_all(r);

	tp_manager_shutdown(r->mgr, shutdown_done, r);
	g_assert_true(tp_manager_shutting_down(r->mgr));
	g_assert_cmpstr(r->finished->pdata[0], ==, TPD_FINISH_SHUTDOWN);
	/* Nothing new starts, nothing moves a motor. */
	g_assert_null(start_on(r, 0, &error));
	g_assert_error(error, TP_ERROR, TP_ERROR_SHUTTING_DOWN);
	g_assert_cmpint(tp_massager_set_intensity(r->guns[1], 60), ==,
			-ESHUTDOWN);
	g_assert_cmpint(tp_massager_connect(r->guns[0]), ==, -ESHUTDOWN);
	/* Done only once every stop is acknowledged. */
	settle();
	g_assert_false(r->shutdown_done);
	for (int i = 0; i < N_GUNS; i++)
		g_assert_true(is_stop(last_frame(r->links[i])));
	fake_link_complete(r->links[0], 0);
	settle();
	g_assert_false(r->shutdown_done);
	fake_link_complete(r->links[1], 0);
	settle();
	g_assert_true(r->shutdown_done);
}

/* A stop refused at shutdown is retried before tpd may go. */
static void test_shutdown_waits_for_a_retry(Rig *r, gconstpointer data)
{
	unsigned before;

	g_assert_cmpint(tp_massager_set_intensity(r->guns[0], 40), ==, 0);
	complete_all(r);
	before = r->links[0]->frames->len;
	tp_manager_shutdown(r->mgr, shutdown_done, r);
	fake_link_complete(r->links[1], 0);
	fake_link_complete(r->links[0], -EBUSY);
	settle();
	g_assert_cmpuint(count_warnings("*could not be told to stop*"), ==, 1);
	g_assert_false(r->shutdown_done);
	/* The retry comes after 250 ms; shutdown waits for it. */
	while (r->links[0]->frames->len < before + 2) {
		g_assert_false(r->shutdown_done);
		g_main_context_iteration(NULL, TRUE);
	}
	g_assert_true(is_stop(last_frame(r->links[0])));
	fake_link_complete(r->links[0], 0);
	settle();
	g_assert_true(r->shutdown_done);
}

/* A link gone counts as settled: nothing to wait for. */
static void test_shutdown_with_a_link_gone(Rig *r, gconstpointer data)
{
	tp_manager_shutdown(r->mgr, shutdown_done, r);
	fake_link_complete(r->links[1], 0);
	tp_sim_link_drop(r->links[0]->sim, -ECONNRESET);
	settle();
	g_assert_true(r->shutdown_done);
	g_assert_cmpuint(count_warnings("*" ADDRESS "0: its link is gone*"), ==,
			 1);
}

static void test_session_ends_when_the_massager_refuses(Rig *r,
							gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	TpSession *s = start_on(r, 0, &error);

	g_assert_nonnull(s);
	complete_all(r);
	/* A write lost with the link: the massager refuses what follows,
	 * and the session ends rather than report levels never sent. */
	tp_sim_link_refuse_next(r->links[0]->sim, -ENOTCONN);
	while (tp_session_state(s) != TP_SESSION_FINISHED)
		g_main_context_iteration(NULL, TRUE);
	g_assert_cmpstr(r->finished->pdata[0], ==, TPD_FINISH_DISCONNECTED);
	g_assert_cmpuint(tp_session_intensity(s), ==, 0);
}

static void test_resume_needs_its_own_claim(Rig *r, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	TpSession *s = start_on(r, 0, &error);

	g_assert_nonnull(s);
	g_assert_true(tp_session_pause(s));
	/* Someone else holds the device now. */
	tp_massager_release(r->guns[0], tp_session_tag(s));
	g_assert_true(tp_massager_claim(r->guns[0], "/other"));
	g_assert_false(tp_session_resume(s));
	g_assert_cmpint(tp_session_state(s), ==, TP_SESSION_PAUSED);
	tp_massager_release(r->guns[0], "/other");
	g_assert_false(tp_session_resume(s));
	g_assert_true(tp_massager_claim(r->guns[0], tp_session_tag(s)));
	g_assert_true(tp_session_resume(s));
}

#define RIG(path, fn) g_test_add(path, Rig, NULL, rig_setup, fn, rig_teardown)

int main(int argc, char **argv)
{
	int rc;

	g_test_init(&argc, &argv, NULL);
	warnings_capture_start();
	RIG("/manager/stops-before-bookkeeping", test_stops_before_bookkeeping);
	RIG("/manager/shutdown/barrier", test_shutdown_barrier);
	RIG("/manager/shutdown/waits-for-a-retry",
	    test_shutdown_waits_for_a_retry);
	RIG("/manager/shutdown/link-gone", test_shutdown_with_a_link_gone);
	RIG("/session/ends-when-the-massager-refuses",
	    test_session_ends_when_the_massager_refuses);
	RIG("/session/resume-needs-its-own-claim",
	    test_resume_needs_its_own_claim);
	rc = g_test_run();
	warnings_capture_end();
	return rc;
}
