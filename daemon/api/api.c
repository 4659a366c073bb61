/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * TpApi: the io.tpd.Tpd1 objects as a whole. It exports the Manager,
 * follows the manager's devices to export a Device object for each, and
 * relays Bluetooth's Discovering and Powered.
 */
#include "api.h"
#include "tpd/tpd-dbus.h"

static void tp_api_device_added(TpManager *mgr, TpMassager *m, void *user_data)
{
	TpApi *api = user_data;
	(void)mgr;

	g_ptr_array_add(api->devices, tp_device_dbus_export(api, m));
}

static void tp_api_device_removed(TpManager *mgr, TpMassager *m,
				  void *user_data)
{
	TpApi *api = user_data;
	(void)mgr;

	tp_api_trials_forget(api, m);
	for (guint i = 0; i < api->devices->len; i++) {
		TpDeviceExport *dev = g_ptr_array_index(api->devices, i);
		if (tp_device_dbus_massager(dev) == m) {
			g_ptr_array_remove_index(api->devices, i);
			return;
		}
	}
}

static const TpManagerHooks tp_api_hooks = {
	.device_added = tp_api_device_added,
	.device_removed = tp_api_device_removed,
};

static void tp_api_bluetooth_changed(void *user_data)
{
	TpApi *api = user_data;

	tp_bus_property_changed(api->bus, TPD_MANAGER_PATH,
				&tp_manager_interface, "Discovering");
	tp_bus_property_changed(api->bus, TPD_MANAGER_PATH,
				&tp_manager_interface, "Powered");
}

guint32 tp_api_caller_uid(TpBus *bus)
{
	uid_t uid = tp_bus_caller_uid(bus);

	return uid == TP_UID_UNKNOWN ? 0 : (guint32)uid;
}

void tp_api_set_bluetooth(TpApi *api, TpBluetooth *bt)
{
	api->bluetooth = bt;
	if (bt)
		tp_bluetooth_set_changed_callback(bt, tp_api_bluetooth_changed,
						  api);
}

TpApi *tp_api_new(TpBus *bus, TpClientWatches *clients, TpManager *manager,
		  bool simulated)
{
	TpApi *api = g_new0(TpApi, 1);

	api->bus = bus;
	api->clients = clients;
	api->manager = manager;
	api->simulated = simulated;
	api->devices =
	    g_ptr_array_new_with_free_func((GDestroyNotify)tp_device_dbus_free);
	api->trials =
	    g_ptr_array_new_with_free_func((GDestroyNotify)tp_trial_free);
	tp_manager_set_hooks(manager, &tp_api_hooks, api);
	tp_bus_add_interface(bus, TPD_MANAGER_PATH, &tp_manager_interface, api);
	return api;
}

void tp_api_free(TpApi *api)
{
	if (!api)
		return;
	/* The sessions it exported end while their D-Bus faces can still
	 * say so (normally shutdown has ended them already). */
	tp_manager_finish_sessions(api->manager, TPD_FINISH_SHUTDOWN);
	tp_manager_set_hooks(api->manager, NULL, NULL);
	if (api->bluetooth)
		tp_bluetooth_set_changed_callback(api->bluetooth, NULL, NULL);
	tp_discovery_free(api->discovery);
	g_ptr_array_unref(api->trials);
	g_ptr_array_unref(api->devices);
	tp_bus_remove_interface(api->bus, TPD_MANAGER_PATH,
				&tp_manager_interface);
	g_free(api);
}
