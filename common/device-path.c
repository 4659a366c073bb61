/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "device-path.h"

#include <glib.h>

#include "tpd/tpd-dbus.h"

char *tp_device_object_path(const char *address)
{
	g_autofree char *id = g_strdup(address);

	g_strdelimit(id, ":", '_');
	return g_strdup_printf(TPD_DEVICE_PATH_PREFIX "/%s", id);
}
