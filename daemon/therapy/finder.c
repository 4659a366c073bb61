/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "finder.h"

#include <string.h>

#include "common/suggest.h"
#include "common/tp-error.h"
#include "vocabulary.h"

/* Plain words and the zones they mean; documented in tpd-program(5). */
const char *const tp_zone_aliases[] = {
	"eye",
	"behind-eye",
	"eyes",
	"behind-eye",
	"temples",
	"temple",
	"headache",
	"temple;forehead;back-of-head;crown",
	"tension headache",
	"temple;back-of-head;forehead",
	"top of the head",
	"crown",
	"eyebrow",
	"above-eye",
	"sinus",
	"cheek;upper-teeth",
	"earache",
	"ear",
	"tmj",
	"jaw",
	"teeth",
	"upper-teeth;lower-teeth",
	"toothache",
	"upper-teeth;lower-teeth",
	"stiff neck",
	"neck",
	"shoulder",
	"shoulder-top;shoulder-front;shoulder-back",
	"shoulder blade",
	"shoulder-blade",
	"arm",
	"upper-arm;forearm",
	"lower back",
	"low-back",
	"lumbago",
	"low-back",
	"sciatica",
	"buttock;back-of-thigh",
	"butt",
	"buttock",
	"glutes",
	"buttock",
	"hamstring",
	"back-of-thigh",
	"thigh",
	"front-thigh;outer-thigh;back-of-thigh",
	"foot",
	"arch;heel",
	"sole",
	"arch",
	NULL,
};

/* Lower case, single spaces, and without the small words people put
 * around a place: "Pain behind the eye" -> "behind eye", which with
 * dashes is the zone behind-eye; "back of the head" -> back-of-head. */
static char *tp_normalize_words(const char *words)
{
	static const char *const fillers[] = { "pain", "ache", "aches", "hurts",
					       "my",   "the",  "a",	"an",
					       "in",   "at",   "on",	NULL };
	g_autofree char *lower = g_ascii_strdown(words, -1);
	g_auto(GStrv) parts = NULL;
	GString *s = g_string_new(NULL);

	g_strdelimit(lower, "-_\t\n", ' ');
	parts = g_strsplit(lower, " ", -1);
	for (guint i = 0; parts[i]; i++)
		if (*parts[i] && !g_strv_contains(fillers, parts[i]))
			g_string_append_printf(s, "%s%s", s->len ? " " : "",
					       parts[i]);
	return g_string_free(s, FALSE);
}

static void tp_add_zones(GPtrArray *zones, const char *list)
{
	g_auto(GStrv) parts = g_strsplit(list, ";", -1);

	for (guint i = 0; parts[i]; i++)
		for (guint z = 0; tp_zone_names[z]; z++)
			if (strcmp(tp_zone_names[z], parts[i]) == 0)
				g_ptr_array_add(zones,
						(gpointer)tp_zone_names[z]);
}

/* The nearest zone name or one-word alias to a word that is neither. */
static const char *tp_suggest_zone(const char *word)
{
	g_autoptr(GPtrArray) words = g_ptr_array_new();

	for (guint i = 0; tp_zone_names[i]; i++)
		g_ptr_array_add(words, (gpointer)tp_zone_names[i]);
	for (guint i = 0; tp_zone_aliases[i]; i += 2)
		if (!strchr(tp_zone_aliases[i], ' '))
			g_ptr_array_add(words, (gpointer)tp_zone_aliases[i]);
	g_ptr_array_add(words, NULL);
	return tp_suggest(word, (const char *const *)words->pdata);
}

GPtrArray *tp_zones_for(const char *words, GError **error)
{
	g_autofree char *normal = tp_normalize_words(words);
	g_autofree char *dashed = g_strdup(normal);
	GPtrArray *zones = g_ptr_array_new();
	const char *guess;

	g_strdelimit(dashed, " ", '-');
	/* One zone by its name; a ';' is no list separator here. */
	if (!strchr(dashed, ';'))
		tp_add_zones(zones, dashed);
	for (guint i = 0; zones->len == 0 && tp_zone_aliases[i]; i += 2) {
		g_autofree char *alias = tp_normalize_words(tp_zone_aliases[i]);
		if (strcmp(alias, normal) == 0)
			tp_add_zones(zones, tp_zone_aliases[i + 1]);
	}
	if (zones->len > 0)
		return zones;
	g_ptr_array_unref(zones);
	guess = tp_suggest_zone(dashed);
	g_set_error(error, TP_ERROR, TP_ERROR_NOT_FOUND,
		    "no zone called '%s'%s%s%s; the zones are listed in "
		    "tpd-program(5)",
		    words, guess ? "; did you mean '" : "", guess ? guess : "",
		    guess ? "'?" : "");
	return NULL;
}

static gint tp_compare_findings(gconstpointer a, gconstpointer b)
{
	const TpFinding *x = a, *y = b;

	if (x->weight != y->weight)
		return x->weight > y->weight ? -1 : 1;
	return strcmp(x->muscle->id, y->muscle->id);
}

GArray *tp_find_muscles(const TpCatalog *catalog, const char *words,
			GError **error)
{
	g_autoptr(GPtrArray) zones = tp_zones_for(words, error);
	GArray *found;
	GHashTableIter it;
	const TpMuscle *m;

	if (!zones)
		return NULL;
	found = g_array_new(FALSE, FALSE, sizeof(TpFinding));
	g_hash_table_iter_init(&it, catalog->muscles);
	while (g_hash_table_iter_next(&it, NULL, (gpointer *)&m)) {
		TpFinding best = { m, NULL, 0 };
		/* Of the zones meant, the one it refers to most strongly. */
		for (guint i = 0; i < zones->len; i++) {
			unsigned w = tp_muscle_zone_weight(
			    m, g_ptr_array_index(zones, i));
			if (w > best.weight)
				best =
				    (TpFinding){ m, g_ptr_array_index(zones, i),
						 w };
		}
		if (best.weight > 0)
			g_array_append_val(found, best);
	}
	g_array_sort(found, tp_compare_findings);
	return found;
}
