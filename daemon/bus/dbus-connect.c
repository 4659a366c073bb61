/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "dbus-connect.h"

#include <stdlib.h>

#include "common/dbus-mainloop.h"
#include "common/tp-error.h"
#include "dbus-call.h"

#define TP_DRIVER_TIMEOUT_MS 25000

static DBusMessage *tp_driver_call(const char *method)
{
	return dbus_message_new_method_call(DBUS_SERVICE_DBUS, DBUS_PATH_DBUS,
					    DBUS_INTERFACE_DBUS, method);
}

static void tp_hello_done(DBusMessage *reply, void *data)
{
	DBusConnection *conn = data;
	const char *name = NULL;

	if (dbus_message_get_args(reply, NULL, DBUS_TYPE_STRING, &name,
				  DBUS_TYPE_INVALID))
		dbus_bus_set_unique_name(conn, name);
	else
		g_warning("the bus did not accept our Hello: %s",
			  dbus_message_get_error_name(reply));
}

static const char *tp_bus_address(DBusBusType type, GError **error)
{
	const char *addr;

	if (type == DBUS_BUS_SESSION) {
		addr = getenv("DBUS_SESSION_BUS_ADDRESS");
		if (!addr || !*addr)
			g_set_error_literal(
			    error, TP_ERROR, TP_ERROR_FAILED,
			    "DBUS_SESSION_BUS_ADDRESS is not set; "
			    "is there a session bus?");
		return addr && *addr ? addr : NULL;
	}
	addr = getenv("DBUS_SYSTEM_BUS_ADDRESS");
	/* The address libdbus itself falls back to. */
	return addr && *addr ? addr
			     : "unix:path=/var/run/dbus/system_bus_socket";
}

DBusConnection *tp_dbus_connect(DBusBusType type, int priority, GError **error)
{
	const char *address = tp_bus_address(type, error);
	DBusError err = DBUS_ERROR_INIT;
	DBusConnection *conn;

	if (!address)
		return NULL;
	conn = dbus_connection_open_private(address, &err);
	if (!conn) {
		g_set_error(error, TP_ERROR, TP_ERROR_FAILED,
			    "cannot connect to the %s bus at %s: %s",
			    type == DBUS_BUS_SESSION ? "session" : "system",
			    address, err.message);
		dbus_error_free(&err);
		return NULL;
	}
	dbus_connection_set_exit_on_disconnect(conn, FALSE);
	tp_dbus_mainloop_attach_at(conn, priority);
	/* Hello must be the first message; everything we send later is
	 * ordered behind it by the bus. */
	tp_dbus_call(conn, tp_driver_call("Hello"), TP_DRIVER_TIMEOUT_MS,
		     tp_hello_done, conn, NULL);
	return conn;
}

typedef struct {
	DBusConnection *conn;
	char *name;
	TpNameCallback callback;
	void *user_data;
} TpNameRequest;

static void tp_name_request_free(TpNameRequest *req)
{
	dbus_connection_unref(req->conn);
	g_free(req->name);
	g_free(req);
}

static void tp_name_owner_known(DBusMessage *reply, void *data)
{
	TpNameRequest *req = data;
	const char *owner = NULL;
	g_autofree char *why = NULL;

	if (!dbus_message_get_args(reply, NULL, DBUS_TYPE_STRING, &owner,
				   DBUS_TYPE_INVALID))
		owner = NULL;
	why = g_strdup_printf("the name %s is already owned%s%s%s; is another "
			      "tpd running?",
			      req->name, owner ? " by " : "",
			      owner ? owner : "", owner ? " on this bus" : "");
	req->callback(why, req->user_data);
	tp_name_request_free(req);
}

static void tp_name_requested(DBusMessage *reply, void *data)
{
	TpNameRequest *req = data;
	dbus_uint32_t result = 0;
	g_autofree char *why = NULL;
	DBusMessage *call;

	if (dbus_message_get_type(reply) == DBUS_MESSAGE_TYPE_ERROR) {
		const char *text = NULL;
		dbus_message_get_args(reply, NULL, DBUS_TYPE_STRING, &text,
				      DBUS_TYPE_INVALID);
		why = g_strdup_printf("cannot own %s: %s (%s)", req->name,
				      text ? text : "no reason given",
				      dbus_message_get_error_name(reply));
	} else if (dbus_message_get_args(reply, NULL, DBUS_TYPE_UINT32, &result,
					 DBUS_TYPE_INVALID) &&
		   result == DBUS_REQUEST_NAME_REPLY_PRIMARY_OWNER) {
		req->callback(NULL, req->user_data);
		tp_name_request_free(req);
		return;
	} else {
		/* Say who holds it, so the person knows what to stop. */
		call = tp_driver_call("GetNameOwner");
		dbus_message_append_args(call, DBUS_TYPE_STRING, &req->name,
					 DBUS_TYPE_INVALID);
		tp_dbus_call(req->conn, call, TP_DRIVER_TIMEOUT_MS,
			     tp_name_owner_known, req, NULL);
		return;
	}
	req->callback(why, req->user_data);
	tp_name_request_free(req);
}

void tp_dbus_request_name(DBusConnection *conn, const char *name,
			  TpNameCallback callback, void *user_data)
{
	TpNameRequest *req = g_new0(TpNameRequest, 1);
	dbus_uint32_t flags = DBUS_NAME_FLAG_DO_NOT_QUEUE;
	DBusMessage *call = tp_driver_call("RequestName");

	req->conn = dbus_connection_ref(conn);
	req->name = g_strdup(name);
	req->callback = callback;
	req->user_data = user_data;
	dbus_message_append_args(call, DBUS_TYPE_STRING, &name,
				 DBUS_TYPE_UINT32, &flags, DBUS_TYPE_INVALID);
	tp_dbus_call(conn, call, TP_DRIVER_TIMEOUT_MS, tp_name_requested, req,
		     NULL);
}

void tp_dbus_call_driver_noreply(DBusConnection *conn, const char *method,
				 const char *arg)
{
	DBusMessage *call = tp_driver_call(method);

	dbus_message_append_args(call, DBUS_TYPE_STRING, &arg,
				 DBUS_TYPE_INVALID);
	dbus_message_set_no_reply(call, TRUE);
	dbus_connection_send(conn, call, NULL);
	dbus_message_unref(call);
}
