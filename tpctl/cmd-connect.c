/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tpctl connect DEVICE, tpctl disconnect DEVICE */
#include <stdio.h>
#include <string.h>

#include "tpctl.h"
#include "tpd/tpd-dbus.h"

/* BlueZ gives up on an LE connection after about 30 s. */
#define TP_CONNECT_WAIT_MS 35000

/* Wait for Device.State to settle: ready, or back to disconnected. */
static const char *tp_wait_state(TpClient *c, const char *path)
{
	gint64 deadline = g_get_monotonic_time() + TP_CONNECT_WAIT_MS * 1000LL;
	static char state[32];

	while (g_get_monotonic_time() < deadline) {
		g_autoptr(GVariant) props =
		    tp_client_get_all(c, path, TPD_DEVICE_INTERFACE, NULL);
		const char *s = tp_dict_str(props, "State", "gone");
		if (strcmp(s, TPD_DEVICE_STATE_CONNECTING) != 0 &&
		    strcmp(s, TPD_DEVICE_STATE_STOPPING) != 0) {
			g_strlcpy(state, s, sizeof(state));
			return state;
		}
		/* Wake on whatever tpd sends next, or after a moment. */
		dbus_connection_read_write(c->conn, 200);
	}
	return "connecting (no answer in time)";
}

static int tp_device_command(int argc, char **argv, bool connect)
{
	const char *cmd = argv[0];
	g_autoptr(GError) error = NULL;
	g_autoptr(GVariant) reply = NULL;
	g_autofree char *path = NULL;
	TpClient client = { 0 };
	int rc = TP_EXIT_OK;

	if (!tpctl_parse(&argc, &argv, "DEVICE",
			 connect ? "Connect a device (address, name or path)."
				 : "Stop and disconnect a device.",
			 NULL))
		return TP_EXIT_USAGE;
	if (argc != 2)
		return tpctl_usage_error(cmd, "say which device (see tpctl "
					      "list devices)");
	if (!tpctl_connect(&client))
		return TP_EXIT_FAILURE;
	path = tp_client_resolve_device(&client, argv[1], &error);
	if (path)
		reply = tp_client_call(&client, path, TPD_DEVICE_INTERFACE,
				       connect ? "Connect" : "Disconnect", NULL,
				       "()", &error);
	if (!reply) {
		rc = tp_client_fail(error);
	} else if (connect) {
		const char *state = tp_wait_state(&client, path);
		printf("%s: %s\n", argv[1], state);
		if (strcmp(state, TPD_DEVICE_STATE_READY) != 0 &&
		    strcmp(state, TPD_DEVICE_STATE_RUNNING) != 0)
			rc = TP_EXIT_FAILURE;
	} else {
		printf("%s: disconnected\n", argv[1]);
	}
	tp_client_close(&client);
	return rc;
}

int tpctl_cmd_connect(int argc, char **argv)
{
	return tp_device_command(argc, argv, true);
}

int tpctl_cmd_disconnect(int argc, char **argv)
{
	return tp_device_command(argc, argv, false);
}
