/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tpd-bench-relay: the latency benchmark's baseline. It stands where tpd
 * stands, with nothing of tpd in it: it owns io.tpd.Bench.Relay, and
 * SetIntensity(u) on /io/tpd/Bench/Relay (interface io.tpd.Tpd1.Device)
 * sends at once the Theragun speed frame for that intensity as
 * GattCharacteristic1.WriteValue with type=request to the characteristic
 * given by --char, then replies: the same two D-Bus hops as a command
 * through tpd (client → relay, relay → BlueZ), over the same libdbus and
 * GLib main loop glue (tpcommon's dbus-mainloop.c), in the same order as
 * tpd (the write is sent before the reply).
 */
#include <glib-unix.h>
#include <stdio.h>
#include <string.h>

#include "common/dbus-mainloop.h"

#define RELAY_NAME	 "io.tpd.Bench.Relay"
#define RELAY_PATH	 "/io/tpd/Bench/Relay"
#define DEVICE_IFACE	 "io.tpd.Tpd1.Device"
#define WRITE_TIMEOUT_MS 5000 /* as tpd's bluez-link.c */
#define SPEED_LOW	 1750
#define SPEED_HIGH	 2400

static const char *char_path;
static DBusConnection *conn;
static GMainLoop *loop;

static void put_type_option(DBusMessageIter *it)
{
	DBusMessageIter dict, entry, variant;
	const char *key = "type", *value = "request";

	dbus_message_iter_open_container(it, DBUS_TYPE_ARRAY, "{sv}", &dict);
	dbus_message_iter_open_container(&dict, DBUS_TYPE_DICT_ENTRY, NULL,
					 &entry);
	dbus_message_iter_append_basic(&entry, DBUS_TYPE_STRING, &key);
	dbus_message_iter_open_container(&entry, DBUS_TYPE_VARIANT, "s",
					 &variant);
	dbus_message_iter_append_basic(&variant, DBUS_TYPE_STRING, &value);
	dbus_message_iter_close_container(&entry, &variant);
	dbus_message_iter_close_container(&dict, &entry);
	dbus_message_iter_close_container(it, &dict);
}

static void write_done(DBusPendingCall *pending, void *data)
{
	DBusMessage *reply = dbus_pending_call_steal_reply(pending);
	(void)data;

	if (reply && dbus_message_get_type(reply) == DBUS_MESSAGE_TYPE_ERROR)
		fprintf(stderr, "tpd-bench-relay: WriteValue: %s\n",
			dbus_message_get_error_name(reply));
	if (reply)
		dbus_message_unref(reply);
}

/* The speed for an intensity, as tpd-model(5) says, and its frame
 * (PROTOCOLS.md §2.3): AA checksum 01 03 speed-hi speed-lo 03. */
static void speed_frame(unsigned intensity, guint8 frame[7])
{
	unsigned span = SPEED_HIGH - SPEED_LOW;
	unsigned speed =
	    SPEED_LOW + (2 * span * (intensity - 1) + 99) / (2 * 99);

	frame[0] = 0xAA;
	frame[2] = 0x01;
	frame[3] = 0x03;
	frame[4] = (guint8)(speed >> 8);
	frame[5] = (guint8)(speed & 0xFF);
	frame[6] = 0x03;
	frame[1] =
	    (guint8)(frame[2] + frame[3] + frame[4] + frame[5] + frame[6]);
}

static void send_write(unsigned intensity)
{
	DBusMessage *msg = dbus_message_new_method_call(
	    "org.bluez", char_path, "org.bluez.GattCharacteristic1",
	    "WriteValue");
	DBusMessageIter it, array;
	DBusPendingCall *pending = NULL;
	guint8 frame[7];
	const guint8 *bytes = frame;

	speed_frame(intensity, frame);
	dbus_message_iter_init_append(msg, &it);
	dbus_message_iter_open_container(&it, DBUS_TYPE_ARRAY, "y", &array);
	dbus_message_iter_append_fixed_array(&array, DBUS_TYPE_BYTE, &bytes,
					     sizeof(frame));
	dbus_message_iter_close_container(&it, &array);
	put_type_option(&it);
	if (dbus_connection_send_with_reply(conn, msg, &pending,
					    WRITE_TIMEOUT_MS) &&
	    pending) {
		dbus_pending_call_set_notify(pending, write_done, NULL, NULL);
		dbus_pending_call_unref(pending);
	}
	dbus_message_unref(msg);
}

static DBusHandlerResult on_message(DBusConnection *c, DBusMessage *msg,
				    void *data)
{
	dbus_uint32_t intensity;
	DBusMessage *reply;
	(void)data;

	if (!dbus_message_is_method_call(msg, DEVICE_IFACE, "SetIntensity"))
		return DBUS_HANDLER_RESULT_NOT_YET_HANDLED;
	if (!dbus_message_get_args(msg, NULL, DBUS_TYPE_UINT32, &intensity,
				   DBUS_TYPE_INVALID) ||
	    intensity < 1 || intensity > 100) {
		reply = dbus_message_new_error(msg, DBUS_ERROR_INVALID_ARGS,
					       "intensity 1 to 100");
	} else {
		send_write(intensity);
		reply = dbus_message_new_method_return(msg);
	}
	dbus_connection_send(c, reply, NULL);
	dbus_message_unref(reply);
	return DBUS_HANDLER_RESULT_HANDLED;
}

static gboolean on_signal(gpointer data)
{
	(void)data;
	g_main_loop_quit(loop);
	return G_SOURCE_REMOVE;
}

int main(int argc, char **argv)
{
	DBusError err = DBUS_ERROR_INIT;
	static const DBusObjectPathVTable vtable = { .message_function =
							 on_message };

	if (argc != 3 || strcmp(argv[1], "--char") != 0) {
		fprintf(stderr, "usage: tpd-bench-relay --char OBJECT-PATH\n");
		return 2;
	}
	char_path = argv[2];
	conn = dbus_bus_get_private(DBUS_BUS_SYSTEM, &err);
	if (!conn) {
		fprintf(stderr, "tpd-bench-relay: %s\n", err.message);
		return 1;
	}
	dbus_connection_set_exit_on_disconnect(conn, FALSE);
	dbus_connection_register_object_path(conn, RELAY_PATH, &vtable, NULL);
	tp_dbus_mainloop_attach(conn);
	if (dbus_bus_request_name(conn, RELAY_NAME, DBUS_NAME_FLAG_DO_NOT_QUEUE,
				  &err) !=
	    DBUS_REQUEST_NAME_REPLY_PRIMARY_OWNER) {
		fprintf(stderr, "tpd-bench-relay: cannot own %s\n", RELAY_NAME);
		return 1;
	}
	loop = g_main_loop_new(NULL, FALSE);
	g_unix_signal_add(SIGTERM, on_signal, NULL);
	g_unix_signal_add(SIGINT, on_signal, NULL);
	g_main_loop_run(loop);
	dbus_connection_close(conn);
	dbus_connection_unref(conn);
	return 0;
}
