/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The pain trend of GetTrends and tpctl history (common/trend.c):
 * sessions grouped per muscle and per local day or ISO week, their
 * average ratings, the direction from the first rated period to the
 * latest, and the sentence that says it. Time zones are fixed offsets or
 * POSIX rules, so no test depends on the machine's zone or on tzdata.
 */
#include <glib.h>

#include "common/trend.h"

#define EPS 1e-9

/* Unix time of a local wall-clock time in @tz. */
static gint64 local_time(GTimeZone *tz, int year, int month, int day, int hour,
			 int minute)
{
	g_autoptr(GDateTime) t =
	    g_date_time_new(tz, year, month, day, hour, minute, 0);

	g_assert_nonnull(t);
	return g_date_time_to_unix(t);
}

static GTimeZone *zone(const char *identifier)
{
	GTimeZone *tz = g_time_zone_new_identifier(identifier);

	g_assert_nonnull(tz);
	return tz;
}

/* A session as GetHistory returns it; a pain of -1 is not given. */
static void add_session(GVariantBuilder *b, const char *muscle, gint64 start,
			int before, int after)
{
	GVariantDict d;

	g_variant_dict_init(&d, NULL);
	g_variant_dict_insert(&d, "Muscle", "s", muscle);
	g_variant_dict_insert(&d, "Start", "x", start);
	g_variant_dict_insert(&d, "End", "x", start + 90);
	if (before >= 0)
		g_variant_dict_insert(&d, "PainBefore", "u", (guint32)before);
	if (after >= 0)
		g_variant_dict_insert(&d, "PainAfter", "u", (guint32)after);
	g_variant_builder_add_value(b, g_variant_dict_end(&d));
}

static GVariantBuilder *sessions_new(void)
{
	return g_variant_builder_new(G_VARIANT_TYPE("aa{sv}"));
}

static GVariant *sessions_end(GVariantBuilder *b)
{
	GVariant *v = g_variant_ref_sink(g_variant_builder_end(b));

	g_variant_builder_unref(b);
	return v;
}

static const TpTrendPeriod *period(const TpTrend *t, guint i)
{
	g_assert_cmpuint(i, <, t->periods->len);
	return &g_array_index(t->periods, TpTrendPeriod, i);
}

static void test_unit_for(void)
{
	static const struct {
		gint64 span;
		TpTrendUnit unit;
	} cases[] = {
		{ 0, TP_TREND_DAY },
		{ 20 * 86400, TP_TREND_DAY },
		{ 21 * 86400 - 1, TP_TREND_DAY },
		{ 21 * 86400, TP_TREND_WEEK },
		{ 90 * 86400, TP_TREND_WEEK },
	};
	const gint64 t0 = 1704067200; /* 2024-01-01 00:00 UTC */

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		GVariantBuilder *b = sessions_new();
		g_autoptr(GVariant) s = NULL;

		add_session(b, "trapezius", t0, 5, -1);
		/* A session between must not matter: first and last do. */
		add_session(b, "piriformis", t0 + cases[i].span / 2, -1, -1);
		add_session(b, "splenius", t0 + cases[i].span, -1, 2);
		s = sessions_end(b);
		g_test_message("span %" G_GINT64_FORMAT " s", cases[i].span);
		g_assert_cmpint(tp_trend_unit_for(s), ==, cases[i].unit);
	}
	/* Nothing, or one session, is a short history. */
	{
		g_autoptr(GVariant) none = sessions_end(sessions_new());
		g_assert_cmpint(tp_trend_unit_for(none), ==, TP_TREND_DAY);
	}
	{
		GVariantBuilder *b = sessions_new();
		g_autoptr(GVariant) one = NULL;

		add_session(b, "trapezius", t0, -1, -1);
		one = sessions_end(b);
		g_assert_cmpint(tp_trend_unit_for(one), ==, TP_TREND_DAY);
	}
}

