/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <dbus/dbus.h>
#include <glib.h>

/*
 * Drive a libdbus connection from the default GLib main context: watches and
 * timeouts become GSources, and one coalesced idle source dispatches queued
 * messages. Call before using it; calling again changes nothing.
 */
void tp_dbus_mainloop_attach(DBusConnection *conn);
/* The same with every source of @conn (its socket, its timeouts and its
 * dispatch) at GLib @priority: a connection attached at a higher priority
 * than another is read and dispatched first whenever both have messages,
 * at most one batch of the other's later. */
void tp_dbus_mainloop_attach_at(DBusConnection *conn, int priority);
/* The priority @conn was attached at; G_PRIORITY_DEFAULT if it was not. */
int tp_dbus_mainloop_priority(DBusConnection *conn);

/* After a blocking call on an attached connection: messages read along
 * with its reply wait in the queue, and libdbus does not always say so;
 * dispatch them from the loop. A no-op on a connection not attached. */
void tp_dbus_mainloop_kick(DBusConnection *conn);

/* The same for a DBusServer's listening socket (peer-to-peer tests). */
void tp_dbus_mainloop_attach_server(DBusServer *server);
