/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The rules of each kind of data file: field parsing (through muscles),
 * muscles and programs with their gentleness rules (device models are in
 * test-models.c). Inputs are string literals so that every expected line
 * number is visible.
 */
#include <glib.h>
#include <stdbool.h>
#include <string.h>

#include "common/datafile.h"
#include "data-check.h"
#include "therapy/muscle.h"
#include "therapy/program.h"

static TpMuscle *parse_muscle(const char *text, TpProblems *problems)
{
	g_autoptr(TpDataFile) file = load("t.muscle", text, problems);

	return file ? tp_muscle_parse(file, "t", problems) : NULL;
}

/* Problems of @text as a muscle, which must parse iff there are none. */
static TpProblems *muscle_problems(const char *text)
{
	TpProblems *problems = tp_problems_new();
	g_autoptr(TpMuscle) muscle = parse_muscle(text, problems);

	g_assert_true((muscle != NULL) == (problems->len == 0));
	return problems;
}

/* Problems of muscle_text with line @n replaced by @line. */
static TpProblems *muscle_problems_with(unsigned n, const char *line)
{
	g_autofree char *text = replace_line(muscle_text, n, line);

	return muscle_problems(text);
}

static void assert_muscle_ok_with(unsigned n, const char *line)
{
	g_autoptr(GPtrArray) problems = muscle_problems_with(n, line);

	assert_no_problems(problems);
}

static void test_muscle_good(void)
{
	g_autoptr(GPtrArray) problems = tp_problems_new();
	g_autoptr(TpMuscle) m = parse_muscle(muscle_text, problems);
	static const char *const zones[] = { "temple", "neck", NULL };

	assert_no_problems(problems);
	g_assert_nonnull(m);
	g_assert_cmpstr(m->id, ==, "t");
	g_assert_cmpstr(m->name, ==, "Upper trapezius");
	g_assert_cmpstr(m->region, ==, "top of the shoulder");
	g_assert_true(g_strv_equal((const char *const *)m->zones, zones));
	g_assert_cmpuint(m->max_intensity, ==, 40);
	g_assert_cmpuint(m->spot_limit, ==, 15);
	g_assert_cmpuint(m->session_limit, ==, 180);
	g_assert_cmpstr(m->program, ==, "release");
	g_assert_cmpstr(m->attachment, ==, "soft foam ball");
	g_assert_cmpstr(m->cautions, ==, "Keep off the spine.");
	g_assert_cmpuint(g_strv_length(m->sources), ==, 2);
	g_assert_cmpstr(m->sources[1], ==, "an article");
	g_assert_true(tp_muscle_is_bilateral(m));
	g_assert_true(tp_muscle_allows_tool(m, "roller"));
	g_assert_false(tp_muscle_allows_tool(m, "wand"));
}

static void test_muscle_optional_attachment(void)
{
	g_autofree char *text = replace_line(muscle_text, 11, "");
	g_autoptr(GPtrArray) problems = tp_problems_new();
	g_autoptr(TpMuscle) m = parse_muscle(text, problems);

	assert_no_problems(problems);
	g_assert_null(m->attachment);
}

static void test_field_unknown_key(void)
{
	g_autoptr(GPtrArray) problems = muscle_problems_with(11, "Colour=red");

	g_assert_cmpuint(problems->len, ==, 1);
	assert_problem(problems, "t.muscle:11:", "[Muscle] Colour",
		       "unknown key", NULL);
}

static void test_field_missing_key(void)
{
	g_autoptr(GPtrArray) problems = muscle_problems_with(2, "");

	/* Reported at the group header. */
	g_assert_cmpuint(problems->len, ==, 1);
	assert_problem(problems, "t.muscle:1:", "[Muscle]", "missing key Name",
		       NULL);
}

static void test_field_empty_string(void)
{
	g_autoptr(GPtrArray) problems = muscle_problems_with(2, "Name=   ");

	assert_problem(problems, "t.muscle:2:", "Name", "empty value", NULL);
}

static TpProblems *program_problems_with(unsigned n, const char *line);

