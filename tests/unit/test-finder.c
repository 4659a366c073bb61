/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * "Where does it hurt": from the words people use to body zones
 * (tp_zones_for), and from zones to the muscles that refer pain there,
 * ranked (tp_find_muscles). Rankings are checked on a small catalog of
 * hand-written muscle files, where every weight is visible, and once on
 * the catalog tpd ships.
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "common/tp-error.h"
#include "data-check.h"
#include "therapy/catalog.h"
#include "therapy/finder.h"
#include "therapy/vocabulary.h"

/* The zones @words mean, joined with ';' for one readable comparison;
 * NULL if none. */
static char *zones_of(const char *words)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) zones = tp_zones_for(words, &error);

	if (!zones)
		return NULL;
	g_assert_no_error(error);
	g_ptr_array_add(zones, NULL);
	return g_strjoinv(";", (char **)zones->pdata);
}

static void assert_zones(const char *words, const char *expected)
{
	g_autofree char *zones = zones_of(words);

	g_test_message("'%s' -> %s", words, zones ? zones : "(none)");
	g_assert_cmpstr(zones, ==, expected);
}

static void test_zone_name(void)
{
	assert_zones("behind-eye", "behind-eye");
	assert_zones("low-back", "low-back");
	assert_zones("neck", "neck");
}

static void test_zone_in_words(void)
{
	assert_zones("behind the eye", "behind-eye");
	assert_zones("Pain behind the eye", "behind-eye");
	assert_zones("my BEHIND  the eye", "behind-eye");
	assert_zones("  behind\tthe\neye  ", "behind-eye");
	assert_zones("behind_eye", "behind-eye");
	/* "of" is no filler: it is part of the zone name. */
	assert_zones("back of the head", "back-of-head");
	assert_zones("Back-Of-Head", "back-of-head");
	assert_zones("an ache in the back of my head", "back-of-head");
}

static void test_aliases(void)
{
	assert_zones("sciatica", "buttock;back-of-thigh");
	assert_zones("Sciatica", "buttock;back-of-thigh");
	/* "low back" is the zone itself, the others are aliases of it. */
	assert_zones("low back", "low-back");
	assert_zones("lower back", "low-back");
	assert_zones("pain in my lower back", "low-back");
	assert_zones("lumbago", "low-back");
	assert_zones("LUMBAGO", "low-back");
	assert_zones("top of the head", "crown");
	assert_zones("a stiff neck", "neck");
}

/* A zone name listed by an alias but missing from tp_zone_names would be
 * dropped silently by tp_zones_for, so each is checked on its own. */
static void test_aliases_are_zones(void)
{
	guint n = 0;

	for (guint i = 0; tp_zone_aliases[i]; i += 2, n++) {
		const char *words = tp_zone_aliases[i];
		const char *meant = tp_zone_aliases[i + 1];
		g_auto(GStrv) parts = NULL;

		g_assert_nonnull(meant);
		parts = g_strsplit(meant, ";", -1);
		g_assert_cmpuint(g_strv_length(parts), >, 0);
		for (guint p = 0; parts[p]; p++) {
			if (!g_strv_contains(tp_zone_names, parts[p]))
				g_test_message("alias '%s': no zone '%s'",
					       words, parts[p]);
			g_assert_true(g_strv_contains(tp_zone_names, parts[p]));
		}
		/* And the alias is reached: no zone name shadows it. */
		assert_zones(words, meant);
	}
	g_assert_cmpuint(n, >=, 10);
}

static void assert_not_found(const char *words, const char *suggestion)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) zones = tp_zones_for(words, &error);

	g_assert_null(zones);
	g_assert_error(error, TP_ERROR, TP_ERROR_NOT_FOUND);
	g_test_message("'%s': %s", words, error->message);
	g_assert_nonnull(strstr(error->message, "tpd-program(5)"));
	if (suggestion) {
		g_autofree char *guess =
		    g_strdup_printf("did you mean '%s'", suggestion);
		g_assert_nonnull(strstr(error->message, guess));
	} else {
		g_assert_null(strstr(error->message, "did you mean"));
	}
}

static void test_unknown(void)
{
	assert_not_found("behnd-eye", "behind-eye");
	assert_not_found("pain behnd the eye", "behind-eye");
	assert_not_found("xyzzy", NULL);
	assert_not_found("the", NULL);
	assert_not_found("", NULL);
}

/* tp_find_muscles fails the same way, without an array. */
static void test_find_unknown(void)
{
	g_autoptr(TpCatalog) catalog = tp_catalog_new();
	g_autoptr(GError) error = NULL;
	g_autoptr(GArray) found = tp_find_muscles(catalog, "behnd-eye", &error);

	g_assert_null(found);
	g_assert_error(error, TP_ERROR, TP_ERROR_NOT_FOUND);
	g_assert_nonnull(strstr(error->message, "behind-eye"));
}

/* muscle_text, line 5 being its Zones. */
static void write_muscle(const char *dir, const char *id, const char *zones)
{
	g_autofree char *line = g_strdup_printf("Zones=%s", zones);
	g_autofree char *text = replace_line(muscle_text, 5, line);
	g_autofree char *name = g_strdup_printf("%s.muscle", id);
	g_autofree char *path = g_build_filename(dir, name, NULL);
	g_autoptr(GError) error = NULL;

	g_file_set_contents(path, text, -1, &error);
	g_assert_no_error(error);
}

/* Weights are chosen so that hash order cannot pass for ranking: ties
 * (bravo, delta) and several zones of one muscle (foxtrot). */
