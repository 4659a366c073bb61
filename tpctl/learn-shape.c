/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The shape of the frames that set a level. Binary frames, of one length:
 * for each position and kind of level field (one byte, both nibbles of a
 * byte, two bytes big-endian), each frame implies a family: a byte that is
 * not a function of the field must be constant (an init or start frame of
 * the same length differs there and is not of the family). Every byte that
 * varies within the family must then be explained, or the hypothesis
 * fails: the field itself, a copy of it (same value, or a fixed amount
 * more), or a checksum (sum8 or xor8 over a range of the frame, every
 * range tried on every frame). A checksum that a few frames break drops
 * them (they stay unexplained). Text frames are learn-text.c's. The
 * candidates are ranked by the writes they cover; learn-infer.c decides.
 */
#include <stdio.h>
#include <string.h>

#include "learn.h"

typedef enum {
	TP_BYTE_CONSTANT,
	TP_BYTE_FIELD, /* the level field (both bytes of be16) */
	TP_BYTE_COPY,
	TP_BYTE_CHECKSUM,
	TP_BYTE_OPEN, /* varies, not explained yet */
} TpByteRole;

/* Distinct values of one length, each with how often it was written. */
typedef struct {
	size_t len;
	GPtrArray *frames; /* GBytes* */
	GArray *counts;	   /* unsigned */
} TpLengthGroup;

void tp_learn_shape_free(TpLearnShape *shape)
{
	if (!shape)
		return;
	g_clear_pointer(&shape->constant, g_bytes_unref);
	g_clear_pointer(&shape->is_constant, g_array_unref);
	g_clear_pointer(&shape->copies, g_array_unref);
	g_clear_pointer(&shape->checksums, g_array_unref);
	g_clear_pointer(&shape->prefix, g_bytes_unref);
	g_clear_pointer(&shape->suffix, g_bytes_unref);
	g_free(shape);
}

static const uint8_t *tp_data(GBytes *b, gsize *n)
{
	return g_bytes_get_data(b, n);
}

static unsigned tp_field_value(TpFieldKind kind, const uint8_t *d, unsigned at)
{
	switch (kind) {
	case TP_FIELD_BE16:
		return (unsigned)d[at] << 8 | d[at + 1];
	case TP_FIELD_NIBBLES:
		return d[at] & 0x0F;
	default:
		return d[at];
	}
}

/* ---- binary: the family ------------------------------------------------- */

/* The field's bytes of @d as one key: one byte, or two for be16. */
static unsigned tp_field_key(const uint8_t *d, unsigned at, unsigned width)
{
	return width == 2 ? (unsigned)d[at] << 8 | d[at + 1] : d[at];
}

/* Whether byte @q is the same wherever the field is: a function of it. */
static bool tp_follows_field(GPtrArray *family, unsigned q, unsigned at,
			     unsigned width)
{
	g_autoptr(GHashTable) seen = g_hash_table_new(NULL, NULL);

	for (guint i = 0; i < family->len; i++) {
		const uint8_t *d = tp_data(g_ptr_array_index(family, i), NULL);
		gpointer key = GUINT_TO_POINTER(tp_field_key(d, at, width));
		gpointer value = GUINT_TO_POINTER(d[q] + 1u);
		gpointer was = g_hash_table_lookup(seen, key);
		if (was && was != value)
			return false;
		g_hash_table_insert(seen, key, value);
	}
	return true;
}

/* The frames of @anchor's family if the field is at @at: a byte that is
 * not a function of the field (an init or start frame of the same length
 * differs there) must be constant, as in @anchor; until nothing changes. */
static GPtrArray *tp_family_around(const TpLengthGroup *g, GBytes *anchor,
				   unsigned at, unsigned width)
{
	const uint8_t *a = tp_data(anchor, NULL);
	GPtrArray *family = g_ptr_array_new();
	bool changed = true;

	for (guint i = 0; i < g->frames->len; i++)
		g_ptr_array_add(family, g_ptr_array_index(g->frames, i));
	while (changed) {
		changed = false;
		for (unsigned q = 0; q < g->len; q++) {
			if ((q == at || (width == 2 && q == at + 1)) ||
			    tp_follows_field(family, q, at, width))
				continue;
			for (guint i = family->len; i-- > 0;)
				if (((const uint8_t *)tp_data(family->pdata[i],
							      NULL))[q] != a[q])
					g_ptr_array_remove_index(family, i);
			changed = true;
		}
	}
	return family;
}

