/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <dbus/dbus.h>
#include <glib.h>

/*
 * Drive a libdbus connection from the default GLib main context: watches and
 * timeouts become GSources, and one coalesced idle source dispatches queued
 * messages. Call once per connection, before using it.
 */
void tp_dbus_mainloop_attach(DBusConnection *conn);

/* The same for a DBusServer's listening socket (peer-to-peer tests). */
void tp_dbus_mainloop_attach_server(DBusServer *server);
