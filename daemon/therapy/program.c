/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "program.h"

#include <stddef.h>
#include <stdio.h>

#include "device/model.h"
#include "vocabulary.h"

#define TP_PROGRAM_GROUP "Program"

static const char *const tp_pattern_names[] = { "steady", "pulse", "wave",
						NULL };

static const TpField tp_program_fields[] = {
	{ "Name", TP_FIELD_STRING, offsetof(TpProgram, name), true },
	{ "Description", TP_FIELD_STRING, offsetof(TpProgram, description),
	  true },
	{ "Kinds", TP_FIELD_STRV, offsetof(TpProgram, kinds), true,
	  .choices = tp_tool_kinds },
	{ NULL },
};

static const TpField tp_step_fields[] = {
	{ "Name", TP_FIELD_STRING, offsetof(TpStep, name), true },
	{ "Cue", TP_FIELD_STRING, offsetof(TpStep, cue), true },
	{ "Duration", TP_FIELD_DOUBLE, offsetof(TpStep, duration), true, 1,
	  600 },
	{ "Start", TP_FIELD_DOUBLE, offsetof(TpStep, start), true, 0, 100 },
	{ "End", TP_FIELD_DOUBLE, offsetof(TpStep, end), true, 0, 100 },
	{ "Pattern", TP_FIELD_ENUM, offsetof(TpStep, pattern), false,
	  .choices = tp_pattern_names },
	{ "Period", TP_FIELD_DOUBLE, offsetof(TpStep, period), false, 0.2, 60 },
	{ "Duty", TP_FIELD_DOUBLE, offsetof(TpStep, duty), false, 0.05, 0.95 },
	{ "Depth", TP_FIELD_DOUBLE, offsetof(TpStep, depth), false, 0, 1 },
	{ "Hold", TP_FIELD_BOOL, offsetof(TpStep, hold) },
	{ NULL },
};

void tp_program_free(TpProgram *program)
{
	if (!program)
		return;
	for (unsigned i = 0; i < program->n_steps; i++)
		tp_fields_clear(tp_step_fields, &program->steps[i]);
	g_free(program->steps);
	tp_fields_clear(tp_program_fields, program);
	g_free(program->id);
	g_free(program->variant);
	g_free(program->key);
	g_free(program);
}

static bool tp_has_key(TpDataFile *file, const char *group, const char *key)
{
	return tp_data_file_line(file, group, key) != 0;
}

/* Pattern keys: Period for pulse and wave, Duty for pulse, Depth for both;
 * a steady step takes none of them. */
static bool tp_step_check_pattern(TpDataFile *file, const char *group,
				  TpStep *step, TpProblems *problems)
{
	static const char *const keys[] = { "Period", "Duty", "Depth" };
	bool ok = true;

	if (step->pattern == TP_PATTERN_STEADY) {
		for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
			if (!tp_has_key(file, group, keys[i]))
				continue;
			tp_data_file_problem(file, problems, group, keys[i],
					     "only pulse and wave patterns "
					     "take %s",
					     keys[i]);
			ok = false;
		}
		return ok;
	}
	if (!tp_has_key(file, group, "Period")) {
		tp_data_file_problem(file, problems, group, NULL,
				     "pattern %s needs Period (seconds)",
				     tp_pattern_names[step->pattern]);
		ok = false;
	}
	if (step->pattern == TP_PATTERN_PULSE &&
	    !tp_has_key(file, group, "Duty")) {
		tp_data_file_problem(file, problems, group, NULL,
				     "pattern pulse needs Duty (0.05 to 0.95)");
		ok = false;
	}
	if (step->pattern == TP_PATTERN_WAVE &&
	    tp_has_key(file, group, "Duty")) {
		tp_data_file_problem(file, problems, group, "Duty",
				     "only the pulse pattern takes Duty");
		ok = false;
	}
	return ok;
}

/* "Start gently, never too hard too fast", as rules on the data. */
static bool tp_step_check_gentle(TpDataFile *file, const char *group,
				 const TpStep *step, const TpStep *previous,
				 TpProblems *problems)
{
	double rate = (step->end - step->start) / step->duration;

	if (!previous && step->start > TP_GENTLE_START) {
		tp_data_file_problem(file, problems, group, "Start",
				     "a program starts at %g%% at most; got %g",
				     TP_GENTLE_START, step->start);
		return false;
	}
	if (previous && step->start > previous->end + TP_MAX_STEP_JUMP) {
		tp_data_file_problem(file, problems, group, "Start",
				     "jumps from %g to %g; a step may start at "
				     "most %g above where the last one ended",
				     previous->end, step->start,
				     TP_MAX_STEP_JUMP);
		return false;
	}
	if (rate > TP_MAX_RAMP_RATE) {
		tp_data_file_problem(file, problems, group, "End",
				     "rises %.1f%% per second; at most %g is "
				     "allowed (lengthen Duration or lower End)",
				     rate, TP_MAX_RAMP_RATE);
		return false;
	}
	return true;
}

