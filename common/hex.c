/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "hex.h"

#include <glib.h>

char *tp_hex(const uint8_t *data, size_t len)
{
	GString *s = g_string_sized_new(len * 3);

	for (size_t i = 0; i < len; i++)
		g_string_append_printf(s, "%s%02X", i ? " " : "", data[i]);
	return g_string_free(s, FALSE);
}
