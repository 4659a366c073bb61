/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Unit tests for the table-driven object layer (dbus-object.c,
 * dbus-standard.c) and the libdbus/GLib glue (dbus-mainloop.c), without a
 * message bus: a DBusServer and a client connection talk peer to peer in
 * this process, both driven by the default GLib main context.
 *
 * The server side exports io.tpd.Test (a table defined below) on /test/obj,
 * with /test as the ObjectManager path. test-xml-tables.c checks the real
 * tables against the introspection XML in dbus/.
 */
#include <dbus/dbus.h>
#include <glib-unix.h>
#include <glib.h>
#include <string.h>

#include "bus/dbus-object-private.h"
#include "common/dbus-gvariant.h"
#include "common/dbus-mainloop.h"
#include "object-fixture.h"
#include "sim/sim-dbus.h"
#include "tpd/tpd-dbus.h"

/* ---- the table layer -------------------------------------------------- */
static void test_args_signature(void)
{
	g_autofree char *none = tp_args_signature(TP_NO_ARGS);
	g_autofree char *null = tp_args_signature(NULL);
	g_autofree char *sig = tp_args_signature(TP_ARGS(
	    { "a", "o" }, { "b", "s" }, { "c", "s" }, { "d", "a{sv}" }));

	g_assert_cmpstr(none, ==, "");
	g_assert_cmpstr(null, ==, "");
	g_assert_cmpstr(sig, ==, "ossa{sv}");
}

/* ---- dispatch ---------------------------------------------------------- */

static void test_dispatch(Fixture *f, gconstpointer data)
{
	g_autoptr(GVariant) full = call_ok(f, TEST_OBJ, TEST_IFACE, "Add",
					   g_variant_new("(ii)", 40, 2), "(i)");
	g_autoptr(GVariant) bare = call_ok(
	    f, TEST_OBJ, NULL, "Add", g_variant_new("(ii)", -3, 10), "(i)");
	/* A standard interface's method by member alone, too. */
	g_autoptr(GVariant) props =
	    call_ok(f, TEST_OBJ, NULL, "GetAll",
		    g_variant_new("(s)", TEST_IFACE), "(a{sv})");

	gint32 sum = 0;

	g_variant_get(full, "(i)", &sum);
	g_assert_cmpint(sum, ==, 42);
	g_variant_get(bare, "(i)", &sum);
	g_assert_cmpint(sum, ==, 7);
	g_assert_cmpuint(g_variant_n_children(props), ==, 1);
}

static void test_invalid_args(Fixture *f, gconstpointer data)
{
	g_autofree char *one =
	    call_error(f, TEST_OBJ, TEST_IFACE, "Add",
		       g_variant_new("(s)", "x"), TEST_INVALID_ARGS);
	g_autofree char *three =
	    call_error(f, TEST_OBJ, NULL, "Add",
		       g_variant_new("(iii)", 1, 2, 3), TEST_INVALID_ARGS);
	g_autofree char *none =
	    call_error(f, TEST_OBJ, TEST_IFACE, "Add", NULL, TEST_INVALID_ARGS);
	g_autofree char *get = call_error(
	    f, TEST_OBJ, DBUS_INTERFACE_PROPERTIES, "Get",
	    g_variant_new("(s)", TEST_IFACE), DBUS_ERROR_INVALID_ARGS);

	g_test_message("%s", one);
	for (const char *const *m =
		 (const char *const[]){ one, three, none, NULL };
	     *m; m++) {
		assert_contains(*m, "'ii'");
		assert_contains(*m, "augend");
		assert_contains(*m, "addend");
	}
	assert_contains(one, "'s'");
	assert_contains(three, "'iii'");
	assert_contains(get, "'ss'");
	assert_contains(get, "property_name");
}

