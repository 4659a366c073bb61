/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Which shape to believe: each candidate of learn-shape.c is carried
 * through the whole inference (sequence and proof); a complete draft (the
 * levels fit, a stop was found) beats an incomplete one, and a later
 * candidate must reproduce clearly more frames to beat a better ranked one. Two
 * bytes read as one be16 number can cover init, start and stop frames as
 * "levels", which leaves no stop: a whole model tells them apart where the
 * shape alone cannot.
 */
#include "learn.h"

/* Try at most this many shapes. */
#define TP_LEARN_CANDIDATES 8

static void tp_reset_writes(TpLearnTrace *trace)
{
	for (guint i = 0; i < trace->writes->len; i++) {
		TpLearnWrite *w = trace->writes->pdata[i];
		w->role = TP_ROLE_UNEXPLAINED;
		w->in_family = false;
		w->raw = w->level = 0;
		w->reproduced = false;
	}
}

/* Run the inference with @shape (borrowed) into @result. */
static bool tp_infer_with(TpLearnTrace *trace, TpLearnShape *shape,
			  TpLearnResult *result, TpLearnDraft *draft,
			  GError **error)
{
	tp_reset_writes(trace);
	result->shape = shape;
	return tp_learn_sequence(trace, result) &&
	       tp_learn_prove(trace, result, draft, error);
}

typedef struct {
	bool ok, complete;
	unsigned driving; /* reproduced as levels, stop or start */
} TpScore;

static TpScore tp_score(bool ok, const TpLearnTrace *trace,
			const TpLearnResult *r)
{
	TpScore score = { ok, ok && r->stop, 0 };

	for (guint i = 0; ok && i < trace->writes->len; i++) {
		const TpLearnWrite *w = trace->writes->pdata[i];
		score.driving += w->reproduced && w->role != TP_ROLE_INIT;
	}
	return score;
}

/* Complete (a stop found) beats incomplete; else a later candidate must
 * drive a tenth more frames: the ranking already weighed how many writes
 * each shape covers, and whatever precedes the first level counts as
 * init, so init frames never make a shape win. */
static bool tp_better(const TpScore *s, const TpScore *best)
{
	if (s->complete != best->complete)
		return s->complete;
	if (s->ok != best->ok)
		return s->ok;
	return s->driving * 10 > best->driving * 11;
}

/* The index of the candidate to believe. */
static guint tp_choose(TpLearnTrace *trace, GPtrArray *shapes, GArray *levels)
{
	guint best = 0;
	TpScore best_score = { 0 };

	for (guint i = 0; i < shapes->len && i < TP_LEARN_CANDIDATES; i++) {
		TpLearnResult r = { 0 };
		TpLearnDraft d;
		TpScore score;
		bool ok;
		r.levels = levels ? g_array_ref(levels) : NULL;
		ok = tp_infer_with(trace, shapes->pdata[i], &r, &d, NULL);
		score = tp_score(ok, trace, &r);
		r.shape = NULL; /* borrowed */
		tp_learn_result_clear(&r);
		if (i == 0 || tp_better(&score, &best_score)) {
			best = i;
			best_score = score;
		}
	}
	return best;
}

bool tp_learn_infer(TpLearnTrace *trace, TpLearnResult *result,
		    TpLearnDraft *draft, GError **error)
{
	g_autoptr(GPtrArray) shapes = tp_learn_shape_candidates(trace);
	guint chosen = tp_choose(trace, shapes, result->levels);
	TpLearnShape *shape =
	    shapes->len ? g_ptr_array_steal_index(shapes, chosen) : NULL;

	*draft = (TpLearnDraft){ 0 };
	tp_reset_writes(trace);
	result->shape = shape;
	if (!tp_learn_sequence(trace, result))
		return true; /* the problem is in result->problem */
	return tp_learn_prove(trace, result, draft, error);
}