static void test_field_not_a_number(void)
{
	static const char *const bad[] = { "MaxIntensity=forty",
					   "MaxIntensity=-5",
					   "MaxIntensity=4.5",
					   "MaxIntensity=", NULL };
	/* Decimal fields take decimal numbers only: not hex, not infinity. */
	static const char *const bad_decimal[] = { "Duration=0x10",
						   "Duration=inf",
						   "Duration=1e", NULL };

	for (const char *const *b = bad; *b; b++) {
		g_autoptr(GPtrArray) problems = muscle_problems_with(6, *b);
		assert_problem(problems, "t.muscle:6:", "[Muscle] MaxIntensity",
			       "not a whole number", NULL);
	}
	for (const char *const *b = bad_decimal; *b; b++) {
		g_autoptr(GPtrArray) problems = program_problems_with(9, *b);
		assert_problem(problems, "t.program:9:", "[Step 1] Duration",
			       "not a number", NULL);
	}
}

static void test_field_out_of_range(void)
{
	g_autoptr(GPtrArray) high = muscle_problems_with(6, "MaxIntensity=150");
	g_autoptr(GPtrArray) zero = muscle_problems_with(6, "MaxIntensity=0");
	g_autoptr(GPtrArray) spot = muscle_problems_with(7, "SpotLimit=2");

	assert_problem(high, "t.muscle:6:", "MaxIntensity", "'150'",
		       "out of range", "1 to 100", NULL);
	assert_problem(zero, "t.muscle:6:", "'0'", "1 to 100", NULL);
	assert_problem(spot, "t.muscle:7:", "SpotLimit", "5 to 600", NULL);
	assert_muscle_ok_with(6, "MaxIntensity=100");
	assert_muscle_ok_with(6, "MaxIntensity=1");
}

static void test_field_all_reported(void)
{
	g_autofree char *text = replace_line(muscle_text, 6, "MaxIntensity=x");
	g_autofree char *text2 = replace_line(text, 8, "SessionLimit=1");
	g_autoptr(GPtrArray) problems = muscle_problems(text2);

	g_assert_cmpuint(problems->len, ==, 2);
	assert_problem(problems, "t.muscle:6:", "MaxIntensity", NULL);
	assert_problem(problems, "t.muscle:8:", "SessionLimit", NULL);
}

static void test_field_list_vocabulary(void)
{
	g_autoptr(GPtrArray) zones = muscle_problems_with(5, "Zones=neck;elbw");
	g_autoptr(GPtrArray) tools =
	    muscle_problems_with(9, "Tools=gun; hammer");

	assert_problem(zones, "t.muscle:5:", "[Muscle] Zones", "'elbw'",
		       "did you mean 'elbow'", "tpd-program(5)", NULL);
	assert_problem(tools, "t.muscle:9:", "[Muscle] Tools", "'hammer'",
		       "'gun', 'roller' or 'wand'", NULL);
	/* Spaces around items are not part of them. */
	assert_muscle_ok_with(5, "Zones = temple ; neck");
}

/* Zones carry an optional weight, 1-10 (default 5), for ranking. */
static void test_muscle_zone_weights(void)
{
	g_autofree char *text =
	    replace_line(muscle_text, 5, "Zones=behind-eye:9;neck;temple:1");
	g_autoptr(GPtrArray) problems = tp_problems_new();
	g_autoptr(TpMuscle) m = parse_muscle(text, problems);
	static const char *const bad[] = { "Zones=neck:0",	"Zones=neck:11",
					   "Zones=neck:x",	"Zones=neck:",
					   "Zones=neck;neck:2", NULL };

	assert_no_problems(problems);
	g_assert_cmpstr(m->zones[0], ==, "behind-eye");
	g_assert_cmpuint(tp_muscle_zone_weight(m, "behind-eye"), ==, 9);
	g_assert_cmpuint(tp_muscle_zone_weight(m, "neck"), ==, 5);
	g_assert_cmpuint(tp_muscle_zone_weight(m, "temple"), ==, 1);
	g_assert_cmpuint(tp_muscle_zone_weight(m, "calf"), ==, 0);
	for (const char *const *b = bad; *b; b++) {
		g_autoptr(GPtrArray) p = muscle_problems_with(5, *b);
		assert_problem(p, "t.muscle:5:", "[Muscle] Zones", NULL);
	}
}

/*
 * Translations are loaded whatever the locale, so "[de]" keys are checked
 * even when tpd runs in English: this must hold under LANGUAGE=C.
 */