static void test_group_muscles(void)
{
	g_autoptr(GTimeZone) tz = zone("+01:00");
	GVariantBuilder *b = sessions_new();
	g_autoptr(GVariant) s = NULL;
	g_autoptr(GPtrArray) trends = NULL;
	static const char *const muscles[] = { "splenius",  "trapezius",
					       "splenius",  "piriformis",
					       "trapezius", "splenius" };
	const gint64 t0 = local_time(tz, 2024, 3, 4, 9, 0);
	const TpTrend *t;

	for (guint i = 0; i < G_N_ELEMENTS(muscles); i++)
		add_session(b, muscles[i], t0 + i * 3600, -1, -1);
	s = sessions_end(b);
	trends = tp_trends_new(s, TP_TREND_DAY, tz);

	g_assert_cmpuint(trends->len, ==, 3);
	t = g_ptr_array_index(trends, 0);
	g_assert_cmpstr(t->muscle, ==, "splenius");
	g_assert_cmpuint(t->sessions, ==, 3);
	g_assert_cmpint(t->last, ==, t0 + 5 * 3600);
	t = g_ptr_array_index(trends, 1);
	g_assert_cmpstr(t->muscle, ==, "trapezius");
	g_assert_cmpuint(t->sessions, ==, 2);
	g_assert_cmpint(t->last, ==, t0 + 4 * 3600);
	t = g_ptr_array_index(trends, 2);
	g_assert_cmpstr(t->muscle, ==, "piriformis");
	g_assert_cmpuint(t->sessions, ==, 1);
	g_assert_cmpint(t->last, ==, t0 + 3 * 3600);
	/* All on one day: one period each. */
	for (guint i = 0; i < trends->len; i++) {
		t = g_ptr_array_index(trends, i);
		g_assert_cmpuint(t->periods->len, ==, 1);
		g_assert_cmpuint(period(t, 0)->sessions, ==, t->sessions);
	}
}

static void test_no_sessions(void)
{
	g_autoptr(GTimeZone) tz = zone("+01:00");
	g_autoptr(GVariant) s = sessions_end(sessions_new());
	g_autoptr(GPtrArray) trends = tp_trends_new(s, TP_TREND_DAY, tz);

	g_assert_cmpuint(trends->len, ==, 0);
}

/* Days are local days: a session is counted on the day its person saw
 * on the clock, whatever day it was in UTC. */
static void test_local_days_east(void)
{
	g_autoptr(GTimeZone) tz = zone("+01:00");
	GVariantBuilder *b = sessions_new();
	g_autoptr(GVariant) s = NULL;
	g_autoptr(GPtrArray) trends = NULL;
	const TpTrend *t;

	/* 2024-03-04 00:30 local is 2024-03-03 23:30 UTC. */
	add_session(b, "trapezius", local_time(tz, 2024, 3, 4, 0, 30), 6, -1);
	add_session(b, "trapezius", local_time(tz, 2024, 3, 4, 23, 30), 4, -1);
	/* 2024-03-05 00:10 local is still 2024-03-04 in UTC. */
	add_session(b, "trapezius", local_time(tz, 2024, 3, 5, 0, 10), 3, -1);
	s = sessions_end(b);
	trends = tp_trends_new(s, TP_TREND_DAY, tz);

	g_assert_cmpuint(trends->len, ==, 1);
	t = g_ptr_array_index(trends, 0);
	g_assert_cmpuint(t->periods->len, ==, 2);
	g_assert_cmpint(period(t, 0)->start, ==,
			local_time(tz, 2024, 3, 4, 0, 0));
	g_assert_cmpuint(period(t, 0)->sessions, ==, 2);
	g_assert_cmpint(period(t, 1)->start, ==,
			local_time(tz, 2024, 3, 5, 0, 0));
	g_assert_cmpuint(period(t, 1)->sessions, ==, 1);
}

static void test_local_days_west(void)
{
	g_autoptr(GTimeZone) tz = zone("-05:00");
	GVariantBuilder *b = sessions_new();
	g_autoptr(GVariant) s = NULL;
	g_autoptr(GPtrArray) trends = NULL;
	const TpTrend *t;

	add_session(b, "splenius", local_time(tz, 2024, 3, 4, 9, 0), 6, -1);
	/* 23:30 local is 04:30 UTC the next day. */
	add_session(b, "splenius", local_time(tz, 2024, 3, 4, 23, 30), 4, -1);
	add_session(b, "splenius", local_time(tz, 2024, 3, 5, 8, 0), 3, -1);
	s = sessions_end(b);
	trends = tp_trends_new(s, TP_TREND_DAY, tz);

	t = g_ptr_array_index(trends, 0);
	g_assert_cmpuint(t->periods->len, ==, 2);
	g_assert_cmpint(period(t, 0)->start, ==,
			local_time(tz, 2024, 3, 4, 0, 0));
	g_assert_cmpuint(period(t, 0)->sessions, ==, 2);
	g_assert_cmpint(period(t, 1)->start, ==,
			local_time(tz, 2024, 3, 5, 0, 0));
	g_assert_cmpuint(period(t, 1)->sessions, ==, 1);
}

