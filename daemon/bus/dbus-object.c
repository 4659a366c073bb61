/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Object registry, generic method dispatch and batched PropertiesChanged.
 * The standard interfaces' handlers live in dbus-standard.c.
 */
#include "dbus-object-private.h"

#include <string.h>

#include "common/dbus-gvariant.h"
#include "dbus-error.h"

char *tp_args_signature(const TpArg *args)
{
	GString *sig = g_string_new(NULL);

	for (; args && args->name; args++)
		g_string_append(sig, args->signature);
	return g_string_free(sig, FALSE);
}

DBusMessage *tp_reply_new(DBusMessage *msg, GVariant *out)
{
	DBusMessage *reply = dbus_message_new_method_return(msg);

	if (reply && out && !tp_dbus_message_append_gvariant(reply, out)) {
		dbus_message_unref(reply);
		return tp_error_new(msg, DBUS_ERROR_NO_MEMORY,
				    "out of memory building the reply");
	}
	if (!reply && out)
		g_variant_unref(g_variant_ref_sink(out));
	return reply;
}

DBusMessage *tp_reply_new_with(DBusMessage *msg, TpArgsBuilder build,
			       void *data)
{
	DBusMessage *reply = dbus_message_new_method_return(msg);
	DBusMessageIter iter;

	if (!reply)
		return NULL;
	dbus_message_iter_init_append(reply, &iter);
	if (!build(&iter, data)) {
		dbus_message_unref(reply);
		return tp_error_new(msg, DBUS_ERROR_NO_MEMORY,
				    "out of memory building the reply");
	}
	return reply;
}

/* Whether @sig (@len bytes) is @args' signatures one after the other;
 * without building the string, since every call is checked. */
static bool tp_args_match(const TpArg *args, const char *sig, size_t len)
{
	for (; args && args->name; args++) {
		size_t n = strlen(args->signature);
		if (n > len || strncmp(sig, args->signature, n) != 0)
			return false;
		sig += n;
		len -= n;
	}
	return len == 0;
}

void tp_bus_send(TpBus *bus, DBusMessage *msg)
{
	if (!msg)
		return;
	if (dbus_message_get_type(msg) == DBUS_MESSAGE_TYPE_SIGNAL)
		tp_bus_flush_changes(bus);
	dbus_connection_send(bus->conn, msg, NULL);
	dbus_message_unref(msg);
}

TpObject *tp_bus_lookup_object(TpBus *bus, const char *path)
{
	return g_hash_table_lookup(bus->objects, path);
}

TpIfaceEntry *tp_object_find_entry(TpObject *object, const char *iface_name)
{
	for (guint i = 0; i < object->entries->len; i++) {
		TpIfaceEntry *e = g_ptr_array_index(object->entries, i);
		if (strcmp(e->iface->name, iface_name) == 0)
			return e;
	}
	return NULL;
}

/* Whether @path is strictly below @root; below "/" is everything else. */
static bool tp_path_is_below(const char *path, const char *root)
{
	size_t n = strlen(root);

	if (strcmp(root, "/") == 0)
		return strcmp(path, "/") != 0;
	return strncmp(path, root, n) == 0 && path[n] == '/';
}

const char *tp_object_manager_root(TpObject *object)
{
	const char *best = NULL;

	for (guint i = 0; i < object->bus->manager_paths->len; i++) {
		const char *root = object->bus->manager_paths->pdata[i];
		if (tp_path_is_below(object->path, root) &&
		    (!best || strlen(root) > strlen(best)))
			best = root;
	}
	return best;
}

bool tp_bus_is_manager_path(TpBus *bus, const char *path)
{
	return g_ptr_array_find_with_equal_func(bus->manager_paths, path,
						g_str_equal, NULL);
}

/* ---- dispatch ---------------------------------------------------------- */

typedef struct {
	const TpMethod *method;
	void *user_data;
	const TpInterface *iface;
} TpMethodMatch;

static bool tp_find_method_in(const TpInterface *iface, void *user_data,
			      const char *member, TpMethodMatch *out)
{
	for (const TpMethod *m = iface->methods; m && m->name; m++) {
		if (strcmp(m->name, member) == 0) {
			*out = (TpMethodMatch){ m, user_data, iface };
			return true;
		}
	}
	return false;
}

