/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What tpd-bench-client and tpd-bench-stop share: the run's main loop and
 * its failure, the stall watchdog, the Theragun frames they wait for at
 * tpd-bench-sink, and the D-Bus plumbing of their calls and of the sink's
 * Written signals. One process runs one measurement, so the state here is
 * the process's.
 */
#pragma once

#include <stdbool.h>
#include <dbus/dbus.h>
#include <glib.h>

#define TPD_NAME	 "io.tpd.Tpd1"
#define DEVICE_IFACE	 "io.tpd.Tpd1.Device"
#define SINK_PATH	 "/io/tpd/Bench"
#define SINK_IFACE	 "io.tpd.Bench.Sink"
#define CALL_TIMEOUT_MS	 25000
#define STALL_TIMEOUT_MS 10000

/* Where the run stood, for the message of a stall: appended to "nothing
 * happened for 10 s" (g_free'd). */
typedef char *(*BenchStateFunc)(void);

/* @prog names the program in messages; @state describes a stall. */
void bench_init(const char *prog, BenchStateFunc state);
/* Runs the main loop until bench_quit() or fail(): 0, or 1 if it failed. */
int bench_run(void);
void bench_quit(void);
void fail(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

/* Something happened: fail the run only if nothing else does for
 * STALL_TIMEOUT_MS. */
void bench_progress(void);
void bench_progress_end(void);

/* CLOCK_MONOTONIC, the clock of every process of the benchmark. */
guint64 now_ns(void);

/* 1 to 100, never the same twice in a row. */
unsigned next_intensity(void);

/* The Theragun frames tpd writes. */
unsigned speed_for(unsigned intensity);
bool is_speed_frame(const guint8 *f, int len, unsigned speed);
bool is_running_frame(const guint8 *f, int len); /* any non-zero speed */
bool is_stop_frame(const guint8 *f, int len);
bool is_status_request(const guint8 *f, int len);

/* A reply, and the time it was handed over. */
typedef void (*ReplyFunc)(DBusMessage *reply, guint64 t_ns);

/* Sends @msg (taken) with @notify(pending, @data) for its reply; false if
 * it could not. Flushing is the caller's: some send a batch first. */
bool bench_send(DBusConnection *conn, DBusMessage *msg,
		DBusPendingCallNotifyFunction notify, void *data);
/* The same with @done(reply, t) for its reply. */
bool bench_call(DBusConnection *conn, DBusMessage *msg, ReplyFunc done);
/* The text of an error reply, or its name if it has none. */
const char *error_text(DBusMessage *reply);

/* A private system bus connection, its sources attached at GLib
 * @priority; NULL and @err set if there is none. */
DBusConnection *bench_connect(int priority, DBusError *err);

/* Asks tpd-bench-sink for its Written signals on @conn; false (said on
 * standard error) if it did not answer. */
bool bench_watch_sink(DBusConnection *conn);

/* One WriteValue the sink dispatched. */
typedef struct {
	guint64 t_ns; /* the sink's timestamp of it */
	const char *chrc;
	const guint8 *bytes;
	int len;
} BenchWrite;

/* The arguments of a Written signal of the sink (its pointers @msg's);
 * false, and the run failed, if they are not those. */
bool bench_written(DBusMessage *msg, BenchWrite *w);

/* JSON output: "name": [ns, ...], then ", " unless @last; a string or
 * null. */
void print_samples(const char *name, GArray *a, bool last);
void print_json_string(const char *s);
