/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "manager.h"

#include <math.h>

#include "common/suggest.h"
#include "common/tp-error.h"
#include "tpd/tpd-dbus.h"

/* How long a seal (tpd stopping, the machine about to sleep or power
 * off) waits for every stop to be acknowledged (or its link to go), real
 * time: well inside tpd.service's TimeoutStopSec=10, as long as logind's
 * default InhibitDelayMaxSec, and long enough for a stop refused once to
 * be retried (250 + 500 + 1000 ms). */
#define TP_SETTLE_DEADLINE_MS 5000

struct TpManager {
	const TpCatalog *catalog;
	double time_scale;
	GPtrArray *massagers; /* TpMassager*, owned */
	GHashTable *sessions; /* tag -> TpSession*, owned */
	unsigned next_session;
	GPtrArray *discarded; /* finished, freed once the history is written */
	guint discard_id;
	bool save_waiting; /* for stops in flight to be acknowledged */
	/* The barrier: while set, nothing new may move a motor (see
	 * tp_manager_seal()); @exiting when it never opens again. */
	const char *sealed_for; /* TPD_FINISH_SHUTDOWN or _SUSPEND */
	bool exiting;

	const TpManagerHooks *hooks;
	void *hooks_data;
	TpHistory *history;

	GArray *settle_waiters; /* TpSettleWaiter, called once settled */
	guint settle_timeout_id;
	guint settle_check_id;
};

typedef struct {
	void (*done)(void *user_data);
	void *user_data;
} TpSettleWaiter;

static gboolean tp_manager_settle_check(gpointer data);
static void tp_manager_massager_event(TpMassager *m, const TpMassagerEvent *ev,
				      void *user_data);
static void tp_manager_save_when_stopped(TpManager *mgr);

TpManager *tp_manager_new(const TpCatalog *catalog, double time_scale)
{
	TpManager *mgr = g_new0(TpManager, 1);

	mgr->catalog = catalog;
	mgr->time_scale = time_scale;
	mgr->massagers =
	    g_ptr_array_new_with_free_func((GDestroyNotify)tp_massager_free);
	mgr->sessions = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
					      (GDestroyNotify)tp_session_free);
	mgr->discarded = g_ptr_array_new();
	mgr->settle_waiters = g_array_new(FALSE, FALSE, sizeof(TpSettleWaiter));
	mgr->next_session = 1;
	return mgr;
}

static void tp_manager_record(TpManager *mgr, TpSession *s);
static void tp_manager_save_history(TpManager *mgr);

/* Write the history the finished sessions were added to, then free
 * them. */
static void tp_manager_discard_finished(TpManager *mgr)
{
	tp_manager_save_history(mgr);
	for (guint i = 0; i < mgr->discarded->len; i++) {
		TpSession *s = g_ptr_array_index(mgr->discarded, i);
		g_hash_table_remove(mgr->sessions, tp_session_tag(s));
	}
	g_ptr_array_set_size(mgr->discarded, 0);
}

void tp_manager_free(TpManager *mgr)
{
	if (!mgr)
		return;
	g_clear_handle_id(&mgr->discard_id, g_source_remove);
	g_clear_handle_id(&mgr->settle_timeout_id, g_source_remove);
	g_clear_handle_id(&mgr->settle_check_id, g_source_remove);
	/* Whoever started sessions ended them (tp_manager_finish_sessions)
	 * while its listeners could still hear it: a session finishing now
	 * would call into them. */
	g_warn_if_fail(tp_manager_running_sessions(mgr) == 0);
	tp_manager_discard_finished(mgr);
	g_hash_table_unref(mgr->sessions);
	g_ptr_array_unref(mgr->discarded);
	g_ptr_array_unref(mgr->massagers);
	g_array_unref(mgr->settle_waiters);
	g_free(mgr);
}

void tp_manager_set_hooks(TpManager *mgr, const TpManagerHooks *hooks,
			  void *user_data)
{
	mgr->hooks = hooks;
	mgr->hooks_data = user_data;
}

const TpCatalog *tp_manager_catalog(TpManager *mgr)
{
	return mgr->catalog;
}

