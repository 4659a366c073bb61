/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Data files in general: line syntax with file:line problems, tpd.conf,
 * loading directories into the catalog, packing what it parsed, and
 * tp_suggest. Inputs are string literals so that every expected line
 * number is visible.
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdbool.h>
#include <string.h>

#include "common/datafile-pack.h"
#include "common/datafile.h"
#include "common/suggest.h"
#include "data-check.h"
#include "therapy/catalog.h"
#include "tpd-conf.h"

/* Load @text as "t.muscle" and return the problems of the line syntax. */
static TpProblems *syntax_problems(const char *text)
{
	TpProblems *problems = tp_problems_new();
	g_autoptr(TpDataFile) file = load("t.muscle", text, problems);

	g_assert_true((file != NULL) == (problems->len == 0));
	return problems;
}

static void test_syntax_good(void)
{
	static const char text[] = "# a comment\n"
				   "\n"
				   "[Muscle]\n"
				   "Name=Upper trapezius\n"
				   "  # an indented comment\n"
				   "  Region = top of the shoulder\n"
				   "[Other]\n"
				   "Name=again, in another group\n";
	g_autoptr(GPtrArray) problems = tp_problems_new();
	g_autoptr(TpDataFile) file = load("t.muscle", text, problems);
	const char *const *groups;

	assert_no_problems(problems);
	g_assert_nonnull(file);
	g_assert_cmpstr(tp_data_file_path(file), ==, "t.muscle");
	g_assert_cmpuint(tp_data_file_line(file, "Muscle", NULL), ==, 3);
	g_assert_cmpuint(tp_data_file_line(file, "Muscle", "Name"), ==, 4);
	g_assert_cmpuint(tp_data_file_line(file, "Muscle", "Region"), ==, 6);
	g_assert_cmpuint(tp_data_file_line(file, "Other", "Name"), ==, 8);
	g_assert_cmpuint(tp_data_file_line(file, "Muscle", "Zones"), ==, 0);
	g_assert_cmpuint(tp_data_file_line(file, "Nothing", NULL), ==, 0);
	groups = tp_data_file_groups(file);
	g_assert_cmpstr(groups[0], ==, "Muscle");
	g_assert_cmpstr(groups[1], ==, "Other");
	g_assert_null(groups[2]);
	g_autofree char *region = g_key_file_get_string(
	    tp_data_file_keyfile(file), "Muscle", "Region", NULL);
	g_assert_cmpstr(region, ==, "top of the shoulder");
}

static void test_syntax_crlf(void)
{
	static const char text[] = "[Muscle]\r\nName=Upper trapezius\r\n";
	g_autoptr(GPtrArray) problems = tp_problems_new();
	g_autoptr(TpDataFile) file = load("t.muscle", text, problems);

	assert_no_problems(problems);
	g_assert_cmpuint(tp_data_file_line(file, "Muscle", "Name"), ==, 2);
}

static void test_syntax_not_key_value(void)
{
	g_autoptr(GPtrArray) problems = syntax_problems("[Muscle]\n"
							"Name=Trapezius\n"
							"just some words\n"
							"=no key\n");

	g_assert_cmpuint(problems->len, ==, 2);
	assert_problem(problems, "t.muscle:3:", "expected 'Key=value'",
		       "just some words", NULL);
	assert_problem(problems, "t.muscle:4:", "expected 'Key=value'",
		       "=no key", NULL);
}

static void test_syntax_key_before_group(void)
{
	g_autoptr(GPtrArray) problems = syntax_problems("# comment\n"
							"\n"
							"Name=Trapezius\n"
							"[Muscle]\n");

	g_assert_cmpuint(problems->len, ==, 1);
	assert_problem(problems, "t.muscle:3:", "before the first group", NULL);
}

static void test_syntax_repeated_key(void)
{
	g_autoptr(GPtrArray) problems = syntax_problems("[Muscle]\n"
							"Name=Trapezius\n"
							"Region=neck\n"
							"Name = Trapezius\n");

	g_assert_cmpuint(problems->len, ==, 1);
	assert_problem(problems, "t.muscle:4:", "[Muscle] Name repeated",
		       "first on line 2", NULL);
}