/*
 * Find @member on @object, in @iface_name if given (the D-Bus spec lets a
 * caller leave the interface out). Returns an error reply, or NULL with
 * @out filled.
 */
static DBusMessage *tp_object_find_method(TpObject *object, DBusMessage *msg,
					  TpMethodMatch *out)
{
	const char *iface_name = dbus_message_get_interface(msg);
	const char *member = dbus_message_get_member(msg);
	const TpInterface *const *std = tp_object_standard_interfaces(object);
	bool iface_seen = false;

	for (; *std; std++) {
		if (iface_name && strcmp(iface_name, (*std)->name) != 0)
			continue;
		iface_seen = true;
		if (tp_find_method_in(*std, object, member, out))
			return NULL;
	}
	for (guint i = 0; i < object->entries->len; i++) {
		TpIfaceEntry *e = g_ptr_array_index(object->entries, i);
		if (iface_name && strcmp(iface_name, e->iface->name) != 0)
			continue;
		iface_seen = true;
		if (tp_find_method_in(e->iface, e->user_data, member, out))
			return NULL;
	}
	if (iface_name && !iface_seen)
		return tp_error_unknown_interface(
		    msg, "object %s has no interface %s", object->path,
		    iface_name);
	return tp_error_unknown_method(
	    msg, "no method %s%s%s on object %s", iface_name ? iface_name : "",
	    iface_name ? "." : "", member, object->path);
}

static char *tp_describe_args(const TpArg *args)
{
	GString *s = g_string_new("(");

	for (const TpArg *a = args; a && a->name; a++)
		g_string_append_printf(s, "%s%s %s", a == args ? "" : ", ",
				       a->signature, a->name);
	g_string_append_c(s, ')');
	return g_string_free(s, FALSE);
}

static DBusMessage *tp_check_signature(DBusMessage *msg,
				       const TpMethodMatch *match)
{
	const char *got = dbus_message_get_signature(msg);
	g_autofree char *expected = NULL;
	g_autofree char *described = NULL;

	if (tp_args_match(match->method->in, got, strlen(got)))
		return NULL;
	expected = tp_args_signature(match->method->in);
	described = tp_describe_args(match->method->in);
	return tp_error_new(
	    msg,
	    match->iface->invalid_args_error ? match->iface->invalid_args_error
					     : DBUS_ERROR_INVALID_ARGS,
	    "%s.%s expects %s, signature '%s'; got signature '%s'",
	    match->iface->name, match->method->name, described, expected, got);
}

DBusMessage *tp_bus_dispatch(TpBus *bus, DBusMessage *msg)
{
	const char *path = dbus_message_get_path(msg);
	TpObject *object = tp_bus_lookup_object(bus, path);
	TpMethodMatch match = { 0 };
	DBusMessage *error;

	if (!object) {
		/* Parent nodes exist only to be introspected. */
		if (g_strcmp0(dbus_message_get_member(msg), "Introspect") ==
			0 &&
		    (!dbus_message_get_interface(msg) ||
		     strcmp(dbus_message_get_interface(msg),
			    DBUS_INTERFACE_INTROSPECTABLE) == 0) &&
		    dbus_message_has_signature(msg, "")) {
			g_autofree char *xml = tp_bus_introspect(bus, path);
			if (xml)
				return tp_reply_new(msg,
						    g_variant_new("(s)", xml));
		}
		return tp_error_unknown_object(msg, "no object at %s", path);
	}

	error = tp_object_find_method(object, msg, &match);
	if (!error)
		error = tp_check_signature(msg, &match);
	if (error)
		return error;
	if (tp_bus_authorize(bus, msg, match.method))
		return NULL;
	return match.method->handler(bus, msg, match.user_data);
}

void tp_bus_answer(TpBus *bus, DBusMessage *msg, DBusMessage *reply)
{
	if (reply && dbus_message_get_no_reply(msg)) {
		dbus_message_unref(reply);
		reply = NULL;
	}
	tp_bus_send(bus, reply);
}

static DBusHandlerResult tp_bus_message_handler(DBusConnection *conn,
						DBusMessage *msg, void *data)
{
	TpBus *bus = data;
	(void)conn;

	if (dbus_message_get_type(msg) != DBUS_MESSAGE_TYPE_METHOD_CALL)
		return DBUS_HANDLER_RESULT_NOT_YET_HANDLED;
	tp_bus_answer(bus, msg, tp_bus_dispatch(bus, msg));
	return DBUS_HANDLER_RESULT_HANDLED;
}

