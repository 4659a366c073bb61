/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "bluez-client.h"

#include <string.h>

#include "bus/dbus-call.h"
#include "bus/dbus-connect.h"
#include "bus/dbus-object.h"
#include "bus/name-owner.h"
#include "common/dbus-gvariant.h"
#include "common/hook-list.h"

#define TP_BZ_SNAPSHOT_TIMEOUT_MS 10000
#define TP_BZ_SNAPSHOT_RETRY_MS	  2000

struct TpBluez {
	DBusConnection *conn;
	char *owner;	      /* unique name of org.bluez, or NULL */
	GHashTable *objects;  /* path -> TpBzObject*, owned */
	GHookList listeners;  /* TpBzListener */
	TpDbusCall *snapshot; /* GetManagedObjects in flight */
	TpNameOwner *owner_watch;
	guint retry_id;
	bool present; /* mirrored */
	bool settled; /* the first attempt has ended */
};

static const char *const tp_bz_matches[] = {
	"type='signal',sender='" BLUEZ_NAME "',path='/',"
	"interface='" DBUS_INTERFACE_OBJECT_MANAGER "'",
	"type='signal',sender='" BLUEZ_NAME "',"
	"interface='" DBUS_INTERFACE_PROPERTIES "',member='PropertiesChanged',"
	"path_namespace='/org/bluez'",
	NULL,
};

/* ---- events ------------------------------------------------------------ */

static void tp_bz_emit(TpBluez *bz, TpBzEventType type, const TpBzObject *o,
		       unsigned changes)
{
	TpBzEvent ev = { type, o, changes };

	tp_hook_list_emit(&bz->listeners, bz, &ev);
}

void tp_bluez_add_listener(TpBluez *bz, TpBzListener fn, void *user_data)
{
	tp_hook_list_add(&bz->listeners, (gpointer)fn, user_data);
}

void tp_bluez_remove_listener(TpBluez *bz, TpBzListener fn, void *user_data)
{
	tp_hook_list_remove(&bz->listeners, (gpointer)fn, user_data);
}

/* ---- the mirror -------------------------------------------------------- */

static void tp_bz_remove(TpBluez *bz, const char *path)
{
	TpBzObject *o = g_hash_table_lookup(bz->objects, path);

	if (!o)
		return;
	g_hash_table_steal(bz->objects, path);
	tp_bz_emit(bz, TP_BZ_REMOVED, o, 0);
	tp_bz_object_free(o);
}

/* Apply one interface's properties, creating the object if needed. */
static void tp_bz_apply(TpBluez *bz, const char *path, const char *iface,
			GVariant *props)
{
	TpBzObject *o = g_hash_table_lookup(bz->objects, path);
	unsigned changes;

	if (!o) {
		o = tp_bz_object_new(iface, path);
		if (!o)
			return; /* an interface tpd does not mirror */
		g_hash_table_insert(bz->objects, o->path, o);
		tp_bz_object_update(o, iface, props);
		tp_bz_emit(bz, TP_BZ_ADDED, o, 0);
		return;
	}
	changes = tp_bz_object_update(o, iface, props);
	if (changes)
		tp_bz_emit(bz, TP_BZ_CHANGED, o, changes);
}

/* Parents before children: adapters, devices (Battery1 after Device1),
 * services, characteristics. */
static int tp_iface_rank(const char *iface)
{
	static const char *const order[] = { BLUEZ_ADAPTER, BLUEZ_DEVICE,
					     BLUEZ_BATTERY, BLUEZ_GATT_SERVICE,
					     BLUEZ_GATT_CHARACTERISTIC };

	for (int i = 0; i < (int)G_N_ELEMENTS(order); i++)
		if (strcmp(iface, order[i]) == 0)
			return i;
	return -1;
}

