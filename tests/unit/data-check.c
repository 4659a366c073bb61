/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Assertions on data-file problems and sample texts, shared by the
 * data-file tests. */
#include "data-check.h"

#include <glib/gstdio.h>
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

static void dump_problems(TpProblems *problems)
{
	g_test_message("%u problem(s):", problems->len);
	for (guint i = 0; i < problems->len; i++)
		g_test_message("  %s", (const char *)problems->pdata[i]);
}

static bool problem_matches(const char *problem, const char *prefix,
			    const char *const *words)
{
	if (!g_str_has_prefix(problem, prefix))
		return false;
	for (; *words; words++)
		if (!strstr(problem, *words))
			return false;
	return true;
}

void assert_problem(TpProblems *problems, const char *prefix, ...)
{
	g_autoptr(GPtrArray) words = g_ptr_array_new();
	bool found = false;
	const char *word;
	va_list ap;

	va_start(ap, prefix);
	while ((word = va_arg(ap, const char *)))
		g_ptr_array_add(words, (gpointer)word);
	va_end(ap);
	g_ptr_array_add(words, NULL);
	for (guint i = 0; i < problems->len && !found; i++)
		found = problem_matches(problems->pdata[i], prefix,
					(const char *const *)words->pdata);
	if (!found) {
		g_test_message("no problem '%s...' with the expected words",
			       prefix);
		dump_problems(problems);
	}
	g_assert_true(found);
}

void assert_no_problems(TpProblems *problems)
{
	if (problems->len > 0)
		dump_problems(problems);
	g_assert_cmpuint(problems->len, ==, 0);
}

TpDataFile *load(const char *path, const char *text, TpProblems *problems)
{
	return tp_data_file_load_data(path, text, strlen(text), problems);
}

char *replace_line(const char *text, unsigned n, const char *line)
{
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);

	g_assert_cmpuint(n, >=, 1);
	g_assert_cmpuint(n, <, g_strv_length(lines));
	g_free(lines[n - 1]);
	lines[n - 1] = g_strdup(line);
	return g_strjoinv("\n", lines);
}

const char muscle_text[] = "[Muscle]\n"			      /* 1 */
			   "Name=Upper trapezius\n"	      /* 2 */
			   "Region=top of the shoulder\n"     /* 3 */
			   "Sides=left;right\n"		      /* 4 */
			   "Zones=temple;neck\n"	      /* 5 */
			   "MaxIntensity=40\n"		      /* 6 */
			   "SpotLimit=15\n"		      /* 7 */
			   "SessionLimit=180\n"		      /* 8 */
			   "Tools=gun;roller\n"		      /* 9 */
			   "Program=release\n"		      /* 10 */
			   "Attachment=soft foam ball\n"      /* 11 */
			   "Cautions=Keep off the spine.\n"   /* 12 */
			   "Sources=a workbook;an article\n"; /* 13 */

const char program_text[] = "[Program]\n"		   /* 1 */
			    "Name=Test\n"		   /* 2 */
			    "Description=Two steps\n"	   /* 3 */
			    "Kinds=gun;wand\n"		   /* 4 */
			    "\n"			   /* 5 */
			    "[Step 1]\n"		   /* 6 */
			    "Name=Warm up\n"		   /* 7 */
			    "Cue=Glide over the muscle.\n" /* 8 */
			    "Duration=20\n"		   /* 9 */
			    "Start=10\n"		   /* 10 */
			    "End=30\n"			   /* 11 */
			    "\n"			   /* 12 */
			    "[Step 2]\n"		   /* 13 */
			    "Name=Work the knot\n"	   /* 14 */
			    "Cue=Let it tap.\n"		   /* 15 */
			    "Duration=20\n"		   /* 16 */
			    "Start=35\n"		   /* 17 */
			    "End=50\n"			   /* 18 */
			    "Pattern=pulse\n"		   /* 19 */
			    "Period=2\n"		   /* 20 */
			    "Duty=0.7\n"		   /* 21 */
			    "Hold=true\n";		   /* 22 */

char *make_tmp_dir(void)
{
	g_autoptr(GError) error = NULL;
	char *dir = g_dir_make_tmp("tpd-test-XXXXXX", &error);

	g_assert_no_error(error);
	return dir;
}

/* The tests make only a few levels. */
void remove_tree(const char *dir)
{
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	const char *name;

	while (d && (name = g_dir_read_name(d))) {
		g_autofree char *path = g_build_filename(dir, name, NULL);
		if (g_file_test(path, G_FILE_TEST_IS_DIR))
			remove_tree(path);
		else
			g_assert_cmpint(g_remove(path), ==, 0);
	}
	g_assert_cmpint(g_rmdir(dir), ==, 0);
}

char *shipped_data_dir(void)
{
	const char *src = g_getenv("TPD_SRC_DIR");

	if (!src)
		g_error("TPD_SRC_DIR is not set (meson test sets it)");
	return g_build_filename(src, "data", NULL);
}

TpCatalog *load_shipped_catalog(void)
{
	g_autofree char *dir = shipped_data_dir();
	g_autoptr(GPtrArray) problems = tp_problems_new();
	TpCatalog *c = tp_catalog_new();

	g_assert_cmpuint(tp_catalog_load_dir(c, dir, true, problems), >, 0);
	tp_catalog_check(c, problems);
	assert_no_problems(problems);
	return c;
}
