/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* io.tpd.Tpd1.Device: the D-Bus face of a TpMassager. */
#include <errno.h>
#include <string.h>

#include "api-error.h"
#include "api.h"
#include "common/device-path.h"
#include "tpd/tpd-dbus.h"

struct TpDeviceExport {
	TpApi *api;
	TpMassager *m;
	char *path;
	/* Manual mode: the client that set a non-zero intensity; the motor
	 * stops when it leaves the bus. */
	char *manual_owner;
	guint manual_watch;
};

TpMassager *tp_api_find_device(TpApi *api, const char *path)
{
	for (guint i = 0; i < api->devices->len; i++) {
		TpDeviceExport *dev = g_ptr_array_index(api->devices, i);
		if (strcmp(dev->path, path) == 0)
			return dev->m;
	}
	return NULL;
}

/* ---- manual mode ------------------------------------------------------- */

static void tp_device_clear_manual(TpDeviceExport *dev)
{
	if (dev->manual_watch)
		tp_client_watch_remove(dev->api->clients, dev->manual_watch);
	dev->manual_watch = 0;
	g_clear_pointer(&dev->manual_owner, g_free);
}

static void tp_device_manual_owner_gone(const char *name, void *user_data)
{
	TpDeviceExport *dev = user_data;

	g_info("%s: %s left the bus; stopping the motor it set",
	       tp_massager_address(dev->m), name);
	dev->manual_watch = 0;
	g_clear_pointer(&dev->manual_owner, g_free);
	if (!tp_massager_claim_tag(dev->m))
		tp_massager_stop(dev->m);
}

static void tp_device_set_manual_owner(TpDeviceExport *dev, const char *owner)
{
	if (g_strcmp0(dev->manual_owner, owner) == 0)
		return;
	tp_device_clear_manual(dev);
	dev->manual_owner = g_strdup(owner);
	dev->manual_watch = tp_client_watch_add(
	    dev->api->clients, owner, tp_device_manual_owner_gone, dev);
}

/* ---- methods ----------------------------------------------------------- */

static DBusMessage *tp_device_connect(TpBus *bus, DBusMessage *msg, void *data)
{
	TpDeviceExport *dev = data;
	int err = tp_massager_connect(dev->m);
	(void)bus;

	if (err == -ESHUTDOWN)
		return tp_error_shutting_down(
		    msg, "%s; nothing connects now",
		    tp_manager_barrier(dev->api->manager));
	if (err < 0)
		return tp_error_failed(msg, "cannot connect to %s: %s",
				       tp_massager_address(dev->m),
				       g_strerror(-err));
	return tp_reply_new(msg, NULL);
}

/* Its session ends, nobody holds it by hand any more, and the motor is
 * stopped before the link goes. */
static void tp_device_disconnect_export(TpDeviceExport *dev)
{
	TpSession *s = tp_manager_session_of(dev->api->manager, dev->m);

	if (s)
		tp_session_finish(s, TPD_FINISH_DISCONNECTED);
	tp_device_clear_manual(dev);
	tp_massager_disconnect(dev->m);
}

void tp_api_disconnect_device(TpApi *api, TpMassager *m)
{
	for (guint i = 0; i < api->devices->len; i++) {
		TpDeviceExport *dev = g_ptr_array_index(api->devices, i);
		if (dev->m == m) {
			tp_device_disconnect_export(dev);
			return;
		}
	}
}

static DBusMessage *tp_device_disconnect(TpBus *bus, DBusMessage *msg,
					 void *data)
{
	(void)bus;

	tp_device_disconnect_export(data);
	return tp_reply_new(msg, NULL);
}

typedef struct {
	TpBus *bus;
	DBusMessage *msg;
} TpForgetReply;

/* The bus outlives the Bluetooth provider, which answers at the latest
 * when it goes; the device object may be gone by then. */
static void tp_device_forgotten(const char *error, void *user_data)
{
	TpForgetReply *r = user_data;

	tp_bus_send(r->bus, error ? tp_error_failed(r->msg, "%s", error)
				  : tp_reply_new(r->msg, NULL));
	dbus_message_unref(r->msg);
	g_free(r);
}

static DBusMessage *tp_device_forget(TpBus *bus, DBusMessage *msg, void *data)
{
	TpDeviceExport *dev = data;
	TpSession *s = tp_manager_session_of(dev->api->manager, dev->m);
	TpForgetReply *r;

	if (tp_manager_shutting_down(dev->api->manager))
		return tp_error_shutting_down(
		    msg, "%s; try again once it is back",
		    tp_manager_barrier(dev->api->manager));
	if (!dev->api->bluetooth)
		return tp_error_failed(msg,
				       "%s is simulated: there is nothing "
				       "to forget",
				       tp_massager_name(dev->m));
	g_info("Forget %s from %s", tp_massager_address(dev->m),
	       dbus_message_get_sender(msg));
	if (s)
		tp_session_finish(s, TPD_FINISH_DISCONNECTED);
	tp_device_clear_manual(dev);
	r = g_new0(TpForgetReply, 1);
	r->bus = bus;
	r->msg = dbus_message_ref(msg);
	if (!tp_bluetooth_forget_device(dev->api->bluetooth, dev->m,
					tp_device_forgotten, r)) {
		dbus_message_unref(r->msg);
		g_free(r);
		return tp_error_failed(msg, "BlueZ does not know %s",
				       tp_massager_address(dev->m));
	}
	return NULL; /* answered by tp_device_forgotten() */
}

