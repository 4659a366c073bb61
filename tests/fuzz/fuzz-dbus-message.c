/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * D-Bus messages: what any client of the system bus can send tpd. The
 * input is one or more serialized messages, back to back (up to
 * TP_FUZZ_MAX_MESSAGES, so that calls can build on each other: start a
 * session, then change it). dbus_message_demarshal() validates each as
 * libdbus validates what it reads from a socket, so only messages that
 * could reach tpd go on, and each is
 *  1. converted by tp_dbus_message_get_gvariant() and back, directly;
 *  2. if it is a method call, sent to the object tree of tpd --simulate
 *     (Manager, two simulated guns with their Device and Simulator
 *     interfaces, a session running on the first), over a peer-to-peer
 *     connection in this process: tpd's real dispatch, signature checks,
 *     standard interfaces and handlers get it, with the sender set as the
 *     bus daemon would set it.
 * The tree is built for each input and shut down after it, as tpd shuts
 * down, so that a crash reproduces from its input alone.
 */
#include <string.h>

#include "api/api.h"
#include "common/dbus-gvariant.h"
#include "common/dbus-mainloop.h"
#include "common/device-path.h"
#include "fuzz-common.h"
#include "sim/simulator.h"
#include "therapy/catalog.h"
#include "tpd-conf.h"
#include "tpd/tpd-dbus.h"

/* The bus daemon stamps every message with its sender's unique name, and
 * tpd watches that name (sessions, manual mode): set it as the bus would. */
#define TP_FUZZ_SENDER		":1.42"
#define TP_FUZZ_DEVICES		2
#define TP_FUZZ_MAX_MESSAGES	8
/* The session every input finds running: /io/tpd/Tpd1/session/1. */
#define TP_FUZZ_SESSION_DEVICE	"02:54:50:44:00:01"
#define TP_FUZZ_SESSION_MUSCLE	"trapezius"
#define TP_FUZZ_SESSION_PROGRAM "release"
/* Sessions run 1000 times faster, so that steps change while a call is
 * handled (tpd --time-scale allows up to 1000). */
#define TP_FUZZ_TIME_SCALE	1000.0
/* A peer that does not answer within this long is a hang, not a slow
 * input: everything here is in memory. */
#define TP_FUZZ_DEADLINE_US	(10 * G_USEC_PER_SEC)
/* Two finished sessions, for GetHistory and RateSession. */
#define TP_FUZZ_HISTORY                                                  \
	"{'Id': <uint32 1>, 'Start': <int64 1700000000>, 'End': <int64 " \
	"1700000095>, 'Device': <'02:54:50:44:00:01'>, 'Model': "        \
	"<'theragun-pro'>, 'Muscle': <'trapezius'>, 'Side': <'left'>, "  \
	"'Program': <'release.gun'>, 'Seconds': <uint32 90>, 'Reason': " \
	"<'completed'>, 'PainBefore': <uint32 6>}\n"                     \
	"{'Id': <uint32 2>, 'Start': <int64 1700000200>, 'End': <int64 " \
	"1700000290>, 'Device': <'02:54:50:44:00:02'>, 'Model': "        \
	"<'theragun-pro'>, 'Muscle': <'masseter'>, 'Side': <'right'>, "  \
	"'Program': <'gentle.gun'>, 'Seconds': <uint32 90>, 'Reason': "  \
	"<'stopped'>}\n"

/* Both simulated devices are guns (index 0 of tp_tool_kinds). */
static const unsigned char tp_fuzz_guns[TP_FUZZ_DEVICES] = { 0, 0 };

/* What lives for the whole run: the connection and the data files. */
typedef struct {
	DBusServer *server;
	DBusConnection *tpd_end;    /* on the GLib main loop, as in tpd */
	DBusConnection *client_end; /* driven by hand, see tp_fuzz_pump() */
	TpCatalog *catalog;
	TpDevicePolicy policy; /* tpd.conf's defaults */
	const char *history_path;
	dbus_uint32_t next_serial;
} TpFuzzPeer;

/* A call sent to tpd, and how many replies came back for it. */
typedef struct {
	dbus_uint32_t serial;
	bool wants_reply;
	unsigned replies;
} TpFuzzCall;

/* The calls of the current input. */
typedef struct {
	TpFuzzCall calls[TP_FUZZ_MAX_MESSAGES];
	unsigned n_calls;
} TpFuzzCalls;