static void test_unknown(Fixture *f, gconstpointer data)
{
	g_autofree char *method =
	    call_error(f, TEST_OBJ, TEST_IFACE, "Subtract", NULL,
		       DBUS_ERROR_UNKNOWN_METHOD);
	g_free(call_error(f, TEST_OBJ, NULL, "Subtract", NULL,
			  DBUS_ERROR_UNKNOWN_METHOD));
	g_free(call_error(f, TEST_OBJ, DBUS_INTERFACE_PROPERTIES, "Add",
			  g_variant_new("(ii)", 1, 2),
			  DBUS_ERROR_UNKNOWN_METHOD));
	g_autofree char *iface = call_error(f, TEST_OBJ, "io.tpd.Nope", "Add",
					    g_variant_new("(ii)", 1, 2),
					    DBUS_ERROR_UNKNOWN_INTERFACE);
	/* ObjectManager lives on the manager path only. */
	g_free(call_error(f, TEST_OBJ, DBUS_INTERFACE_OBJECT_MANAGER,
			  "GetManagedObjects", NULL,
			  DBUS_ERROR_UNKNOWN_INTERFACE));
	g_autofree char *object =
	    call_error(f, "/nope", TEST_IFACE, "Add",
		       g_variant_new("(ii)", 1, 2), DBUS_ERROR_UNKNOWN_OBJECT);
	g_free(call_error(f, TEST_OBJ "/below", NULL, "Introspect", NULL,
			  DBUS_ERROR_UNKNOWN_OBJECT));

	assert_contains(method, "Subtract");
	assert_contains(iface, "io.tpd.Nope");
	assert_contains(object, "/nope");
}

static void on_many_reply(DBusPendingCall *pending, void *data)
{
	gint *left = data;
	DBusMessage *reply = dbus_pending_call_steal_reply(pending);

	if (dbus_message_get_type(reply) == DBUS_MESSAGE_TYPE_METHOD_RETURN)
		(*left)--;
	dbus_message_unref(reply);
	dbus_pending_call_unref(pending);
}

/* More calls than one dispatch batch (64) in the socket at once. */
static void test_many_calls(Fixture *f, gconstpointer data)
{
	gint left = 300;

	for (int i = 0; i < 300; i++) {
		DBusPendingCall *pending = NULL;
		DBusMessage *msg = new_call(TEST_OBJ, TEST_IFACE, "Add",
					    g_variant_new("(ii)", i, i));
		g_assert_true(dbus_connection_send_with_reply(
		    f->client, msg, &pending, DBUS_TIMEOUT_USE_DEFAULT));
		g_assert_true(dbus_pending_call_set_notify(
		    pending, on_many_reply, &left, NULL));
		dbus_message_unref(msg);
	}
	WAIT_FOR(left == 0);
}

static void on_async_reply(DBusPendingCall *pending, void *data)
{
	GPtrArray *replies = data;

	g_ptr_array_add(replies, dbus_pending_call_steal_reply(pending));
	dbus_pending_call_unref(pending);
}

static void test_async(Fixture *f, gconstpointer data)
{
	g_autoptr(GPtrArray) replies =
	    g_ptr_array_new_with_free_func((GDestroyNotify)dbus_message_unref);
	const char *member[] = { "Later", "Add" };
	GVariant *args[] = { g_variant_new("(s)", "quiet"),
			     g_variant_new("(ii)", 2, 2) };
	g_autoptr(GVariant) later = NULL, add = NULL;

	/* Later first: its reply comes from an idle, after Add's. */
	for (int i = 0; i < 2; i++) {
		DBusPendingCall *pending = NULL;
		DBusMessage *msg =
		    new_call(TEST_OBJ, TEST_IFACE, member[i], args[i]);
		g_assert_true(dbus_connection_send_with_reply(
		    f->client, msg, &pending, DBUS_TIMEOUT_USE_DEFAULT));
		g_assert_true(dbus_pending_call_set_notify(
		    pending, on_async_reply, replies, NULL));
		dbus_message_unref(msg);
	}
	WAIT_FOR(replies->len == 2);
	g_assert_true(f->obj.later_replied);
	add = tp_dbus_message_get_gvariant(replies->pdata[0]);
	later = tp_dbus_message_get_gvariant(replies->pdata[1]);
	g_assert_cmpstr(g_variant_get_type_string(add), ==, "(i)");
	g_assert_cmpstr(g_variant_get_type_string(later), ==, "(s)");
	const char *upper = NULL;
	g_variant_get(later, "(&s)", &upper);
	g_assert_cmpstr(upper, ==, "QUIET");
}

