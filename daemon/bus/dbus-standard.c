/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * org.freedesktop.DBus.Properties, Introspectable and ObjectManager,
 * declared as tables and dispatched like every other interface; the
 * user_data of their handlers is the TpObject.
 */
#include <string.h>

#include "common/dbus-gvariant.h"
#include "common/memory.h"
#include "dbus-error.h"
#include "dbus-object-private.h"

static const char tp_introspect_header[] =
    "<!DOCTYPE node PUBLIC "
    "\"-//freedesktop//DTD D-BUS Object Introspection 1.0//EN\"\n"
    " \"http://www.freedesktop.org/standards/dbus/1.0/introspect.dtd\">\n";

const TpInterface *const *tp_object_standard_interfaces(TpObject *object)
{
	static const TpInterface *const plain[] = {
		&tp_properties_interface, &tp_introspectable_interface, NULL
	};
	static const TpInterface *const manager[] = {
		&tp_properties_interface, &tp_introspectable_interface,
		&tp_object_manager_interface, NULL
	};

	return tp_bus_is_manager_path(object->bus, object->path) ? manager
								 : plain;
}

static const TpProperty *tp_entry_find_property(TpIfaceEntry *entry,
						const char *name)
{
	for (const TpProperty *p = entry->iface->properties; p && p->name; p++)
		if (strcmp(p->name, name) == 0)
			return p;
	return NULL;
}

bool tp_entry_has_property(TpIfaceEntry *entry, const TpProperty *prop)
{
	return !prop->exists || prop->exists(entry->user_data);
}

/* The value as a variant: the getter appends inside it. */
static bool tp_entry_append_value(TpIfaceEntry *entry, const TpProperty *prop,
				  DBusMessageIter *iter)
{
	DBusMessageIter sub;

	if (!dbus_message_iter_open_container(iter, DBUS_TYPE_VARIANT,
					      prop->signature, &sub))
		return false;
	return tp_append_close(iter, &sub, prop->get(&sub, entry->user_data));
}

bool tp_entry_append_property(TpIfaceEntry *entry, const TpProperty *prop,
			      DBusMessageIter *dict)
{
	DBusMessageIter sub;

	if (!dbus_message_iter_open_container(dict, DBUS_TYPE_DICT_ENTRY, NULL,
					      &sub))
		return false;
	return tp_append_close(dict, &sub,
			       tp_append_string(&sub, prop->name) &&
				   tp_entry_append_value(entry, prop, &sub));
}

static bool tp_entry_append_present(TpIfaceEntry *entry, DBusMessageIter *dict)
{
	for (const TpProperty *p = entry->iface->properties; p && p->name; p++)
		if (tp_entry_has_property(entry, p) &&
		    !tp_entry_append_property(entry, p, dict))
			return false;
	return true;
}

bool tp_entry_append_all_properties(TpIfaceEntry *entry, DBusMessageIter *iter)
{
	DBusMessageIter dict;

	if (!dbus_message_iter_open_container(iter, DBUS_TYPE_ARRAY, "{sv}",
					      &dict))
		return false;
	return tp_append_close(iter, &dict,
			       !entry || tp_entry_append_present(entry, &dict));
}

bool tp_entry_append_interface(TpIfaceEntry *entry, DBusMessageIter *ifaces)
{
	DBusMessageIter sub;

	if (!dbus_message_iter_open_container(ifaces, DBUS_TYPE_DICT_ENTRY,
					      NULL, &sub))
		return false;
	return tp_append_close(ifaces, &sub,
			       tp_append_string(&sub, entry->iface->name) &&
				   tp_entry_append_all_properties(entry, &sub));
}

static bool tp_object_append_entries(TpObject *object, DBusMessageIter *ifaces)
{
	for (guint i = 0; i < object->entries->len; i++)
		if (!tp_entry_append_interface(
			g_ptr_array_index(object->entries, i), ifaces))
			return false;
	return true;
}

bool tp_object_append_interfaces(TpObject *object, DBusMessageIter *iter)
{
	DBusMessageIter ifaces;

	if (!dbus_message_iter_open_container(iter, DBUS_TYPE_ARRAY, "{sa{sv}}",
					      &ifaces))
		return false;
	return tp_append_close(iter, &ifaces,
			       tp_object_append_entries(object, &ifaces));
}

/* The entry for Properties.Get/GetAll/Set's interface argument, or an
 * error reply in *error. Standard interfaces have no properties. */
static TpIfaceEntry *tp_properties_entry(TpObject *object, DBusMessage *msg,
					 const char *iface_name,
					 DBusMessage **error)
{
	TpIfaceEntry *entry = tp_object_find_entry(object, iface_name);

	*error = NULL;
	if (entry)
		return entry;
	for (const TpInterface *const *std =
		 tp_object_standard_interfaces(object);
	     *std; std++)
		if (strcmp((*std)->name, iface_name) == 0)
			return NULL;
	*error = tp_error_unknown_interface(
	    msg, "object %s has no interface %s", object->path, iface_name);
	return NULL;
}

