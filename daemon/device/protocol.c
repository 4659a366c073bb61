/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "protocol.h"

#include <string.h>

static const TpProtocol *const tp_protocols[] = {
	&tp_protocol_theragun,
	&tp_protocol_frame,
	NULL,
};

const TpProtocol *tp_protocol_lookup(const char *name)
{
	for (const TpProtocol *const *p = tp_protocols; *p; p++)
		if (strcmp((*p)->name, name) == 0)
			return *p;
	return NULL;
}

char *tp_hex(const uint8_t *data, size_t len)
{
	GString *s = g_string_sized_new(len * 3);

	for (size_t i = 0; i < len; i++)
		g_string_append_printf(s, "%s%02X", i ? " " : "", data[i]);
	return g_string_free(s, FALSE);
}
