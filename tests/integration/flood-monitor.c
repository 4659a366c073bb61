/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The stopping client of test_flood: while other clients flood tpd, ask
 * the simulated gun to stop every INTERVAL ms for DURATION ms, and print
 * for each stop when it was answered and when the gun received the next
 * stop frame, in microseconds after it was asked:
 *
 *   stop <answered_us> <frame_us>     (-1: never, by the end)
 *
 * In C and on its own connection so that what it measures is tpd, not a
 * Python client drowning in the flood's signals.
 *
 *   flood-monitor DEVICE_PATH DURATION_MS INTERVAL_MS   (session bus)
 */
#include <dbus/dbus.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_STOPS 256

static const uint8_t stop_frame[] = {
	0xAA, 0x07, 0x01, 0x03, 0x00, 0x00, 0x03
};

typedef struct {
	int64_t asked;
	int64_t answered;
	int64_t frame;
} Stop;

static Stop stops[MAX_STOPS];
static unsigned n_stops;

static int64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static bool is_stop_frame(DBusMessage *msg)
{
	DBusMessageIter iter, bytes;
	const uint8_t *data;
	int len;

	if (!dbus_message_iter_init(msg, &iter) ||
	    dbus_message_iter_get_arg_type(&iter) != DBUS_TYPE_ARRAY)
		return false;
	dbus_message_iter_recurse(&iter, &bytes);
	dbus_message_iter_get_fixed_array(&bytes, &data, &len);
	return len == (int)sizeof(stop_frame) &&
	       memcmp(data, stop_frame, sizeof(stop_frame)) == 0;
}

/* A stop frame answers every stop asked before it that has none yet. */
static DBusHandlerResult on_message(DBusConnection *conn, DBusMessage *msg,
				    void *data)
{
	int64_t t = now_us();

	if (!dbus_message_is_signal(msg, "io.tpd.Tpd1.Simulator",
				    "FrameReceived") ||
	    !is_stop_frame(msg))
		return DBUS_HANDLER_RESULT_NOT_YET_HANDLED;
	for (unsigned i = 0; i < n_stops; i++)
		if (stops[i].frame < 0)
			stops[i].frame = t;
	return DBUS_HANDLER_RESULT_HANDLED;
}

static void on_reply(DBusPendingCall *call, void *data)
{
	Stop *stop = data;
	DBusMessage *reply = dbus_pending_call_steal_reply(call);

	stop->answered = now_us();
	if (dbus_message_get_type(reply) == DBUS_MESSAGE_TYPE_ERROR)
		fprintf(stderr, "flood-monitor: Stop failed: %s\n",
			dbus_message_get_error_name(reply));
	dbus_message_unref(reply);
	dbus_pending_call_unref(call);
}

static void ask_stop(DBusConnection *conn, const char *device)
{
	DBusMessage *msg = dbus_message_new_method_call(
	    "io.tpd.Tpd1", device, "io.tpd.Tpd1.Device", "Stop");
	DBusPendingCall *call = NULL;
	Stop *stop = &stops[n_stops++];

	*stop = (Stop){ now_us(), -1, -1 };
	if (!msg || !dbus_connection_send_with_reply(conn, msg, &call, 30000) ||
	    !call) {
		fprintf(stderr, "flood-monitor: cannot send Stop\n");
		exit(1);
	}
	dbus_pending_call_set_notify(call, on_reply, stop, NULL);
	dbus_message_unref(msg);
}

static bool all_answered(void)
{
	for (unsigned i = 0; i < n_stops; i++)
		if (stops[i].answered < 0 || stops[i].frame < 0)
			return false;
	return true;
}

int main(int argc, char **argv)
{
	DBusError error = DBUS_ERROR_INIT;
	DBusConnection *conn;
	int64_t end, next, grace;

	if (argc != 4) {
		fprintf(stderr, "usage: flood-monitor DEVICE DURATION_MS "
				"INTERVAL_MS\n");
		return 2;
	}
	conn = dbus_bus_get_private(DBUS_BUS_SESSION, &error);
	if (!conn) {
		fprintf(stderr, "flood-monitor: %s\n", error.message);
		return 1;
	}
	dbus_bus_add_match(conn,
			   "type='signal',interface='io.tpd.Tpd1.Simulator',"
			   "member='FrameReceived'",
			   NULL);
	dbus_connection_add_filter(conn, on_message, NULL, NULL);
	end = now_us() + atoll(argv[2]) * 1000;
	next = now_us() + atoll(argv[3]) * 1000;
	/* Stops go out until the end; then their answers may take 5 s. */
	grace = end + 5000000;
	while (now_us() < grace && (now_us() < end || !all_answered())) {
		if (now_us() >= next && now_us() < end && n_stops < MAX_STOPS) {
			ask_stop(conn, argv[1]);
			next += atoll(argv[3]) * 1000;
		}
		dbus_connection_read_write_dispatch(conn, 10);
	}
	for (unsigned i = 0; i < n_stops; i++)
		printf("stop %lld %lld\n",
		       (long long)(stops[i].answered < 0
				       ? -1
				       : stops[i].answered - stops[i].asked),
		       (long long)(stops[i].frame < 0
				       ? -1
				       : stops[i].frame - stops[i].asked));
	dbus_connection_close(conn);
	dbus_connection_unref(conn);
	return 0;
}