/* ISO weeks, Monday to Sunday, in local time. */
static void test_weeks(void)
{
	g_autoptr(GTimeZone) tz = zone("+01:00");
	GVariantBuilder *b = sessions_new();
	g_autoptr(GVariant) s = NULL;
	g_autoptr(GPtrArray) trends = NULL;
	const TpTrend *t;

	/* Week of Monday 2024-12-23. */
	add_session(b, "trapezius", local_time(tz, 2024, 12, 23, 0, 10), 7, -1);
	add_session(b, "trapezius", local_time(tz, 2024, 12, 25, 12, 0), 6, -1);
	/* Sunday 23:30: still that week. */
	add_session(b, "trapezius", local_time(tz, 2024, 12, 29, 23, 30), 5,
		    -1);
	/* Monday 00:30 local (Sunday 23:30 UTC): the next week, which
	 * spans the new year. */
	add_session(b, "trapezius", local_time(tz, 2024, 12, 30, 0, 30), 4, -1);
	add_session(b, "trapezius", local_time(tz, 2025, 1, 1, 10, 0), 4, -1);
	add_session(b, "trapezius", local_time(tz, 2025, 1, 5, 20, 0), 3, -1);
	/* A week with no session is no period: this is two weeks on. */
	add_session(b, "trapezius", local_time(tz, 2025, 1, 15, 8, 0), 2, -1);
	s = sessions_end(b);
	trends = tp_trends_new(s, TP_TREND_WEEK, tz);

	g_assert_cmpuint(trends->len, ==, 1);
	t = g_ptr_array_index(trends, 0);
	g_assert_cmpuint(t->sessions, ==, 7);
	g_assert_cmpuint(t->periods->len, ==, 3);
	g_assert_cmpint(period(t, 0)->start, ==,
			local_time(tz, 2024, 12, 23, 0, 0));
	g_assert_cmpuint(period(t, 0)->sessions, ==, 3);
	g_assert_cmpint(period(t, 1)->start, ==,
			local_time(tz, 2024, 12, 30, 0, 0));
	g_assert_cmpuint(period(t, 1)->sessions, ==, 3);
	g_assert_cmpint(period(t, 2)->start, ==,
			local_time(tz, 2025, 1, 13, 0, 0));
	g_assert_cmpuint(period(t, 2)->sessions, ==, 1);
}

/* Weeks that hold a clock change start at local midnight all the same. */
static void test_weeks_clock_change(void)
{
	/* Central Europe, as POSIX rules: no tzdata needed. */
	g_autoptr(GTimeZone) tz = zone("CET-1CEST,M3.5.0,M10.5.0/3");
	GVariantBuilder *b = sessions_new();
	g_autoptr(GVariant) s = NULL;
	g_autoptr(GPtrArray) trends = NULL;
	const TpTrend *t;

	/* Summer time began on Sunday 2024-03-31 and ended on Sunday
	 * 2024-10-27: both weeks ending then are an hour off seven days. */
	add_session(b, "soleus", local_time(tz, 2024, 3, 31, 12, 0), 5, -1);
	/* Monday 00:30 CEST is Sunday 22:30 UTC. */
	add_session(b, "soleus", local_time(tz, 2024, 4, 1, 0, 30), 5, -1);
	add_session(b, "soleus", local_time(tz, 2024, 10, 27, 23, 0), 5, -1);
	add_session(b, "soleus", local_time(tz, 2024, 11, 3, 23, 30), 5, -1);
	s = sessions_end(b);
	trends = tp_trends_new(s, TP_TREND_WEEK, tz);

	t = g_ptr_array_index(trends, 0);
	g_assert_cmpuint(t->periods->len, ==, 4);
	/* Monday 2024-03-25 00:00 CET, 23:00 UTC the day before. */
	g_assert_cmpint(period(t, 0)->start, ==, 1711321200);
	g_assert_cmpint(period(t, 0)->start, ==,
			local_time(tz, 2024, 3, 25, 0, 0));
	g_assert_cmpint(period(t, 1)->start, ==,
			local_time(tz, 2024, 4, 1, 0, 0));
	g_assert_cmpint(period(t, 2)->start, ==,
			local_time(tz, 2024, 10, 21, 0, 0));
	g_assert_cmpint(period(t, 3)->start, ==,
			local_time(tz, 2024, 10, 28, 0, 0));
	for (guint i = 0; i < 4; i++)
		g_assert_cmpuint(period(t, i)->sessions, ==, 1);
}

