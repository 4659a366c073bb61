/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tpctl history [--muscle MUSCLE] [--days N] [--json] */
#include <stdio.h>

#include "color.h"
#include "common/trend.h"
#include "format.h"
#include "history-view.h"
#include "json.h"
#include "tpctl.h"
#include "tpd/tpd-dbus.h"

/* id -> name, from ListMuscles; ids stand in when tpd does not answer. */
static GHashTable *tp_muscle_names(TpClient *c)
{
	g_autoptr(GVariant) list =
	    tp_client_manager_list(c, "ListMuscles", NULL, NULL);
	GHashTable *names =
	    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	GVariantIter it;
	GVariant *m;

	if (!list)
		return names;
	g_variant_iter_init(&it, list);
	while ((m = g_variant_iter_next_value(&it))) {
		g_hash_table_insert(names, g_strdup(tp_dict_str(m, "Id", "?")),
				    g_strdup(tp_dict_str(m, "Name", "?")));
		g_variant_unref(m);
	}
	return names;
}

static const char *tp_trend_words(TpTrendDirection d)
{
	switch (d) {
	case TP_TREND_BETTER:
		return "better";
	case TP_TREND_WORSE:
		return "worse";
	case TP_TREND_SAME:
		return "about the same";
	default:
		return "not enough ratings yet";
	}
}

static void tp_print_trend_word(TpTrendDirection d)
{
	TpStyle style = d == TP_TREND_BETTER  ? TP_STYLE_GOOD
			: d == TP_TREND_WORSE ? TP_STYLE_WARN
					      : TP_STYLE_DIM;

	printf("%s%s%s", tp_style(stdout, style), tp_trend_words(d),
	       tp_style_end(stdout));
}

/* "7 → 4", "6" with one rated period, or "-" */
static char *tp_format_change(TpTrendDirection d, double first, double latest)
{
	g_autofree char *a = tp_trend_format_pain(first);
	g_autofree char *b = tp_trend_format_pain(latest);

	if (d == TP_TREND_UNKNOWN)
		return g_steal_pointer(&a);
	return g_strdup_printf("%s → %s", a, b);
}

static void tp_print_overview(GPtrArray *trends, GHashTable *names)
{
	printf("%-22s %8s  %-10s  %-12s %s\n", "MUSCLE", "SESSIONS", "LAST",
	       "PAIN", "TREND");
	for (guint i = 0; i < trends->len; i++) {
		const TpTrend *t = g_ptr_array_index(trends, i);
		const char *name = g_hash_table_lookup(names, t->muscle);
		g_autofree char *last = tp_history_format_day(t->last);
		double first, latest;
		bool after;
		TpTrendDirection d =
		    tp_trend_direction(t, &after, &first, &latest);
		g_autofree char *change = tp_format_change(d, first, latest);
		g_autofree char *cell = tp_format_pad(change, 12);
		printf("%-22s %8u  %-10s  %s %s", name ? name : t->muscle,
		       t->sessions, last, cell, after ? "(after) " : "");
		tp_print_trend_word(d);
		printf("\n");
	}
	printf("\nPain is 0-10 before a session (tpctl start --pain N), or "
	       "after it (tpctl rate N).\nDetails: tpctl history --muscle "
	       "MUSCLE\n");
}

static void tp_print_periods(const TpTrend *t, TpTrendUnit unit)
{
	printf("%-12s %8s  %-11s %s\n",
	       unit == TP_TREND_WEEK ? "WEEK OF" : "DAY", "SESSIONS",
	       "PAIN BEFORE", "AFTER");
	for (guint i = 0; i < t->periods->len; i++) {
		const TpTrendPeriod *p =
		    &g_array_index(t->periods, TpTrendPeriod, i);
		g_autofree char *day = tp_history_format_day(p->start);
		g_autofree char *before =
		    tp_trend_format_pain(tp_trend_period_before(p));
		g_autofree char *after =
		    tp_trend_format_pain(tp_trend_period_after(p));
		printf("%-12s %8u  %-11s %s\n", day, p->sessions, before,
		       after);
	}
}

static void tp_print_sessions(GVariant *sessions, const char *muscle)
{
	GVariantIter it;
	GVariant *s;

	printf("%-5s %-16s  %-6s %-14s %5s  %-12s %s\n", "ID", "STARTED",
	       "SIDE", "PROGRAM", "TIME", "ENDED", "PAIN");
	g_variant_iter_init(&it, sessions);
	while ((s = g_variant_iter_next_value(&it))) {
		g_autofree char *when =
		    tp_history_format_time(tp_dict_i64(s, "Start", 0));
		g_autofree char *time =
		    tp_format_duration(tp_dict_u32(s, "Seconds", 0));
		g_autofree char *before = tp_trend_format_pain(
		    (gint32)tp_dict_u32(s, "PainBefore", G_MAXUINT32));
		g_autofree char *after = tp_trend_format_pain(
		    (gint32)tp_dict_u32(s, "PainAfter", G_MAXUINT32));
		if (g_str_equal(tp_dict_str(s, "Muscle", ""), muscle))
			printf("%-5u %-16s  %-6s %-14s %5s  %-12s %s → %s\n",
			       tp_dict_u32(s, "Id", 0), when,
			       tp_dict_str(s, "Side", "?"),
			       tp_dict_str(s, "Program", "?"), time,
			       tp_dict_str(s, "Reason", "?"), before, after);
		g_variant_unref(s);
	}
}