/* What tpd --simulate builds in tp_daemon_start(), once per input. */
typedef struct {
	TpBus *bus;
	TpClientWatches *clients;
	TpManager *manager;
	TpHistory *history;
	TpApi *api;
	TpSimulator *sim;
} TpFuzzTpd;

static TpFuzzPeer peer;
static TpFuzzCalls sent;

/* ---- the client's end -------------------------------------------------- */

/* tpd asks the bus driver (AddMatch, GetNameOwner) over the same
 * connection: the client answers for it, as if every name were there. */
static void tp_fuzz_client_take(DBusMessage *msg)
{
	DBusMessage *reply;

	if (dbus_message_get_type(msg) != DBUS_MESSAGE_TYPE_METHOD_CALL ||
	    dbus_message_get_no_reply(msg))
		return;
	reply = dbus_message_new_method_return(msg);
	TP_FUZZ_CHECK(reply != NULL);
	dbus_connection_send(peer.client_end, reply, NULL);
	dbus_message_unref(reply);
}

static void tp_fuzz_count_reply(DBusMessage *msg)
{
	dbus_uint32_t serial = dbus_message_get_reply_serial(msg);

	for (unsigned i = 0; serial && i < sent.n_calls; i++)
		if (sent.calls[i].serial == serial)
			sent.calls[i].replies++;
}

/*
 * Run tpd's main loop and the client's end until *@done; the client takes
 * whatever arrives. @serial, if not 0, is a call whose reply sets *@done.
 */
static void tp_fuzz_pump(bool *done, dbus_uint32_t serial)
{
	gint64 deadline = g_get_monotonic_time() + TP_FUZZ_DEADLINE_US;
	DBusMessage *msg;

	while (!*done) {
		g_main_context_iteration(NULL, FALSE);
		dbus_connection_read_write(peer.client_end, 0);
		while ((msg = dbus_connection_pop_message(peer.client_end))) {
			if (serial &&
			    dbus_message_get_reply_serial(msg) == serial)
				*done = true;
			tp_fuzz_count_reply(msg);
			tp_fuzz_client_take(msg);
			dbus_message_unref(msg);
		}
		/* tpd dropped the connection or stopped answering. */
		TP_FUZZ_CHECK(
		    dbus_connection_get_is_connected(peer.client_end));
		TP_FUZZ_CHECK(g_get_monotonic_time() < deadline);
	}
}

static void tp_fuzz_send(DBusMessage *msg, dbus_uint32_t serial)
{
	dbus_message_set_serial(msg, serial);
	TP_FUZZ_CHECK(dbus_connection_send(peer.client_end, msg, NULL));
}

/* A Peer.Ping (answered by libdbus itself), and run until its reply:
 * messages are handled in order, so by then tpd has handled everything
 * sent before, and its replies have been taken. */
static void tp_fuzz_settle(void)
{
	DBusMessage *ping = dbus_message_new_method_call(
	    NULL, "/", DBUS_INTERFACE_PEER, "Ping");
	dbus_uint32_t serial = peer.next_serial++;
	bool done = false;

	tp_fuzz_send(ping, serial);
	dbus_message_unref(ping);
	tp_fuzz_pump(&done, serial);
}

/* ---- tpd's end --------------------------------------------------------- */

static void tp_fuzz_on_connection(DBusServer *server, DBusConnection *conn,
				  void *data)
{
	(void)server;
	(void)data;
	TP_FUZZ_CHECK(peer.tpd_end == NULL);
	peer.tpd_end = dbus_connection_ref(conn);
	tp_dbus_mainloop_attach(conn);
}

static void tp_fuzz_connect(void)
{
	DBusError err = DBUS_ERROR_INIT;
	char *address;

	peer.server = dbus_server_listen("unix:tmpdir=/tmp", &err);
	TP_FUZZ_CHECK(peer.server != NULL);
	dbus_server_set_new_connection_function(
	    peer.server, tp_fuzz_on_connection, NULL, NULL);
	tp_dbus_mainloop_attach_server(peer.server);
	address = dbus_server_get_address(peer.server);
	peer.client_end = dbus_connection_open_private(address, &err);
	dbus_free(address);
	TP_FUZZ_CHECK(peer.client_end != NULL);
	peer.next_serial = 1;
	/* Authenticated both ways once the ping is answered. */
	tp_fuzz_settle();
	TP_FUZZ_CHECK(peer.tpd_end != NULL);
}