/* The reply timeout is a libdbus timeout: only the GLib glue fires it. */
static void test_no_reply(Fixture *f, gconstpointer data)
{
	gint64 start = g_get_monotonic_time();
	DBusMessage *reply =
	    send_call(f, new_call(TEST_OBJ, TEST_IFACE, "Never", NULL), 200);
	gint64 elapsed = g_get_monotonic_time() - start;

	g_assert_cmpstr(dbus_message_get_error_name(reply), ==,
			DBUS_ERROR_NO_REPLY);
	g_assert_cmpuint(f->obj.never_calls, ==, 1);
	g_assert_cmpint(elapsed, >=, 150 * 1000);
	dbus_message_unref(reply);
}

/* ---- properties -------------------------------------------------------- */

static GVariant *get_property(Fixture *f, const char *name)
{
	g_autoptr(GVariant) reply =
	    call_ok(f, TEST_OBJ, DBUS_INTERFACE_PROPERTIES, "Get",
		    g_variant_new("(ss)", TEST_IFACE, name), "(v)");
	GVariant *value;

	g_variant_get(reply, "(v)", &value);
	return value;
}

static char *set_error(Fixture *f, const char *name, GVariant *value,
		       const char *error)
{
	return call_error(f, TEST_OBJ, DBUS_INTERFACE_PROPERTIES, "Set",
			  g_variant_new("(ssv)", TEST_IFACE, name, value),
			  error);
}

static void test_properties_get(Fixture *f, gconstpointer data)
{
	g_autoptr(GVariant) counter = NULL, label = NULL, all = NULL;
	g_autoptr(GVariant) props = NULL, std = NULL, none = NULL;

	f->obj.counter = 17;
	counter = get_property(f, "Counter");
	label = get_property(f, "Label");
	g_assert_cmpint(g_variant_get_int32(counter), ==, 17);
	g_assert_cmpstr(g_variant_get_string(label, NULL), ==, "initial");

	all = call_ok(f, TEST_OBJ, DBUS_INTERFACE_PROPERTIES, "GetAll",
		      g_variant_new("(s)", TEST_IFACE), "(a{sv})");
	props = g_variant_get_child_value(all, 0);
	assert_vardict(props, "{'Counter': <17>, 'Label': <'initial'>, "
			      "'Extra': <uint32 5>}");
	/* Standard interfaces have no properties. */
	std =
	    call_ok(f, TEST_OBJ, DBUS_INTERFACE_PROPERTIES, "GetAll",
		    g_variant_new("(s)", DBUS_INTERFACE_PROPERTIES), "(a{sv})");
	g_variant_get(std, "(@a{sv})", &none);
	g_assert_cmpuint(g_variant_n_children(none), ==, 0);

	g_free(call_error(f, TEST_OBJ, DBUS_INTERFACE_PROPERTIES, "Get",
			  g_variant_new("(ss)", TEST_IFACE, "Nope"),
			  DBUS_ERROR_UNKNOWN_PROPERTY));
	g_free(call_error(f, TEST_OBJ, DBUS_INTERFACE_PROPERTIES, "Get",
			  g_variant_new("(ss)", "io.tpd.Nope", "Counter"),
			  DBUS_ERROR_UNKNOWN_INTERFACE));
	g_free(call_error(f, TEST_OBJ, DBUS_INTERFACE_PROPERTIES, "GetAll",
			  g_variant_new("(s)", "io.tpd.Nope"),
			  DBUS_ERROR_UNKNOWN_INTERFACE));
}

