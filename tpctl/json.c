/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "json.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>

static void tp_json_string(GString *out, const char *s)
{
	g_string_append_c(out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			g_string_append(out, "\\\"");
			break;
		case '\\':
			g_string_append(out, "\\\\");
			break;
		case '\n':
			g_string_append(out, "\\n");
			break;
		case '\t':
			g_string_append(out, "\\t");
			break;
		default:
			if (*p < 0x20)
				g_string_append_printf(out, "\\u%04x", *p);
			else
				g_string_append_c(out, (char)*p);
		}
	}
	g_string_append_c(out, '"');
}

/* Indented for people, or one line (compact) for line-based readers. */
typedef struct {
	GString *out;
	bool compact;
} TpJson;

static void tp_json_value(TpJson *j, GVariant *v, int depth);

static void tp_json_indent(TpJson *j, int depth)
{
	GString *out = j->out;

	if (j->compact)
		return;
	g_string_append_c(out, '\n');
	for (int i = 0; i < depth; i++)
		g_string_append(out, "  ");
}

static bool tp_is_string_dict(GVariant *v)
{
	const GVariantType *t = g_variant_get_type(v);

	return g_variant_type_is_array(t) &&
	       g_variant_type_is_dict_entry(g_variant_type_element(t)) &&
	       g_variant_type_equal(
		   g_variant_type_key(g_variant_type_element(t)),
		   G_VARIANT_TYPE_STRING);
}

static void tp_json_container(TpJson *j, GVariant *v, int depth)
{
	GString *out = j->out;
	bool object = tp_is_string_dict(v);
	gsize n = g_variant_n_children(v);

	g_string_append_c(out, object ? '{' : '[');
	for (gsize i = 0; i < n; i++) {
		g_autoptr(GVariant) child = g_variant_get_child_value(v, i);
		if (i)
			g_string_append_c(out, ',');
		tp_json_indent(j, depth + 1);
		if (object) {
			g_autoptr(GVariant) key =
			    g_variant_get_child_value(child, 0);
			g_autoptr(GVariant) val =
			    g_variant_get_child_value(child, 1);
			tp_json_string(out, g_variant_get_string(key, NULL));
			g_string_append(out, j->compact ? ":" : ": ");
			tp_json_value(j, val, depth + 1);
		} else {
			tp_json_value(j, child, depth + 1);
		}
	}
	if (n)
		tp_json_indent(j, depth);
	g_string_append_c(out, object ? '}' : ']');
}

static void tp_json_value(TpJson *j, GVariant *v, int depth)
{
	GString *out = j->out;
	char buf[G_ASCII_DTOSTR_BUF_SIZE];

	switch (g_variant_classify(v)) {
	case G_VARIANT_CLASS_BOOLEAN:
		g_string_append(out,
				g_variant_get_boolean(v) ? "true" : "false");
		return;
	case G_VARIANT_CLASS_BYTE:
		g_string_append_printf(out, "%u", g_variant_get_byte(v));
		return;
	case G_VARIANT_CLASS_INT16:
		g_string_append_printf(out, "%d", g_variant_get_int16(v));
		return;
	case G_VARIANT_CLASS_UINT16:
		g_string_append_printf(out, "%u", g_variant_get_uint16(v));
		return;
	case G_VARIANT_CLASS_INT32:
		g_string_append_printf(out, "%d", g_variant_get_int32(v));
		return;
	case G_VARIANT_CLASS_UINT32:
		g_string_append_printf(out, "%u", g_variant_get_uint32(v));
		return;
	case G_VARIANT_CLASS_INT64:
		g_string_append_printf(out, "%" G_GINT64_FORMAT,
				       g_variant_get_int64(v));
		return;
	case G_VARIANT_CLASS_UINT64:
		g_string_append_printf(out, "%" G_GUINT64_FORMAT,
				       g_variant_get_uint64(v));
		return;
	case G_VARIANT_CLASS_DOUBLE:
		/* JSON has no NaN or infinity: null, as JavaScript's
		 * JSON.stringify writes them. */
		if (!isfinite(g_variant_get_double(v)))
			g_string_append(out, "null");
		else
			g_string_append(
			    out, g_ascii_dtostr(buf, sizeof(buf),
						g_variant_get_double(v)));
		return;
	case G_VARIANT_CLASS_STRING:
	case G_VARIANT_CLASS_OBJECT_PATH:
	case G_VARIANT_CLASS_SIGNATURE:
		tp_json_string(out, g_variant_get_string(v, NULL));
		return;
	case G_VARIANT_CLASS_VARIANT: {
		g_autoptr(GVariant) inner = g_variant_get_variant(v);
		tp_json_value(j, inner, depth);
		return;
	}
	default:
		tp_json_container(j, v, depth);
	}
}

static char *tp_json_text(GVariant *value, bool compact)
{
	TpJson j = { g_string_new(NULL), compact };

	tp_json_value(&j, value, 0);
	return g_string_free(j.out, FALSE);
}

char *tp_json_from_variant(GVariant *value)
{
	return tp_json_text(value, false);
}

void tp_json_print(GVariant *value)
{
	g_autofree char *text = tp_json_from_variant(value);

	printf("%s\n", text);
}

void tp_json_print_line(GVariant *value)
{
	g_autofree char *text = tp_json_text(value, true);

	printf("%s\n", text);
	fflush(stdout);
}
