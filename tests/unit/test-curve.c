/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Unit tests for the pure intensity functions of curve.h: plan layout,
 * per-step levels with ramps and patterns, the effective curve with scale
 * and cap, and the slew of the applied scale.
 *
 * Programs are built by hand on the stack: only plans come from the heap
 * (and are freed with tp_plan_free), never a TpProgram.
 */
#include <glib.h>

#include "therapy/curve.h"
#include "therapy/program.h"

#define EPS 1e-9

/* A steady step ramping linearly from @start to @end percent. */
static TpStep ramp_step(double duration, double start, double end)
{
	return (TpStep){
		.duration = duration,
		.start = start,
		.end = end,
		.pattern = TP_PATTERN_STEADY,
	};
}

static TpStep hold_step(double duration, double level)
{
	TpStep step = ramp_step(duration, level, level);

	step.hold = true;
	return step;
}

static TpStep pulse_step(double duration, double level, double period,
			 double duty, double depth)
{
	TpStep step = ramp_step(duration, level, level);

	step.pattern = TP_PATTERN_PULSE;
	step.period = period;
	step.duty = duty;
	step.depth = depth;
	return step;
}

static TpStep wave_step(double duration, double level, double period,
			double depth)
{
	TpStep step = ramp_step(duration, level, level);

	step.pattern = TP_PATTERN_WAVE;
	step.period = period;
	step.depth = depth;
	return step;
}

static TpProgram program_of(TpStep *steps, unsigned n_steps)
{
	return (TpProgram){ .steps = steps, .n_steps = n_steps };
}

/* ---- Linear ramps ---- */

static void test_step_ramp_start_mid_end(void)
{
	TpStep step = ramp_step(60, 20, 50);

	g_assert_cmpfloat_with_epsilon(tp_step_level(&step, 60, 0), 20, EPS);
	g_assert_cmpfloat_with_epsilon(tp_step_level(&step, 60, 30), 35, EPS);
	g_assert_cmpfloat_with_epsilon(tp_step_level(&step, 60, 15), 27.5, EPS);
	g_assert_cmpfloat_with_epsilon(tp_step_level(&step, 60, 60), 50, EPS);
}

static void test_step_ramp_down(void)
{
	TpStep step = ramp_step(10, 40, 10);

	g_assert_cmpfloat_with_epsilon(tp_step_level(&step, 10, 0), 40, EPS);
	g_assert_cmpfloat_with_epsilon(tp_step_level(&step, 10, 5), 25, EPS);
	g_assert_cmpfloat_with_epsilon(tp_step_level(&step, 10, 10), 10, EPS);
}

/* The ramp follows the duration passed in (the capped one for holds),
 * not the step's own, and stays at its ends outside the step. */
static void test_step_ramp_uses_given_duration(void)
{
	TpStep step = ramp_step(100, 0, 80);

	g_assert_cmpfloat_with_epsilon(tp_step_level(&step, 40, 20), 40, EPS);
	g_assert_cmpfloat_with_epsilon(tp_step_level(&step, 40, 50), 80, EPS);
	g_assert_cmpfloat_with_epsilon(tp_step_level(&step, 40, -5), 0, EPS);
}

static void test_curve_ramp_within_steps(void)
{
	TpStep steps[] = { ramp_step(20, 10, 30), ramp_step(40, 30, 70) };
	TpProgram program = program_of(steps, G_N_ELEMENTS(steps));
	g_autoptr(TpPlan) plan = tp_plan_new(&program, "center", 0);

	g_assert_cmpfloat_with_epsilon(tp_curve_at(plan, 1, 100, 0), 10, EPS);
	g_assert_cmpfloat_with_epsilon(tp_curve_at(plan, 1, 100, 10), 20, EPS);
	/* The second step's ramp is measured from its own start. */
	g_assert_cmpfloat_with_epsilon(tp_curve_at(plan, 1, 100, 20), 30, EPS);
	g_assert_cmpfloat_with_epsilon(tp_curve_at(plan, 1, 100, 40), 50, EPS);
	g_assert_cmpfloat_with_epsilon(tp_curve_at(plan, 1, 100, 59), 69, EPS);
}

