/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tpd-bench-stop: the client side of the stop benchmark, in C so that the
 * measuring client and its flood cost little and the same each run.
 * Results go to standard output as one JSON object.
 *
 *   tpd-bench-stop --device PATH --char CHAR --flood-device PATH2
 *                  --clients N [--count N]
 *     How long a stop takes to reach the device while N connections of
 *     this process (each its own DBusConnection) flood tpd, each with one
 *     call at a time, as fast as their replies come: SetIntensity on
 *     PATH2, Properties Get and GetAll on both devices and on the running
 *     session. After a warm-up of the flood, --count samples of each kind
 *     of stop, the kinds in turn: Manager.StopAll, Session.Stop, and the
 *     client that started the session leaving the bus (its connection
 *     closed). Each: StartSession on PATH (gluteus-medius, release, left;
 *     from this measuring connection, or for the last kind from a
 *     connection of its own), wait for its reply and a non-zero speed
 *     frame on CHAR at tpd-bench-sink, take the time and send the stop;
 *     the sample is the sink's timestamp of the first stop frame on CHAR
 *     after it minus that time. The next starts once the device is
 *     "ready" again. A refusal of SetIntensity (Busy, NotConnected) and
 *     any error about a session told to stop before the reply came are
 *     counted as refusals; every other error as unexpected. A wait of
 *     10 s, or a speed frame on CHAR after the stop frame and before the
 *     next StartSession, fails the run. {"samples": {"stop_all",
 *     "session_stop", "client_left", "start", "round_trips": [ns, ...]},
 *     "flood": {"clients", "calls", "measured_ns", "measured_calls",
 *     "refusals", "unexpected", "first_unexpected"}, "start_retries"};
 *     "start" is StartSession sent → the speed frame, "round_trips" the
 *     flood's calls while measuring. After each sample, before the next,
 *     a Peer.Ping to the sink (answered by its libdbus) from the measuring
 *     connection: "bus_pings", the round trip through the same flooded
 *     bus, the four passes through dbus-daemon that a stop waiting behind
 *     a write also makes (the write's answer to tpd, the stop frame to
 *     the sink).
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "bench-clientlib.h"

#define MANAGER_PATH	"/io/tpd/Tpd1"
#define MANAGER_IFACE	"io.tpd.Tpd1.Manager"
#define SESSION_IFACE	"io.tpd.Tpd1.Session"
#define PROPS_IFACE	"org.freedesktop.DBus.Properties"
#define OBJMGR_IFACE	"org.freedesktop.DBus.ObjectManager"
#define ERROR_BUSY	"io.tpd.Tpd1.Error.Busy"
#define ERROR_NOT_CONN	"io.tpd.Tpd1.Error.NotConnected"
#define STOP_MUSCLE	"gluteus-medius"
#define STOP_PROGRAM	"release"
#define STOP_SIDE	"left"
#define RETRY_MS	2
#define WARMUP_PER_CONN 20 /* flood replies per connection before */

enum { KIND_STOP_ALL, KIND_SESSION_STOP, KIND_CLIENT_LEFT, N_KINDS };

static const char *const kind_keys[N_KINDS] = { "stop_all", "session_stop",
						"client_left" };

typedef enum {
	FLOOD_SET,
	FLOOD_GET,
	FLOOD_GET_ALL,
	N_FLOOD_METHODS
} FloodMethod;
typedef enum { ON_FLOOD_DEVICE, ON_DEVICE, ON_SESSION } FloodTarget;

static const char *const flood_method_names[N_FLOOD_METHODS] = { "SetIntensity",
								 "Get",
								 "GetAll" };

/* What each flooding connection calls, in turn (each starts elsewhere in
 * the cycle): a third SetIntensity on the device without the session, the
 * rest properties of the session's device and of the session itself (of
 * the session's device while there is none). */
