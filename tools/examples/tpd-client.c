/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * How a desktop client talks to tpd, in C with GDBus: list the devices,
 * run one session and follow it to the end.
 *
 *   cc tpd-client.c $(pkg-config --cflags --libs gio-2.0)
 *   ./a.out [MUSCLE]
 */
#include <stdio.h>
#include <gio/gio.h>

#define TPD	     "io.tpd.Tpd1"
#define MANAGER_PATH "/io/tpd/Tpd1"
#define SESSION	     "io.tpd.Tpd1.Session"

struct client {
	GMainLoop *loop;
	char *path;   /* the session's object path, once known */
	char *reason; /* from its Finished signal */
};

static void on_finished(GDBusConnection *bus, const char *sender,
			const char *path, const char *iface, const char *member,
			GVariant *args, gpointer data)
{
	struct client *c = data;

	(void)bus, (void)sender, (void)iface, (void)member;
	if (g_strcmp0(path, c->path) != 0)
		return;
	g_variant_get(args, "(s)", &c->reason);
	g_main_loop_quit(c->loop);
}

static void on_changed(GDBusConnection *bus, const char *sender,
		       const char *path, const char *iface, const char *member,
		       GVariant *args, gpointer data)
{
	static const char *const names[] = { "Step", "StepName", "Intensity" };
	struct client *c = data;
	g_autoptr(GVariant) changed = g_variant_get_child_value(args, 1);

	(void)bus, (void)sender, (void)iface, (void)member;
	if (g_strcmp0(path, c->path) != 0)
		return;
	for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
		g_autoptr(GVariant) v =
		    g_variant_lookup_value(changed, names[i], NULL);
		if (v && g_variant_is_of_type(v, G_VARIANT_TYPE_STRING))
			printf("%s: %s\n", names[i],
			       g_variant_get_string(v, NULL));
		else if (v)
			printf("%s: %u\n", names[i], g_variant_get_uint32(v));
	}
}

/* Should tpd itself go away, no Finished would ever come. */
static void on_vanished(GDBusConnection *bus, const char *name, gpointer data)
{
	struct client *c = data;

	(void)bus, (void)name;
	g_main_loop_quit(c->loop);
}

/* tpd's errors are named io.tpd.Tpd1.Error.* and say what to do. */
static int print_error(GError *error)
{
	g_autofree char *name = g_dbus_error_get_remote_error(error);

	g_dbus_error_strip_remote_error(error);
	fprintf(stderr, "%s: %s\n", name ? name : "error", error->message);
	return 1;
}

/* Every device and session is an object below the manager. */
static gboolean list_devices(GDBusConnection *bus, GError **error)
{
	g_autoptr(GVariant) reply = NULL;
	g_autoptr(GVariantIter) iter = NULL;
	GVariant *ifaces; /* owned by the loop, like path */
	const char *path;

	reply = g_dbus_connection_call_sync(
	    bus, TPD, MANAGER_PATH, "org.freedesktop.DBus.ObjectManager",
	    "GetManagedObjects", NULL, G_VARIANT_TYPE("(a{oa{sa{sv}}})"),
	    G_DBUS_CALL_FLAGS_NONE, -1, NULL, error);
	if (!reply)
		return FALSE;
	g_variant_get(reply, "(a{oa{sa{sv}}})", &iter);
	while (g_variant_iter_loop(iter, "{&o@a{sa{sv}}}", &path, &ifaces)) {
		g_autoptr(GVariant) device = g_variant_lookup_value(
		    ifaces, "io.tpd.Tpd1.Device", G_VARIANT_TYPE_VARDICT);
		const char *name = "";
		gboolean connected = FALSE;

		if (!device)
			continue;
		g_variant_lookup(device, "Name", "&s", &name);
		g_variant_lookup(device, "Connected", "b", &connected);
		printf("%s: %s, connected: %s\n", path, name,
		       connected ? "yes" : "no");
	}
	return TRUE;
}

int main(int argc, char **argv)
{
	const char *muscle = argc > 1 ? argv[1] : "trapezius";
	g_autoptr(GMainLoop) loop = g_main_loop_new(NULL, FALSE);
	struct client c = { .loop = loop };
	g_autoptr(GDBusConnection) bus = NULL;
	g_autoptr(GVariant) reply = NULL;
	g_autoptr(GError) error = NULL;
	GVariantBuilder options;
	int status;

	bus = g_bus_get_sync(G_BUS_TYPE_SYSTEM, NULL, &error);
	if (!bus || !list_devices(bus, &error))
		return print_error(error);

	/* Subscribe before StartSession: a short session may end before the
	 * reply is read. The session's path is not known yet, so match it in
	 * the callbacks (they run in the main loop, once the path is set). */
	g_dbus_connection_signal_subscribe(bus, TPD, SESSION, "Finished", NULL,
					   NULL, G_DBUS_SIGNAL_FLAGS_NONE,
					   on_finished, &c, NULL);
	g_dbus_connection_signal_subscribe(
	    bus, TPD, "org.freedesktop.DBus.Properties", "PropertiesChanged",
	    NULL, SESSION, G_DBUS_SIGNAL_FLAGS_NONE, on_changed, &c, NULL);
	g_bus_watch_name_on_connection(bus, TPD, G_BUS_NAME_WATCHER_FLAGS_NONE,
				       NULL, on_vanished, &c, NULL);

	/* "/" is the only connected device. The session runs as long as this
	 * client stays on the bus: if it exits or crashes, tpd stops the
	 * motor. */
	g_variant_builder_init(&options, G_VARIANT_TYPE_VARDICT);
	g_variant_builder_add(&options, "{sv}", "Scale",
			      g_variant_new_double(0.8));
	reply = g_dbus_connection_call_sync(
	    bus, TPD, MANAGER_PATH, "io.tpd.Tpd1.Manager", "StartSession",
	    g_variant_new("(ossa{sv})", "/", muscle, "release", &options),
	    G_VARIANT_TYPE("(o)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
	if (!reply)
		return print_error(error);
	g_variant_get(reply, "(o)", &c.path);
	printf("session %s\n", c.path);
	g_main_loop_run(c.loop);

	printf("finished: %s\n", c.reason ? c.reason : "tpd left the bus");
	status = g_strcmp0(c.reason, "completed") == 0 ? 0 : 1;
	g_free(c.path);
	g_free(c.reason);
	return status;
}