static void test_syntax_same_key_other_group(void)
{
	g_autoptr(GPtrArray) problems = syntax_problems("[Step 1]\n"
							"Name=a\n"
							"[Step 2]\n"
							"Name=b\n");

	assert_no_problems(problems);
}

static void test_syntax_repeated_group(void)
{
	g_autoptr(GPtrArray) problems = syntax_problems("[Muscle]\n"
							"Name=Trapezius\n"
							"\n"
							"[Muscle]\n");

	g_assert_cmpuint(problems->len, ==, 1);
	assert_problem(problems, "t.muscle:4:", "group [Muscle] repeated",
		       "first on line 1", NULL);
}

static void test_syntax_malformed_group(void)
{
	g_autoptr(GPtrArray) problems = syntax_problems("[Muscle]\n"
							"Name=Trapezius\n"
							"[Oops\n"
							"[]\n"
							"[Step 1] trailing\n");

	/* Every bad line is reported, not only the first. */
	g_assert_cmpuint(problems->len, ==, 3);
	assert_problem(problems, "t.muscle:3:", "malformed group header",
		       "'[Oops'", NULL);
	assert_problem(problems, "t.muscle:4:", "malformed group header",
		       "'[]'", NULL);
	assert_problem(problems, "t.muscle:5:", "malformed group header",
		       "'[Step 1] trailing'", NULL);
}

/* Names GKeyFile itself refuses are reported here, with their line. */
static void test_syntax_malformed_names(void)
{
	g_autoptr(GPtrArray) problems = syntax_problems("[Muscle]\n"
							"Name[de=x\n"
							"Na]me=x\n"
							"[Mus[cle]\n"
							"Good-Key_2=x\n");

	g_assert_cmpuint(problems->len, ==, 4);
	assert_problem(problems, "t.muscle:2:", "malformed key name",
		       "'Name[de'", NULL);
	assert_problem(problems, "t.muscle:3:", "malformed key name", NULL);
	assert_problem(problems, "t.muscle:4:", "malformed group header", NULL);
	assert_problem(problems, "t.muscle:5:", "'Good-Key_2'", NULL);
}

static void test_syntax_not_utf8(void)
{
	/* "café" in Latin-1 on line 2. */
	g_autoptr(GPtrArray) problems = syntax_problems("[Muscle]\n"
							"Name=caf\xe9"
							"\n");

	g_assert_cmpuint(problems->len, ==, 1);
	assert_problem(problems, "t.muscle:2:", "not UTF-8", NULL);
}

static void test_syntax_missing_file(void)
{
	g_autoptr(GPtrArray) problems = tp_problems_new();
	g_autoptr(TpDataFile) file =
	    tp_data_file_load("/nonexistent/t.muscle", problems);

	g_assert_null(file);
	g_assert_cmpuint(problems->len, ==, 1);
	assert_problem(problems, "/nonexistent/t.muscle: ", NULL);
}

static char *write_file(const char *dir, const char *name, const char *text)
{
	g_autoptr(GError) error = NULL;
	char *path = g_build_filename(dir, name, NULL);

	g_file_set_contents(path, text, -1, &error);
	g_assert_no_error(error);
	return path;
}

static void test_config_defaults(void)
{
	TpConfig config;

	tp_config_init(&config);
	g_assert_cmpint(config.log_level, ==, 0);
	g_assert_cmpstr(tp_config_log_levels[config.log_level], ==, "info");
	g_assert_cmpuint(config.max_intensity, ==, 100);
	g_assert_cmpuint(config.sim_devices, ==, 1);
}

/* Load @text as a tpd.conf over the defaults; its path in *@where (the
 * file is gone by then). */
static bool load_config(const char *text, TpConfig *config,
			TpProblems *problems, char **where)
{
	g_autofree char *dir = make_tmp_dir();
	g_autofree char *path = write_file(dir, "tpd.conf", text);
	bool ok;

	tp_config_init(config);
	ok = tp_config_load(config, path, true, problems);
	*where = g_strdup(path);
	remove_tree(dir);
	return ok;
}

