/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The bytes the object layer sends. Getters, Get, GetAll, GetManagedObjects,
 * PropertiesChanged and the ObjectManager signals are built with libdbus
 * iterators; they used to be GVariants converted by tp_dbus_message_append_
 * gvariant(). Every body here is compared byte for byte with what that
 * conversion makes of the expected value, so clients see no difference:
 * same signature, same values, same order.
 */
#include <dbus/dbus.h>
#include <glib.h>
#include <string.h>

#include "bus/dbus-object.h"
#include "common/dbus-gvariant.h"
#include "object-fixture.h"

/* The body of @msg as marshalled: the last body-length bytes. */
static GBytes *body_of(DBusMessage *msg)
{
	char *blob = NULL;
	int len = 0;
	guint32 n;
	GBytes *body;

	g_assert_true(dbus_message_marshal(msg, &blob, &len));
	g_assert_cmpint(len, >=, 16);
	memcpy(&n, blob + 4, sizeof(n));
	n = blob[0] == 'B' ? GUINT32_FROM_BE(n) : GUINT32_FROM_LE(n);
	g_assert_cmpuint(n, <=, (guint32)len);
	body = g_bytes_new(blob + len - n, n);
	dbus_free(blob);
	return body;
}

/* @msg carries exactly what the GVariant path made of @expected (a
 * tuple, floating consumed). */
static void assert_body(DBusMessage *msg, GVariant *expected)
{
	g_autoptr(GVariant) want = g_variant_ref_sink(expected);
	g_autofree char *sig =
	    g_strndup(g_variant_get_type_string(want) + 1,
		      strlen(g_variant_get_type_string(want)) - 2);
	DBusMessage *old = dbus_message_new_signal("/", "io.tpd.Wire", "Old");
	g_autoptr(GBytes) got = NULL, made = NULL;

	g_assert_true(tp_dbus_message_append_gvariant(old, want));
	got = body_of(msg);
	made = body_of(old);
	dbus_message_unref(old);
	if (!g_bytes_equal(got, made)) {
		g_autoptr(GVariant) args = tp_dbus_message_get_gvariant(msg);
		g_autofree char *text = g_variant_print(args, TRUE);
		g_autofree char *wanted = g_variant_print(want, TRUE);
		g_assert_cmpstr(text, ==, wanted);
	}
	g_assert_cmpstr(dbus_message_get_signature(msg), ==, sig);
	g_assert_true(g_bytes_equal(got, made));
}

/* A successful call's reply, checked against @expected. */
static void assert_reply(Fixture *f, const char *path, const char *iface,
			 const char *member, GVariant *args, GVariant *expected)
{
	DBusMessage *reply = send_call(f, new_call(path, iface, member, args),
				       DBUS_TIMEOUT_USE_DEFAULT);

	g_assert_cmpstr(dbus_message_get_error_name(reply), ==, NULL);
	assert_body(reply, expected);
	dbus_message_unref(reply);
}

/* ---- the typed appends ------------------------------------------------- */

static void test_helpers(void)
{
	static const guint8 bytes[] = { 0xAA, 0x00, 0x7F };
	const char *const strv[] = { "a", "bc", NULL };
	const char *const none[] = { NULL };
	DBusMessage *msg = dbus_message_new_signal("/", "io.tpd.Wire", "New");
	DBusMessageIter iter;

	dbus_message_iter_init_append(msg, &iter);
	g_assert_true(tp_append_string(&iter, "héllo"));
	g_assert_true(tp_append_path(&iter, "/io/tpd/Tpd1"));
	g_assert_true(tp_append_bool(&iter, true));
	g_assert_true(tp_append_bool(&iter, false));
	g_assert_true(tp_append_byte(&iter, 200));
	g_assert_true(tp_append_i32(&iter, -17));
	g_assert_true(tp_append_u32(&iter, 4000000000u));
	g_assert_true(tp_append_double(&iter, 0.75));
	g_assert_true(tp_append_strv(&iter, strv));
	g_assert_true(tp_append_strv(&iter, none));
	g_assert_true(tp_append_bytes(&iter, bytes, sizeof(bytes)));
	g_assert_true(tp_append_bytes(&iter, NULL, 0));
	g_assert_true(tp_append_u32_pair(&iter, 1, 2400));
	assert_body(
	    msg,
	    g_variant_new(
		"(sobbyiud^as^as@ay@ay(uu))", "héllo", "/io/tpd/Tpd1", TRUE,
		FALSE, 200, -17, 4000000000u, 0.75, strv, none,
		g_variant_new_fixed_array(G_VARIANT_TYPE_BYTE, bytes, 3, 1),
		g_variant_new_fixed_array(G_VARIANT_TYPE_BYTE, NULL, 0, 1), 1,
		2400));
	dbus_message_unref(msg);
}

/* ---- Properties -------------------------------------------------------- */

static GVariant *test_props(gint32 counter, const char *label)
{
	return g_variant_new_parsed("{'Counter': <%i>, 'Label': <%s>, "
				    "'Extra': <uint32 5>}",
				    counter, label);
}

static void test_get(Fixture *f, gconstpointer data)
{
	f->obj.counter = 17;
	assert_reply(f, TEST_OBJ, DBUS_INTERFACE_PROPERTIES, "Get",
		     g_variant_new("(ss)", TEST_IFACE, "Counter"),
		     g_variant_new("(v)", g_variant_new_int32(17)));
	assert_reply(f, TEST_OBJ, DBUS_INTERFACE_PROPERTIES, "Get",
		     g_variant_new("(ss)", TEST_IFACE, "Extra"),
		     g_variant_new("(v)", g_variant_new_uint32(5)));
}