static void test_properties_set(Fixture *f, gconstpointer data)
{
	g_autoptr(GVariant) set = NULL, label = NULL;
	g_autofree char *ro = NULL, *type = NULL, *refused = NULL;

	set = call_ok(f, TEST_OBJ, DBUS_INTERFACE_PROPERTIES, "Set",
		      g_variant_new("(ssv)", TEST_IFACE, "Label",
				    g_variant_new_string("hello")),
		      "()");
	g_assert_cmpuint(f->obj.set_calls, ==, 1);
	g_assert_cmpstr(f->obj.label, ==, "hello");
	label = get_property(f, "Label");
	g_assert_cmpstr(g_variant_get_string(label, NULL), ==, "hello");

	ro = set_error(f, "Counter", g_variant_new_int32(3),
		       DBUS_ERROR_PROPERTY_READ_ONLY);
	assert_contains(ro, "Counter");
	/* Properties is a standard interface: the standard name. */
	type = set_error(f, "Label", g_variant_new_int32(42),
			 DBUS_ERROR_INVALID_ARGS);
	assert_contains(type, "'s'");
	g_free(set_error(f, "Nope", g_variant_new_int32(1),
			 DBUS_ERROR_UNKNOWN_PROPERTY));
	g_assert_cmpuint(f->obj.set_calls, ==, 1);
	g_assert_cmpint(f->obj.counter, ==, 0);

	/* The setter's error reply goes back to the caller as is. */
	refused =
	    set_error(f, "Label", g_variant_new_string(""), TEST_INVALID_ARGS);
	g_assert_cmpstr(refused, ==, "empty label");
	g_assert_cmpstr(f->obj.label, ==, "hello");
}

static void test_properties_hidden(Fixture *f, gconstpointer data)
{
	g_autoptr(GVariant) all = NULL, objects = NULL, managed = NULL;
	g_autoptr(GVariant) ifaces = NULL, props = NULL, listed = NULL;
	DBusMessage *reply;

	f->obj.extra_visible = false;
	g_free(call_error(f, TEST_OBJ, DBUS_INTERFACE_PROPERTIES, "Get",
			  g_variant_new("(ss)", TEST_IFACE, "Extra"),
			  DBUS_ERROR_UNKNOWN_PROPERTY));
	all = call_ok(f, TEST_OBJ, DBUS_INTERFACE_PROPERTIES, "GetAll",
		      g_variant_new("(s)", TEST_IFACE), "(a{sv})");
	g_variant_get(all, "(@a{sv})", &listed);
	assert_vardict(listed, "{'Counter': <0>, 'Label': <'initial'>}");
	objects = call_ok(f, TEST_MANAGER, DBUS_INTERFACE_OBJECT_MANAGER,
			  "GetManagedObjects", NULL, "(a{oa{sa{sv}}})");
	g_variant_get(objects, "(@a{oa{sa{sv}}})", &managed);
	g_assert_true(
	    g_variant_lookup(managed, TEST_OBJ, "@a{sa{sv}}", &ifaces));
	g_assert_true(g_variant_lookup(ifaces, TEST_IFACE, "@a{sv}", &props));
	assert_vardict(props, "{'Counter': <0>, 'Label': <'initial'>}");

	/* An absent property cannot be written either. */
	reply = send_call(f,
			  new_call(TEST_OBJ, DBUS_INTERFACE_PROPERTIES, "Set",
				   g_variant_new("(ssv)", TEST_IFACE, "Extra",
						 g_variant_new_uint32(9))),
			  DBUS_TIMEOUT_USE_DEFAULT);
	g_assert_cmpstr(dbus_message_get_error_name(reply), ==,
			DBUS_ERROR_UNKNOWN_PROPERTY);
	dbus_message_unref(reply);
}

/* ---- PropertiesChanged ------------------------------------------------- */

static void changed(Fixture *f, const char *property)
{
	tp_bus_property_changed(f->bus, TEST_OBJ, &test_interface, property);
}

/* Counter in PropertiesChanged signal @i, or -1. */
static gint32 signal_counter(Fixture *f, guint i)
{
	g_autoptr(GVariant) args = NULL, dict = NULL;
	gint32 counter = -1;

	if (i >= f->signals->len)
		return -1;
	args = tp_dbus_message_get_gvariant(signal_at(f, i));
	if (!g_variant_is_of_type(args, G_VARIANT_TYPE("(sa{sv}as)")))
		return -1;
	g_variant_get(args, "(&s@a{sv}@as)", NULL, &dict, NULL);
	g_variant_lookup(dict, "Counter", "i", &counter);
	return counter;
}