static void test_averages(void)
{
	g_autoptr(GTimeZone) tz = zone("+01:00");
	GVariantBuilder *b = sessions_new();
	g_autoptr(GVariant) s = NULL;
	g_autoptr(GPtrArray) trends = NULL;
	const TpTrend *t;
	const TpTrendPeriod *p;

	add_session(b, "trapezius", local_time(tz, 2024, 3, 4, 9, 0), 4, 2);
	add_session(b, "trapezius", local_time(tz, 2024, 3, 4, 12, 0), 7, -1);
	add_session(b, "trapezius", local_time(tz, 2024, 3, 4, 18, 0), -1, -1);
	add_session(b, "trapezius", local_time(tz, 2024, 3, 4, 20, 0), -1, 3);
	/* A day of unrated sessions is a period all the same. */
	add_session(b, "trapezius", local_time(tz, 2024, 3, 5, 9, 0), -1, -1);
	add_session(b, "trapezius", local_time(tz, 2024, 3, 6, 9, 0), 0, 0);
	s = sessions_end(b);
	trends = tp_trends_new(s, TP_TREND_DAY, tz);

	t = g_ptr_array_index(trends, 0);
	g_assert_cmpuint(t->periods->len, ==, 3);
	p = period(t, 0);
	g_assert_cmpuint(p->sessions, ==, 4);
	g_assert_cmpuint(p->n_before, ==, 2);
	g_assert_cmpuint(p->n_after, ==, 2);
	g_assert_cmpfloat_with_epsilon(tp_trend_period_before(p), 5.5, EPS);
	g_assert_cmpfloat_with_epsilon(tp_trend_period_after(p), 2.5, EPS);
	p = period(t, 1);
	g_assert_cmpuint(p->sessions, ==, 1);
	g_assert_cmpuint(p->n_before, ==, 0);
	g_assert_cmpuint(p->n_after, ==, 0);
	g_assert_cmpfloat(tp_trend_period_before(p), ==, -1);
	g_assert_cmpfloat(tp_trend_period_after(p), ==, -1);
	/* 0 is a rating, not "not given". */
	p = period(t, 2);
	g_assert_cmpuint(p->n_before, ==, 1);
	g_assert_cmpuint(p->n_after, ==, 1);
	g_assert_cmpfloat(tp_trend_period_before(p), ==, 0);
	g_assert_cmpfloat(tp_trend_period_after(p), ==, 0);
}

/* ---- direction ---------------------------------------------------------- */

/* Sessions of one muscle: a day (0, 1, ...) and pains (-1: not given). */
typedef struct {
	int day;
	int before, after;
} Rated;

#define END                \
	{                  \
		-1, -1, -1 \
	}

typedef struct {
	TpTrendDirection direction;
	bool after;
	double first, latest;
} Direction;

/* The one trend of @sessions, from Monday 2024-03-04 on, by @unit. */
static GPtrArray *trends_of(const Rated *sessions, TpTrendUnit unit)
{
	g_autoptr(GTimeZone) tz = zone("+01:00");
	GVariantBuilder *b = sessions_new();
	g_autoptr(GVariant) s = NULL;
	GPtrArray *trends;
	const gint64 t0 = local_time(tz, 2024, 3, 4, 9, 0);

	for (const Rated *r = sessions; r->day >= 0; r++)
		add_session(b, "trapezius",
			    t0 + r->day * 86400 + (r - sessions), r->before,
			    r->after);
	s = sessions_end(b);
	trends = tp_trends_new(s, unit, tz);
	g_assert_cmpuint(trends->len, ==, 1);
	return trends;
}

static Direction direction_of(const Rated *sessions)
{
	g_autoptr(GPtrArray) trends = trends_of(sessions, TP_TREND_DAY);
	Direction d = { TP_TREND_UNKNOWN, true, -2, -2 };

	d.direction = tp_trend_direction(g_ptr_array_index(trends, 0), &d.after,
					 &d.first, &d.latest);
	g_test_message("direction %d, after %d, first %g, latest %g",
		       d.direction, d.after, d.first, d.latest);
	return d;
}