static TpCatalog *small_catalog(void)
{
	g_autofree char *dir = make_tmp_dir();
	g_autoptr(GPtrArray) problems = tp_problems_new();
	TpCatalog *catalog = tp_catalog_new();

	write_muscle(dir, "delta", "neck:7");
	write_muscle(dir, "alpha", "behind-eye:9;neck");
	write_muscle(dir, "charlie", "temple:7;behind-eye:2");
	write_muscle(dir, "bravo", "neck:7;temple:3");
	write_muscle(dir, "foxtrot", "forehead:4;crown:8;temple:2");
	write_muscle(dir, "echo", "calf:9");
	g_assert_cmpuint(tp_catalog_load_dir(catalog, dir, true, problems), ==,
			 6);
	assert_no_problems(problems);
	remove_tree(dir);
	return catalog;
}

/* @found as "id:zone:weight,..." for one readable comparison. */
static char *findings_string(GArray *found)
{
	GString *s = g_string_new(NULL);

	for (guint i = 0; i < found->len; i++) {
		const TpFinding *f = &g_array_index(found, TpFinding, i);
		g_string_append_printf(s, "%s%s:%s:%u", i ? "," : "",
				       f->muscle->id, f->zone, f->weight);
	}
	return g_string_free(s, FALSE);
}

static void assert_found(const TpCatalog *catalog, const char *words,
			 const char *expected)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GArray) found = tp_find_muscles(catalog, words, &error);
	g_autofree char *s = NULL;

	g_assert_no_error(error);
	g_assert_nonnull(found);
	s = findings_string(found);
	g_test_message("'%s' -> %s", words, s);
	g_assert_cmpstr(s, ==, expected);
}

static void test_rank_weight(void)
{
	g_autoptr(TpCatalog) catalog = small_catalog();

	assert_found(catalog, "behind the eye",
		     "alpha:behind-eye:9,charlie:behind-eye:2");
	assert_found(catalog, "temple",
		     "charlie:temple:7,bravo:temple:3,"
		     "foxtrot:temple:2");
}

static void test_rank_default_weight(void)
{
	g_autoptr(TpCatalog) catalog = small_catalog();

	/* alpha lists neck without a weight: 5. */
	assert_found(catalog, "neck", "bravo:neck:7,delta:neck:7,alpha:neck:5");
}

static void test_rank_ties_by_id(void)
{
	g_autoptr(TpCatalog) catalog = small_catalog();
	g_autoptr(GArray) found = tp_find_muscles(catalog, "neck", NULL);

	g_assert_cmpuint(found->len, ==, 3);
	g_assert_cmpstr(g_array_index(found, TpFinding, 0).muscle->id, ==,
			"bravo");
	g_assert_cmpstr(g_array_index(found, TpFinding, 1).muscle->id, ==,
			"delta");
}

static void test_rank_several_zones(void)
{
	g_autoptr(TpCatalog) catalog = small_catalog();

	/* headache: temple, forehead, back-of-head, crown. foxtrot refers
	 * to three of them and is listed once, by its crown at 8. */
	assert_found(catalog, "headache",
		     "foxtrot:crown:8,charlie:temple:7,"
		     "bravo:temple:3");
	/* tension headache: temple, back-of-head, forehead. foxtrot's
	 * forehead (4) beats its temple (2), though temple is asked first. */
	assert_found(catalog, "tension headache",
		     "charlie:temple:7,foxtrot:forehead:4,bravo:temple:3");
}

static void test_rank_no_muscle(void)
{
	g_autoptr(TpCatalog) catalog = small_catalog();
	g_autoptr(GError) error = NULL;
	g_autoptr(GArray) found = tp_find_muscles(catalog, "heel", &error);

	g_assert_no_error(error);
	g_assert_nonnull(found);
	g_assert_cmpuint(found->len, ==, 0);
}

static void assert_first(const TpCatalog *catalog, const char *words,
			 const char *const *ids)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GArray) found = tp_find_muscles(catalog, words, &error);
	g_autofree char *s = NULL;
	guint n = g_strv_length((char **)ids);

	g_assert_no_error(error);
	s = findings_string(found);
	g_test_message("'%s' -> %s", words, s);
	g_assert_cmpuint(found->len, >=, n);
	for (guint i = 0; i < n; i++)
		g_assert_cmpstr(g_array_index(found, TpFinding, i).muscle->id,
				==, ids[i]);
}

static void test_shipped(void)
{
	g_autoptr(TpCatalog) catalog = load_shipped_catalog();
	static const char *const behind_eye[] = { "trapezius", "splenius",
						  "sternocleidomastoid",
						  "suboccipitals", NULL };
	static const char *const sciatica[] = { "piriformis", NULL };
	static const char *const low_back[] = { "quadratus-lumborum", NULL };

	assert_first(catalog, "behind-eye", behind_eye);
	assert_first(catalog, "pain behind the eye", behind_eye);
	assert_first(catalog, "sciatica", sciatica);
	assert_first(catalog, "low back", low_back);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);

	g_test_add_func("/finder/zones/name", test_zone_name);
	g_test_add_func("/finder/zones/words", test_zone_in_words);
	g_test_add_func("/finder/zones/aliases", test_aliases);
	g_test_add_func("/finder/zones/aliases-are-zones",
			test_aliases_are_zones);
	g_test_add_func("/finder/zones/unknown", test_unknown);
	g_test_add_func("/finder/find/unknown", test_find_unknown);
	g_test_add_func("/finder/find/weight", test_rank_weight);
	g_test_add_func("/finder/find/default-weight",
			test_rank_default_weight);
	g_test_add_func("/finder/find/ties-by-id", test_rank_ties_by_id);
	g_test_add_func("/finder/find/several-zones", test_rank_several_zones);
	g_test_add_func("/finder/find/no-muscle", test_rank_no_muscle);
	g_test_add_func("/finder/find/shipped", test_shipped);

	return g_test_run();
}
