/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "curve.h"

#include <math.h>

static void tp_plan_append(TpPlan *plan, const TpProgram *program,
			   const char *side, unsigned spot_limit)
{
	for (unsigned i = 0; i < program->n_steps; i++) {
		const TpStep *step = &program->steps[i];
		TpPlanStep *ps = &plan->steps[plan->n_steps];
		double d = tp_step_duration(step, spot_limit);
		double slope = (step->end - step->start) / step->duration;
		double from = step->start;

		if (plan->n_steps > 0)
			from = MIN(from, ps[-1].to + TP_MAX_STEP_JUMP);
		*ps = (TpPlanStep){
			step, side, plan->duration,
			d,    from, CLAMP(from + slope * d, 0.0, 100.0)
		};
		plan->n_steps++;
		plan->duration += d;
	}
}

TpPlan *tp_plan_new(const TpProgram *program, const char *side,
		    unsigned spot_limit)
{
	bool both = g_str_equal(side, "both");
	TpPlan *plan = g_new0(TpPlan, 1);

	plan->steps = g_new0(TpPlanStep, program->n_steps * (both ? 2 : 1));
	if (both) {
		tp_plan_append(plan, program, "left", spot_limit);
		tp_plan_append(plan, program, "right", spot_limit);
	} else {
		/* Stored by pointer: keep a static string, not the caller's. */
		const char *s = g_str_equal(side, "left")    ? "left"
				: g_str_equal(side, "right") ? "right"
							     : "center";
		tp_plan_append(plan, program, s, spot_limit);
	}
	return plan;
}

void tp_plan_free(TpPlan *plan)
{
	if (!plan)
		return;
	g_free(plan->steps);
	g_free(plan);
}

unsigned tp_plan_step_at(const TpPlan *plan, double t)
{
	/* The parser refuses programs without steps; stay in range anyway. */
	if (plan->n_steps == 0)
		return 0;
	for (unsigned i = 0; i + 1 < plan->n_steps; i++)
		if (t < plan->steps[i].start + plan->steps[i].duration)
			return i;
	return plan->n_steps - 1;
}

static double tp_pattern_factor(const TpStep *step, double t)
{
	double phase;

	switch (step->pattern) {
	case TP_PATTERN_PULSE:
		phase = fmod(t, step->period) / step->period;
		return phase < step->duty ? 1.0 : 1.0 - step->depth;
	case TP_PATTERN_WAVE:
		/* Starts at the low point: each swell begins gently. */
		phase = fmod(t, step->period) / step->period;
		return 1.0 - step->depth * (1.0 + cos(2 * G_PI * phase)) / 2.0;
	default:
		return 1.0;
	}
}

static double tp_ramp_level(const TpStep *step, double from, double to,
			    double duration, double t)
{
	double f = duration > 0 ? CLAMP(t / duration, 0.0, 1.0) : 1.0;

	return (from + (to - from) * f) * tp_pattern_factor(step, t);
}

double tp_step_level(const TpStep *step, double duration, double t)
{
	return tp_ramp_level(step, step->start, step->end, duration, t);
}

double tp_plan_step_level(const TpPlanStep *ps, double t)
{
	return tp_ramp_level(ps->step, ps->from, ps->to, ps->duration, t);
}

double tp_curve_at(const TpPlan *plan, double scale, double cap, double t)
{
	if (plan->n_steps == 0 || t < 0 || t >= plan->duration)
		return 0.0;
	const TpPlanStep *ps = &plan->steps[tp_plan_step_at(plan, t)];
	double level = tp_plan_step_level(ps, t - ps->start);

	return CLAMP(level * scale, 0.0, CLAMP(cap, 0.0, 100.0));
}

double tp_scale_slew(double applied, double target, double rate, double dt)
{
	if (target <= applied)
		return target;
	return MIN(target, applied + rate * dt);
}