static void assert_direction(const Rated *sessions, TpTrendDirection want,
			     bool after, double first, double latest)
{
	Direction d = direction_of(sessions);

	g_assert_cmpint(d.direction, ==, want);
	g_assert_cmpint(d.after, ==, after);
	g_assert_cmpfloat_with_epsilon(d.first, first, EPS);
	g_assert_cmpfloat_with_epsilon(d.latest, latest, EPS);
}

static void test_direction_better(void)
{
	static const Rated lower[] = { { 0, 6, -1 }, { 1, 4, -1 }, END };
	static const Rated one_lower[] = { { 0, 6, -1 }, { 1, 5, -1 }, END };
	/* Averages of the periods: 6.5 then 5.5. */
	static const Rated averaged[] = {
		{ 0, 6, -1 }, { 0, 7, -1 }, { 1, 5, -1 }, { 1, 6, -1 }, END
	};

	assert_direction(lower, TP_TREND_BETTER, false, 6, 4);
	assert_direction(one_lower, TP_TREND_BETTER, false, 6, 5);
	assert_direction(averaged, TP_TREND_BETTER, false, 6.5, 5.5);
}

static void test_direction_worse(void)
{
	static const Rated higher[] = { { 0, 3, -1 }, { 1, 6, -1 }, END };
	static const Rated one_higher[] = { { 0, 3, -1 }, { 1, 4, -1 }, END };

	assert_direction(higher, TP_TREND_WORSE, false, 3, 6);
	assert_direction(one_higher, TP_TREND_WORSE, false, 3, 4);
}

static void test_direction_same(void)
{
	static const Rated half_lower[] = {
		{ 0, 6, -1 }, { 1, 6, -1 }, { 1, 5, -1 }, END
	};
	static const Rated half_higher[] = {
		{ 0, 3, -1 }, { 1, 3, -1 }, { 1, 4, -1 }, END
	};
	static const Rated equal[] = { { 0, 5, 1 }, { 1, 5, 9 }, END };
	/* First and latest only: what lies between does not count. */
	static const Rated between[] = {
		{ 0, 6, -1 }, { 1, 1, -1 }, { 2, 9, -1 }, { 3, 6, -1 }, END
	};

	assert_direction(half_lower, TP_TREND_SAME, false, 6, 5.5);
	assert_direction(half_higher, TP_TREND_SAME, false, 3, 3.5);
	assert_direction(equal, TP_TREND_SAME, false, 5, 5);
	assert_direction(between, TP_TREND_SAME, false, 6, 6);
}

/* Periods without a rating are passed over, at either end. */
static void test_direction_unrated_periods(void)
{
	static const Rated gaps[] = { { 0, -1, -1 }, { 1, 7, -1 },
				      { 2, -1, 2 },  { 3, 4, -1 },
				      { 4, -1, -1 }, END };

	assert_direction(gaps, TP_TREND_BETTER, false, 7, 4);
}

static void test_direction_unknown(void)
{
	static const Rated none[] = { { 0, -1, -1 }, { 1, -1, -1 }, END };
	static const Rated one_period[] = { { 0, 6, 3 }, { 0, 4, 1 }, END };
	static const Rated one_each[] = { { 0, 6, -1 }, { 1, -1, 2 }, END };

	assert_direction(none, TP_TREND_UNKNOWN, false, -1, -1);
	/* One rated period: its average is first and latest. */
	assert_direction(one_period, TP_TREND_UNKNOWN, false, 5, 5);
	assert_direction(one_each, TP_TREND_UNKNOWN, false, 6, 6);
}

/* Pain before in fewer than two periods: pain after tells the trend. */
static void test_direction_after(void)
{
	static const Rated only_after[] = { { 0, -1, 5 }, { 1, -1, 3 }, END };
	static const Rated before_once[] = {
		{ 0, 8, 6 }, { 1, -1, 6 }, { 2, -1, 8 }, END
	};
	static const Rated after_same[] = { { 0, -1, 4 }, { 1, -1, 4 }, END };
	/* Pain before in two periods wins over pain after. */
	static const Rated both[] = { { 0, 5, 9 }, { 1, 5, 1 }, END };

	assert_direction(only_after, TP_TREND_BETTER, true, 5, 3);
	assert_direction(before_once, TP_TREND_WORSE, true, 6, 8);
	assert_direction(after_same, TP_TREND_SAME, true, 4, 4);
	assert_direction(both, TP_TREND_SAME, false, 5, 5);
}

