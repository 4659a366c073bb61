/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The shape of the frames that set a level. Binary frames: among the
 * different values of one length, the bytes most of them share are
 * constant, and the frames that have all of those are the family (what
 * differs elsewhere, an init or a start frame of the same length, is not);
 * every byte that varies within the family must then be explained, or the
 * hypothesis fails: the level field itself (one byte, two big-endian, a
 * byte with the level in both nibbles), a copy of it (same value, or a
 * fixed amount more), or a checksum (sum8 or xor8 over a range of the
 * frame, every range tried on every frame). Text frames: the level in
 * ASCII decimal between a fixed prefix and suffix. The shape that the
 * most control writes have wins.
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

/* Bytes most of the group's values share, and the values having all. */
static GPtrArray *tp_family(const TpLengthGroup *g, uint8_t *mode,
			    gboolean *stable)
{
	GPtrArray *family = g_ptr_array_new();

	for (size_t q = 0; q < g->len; q++) {
		unsigned count[256] = { 0 }, best = 0;
		for (guint i = 0; i < g->frames->len; i++) {
			const uint8_t *d =
			    tp_data(g_ptr_array_index(g->frames, i), NULL);
			if (++count[d[q]] > best) {
				best = count[d[q]];
				mode[q] = d[q];
			}
		}
		stable[q] = best * 2 >= g->frames->len;
	}
	for (guint i = 0; i < g->frames->len; i++) {
		GBytes *f = g_ptr_array_index(g->frames, i);
		const uint8_t *d = tp_data(f, NULL);
		bool member = true;
		for (size_t q = 0; q < g->len && member; q++)
			member = !stable[q] || d[q] == mode[q];
		if (member)
			g_ptr_array_add(family, f);
	}
	return family;
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

static bool tp_range_fits(const TpHypothesis *h, unsigned q, bool xor8,
			  unsigned from, unsigned to)
{
	for (unsigned b = from; b <= to; b++)
		if (b == q || h->role[b] == TP_BYTE_OPEN ||
		    h->role[b] == TP_BYTE_CHECKSUM)
			return false;
	for (guint i = 0; i < h->family->len; i++) {
		const uint8_t *d =
		    tp_data(g_ptr_array_index(h->family, i), NULL);
		uint8_t sum = 0;
		for (unsigned b = from; b <= to; b++)
			sum = xor8 ? sum ^ d[b] : (uint8_t)(sum + d[b]);
		if (sum != d[q])
			return false;
	}
	return true;
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

/* The first field position and kind (by position; nibbles, then be16,
 * then a byte) that explains every varying byte of the family. */
static TpLearnShape *tp_shape_binary(const TpLengthGroup *g)
{
	static const TpFieldKind kinds[] = { TP_FIELD_NIBBLES, TP_FIELD_BE16,
					     TP_FIELD_BYTE };
	uint8_t mode[32];
	gboolean stable[32];
	g_autoptr(GPtrArray) family = NULL;

	if (g->len > 32 || g->frames->len < 2)
		return NULL;
	family = tp_family(g, mode, stable);
	if (family->len < 2)
		return NULL;
	for (unsigned at = 0; at < g->len; at++)
		for (size_t k = 0; k < G_N_ELEMENTS(kinds); k++) {
			TpHypothesis h;
			TpLearnShape *shape = NULL;
			if (!tp_field_kind_fits(family, kinds[k], at, g->len))
				continue;
			tp_hypothesis_init(&h, family, g->len, kinds[k], at);
			if (tp_field_varies(family, kinds[k], at) &&
			    tp_explain(&h))
				shape = tp_shape_of(&h);
			tp_hypothesis_clear(&h);
			if (shape)
				return shape;
		}
	return NULL;
}

/* ---- text: the level in decimal ---------------------------------------- */

static bool tp_printable(const uint8_t *d, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (d[i] < 0x20 || d[i] > 0x7E)
			return false;
	return n > 0;
}

/* Digits as tpd renders {level:dec}: no leading zero, at most 5. */
static bool tp_decimal(const uint8_t *d, size_t n, unsigned *value)
{
	*value = 0;
	if (n == 0 || n > 5 || (n > 1 && d[0] == '0'))
		return false;
	for (size_t i = 0; i < n; i++) {
		if (!g_ascii_isdigit(d[i]))
			return false;
		*value = *value * 10 + (d[i] - '0');
	}
	return true;
}

/* The text around the @run-th run of digits of @d, or false. */
static bool tp_digit_run(const uint8_t *d, size_t n, unsigned run,
			 size_t *start, size_t *end)
{
	unsigned seen = 0;

	for (size_t i = 0; i < n;) {
		size_t j = i;
		if (!g_ascii_isdigit(d[i])) {
			i++;
			continue;
		}
		while (j < n && g_ascii_isdigit(d[j]))
			j++;
		if (seen++ == run) {
			*start = i;
			*end = j;
			return true;
		}
		i = j;
	}
	return false;
}

static bool tp_dec_match(const TpLearnShape *shape, GBytes *value,
			 unsigned *raw)
{
	gsize n, np, ns;
	const uint8_t *d = tp_data(value, &n);
	const uint8_t *p = tp_data(shape->prefix, &np);
	const uint8_t *s = tp_data(shape->suffix, &ns);

	return n > np + ns && memcmp(d, p, np) == 0 &&
	       memcmp(d + n - ns, s, ns) == 0 &&
	       tp_decimal(d + np, n - np - ns, raw);
}

/* How many control writes have @shape; false unless their numbers vary. */
static bool tp_dec_count(const TpLearnTrace *trace, const TpLearnShape *shape,
			 unsigned *count)
{
	bool varies = false, any = false;
	unsigned first = 0, raw;

	*count = 0;
	for (guint j = 0; j < trace->writes->len; j++) {
		const TpLearnWrite *o = g_ptr_array_index(trace->writes, j);
		if (!o->control || !tp_dec_match(shape, o->value, &raw))
			continue;
		(*count)++;
		varies |= any && raw != first;
		if (!any)
			first = raw;
		any = true;
	}
	return varies;
}

/* Each run of digits of each printable value splits it into prefix,
 * number and suffix; the split most writes share is the shape. */
static TpLearnShape *tp_shape_dec(const TpLearnTrace *trace)
{
	/* Each split once: "prefix\nsuffix" → NULL. */
	g_autoptr(GHashTable) tried =
	    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	TpLearnShape *best = NULL;
	unsigned best_count = 0;

	for (guint i = 0; i < trace->writes->len; i++) {
		const TpLearnWrite *w = g_ptr_array_index(trace->writes, i);
		gsize n;
		const uint8_t *d = tp_data(w->value, &n);
		size_t start, end;
		if (!w->control || !tp_printable(d, n))
			continue;
		for (unsigned run = 0; tp_digit_run(d, n, run, &start, &end);
		     run++) {
			TpLearnShape *shape;
			unsigned count;
			char *split = g_strdup_printf(
			    "%.*s\n%.*s", (int)start, (const char *)d,
			    (int)(n - end), (const char *)d + end);
			if (!g_hash_table_add(tried, split))
				continue;
			shape = g_new0(TpLearnShape, 1);
			shape->kind = TP_FIELD_DEC;
			shape->prefix = g_bytes_new(d, start);
			shape->suffix = g_bytes_new(d + end, n - end);
			if (tp_dec_count(trace, shape, &count) &&
			    count > best_count) {
				tp_learn_shape_free(best);
				best = shape;
				best_count = count;
			} else {
				tp_learn_shape_free(shape);
			}
		}
	}
	return best;
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

static void tp_keep_better(const TpLearnTrace *trace, TpLearnShape **best,
			   unsigned *best_count, TpLearnShape *shape)
{
	unsigned count = shape ? tp_shape_count(trace, shape) : 0;

	if (shape && count > *best_count) {
		tp_learn_shape_free(*best);
		*best = shape;
		*best_count = count;
	} else {
		tp_learn_shape_free(shape);
	}
}

TpLearnShape *tp_learn_shape_find(const TpLearnTrace *trace)
{
	g_autoptr(GHashTable) groups = tp_length_groups(trace);
	TpLearnShape *best = NULL;
	unsigned best_count = 0;
	GHashTableIter it;
	gpointer group;

	tp_keep_better(trace, &best, &best_count, tp_shape_dec(trace));
	g_hash_table_iter_init(&it, groups);
	while (g_hash_table_iter_next(&it, NULL, &group))
		tp_keep_better(trace, &best, &best_count,
			       tp_shape_binary(group));
	return best;
}

/* ---- using the shape ----------------------------------------------------- */

bool tp_learn_shape_match(const TpLearnShape *shape, GBytes *value,
			  unsigned *raw)
{
	gsize n, nc;
	const uint8_t *d = tp_data(value, &n);
	const uint8_t *c;

	if (shape->kind == TP_FIELD_DEC)
		return tp_dec_match(shape, value, raw);
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
