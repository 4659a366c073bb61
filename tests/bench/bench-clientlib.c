/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The shared part of tpd-bench-client and tpd-bench-stop: see
 * bench-clientlib.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "common/dbus-mainloop.h"
#include "bench-clientlib.h"

#define SPEED_LOW  1750
#define SPEED_HIGH 2400

static struct {
	const char *prog;
	BenchStateFunc state;
	GMainLoop *loop;
	int exit_code;
	guint stall_id;
	unsigned next_value; /* counter for the intensity sequence */
} b;

void bench_init(const char *prog, BenchStateFunc state)
{
	b.prog = prog;
	b.state = state;
	b.loop = g_main_loop_new(NULL, FALSE);
}

int bench_run(void)
{
	g_main_loop_run(b.loop);
	return b.exit_code;
}

void bench_quit(void)
{
	g_main_loop_quit(b.loop);
}

void fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", b.prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	b.exit_code = 1;
	bench_quit();
}

static gboolean stalled(gpointer data)
{
	g_autofree char *state = b.state();
	(void)data;

	b.stall_id = 0;
	fail("nothing happened for %d s%s", STALL_TIMEOUT_MS / 1000, state);
	return G_SOURCE_REMOVE;
}

void bench_progress(void)
{
	bench_progress_end();
	b.stall_id = g_timeout_add(STALL_TIMEOUT_MS, stalled, NULL);
}

void bench_progress_end(void)
{
	g_clear_handle_id(&b.stall_id, g_source_remove);
}

guint64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (guint64)ts.tv_sec * 1000000000u + (guint64)ts.tv_nsec;
}

/* Steps of 37 modulo 100. */
unsigned next_intensity(void)
{
	return 1 + (b.next_value++ * 37) % 100;
}

/* ---- Theragun frames -------------------------------------------------- */

unsigned speed_for(unsigned intensity)
{
	unsigned span = SPEED_HIGH - SPEED_LOW;

	return SPEED_LOW + (2 * span * (intensity - 1) + 99) / (2 * 99);
}

bool is_speed_frame(const guint8 *f, int len, unsigned speed)
{
	return len == 7 && f[0] == 0xAA && f[2] == 0x01 && f[3] == 0x03 &&
	       f[6] == 0x03 && (unsigned)(f[4] << 8 | f[5]) == speed &&
	       f[1] == (guint8)(f[2] + f[3] + f[4] + f[5] + f[6]);
}

bool is_running_frame(const guint8 *f, int len)
{
	return len == 7 && f[0] == 0xAA && f[2] == 0x01 && f[3] == 0x03 &&
	       (f[4] | f[5]) != 0;
}

bool is_stop_frame(const guint8 *f, int len)
{
	static const guint8 stop[] = {
		0xAA, 0x07, 0x01, 0x03, 0x00, 0x00, 0x03
	};

	return len == 7 && memcmp(f, stop, 7) == 0;
}

bool is_status_request(const guint8 *f, int len)
{
	static const guint8 status[] = { 0xAA, 0x10, 0x10, 0x00 };

	return len == 4 && memcmp(f, status, 4) == 0;
}

/* ---- D-Bus ------------------------------------------------------------ */

bool bench_send(DBusConnection *conn, DBusMessage *msg,
		DBusPendingCallNotifyFunction notify, void *data)
{
	DBusPendingCall *pending = NULL;
	bool ok = dbus_connection_send_with_reply(conn, msg, &pending,
						  CALL_TIMEOUT_MS) &&
		  pending;

	dbus_message_unref(msg);
	if (!ok)
		return false;
	dbus_pending_call_set_notify(pending, notify, data, NULL);
	dbus_pending_call_unref(pending);
	return true;
}

static void reply_arrived(DBusPendingCall *pending, void *data)
{
	/* The time first: the latency's replies are timed. */
	guint64 t = now_ns();
	DBusMessage *reply = dbus_pending_call_steal_reply(pending);

	if (reply) {
		((ReplyFunc)data)(reply, t);
		dbus_message_unref(reply);
	}
}

bool bench_call(DBusConnection *conn, DBusMessage *msg, ReplyFunc done)
{
	return bench_send(conn, msg, reply_arrived, (void *)done);
}

const char *error_text(DBusMessage *reply)
{
	const char *text = NULL;

	dbus_message_get_args(reply, NULL, DBUS_TYPE_STRING, &text,
			      DBUS_TYPE_INVALID);
	return text ? text : dbus_message_get_error_name(reply);
}

DBusConnection *bench_connect(int priority, DBusError *err)
{
	DBusConnection *conn = dbus_bus_get_private(DBUS_BUS_SYSTEM, err);

	if (!conn)
		return NULL;
	dbus_connection_set_exit_on_disconnect(conn, FALSE);
	tp_dbus_mainloop_attach_at(conn, priority);
	return conn;
}

bool bench_watch_sink(DBusConnection *conn)
{
	DBusMessage *call, *reply;
	DBusError err = DBUS_ERROR_INIT;

	call = dbus_message_new_method_call("org.bluez", SINK_PATH, SINK_IFACE,
					    "Watch");
	reply = dbus_connection_send_with_reply_and_block(
	    conn, call, CALL_TIMEOUT_MS, &err);
	dbus_message_unref(call);
	if (!reply) {
		fprintf(stderr, "%s: Watch: %s\n", b.prog, err.message);
		dbus_error_free(&err);
		return false;
	}
	dbus_message_unref(reply);
	return true;
}

bool bench_written(DBusMessage *msg, BenchWrite *w)
{
	dbus_uint64_t t;

	if (!dbus_message_get_args(msg, NULL, DBUS_TYPE_UINT64, &t,
				   DBUS_TYPE_OBJECT_PATH, &w->chrc,
				   DBUS_TYPE_ARRAY, DBUS_TYPE_BYTE, &w->bytes,
				   &w->len, DBUS_TYPE_INVALID)) {
		fail("bad Written signal");
		return false;
	}
	w->t_ns = t;
	return true;
}

/* ---- JSON ------------------------------------------------------------- */

void print_samples(const char *name, GArray *a, bool last)
{
	printf("\"%s\": [", name);
	for (guint i = 0; i < a->len; i++)
		printf("%s%" G_GINT64_FORMAT, i ? ", " : "",
		       g_array_index(a, gint64, i));
	printf("]%s", last ? "" : ", ");
}

/* Error texts are tpd's sentences: no quotes or backslashes expected, but
 * escape them all the same; control characters are left out. */
void print_json_string(const char *s)
{
	if (!s) {
		printf("null");
		return;
	}
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			putchar('\\');
		if ((guchar)*s >= 0x20)
			putchar(*s);
	}
	putchar('"');
}
