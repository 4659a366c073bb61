/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "trend.h"

#include <math.h>
#include <string.h>

#define TP_WEEKS_SPAN (21 * G_TIME_SPAN_DAY / G_USEC_PER_SEC)

static gint64 tp_dict_int64(GVariant *dict, const char *key)
{
	gint64 v = 0;

	g_variant_lookup(dict, key, "x", &v);
	return v;
}

static int tp_dict_pain(GVariant *dict, const char *key)
{
	guint32 v;

	return g_variant_lookup(dict, key, "u", &v) && v <= 10 ? (int)v : -1;
}

TpTrendUnit tp_trend_unit_for(GVariant *sessions)
{
	gsize n = g_variant_n_children(sessions);
	gint64 first, last;

	if (n < 2)
		return TP_TREND_DAY;
	g_autoptr(GVariant) a = g_variant_get_child_value(sessions, 0);
	g_autoptr(GVariant) b = g_variant_get_child_value(sessions, n - 1);
	first = tp_dict_int64(a, "Start");
	last = tp_dict_int64(b, "Start");
	return last - first >= TP_WEEKS_SPAN ? TP_TREND_WEEK : TP_TREND_DAY;
}

/* Local midnight starting the day or week of @when. */
static gint64 tp_period_start(gint64 when, TpTrendUnit unit, GTimeZone *tz)
{
	g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc(when);
	g_autoptr(GDateTime) local = g_date_time_to_timezone(t, tz);
	g_autoptr(GDateTime) day = g_date_time_new(
	    tz, g_date_time_get_year(local), g_date_time_get_month(local),
	    g_date_time_get_day_of_month(local), 0, 0, 0);
	g_autoptr(GDateTime) week = NULL;

	if (unit == TP_TREND_DAY)
		return g_date_time_to_unix(day);
	week = g_date_time_add_days(day, 1 - g_date_time_get_day_of_week(day));
	/* A week that crosses a clock change: midnight again. */
	g_autoptr(GDateTime) midnight = g_date_time_new(
	    tz, g_date_time_get_year(week), g_date_time_get_month(week),
	    g_date_time_get_day_of_month(week), 0, 0, 0);
	return g_date_time_to_unix(midnight);
}

static void tp_trend_free(TpTrend *t)
{
	g_free(t->muscle);
	g_array_unref(t->periods);
	g_free(t);
}

static TpTrend *tp_trend_of(GPtrArray *trends, const char *muscle)
{
	TpTrend *t;

	for (guint i = 0; i < trends->len; i++) {
		t = g_ptr_array_index(trends, i);
		if (strcmp(t->muscle, muscle) == 0)
			return t;
	}
	t = g_new0(TpTrend, 1);
	t->muscle = g_strdup(muscle);
	t->periods = g_array_new(FALSE, TRUE, sizeof(TpTrendPeriod));
	g_ptr_array_add(trends, t);
	return t;
}

static TpTrendPeriod *tp_trend_period(TpTrend *t, gint64 start)
{
	TpTrendPeriod *last = NULL;

	if (t->periods->len > 0)
		last = &g_array_index(t->periods, TpTrendPeriod,
				      t->periods->len - 1);
	/* Sessions come oldest first: a new period, or the latest. */
	if (!last || last->start != start) {
		TpTrendPeriod p = { .start = start };
		g_array_append_val(t->periods, p);
		last = &g_array_index(t->periods, TpTrendPeriod,
				      t->periods->len - 1);
	}
	return last;
}

static void tp_trend_add(TpTrend *t, GVariant *s, TpTrendUnit unit,
			 GTimeZone *tz)
{
	gint64 start = tp_dict_int64(s, "Start");
	TpTrendPeriod *p = tp_trend_period(t, tp_period_start(start, unit, tz));
	int before = tp_dict_pain(s, "PainBefore");
	int after = tp_dict_pain(s, "PainAfter");

	t->sessions++;
	t->last = MAX(t->last, start);
	p->sessions++;
	if (before >= 0) {
		p->n_before++;
		p->sum_before += before;
	}
	if (after >= 0) {
		p->n_after++;
		p->sum_after += after;
	}
}

GPtrArray *tp_trends_new(GVariant *sessions, TpTrendUnit unit, GTimeZone *tz)
{
	GPtrArray *trends =
	    g_ptr_array_new_with_free_func((GDestroyNotify)tp_trend_free);
	GVariantIter it;
	GVariant *s;

	g_variant_iter_init(&it, sessions);
	while ((s = g_variant_iter_next_value(&it))) {
		const char *muscle = "?";
		g_variant_lookup(s, "Muscle", "&s", &muscle);
		tp_trend_add(tp_trend_of(trends, muscle), s, unit, tz);
		g_variant_unref(s);
	}
	return trends;
}

double tp_trend_period_before(const TpTrendPeriod *p)
{
	return p->n_before ? p->sum_before / p->n_before : -1;
}

