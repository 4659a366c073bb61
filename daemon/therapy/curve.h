/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>

#include "program.h"

/*
 * The intensity curve of a session as pure functions, without clocks or
 * I/O: a plan lays a program's steps out in time for the chosen side(s),
 * and tp_curve_at() gives the effective intensity at any moment.
 */

typedef struct {
	const TpStep *step;
	const char *side; /* "left", "right" or "center" */
	double start;	  /* seconds from the session's start */
	double duration;  /* seconds; hold steps capped by the spot limit */
	double from, to;  /* the ramp as played, 0-100 (see tp_plan_new) */
} TpPlanStep;

typedef struct {
	TpPlanStep *steps;
	unsigned n_steps;
	double duration;
} TpPlan;

/*
 * @side is "left", "right", "center" or "both" (left, then right).
 * @spot_limit caps hold steps, in seconds (0: no cap). A capped step keeps
 * its written slope and ends early, short of its written End, and a step
 * never starts more than TP_MAX_STEP_JUMP above where the previous one
 * really ended: cutting a program short never makes it steeper.
 */
TpPlan *tp_plan_new(const TpProgram *program, const char *side,
		    unsigned spot_limit);
void tp_plan_free(TpPlan *plan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TpPlan, tp_plan_free)

/* The step running at @t (the last one past the end). */
unsigned tp_plan_step_at(const TpPlan *plan, double t);

/* The program's own level at @t within a step, 0–100, pattern applied. */
double tp_step_level(const TpStep *step, double duration, double t);
/* The same for a step of a plan, as it is played. */
double tp_plan_step_level(const TpPlanStep *ps, double t);

/*
 * Effective intensity at @t seconds: the program's level times @scale,
 * never above @cap (the lowest of muscle, model and user caps) nor outside
 * 0–100. Zero before the start and after the end.
 */
double tp_curve_at(const TpPlan *plan, double scale, double cap, double t);

/* Move the applied scale toward @target: down at once, up by at most
 * @rate per second over @dt seconds. */
double tp_scale_slew(double applied, double target, double rate, double dt);