/* A change of exactly the threshold between averages of three ratings:
 * 8/3 to 5/3 is 1.0 lower, 5/3 to 8/3 is 1.0 higher. */
static void test_direction_thirds(void)
{
	static const Rated lower[] = { { 0, 3, -1 }, { 0, 3, -1 }, { 0, 2, -1 },
				       { 1, 2, -1 }, { 1, 2, -1 }, { 1, 1, -1 },
				       END };
	static const Rated higher[] = { { 0, 2, -1 }, { 0, 2, -1 },
					{ 0, 1, -1 }, { 1, 3, -1 },
					{ 1, 3, -1 }, { 1, 2, -1 },
					END };

	/* Both computed before either is asserted, so that a failure
	 * shows both results. */
	Direction down = direction_of(lower);
	Direction up = direction_of(higher);

	g_assert_cmpfloat_with_epsilon(down.first, 8.0 / 3, EPS);
	g_assert_cmpfloat_with_epsilon(down.latest, 5.0 / 3, EPS);
	g_assert_cmpfloat_with_epsilon(up.first, 5.0 / 3, EPS);
	g_assert_cmpfloat_with_epsilon(up.latest, 8.0 / 3, EPS);
	g_assert_cmpint(down.direction, ==, TP_TREND_BETTER);
	g_assert_cmpint(up.direction, ==, TP_TREND_WORSE);
}

/* ---- words -------------------------------------------------------------- */

static void assert_sentence(const Rated *sessions, TpTrendUnit unit,
			    const char *want)
{
	g_autoptr(GPtrArray) trends = trends_of(sessions, unit);
	g_autofree char *words =
	    tp_trend_sentence(g_ptr_array_index(trends, 0), unit);

	g_assert_cmpstr(words, ==, want);
}

static void test_sentence_days(void)
{
	static const Rated better[] = { { 0, 7, -1 }, { 1, 5, -1 }, END };
	static const Rated worse[] = { { 0, 3, -1 }, { 4, 6, -1 }, END };
	/* Averages to one decimal, whole numbers as they are. */
	static const Rated same[] = {
		{ 0, 6, -1 }, { 2, 6, -1 }, { 2, 5, -1 }, END
	};
	/* Unrated days at either end are not counted in the span. */
	static const Rated gaps[] = {
		{ 0, -1, -1 }, { 1, 7, -1 }, { 3, 4, -1 }, { 5, -1, -1 }, END
	};

	assert_sentence(better, TP_TREND_DAY,
			"Better: pain before sessions went from 7 to 5 over 2 "
			"days");
	assert_sentence(worse, TP_TREND_DAY,
			"Worse: pain before sessions went from 3 to 6 over 5 "
			"days");
	assert_sentence(same, TP_TREND_DAY,
			"About the same: pain before sessions went from 6 to "
			"5.5 over 3 days");
	assert_sentence(gaps, TP_TREND_DAY,
			"Better: pain before sessions went from 7 to 4 over 3 "
			"days");
}

static void test_sentence_weeks(void)
{
	/* Monday, then Sunday three weeks on: four weeks. */
	static const Rated weeks[] = {
		{ 0, 7, -1 }, { 1, 6, -1 }, { 10, 5, -1 }, { 27, 4, -1 }, END
	};
	/* Pain after only: the basis is after. */
	static const Rated after[] = { { 0, -1, 5 }, { 7, -1, 2 }, END };

	assert_sentence(weeks, TP_TREND_WEEK,
			"Better: pain before sessions went from 6.5 to 4 over "
			"4 weeks");
	assert_sentence(after, TP_TREND_WEEK,
			"Better: pain after sessions went from 5 to 2 over 2 "
			"weeks");
}

static void test_sentence_unknown(void)
{
	static const Rated none[] = { { 0, -1, -1 }, { 1, -1, -1 }, END };
	static const Rated one_day[] = { { 0, 6, -1 }, { 0, 7, 3 }, END };
	static const Rated after_once[] = { { 0, -1, 4 }, END };

	assert_sentence(none, TP_TREND_DAY,
			"Not enough ratings yet for a trend");
	assert_sentence(after_once, TP_TREND_DAY,
			"Not enough ratings yet for a trend");
	assert_sentence(one_day, TP_TREND_DAY,
			"Not enough ratings yet for a trend: pain before "
			"sessions was 6.5 on one day");
	assert_sentence(one_day, TP_TREND_WEEK,
			"Not enough ratings yet for a trend: pain before "
			"sessions was 6.5 in one week");
}

