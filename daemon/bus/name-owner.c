/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "name-owner.h"

#include <string.h>

#include "dbus-call.h"
#include "dbus-connect.h"

/* The bus driver answers at once. */
#define TP_OWNER_LOOKUP_TIMEOUT_MS 5000

struct TpNameOwner {
	DBusConnection *conn;
	char *name;
	char *rule;	  /* the NameOwnerChanged match */
	char *owner;	  /* unique name, or NULL */
	bool known;	  /* @changed has run at least once */
	TpDbusCall *call; /* GetNameOwner in flight */
	TpOwnerChanged changed;
	void *user_data;
};

static void tp_name_owner_set(TpNameOwner *no, const char *owner)
{
	if (owner && !*owner)
		owner = NULL;
	if (no->known && g_strcmp0(no->owner, owner) == 0)
		return;
	no->known = true;
	g_free(no->owner);
	no->owner = g_strdup(owner);
	no->changed(no->owner, no->user_data);
}

static void tp_name_owner_answered(DBusMessage *reply, void *user_data)
{
	TpNameOwner *no = user_data;
	const char *owner = NULL;

	no->call = NULL;
	/* NameOwnerChanged may have told us already. */
	if (no->known)
		return;
	if (dbus_message_get_type(reply) != DBUS_MESSAGE_TYPE_ERROR &&
	    !dbus_message_get_args(reply, NULL, DBUS_TYPE_STRING, &owner,
				   DBUS_TYPE_INVALID))
		g_warning("the bus answered GetNameOwner(%s) with signature "
			  "'%s'; taking it as absent",
			  no->name, dbus_message_get_signature(reply));
	/* An error is NameHasNoOwner, or a bus that cannot say: absent. */
	tp_name_owner_set(no, owner);
}

static DBusHandlerResult tp_name_owner_filter(DBusConnection *conn,
					      DBusMessage *msg, void *data)
{
	TpNameOwner *no = data;
	const char *name, *old_owner, *new_owner;
	(void)conn;

	if (!dbus_message_is_signal(msg, DBUS_INTERFACE_DBUS,
				    "NameOwnerChanged") ||
	    g_strcmp0(dbus_message_get_sender(msg), DBUS_SERVICE_DBUS) != 0 ||
	    !dbus_message_get_args(
		msg, NULL, DBUS_TYPE_STRING, &name, DBUS_TYPE_STRING,
		&old_owner, DBUS_TYPE_STRING, &new_owner, DBUS_TYPE_INVALID) ||
	    strcmp(name, no->name) != 0)
		return DBUS_HANDLER_RESULT_NOT_YET_HANDLED;
	tp_dbus_call_cancel(no->call);
	no->call = NULL;
	tp_name_owner_set(no, new_owner);
	return DBUS_HANDLER_RESULT_NOT_YET_HANDLED;
}

TpNameOwner *tp_name_owner_new(DBusConnection *conn, const char *name,
			       TpOwnerChanged changed, void *user_data)
{
	TpNameOwner *no = g_new0(TpNameOwner, 1);
	DBusMessage *msg;

	no->conn = dbus_connection_ref(conn);
	no->name = g_strdup(name);
	no->changed = changed;
	no->user_data = user_data;
	no->rule = g_strdup_printf("type='signal',sender='" DBUS_SERVICE_DBUS
				   "',interface='" DBUS_INTERFACE_DBUS
				   "',member='NameOwnerChanged',arg0='%s'",
				   name);
	dbus_connection_add_filter(conn, tp_name_owner_filter, no, NULL);
	/* Subscribe first, then ask: the bus handles our messages in
	 * order, so nothing changes unnoticed between the two. */
	tp_dbus_call_driver_noreply(conn, "AddMatch", no->rule);
	msg = dbus_message_new_method_call(DBUS_SERVICE_DBUS, DBUS_PATH_DBUS,
					   DBUS_INTERFACE_DBUS, "GetNameOwner");
	dbus_message_append_args(msg, DBUS_TYPE_STRING, &name,
				 DBUS_TYPE_INVALID);
	no->call = tp_dbus_call(conn, msg, TP_OWNER_LOOKUP_TIMEOUT_MS,
				tp_name_owner_answered, no, NULL);
	return no;
}

void tp_name_owner_free(TpNameOwner *no)
{
	if (!no)
		return;
	dbus_connection_remove_filter(no->conn, tp_name_owner_filter, no);
	tp_dbus_call_driver_noreply(no->conn, "RemoveMatch", no->rule);
	tp_dbus_call_cancel(no->call);
	dbus_connection_unref(no->conn);
	g_free(no->rule);
	g_free(no->name);
	g_free(no->owner);
	g_free(no);
}

const char *tp_name_owner_get(const TpNameOwner *no)
{
	return no->owner;
}
