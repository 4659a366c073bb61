/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What each write is, by where it comes in the capture (DESIGN.md §11):
 * the stop is what the app wrote right after a level (a level frame whose
 * field is 0 counts as one too), a start is what it wrote right before
 * the first level of every run, init frames are what it wrote after
 * connecting and before the first level, and a level frame written again
 * with nothing between is a resend; resends at a steady period are a
 * keep-alive. Levels come from the field's values, or from --levels: the
 * levels the person set, in order, paired with the level changes.
 */
#include <stdio.h>
#include <string.h>

#include "learn.h"

/* A keep-alive needs this many resends within 15 % of their median. */
#define KEEPALIVE_MIN_RESENDS 3
/* Resends further apart than this keep nothing alive: a device that
 * needs a keep-alive stops within seconds without one. */
#define KEEPALIVE_MAX_GAP_US  (G_GINT64_CONSTANT(600) * G_USEC_PER_SEC)
/* More different frames than this before the first level are no init. */
#define INIT_MAX_FRAMES	      16

static TpLearnWrite *tp_write(TpLearnTrace *trace, guint i)
{
	return g_ptr_array_index(trace->writes, i);
}

/* The control write before @i on its connection, or -1. */
static gint tp_previous_index(TpLearnTrace *trace, guint i)
{
	const TpLearnWrite *w = tp_write(trace, i);

	while (i-- > 0) {
		const TpLearnWrite *p = tp_write(trace, i);
		if (p->connection != w->connection)
			return -1;
		if (p->control)
			return (gint)i;
	}
	return -1;
}

static TpLearnWrite *tp_previous(TpLearnTrace *trace, guint i)
{
	gint at = tp_previous_index(trace, i);

	return at < 0 ? NULL : tp_write(trace, at);
}

static bool tp_is_level_frame(const TpLearnWrite *w)
{
	return w->in_family && w->raw != 0;
}

/* Whether the control write after @i on its connection sets a level. */
static bool tp_level_follows(TpLearnTrace *trace, guint i)
{
	const TpLearnWrite *w = tp_write(trace, i);

	for (guint j = i + 1; j < trace->writes->len; j++) {
		const TpLearnWrite *n = tp_write(trace, j);
		if (n->connection != w->connection)
			return false;
		if (n->control)
			return tp_is_level_frame(n);
	}
	return false;
}

/* ---- stop -------------------------------------------------------------- */

/* What came right after a level most often, and was not itself followed
 * right away by a level (a zero-level frame wins a tie, then the later). */
static void tp_find_stop(TpLearnTrace *trace, TpLearnResult *result)
{
	g_autoptr(GHashTable) after = g_hash_table_new_full(
	    g_bytes_hash, g_bytes_equal, (GDestroyNotify)g_bytes_unref, NULL);
	unsigned best = 0;

	for (guint i = 0; i < trace->writes->len; i++) {
		TpLearnWrite *w = tp_write(trace, i);
		TpLearnWrite *p = tp_previous(trace, i);
		unsigned n;
		bool zero = w->in_family && w->raw == 0;
		if (!w->control || tp_is_level_frame(w) ||
		    (!zero && !(p && tp_is_level_frame(p))) ||
		    (!zero && tp_level_follows(trace, i)))
			continue;
		n = GPOINTER_TO_UINT(g_hash_table_lookup(after, w->value)) +
		    (p && tp_is_level_frame(p));
		g_hash_table_replace(after, g_bytes_ref(w->value),
				     GUINT_TO_POINTER(n));
		if (n > best || (n == best && (zero || !result->stop))) {
			g_clear_pointer(&result->stop, g_bytes_unref);
			result->stop = g_bytes_ref(w->value);
			best = n;
		}
	}
	result->stop_seen = best;
}

static bool tp_is_stop(const TpLearnResult *result, const TpLearnWrite *w)
{
	return w->control && result->stop &&
	       g_bytes_equal(w->value, result->stop);
}

/* ---- levels ------------------------------------------------------------- */

/* Level changes and resends: a level frame equal to the control write
 * just before it is a resend. */
