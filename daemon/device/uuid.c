/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "uuid.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool tp_all_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!g_ascii_isxdigit(s[i]))
			return false;
	return s[n] == '\0';
}

static bool tp_uuid_is_full(const char *s)
{
	static const size_t dashes[] = { 8, 13, 18, 23 };

	if (strlen(s) != TP_UUID_LEN)
		return false;
	for (size_t i = 0, d = 0; i < TP_UUID_LEN; i++) {
		if (d < G_N_ELEMENTS(dashes) && i == dashes[d]) {
			if (s[i] != '-')
				return false;
			d++;
		} else if (!g_ascii_isxdigit(s[i])) {
			return false;
		}
	}
	return true;
}

bool tp_uuid_normalize(const char *text, char out[TP_UUID_LEN + 1])
{
	const char *s = text;

	if (g_ascii_strncasecmp(s, "0x", 2) == 0)
		s += 2;
	if (tp_uuid_is_full(s)) {
		for (size_t i = 0; i <= TP_UUID_LEN; i++)
			out[i] = g_ascii_tolower(s[i]);
		return true;
	}
	if (tp_all_hex(s, 4) || tp_all_hex(s, 8)) {
		unsigned long v = strtoul(s, NULL, 16);
		snprintf(out, TP_UUID_LEN + 1,
			 "%08lx-0000-1000-8000-00805f9b34fb", v);
		return true;
	}
	return false;
}
