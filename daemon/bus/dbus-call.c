/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Replies are matched by serial in a filter of the connection's own, not
 * with libdbus's DBusPendingCall: libdbus builds the error a pending call
 * would get on timeout when the call is sent, whether or not it ever times
 * out, and that one message cost about 20 000 instructions, as much as
 * the rest of sending a WriteValue, twice per intensity change. Here the
 * error is built only for a call that does time out.
 */
#include "dbus-call.h"

#include <limits.h>
#include <stdbool.h>

#include "common/dbus-mainloop.h"

/* libdbus's default for DBUS_TIMEOUT_USE_DEFAULT. */
#define TP_DEFAULT_TIMEOUT_MS 25000

/* The calls of one connection waiting for their replies. */
typedef struct {
	GHashTable *calls; /* reply serial -> TpDbusCall* */
} TpCallTable;

struct TpDbusCall {
	TpCallTable *table; /* NULL when the call could not be sent */
	dbus_uint32_t serial;
	guint source_id; /* its timeout, or the idle that says it is unsent */
	TpReplyCallback callback;
	void *user_data;
	GDestroyNotify destroy;
};

static dbus_int32_t tp_call_slot = -1;

static DBusMessage *tp_error_reply(const char *name, const char *text)
{
	DBusMessage *reply = dbus_message_new(DBUS_MESSAGE_TYPE_ERROR);

	dbus_message_set_error_name(reply, name);
	dbus_message_append_args(reply, DBUS_TYPE_STRING, &text,
				 DBUS_TYPE_INVALID);
	return reply;
}

static void tp_call_free(TpDbusCall *call)
{
	if (call->source_id)
		g_source_remove(call->source_id);
	if (call->destroy)
		call->destroy(call->user_data);
	g_free(call);
}

/* The callback runs once per call that is not cancelled: its caller
 * keeps the TpDbusCall until then (to cancel it), so it must always learn
 * that the call is over. The call leaves its table first: the callback
 * may make calls of its own. Takes @reply's reference. */
static void tp_call_over(TpDbusCall *call, DBusMessage *reply)
{
	if (call->table)
		g_hash_table_steal(call->table->calls,
				   GUINT_TO_POINTER(call->serial));
	call->table = NULL;
	call->callback(reply, call->user_data);
	dbus_message_unref(reply);
	tp_call_free(call);
}

static gboolean tp_call_timed_out(gpointer data)
{
	TpDbusCall *call = data;

	call->source_id = 0;
	tp_call_over(call,
		     tp_error_reply(DBUS_ERROR_NO_REPLY,
				    "no reply within the call's timeout"));
	return G_SOURCE_REMOVE;
}

/* The caller hears of a call that never left as of any other failure,
 * and not from inside tp_dbus_call(). */
static gboolean tp_call_not_sent(gpointer data)
{
	TpDbusCall *call = data;

	call->source_id = 0;
	tp_call_over(call, tp_error_reply(DBUS_ERROR_DISCONNECTED,
					  "not connected to the bus"));
	return G_SOURCE_REMOVE;
}

/* Every call still waiting hears that none will be answered. */
static void tp_calls_drop_all(TpCallTable *table, const char *why)
{
	GHashTableIter it;
	gpointer call;

	while (g_hash_table_size(table->calls) > 0) {
		g_hash_table_iter_init(&it, table->calls);
		g_hash_table_iter_next(&it, NULL, &call);
		tp_call_over(call,
			     tp_error_reply(DBUS_ERROR_DISCONNECTED, why));
	}
}

static DBusHandlerResult tp_calls_filter(DBusConnection *conn, DBusMessage *msg,
					 void *data)
{
	TpCallTable *table = data;
	int type = dbus_message_get_type(msg);
	TpDbusCall *call;
	(void)conn;

	if (type == DBUS_MESSAGE_TYPE_SIGNAL &&
	    dbus_message_is_signal(msg, DBUS_INTERFACE_LOCAL, "Disconnected")) {
		tp_calls_drop_all(table, "the connection to the bus closed");
		/* Others want to hear it too. */
		return DBUS_HANDLER_RESULT_NOT_YET_HANDLED;
	}
	if (type != DBUS_MESSAGE_TYPE_METHOD_RETURN &&
	    type != DBUS_MESSAGE_TYPE_ERROR)
		return DBUS_HANDLER_RESULT_NOT_YET_HANDLED;
	call = g_hash_table_lookup(
	    table->calls, GUINT_TO_POINTER(dbus_message_get_reply_serial(msg)));
	if (!call)
		return DBUS_HANDLER_RESULT_NOT_YET_HANDLED;
	tp_call_over(call, dbus_message_ref(msg));
	return DBUS_HANDLER_RESULT_HANDLED;
}

/* With the connection: calls it still had are answered then, as a call
 * dropped with its connection (tpd losing the bus during start-up, say)
 * would never be otherwise. */
static void tp_call_table_free(void *data)
{
	TpCallTable *table = data;

	tp_calls_drop_all(table, "the connection to the bus closed");
	g_hash_table_unref(table->calls);
	g_free(table);
}

static TpCallTable *tp_call_table(DBusConnection *conn)
{
	TpCallTable *table;

	/* Allocated once, for the life of the process. */
	if (tp_call_slot < 0 &&
	    !dbus_connection_allocate_data_slot(&tp_call_slot))
		g_error("out of memory allocating a D-Bus data slot");
	table = dbus_connection_get_data(conn, tp_call_slot);
	if (table)
		return table;
	table = g_new0(TpCallTable, 1);
	table->calls = g_hash_table_new(g_direct_hash, g_direct_equal);
	if (!dbus_connection_set_data(conn, tp_call_slot, table,
				      tp_call_table_free) ||
	    !dbus_connection_add_filter(conn, tp_calls_filter, table, NULL))
		g_error("out of memory setting up D-Bus calls");
	return table;
}

static guint tp_call_timeout_source(DBusConnection *conn, int timeout_ms,
				    TpDbusCall *call)
{
	if (timeout_ms == DBUS_TIMEOUT_INFINITE)
		return 0;
	if (timeout_ms < 0)
		timeout_ms = TP_DEFAULT_TIMEOUT_MS;
	/* At the connection's priority, as libdbus's own timeouts were. */
	return g_timeout_add_full(tp_dbus_mainloop_priority(conn),
				  (guint)timeout_ms, tp_call_timed_out, call,
				  NULL);
}

TpDbusCall *tp_dbus_call(DBusConnection *conn, DBusMessage *msg, int timeout_ms,
			 TpReplyCallback callback, void *user_data,
			 GDestroyNotify destroy)
{
	TpDbusCall *call = g_new0(TpDbusCall, 1);
	TpCallTable *table = tp_call_table(conn);

	call->callback = callback;
	call->user_data = user_data;
	call->destroy = destroy;
	/* libdbus drops what is sent on a closed connection, silently. */
	if (!dbus_connection_get_is_connected(conn) ||
	    !dbus_connection_send(conn, msg, &call->serial)) {
		dbus_message_unref(msg);
		call->source_id = g_idle_add(tp_call_not_sent, call);
		return call;
	}
	dbus_message_unref(msg);
	call->table = table;
	g_hash_table_insert(table->calls, GUINT_TO_POINTER(call->serial), call);
	call->source_id = tp_call_timeout_source(conn, timeout_ms, call);
	return call;
}

void tp_dbus_call_cancel(TpDbusCall *call)
{
	if (!call)
		return;
	if (call->table)
		g_hash_table_remove(call->table->calls,
				    GUINT_TO_POINTER(call->serial));
	tp_call_free(call);
}