static DBusMessage *tp_device_set_intensity(TpBus *bus, DBusMessage *msg,
					    void *data)
{
	TpDeviceExport *dev = data;
	dbus_uint32_t intensity;
	const char *claim = tp_massager_claim_tag(dev->m);
	int err;
	(void)bus;

	dbus_message_get_args(msg, NULL, DBUS_TYPE_UINT32, &intensity,
			      DBUS_TYPE_INVALID);
	if (intensity > 100)
		return tp_error_invalid_args(msg,
					     "intensity %u is out of "
					     "range; expected 0 to 100",
					     intensity);
	if (claim)
		return tp_error_busy(msg,
				     "session %s is running on %s; use "
				     "its SetScale, or stop it first",
				     claim, tp_massager_name(dev->m));
	err = tp_massager_set_intensity(dev->m, intensity);
	if (err == -ESHUTDOWN)
		return tp_error_shutting_down(
		    msg, "%s; only stops are taken now",
		    tp_manager_barrier(dev->api->manager));
	if (err < 0 && tp_massager_stop_unconfirmed(dev->m))
		return tp_error_not_connected(
		    msg,
		    "%s has not confirmed its last stop and may still be "
		    "running; switch it off by hand",
		    tp_massager_name(dev->m));
	if (err < 0)
		return tp_error_not_connected(msg, "%s is not connected",
					      tp_massager_name(dev->m));
	if (intensity > 0)
		tp_device_set_manual_owner(dev, dbus_message_get_sender(msg));
	else
		tp_device_clear_manual(dev);
	return tp_reply_new(msg, NULL);
}

static DBusMessage *tp_device_stop(TpBus *bus, DBusMessage *msg, void *data)
{
	TpDeviceExport *dev = data;
	TpSession *s = tp_manager_session_of(dev->api->manager, dev->m);
	(void)bus;

	if (s)
		tp_session_finish(s, TPD_FINISH_STOPPED);
	tp_massager_stop(dev->m);
	tp_device_clear_manual(dev);
	return tp_reply_new(msg, NULL);
}

/* ---- properties -------------------------------------------------------- */

/* Getters append straight into the message: Intensity, Speed and State
 * go out with every change. */
#define TP_DEVICE_GETTER(fn, expr)                                 \
	static bool fn(DBusMessageIter *iter, void *data)          \
	{                                                          \
		const TpMassager *m = ((TpDeviceExport *)data)->m; \
		(void)m;                                           \
		return expr;                                       \
	}

TP_DEVICE_GETTER(tp_device_get_address,
		 tp_append_string(iter, tp_massager_address(m)))
TP_DEVICE_GETTER(tp_device_get_name,
		 tp_append_string(iter, tp_massager_name(m)))
TP_DEVICE_GETTER(tp_device_get_model,
		 tp_append_string(iter, tp_massager_model(m)->name))
TP_DEVICE_GETTER(tp_device_get_kind,
		 tp_append_string(iter, tp_model_kind(tp_massager_model(m))))
TP_DEVICE_GETTER(tp_device_get_protocol,
		 tp_append_string(iter, tp_massager_model(m)->protocol))
TP_DEVICE_GETTER(tp_device_get_experimental,
		 tp_append_bool(iter, tp_massager_model(m)->experimental))
TP_DEVICE_GETTER(tp_device_get_state,
		 tp_append_string(iter, tp_massager_state_string(m)))
TP_DEVICE_GETTER(tp_device_get_connected,
		 tp_append_bool(iter, tp_massager_link_up(m)))
TP_DEVICE_GETTER(tp_device_get_battery,
		 tp_append_byte(iter, (guint8)MAX(tp_massager_battery(m), 0)))
TP_DEVICE_GETTER(tp_device_get_firmware,
		 tp_append_string(iter, tp_massager_firmware(m)
					    ? tp_massager_firmware(m)
					    : ""))
TP_DEVICE_GETTER(tp_device_get_intensity,
		 tp_append_u32(iter, tp_massager_intensity(m)))
TP_DEVICE_GETTER(tp_device_get_speed, tp_append_u32(iter, tp_massager_speed(m)))
TP_DEVICE_GETTER(tp_device_get_range,
		 tp_append_u32_pair(iter,
				    tp_model_range(tp_massager_model(m))->low,
				    tp_model_range(tp_massager_model(m))->high))
TP_DEVICE_GETTER(tp_device_get_session,
		 tp_append_path(iter, tp_massager_claim_tag(m)
					  ? tp_massager_claim_tag(m)
					  : "/"))

