/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tpd-bench-client: the client side of the latency and flood benchmarks,
 * in C so that the client's own cost is small and the same for tpd and for
 * the baseline. Results go to standard output as one JSON object.
 *
 *   tpd-bench-client latency --device PATH [--count N] [--warmup N]
 *                            [--block N]
 *     Device.SetIntensity with a new value each time, alternately in blocks
 *     to tpd (PATH on io.tpd.Tpd1) and to tpd-bench-relay, one at a time.
 *     The latency of one is from just before the call is sent to the
 *     moment tpd-bench-sink dispatched the WriteValue it caused (the sink's
 *     timestamp, carried by its Written signal; one CLOCK_MONOTONIC for
 *     all processes). The next call goes once the reply and every frame
 *     the call causes have arrived: for tpd the speed frame and then the
 *     status request it always sends after one; for the relay the frame.
 *     Any other frame, an error reply or a wait of 10 s fails the run.
 *     {"tpd": [ns, ...], "relay": [ns, ...]}
 *
 *   tpd-bench-client flood --device PATH [--count N] [--window N]
 *     N SetIntensity calls to tpd as fast as they go, with up to --window
 *     of them waiting for their reply (a bus lets a connection have about
 *     128). {"sent", "replies", "errors", "first_error", "first_send_ns",
 *     "last_send_ns", "last_reply_ns", "last_intensity"}. Then it stays
 *     on the bus until its standard input ends: tpd stops the motor as
 *     soon as the client that set an intensity leaves.
 */
#include <glib-unix.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/dbus-mainloop.h"

#define TPD_NAME	 "io.tpd.Tpd1"
#define RELAY_NAME	 "io.tpd.Bench.Relay"
#define RELAY_PATH	 "/io/tpd/Bench/Relay"
#define DEVICE_IFACE	 "io.tpd.Tpd1.Device"
#define SINK_PATH	 "/io/tpd/Bench"
#define SINK_IFACE	 "io.tpd.Bench.Sink"
#define CALL_TIMEOUT_MS	 25000
#define STALL_TIMEOUT_MS 10000
#define SPEED_LOW	 1750
#define SPEED_HIGH	 2400

enum { TARGET_TPD, TARGET_RELAY, N_TARGETS };

static const char *const target_names[N_TARGETS] = { "tpd", "relay" };

static struct {
	DBusConnection *conn;
	GMainLoop *loop;
	const char *device;
	int exit_code;
	guint stall_id;
	unsigned next_value; /* counter for the intensity sequence */

	/* latency */
	int count, warmup, block;
	int done[N_TARGETS]; /* ops finished, warm-up included */
	GArray *samples[N_TARGETS];
	int target;
	unsigned value, last_value[N_TARGETS];
	guint64 sent_ns, arrival_ns;
	int frames;
	bool replied;

	/* flood */
	int window;
	int sent, replies, errors, outstanding;
	char *first_error;
	guint64 first_send_ns, last_send_ns, last_reply_ns;
	unsigned last_intensity;
} c;

static guint64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (guint64)ts.tv_sec * 1000000000u + (guint64)ts.tv_nsec;
}

static void fail(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

static void fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "tpd-bench-client: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	c.exit_code = 1;
	g_main_loop_quit(c.loop);
}

static gboolean stalled(gpointer data)
{
	(void)data;
	c.stall_id = 0;
	fail("nothing happened for %d s (target %s, frames %d, replied %d, "
	     "sent %d, replies %d)",
	     STALL_TIMEOUT_MS / 1000, target_names[c.target], c.frames,
	     c.replied, c.sent, c.replies);
	return G_SOURCE_REMOVE;
}

static void progress(void)
{
	g_clear_handle_id(&c.stall_id, g_source_remove);
	c.stall_id = g_timeout_add(STALL_TIMEOUT_MS, stalled, NULL);
}

/* 1 to 100, never the same twice in a row: steps of 37 modulo 100. */
static unsigned next_intensity(void)
{
	return 1 + (c.next_value++ * 37) % 100;
}

static unsigned speed_for(unsigned intensity)
{
	unsigned span = SPEED_HIGH - SPEED_LOW;

	return SPEED_LOW + (2 * span * (intensity - 1) + 99) / (2 * 99);
}

