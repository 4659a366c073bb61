/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The model texts and helpers test-models.c and test-model-match.c share
 * (model-texts.h). */
#include "model-texts.h"

#include <string.h>

#include "common/datafile.h"
#include "data-check.h"

/* A frame model with every group and key (22 lines). */
const char wand_text[] =
    "# A wand.\n"				    /* 1 */
    "[Model]\n"					    /* 2 */
    "Name=Test wand\n"				    /* 3 */
    "Kind=wand\n"				    /* 4 */
    "Protocol=frame\n"				    /* 5 */
    "Levels=1..20\n"				    /* 6 */
    "Experimental=false\n"			    /* 7 */
    "Sources=a config;a test\n"			    /* 8 */
    "\n"					    /* 9 */
    "[Match]\n"					    /* 10 */
    "Names=Test*;TEST*\n"			    /* 11 */
    "Services=fff0;0x180F\n"			    /* 12 */
    "\n"					    /* 13 */
    "[GATT]\n"					    /* 14 */
    "Service=FFF0\n"				    /* 15 */
    "Write=0000fff2\n"				    /* 16 */
    "Notify=0000FFF1-0000-1000-8000-00805F9B34FB\n" /* 17 */
    "\n"					    /* 18 */
    "[Frame]\n"					    /* 19 */
    "Frame=\"Vibrate:\" {level:dec} \";\"\n"	    /* 20 */
    "Stop=\"Vibrate:0;\"\n"			    /* 21 */
    "Write=command\n";				    /* 22 */

/* A Theragun model: a speed range and no [Frame] (14 lines). */
const char gun_text[] = "[Model]\n"		   /* 1 */
			"Name=Test gun\n"	   /* 2 */
			"Kind=gun\n"		   /* 3 */
			"Protocol=theragun\n"	   /* 4 */
			"Speed=1750..2400\n"	   /* 5 */
			"Experimental=true\n"	   /* 6 */
			"Sources=a forum;a spec\n" /* 7 */
			"[Match]\n"		   /* 8 */
			"Names=Gun\n"		   /* 9 */
			"Services=ffe0\n"	   /* 10 */
			"[GATT]\n"		   /* 11 */
			"Service=ffe0\n"	   /* 12 */
			"Write=ffe2\n"		   /* 13 */
			"Notify=ffe1\n";	   /* 14 */

TpModel *parse_model(const char *text, TpProblems *problems)
{
	g_autoptr(TpDataFile) file = load("t.model", text, problems);

	return file ? tp_model_parse(file, "t", problems) : NULL;
}

/* Problems of @text, which must parse iff there are none. */
TpProblems *model_problems(const char *text)
{
	TpProblems *problems = tp_problems_new();
	g_autoptr(TpModel) model = parse_model(text, problems);

	g_assert_true((model != NULL) == (problems->len == 0));
	return problems;
}

TpProblems *wand_problems_with(unsigned n, const char *line)
{
	g_autofree char *text = replace_line(wand_text, n, line);

	return model_problems(text);
}

TpProblems *gun_problems_with(unsigned n, const char *line)
{
	g_autofree char *text = replace_line(gun_text, n, line);

	return model_problems(text);
}

TpModel *parse_ok(const char *text)
{
	g_autoptr(GPtrArray) problems = tp_problems_new();
	TpModel *m = parse_model(text, problems);

	assert_no_problems(problems);
	g_assert_nonnull(m);
	return m;
}

/* @text with lines @from to @to (from 1) blanked. */
char *without_lines(const char *text, unsigned from, unsigned to)
{
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);

	for (unsigned n = from; n <= to; n++)
		lines[n - 1][0] = '\0';
	return g_strjoinv("\n", lines);
}

/* Replacing line @n of wand_text with @line gives one problem at that line,
 * "t.model:N: [@group] KEY: ...@what...", KEY being @line's key. */
void assert_wand_problem(unsigned n, const char *group, const char *line,
			 const char *what)
{
	g_autoptr(GPtrArray) problems = wand_problems_with(n, line);
	g_autofree char *key = g_strndup(line, strcspn(line, "="));
	g_autofree char *prefix =
	    g_strdup_printf("t.model:%u: %s %s: ", n, group, key);

	g_assert_cmpuint(problems->len, ==, 1);
	assert_problem(problems, prefix, what, NULL);
}

void assert_wand_ok_with(unsigned n, const char *line)
{
	g_autofree char *text = replace_line(wand_text, n, line);
	tp_model_free(parse_ok(text));
}

/* wand_text with @line after line 22 (a new line 23). */
char *wand_with(const char *line)
{
	g_autofree char *last = g_strconcat("Write=command\n", line, NULL);

	return replace_line(wand_text, 22, last);
}

TpModel *wand_ok_with(const char *line)
{
	g_autofree char *text = wand_with(line);

	return parse_ok(text);
}
