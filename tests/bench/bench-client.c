/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tpd-bench-client: the client side of the latency and flood benchmarks,
 * in C so that the client's own cost is small and the same for tpd and for
 * the baseline. Results go to standard output as one JSON object.
 * (tpd-bench-stop is the stop benchmark's.)
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
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bench-clientlib.h"

#define RELAY_NAME "io.tpd.Bench.Relay"
#define RELAY_PATH "/io/tpd/Bench/Relay"

enum { TARGET_TPD, TARGET_RELAY, N_TARGETS };

static const char *const target_names[N_TARGETS] = { "tpd", "relay" };

static struct {
	DBusConnection *conn;
	const char *device;

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

static char *stall_state(void)
{
	return g_strdup_printf(" (target %s, frames %d, replied %d, "
			       "sent %d, replies %d)",
			       target_names[c.target], c.frames, c.replied,
			       c.sent, c.replies);
}

static bool send_intensity(const char *dest, const char *path,
			   unsigned intensity, ReplyFunc done)
{
	DBusMessage *msg = dbus_message_new_method_call(
	    dest, path, DEVICE_IFACE, "SetIntensity");
	dbus_uint32_t v = intensity;

	dbus_message_append_args(msg, DBUS_TYPE_UINT32, &v, DBUS_TYPE_INVALID);
	return bench_call(c.conn, msg, done);
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
	bench_progress();
	latency_maybe_done();
}

static void latency_written(const BenchWrite *w)
{
	const guint8 *f = w->bytes;
	int len = w->len;
	g_autofree char *hex = NULL;

	bench_progress();
	if (c.frames == 0 && is_speed_frame(f, len, speed_for(c.value))) {
		c.arrival_ns = w->t_ns;
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
		bench_quit();
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
	BenchWrite w;
	(void)conn;
	(void)data;

	if (!dbus_message_is_signal(msg, SINK_IFACE, "Written"))
		return DBUS_HANDLER_RESULT_NOT_YET_HANDLED;
	if (bench_written(msg, &w))
		latency_written(&w);
	return DBUS_HANDLER_RESULT_HANDLED;
}

static int run_latency(void)
{
	int rc;

	dbus_connection_add_filter(c.conn, on_signal_message, NULL, NULL);
	if (!bench_watch_sink(c.conn))
		return 1;
	for (int t = 0; t < N_TARGETS; t++)
		c.samples[t] = g_array_new(FALSE, FALSE, sizeof(gint64));
	bench_progress();
	latency_next();
	rc = bench_run();
	if (rc)
		return rc;
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
	bench_progress();
	if (c.replies == c.count)
		bench_quit();
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
	bench_quit();
	return G_SOURCE_REMOVE;
}

static int run_flood(void)
{
	int rc;

	bench_progress();
	flood_fill();
	rc = bench_run();
	if (rc)
		return rc;
	printf("{\"sent\": %d, \"replies\": %d, \"errors\": %d, "
	       "\"first_error\": ",
	       c.sent, c.replies, c.errors);
	print_json_string(c.first_error);
	printf(", \"first_send_ns\": %" G_GUINT64_FORMAT
	       ", \"last_send_ns\": %" G_GUINT64_FORMAT
	       ", \"last_reply_ns\": %" G_GUINT64_FORMAT
	       ", \"last_intensity\": %u}\n",
	       c.first_send_ns, c.last_send_ns, c.last_reply_ns,
	       c.last_intensity);
	fflush(stdout);
	bench_progress_end();
	/* Stay on the bus (and so keep the intensity set) until told. */
	g_unix_fd_add(STDIN_FILENO, G_IO_IN | G_IO_HUP | G_IO_ERR, input_ended,
		      NULL);
	bench_run();
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
	c.conn = bench_connect(G_PRIORITY_DEFAULT, &err);
	if (!c.conn) {
		fprintf(stderr, "tpd-bench-client: %s\n", err.message);
		return 1;
	}
	bench_init("tpd-bench-client", stall_state);
	if (strcmp(argv[1], "latency") == 0)
		return run_latency();
	if (strcmp(argv[1], "flood") == 0)
		return run_flood();
	fprintf(stderr, "tpd-bench-client: unknown mode %s\n", argv[1]);
	return 2;
}