static void tp_fuzz_set_flag(void *data)
{
	*(bool *)data = true;
}

/* Started as StartSession starts one, so that the Session interface has
 * an object to be called on. */
static void tp_fuzz_start_session(TpFuzzTpd *tpd)
{
	const TpSessionRequest req = { .muscle = TP_FUZZ_SESSION_MUSCLE,
				       .program = TP_FUZZ_SESSION_PROGRAM,
				       .scale = 1.0,
				       .pain_before = -1 };
	g_autofree char *path = tp_device_object_path(TP_FUZZ_SESSION_DEVICE);
	TpMassager *m = tp_api_find_device(tpd->api, path);
	g_autoptr(GError) error = NULL;

	TP_FUZZ_CHECK(m != NULL);
	TP_FUZZ_CHECK(
	    tp_session_dbus_start(tpd->api, m, &req, TP_FUZZ_SENDER, &error));
}

static void tp_fuzz_tpd_start(TpFuzzTpd *tpd)
{
	g_autoptr(GPtrArray) problems = tp_problems_new();
	g_autoptr(GError) error = NULL;
	bool ready = false;

	tpd->bus = tp_bus_new(peer.tpd_end, TPD_MANAGER_PATH);
	tpd->clients = tp_client_watches_new(peer.tpd_end);
	tpd->manager = tp_manager_new(peer.catalog, TP_FUZZ_TIME_SCALE);
	tpd->history = tp_history_load(peer.history_path, problems);
	TP_FUZZ_CHECK(problems->len == 0);
	tp_manager_set_history(tpd->manager, tpd->history);
	tpd->api = tp_api_new(tpd->bus, tpd->clients, tpd->manager, true);
	tpd->sim = tp_simulator_new(tpd->manager, tpd->bus, &peer.policy,
				    tp_fuzz_guns, TP_FUZZ_DEVICES, &error);
	TP_FUZZ_CHECK(tpd->sim != NULL);
	tp_simulator_when_ready(tpd->sim, tp_fuzz_set_flag, &ready);
	tp_fuzz_pump(&ready, 0);
	tp_fuzz_start_session(tpd);
}

/* As tpd stops on SIGTERM: every motor stopped, then freed in
 * tp_daemon_free()'s order. */
static void tp_fuzz_tpd_stop(TpFuzzTpd *tpd)
{
	bool stopped = false;

	tp_manager_shutdown(tpd->manager, tp_fuzz_set_flag, &stopped);
	tp_fuzz_pump(&stopped, 0);
	tp_simulator_free(tpd->sim);
	tp_api_free(tpd->api);
	tp_manager_free(tpd->manager);
	tp_client_watches_free(tpd->clients);
	tp_bus_free(tpd->bus);
	tp_history_free(tpd->history);
	/* What it said while going reaches the client now, not during the
	 * next input. */
	tp_fuzz_settle();
}

/* ---- the input --------------------------------------------------------- */

/* Whether a Unix fd is among the values from @iter on, at any depth: one
 * inside a variant does not show in the message's signature. */
static bool tp_fuzz_carries_fd(DBusMessageIter *iter)
{
	int type;

	for (;
	     (type = dbus_message_iter_get_arg_type(iter)) != DBUS_TYPE_INVALID;
	     dbus_message_iter_next(iter)) {
		DBusMessageIter sub;

		if (type == DBUS_TYPE_UNIX_FD)
			return true;
		if (dbus_type_is_basic(type))
			continue;
		dbus_message_iter_recurse(iter, &sub);
		if (tp_fuzz_carries_fd(&sub))
			return true;
	}
	return false;
}

/* Converted, the arguments go back into a message unchanged: replies and
 * signals are built that way. Only Unix fds have no GVariant. */
static void tp_fuzz_convert(DBusMessage *msg)
{
	g_autoptr(GVariant) args = tp_dbus_message_get_gvariant(msg);
	g_autoptr(GVariant) again = NULL;
	DBusMessageIter iter;
	DBusMessage *copy;

	if (!args) {
		TP_FUZZ_CHECK(dbus_message_iter_init(msg, &iter) &&
			      tp_fuzz_carries_fd(&iter));
		return;
	}
	TP_FUZZ_CHECK(g_variant_is_of_type(args, G_VARIANT_TYPE_TUPLE));
	copy = dbus_message_new_signal("/", "io.tpd.Fuzz", "Copy");
	TP_FUZZ_CHECK(tp_dbus_message_append_gvariant(copy, args));
	TP_FUZZ_CHECK(strcmp(dbus_message_get_signature(copy),
			     dbus_message_get_signature(msg)) == 0);
	again = tp_dbus_message_get_gvariant(copy);
	TP_FUZZ_CHECK(again && g_variant_equal(args, again));
	dbus_message_unref(copy);
}

