/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <dbus/dbus.h>
#include <glib.h>

#include "device/link.h"

/*
 * The WriteValue calls of one GATT link. Building a call costs libdbus
 * about 50 000 instructions (it rewrites the header's signature for each
 * argument), copying one about a tenth of that; and most frames repeat:
 * the status request after every speed, the stop, a keep-alive. So the
 * last few calls built are kept unsent, and a frame seen before is sent
 * as a copy of its call.
 */
typedef struct TpWriteValues TpWriteValues;

TpWriteValues *tp_write_values_new(void);
void tp_write_values_free(TpWriteValues *wv);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TpWriteValues, tp_write_values_free)

/* A WriteValue call to the characteristic at @path writing @frame, for
 * the caller to send (its reference). */
DBusMessage *tp_write_values_call(TpWriteValues *wv, const char *path,
				  const TpFrame *frame);
/* How many calls so far were copies of one kept, for tests. */
unsigned tp_write_values_copied(const TpWriteValues *wv);