static const struct {
	FloodMethod method;
	FloodTarget target;
} flood_cycle[] = {
	{ FLOOD_SET, ON_FLOOD_DEVICE }, { FLOOD_GET, ON_DEVICE },
	{ FLOOD_GET_ALL, ON_SESSION },	{ FLOOD_SET, ON_FLOOD_DEVICE },
	{ FLOOD_GET, ON_SESSION },	{ FLOOD_GET_ALL, ON_FLOOD_DEVICE },
};

typedef struct {
	DBusConnection *conn;
	unsigned step;	    /* in flood_cycle */
	FloodMethod method; /* of the call in flight */
	guint session_seq;  /* the session it asks about, 0 for a device */
	guint64 sent_ns;
} Flooder;

typedef enum {
	PHASE_WARMUP,
	PHASE_STARTING, /* StartSession sent: its reply, a speed frame */
	PHASE_STOPPING, /* the stop sent: its frame, the device ready */
	PHASE_PING,	/* a sample taken: the bus's round trip */
	PHASE_NEXT,	/* the next sample not started */
	PHASE_DRAIN,	/* measured: the flood's last replies */
} Phase;

static const char *const phase_names[] = { "warm-up", "starting", "stopping",
					   "ping",    "next",	  "drain" };

static struct {
	const char *device, *flood_device, *chrc;
	int count, clients;
	Flooder *flooders;
	int flood_in_flight;
	guint64 flood_replies;
	guint64 calls[N_FLOOD_METHODS];
	GHashTable *refusals;	/* "Method error.Name" -> count */
	GHashTable *unexpected; /* the same, for any other error */
	char *first_unexpected;
	guint64 measure_start_ns, measure_end_ns;
	guint64 replies_at_start, replies_at_end; /* of the flood */
	GArray *round_trips; /* ns of the flood's calls while measuring */

	DBusConnection *ctl;   /* signals, StopAll, Session.Stop */
	DBusConnection *owner; /* started the session: ctl or its own */
	Phase phase;
	int kind, sample;
	int done[N_KINDS];
	GArray *samples[N_KINDS]; /* ns: stop sent → its frame at the sink */
	GArray *start_samples;	  /* ns: StartSession sent → speed frame */
	GArray *pings;		  /* ns: Peer.Ping round trip to the sink */
	guint64 ping_sent_ns;
	char *session;	   /* until its device is ready again */
	guint session_seq; /* of the latest session */
	guint stopped_seq; /* of the latest session told to stop */
	guint64 start_sent_ns, stop_sent_ns, running_ns;
	bool replied, running, stop_seen, ready;
	int start_retries;
	guint retry_id;
} st;

static void stop_next_sample(void);
static void stop_flood_send(Flooder *f);

static char *stall_state(void)
{
	return g_strdup_printf(
	    ": phase %s, %s sample %d, StartSession replied %d, running %d, "
	    "stop frame seen %d, device ready %d, flood calls in flight %d",
	    phase_names[st.phase], kind_keys[st.kind], st.sample, st.replied,
	    st.running, st.stop_seen, st.ready, st.flood_in_flight);
}

static void tally(GHashTable *table, const char *key)
{
	gpointer n = g_hash_table_lookup(table, key);

	g_hash_table_insert(table, g_strdup(key),
			    GUINT_TO_POINTER(GPOINTER_TO_UINT(n) + 1));
}

static bool flood_refusal(const Flooder *f, const char *name)
{
	/* tpd may refuse a SetIntensity (a device that is busy or not
	 * there); a session's object goes away once it is told to stop. */
	if (f->method == FLOOD_SET)
		return strcmp(name, ERROR_BUSY) == 0 ||
		       strcmp(name, ERROR_NOT_CONN) == 0;
	return f->session_seq && f->session_seq <= st.stopped_seq;
}

/* Counted by "Method error.Name", with whether it was about a session. */
static void flood_error(const Flooder *f, DBusMessage *reply)
{
	const char *name = dbus_message_get_error_name(reply);
	bool refusal = flood_refusal(f, name);
	const char *on = "";
	g_autofree char *key = NULL;

	if (f->session_seq)
		on = refusal ? " (session told to stop)" : " (session)";
	key =
	    g_strdup_printf("%s%s %s", flood_method_names[f->method], on, name);
	if (refusal) {
		tally(st.refusals, key);
	} else {
		tally(st.unexpected, key);
		if (!st.first_unexpected)
			st.first_unexpected =
			    g_strdup_printf("%s: %s", key, error_text(reply));
	}
}