static void test_changes_batched(Fixture *f, gconstpointer data)
{
	f->obj.counter = 1;
	changed(f, "Counter");
	changed(f, "Label");
	changed(f, "Counter");
	/* The values sent are those at flush time. */
	f->obj.counter = 2;
	g_free(f->obj.label);
	f->obj.label = g_strdup("new");

	WAIT_FOR(f->signals->len >= 1);
	settle(f);
	g_assert_cmpuint(f->signals->len, ==, 1);
	assert_changed(f, 0, "{'Counter': <2>, 'Label': <'new'>}", "");
}

static void test_changes_invalidated(Fixture *f, gconstpointer data)
{
	f->obj.extra_visible = false;
	f->obj.counter = 3;
	changed(f, "Extra");
	changed(f, "Counter");
	WAIT_FOR(f->signals->len >= 1);
	settle(f);
	g_assert_cmpuint(f->signals->len, ==, 1);
	assert_changed(f, 0, "{'Counter': <3>}", "Extra");

	/* Back again: a value, nothing invalidated. */
	f->obj.extra_visible = true;
	f->obj.extra = 8;
	changed(f, "Extra");
	WAIT_FOR(f->signals->len >= 2);
	settle(f);
	g_assert_cmpuint(f->signals->len, ==, 2);
	assert_changed(f, 1, "{'Extra': <uint32 8>}", "");
}

static void test_changes_before_signal(Fixture *f, gconstpointer data)
{
	g_autoptr(GVariant) poked = NULL;
	guint32 count = 0;

	f->obj.counter = 4;
	changed(f, "Counter");
	tp_bus_emit_signal(f->bus, TEST_OBJ, &test_interface, "Poked",
			   g_variant_new("(u)", 9));
	WAIT_FOR(f->signals->len >= 2);
	settle(f);
	/* And the flush idle, finding nothing left, sends nothing. */
	g_assert_cmpuint(f->signals->len, ==, 2);
	assert_changed(f, 0, "{'Counter': <4>}", "");
	poked = signal_args(f, 1, TEST_OBJ, TEST_IFACE, "Poked");
	g_assert_cmpstr(g_variant_get_type_string(poked), ==, "(u)");
	g_variant_get(poked, "(u)", &count);
	g_assert_cmpuint(count, ==, 9);
}

/* A flood of changing calls: far fewer signals than changes, the last
 * with the final value. */
static void test_changes_flood(Fixture *f, gconstpointer data)
{
	for (int i = 0; i < 200; i++) {
		DBusMessage *msg = new_call(TEST_OBJ, TEST_IFACE, "Bump", NULL);
		dbus_message_set_no_reply(msg, TRUE);
		g_assert_true(dbus_connection_send(f->client, msg, NULL));
		dbus_message_unref(msg);
	}
	WAIT_FOR(signal_counter(f, f->signals->len - 1) == 200);
	settle(f);
	g_test_message("%u PropertiesChanged for 200 changes", f->signals->len);
	g_assert_cmpuint(f->signals->len, <, 50);
	for (guint i = 0; i < f->signals->len; i++)
		g_assert_cmpint(signal_counter(f, i), >,
				i ? signal_counter(f, i - 1) : 0);
	g_assert_cmpint(signal_counter(f, f->signals->len - 1), ==, 200);
}

/* ---- ObjectManager ----------------------------------------------------- */

