/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The muscles and programs tpd ships (TPD_SRC_DIR/data): they load without
 * a problem, keep the promises of THERAPY.md (no tool on the front of the
 * neck or the face, no gun on the chest, guns keep moving, rollers and
 * wands hold), every suggested program runs to its end on both sides
 * within the muscle's session limit, and the reverse lookup from where it
 * hurts (tp_find_muscles) ranks the muscles THERAPY.md names in its
 * order.
 */
#include <glib.h>
#include <stdbool.h>
#include <string.h>

#include "data-check.h"
#include "therapy/catalog.h"
#include "therapy/curve.h"
#include "therapy/finder.h"
#include "therapy/muscle.h"
#include "therapy/program.h"

/* THERAPY.md: about 20 s on one spot with a gun; 30-90 s static holds. */
#define GUN_HOLD_MAX	20.0
#define MANUAL_HOLD_MIN 30.0

static const char *const muscle_ids[] = {
	"trapezius",	    "levator-scapulae",	  "sternocleidomastoid",
	"suboccipitals",    "splenius",		  "temporalis",
	"masseter",	    "infraspinatus",	  "supraspinatus",
	"pectoralis-major", "quadratus-lumborum", "gluteus-medius",
	"gluteus-minimus",  "piriformis",	  "gastrocnemius",
	"soleus",	    "quadriceps",	  NULL,
};

static const char *const program_ids[] = {
	"release", "warmup", "flush", "gentle", "maintain", "neck", NULL,
};

/* Front and side of the neck, skull and face: by hand only. */
static const char *const manual_only[] = { "sternocleidomastoid", "temporalis",
					   "masseter", "suboccipitals", NULL };

static const TpMuscle *muscle(const TpCatalog *c, const char *id)
{
	const TpMuscle *m = g_hash_table_lookup(c->muscles, id);

	if (!m)
		g_error("no muscle %s in the shipped catalog", id);
	return m;
}

/* ---- muscles ----------------------------------------------------------- */

static void test_muscles_present(void)
{
	g_autoptr(TpCatalog) c = load_shipped_catalog();

	for (const char *const *id = muscle_ids; *id; id++) {
		const TpMuscle *m = muscle(c, *id);
		g_test_message("%s", *id);
		g_assert_cmpuint(g_strv_length(m->sources), >=, 1);
		g_assert_cmpuint(g_strv_length(m->zones), >=, 1);
		g_assert_cmpstr(m->cautions, !=, "");
		/* The most typical zone comes first: no later one weighs
		 * more. */
		for (guint i = 1; m->zones[i]; i++)
			g_assert_cmpuint(m->zone_weights[i], <=,
					 m->zone_weights[0]);
	}
	g_assert_cmpuint(g_hash_table_size(c->muscles), ==,
			 g_strv_length((char **)muscle_ids));
}

static void test_muscles_manual_only(void)
{
	g_autoptr(TpCatalog) c = load_shipped_catalog();

	for (const char *const *id = manual_only; *id; id++) {
		const TpMuscle *m = muscle(c, *id);
		g_test_message("%s", *id);
		g_assert_false(tp_muscle_allows_tool(m, "gun"));
		g_assert_false(tp_muscle_allows_tool(m, "roller"));
		g_assert_false(tp_muscle_allows_tool(m, "wand"));
		/* Still a program that exists (tp_catalog_check). */
		g_assert_true(tp_catalog_has_program(c, m->program));
	}
}

static void test_muscles_no_gun_on_chest(void)
{
	g_autoptr(TpCatalog) c = load_shipped_catalog();
	const TpMuscle *m = muscle(c, "pectoralis-major");

	g_assert_false(tp_muscle_allows_tool(m, "gun"));
	g_assert_true(tp_muscle_allows_tool(m, "roller") ||
		      tp_muscle_allows_tool(m, "wand"));
}

/* Where a gun is allowed, an attachment is suggested. */
static void test_muscles_gun_attachment(void)
{
	g_autoptr(TpCatalog) c = load_shipped_catalog();

	for (const char *const *id = muscle_ids; *id; id++) {
		const TpMuscle *m = muscle(c, *id);
		if (!tp_muscle_allows_tool(m, "gun"))
			continue;
		g_test_message("%s", *id);
		g_assert_nonnull(m->attachment);
		g_assert_cmpstr(m->attachment, !=, "");
		g_assert_cmpuint(m->spot_limit, <=, GUN_HOLD_MAX);
	}
}