/* Its own reply plumbing: a flood reply is counted even if it has no
 * message, or the run would wait for it. */
static void stop_flood_reply(DBusPendingCall *pending, void *data)
{
	Flooder *f = data;
	DBusMessage *reply = dbus_pending_call_steal_reply(pending);

	st.flood_in_flight--;
	st.flood_replies++;
	st.calls[f->method]++;
	if (st.phase != PHASE_WARMUP && st.phase != PHASE_DRAIN) {
		gint64 ns = (gint64)(now_ns() - f->sent_ns);
		g_array_append_val(st.round_trips, ns);
	}
	if (reply && dbus_message_get_type(reply) == DBUS_MESSAGE_TYPE_ERROR)
		flood_error(f, reply);
	if (reply)
		dbus_message_unref(reply);
	if (st.phase == PHASE_WARMUP &&
	    st.flood_replies >= (guint64)st.clients * WARMUP_PER_CONN) {
		st.measure_start_ns = now_ns();
		st.replies_at_start = st.flood_replies;
		stop_next_sample();
	}
	if (st.phase != PHASE_DRAIN)
		stop_flood_send(f);
	else if (st.flood_in_flight == 0)
		bench_quit();
}

static DBusMessage *flood_message(Flooder *f)
{
	FloodTarget target = flood_cycle[f->step].target;
	const char *path = st.device, *iface = DEVICE_IFACE;
	const char *state = "State";
	DBusMessage *msg;

	f->method = flood_cycle[f->step].method;
	f->step = (f->step + 1) % G_N_ELEMENTS(flood_cycle);
	f->session_seq = 0;
	if (f->method == FLOOD_SET) {
		dbus_uint32_t v = next_intensity();
		msg = dbus_message_new_method_call(
		    TPD_NAME, st.flood_device, DEVICE_IFACE, "SetIntensity");
		dbus_message_append_args(msg, DBUS_TYPE_UINT32, &v,
					 DBUS_TYPE_INVALID);
		return msg;
	}
	if (target == ON_FLOOD_DEVICE) {
		path = st.flood_device;
	} else if (target == ON_SESSION && st.session) {
		path = st.session;
		iface = SESSION_IFACE;
		state = "Elapsed";
		f->session_seq = st.session_seq;
	}
	msg = dbus_message_new_method_call(TPD_NAME, path, PROPS_IFACE,
					   f->method == FLOOD_GET ? "Get"
								  : "GetAll");
	if (f->method == FLOOD_GET)
		dbus_message_append_args(msg, DBUS_TYPE_STRING, &iface,
					 DBUS_TYPE_STRING, &state,
					 DBUS_TYPE_INVALID);
	else
		dbus_message_append_args(msg, DBUS_TYPE_STRING, &iface,
					 DBUS_TYPE_INVALID);
	return msg;
}

static void stop_flood_send(Flooder *f)
{
	DBusMessage *msg = flood_message(f);

	f->sent_ns = now_ns();
	if (!bench_send(f->conn, msg, stop_flood_reply, f)) {
		fail("cannot send a flood call");
		return;
	}
	dbus_connection_flush(f->conn);
	st.flood_in_flight++;
}

static bool send_call(DBusConnection *conn, DBusMessage *msg, ReplyFunc done)
{
	if (!bench_call(conn, msg, done)) {
		fail("cannot send");
		return false;
	}
	dbus_connection_flush(conn);
	return true;
}

static void stop_reply(DBusMessage *reply, guint64 t)
{
	(void)t;
	if (dbus_message_get_type(reply) == DBUS_MESSAGE_TYPE_ERROR)
		fail("%s: the stop failed: %s: %s", kind_keys[st.kind],
		     dbus_message_get_error_name(reply), error_text(reply));
}

