/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <dbus/dbus.h>
#include <glib.h>
#include <stdbool.h>

#include "bluez-objects.h"
#include "bus/dbus-call.h"

/*
 * The BlueZ client: a mirror of org.bluez's objects kept through
 * ObjectManager, the way bluez-alsa tracks BlueZ. It subscribes to
 * InterfacesAdded/Removed and PropertiesChanged first, then takes the
 * GetManagedObjects snapshot asynchronously; it accepts signals only from
 * the current owner of org.bluez; when org.bluez loses its owner everything
 * is removed, and it is rebuilt when an owner returns. Listeners hear of
 * every change. Calls to BlueZ are asynchronous, with a timeout.
 */

typedef struct TpBluez TpBluez;

typedef enum {
	TP_BZ_ADDED,
	TP_BZ_CHANGED,	/* changes says what */
	TP_BZ_REMOVED,	/* the object is freed after the listeners ran */
	TP_BZ_READY,	/* a snapshot was mirrored (or BlueZ is absent) */
	TP_BZ_VANISHED, /* org.bluez left the bus; everything was removed */
} TpBzEventType;

typedef struct {
	TpBzEventType type;
	const TpBzObject *object; /* ADDED, CHANGED, REMOVED */
	unsigned changes;
} TpBzEvent;

typedef void (*TpBzListener)(TpBluez *bz, const TpBzEvent *ev, void *user_data);

TpBluez *tp_bluez_new(DBusConnection *conn);
void tp_bluez_free(TpBluez *bz);

void tp_bluez_add_listener(TpBluez *bz, TpBzListener fn, void *user_data);
void tp_bluez_remove_listener(TpBluez *bz, TpBzListener fn, void *user_data);

/* Whether BlueZ is on the bus and mirrored. */
bool tp_bluez_present(TpBluez *bz);
/* Whether the first attempt to mirror it has ended (either way). */
bool tp_bluez_settled(TpBluez *bz);

const TpBzObject *tp_bluez_lookup(TpBluez *bz, const char *path);
/* Objects of one kind, sorted by path (free the array only). */
GPtrArray *tp_bluez_objects(TpBluez *bz, TpBzKind kind);
/* The characteristic @char_uuid in service @service_uuid of @device. */
/* The one characteristic of @device's service @service_uuid that has one
 * of @flags (BlueZ's Flags: "write", "notify"...); NULL when none has, or
 * more than one. */
const TpBzCharacteristic *
tp_bluez_find_characteristic_by_flags(TpBluez *bz, const char *device,
				      const char *service_uuid,
				      const char *const *flags);
const TpBzCharacteristic *tp_bluez_find_characteristic(TpBluez *bz,
						       const char *device,
						       const char *service_uuid,
						       const char *char_uuid);

/* ---- calls ----------------------------------------------------------- */

/* @error_name is NULL on success (then @reply is the reply's arguments as a
 * tuple), else a D-Bus error name; a timeout is
 * org.freedesktop.DBus.Error.NoReply. */
typedef void (*TpBzReply)(const char *error_name, const char *message,
			  GVariant *reply, void *user_data);

/* Call @method on @path with @args (a tuple, floating consumed, or NULL).
 * Returns a handle for tp_dbus_call_cancel(), valid until the callback
 * ran. */
TpDbusCall *tp_bluez_call(TpBluez *bz, const char *path, const char *iface,
			  const char *method, GVariant *args, int timeout_ms,
			  TpBzReply callback, void *user_data);
/* The same, and @destroy frees @user_data when the call ends, however it
 * ends: answered, cancelled, or dropped with the connection at exit. For
 * calls nobody waits for. */
TpDbusCall *tp_bluez_call_full(TpBluez *bz, const char *path, const char *iface,
			       const char *method, GVariant *args,
			       int timeout_ms, TpBzReply callback,
			       void *user_data, GDestroyNotify destroy);
/* The same with @msg, a method call to BlueZ the caller built (its
 * reference is taken): for calls on the hot path, whose arguments are
 * written straight into the message. */
TpDbusCall *tp_bluez_call_message(TpBluez *bz, DBusMessage *msg, int timeout_ms,
				  TpBzReply callback, void *user_data);
/* A call as tp_bluez_call_full(), sent on @from: the connection tpd's own
 * objects are exported on, which is not the one BlueZ is otherwise spoken to
 * on. bluetoothd reads what RegisterApplication and RegisterBatteryProvider
 * name from the connection that called, and drops it when that one leaves. */
TpDbusCall *tp_bluez_call_from(DBusConnection *from, const char *path,
			       const char *iface, const char *method,
			       GVariant *args, int timeout_ms,
			       TpBzReply callback, void *user_data,
			       GDestroyNotify destroy);
