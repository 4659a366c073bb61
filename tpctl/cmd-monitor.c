/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tpctl monitor [--json]: one line per event of tpd until Ctrl-C. First
 * what is there ("present" events), then devices and sessions as they
 * come, change and go, and tpd itself joining and leaving the bus.
 *
 * Every object seen is remembered with its properties: a change is
 * printed only when a value really differs, so that what the first
 * reading and the signals queued meanwhile both report shows once.
 */
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "common/dbus-gvariant.h"
#include "common/dbus-mainloop.h"
#include "devices.h"
#include "json.h"
#include "tpctl.h"
#include "tpd/tpd-dbus.h"

#define TP_OBJECT_MANAGER_INTERFACE "org.freedesktop.DBus.ObjectManager"

typedef struct {
	TpClient client;
	GMainLoop *loop;
	char *owner;	     /* tpd's unique name while it is on the bus */
	GHashTable *objects; /* path → TpWatched of devices and sessions */
	int status;
} TpMonitor;

typedef struct {
	bool session;
	GVariant *props; /* a{sv}, kept up to date */
} TpWatched;

/* The fields of one event, in the order they are printed, and when it
 * happened. */
typedef struct {
	GVariantBuilder fields;
	GDateTime *when;
} TpEvent;

/* Subscribed before anything is read, so that nothing falls between. */
static const char *const tp_monitor_matches[] = {
	"type='signal',sender='" TPD_BUS_NAME "',"
	"interface='" TP_OBJECT_MANAGER_INTERFACE "',"
	"path='" TPD_MANAGER_PATH "'",
	"type='signal',sender='" TPD_BUS_NAME "',"
	"interface='" DBUS_INTERFACE_PROPERTIES "',member='PropertiesChanged',"
	"path_namespace='" TPD_MANAGER_PATH "'",
	"type='signal',sender='" TPD_BUS_NAME "',"
	"interface='" TPD_SESSION_INTERFACE "',member='Finished'",
	"type='signal',sender='" DBUS_SERVICE_DBUS "',"
	"member='NameOwnerChanged',arg0='" TPD_BUS_NAME "'",
	NULL,
};

/* ---- events ------------------------------------------------------------ */

/* ISO 8601 in local time with milliseconds and the offset. */
static char *tp_event_iso_time(GDateTime *t)
{
	g_autofree char *date = g_date_time_format(t, "%Y-%m-%dT%H:%M:%S");
	g_autofree char *zone = g_date_time_format(t, "%:z");

	return g_strdup_printf("%s.%03d%s", date,
			       g_date_time_get_microsecond(t) / 1000, zone);
}

static void tp_event_init(TpEvent *e, const char *name)
{
	g_autofree char *iso = NULL;

	e->when = g_date_time_new_now_local();
	iso = tp_event_iso_time(e->when);
	g_variant_builder_init(&e->fields, G_VARIANT_TYPE_VARDICT);
	g_variant_builder_add(&e->fields, "{sv}", "time",
			      g_variant_new_string(iso));
	g_variant_builder_add(&e->fields, "{sv}", "event",
			      g_variant_new_string(name));
}

static void tp_event_add(TpEvent *e, const char *key, GVariant *value)
{
	if (value)
		g_variant_builder_add(&e->fields, "{sv}", key, value);
}

static void tp_event_str(TpEvent *e, const char *key, const char *value)
{
	if (value)
		tp_event_add(e, key, g_variant_new_string(value));
}

