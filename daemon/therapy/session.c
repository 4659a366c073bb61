/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "session.h"

#include <errno.h>
#include <math.h>

#include "common/tp-error.h"
#include "tpd/tpd-dbus.h"

/* Simulated seconds between ticks, and the shortest real interval. */
#define TP_TICK_SECONDS 0.1
#define TP_TICK_MIN_MS	10

struct TpSession {
	char *tag;
	TpMassager *massager;
	const TpMuscle *muscle;
	const TpProgram *program;
	char *side;
	TpPlan *plan;
	double time_scale;
	double cap;

	TpSessionState state;
	bool started;	   /* only a started session has anything to finish */
	gint64 started_at; /* wall clock, for the history */
	gint64 ended_at;
	int pain_before;
	guint32 uid;
	char *reason;
	double target_scale;  /* as requested */
	double applied_scale; /* ramps toward the target when raised */
	double elapsed;	      /* simulated seconds, pauses excluded */
	gint64 last_tick;     /* monotonic µs */
	guint timer_id;
	unsigned step;
	unsigned intensity;

	const TpSessionListener *listener;
	void *listener_data;
};

static void tp_session_changed(TpSession *s, unsigned changes)
{
	if (changes && s->listener->changed)
		s->listener->changed(s, changes, s->listener_data);
}

/* Evaluate the curve at the current time and send the massager any
 * change; a negative errno when the massager refused it (Intensity then
 * keeps the level the motor last took). */
static int tp_session_apply(TpSession *s, unsigned *changes)
{
	unsigned step = tp_plan_step_at(s->plan, s->elapsed);
	double level =
	    tp_curve_at(s->plan, s->applied_scale, s->cap, s->elapsed);
	unsigned intensity = (unsigned)lround(level);

	*changes = 0;
	if (step != s->step) {
		s->step = step;
		*changes |= TP_SESSION_CHANGED_STEP;
	}
	if (intensity != s->intensity) {
		int err = tp_massager_set_intensity(s->massager, intensity);
		if (err < 0)
			return err;
		s->intensity = intensity;
		*changes |= TP_SESSION_CHANGED_INTENSITY;
	}
	return 0;
}

static const char *tp_session_reason_for(int err)
{
	switch (-err) {
	case ENOTCONN:
		return TPD_FINISH_DISCONNECTED;
	case ESHUTDOWN:
		return TPD_FINISH_SHUTDOWN;
	default:
		return TPD_FINISH_ERROR;
	}
}

/* Apply and announce; a session whose massager refuses ends. False
 * when it did. */
static bool tp_session_update(TpSession *s, unsigned changes)
{
	unsigned applied;
	int err = tp_session_apply(s, &applied);

	if (err < 0) {
		g_info("session %s: %s refused the next level: %s", s->tag,
		       tp_massager_address(s->massager), g_strerror(-err));
		tp_session_finish(s, tp_session_reason_for(err));
		return false;
	}
	tp_session_changed(s, changes | applied);
	return true;
}

static void tp_session_stop_timer(TpSession *s)
{
	g_clear_handle_id(&s->timer_id, g_source_remove);
}

/* Advance the clock; true when the session ended on the way. */
static bool tp_session_advance(TpSession *s)
{
	gint64 now = g_get_monotonic_time();
	double dt =
	    (double)(now - s->last_tick) / G_USEC_PER_SEC * s->time_scale;
	unsigned before = tp_session_elapsed(s);

	s->last_tick = now;
	s->elapsed += dt;
	s->applied_scale = tp_scale_slew(s->applied_scale, s->target_scale,
					 TP_SCALE_RAISE_RATE, dt);
	/* The program may be shorter than the muscle's limit, or longer. */
	if (s->elapsed >= s->plan->duration &&
	    s->plan->duration <= s->muscle->session_limit) {
		tp_session_finish(s, TPD_FINISH_COMPLETED);
		return true;
	}
	if (s->elapsed >= s->muscle->session_limit) {
		tp_session_finish(s, TPD_FINISH_LIMIT);
		return true;
	}
	return !tp_session_update(s, tp_session_elapsed(s) != before
					 ? TP_SESSION_CHANGED_ELAPSED
					 : 0);
}

static gboolean tp_session_tick(gpointer data)
{
	TpSession *s = data;

	if (tp_session_advance(s)) {
		s->timer_id = 0;
		return G_SOURCE_REMOVE;
	}
	return G_SOURCE_CONTINUE;
}

static void tp_session_start_timer(TpSession *s)
{
	guint ms =
	    (guint)MAX(TP_TICK_MIN_MS, TP_TICK_SECONDS * 1000 / s->time_scale);

	s->last_tick = g_get_monotonic_time();
	s->timer_id = g_timeout_add(ms, tp_session_tick, s);
}