/* @text must fail to load, leave the defaults, and report @line of the
 * file with @words. */
static void assert_config_rejected(const char *text, unsigned line,
				   const char *word1, const char *word2)
{
	g_autoptr(GPtrArray) problems = tp_problems_new();
	g_autofree char *path = NULL;
	g_autofree char *prefix = NULL;
	TpConfig config, defaults;

	tp_config_init(&defaults);
	g_assert_false(load_config(text, &config, problems, &path));
	g_assert_cmpmem(&config, sizeof(config), &defaults, sizeof(defaults));
	prefix = g_strdup_printf("%s:%u:", path, line);
	assert_problem(problems, prefix, word1, word2, NULL);
}

static const char *const muscle_ids[] = { "gluteus-medius",   "infraspinatus",
					  "levator-scapulae", "piriformis",
					  "trapezius",	      NULL };

static void test_config_valid(void)
{
	g_autoptr(GPtrArray) problems = tp_problems_new();
	g_autofree char *path = NULL;
	TpConfig config;

	g_assert_true(load_config("# tpd.conf\n"
				  "[General]\nLogLevel=debug\n"
				  "[Limits]\nMaxIntensity=60\n"
				  "[Simulator]\nDevices=3\n",
				  &config, problems, &path));
	assert_no_problems(problems);
	g_assert_cmpstr(tp_config_log_levels[config.log_level], ==, "debug");
	g_assert_cmpuint(config.max_intensity, ==, 60);
	g_assert_cmpuint(config.sim_devices, ==, 3);
}

static void test_config_partial(void)
{
	g_autoptr(GPtrArray) problems = tp_problems_new();
	g_autofree char *path = NULL;
	TpConfig config;

	g_assert_true(load_config("[Limits]\nMaxIntensity=70\n", &config,
				  problems, &path));
	assert_no_problems(problems);
	g_assert_cmpuint(config.max_intensity, ==, 70);
	g_assert_cmpint(config.log_level, ==, 0);
	g_assert_cmpuint(config.sim_devices, ==, 1);
}

static void test_config_rejected(void)
{
	assert_config_rejected("[Limits]\nMaxIntensity=60\nColour=red\n", 3,
			       "[Limits] Colour", "unknown key");
	/* All or nothing: the valid LogLevel is not applied either. */
	assert_config_rejected("[General]\nLogLevel=debug\n"
			       "[Limits]\nMaxIntensity=150\n",
			       4, "MaxIntensity", "1 to 100");
	assert_config_rejected("[General]\nLogLevel=verbose\n", 2, "'verbose'",
			       "'info' or 'debug'");
	assert_config_rejected("[Simulator]\nDevices=0\n", 2, "Devices",
			       "1 to 64");
	assert_config_rejected("[Limits]\nMaxIntensity=60\n[Extra]\n", 3,
			       "[Extra]", "unknown group");
	assert_config_rejected("[Limits]\nMaxIntensity=60\nbroken\n", 3,
			       "expected 'Key=value'", "broken");
}

static void test_config_missing(void)
{
	g_autofree char *dir = make_tmp_dir();
	g_autofree char *path = g_build_filename(dir, "tpd.conf", NULL);
	g_autoptr(GPtrArray) problems = tp_problems_new();
	TpConfig config;

	tp_config_init(&config);
	config.max_intensity = 50;
	g_assert_true(tp_config_load(&config, path, false, problems));
	assert_no_problems(problems);
	g_assert_cmpuint(config.max_intensity, ==, 50);
	g_assert_false(tp_config_load(&config, path, true, problems));
	g_assert_cmpuint(problems->len, ==, 1);
	assert_problem(problems, path, NULL);
	remove_tree(dir);
}