static void tp_bz_apply_interfaces(TpBluez *bz, const char *path,
				   GVariant *ifaces, int rank)
{
	GVariantIter it;
	const char *iface;
	GVariant *props;

	g_variant_iter_init(&it, ifaces);
	while (g_variant_iter_loop(&it, "{&s@a{sv}}", &iface, &props))
		if (tp_iface_rank(iface) == rank)
			tp_bz_apply(bz, path, iface, props);
}

static void tp_bz_interfaces_added(TpBluez *bz, GVariant *args)
{
	g_autoptr(GVariant) ifaces = NULL;
	const char *path;

	g_variant_get(args, "(&o@a{sa{sv}})", &path, &ifaces);
	for (int rank = 0; rank < 5; rank++)
		tp_bz_apply_interfaces(bz, path, ifaces, rank);
}

static void tp_bz_interfaces_removed(TpBluez *bz, GVariant *args)
{
	g_autofree const char **ifaces = NULL;
	const char *path;
	TpBzObject *o;

	g_variant_get(args, "(&o^a&s)", &path, &ifaces);
	o = g_hash_table_lookup(bz->objects, path);
	if (!o)
		return;
	for (guint i = 0; ifaces[i]; i++) {
		if (strcmp(ifaces[i], tp_bz_kind_interface(o->kind)) == 0) {
			tp_bz_remove(bz, path);
			return;
		}
		unsigned changes = tp_bz_object_forget(o, ifaces[i]);
		if (changes)
			tp_bz_emit(bz, TP_BZ_CHANGED, o, changes);
	}
}

static void tp_bz_properties_changed(TpBluez *bz, const char *path,
				     GVariant *args)
{
	g_autoptr(GVariant) changed = NULL;
	const char *iface;

	if (!g_hash_table_contains(bz->objects, path))
		return;
	g_variant_get(args, "(&s@a{sv}@as)", &iface, &changed, NULL);
	tp_bz_apply(bz, path, iface, changed);
}

/* Children first, so that no listener sees an orphan. */
static void tp_bz_remove_all(TpBluez *bz)
{
	for (int kind = TP_BZ_CHARACTERISTIC; kind >= TP_BZ_ADAPTER; kind--) {
		g_autoptr(GPtrArray) objects = tp_bluez_objects(bz, kind);
		for (guint i = 0; i < objects->len; i++) {
			TpBzObject *o = g_ptr_array_index(objects, i);
			g_autofree char *path = g_strdup(o->path);
			tp_bz_remove(bz, path);
		}
	}
}

/* ---- owner and snapshot ------------------------------------------------ */

static void tp_bz_settle(TpBluez *bz)
{
	bz->settled = true;
	tp_bz_emit(bz, TP_BZ_READY, NULL, 0);
}

static void tp_bz_load_snapshot(TpBluez *bz);

static gboolean tp_bz_retry_snapshot(gpointer data)
{
	TpBluez *bz = data;

	bz->retry_id = 0;
	if (bz->owner)
		tp_bz_load_snapshot(bz);
	return G_SOURCE_REMOVE;
}

static void tp_bz_snapshot_done(const char *error, const char *message,
				GVariant *reply, void *data)
{
	TpBluez *bz = data;
	g_autoptr(GVariant) objects = NULL;
	GVariantIter it;
	const char *path;
	GVariant *ifaces;

	bz->snapshot = NULL;
	if (error) {
		g_warning("cannot read BlueZ's objects: %s (%s); retrying",
			  message, error);
		bz->retry_id = g_timeout_add(TP_BZ_SNAPSHOT_RETRY_MS,
					     tp_bz_retry_snapshot, bz);
		if (!bz->settled)
			tp_bz_settle(bz);
		return;
	}
	/* Checked like every signal: a wrong type is bad input, not a bug
	 * of tpd's to abort on. */
	if (!g_variant_is_of_type(reply, G_VARIANT_TYPE("(a{oa{sa{sv}}})"))) {
		g_warning("BlueZ answered GetManagedObjects with type %s; "
			  "retrying",
			  g_variant_get_type_string(reply));
		bz->retry_id = g_timeout_add(TP_BZ_SNAPSHOT_RETRY_MS,
					     tp_bz_retry_snapshot, bz);
		if (!bz->settled)
			tp_bz_settle(bz);
		return;
	}
	objects = g_variant_get_child_value(reply, 0);
	for (int rank = 0; rank < 5; rank++) {
		g_variant_iter_init(&it, objects);
		while (
		    g_variant_iter_loop(&it, "{&o@a{sa{sv}}}", &path, &ifaces))
			tp_bz_apply_interfaces(bz, path, ifaces, rank);
	}
	bz->present = true;
	g_info("BlueZ mirrored: %u objects", g_hash_table_size(bz->objects));
	tp_bz_settle(bz);
}

