/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>

#define TP_UUID_LEN 36

/*
 * Bluetooth UUIDs as BlueZ writes them: 128-bit, lower case. Short forms
 * ("ffe0", "0xFFE0", 32-bit "0000ffe0") expand over the Bluetooth base
 * UUID 0000xxxx-0000-1000-8000-00805f9b34fb. False for anything else.
 */
bool tp_uuid_normalize(const char *text, char out[TP_UUID_LEN + 1]);

/* In a model's [GATT] Write= or Notify=: not a UUID but "the one
 * characteristic of the service that can be written" (or that notifies),
 * for sources that name the characteristic only by its properties. */
#define TP_GATT_BY_FLAGS "by-flags"
