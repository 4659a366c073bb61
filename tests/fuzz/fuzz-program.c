/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Program files (data/programs/NAME.program and an administrator's own):
 * loaded as tpd loads them, then laid out and played as a session plays
 * them, since a program that loads must also run within its promises.
 */
#include <math.h>

#include "device/model.h"
#include "fuzz-common.h"
#include "therapy/curve.h"
#include "therapy/program.h"
#include "therapy/vocabulary.h"

/* A session's intensity is always 0-100 (curve.h), whatever the data. */
static void tp_fuzz_play(const TpProgram *p, const char *side,
			 unsigned spot_limit)
{
	g_autoptr(TpPlan) plan = tp_plan_new(p, side, spot_limit);
	const double probes = 16;

	TP_FUZZ_CHECK(plan->duration >= 0);
	for (double i = -1; i <= probes + 1; i++) {
		double t = plan->duration * i / probes;
		double level = tp_curve_at(plan, 1.0, 100, t);

		TP_FUZZ_CHECK(level >= 0 && level <= 100);
		TP_FUZZ_CHECK(tp_plan_step_at(plan, t) < MAX(plan->n_steps, 1));
	}
	for (unsigned i = 0; i < plan->n_steps; i++) {
		const TpPlanStep *ps = &plan->steps[i];
		double mid = tp_plan_step_level(ps, ps->duration / 2);

		TP_FUZZ_CHECK(mid >= 0 && mid <= 100);
	}
}

static void tp_fuzz_use(const TpProgram *p)
{
	TP_FUZZ_CHECK(p->n_steps > 0 && p->n_steps <= TP_MAX_STEPS);
	TP_FUZZ_CHECK(isfinite(tp_program_duration(p)));
	TP_FUZZ_CHECK(tp_program_duration_held(p, 30) <=
		      tp_program_duration_held(p, 0));
	for (unsigned i = 0; i < p->n_steps; i++)
		TP_FUZZ_CHECK(tp_step_duration(&p->steps[i], 30) <= 600);
	for (const char *const *kind = tp_tool_kinds; *kind; kind++)
		tp_program_suits(p, *kind);
	tp_fuzz_play(p, "both", 0);
	tp_fuzz_play(p, "center", 30);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(GPtrArray) problems = tp_problems_new();
	g_autoptr(TpDataFile) file = tp_data_file_load_data(
	    "fuzz.program", (const char *)data, size, problems);
	g_autoptr(TpProgram) p =
	    file ? tp_program_parse(file, "fuzz", problems) : NULL;

	if (!tp_fuzz_parsed(p, problems))
		return 0;
	tp_fuzz_use(p);
	return 0;
}