void tp_manager_add_massager(TpManager *mgr, TpMassager *m)
{
	g_ptr_array_add(mgr->massagers, m);
	tp_massager_add_listener(m, tp_manager_massager_event, mgr);
	if (mgr->sealed_for)
		tp_massager_seal(m);
	if (mgr->hooks && mgr->hooks->device_added)
		mgr->hooks->device_added(mgr, m, mgr->hooks_data);
}

GPtrArray *tp_manager_massagers(TpManager *mgr)
{
	return mgr->massagers;
}

void tp_manager_remove_massager(TpManager *mgr, TpMassager *m)
{
	TpSession *s = tp_manager_session_of(mgr, m);

	if (s)
		tp_session_finish(s, TPD_FINISH_DISCONNECTED);
	if (mgr->hooks && mgr->hooks->device_removed)
		mgr->hooks->device_removed(mgr, m, mgr->hooks_data);
	g_ptr_array_remove(mgr->massagers, m);
	tp_manager_save_when_stopped(mgr);
	/* Sealing may have waited for this one alone. */
	if (mgr->settle_waiters->len && !mgr->settle_check_id)
		mgr->settle_check_id = g_idle_add(tp_manager_settle_check, mgr);
}

TpSession *tp_manager_session_of(TpManager *mgr, TpMassager *m)
{
	const char *tag = tp_massager_claim_tag(m);

	return tag ? g_hash_table_lookup(mgr->sessions, tag) : NULL;
}

/* ---- starting a session ------------------------------------------------ */

static void tp_set_unknown(GError **error, const char *what, const char *id,
			   const char *const *known)
{
	const char *guess = tp_suggest(id, known);

	if (guess)
		g_set_error(error, TP_ERROR, TP_ERROR_NOT_FOUND,
			    "unknown %s '%s'; did you mean '%s'?", what, id,
			    guess);
	else
		g_set_error(error, TP_ERROR, TP_ERROR_NOT_FOUND,
			    "unknown %s '%s'; see the list of %ss", what, id,
			    what);
}

static const TpMuscle *tp_lookup_muscle(const TpCatalog *c, const char *id,
					GError **error)
{
	const TpMuscle *m = g_hash_table_lookup(c->muscles, id);
	g_autofree const char **ids = NULL;

	if (!m) {
		ids = tp_catalog_sorted_ids(c->muscles);
		tp_set_unknown(error, "muscle", id, ids);
	}
	return m;
}

static bool tp_check_program(const TpCatalog *c, const char *id, GError **error)
{
	g_autofree const char **ids = NULL;

	if (tp_catalog_has_program(c, id))
		return true;
	ids = tp_catalog_program_ids(c);
	tp_set_unknown(error, "program", id, ids);
	return false;
}

static const char *tp_resolve_side(const TpMuscle *muscle, const char *side,
				   GError **error)
{
	static const char *const paired[] = { "left", "right", "both", NULL };

	if (!tp_muscle_is_bilateral(muscle)) {
		if (!side || g_str_equal(side, "center"))
			return "center";
		g_set_error(error, TP_ERROR, TP_ERROR_INVALID,
			    "%s is a midline muscle: its side is 'center', "
			    "not '%s'",
			    muscle->name, side);
		return NULL;
	}
	if (!side)
		return "both";
	if (g_strv_contains(paired, side))
		return side;
	g_set_error(error, TP_ERROR, TP_ERROR_INVALID,
		    "unknown side '%s' for %s; expected 'left', 'right' or "
		    "'both'",
		    side, muscle->name);
	return NULL;
}

/* The only connected device, for requests that name none. */
static TpMassager *tp_manager_pick_massager(TpManager *mgr, GError **error)
{
	TpMassager *pick = NULL;
	g_autoptr(GString) names = g_string_new(NULL);
	unsigned n = 0;

	for (guint i = 0; i < mgr->massagers->len; i++) {
		TpMassager *m = g_ptr_array_index(mgr->massagers, i);
		if (!tp_massager_connected(m))
			continue;
		g_string_append_printf(names, "%s%s (%s)", n ? ", " : "",
				       tp_massager_name(m),
				       tp_massager_address(m));
		pick = m;
		n++;
	}
	if (n == 1)
		return pick;
	if (n == 0)
		g_set_error(error, TP_ERROR, TP_ERROR_NOT_CONNECTED,
			    "no massager is connected; switch one on and "
			    "connect it");
	else
		g_set_error(error, TP_ERROR, TP_ERROR_INVALID,
			    "%u massagers are connected: %s; choose one", n,
			    names->str);
	return NULL;
}

