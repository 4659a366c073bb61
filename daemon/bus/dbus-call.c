/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "dbus-call.h"

#include <stdbool.h>

struct TpDbusCall {
	DBusPendingCall *pending; /* the connection's; NULL when unsent */
	DBusMessage *unsent;	  /* a call that could not be sent */
	guint unsent_id;	  /* the idle that answers it */
	bool over; /* the callback ran, or the caller cancelled */
	TpReplyCallback callback;
	void *user_data;
	GDestroyNotify destroy;
};

/* What the caller hears of a call that got no answer from the bus. */
static DBusMessage *tp_disconnected_reply(const char *text)
{
	DBusMessage *reply = dbus_message_new(DBUS_MESSAGE_TYPE_ERROR);

	dbus_message_set_error_name(reply, DBUS_ERROR_DISCONNECTED);
	dbus_message_append_args(reply, DBUS_TYPE_STRING, &text,
				 DBUS_TYPE_INVALID);
	return reply;
}

/* The callback runs once per call that is not cancelled: its caller
 * keeps the TpDbusCall until then (to cancel it), so it must always
 * learn that the call is over. */
static void tp_dbus_call_over(TpDbusCall *call, DBusMessage *reply)
{
	call->over = true;
	call->callback(reply, call->user_data);
	dbus_message_unref(reply);
}

/* When the call is over: answered, cancelled, or dropped with its
 * connection. libdbus frees the pending call and runs this; a call
 * dropped when the connection went away before its answer was
 * dispatched (tpd losing the bus during start-up, say) never reached
 * tp_dbus_call_answered, and its caller hears of it here. */
static void tp_dbus_call_free(void *data)
{
	TpDbusCall *call = data;

	if (!call->over)
		tp_dbus_call_over(
		    call,
		    tp_disconnected_reply("the connection to the bus closed"));
	if (call->destroy)
		call->destroy(call->user_data);
	if (call->unsent)
		dbus_message_unref(call->unsent);
	g_free(call);
}

static void tp_dbus_call_answered(DBusPendingCall *pending, void *data)
{
	TpDbusCall *call = data;
	DBusMessage *reply = dbus_pending_call_steal_reply(pending);

	if (!reply)
		reply = tp_disconnected_reply("the bus gave no answer");
	tp_dbus_call_over(call, reply);
}

/* The caller hears of a call that never left as of any other failure,
 * and not from inside tp_dbus_call(). */
static gboolean tp_dbus_call_not_sent(gpointer data)
{
	TpDbusCall *call = data;

	call->unsent_id = 0;
	tp_dbus_call_over(call,
			  tp_disconnected_reply("not connected to the bus"));
	tp_dbus_call_free(call);
	return G_SOURCE_REMOVE;
}

TpDbusCall *tp_dbus_call(DBusConnection *conn, DBusMessage *msg, int timeout_ms,
			 TpReplyCallback callback, void *user_data,
			 GDestroyNotify destroy)
{
	TpDbusCall *call = g_new0(TpDbusCall, 1);
	DBusPendingCall *pending = NULL;

	call->callback = callback;
	call->user_data = user_data;
	call->destroy = destroy;
	if (!dbus_connection_send_with_reply(conn, msg, &pending, timeout_ms) ||
	    !pending ||
	    !dbus_pending_call_set_notify(pending, tp_dbus_call_answered, call,
					  tp_dbus_call_free)) {
		if (pending) {
			dbus_pending_call_cancel(pending);
			dbus_pending_call_unref(pending);
		}
		call->unsent = msg;
		call->unsent_id = g_idle_add(tp_dbus_call_not_sent, call);
		return call;
	}
	dbus_message_unref(msg);
	/* The connection holds the pending call until it ends. */
	call->pending = pending;
	dbus_pending_call_unref(pending);
	return call;
}

void tp_dbus_call_cancel(TpDbusCall *call)
{
	if (!call)
		return;
	call->over = true;
	if (call->unsent) {
		g_source_remove(call->unsent_id);
		tp_dbus_call_free(call);
		return;
	}
	dbus_pending_call_cancel(call->pending); /* frees @call */
}