static void tp_session_massager_event(TpMassager *m, const TpMassagerEvent *ev,
				      void *user_data)
{
	TpSession *s = user_data;
	(void)m;

	if (ev->type == TP_MASSAGER_EVENT_DISCONNECTED)
		tp_session_finish(s, TPD_FINISH_DISCONNECTED);
	else if (ev->type == TP_MASSAGER_EVENT_WRITE_FAILED)
		tp_session_finish(s, TPD_FINISH_ERROR);
}

TpSession *tp_session_new(const char *tag, TpMassager *massager,
			  const TpSessionSpec *spec,
			  const TpSessionListener *listener, void *user_data)
{
	TpSession *s = g_new0(TpSession, 1);

	s->tag = g_strdup(tag);
	s->massager = massager;
	s->muscle = spec->muscle;
	s->program = spec->program;
	s->side = g_strdup(spec->side);
	s->plan = tp_plan_new(
	    spec->program, spec->side,
	    tp_muscle_spot_limit(spec->muscle,
				 tp_model_kind(tp_massager_model(massager))));
	s->time_scale = spec->time_scale > 0 ? spec->time_scale : 1.0;
	s->cap = MIN(spec->muscle->max_intensity, tp_massager_cap(massager));
	s->target_scale = CLAMP(spec->scale, TP_SCALE_MIN, TP_SCALE_MAX);
	s->applied_scale = s->target_scale;
	s->reason = g_strdup("");
	s->pain_before = spec->pain_before;
	s->uid = spec->uid;
	s->state = TP_SESSION_PAUSED; /* until started */
	s->listener = listener;
	s->listener_data = user_data;
	return s;
}

static bool tp_session_check_massager(TpSession *s, GError **error)
{
	const char *name = tp_massager_name(s->massager);

	if (tp_massager_stop_unconfirmed(s->massager)) {
		g_set_error(error, TP_ERROR, TP_ERROR_NOT_CONNECTED,
			    "%s has not confirmed its last stop and may still "
			    "be running; switch it off by hand (tpd keeps "
			    "trying to reach it to stop it)",
			    name);
		return false;
	}
	if (!tp_massager_connected(s->massager)) {
		g_set_error(error, TP_ERROR, TP_ERROR_NOT_CONNECTED,
			    "%s is not connected", name);
		return false;
	}
	if (!tp_massager_claim(s->massager, s->tag)) {
		g_set_error(error, TP_ERROR, TP_ERROR_BUSY,
			    "%s is busy with %s; stop that first", name,
			    tp_massager_claim_tag(s->massager));
		return false;
	}
	return true;
}

bool tp_session_start(TpSession *s, GError **error)
{
	unsigned changes;
	int err;

	if (!tp_session_check_massager(s, error))
		return false;
	/* The first level goes out before the session counts as started:
	 * a massager that refuses it leaves nothing to undo but the claim. */
	err = tp_session_apply(s, &changes);
	if (err < 0) {
		tp_massager_release(s->massager, s->tag);
		g_set_error(error, TP_ERROR,
			    err == -ESHUTDOWN ? TP_ERROR_SHUTTING_DOWN
					      : TP_ERROR_NOT_CONNECTED,
			    "%s refused the session's first level: %s",
			    tp_massager_name(s->massager), g_strerror(-err));
		return false;
	}
	tp_massager_add_listener(s->massager, tp_session_massager_event, s);
	s->started = true;
	s->started_at = g_get_real_time() / G_USEC_PER_SEC;
	s->state = TP_SESSION_RUNNING;
	g_info("session %s: %s on %s, side %s, with %s", s->tag, s->program->id,
	       s->muscle->id, s->side, tp_massager_address(s->massager));
	tp_session_start_timer(s);
	return true;
}

void tp_session_finish(TpSession *s, const char *reason)
{
	if (!s->started || s->state == TP_SESSION_FINISHED)
		return;
	tp_session_stop_timer(s);
	s->state = TP_SESSION_FINISHED;
	s->ended_at = g_get_real_time() / G_USEC_PER_SEC;
	g_free(s->reason);
	s->reason = g_strdup(reason);
	s->intensity = 0;
	/* Stop first: nothing below may keep the motor running. */
	tp_massager_stop(s->massager);
	tp_massager_remove_listener(s->massager, tp_session_massager_event, s);
	tp_massager_release(s->massager, s->tag);
	g_info("session %s: finished (%s) after %.1f s", s->tag, reason,
	       s->elapsed);
	/* Elapsed too: a session ended by its limit has just reached it. */
	tp_session_changed(
	    s, TP_SESSION_CHANGED_STATE | TP_SESSION_CHANGED_INTENSITY |
		   TP_SESSION_CHANGED_ELAPSED | TP_SESSION_CHANGED_REASON);
	if (s->listener->finished)
		s->listener->finished(s, reason, s->listener_data);
}