static const DBusObjectPathVTable tp_bus_vtable = {
	.message_function = tp_bus_message_handler,
};

/* ---- PropertiesChanged batching ---------------------------------------- */

static void tp_entry_unqueue(TpIfaceEntry *entry)
{
	if (!entry->queued)
		return;
	g_ptr_array_remove(entry->object->bus->pending, entry);
	entry->queued = false;
	entry->pending = 0;
}

/* The changed properties of @pending as a{sv}; those absent now are
 * left out and marked in @absent, to be invalidated instead. */
static bool tp_append_changed(TpIfaceEntry *entry, guint64 pending,
			      guint64 *absent, DBusMessageIter *iter)
{
	const TpProperty *props = entry->iface->properties;
	DBusMessageIter dict;
	bool ok = true;

	if (!dbus_message_iter_open_container(iter, DBUS_TYPE_ARRAY, "{sv}",
					      &dict))
		return false;
	for (guint i = 0; ok && props && props[i].name; i++) {
		guint64 bit = G_GUINT64_CONSTANT(1) << i;
		if (!(pending & bit))
			continue;
		if (tp_entry_has_property(entry, &props[i]))
			ok = tp_entry_append_property(entry, &props[i], &dict);
		else
			*absent |= bit;
	}
	return tp_append_close(iter, &dict, ok);
}

static bool tp_append_invalidated(const TpProperty *props, guint64 absent,
				  DBusMessageIter *iter)
{
	DBusMessageIter names;
	bool ok = true;

	if (!dbus_message_iter_open_container(
		iter, DBUS_TYPE_ARRAY, DBUS_TYPE_STRING_AS_STRING, &names))
		return false;
	for (guint i = 0; ok && absent; i++, absent >>= 1)
		if (absent & 1)
			ok = tp_append_string(&names, props[i].name);
	return tp_append_close(iter, &names, ok);
}

/* PropertiesChanged (sa{sv}as), built straight into the message: it is
 * sent for every change of intensity, so no GVariant on the way. */
static bool tp_append_changes(DBusMessage *signal, TpIfaceEntry *entry,
			      guint64 pending)
{
	const char *name = entry->iface->name;
	guint64 absent = 0;
	DBusMessageIter iter;

	dbus_message_iter_init_append(signal, &iter);
	return tp_append_string(&iter, name) &&
	       tp_append_changed(entry, pending, &absent, &iter) &&
	       tp_append_invalidated(entry->iface->properties, absent, &iter);
}

static void tp_entry_emit_changes(TpIfaceEntry *entry)
{
	guint64 pending = entry->pending;
	DBusMessage *signal;

	entry->pending = 0;
	signal = dbus_message_new_signal(entry->object->path,
					 DBUS_INTERFACE_PROPERTIES,
					 "PropertiesChanged");
	if (!signal)
		return;
	/* Out of memory, the change goes unannounced, as it would if the
	 * send failed; a half-built signal is never sent. */
	if (tp_append_changes(signal, entry, pending))
		dbus_connection_send(entry->object->bus->conn, signal, NULL);
	dbus_message_unref(signal);
}

void tp_bus_flush_changes(TpBus *bus)
{
	/* Emitting never queues new changes, so draining is safe. */
	while (bus->pending->len > 0) {
		TpIfaceEntry *entry = g_ptr_array_steal_index(bus->pending, 0);
		entry->queued = false;
		tp_entry_emit_changes(entry);
	}
}

static gboolean tp_bus_flush_idle(gpointer data)
{
	TpBus *bus = data;

	bus->flush_id = 0;
	tp_bus_flush_changes(bus);
	return G_SOURCE_REMOVE;
}

static int tp_property_index(const TpInterface *iface, const char *name)
{
	for (int i = 0; iface->properties && iface->properties[i].name; i++)
		if (strcmp(iface->properties[i].name, name) == 0)
			return i;
	return -1;
}