/* The session runs: stop it now, the time taken just before. */
static void stop_send(void)
{
	DBusMessage *msg = NULL;

	st.phase = PHASE_STOPPING;
	st.ready = false;
	st.stop_seen = false;
	st.stopped_seq = st.session_seq;
	if (st.kind == KIND_STOP_ALL)
		msg = dbus_message_new_method_call(TPD_NAME, MANAGER_PATH,
						   MANAGER_IFACE, "StopAll");
	else if (st.kind == KIND_SESSION_STOP)
		msg = dbus_message_new_method_call(TPD_NAME, st.session,
						   SESSION_IFACE, "Stop");
	st.stop_sent_ns = now_ns();
	if (msg) {
		send_call(st.ctl, msg, stop_reply);
	} else {
		/* The client that started the session leaves the bus. */
		dbus_connection_close(st.owner);
		dbus_connection_unref(st.owner);
		st.owner = NULL;
	}
	bench_progress();
}

static void stop_maybe_running(void)
{
	if (st.phase != PHASE_STARTING || !st.replied || !st.running)
		return;
	gint64 ns = (gint64)(st.running_ns - st.start_sent_ns);
	g_array_append_val(st.start_samples, ns);
	stop_send();
}

static void start_session(void);

static gboolean retry_start(gpointer data)
{
	(void)data;
	st.retry_id = 0;
	start_session();
	return G_SOURCE_REMOVE;
}

static void start_reply(DBusMessage *reply, guint64 t)
{
	const char *path = NULL;
	(void)t;

	if (dbus_message_get_type(reply) == DBUS_MESSAGE_TYPE_ERROR) {
		/* The last session may not be gone quite yet. */
		if (dbus_message_is_error(reply, ERROR_BUSY)) {
			st.start_retries++;
			st.retry_id =
			    g_timeout_add(RETRY_MS, retry_start, NULL);
			return;
		}
		fail("StartSession: %s: %s", dbus_message_get_error_name(reply),
		     error_text(reply));
		return;
	}
	if (!dbus_message_get_args(reply, NULL, DBUS_TYPE_OBJECT_PATH, &path,
				   DBUS_TYPE_INVALID)) {
		fail("StartSession: no session path in the reply");
		return;
	}
	g_free(st.session);
	st.session = g_strdup(path);
	st.session_seq++;
	st.replied = true;
	bench_progress();
	stop_maybe_running();
}

static void start_session(void)
{
	DBusMessage *msg = dbus_message_new_method_call(
	    TPD_NAME, MANAGER_PATH, MANAGER_IFACE, "StartSession");
	const char *dev = st.device, *muscle = STOP_MUSCLE,
		   *program = STOP_PROGRAM;
	DBusMessageIter it, dict, entry, variant;
	const char *key = "Side", *side = STOP_SIDE;

	dbus_message_iter_init_append(msg, &it);
	dbus_message_iter_append_basic(&it, DBUS_TYPE_OBJECT_PATH, &dev);
	dbus_message_iter_append_basic(&it, DBUS_TYPE_STRING, &muscle);
	dbus_message_iter_append_basic(&it, DBUS_TYPE_STRING, &program);
	dbus_message_iter_open_container(&it, DBUS_TYPE_ARRAY, "{sv}", &dict);
	dbus_message_iter_open_container(&dict, DBUS_TYPE_DICT_ENTRY, NULL,
					 &entry);
	dbus_message_iter_append_basic(&entry, DBUS_TYPE_STRING, &key);
	dbus_message_iter_open_container(&entry, DBUS_TYPE_VARIANT, "s",
					 &variant);
	dbus_message_iter_append_basic(&variant, DBUS_TYPE_STRING, &side);
	dbus_message_iter_close_container(&entry, &variant);
	dbus_message_iter_close_container(&dict, &entry);
	dbus_message_iter_close_container(&it, &dict);
	st.start_sent_ns = now_ns();
	send_call(st.owner, msg, start_reply);
}

