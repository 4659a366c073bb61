/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemon/bluez/write-value.c: a WriteValue call for a frame seen before is
 * a copy of the call built for it, byte for byte what building it anew
 * gives; any difference in path, bytes or write type is a call of its
 * own; and the status request, asked for between speeds that never repeat,
 * stays kept (the least recently used goes, not the oldest built).
 */
#include <glib.h>
#include <string.h>

#include "bluez/write-value.h"

#define CHAR_A "/org/bluez/hci0/dev_AA/service0001/char0002"
#define CHAR_B "/org/bluez/hci0/dev_AA/service0001/char0004"

static TpFrame frame(const char *hex, TpWriteType type)
{
	TpFrame f = { .write_type = type };
	g_auto(GStrv) bytes = g_strsplit(hex, " ", -1);

	for (guint i = 0; bytes[i]; i++)
		f.data[f.len++] = (uint8_t)g_ascii_strtoull(bytes[i], NULL, 16);
	return f;
}

/* The message's arguments as text: (value bytes, write type). */
static char *describe(DBusMessage *msg)
{
	DBusMessageIter args, array, entry, variant;
	const uint8_t *data = NULL;
	const char *key = NULL, *type = NULL;
	int len = 0;
	g_autofree char *hex = NULL;

	g_assert_cmpstr(dbus_message_get_member(msg), ==, "WriteValue");
	g_assert_cmpstr(dbus_message_get_interface(msg), ==,
			"org.bluez.GattCharacteristic1");
	g_assert_cmpstr(dbus_message_get_destination(msg), ==, "org.bluez");
	g_assert_cmpstr(dbus_message_get_signature(msg), ==, "aya{sv}");
	g_assert_cmpuint(dbus_message_get_serial(msg), ==, 0);
	g_assert_true(dbus_message_iter_init(msg, &args));
	dbus_message_iter_recurse(&args, &array);
	dbus_message_iter_get_fixed_array(&array, &data, &len);
	hex = g_strdup_printf("%d:%02X", len, len ? data[0] : 0);
	dbus_message_iter_next(&args);
	dbus_message_iter_recurse(&args, &array);
	dbus_message_iter_recurse(&array, &entry);
	dbus_message_iter_get_basic(&entry, &key);
	g_assert_cmpstr(key, ==, "type");
	dbus_message_iter_next(&entry);
	dbus_message_iter_recurse(&entry, &variant);
	dbus_message_iter_get_basic(&variant, &type);
	return g_strdup_printf("%s %s %s", dbus_message_get_path(msg), hex,
			       type);
}

/* A call from @wv and one built by a fresh TpWriteValues, which builds
 * every call: the same, argument for argument. */
static void check_call(TpWriteValues *wv, const char *path, const TpFrame *f)
{
	g_autoptr(TpWriteValues) fresh = tp_write_values_new();
	DBusMessage *got = tp_write_values_call(wv, path, f);
	DBusMessage *built = tp_write_values_call(fresh, path, f);
	g_autofree char *a = describe(got);
	g_autofree char *b = describe(built);
	const uint8_t *da, *db;
	int la, lb;
	DBusMessageIter ia, ib, sa, sb;

	g_assert_cmpstr(a, ==, b);
	dbus_message_iter_init(got, &ia);
	dbus_message_iter_init(built, &ib);
	dbus_message_iter_recurse(&ia, &sa);
	dbus_message_iter_recurse(&ib, &sb);
	dbus_message_iter_get_fixed_array(&sa, &da, &la);
	dbus_message_iter_get_fixed_array(&sb, &db, &lb);
	g_assert_cmpint(la, ==, (int)f->len);
	g_assert_cmpmem(da, la, f->data, f->len);
	g_assert_cmpmem(da, la, db, lb);
	dbus_message_unref(got);
	dbus_message_unref(built);
}

static void test_repeats_equal_built(void)
{
	g_autoptr(TpWriteValues) wv = tp_write_values_new();
	TpFrame status = frame("AA 04 01 01 04", TP_WRITE_REQUEST);
	TpFrame speed = frame("AA 07 01 03 07 6C 7A", TP_WRITE_REQUEST);
	TpFrame command = frame("AA 04 01 01 04", TP_WRITE_COMMAND);

	/* Speeds come and go between status requests: more than the four
	 * kept, so only the status request can stay. */
	for (unsigned i = 0; i < 12; i++) {
		speed.data[5] = (uint8_t)i;
		check_call(wv, CHAR_A, &speed);
		check_call(wv, CHAR_A, &status);
	}
	/* Built once, copied eleven times; no speed ever repeated. */
	g_assert_cmpuint(tp_write_values_copied(wv), ==, 11);
	/* The same bytes elsewhere or written otherwise are other calls. */
	check_call(wv, CHAR_B, &status);
	check_call(wv, CHAR_A, &command);
	g_assert_cmpuint(tp_write_values_copied(wv), ==, 11);
	/* Two of the speeds made room for them, not the status request. */
	check_call(wv, CHAR_A, &status);
	g_assert_cmpuint(tp_write_values_copied(wv), ==, 12);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/write-value/repeats", test_repeats_equal_built);
	return g_test_run();
}
