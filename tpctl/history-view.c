/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "history-view.h"

GVariant *tp_history_fetch(TpClient *c, GVariant *filter, GError **error)
{
	return tp_client_manager_list(c, "GetHistory",
				      g_variant_new_tuple(&filter, 1), error);
}

static char *tp_history_format(gint64 unix_time, const char *format)
{
	g_autoptr(GDateTime) t = g_date_time_new_from_unix_local(unix_time);

	return t ? g_date_time_format(t, format) : g_strdup("?");
}

char *tp_history_format_time(gint64 unix_time)
{
	return tp_history_format(unix_time, "%Y-%m-%d %H:%M");
}

char *tp_history_format_day(gint64 unix_time)
{
	return tp_history_format(unix_time, "%Y-%m-%d");
}
