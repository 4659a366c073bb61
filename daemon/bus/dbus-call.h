/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <dbus/dbus.h>
#include <glib.h>

/*
 * One asynchronous method call, the only way tpd waits for a reply: sent,
 * then answered by its reply, by a timeout or by the connection closing,
 * unless cancelled. Every caller gets a handle to cancel with, a callback
 * that never runs from inside the call that started it, and a destroy
 * notify that runs however the call ends. The connection must be attached
 * to the main loop (common/dbus-mainloop.h) for replies to arrive.
 */

typedef struct TpDbusCall TpDbusCall;

/* @reply is a method return or an error: a timeout arrives as
 * org.freedesktop.DBus.Error.NoReply, a call that could not be sent as
 * org.freedesktop.DBus.Error.Disconnected. */
typedef void (*TpReplyCallback)(DBusMessage *reply, void *user_data);

/* Send @msg (its reference is taken) with a timeout in milliseconds.
 * @callback runs once, on the main loop, unless the call is cancelled or
 * its connection is dropped first; then @destroy (if any) frees
 * @user_data. The handle is valid until @callback has run or the call was
 * cancelled; callers that may cancel keep it, others ignore it. */
TpDbusCall *tp_dbus_call(DBusConnection *conn, DBusMessage *msg, int timeout_ms,
			 TpReplyCallback callback, void *user_data,
			 GDestroyNotify destroy);

/* @callback will not run, and @destroy runs now. Safe on NULL. */
void tp_dbus_call_cancel(TpDbusCall *call);
