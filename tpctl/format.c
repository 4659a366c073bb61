/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "format.h"

char *tp_format_duration(guint32 seconds)
{
	return g_strdup_printf("%u:%02u", seconds / 60, seconds % 60);
}

char *tp_format_list(GVariant *dict, const char *key)
{
	g_autofree const char **items = NULL;

	if (!g_variant_lookup(dict, key, "^a&s", &items))
		return g_strdup("");
	return g_strjoinv(", ", (char **)items);
}

char *tp_format_pad(const char *text, guint width)
{
	glong shown = g_utf8_strlen(text, -1);
	GString *s = g_string_new(text);

	for (glong i = shown; i < (glong)width; i++)
		g_string_append_c(s, ' ');
	return g_string_free(s, FALSE);
}
