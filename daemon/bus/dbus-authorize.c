/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The authorization gate of the object layer: a method that names an
 * action waits for the authorizer's answer, and is looked up and run
 * afresh once it is yes, so that an object gone meanwhile is an unknown
 * object and not a dangling pointer.
 */
#include "dbus-object-private.h"

struct TpAuthRequest {
	TpBus *bus; /* NULL once the bus is gone */
	DBusMessage *msg;
};

void tp_bus_set_authorizer(TpBus *bus, TpAuthorizer authorizer, void *user_data)
{
	bus->authorizer = authorizer;
	bus->authorizer_data = user_data;
}

bool tp_bus_authorize(TpBus *bus, DBusMessage *msg, const TpMethod *method)
{
	TpAuthRequest *req;

	if (!method->action || !bus->authorizer || bus->authorized == msg)
		return false;
	req = g_new0(TpAuthRequest, 1);
	req->bus = bus;
	req->msg = dbus_message_ref(msg);
	g_ptr_array_add(bus->auth_requests, req);
	bus->authorizer(req, msg, method->action, bus->authorizer_data);
	return true;
}

static void tp_bus_run_authorized(TpBus *bus, DBusMessage *msg, uid_t uid)
{
	DBusMessage *reply;

	bus->authorized = msg;
	bus->caller_uid = uid;
	reply = tp_bus_dispatch(bus, msg);
	bus->authorized = NULL;
	bus->caller_uid = TP_UID_UNKNOWN;
	tp_bus_answer(bus, msg, reply);
}

void tp_auth_request_done(TpAuthRequest *req, uid_t uid, DBusMessage *refusal)
{
	TpBus *bus = req->bus;

	if (!bus) {
		if (refusal)
			dbus_message_unref(refusal);
	} else {
		g_ptr_array_remove_fast(bus->auth_requests, req);
		if (refusal)
			tp_bus_answer(bus, req->msg, refusal);
		else
			tp_bus_run_authorized(bus, req->msg, uid);
	}
	dbus_message_unref(req->msg);
	g_free(req);
}

uid_t tp_bus_caller_uid(TpBus *bus)
{
	return bus->caller_uid;
}

void tp_bus_orphan_auth_requests(TpBus *bus)
{
	for (guint i = 0; i < bus->auth_requests->len; i++) {
		TpAuthRequest *req = g_ptr_array_index(bus->auth_requests, i);
		req->bus = NULL;
	}
	g_ptr_array_set_size(bus->auth_requests, 0);
}
