/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "catalog.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

/* Directories deeper than this are not searched (and loops end). */
#define TP_CATALOG_MAX_DEPTH 4

TpCatalog *tp_catalog_new(void)
{
	TpCatalog *c = g_new0(TpCatalog, 1);

	/* Keys and values are in the pack. */
	c->muscles = g_hash_table_new(g_str_hash, g_str_equal);
	c->programs = g_hash_table_new(g_str_hash, g_str_equal);
	c->models = g_hash_table_new(g_str_hash, g_str_equal);
	c->pack = tp_pack_new();
	return c;
}

void tp_catalog_free(TpCatalog *c)
{
	if (!c)
		return;
	g_hash_table_unref(c->muscles);
	g_hash_table_unref(c->programs);
	g_hash_table_unref(c->models);
	tp_pack_free(c->pack);
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

static bool tp_catalog_load_program(TpCatalog *c, TpDataFile *file,
				    const char *stem, TpProblems *problems)
{
	g_auto(GStrv) parts = g_strsplit(stem, ".", 2);
	g_autoptr(TpProgram) p = tp_program_parse(file, parts[0], problems);
	TpProgram *packed;

	if (!p)
		return false;
	p->variant = g_strdup(parts[1]);
	p->key = g_strdup(stem);
	packed = tp_program_pack(p, c->pack);
	g_hash_table_replace(c->programs, packed->key, packed);
	return true;
}

static bool tp_catalog_load_muscle(TpCatalog *c, TpDataFile *file,
				   const char *id, TpProblems *problems)
{
	g_autoptr(TpMuscle) m = tp_muscle_parse(file, id, problems);
	TpMuscle *packed;

	if (!m)
		return false;
	packed = tp_muscle_pack(m, c->pack);
	g_hash_table_replace(c->muscles, packed->id, packed);
	return true;
}

static bool tp_catalog_load_model(TpCatalog *c, TpDataFile *file,
				  const char *id, TpProblems *problems)
{
	g_autoptr(TpModel) m = tp_model_parse(file, id, problems);
	TpModel *packed;

	if (!m)
		return false;
	packed = tp_model_pack(m, c->pack);
	g_hash_table_replace(c->models, packed->id, packed);
	return true;
}

/* "release" or, for programs only, "release.gun": id and variant. */
static bool tp_stem_is_valid(const char *stem, const char *suffix)
{
	g_auto(GStrv) parts = g_strsplit(stem, ".", -1);
	guint n = g_strv_length(parts);

	if (n == 0 || n > (g_str_equal(suffix, ".program") ? 2u : 1u))
		return false;
	for (guint i = 0; i < n; i++)
		if (!tp_id_is_valid(parts[i]))
			return false;
	return true;
}

static bool tp_catalog_load_file(TpCatalog *c, const char *path,
				 const char *suffix, TpProblems *problems)
{
	g_autofree char *base = g_path_get_basename(path);
	g_autofree char *id = g_strndup(base, strlen(base) - strlen(suffix));
	g_autoptr(TpDataFile) file = NULL;

	if (!tp_stem_is_valid(id, suffix)) {
		tp_problems_add(problems,
				"%s: file name '%s' is not a valid id "
				"(lower-case letters, digits and '-'; a "
				"program may add .VARIANT)",
				path, id);
		return false;
	}
	file = tp_data_file_load(path, problems);
	if (!file)
		return false;
	if (g_str_equal(suffix, ".muscle"))
		return tp_catalog_load_muscle(c, file, id, problems);
	if (g_str_equal(suffix, ".program"))
		return tp_catalog_load_program(c, file, id, problems);
	return tp_catalog_load_model(c, file, id, problems);
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
	GStatBuf st;

	/* Say what is wrong: a directory tpd may not reach is not missing. */
	if (g_stat(dir, &st) != 0) {
		if (required || errno != ENOENT)
			tp_problems_add(problems, "%s: %s", dir,
					errno == ENOENT ? "no such directory"
							: g_strerror(errno));
		return 0;
	}
	if (!S_ISDIR(st.st_mode)) {
		tp_problems_add(problems, "%s: not a directory", dir);
		return 0;
	}
	return tp_catalog_scan(c, dir, 0, problems);
}

/* Two variants of one program for the same tool: which would be meant? */
static void tp_catalog_check_variants(TpCatalog *c, TpProblems *problems)
{
	g_autofree const char **keys = tp_catalog_sorted_ids(c->programs);

	for (guint i = 0; keys[i]; i++) {
		const TpProgram *a = g_hash_table_lookup(c->programs, keys[i]);
		for (guint j = i + 1; keys[j]; j++) {
			const TpProgram *b =
			    g_hash_table_lookup(c->programs, keys[j]);
			if (strcmp(a->id, b->id) != 0)
				continue;
			for (guint k = 0; a->kinds[k]; k++)
				if (tp_program_suits(b, a->kinds[k]))
					tp_problems_add(
					    problems,
					    "programs %s and %s are both "
					    "for a %s; give each tool one "
					    "variant",
					    a->key, b->key, a->kinds[k]);
		}
	}
}

/*
 * The suggested program must run with every tool allowed on the muscle,
 * and fit its SessionLimit on both sides: else following the catalog's
 * own advice would be refused, or always end early with "limit".
 */
static void tp_catalog_check_suggestion(TpCatalog *c, const TpMuscle *m,
					TpProblems *problems)
{
	unsigned sides = tp_muscle_is_bilateral(m) ? 2 : 1;

	if (!tp_catalog_has_program(c, m->program)) {
		tp_problems_add(problems,
				"muscle %s: suggested program '%s' does not "
				"exist",
				m->id, m->program);
		return;
	}
	for (guint i = 0; m->tools[i]; i++) {
		const char *kind = m->tools[i];
		const TpProgram *p =
		    tp_catalog_program_for(c, m->program, kind);
		double d;
		if (!p) {
			tp_problems_add(problems,
					"muscle %s: suggested program '%s' "
					"has no variant for a %s, which the "
					"muscle allows",
					m->id, m->program, kind);
			continue;
		}
		d = sides *
		    tp_program_duration_held(p, tp_muscle_spot_limit(m, kind));
		if (d > m->session_limit)
			tp_problems_add(problems,
					"muscle %s: suggested program %s "
					"takes %.0f s on %s, longer than its "
					"SessionLimit of %u s",
					m->id, p->key, d,
					sides == 2 ? "both sides" : "it",
					m->session_limit);
	}
}

void tp_catalog_check(TpCatalog *c, TpProblems *problems)
{
	g_autofree const char **ids = tp_catalog_sorted_ids(c->muscles);

	for (guint i = 0; ids[i]; i++)
		tp_catalog_check_suggestion(
		    c, g_hash_table_lookup(c->muscles, ids[i]), problems);
	tp_catalog_check_variants(c, problems);
}

bool tp_catalog_has_program(const TpCatalog *c, const char *id)
{
	GHashTableIter it;
	const TpProgram *p;

	g_hash_table_iter_init(&it, c->programs);
	while (g_hash_table_iter_next(&it, NULL, (gpointer *)&p))
		if (strcmp(p->id, id) == 0)
			return true;
	return false;
}

const char **tp_catalog_program_ids(const TpCatalog *c)
{
	g_autofree const char **keys = tp_catalog_sorted_ids(c->programs);
	GPtrArray *ids = g_ptr_array_new();

	/* Variants of one program sort next to each other. */
	for (guint i = 0; keys[i]; i++) {
		const TpProgram *p = g_hash_table_lookup(c->programs, keys[i]);
		if (ids->len == 0 ||
		    strcmp(g_ptr_array_index(ids, ids->len - 1), p->id) != 0)
			g_ptr_array_add(ids, p->id);
	}
	g_ptr_array_add(ids, NULL);
	return (const char **)g_ptr_array_free(ids, FALSE);
}

const TpProgram *tp_catalog_program_for(const TpCatalog *c, const char *id,
					const char *kind)
{
	GHashTableIter it;
	const TpProgram *p;

	g_hash_table_iter_init(&it, c->programs);
	while (g_hash_table_iter_next(&it, NULL, (gpointer *)&p))
		if (strcmp(p->id, id) == 0 && tp_program_suits(p, kind))
			return p;
	return NULL;
}

const char **tp_catalog_sorted_ids(GHashTable *table)
{
	guint n;
	const char **ids =
	    (const char **)g_hash_table_get_keys_as_array(table, &n);

	qsort(ids, n, sizeof(*ids), tp_compare_ids);
	return ids;
}

char **tp_catalog_service_uuids(const TpCatalog *c)
{
	g_autoptr(GPtrArray) uuids = g_ptr_array_new();
	GHashTableIter it;
	const TpModel *m;

	g_hash_table_iter_init(&it, c->models);
	while (g_hash_table_iter_next(&it, NULL, (gpointer *)&m))
		for (guint i = 0; !m->simulated && m->services[i]; i++)
			if (!g_ptr_array_find_with_equal_func(
				uuids, m->services[i], g_str_equal, NULL))
				g_ptr_array_add(uuids,
						g_strdup(m->services[i]));
	g_ptr_array_sort(uuids, tp_compare_ids);
	g_ptr_array_add(uuids, NULL);
	return (char **)g_ptr_array_free(g_steal_pointer(&uuids), FALSE);
}
