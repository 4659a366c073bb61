/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tpctl stop [--device DEVICE | SESSION] */
#include <stdio.h>
#include <string.h>

#include "tpctl.h"
#include "tpd/tpd-dbus.h"

/* "3", "session/3" or the whole object path. */
static char *tp_session_path(const char *arg)
{
	if (arg[0] == '/')
		return g_strdup(arg);
	if (g_str_has_prefix(arg, "session/"))
		arg += strlen("session/");
	return g_strdup_printf(TPD_SESSION_PATH_PREFIX "/%s", arg);
}

static bool tp_stop(TpClient *c, const char *device, const char *session,
		    GError **error)
{
	g_autofree char *path = NULL;
	g_autoptr(GVariant) reply = NULL;

	if (device) {
		path = tp_client_resolve_device(c, device, error);
		if (!path)
			return false;
		reply = tp_client_call(c, path, TPD_DEVICE_INTERFACE, "Stop",
				       NULL, "()", error);
	} else if (session) {
		path = tp_session_path(session);
		reply = tp_client_call(c, path, TPD_SESSION_INTERFACE, "Stop",
				       NULL, "()", error);
	} else {
		reply =
		    tp_client_call(c, TPD_MANAGER_PATH, TPD_MANAGER_INTERFACE,
				   "StopAll", NULL, "()", error);
	}
	return reply != NULL;
}

int tpctl_cmd_stop(int argc, char **argv)
{
	g_autofree char *device = NULL;
	const GOptionEntry entries[] = {
		{ "device", 'd', 0, G_OPTION_ARG_STRING, &device,
		  "Stop this device only (address, name or path)", "DEVICE" },
		{ NULL },
	};
	g_autoptr(GError) error = NULL;
	TpClient client = { 0 };
	bool ok;

	if (!tpctl_parse(&argc, &argv, "[SESSION]",
			 "Stop every session and motor, or only one device's "
			 "or one session's.",
			 entries))
		return TP_EXIT_USAGE;
	if (argc > 2 || (argc == 2 && device))
		return tpctl_usage_error("stop", "give a device or a session, "
						 "not both");
	if (!tpctl_connect(&client))
		return TP_EXIT_FAILURE;
	ok = tp_stop(&client, device, argc == 2 ? argv[1] : NULL, &error);
	tp_client_close(&client);
	if (!ok)
		return tp_client_fail(error);
	printf("Stopped.\n");
	return TP_EXIT_OK;
}
