/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "dbus-error.h"

#include "tp-error.h"
#include "tpd/tpd-dbus.h"

DBusMessage *tp_error_new_valist(DBusMessage *msg, const char *name,
				 const char *fmt, va_list ap)
{
	g_autofree char *text = g_strdup_vprintf(fmt, ap);

	return dbus_message_new_error(msg, name, text);
}

#define TP_DEFINE_ERROR(fn, error_name)                                \
	DBusMessage *fn(DBusMessage *msg, const char *fmt, ...)        \
	{                                                              \
		va_list ap;                                            \
		DBusMessage *reply;                                    \
		va_start(ap, fmt);                                     \
		reply = tp_error_new_valist(msg, error_name, fmt, ap); \
		va_end(ap);                                            \
		return reply;                                          \
	}

TP_DEFINE_ERROR(tp_error_not_found, TPD_ERROR_NOT_FOUND)
TP_DEFINE_ERROR(tp_error_invalid_args, TPD_ERROR_INVALID_ARGS)
TP_DEFINE_ERROR(tp_error_not_connected, TPD_ERROR_NOT_CONNECTED)
TP_DEFINE_ERROR(tp_error_busy, TPD_ERROR_BUSY)
TP_DEFINE_ERROR(tp_error_not_permitted, TPD_ERROR_NOT_PERMITTED)
TP_DEFINE_ERROR(tp_error_unsafe, TPD_ERROR_UNSAFE)
TP_DEFINE_ERROR(tp_error_failed, TPD_ERROR_FAILED)

TP_DEFINE_ERROR(tp_error_unknown_object, DBUS_ERROR_UNKNOWN_OBJECT)
TP_DEFINE_ERROR(tp_error_unknown_interface, DBUS_ERROR_UNKNOWN_INTERFACE)
TP_DEFINE_ERROR(tp_error_unknown_method, DBUS_ERROR_UNKNOWN_METHOD)
TP_DEFINE_ERROR(tp_error_unknown_property, DBUS_ERROR_UNKNOWN_PROPERTY)
TP_DEFINE_ERROR(tp_error_property_read_only, DBUS_ERROR_PROPERTY_READ_ONLY)

DBusMessage *tp_error_from_gerror(DBusMessage *msg, const GError *error)
{
	switch (error->code) {
	case TP_ERROR_INVALID:
		return tp_error_invalid_args(msg, "%s", error->message);
	case TP_ERROR_NOT_FOUND:
		return tp_error_not_found(msg, "%s", error->message);
	case TP_ERROR_NOT_CONNECTED:
		return tp_error_not_connected(msg, "%s", error->message);
	case TP_ERROR_BUSY:
		return tp_error_busy(msg, "%s", error->message);
	case TP_ERROR_UNSAFE:
		return tp_error_unsafe(msg, "%s", error->message);
	default:
		return tp_error_failed(msg, "%s", error->message);
	}
}