static void tp_bz_load_snapshot(TpBluez *bz)
{
	tp_dbus_call_cancel(bz->snapshot);
	bz->snapshot = tp_bluez_call(
	    bz, "/", DBUS_INTERFACE_OBJECT_MANAGER, "GetManagedObjects", NULL,
	    TP_BZ_SNAPSHOT_TIMEOUT_MS, tp_bz_snapshot_done, bz);
}

static void tp_bz_set_owner(TpBluez *bz, const char *owner)
{
	if (bz->owner) {
		g_info("BlueZ left the bus; forgetting its devices");
		g_clear_pointer(&bz->owner, g_free);
		g_clear_handle_id(&bz->retry_id, g_source_remove);
		tp_dbus_call_cancel(bz->snapshot);
		bz->snapshot = NULL;
		bz->present = false;
		tp_bz_remove_all(bz);
		tp_bz_emit(bz, TP_BZ_VANISHED, NULL, 0);
	}
	if (owner && *owner) {
		bz->owner = g_strdup(owner);
		tp_bz_load_snapshot(bz);
	}
}

/* The owner is known at last, or changed: absent at start, BlueZ is
 * waited for, and tpd is ready meanwhile. */
static void tp_bz_owner_changed(const char *owner, void *data)
{
	TpBluez *bz = data;

	tp_bz_set_owner(bz, owner);
	if (!owner && !bz->settled) {
		g_info("BlueZ (org.bluez) is not running; waiting for it");
		tp_bz_settle(bz);
	}
}

/* ---- signals ----------------------------------------------------------- */

/* The key of the dict entry at @entries (an a{sv} being read) when its
 * value is of @type, or NULL; @value is left on the value. */
static const char *tp_bz_entry(DBusMessageIter *entries, const char *type,
			       DBusMessageIter *value)
{
	DBusMessageIter entry;
	const char *key = NULL;
	g_autofree char *sig = NULL;

	if (dbus_message_iter_get_arg_type(entries) != DBUS_TYPE_DICT_ENTRY)
		return NULL;
	dbus_message_iter_recurse(entries, &entry);
	dbus_message_iter_get_basic(&entry, &key);
	dbus_message_iter_next(&entry);
	dbus_message_iter_recurse(&entry, value);
	sig = dbus_message_iter_get_signature(value);
	return g_strcmp0(sig, type) == 0 ? key : NULL;
}

/*
 * A notification: a characteristic's PropertiesChanged whose only change
 * is its Value. Every status reply of every device is one, so it is read
 * in place, without the GVariant the general path makes of the message.
 * False for anything else, which takes the general path.
 */
