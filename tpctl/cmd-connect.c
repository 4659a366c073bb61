/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tpctl connect DEVICE, tpctl disconnect DEVICE */
#include <stdio.h>
#include <string.h>

#include "common/dbus-gvariant.h"
#include "common/dbus-mainloop.h"
#include "tpctl.h"
#include "tpd/tpd-dbus.h"

/* BlueZ gives up on an LE connection after about 30 s. */
#define TP_CONNECT_WAIT_MS 35000

/* Waiting for Device.State to settle, woken by PropertiesChanged of the
 * device (or tpd leaving the bus), never by polling. */
typedef struct {
	TpClient *client;
	const char *path;
	GMainLoop *loop;
	char *state;
	bool gone;
	guint timeout_id;
} TpConnectWait;

/* On the way: "connecting", and "stopping", since a fresh connection
 * writes a stop first. Anything else is where it ended up. */
static bool tp_state_settled(const char *state)
{
	return strcmp(state, TPD_DEVICE_STATE_CONNECTING) != 0 &&
	       strcmp(state, TPD_DEVICE_STATE_STOPPING) != 0;
}

static void tp_connect_wait_saw(TpConnectWait *w, const char *state)
{
	g_free(w->state);
	w->state = g_strdup(state);
	if (tp_state_settled(state))
		g_main_loop_quit(w->loop);
}

static void tp_connect_wait_changed(TpConnectWait *w, DBusMessage *msg)
{
	g_autoptr(GVariant) args = tp_dbus_message_get_gvariant(msg);
	g_autoptr(GVariant) changed = NULL;
	const char *iface, *state;

	if (!args || !g_variant_is_of_type(args, G_VARIANT_TYPE("(sa{sv}as)")))
		return;
	g_variant_get(args, "(&s@a{sv}@as)", &iface, &changed, NULL);
	if (g_str_equal(iface, TPD_DEVICE_INTERFACE) &&
	    g_variant_lookup(changed, "State", "&s", &state))
		tp_connect_wait_saw(w, state);
}

static DBusHandlerResult tp_connect_wait_filter(DBusConnection *conn,
						DBusMessage *msg, void *data)
{
	TpConnectWait *w = data;
	const char *name, *old_owner, *new_owner;
	(void)conn;

	if (dbus_message_is_signal(msg, DBUS_INTERFACE_PROPERTIES,
				   "PropertiesChanged") &&
	    g_strcmp0(dbus_message_get_path(msg), w->path) == 0) {
		tp_connect_wait_changed(w, msg);
	} else if (dbus_message_is_signal(msg, DBUS_INTERFACE_DBUS,
					  "NameOwnerChanged") &&
		   dbus_message_get_args(msg, NULL, DBUS_TYPE_STRING, &name,
					 DBUS_TYPE_STRING, &old_owner,
					 DBUS_TYPE_STRING, &new_owner,
					 DBUS_TYPE_INVALID) &&
		   *new_owner == '\0') {
		w->gone = true;
		g_main_loop_quit(w->loop);
	}
	return DBUS_HANDLER_RESULT_NOT_YET_HANDLED;
}

static gboolean tp_connect_wait_timeout(gpointer data)
{
	TpConnectWait *w = data;

	w->timeout_id = 0;
	g_main_loop_quit(w->loop);
	return G_SOURCE_REMOVE;
}

static bool tp_connect_wait_watch(TpClient *c, const char *path)
{
	g_autofree char *changes =
	    g_strdup_printf("type='signal',sender='" TPD_BUS_NAME
			    "',interface='" DBUS_INTERFACE_PROPERTIES
			    "',member='PropertiesChanged',path='%s'",
			    path);
	const char *const rules[] = {
		changes,
		"type='signal',sender='" DBUS_SERVICE_DBUS
		"',member='NameOwnerChanged',arg0='" TPD_BUS_NAME "'",
	};
	DBusError err = DBUS_ERROR_INIT;

	for (size_t i = 0; i < G_N_ELEMENTS(rules); i++) {
		dbus_bus_add_match(c->conn, rules[i], &err);
		if (dbus_error_is_set(&err)) {
			dbus_error_free(&err);
			return false;
		}
	}
	return true;
}