static DBusConnection *open_connection(int priority)
{
	DBusError err = DBUS_ERROR_INIT;
	DBusConnection *conn = bench_connect(priority, &err);

	if (!conn) {
		fail("cannot connect: %s", err.message);
		dbus_error_free(&err);
	}
	return conn;
}

static gboolean stop_next_idle(gpointer data)
{
	(void)data;
	stop_next_sample();
	return G_SOURCE_REMOVE;
}

static void ping_reply(DBusMessage *reply, guint64 t)
{
	gint64 ns = (gint64)(t - st.ping_sent_ns);

	if (dbus_message_get_type(reply) == DBUS_MESSAGE_TYPE_ERROR) {
		fail("Peer.Ping to the sink: %s", error_text(reply));
		return;
	}
	g_array_append_val(st.pings, ns);
	st.phase = PHASE_NEXT;
	bench_progress();
	g_idle_add_full(G_PRIORITY_HIGH, stop_next_idle, NULL, NULL);
}

/* The stop frame is in and the device is ready again: a sample; then the
 * bus's own round trip under the same flood. */
static void stop_maybe_settled(void)
{
	if (st.phase != PHASE_STOPPING || !st.stop_seen || !st.ready)
		return;
	g_clear_pointer(&st.session, g_free);
	st.done[st.kind]++;
	st.sample++;
	st.phase = PHASE_PING;
	st.ping_sent_ns = now_ns();
	send_call(st.ctl,
		  dbus_message_new_method_call("org.bluez", "/",
					       DBUS_INTERFACE_PEER, "Ping"),
		  ping_reply);
}

static void stop_next_sample(void)
{
	/* Kinds in turn, so that whatever drifts drifts for all three. */
	st.kind = st.sample % N_KINDS;
	if (st.done[st.kind] >= st.count) {
		st.phase = PHASE_DRAIN;
		st.measure_end_ns = now_ns();
		st.replies_at_end = st.flood_replies;
		bench_progress();
		if (st.flood_in_flight == 0)
			bench_quit();
		return;
	}
	st.phase = PHASE_STARTING;
	st.replied = st.running = st.stop_seen = false;
	if (st.kind == KIND_CLIENT_LEFT) {
		st.owner = open_connection(G_PRIORITY_HIGH);
		if (!st.owner)
			return;
	} else {
		st.owner = st.ctl;
	}
	bench_progress();
	start_session();
}

static void stop_written(const BenchWrite *w)
{
	guint64 t = w->t_ns;
	const guint8 *f = w->bytes;
	int len = w->len;

	if (strcmp(w->chrc, st.chrc) != 0)
		return;
	if ((st.phase == PHASE_PING || st.phase == PHASE_NEXT ||
	     (st.phase == PHASE_STOPPING && st.stop_seen)) &&
	    is_running_frame(f, len)) {
		fail("%s sample %d: the motor was started again after its "
		     "stop frame, with no session",
		     kind_keys[st.kind], st.sample);
		return;
	}
	if (st.phase == PHASE_STARTING && !st.running &&
	    t >= st.start_sent_ns && is_running_frame(f, len)) {
		st.running = true;
		st.running_ns = t;
		stop_maybe_running();
	} else if (st.phase == PHASE_STOPPING && !st.stop_seen &&
		   t >= st.stop_sent_ns && is_stop_frame(f, len)) {
		gint64 ns = (gint64)(t - st.stop_sent_ns);
		g_array_append_val(st.samples[st.kind], ns);
		st.stop_seen = true;
		bench_progress();
		stop_maybe_settled();
	}
}

