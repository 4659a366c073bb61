/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "dbus-error.h"

DBusMessage *tp_error_new_valist(DBusMessage *msg, const char *name,
				 const char *fmt, va_list ap)
{
	g_autofree char *text = g_strdup_vprintf(fmt, ap);

	return dbus_message_new_error(msg, name, text);
}

DBusMessage *tp_error_new(DBusMessage *msg, const char *name, const char *fmt,
			  ...)
{
	va_list ap;
	DBusMessage *reply;

	va_start(ap, fmt);
	reply = tp_error_new_valist(msg, name, fmt, ap);
	va_end(ap);
	return reply;
}

TP_DEFINE_ERROR(tp_error_unknown_object, DBUS_ERROR_UNKNOWN_OBJECT)
TP_DEFINE_ERROR(tp_error_unknown_interface, DBUS_ERROR_UNKNOWN_INTERFACE)
TP_DEFINE_ERROR(tp_error_unknown_method, DBUS_ERROR_UNKNOWN_METHOD)
TP_DEFINE_ERROR(tp_error_unknown_property, DBUS_ERROR_UNKNOWN_PROPERTY)
TP_DEFINE_ERROR(tp_error_property_read_only, DBUS_ERROR_PROPERTY_READ_ONLY)
TP_DEFINE_ERROR(tp_error_dbus_invalid_args, DBUS_ERROR_INVALID_ARGS)
