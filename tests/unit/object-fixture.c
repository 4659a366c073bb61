/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The peer-to-peer fixture of the object-layer tests; see object-fixture.h. */
#include "object-fixture.h"

#include <glib-unix.h>
#include <string.h>

#include "bus/dbus-error.h"
#include "common/dbus-gvariant.h"
#include "common/dbus-mainloop.h"
#include "tpd/tpd-dbus.h"

/* ---- the test interface ------------------------------------------------ */

static DBusMessage *test_add(TpBus *bus, DBusMessage *msg, void *data)
{
	dbus_int32_t a = 0, b = 0;

	dbus_message_get_args(msg, NULL, DBUS_TYPE_INT32, &a, DBUS_TYPE_INT32,
			      &b, DBUS_TYPE_INVALID);
	return tp_reply_new(msg, g_variant_new("(i)", a + b));
}

static DBusMessage *test_bump(TpBus *bus, DBusMessage *msg, void *data)
{
	TestObj *o = data;

	o->counter++;
	tp_bus_property_changed(bus, TEST_OBJ, &test_interface, "Counter");
	return tp_reply_new(msg, NULL);
}

static gboolean test_later_reply(gpointer data)
{
	TestObj *o = data;
	const char *text = "";

	dbus_message_get_args(o->later, NULL, DBUS_TYPE_STRING, &text,
			      DBUS_TYPE_INVALID);
	g_autofree char *upper = g_ascii_strup(text, -1);
	tp_bus_send(o->later_bus,
		    tp_reply_new(o->later, g_variant_new("(s)", upper)));
	g_clear_pointer(&o->later, dbus_message_unref);
	o->later_replied = true;
	return G_SOURCE_REMOVE;
}

static DBusMessage *test_later(TpBus *bus, DBusMessage *msg, void *data)
{
	TestObj *o = data;

	o->later = dbus_message_ref(msg);
	o->later_bus = bus;
	g_idle_add(test_later_reply, o);
	return NULL;
}

static DBusMessage *test_never(TpBus *bus, DBusMessage *msg, void *data)
{
	TestObj *o = data;

	o->never_calls++;
	return NULL;
}

static bool test_get_counter(DBusMessageIter *iter, void *data)
{
	return tp_append_i32(iter, ((TestObj *)data)->counter);
}

static bool test_get_label(DBusMessageIter *iter, void *data)
{
	return tp_append_string(iter, ((TestObj *)data)->label);
}

static DBusMessage *test_set_label(TpBus *bus, DBusMessage *msg,
				   GVariant *value, void *data)
{
	TestObj *o = data;

	o->set_calls++;
	if (g_variant_get_string(value, NULL)[0] == '\0')
		return dbus_message_new_error(msg, TEST_INVALID_ARGS,
					      "empty label");
	g_free(o->label);
	o->label = g_variant_dup_string(value, NULL);
	return NULL;
}

static bool test_get_extra(DBusMessageIter *iter, void *data)
{
	return tp_append_u32(iter, ((TestObj *)data)->extra);
}

static DBusMessage *test_set_extra(TpBus *bus, DBusMessage *msg,
				   GVariant *value, void *data)
{
	TestObj *o = data;

	o->set_calls++;
	o->extra = g_variant_get_uint32(value);
	return NULL;
}

static bool test_has_extra(void *data)
{
	return ((TestObj *)data)->extra_visible;
}

const TpInterface test_interface = {
	.name = TEST_IFACE,
	.invalid_args_error = TEST_INVALID_ARGS,
	.methods =
	    (const TpMethod[]){ { "Add",
				  TP_ARGS({ "augend", "i" }, { "addend", "i" }),
				  TP_ARGS({ "sum", "i" }), test_add },
				{ "Bump", TP_NO_ARGS, TP_NO_ARGS, test_bump },
				{ "Later", TP_ARGS({ "text", "s" }),
				  TP_ARGS({ "upper", "s" }), test_later },
				{ "Never", TP_NO_ARGS, TP_NO_ARGS, test_never },
				{ NULL } },
	.properties =
	    (const TpProperty[]){
		{ "Counter", "i", test_get_counter },
		{ "Label", "s", test_get_label, test_set_label },
		{ "Extra", "u", test_get_extra, test_set_extra,
		  test_has_extra },
		{ NULL } },
	.signals = (const TpSignal[]){ { "Poked", TP_ARGS({ "count", "u" }) },
				       { NULL } },
};

/* ---- the peer-to-peer fixture ------------------------------------------ */