/* ---- Layout in time ---- */

static void test_plan_steps_back_to_back(void)
{
	TpStep steps[] = { ramp_step(10, 10, 20), ramp_step(20, 20, 30),
			   ramp_step(30, 30, 30) };
	TpProgram program = program_of(steps, G_N_ELEMENTS(steps));
	g_autoptr(TpPlan) plan = tp_plan_new(&program, "center", 0);
	const double starts[] = { 0, 10, 30 };

	g_assert_cmpuint(plan->n_steps, ==, 3);
	for (unsigned i = 0; i < plan->n_steps; i++) {
		g_assert_true(plan->steps[i].step == &steps[i]);
		g_assert_cmpfloat_with_epsilon(plan->steps[i].start, starts[i],
					       EPS);
		g_assert_cmpfloat_with_epsilon(plan->steps[i].duration,
					       steps[i].duration, EPS);
	}
}

static void test_plan_total_duration(void)
{
	TpStep steps[] = { ramp_step(10, 10, 20), ramp_step(20, 20, 30),
			   ramp_step(30.5, 30, 30) };
	TpProgram program = program_of(steps, G_N_ELEMENTS(steps));
	g_autoptr(TpPlan) plan = tp_plan_new(&program, "left", 0);

	g_assert_cmpfloat_with_epsilon(plan->duration, 60.5, EPS);
	g_assert_cmpfloat_with_epsilon(plan->duration,
				       tp_program_duration(&program), EPS);
}

/* A boundary belongs to the step that starts there. */
static void test_plan_step_at_boundaries(void)
{
	TpStep steps[] = { ramp_step(10, 10, 20), ramp_step(20, 20, 30),
			   ramp_step(30, 30, 30) };
	TpProgram program = program_of(steps, G_N_ELEMENTS(steps));
	g_autoptr(TpPlan) plan = tp_plan_new(&program, "center", 0);

	g_assert_cmpuint(tp_plan_step_at(plan, 0), ==, 0);
	g_assert_cmpuint(tp_plan_step_at(plan, 9.999), ==, 0);
	g_assert_cmpuint(tp_plan_step_at(plan, 10), ==, 1);
	g_assert_cmpuint(tp_plan_step_at(plan, 29.999), ==, 1);
	g_assert_cmpuint(tp_plan_step_at(plan, 30), ==, 2);
	g_assert_cmpuint(tp_plan_step_at(plan, 59.999), ==, 2);
}

static void test_plan_step_at_past_end_is_last(void)
{
	TpStep steps[] = { ramp_step(10, 10, 20), ramp_step(20, 20, 30) };
	TpProgram program = program_of(steps, G_N_ELEMENTS(steps));
	g_autoptr(TpPlan) plan = tp_plan_new(&program, "center", 0);

	g_assert_cmpuint(tp_plan_step_at(plan, 30), ==, 1);
	g_assert_cmpuint(tp_plan_step_at(plan, 1000), ==, 1);
}

/* ---- Sides ---- */

static void test_plan_both_is_left_then_right(void)
{
	TpStep steps[] = { ramp_step(10, 10, 20), ramp_step(20, 20, 30) };
	TpProgram program = program_of(steps, G_N_ELEMENTS(steps));
	g_autoptr(TpPlan) plan = tp_plan_new(&program, "both", 0);
	const char *sides[] = { "left", "left", "right", "right" };
	const double starts[] = { 0, 10, 30, 40 };

	g_assert_cmpuint(plan->n_steps, ==, 4);
	g_assert_cmpfloat_with_epsilon(plan->duration, 60, EPS);
	for (unsigned i = 0; i < plan->n_steps; i++) {
		g_assert_cmpstr(plan->steps[i].side, ==, sides[i]);
		g_assert_true(plan->steps[i].step == &steps[i % 2]);
		g_assert_cmpfloat_with_epsilon(plan->steps[i].start, starts[i],
					       EPS);
	}
}

