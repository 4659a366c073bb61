/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>
#include <stdbool.h>

/*
 * The pain trend, as pure functions of the sessions GetHistory returns
 * (aa{sv}, oldest first): sessions grouped per muscle, and per day or per
 * week of local time, with their average pain ratings. tpd answers
 * Manager.GetTrends with it and tpctl history prints it, so that both
 * tell the same trend.
 */

typedef enum {
	TP_TREND_DAY,
	TP_TREND_WEEK, /* Monday to Sunday */
} TpTrendUnit;

typedef struct {
	gint64 start; /* local midnight the period begins, Unix time */
	guint sessions;
	guint n_before, n_after; /* how many sessions were rated */
	double sum_before, sum_after;
} TpTrendPeriod;

typedef enum {
	TP_TREND_UNKNOWN, /* fewer than two periods with ratings */
	TP_TREND_BETTER,
	TP_TREND_SAME,
	TP_TREND_WORSE,
} TpTrendDirection;

typedef struct {
	char *muscle;
	guint sessions;
	gint64 last;	 /* start of the latest session */
	GArray *periods; /* TpTrendPeriod, oldest first, none empty */
} TpTrend;

/* A change of the average pain before sessions by this much or more,
 * first rated period to latest, counts as better or worse. */
#define TP_TREND_THRESHOLD 1.0

/* Days for a short history, weeks once it spans three weeks or more. */
TpTrendUnit tp_trend_unit_for(GVariant *sessions);
/* One TpTrend per muscle, in the order of each muscle's first session. */
GPtrArray *tp_trends_new(GVariant *sessions, TpTrendUnit unit, GTimeZone *tz);

/* Average pain before (or after) the sessions of @p; -1 if none rated. */
double tp_trend_period_before(const TpTrendPeriod *p);
double tp_trend_period_after(const TpTrendPeriod *p);
/*
 * The average pain in the first and the latest period that have ratings,
 * and what that says: pain before sessions, the day-to-day pain, when
 * two periods have it; else pain after sessions (*@after set). UNKNOWN
 * with fewer than two rated periods (@first and @latest -1 or the one).
 */
TpTrendDirection tp_trend_direction(const TpTrend *t, bool *after,
				    double *first, double *latest);

/* The words of GetTrends: "day" or "week"; "better", "same", "worse" or
 * "unknown". */
const char *tp_trend_unit_name(TpTrendUnit unit);
const char *tp_trend_direction_name(TpTrendDirection d);
/* "6", "6.5" (averages to one decimal), or "-" when not rated
 * (@pain < 0). */
char *tp_trend_format_pain(double pain);
/*
 * The trend in a sentence a person reads, with the numbers of
 * tp_trend_direction: "Better: pain before sessions went from 7 to 4.5
 * over 3 weeks", or "Not enough ratings yet for a trend".
 */
char *tp_trend_sentence(const TpTrend *t, TpTrendUnit unit);