/* Refuse what does not suit the tool in hand; else the program's variant
 * for it. */
static const TpProgram *tp_program_for_tool(const TpCatalog *c,
					    const TpMassager *m,
					    const TpMuscle *muscle,
					    const char *program_id,
					    GError **error)
{
	const char *kind = tp_model_kind(tp_massager_model(m));
	const TpProgram *program;

	if (!tp_muscle_allows_tool(muscle, kind)) {
		g_autofree char *tools = g_strjoinv(", ", muscle->tools);
		g_set_error(error, TP_ERROR, TP_ERROR_UNSAFE,
			    "a %s is not safe on the %s (%s): %s", kind,
			    muscle->name, *tools ? tools : "by hand only",
			    muscle->cautions);
		return NULL;
	}
	program = tp_catalog_program_for(c, program_id, kind);
	if (!program)
		g_set_error(error, TP_ERROR, TP_ERROR_UNSAFE,
			    "program '%s' has no variant for a %s; a %s needs "
			    "a program made for it (see tpctl list programs)",
			    program_id, kind, kind);
	return program;
}

TpSession *tp_manager_start_session(TpManager *mgr, TpMassager *m,
				    const TpSessionRequest *req,
				    const TpSessionListener *listener,
				    void *user_data, GError **error)
{
	const TpMuscle *muscle;
	const TpProgram *program;
	const char *side;

	if (mgr->sealed_for) {
		g_set_error(error, TP_ERROR, TP_ERROR_SHUTTING_DOWN,
			    "%s; no new session starts",
			    tp_manager_barrier(mgr));
		return NULL;
	}
	muscle = tp_lookup_muscle(mgr->catalog, req->muscle, error);
	if (!muscle || !tp_check_program(mgr->catalog, req->program, error))
		return NULL;
	side = tp_resolve_side(muscle, req->side, error);
	if (!side)
		return NULL;
	if (!isfinite(req->scale) || req->scale < TP_SCALE_MIN ||
	    req->scale > TP_SCALE_MAX) {
		g_set_error(error, TP_ERROR, TP_ERROR_INVALID,
			    "scale %g is out of range; expected %g to %g",
			    req->scale, TP_SCALE_MIN, TP_SCALE_MAX);
		return NULL;
	}
	if (!m && !(m = tp_manager_pick_massager(mgr, error)))
		return NULL;
	program =
	    tp_program_for_tool(mgr->catalog, m, muscle, req->program, error);
	if (!program)
		return NULL;

	TpSessionSpec spec = { muscle,	   program,	    side,
			       req->scale, mgr->time_scale, req->pain_before,
			       req->uid };
	g_autofree char *tag =
	    g_strdup_printf(TPD_SESSION_PATH_PREFIX "/%u", mgr->next_session);
	TpSession *s = tp_session_new(tag, m, &spec, listener, user_data);
	if (!tp_session_start(s, error)) {
		tp_session_free(s);
		return NULL;
	}
	mgr->next_session++;
	g_hash_table_insert(mgr->sessions, (char *)tp_session_tag(s), s);
	return s;
}

/* A stop written and not yet acknowledged (or retried): a history write
 * now could delay the answer it waits for, and what follows it. */
static bool tp_manager_stops_in_flight(TpManager *mgr)
{
	for (guint i = 0; i < mgr->massagers->len; i++) {
		TpMassager *m = g_ptr_array_index(mgr->massagers, i);
		if (tp_massager_link_up(m) && tp_massager_stop_owed(m))
			return true;
	}
	return false;
}

static gboolean tp_manager_discard_idle(gpointer data)
{
	TpManager *mgr = data;

	mgr->discard_id = 0;
	mgr->save_waiting = tp_manager_stops_in_flight(mgr);
	if (!mgr->save_waiting)
		tp_manager_discard_finished(mgr);
	return G_SOURCE_REMOVE;
}