void tp_bus_property_changed(TpBus *bus, const char *path,
			     const TpInterface *iface, const char *property)
{
	TpObject *object = tp_bus_lookup_object(bus, path);
	TpIfaceEntry *entry =
	    object ? tp_object_find_entry(object, iface->name) : NULL;
	int index = tp_property_index(iface, property);

	/* Objects may change before they are exported; nothing to announce. */
	if (!entry)
		return;
	g_return_if_fail(index >= 0 && index < 64);

	entry->pending |= G_GUINT64_CONSTANT(1) << index;
	if (!entry->queued) {
		entry->queued = true;
		g_ptr_array_add(bus->pending, entry);
	}
	/* Same priority as message dispatch: it runs in this iteration even
	 * under a flood of calls, after the handlers that queued it. */
	if (bus->flush_id == 0)
		bus->flush_id = g_idle_add_full(G_PRIORITY_DEFAULT,
						tp_bus_flush_idle, bus, NULL);
}

/* ---- signals ----------------------------------------------------------- */

static const TpSignal *tp_find_signal(const TpInterface *iface,
				      const char *name)
{
	for (const TpSignal *s = iface->signals; s && s->name; s++)
		if (strcmp(s->name, name) == 0)
			return s;
	return NULL;
}

/* The tuple @data's children as the message's arguments. */
static bool tp_append_tuple(DBusMessageIter *iter, void *data)
{
	GVariant *args = data;
	gsize n = args ? g_variant_n_children(args) : 0;

	for (gsize i = 0; i < n; i++) {
		GVariant *child = g_variant_get_child_value(args, i);
		bool ok = tp_dbus_iter_append_gvariant(iter, child);

		g_variant_unref(child);
		if (!ok)
			return false;
	}
	return true;
}

void tp_bus_emit_signal(TpBus *bus, const char *path, const TpInterface *iface,
			const char *signal, GVariant *args)
{
	g_autoptr(GVariant) owned = args ? g_variant_ref_sink(args) : NULL;

	g_return_if_fail(!owned ||
			 g_variant_is_of_type(owned, G_VARIANT_TYPE_TUPLE));
	tp_bus_emit_signal_with(bus, path, iface, signal, tp_append_tuple,
				owned);
}

void tp_bus_emit_signal_with(TpBus *bus, const char *path,
			     const TpInterface *iface, const char *signal,
			     TpArgsBuilder build, void *data)
{
	const TpSignal *def = tp_find_signal(iface, signal);
	DBusMessage *msg;
	DBusMessageIter iter;
	const char *sig;

	g_return_if_fail(def != NULL);
	msg = dbus_message_new_signal(path, iface->name, signal);
	if (!msg)
		return;
	dbus_message_iter_init_append(msg, &iter);
	if (build && !build(&iter, data)) {
		dbus_message_unref(msg);
		return;
	}
	/* It must carry exactly the table's arguments. */
	sig = dbus_message_get_signature(msg);
	if (!tp_args_match(def->args, sig, strlen(sig))) {
		g_critical("%s.%s built with signature '%s', not the table's",
			   iface->name, signal, sig);
		dbus_message_unref(msg);
		return;
	}
	tp_bus_send(bus, msg);
}

/* ---- objects ----------------------------------------------------------- */

static void tp_object_free(TpObject *object)
{
	g_ptr_array_unref(object->entries);
	g_free(object->path);
	g_free(object);
}

static TpObject *tp_bus_ensure_object(TpBus *bus, const char *path)
{
	TpObject *object = tp_bus_lookup_object(bus, path);

	if (object)
		return object;
	object = g_new0(TpObject, 1);
	object->bus = bus;
	object->path = g_strdup(path);
	object->entries = g_ptr_array_new_with_free_func(g_free);
	g_hash_table_insert(bus->objects, object->path, object);
	return object;
}

/* InterfacesAdded (oa{sa{sv}}) of one interface. */
static bool tp_append_interfaces_added(DBusMessageIter *iter, void *data)
{
	TpIfaceEntry *entry = data;
	DBusMessageIter ifaces;

	if (!tp_append_path(iter, entry->object->path) ||
	    !dbus_message_iter_open_container(iter, DBUS_TYPE_ARRAY, "{sa{sv}}",
					      &ifaces))
		return false;
	return tp_append_close(iter, &ifaces,
			       tp_entry_append_interface(entry, &ifaces));
}

static void tp_emit_interfaces_added(TpIfaceEntry *entry)
{
	const char *root = tp_object_manager_root(entry->object);

	if (!root)
		return;
	tp_bus_emit_signal_with(entry->object->bus, root,
				&tp_object_manager_interface, "InterfacesAdded",
				tp_append_interfaces_added, entry);
}