/* How many writes the family's frames stand for. */
static unsigned tp_family_weight(const TpLengthGroup *g, GPtrArray *family)
{
	unsigned weight = 0;

	for (guint i = 0; i < g->frames->len; i++)
		if (g_ptr_array_find(family, g->frames->pdata[i], NULL))
			weight += g_array_index(g->counts, unsigned, i);
	return weight;
}

/* ---- binary: explaining the varying bytes ------------------------------ */

typedef struct {
	GPtrArray *family;
	size_t len;
	TpFieldKind kind;
	unsigned at;
	TpByteRole role[32];
	GArray *copies, *checksums;
} TpHypothesis;

static bool tp_copy_fits(const TpHypothesis *h, unsigned q, bool any_delta,
			 int *delta)
{
	for (guint i = 0; i < h->family->len; i++) {
		const uint8_t *d =
		    tp_data(g_ptr_array_index(h->family, i), NULL);
		int dq = (int)d[q] - (int)tp_field_value(h->kind, d, h->at);
		if (i == 0)
			*delta = dq;
		else if (dq != *delta)
			return false;
	}
	return *delta == 0 || (any_delta && *delta > 0);
}

static uint8_t tp_range_value(const uint8_t *d, bool xor8, unsigned from,
			      unsigned to)
{
	uint8_t sum = 0;

	for (unsigned b = from; b <= to; b++)
		sum = xor8 ? sum ^ d[b] : (uint8_t)(sum + d[b]);
	return sum;
}

/* A checksum in byte @q may cover neither itself, nor a byte not yet
 * explained, nor another checksum. */
static bool tp_range_allowed(const TpHypothesis *h, unsigned q, unsigned from,
			     unsigned to)
{
	for (unsigned b = from; b <= to; b++)
		if (b == q || h->role[b] == TP_BYTE_OPEN ||
		    h->role[b] == TP_BYTE_CHECKSUM)
			return false;
	return true;
}

static bool tp_range_fits(const TpHypothesis *h, unsigned q, bool xor8,
			  unsigned from, unsigned to)
{
	if (!tp_range_allowed(h, q, from, to))
		return false;
	for (guint i = 0; i < h->family->len; i++) {
		const uint8_t *d = tp_data(h->family->pdata[i], NULL);
		if (tp_range_value(d, xor8, from, to) != d[q])
			return false;
	}
	return true;
}

/* How many frames of the family have byte @q as that checksum. */
static unsigned tp_range_hits(const TpHypothesis *h, unsigned q, bool xor8,
			      unsigned from, unsigned to)
{
	unsigned hits = 0;

	if (!tp_range_allowed(h, q, from, to))
		return 0;
	for (guint i = 0; i < h->family->len; i++) {
		const uint8_t *d = tp_data(h->family->pdata[i], NULL);
		hits += tp_range_value(d, xor8, from, to) == d[q];
	}
	return hits;
}

/* The widest range whose sum8 or xor8 byte @q is, on every frame. */
static bool tp_find_checksum(TpHypothesis *h, unsigned q)
{
	TpLearnChecksum best = { 0 };
	bool found = false;

	for (unsigned from = 0; from < h->len; from++)
		for (unsigned to = from; to < h->len; to++)
			for (int x = 0; x < 2; x++) {
				if (found && to - from <= best.to - best.from)
					continue;
				if (!tp_range_fits(h, q, x, from, to))
					continue;
				best = (TpLearnChecksum){ q, x, from, to };
				found = true;
			}
	if (found) {
		g_array_append_val(h->checksums, best);
		h->role[q] = TP_BYTE_CHECKSUM;
	}
	return found;
}

static void tp_find_copies(TpHypothesis *h, bool any_delta)
{
	for (unsigned q = 0; q < h->len; q++) {
		TpLearnCopy copy = { q, 0 };
		if (h->role[q] == TP_BYTE_OPEN &&
		    tp_copy_fits(h, q, any_delta, &copy.delta)) {
			g_array_append_val(h->copies, copy);
			h->role[q] = TP_BYTE_COPY;
		}
	}
}

static void tp_find_checksums(TpHypothesis *h)
{
	for (unsigned q = 0; q < h->len; q++)
		if (h->role[q] == TP_BYTE_OPEN)
			tp_find_checksum(h, q);
}

/* Exact copies first (a byte equal to the level is the level again, even
 * where a one-byte "sum" would say the same), then checksums, then copies
 * with an offset, then checksums over those too. */