/*
 * The suggested program, in the variant for every tool the muscle allows,
 * runs completely on both sides (hold steps capped by SpotLimit for a gun,
 * HoldLimit for a roller or wand) within SessionLimit, and the capping
 * never makes a ramp rise faster than the program rules allow.
 */
static void test_muscles_session_fits(void)
{
	g_autoptr(TpCatalog) c = load_shipped_catalog();

	for (const char *const *id = muscle_ids; *id; id++) {
		const TpMuscle *m = muscle(c, *id);
		for (guint k = 0; m->tools[k]; k++) {
			const char *kind = m->tools[k];
			const TpProgram *p =
			    tp_catalog_program_for(c, m->program, kind);
			unsigned limit = tp_muscle_spot_limit(m, kind);
			g_test_message("%s with a %s: %s", *id, kind,
				       m->program);
			g_assert_nonnull(p);
			g_autoptr(TpPlan) plan = tp_plan_new(p, "both", limit);
			g_test_message("  %g s of %u", plan->duration,
				       m->session_limit);
			g_assert_cmpfloat(plan->duration, <=, m->session_limit);
			g_assert_cmpuint(plan->n_steps, ==, 2 * p->n_steps);
			/* As played: a cut hold keeps its slope. */
			for (guint i = 0; i < plan->n_steps; i++) {
				const TpPlanStep *ps = &plan->steps[i];
				g_assert_cmpfloat((ps->to - ps->from) /
						      ps->duration,
						  <=, TP_MAX_RAMP_RATE);
				if (i > 0)
					g_assert_cmpfloat(ps->from, <=,
							  ps[-1].to +
							      TP_MAX_STEP_JUMP);
			}
		}
	}
}

/* ---- programs ---------------------------------------------------------- */

static void test_programs_variants(void)
{
	g_autoptr(TpCatalog) c = load_shipped_catalog();
	static const char *const kinds[] = { "gun", "roller", "wand", NULL };

	for (const char *const *id = program_ids; *id; id++) {
		for (const char *const *k = kinds; *k; k++) {
			const TpProgram *p = tp_catalog_program_for(c, *id, *k);
			g_test_message("%s for a %s", *id, *k);
			g_assert_nonnull(p);
			g_assert_cmpstr(p->id, ==, *id);
			/* release.gun, release.hold: named by the variant. */
			g_assert_nonnull(p->variant);
			g_assert_true(tp_program_suits(p, *k));
		}
	}
}

/* Every program starts gently, and every step says what to do. */
static void test_programs_gentle_and_cued(void)
{
	g_autoptr(TpCatalog) c = load_shipped_catalog();
	g_autofree const char **keys = tp_catalog_sorted_ids(c->programs);

	for (guint i = 0; keys[i]; i++) {
		const TpProgram *p = g_hash_table_lookup(c->programs, keys[i]);
		g_test_message("%s", keys[i]);
		g_assert_cmpuint(p->n_steps, >=, 2);
		g_assert_cmpfloat(p->steps[0].start, <=, TP_GENTLE_START);
		g_assert_cmpfloat(p->steps[0].end, >, p->steps[0].start);
		for (guint s = 0; s < p->n_steps; s++)
			g_assert_cmpuint(strlen(p->steps[s].cue), >, 10);
	}
}

/* Guns keep moving: no hold longer than about 20 s on one spot. */
static void test_programs_gun_holds(void)
{
	g_autoptr(TpCatalog) c = load_shipped_catalog();
	GHashTableIter it;
	gpointer key, value;
	unsigned guns = 0;

	g_hash_table_iter_init(&it, c->programs);
	while (g_hash_table_iter_next(&it, &key, &value)) {
		const TpProgram *p = value;
		if (!tp_program_suits(p, "gun"))
			continue;
		guns++;
		for (guint s = 0; s < p->n_steps; s++) {
			if (!p->steps[s].hold)
				continue;
			g_test_message("%s: %s", (char *)key, p->steps[s].name);
			g_assert_cmpfloat(p->steps[s].duration, <=,
					  GUN_HOLD_MAX);
		}
	}
	g_assert_cmpuint(guns, >=, g_strv_length((char **)program_ids));
}

