/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "bluez-client.h"
#include "bus/dbus-object.h"

/*
 * tpd's GATT client profile for bluetoothd: an application (an
 * ObjectManager at TP_GATT_APP_PATH holding one org.bluez.GattProfile1
 * that lists the service UUIDs of the known models) registered with
 * GattManager1.RegisterApplication on every adapter. bluetoothd then
 * reconnects paired devices offering these services by itself, and tpd
 * takes them up when they connect. Registered again whenever an adapter
 * appears, bluetoothd's restarts included.
 */
#define TP_GATT_APP_PATH     "/io/tpd/bluez"
#define TP_GATT_PROFILE_PATH TP_GATT_APP_PATH "/profile"

typedef struct TpGattProfile TpGattProfile;

/* @uuids: the profile's UUIDs (copied). */
TpGattProfile *tp_gatt_profile_new(TpBus *bus, TpBluez *bz,
				   const char *const *uuids);
void tp_gatt_profile_free(TpGattProfile *gp);

/* The D-Bus face, in gatt-profile-dbus.c. */
extern const TpInterface tp_gatt_profile_interface;
const char *const *tp_gatt_profile_uuids(TpGattProfile *gp);