static void test_field_localised(void)
{
	g_autofree char *text =
	    replace_line(muscle_text, 11, "Name[de]=Oberer Trapezmuskel");
	g_autoptr(GPtrArray) problems = tp_problems_new();
	g_autoptr(TpMuscle) m = NULL;
	g_autoptr(GPtrArray) number = NULL;
	g_autoptr(GPtrArray) unknown = NULL;
	g_autofree char *saved = g_strdup(g_getenv("LANGUAGE"));

	g_setenv("LANGUAGE", "C", TRUE);
	m = parse_muscle(text, problems);
	number = muscle_problems_with(11, "MaxIntensity[de]=20");
	unknown = muscle_problems_with(11, "Colour[de]=rot");
	if (saved)
		g_setenv("LANGUAGE", saved, TRUE);
	else
		g_unsetenv("LANGUAGE");

	assert_no_problems(problems);
	g_assert_cmpstr(m->name, ==, "Upper trapezius");
	/* Only string fields can be translated. */
	assert_problem(number, "t.muscle:11:", "MaxIntensity[de]",
		       "unknown key", NULL);
	assert_problem(unknown, "t.muscle:11:", "Colour[de]", "unknown key",
		       NULL);
}

static void test_muscle_sides(void)
{
	static const char *const bad[] = { "Sides=left",
					   "Sides=left;center",
					   "Sides=left;left",
					   "Sides=center;center",
					   "Sides=left;right;center",
					   NULL };
	g_autoptr(GPtrArray) unknown = muscle_problems_with(4, "Sides=up");

	for (const char *const *b = bad; *b; b++) {
		g_autoptr(GPtrArray) problems = muscle_problems_with(4, *b);
		assert_problem(problems, "t.muscle:4:", "[Muscle] Sides",
			       "'left;right' or 'center'", NULL);
	}
	assert_problem(unknown, "t.muscle:4:", "'up'", "'center'", NULL);
	assert_muscle_ok_with(4, "Sides=right;left");
	assert_muscle_ok_with(4, "Sides=center");
}

static void test_muscle_center(void)
{
	g_autofree char *text = replace_line(muscle_text, 4, "Sides=center");
	g_autoptr(GPtrArray) problems = tp_problems_new();
	g_autoptr(TpMuscle) m = parse_muscle(text, problems);

	assert_no_problems(problems);
	g_assert_false(tp_muscle_is_bilateral(m));
}

static void test_muscle_spot_limit(void)
{
	g_autoptr(GPtrArray) problems =
	    muscle_problems_with(7, "SpotLimit=200");

	assert_problem(problems, "t.muscle:7:", "[Muscle] SpotLimit",
		       "longer than SessionLimit", NULL);
	assert_muscle_ok_with(7, "SpotLimit=180");
}

static void test_muscle_empty_lists(void)
{
	g_autoptr(GPtrArray) zones = muscle_problems_with(5, "Zones=");
	g_autoptr(GPtrArray) sources = muscle_problems_with(13, "Sources=");

	assert_problem(zones, "t.muscle:5:", "[Muscle] Zones",
		       "at least one zone", NULL);
	assert_problem(sources, "t.muscle:13:", "[Muscle] Sources",
		       "at least one source", NULL);
	static const char *const empty_items[] = { "Sources=;", "Sources= ; ",
						   "Sources=x;;y", NULL };
	for (const char *const *e = empty_items; *e; e++) {
		g_autoptr(GPtrArray) problems = muscle_problems_with(13, *e);
		assert_problem(problems, "t.muscle:13:", "[Muscle] Sources",
			       "empty item", NULL);
	}
}

static void test_muscle_unknown_group(void)
{
	g_autofree char *text =
	    g_strconcat(muscle_text, "\n[Extra]\nKey=value\n", NULL);
	g_autoptr(GPtrArray) problems = muscle_problems(text);

	g_assert_cmpuint(problems->len, ==, 1);
	assert_problem(problems, "t.muscle:15:", "[Extra]", "unknown group",
		       "'Muscle'", NULL);
}

static void test_muscle_missing_group(void)
{
	g_autoptr(GPtrArray) problems = muscle_problems("# nothing here\n");

	g_assert_cmpuint(problems->len, ==, 1);
	assert_problem(problems, "t.muscle: ", "missing group [Muscle]", NULL);
}

