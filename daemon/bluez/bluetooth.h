/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>

#include "bluez-client.h"
#include "bus/dbus-object.h"
#include "device/massager.h"
#include "therapy/manager.h"

/*
 * Bluetooth devices for the manager: every device BlueZ reports whose
 * advertised name and services match a model of the catalog becomes a
 * massager at once (a device that only half matches is not); paired ones,
 * and unpaired ones tpd connected (remembered), are connected and come
 * back by themselves. Devices BlueZ forgets, or all
 * of them when BlueZ leaves the bus, are removed again. Also discovery,
 * filtered to LE and the models' services, and the battery levels devices
 * report in their own protocol, shown through bluetoothd
 * (battery-provider.h) with objects on @bus.
 */
typedef struct TpBluetooth TpBluetooth;

TpBluetooth *tp_bluetooth_new(TpBluez *bz, TpBus *bus, TpManager *manager,
			      const TpDevicePolicy *policy);
void tp_bluetooth_free(TpBluetooth *bt);

/* Remember the unpaired devices tpd connects in @state_dir (remembered.h)
 * and, with AutoAdopt, connect them again like paired ones: when BlueZ
 * reports them, and with backoff when their link drops. Device.Forget
 * (tp_bluetooth_forget_device) forgets one. Without this call nothing is
 * remembered. Call it before BlueZ's devices are known. */
void tp_bluetooth_remember_in(TpBluetooth *bt, const char *state_dir);

/* Adapter state changed (Discovering, Powered). */
void tp_bluetooth_set_changed_callback(TpBluetooth *bt,
				       void (*changed)(void *user_data),
				       void *user_data);
bool tp_bluetooth_discovering(TpBluetooth *bt);
bool tp_bluetooth_powered(TpBluetooth *bt);

/* Start or stop discovery on every powered adapter. @done gets NULL on
 * success, else why not (e.g. no powered adapter); it may run before this
 * returns, and then NULL is returned. Otherwise the request in flight,
 * which tp_bluetooth_op_cancel() drops without calling @done. */
typedef struct TpBluetoothOp TpBluetoothOp;
typedef void (*TpBluetoothDone)(const char *error, void *user_data);
TpBluetoothOp *tp_bluetooth_set_discovery(TpBluetooth *bt, bool on,
					  TpBluetoothDone done,
					  void *user_data);
void tp_bluetooth_op_cancel(TpBluetoothOp *op);

/* tpctl test-model: drive the device BlueZ knows at @address with
 * @model (taken over, freed with the device), whatever its name; never
 * connected by itself. A device already driven by a shipped or installed
 * model is not (TP_ERROR_BUSY); one on trial and disconnected is tried
 * again with the new model. The massager is added to the manager. */
TpMassager *tp_bluetooth_try_model(TpBluetooth *bt, const char *address,
				   TpModel *model, GError **error);

/* Forget @m: stop its motor and disconnect it (stop first), then remove
 * it from BlueZ (Adapter1.RemoveDevice), which unpublishes it. @done gets
 * NULL once BlueZ removed it, else why not; it runs at the latest when
 * @bt is freed. False (and @done not called) when @m is not one of the
 * devices of @bt. */
bool tp_bluetooth_forget_device(TpBluetooth *bt, TpMassager *m,
				TpBluetoothDone done, void *user_data);
