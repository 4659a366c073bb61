/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Manager.StartDiscovery / StopDiscovery. Like BlueZ's own discovery
 * sessions, discovery runs while at least one client that asked for it is
 * on the bus; the replies come once the adapters have answered.
 */
#include "api-error.h"
#include "api.h"

struct TpDiscovery {
	TpApi *api;
	GHashTable *clients; /* unique name -> watch id */
	GPtrArray *requests; /* TpDiscoveryRequest* in flight */
};

typedef struct {
	TpDiscovery *discovery;
	TpBluetoothOp *op;
	DBusMessage *msg; /* to answer; NULL when nobody waits */
	char *client;	  /* the client to forget if starting failed */
} TpDiscoveryRequest;

static TpDiscovery *tp_discovery_of(TpApi *api)
{
	if (!api->discovery) {
		api->discovery = g_new0(TpDiscovery, 1);
		api->discovery->api = api;
		api->discovery->clients = g_hash_table_new_full(
		    g_str_hash, g_str_equal, g_free, NULL);
		api->discovery->requests = g_ptr_array_new();
	}
	return api->discovery;
}

static void tp_discovery_forget(TpDiscovery *d, const char *client)
{
	gpointer watch;

	if (!g_hash_table_lookup_extended(d->clients, client, NULL, &watch))
		return;
	tp_client_watch_remove(d->api->clients, GPOINTER_TO_UINT(watch));
	g_hash_table_remove(d->clients, client);
}

static void tp_discovery_request_free(TpDiscoveryRequest *req)
{
	if (req->msg)
		dbus_message_unref(req->msg);
	g_free(req->client);
	g_free(req);
}

static void tp_discovery_done(const char *error, void *data)
{
	TpDiscoveryRequest *req = data;
	TpDiscovery *d = req->discovery;

	g_ptr_array_remove(d->requests, req);
	if (error && req->client)
		tp_discovery_forget(d, req->client);
	if (req->msg)
		tp_bus_send(d->api->bus,
			    error ? tp_error_failed(req->msg, "%s", error)
				  : tp_reply_new(req->msg, NULL));
	tp_discovery_request_free(req);
}

static void tp_discovery_set(TpDiscovery *d, bool on, DBusMessage *msg,
			     const char *client)
{
	TpDiscoveryRequest *req = g_new0(TpDiscoveryRequest, 1);
	TpBluetoothOp *op;

	req->discovery = d;
	req->msg = msg ? dbus_message_ref(msg) : NULL;
	req->client = g_strdup(client);
	g_ptr_array_add(d->requests, req);
	op = tp_bluetooth_set_discovery(d->api->bluetooth, on,
					tp_discovery_done, req);
	/* NULL: answered already, and @req is gone. */
	if (op)
		req->op = op;
}

static void tp_discovery_client_gone(const char *name, void *data)
{
	TpDiscovery *d = data;

	g_hash_table_remove(d->clients, name);
	if (g_hash_table_size(d->clients) == 0)
		tp_discovery_set(d, false, NULL, NULL);
}

DBusMessage *tp_api_start_discovery(TpBus *bus, DBusMessage *msg, void *data)
{
	TpApi *api = data;
	TpDiscovery *d = tp_discovery_of(api);
	const char *client = dbus_message_get_sender(msg);
	bool first = g_hash_table_size(d->clients) == 0;
	(void)bus;

	if (tp_manager_shutting_down(api->manager))
		return tp_error_shutting_down(msg,
					      "%s; no discovery starts now",
					      tp_manager_barrier(api->manager));
	if (!api->bluetooth)
		return tp_error_failed(msg, "tpd drives simulated devices "
					    "only; there is nothing to "
					    "discover");
	if (g_hash_table_contains(d->clients, client))
		return tp_reply_new(msg, NULL);
	g_hash_table_insert(
	    d->clients, g_strdup(client),
	    GUINT_TO_POINTER(tp_client_watch_add(api->clients, client,
						 tp_discovery_client_gone, d)));
	if (!first)
		return tp_reply_new(msg, NULL);
	tp_discovery_set(d, true, msg, client);
	return NULL; /* answered by tp_discovery_done() */
}

DBusMessage *tp_api_stop_discovery(TpBus *bus, DBusMessage *msg, void *data)
{
	TpApi *api = data;
	TpDiscovery *d = tp_discovery_of(api);
	const char *client = dbus_message_get_sender(msg);
	(void)bus;

	if (!g_hash_table_contains(d->clients, client))
		return tp_error_failed(msg, "this client did not start "
					    "discovery");
	tp_discovery_forget(d, client);
	if (g_hash_table_size(d->clients) > 0)
		return tp_reply_new(msg, NULL);
	tp_discovery_set(d, false, msg, NULL);
	return NULL;
}

/* Requests still in flight are dropped, their callers answered: the
 * adapters' replies must not reach a freed API. */
void tp_discovery_free(TpDiscovery *d)
{
	GHashTableIter it;
	gpointer watch;

	if (!d)
		return;
	for (guint i = 0; i < d->requests->len; i++) {
		TpDiscoveryRequest *req = g_ptr_array_index(d->requests, i);
		tp_bluetooth_op_cancel(req->op);
		if (req->msg)
			tp_bus_send(d->api->bus,
				    tp_error_shutting_down(req->msg,
							   "tpd is stopping"));
		tp_discovery_request_free(req);
	}
	g_ptr_array_unref(d->requests);
	g_hash_table_iter_init(&it, d->clients);
	while (g_hash_table_iter_next(&it, NULL, &watch))
		tp_client_watch_remove(d->api->clients,
				       GPOINTER_TO_UINT(watch));
	g_hash_table_unref(d->clients);
	g_free(d);
}