/* The right side replays the program from its first level. */
static void test_curve_both_restarts_for_right(void)
{
	TpStep steps[] = { ramp_step(10, 10, 30) };
	TpProgram program = program_of(steps, G_N_ELEMENTS(steps));
	g_autoptr(TpPlan) plan = tp_plan_new(&program, "both", 0);

	g_assert_cmpfloat_with_epsilon(tp_curve_at(plan, 1, 100, 5), 20, EPS);
	g_assert_cmpfloat_with_epsilon(tp_curve_at(plan, 1, 100, 10), 10, EPS);
	g_assert_cmpfloat_with_epsilon(tp_curve_at(plan, 1, 100, 15), 20, EPS);
}

static void check_single_side(const char *side)
{
	TpStep steps[] = { ramp_step(10, 10, 20), ramp_step(20, 20, 30) };
	TpProgram program = program_of(steps, G_N_ELEMENTS(steps));
	g_autoptr(TpPlan) plan = tp_plan_new(&program, side, 0);

	g_assert_cmpuint(plan->n_steps, ==, 2);
	g_assert_cmpfloat_with_epsilon(plan->duration, 30, EPS);
	for (unsigned i = 0; i < plan->n_steps; i++)
		g_assert_cmpstr(plan->steps[i].side, ==, side);
}

static void test_plan_left_not_duplicated(void)
{
	check_single_side("left");
}

static void test_plan_right_not_duplicated(void)
{
	check_single_side("right");
}

static void test_plan_center_not_duplicated(void)
{
	check_single_side("center");
}

/* Plan steps outlive the request: the side must not point into the
 * caller's buffer. */
static void check_side_not_borrowed(const char *side)
{
	TpStep steps[] = { ramp_step(10, 10, 20) };
	TpProgram program = program_of(steps, G_N_ELEMENTS(steps));
	char *copy = g_strdup(side);
	g_autoptr(TpPlan) plan = tp_plan_new(&program, copy, 0);

	g_assert_true(plan->steps[0].side != copy);
	g_free(copy);
	g_assert_cmpstr(plan->steps[0].side, ==, side);
}

static void test_plan_side_not_borrowed(void)
{
	check_side_not_borrowed("left");
	check_side_not_borrowed("right");
	check_side_not_borrowed("center");
}

/* ---- Hold steps and the spot limit ---- */

static void test_plan_hold_capped_by_spot_limit(void)
{
	TpStep steps[] = { hold_step(120, 40), ramp_step(120, 40, 40),
			   hold_step(45.5, 40) };
	TpProgram program = program_of(steps, G_N_ELEMENTS(steps));
	g_autoptr(TpPlan) plan = tp_plan_new(&program, "center", 45);

	g_assert_cmpfloat_with_epsilon(plan->steps[0].duration, 45, EPS);
	g_assert_cmpfloat_with_epsilon(plan->steps[1].start, 45, EPS);
	/* Any fraction over the limit is cut too. */
	g_assert_cmpfloat_with_epsilon(plan->steps[2].duration, 45, EPS);
	g_assert_cmpfloat_with_epsilon(plan->duration, 210, EPS);
	g_assert_cmpuint(tp_plan_step_at(plan, 45), ==, 1);
}

/*
 * A rising hold cut short keeps its slope and ends early, lower: cutting
 * must never squeeze the ramp into less time (20 s of 10 -> 60 is
 * 2.5 %/s; squeezed into 5 s it would be 10 %/s). The next step then
 * starts at most TP_MAX_STEP_JUMP above where the cut one really ended,
 * and keeps its own slope from there.
 */
