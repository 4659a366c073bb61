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
 * GLib main loop; the Hello reply is handled when it arrives. */
DBusConnection *tp_dbus_connect(DBusBusType type, GError **error);

/* @error is NULL when @name was acquired, else why not. */
typedef void (*TpNameCallback)(const char *error, void *user_data);

/* Request @name with DBUS_NAME_FLAG_DO_NOT_QUEUE. */
void tp_dbus_request_name(DBusConnection *conn, const char *name,
			  TpNameCallback callback, void *user_data);

/* Send a method call to the bus driver and ignore its reply. */
void tp_dbus_call_driver_noreply(DBusConnection *conn, const char *method,
				 const char *arg);

/* Reply handler for tp_dbus_call_async(): @reply is a method return or an
 * error (a timeout arrives as org.freedesktop.DBus.Error.NoReply). */
typedef void (*TpReplyCallback)(DBusMessage *reply, void *user_data);

/* Send @call (reference dropped) with a timeout in milliseconds. */
bool tp_dbus_call_async(DBusConnection *conn, DBusMessage *call, int timeout_ms,
			TpReplyCallback callback, void *user_data);
/* The same; @destroy frees @user_data once the call is over, however it
 * ends: answered, cancelled (dbus_pending_call_cancel()), or dropped with
 * the connection. Returns a reference to the pending call, to cancel it
 * with, or NULL when it could not be sent (@destroy has run then). */
DBusPendingCall *tp_dbus_call_async_full(DBusConnection *conn,
					 DBusMessage *call, int timeout_ms,
					 TpReplyCallback callback,
					 void *user_data,
					 GDestroyNotify destroy);
