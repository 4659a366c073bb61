/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tpctl scan [--timeout SECONDS]: discover supported devices. */
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>

#include "common/dbus-gvariant.h"
#include "common/dbus-mainloop.h"
#include "devices.h"
#include "tpctl.h"
#include "tpd/tpd-dbus.h"

#define TP_SCAN_DEFAULT_SECONDS 10

typedef struct {
	GMainLoop *loop;
	GHashTable *seen; /* device paths printed */
} TpScan;

static void tp_scan_print(TpScan *scan, const char *path, GVariant *props)
{
	if (!g_hash_table_add(scan->seen, g_strdup(path)))
		return;
	tp_print_device(props, "");
	fflush(stdout);
}

static DBusHandlerResult tp_scan_filter(DBusConnection *conn, DBusMessage *msg,
					void *data)
{
	TpScan *scan = data;
	g_autoptr(GVariant) args = NULL;
	g_autoptr(GVariant) ifaces = NULL;
	g_autoptr(GVariant) props = NULL;
	const char *path;
	(void)conn;

	if (!dbus_message_is_signal(msg, "org.freedesktop.DBus.ObjectManager",
				    "InterfacesAdded"))
		return DBUS_HANDLER_RESULT_NOT_YET_HANDLED;
	args = tp_dbus_message_get_gvariant(msg);
	if (!args ||
	    !g_variant_is_of_type(args, G_VARIANT_TYPE("(oa{sa{sv}})")))
		return DBUS_HANDLER_RESULT_NOT_YET_HANDLED;
	g_variant_get(args, "(&o@a{sa{sv}})", &path, &ifaces);
	props = g_variant_lookup_value(ifaces, TPD_DEVICE_INTERFACE,
				       G_VARIANT_TYPE_VARDICT);
	if (props)
		tp_scan_print(scan, path, props);
	return DBUS_HANDLER_RESULT_NOT_YET_HANDLED;
}

static gboolean tp_scan_end(gpointer data)
{
	TpScan *scan = data;

	g_main_loop_quit(scan->loop);
	return G_SOURCE_CONTINUE;
}

/* Devices tpd knows already, then new ones as they appear. */
static int tp_scan_run(TpClient *c, unsigned seconds)
{
	TpScan scan = { g_main_loop_new(NULL, FALSE),
			g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
					      NULL) };
	g_autoptr(GError) error = NULL;
	g_autoptr(GVariant) reply = NULL;
	g_autoptr(GVariant) managed = NULL;
	guint timer, sigint;

	dbus_bus_add_match(c->conn,
			   "type='signal',sender='" TPD_BUS_NAME "',"
			   "interface='org.freedesktop.DBus.ObjectManager',"
			   "member='InterfacesAdded'",
			   NULL);
	dbus_connection_add_filter(c->conn, tp_scan_filter, &scan, NULL);
	reply = tp_client_call(c, TPD_MANAGER_PATH, TPD_MANAGER_INTERFACE,
			       "StartDiscovery", NULL, "()", &error);
	if (reply)
		managed = tp_client_managed_objects(c, &error);
	if (!managed) {
		dbus_connection_remove_filter(c->conn, tp_scan_filter, &scan);
		g_main_loop_unref(scan.loop);
		g_hash_table_unref(scan.seen);
		return tp_client_fail(error);
	}
	g_autoptr(GVariant) devices =
	    tp_objects_with_interface(managed, TPD_DEVICE_INTERFACE);
	for (gsize i = 0; i < g_variant_n_children(devices); i++) {
		g_autoptr(GVariant) d = g_variant_get_child_value(devices, i);
		tp_scan_print(&scan, tp_dict_str(d, "Path", ""), d);
	}
	fprintf(stderr, "Scanning for %u s (Ctrl-C ends it)…\n", seconds);
	tp_dbus_mainloop_attach(c->conn);
	timer = g_timeout_add_seconds(seconds, tp_scan_end, &scan);
	sigint = g_unix_signal_add(SIGINT, tp_scan_end, &scan);
	g_main_loop_run(scan.loop);
	g_source_remove(timer);
	g_source_remove(sigint);

	g_clear_pointer(&reply, g_variant_unref);
	reply = tp_client_call(c, TPD_MANAGER_PATH, TPD_MANAGER_INTERFACE,
			       "StopDiscovery", NULL, "()", NULL);
	dbus_connection_remove_filter(c->conn, tp_scan_filter, &scan);
	printf("%u device%s.\n", g_hash_table_size(scan.seen),
	       g_hash_table_size(scan.seen) == 1 ? "" : "s");
	g_main_loop_unref(scan.loop);
	g_hash_table_unref(scan.seen);
	return TP_EXIT_OK;
}

int tpctl_cmd_scan(int argc, char **argv)
{
	int seconds = TP_SCAN_DEFAULT_SECONDS;
	const GOptionEntry entries[] = {
		{ "timeout", 't', 0, G_OPTION_ARG_INT, &seconds,
		  "Scan this long (default 10)", "SECONDS" },
		{ NULL },
	};
	TpClient client = { 0 };
	int rc;

	if (!tpctl_parse(&argc, &argv, "",
			 "Look for supported Bluetooth devices and list them "
			 "as they appear.",
			 entries))
		return TP_EXIT_USAGE;
	if (argc != 1)
		return tpctl_usage_error("scan", "unexpected argument '%s'",
					 argv[1]);
	if (seconds < 1 || seconds > 600)
		return tpctl_usage_error("scan",
					 "--timeout %d is out of "
					 "range; expected 1 to 600",
					 seconds);
	if (!tpctl_connect(&client))
		return TP_EXIT_FAILURE;
	rc = tp_scan_run(&client, (unsigned)seconds);
	tp_client_close(&client);
	return rc;
}