static void test_plan_cut_hold_keeps_slope(void)
{
	TpStep steps[] = { ramp_step(20, 10, 60), ramp_step(10, 60, 70) };
	TpProgram program = program_of(steps, G_N_ELEMENTS(steps));
	g_autoptr(TpPlan) plan = NULL;

	steps[0].hold = true;
	plan = tp_plan_new(&program, "center", 5);
	g_assert_cmpfloat_with_epsilon(plan->steps[0].duration, 5, EPS);
	g_assert_cmpfloat_with_epsilon(tp_curve_at(plan, 1, 100, 0), 10, EPS);
	g_assert_cmpfloat_with_epsilon(tp_curve_at(plan, 1, 100, 4), 20, EPS);
	g_assert_cmpfloat_with_epsilon(plan->steps[0].to, 22.5, EPS);
	g_assert_cmpfloat_with_epsilon(plan->steps[1].from,
				       22.5 + TP_MAX_STEP_JUMP, EPS);
	g_assert_cmpfloat_with_epsilon(tp_curve_at(plan, 1, 100, 5),
				       22.5 + TP_MAX_STEP_JUMP, EPS);
	g_assert_cmpfloat_with_epsilon(tp_curve_at(plan, 1, 100, 10),
				       22.5 + TP_MAX_STEP_JUMP + 5, EPS);
	/* Uncut, the program plays as written. */
	g_clear_pointer(&plan, tp_plan_free);
	plan = tp_plan_new(&program, "center", 0);
	g_assert_cmpfloat_with_epsilon(tp_curve_at(plan, 1, 100, 10), 35, EPS);
	g_assert_cmpfloat_with_epsilon(plan->steps[1].from, 60, EPS);
	g_assert_cmpfloat_with_epsilon(plan->steps[1].to, 70, EPS);
}

static void test_plan_not_hold_not_capped(void)
{
	TpStep steps[] = { ramp_step(120, 40, 40) };
	TpProgram program = program_of(steps, G_N_ELEMENTS(steps));
	g_autoptr(TpPlan) plan = tp_plan_new(&program, "center", 45);

	g_assert_cmpfloat_with_epsilon(plan->steps[0].duration, 120, EPS);
	g_assert_cmpfloat_with_epsilon(plan->duration, 120, EPS);
}

static void test_plan_spot_limit_zero_not_capped(void)
{
	TpStep steps[] = { hold_step(120, 40) };
	TpProgram program = program_of(steps, G_N_ELEMENTS(steps));
	g_autoptr(TpPlan) plan = tp_plan_new(&program, "center", 0);

	g_assert_cmpfloat_with_epsilon(plan->steps[0].duration, 120, EPS);
	g_assert_cmpfloat_with_epsilon(plan->duration, 120, EPS);
}

static void test_plan_hold_below_limit_unchanged(void)
{
	TpStep steps[] = { hold_step(30, 40) };
	TpProgram program = program_of(steps, G_N_ELEMENTS(steps));
	g_autoptr(TpPlan) plan = tp_plan_new(&program, "center", 45);

	g_assert_cmpfloat_with_epsilon(plan->steps[0].duration, 30, EPS);
}

static void test_plan_spot_limit_caps_each_side(void)
{
	TpStep steps[] = { hold_step(90, 40), ramp_step(10, 40, 40) };
	TpProgram program = program_of(steps, G_N_ELEMENTS(steps));
	g_autoptr(TpPlan) plan = tp_plan_new(&program, "both", 60);

	g_assert_cmpuint(plan->n_steps, ==, 4);
	g_assert_cmpfloat_with_epsilon(plan->steps[0].duration, 60, EPS);
	g_assert_cmpfloat_with_epsilon(plan->steps[2].duration, 60, EPS);
	g_assert_cmpfloat_with_epsilon(plan->steps[2].start, 70, EPS);
	g_assert_cmpfloat_with_epsilon(plan->duration, 140, EPS);
}

/* ---- Patterns ---- */

static void test_pulse_on_then_off_each_period(void)
{
	TpStep step = pulse_step(60, 80, 2, 0.25, 0.5);

	/* On for the first quarter of each 2 s period ... */
	g_assert_cmpfloat_with_epsilon(tp_step_level(&step, 60, 0), 80, EPS);
	g_assert_cmpfloat_with_epsilon(tp_step_level(&step, 60, 0.4), 80, EPS);
	/* ... then down by half for the rest of it. */
	g_assert_cmpfloat_with_epsilon(tp_step_level(&step, 60, 0.6), 40, EPS);
	g_assert_cmpfloat_with_epsilon(tp_step_level(&step, 60, 1.9), 40, EPS);
	/* The next period starts on again. */
	g_assert_cmpfloat_with_epsilon(tp_step_level(&step, 60, 2.1), 80, EPS);
	g_assert_cmpfloat_with_epsilon(tp_step_level(&step, 60, 2.7), 40, EPS);
}