/* Clock changes make a day or a week an hour off: still whole ones. */
static void test_sentence_span_over_clock_change(void)
{
	g_autoptr(GTimeZone) tz = zone("CET-1CEST,M3.5.0,M10.5.0/3");
	GVariantBuilder *b = sessions_new();
	g_autoptr(GVariant) s = NULL;
	g_autoptr(GPtrArray) days = NULL, weeks = NULL;
	g_autofree char *by_day = NULL, *by_week = NULL;

	/* Saturday 2024-03-30 to Monday 2024-04-01, over the change. */
	add_session(b, "soleus", local_time(tz, 2024, 3, 30, 9, 0), 6, -1);
	add_session(b, "soleus", local_time(tz, 2024, 4, 1, 9, 0), 4, -1);
	s = sessions_end(b);
	days = tp_trends_new(s, TP_TREND_DAY, tz);
	weeks = tp_trends_new(s, TP_TREND_WEEK, tz);
	by_day = tp_trend_sentence(g_ptr_array_index(days, 0), TP_TREND_DAY);
	by_week = tp_trend_sentence(g_ptr_array_index(weeks, 0), TP_TREND_WEEK);
	g_assert_cmpstr(by_day, ==,
			"Better: pain before sessions went from 6 to 4 over 3 "
			"days");
	g_assert_cmpstr(by_week, ==,
			"Better: pain before sessions went from 6 to 4 over 2 "
			"weeks");
}

static void test_names(void)
{
	g_assert_cmpstr(tp_trend_unit_name(TP_TREND_DAY), ==, "day");
	g_assert_cmpstr(tp_trend_unit_name(TP_TREND_WEEK), ==, "week");
	g_assert_cmpstr(tp_trend_direction_name(TP_TREND_BETTER), ==, "better");
	g_assert_cmpstr(tp_trend_direction_name(TP_TREND_SAME), ==, "same");
	g_assert_cmpstr(tp_trend_direction_name(TP_TREND_WORSE), ==, "worse");
	g_assert_cmpstr(tp_trend_direction_name(TP_TREND_UNKNOWN), ==,
			"unknown");
}

static void test_format_pain(void)
{
	static const struct {
		double pain;
		const char *text;
	} cases[] = {
		{ -1, "-" },	{ 0, "0" },	    { 6, "6" },
		{ 6.5, "6.5" }, { 8.0 / 3, "2.7" }, { 5.96, "6" },
	};

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree char *text = tp_trend_format_pain(cases[i].pain);
		g_assert_cmpstr(text, ==, cases[i].text);
	}
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);

	g_test_add_func("/trend/unit-for", test_unit_for);
	g_test_add_func("/trend/group-muscles", test_group_muscles);
	g_test_add_func("/trend/no-sessions", test_no_sessions);
	g_test_add_func("/trend/local-days-east", test_local_days_east);
	g_test_add_func("/trend/local-days-west", test_local_days_west);
	g_test_add_func("/trend/weeks", test_weeks);
	g_test_add_func("/trend/weeks-clock-change", test_weeks_clock_change);
	g_test_add_func("/trend/averages", test_averages);
	g_test_add_func("/trend/direction/better", test_direction_better);
	g_test_add_func("/trend/direction/worse", test_direction_worse);
	g_test_add_func("/trend/direction/same", test_direction_same);
	g_test_add_func("/trend/direction/unrated-periods",
			test_direction_unrated_periods);
	g_test_add_func("/trend/direction/unknown", test_direction_unknown);
	g_test_add_func("/trend/direction/after", test_direction_after);
	g_test_add_func("/trend/direction/thirds", test_direction_thirds);
	g_test_add_func("/trend/words/days", test_sentence_days);
	g_test_add_func("/trend/words/weeks", test_sentence_weeks);
	g_test_add_func("/trend/words/unknown", test_sentence_unknown);
	g_test_add_func("/trend/words/clock-change",
			test_sentence_span_over_clock_change);
	g_test_add_func("/trend/words/names", test_names);
	g_test_add_func("/trend/words/format-pain", test_format_pain);

	return g_test_run();
}