static TpProgram *parse_program(const char *text, TpProblems *problems)
{
	g_autoptr(TpDataFile) file = load("t.program", text, problems);

	return file ? tp_program_parse(file, "t", problems) : NULL;
}

static TpProblems *program_problems(const char *text)
{
	TpProblems *problems = tp_problems_new();
	g_autoptr(TpProgram) program = parse_program(text, problems);

	g_assert_true((program != NULL) == (problems->len == 0));
	return problems;
}

/* program_text with line @n replaced by @line, and @m by @line2. */
static char *program_with2(unsigned n, const char *line, unsigned m,
			   const char *line2)
{
	g_autofree char *text = replace_line(program_text, n, line);

	return m ? replace_line(text, m, line2) : g_steal_pointer(&text);
}

static TpProblems *program_problems_with(unsigned n, const char *line)
{
	g_autofree char *text = program_with2(n, line, 0, NULL);

	return program_problems(text);
}

static TpProblems *program_problems_with2(unsigned n, const char *line,
					  unsigned m, const char *line2)
{
	g_autofree char *text = program_with2(n, line, m, line2);

	return program_problems(text);
}

static void assert_program_ok_with(unsigned n, const char *line)
{
	g_autoptr(GPtrArray) problems = program_problems_with(n, line);

	assert_no_problems(problems);
}

static void test_program_good(void)
{
	g_autoptr(GPtrArray) problems = tp_problems_new();
	g_autoptr(TpProgram) p = parse_program(program_text, problems);
	const TpStep *s;

	assert_no_problems(problems);
	g_assert_cmpstr(p->id, ==, "t");
	g_assert_cmpstr(p->name, ==, "Test");
	g_assert_cmpuint(p->n_steps, ==, 2);
	g_assert_true(tp_program_suits(p, "wand"));
	g_assert_false(tp_program_suits(p, "roller"));
	g_assert_cmpfloat(tp_program_duration(p), ==, 40);
	s = &p->steps[0];
	g_assert_cmpstr(s->name, ==, "Warm up");
	g_assert_cmpint(s->pattern, ==, TP_PATTERN_STEADY);
	g_assert_cmpfloat(s->start, ==, 10);
	g_assert_cmpfloat(s->end, ==, 30);
	g_assert_false(s->hold);
	s = &p->steps[1];
	g_assert_cmpstr(s->cue, ==, "Let it tap.");
	g_assert_cmpint(s->pattern, ==, TP_PATTERN_PULSE);
	g_assert_cmpfloat(s->duration, ==, 20);
	g_assert_cmpfloat(s->period, ==, 2);
	g_assert_cmpfloat(s->duty, ==, 0.7);
	g_assert_cmpfloat(s->depth, ==, 1.0); /* the pulse default */
	g_assert_true(s->hold);
}

static const TpStep *parse_step2(TpProgram **out, const char *text)
{
	g_autoptr(GPtrArray) problems = tp_problems_new();

	*out = parse_program(text, problems);
	assert_no_problems(problems);
	g_assert_cmpuint((*out)->n_steps, ==, 2);
	return &(*out)->steps[1];
}

static void test_program_default_depth(void)
{
	g_autofree char *wave = program_with2(19, "Pattern=wave", 21, "");
	g_autofree char *deep =
	    program_with2(19, "Pattern=wave", 21, "Depth=0.25");
	g_autoptr(TpProgram) p1 = NULL;
	g_autoptr(TpProgram) p2 = NULL;

	g_assert_cmpint(parse_step2(&p1, wave)->pattern, ==, TP_PATTERN_WAVE);
	g_assert_cmpfloat(p1->steps[1].depth, ==, 0.5);
	g_assert_cmpfloat(parse_step2(&p2, deep)->depth, ==, 0.25);
}

static void test_program_no_steps(void)
{
	g_autoptr(GPtrArray) problems = program_problems("[Program]\n"
							 "Name=Test\n"
							 "Description=None\n"
							 "Kinds=gun\n");

	assert_problem(problems, "t.program: ", "no steps", "[Step 1]", NULL);
}