static void test_pulse_full_depth_is_off(void)
{
	TpStep step = pulse_step(60, 70, 1, 0.5, 1.0);

	g_assert_cmpfloat_with_epsilon(tp_step_level(&step, 60, 10.25), 70,
				       EPS);
	g_assert_cmpfloat_with_epsilon(tp_step_level(&step, 60, 10.75), 0, EPS);
}

/* The pattern modulates the ramp, it does not replace it. */
static void test_pulse_modulates_ramp(void)
{
	TpStep step = pulse_step(40, 0, 2, 0.5, 0.5);

	step.start = 20;
	step.end = 60;
	g_assert_cmpfloat_with_epsilon(tp_step_level(&step, 40, 10), 30, EPS);
	g_assert_cmpfloat_with_epsilon(tp_step_level(&step, 40, 11), 15.5, EPS);
}

static void test_wave_starts_at_low_point(void)
{
	TpStep step = wave_step(60, 60, 4, 0.5);

	g_assert_cmpfloat_with_epsilon(tp_step_level(&step, 60, 0), 30, EPS);
	/* Every period begins low again. */
	g_assert_cmpfloat_with_epsilon(tp_step_level(&step, 60, 4), 30, EPS);
}

static void test_wave_full_at_half_period(void)
{
	TpStep step = wave_step(60, 60, 4, 0.5);

	g_assert_cmpfloat_with_epsilon(tp_step_level(&step, 60, 2), 60, EPS);
	g_assert_cmpfloat_with_epsilon(tp_step_level(&step, 60, 6), 60, EPS);
}

/* Smooth and symmetric: a quarter period is halfway up the swell. */
static void test_wave_quarter_period_halfway(void)
{
	TpStep step = wave_step(60, 60, 4, 0.5);

	g_assert_cmpfloat_with_epsilon(tp_step_level(&step, 60, 1), 45, EPS);
	g_assert_cmpfloat_with_epsilon(tp_step_level(&step, 60, 3), 45, EPS);
}

static void test_wave_stays_within_depth(void)
{
	TpStep step = wave_step(60, 60, 4, 0.5);

	for (double t = 0; t < 60; t += 0.1) {
		double level = tp_step_level(&step, 60, t);

		g_assert_cmpfloat(level, >=, 30 - EPS);
		g_assert_cmpfloat(level, <=, 60 + EPS);
	}
}

/* ---- tp_curve_at: scale, cap, range and time bounds ---- */

static TpPlan *steady_plan(TpStep *step, double level)
{
	TpProgram program;

	*step = ramp_step(60, level, level);
	program = program_of(step, 1);
	return tp_plan_new(&program, "center", 0);
}

static void test_curve_scale_multiplies(void)
{
	TpStep step;
	g_autoptr(TpPlan) plan = steady_plan(&step, 50);

	g_assert_cmpfloat_with_epsilon(tp_curve_at(plan, 0.5, 100, 10), 25,
				       EPS);
	g_assert_cmpfloat_with_epsilon(tp_curve_at(plan, 1.5, 100, 10), 75,
				       EPS);
	g_assert_cmpfloat_with_epsilon(tp_curve_at(plan, 0, 100, 10), 0, EPS);
}

static void test_curve_cap_below_level_clamps(void)
{
	TpStep step;
	g_autoptr(TpPlan) plan = steady_plan(&step, 80);

	g_assert_cmpfloat_with_epsilon(tp_curve_at(plan, 1, 60, 10), 60, EPS);
}

static void test_curve_cap_above_level_no_effect(void)
{
	TpStep step;
	g_autoptr(TpPlan) plan = steady_plan(&step, 80);

	g_assert_cmpfloat_with_epsilon(tp_curve_at(plan, 1, 90, 10), 80, EPS);
}

/* The cap applies after the scale: scaling up cannot pass it. */
static void test_curve_cap_applies_after_scale(void)
{
	TpStep step;
	g_autoptr(TpPlan) plan = steady_plan(&step, 50);

	g_assert_cmpfloat_with_epsilon(tp_curve_at(plan, 1.5, 60, 10), 60, EPS);
}