static bool tp_program_parse_steps(TpDataFile *file, TpProgram *p,
				   TpProblems *problems)
{
	bool ok = true;

	for (unsigned i = 0; i < TP_MAX_STEPS + 1; i++) {
		char group[32];
		snprintf(group, sizeof(group), "Step %u", i + 1);
		if (tp_data_file_line(file, group, NULL) == 0)
			break;
		if (i == TP_MAX_STEPS) {
			tp_data_file_problem(file, problems, group, NULL,
					     "more than %d steps",
					     TP_MAX_STEPS);
			return false;
		}
		p->steps = g_renew(TpStep, p->steps, i + 1);
		TpStep *step = &p->steps[i];
		*step = (TpStep){ .pattern = TP_PATTERN_STEADY };
		p->n_steps = i + 1;
		if (!tp_data_file_parse_group(file, group, tp_step_fields, step,
					      problems)) {
			ok = false;
			continue;
		}
		if (!tp_has_key(file, group, "Depth"))
			step->depth =
			    step->pattern == TP_PATTERN_PULSE ? 1.0 : 0.5;
		ok &= tp_step_check_pattern(file, group, step, problems);
		if (ok)
			ok &= tp_step_check_gentle(file, group, step,
						   i ? &p->steps[i - 1] : NULL,
						   problems);
	}
	return ok;
}

/* Steps are numbered 1..N without gaps: a missing number is a typo that
 * would silently drop every later step. */
static bool tp_program_check_numbering(TpDataFile *file, unsigned n_steps,
				       TpProblems *problems)
{
	bool ok = true;

	for (const char *const *g = tp_data_file_groups(file); *g; g++) {
		unsigned number = 0;
		char canonical[32];
		if (!g_str_has_prefix(*g, "Step "))
			continue;
		/* Exactly "Step N": "Step 01" or "Step +1" would be a second
		 * step 1 that is never read. */
		sscanf(*g + 5, "%u", &number);
		snprintf(canonical, sizeof(canonical), "Step %u", number);
		if (g_str_equal(*g, canonical) && number >= 1 &&
		    number <= n_steps)
			continue;
		tp_data_file_problem(file, problems, *g, NULL,
				     "steps must be numbered [Step 1] to "
				     "[Step N] without gaps");
		ok = false;
	}
	if (n_steps == 0) {
		tp_problems_add(problems, "%s: no steps; add [Step 1]",
				tp_data_file_path(file));
		ok = false;
	}
	return ok;
}

TpProgram *tp_program_parse(TpDataFile *file, const char *id,
			    TpProblems *problems)
{
	static const char *const groups[] = { TP_PROGRAM_GROUP, "Step *",
					      NULL };
	g_autoptr(TpProgram) p = g_new0(TpProgram, 1);
	bool ok;

	if (!tp_data_file_check_groups(file, groups, problems) ||
	    !tp_data_file_require_group(file, TP_PROGRAM_GROUP, problems))
		return NULL;
	p->id = g_strdup(id);
	ok = tp_data_file_parse_group(file, TP_PROGRAM_GROUP, tp_program_fields,
				      p, problems);
	ok &= tp_program_parse_steps(file, p, problems);
	ok &= tp_program_check_numbering(file, p->n_steps, problems);
	if (ok && g_strv_length(p->kinds) == 0) {
		tp_data_file_problem(file, problems, TP_PROGRAM_GROUP, "Kinds",
				     "list at least one tool kind");
		ok = false;
	}
	return ok ? g_steal_pointer(&p) : NULL;
}

TpProgram *tp_program_pack(const TpProgram *program, TpPack *pack)
{
	TpProgram *p = tp_pack_copy(pack, program, sizeof(*program));

	tp_pack_fields(pack, tp_program_fields, p);
	p->id = tp_pack_str(pack, program->id);
	p->variant = tp_pack_str(pack, program->variant);
	p->key = tp_pack_str(pack, program->key);
	p->steps = tp_pack_copy(pack, program->steps,
				program->n_steps * sizeof(*p->steps));
	for (unsigned i = 0; i < p->n_steps; i++)
		tp_pack_fields(pack, tp_step_fields, &p->steps[i]);
	return p;
}

double tp_program_duration(const TpProgram *program)
{
	double total = 0;

	for (unsigned i = 0; i < program->n_steps; i++)
		total += program->steps[i].duration;
	return total;
}

double tp_step_duration(const TpStep *step, unsigned hold_limit)
{
	if (step->hold && hold_limit > 0 && step->duration > hold_limit)
		return hold_limit;
	return step->duration;
}

double tp_program_duration_held(const TpProgram *program, unsigned hold_limit)
{
	double total = 0;

	for (unsigned i = 0; i < program->n_steps; i++)
		total += tp_step_duration(&program->steps[i], hold_limit);
	return total;
}

bool tp_program_suits(const TpProgram *program, const char *kind)
{
	return g_strv_contains((const char *const *)program->kinds, kind);
}