static bool tp_explain(TpHypothesis *h)
{
	tp_find_copies(h, false);
	tp_find_checksums(h);
	tp_find_copies(h, true);
	tp_find_checksums(h);
	for (unsigned q = 0; q < h->len; q++)
		if (h->role[q] == TP_BYTE_OPEN)
			return false;
	return true;
}

static bool tp_field_kind_fits(GPtrArray *family, TpFieldKind kind, unsigned at,
			       size_t len)
{
	const uint8_t *d0 = tp_data(g_ptr_array_index(family, 0), NULL);
	bool high_varies = false, low_varies = false;

	if (kind == TP_FIELD_BE16 && at + 1 >= len)
		return false;
	for (guint i = 0; i < family->len; i++) {
		const uint8_t *d = tp_data(g_ptr_array_index(family, i), NULL);
		if (kind == TP_FIELD_NIBBLES && d[at] >> 4 != (d[at] & 0x0F))
			return false;
		high_varies |= d[at] != d0[at];
		low_varies |= kind == TP_FIELD_BE16 && d[at + 1] != d0[at + 1];
	}
	/* be16 only when both bytes change: with one constant, a one-byte
	 * field and a constant byte say the same for the levels seen. */
	return kind != TP_FIELD_BE16 || (high_varies && low_varies);
}

static void tp_hypothesis_init(TpHypothesis *h, GPtrArray *family, size_t len,
			       TpFieldKind kind, unsigned at)
{
	const uint8_t *d0 = tp_data(g_ptr_array_index(family, 0), NULL);

	*h = (TpHypothesis){ family, len, kind, at };
	h->copies = g_array_new(FALSE, FALSE, sizeof(TpLearnCopy));
	h->checksums = g_array_new(FALSE, FALSE, sizeof(TpLearnChecksum));
	for (size_t q = 0; q < len; q++) {
		h->role[q] = TP_BYTE_CONSTANT;
		for (guint i = 1; i < family->len; i++)
			if (((const uint8_t *)tp_data(
				g_ptr_array_index(family, i), NULL))[q] !=
			    d0[q])
				h->role[q] = TP_BYTE_OPEN;
	}
	h->role[at] = TP_BYTE_FIELD;
	if (kind == TP_FIELD_BE16)
		h->role[at + 1] = TP_BYTE_FIELD;
}

static void tp_hypothesis_clear(TpHypothesis *h)
{
	g_clear_pointer(&h->copies, g_array_unref);
	g_clear_pointer(&h->checksums, g_array_unref);
}

static TpLearnShape *tp_shape_of(TpHypothesis *h)
{
	TpLearnShape *shape = g_new0(TpLearnShape, 1);

	shape->kind = h->kind;
	shape->at = h->at;
	shape->constant = g_bytes_ref(g_ptr_array_index(h->family, 0));
	shape->is_constant = g_array_new(FALSE, FALSE, sizeof(gboolean));
	for (size_t q = 0; q < h->len; q++) {
		gboolean c = h->role[q] == TP_BYTE_CONSTANT;
		g_array_append_val(shape->is_constant, c);
	}
	shape->copies = g_steal_pointer(&h->copies);
	shape->checksums = g_steal_pointer(&h->checksums);
	return shape;
}

static bool tp_field_varies(GPtrArray *family, TpFieldKind kind, unsigned at)
{
	const uint8_t *d0 = tp_data(g_ptr_array_index(family, 0), NULL);

	for (guint i = 1; i < family->len; i++)
		if (tp_field_value(kind,
				   tp_data(g_ptr_array_index(family, i), NULL),
				   at) != tp_field_value(kind, d0, at))
			return true;
	return false;
}

/* Keep the frames that have @anchor's bytes where @role says open. */
static bool tp_pin_open_bytes(GPtrArray *family, const TpHypothesis *h,
			      GBytes *anchor)
{
	const uint8_t *a = tp_data(anchor, NULL);
	guint before = family->len;

	for (guint i = family->len; i-- > 0;) {
		const uint8_t *d = tp_data(family->pdata[i], NULL);
		for (size_t q = 0; q < h->len; q++)
			if (h->role[q] == TP_BYTE_OPEN && d[q] != a[q]) {
				g_ptr_array_remove_index(family, i);
				break;
			}
	}
	return family->len < before;
}

/* The checksum most frames of the family agree on, for open byte @q:
 * those that do not are no frames of it (a damaged frame, say). Adds
 * them to @out; false when no checksum holds for three in four. */