static bool is_speed_frame(const guint8 *f, int len, unsigned speed)
{
	return len == 7 && f[0] == 0xAA && f[2] == 0x01 && f[3] == 0x03 &&
	       f[6] == 0x03 && (unsigned)(f[4] << 8 | f[5]) == speed &&
	       f[1] == (guint8)(f[2] + f[3] + f[4] + f[5] + f[6]);
}

static bool is_status_request(const guint8 *f, int len)
{
	static const guint8 status[] = { 0xAA, 0x10, 0x10, 0x00 };

	return len == 4 && memcmp(f, status, 4) == 0;
}

typedef void (*ReplyFunc)(DBusMessage *reply, guint64 t_ns);

static void reply_arrived(DBusPendingCall *pending, void *data)
{
	guint64 t = now_ns();
	DBusMessage *reply = dbus_pending_call_steal_reply(pending);

	if (reply) {
		((ReplyFunc)data)(reply, t);
		dbus_message_unref(reply);
	}
}

static bool send_intensity(const char *dest, const char *path,
			   unsigned intensity, ReplyFunc done)
{
	DBusMessage *msg = dbus_message_new_method_call(
	    dest, path, DEVICE_IFACE, "SetIntensity");
	DBusPendingCall *pending = NULL;
	dbus_uint32_t v = intensity;
	bool ok;

	dbus_message_append_args(msg, DBUS_TYPE_UINT32, &v, DBUS_TYPE_INVALID);
	ok = dbus_connection_send_with_reply(c.conn, msg, &pending,
					     CALL_TIMEOUT_MS) &&
	     pending;
	dbus_message_unref(msg);
	if (!ok)
		return false;
	dbus_pending_call_set_notify(pending, reply_arrived, (void *)done,
				     NULL);
	dbus_pending_call_unref(pending);
	return true;
}

static const char *error_text(DBusMessage *reply)
{
	const char *text = NULL;

	dbus_message_get_args(reply, NULL, DBUS_TYPE_STRING, &text,
			      DBUS_TYPE_INVALID);
	return text ? text : dbus_message_get_error_name(reply);
}

/* ---- latency --------------------------------------------------------- */

static void latency_next(void);

/* Which target the n-th op (warm-up first) goes to, or -1 when done. */
static int latency_target(void)
{
	for (int t = 0; t < N_TARGETS; t++)
		if (c.done[t] < c.warmup)
			return t;
	int a = c.done[TARGET_TPD] - c.warmup;
	int b = c.done[TARGET_RELAY] - c.warmup;
	if (a >= c.count && b >= c.count)
		return -1;
	/* Blocks alternate: tpd, relay, tpd, ... */
	if (a >= c.count)
		return TARGET_RELAY;
	if (b >= c.count)
		return TARGET_TPD;
	return a / c.block <= b / c.block ? TARGET_TPD : TARGET_RELAY;
}

static int frames_expected(void)
{
	return c.target == TARGET_TPD ? 2 : 1;
}

static void latency_maybe_done(void)
{
	if (!c.replied || c.frames < frames_expected())
		return;
	if (c.done[c.target] >= c.warmup) {
		gint64 ns = (gint64)(c.arrival_ns - c.sent_ns);
		g_array_append_val(c.samples[c.target], ns);
	}
	c.done[c.target]++;
	latency_next();
}

static void latency_reply(DBusMessage *reply, guint64 t)
{
	(void)t;
	if (dbus_message_get_type(reply) == DBUS_MESSAGE_TYPE_ERROR) {
		fail("%s: SetIntensity(%u): %s", target_names[c.target],
		     c.value, error_text(reply));
		return;
	}
	c.replied = true;
	progress();
	latency_maybe_done();
}

static void latency_written(guint64 arrival, const guint8 *f, int len)
{
	g_autofree char *hex = NULL;

	progress();
	if (c.frames == 0 && is_speed_frame(f, len, speed_for(c.value))) {
		c.arrival_ns = arrival;
	} else if (c.frames == 1 && c.target == TARGET_TPD &&
		   is_status_request(f, len)) {
		/* tpd asks the gun for its status after every speed. */
	} else {
		GString *s = g_string_new(NULL);
		for (int i = 0; i < len; i++)
			g_string_append_printf(s, "%02X ", f[i]);
		hex = g_string_free(s, FALSE);
		fail("%s: unexpected frame %d (%s) after SetIntensity(%u)",
		     target_names[c.target], c.frames + 1, hex, c.value);
		return;
	}
	c.frames++;
	latency_maybe_done();
}