/* PropertiesChanged of the session's device: its State. */
static void stop_device_changed(DBusMessage *msg)
{
	DBusMessageIter it, dict, entry, variant;
	const char *key, *value;

	if (!dbus_message_iter_init(msg, &it) || !dbus_message_iter_next(&it) ||
	    dbus_message_iter_get_arg_type(&it) != DBUS_TYPE_ARRAY)
		return;
	dbus_message_iter_recurse(&it, &dict);
	for (; dbus_message_iter_get_arg_type(&dict) == DBUS_TYPE_DICT_ENTRY;
	     dbus_message_iter_next(&dict)) {
		dbus_message_iter_recurse(&dict, &entry);
		dbus_message_iter_get_basic(&entry, &key);
		dbus_message_iter_next(&entry);
		dbus_message_iter_recurse(&entry, &variant);
		if (strcmp(key, "State") != 0 ||
		    dbus_message_iter_get_arg_type(&variant) !=
			DBUS_TYPE_STRING)
			continue;
		dbus_message_iter_get_basic(&variant, &value);
		if (strcmp(value, "ready") == 0 && st.phase == PHASE_STOPPING) {
			st.ready = true;
			stop_maybe_settled();
		}
	}
}

static DBusHandlerResult stop_filter(DBusConnection *conn, DBusMessage *msg,
				     void *data)
{
	const char *path;
	BenchWrite w;
	(void)conn;
	(void)data;

	if (dbus_message_is_signal(msg, OBJMGR_IFACE, "InterfacesRemoved")) {
		/* The session object is gone: the flood asks the device. */
		if (dbus_message_get_args(msg, NULL, DBUS_TYPE_OBJECT_PATH,
					  &path, DBUS_TYPE_INVALID) &&
		    g_strcmp0(path, st.session) == 0)
			g_clear_pointer(&st.session, g_free);
		return DBUS_HANDLER_RESULT_HANDLED;
	}
	if (dbus_message_is_signal(msg, PROPS_IFACE, "PropertiesChanged") &&
	    g_strcmp0(dbus_message_get_path(msg), st.device) == 0) {
		stop_device_changed(msg);
		return DBUS_HANDLER_RESULT_HANDLED;
	}
	if (!dbus_message_is_signal(msg, SINK_IFACE, "Written"))
		return DBUS_HANDLER_RESULT_NOT_YET_HANDLED;
	if (bench_written(msg, &w))
		stop_written(&w);
	return DBUS_HANDLER_RESULT_HANDLED;
}

static void print_counts(const char *name, GHashTable *table, bool last)
{
	GHashTableIter it;
	gpointer key, value;
	bool first = true;

	printf("\"%s\": {", name);
	g_hash_table_iter_init(&it, table);
	while (g_hash_table_iter_next(&it, &key, &value)) {
		/* Method names and D-Bus error names: nothing to escape. */
		printf("%s\"%s\": %u", first ? "" : ", ", (const char *)key,
		       GPOINTER_TO_UINT(value));
		first = false;
	}
	printf("}%s", last ? "" : ", ");
}

/* The measuring connection's signals: the device's State, the session
 * going away and the sink's writes. */
static bool stop_watch(void)
{
	DBusError err = DBUS_ERROR_INIT;
	g_autofree char *match = NULL;

	dbus_connection_add_filter(st.ctl, stop_filter, NULL, NULL);
	match = g_strdup_printf("type='signal',sender='" TPD_NAME "',"
				"interface='" PROPS_IFACE "',"
				"member='PropertiesChanged',path='%s'",
				st.device);
	dbus_bus_add_match(st.ctl, match, &err);
	if (!dbus_error_is_set(&err))
		dbus_bus_add_match(st.ctl,
				   "type='signal',sender='" TPD_NAME "',"
				   "interface='" OBJMGR_IFACE "',"
				   "member='InterfacesRemoved'",
				   &err);
	if (dbus_error_is_set(&err)) {
		fprintf(stderr, "tpd-bench-stop: AddMatch: %s\n", err.message);
		dbus_error_free(&err);
		return false;
	}
	return bench_watch_sink(st.ctl);
}

static bool stop_open_flood(void)
{
	st.flooders = g_new0(Flooder, st.clients);
	for (int i = 0; i < st.clients; i++) {
		st.flooders[i].conn = open_connection(G_PRIORITY_DEFAULT);
		if (!st.flooders[i].conn)
			return false;
		st.flooders[i].step = (unsigned)i % G_N_ELEMENTS(flood_cycle);
	}
	return true;
}