static void test_managed_objects(Fixture *f, gconstpointer data)
{
	TestObj two = { .label = (char *)"two" };
	g_autoptr(GVariant) reply = NULL, managed = NULL, first = NULL;
	g_autoptr(GVariant) second = NULL, props = NULL, props2 = NULL;

	g_assert_true(tp_bus_add_interface(f->bus, TEST_MANAGER "/sub/two",
					   &test_interface, &two));
	/* Outside the manager's tree. */
	g_assert_true(
	    tp_bus_add_interface(f->bus, "/elsewhere", &test_interface, &two));
	g_assert_false(
	    tp_bus_add_interface(f->bus, TEST_OBJ, &test_interface, &two));

	reply = call_ok(f, TEST_MANAGER, DBUS_INTERFACE_OBJECT_MANAGER,
			"GetManagedObjects", NULL, "(a{oa{sa{sv}}})");
	g_variant_get(reply, "(@a{oa{sa{sv}}})", &managed);
	g_assert_cmpuint(g_variant_n_children(managed), ==, 2);
	g_assert_true(
	    g_variant_lookup(managed, TEST_OBJ, "@a{sa{sv}}", &first));
	g_assert_true(g_variant_lookup(managed, TEST_MANAGER "/sub/two",
				       "@a{sa{sv}}", &second));
	g_assert_cmpuint(g_variant_n_children(first), ==, 1);
	g_assert_cmpuint(g_variant_n_children(second), ==, 1);
	g_assert_true(g_variant_lookup(first, TEST_IFACE, "@a{sv}", &props));
	g_assert_true(g_variant_lookup(second, TEST_IFACE, "@a{sv}", &props2));
	assert_vardict(props, "{'Counter': <0>, 'Label': <'initial'>, "
			      "'Extra': <uint32 5>}");
	assert_vardict(props2, "{'Counter': <0>, 'Label': <'two'>}");
	tp_bus_remove_object(f->bus, TEST_MANAGER "/sub/two");
	tp_bus_remove_object(f->bus, "/elsewhere");
}

static void test_interfaces_signals(Fixture *f, gconstpointer data)
{
	TestObj two = { .label = (char *)"two", .extra_visible = true };
	g_autoptr(GVariant) added = NULL, ifaces = NULL, props = NULL;
	g_autoptr(GVariant) removed = NULL;
	const char *path = NULL;

	g_assert_true(tp_bus_add_interface(f->bus, TEST_MANAGER "/two",
					   &test_interface, &two));
	WAIT_FOR(f->signals->len >= 1);
	added = signal_args(f, 0, TEST_MANAGER, DBUS_INTERFACE_OBJECT_MANAGER,
			    "InterfacesAdded");
	g_assert_cmpstr(g_variant_get_type_string(added), ==, "(oa{sa{sv}})");
	g_variant_get(added, "(&o@a{sa{sv}})", &path, &ifaces);
	g_assert_cmpstr(path, ==, TEST_MANAGER "/two");
	g_assert_cmpuint(g_variant_n_children(ifaces), ==, 1);
	g_assert_true(g_variant_lookup(ifaces, TEST_IFACE, "@a{sv}", &props));
	assert_vardict(props, "{'Counter': <0>, 'Label': <'two'>, "
			      "'Extra': <uint32 0>}");

	/* A change still pending when its object goes is dropped. */
	tp_bus_property_changed(f->bus, TEST_MANAGER "/two", &test_interface,
				"Counter");
	tp_bus_remove_object(f->bus, TEST_MANAGER "/two");
	WAIT_FOR(f->signals->len >= 2);
	settle(f);
	g_assert_cmpuint(f->signals->len, ==, 2);
	removed = signal_args(f, 1, TEST_MANAGER, DBUS_INTERFACE_OBJECT_MANAGER,
			      "InterfacesRemoved");
	g_autofree char *text = g_variant_print(removed, FALSE);
	g_assert_cmpstr(g_variant_get_type_string(removed), ==, "(oas)");
	g_assert_cmpstr(text, ==, "('/test/two', ['io.tpd.Test'])");
	g_free(call_error(f, TEST_MANAGER "/two", TEST_IFACE, "Add",
			  g_variant_new("(ii)", 1, 2),
			  DBUS_ERROR_UNKNOWN_OBJECT));

	/* Objects outside the manager's tree are not announced. */
	tp_bus_add_interface(f->bus, "/elsewhere", &test_interface, &two);
	tp_bus_remove_object(f->bus, "/elsewhere");
	settle(f);
	g_assert_cmpuint(f->signals->len, ==, 2);
}

