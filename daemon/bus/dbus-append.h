/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <dbus/dbus.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Typed appends to a libdbus message iterator, for property getters and
 * the layer's own builders. Each returns false when libdbus runs out of
 * memory, so that a getter stays one line: return tp_append_u32(iter, x).
 */

bool tp_append_string(DBusMessageIter *iter, const char *value);
bool tp_append_path(DBusMessageIter *iter, const char *path);
bool tp_append_bool(DBusMessageIter *iter, bool value);
bool tp_append_byte(DBusMessageIter *iter, uint8_t value);
bool tp_append_i32(DBusMessageIter *iter, int32_t value);
bool tp_append_u32(DBusMessageIter *iter, uint32_t value);
bool tp_append_double(DBusMessageIter *iter, double value);
/* "as" from a NULL-terminated list. */
bool tp_append_strv(DBusMessageIter *iter, const char *const *strv);
/* "ay". */
bool tp_append_bytes(DBusMessageIter *iter, const void *data, size_t len);
/* "(uu)". */
bool tp_append_u32_pair(DBusMessageIter *iter, uint32_t first, uint32_t second);

/*
 * Finish the container @sub opened at @iter: closed when @ok, abandoned
 * otherwise (libdbus frees what opening it took only then). Returns
 * whether all of it went well:
 *
 *	if (!dbus_message_iter_open_container(iter, type, sig, &sub))
 *		return false;
 *	return tp_append_close(iter, &sub, fill(&sub));
 */
bool tp_append_close(DBusMessageIter *iter, DBusMessageIter *sub, bool ok);
