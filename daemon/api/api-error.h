/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "bus/dbus-error.h"

/*
 * One helper per io.tpd.Tpd1.Error name, so that method handlers stay
 * one-liners and the names match the XML in dbus/. Each returns an error
 * reply to @msg with a message a person can act on.
 */
TP_DECLARE_ERROR(tp_error_not_found);
TP_DECLARE_ERROR(tp_error_invalid_args);
TP_DECLARE_ERROR(tp_error_not_connected);
TP_DECLARE_ERROR(tp_error_busy);
TP_DECLARE_ERROR(tp_error_not_permitted);
TP_DECLARE_ERROR(tp_error_unsafe);
TP_DECLARE_ERROR(tp_error_shutting_down);
TP_DECLARE_ERROR(tp_error_failed);

/* The error name for what happened, from the error's domain and code:
 * TP_ERROR codes map to the name of the same meaning, a file that may not
 * be written to NotPermitted, anything else to Failed. */
const char *tp_error_name_for_gerror(const GError *error);
DBusMessage *tp_error_from_gerror(DBusMessage *msg, const GError *error);

/* The same for a negative errno from the layers below, with the message
 * @what: e.g. -ESHUTDOWN is ShuttingDown, -ENOTCONN NotConnected. */
const char *tp_error_name_for_errno(int err);
DBusMessage *tp_error_from_errno(DBusMessage *msg, int err, const char *fmt,
				 ...) G_GNUC_PRINTF(3, 4);