static void test_catalog_shipped(void)
{
	g_autofree char *dir = shipped_data_dir();
	g_autoptr(TpCatalog) catalog = tp_catalog_new();
	g_autoptr(GPtrArray) problems = tp_problems_new();
	unsigned loaded;

	loaded = tp_catalog_load_dir(catalog, dir, true, problems);
	assert_no_problems(problems);
	g_assert_cmpuint(g_hash_table_size(catalog->programs), >=, 3);
	g_assert_cmpuint(g_hash_table_size(catalog->models), >=, 1);
	g_assert_cmpuint(loaded, ==,
			 g_hash_table_size(catalog->muscles) +
			     g_hash_table_size(catalog->programs) +
			     g_hash_table_size(catalog->models));
	g_assert_cmpuint(g_hash_table_size(catalog->muscles), >=, 17);
	g_assert_true(g_hash_table_contains(catalog->muscles, "trapezius"));
	g_assert_true(tp_catalog_has_program(catalog, "release"));
	g_assert_nonnull(tp_catalog_program_for(catalog, "release", "gun"));
	tp_catalog_check(catalog, problems);
	assert_no_problems(problems);
}

static void test_catalog_sorted_ids(void)
{
	g_autofree char *dir = shipped_data_dir();
	g_autoptr(TpCatalog) catalog = tp_catalog_new();
	g_autoptr(GPtrArray) problems = tp_problems_new();
	g_autofree const char **ids = NULL;

	tp_catalog_load_dir(catalog, dir, true, problems);
	ids = tp_catalog_sorted_ids(catalog->muscles);
	g_assert_cmpuint(g_strv_length((char **)ids), ==,
			 g_hash_table_size(catalog->muscles));
	for (guint i = 1; ids[i]; i++)
		g_assert_cmpstr(ids[i - 1], <, ids[i]);
}

static void test_catalog_good_and_bad(void)
{
	g_autofree char *dir = make_tmp_dir();
	g_free(write_file(dir, "good.muscle", muscle_text));
	g_autofree char *text = replace_line(muscle_text, 6, "MaxIntensity=a");
	g_autofree char *bad = write_file(dir, "bad.muscle", text);
	g_autofree char *prefix = g_strdup_printf("%s:6:", bad);
	g_autoptr(TpCatalog) catalog = tp_catalog_new();
	g_autoptr(GPtrArray) problems = tp_problems_new();

	g_assert_cmpuint(tp_catalog_load_dir(catalog, dir, true, problems), ==,
			 1);
	g_assert_true(g_hash_table_contains(catalog->muscles, "good"));
	g_assert_false(g_hash_table_contains(catalog->muscles, "bad"));
	g_assert_cmpuint(problems->len, ==, 1);
	assert_problem(problems, prefix, "MaxIntensity", NULL);
	remove_tree(dir);
}

static void test_catalog_bad_id(void)
{
	static const char *const names[] = { "Bad_Name.muscle", "-dash.muscle",
					     NULL };

	for (const char *const *n = names; *n; n++) {
		g_autofree char *dir = make_tmp_dir();
		g_autofree char *path = write_file(dir, *n, muscle_text);
		g_autoptr(TpCatalog) catalog = tp_catalog_new();
		g_autoptr(GPtrArray) problems = tp_problems_new();
		g_autofree char *prefix = g_strdup_printf("%s: ", path);

		g_assert_cmpuint(
		    tp_catalog_load_dir(catalog, dir, true, problems), ==, 0);
		g_assert_cmpuint(g_hash_table_size(catalog->muscles), ==, 0);
		assert_problem(problems, prefix, "not a valid id", NULL);
		remove_tree(dir);
	}
}

static void test_catalog_other_files(void)
{
	g_autofree char *dir = make_tmp_dir();
	g_autofree char *sub = g_build_filename(dir, "neck", NULL);
	g_autoptr(TpCatalog) catalog = tp_catalog_new();
	g_autoptr(GPtrArray) problems = tp_problems_new();

	g_assert_cmpint(g_mkdir(sub, 0700), ==, 0);
	g_free(write_file(dir, "README", "not a data file\n"));
	g_free(write_file(dir, ".hidden.muscle", "garbage\n"));
	g_free(write_file(dir, "notes.muscle.bak", "garbage\n"));
	g_free(write_file(sub, "deep.muscle", muscle_text));
	g_assert_cmpuint(tp_catalog_load_dir(catalog, dir, true, problems), ==,
			 1);
	assert_no_problems(problems);
	g_assert_true(g_hash_table_contains(catalog->muscles, "deep"));
	remove_tree(dir);
}