static void test_get_all(Fixture *f, gconstpointer data)
{
	f->obj.counter = 17;
	assert_reply(f, TEST_OBJ, DBUS_INTERFACE_PROPERTIES, "GetAll",
		     g_variant_new("(s)", TEST_IFACE),
		     g_variant_new("(@a{sv})", test_props(17, "initial")));
	/* Absent properties are left out, the others keep their order. */
	f->obj.extra_visible = false;
	assert_reply(f, TEST_OBJ, DBUS_INTERFACE_PROPERTIES, "GetAll",
		     g_variant_new("(s)", TEST_IFACE),
		     g_variant_new_parsed("({'Counter': <17>, "
					  "'Label': <'initial'>},)"));
	assert_reply(f, TEST_OBJ, DBUS_INTERFACE_PROPERTIES, "GetAll",
		     g_variant_new("(s)", DBUS_INTERFACE_PROPERTIES),
		     g_variant_new_parsed("(@a{sv} {},)"));
}

/* Changed values in table order, then the absent ones invalidated. */
static void test_properties_changed(Fixture *f, gconstpointer data)
{
	f->obj.extra_visible = false;
	f->obj.counter = 3;
	tp_bus_property_changed(f->bus, TEST_OBJ, &test_interface, "Extra");
	tp_bus_property_changed(f->bus, TEST_OBJ, &test_interface, "Label");
	tp_bus_property_changed(f->bus, TEST_OBJ, &test_interface, "Counter");
	WAIT_FOR(f->signals->len >= 1);
	settle(f);
	g_assert_cmpuint(f->signals->len, ==, 1);
	assert_body(signal_at(f, 0),
		    g_variant_new_parsed("('io.tpd.Test', {'Counter': <3>, "
					 "'Label': <'initial'>}, ['Extra'])"));

	f->obj.extra_visible = true;
	tp_bus_property_changed(f->bus, TEST_OBJ, &test_interface, "Extra");
	WAIT_FOR(f->signals->len >= 2);
	assert_body(
	    signal_at(f, 1),
	    g_variant_new_parsed("('io.tpd.Test', {'Extra': <uint32 5>}, "
				 "@as [])"));
}

/* ---- ObjectManager ----------------------------------------------------- */

static void test_managed_objects(Fixture *f, gconstpointer data)
{
	assert_reply(f, TEST_MANAGER, DBUS_INTERFACE_OBJECT_MANAGER,
		     "GetManagedObjects", NULL,
		     g_variant_new_parsed("({objectpath '/test/obj': "
					  "{'io.tpd.Test': %@a{sv}}},)",
					  test_props(0, "initial")));
}

static void test_interfaces_signals(Fixture *f, gconstpointer data)
{
	TestObj two = { .counter = -4, .label = (char *)"two" };

	g_assert_true(tp_bus_add_interface(f->bus, TEST_MANAGER "/two",
					   &test_interface, &two));
	tp_bus_remove_object(f->bus, TEST_MANAGER "/two");
	WAIT_FOR(f->signals->len >= 2);
	assert_body(signal_at(f, 0),
		    g_variant_new_parsed("(objectpath '/test/two', "
					 "{'io.tpd.Test': {'Counter': <-4>, "
					 "'Label': <'two'>}})"));
	assert_body(signal_at(f, 1),
		    g_variant_new_parsed("(objectpath '/test/two', "
					 "['io.tpd.Test'])"));
}

/* ---- signals ----------------------------------------------------------- */

static bool append_poked(DBusMessageIter *iter, void *data)
{
	return tp_append_u32(iter, *(guint32 *)data);
}

/* Built or from a GVariant, the same signal; pending changes first. */
static void test_signal_builders(Fixture *f, gconstpointer data)
{
	guint32 count = 9;

	f->obj.counter = 1;
	tp_bus_property_changed(f->bus, TEST_OBJ, &test_interface, "Counter");
	tp_bus_emit_signal_with(f->bus, TEST_OBJ, &test_interface, "Poked",
				append_poked, &count);
	tp_bus_emit_signal(f->bus, TEST_OBJ, &test_interface, "Poked",
			   g_variant_new("(u)", count));
	WAIT_FOR(f->signals->len >= 3);
	settle(f);
	g_assert_cmpuint(f->signals->len, ==, 3);
	assert_changed(f, 0, "{'Counter': <1>}", "");
	assert_body(signal_at(f, 1), g_variant_new("(u)", count));
	assert_body(signal_at(f, 2), g_variant_new("(u)", count));
}

int main(int argc, char **argv)
{
	static const struct {
		const char *path;
		void (*fn)(Fixture *, gconstpointer);
	} tests[] = {
		{ "/wire/properties/get", test_get },
		{ "/wire/properties/get-all", test_get_all },
		{ "/wire/properties/changed", test_properties_changed },
		{ "/wire/manager/objects", test_managed_objects },
		{ "/wire/manager/signals", test_interfaces_signals },
		{ "/wire/signals/builders", test_signal_builders },
	};

	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/wire/helpers", test_helpers);
	for (gsize i = 0; i < G_N_ELEMENTS(tests); i++)
		g_test_add(tests[i].path, Fixture, NULL, fixture_setup,
			   tests[i].fn, fixture_teardown);
	return g_test_run();
}