static void tp_mark_levels(TpLearnTrace *trace, const TpLearnResult *result)
{
	for (guint i = 0; i < trace->writes->len; i++) {
		TpLearnWrite *w = tp_write(trace, i);
		TpLearnWrite *p = tp_previous(trace, i);
		if (!w->control || !tp_is_level_frame(w) ||
		    tp_is_stop(result, w))
			continue;
		w->role = p && p->role != TP_ROLE_UNEXPLAINED &&
				  g_bytes_equal(p->value, w->value)
			      ? TP_ROLE_RESEND
			      : TP_ROLE_LEVEL;
	}
}

/* The field values of the level changes: all, or each once. */
static GArray *tp_changes(TpLearnTrace *trace, bool distinct)
{
	GArray *raws = g_array_new(FALSE, FALSE, sizeof(unsigned));

	for (guint i = 0; i < trace->writes->len; i++) {
		const TpLearnWrite *w = tp_write(trace, i);
		bool seen = false;
		if (w->role != TP_ROLE_LEVEL)
			continue;
		for (guint j = 0; distinct && j < raws->len; j++)
			seen |= g_array_index(raws, unsigned, j) == w->raw;
		if (!seen)
			g_array_append_val(raws, w->raw);
	}
	return raws;
}

/* --levels: field value = level + add, the same add for every pair. */
static bool tp_pair_levels(TpLearnTrace *trace, TpLearnResult *result, int *add)
{
	g_autoptr(GArray) all = tp_changes(trace, false);
	g_autoptr(GArray) once = tp_changes(trace, true);
	GArray *raws = all->len == result->levels->len ? all : once;

	if (raws->len != result->levels->len) {
		result->problem = g_strdup_printf(
		    "--levels gives %u levels, but the capture has %u level "
		    "changes (%u different levels)",
		    result->levels->len, all->len, once->len);
		return false;
	}
	for (guint i = 0; i < raws->len; i++) {
		unsigned raw = g_array_index(raws, unsigned, i);
		unsigned level = g_array_index(result->levels, unsigned, i);
		int a = (int)raw - (int)level;
		if (i > 0 && a == *add)
			continue;
		if (i == 0 && a >= 0) {
			*add = a;
			continue;
		}
		result->problem = g_strdup_printf(
		    "the level field does not follow --levels by a fixed "
		    "amount: level %u is sent as %u, level %u as %u",
		    g_array_index(result->levels, unsigned, 0),
		    g_array_index(raws, unsigned, 0), level, raw);
		return false;
	}
	return true;
}

static bool tp_assign_levels(TpLearnTrace *trace, TpLearnResult *result)
{
	int add = 0;

	if (result->levels && !tp_pair_levels(trace, result, &add))
		return false;
	result->shape->add = add;
	result->low = G_MAXUINT;
	for (guint i = 0; i < trace->writes->len; i++) {
		TpLearnWrite *w = tp_write(trace, i);
		if (w->role != TP_ROLE_LEVEL && w->role != TP_ROLE_RESEND)
			continue;
		if ((int)w->raw < add) {
			/* Below the lowest level: not a level then. */
			w->role = TP_ROLE_UNEXPLAINED;
			continue;
		}
		w->level = w->raw - add;
		result->low = MIN(result->low, w->level);
		result->high = MAX(result->high, w->level);
	}
	return true;
}

/* ---- start and init ----------------------------------------------------- */

/* A run starts at a connection's first level, and at the first level
 * after each stop. */
static bool tp_starts_run(TpLearnTrace *trace, const TpLearnResult *result,
			  guint i)
{
	const TpLearnWrite *w = tp_write(trace, i);

	if (w->role != TP_ROLE_LEVEL)
		return false;
	while (i-- > 0) {
		const TpLearnWrite *p = tp_write(trace, i);
		if (p->connection != w->connection || tp_is_stop(result, p))
			return true;
		if (p->role == TP_ROLE_LEVEL || p->role == TP_ROLE_RESEND)
			return false;
	}
	return true;
}

/* The same frame right before every run, at least one run after a stop:
 * a start. One run only could as well be init. */