static void test_catalog_override(void)
{
	g_autofree char *first = make_tmp_dir();
	g_autofree char *second = make_tmp_dir();
	g_autofree char *text = replace_line(muscle_text, 6, "MaxIntensity=20");
	g_autoptr(TpCatalog) catalog = tp_catalog_new();
	g_autoptr(GPtrArray) problems = tp_problems_new();
	const TpMuscle *m;

	g_free(write_file(first, "neck.muscle", muscle_text));
	g_free(write_file(second, "neck.muscle", text));
	tp_catalog_load_dir(catalog, first, true, problems);
	tp_catalog_load_dir(catalog, second, true, problems);
	assert_no_problems(problems);
	g_assert_cmpuint(g_hash_table_size(catalog->muscles), ==, 1);
	m = g_hash_table_lookup(catalog->muscles, "neck");
	g_assert_cmpstr(m->id, ==, "neck");
	g_assert_cmpuint(m->max_intensity, ==, 20);
	remove_tree(first);
	remove_tree(second);
}

static void test_catalog_missing_dir(void)
{
	g_autoptr(TpCatalog) catalog = tp_catalog_new();
	g_autoptr(GPtrArray) problems = tp_problems_new();
	const char *dir = "/nonexistent/tpd-data";

	g_assert_cmpuint(tp_catalog_load_dir(catalog, dir, false, problems), ==,
			 0);
	assert_no_problems(problems);
	g_assert_cmpuint(tp_catalog_load_dir(catalog, dir, true, problems), ==,
			 0);
	assert_problem(problems, "/nonexistent/tpd-data: ", "no such directory",
		       NULL);
}

/* A data directory that is something else says so, even when optional:
 * "no such directory" would send a person looking in the wrong place. */
static void test_catalog_not_a_dir(void)
{
	g_autoptr(TpCatalog) catalog = tp_catalog_new();
	g_autoptr(GPtrArray) problems = tp_problems_new();
	g_autofree char *dir = make_tmp_dir();
	g_autofree char *file = g_build_filename(dir, "models.d", NULL);

	g_assert_true(g_file_set_contents(file, "x", -1, NULL));
	g_assert_cmpuint(tp_catalog_load_dir(catalog, file, false, problems),
			 ==, 0);
	assert_problem(problems, file, ": not a directory", NULL);
	remove_tree(dir);
}

static void test_catalog_check_program(void)
{
	g_autofree char *dir = make_tmp_dir();
	g_autofree char *text = replace_line(muscle_text, 10, "Program=relax");
	g_autofree char *back = replace_line(muscle_text, 9, "Tools=gun;wand");
	g_autoptr(TpCatalog) catalog = tp_catalog_new();
	g_autoptr(GPtrArray) problems = tp_problems_new();

	g_free(write_file(dir, "neck.muscle", text));
	g_free(write_file(dir, "back.muscle", back));
	g_free(write_file(dir, "release.program", program_text));
	g_assert_cmpuint(tp_catalog_load_dir(catalog, dir, true, problems), ==,
			 3);
	assert_no_problems(problems);
	tp_catalog_check(catalog, problems);
	g_assert_cmpuint(problems->len, ==, 1);
	assert_problem(problems, "muscle neck", "program 'relax'",
		       "does not exist", NULL);
	remove_tree(dir);
}

/* Problems tp_catalog_check() finds with one muscle of @lines (a
 * replacement for each of its lines 8 and 9) and program_text. */
static GPtrArray *suggestion_problems(const char *line8, const char *line9,
				      const char *extra)
{
	g_autofree char *dir = make_tmp_dir();
	g_autofree char *a = replace_line(muscle_text, 8, line8);
	g_autofree char *b = replace_line(a, 9, line9);
	g_autofree char *text = g_strconcat(b, extra, NULL);
	g_autoptr(TpCatalog) catalog = tp_catalog_new();
	GPtrArray *problems = tp_problems_new();

	g_free(write_file(dir, "back.muscle", text));
	g_free(write_file(dir, "release.program", program_text));
	g_assert_cmpuint(tp_catalog_load_dir(catalog, dir, true, problems), ==,
			 2);
	assert_no_problems(problems);
	tp_catalog_check(catalog, problems);
	remove_tree(dir);
	return problems;
}