gboolean wake_up(gpointer data)
{
	return G_SOURCE_CONTINUE;
}

/* Run whatever is ready, on both ends, until nothing is. */
void drain(void)
{
	for (int i = 0; i < 1000 && g_main_context_iteration(NULL, FALSE); i++)
		;
}

static void on_new_connection(DBusServer *server, DBusConnection *conn,
			      void *data)
{
	Fixture *f = data;

	g_assert_null(f->server_conn);
	f->server_conn = dbus_connection_ref(conn);
	tp_dbus_mainloop_attach(conn);
	f->bus = tp_bus_new(conn, TEST_MANAGER);
}

static DBusHandlerResult client_filter(DBusConnection *conn, DBusMessage *msg,
				       void *data)
{
	Fixture *f = data;

	if (dbus_message_get_type(msg) == DBUS_MESSAGE_TYPE_SIGNAL &&
	    !dbus_message_has_interface(msg, DBUS_INTERFACE_LOCAL))
		g_ptr_array_add(f->signals, dbus_message_ref(msg));
	return DBUS_HANDLER_RESULT_NOT_YET_HANDLED;
}

static void on_reply(DBusPendingCall *pending, void *data)
{
	DBusMessage **slot = data;

	*slot = dbus_pending_call_steal_reply(pending);
}

DBusMessage *new_call(const char *path, const char *iface, const char *member,
		      GVariant *args)
{
	DBusMessage *msg =
	    dbus_message_new_method_call(NULL, path, iface, member);

	g_assert_nonnull(msg);
	if (args)
		g_assert_true(tp_dbus_message_append_gvariant(msg, args));
	return msg;
}

/* Send @msg (consumed) and wait for its reply or error. */
DBusMessage *send_call(Fixture *f, DBusMessage *msg, int timeout_ms)
{
	DBusPendingCall *pending = NULL;
	DBusMessage *reply = NULL;

	g_assert_true(dbus_connection_send_with_reply(f->client, msg, &pending,
						      timeout_ms));
	g_assert_nonnull(pending);
	dbus_message_unref(msg);
	g_assert_true(
	    dbus_pending_call_set_notify(pending, on_reply, &reply, NULL));
	WAIT_FOR(reply != NULL);
	dbus_pending_call_unref(pending);
	return reply;
}

const char *error_text(DBusMessage *reply)
{
	const char *text = "";

	dbus_message_get_args(reply, NULL, DBUS_TYPE_STRING, &text,
			      DBUS_TYPE_INVALID);
	return text;
}

/* A successful call: the reply's arguments, a tuple of type @type. */
GVariant *call_ok(Fixture *f, const char *path, const char *iface,
		  const char *member, GVariant *args, const char *type)
{
	DBusMessage *reply = send_call(f, new_call(path, iface, member, args),
				       DBUS_TIMEOUT_USE_DEFAULT);
	GVariant *out;

	if (dbus_message_get_type(reply) == DBUS_MESSAGE_TYPE_ERROR) {
		g_test_message("%s: %s", dbus_message_get_error_name(reply),
			       error_text(reply));
		g_assert_cmpstr(dbus_message_get_error_name(reply), ==, NULL);
	}
	out = tp_dbus_message_get_gvariant(reply);
	g_assert_nonnull(out);
	g_assert_cmpstr(g_variant_get_type_string(out), ==, type);
	dbus_message_unref(reply);
	return out;
}

/* A failing call: asserts the error name, returns the error's text. */
char *call_error(Fixture *f, const char *path, const char *iface,
		 const char *member, GVariant *args, const char *name)
{
	DBusMessage *reply = send_call(f, new_call(path, iface, member, args),
				       DBUS_TIMEOUT_USE_DEFAULT);
	char *text;

	g_assert_cmpstr(dbus_message_get_error_name(reply), ==, name);
	text = g_strdup(error_text(reply));
	dbus_message_unref(reply);
	return text;
}

/* A round trip and a drained loop: whatever the server sent before is in
 * f->signals now. */
void settle(Fixture *f)
{
	g_variant_unref(call_ok(f, TEST_OBJ, TEST_IFACE, "Add",
				g_variant_new("(ii)", 1, 1), "(i)"));
	drain();
}