static bool tp_checksum_outliers(const TpHypothesis *h, unsigned q,
				 GPtrArray *out)
{
	unsigned best = 0, from = 0, to = 0;
	bool xor8 = false;

	for (unsigned a = 0; a < h->len; a++)
		for (unsigned b = a; b < h->len; b++)
			for (int x = 0; x < 2; x++) {
				unsigned hits = tp_range_hits(h, q, x, a, b);
				if (hits > best) {
					best = hits;
					from = a;
					to = b;
					xor8 = x;
				}
			}
	if (best < 2 || best * 4 < h->family->len * 3)
		return false;
	for (guint i = 0; i < h->family->len; i++) {
		const uint8_t *d = tp_data(h->family->pdata[i], NULL);
		if (tp_range_value(d, xor8, from, to) != d[q])
			g_ptr_array_add(out, h->family->pdata[i]);
	}
	return true;
}

/* Drop the frames that break a checksum the rest agree on. */
static bool tp_drop_outliers(GPtrArray *family, const TpHypothesis *h)
{
	g_autoptr(GPtrArray) out = g_ptr_array_new();

	for (unsigned q = 0; q < h->len; q++)
		if (h->role[q] == TP_BYTE_OPEN &&
		    !tp_checksum_outliers(h, q, out))
			return false;
	for (guint i = 0; i < out->len; i++)
		g_ptr_array_remove(family, out->pdata[i]);
	return out->len > 0;
}

/* One hypothesis on @anchor's family: a shape, or NULL. A byte it cannot
 * explain is a checksum that a few frames break (they leave the family
 * and stay unexplained), or else constant after all: the frames that
 * differ there are not of the family. Then the rest is tried again. */
static TpLearnShape *tp_shape_try(GPtrArray *family, GBytes *anchor, size_t len,
				  TpFieldKind kind, unsigned at)
{
	TpLearnShape *shape = NULL;
	bool again = true;

	while (!shape && again && family->len >= 2 &&
	       tp_field_kind_fits(family, kind, at, len) &&
	       tp_field_varies(family, kind, at)) {
		TpHypothesis h;
		tp_hypothesis_init(&h, family, len, kind, at);
		if (tp_explain(&h))
			shape = tp_shape_of(&h);
		else
			again = tp_drop_outliers(family, &h) ||
				tp_pin_open_bytes(family, &h, anchor);
		tp_hypothesis_clear(&h);
	}
	return shape;
}

typedef struct {
	TpLearnShape *shape;
	unsigned weight;
	double spread; /* of the field's values: levels step by little */
} TpCandidate;

/* How far apart the field's values lie, on average. */
static double tp_field_spread(GPtrArray *family, TpFieldKind kind, unsigned at)
{
	unsigned low = G_MAXUINT, high = 0;

	for (guint i = 0; i < family->len; i++) {
		unsigned v =
		    tp_field_value(kind, tp_data(family->pdata[i], NULL), at);
		low = MIN(low, v);
		high = MAX(high, v);
	}
	return family->len > 1 ? (double)(high - low) / (family->len - 1) : 0;
}

static bool tp_has_constant_byte(const TpLearnShape *shape)
{
	for (guint q = 0; q < shape->is_constant->len; q++)
		if (g_array_index(shape->is_constant, gboolean, q))
			return true;
	return false;
}

static void tp_candidate_offer(TpCandidate *c, TpLearnShape *shape,
			       unsigned weight, double spread)
{
	/* A frame that is nothing but a number says nothing about which
	 * frames set a level: every two-byte frame would fit be16. */
	if (shape && shape->kind == TP_FIELD_BE16 &&
	    !tp_has_constant_byte(shape)) {
		tp_learn_shape_free(shape);
		return;
	}
	/* As many writes: the init, start and first level frames of
	 * FD 40 01, FD 10 01, FD 20 01 … are no family of levels 0x10-0x40. */
	if (!shape || weight < c->weight ||
	    (weight == c->weight && spread >= c->spread)) {
		tp_learn_shape_free(shape);
		return;
	}
	tp_learn_shape_free(c->shape);
	c->shape = shape;
	c->weight = weight;
	c->spread = spread;
}