static void test_program_step_gap(void)
{
	/* "[Step 01]" and the like would be a second step 1, never read. */
	static const char *const bad[] = { "[Step 3]",	 "[Step 0]",
					   "[Step two]", "[Step 2b]",
					   "[Step 01]",	 "[Step +1]",
					   "[Step  1]",	 NULL };

	for (const char *const *b = bad; *b; b++) {
		g_autoptr(GPtrArray) problems = program_problems_with(13, *b);
		assert_problem(problems, "t.program:13:", *b, "without gaps",
			       NULL);
	}
}

static void test_program_no_program_group(void)
{
	g_autoptr(GPtrArray) problems = program_problems_with(1, "[Programme]");

	assert_problem(problems, "t.program:1:", "[Programme]", "unknown group",
		       "'Program' or 'Step *'", NULL);
}

static void test_program_empty_kinds(void)
{
	g_autoptr(GPtrArray) empty = program_problems_with(4, "Kinds=");
	g_autoptr(GPtrArray) unknown = program_problems_with(4, "Kinds=drill");

	assert_problem(empty, "t.program:4:", "[Program] Kinds",
		       "at least one tool kind", NULL);
	assert_problem(unknown, "t.program:4:", "'drill'", "'gun'", NULL);
}

static void test_program_gentle_start(void)
{
	g_autoptr(GPtrArray) problems = program_problems_with(10, "Start=35");

	g_assert_cmpuint(problems->len, ==, 1);
	assert_problem(problems, "t.program:10:", "[Step 1] Start", "30", "35",
		       NULL);
	assert_program_ok_with(10, "Start=30");
}

static void test_program_step_jump(void)
{
	/* Step 1 ends at 30: step 2 may start at 45 at most. */
	g_autoptr(GPtrArray) problems = program_problems_with(17, "Start=46");

	g_assert_cmpuint(problems->len, ==, 1);
	assert_problem(problems, "t.program:17:", "[Step 2] Start",
		       "from 30 to 46", "15", NULL);
	assert_program_ok_with(17, "Start=45");
}

static void test_program_ramp_rate(void)
{
	/* 10 to 30 in 3 s is 6.7 %/s; in 4 s exactly the 5 %/s allowed. */
	g_autoptr(GPtrArray) problems = program_problems_with(9, "Duration=3");
	g_autoptr(GPtrArray) falling =
	    program_problems_with2(16, "Duration=1", 18, "End=0");

	g_assert_cmpuint(problems->len, ==, 1);
	assert_problem(problems, "t.program:11:", "[Step 1] End", "6.7",
		       "at most 5", NULL);
	assert_program_ok_with(9, "Duration=4");
	/* Falling fast is always fine. */
	assert_no_problems(falling);
}

static void test_program_pulse_keys(void)
{
	g_autoptr(GPtrArray) period = program_problems_with(20, "");
	g_autoptr(GPtrArray) duty = program_problems_with(21, "");

	assert_problem(period, "t.program:13:", "[Step 2]", "pulse",
		       "needs Period", NULL);
	assert_problem(duty, "t.program:13:", "[Step 2]", "needs Duty", NULL);
}

static void test_program_wave_keys(void)
{
	g_autoptr(GPtrArray) duty = program_problems_with(19, "Pattern=wave");
	g_autofree char *text = program_with2(19, "Pattern=wave", 20, "");
	g_autofree char *no_period = replace_line(text, 21, "");
	g_autoptr(GPtrArray) period = program_problems(no_period);

	assert_problem(duty, "t.program:21:", "[Step 2] Duty", "only the pulse",
		       NULL);
	assert_problem(period, "t.program:13:", "[Step 2]", "wave",
		       "needs Period", NULL);
}

static void test_program_steady_keys(void)
{
	g_autoptr(GPtrArray) problems =
	    program_problems_with2(19, "Pattern=steady", 22, "Depth=0.5");

	g_assert_cmpuint(problems->len, ==, 3);
	assert_problem(problems, "t.program:20:", "[Step 2] Period",
		       "only pulse and wave", NULL);
	assert_problem(problems, "t.program:21:", "[Step 2] Duty", NULL);
	assert_problem(problems, "t.program:22:", "[Step 2] Depth", NULL);
}

