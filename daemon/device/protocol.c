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