typedef struct {
	const char *path;
	const char *name;
} TpRemoval;

/* InterfacesRemoved (oas) of one interface. */
static bool tp_append_interfaces_removed(DBusMessageIter *iter, void *data)
{
	TpRemoval *r = data;

	return tp_append_path(iter, r->path) &&
	       tp_append_strv(iter, (const char *const[]){ r->name, NULL });
}

static void tp_emit_interfaces_removed(TpObject *object, const char *name)
{
	const char *root = tp_object_manager_root(object);

	if (!root)
		return;
	tp_bus_emit_signal_with(object->bus, root, &tp_object_manager_interface,
				"InterfacesRemoved",
				tp_append_interfaces_removed,
				&(TpRemoval){ object->path, name });
}

bool tp_bus_add_interface(TpBus *bus, const char *path,
			  const TpInterface *iface, void *user_data)
{
	TpObject *object = tp_bus_ensure_object(bus, path);
	TpIfaceEntry *entry;

	if (tp_object_find_entry(object, iface->name))
		return false;
	entry = g_new0(TpIfaceEntry, 1);
	entry->iface = iface;
	entry->user_data = user_data;
	entry->object = object;
	g_ptr_array_add(object->entries, entry);
	tp_emit_interfaces_added(entry);
	return true;
}

void tp_bus_remove_interface(TpBus *bus, const char *path,
			     const TpInterface *iface)
{
	TpObject *object = tp_bus_lookup_object(bus, path);
	TpIfaceEntry *entry =
	    object ? tp_object_find_entry(object, iface->name) : NULL;

	if (!entry)
		return;
	/* Changes of a vanishing interface are of no use to anyone. */
	tp_entry_unqueue(entry);
	tp_emit_interfaces_removed(object, iface->name);
	g_ptr_array_remove(object->entries, entry);
	/* Manager objects stay: they answer ObjectManager. */
	if (object->entries->len == 0 && !tp_bus_is_manager_path(bus, path))
		g_hash_table_remove(bus->objects, path);
}

void tp_bus_remove_object(TpBus *bus, const char *path)
{
	TpObject *object;

	/* Removing the last interface frees the object. */
	while ((object = tp_bus_lookup_object(bus, path)) &&
	       object->entries->len > 0) {
		TpIfaceEntry *last = g_ptr_array_index(
		    object->entries, object->entries->len - 1);
		tp_bus_remove_interface(bus, path, last->iface);
	}
}

TpBus *tp_bus_new(DBusConnection *conn, const char *manager_path)
{
	TpBus *bus = g_new0(TpBus, 1);

	bus->conn = dbus_connection_ref(conn);
	bus->manager_paths = g_ptr_array_new_with_free_func(g_free);
	bus->objects = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
					     (GDestroyNotify)tp_object_free);
	bus->pending = g_ptr_array_new();
	bus->auth_requests = g_ptr_array_new();
	bus->caller_uid = TP_UID_UNKNOWN;
	/* One fallback handler at the root: every path is looked up in the
	 * registry, so parent nodes can be introspected too. */
	if (!dbus_connection_register_fallback(conn, "/", &tp_bus_vtable, bus))
		g_error("out of memory registering the object handler");
	tp_bus_add_object_manager(bus, manager_path);
	return bus;
}

void tp_bus_add_object_manager(TpBus *bus, const char *path)
{
	if (tp_bus_is_manager_path(bus, path))
		return;
	g_ptr_array_add(bus->manager_paths, g_strdup(path));
	/* The manager object exists from the start, for ObjectManager. */
	tp_bus_ensure_object(bus, path);
}

void tp_bus_free(TpBus *bus)
{
	if (!bus)
		return;
	if (bus->flush_id)
		g_source_remove(bus->flush_id);
	dbus_connection_unregister_object_path(bus->conn, "/");
	tp_bus_orphan_auth_requests(bus);
	g_ptr_array_unref(bus->auth_requests);
	g_ptr_array_unref(bus->pending);
	g_hash_table_unref(bus->objects);
	dbus_connection_unref(bus->conn);
	g_ptr_array_unref(bus->manager_paths);
	g_free(bus);
}

DBusConnection *tp_bus_get_connection(TpBus *bus)
{
	return bus->conn;
}