static void test_program_step_fields(void)
{
	g_autoptr(GPtrArray) number = program_problems_with(9, "Duration=ten");
	g_autoptr(GPtrArray) range = program_problems_with(18, "End=120");
	g_autoptr(GPtrArray) pattern =
	    program_problems_with(19, "Pattern=zigzag");
	g_autoptr(GPtrArray) hold = program_problems_with(22, "Hold=yes");
	g_autoptr(GPtrArray) missing = program_problems_with(8, "");

	assert_problem(number, "t.program:9:", "[Step 1] Duration",
		       "'ten' is not a number", NULL);
	assert_problem(range, "t.program:18:", "[Step 2] End", "0 to 100",
		       NULL);
	assert_problem(pattern, "t.program:19:", "[Step 2] Pattern", "'zigzag'",
		       "'steady', 'pulse' or 'wave'", NULL);
	assert_problem(hold, "t.program:22:", "[Step 2] Hold", "'yes'",
		       "not a boolean", NULL);
	assert_problem(missing, "t.program:6:", "[Step 1]", "missing key Cue",
		       NULL);
}

static void test_program_too_many_steps(void)
{
	g_autoptr(GString) text =
	    g_string_new("[Program]\nName=Long\nDescription=D\nKinds=gun\n");
	g_autofree char *where = NULL;

	/* Each step is 6 lines after the 4 of [Program]. */
	for (unsigned i = 1; i <= TP_MAX_STEPS + 1; i++)
		g_string_append_printf(text,
				       "[Step %u]\nName=s\nCue=c\n"
				       "Duration=10\nStart=10\nEnd=10\n",
				       i);
	where = g_strdup_printf("t.program:%u:", 4 + 6 * TP_MAX_STEPS + 1);
	g_autoptr(GPtrArray) problems = program_problems(text->str);
	assert_problem(problems, where, "[Step 33]", "more than 32 steps",
		       NULL);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);

	g_test_add_func("/datafile/field/unknown-key", test_field_unknown_key);
	g_test_add_func("/datafile/field/missing-key", test_field_missing_key);
	g_test_add_func("/datafile/field/empty-string",
			test_field_empty_string);
	g_test_add_func("/datafile/field/not-a-number",
			test_field_not_a_number);
	g_test_add_func("/datafile/field/out-of-range",
			test_field_out_of_range);
	g_test_add_func("/datafile/field/all-reported",
			test_field_all_reported);
	g_test_add_func("/datafile/field/list-vocabulary",
			test_field_list_vocabulary);
	g_test_add_func("/datafile/field/localised", test_field_localised);
	g_test_add_func("/datafile/muscle/good", test_muscle_good);
	g_test_add_func("/datafile/muscle/optional-attachment",
			test_muscle_optional_attachment);
	g_test_add_func("/datafile/muscle/sides", test_muscle_sides);
	g_test_add_func("/datafile/muscle/zone-weights",
			test_muscle_zone_weights);
	g_test_add_func("/datafile/muscle/center", test_muscle_center);
	g_test_add_func("/datafile/muscle/spot-limit", test_muscle_spot_limit);
	g_test_add_func("/datafile/muscle/empty-lists",
			test_muscle_empty_lists);
	g_test_add_func("/datafile/muscle/unknown-group",
			test_muscle_unknown_group);
	g_test_add_func("/datafile/muscle/missing-group",
			test_muscle_missing_group);
	g_test_add_func("/datafile/program/good", test_program_good);
	g_test_add_func("/datafile/program/default-depth",
			test_program_default_depth);
	g_test_add_func("/datafile/program/no-steps", test_program_no_steps);
	g_test_add_func("/datafile/program/step-gap", test_program_step_gap);
	g_test_add_func("/datafile/program/no-program-group",
			test_program_no_program_group);
	g_test_add_func("/datafile/program/empty-kinds",
			test_program_empty_kinds);
	g_test_add_func("/datafile/program/gentle-start",
			test_program_gentle_start);
	g_test_add_func("/datafile/program/step-jump", test_program_step_jump);
	g_test_add_func("/datafile/program/ramp-rate", test_program_ramp_rate);
	g_test_add_func("/datafile/program/pulse-keys",
			test_program_pulse_keys);
	g_test_add_func("/datafile/program/wave-keys", test_program_wave_keys);
	g_test_add_func("/datafile/program/steady-keys",
			test_program_steady_keys);
	g_test_add_func("/datafile/program/step-fields",
			test_program_step_fields);
	g_test_add_func("/datafile/program/too-many-steps",
			test_program_too_many_steps);

	return g_test_run();
}