static void latency_next(void)
{
	int t = latency_target();

	if (t < 0) {
		g_main_loop_quit(c.loop);
		return;
	}
	c.target = t;
	do
		c.value = next_intensity();
	while (c.value == c.last_value[t]);
	c.last_value[t] = c.value;
	c.frames = 0;
	c.replied = false;
	c.sent_ns = now_ns();
	if (!send_intensity(t == TARGET_TPD ? TPD_NAME : RELAY_NAME,
			    t == TARGET_TPD ? c.device : RELAY_PATH, c.value,
			    latency_reply)) {
		fail("cannot send");
		return;
	}
	dbus_connection_flush(c.conn);
}

static DBusHandlerResult on_signal_message(DBusConnection *conn,
					   DBusMessage *msg, void *data)
{
	dbus_uint64_t t;
	const char *chrc;
	const guint8 *bytes;
	int len;
	(void)conn;
	(void)data;

	if (!dbus_message_is_signal(msg, SINK_IFACE, "Written"))
		return DBUS_HANDLER_RESULT_NOT_YET_HANDLED;
	if (!dbus_message_get_args(msg, NULL, DBUS_TYPE_UINT64, &t,
				   DBUS_TYPE_OBJECT_PATH, &chrc,
				   DBUS_TYPE_ARRAY, DBUS_TYPE_BYTE, &bytes,
				   &len, DBUS_TYPE_INVALID)) {
		fail("bad Written signal");
		return DBUS_HANDLER_RESULT_HANDLED;
	}
	latency_written(t, bytes, len);
	return DBUS_HANDLER_RESULT_HANDLED;
}

static void print_samples(const char *name, GArray *a, bool last)
{
	printf("\"%s\": [", name);
	for (guint i = 0; i < a->len; i++)
		printf("%s%" G_GINT64_FORMAT, i ? ", " : "",
		       g_array_index(a, gint64, i));
	printf("]%s", last ? "" : ", ");
}

static int run_latency(void)
{
	DBusMessage *call, *reply;
	DBusError err = DBUS_ERROR_INIT;

	dbus_connection_add_filter(c.conn, on_signal_message, NULL, NULL);
	call = dbus_message_new_method_call("org.bluez", SINK_PATH, SINK_IFACE,
					    "Watch");
	reply = dbus_connection_send_with_reply_and_block(
	    c.conn, call, CALL_TIMEOUT_MS, &err);
	dbus_message_unref(call);
	if (!reply) {
		fprintf(stderr, "tpd-bench-client: Watch: %s\n", err.message);
		return 1;
	}
	dbus_message_unref(reply);
	for (int t = 0; t < N_TARGETS; t++)
		c.samples[t] = g_array_new(FALSE, FALSE, sizeof(gint64));
	progress();
	latency_next();
	g_main_loop_run(c.loop);
	if (c.exit_code)
		return c.exit_code;
	printf("{");
	print_samples("tpd", c.samples[TARGET_TPD], false);
	print_samples("relay", c.samples[TARGET_RELAY], true);
	printf("}\n");
	return 0;
}

/* ---- flood ----------------------------------------------------------- */

static void flood_fill(void);

static void flood_reply(DBusMessage *reply, guint64 t)
{
	c.replies++;
	c.outstanding--;
	c.last_reply_ns = t;
	if (dbus_message_get_type(reply) == DBUS_MESSAGE_TYPE_ERROR) {
		c.errors++;
		if (!c.first_error)
			c.first_error = g_strdup_printf(
			    "%s: %s", dbus_message_get_error_name(reply),
			    error_text(reply));
	}
	progress();
	if (c.replies == c.count)
		g_main_loop_quit(c.loop);
	else
		flood_fill();
}

static void flood_fill(void)
{
	while (c.sent < c.count && c.outstanding < c.window) {
		unsigned v = next_intensity();
		guint64 t = now_ns();
		if (!send_intensity(TPD_NAME, c.device, v, flood_reply)) {
			fail("cannot send");
			return;
		}
		if (c.sent == 0)
			c.first_send_ns = t;
		c.last_send_ns = t;
		c.last_intensity = v;
		c.sent++;
		c.outstanding++;
	}
	dbus_connection_flush(c.conn);
}