/*
 * The suggested program runs with every tool the muscle allows, and fits
 * its SessionLimit on both sides; program_text takes 20 s plus a 20 s
 * hold, which a gun cuts to SpotLimit=15 and a wand to HoldLimit.
 */
static void test_catalog_check_suggestion(void)
{
	g_autoptr(GPtrArray) roller =
	    suggestion_problems("SessionLimit=180", "Tools=gun;roller", "");
	g_autoptr(GPtrArray) gun =
	    suggestion_problems("SessionLimit=69", "Tools=gun", "");
	g_autoptr(GPtrArray) gun_fits =
	    suggestion_problems("SessionLimit=70", "Tools=gun", "");
	g_autoptr(GPtrArray) wand =
	    suggestion_problems("SessionLimit=60", "Tools=wand", "");
	g_autoptr(GPtrArray) wand_held = suggestion_problems(
	    "SessionLimit=60", "Tools=wand", "HoldLimit=10\n");
	g_autoptr(GPtrArray) hands =
	    suggestion_problems("SessionLimit=30", "Tools=", "");

	g_assert_cmpuint(roller->len, ==, 1);
	assert_problem(roller, "muscle back", "'release'",
		       "no variant for a roller", NULL);
	g_assert_cmpuint(gun->len, ==, 1);
	assert_problem(gun, "muscle back", "takes 70 s on both sides",
		       "SessionLimit of 69 s", NULL);
	assert_no_problems(gun_fits);
	assert_problem(wand, "muscle back", "takes 80 s on both sides", NULL);
	assert_no_problems(wand_held);
	assert_no_problems(hands);
}

static void test_suggest(void)
{
	g_assert_cmpstr(tp_suggest("trapezus", muscle_ids), ==, "trapezius");
	g_assert_cmpstr(tp_suggest("trapezius", muscle_ids), ==, "trapezius");
	g_assert_cmpstr(tp_suggest("Trapezius", muscle_ids), ==, "trapezius");
	g_assert_cmpstr(tp_suggest("gluteus", muscle_ids), ==,
			"gluteus-medius");
	g_assert_cmpstr(tp_suggest("levator", muscle_ids), ==,
			"levator-scapulae");
	g_assert_null(tp_suggest("xylophone", muscle_ids));
	g_assert_null(tp_suggest("quadriceps", muscle_ids));
	g_assert_null(tp_suggest("trapezius", NULL));
}

/* Copies equal what they copy and outlive it, each aligned for its type,
 * however many blocks they take and with a large item among them. */
static void test_pack(void)
{
	g_autoptr(TpPack) pack = tp_pack_new();
	g_autofree char *big = g_strnfill(5000, 'x');
	g_auto(GStrv) list = g_strsplit("a;bc;;d", ";", -1);
	g_autoptr(GPtrArray) numbers = g_ptr_array_new();
	char **packed_list = tp_pack_strv(pack, list);
	const char *packed_big = tp_pack_str(pack, big);
	double *d = tp_pack_copy(pack, &(double){ 2.5 }, sizeof(double));

	g_assert_null(tp_pack_str(pack, NULL));
	g_assert_null(tp_pack_strv(pack, NULL));
	g_assert_null(tp_pack_copy(pack, NULL, 8));
	for (unsigned i = 0; i < 3000; i++) {
		g_autofree char *n = g_strdup_printf("%u", i);
		g_ptr_array_add(numbers, tp_pack_str(pack, n));
		g_assert_true(((uintptr_t)tp_pack_copy(pack, &i, 1) &
			       (G_ALIGNOF(max_align_t) - 1)) == 0);
	}
	g_assert_true(g_strv_equal((const char *const *)packed_list,
				   (const char *const *)list));
	g_assert_true(packed_list != list && packed_list[1] != list[1]);
	g_assert_cmpstr(packed_big, ==, big);
	g_assert_cmpfloat(*d, ==, 2.5);
	for (unsigned i = 0; i < numbers->len; i++) {
		g_autofree char *n = g_strdup_printf("%u", i);
		g_assert_cmpstr(numbers->pdata[i], ==, n);
	}
	g_assert_cmpuint(tp_pack_size(pack), >=, 5001 + 3000 * 2);
}

