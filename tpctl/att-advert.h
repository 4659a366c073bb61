/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

#include "att-log.h"

/*
 * LE Advertising Reports (legacy and extended) of a capture: the name and
 * service UUIDs each address advertised, for the [Match] of a draft model.
 */

/* address text → TpAttAdvert* */
GHashTable *tp_att_adverts_new(void);

/* An LE Meta event (without the event code and length); reports other
 * than advertising ones are ignored. */
void tp_att_adverts_event(GHashTable *adverts, const uint8_t *d, size_t len);

/* "AA:BB:CC:DD:EE:FF" of the 6 bytes of an HCI address (little-endian). */
char *tp_att_address_text(const uint8_t *p);

/* A UUID in ATT's little-endian order, 2 or 16 bytes, as BlueZ prints it:
 * 16-bit ones as four hex digits. */
char *tp_att_uuid_text(const uint8_t *p, size_t len);