/* The history waits for the stops; once none is in flight, write. */
static void tp_manager_save_when_stopped(TpManager *mgr)
{
	if (mgr->save_waiting && !mgr->discard_id &&
	    !tp_manager_stops_in_flight(mgr))
		mgr->discard_id = g_idle_add(tp_manager_discard_idle, mgr);
}

static void tp_manager_record(TpManager *mgr, TpSession *s)
{
	const TpMassager *m = tp_session_massager(s);
	TpHistoryEntry e = {
		.start = tp_session_started_at(s),
		.end = tp_session_ended_at(s),
		.device = (char *)tp_massager_address(m),
		.model = tp_massager_model(m)->name,
		.muscle = tp_session_muscle(s)->id,
		.side = (char *)tp_session_side(s),
		.program = tp_session_program(s)->key,
		.seconds = tp_session_elapsed(s),
		.reason = (char *)tp_session_reason(s),
		.pain_before = tp_session_pain_before(s),
		.pain_after = -1,
		.uid = tp_session_uid(s),
	};

	if (mgr->history)
		tp_history_append(mgr->history, &e);
}

static void tp_manager_save_history(TpManager *mgr)
{
	g_autoptr(GError) error = NULL;

	if (mgr->history && !tp_history_sync(mgr->history, &error))
		g_warning("cannot write the history: %s", error->message);
}

/* Stops before bookkeeping: the session has already stopped its motor,
 * and whoever stopped several queued every stop first. The record joins
 * the history in memory at once (GetHistory sees it); the file, an
 * fsync'd rewrite that blocks the main loop, is written on a later
 * iteration once no stop is in flight any more, so that no answer to a
 * stop waits behind it, and the session is freed then. */
void tp_manager_end_session(TpManager *mgr, TpSession *s)
{
	tp_manager_record(mgr, s);
	g_ptr_array_add(mgr->discarded, s);
	if (mgr->discard_id == 0)
		mgr->discard_id = g_idle_add(tp_manager_discard_idle, mgr);
}

void tp_manager_set_history(TpManager *mgr, TpHistory *history)
{
	mgr->history = history;
}

TpHistory *tp_manager_history(TpManager *mgr)
{
	return mgr->history;
}

/* ---- stopping ---------------------------------------------------------- */

unsigned tp_manager_running_sessions(TpManager *mgr)
{
	GHashTableIter it;
	TpSession *s;
	unsigned n = 0;

	g_hash_table_iter_init(&it, mgr->sessions);
	while (g_hash_table_iter_next(&it, NULL, (gpointer *)&s))
		n += tp_session_state(s) != TP_SESSION_FINISHED;
	return n;
}

void tp_manager_finish_sessions(TpManager *mgr, const char *reason)
{
	g_autoptr(GPtrArray) running = g_ptr_array_new();
	GHashTableIter it;
	TpSession *s;

	/* Finishing calls out to listeners: not while iterating. */
	g_hash_table_iter_init(&it, mgr->sessions);
	while (g_hash_table_iter_next(&it, NULL, (gpointer *)&s))
		if (tp_session_state(s) != TP_SESSION_FINISHED)
			g_ptr_array_add(running, s);
	for (guint i = 0; i < running->len; i++)
		tp_session_finish(g_ptr_array_index(running, i), reason);
}

void tp_manager_stop_all(TpManager *mgr, const char *reason)
{
	/* Every motor first, then each session's ending. */
	for (guint i = 0; i < mgr->massagers->len; i++)
		tp_massager_stop(g_ptr_array_index(mgr->massagers, i));
	tp_manager_finish_sessions(mgr, reason);
}

bool tp_manager_shutting_down(TpManager *mgr)
{
	return mgr->sealed_for != NULL;
}

const char *tp_manager_barrier(TpManager *mgr)
{
	if (!mgr->sealed_for)
		return NULL;
	if (mgr->exiting)
		return "tpd is shutting down";
	if (g_str_equal(mgr->sealed_for, TPD_FINISH_SUSPEND))
		return "the system is about to sleep";
	return "the system is shutting down";
}

static bool tp_manager_all_settled(TpManager *mgr)
{
	for (guint i = 0; i < mgr->massagers->len; i++)
		if (!tp_massager_settled(g_ptr_array_index(mgr->massagers, i)))
			return false;
	return true;
}