static void test_curve_never_above_100(void)
{
	TpStep step;
	g_autoptr(TpPlan) plan = steady_plan(&step, 80);

	g_assert_cmpfloat_with_epsilon(tp_curve_at(plan, 2, 100, 10), 100, EPS);
	g_assert_cmpfloat_with_epsilon(tp_curve_at(plan, 2, 150, 10), 100, EPS);
}

static void test_curve_never_below_0(void)
{
	TpStep step;
	g_autoptr(TpPlan) plan = steady_plan(&step, 80);

	g_assert_cmpfloat_with_epsilon(tp_curve_at(plan, -1, 100, 10), 0, EPS);
	g_assert_cmpfloat_with_epsilon(tp_curve_at(plan, 1, -10, 10), 0, EPS);
}

static void test_curve_zero_before_start(void)
{
	TpStep step;
	g_autoptr(TpPlan) plan = steady_plan(&step, 80);

	g_assert_cmpfloat_with_epsilon(tp_curve_at(plan, 1, 100, -0.001), 0,
				       EPS);
	g_assert_cmpfloat_with_epsilon(tp_curve_at(plan, 1, 100, -30), 0, EPS);
	g_assert_cmpfloat_with_epsilon(tp_curve_at(plan, 1, 100, 0), 80, EPS);
}

static void test_curve_zero_at_and_after_end(void)
{
	TpStep step;
	g_autoptr(TpPlan) plan = steady_plan(&step, 80);

	g_assert_cmpfloat_with_epsilon(tp_curve_at(plan, 1, 100, 59.999), 80,
				       EPS);
	g_assert_cmpfloat_with_epsilon(tp_curve_at(plan, 1, 100, 60), 0, EPS);
	g_assert_cmpfloat_with_epsilon(tp_curve_at(plan, 1, 100, 600), 0, EPS);
}

static void test_curve_empty_program_is_zero(void)
{
	TpProgram program = program_of(NULL, 0);
	g_autoptr(TpPlan) plan = tp_plan_new(&program, "both", 0);

	g_assert_cmpuint(plan->n_steps, ==, 0);
	g_assert_cmpfloat_with_epsilon(plan->duration, 0, EPS);
	g_assert_cmpfloat_with_epsilon(tp_curve_at(plan, 1, 100, 0), 0, EPS);
}

/* ---- tp_scale_slew ---- */

static void test_slew_lowering_immediate(void)
{
	g_assert_cmpfloat_with_epsilon(tp_scale_slew(0.8, 0.3, 0.1, 0.5), 0.3,
				       EPS);
	/* Even with no time passed. */
	g_assert_cmpfloat_with_epsilon(tp_scale_slew(1.2, 0.0, 0.1, 0), 0.0,
				       EPS);
}

static void test_slew_raising_limited_by_rate(void)
{
	g_assert_cmpfloat_with_epsilon(tp_scale_slew(0.2, 1.0, 0.1, 2.0), 0.4,
				       EPS);
	g_assert_cmpfloat_with_epsilon(tp_scale_slew(0.2, 1.0, 0.1, 0), 0.2,
				       EPS);
}

static void test_slew_raising_never_overshoots(void)
{
	g_assert_cmpfloat_with_epsilon(tp_scale_slew(0.9, 1.0, 0.5, 1.0), 1.0,
				       EPS);
	g_assert_cmpfloat_with_epsilon(tp_scale_slew(0.5, 0.5, 0.5, 1.0), 0.5,
				       EPS);
}

