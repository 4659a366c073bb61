/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "tp-tpd.h"

#include <string.h>

struct _TpTpd {
	GObject parent;
	GBusType bus_type;
	guint watch;
	GDBusConnection *connection;
	/* Everything below belongs to one appearance of tpd and is dropped
	 * when it leaves; @appearance cancels what is still loading. */
	GCancellable *appearance;
	guint loading;
	gboolean present;
	char *version;
	GVariant *zones;
	GVariant *muscles;
	GVariant *programs;
	GDBusObjectManager *objects;
};

G_DEFINE_FINAL_TYPE(TpTpd, tp_tpd, G_TYPE_OBJECT)

enum {
	SIGNAL_PRESENCE,
	SIGNAL_OBJECTS_CHANGED,
	SIGNAL_SESSION_FINISHED,
	N_SIGNALS
};
static guint tp_tpd_signals[N_SIGNALS];

static void tp_tpd_forget(TpTpd *tpd)
{
	g_cancellable_cancel(tpd->appearance);
	g_clear_object(&tpd->appearance);
	if (tpd->objects)
		g_signal_handlers_disconnect_by_data(tpd->objects, tpd);
	g_clear_object(&tpd->objects);
	g_clear_pointer(&tpd->zones, g_variant_unref);
	g_clear_pointer(&tpd->muscles, g_variant_unref);
	g_clear_pointer(&tpd->programs, g_variant_unref);
	g_clear_pointer(&tpd->version, g_free);
	tpd->loading = 0;
}

/* One part of an appearance has loaded; the last one makes tpd present. */
static void tp_tpd_loaded(TpTpd *tpd)
{
	if (--tpd->loading > 0)
		return;
	tpd->present = TRUE;
	g_signal_emit(tpd, tp_tpd_signals[SIGNAL_PRESENCE], 0);
}

/* A part failed to load: tpd is half there (starting, stopping, or not
 * the tpd we know). Treat it as absent until it appears again. */
static void tp_tpd_load_failed(TpTpd *tpd, const char *what, GError *error)
{
	g_warning("tpd is on the bus but %s failed: %s", what, error->message);
	tp_tpd_forget(tpd);
}

typedef struct {
	TpTpd *tpd;
	GVariant **slot;
	const char *what;
} TpCatalogLoad;

static void tp_tpd_catalog_loaded(GObject *source, GAsyncResult *result,
				  gpointer data)
{
	g_autofree TpCatalogLoad *load = data;
	g_autoptr(GError) error = NULL;
	g_autoptr(GVariant) reply = g_dbus_connection_call_finish(
	    G_DBUS_CONNECTION(source), result, &error);

	if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
		return;
	if (!reply) {
		tp_tpd_load_failed(load->tpd, load->what, error);
		return;
	}
	*load->slot = g_variant_get_child_value(reply, 0);
	tp_tpd_loaded(load->tpd);
}

static void tp_tpd_load_catalog(TpTpd *tpd, const char *method,
				const char *reply_type, GVariant **slot)
{
	TpCatalogLoad *load = g_new0(TpCatalogLoad, 1);

	load->tpd = tpd;
	load->slot = slot;
	load->what = method;
	tpd->loading++;
	g_dbus_connection_call(
	    tpd->connection, TP_TPD_NAME, TP_TPD_PATH, TP_TPD_MANAGER, method,
	    NULL, G_VARIANT_TYPE(reply_type), G_DBUS_CALL_FLAGS_NO_AUTO_START,
	    -1, tpd->appearance, tp_tpd_catalog_loaded, load);
}

static void tp_tpd_version_loaded(GObject *source, GAsyncResult *result,
				  gpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GVariant) reply = g_dbus_connection_call_finish(
	    G_DBUS_CONNECTION(source), result, &error);
	g_autoptr(GVariant) value = NULL;
	TpTpd *tpd = data;

	if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
		return;
	if (!reply) {
		tp_tpd_load_failed(tpd, "reading its version", error);
		return;
	}
	g_variant_get(reply, "(v)", &value);
	if (g_variant_is_of_type(value, G_VARIANT_TYPE_STRING))
		tpd->version = g_variant_dup_string(value, NULL);
	tp_tpd_loaded(tpd);
}