/* A second root lists and announces its own tree only. */
static void test_second_manager(Fixture *f, gconstpointer data)
{
	TestObj two = { .label = (char *)"two" };
	g_autoptr(GVariant) mine = NULL, theirs = NULL;
	g_autoptr(GVariant) managed = NULL, first = NULL, added = NULL;
	const char *path = NULL;

	tp_bus_add_object_manager(f->bus, "/other");
	g_assert_true(
	    tp_bus_add_interface(f->bus, "/other/two", &test_interface, &two));
	WAIT_FOR(f->signals->len >= 1);
	added = signal_args(f, 0, "/other", DBUS_INTERFACE_OBJECT_MANAGER,
			    "InterfacesAdded");
	g_variant_get(added, "(&o@a{sa{sv}})", &path, NULL);
	g_assert_cmpstr(path, ==, "/other/two");

	mine = call_ok(f, "/other", DBUS_INTERFACE_OBJECT_MANAGER,
		       "GetManagedObjects", NULL, "(a{oa{sa{sv}}})");
	g_variant_get(mine, "(@a{oa{sa{sv}}})", &managed);
	g_assert_cmpuint(g_variant_n_children(managed), ==, 1);
	g_assert_true(
	    g_variant_lookup(managed, "/other/two", "@a{sa{sv}}", NULL));
	theirs = call_ok(f, TEST_MANAGER, DBUS_INTERFACE_OBJECT_MANAGER,
			 "GetManagedObjects", NULL, "(a{oa{sa{sv}}})");
	g_variant_get(theirs, "(@a{oa{sa{sv}}})", &first);
	g_assert_false(
	    g_variant_lookup(first, "/other/two", "@a{sa{sv}}", NULL));
	g_assert_true(g_variant_lookup(first, TEST_OBJ, "@a{sa{sv}}", NULL));

	tp_bus_remove_object(f->bus, "/other/two");
	WAIT_FOR(f->signals->len >= 2);
	g_variant_unref(signal_args(f, 1, "/other",
				    DBUS_INTERFACE_OBJECT_MANAGER,
				    "InterfacesRemoved"));
	/* The root itself stays, answering ObjectManager. */
	g_variant_unref(call_ok(f, "/other", DBUS_INTERFACE_OBJECT_MANAGER,
				"GetManagedObjects", NULL, "(a{oa{sa{sv}}})"));
}

/* ---- Introspectable ---------------------------------------------------- */

static void assert_well_formed(const char *xml)
{
	static const GMarkupParser nothing = { 0 };
	GMarkupParseContext *ctx =
	    g_markup_parse_context_new(&nothing, 0, NULL, NULL);
	g_autoptr(GError) error = NULL;

	if (g_markup_parse_context_parse(ctx, xml, -1, &error))
		g_markup_parse_context_end_parse(ctx, &error);
	g_assert_no_error(error);
	g_markup_parse_context_free(ctx);
}

static char *introspect(Fixture *f, const char *path)
{
	g_autoptr(GVariant) reply = call_ok(
	    f, path, DBUS_INTERFACE_INTROSPECTABLE, "Introspect", NULL, "(s)");
	char *xml = NULL;

	g_variant_get(reply, "(s)", &xml);
	assert_well_formed(xml);
	return xml;
}

#define IFACE_XML(name) "<interface name=\"" name "\">"

static void test_introspect_object(Fixture *f, gconstpointer data)
{
	g_autofree char *manager = introspect(f, TEST_MANAGER);
	g_autofree char *sim = NULL;

	assert_contains(manager,
			tp_introspection_xml(DBUS_INTERFACE_PROPERTIES));
	assert_contains(manager,
			tp_introspection_xml(DBUS_INTERFACE_INTROSPECTABLE));
	assert_contains(manager,
			tp_introspection_xml(DBUS_INTERFACE_OBJECT_MANAGER));
	assert_contains(manager, "<node name=\"obj\"/>");

	/* A real interface, on an object outside the manager's tree (so that
	 * no getter runs on the NULL user data). */
	tp_bus_add_interface(f->bus, "/x/sub/sim", &tp_simulator_interface,
			     NULL);
	sim = introspect(f, "/x/sub/sim");
	assert_contains(sim, tp_introspection_xml(TPD_SIMULATOR_INTERFACE));
	assert_contains(sim, IFACE_XML(DBUS_INTERFACE_PROPERTIES));
	assert_contains(sim, IFACE_XML(DBUS_INTERFACE_INTROSPECTABLE));
	g_assert_null(strstr(sim, DBUS_INTERFACE_OBJECT_MANAGER));
	g_assert_null(strstr(sim, "<node name="));
}

