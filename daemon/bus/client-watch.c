/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "client-watch.h"

#include <string.h>

#include "dbus-call.h"
#include "dbus-connect.h"

#define TP_OWNER_LOOKUP_TIMEOUT_MS 5000

typedef struct {
	guint id;
	char *name;
	TpClientGone gone;
	void *user_data;
} TpClientWatch;

struct TpClientWatches {
	DBusConnection *conn;
	GHashTable *watches; /* id -> TpClientWatch* */
	GHashTable *names;   /* name -> number of watches, for the match */
	guint next_id;
	GPtrArray *lookups; /* TpOwnerLookup* in flight */
};

static char *tp_match_rule(const char *name)
{
	return g_strdup_printf("type='signal',sender='" DBUS_SERVICE_DBUS "',"
			       "path='" DBUS_PATH_DBUS "',"
			       "interface='" DBUS_INTERFACE_DBUS "',"
			       "member='NameOwnerChanged',arg0='%s'",
			       name);
}

static void tp_watch_free(TpClientWatch *w)
{
	g_free(w->name);
	g_free(w);
}

static void tp_name_unref(TpClientWatches *cw, const char *name)
{
	guint n = GPOINTER_TO_UINT(g_hash_table_lookup(cw->names, name));

	if (n > 1) {
		g_hash_table_insert(cw->names, g_strdup(name),
				    GUINT_TO_POINTER(n - 1));
		return;
	}
	g_hash_table_remove(cw->names, name);
	g_autofree char *rule = tp_match_rule(name);
	tp_dbus_call_driver_noreply(cw->conn, "RemoveMatch", rule);
}

/* Fire and drop every watch on @name. */
static void tp_client_gone(TpClientWatches *cw, const char *name)
{
	GHashTableIter it;
	TpClientWatch *w;
	g_autoptr(GPtrArray) fired =
	    g_ptr_array_new_with_free_func((GDestroyNotify)tp_watch_free);

	g_hash_table_iter_init(&it, cw->watches);
	while (g_hash_table_iter_next(&it, NULL, (gpointer *)&w)) {
		if (strcmp(w->name, name) != 0)
			continue;
		g_hash_table_iter_steal(&it);
		g_ptr_array_add(fired, w);
		tp_name_unref(cw, name);
	}
	for (guint i = 0; i < fired->len; i++) {
		w = g_ptr_array_index(fired, i);
		g_debug("client %s left the bus", w->name);
		w->gone(w->name, w->user_data);
	}
}

static DBusHandlerResult tp_client_filter(DBusConnection *conn,
					  DBusMessage *msg, void *data)
{
	TpClientWatches *cw = data;
	const char *name, *old_owner, *new_owner;
	(void)conn;

	if (!dbus_message_is_signal(msg, DBUS_INTERFACE_DBUS,
				    "NameOwnerChanged") ||
	    g_strcmp0(dbus_message_get_sender(msg), DBUS_SERVICE_DBUS) != 0)
		return DBUS_HANDLER_RESULT_NOT_YET_HANDLED;
	if (dbus_message_get_args(
		msg, NULL, DBUS_TYPE_STRING, &name, DBUS_TYPE_STRING,
		&old_owner, DBUS_TYPE_STRING, &new_owner, DBUS_TYPE_INVALID) &&
	    *new_owner == '\0' && g_hash_table_contains(cw->names, name))
		tp_client_gone(cw, name);
	/* Others may want NameOwnerChanged too. */
	return DBUS_HANDLER_RESULT_NOT_YET_HANDLED;
}

typedef struct {
	TpClientWatches *cw;
	char *name;
	TpDbusCall *call; /* until answered */
} TpOwnerLookup;

/* When the call is over: after the reply, or cancelled. */
static void tp_owner_lookup_free(void *data)
{
	TpOwnerLookup *lookup = data;

	g_free(lookup->name);
	g_free(lookup);
}

static void tp_owner_known(DBusMessage *reply, void *data)
{
	TpOwnerLookup *lookup = data;
	TpClientWatches *cw = lookup->cw;

	g_ptr_array_remove(cw->lookups, lookup);
	lookup->call = NULL;
	/* Gone before the match rule was in place. */
	if (dbus_message_is_error(reply, DBUS_ERROR_NAME_HAS_NO_OWNER) &&
	    g_hash_table_contains(cw->names, lookup->name))
		tp_client_gone(cw, lookup->name);
}

static void tp_owner_lookup(TpClientWatches *cw, const char *name)
{
	DBusMessage *call =
	    dbus_message_new_method_call(DBUS_SERVICE_DBUS, DBUS_PATH_DBUS,
					 DBUS_INTERFACE_DBUS, "GetNameOwner");
	TpOwnerLookup *lookup = g_new0(TpOwnerLookup, 1);

	dbus_message_append_args(call, DBUS_TYPE_STRING, &name,
				 DBUS_TYPE_INVALID);
	lookup->cw = cw;
	lookup->name = g_strdup(name);
	lookup->call =
	    tp_dbus_call(cw->conn, call, TP_OWNER_LOOKUP_TIMEOUT_MS,
			 tp_owner_known, lookup, tp_owner_lookup_free);
	g_ptr_array_add(cw->lookups, lookup);
}

guint tp_client_watch_add(TpClientWatches *cw, const char *name,
			  TpClientGone gone, void *user_data)
{
	TpClientWatch *w = g_new0(TpClientWatch, 1);
	guint n = GPOINTER_TO_UINT(g_hash_table_lookup(cw->names, name));

	w->id = ++cw->next_id;
	w->name = g_strdup(name);
	w->gone = gone;
	w->user_data = user_data;
	g_hash_table_insert(cw->watches, GUINT_TO_POINTER(w->id), w);
	g_hash_table_insert(cw->names, g_strdup(name), GUINT_TO_POINTER(n + 1));
	if (n == 0) {
		g_autofree char *rule = tp_match_rule(name);
		tp_dbus_call_driver_noreply(cw->conn, "AddMatch", rule);
		tp_owner_lookup(cw, name);
	}
	return w->id;
}

void tp_client_watch_remove(TpClientWatches *cw, guint id)
{
	TpClientWatch *w =
	    g_hash_table_lookup(cw->watches, GUINT_TO_POINTER(id));

	if (!w)
		return;
	g_hash_table_steal(cw->watches, GUINT_TO_POINTER(id));
	tp_name_unref(cw, w->name);
	tp_watch_free(w);
}

TpClientWatches *tp_client_watches_new(DBusConnection *conn)
{
	TpClientWatches *cw = g_new0(TpClientWatches, 1);

	cw->conn = dbus_connection_ref(conn);
	cw->watches = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
					    (GDestroyNotify)tp_watch_free);
	cw->names =
	    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	cw->lookups = g_ptr_array_new();
	dbus_connection_add_filter(conn, tp_client_filter, cw, NULL);
	return cw;
}

void tp_client_watches_free(TpClientWatches *cw)
{
	if (!cw)
		return;
	dbus_connection_remove_filter(cw->conn, tp_client_filter, cw);
	/* Lookups still in flight are cancelled: their replies must not
	 * reach a freed @cw. */
	while (cw->lookups->len > 0) {
		TpOwnerLookup *lookup = g_ptr_array_steal_index_fast(
		    cw->lookups, cw->lookups->len - 1);
		tp_dbus_call_cancel(lookup->call);
	}
	g_ptr_array_unref(cw->lookups);
	g_hash_table_unref(cw->watches);
	g_hash_table_unref(cw->names);
	dbus_connection_unref(cw->conn);
	g_free(cw);
}