/* Sent, and counted for tp_fuzz_check_replies(); consumes @msg. */
static void tp_fuzz_send_call(DBusMessage *msg)
{
	TpFuzzCall *call = &sent.calls[sent.n_calls++];

	*call = (TpFuzzCall){ .serial = peer.next_serial++,
			      .wants_reply = !dbus_message_get_no_reply(msg) };
	tp_fuzz_send(msg, call->serial);
	dbus_message_unref(msg);
}

/* Every call that wants a reply gets exactly one, at once: in simulated
 * mode no handler waits for anything, so a call left unanswered would
 * hang its client until the timeout. (Calls that want none may still get
 * one: libdbus answers Peer methods regardless.) */
static void tp_fuzz_check_replies(void)
{
	for (unsigned i = 0; i < sent.n_calls; i++) {
		const TpFuzzCall *call = &sent.calls[i];

		TP_FUZZ_CHECK(call->replies <= 1);
		TP_FUZZ_CHECK(call->replies == 1 || !call->wants_reply);
	}
	sent.n_calls = 0;
}

/* The next message of the input, or NULL when none is left (or the rest
 * is not a valid message). */
static DBusMessage *tp_fuzz_next_message(const uint8_t **data, size_t *size)
{
	int len = 0;
	DBusError err = DBUS_ERROR_INIT;
	DBusMessage *msg;

	if (*size >= DBUS_MINIMUM_HEADER_SIZE)
		len = dbus_message_demarshal_bytes_needed((const char *)*data,
							  (int)*size);
	if (len <= 0 || (size_t)len > *size)
		return NULL;
	msg = dbus_message_demarshal((const char *)*data, len, &err);
	dbus_error_free(&err);
	*data += len;
	*size -= len;
	return msg;
}

/* Method calls go to tpd, with the sender the bus daemon would stamp.
 * Unix fds are announced but not attached: libdbus would drop the
 * connection, and tpd's API carries none. */
static bool tp_fuzz_is_call(DBusMessage *msg)
{
	if (dbus_message_get_type(msg) != DBUS_MESSAGE_TYPE_METHOD_CALL ||
	    dbus_message_contains_unix_fds(msg))
		return false;
	TP_FUZZ_CHECK(dbus_message_set_sender(msg, TP_FUZZ_SENDER));
	return true;
}

static void tp_fuzz_load_catalog(void)
{
	g_autoptr(GPtrArray) problems = tp_problems_new();

	peer.catalog = tp_catalog_new();
	tp_catalog_load_dir(peer.catalog, TP_FUZZ_DATA_DIR, true, problems);
	TP_FUZZ_CHECK(problems->len == 0);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	tp_fuzz_load_catalog();
	TpConfig config;

	tp_config_init(&config);
	peer.policy = tp_config_device_policy(&config);
	/* Loaded anew for each input; this memfd holds nothing else. */
	peer.history_path = tp_fuzz_file((const uint8_t *)TP_FUZZ_HISTORY,
					 strlen(TP_FUZZ_HISTORY));
	tp_fuzz_connect();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	DBusMessage *calls[TP_FUZZ_MAX_MESSAGES];
	unsigned n_calls = 0;
	TpFuzzTpd tpd = { 0 };
	DBusMessage *msg;

	if (size > DBUS_MAXIMUM_MESSAGE_LENGTH)
		return 0;
	while (n_calls < TP_FUZZ_MAX_MESSAGES &&
	       (msg = tp_fuzz_next_message(&data, &size))) {
		tp_fuzz_convert(msg);
		if (tp_fuzz_is_call(msg))
			calls[n_calls++] = msg;
		else
			dbus_message_unref(msg);
	}
	if (n_calls == 0)
		return 0;
	tp_fuzz_tpd_start(&tpd);
	for (unsigned i = 0; i < n_calls; i++)
		tp_fuzz_send_call(calls[i]);
	tp_fuzz_settle();
	tp_fuzz_check_replies();
	tp_fuzz_tpd_stop(&tpd);
	return 0;
}
