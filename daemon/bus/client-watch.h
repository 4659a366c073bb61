/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <dbus/dbus.h>
#include <glib.h>

/*
 * Notice when a client (a unique bus name) leaves the bus. Each watch
 * fires once. A client that left before its watch was set up is noticed
 * too: after adding the NameOwnerChanged match, the owner is looked up.
 */
typedef struct TpClientWatches TpClientWatches;
typedef void (*TpClientGone)(const char *name, void *user_data);

TpClientWatches *tp_client_watches_new(DBusConnection *conn);
void tp_client_watches_free(TpClientWatches *cw);

/* Returns a watch id (never 0). */
guint tp_client_watch_add(TpClientWatches *cw, const char *name,
			  TpClientGone gone, void *user_data);
void tp_client_watch_remove(TpClientWatches *cw, guint id);
