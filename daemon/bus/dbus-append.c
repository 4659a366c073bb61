/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Typed appends to a DBusMessageIter; see dbus-append.h. */
#include "dbus-append.h"

bool tp_append_string(DBusMessageIter *iter, const char *value)
{
	return dbus_message_iter_append_basic(iter, DBUS_TYPE_STRING, &value);
}

bool tp_append_path(DBusMessageIter *iter, const char *path)
{
	return dbus_message_iter_append_basic(iter, DBUS_TYPE_OBJECT_PATH,
					      &path);
}

bool tp_append_bool(DBusMessageIter *iter, bool value)
{
	/* libdbus takes a 32-bit dbus_bool_t, not a C bool. */
	dbus_bool_t b = value ? TRUE : FALSE;

	return dbus_message_iter_append_basic(iter, DBUS_TYPE_BOOLEAN, &b);
}

bool tp_append_byte(DBusMessageIter *iter, uint8_t value)
{
	return dbus_message_iter_append_basic(iter, DBUS_TYPE_BYTE, &value);
}

bool tp_append_i32(DBusMessageIter *iter, int32_t value)
{
	dbus_int32_t v = value;

	return dbus_message_iter_append_basic(iter, DBUS_TYPE_INT32, &v);
}

bool tp_append_u32(DBusMessageIter *iter, uint32_t value)
{
	dbus_uint32_t v = value;

	return dbus_message_iter_append_basic(iter, DBUS_TYPE_UINT32, &v);
}

bool tp_append_double(DBusMessageIter *iter, double value)
{
	return dbus_message_iter_append_basic(iter, DBUS_TYPE_DOUBLE, &value);
}

bool tp_append_close(DBusMessageIter *iter, DBusMessageIter *sub, bool ok)
{
	if (!ok) {
		dbus_message_iter_abandon_container(iter, sub);
		return false;
	}
	return dbus_message_iter_close_container(iter, sub);
}

static bool tp_append_strings(DBusMessageIter *array, const char *const *strv)
{
	for (; strv && *strv; strv++)
		if (!tp_append_string(array, *strv))
			return false;
	return true;
}

bool tp_append_strv(DBusMessageIter *iter, const char *const *strv)
{
	DBusMessageIter sub;

	if (!dbus_message_iter_open_container(iter, DBUS_TYPE_ARRAY,
					      DBUS_TYPE_STRING_AS_STRING, &sub))
		return false;
	return tp_append_close(iter, &sub, tp_append_strings(&sub, strv));
}

bool tp_append_bytes(DBusMessageIter *iter, const void *data, size_t len)
{
	const unsigned char *bytes = data;
	DBusMessageIter sub;

	if (!dbus_message_iter_open_container(iter, DBUS_TYPE_ARRAY,
					      DBUS_TYPE_BYTE_AS_STRING, &sub))
		return false;
	return tp_append_close(iter, &sub,
			       dbus_message_iter_append_fixed_array(
				   &sub, DBUS_TYPE_BYTE, &bytes, (int)len));
}

bool tp_append_u32_pair(DBusMessageIter *iter, uint32_t first, uint32_t second)
{
	DBusMessageIter sub;

	if (!dbus_message_iter_open_container(iter, DBUS_TYPE_STRUCT, NULL,
					      &sub))
		return false;
	return tp_append_close(iter, &sub,
			       tp_append_u32(&sub, first) &&
				   tp_append_u32(&sub, second));
}