/* The longest hold of @p as laid out with @limit, in seconds. */
static double longest_hold(const TpProgram *p, unsigned limit)
{
	g_autoptr(TpPlan) plan = tp_plan_new(p, "left", limit);
	double longest = 0;

	for (guint i = 0; i < plan->n_steps; i++)
		if (plan->steps[i].step->hold)
			longest = MAX(longest, plan->steps[i].duration);
	return longest;
}

/*
 * Rollers and wands release with a static hold of at least 30 s, as
 * written and as run on every muscle that suggests release for them.
 */
static void test_programs_release_holds(void)
{
	g_autoptr(TpCatalog) c = load_shipped_catalog();
	static const char *const kinds[] = { "roller", "wand", NULL };

	for (const char *const *k = kinds; *k; k++) {
		const TpProgram *p = tp_catalog_program_for(c, "release", *k);
		g_assert_nonnull(p);
		g_test_message("release for a %s: %s", *k, p->key);
		g_assert_cmpfloat(longest_hold(p, 0), >=, MANUAL_HOLD_MIN);
		for (const char *const *id = muscle_ids; *id; id++) {
			const TpMuscle *m = muscle(c, *id);
			if (!g_str_equal(m->program, "release") ||
			    !tp_muscle_allows_tool(m, *k))
				continue;
			g_test_message("  on %s", *id);
			g_assert_cmpfloat(
			    longest_hold(p, tp_muscle_spot_limit(m, *k)), >=,
			    MANUAL_HOLD_MIN);
		}
	}
}

/* ---- reverse lookup: from where it hurts ------------------------------- */

typedef struct {
	const char *zone;
	const char *first[5]; /* the top of the ranking, in order */
} Ranking;

static const Ranking rankings[] = {
	{ "behind-eye",
	  { "trapezius", "splenius", "sternocleidomastoid", "suboccipitals" } },
	{ "temple", { "trapezius", "temporalis" } },
	{ "buttock", { "piriformis", "gluteus-minimus" } },
	{ "back-of-thigh", { "piriformis", "gluteus-minimus" } },
	{ "low-back", { "quadratus-lumborum", "gluteus-medius" } },
	{ "upper-teeth", { "temporalis", "masseter" } },
	{ "heel", { "soleus" } },
	{ "knee", { "quadriceps" } },
	{ "shoulder-front", { "infraspinatus" } },
};

static void test_zone_ranking(gconstpointer data)
{
	const Ranking *r = data;
	g_autoptr(TpCatalog) c = load_shipped_catalog();
	g_autoptr(GArray) found = tp_find_muscles(c, r->zone, NULL);
	g_autoptr(GString) order = g_string_new(NULL);
	guint n = 0;

	g_assert_nonnull(found);
	for (guint i = 0; i < found->len; i++) {
		const TpFinding *f = &g_array_index(found, TpFinding, i);
		g_string_append_printf(order, " %s:%u", f->muscle->id,
				       f->weight);
	}
	g_test_message("%s:%s", r->zone, order->str);
	while (n < G_N_ELEMENTS(r->first) && r->first[n])
		n++;
	g_assert_cmpuint(found->len, >=, n);
	for (guint i = 0; i < n; i++)
		g_assert_cmpstr(g_array_index(found, TpFinding, i).muscle->id,
				==, r->first[i]);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/therapy/muscles/present", test_muscles_present);
	g_test_add_func("/therapy/muscles/manual-only",
			test_muscles_manual_only);
	g_test_add_func("/therapy/muscles/no-gun-on-chest",
			test_muscles_no_gun_on_chest);
	g_test_add_func("/therapy/muscles/gun-attachment",
			test_muscles_gun_attachment);
	g_test_add_func("/therapy/muscles/session-fits",
			test_muscles_session_fits);
	g_test_add_func("/therapy/programs/variants", test_programs_variants);
	g_test_add_func("/therapy/programs/gentle-and-cued",
			test_programs_gentle_and_cued);
	g_test_add_func("/therapy/programs/gun-holds", test_programs_gun_holds);
	g_test_add_func("/therapy/programs/release-holds",
			test_programs_release_holds);
	for (size_t i = 0; i < G_N_ELEMENTS(rankings); i++) {
		g_autofree char *path =
		    g_strdup_printf("/therapy/zones/%s", rankings[i].zone);
		g_test_add_data_func(path, &rankings[i], test_zone_ranking);
	}
	return g_test_run();
}
