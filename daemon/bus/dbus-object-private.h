/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Shared by dbus-object.c and the standard interfaces in dbus-standard.c. */
#pragma once

#include "dbus-object.h"

typedef struct TpObject TpObject;

typedef struct {
	const TpInterface *iface;
	void *user_data;
	TpObject *object;
	guint64 pending; /* bit i: properties[i] changed */
	bool queued;	 /* on bus->pending */
} TpIfaceEntry;

struct TpObject {
	TpBus *bus;
	char *path;
	GPtrArray *entries; /* TpIfaceEntry*, in order of addition */
};

struct TpBus {
	DBusConnection *conn;
	GPtrArray *manager_paths; /* char*: ObjectManager roots */
	GHashTable *objects;	  /* path -> TpObject* */
	GPtrArray *pending;	  /* TpIfaceEntry* with pending changes */
	guint flush_id;

	TpAuthorizer authorizer;
	void *authorizer_data;
	GPtrArray *auth_requests; /* TpAuthRequest* waiting for an answer */
	DBusMessage *authorized;  /* the call running after its yes */
	uid_t caller_uid;	  /* of @authorized */
};

TpObject *tp_bus_lookup_object(TpBus *bus, const char *path);
/* Find and run the method @msg calls; its reply, or NULL for later. */
DBusMessage *tp_bus_dispatch(TpBus *bus, DBusMessage *msg);
/* Send @reply (may be NULL) to @msg unless @msg asked for none. */
void tp_bus_answer(TpBus *bus, DBusMessage *msg, DBusMessage *reply);
/* Whether @method must wait for the authorizer; if so, it was asked. */
bool tp_bus_authorize(TpBus *bus, DBusMessage *msg, const TpMethod *method);
/* Requests still waiting when the bus goes: their answers are dropped. */
void tp_bus_orphan_auth_requests(TpBus *bus);
TpIfaceEntry *tp_object_find_entry(TpObject *object, const char *iface_name);
/* The ObjectManager root @object is listed by (the closest one above
 * it), or NULL. */
const char *tp_object_manager_root(TpObject *object);
bool tp_bus_is_manager_path(TpBus *bus, const char *path);

/* Interfaces an object answers besides its own: Properties and
 * Introspectable, plus ObjectManager on a manager path. */
const TpInterface *const *tp_object_standard_interfaces(TpObject *object);

/* Whether @prop is there now (see TpPropertyExists). */
bool tp_entry_has_property(TpIfaceEntry *entry, const TpProperty *prop);
/* The {sv} entry of @prop, at @dict: an a{sv} being built. */
bool tp_entry_append_property(TpIfaceEntry *entry, const TpProperty *prop,
			      DBusMessageIter *dict);
/* Properties as a{sv} (absent ones left out); @entry NULL: none, as a
 * standard interface has. */
bool tp_entry_append_all_properties(TpIfaceEntry *entry, DBusMessageIter *iter);
/* The {sa{sv}} entry of @entry's interface, at an a{sa{sv}} being built. */
bool tp_entry_append_interface(TpIfaceEntry *entry, DBusMessageIter *ifaces);
/* Interfaces and their properties as a{sa{sv}}. */
bool tp_object_append_interfaces(TpObject *object, DBusMessageIter *iter);

/* The introspection XML of one interface, from dbus/; NULL if unknown. */
const char *tp_introspection_xml(const char *iface_name);
char *tp_bus_introspect(TpBus *bus, const char *path);
