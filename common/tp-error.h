/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

/* GError domain for tpd's own failures (D-Bus errors are in dbus-error.h). */
#define TP_ERROR (tp_error_quark())
GQuark tp_error_quark(void);

/* Each maps to the io.tpd.Tpd1.Error of the same name at the D-Bus edge. */
typedef enum {
	TP_ERROR_FAILED,
	TP_ERROR_INVALID,   /* InvalidArgs: out of range or malformed */
	TP_ERROR_NOT_FOUND, /* no such device, muscle, program */
	TP_ERROR_NOT_CONNECTED,
	TP_ERROR_BUSY,
	TP_ERROR_UNSAFE, /* refused for the person's safety */
	TP_ERROR_NOT_PERMITTED,
	TP_ERROR_SHUTTING_DOWN, /* tpd is stopping: nothing new starts */
} TpErrorCode;