static void test_introspect_parent(Fixture *f, gconstpointer data)
{
	g_autofree char *root = NULL, *x = NULL, *sub = NULL;

	tp_bus_add_interface(f->bus, "/x/sub/sim", &tp_simulator_interface,
			     NULL);
	root = introspect(f, "/");
	x = introspect(f, "/x");
	sub = introspect(f, "/x/sub");
	assert_contains(root, "<node name=\"test\"/>\n  <node name=\"x\"/>");
	assert_contains(x, "<node name=\"sub\"/>");
	assert_contains(sub, "<node name=\"sim\"/>");
	for (const char *const *m = (const char *const[]){ root, x, sub, NULL };
	     *m; m++) {
		assert_contains(*m, IFACE_XML(DBUS_INTERFACE_INTROSPECTABLE));
		g_assert_null(strstr(*m, IFACE_XML(DBUS_INTERFACE_PROPERTIES)));
	}
	g_assert_null(strstr(sub, "<node name=\"x\"/>"));

	/* Many objects below one child node list it once (a duplicate name
	 * was once freed while its set still held it: found by
	 * fuzz-dbus-message). */
	for (unsigned i = 0; i < 8; i++) {
		g_autofree char *path = g_strdup_printf("/x/sub/n%u", i);
		tp_bus_add_interface(f->bus, path, &tp_simulator_interface,
				     NULL);
	}
	g_free(root);
	root = introspect(f, "/");
	assert_contains(root, "<node name=\"test\"/>\n  <node name=\"x\"/>\n");
	g_assert_null(strstr(strstr(root, "name=\"x\""), "<node"));

	/* Parents answer Introspect, and nothing else. */
	g_free(call_error(f, "/x", DBUS_INTERFACE_PROPERTIES, "GetAll",
			  g_variant_new("(s)", TPD_SIMULATOR_INTERFACE),
			  DBUS_ERROR_UNKNOWN_OBJECT));
	g_free(call_error(f, "/x/other", DBUS_INTERFACE_INTROSPECTABLE,
			  "Introspect", NULL, DBUS_ERROR_UNKNOWN_OBJECT));
}

int main(int argc, char **argv)
{
	static const struct {
		const char *path;
		void (*fn)(Fixture *, gconstpointer);
	} tests[] = {
		{ "/object/dispatch/member", test_dispatch },
		{ "/object/dispatch/invalid-args", test_invalid_args },
		{ "/object/dispatch/unknown", test_unknown },
		{ "/object/dispatch/many-calls", test_many_calls },
		{ "/object/dispatch/async", test_async },
		{ "/object/dispatch/no-reply", test_no_reply },
		{ "/object/properties/get", test_properties_get },
		{ "/object/properties/set", test_properties_set },
		{ "/object/properties/hidden", test_properties_hidden },
		{ "/object/changes/batched", test_changes_batched },
		{ "/object/changes/invalidated", test_changes_invalidated },
		{ "/object/changes/before-signal", test_changes_before_signal },
		{ "/object/changes/flood", test_changes_flood },
		{ "/object/manager/objects", test_managed_objects },
		{ "/object/manager/signals", test_interfaces_signals },
		{ "/object/manager/second", test_second_manager },
		{ "/object/introspect/object", test_introspect_object },
		{ "/object/introspect/parent", test_introspect_parent },
	};

	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/object/args-signature", test_args_signature);
	for (gsize i = 0; i < G_N_ELEMENTS(tests); i++)
		g_test_add(tests[i].path, Fixture, NULL, fixture_setup,
			   tests[i].fn, fixture_teardown);
	return g_test_run();
}