void fixture_setup(Fixture *f, gconstpointer data)
{
	DBusError err = DBUS_ERROR_INIT;
	char *address;

	f->signals =
	    g_ptr_array_new_with_free_func((GDestroyNotify)dbus_message_unref);
	f->obj.label = g_strdup("initial");
	f->obj.extra = 5;
	f->obj.extra_visible = true;

	f->server = dbus_server_listen("unix:tmpdir=/tmp", &err);
	g_assert_cmpstr(err.message, ==, NULL);
	dbus_server_set_new_connection_function(f->server, on_new_connection, f,
						NULL);
	tp_dbus_mainloop_attach_server(f->server);

	address = dbus_server_get_address(f->server);
	f->client = dbus_connection_open_private(address, &err);
	g_assert_cmpstr(err.message, ==, NULL);
	dbus_free(address);
	tp_dbus_mainloop_attach(f->client);
	g_assert_true(
	    dbus_connection_add_filter(f->client, client_filter, f, NULL));

	WAIT_FOR(f->bus != NULL);
	g_assert_true(
	    tp_bus_add_interface(f->bus, TEST_OBJ, &test_interface, &f->obj));
	/* Authenticated both ways, and InterfacesAdded is out of the way. */
	settle(f);
	g_ptr_array_set_size(f->signals, 0);
}

void fixture_teardown(Fixture *f, gconstpointer data)
{
	dbus_connection_remove_filter(f->client, client_filter, f);
	tp_bus_free(f->bus);
	dbus_connection_close(f->client);
	dbus_connection_unref(f->client);
	dbus_connection_close(f->server_conn);
	dbus_connection_unref(f->server_conn);
	dbus_server_disconnect(f->server);
	dbus_server_unref(f->server);
	drain();
	g_ptr_array_unref(f->signals);
	g_clear_pointer(&f->obj.later, dbus_message_unref);
	g_free(f->obj.label);
}

/* ---- checks on replies and signals ------------------------------------- */

void assert_contains(const char *haystack, const char *needle)
{
	if (!strstr(haystack, needle))
		g_assert_cmpstr(haystack, ==, needle);
}

/* @dict (a{sv}) holds exactly the entries of @expected (GVariant text). */
void assert_vardict(GVariant *dict, const char *expected)
{
	g_autoptr(GVariant) want =
	    g_variant_parse(G_VARIANT_TYPE_VARDICT, expected, NULL, NULL, NULL);
	bool same = g_variant_n_children(dict) == g_variant_n_children(want);
	GVariantIter it;
	const char *key;
	GVariant *value;

	g_assert_nonnull(want);
	g_variant_iter_init(&it, want);
	while (g_variant_iter_next(&it, "{&sv}", &key, &value)) {
		g_autoptr(GVariant) got =
		    g_variant_lookup_value(dict, key, NULL);
		same = same && got && g_variant_equal(got, value);
		g_variant_unref(value);
	}
	if (!same) {
		g_autofree char *text = g_variant_print(dict, TRUE);
		g_autofree char *wanted = g_variant_print(want, TRUE);
		g_assert_cmpstr(text, ==, wanted);
	}
}

DBusMessage *signal_at(Fixture *f, guint i)
{
	g_assert_cmpuint(i, <, f->signals->len);
	return g_ptr_array_index(f->signals, i);
}

/* Signal @i is @iface.@member from @path; returns its arguments. */
GVariant *signal_args(Fixture *f, guint i, const char *path, const char *iface,
		      const char *member)
{
	DBusMessage *msg = signal_at(f, i);

	g_assert_cmpstr(dbus_message_get_path(msg), ==, path);
	g_assert_cmpstr(dbus_message_get_interface(msg), ==, iface);
	g_assert_cmpstr(dbus_message_get_member(msg), ==, member);
	return tp_dbus_message_get_gvariant(msg);
}

/* Signal @i is PropertiesChanged of io.tpd.Test on /test/obj. */
void assert_changed(Fixture *f, guint i, const char *changed,
		    const char *invalidated)
{
	g_autoptr(GVariant) args = signal_args(
	    f, i, TEST_OBJ, DBUS_INTERFACE_PROPERTIES, "PropertiesChanged");
	g_autoptr(GVariant) dict = NULL, names = NULL;
	const char *iface;

	g_assert_cmpstr(g_variant_get_type_string(args), ==, "(sa{sv}as)");
	g_variant_get(args, "(&s@a{sv}@as)", &iface, &dict, &names);
	g_assert_cmpstr(iface, ==, TEST_IFACE);
	assert_vardict(dict, changed);
	g_autofree const char **list = g_variant_get_strv(names, NULL);
	g_autofree char *text = g_strjoinv(",", (char **)list);
	g_assert_cmpstr(text, ==, invalidated);
}