bool tp_session_pause(TpSession *s)
{
	if (s->state != TP_SESSION_RUNNING)
		return false;
	tp_session_advance(s);
	if (s->state != TP_SESSION_RUNNING)
		return false; /* it ended just now */
	tp_session_stop_timer(s);
	s->state = TP_SESSION_PAUSED;
	s->intensity = 0;
	tp_massager_stop(s->massager);
	tp_session_changed(s, TP_SESSION_CHANGED_STATE |
				  TP_SESSION_CHANGED_INTENSITY);
	return true;
}

bool tp_session_resume(TpSession *s)
{
	/* The device must still be this session's: a paused session keeps
	 * its claim, and nothing else may have taken it meanwhile. */
	if (s->state != TP_SESSION_PAUSED ||
	    g_strcmp0(tp_massager_claim_tag(s->massager), s->tag) != 0)
		return false;
	s->state = TP_SESSION_RUNNING;
	/* Back in gently rather than at the old level. */
	s->applied_scale = MIN(TP_SCALE_MIN, s->target_scale);
	tp_session_start_timer(s);
	tp_session_update(s, TP_SESSION_CHANGED_STATE);
	return true;
}

void tp_session_skip(TpSession *s)
{
	unsigned next = s->step + 1;
	unsigned before, changes;

	if (s->state == TP_SESSION_FINISHED)
		return;
	if (next >= s->plan->n_steps) {
		tp_session_finish(s, TPD_FINISH_COMPLETED);
		return;
	}
	before = tp_session_elapsed(s);
	s->elapsed = s->plan->steps[next].start;
	changes =
	    tp_session_elapsed(s) != before ? TP_SESSION_CHANGED_ELAPSED : 0;
	if (s->state == TP_SESSION_RUNNING) {
		tp_session_update(s, changes);
		return;
	}
	s->step = next;
	tp_session_changed(s, changes | TP_SESSION_CHANGED_STEP);
}

void tp_session_set_scale(TpSession *s, double scale)
{
	if (s->state == TP_SESSION_FINISHED)
		return;
	s->target_scale = CLAMP(scale, TP_SCALE_MIN, TP_SCALE_MAX);
	if (s->target_scale < s->applied_scale)
		s->applied_scale = s->target_scale;
	if (s->state == TP_SESSION_RUNNING)
		tp_session_update(s, TP_SESSION_CHANGED_SCALE);
	else
		tp_session_changed(s, TP_SESSION_CHANGED_SCALE);
}

void tp_session_free(TpSession *s)
{
	if (!s)
		return;
	tp_session_finish(s, TPD_FINISH_SHUTDOWN);
	tp_plan_free(s->plan);
	g_free(s->tag);
	g_free(s->side);
	g_free(s->reason);
	g_free(s);
}

TpSessionState tp_session_state(const TpSession *s)
{
	return s->state;
}

const char *tp_session_state_name(const TpSession *s)
{
	switch (s->state) {
	case TP_SESSION_RUNNING:
		return TPD_SESSION_STATE_RUNNING;
	case TP_SESSION_PAUSED:
		return TPD_SESSION_STATE_PAUSED;
	default:
		return TPD_SESSION_STATE_FINISHED;
	}
}

const char *tp_session_tag(const TpSession *s)
{
	return s->tag;
}

TpMassager *tp_session_massager(const TpSession *s)
{
	return s->massager;
}

const TpMuscle *tp_session_muscle(const TpSession *s)
{
	return s->muscle;
}

const TpProgram *tp_session_program(const TpSession *s)
{
	return s->program;
}

const char *tp_session_side(const TpSession *s)
{
	return s->side;
}

unsigned tp_session_step(const TpSession *s)
{
	return s->step;
}

unsigned tp_session_step_count(const TpSession *s)
{
	return s->plan->n_steps;
}

char *tp_session_step_name(const TpSession *s)
{
	const TpPlanStep *ps = &s->plan->steps[s->step];

	if (g_str_equal(ps->side, "center"))
		return g_strdup(ps->step->name);
	return g_strdup_printf("%s (%s)", ps->step->name, ps->side);
}

const char *tp_session_cue(const TpSession *s)
{
	return s->plan->steps[s->step].step->cue;
}

unsigned tp_session_elapsed(const TpSession *s)
{
	return (unsigned)MIN(s->elapsed, tp_session_duration(s));
}

unsigned tp_session_duration(const TpSession *s)
{
	double d = MIN(s->plan->duration, s->muscle->session_limit);

	return (unsigned)ceil(d);
}

unsigned tp_session_intensity(const TpSession *s)
{
	return s->intensity;
}

double tp_session_scale(const TpSession *s)
{
	return s->target_scale;
}

const char *tp_session_reason(const TpSession *s)
{
	return s->reason;
}

gint64 tp_session_started_at(const TpSession *s)
{
	return s->started_at;
}

gint64 tp_session_ended_at(const TpSession *s)
{
	return s->ended_at;
}

guint32 tp_session_uid(const TpSession *s)
{
	return s->uid;
}

int tp_session_pain_before(const TpSession *s)
{
	return s->pain_before;
}
