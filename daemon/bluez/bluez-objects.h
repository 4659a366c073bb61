/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "device/model.h"

/*
 * The BlueZ objects tpd mirrors (doc/org.bluez.*.rst), typed: adapters,
 * devices (with Battery1), GATT services and characteristics. Each is
 * updated from a property dictionary (a{sv}) as InterfacesAdded,
 * PropertiesChanged and GetManagedObjects deliver them; the update returns
 * which fields changed.
 */

#define BLUEZ_NAME		       "org.bluez"
#define BLUEZ_ADAPTER		       "org.bluez.Adapter1"
#define BLUEZ_DEVICE		       "org.bluez.Device1"
#define BLUEZ_BATTERY		       "org.bluez.Battery1"
#define BLUEZ_GATT_SERVICE	       "org.bluez.GattService1"
#define BLUEZ_GATT_CHARACTERISTIC      "org.bluez.GattCharacteristic1"
#define BLUEZ_GATT_MANAGER	       "org.bluez.GattManager1"
#define BLUEZ_GATT_PROFILE	       "org.bluez.GattProfile1"
#define BLUEZ_BATTERY_PROVIDER	       "org.bluez.BatteryProvider1"
#define BLUEZ_BATTERY_PROVIDER_MANAGER "org.bluez.BatteryProviderManager1"

/* The Source of the batteries tpd provides to bluetoothd
 * (battery-provider.h). bluetoothd copies it into the Battery1 it makes
 * from them, which is how tpd tells that Battery1 from one BlueZ offers
 * by itself: tpd must not take its own report back as BlueZ's. */
#define TP_BATTERY_SOURCE "tpd"

typedef enum {
	TP_BZ_ADAPTER,
	TP_BZ_DEVICE,
	TP_BZ_SERVICE,
	TP_BZ_CHARACTERISTIC,
} TpBzKind;

/* Bits of what an update changed. */
enum {
	TP_BZ_CHANGED_POWERED = 1 << 0,
	TP_BZ_CHANGED_DISCOVERING = 1 << 1,
	TP_BZ_CHANGED_NAME = 1 << 2, /* Name or Alias */
	TP_BZ_CHANGED_UUIDS = 1 << 3,
	TP_BZ_CHANGED_PAIRED = 1 << 4,
	TP_BZ_CHANGED_CONNECTED = 1 << 5,
	TP_BZ_CHANGED_RESOLVED = 1 << 6, /* ServicesResolved */
	TP_BZ_CHANGED_BATTERY = 1 << 7,
	TP_BZ_CHANGED_MFR = 1 << 10, /* ManufacturerData */
	TP_BZ_CHANGED_NOTIFYING = 1 << 8,
	TP_BZ_CHANGED_VALUE = 1 << 9,
};

typedef struct {
	TpBzKind kind;
	char *path;
} TpBzObject;

typedef struct {
	TpBzObject base;
	char *address;
	bool powered;
	bool discovering;
} TpBzAdapter;

typedef struct {
	TpBzObject base;
	char *adapter; /* object path */
	char *address;
	char *name;   /* Name, else Alias; NULL until known */
	char **uuids; /* advertised or resolved service UUIDs, lower case */
	GArray *mfr;  /* TpMfrData: ManufacturerData, NULL until known */
	bool paired;
	bool connected;
	bool services_resolved;
	/* Battery1.Percentage of a battery BlueZ offers by itself; -1
	 * without Battery1, and for the Battery1 bluetoothd made from tpd's
	 * own provider (Source TP_BATTERY_SOURCE), which is not BlueZ's. */
	int battery;
	int battery_level;    /* Battery1.Percentage, whatever its Source */
	bool battery_is_tpds; /* that Battery1 is tpd's own provided one */
} TpBzDevice;

typedef struct {
	TpBzObject base;
	char *device; /* object path */
	char *uuid;
} TpBzService;

typedef struct {
	TpBzObject base;
	char *service; /* object path */
	char *uuid;
	char **flags;
	bool notifying;
	GBytes *value; /* the last Value seen */
} TpBzCharacteristic;

/* A new object for @iface at @path, or NULL for an interface tpd does not
 * mirror. Battery1 is part of the device, not an object of its own. */
TpBzObject *tp_bz_object_new(const char *iface, const char *path);
void tp_bz_object_free(TpBzObject *object);

/* Apply the properties of @iface (a{sv}) to @object; returns changes. */
unsigned tp_bz_object_update(TpBzObject *object, const char *iface,
			     GVariant *props);
/* Properties of @iface were invalidated or the interface removed. */
unsigned tp_bz_object_forget(TpBzObject *object, const char *iface);
/* A notification: @c's Value is now @len bytes at @data; returns
 * changes (a Value is news even when it repeats the last). */
unsigned tp_bz_characteristic_set_value(TpBzCharacteristic *c, const void *data,
					size_t len);

/* The interface that makes an object of @kind. */
const char *tp_bz_kind_interface(TpBzKind kind);
