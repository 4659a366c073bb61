/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "bluez-client.h"
#include "link.h"
#include "model.h"

/* A link to the BlueZ device at @device, laid out as @model says. */
TpLink *tp_bluez_link_new(TpBluez *bz, const char *device,
			  const TpModel *model);