double tp_trend_period_after(const TpTrendPeriod *p)
{
	return p->n_after ? p->sum_after / p->n_after : -1;
}

static double tp_period_pain(const TpTrendPeriod *p, bool after)
{
	return after ? tp_trend_period_after(p) : tp_trend_period_before(p);
}

static TpTrendDirection tp_trend_compare(const TpTrend *t, bool after,
					 double *first, double *latest)
{
	guint rated = 0;

	*first = *latest = -1;
	for (guint i = 0; i < t->periods->len; i++) {
		double pain = tp_period_pain(
		    &g_array_index(t->periods, TpTrendPeriod, i), after);
		if (pain < 0)
			continue;
		if (rated++ == 0)
			*first = pain;
		*latest = pain;
	}
	if (rated < 2)
		return TP_TREND_UNKNOWN;
	/* Averages of thirds are not exact: 8/3 - 1 < 5/3 in doubles. */
	if (*first - *latest >= TP_TREND_THRESHOLD - 1e-9)
		return TP_TREND_BETTER;
	if (*latest - *first >= TP_TREND_THRESHOLD - 1e-9)
		return TP_TREND_WORSE;
	return TP_TREND_SAME;
}

TpTrendDirection tp_trend_direction(const TpTrend *t, bool *after,
				    double *first, double *latest)
{
	TpTrendDirection d = tp_trend_compare(t, false, first, latest);

	*after = false;
	if (d != TP_TREND_UNKNOWN)
		return d;
	/* Rated only after sessions: that trend is worth showing too. */
	d = tp_trend_compare(t, true, first, latest);
	if (d != TP_TREND_UNKNOWN)
		*after = true;
	else
		tp_trend_compare(t, false, first, latest);
	return d;
}

const char *tp_trend_unit_name(TpTrendUnit unit)
{
	return unit == TP_TREND_WEEK ? "week" : "day";
}

const char *tp_trend_direction_name(TpTrendDirection d)
{
	switch (d) {
	case TP_TREND_BETTER:
		return "better";
	case TP_TREND_SAME:
		return "same";
	case TP_TREND_WORSE:
		return "worse";
	default:
		return "unknown";
	}
}

char *tp_trend_format_pain(double pain)
{
	if (pain < 0)
		return g_strdup("-");
	/* Whole numbers as people gave them; averages to one decimal. */
	if (fabs(pain - round(pain)) < 0.05)
		return g_strdup_printf("%.0f", round(pain));
	return g_strdup_printf("%.1f", pain);
}

/* How many days or weeks the rated periods span, the first and the latest
 * counted: 2 for two days in a row. 0 when no period is rated. */
static guint tp_trend_rated_span(const TpTrend *t, bool after, TpTrendUnit unit)
{
	const gint64 length = unit == TP_TREND_WEEK ? 7 * 86400 : 86400;
	const TpTrendPeriod *first = NULL, *latest = NULL;

	for (guint i = 0; i < t->periods->len; i++) {
		const TpTrendPeriod *p =
		    &g_array_index(t->periods, TpTrendPeriod, i);
		if (tp_period_pain(p, after) < 0)
			continue;
		if (!first)
			first = p;
		latest = p;
	}
	if (!first)
		return 0;
	/* Rounded: a day or a week with a clock change is an hour off. */
	return (guint)((latest->start - first->start + length / 2) / length) +
	       1;
}

static const char *tp_trend_verdict(TpTrendDirection d)
{
	switch (d) {
	case TP_TREND_BETTER:
		return "Better";
	case TP_TREND_WORSE:
		return "Worse";
	default:
		return "About the same";
	}
}

static const char *tp_trend_unit_words(TpTrendUnit unit, guint n)
{
	if (unit == TP_TREND_WEEK)
		return n == 1 ? "week" : "weeks";
	return n == 1 ? "day" : "days";
}

char *tp_trend_sentence(const TpTrend *t, TpTrendUnit unit)
{
	double first, latest;
	bool after;
	TpTrendDirection d = tp_trend_direction(t, &after, &first, &latest);
	g_autofree char *a = tp_trend_format_pain(first);
	g_autofree char *b = tp_trend_format_pain(latest);
	guint span = tp_trend_rated_span(t, after, unit);

	if (d == TP_TREND_UNKNOWN && first < 0)
		return g_strdup("Not enough ratings yet for a trend");
	/* One rated period: what it says so far. */
	if (d == TP_TREND_UNKNOWN)
		return g_strdup_printf(
		    "Not enough ratings yet for a trend: "
		    "pain before sessions was %s %s",
		    a, unit == TP_TREND_WEEK ? "in one week" : "on one day");
	return g_strdup_printf("%s: pain %s sessions went from %s to %s over "
			       "%u %s",
			       tp_trend_verdict(d), after ? "after" : "before",
			       a, b, span, tp_trend_unit_words(unit, span));
}