static void print_results(void)
{
	printf("{\"samples\": {");
	for (int k = 0; k < N_KINDS; k++)
		print_samples(kind_keys[k], st.samples[k], false);
	print_samples("start", st.start_samples, false);
	print_samples("bus_pings", st.pings, false);
	print_samples("round_trips", st.round_trips, true);
	printf("}, \"flood\": {\"clients\": %d, \"calls\": {", st.clients);
	for (int m = 0; m < N_FLOOD_METHODS; m++)
		printf("%s\"%s\": %" G_GUINT64_FORMAT, m ? ", " : "",
		       flood_method_names[m], st.calls[m]);
	printf("}, \"measured_ns\": %" G_GUINT64_FORMAT
	       ", \"measured_calls\": %" G_GUINT64_FORMAT ", ",
	       st.measure_end_ns - st.measure_start_ns,
	       st.replies_at_end - st.replies_at_start);
	print_counts("refusals", st.refusals, false);
	print_counts("unexpected", st.unexpected, false);
	printf("\"first_unexpected\": ");
	print_json_string(st.first_unexpected);
	printf("}, \"start_retries\": %d}\n", st.start_retries);
}

static int run_stop(void)
{
	int rc;

	st.refusals =
	    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	st.unexpected =
	    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (int k = 0; k < N_KINDS; k++)
		st.samples[k] = g_array_new(FALSE, FALSE, sizeof(gint64));
	st.start_samples = g_array_new(FALSE, FALSE, sizeof(gint64));
	st.pings = g_array_new(FALSE, FALSE, sizeof(gint64));
	st.round_trips = g_array_new(FALSE, FALSE, sizeof(gint64));
	if (!stop_watch() || !stop_open_flood())
		return 1;
	st.phase = PHASE_WARMUP;
	bench_progress();
	for (int i = 0; i < st.clients; i++)
		stop_flood_send(&st.flooders[i]);
	rc = bench_run();
	if (rc)
		return rc;
	print_results();
	return 0;
}

int main(int argc, char **argv)
{
	DBusError err = DBUS_ERROR_INIT;
	g_autofree char *device = NULL;
	g_autofree char *flood_device = NULL;
	g_autofree char *chrc = NULL;
	GOptionEntry entries[] = {
		{ "device", 0, 0, G_OPTION_ARG_STRING, &device,
		  "tpd's device object the sessions run on", "PATH" },
		{ "count", 0, 0, G_OPTION_ARG_INT, &st.count,
		  "samples of each kind of stop", "N" },
		{ "flood-device", 0, 0, G_OPTION_ARG_STRING, &flood_device,
		  "the device the flood sets intensities on", "PATH" },
		{ "char", 0, 0, G_OPTION_ARG_STRING, &chrc,
		  "the sink's characteristic of --device", "PATH" },
		{ "clients", 0, 0, G_OPTION_ARG_INT, &st.clients,
		  "flooding connections", "N" },
		{ NULL }
	};
	g_autoptr(GOptionContext) ctx =
	    g_option_context_new("- tpd's stop latency under a flood");
	g_autoptr(GError) error = NULL;

	st.count = 2000;
	g_option_context_add_main_entries(ctx, entries, NULL);
	if (!g_option_context_parse(ctx, &argc, &argv, &error) || argc != 1 ||
	    !device || !flood_device || !chrc || st.count < 1 ||
	    st.clients < 1) {
		fprintf(stderr, "tpd-bench-stop: %s\n",
			error ? error->message
			      : "usage: --device PATH --char CHAR "
				"--flood-device PATH --clients N");
		return 2;
	}
	st.device = device;
	st.flood_device = flood_device;
	st.chrc = chrc;
	/* Its sources go before the flood's: the measuring connection. */
	st.ctl = bench_connect(G_PRIORITY_HIGH, &err);
	if (!st.ctl) {
		fprintf(stderr, "tpd-bench-stop: %s\n", err.message);
		return 1;
	}
	bench_init("tpd-bench-stop", stall_state);
	return run_stop();
}