/* tp_pack_fields() copies the strings and lists a field table names. */
static void test_pack_fields(void)
{
	typedef struct {
		char *name;
		char **tags;
		unsigned count;
	} Thing;
	static const TpField fields[] = {
		{ "Name", TP_FIELD_STRING, offsetof(Thing, name) },
		{ "Tags", TP_FIELD_STRV, offsetof(Thing, tags) },
		{ "Count", TP_FIELD_UINT, offsetof(Thing, count) },
		{ NULL },
	};
	g_autoptr(TpPack) pack = tp_pack_new();
	Thing thing = { g_strdup("one"), g_strsplit("x;y", ";", -1), 7 };
	Thing *packed = tp_pack_copy(pack, &thing, sizeof(thing));

	tp_pack_fields(pack, fields, packed);
	tp_fields_clear(fields, &thing);
	g_assert_cmpstr(packed->name, ==, "one");
	g_assert_cmpstr(packed->tags[0], ==, "x");
	g_assert_cmpstr(packed->tags[1], ==, "y");
	g_assert_null(packed->tags[2]);
	g_assert_cmpuint(packed->count, ==, 7);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);

	g_test_add_func("/datafile/syntax/good", test_syntax_good);
	g_test_add_func("/datafile/syntax/crlf", test_syntax_crlf);
	g_test_add_func("/datafile/syntax/not-key-value",
			test_syntax_not_key_value);
	g_test_add_func("/datafile/syntax/key-before-group",
			test_syntax_key_before_group);
	g_test_add_func("/datafile/syntax/repeated-key",
			test_syntax_repeated_key);
	g_test_add_func("/datafile/syntax/same-key-other-group",
			test_syntax_same_key_other_group);
	g_test_add_func("/datafile/syntax/repeated-group",
			test_syntax_repeated_group);
	g_test_add_func("/datafile/syntax/malformed-group",
			test_syntax_malformed_group);
	g_test_add_func("/datafile/syntax/malformed-names",
			test_syntax_malformed_names);
	g_test_add_func("/datafile/syntax/not-utf8", test_syntax_not_utf8);
	g_test_add_func("/datafile/syntax/missing-file",
			test_syntax_missing_file);
	g_test_add_func("/datafile/config/defaults", test_config_defaults);
	g_test_add_func("/datafile/config/valid", test_config_valid);
	g_test_add_func("/datafile/config/partial", test_config_partial);
	g_test_add_func("/datafile/config/rejected", test_config_rejected);
	g_test_add_func("/datafile/config/missing", test_config_missing);
	g_test_add_func("/datafile/catalog/shipped", test_catalog_shipped);
	g_test_add_func("/datafile/catalog/sorted-ids",
			test_catalog_sorted_ids);
	g_test_add_func("/datafile/catalog/good-and-bad",
			test_catalog_good_and_bad);
	g_test_add_func("/datafile/catalog/bad-id", test_catalog_bad_id);
	g_test_add_func("/datafile/catalog/other-files",
			test_catalog_other_files);
	g_test_add_func("/datafile/catalog/override", test_catalog_override);
	g_test_add_func("/datafile/catalog/missing-dir",
			test_catalog_missing_dir);
	g_test_add_func("/datafile/catalog/not-a-dir", test_catalog_not_a_dir);
	g_test_add_func("/datafile/catalog/check-suggestion",
			test_catalog_check_suggestion);
	g_test_add_func("/datafile/catalog/check-program",
			test_catalog_check_program);
	g_test_add_func("/datafile/pack", test_pack);
	g_test_add_func("/datafile/pack/fields", test_pack_fields);
	g_test_add_func("/datafile/suggest", test_suggest);

	return g_test_run();
}
