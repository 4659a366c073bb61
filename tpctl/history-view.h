/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

#include "client.h"

/* Manager.GetHistory with @filter (a{sv}, floating consumed): aa{sv}. */
GVariant *tp_history_fetch(TpClient *c, GVariant *filter, GError **error);
/* Local time: "2026-11-24 14:03", and the day alone: "2026-11-24". */
char *tp_history_format_time(gint64 unix_time);
char *tp_history_format_day(gint64 unix_time);
