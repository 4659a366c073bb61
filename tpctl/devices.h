/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

/* Objects of one interface from GetManagedObjects, sorted by path, as an
 * "aa{sv}" where each dictionary also has "Path". */
GVariant *tp_objects_with_interface(GVariant *managed, const char *iface);
/* One line describing a device, for people. */
char *tp_describe_device(GVariant *device);
/* What the person must do about the device, or NULL: a device whose stop
 * was not acknowledged (State "stop-unconfirmed") may still be running. */
const char *tp_device_warning(GVariant *device);
/* The line, and the warning below it (styled on a terminal). */
void tp_print_device(GVariant *device, const char *indent);