static void tp_find_start(TpLearnTrace *trace, TpLearnResult *result)
{
	GBytes *start = NULL;
	unsigned runs = 0, after_stop = 0;

	for (guint i = 0; i < trace->writes->len; i++) {
		gint at, before;
		const TpLearnWrite *p;
		if (!tp_starts_run(trace, result, i))
			continue;
		at = tp_previous_index(trace, i);
		p = at < 0 ? NULL : tp_write(trace, at);
		if (!p || tp_is_stop(result, p) || tp_is_level_frame(p) ||
		    (start && !g_bytes_equal(start, p->value)))
			return;
		start = p->value;
		runs++;
		before = tp_previous_index(trace, at);
		after_stop +=
		    before >= 0 && tp_is_stop(result, tp_write(trace, before));
	}
	if (runs >= 2 && after_stop >= 1)
		result->start = g_bytes_ref(start);
}

static bool tp_is_start(const TpLearnResult *result, const TpLearnWrite *w)
{
	return w->control && result->start &&
	       g_bytes_equal(w->value, result->start);
}

/* The writes of the first connection with a level, before that level,
 * that are neither stop nor start: on the control characteristic if any
 * are, else all on one other characteristic of its service. More than a
 * handshake's worth is no init: those stay unexplained. */
static void tp_find_init(TpLearnTrace *trace, TpLearnResult *result)
{
	g_autoptr(GPtrArray) before = g_ptr_array_new();
	bool on_control = false;

	for (guint i = 0; i < trace->writes->len; i++) {
		TpLearnWrite *w = tp_write(trace, i);
		if (w->role == TP_ROLE_LEVEL)
			break;
		if (tp_is_stop(result, w) || tp_is_start(result, w) ||
		    tp_is_level_frame(w))
			continue;
		if (before->len &&
		    w->connection !=
			((TpLearnWrite *)before->pdata[0])->connection)
			g_ptr_array_set_size(before, 0);
		g_ptr_array_add(before, w);
		on_control |= w->control;
	}
	for (guint i = 0; i < before->len; i++) {
		const TpLearnWrite *w = before->pdata[i];
		const TpLearnWrite *first = before->pdata[0];
		if (on_control ? !w->control
			       : (w->handle != first->handle || !w->uuid))
			continue;
		if (!g_ptr_array_find_with_equal_func(result->init, w->value,
						      g_bytes_equal, NULL))
			g_ptr_array_add(result->init, g_bytes_ref(w->value));
		if (!on_control && !result->init_uuid)
			result->init_uuid = g_strdup(w->uuid);
	}
	if (result->init->len > INIT_MAX_FRAMES) {
		g_ptr_array_set_size(result->init, 0);
		g_clear_pointer(&result->init_uuid, g_free);
	}
}

/* Init frames count wherever they come before a connection's first
 * level, on the characteristic they were found on. */
static void tp_mark_init(TpLearnTrace *trace, TpLearnResult *result)
{
	bool levelled = false;
	unsigned connection = 0;

	for (guint i = 0; i < trace->writes->len; i++) {
		TpLearnWrite *w = tp_write(trace, i);
		bool right_char =
		    result->init_uuid
			? !w->control && w->uuid &&
			      g_str_equal(w->uuid, result->init_uuid)
			: w->control;
		if (w->connection != connection)
			levelled = false;
		connection = w->connection;
		levelled |= w->role == TP_ROLE_LEVEL;
		if (!levelled && right_char && w->role == TP_ROLE_UNEXPLAINED &&
		    g_ptr_array_find_with_equal_func(result->init, w->value,
						     g_bytes_equal, NULL))
			w->role = TP_ROLE_INIT;
	}
}

/* ---- keep-alive and write types ---------------------------------------- */

static int tp_compare_gint64(gconstpointer a, gconstpointer b)
{
	gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;

	return x < y ? -1 : x > y;
}

/* Resends at a steady period: enough of them within 15 % of the median
 * interval, and at least half of all. */
