/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "api-error.h"

#include <errno.h>

#include "common/tp-error.h"
#include "tpd/tpd-dbus.h"

TP_DEFINE_ERROR(tp_error_not_found, TPD_ERROR_NOT_FOUND)
TP_DEFINE_ERROR(tp_error_invalid_args, TPD_ERROR_INVALID_ARGS)
TP_DEFINE_ERROR(tp_error_not_connected, TPD_ERROR_NOT_CONNECTED)
TP_DEFINE_ERROR(tp_error_busy, TPD_ERROR_BUSY)
TP_DEFINE_ERROR(tp_error_not_permitted, TPD_ERROR_NOT_PERMITTED)
TP_DEFINE_ERROR(tp_error_unsafe, TPD_ERROR_UNSAFE)
TP_DEFINE_ERROR(tp_error_shutting_down, TPD_ERROR_SHUTTING_DOWN)
TP_DEFINE_ERROR(tp_error_failed, TPD_ERROR_FAILED)

/* (domain, code) → name, in the manner of systemd's bus-common-errors:
 * a code means something only within its domain. */
static const struct {
	GQuark (*domain)(void);
	int code;
	const char *name;
} tp_gerror_names[] = {
	{ tp_error_quark, TP_ERROR_INVALID, TPD_ERROR_INVALID_ARGS },
	{ tp_error_quark, TP_ERROR_NOT_FOUND, TPD_ERROR_NOT_FOUND },
	{ tp_error_quark, TP_ERROR_NOT_CONNECTED, TPD_ERROR_NOT_CONNECTED },
	{ tp_error_quark, TP_ERROR_BUSY, TPD_ERROR_BUSY },
	{ tp_error_quark, TP_ERROR_UNSAFE, TPD_ERROR_UNSAFE },
	{ tp_error_quark, TP_ERROR_NOT_PERMITTED, TPD_ERROR_NOT_PERMITTED },
	{ tp_error_quark, TP_ERROR_SHUTTING_DOWN, TPD_ERROR_SHUTTING_DOWN },
	{ g_file_error_quark, G_FILE_ERROR_ACCES, TPD_ERROR_NOT_PERMITTED },
	{ g_file_error_quark, G_FILE_ERROR_PERM, TPD_ERROR_NOT_PERMITTED },
};

const char *tp_error_name_for_gerror(const GError *error)
{
	for (size_t i = 0; i < G_N_ELEMENTS(tp_gerror_names); i++)
		if (error->domain == tp_gerror_names[i].domain() &&
		    error->code == tp_gerror_names[i].code)
			return tp_gerror_names[i].name;
	return TPD_ERROR_FAILED;
}

DBusMessage *tp_error_from_gerror(DBusMessage *msg, const GError *error)
{
	return dbus_message_new_error(msg, tp_error_name_for_gerror(error),
				      error->message);
}

static const struct {
	int err;
	const char *name;
} tp_errno_names[] = {
	{ ESHUTDOWN, TPD_ERROR_SHUTTING_DOWN },
	{ ENOTCONN, TPD_ERROR_NOT_CONNECTED },
	{ EBUSY, TPD_ERROR_BUSY },
	{ EPERM, TPD_ERROR_NOT_PERMITTED },
	{ EACCES, TPD_ERROR_NOT_PERMITTED },
	{ EINVAL, TPD_ERROR_INVALID_ARGS },
};

const char *tp_error_name_for_errno(int err)
{
	for (size_t i = 0; i < G_N_ELEMENTS(tp_errno_names); i++)
		if (-err == tp_errno_names[i].err)
			return tp_errno_names[i].name;
	return TPD_ERROR_FAILED;
}

DBusMessage *tp_error_from_errno(DBusMessage *msg, int err, const char *fmt,
				 ...)
{
	va_list ap;
	DBusMessage *reply;

	va_start(ap, fmt);
	reply = tp_error_new_valist(msg, tp_error_name_for_errno(err), fmt, ap);
	va_end(ap);
	return reply;
}
