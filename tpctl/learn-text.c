/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Level frames in text: the level in ASCII decimal between a fixed prefix
 * and suffix ("Vibrate:" 12 ";"). Each run of digits of each printable
 * control write splits it into prefix, number and suffix; the split the
 * most writes share, with numbers that vary, is the shape.
 */
#include <string.h>

#include "learn.h"

static const uint8_t *tp_data(GBytes *b, gsize *n)
{
	return g_bytes_get_data(b, n);
}

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

bool tp_learn_text_match(const TpLearnShape *shape, GBytes *value,
			 unsigned *raw)
{
	gsize n, np, ns;
	const uint8_t *d = tp_data(value, &n);
	const uint8_t *p = tp_data(shape->prefix, &np);
	const uint8_t *s = tp_data(shape->suffix, &ns);

	/* An empty prefix or suffix has no data at all (NULL). */
	return n > np + ns && (np == 0 || memcmp(d, p, np) == 0) &&
	       (ns == 0 || memcmp(d + n - ns, s, ns) == 0) &&
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
		if (!o->control || !tp_learn_text_match(shape, o->value, &raw))
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
TpLearnShape *tp_learn_text_shape(const TpLearnTrace *trace)
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