typedef struct {
	TpIfaceEntry *entry;
	const TpProperty *prop;
} TpPropertyRef;

static bool tp_append_get_reply(DBusMessageIter *iter, void *data)
{
	TpPropertyRef *ref = data;

	return tp_entry_append_value(ref->entry, ref->prop, iter);
}

static DBusMessage *tp_properties_get(TpBus *bus, DBusMessage *msg, void *data)
{
	TpObject *object = data;
	const char *iface_name, *name;
	DBusMessage *error;
	TpIfaceEntry *entry;
	const TpProperty *prop;
	(void)bus;

	dbus_message_get_args(msg, NULL, DBUS_TYPE_STRING, &iface_name,
			      DBUS_TYPE_STRING, &name, DBUS_TYPE_INVALID);
	entry = tp_properties_entry(object, msg, iface_name, &error);
	if (error)
		return error;
	prop = entry ? tp_entry_find_property(entry, name) : NULL;
	if (!prop || !tp_entry_has_property(entry, prop))
		return tp_error_unknown_property(msg, "%s has no property %s%s",
						 iface_name, name,
						 prop ? " at the moment" : "");
	return tp_reply_new_with(msg, tp_append_get_reply,
				 &(TpPropertyRef){ entry, prop });
}

static bool tp_append_get_all_reply(DBusMessageIter *iter, void *data)
{
	return tp_entry_append_all_properties(data, iter);
}

static DBusMessage *tp_properties_get_all(TpBus *bus, DBusMessage *msg,
					  void *data)
{
	TpObject *object = data;
	const char *iface_name;
	DBusMessage *error;
	TpIfaceEntry *entry;
	(void)bus;

	dbus_message_get_args(msg, NULL, DBUS_TYPE_STRING, &iface_name,
			      DBUS_TYPE_INVALID);
	entry = tp_properties_entry(object, msg, iface_name, &error);
	if (error)
		return error;
	return tp_reply_new_with(msg, tp_append_get_all_reply, entry);
}

static DBusMessage *tp_properties_set(TpBus *bus, DBusMessage *msg, void *data)
{
	TpObject *object = data;
	g_autoptr(GVariant) args = tp_dbus_message_get_gvariant(msg);
	g_autoptr(GVariant) value = NULL;
	const char *iface_name, *name;
	DBusMessage *error;
	TpIfaceEntry *entry;
	const TpProperty *prop;

	if (!args)
		return tp_error_dbus_invalid_args(msg,
						  "unsupported value type");
	g_variant_get(args, "(&s&sv)", &iface_name, &name, &value);
	entry = tp_properties_entry(object, msg, iface_name, &error);
	if (error)
		return error;
	prop = entry ? tp_entry_find_property(entry, name) : NULL;
	/* An absent property is absent for Set as it is for Get. */
	if (!prop || !tp_entry_has_property(entry, prop))
		return tp_error_unknown_property(msg, "%s has no property %s",
						 iface_name, name);
	if (!prop->set)
		return tp_error_property_read_only(msg, "%s.%s is read-only",
						   iface_name, name);
	if (strcmp(g_variant_get_type_string(value), prop->signature) != 0)
		return tp_error_dbus_invalid_args(
		    msg, "%s.%s has signature '%s'; got '%s'", iface_name, name,
		    prop->signature, g_variant_get_type_string(value));
	error = prop->set(bus, msg, value, entry->user_data);
	return error ? error : tp_reply_new(msg, NULL);
}

const TpInterface tp_properties_interface = {
	.name = DBUS_INTERFACE_PROPERTIES,
	.methods =
	    (const TpMethod[]){
		{ "Get",
		  TP_ARGS({ "interface_name", "s" }, { "property_name", "s" }),
		  TP_ARGS({ "value", "v" }), tp_properties_get },
		{ "GetAll", TP_ARGS({ "interface_name", "s" }),
		  TP_ARGS({ "properties", "a{sv}" }), tp_properties_get_all },
		{ "Set",
		  TP_ARGS({ "interface_name", "s" }, { "property_name", "s" },
			  { "value", "v" }),
		  TP_NO_ARGS, tp_properties_set },
		{ NULL } },
	.signals =
	    (const TpSignal[]){ { "PropertiesChanged",
				  TP_ARGS({ "interface_name", "s" },
					  { "changed_properties", "a{sv}" },
					  { "invalidated_properties", "as" }) },
				{ NULL } },
};

/* ---- Introspectable ---------------------------------------------------- */

/* Names of the nodes directly below @path, sorted. */
static GPtrArray *tp_bus_child_nodes(TpBus *bus, const char *path)
{
	g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
	GPtrArray *children = g_ptr_array_new_with_free_func(g_free);
	size_t n = strcmp(path, "/") == 0 ? 0 : strlen(path);
	GHashTableIter it;
	const char *other;

	g_hash_table_iter_init(&it, bus->objects);
	while (g_hash_table_iter_next(&it, (gpointer *)&other, NULL)) {
		if (strncmp(other, path, n) != 0 || other[n] != '/' ||
		    other[n + 1] == '\0')
			continue;
		const char *start = other + n + 1;
		const char *end = strchrnul(start, '/');
		char *name = g_strndup(start, end - start);
		/* Not g_hash_table_add(): it keeps the new key of a duplicate,
		 * which is freed here. */
		if (g_hash_table_contains(seen, name)) {
			g_free(name);
			continue;
		}
		g_hash_table_add(seen, name);
		g_ptr_array_add(children, name);
	}
	return children;
}

