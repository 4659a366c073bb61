/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* org.bluez.BatteryProvider1 below TP_BATTERY_ROOT, for bluetoothd: the
 * properties of org.bluez.Battery1 (doc/org.bluez.Battery.rst) plus
 * Device (doc/org.bluez.BatteryProvider.rst). No methods. */
#include "battery-provider.h"

static bool tp_battery_get_percentage(DBusMessageIter *iter, void *data)
{
	return tp_append_byte(iter, tp_provided_battery_percentage(data));
}

static bool tp_battery_get_device(DBusMessageIter *iter, void *data)
{
	return tp_append_path(iter, tp_provided_battery_device(data));
}

static bool tp_battery_get_source(DBusMessageIter *iter, void *data)
{
	(void)data;
	return tp_append_string(iter, TP_BATTERY_SOURCE);
}

const TpInterface tp_battery_provider_interface = {
	.name = BLUEZ_BATTERY_PROVIDER,
	.properties =
	    (const TpProperty[]){
		{ "Percentage", "y", tp_battery_get_percentage },
		{ "Device", "o", tp_battery_get_device },
		{ "Source", "s", tp_battery_get_source },
		{ NULL } },
};
