/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <dbus/dbus.h>
#include <glib.h>
#include <stdbool.h>

/*
 * tpctl's side of the API: plain libdbus calls (blocking is fine in a
 * command-line client), values as GVariant, and D-Bus errors turned into
 * GErrors of TP_ERROR whose code says how tpctl should exit.
 */

typedef struct {
	DBusConnection *conn;
	bool session_bus;
} TpClient;

/* Exit statuses, tpctl(1). */
enum {
	TP_EXIT_OK = 0,
	TP_EXIT_FAILURE = 1,
	TP_EXIT_USAGE = 2, /* bad usage or invalid input */
};

bool tp_client_connect(TpClient *c, bool session_bus, GError **error);
void tp_client_close(TpClient *c);

/* Call and return the reply's arguments as a tuple of @reply_type. */
GVariant *tp_client_call(TpClient *c, const char *path, const char *iface,
			 const char *method, GVariant *args,
			 const char *reply_type, GError **error);
GVariant *tp_client_get_all(TpClient *c, const char *path, const char *iface,
			    GError **error);
/* a{oa{sa{sv}}} of the manager's ObjectManager. */
GVariant *tp_client_managed_objects(TpClient *c, GError **error);
/* The one aa{sv} a Manager method returns (ListMuscles, FindMuscles,
 * GetHistory, …); @args as for tp_client_call(). */
GVariant *tp_client_manager_list(TpClient *c, const char *method,
				 GVariant *args, GError **error);
/* Manager properties as a{sv}. */
GVariant *tp_client_manager_properties(TpClient *c, GError **error);

/* Turn a device given as an object path, an address or a name into its
 * object path. */
char *tp_client_resolve_device(TpClient *c, const char *device, GError **error);

/* Print "tpctl: message" and return the exit status for @error. */
int tp_client_fail(const GError *error);

/* Lookups in a{sv} with defaults, for printing. */
const char *tp_dict_str(GVariant *dict, const char *key, const char *fallback);
guint32 tp_dict_u32(GVariant *dict, const char *key, guint32 fallback);
gint64 tp_dict_i64(GVariant *dict, const char *key, gint64 fallback);
bool tp_dict_bool(GVariant *dict, const char *key, bool fallback);
bool tp_dict_has(GVariant *dict, const char *key);
double tp_dict_double(GVariant *dict, const char *key, double fallback);