static void tp_find_keepalive(TpLearnTrace *trace, TpLearnResult *result)
{
	g_autoptr(GArray) gaps = g_array_new(FALSE, FALSE, sizeof(gint64));
	gint64 median, sum = 0;
	unsigned inliers = 0;

	for (guint i = 0; i < trace->writes->len; i++) {
		const TpLearnWrite *w = tp_write(trace, i);
		const TpLearnWrite *p = tp_previous(trace, i);
		gint64 gap;
		/* A capture's clock may jump, backwards too: a gap that is no
		 * keep-alive's is no evidence of one (and its arithmetic
		 * below would overflow). */
		if (w->role != TP_ROLE_RESEND || !p ||
		    w->time_us < p->time_us ||
		    (guint64)w->time_us - (guint64)p->time_us >
			KEEPALIVE_MAX_GAP_US)
			continue;
		gap = w->time_us - p->time_us;
		g_array_append_val(gaps, gap);
	}
	result->resends = gaps->len;
	if (gaps->len < KEEPALIVE_MIN_RESENDS)
		return;
	g_array_sort(gaps, tp_compare_gint64);
	median = g_array_index(gaps, gint64, gaps->len / 2);
	for (guint i = 0; i < gaps->len; i++) {
		gint64 gap = g_array_index(gaps, gint64, i);
		if (gap * 100 >= median * 85 && gap * 100 <= median * 115) {
			inliers++;
			sum += gap;
		}
	}
	if (inliers < KEEPALIVE_MIN_RESENDS || inliers * 2 < gaps->len)
		return;
	/* Milliseconds, to the nearest 10 above 100 ms: a phone's timing
	 * jitters by more than that. */
	median = (sum / inliers + 500) / 1000;
	if (median >= 100)
		median = (median + 5) / 10 * 10;
	if (median >= 50 && median <= 60000)
		result->keepalive_ms = (unsigned)median;
}

static void tp_find_write_types(TpLearnTrace *trace, TpLearnResult *result)
{
	int level = 0, init = 0;

	for (guint i = 0; i < trace->writes->len; i++) {
		const TpLearnWrite *w = tp_write(trace, i);
		int vote = w->request ? 1 : -1;
		if (w->role == TP_ROLE_LEVEL || w->role == TP_ROLE_RESEND)
			level += vote;
		else if (w->role == TP_ROLE_INIT)
			init += vote;
	}
	result->write_request = level > 0;
	result->init_request = init ? init > 0 : result->write_request;
}

/* ---- all of it ---------------------------------------------------------- */

static void tp_mark_roles(TpLearnTrace *trace, TpLearnResult *result)
{
	for (guint i = 0; i < trace->writes->len; i++) {
		TpLearnWrite *w = tp_write(trace, i);
		if (w->role != TP_ROLE_UNEXPLAINED)
			continue;
		if (tp_is_stop(result, w))
			w->role = TP_ROLE_STOP;
		else if (tp_is_start(result, w))
			w->role = TP_ROLE_START;
	}
}

bool tp_learn_sequence(TpLearnTrace *trace, TpLearnResult *result)
{
	result->init =
	    g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
	if (!result->shape)
		return true;
	for (guint i = 0; i < trace->writes->len; i++) {
		TpLearnWrite *w = tp_write(trace, i);
		w->in_family =
		    w->control &&
		    tp_learn_shape_match(result->shape, w->value, &w->raw);
	}
	tp_find_stop(trace, result);
	tp_mark_levels(trace, result);
	if (!tp_assign_levels(trace, result))
		return false;
	tp_find_start(trace, result);
	tp_find_init(trace, result);
	tp_mark_init(trace, result);
	tp_mark_roles(trace, result);
	tp_find_keepalive(trace, result);
	tp_find_write_types(trace, result);
	return true;
}

void tp_learn_result_clear(TpLearnResult *result)
{
	g_clear_pointer(&result->levels, g_array_unref);
	g_clear_pointer(&result->shape, tp_learn_shape_free);
	g_clear_pointer(&result->stop, g_bytes_unref);
	g_clear_pointer(&result->start, g_bytes_unref);
	g_clear_pointer(&result->init, g_ptr_array_unref);
	g_clear_pointer(&result->init_uuid, g_free);
	g_clear_pointer(&result->problem, g_free);
}