static bool tp_bz_notification(TpBluez *bz, DBusMessage *msg)
{
	TpBzObject *o =
	    g_hash_table_lookup(bz->objects, dbus_message_get_path(msg));
	DBusMessageIter args, entries, value, bytes;
	const char *iface = NULL, *key;
	const void *data = NULL;
	int len = 0;

	if (!o || o->kind != TP_BZ_CHARACTERISTIC ||
	    !dbus_message_has_signature(msg, "sa{sv}as") ||
	    !dbus_message_iter_init(msg, &args))
		return false;
	dbus_message_iter_get_basic(&args, &iface);
	if (strcmp(iface, BLUEZ_GATT_CHARACTERISTIC) != 0)
		return false;
	dbus_message_iter_next(&args);
	dbus_message_iter_recurse(&args, &entries);
	key = tp_bz_entry(&entries, "ay", &value);
	if (!key || strcmp(key, "Value") != 0 ||
	    dbus_message_iter_has_next(&entries))
		return false;
	dbus_message_iter_next(&args);
	if (dbus_message_iter_get_element_count(&args) != 0)
		return false;
	dbus_message_iter_recurse(&value, &bytes);
	dbus_message_iter_get_fixed_array(&bytes, &data, &len);
	tp_bz_emit(bz, TP_BZ_CHANGED, o,
		   tp_bz_characteristic_set_value((TpBzCharacteristic *)o, data,
						  (size_t)len));
	return true;
}

static void tp_bz_bluez_signal(TpBluez *bz, DBusMessage *msg)
{
	const char *member = dbus_message_get_member(msg);
	g_autoptr(GVariant) args = NULL;

	if (dbus_message_is_signal(msg, DBUS_INTERFACE_PROPERTIES,
				   "PropertiesChanged") &&
	    tp_bz_notification(bz, msg))
		return;
	args = tp_dbus_message_get_gvariant(msg);
	if (!args)
		return;
	if (dbus_message_has_interface(msg, DBUS_INTERFACE_OBJECT_MANAGER)) {
		if (strcmp(member, "InterfacesAdded") == 0 &&
		    g_variant_is_of_type(args, G_VARIANT_TYPE("(oa{sa{sv}})")))
			tp_bz_interfaces_added(bz, args);
		else if (strcmp(member, "InterfacesRemoved") == 0 &&
			 g_variant_is_of_type(args, G_VARIANT_TYPE("(oas)")))
			tp_bz_interfaces_removed(bz, args);
	} else if (dbus_message_has_interface(msg, DBUS_INTERFACE_PROPERTIES) &&
		   strcmp(member, "PropertiesChanged") == 0 &&
		   g_variant_is_of_type(args, G_VARIANT_TYPE("(sa{sv}as)"))) {
		tp_bz_properties_changed(bz, dbus_message_get_path(msg), args);
	}
}

static DBusHandlerResult tp_bz_filter(DBusConnection *conn, DBusMessage *msg,
				      void *data)
{
	TpBluez *bz = data;
	const char *sender = dbus_message_get_sender(msg);
	(void)conn;

	if (dbus_message_get_type(msg) != DBUS_MESSAGE_TYPE_SIGNAL)
		return DBUS_HANDLER_RESULT_NOT_YET_HANDLED;
	/* Only the current owner speaks for org.bluez. */
	if (bz->owner && g_strcmp0(sender, bz->owner) == 0)
		tp_bz_bluez_signal(bz, msg);
	return DBUS_HANDLER_RESULT_NOT_YET_HANDLED;
}

/* ---- calls ------------------------------------------------------------- */

/* What a BlueZ caller is told: the error split into name and text, or
 * the reply's arguments as a tuple. */
typedef struct {
	TpBzReply callback;
	void *user_data;
	GDestroyNotify destroy;
} TpBzReplyTo;

static void tp_bz_reply_to_free(void *data)
{
	TpBzReplyTo *to = data;

	if (to->destroy)
		to->destroy(to->user_data);
	g_free(to);
}

static void tp_bz_reply(DBusMessage *reply, void *data)
{
	TpBzReplyTo *to = data;
	g_autoptr(GVariant) args = NULL;
	const char *text = NULL;

	if (dbus_message_get_type(reply) == DBUS_MESSAGE_TYPE_ERROR) {
		dbus_message_get_args(reply, NULL, DBUS_TYPE_STRING, &text,
				      DBUS_TYPE_INVALID);
		to->callback(dbus_message_get_error_name(reply),
			     text ? text : "no reason given", NULL,
			     to->user_data);
		return;
	}
	args = tp_dbus_message_get_gvariant(reply);
	if (args)
		to->callback(NULL, NULL, args, to->user_data);
	else
		to->callback(DBUS_ERROR_INVALID_ARGS, "unsupported reply", NULL,
			     to->user_data);
}

