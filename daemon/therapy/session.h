/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>

#include "curve.h"
#include "device/massager.h"
#include "muscle.h"
#include "program.h"

/*
 * The session engine: runs one program on one muscle with one massager.
 * A timer runs only while the session runs; each tick evaluates the pure
 * curve (curve.h) and sends the massager the new intensity when it
 * changes. Whatever ends the session, the motor is told to stop.
 */

#define TP_SCALE_MIN	    0.1
#define TP_SCALE_MAX	    1.5
/* A raised scale (and a resume) ramps in at this many units per second. */
#define TP_SCALE_RAISE_RATE 0.2

typedef struct TpSession TpSession;

typedef enum {
	TP_SESSION_RUNNING,
	TP_SESSION_PAUSED,
	TP_SESSION_FINISHED,
} TpSessionState;

/* Bits of the listener's @changes. */
enum {
	TP_SESSION_CHANGED_STATE = 1 << 0,
	TP_SESSION_CHANGED_STEP = 1 << 1, /* Step, StepName, Cue */
	TP_SESSION_CHANGED_ELAPSED = 1 << 2,
	TP_SESSION_CHANGED_INTENSITY = 1 << 3,
	TP_SESSION_CHANGED_SCALE = 1 << 4,
	TP_SESSION_CHANGED_REASON = 1 << 5,
};

/* Listeners must not free the session from inside a callback. */
typedef struct {
	void (*changed)(TpSession *s, unsigned changes, void *user_data);
	/* The motor has been told to stop; @reason is a TPD_FINISH_*. */
	void (*finished)(TpSession *s, const char *reason, void *user_data);
} TpSessionListener;

typedef struct {
	const TpMuscle *muscle; /* the catalog outlives every session */
	const TpProgram *program;
	const char *side; /* left, right, both or center */
	double scale;
	double time_scale; /* simulated seconds per real second */
	int pain_before;   /* 0-10 as the person rated it, -1: not given */
	guint32 uid;	   /* whose session it is */
} TpSessionSpec;

/* @tag names the session (its object path) in the massager's claim. */
TpSession *tp_session_new(const char *tag, TpMassager *massager,
			  const TpSessionSpec *spec,
			  const TpSessionListener *listener, void *user_data);
void tp_session_free(TpSession *s);

/* Claim the massager and start; false when it is busy or disconnected. */
bool tp_session_start(TpSession *s, GError **error);
bool tp_session_pause(TpSession *s);
bool tp_session_resume(TpSession *s);
void tp_session_skip(TpSession *s);
void tp_session_set_scale(TpSession *s, double scale);
/* End with @reason (a TPD_FINISH_*); no-op once finished. */
void tp_session_finish(TpSession *s, const char *reason);

TpSessionState tp_session_state(const TpSession *s);
const char *tp_session_state_name(const TpSession *s);
const char *tp_session_tag(const TpSession *s);
TpMassager *tp_session_massager(const TpSession *s);
const TpMuscle *tp_session_muscle(const TpSession *s);
const TpProgram *tp_session_program(const TpSession *s);
const char *tp_session_side(const TpSession *s);
unsigned tp_session_step(const TpSession *s);
unsigned tp_session_step_count(const TpSession *s);
char *tp_session_step_name(const TpSession *s);
const char *tp_session_cue(const TpSession *s);
unsigned tp_session_elapsed(const TpSession *s);  /* whole seconds */
unsigned tp_session_duration(const TpSession *s); /* whole seconds */
unsigned tp_session_intensity(const TpSession *s);
double tp_session_scale(const TpSession *s);
const char *tp_session_reason(const TpSession *s); /* "" while running */
gint64 tp_session_started_at(const TpSession *s);  /* Unix time, seconds */
gint64 tp_session_ended_at(const TpSession *s);	   /* 0 while running */
guint32 tp_session_uid(const TpSession *s);
int tp_session_pain_before(const TpSession *s); /* -1: not given */