static void tp_tpd_emit_changed(TpTpd *tpd)
{
	g_signal_emit(tpd, tp_tpd_signals[SIGNAL_OBJECTS_CHANGED], 0);
}

static void tp_tpd_on_signal(GDBusObjectManagerClient *manager,
			     GDBusObjectProxy *object, GDBusProxy *proxy,
			     const char *sender, const char *name,
			     GVariant *parameters, TpTpd *tpd)
{
	const char *reason;

	if (strcmp(name, "Finished") != 0 ||
	    strcmp(g_dbus_proxy_get_interface_name(proxy), TP_TPD_SESSION) !=
		0 ||
	    !g_variant_is_of_type(parameters, G_VARIANT_TYPE("(s)")))
		return;
	g_variant_get(parameters, "(&s)", &reason);
	g_signal_emit(tpd, tp_tpd_signals[SIGNAL_SESSION_FINISHED], 0,
		      g_dbus_proxy_get_object_path(proxy), reason);
}

static void tp_tpd_watch_objects(TpTpd *tpd)
{
	g_signal_connect_swapped(tpd->objects, "object-added",
				 G_CALLBACK(tp_tpd_emit_changed), tpd);
	g_signal_connect_swapped(tpd->objects, "object-removed",
				 G_CALLBACK(tp_tpd_emit_changed), tpd);
	g_signal_connect_swapped(tpd->objects, "interface-added",
				 G_CALLBACK(tp_tpd_emit_changed), tpd);
	g_signal_connect_swapped(tpd->objects, "interface-removed",
				 G_CALLBACK(tp_tpd_emit_changed), tpd);
	g_signal_connect_swapped(tpd->objects,
				 "interface-proxy-properties-changed",
				 G_CALLBACK(tp_tpd_emit_changed), tpd);
	g_signal_connect(tpd->objects, "interface-proxy-signal",
			 G_CALLBACK(tp_tpd_on_signal), tpd);
}

static void tp_tpd_objects_loaded(GObject *source, GAsyncResult *result,
				  gpointer data)
{
	g_autoptr(GError) error = NULL;
	GDBusObjectManager *objects =
	    g_dbus_object_manager_client_new_finish(result, &error);
	TpTpd *tpd = data;

	if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
		return;
	if (!objects) {
		tp_tpd_load_failed(tpd, "listing its objects", error);
		return;
	}
	tpd->objects = objects;
	tp_tpd_watch_objects(tpd);
	tp_tpd_loaded(tpd);
}

static void tp_tpd_appeared(GDBusConnection *connection, const char *name,
			    const char *owner, gpointer data)
{
	TpTpd *tpd = data;

	tp_tpd_forget(tpd);
	g_set_object(&tpd->connection, connection);
	tpd->appearance = g_cancellable_new();
	/* Counted up front so that no early answer makes tpd present before
	 * every part has been asked for. */
	tpd->loading = 1;
	tp_tpd_load_catalog(tpd, "ListZones", "(asa{sas})", &tpd->zones);
	tp_tpd_load_catalog(tpd, "ListMuscles", "(aa{sv})", &tpd->muscles);
	tp_tpd_load_catalog(tpd, "ListPrograms", "(aa{sv})", &tpd->programs);
	tpd->loading++;
	g_dbus_connection_call(connection, TP_TPD_NAME, TP_TPD_PATH,
			       "org.freedesktop.DBus.Properties", "Get",
			       g_variant_new("(ss)", TP_TPD_MANAGER, "Version"),
			       G_VARIANT_TYPE("(v)"),
			       G_DBUS_CALL_FLAGS_NO_AUTO_START, -1,
			       tpd->appearance, tp_tpd_version_loaded, tpd);
	tpd->loading++;
	g_dbus_object_manager_client_new(
	    connection, G_DBUS_OBJECT_MANAGER_CLIENT_FLAGS_DO_NOT_AUTO_START,
	    TP_TPD_NAME, TP_TPD_PATH, NULL, NULL, NULL, tpd->appearance,
	    tp_tpd_objects_loaded, tpd);
	tp_tpd_loaded(tpd);
}

static void tp_tpd_vanished(GDBusConnection *connection, const char *name,
			    gpointer data)
{
	TpTpd *tpd = data;
	gboolean was_present = tpd->present;

	tp_tpd_forget(tpd);
	tpd->present = FALSE;
	if (was_present)
		g_signal_emit(tpd, tp_tpd_signals[SIGNAL_PRESENCE], 0);
}