/* Print the event (the text form for people is @fmt) and free it. */
static void tp_event_emit(TpEvent *e, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void tp_event_emit(TpEvent *e, const char *fmt, ...)
{
	g_autoptr(GVariant) fields =
	    g_variant_ref_sink(g_variant_builder_end(&e->fields));
	g_autofree char *clock = NULL;
	g_autofree char *text = NULL;
	va_list ap;

	if (tpctl_json) {
		tp_json_print_line(fields);
	} else {
		va_start(ap, fmt);
		text = g_strdup_vprintf(fmt, ap);
		va_end(ap);
		clock = g_date_time_format(e->when, "%H:%M:%S");
		printf("%s.%03d %s\n", clock,
		       g_date_time_get_microsecond(e->when) / 1000, text);
		/* A pipe sees each line at once, not a buffer later. */
		fflush(stdout);
	}
	g_date_time_unref(e->when);
}

/* ---- what is known of the objects -------------------------------------- */

static void tp_watched_free(gpointer data)
{
	TpWatched *w = data;

	g_variant_unref(w->props);
	g_free(w);
}

static TpWatched *tp_monitor_lookup(TpMonitor *m, const char *path,
				    bool session)
{
	TpWatched *w = g_hash_table_lookup(m->objects, path);

	return w && w->session == session ? w : NULL;
}

static void tp_watched_merge(TpWatched *w, GVariant *changed)
{
	GVariantDict d;
	GVariantIter it;
	const char *key;
	GVariant *value;

	g_variant_dict_init(&d, w->props);
	g_variant_iter_init(&it, changed);
	while (g_variant_iter_loop(&it, "{&sv}", &key, &value))
		g_variant_dict_insert_value(&d, key, value);
	g_variant_unref(w->props);
	w->props = g_variant_ref_sink(g_variant_dict_end(&d));
}

/* The device's address, for a device or a session path. */
static const char *tp_monitor_address(TpMonitor *m, const char *path)
{
	TpWatched *w = g_hash_table_lookup(m->objects, path);

	if (w && w->session)
		w = tp_monitor_lookup(m, tp_dict_str(w->props, "Device", ""),
				      false);
	return w ? tp_dict_str(w->props, "Address", NULL) : NULL;
}

/* "3" for /io/tpd/Tpd1/session/3, as tpctl stop takes it. */
static const char *tp_session_number(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* ---- devices ----------------------------------------------------------- */

static void tp_device_fields(TpEvent *e, const char *path, GVariant *props)
{
	tp_event_str(e, "device", path);
	tp_event_str(e, "address", tp_dict_str(props, "Address", NULL));
	tp_event_str(e, "name", tp_dict_str(props, "Name", NULL));
	tp_event_str(e, "model", tp_dict_str(props, "Model", NULL));
	tp_event_str(e, "kind", tp_dict_str(props, "Kind", NULL));
	tp_event_str(e, "state", tp_dict_str(props, "State", NULL));
	tp_event_add(
	    e, "connected",
	    g_variant_new_boolean(tp_dict_bool(props, "Connected", false)));
	if (tp_dict_has(props, "Battery"))
		tp_event_add(
		    e, "battery",
		    g_variant_new_uint32(tp_dict_u32(props, "Battery", 0)));
}

static void tp_device_appeared(TpMonitor *m, const char *path, GVariant *props,
			       bool present)
{
	g_autofree char *battery = NULL;
	TpWatched *w = g_new0(TpWatched, 1);
	TpEvent e;

	w->props = g_variant_ref(props);
	g_hash_table_replace(m->objects, g_strdup(path), w);
	if (tp_dict_has(props, "Battery"))
		battery = g_strdup_printf(", battery %u%%",
					  tp_dict_u32(props, "Battery", 0));
	tp_event_init(&e, present ? "device-present" : "device-added");
	tp_device_fields(&e, path, props);
	tp_event_emit(
	    &e, "device %s %s: %s \"%s\", %s%s",
	    tp_dict_str(props, "Address", path), present ? "present" : "added",
	    tp_dict_str(props, "Model", "?"), tp_dict_str(props, "Name", "?"),
	    tp_dict_str(props, "State", "?"), battery ? battery : "");
}

static void tp_device_removed(TpMonitor *m, const char *path)
{
	const char *address = tp_monitor_address(m, path);
	TpEvent e;

	tp_event_init(&e, "device-removed");
	tp_event_str(&e, "device", path);
	tp_event_str(&e, "address", address);
	tp_event_emit(&e, "device %s removed", address ? address : path);
	g_hash_table_remove(m->objects, path);
}

/* A device event with only its identity and one value. */
static void tp_device_event(TpMonitor *m, const char *path, const char *event,
			    const char *key, GVariant *value, const char *text)
{
	const char *address = tp_monitor_address(m, path);
	TpEvent e;

	tp_event_init(&e, event);
	tp_event_str(&e, "device", path);
	tp_event_str(&e, "address", address);
	tp_event_add(&e, key, value);
	tp_event_emit(&e, "device %s %s", address ? address : path, text);
}

static bool tp_changed_str(GVariant *old, GVariant *changed, const char *key,
			   const char **value)
{
	return g_variant_lookup(changed, key, "&s", value) &&
	       g_strcmp0(tp_dict_str(old, key, NULL), *value) != 0;
}

static void tp_device_changed(TpMonitor *m, const char *path, TpWatched *w,
			      GVariant *changed)
{
	g_autoptr(GVariant) old = g_variant_ref(w->props);
	g_autofree char *text = NULL;
	const char *state;
	gboolean connected;
	guint8 battery;

	tp_watched_merge(w, changed);
	/* The link before the state it allows: one signal may carry both
	 * (tpd gathers a device's changes of one main loop turn), and a
	 * reader waiting for "ready" has seen "connected" by then. */
	if (g_variant_lookup(changed, "Connected", "b", &connected) &&
	    connected != tp_dict_bool(old, "Connected", !connected))
		tp_device_event(
		    m, path,
		    connected ? "device-connected" : "device-disconnected",
		    NULL, NULL, connected ? "connected" : "disconnected");
	if (tp_changed_str(old, changed, "State", &state)) {
		text = g_strdup_printf("state %s", state);
		tp_device_event(m, path, "device-state", "state",
				g_variant_new_string(state), text);
	}
	if (g_variant_lookup(changed, "Battery", "y", &battery) &&
	    (!tp_dict_has(old, "Battery") ||
	     tp_dict_u32(old, "Battery", 0) != battery)) {
		g_free(text);
		text = g_strdup_printf("battery %u%%", battery);
		tp_device_event(m, path, "device-battery", "battery",
				g_variant_new_uint32(battery), text);
	}
}

/* ---- sessions ---------------------------------------------------------- */

/* Which session, on which device: the first fields of its events. */
static void tp_session_ids(TpMonitor *m, TpEvent *e, const char *path)
{
	TpWatched *w = tp_monitor_lookup(m, path, true);

	tp_event_str(e, "session", path);
	tp_event_str(e, "device",
		     w ? tp_dict_str(w->props, "Device", NULL) : NULL);
	tp_event_str(e, "address", tp_monitor_address(m, path));
}

/* Who and what a session is about. */
static void tp_session_fields(TpMonitor *m, TpEvent *e, const char *path,
			      GVariant *props)
{
	tp_session_ids(m, e, path);
	tp_event_str(e, "muscle", tp_dict_str(props, "Muscle", NULL));
	tp_event_str(e, "program", tp_dict_str(props, "Program", NULL));
	tp_event_str(e, "side", tp_dict_str(props, "Side", NULL));
	tp_event_str(e, "state", tp_dict_str(props, "State", NULL));
}

/* Steps count from 1 here, as tpctl start shows them (D-Bus Step + 1). */
static void tp_step_fields(TpEvent *e, GVariant *props)
{
	tp_event_add(e, "step",
		     g_variant_new_uint32(tp_dict_u32(props, "Step", 0) + 1));
	tp_event_add(e, "step-count",
		     g_variant_new_uint32(tp_dict_u32(props, "StepCount", 0)));
	tp_event_str(e, "step-name", tp_dict_str(props, "StepName", ""));
}

static void tp_session_step(TpMonitor *m, const char *path, GVariant *props)
{
	TpEvent e;

	tp_event_init(&e, "session-step");
	tp_session_ids(m, &e, path);
	tp_step_fields(&e, props);
	tp_event_emit(&e, "session %s step %u/%u: %s", tp_session_number(path),
		      tp_dict_u32(props, "Step", 0) + 1,
		      tp_dict_u32(props, "StepCount", 0),
		      tp_dict_str(props, "StepName", ""));
}

static void tp_session_appeared(TpMonitor *m, const char *path, GVariant *props,
				bool present)
{
	const char *address;
	TpWatched *w = g_new0(TpWatched, 1);
	TpEvent e;

	w->session = true;
	w->props = g_variant_ref(props);
	g_hash_table_replace(m->objects, g_strdup(path), w);
	address = tp_monitor_address(m, path);
	tp_event_init(&e, present ? "session-present" : "session-started");
	tp_session_fields(m, &e, path, props);
	if (present)
		tp_step_fields(&e, props);
	tp_event_add(&e, "duration",
		     g_variant_new_uint32(tp_dict_u32(props, "Duration", 0)));
	tp_event_emit(&e, "session %s %s: %s, program %s, side %s, on %s",
		      tp_session_number(path), present ? "present" : "started",
		      tp_dict_str(props, "Muscle", "?"),
		      tp_dict_str(props, "Program", "?"),
		      tp_dict_str(props, "Side", "?"),
		      address ? address : tp_dict_str(props, "Device", "?"));
	/* Its first step is a step like the others, for whoever follows
	 * them; a session found running says where it is in its fields. */
	if (!present && tp_dict_u32(props, "StepCount", 0) > 0)
		tp_session_step(m, path, props);
}

static void tp_session_changed(TpMonitor *m, const char *path, TpWatched *w,
			       GVariant *changed)
{
	g_autoptr(GVariant) old = g_variant_ref(w->props);
	const char *state, *name;
	guint32 step;
	TpEvent e;

	tp_watched_merge(w, changed);
	/* The end is told by Finished, with its reason. */
	if (tp_changed_str(old, changed, "State", &state) &&
	    !g_str_equal(state, TPD_SESSION_STATE_FINISHED)) {
		tp_event_init(&e, "session-state");
		tp_session_ids(m, &e, path);
		tp_event_str(&e, "state", state);
		tp_event_emit(&e, "session %s %s", tp_session_number(path),
			      state);
	}
	if (g_str_equal(tp_dict_str(w->props, "State", ""),
			TPD_SESSION_STATE_FINISHED))
		return;
	if ((g_variant_lookup(changed, "Step", "u", &step) &&
	     step != tp_dict_u32(old, "Step", G_MAXUINT32)) ||
	    tp_changed_str(old, changed, "StepName", &name))
		tp_session_step(m, path, w->props);
}

static void tp_session_finished(TpMonitor *m, const char *path,
				const char *reason)
{
	TpEvent e;

	tp_event_init(&e, "session-finished");
	tp_session_ids(m, &e, path);
	tp_event_str(&e, "reason", reason);
	tp_event_emit(&e, "session %s finished: %s", tp_session_number(path),
		      reason);
}

/* ---- ObjectManager ----------------------------------------------------- */

/* A device or a session seen for the first time: in InterfacesAdded, or
 * in the first reading (@present). */
static void tp_monitor_object(TpMonitor *m, const char *path, GVariant *device,
			      GVariant *session, bool present)
{
	/* Known already: the first reading and a queued signal agree. */
	if (g_hash_table_contains(m->objects, path))
		return;
	if (device)
		tp_device_appeared(m, path, device, present);
	else if (session)
		tp_session_appeared(m, path, session, present);
}

/* Devices first, so that a session can name its device's address. */
static void tp_monitor_objects(TpMonitor *m, GVariant *managed, bool present)
{
	g_autoptr(GVariant) devices =
	    tp_objects_with_interface(managed, TPD_DEVICE_INTERFACE);
	g_autoptr(GVariant) sessions =
	    tp_objects_with_interface(managed, TPD_SESSION_INTERFACE);
	GVariantIter it;
	GVariant *props;

	g_variant_iter_init(&it, devices);
	while ((props = g_variant_iter_next_value(&it))) {
		tp_monitor_object(m, tp_dict_str(props, "Path", ""), props,
				  NULL, present);
		g_variant_unref(props);
	}
	g_variant_iter_init(&it, sessions);
	while ((props = g_variant_iter_next_value(&it))) {
		tp_monitor_object(m, tp_dict_str(props, "Path", ""), NULL,
				  props, present);
		g_variant_unref(props);
	}
}

static void tp_monitor_removed(TpMonitor *m, const char *path, GVariant *ifaces)
{
	g_autofree const char **names = g_variant_get_strv(ifaces, NULL);

	if (g_strv_contains(names, TPD_DEVICE_INTERFACE) &&
	    tp_monitor_lookup(m, path, false))
		tp_device_removed(m, path);
	/* A session's end was told by Finished. */
	else if (g_strv_contains(names, TPD_SESSION_INTERFACE))
		g_hash_table_remove(m->objects, path);
}

/* ---- tpd on the bus ---------------------------------------------------- */

/* A call to the tpd whose signals are followed, by its unique name: a
 * tpd that has just left is not started again by bus activation. */
static GVariant *tp_monitor_call(TpMonitor *m, const char *path,
				 const char *iface, const char *method,
				 GVariant *args, const char *reply_type)
{
	DBusMessage *call =
	    dbus_message_new_method_call(m->owner, path, iface, method);
	g_autoptr(GVariant) result = NULL;
	DBusMessage *reply;

	if (args)
		tp_dbus_message_append_gvariant(call, args);
	reply = dbus_connection_send_with_reply_and_block(m->client.conn, call,
							  -1, NULL);
	dbus_message_unref(call);
	tp_dbus_mainloop_kick(m->client.conn);
	if (!reply)
		return NULL;
	result = tp_dbus_message_get_gvariant(reply);
	dbus_message_unref(reply);
	/* The one value of the reply, of the type asked for. */
	if (!result ||
	    !g_variant_is_of_type(result, G_VARIANT_TYPE(reply_type)))
		return NULL;
	return g_variant_get_child_value(result, 0);
}

/* tpd is there: say so with its version, then what it has. */
static void tp_monitor_tpd_here(TpMonitor *m, const char *owner, bool present)
{
	g_autoptr(GVariant) manager = NULL;
	g_autoptr(GVariant) managed = NULL;
	const char *version;
	TpEvent e;

	g_free(m->owner);
	m->owner = g_strdup(owner);
	/* tpd may be gone again already: its NameOwnerChanged is queued and
	 * tells so next. */
	manager = tp_monitor_call(
	    m, TPD_MANAGER_PATH, DBUS_INTERFACE_PROPERTIES, "GetAll",
	    g_variant_new("(s)", TPD_MANAGER_INTERFACE), "(a{sv})");
	version = tp_dict_str(manager, "Version", NULL);
	tp_event_init(&e, present ? "tpd-present" : "tpd-appeared");
	tp_event_str(&e, "version", version);
	tp_event_emit(&e, "tpd %s, version %s",
		      present ? "running" : "appeared",
		      version ? version : "unknown");
	managed =
	    tp_monitor_call(m, TPD_MANAGER_PATH, TP_OBJECT_MANAGER_INTERFACE,
			    "GetManagedObjects", NULL, "(a{oa{sa{sv}}})");
	if (managed)
		tp_monitor_objects(m, managed, present);
}

static void tp_monitor_tpd_left(TpMonitor *m)
{
	TpEvent e;

	g_clear_pointer(&m->owner, g_free);
	/* Its devices and sessions went with it. */
	g_hash_table_remove_all(m->objects);
	tp_event_init(&e, "tpd-left");
	tp_event_emit(&e, "tpd left the bus");
}

static void tp_monitor_name_changed(TpMonitor *m, DBusMessage *msg)
{
	const char *name, *old_owner, *new_owner;

	if (!dbus_message_get_args(
		msg, NULL, DBUS_TYPE_STRING, &name, DBUS_TYPE_STRING,
		&old_owner, DBUS_TYPE_STRING, &new_owner, DBUS_TYPE_INVALID))
		return;
	if (*old_owner && m->owner)
		tp_monitor_tpd_left(m);
	/* The first reading may have found this owner already. */
	if (*new_owner && g_strcmp0(new_owner, m->owner) != 0)
		tp_monitor_tpd_here(m, new_owner, false);
}

/* ---- signals ----------------------------------------------------------- */

static void tp_monitor_properties(TpMonitor *m, DBusMessage *msg)
{
	g_autoptr(GVariant) args = tp_dbus_message_get_gvariant(msg);
	g_autoptr(GVariant) changed = NULL;
	const char *path = dbus_message_get_path(msg);
	const char *iface;
	TpWatched *w;

	if (!args || !g_variant_is_of_type(args, G_VARIANT_TYPE("(sa{sv}as)")))
		return;
	g_variant_get(args, "(&s@a{sv}@as)", &iface, &changed, NULL);
	if (g_str_equal(iface, TPD_DEVICE_INTERFACE) &&
	    (w = tp_monitor_lookup(m, path, false)))
		tp_device_changed(m, path, w, changed);
	else if (g_str_equal(iface, TPD_SESSION_INTERFACE) &&
		 (w = tp_monitor_lookup(m, path, true)))
		tp_session_changed(m, path, w, changed);
}

static void tp_monitor_object_manager(TpMonitor *m, DBusMessage *msg)
{
	g_autoptr(GVariant) args = tp_dbus_message_get_gvariant(msg);
	g_autoptr(GVariant) rest = NULL;
	const char *path;

	if (!args)
		return;
	if (dbus_message_has_member(msg, "InterfacesAdded") &&
	    g_variant_is_of_type(args, G_VARIANT_TYPE("(oa{sa{sv}})"))) {
		g_variant_get(args, "(&o@a{sa{sv}})", &path, &rest);
		g_autoptr(GVariant) device = g_variant_lookup_value(
		    rest, TPD_DEVICE_INTERFACE, G_VARIANT_TYPE_VARDICT);
		g_autoptr(GVariant) session = g_variant_lookup_value(
		    rest, TPD_SESSION_INTERFACE, G_VARIANT_TYPE_VARDICT);
		tp_monitor_object(m, path, device, session, false);
	} else if (dbus_message_has_member(msg, "InterfacesRemoved") &&
		   g_variant_is_of_type(args, G_VARIANT_TYPE("(oas)"))) {
		g_variant_get(args, "(&o@as)", &path, &rest);
		tp_monitor_removed(m, path, rest);
	}
}

static DBusHandlerResult tp_monitor_filter(DBusConnection *conn,
					   DBusMessage *msg, void *data)
{
	TpMonitor *m = data;
	const char *reason;
	(void)conn;

	if (dbus_message_is_signal(msg, DBUS_INTERFACE_LOCAL, "Disconnected")) {
		fprintf(stderr, "tpctl: lost the connection to the bus\n");
		m->status = TP_EXIT_FAILURE;
		g_main_loop_quit(m->loop);
	} else if (dbus_message_is_signal(msg, DBUS_INTERFACE_DBUS,
					  "NameOwnerChanged")) {
		tp_monitor_name_changed(m, msg);
	} else if (!m->owner) {
		/* Nothing of tpd's counts while it is not known to be there. */
	} else if (dbus_message_is_signal(msg, DBUS_INTERFACE_PROPERTIES,
					  "PropertiesChanged")) {
		tp_monitor_properties(m, msg);
	} else if (dbus_message_has_interface(msg,
					      TP_OBJECT_MANAGER_INTERFACE)) {
		tp_monitor_object_manager(m, msg);
	} else if (dbus_message_is_signal(msg, TPD_SESSION_INTERFACE,
					  "Finished") &&
		   dbus_message_get_args(msg, NULL, DBUS_TYPE_STRING, &reason,
					 DBUS_TYPE_INVALID)) {
		tp_session_finished(m, dbus_message_get_path(msg), reason);
	}
	return DBUS_HANDLER_RESULT_NOT_YET_HANDLED;
}

/* ---- the command -------------------------------------------------------- */

static gboolean tp_monitor_interrupted(gpointer data)
{
	TpMonitor *m = data;

	g_main_loop_quit(m->loop);
	return G_SOURCE_CONTINUE;
}

static bool tp_monitor_subscribe(TpMonitor *m)
{
	DBusError err = DBUS_ERROR_INIT;

	for (const char *const *rule = tp_monitor_matches; *rule; rule++) {
		dbus_bus_add_match(m->client.conn, *rule, &err);
		if (dbus_error_is_set(&err)) {
			fprintf(stderr, "tpctl: cannot watch tpd: %s\n",
				err.message);
			dbus_error_free(&err);
			return false;
		}
	}
	dbus_connection_add_filter(m->client.conn, tp_monitor_filter, m, NULL);
	tp_dbus_mainloop_attach(m->client.conn);
	return true;
}

/* What there is now: tpd (or its absence), its devices and sessions. */
static void tp_monitor_first_reading(TpMonitor *m)
{
	g_autofree char *owner = tpctl_tpd_owner(&m->client);
	TpEvent e;

	if (owner) {
		tp_monitor_tpd_here(m, owner, true);
		return;
	}
	tp_event_init(&e, "tpd-absent");
	tp_event_emit(&e, "tpd is not running on the %s bus; waiting for it",
		      m->client.session_bus ? "session" : "system");
}

int tpctl_cmd_monitor(int argc, char **argv)
{
	const GOptionEntry entries[] = {
		TPCTL_JSON_ENTRY,
		{ NULL },
	};
	TpMonitor m = { .status = TP_EXIT_OK };
	guint sigint_id, sigterm_id;

	if (!tpctl_parse(&argc, &argv, "",
			 "Print what happens in tpd, one line per event, "
			 "until interrupted: devices coming and going,\n"
			 "their state, connection and battery, sessions "
			 "starting, their steps and how they end, and tpd\n"
			 "joining and leaving the bus.",
			 entries))
		return TP_EXIT_USAGE;
	if (argc != 1)
		return tpctl_usage_error("monitor", "unexpected argument '%s'",
					 argv[1]);
	if (!tpctl_connect(&m.client))
		return TP_EXIT_FAILURE;
	m.loop = g_main_loop_new(NULL, FALSE);
	m.objects = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
					  tp_watched_free);
	sigint_id = g_unix_signal_add(SIGINT, tp_monitor_interrupted, &m);
	sigterm_id = g_unix_signal_add(SIGTERM, tp_monitor_interrupted, &m);
	if (tp_monitor_subscribe(&m)) {
		tp_monitor_first_reading(&m);
		g_main_loop_run(m.loop);
		dbus_connection_remove_filter(m.client.conn, tp_monitor_filter,
					      &m);
	} else {
		m.status = TP_EXIT_FAILURE;
	}
	g_source_remove(sigint_id);
	g_source_remove(sigterm_id);
	tp_client_close(&m.client);
	g_hash_table_unref(m.objects);
	g_main_loop_unref(m.loop);
	g_free(m.owner);
	return m.status;
}
