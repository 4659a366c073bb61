/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <dbus/dbus.h>
#include <glib.h>
#include <stdbool.h>

/*
 * Conversion between libdbus message iterators and GVariant (part of
 * libglib, not GIO). Unix fds are not supported: tpd's API carries none.
 */

/* The value at @iter, or NULL for an unsupported type. Never floating. */
GVariant *tp_dbus_iter_get_gvariant(DBusMessageIter *iter);

/* All arguments of @msg as a tuple. Never floating. */
GVariant *tp_dbus_message_get_gvariant(DBusMessage *msg);

/* Append @value (consumed if floating); false when out of memory or for a
 * GVariant type D-Bus cannot carry (maybe types). */
bool tp_dbus_iter_append_gvariant(DBusMessageIter *iter, GVariant *value);

/* Append every child of the tuple @args (consumed if floating). */
bool tp_dbus_message_append_gvariant(DBusMessage *msg, GVariant *args);

/* Call @one for every entry of the a{sv} @dict, in order, until it fails:
 * for option dictionaries, whose keys a handler checks one by one. */
typedef bool (*TpVardictEntryFunc)(const char *key, GVariant *value, void *data,
				   GError **error);
bool tp_vardict_foreach(GVariant *dict, TpVardictEntryFunc one, void *data,
			GError **error);
