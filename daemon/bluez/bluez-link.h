/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "bluez-client.h"
#include "device/link.h"

/* Where a device's protocol lives in GATT (from its model file). The
 * strings are borrowed and must outlive the link. */
typedef struct {
	const char *model_id; /* for messages */
	const char *service;
	/* Written to: TpFrame.channel indexes this NULL-terminated list. */
	const char *const *writes;
	const char *notify; /* NULL when the device reports nothing */
} TpGattLayout;

/* A link to the BlueZ device at @device, laid out as @layout says. */
TpLink *tp_bluez_link_new(TpBluez *bz, const char *device,
			  const TpGattLayout *layout);