/* What became of each device's stop, for the log. */
static void tp_manager_log_stop(TpMassager *m)
{
	const char *address = tp_massager_address(m);

	if (!tp_massager_settled(m))
		g_warning("%s: no answer to its stop within %d ms; its motor "
			  "may still be running",
			  address, TP_SETTLE_DEADLINE_MS);
	else if (tp_massager_stop_owed(m))
		g_warning("%s: its link is gone and no stop was acknowledged; "
			  "its motor may still be running",
			  address);
	else if (tp_massager_link_up(m))
		g_info("%s: stop acknowledged", address);
	else
		g_info("%s: not connected", address);
}

/* Every waiter hears once, in the order they came; one may add another
 * (shutdown while a suspend waits) or free nothing of ours. */
static void tp_manager_settle_finish(TpManager *mgr)
{
	g_autoptr(GArray) waiters = NULL;

	if (!mgr->settle_waiters->len)
		return;
	waiters = mgr->settle_waiters;
	mgr->settle_waiters = g_array_new(FALSE, FALSE, sizeof(TpSettleWaiter));
	g_clear_handle_id(&mgr->settle_timeout_id, g_source_remove);
	g_clear_handle_id(&mgr->settle_check_id, g_source_remove);
	for (guint i = 0; i < mgr->massagers->len; i++)
		tp_manager_log_stop(g_ptr_array_index(mgr->massagers, i));
	for (guint i = 0; i < waiters->len; i++) {
		TpSettleWaiter *w = &g_array_index(waiters, TpSettleWaiter, i);
		w->done(w->user_data);
	}
}

/* Whatever a device did: the history may be written now, and a seal
 * may have settled. That is decided on an idle, after every listener of
 * the device (sessions, the API) has heard of the event. */
static void tp_manager_massager_event(TpMassager *m, const TpMassagerEvent *ev,
				      void *user_data)
{
	TpManager *mgr = user_data;
	(void)m;
	(void)ev;

	tp_manager_save_when_stopped(mgr);
	if (mgr->settle_waiters->len && !mgr->settle_check_id &&
	    tp_manager_all_settled(mgr))
		mgr->settle_check_id = g_idle_add(tp_manager_settle_check, mgr);
}

static gboolean tp_manager_settle_timeout(gpointer data)
{
	TpManager *mgr = data;

	mgr->settle_timeout_id = 0;
	tp_manager_settle_finish(mgr);
	return G_SOURCE_REMOVE;
}

static gboolean tp_manager_settle_check(gpointer data)
{
	TpManager *mgr = data;

	mgr->settle_check_id = 0;
	if (tp_manager_all_settled(mgr))
		tp_manager_settle_finish(mgr);
	return G_SOURCE_REMOVE;
}

void tp_manager_seal(TpManager *mgr, const char *reason,
		     void (*done)(void *user_data), void *user_data)
{
	TpSettleWaiter w = { done, user_data };

	if (!mgr->sealed_for) {
		/* The barrier: from here on nothing new may move a motor. */
		mgr->sealed_for = reason;
		for (guint i = 0; i < mgr->massagers->len; i++)
			tp_massager_seal(g_ptr_array_index(mgr->massagers, i));
		tp_manager_stop_all(mgr, reason);
	}
	g_array_append_val(mgr->settle_waiters, w);
	if (!mgr->settle_timeout_id)
		mgr->settle_timeout_id = g_timeout_add(
		    TP_SETTLE_DEADLINE_MS, tp_manager_settle_timeout, mgr);
	/* Nothing may be running at all: decide on the next iteration, never
	 * inside the caller. */
	if (!mgr->settle_check_id)
		mgr->settle_check_id = g_idle_add(tp_manager_settle_check, mgr);
}

void tp_manager_unseal(TpManager *mgr)
{
	if (!mgr->sealed_for || mgr->exiting)
		return;
	mgr->sealed_for = NULL;
	for (guint i = 0; i < mgr->massagers->len; i++)
		tp_massager_unseal(g_ptr_array_index(mgr->massagers, i));
}

void tp_manager_shutdown(TpManager *mgr, void (*done)(void *user_data),
			 void *user_data)
{
	if (mgr->exiting)
		return;
	mgr->exiting = true;
	tp_manager_seal(mgr, TPD_FINISH_SHUTDOWN, done, user_data);
}