static gint tp_compare_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void tp_append_interface_xml(GString *xml, const char *name)
{
	const char *text = tp_introspection_xml(name);

	if (text)
		g_string_append_printf(xml, "  %s\n", text);
	else
		g_critical("no introspection XML for %s in dbus/", name);
}

char *tp_bus_introspect(TpBus *bus, const char *path)
{
	TpObject *object = tp_bus_lookup_object(bus, path);
	g_autoptr(GPtrArray) children = tp_bus_child_nodes(bus, path);
	GString *xml;

	if (!object && children->len == 0)
		return NULL;
	g_ptr_array_sort(children, tp_compare_names);

	xml = g_string_new(tp_introspect_header);
	g_string_append(xml, "<node>\n");
	if (object) {
		for (const TpInterface *const *std =
			 tp_object_standard_interfaces(object);
		     *std; std++)
			tp_append_interface_xml(xml, (*std)->name);
		for (guint i = 0; i < object->entries->len; i++) {
			TpIfaceEntry *e = g_ptr_array_index(object->entries, i);
			tp_append_interface_xml(xml, e->iface->name);
		}
	} else {
		tp_append_interface_xml(xml, DBUS_INTERFACE_INTROSPECTABLE);
	}
	for (guint i = 0; i < children->len; i++)
		g_string_append_printf(xml, "  <node name=\"%s\"/>\n",
				       (char *)g_ptr_array_index(children, i));
	g_string_append(xml, "</node>\n");
	return g_string_free(xml, FALSE);
}

static DBusMessage *tp_introspect(TpBus *bus, DBusMessage *msg, void *data)
{
	TpObject *object = data;
	g_autofree char *xml = tp_bus_introspect(bus, object->path);

	return tp_reply_new(msg, g_variant_new("(s)", xml));
}

const TpInterface tp_introspectable_interface = {
	.name = DBUS_INTERFACE_INTROSPECTABLE,
	.methods =
	    (const TpMethod[]){ { "Introspect", TP_NO_ARGS,
				  TP_ARGS({ "xml_data", "s" }), tp_introspect },
				{ NULL } },
};

/* ---- ObjectManager ----------------------------------------------------- */

static bool tp_append_managed_object(TpObject *object, DBusMessageIter *objects)
{
	DBusMessageIter sub;

	if (!dbus_message_iter_open_container(objects, DBUS_TYPE_DICT_ENTRY,
					      NULL, &sub))
		return false;
	return tp_append_close(objects, &sub,
			       tp_append_path(&sub, object->path) &&
				   tp_object_append_interfaces(object, &sub));
}

/* {oa{sa{sv}}} for every object @manager lists, in the registry's
 * order. */
static bool tp_append_managed(TpObject *manager, DBusMessageIter *objects)
{
	GHashTableIter it;
	TpObject *object;

	g_hash_table_iter_init(&it, manager->bus->objects);
	while (g_hash_table_iter_next(&it, NULL, (gpointer *)&object)) {
		if (g_strcmp0(tp_object_manager_root(object), manager->path))
			continue;
		if (!tp_append_managed_object(object, objects))
			return false;
	}
	return true;
}

static bool tp_append_managed_reply(DBusMessageIter *iter, void *data)
{
	DBusMessageIter objects;

	if (!dbus_message_iter_open_container(iter, DBUS_TYPE_ARRAY,
					      "{oa{sa{sv}}}", &objects))
		return false;
	return tp_append_close(iter, &objects,
			       tp_append_managed(data, &objects));
}

static DBusMessage *tp_get_managed_objects(TpBus *bus, DBusMessage *msg,
					   void *data)
{
	(void)bus;
	/* With many devices the largest reply tpd builds: what it took goes
	 * back once it is sent. */
	tp_memory_trim_soon();
	return tp_reply_new_with(msg, tp_append_managed_reply, data);
}

const TpInterface tp_object_manager_interface = {
	.name = DBUS_INTERFACE_OBJECT_MANAGER,
	.methods =
	    (const TpMethod[]){ { "GetManagedObjects", TP_NO_ARGS,
				  TP_ARGS({ "objects", "a{oa{sa{sv}}}" }),
				  tp_get_managed_objects },
				{ NULL } },
	.signals =
	    (const TpSignal[]){
		{ "InterfacesAdded",
		  TP_ARGS({ "object_path", "o" },
			  { "interfaces_and_properties", "a{sa{sv}}" }) },
		{ "InterfacesRemoved",
		  TP_ARGS({ "object_path", "o" }, { "interfaces", "as" }) },
		{ NULL } },
};