static gboolean input_ended(gint fd, GIOCondition cond, gpointer data)
{
	char buf[256];
	(void)cond;
	(void)data;

	if (read(fd, buf, sizeof(buf)) > 0)
		return G_SOURCE_CONTINUE;
	g_main_loop_quit(c.loop);
	return G_SOURCE_REMOVE;
}

static int run_flood(void)
{
	g_autofree char *error_json = NULL;

	progress();
	flood_fill();
	g_main_loop_run(c.loop);
	if (c.exit_code)
		return c.exit_code;
	if (c.first_error) {
		/* Error texts are tpd's sentences: no quotes or backslashes
		 * expected, but escape them all the same. */
		GString *s = g_string_new("\"");
		for (const char *p = c.first_error; *p; p++) {
			if (*p == '"' || *p == '\\')
				g_string_append_c(s, '\\');
			if ((guchar)*p >= 0x20)
				g_string_append_c(s, *p);
		}
		g_string_append_c(s, '"');
		error_json = g_string_free(s, FALSE);
	}
	printf("{\"sent\": %d, \"replies\": %d, \"errors\": %d, "
	       "\"first_error\": %s, \"first_send_ns\": %" G_GUINT64_FORMAT
	       ", \"last_send_ns\": %" G_GUINT64_FORMAT
	       ", \"last_reply_ns\": %" G_GUINT64_FORMAT
	       ", \"last_intensity\": %u}\n",
	       c.sent, c.replies, c.errors, error_json ? error_json : "null",
	       c.first_send_ns, c.last_send_ns, c.last_reply_ns,
	       c.last_intensity);
	fflush(stdout);
	g_clear_handle_id(&c.stall_id, g_source_remove);
	g_unix_fd_add(STDIN_FILENO, G_IO_IN | G_IO_HUP | G_IO_ERR, input_ended,
		      NULL);
	g_main_loop_run(c.loop);
	return 0;
}

int main(int argc, char **argv)
{
	DBusError err = DBUS_ERROR_INIT;
	g_autofree char *device = NULL;
	GOptionEntry entries[] = {
		{ "device", 0, 0, G_OPTION_ARG_STRING, &device,
		  "tpd's device object", "PATH" },
		{ "count", 0, 0, G_OPTION_ARG_INT, &c.count,
		  "measured calls (per target for latency)", "N" },
		{ "warmup", 0, 0, G_OPTION_ARG_INT, &c.warmup,
		  "latency: unmeasured calls first, per target", "N" },
		{ "block", 0, 0, G_OPTION_ARG_INT, &c.block,
		  "latency: calls in a row to one target", "N" },
		{ "window", 0, 0, G_OPTION_ARG_INT, &c.window,
		  "flood: most calls waiting for a reply", "N" },
		{ NULL }
	};
	g_autoptr(GOptionContext) ctx =
	    g_option_context_new("latency|flood - tpd benchmark client");
	g_autoptr(GError) error = NULL;

	c.count = 2000;
	c.warmup = 100;
	c.block = 100;
	c.window = 100;
	g_option_context_add_main_entries(ctx, entries, NULL);
	if (!g_option_context_parse(ctx, &argc, &argv, &error) || argc != 2 ||
	    !device || c.count < 1 || c.warmup < 0 || c.block < 1 ||
	    c.window < 1) {
		fprintf(stderr, "tpd-bench-client: %s\n",
			error ? error->message
			      : "usage: latency|flood --device PATH");
		return 2;
	}
	c.device = device;
	c.conn = dbus_bus_get_private(DBUS_BUS_SYSTEM, &err);
	if (!c.conn) {
		fprintf(stderr, "tpd-bench-client: %s\n", err.message);
		return 1;
	}
	dbus_connection_set_exit_on_disconnect(c.conn, FALSE);
	tp_dbus_mainloop_attach(c.conn);
	c.loop = g_main_loop_new(NULL, FALSE);
	if (strcmp(argv[1], "latency") == 0)
		return run_latency();
	if (strcmp(argv[1], "flood") == 0)
		return run_flood();
	fprintf(stderr, "tpd-bench-client: unknown mode %s\n", argv[1]);
	return 2;
}
