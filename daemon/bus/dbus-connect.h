/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <dbus/dbus.h>
#include <glib.h>
#include <stdbool.h>

/*
 * Connect to a message bus without blocking the main loop: Hello and
 * RequestName are sent as asynchronous calls (dbus_bus_get() and
 * dbus_bus_request_name() would block on their replies).
 */

/* Open a private connection to the system or session bus, attached to the
 * GLib main loop at @priority; the Hello reply is handled when it
 * arrives. */
DBusConnection *tp_dbus_connect(DBusBusType type, int priority, GError **error);

/* @error is NULL when @name was acquired, else why not. */
typedef void (*TpNameCallback)(const char *error, void *user_data);

/* Request @name with DBUS_NAME_FLAG_DO_NOT_QUEUE. */
void tp_dbus_request_name(DBusConnection *conn, const char *name,
			  TpNameCallback callback, void *user_data);

/* Send a method call to the bus driver and ignore its reply. */
void tp_dbus_call_driver_noreply(DBusConnection *conn, const char *method,
				 const char *arg);
