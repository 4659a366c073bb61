/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "catalog.h"

#include <string.h>

/* Directories deeper than this are not searched (and loops end). */
#define TP_CATALOG_MAX_DEPTH 4

TpCatalog *tp_catalog_new(void)
{
	TpCatalog *c = g_new0(TpCatalog, 1);

	c->muscles = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
					   (GDestroyNotify)tp_muscle_free);
	c->programs = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
					    (GDestroyNotify)tp_program_free);
	c->models = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
					  (GDestroyNotify)tp_model_free);
	return c;
}

void tp_catalog_free(TpCatalog *c)
{
	if (!c)
		return;
	g_hash_table_unref(c->muscles);
	g_hash_table_unref(c->programs);
	g_hash_table_unref(c->models);
	g_free(c);
}

/* Ids become object-path-free strings in the API and on the command
 * line: keep them to lower-case letters, digits and dashes. */
static bool tp_id_is_valid(const char *id)
{
	if (!*id || *id == '-')
		return false;
	for (const char *p = id; *p; p++)
		if (!g_ascii_islower(*p) && !g_ascii_isdigit(*p) && *p != '-')
			return false;
	return true;
}

static bool tp_catalog_load_file(TpCatalog *c, const char *path,
				 const char *suffix, TpProblems *problems)
{
	g_autofree char *base = g_path_get_basename(path);
	g_autofree char *id = g_strndup(base, strlen(base) - strlen(suffix));
	g_autoptr(TpDataFile) file = NULL;

	if (!tp_id_is_valid(id)) {
		tp_problems_add(problems,
				"%s: file name '%s' is not a valid "
				"id (lower-case letters, digits and '-')",
				path, id);
		return false;
	}
	file = tp_data_file_load(path, problems);
	if (!file)
		return false;
	if (g_str_equal(suffix, ".muscle")) {
		TpMuscle *m = tp_muscle_parse(file, id, problems);
		if (m)
			g_hash_table_replace(c->muscles, m->id, m);
		return m != NULL;
	}
	if (g_str_equal(suffix, ".program")) {
		TpProgram *p = tp_program_parse(file, id, problems);
		if (p)
			g_hash_table_replace(c->programs, p->id, p);
		return p != NULL;
	}
	TpModel *m = tp_model_parse(file, id, problems);
	if (m)
		g_hash_table_replace(c->models, m->id, m);
	return m != NULL;
}

static const char *tp_data_suffix(const char *name)
{
	static const char *const suffixes[] = { ".muscle", ".program", ".model",
						NULL };

	for (const char *const *s = suffixes; *s; s++)
		if (g_str_has_suffix(name, *s))
			return *s;
	return NULL;
}

static int tp_compare_ids(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorted entries, so that load order (and so overrides) is stable. */
static GPtrArray *tp_sorted_entries(GDir *dir)
{
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	const char *name;

	while ((name = g_dir_read_name(dir)))
		g_ptr_array_add(names, g_strdup(name));
	g_ptr_array_sort(names, tp_compare_ids);
	return names;
}

static unsigned tp_catalog_scan(TpCatalog *c, const char *path, int depth,
				TpProblems *problems)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GDir) dir = g_dir_open(path, 0, &error);
	unsigned loaded = 0;

	if (!dir) {
		tp_problems_add(problems, "%s: %s", path, error->message);
		return 0;
	}
	g_autoptr(GPtrArray) names = tp_sorted_entries(dir);
	for (guint i = 0; i < names->len; i++) {
		const char *name = g_ptr_array_index(names, i);
		g_autofree char *child = g_build_filename(path, name, NULL);
		const char *suffix = tp_data_suffix(name);
		if (name[0] == '.')
			continue;
		if (g_file_test(child, G_FILE_TEST_IS_DIR)) {
			if (depth < TP_CATALOG_MAX_DEPTH)
				loaded += tp_catalog_scan(c, child, depth + 1,
							  problems);
		} else if (suffix) {
			loaded +=
			    tp_catalog_load_file(c, child, suffix, problems);
		}
	}
	return loaded;
}

unsigned tp_catalog_load_dir(TpCatalog *c, const char *dir, bool required,
			     TpProblems *problems)
{
	if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
		if (required)
			tp_problems_add(problems, "%s: no such directory", dir);
		return 0;
	}
	return tp_catalog_scan(c, dir, 0, problems);
}

void tp_catalog_check(TpCatalog *c, TpProblems *problems)
{
	g_autofree const char **ids = tp_catalog_sorted_ids(c->muscles);

	for (guint i = 0; ids[i]; i++) {
		const TpMuscle *m = g_hash_table_lookup(c->muscles, ids[i]);
		if (!g_hash_table_contains(c->programs, m->program))
			tp_problems_add(problems,
					"muscle %s: suggested "
					"program '%s' does not exist",
					m->id, m->program);
	}
}

const char **tp_catalog_sorted_ids(GHashTable *table)
{
	guint n;
	const char **ids =
	    (const char **)g_hash_table_get_keys_as_array(table, &n);

	qsort(ids, n, sizeof(*ids), tp_compare_ids);
	return ids;
}