/* Every field position and kind, on the family each frame implies. */
static void tp_try_field(const TpLengthGroup *g, unsigned at, TpFieldKind kind,
			 TpCandidate *best)
{
	unsigned width = kind == TP_FIELD_BE16 ? 2 : 1;
	g_autoptr(GPtrArray) covered = g_ptr_array_new();

	if (at + width > g->len)
		return;
	for (guint i = 0; i < g->frames->len; i++) {
		GBytes *anchor = g->frames->pdata[i];
		g_autoptr(GPtrArray) family = NULL;
		TpLearnShape *shape;
		if (g_ptr_array_find(covered, anchor, NULL))
			continue;
		family = tp_family_around(g, anchor, at, width);
		if (tp_family_weight(g, family) < best->weight) {
			g_ptr_array_extend(covered, family, NULL, NULL);
			continue;
		}
		shape = tp_shape_try(family, anchor, g->len, kind, at);
		/* Frames a failed try let go may anchor a family of their
		 * own; the anchor is done either way. */
		g_ptr_array_extend(covered, family, NULL, NULL);
		g_ptr_array_add(covered, anchor);
		tp_candidate_offer(best, shape, tp_family_weight(g, family),
				   tp_field_spread(family, kind, at));
	}
}

/* The hypotheses that explain every varying byte of the most writes, one
 * of one byte (or nibbles) and one of be16: on a tie, the first by
 * position, and nibbles before a byte, which would say the same less
 * exactly. */
static void tp_shapes_binary(const TpLengthGroup *g, TpCandidate *narrow,
			     TpCandidate *wide)
{
	if (g->len > 32 || g->frames->len < 2)
		return;
	for (unsigned at = 0; at < g->len; at++) {
		tp_try_field(g, at, TP_FIELD_NIBBLES, narrow);
		tp_try_field(g, at, TP_FIELD_BYTE, narrow);
		tp_try_field(g, at, TP_FIELD_BE16, wide);
	}
}

/* ---- choosing ----------------------------------------------------------- */

static void tp_length_group_free(gpointer data)
{
	TpLengthGroup *g = data;

	g_ptr_array_unref(g->frames);
	g_array_unref(g->counts);
	g_free(g);
}

/* The control writes' distinct values, by length. */
static GHashTable *tp_length_groups(const TpLearnTrace *trace)
{
	GHashTable *groups =
	    g_hash_table_new_full(NULL, NULL, NULL, tp_length_group_free);

	for (guint i = 0; i < trace->writes->len; i++) {
		const TpLearnWrite *w = g_ptr_array_index(trace->writes, i);
		gsize n = g_bytes_get_size(w->value);
		TpLengthGroup *g;
		guint at;
		if (!w->control || n == 0)
			continue;
		g = g_hash_table_lookup(groups, GSIZE_TO_POINTER(n));
		if (!g) {
			g = g_new0(TpLengthGroup, 1);
			g->len = n;
			g->frames = g_ptr_array_new_with_free_func(
			    (GDestroyNotify)g_bytes_unref);
			g->counts = g_array_new(FALSE, TRUE, sizeof(unsigned));
			g_hash_table_insert(groups, GSIZE_TO_POINTER(n), g);
		}
		if (!g_ptr_array_find_with_equal_func(g->frames, w->value,
						      g_bytes_equal, &at)) {
			g_ptr_array_add(g->frames, g_bytes_ref(w->value));
			at = g->frames->len - 1;
			g_array_set_size(g->counts, g->frames->len);
		}
		g_array_index(g->counts, unsigned, at)++;
	}
	return groups;
}

static unsigned tp_shape_count(const TpLearnTrace *trace,
			       const TpLearnShape *shape)
{
	unsigned count = 0, raw;

	for (guint i = 0; i < trace->writes->len; i++) {
		const TpLearnWrite *w = g_ptr_array_index(trace->writes, i);
		count +=
		    w->control && tp_learn_shape_match(shape, w->value, &raw);
	}
	return count;
}

typedef struct {
	TpLearnShape *shape;
	unsigned rank;
} TpRanked;

static int tp_compare_ranked(gconstpointer a, gconstpointer b)
{
	const TpRanked *x = a, *y = b;

	return x->rank < y->rank ? 1 : x->rank > y->rank ? -1 : 0;
}

/* By the writes they cover; be16 counts for two thirds, since two bytes
 * as one number also cover frames that merely share the rest (a colour
 * beside the level, an init frame beside a gear). */
static void tp_rank(const TpLearnTrace *trace, GArray *ranked,
		    TpLearnShape *shape)
{
	TpRanked r = { shape, 0 };

	if (!shape)
		return;
	r.rank = tp_shape_count(trace, shape) *
		 (shape->kind == TP_FIELD_BE16 ? 2 : 3);
	g_array_append_val(ranked, r);
}

