/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>

#include "bluez/bluetooth.h"
#include "bus/client-watch.h"
#include "bus/dbus-object.h"
#include "therapy/manager.h"

/* What the D-Bus glue of every tpd object shares. */
typedef struct TpDiscovery TpDiscovery;
typedef struct TpTrial TpTrial;

typedef struct {
	TpBus *bus;
	TpClientWatches *clients;
	TpManager *manager;
	bool simulated;
	GPtrArray *devices;	/* TpDeviceExport*, owned */
	TpBluetooth *bluetooth; /* NULL with simulated devices */
	TpDiscovery *discovery; /* who asked for discovery */
	GPtrArray *trials;	/* TpTrial*: models being tried, owned */
} TpApi;

/* The API as a whole (api.c): the Manager object, and a Device object for
 * each device the manager holds. */
TpApi *tp_api_new(TpBus *bus, TpClientWatches *clients, TpManager *manager,
		  bool simulated);
void tp_api_free(TpApi *api);
/* Serve Bluetooth (discovery, Discovering, Powered) through @bt. */
void tp_api_set_bluetooth(TpApi *api, TpBluetooth *bt);

/* Inside a method with an action: the uid its caller was authorized as.
 * A bus without an authorizer (unit tests) knows no users: root. */
guint32 tp_api_caller_uid(TpBus *bus);

/* The Manager interface (manager-dbus.c). */
extern const TpInterface tp_manager_interface;
/* What ListMuscles and FindMuscles both tell of a muscle: Id, Name,
 * Region, Sides, Tools, Program and Cautions. */
void tp_muscle_dict_add_summary(GVariantDict *d, const TpMuscle *m);

/* Manager.StartDiscovery and StopDiscovery (discovery-dbus.c): discovery
 * runs while any client that asked for it is on the bus. */
DBusMessage *tp_api_start_discovery(TpBus *bus, DBusMessage *msg, void *data);
DBusMessage *tp_api_stop_discovery(TpBus *bus, DBusMessage *msg, void *data);
void tp_discovery_free(TpDiscovery *d);

/* Manager.GetHistory and RateSession (history-dbus.c). */
DBusMessage *tp_api_get_history(TpBus *bus, DBusMessage *msg, void *data);
DBusMessage *tp_api_rate_session(TpBus *bus, DBusMessage *msg, void *data);
/* Inside a method with an action: the caller's sessions (aa{sv}, oldest
 * first, not floating) that the a{sv} @filter of GetHistory selects; with
 * @with_limit false, Limit is no key of it. NULL with @error
 * (TP_ERROR_INVALID, TP_ERROR_NOT_PERMITTED) for a bad filter. */
GVariant *tp_api_history_select(TpApi *api, TpBus *bus, GVariant *filter,
				bool with_limit, GError **error);

/* Manager.GetTrends (trend-dbus.c): the pain trend per muscle. */
DBusMessage *tp_api_get_trends(TpBus *bus, DBusMessage *msg, void *data);

/* Manager.TestModel (trial-dbus.c): a model tried on a device while the
 * client that asked is on the bus. */
DBusMessage *tp_api_test_model(TpBus *bus, DBusMessage *msg, void *data);
void tp_trial_free(TpTrial *t);
/* @m is going: its trial, if any, ends. */
void tp_api_trials_forget(TpApi *api, TpMassager *m);

/* Manager.FindMuscles and ListZones (finder-dbus.c). */
DBusMessage *tp_api_find_muscles(TpBus *bus, DBusMessage *msg, void *data);
DBusMessage *tp_api_list_zones(TpBus *bus, DBusMessage *msg, void *data);

/* Device objects (device-dbus.c). */
typedef struct TpDeviceExport TpDeviceExport;
extern const TpInterface tp_device_interface;
TpDeviceExport *tp_device_dbus_export(TpApi *api, TpMassager *m);
void tp_device_dbus_free(TpDeviceExport *dev);
TpMassager *tp_device_dbus_massager(TpDeviceExport *dev);
TpMassager *tp_api_find_device(TpApi *api, const char *path);
/* What Device.Disconnect does: end @m's session, drop manual mode, stop
 * the motor and disconnect. */
void tp_api_disconnect_device(TpApi *api, TpMassager *m);

/* Session objects (session-dbus.c). */
extern const TpInterface tp_session_interface;
TpSession *tp_session_dbus_start(TpApi *api, TpMassager *m,
				 const TpSessionRequest *req, const char *owner,
				 GError **error);