/* Ticking repeatedly rises at the rate and settles exactly on target. */
static void test_slew_converges_on_target(void)
{
	double applied = 0.0;
	unsigned ticks = 0;

	while (applied < 1.0 && ticks < 100) {
		double next = tp_scale_slew(applied, 1.0, 0.25, 0.5);

		g_assert_cmpfloat(next - applied, <=, 0.125 + EPS);
		applied = next;
		ticks++;
	}
	g_assert_cmpuint(ticks, ==, 8);
	g_assert_cmpfloat(applied, ==, 1.0);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);

	g_test_add_func("/curve/step/ramp-start-mid-end",
			test_step_ramp_start_mid_end);
	g_test_add_func("/curve/step/ramp-down", test_step_ramp_down);
	g_test_add_func("/curve/step/ramp-uses-given-duration",
			test_step_ramp_uses_given_duration);
	g_test_add_func("/curve/curve-at/ramp-within-steps",
			test_curve_ramp_within_steps);

	g_test_add_func("/curve/plan/steps-back-to-back",
			test_plan_steps_back_to_back);
	g_test_add_func("/curve/plan/total-duration", test_plan_total_duration);
	g_test_add_func("/curve/plan/step-at-boundaries",
			test_plan_step_at_boundaries);
	g_test_add_func("/curve/plan/step-at-past-end-is-last",
			test_plan_step_at_past_end_is_last);

	g_test_add_func("/curve/plan/both-is-left-then-right",
			test_plan_both_is_left_then_right);
	g_test_add_func("/curve/curve-at/both-restarts-for-right",
			test_curve_both_restarts_for_right);
	g_test_add_func("/curve/plan/left-not-duplicated",
			test_plan_left_not_duplicated);
	g_test_add_func("/curve/plan/right-not-duplicated",
			test_plan_right_not_duplicated);
	g_test_add_func("/curve/plan/center-not-duplicated",
			test_plan_center_not_duplicated);
	g_test_add_func("/curve/plan/side-not-borrowed",
			test_plan_side_not_borrowed);

	g_test_add_func("/curve/plan/hold-capped-by-spot-limit",
			test_plan_hold_capped_by_spot_limit);
	g_test_add_func("/curve/plan/not-hold-not-capped",
			test_plan_not_hold_not_capped);
	g_test_add_func("/curve/plan/spot-limit-zero-not-capped",
			test_plan_spot_limit_zero_not_capped);
	g_test_add_func("/curve/plan/hold-below-limit-unchanged",
			test_plan_hold_below_limit_unchanged);
	g_test_add_func("/curve/plan/spot-limit-caps-each-side",
			test_plan_spot_limit_caps_each_side);

	g_test_add_func("/curve/pulse/on-then-off-each-period",
			test_pulse_on_then_off_each_period);
	g_test_add_func("/curve/pulse/full-depth-is-off",
			test_pulse_full_depth_is_off);
	g_test_add_func("/curve/pulse/modulates-ramp",
			test_pulse_modulates_ramp);
	g_test_add_func("/curve/wave/starts-at-low-point",
			test_wave_starts_at_low_point);
	g_test_add_func("/curve/wave/full-at-half-period",
			test_wave_full_at_half_period);
	g_test_add_func("/curve/wave/quarter-period-halfway",
			test_wave_quarter_period_halfway);
	g_test_add_func("/curve/wave/stays-within-depth",
			test_wave_stays_within_depth);

	g_test_add_func("/curve/curve-at/scale-multiplies",
			test_curve_scale_multiplies);
	g_test_add_func("/curve/curve-at/cap-below-level-clamps",
			test_curve_cap_below_level_clamps);
	g_test_add_func("/curve/curve-at/cap-above-level-no-effect",
			test_curve_cap_above_level_no_effect);
	g_test_add_func("/curve/curve-at/cap-applies-after-scale",
			test_curve_cap_applies_after_scale);
	g_test_add_func("/curve/curve-at/never-above-100",
			test_curve_never_above_100);
	g_test_add_func("/curve/curve-at/never-below-0",
			test_curve_never_below_0);
	g_test_add_func("/curve/curve-at/zero-before-start",
			test_curve_zero_before_start);
	g_test_add_func("/curve/curve-at/zero-at-and-after-end",
			test_curve_zero_at_and_after_end);
	g_test_add_func("/curve/curve-at/empty-program-is-zero",
			test_curve_empty_program_is_zero);

	g_test_add_func("/curve/plan/cut-hold-keeps-slope",
			test_plan_cut_hold_keeps_slope);
	g_test_add_func("/curve/slew/lowering-immediate",
			test_slew_lowering_immediate);
	g_test_add_func("/curve/slew/raising-limited-by-rate",
			test_slew_raising_limited_by_rate);
	g_test_add_func("/curve/slew/raising-never-overshoots",
			test_slew_raising_never_overshoots);
	g_test_add_func("/curve/slew/converges-on-target",
			test_slew_converges_on_target);

	return g_test_run();
}