/* Device.State once it settles: ready, or back to disconnected, say. */
char *tpctl_wait_device_state(TpClient *c, const char *path)
{
	TpConnectWait w = { c, path, g_main_loop_new(NULL, FALSE), NULL };
	g_autoptr(GVariant) props = NULL;
	char *state;

	if (!tp_connect_wait_watch(c, path)) {
		g_main_loop_unref(w.loop);
		return g_strdup("unknown (cannot watch the device)");
	}
	dbus_connection_add_filter(c->conn, tp_connect_wait_filter, &w, NULL);
	tp_dbus_mainloop_attach(c->conn);
	/* Read once the watch is in place, so that no change is missed. */
	props = tp_client_get_all(c, path, TPD_DEVICE_INTERFACE, NULL);
	/* No answer: the device went, or tpd did (killed between Connect
	 * and this read, before its NameOwnerChanged could be seen). */
	if (!props && !dbus_bus_name_has_owner(c->conn, TPD_BUS_NAME, NULL))
		w.gone = true;
	else
		tp_connect_wait_saw(&w, tp_dict_str(props, "State", "gone"));
	w.timeout_id =
	    g_timeout_add(TP_CONNECT_WAIT_MS, tp_connect_wait_timeout, &w);
	if (!w.gone && !tp_state_settled(w.state))
		g_main_loop_run(w.loop);
	g_clear_handle_id(&w.timeout_id, g_source_remove);
	dbus_connection_remove_filter(c->conn, tp_connect_wait_filter, &w);
	g_main_loop_unref(w.loop);
	if (w.gone)
		state = g_strdup("unknown (tpd left the bus)");
	else if (!tp_state_settled(w.state))
		state = g_strdup_printf("%s (no answer in time)", w.state);
	else
		state = g_strdup(w.state);
	g_free(w.state);
	return state;
}

/* The device commands: each one method of io.tpd.Tpd1.Device. */
typedef struct {
	const char *method;
	const char *summary;
	const char *done; /* printed after the address; NULL: the state */
} TpDeviceVerb;

static const TpDeviceVerb tp_verb_connect = {
	"Connect", "Connect a device (address, name or path).", NULL
};
static const TpDeviceVerb tp_verb_disconnect = {
	"Disconnect", "Stop and disconnect a device.", "disconnected"
};
static const TpDeviceVerb tp_verb_forget = {
	"Forget",
	"Stop and disconnect a device, and forget it: tpd no longer "
	"reconnects it and BlueZ drops its pairing.",
	"forgotten"
};

static int tp_device_command(int argc, char **argv, const TpDeviceVerb *verb)
{
	const char *cmd = argv[0];
	bool connect = verb->done == NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(GVariant) reply = NULL;
	g_autofree char *path = NULL;
	TpClient client = { 0 };
	int rc = TP_EXIT_OK;

	if (!tpctl_parse(&argc, &argv, "DEVICE", verb->summary, NULL))
		return TP_EXIT_USAGE;
	if (argc != 2)
		return tpctl_usage_error(cmd, "say which device (see tpctl "
					      "list devices)");
	if (!tpctl_connect(&client))
		return TP_EXIT_FAILURE;
	path = tp_client_resolve_device(&client, argv[1], &error);
	if (path)
		reply = tp_client_call(&client, path, TPD_DEVICE_INTERFACE,
				       verb->method, NULL, "()", &error);
	if (!reply) {
		rc = tp_client_fail(error);
	} else if (connect) {
		g_autofree char *state = tpctl_wait_device_state(&client, path);
		printf("%s: %s\n", argv[1], state);
		if (strcmp(state, TPD_DEVICE_STATE_READY) != 0 &&
		    strcmp(state, TPD_DEVICE_STATE_RUNNING) != 0)
			rc = TP_EXIT_FAILURE;
	} else {
		printf("%s: %s\n", argv[1], verb->done);
	}
	tp_client_close(&client);
	return rc;
}

int tpctl_cmd_connect(int argc, char **argv)
{
	return tp_device_command(argc, argv, &tp_verb_connect);
}

int tpctl_cmd_disconnect(int argc, char **argv)
{
	return tp_device_command(argc, argv, &tp_verb_disconnect);
}

int tpctl_cmd_forget(int argc, char **argv)
{
	return tp_device_command(argc, argv, &tp_verb_forget);
}