GPtrArray *tp_learn_shape_candidates(const TpLearnTrace *trace)
{
	g_autoptr(GHashTable) groups = tp_length_groups(trace);
	g_autoptr(GArray) ranked = g_array_new(FALSE, FALSE, sizeof(TpRanked));
	GPtrArray *shapes =
	    g_ptr_array_new_with_free_func((GDestroyNotify)tp_learn_shape_free);
	GHashTableIter it;
	gpointer group;

	tp_rank(trace, ranked, tp_learn_text_shape(trace));
	g_hash_table_iter_init(&it, groups);
	while (g_hash_table_iter_next(&it, NULL, &group)) {
		TpCandidate narrow = { 0 }, wide = { 0 };
		tp_shapes_binary(group, &narrow, &wide);
		tp_rank(trace, ranked, narrow.shape);
		tp_rank(trace, ranked, wide.shape);
	}
	/* g_array_sort is stable: equal ranks keep the order above. */
	g_array_sort(ranked, tp_compare_ranked);
	for (guint i = 0; i < ranked->len; i++)
		g_ptr_array_add(shapes,
				g_array_index(ranked, TpRanked, i).shape);
	return shapes;
}

/* ---- using the shape ----------------------------------------------------- */

bool tp_learn_shape_match(const TpLearnShape *shape, GBytes *value,
			  unsigned *raw)
{
	gsize n, nc;
	const uint8_t *d = tp_data(value, &n);
	const uint8_t *c;

	if (shape->kind == TP_FIELD_DEC)
		return tp_learn_text_match(shape, value, raw);
	c = tp_data(shape->constant, &nc);
	if (n != nc)
		return false;
	for (gsize q = 0; q < n; q++)
		if (g_array_index(shape->is_constant, gboolean, q) &&
		    d[q] != c[q])
			return false;
	*raw = tp_field_value(shape->kind, d, shape->at);
	return true;
}

static void tp_append_level(GString *s, const char *kind, int add)
{
	g_string_append_printf(s, "{level%s", kind);
	if (add)
		g_string_append_printf(s, "+%d", add);
	g_string_append_c(s, '}');
}

/* Byte @q of a binary template. */
static void tp_append_byte(GString *s, const TpLearnShape *shape, unsigned q)
{
	static const char *const kinds[] = { [TP_FIELD_BYTE] = "",
					     [TP_FIELD_BE16] = ":be16",
					     [TP_FIELD_NIBBLES] = ":nibbles" };

	if (q == shape->at) {
		tp_append_level(s, kinds[shape->kind], shape->add);
		return;
	}
	for (guint i = 0; i < shape->copies->len; i++) {
		const TpLearnCopy *c =
		    &g_array_index(shape->copies, TpLearnCopy, i);
		if (c->at == q) {
			tp_append_level(s, "", shape->add + c->delta);
			return;
		}
	}
	for (guint i = 0; i < shape->checksums->len; i++) {
		const TpLearnChecksum *c =
		    &g_array_index(shape->checksums, TpLearnChecksum, i);
		if (c->at == q) {
			g_string_append_printf(s, "{%s:%u..%u}",
					       c->xor8 ? "xor8" : "sum8",
					       c->from, c->to);
			return;
		}
	}
	g_string_append_printf(
	    s, "%02X", ((const uint8_t *)tp_data(shape->constant, NULL))[q]);
}

char *tp_learn_shape_template(const TpLearnShape *shape)
{
	GString *s = g_string_new(NULL);

	if (shape->kind == TP_FIELD_DEC) {
		g_autofree char *prefix =
		    tp_learn_bytes_template(shape->prefix);
		g_autofree char *suffix =
		    tp_learn_bytes_template(shape->suffix);
		g_string_append_printf(s, "%s%s", prefix, *prefix ? " " : "");
		tp_append_level(s, ":dec", shape->add);
		g_string_append_printf(s, "%s%s", *suffix ? " " : "", suffix);
		return g_string_free(s, FALSE);
	}
	for (unsigned q = 0; q < shape->is_constant->len; q++) {
		if (shape->kind == TP_FIELD_BE16 && q == shape->at + 1)
			continue;
		if (s->len)
			g_string_append_c(s, ' ');
		tp_append_byte(s, shape, q);
	}
	return g_string_free(s, FALSE);
}