static void tp_tpd_dispose(GObject *object)
{
	TpTpd *tpd = TP_TPD(object);

	if (tpd->watch)
		g_bus_unwatch_name(tpd->watch);
	tpd->watch = 0;
	tp_tpd_forget(tpd);
	g_clear_object(&tpd->connection);
	G_OBJECT_CLASS(tp_tpd_parent_class)->dispose(object);
}

static void tp_tpd_class_init(TpTpdClass *klass)
{
	G_OBJECT_CLASS(klass)->dispose = tp_tpd_dispose;
	tp_tpd_signals[SIGNAL_PRESENCE] =
	    g_signal_new("presence", TP_TYPE_TPD, G_SIGNAL_RUN_LAST, 0, NULL,
			 NULL, NULL, G_TYPE_NONE, 0);
	tp_tpd_signals[SIGNAL_OBJECTS_CHANGED] =
	    g_signal_new("objects-changed", TP_TYPE_TPD, G_SIGNAL_RUN_LAST, 0,
			 NULL, NULL, NULL, G_TYPE_NONE, 0);
	tp_tpd_signals[SIGNAL_SESSION_FINISHED] = g_signal_new(
	    "session-finished", TP_TYPE_TPD, G_SIGNAL_RUN_LAST, 0, NULL, NULL,
	    NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void tp_tpd_init(TpTpd *tpd)
{
}

TpTpd *tp_tpd_new(GBusType bus_type)
{
	TpTpd *tpd = g_object_new(TP_TYPE_TPD, NULL);

	tpd->bus_type = bus_type;
	/* No auto-start: on a system tpd is started by systemd with
	 * Bluetooth; the app waits for it rather than forcing it up. */
	tpd->watch = g_bus_watch_name(
	    bus_type, TP_TPD_NAME, G_BUS_NAME_WATCHER_FLAGS_NONE,
	    tp_tpd_appeared, tp_tpd_vanished, tpd, NULL);
	return tpd;
}

gboolean tp_tpd_is_present(TpTpd *tpd)
{
	return tpd->present;
}

const char *tp_tpd_get_version(TpTpd *tpd)
{
	return tpd->version;
}

GVariant *tp_tpd_get_zones(TpTpd *tpd)
{
	return tpd->present ? tpd->zones : NULL;
}

GVariant *tp_tpd_get_muscles(TpTpd *tpd)
{
	return tpd->present ? tpd->muscles : NULL;
}

GVariant *tp_tpd_get_programs(TpTpd *tpd)
{
	return tpd->present ? tpd->programs : NULL;
}

GVariant *tp_tpd_lookup_muscle(TpTpd *tpd, const char *id)
{
	GVariantIter iter;
	GVariant *muscle;

	if (!tpd->present || !id)
		return NULL;
	g_variant_iter_init(&iter, tpd->muscles);
	while ((muscle = g_variant_iter_next_value(&iter))) {
		if (g_strcmp0(tp_dict_str(muscle, "Id"), id) == 0)
			return muscle;
		g_variant_unref(muscle);
	}
	return NULL;
}

static gint tp_proxy_compare_path(gconstpointer a, gconstpointer b)
{
	return strcmp(g_dbus_proxy_get_object_path((GDBusProxy *)a),
		      g_dbus_proxy_get_object_path((GDBusProxy *)b));
}

GList *tp_tpd_list_proxies(TpTpd *tpd, const char *interface)
{
	g_autolist(GDBusObject) objects = NULL;
	GList *proxies = NULL;

	if (!tpd->present)
		return NULL;
	objects = g_dbus_object_manager_get_objects(tpd->objects);
	for (GList *l = objects; l; l = l->next) {
		GDBusInterface *iface =
		    g_dbus_object_get_interface(l->data, interface);
		if (iface)
			proxies = g_list_prepend(proxies, iface);
	}
	return g_list_sort(proxies, tp_proxy_compare_path);
}

GDBusProxy *tp_tpd_get_proxy(TpTpd *tpd, const char *path,
			     const char *interface)
{
	if (!tpd->present || !path)
		return NULL;
	return G_DBUS_PROXY(
	    g_dbus_object_manager_get_interface(tpd->objects, path, interface));
}

static void tp_tpd_call_done(GObject *source, GAsyncResult *result,
			     gpointer data)
{
	g_autoptr(GTask) task = data;
	GError *error = NULL;
	GVariant *reply = g_dbus_connection_call_finish(
	    G_DBUS_CONNECTION(source), result, &error);

	/* The error keeps its D-Bus name, for tp_tpd_error_is(). */
	if (!reply) {
		g_task_return_error(task, error);
		return;
	}
	g_task_return_pointer(task, reply, (GDestroyNotify)g_variant_unref);
}

void tp_tpd_call(TpTpd *tpd, const char *path, const char *interface,
		 const char *method, GVariant *args,
		 const GVariantType *reply_type, GCancellable *cancellable,
		 GAsyncReadyCallback callback, gpointer user_data)
{
	/* A task of tpd's, so that callbacks get the TpTpd as source. */
	GTask *task = g_task_new(tpd, cancellable, callback, user_data);

	if (!tpd->connection) {
		if (args)
			g_variant_unref(g_variant_ref_sink(args));
		g_task_return_new_error(task, G_DBUS_ERROR,
					G_DBUS_ERROR_SERVICE_UNKNOWN,
					"tpd is not running");
		g_object_unref(task);
		return;
	}
	g_dbus_connection_call(
	    tpd->connection, TP_TPD_NAME, path, interface, method, args,
	    reply_type,
	    G_DBUS_CALL_FLAGS_NO_AUTO_START |
		G_DBUS_CALL_FLAGS_ALLOW_INTERACTIVE_AUTHORIZATION,
	    -1, cancellable, tp_tpd_call_done, task);
}

GVariant *tp_tpd_call_finish(TpTpd *tpd, GAsyncResult *result, GError **error)
{
	return g_task_propagate_pointer(G_TASK(result), error);
}

char *tp_tpd_error_text(const GError *error)
{
	g_autoptr(GError) copy = g_error_copy(error);

	g_dbus_error_strip_remote_error(copy);
	return g_strdup(copy->message);
}

gboolean tp_tpd_error_is(const GError *error, const char *name)
{
	g_autofree char *remote = NULL;

	if (!error || !g_dbus_error_is_remote_error(error))
		return FALSE;
	remote = g_dbus_error_get_remote_error(error);
	return g_str_has_prefix(remote, "io.tpd.Tpd1.Error.") &&
	       strcmp(remote + strlen("io.tpd.Tpd1.Error."), name) == 0;
}

const char *tp_dict_str(GVariant *dict, const char *key)
{
	const char *value = NULL;

	if (!dict || !g_variant_lookup(dict, key, "&s", &value))
		return "";
	return value;
}

guint32 tp_dict_u32(GVariant *dict, const char *key, guint32 fallback)
{
	guint32 value;

	if (!dict || !g_variant_lookup(dict, key, "u", &value))
		return fallback;
	return value;
}

static GVariant *tp_proxy_value(GDBusProxy *proxy, const char *name,
				const GVariantType *type)
{
	GVariant *value = g_dbus_proxy_get_cached_property(proxy, name);

	if (value && !g_variant_is_of_type(value, type))
		g_clear_pointer(&value, g_variant_unref);
	return value;
}

const char *tp_proxy_str(GDBusProxy *proxy, const char *name)
{
	g_autoptr(GVariant) value =
	    tp_proxy_value(proxy, name, G_VARIANT_TYPE_STRING);
	const char *s;

	if (!value)
		return "";
	/* The cache keeps its own reference: the string lives as long as
	 * the property keeps this value. */
	s = g_variant_get_string(value, NULL);
	return s;
}

guint32 tp_proxy_u32(GDBusProxy *proxy, const char *name)
{
	g_autoptr(GVariant) value =
	    tp_proxy_value(proxy, name, G_VARIANT_TYPE_UINT32);

	return value ? g_variant_get_uint32(value) : 0;
}

gboolean tp_proxy_bool(GDBusProxy *proxy, const char *name)
{
	g_autoptr(GVariant) value =
	    tp_proxy_value(proxy, name, G_VARIANT_TYPE_BOOLEAN);

	return value ? g_variant_get_boolean(value) : FALSE;
}
