/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <dbus/dbus.h>
#include <glib.h>

/*
 * One helper per io.tpd.Tpd1.Error name, so that method handlers stay
 * one-liners and the names match the XML in dbus/. Each returns an error reply
 * to @msg with a message a person can act on.
 */
DBusMessage *tp_error_new_valist(DBusMessage *msg, const char *name,
				 const char *fmt, va_list ap)
    G_GNUC_PRINTF(3, 0);

#define TP_DECLARE_ERROR(fn)                                    \
	DBusMessage *fn(DBusMessage *msg, const char *fmt, ...) \
	    G_GNUC_PRINTF(2, 3)

TP_DECLARE_ERROR(tp_error_not_found);
TP_DECLARE_ERROR(tp_error_invalid_args);
TP_DECLARE_ERROR(tp_error_not_connected);
TP_DECLARE_ERROR(tp_error_busy);
TP_DECLARE_ERROR(tp_error_not_permitted);
TP_DECLARE_ERROR(tp_error_unsafe);
TP_DECLARE_ERROR(tp_error_failed);

/* Standard org.freedesktop.DBus.Error.* replies used by the object layer. */
TP_DECLARE_ERROR(tp_error_unknown_object);
TP_DECLARE_ERROR(tp_error_unknown_interface);
TP_DECLARE_ERROR(tp_error_unknown_method);
TP_DECLARE_ERROR(tp_error_unknown_property);
TP_DECLARE_ERROR(tp_error_property_read_only);

/* The reply for a TP_ERROR (tp-error.h): the matching error name. */
DBusMessage *tp_error_from_gerror(DBusMessage *msg, const GError *error);
