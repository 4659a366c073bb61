/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdint.h>

#include "bluez-client.h"
#include "bus/dbus-object.h"
#include "device/massager.h"

/*
 * tpd's battery provider for bluetoothd (doc/org.bluez.BatteryProvider.rst,
 * doc/org.bluez.BatteryProviderManager.rst), so that UPower and the desktop
 * show the battery of devices that report it in their own protocol.
 *
 * On every adapter, tpd registers the root TP_BATTERY_ROOT/<adapter> (an
 * ObjectManager) with BatteryProviderManager1.RegisterBatteryProvider.
 * Below it, one org.bluez.BatteryProvider1 object per device,
 * TP_BATTERY_ROOT/<adapter>/dev_XX_XX_XX_XX_XX_XX, exists while the
 * device's link is up, its battery is known (a constant 100 % is not,
 * massager.h) and BlueZ offers no Battery1 of its own for it.
 * bluetoothd reads these objects, follows them, and shows each as
 * Battery1 on the BlueZ device, with Source TP_BATTERY_SOURCE: the mirror
 * (bluez-objects.h) does not count that one as BlueZ's, so it neither
 * feeds back into the massager nor makes tpd drop the provider.
 *
 * bluetoothd 5.66 offers BatteryProviderManager1 only when run with
 * --experimental (the interface is not there otherwise, and tpd says so
 * once per adapter). Registrations are made again when an adapter or
 * bluetoothd comes back; when tpd stops, its objects are removed and the
 * registrations undone (bluetoothd would drop them with tpd's bus
 * connection anyway).
 */
#define TP_BATTERY_ROOT "/io/tpd/battery"

typedef struct TpBatteryProvider TpBatteryProvider;
typedef struct TpProvidedBattery TpProvidedBattery;

TpBatteryProvider *tp_battery_provider_new(TpBus *bus, TpBluez *bz);
void tp_battery_provider_free(TpBatteryProvider *bp);

/* Follow the battery of @m, the massager of BlueZ's device @device. */
void tp_battery_provider_add(TpBatteryProvider *bp, const char *device,
			     TpMassager *m);
/* Stop following the device (before its massager is freed). */
void tp_battery_provider_remove(TpBatteryProvider *bp, const char *device);

/* What the D-Bus face (battery-provider-dbus.c) shows of one battery. */
extern const TpInterface tp_battery_provider_interface;
uint8_t tp_provided_battery_percentage(const TpProvidedBattery *b);
const char *tp_provided_battery_device(const TpProvidedBattery *b);
