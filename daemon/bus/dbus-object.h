/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <dbus/dbus.h>
#include <glib.h>
#include <stdbool.h>
#include <sys/types.h>

/* What getters and builders append with. */
#include "dbus-append.h"

/*
 * The table-driven object layer. Every exported interface is a TpInterface:
 * methods with named in/out arguments, properties with getters, signals.
 * Dispatch is generic: the layer finds the method, checks the call's
 * signature against the table (a mismatch gets the interface's InvalidArgs
 * error, naming the expected signature), answers
 * org.freedesktop.DBus.Properties, Introspectable and ObjectManager, and
 * batches PropertiesChanged so that each changed property is announced once per
 * main-loop iteration.
 */

#ifndef DBUS_INTERFACE_OBJECT_MANAGER
#define DBUS_INTERFACE_OBJECT_MANAGER "org.freedesktop.DBus.ObjectManager"
#endif

typedef struct TpBus TpBus;

typedef struct {
	const char *name;
	const char *signature;
} TpArg;

/* Sentinel-terminated argument lists for the tables below. */
#define TP_ARGS(...) ((const TpArg[]){ __VA_ARGS__, { NULL, NULL } })
#define TP_NO_ARGS   ((const TpArg[]){ { NULL, NULL } })

/*
 * Returns the reply (method return or error), or NULL when the handler keeps
 * a reference to @msg and replies later with tp_bus_send().
 */
typedef DBusMessage *(*TpMethodHandler)(TpBus *bus, DBusMessage *msg,
					void *user_data);

typedef struct {
	const char *name;
	const TpArg *in;
	const TpArg *out;
	TpMethodHandler handler;
	/* What the caller must be allowed to do (a polkit action id), asked
	 * of the bus's authorizer before @handler runs; NULL: anyone. */
	const char *action;
} TpMethod;

/*
 * Appends the current value at @iter, of the property's signature and
 * without a variant around it: the layer opens that with the table's
 * signature. False when out of memory. dbus-append.h has one-line helpers
 * for the common types; a value not on a hot path may also be built as a
 * GVariant and appended with tp_dbus_iter_append_gvariant().
 */
typedef bool (*TpPropertyGetter)(DBusMessageIter *iter, void *user_data);
/* Returns NULL on success, or an error reply to @msg. */
typedef DBusMessage *(*TpPropertySetter)(TpBus *bus, DBusMessage *msg,
					 GVariant *value, void *user_data);
/* Optional properties: absent (not an error value) while this is false. */
typedef bool (*TpPropertyExists)(void *user_data);

typedef struct {
	const char *name;
	const char *signature;
	TpPropertyGetter get;
	TpPropertySetter set;	 /* NULL: read-only */
	TpPropertyExists exists; /* NULL: always present */
} TpProperty;

typedef struct {
	const char *name;
	const TpArg *args;
} TpSignal;

typedef struct {
	const char *name;
	const TpMethod *methods;      /* { NULL } terminated, or NULL */
	const TpProperty *properties; /* { NULL } terminated, or NULL */
	const TpSignal *signals;      /* { NULL } terminated, or NULL */
	/* The error name for a call whose arguments do not match the table;
	 * NULL: org.freedesktop.DBus.Error.InvalidArgs. An application names
	 * its own for its own interfaces. */
	const char *invalid_args_error;
} TpInterface;

/* Standard interfaces, declared as tables like every other. */
extern const TpInterface tp_properties_interface;
extern const TpInterface tp_introspectable_interface;
extern const TpInterface tp_object_manager_interface;

/*
 * Export objects on @conn. @manager_path carries
 * org.freedesktop.DBus.ObjectManager for every object below it.
 */
TpBus *tp_bus_new(DBusConnection *conn, const char *manager_path);
/* Another ObjectManager root, for a tree of its own (an application
 * registered with BlueZ, say). Objects belong to the closest root above
 * them. */
void tp_bus_add_object_manager(TpBus *bus, const char *path);
void tp_bus_free(TpBus *bus);
DBusConnection *tp_bus_get_connection(TpBus *bus);

/* Add @iface to the object at @path (created on first use) and announce it
 * with InterfacesAdded. False if the object already has it. */
bool tp_bus_add_interface(TpBus *bus, const char *path,
			  const TpInterface *iface, void *user_data);
/* Remove one interface (InterfacesRemoved); the object goes with its last. */
void tp_bus_remove_interface(TpBus *bus, const char *path,
			     const TpInterface *iface);
void tp_bus_remove_object(TpBus *bus, const char *path);

/* Announce that a property changed; sent batched at the end of the
 * main-loop iteration with the value current at that time. */
void tp_bus_property_changed(TpBus *bus, const char *path,
			     const TpInterface *iface, const char *property);

/* Appends a message's arguments at @iter; false when out of memory. */
typedef bool (*TpArgsBuilder)(DBusMessageIter *iter, void *data);

/* Emit a signal of @iface; @args is a tuple (floating consumed) or NULL.
 * Pending property changes go out first, so clients see state before
 * the event. */
void tp_bus_emit_signal(TpBus *bus, const char *path, const TpInterface *iface,
			const char *signal, GVariant *args);
/* The same with the arguments appended by @build (NULL: none), for
 * signals sent often enough that a GVariant's conversion shows. */
void tp_bus_emit_signal_with(TpBus *bus, const char *path,
			     const TpInterface *iface, const char *signal,
			     TpArgsBuilder build, void *data);

/* Send @msg (a reply from an async handler, say) and drop its reference. */
void tp_bus_send(TpBus *bus, DBusMessage *msg);

/* Send every pending PropertiesChanged now. */
void tp_bus_flush_changes(TpBus *bus);

/*
 * Authorization. A method with an action runs only once the bus's
 * authorizer said yes; meanwhile the call waits and nothing of it
 * happens. The authorizer is asked with a request it answers exactly
 * once, on the main loop, with tp_auth_request_done().
 */
typedef struct TpAuthRequest TpAuthRequest;
typedef void (*TpAuthorizer)(TpAuthRequest *req, DBusMessage *msg,
			     const char *action, void *user_data);
/* Without one, every method runs at once (and callers are unknown). */
void tp_bus_set_authorizer(TpBus *bus, TpAuthorizer authorizer,
			   void *user_data);
/* @refusal NULL: the caller (@uid) may; the method runs now. Else the
 * error reply to send instead (its reference is taken). */
void tp_auth_request_done(TpAuthRequest *req, uid_t uid, DBusMessage *refusal);
/* Inside a method with an action: the uid its caller was authorized as;
 * TP_UID_UNKNOWN anywhere else. */
#define TP_UID_UNKNOWN ((uid_t)-1)
uid_t tp_bus_caller_uid(TpBus *bus);

/* The D-Bus signature of an argument list, e.g. "ossa{sv}". */
char *tp_args_signature(const TpArg *args);

/* Build a method return carrying @out (a tuple, floating consumed). */
DBusMessage *tp_reply_new(DBusMessage *msg, GVariant *out);
/* The same with the arguments appended by @build; out of memory gives
 * an error reply, as it does for tp_reply_new(). */
DBusMessage *tp_reply_new_with(DBusMessage *msg, TpArgsBuilder build,
			       void *data);
