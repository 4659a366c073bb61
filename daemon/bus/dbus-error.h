/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <dbus/dbus.h>
#include <glib.h>

/*
 * Error replies of the generic object layer: the standard
 * org.freedesktop.DBus.Error.* names, each with a message a person can act
 * on. The application's own error names (io.tpd.Tpd1.Error.*) live with
 * the API objects, in api-error.h.
 */
DBusMessage *tp_error_new_valist(DBusMessage *msg, const char *name,
				 const char *fmt, va_list ap)
    G_GNUC_PRINTF(3, 0);
DBusMessage *tp_error_new(DBusMessage *msg, const char *name, const char *fmt,
			  ...) G_GNUC_PRINTF(3, 4);

#define TP_DECLARE_ERROR(fn)                                    \
	DBusMessage *fn(DBusMessage *msg, const char *fmt, ...) \
	    G_GNUC_PRINTF(2, 3)

TP_DECLARE_ERROR(tp_error_unknown_object);
TP_DECLARE_ERROR(tp_error_unknown_interface);
TP_DECLARE_ERROR(tp_error_unknown_method);
TP_DECLARE_ERROR(tp_error_unknown_property);
TP_DECLARE_ERROR(tp_error_property_read_only);
TP_DECLARE_ERROR(tp_error_dbus_invalid_args);

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