static void tp_print_muscle(GVariant *sessions, const TpTrend *t,
			    TpTrendUnit unit, const char *name)
{
	double first, latest;
	bool after;
	TpTrendDirection d = tp_trend_direction(t, &after, &first, &latest);
	g_autofree char *change = tp_format_change(d, first, latest);

	printf("%s%s%s (%s): %u session%s; pain %s %s: ",
	       tp_style(stdout, TP_STYLE_BOLD), name, tp_style_end(stdout),
	       t->muscle, t->sessions, t->sessions == 1 ? "" : "s",
	       after ? "after sessions" : "before sessions", change);
	tp_print_trend_word(d);
	printf("\n\n");
	tp_print_periods(t, unit);
	printf("\n");
	tp_print_sessions(sessions, t->muscle);
}

static int tp_print_history(TpClient *c, GVariant *sessions, const char *muscle)
{
	g_autoptr(GHashTable) names = tp_muscle_names(c);
	g_autoptr(GTimeZone) tz = g_time_zone_new_local();
	TpTrendUnit unit = tp_trend_unit_for(sessions);
	g_autoptr(GPtrArray) trends = tp_trends_new(sessions, unit, tz);

	/* A muscle neither in the catalog nor in the history is a typo. */
	if (trends->len == 0 && muscle && g_hash_table_size(names) > 0 &&
	    !g_hash_table_contains(names, muscle))
		return tpctl_usage_error("history",
					 "unknown muscle '%s' (see tpctl list "
					 "muscles)",
					 muscle);
	if (trends->len == 0) {
		printf("No sessions recorded%s%s yet.\n", muscle ? " for " : "",
		       muscle ? muscle : "");
		return TP_EXIT_OK;
	}
	if (!muscle) {
		tp_print_overview(trends, names);
		return TP_EXIT_OK;
	}
	const char *name = g_hash_table_lookup(names, muscle);
	tp_print_muscle(sessions, g_ptr_array_index(trends, 0), unit,
			name ? name : muscle);
	return TP_EXIT_OK;
}

static GVariant *tp_history_filter(const char *muscle, gint days,
				   gboolean all_users)
{
	GVariantBuilder b;

	g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
	if (all_users)
		g_variant_builder_add(&b, "{sv}", "AllUsers",
				      g_variant_new_boolean(TRUE));
	if (muscle)
		g_variant_builder_add(&b, "{sv}", "Muscle",
				      g_variant_new_string(muscle));
	if (days > 0)
		g_variant_builder_add(
		    &b, "{sv}", "Since",
		    g_variant_new_int64(g_get_real_time() / G_USEC_PER_SEC -
					(gint64)days * 24 * 3600));
	return g_variant_builder_end(&b);
}

int tpctl_cmd_history(int argc, char **argv)
{
	g_autofree char *muscle = NULL;
	gint days = 0;
	gboolean all_users = FALSE;
	const GOptionEntry entries[] = {
		{ "muscle", 'm', 0, G_OPTION_ARG_STRING, &muscle,
		  "One muscle: its days or weeks and each session", "MUSCLE" },
		{ "days", 0, 0, G_OPTION_ARG_INT, &days, "Only the last N days",
		  "N" },
		{ "all-users", 0, 0, G_OPTION_ARG_NONE, &all_users,
		  "Every user's sessions, not only yours (root only)", NULL },
		TPCTL_JSON_ENTRY,
		{ NULL },
	};
	g_autoptr(GError) error = NULL;
	g_autoptr(GVariant) sessions = NULL;
	TpClient client = { 0 };
	int rc = TP_EXIT_OK;

	if (!tpctl_parse(&argc, &argv, "",
			 "Past sessions per muscle and whether the pain goes "
			 "down over the days and weeks.",
			 entries))
		return TP_EXIT_USAGE;
	if (argc != 1)
		return tpctl_usage_error("history", "unexpected argument '%s'",
					 argv[1]);
	if (days < 0)
		return tpctl_usage_error("history", "--days must be positive");
	if (!tpctl_connect(&client))
		return TP_EXIT_FAILURE;
	sessions = tp_history_fetch(
	    &client, tp_history_filter(muscle, days, all_users), &error);
	if (sessions && tpctl_json)
		tp_json_print(sessions);
	else if (sessions)
		rc = tp_print_history(&client, sessions, muscle);
	tp_client_close(&client);
	return sessions ? rc : tp_client_fail(error);
}