/* Send @msg (its reference taken) on @conn; @callback hears the answer. */
static TpDbusCall *tp_bz_send(DBusConnection *conn, DBusMessage *msg,
			      int timeout_ms, TpBzReply callback,
			      void *user_data, GDestroyNotify destroy)
{
	TpBzReplyTo *to = g_new(TpBzReplyTo, 1);

	*to = (TpBzReplyTo){ callback, user_data, destroy };
	return tp_dbus_call(conn, msg, timeout_ms, tp_bz_reply, to,
			    tp_bz_reply_to_free);
}

static TpDbusCall *tp_bz_call_to(DBusConnection *conn, const char *destination,
				 const char *path, const char *iface,
				 const char *method, GVariant *args,
				 int timeout_ms, TpBzReply callback,
				 void *user_data, GDestroyNotify destroy)
{
	DBusMessage *msg =
	    dbus_message_new_method_call(destination, path, iface, method);

	if (args)
		tp_dbus_message_append_gvariant(msg, args);
	return tp_bz_send(conn, msg, timeout_ms, callback, user_data, destroy);
}

TpDbusCall *tp_bluez_call(TpBluez *bz, const char *path, const char *iface,
			  const char *method, GVariant *args, int timeout_ms,
			  TpBzReply callback, void *user_data)
{
	return tp_bz_call_to(bz->conn, BLUEZ_NAME, path, iface, method, args,
			     timeout_ms, callback, user_data, NULL);
}

TpDbusCall *tp_bluez_call_full(TpBluez *bz, const char *path, const char *iface,
			       const char *method, GVariant *args,
			       int timeout_ms, TpBzReply callback,
			       void *user_data, GDestroyNotify destroy)
{
	return tp_bz_call_to(bz->conn, BLUEZ_NAME, path, iface, method, args,
			     timeout_ms, callback, user_data, destroy);
}

TpDbusCall *tp_bluez_call_message(TpBluez *bz, DBusMessage *msg, int timeout_ms,
				  TpBzReply callback, void *user_data)
{
	return tp_bz_send(bz->conn, msg, timeout_ms, callback, user_data, NULL);
}

TpDbusCall *tp_bluez_call_from(DBusConnection *from, const char *path,
			       const char *iface, const char *method,
			       GVariant *args, int timeout_ms,
			       TpBzReply callback, void *user_data,
			       GDestroyNotify destroy)
{
	return tp_bz_call_to(from, BLUEZ_NAME, path, iface, method, args,
			     timeout_ms, callback, user_data, destroy);
}

/* ---- queries and life -------------------------------------------------- */

bool tp_bluez_present(TpBluez *bz)
{
	return bz->present;
}

bool tp_bluez_settled(TpBluez *bz)
{
	return bz->settled;
}

const TpBzObject *tp_bluez_lookup(TpBluez *bz, const char *path)
{
	return g_hash_table_lookup(bz->objects, path);
}

static gint tp_bz_compare_paths(gconstpointer a, gconstpointer b)
{
	const TpBzObject *x = *(TpBzObject *const *)a;
	const TpBzObject *y = *(TpBzObject *const *)b;

	return strcmp(x->path, y->path);
}

GPtrArray *tp_bluez_objects(TpBluez *bz, TpBzKind kind)
{
	GPtrArray *list = g_ptr_array_new();
	GHashTableIter it;
	TpBzObject *o;

	g_hash_table_iter_init(&it, bz->objects);
	while (g_hash_table_iter_next(&it, NULL, (gpointer *)&o))
		if (o->kind == kind)
			g_ptr_array_add(list, o);
	g_ptr_array_sort(list, tp_bz_compare_paths);
	return list;
}

typedef bool (*TpBzAccept)(const TpBzCharacteristic *c, const void *arg);

/* The characteristics of @device in its service @service_uuid (any, for
 * NULL) that @accept takes: how many, and one of them in *@found. */