/* SpeedRange for models driven per minute, Levels for discrete ones. */
static bool tp_device_has_speed_range(void *data)
{
	TpDeviceExport *dev = data;

	return !tp_massager_model(dev->m)->discrete;
}

static bool tp_device_has_levels(void *data)
{
	return !tp_device_has_speed_range(data);
}

static bool tp_device_has_battery(void *data)
{
	TpDeviceExport *dev = data;

	return tp_massager_battery(dev->m) >= 0;
}

static bool tp_device_has_firmware(void *data)
{
	TpDeviceExport *dev = data;

	return tp_massager_firmware(dev->m) != NULL;
}

const TpInterface tp_device_interface = {
	.name = TPD_DEVICE_INTERFACE,
	.invalid_args_error = TPD_ERROR_INVALID_ARGS,
	.methods =
	    (const TpMethod[]){ { "Connect", TP_NO_ARGS, TP_NO_ARGS,
				  tp_device_connect, TPD_ACTION_CONTROL },
				{ "Disconnect", TP_NO_ARGS, TP_NO_ARGS,
				  tp_device_disconnect, TPD_ACTION_CONTROL },
				{ "SetIntensity", TP_ARGS({ "intensity", "u" }),
				  TP_NO_ARGS, tp_device_set_intensity,
				  TPD_ACTION_CONTROL },
				{ "Stop", TP_NO_ARGS, TP_NO_ARGS,
				  tp_device_stop, TPD_ACTION_CONTROL },
				{ "Forget", TP_NO_ARGS, TP_NO_ARGS,
				  tp_device_forget, TPD_ACTION_CONTROL },
				{ NULL } },
	.properties =
	    (const TpProperty[]){
		{ "Address", "s", tp_device_get_address },
		{ "Name", "s", tp_device_get_name },
		{ "Model", "s", tp_device_get_model },
		{ "Kind", "s", tp_device_get_kind },
		{ "Protocol", "s", tp_device_get_protocol },
		{ "Experimental", "b", tp_device_get_experimental },
		{ "State", "s", tp_device_get_state },
		{ "Connected", "b", tp_device_get_connected },
		{ "Battery", "y", tp_device_get_battery,
		  .exists = tp_device_has_battery },
		{ "Firmware", "s", tp_device_get_firmware,
		  .exists = tp_device_has_firmware },
		{ "Intensity", "u", tp_device_get_intensity },
		{ "Speed", "u", tp_device_get_speed },
		{ "SpeedRange", "(uu)", tp_device_get_range,
		  .exists = tp_device_has_speed_range },
		{ "Levels", "(uu)", tp_device_get_range,
		  .exists = tp_device_has_levels },
		{ "Session", "o", tp_device_get_session },
		{ NULL } },
};

/* ---- massager events --------------------------------------------------- */

static void tp_device_announce(TpDeviceExport *dev, unsigned changes)
{
	static const struct {
		unsigned bit;
		const char *property;
	} map[] = {
		{ TP_MASSAGER_CHANGED_STATE, "State" },
		{ TP_MASSAGER_CHANGED_STATE, "Connected" },
		{ TP_MASSAGER_CHANGED_INTENSITY, "Intensity" },
		{ TP_MASSAGER_CHANGED_SPEED, "Speed" },
		{ TP_MASSAGER_CHANGED_BATTERY, "Battery" },
		{ TP_MASSAGER_CHANGED_FIRMWARE, "Firmware" },
		{ TP_MASSAGER_CHANGED_CLAIM, "Session" },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(map); i++)
		if (changes & map[i].bit)
			tp_bus_property_changed(dev->api->bus, dev->path,
						&tp_device_interface,
						map[i].property);
}

static void tp_device_massager_event(TpMassager *m, const TpMassagerEvent *ev,
				     void *user_data)
{
	TpDeviceExport *dev = user_data;
	(void)m;

	if (ev->type == TP_MASSAGER_EVENT_CHANGED)
		tp_device_announce(dev, ev->changes);
	else if (ev->type == TP_MASSAGER_EVENT_DISCONNECTED)
		tp_device_clear_manual(dev);
}

TpDeviceExport *tp_device_dbus_export(TpApi *api, TpMassager *m)
{
	TpDeviceExport *dev = g_new0(TpDeviceExport, 1);

	dev->api = api;
	dev->m = m;
	dev->path = tp_device_object_path(tp_massager_address(m));
	tp_massager_add_listener(m, tp_device_massager_event, dev);
	tp_bus_add_interface(api->bus, dev->path, &tp_device_interface, dev);
	return dev;
}

TpMassager *tp_device_dbus_massager(TpDeviceExport *dev)
{
	return dev->m;
}

void tp_device_dbus_free(TpDeviceExport *dev)
{
	if (!dev)
		return;
	tp_device_clear_manual(dev);
	tp_massager_remove_listener(dev->m, tp_device_massager_event, dev);
	tp_bus_remove_object(dev->api->bus, dev->path);
	g_free(dev->path);
	g_free(dev);
}