static unsigned tp_bluez_match_characteristics(TpBluez *bz, const char *device,
					       const char *service_uuid,
					       TpBzAccept accept,
					       const void *arg,
					       const TpBzCharacteristic **found)
{
	unsigned n = 0;
	GHashTableIter it;
	TpBzObject *o;

	*found = NULL;
	g_hash_table_iter_init(&it, bz->objects);
	while (g_hash_table_iter_next(&it, NULL, (gpointer *)&o)) {
		const TpBzCharacteristic *c = (const TpBzCharacteristic *)o;
		const TpBzService *s;
		if (o->kind != TP_BZ_CHARACTERISTIC || !c->service ||
		    !accept(c, arg))
			continue;
		s = (const TpBzService *)tp_bluez_lookup(bz, c->service);
		if (!s || s->base.kind != TP_BZ_SERVICE ||
		    g_strcmp0(s->device, device) != 0 ||
		    (service_uuid && g_strcmp0(s->uuid, service_uuid) != 0))
			continue;
		*found = c;
		n++;
	}
	return n;
}

static bool tp_bluez_has_uuid(const TpBzCharacteristic *c, const void *uuid)
{
	return g_strcmp0(c->uuid, uuid) == 0;
}

static bool tp_bluez_has_flag(const TpBzCharacteristic *c, const void *arg)
{
	const char *const *flags = arg;

	for (guint i = 0; c->flags && c->flags[i]; i++)
		if (g_strv_contains(flags, c->flags[i]))
			return true;
	return false;
}

const TpBzCharacteristic *tp_bluez_find_characteristic(TpBluez *bz,
						       const char *device,
						       const char *service_uuid,
						       const char *char_uuid)
{
	const TpBzCharacteristic *c;

	tp_bluez_match_characteristics(bz, device, service_uuid,
				       tp_bluez_has_uuid, char_uuid, &c);
	return c;
}

const TpBzCharacteristic *
tp_bluez_find_characteristic_by_flags(TpBluez *bz, const char *device,
				      const char *service_uuid,
				      const char *const *flags)
{
	const TpBzCharacteristic *c;

	/* Two that could be meant: which one? */
	if (tp_bluez_match_characteristics(bz, device, service_uuid,
					   tp_bluez_has_flag, flags, &c) != 1)
		return NULL;
	return c;
}

TpBluez *tp_bluez_new(DBusConnection *conn)
{
	TpBluez *bz = g_new0(TpBluez, 1);

	bz->conn = dbus_connection_ref(conn);
	bz->objects = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
					    (GDestroyNotify)tp_bz_object_free);
	g_hook_list_init(&bz->listeners, sizeof(GHook));
	dbus_connection_add_filter(conn, tp_bz_filter, bz, NULL);
	/* Subscribe first, then ask: nothing can change unnoticed between
	 * the two, as the bus handles our messages in order. */
	for (const char *const *m = tp_bz_matches; *m; m++)
		tp_dbus_call_driver_noreply(conn, "AddMatch", *m);
	bz->owner_watch =
	    tp_name_owner_new(conn, BLUEZ_NAME, tp_bz_owner_changed, bz);
	return bz;
}

void tp_bluez_free(TpBluez *bz)
{
	if (!bz)
		return;
	dbus_connection_remove_filter(bz->conn, tp_bz_filter, bz);
	for (const char *const *m = tp_bz_matches; *m; m++)
		tp_dbus_call_driver_noreply(bz->conn, "RemoveMatch", *m);
	tp_name_owner_free(bz->owner_watch);
	tp_dbus_call_cancel(bz->snapshot);
	g_clear_handle_id(&bz->retry_id, g_source_remove);
	/* Listeners are gone by now: free without events. */
	g_hash_table_unref(bz->objects);
	g_hook_list_clear(&bz->listeners);
	dbus_connection_unref(bz->conn);
	g_free(bz->owner);
	g_free(bz);
}
