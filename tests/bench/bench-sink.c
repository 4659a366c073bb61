/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tpd-bench-sink: the least of org.bluez that tpd needs to drive Theragun
 * PROs, for the benchmarks (tests/bench). It owns org.bluez on the bus of
 * DBUS_SYSTEM_BUS_ADDRESS and shows, as the fake BlueZ
 * (tests/fakes/bluez5_gatt.py) does for a 'theragun' massager named "Pro":
 * one powered adapter hci0 and N connected devices with resolved services,
 * GATT service 1801 (2a05, indicate) and ffe0 (ffe1 notify, ffe2 write).
 *
 * WriteValue is timestamped (CLOCK_MONOTONIC) as it is dispatched and
 * answered at once, or after --write-delay-us as a link with that
 * connection interval would. No notifications are sent.
 *
 * io.tpd.Bench.Sink on /io/tpd/Bench, for the benchmark driver:
 *   Watch()                  unicast Written(t ns, o char, ay value) to the
 *                            caller for every WriteValue, once answered
 *                            (at once) or accepted (with a delay)
 *   SetWriteDelay(u usec)    Reset()
 *   GetWrites() -> a(toay)   every write since Reset: arrival, char, value
 *   GetStats() -> (uuu)      writes, writes in flight, most in flight
 */
#include <errno.h>
#include <glib-unix.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "common/dbus-mainloop.h"

#define BLUEZ		 "org.bluez"
#define ADAPTER_PATH	 "/org/bluez/hci0"
#define IFACE_ADAPTER	 "org.bluez.Adapter1"
#define IFACE_DEVICE	 "org.bluez.Device1"
#define IFACE_GATT_MGR	 "org.bluez.GattManager1"
#define IFACE_SERVICE	 "org.bluez.GattService1"
#define IFACE_CHRC	 "org.bluez.GattCharacteristic1"
#define BENCH_PATH	 "/io/tpd/Bench"
#define BENCH_IFACE	 "io.tpd.Bench.Sink"
#define MAX_DEVICES	 64
#define UUID(short16)	 "0000" short16 "-0000-1000-8000-00805f9b34fb"
#define ERROR_NOT_SUPP	 "org.bluez.Error.NotSupported"
#define CHARS_PER_DEVICE 3
#define OBJECT_MANAGER	 "org.freedesktop.DBus.ObjectManager"

typedef struct {
	const char *name; /* service0001 */
	const char *uuid;
	guint16 handle;
} ServiceDef;

typedef struct {
	int service; /* index in services[] */
	const char *name;
	const char *uuid;
	guint16 handle;
	const char *flags[3];
} CharDef;

/* Handles as the fake BlueZ numbers them: a service declaration, then per
 * characteristic its declaration, its value and (if it notifies) a CCCD. */
static const ServiceDef services[] = {
	{ "service0001", UUID("1801"), 1 },
	{ "service0005", UUID("ffe0"), 5 },
};

static const CharDef chars[CHARS_PER_DEVICE] = {
	{ 0, "char0002", UUID("2a05"), 2, { "indicate" } },
	{ 1, "char0006", UUID("ffe1"), 6, { "notify" } },
	{ 1,
	  "char0009",
	  UUID("ffe2"),
	  9,
	  { "write", "write-without-response" } },
};

typedef struct {
	guint64 arrival_ns;
	char *chrc;
	GBytes *value;
} Write;

typedef struct {
	DBusMessage *call;
	guint64 due_ns;
} Pending;

static struct {
	DBusConnection *conn;
	int devices;
	guint64 delay_ns;
	GPtrArray *writes;   /* Write* since Reset */
	GQueue pending;	     /* Pending* in arrival order */
	GPtrArray *watchers; /* unique names */
	guint in_flight, max_in_flight;
	int timer_fd;
	GMainLoop *loop;
} sink;

static guint64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (guint64)ts.tv_sec * 1000000000u + (guint64)ts.tv_nsec;
}

static void write_free(gpointer data)
{
	Write *w = data;

	g_free(w->chrc);
	g_bytes_unref(w->value);
	g_free(w);
}

static char *device_path(int i)
{
	return g_strdup_printf(ADAPTER_PATH "/dev_AA_BB_CC_00_00_%02X", i + 1);
}

/* ---- building replies ------------------------------------------------ */

static void open_entry(DBusMessageIter *dict, DBusMessageIter *entry,
		       DBusMessageIter *variant, const char *key,
		       const char *sig)
{
	dbus_message_iter_open_container(dict, DBUS_TYPE_DICT_ENTRY, NULL,
					 entry);
	dbus_message_iter_append_basic(entry, DBUS_TYPE_STRING, &key);
	dbus_message_iter_open_container(entry, DBUS_TYPE_VARIANT, sig,
					 variant);
}

static void close_entry(DBusMessageIter *dict, DBusMessageIter *entry,
			DBusMessageIter *variant)
{
	dbus_message_iter_close_container(entry, variant);
	dbus_message_iter_close_container(dict, entry);
}

static void put_basic(DBusMessageIter *dict, const char *key, int type,
		      const void *value)
{
	DBusMessageIter entry, variant;
	char sig[2] = { (char)type, 0 };

	open_entry(dict, &entry, &variant, key, sig);
	dbus_message_iter_append_basic(&variant, type, value);
	close_entry(dict, &entry, &variant);
}

static void put_string(DBusMessageIter *dict, const char *key, int type,
		       const char *value)
{
	put_basic(dict, key, type, &value);
}

static void put_bool(DBusMessageIter *dict, const char *key, bool value)
{
	dbus_bool_t b = value;

	put_basic(dict, key, DBUS_TYPE_BOOLEAN, &b);
}

static void put_array(DBusMessageIter *dict, const char *key, int type,
		      const char *const *values)
{
	DBusMessageIter entry, variant, array;
	char sig[3] = { DBUS_TYPE_ARRAY, (char)type, 0 };

	open_entry(dict, &entry, &variant, key, sig);
	dbus_message_iter_open_container(&variant, DBUS_TYPE_ARRAY, sig + 1,
					 &array);
	for (; values && *values; values++)
		dbus_message_iter_append_basic(&array, type, values);
	dbus_message_iter_close_container(&variant, &array);
	close_entry(dict, &entry, &variant);
}

static void put_bytes(DBusMessageIter *dict, const char *key,
		      const guint8 *data, int len)
{
	DBusMessageIter entry, variant, array;

	open_entry(dict, &entry, &variant, key, "ay");
	dbus_message_iter_open_container(&variant, DBUS_TYPE_ARRAY, "y",
					 &array);
	dbus_message_iter_append_fixed_array(&array, DBUS_TYPE_BYTE, &data,
					     len);
	dbus_message_iter_close_container(&variant, &array);
	close_entry(dict, &entry, &variant);
}

typedef void (*PropsFunc)(DBusMessageIter *dict, const void *data);

/* One {s a{sv}} of an object's interfaces. */
static void put_interface(DBusMessageIter *ifaces, const char *iface,
			  PropsFunc props, const void *data)
{
	DBusMessageIter entry, dict;

	dbus_message_iter_open_container(ifaces, DBUS_TYPE_DICT_ENTRY, NULL,
					 &entry);
	dbus_message_iter_append_basic(&entry, DBUS_TYPE_STRING, &iface);
	dbus_message_iter_open_container(&entry, DBUS_TYPE_ARRAY, "{sv}",
					 &dict);
	if (props)
		props(&dict, data);
	dbus_message_iter_close_container(&entry, &dict);
	dbus_message_iter_close_container(ifaces, &entry);
}

static void adapter_props(DBusMessageIter *d, const void *data)
{
	static const char *const uuids[] = { UUID("1800"), UUID("1801"), NULL };
	dbus_uint32_t class = 0;
	(void)data;

	put_string(d, "Address", DBUS_TYPE_STRING, "00:01:02:03:04:05");
	put_string(d, "AddressType", DBUS_TYPE_STRING, "public");
	put_string(d, "Name", DBUS_TYPE_STRING, "tpd-bench");
	put_string(d, "Alias", DBUS_TYPE_STRING, "tpd-bench");
	put_basic(d, "Class", DBUS_TYPE_UINT32, &class);
	put_bool(d, "Powered", true);
	put_bool(d, "Discoverable", false);
	put_bool(d, "Pairable", true);
	put_bool(d, "Discovering", false);
	put_array(d, "UUIDs", DBUS_TYPE_STRING, uuids);
}

static void device_props(DBusMessageIter *d, const void *data)
{
	int i = GPOINTER_TO_INT(data);
	static const char *const uuids[] = { UUID("1801"), UUID("ffe0"), NULL };
	static const guint8 flags[] = { 0x06 };
	g_autofree char *address =
	    g_strdup_printf("AA:BB:CC:00:00:%02X", i + 1);
	dbus_int16_t rssi = -60;

	put_string(d, "Address", DBUS_TYPE_STRING, address);
	put_string(d, "AddressType", DBUS_TYPE_STRING, "public");
	put_string(d, "Name", DBUS_TYPE_STRING, "Pro");
	put_string(d, "Alias", DBUS_TYPE_STRING, "Pro");
	put_string(d, "Adapter", DBUS_TYPE_OBJECT_PATH, ADAPTER_PATH);
	put_array(d, "UUIDs", DBUS_TYPE_STRING, uuids);
	put_bool(d, "Paired", false);
	put_bool(d, "Bonded", false);
	put_bool(d, "Trusted", false);
	put_bool(d, "Blocked", false);
	put_bool(d, "LegacyPairing", false);
	put_bool(d, "Connected", true);
	put_bool(d, "ServicesResolved", true);
	put_basic(d, "RSSI", DBUS_TYPE_INT16, &rssi);
	put_bytes(d, "AdvertisingFlags", flags, sizeof(flags));
}

typedef struct {
	int device;
	int index; /* in services[] or chars[] */
} GattRef;

static void service_props(DBusMessageIter *d, const void *data)
{
	const GattRef *ref = data;
	const ServiceDef *s = &services[ref->index];
	g_autofree char *dev = device_path(ref->device);

	put_string(d, "UUID", DBUS_TYPE_STRING, s->uuid);
	put_string(d, "Device", DBUS_TYPE_OBJECT_PATH, dev);
	put_bool(d, "Primary", true);
	put_array(d, "Includes", DBUS_TYPE_OBJECT_PATH, NULL);
	put_basic(d, "Handle", DBUS_TYPE_UINT16, &s->handle);
}

static void chrc_props(DBusMessageIter *d, const void *data)
{
	const GattRef *ref = data;
	const CharDef *c = &chars[ref->index];
	g_autofree char *dev = device_path(ref->device);
	g_autofree char *service =
	    g_strdup_printf("%s/%s", dev, services[c->service].name);
	dbus_uint16_t mtu = 247;

	put_string(d, "UUID", DBUS_TYPE_STRING, c->uuid);
	put_string(d, "Service", DBUS_TYPE_OBJECT_PATH, service);
	put_bytes(d, "Value", NULL, 0);
	put_array(d, "Flags", DBUS_TYPE_STRING, c->flags);
	put_basic(d, "Handle", DBUS_TYPE_UINT16, &c->handle);
	put_basic(d, "MTU", DBUS_TYPE_UINT16, &mtu);
	if (strcmp(c->flags[0], "notify") == 0 ||
	    strcmp(c->flags[0], "indicate") == 0)
		put_bool(d, "Notifying", false);
}

/* {o a{sa{sv}}} with one interface. */
static void put_object(DBusMessageIter *objects, const char *path,
		       const char *iface, PropsFunc props, const void *data,
		       const char *extra_iface)
{
	DBusMessageIter entry, ifaces;

	dbus_message_iter_open_container(objects, DBUS_TYPE_DICT_ENTRY, NULL,
					 &entry);
	dbus_message_iter_append_basic(&entry, DBUS_TYPE_OBJECT_PATH, &path);
	dbus_message_iter_open_container(&entry, DBUS_TYPE_ARRAY, "{sa{sv}}",
					 &ifaces);
	put_interface(&ifaces, iface, props, data);
	if (extra_iface)
		put_interface(&ifaces, extra_iface, NULL, NULL);
	dbus_message_iter_close_container(&entry, &ifaces);
	dbus_message_iter_close_container(objects, &entry);
}

static DBusMessage *get_managed_objects(DBusMessage *call)
{
	DBusMessage *reply = dbus_message_new_method_return(call);
	DBusMessageIter it, objects;

	dbus_message_iter_init_append(reply, &it);
	dbus_message_iter_open_container(&it, DBUS_TYPE_ARRAY, "{oa{sa{sv}}}",
					 &objects);
	put_object(&objects, ADAPTER_PATH, IFACE_ADAPTER, adapter_props, NULL,
		   IFACE_GATT_MGR);
	for (int i = 0; i < sink.devices; i++) {
		g_autofree char *dev = device_path(i);
		put_object(&objects, dev, IFACE_DEVICE, device_props,
			   GINT_TO_POINTER(i), NULL);
		for (int s = 0; s < (int)G_N_ELEMENTS(services); s++) {
			GattRef ref = { i, s };
			g_autofree char *path =
			    g_strdup_printf("%s/%s", dev, services[s].name);
			put_object(&objects, path, IFACE_SERVICE, service_props,
				   &ref, NULL);
		}
		for (int c = 0; c < CHARS_PER_DEVICE; c++) {
			GattRef ref = { i, c };
			g_autofree char *path = g_strdup_printf(
			    "%s/%s/%s", dev, services[chars[c].service].name,
			    chars[c].name);
			put_object(&objects, path, IFACE_CHRC, chrc_props, &ref,
				   NULL);
		}
	}
	dbus_message_iter_close_container(&it, &objects);
	return reply;
}

/* ---- objects --------------------------------------------------------- */

static DBusMessage *unknown(DBusMessage *call)
{
	return dbus_message_new_error_printf(
	    call, DBUS_ERROR_UNKNOWN_METHOD, "%s.%s on %s",
	    dbus_message_get_interface(call), dbus_message_get_member(call),
	    dbus_message_get_path(call));
}

/* Index into chars[] of a characteristic path, or -1. */
static int chrc_of(const char *path)
{
	const char *rest;
	unsigned dev;

	if (!g_str_has_prefix(path, ADAPTER_PATH "/dev_AA_BB_CC_00_00_"))
		return -1;
	rest = path + strlen(ADAPTER_PATH "/dev_AA_BB_CC_00_00_");
	if (sscanf(rest, "%2X/", &dev) != 1 || dev < 1 ||
	    dev > (unsigned)sink.devices)
		return -1;
	rest += 3;
	for (int c = 0; c < CHARS_PER_DEVICE; c++) {
		g_autofree char *tail = g_strdup_printf(
		    "%s/%s", services[chars[c].service].name, chars[c].name);
		if (strcmp(rest, tail) == 0)
			return c;
	}
	return -1;
}

static bool is_device(const char *path)
{
	for (int i = 0; i < sink.devices; i++) {
		g_autofree char *dev = device_path(i);
		if (strcmp(path, dev) == 0)
			return true;
	}
	return false;
}

static void send_and_unref(DBusMessage *msg)
{
	dbus_connection_send(sink.conn, msg, NULL);
	dbus_message_unref(msg);
}

static void emit_notifying(const char *path)
{
	DBusMessage *sig = dbus_message_new_signal(
	    path, DBUS_INTERFACE_PROPERTIES, "PropertiesChanged");
	DBusMessageIter it, dict, none;
	const char *iface = IFACE_CHRC;

	dbus_message_iter_init_append(sig, &it);
	dbus_message_iter_append_basic(&it, DBUS_TYPE_STRING, &iface);
	dbus_message_iter_open_container(&it, DBUS_TYPE_ARRAY, "{sv}", &dict);
	put_bool(&dict, "Notifying", true);
	dbus_message_iter_close_container(&it, &dict);
	dbus_message_iter_open_container(&it, DBUS_TYPE_ARRAY, "s", &none);
	dbus_message_iter_close_container(&it, &none);
	send_and_unref(sig);
}

static void tell_watchers(const Write *w)
{
	gsize len;
	const guint8 *bytes = g_bytes_get_data(w->value, &len);

	for (guint i = 0; i < sink.watchers->len; i++) {
		DBusMessage *sig =
		    dbus_message_new_signal(BENCH_PATH, BENCH_IFACE, "Written");
		dbus_uint64_t t = w->arrival_ns;
		const char *chrc = w->chrc;

		dbus_message_set_destination(sig, sink.watchers->pdata[i]);
		dbus_message_append_args(sig, DBUS_TYPE_UINT64, &t,
					 DBUS_TYPE_OBJECT_PATH, &chrc,
					 DBUS_TYPE_ARRAY, DBUS_TYPE_BYTE,
					 &bytes, (int)len, DBUS_TYPE_INVALID);
		send_and_unref(sig);
	}
}

static void arm_timer(void)
{
	Pending *p = g_queue_peek_head(&sink.pending);
	struct itimerspec its = { 0 };

	if (p) {
		its.it_value.tv_sec = (time_t)(p->due_ns / 1000000000u);
		its.it_value.tv_nsec = (long)(p->due_ns % 1000000000u);
	}
	timerfd_settime(sink.timer_fd, TFD_TIMER_ABSTIME, &its, NULL);
}

static gboolean timer_fired(gint fd, GIOCondition cond, gpointer data)
{
	guint64 expirations;
	Pending *p;
	(void)cond;
	(void)data;

	if (read(fd, &expirations, sizeof(expirations)) < 0 && errno != EAGAIN)
		g_error("timerfd: %s", g_strerror(errno));
	while ((p = g_queue_peek_head(&sink.pending)) &&
	       p->due_ns <= now_ns()) {
		g_queue_pop_head(&sink.pending);
		send_and_unref(dbus_message_new_method_return(p->call));
		dbus_message_unref(p->call);
		g_free(p);
		sink.in_flight--;
	}
	arm_timer();
	return G_SOURCE_CONTINUE;
}

static DBusMessage *write_value(DBusMessage *call, const char *path)
{
	guint64 arrival = now_ns();
	DBusMessageIter it, array;
	const guint8 *bytes;
	int len;
	Write *w;

	if (!dbus_message_has_signature(call, "aya{sv}"))
		return dbus_message_new_error(call, DBUS_ERROR_INVALID_ARGS,
					      "expected (aya{sv})");
	dbus_message_iter_init(call, &it);
	dbus_message_iter_recurse(&it, &array);
	dbus_message_iter_get_fixed_array(&array, &bytes, &len);
	w = g_new0(Write, 1);
	w->arrival_ns = arrival;
	w->chrc = g_strdup(path);
	w->value = g_bytes_new(bytes, (gsize)len);
	g_ptr_array_add(sink.writes, w);
	sink.in_flight++;
	sink.max_in_flight = MAX(sink.max_in_flight, sink.in_flight);
	if (!sink.delay_ns) {
		sink.in_flight--;
		send_and_unref(dbus_message_new_method_return(call));
		tell_watchers(w);
		return NULL;
	}
	Pending *p = g_new0(Pending, 1);
	p->call = dbus_message_ref(call);
	p->due_ns = arrival + sink.delay_ns;
	g_queue_push_tail(&sink.pending, p);
	if (sink.pending.length == 1)
		arm_timer();
	tell_watchers(w);
	return NULL;
}

static DBusMessage *chrc_method(DBusMessage *call, const char *path, int c)
{
	const char *member = dbus_message_get_member(call);

	if (strcmp(member, "WriteValue") == 0) {
		if (strcmp(chars[c].flags[0], "write") != 0)
			return dbus_message_new_error(call, ERROR_NOT_SUPP,
						      "not writable");
		return write_value(call, path);
	}
	if (strcmp(member, "StartNotify") == 0) {
		send_and_unref(dbus_message_new_method_return(call));
		emit_notifying(path);
		return NULL;
	}
	if (strcmp(member, "StopNotify") == 0)
		return dbus_message_new_method_return(call);
	if (strcmp(member, "ReadValue") == 0) {
		DBusMessage *reply = dbus_message_new_method_return(call);
		DBusMessageIter it, array;
		dbus_message_iter_init_append(reply, &it);
		dbus_message_iter_open_container(&it, DBUS_TYPE_ARRAY, "y",
						 &array);
		dbus_message_iter_close_container(&it, &array);
		return reply;
	}
	return unknown(call);
}

/* ---- io.tpd.Bench.Sink ----------------------------------------------- */

static DBusMessage *get_writes(DBusMessage *call)
{
	DBusMessage *reply = dbus_message_new_method_return(call);
	DBusMessageIter it, array, st, value;

	dbus_message_iter_init_append(reply, &it);
	dbus_message_iter_open_container(&it, DBUS_TYPE_ARRAY, "(toay)",
					 &array);
	for (guint i = 0; i < sink.writes->len; i++) {
		Write *w = sink.writes->pdata[i];
		dbus_uint64_t t = w->arrival_ns;
		gsize len;
		const guint8 *bytes = g_bytes_get_data(w->value, &len);
		dbus_message_iter_open_container(&array, DBUS_TYPE_STRUCT, NULL,
						 &st);
		dbus_message_iter_append_basic(&st, DBUS_TYPE_UINT64, &t);
		dbus_message_iter_append_basic(&st, DBUS_TYPE_OBJECT_PATH,
					       &w->chrc);
		dbus_message_iter_open_container(&st, DBUS_TYPE_ARRAY, "y",
						 &value);
		dbus_message_iter_append_fixed_array(&value, DBUS_TYPE_BYTE,
						     &bytes, (int)len);
		dbus_message_iter_close_container(&st, &value);
		dbus_message_iter_close_container(&array, &st);
	}
	dbus_message_iter_close_container(&it, &array);
	return reply;
}

static DBusMessage *bench_method(DBusMessage *call)
{
	const char *member = dbus_message_get_member(call);
	dbus_uint32_t usec;

	if (strcmp(member, "Watch") == 0) {
		g_ptr_array_add(sink.watchers,
				g_strdup(dbus_message_get_sender(call)));
		return dbus_message_new_method_return(call);
	}
	if (strcmp(member, "SetWriteDelay") == 0) {
		if (!dbus_message_get_args(call, NULL, DBUS_TYPE_UINT32, &usec,
					   DBUS_TYPE_INVALID))
			return dbus_message_new_error(
			    call, DBUS_ERROR_INVALID_ARGS, "expected (u)");
		sink.delay_ns = (guint64)usec * 1000u;
		return dbus_message_new_method_return(call);
	}
	if (strcmp(member, "Reset") == 0) {
		g_ptr_array_set_size(sink.writes, 0);
		sink.max_in_flight = sink.in_flight;
		return dbus_message_new_method_return(call);
	}
	if (strcmp(member, "GetWrites") == 0)
		return get_writes(call);
	if (strcmp(member, "GetStats") == 0) {
		DBusMessage *reply = dbus_message_new_method_return(call);
		dbus_uint32_t n = sink.writes->len;
		dbus_message_append_args(reply, DBUS_TYPE_UINT32, &n,
					 DBUS_TYPE_UINT32, &sink.in_flight,
					 DBUS_TYPE_UINT32, &sink.max_in_flight,
					 DBUS_TYPE_INVALID);
		return reply;
	}
	return unknown(call);
}

/* ---- dispatch -------------------------------------------------------- */

static DBusMessage *handle(DBusMessage *call)
{
	const char *path = dbus_message_get_path(call);
	const char *iface = dbus_message_get_interface(call);
	const char *member = dbus_message_get_member(call);
	int c;

	if (!iface)
		return unknown(call);
	if (strcmp(path, "/") == 0 && strcmp(iface, OBJECT_MANAGER) == 0 &&
	    strcmp(member, "GetManagedObjects") == 0)
		return get_managed_objects(call);
	if (strcmp(path, BENCH_PATH) == 0 && strcmp(iface, BENCH_IFACE) == 0)
		return bench_method(call);
	/* tpd registers its GATT profile; bluetoothd would read it back. */
	if (strcmp(path, ADAPTER_PATH) == 0 &&
	    strcmp(iface, IFACE_GATT_MGR) == 0)
		return dbus_message_new_method_return(call);
	if (strcmp(path, ADAPTER_PATH) == 0 &&
	    strcmp(iface, IFACE_ADAPTER) == 0)
		return dbus_message_new_error(call, ERROR_NOT_SUPP,
					      "not emulated by the sink");
	/* Connect on a connected LE device succeeds; the link never drops. */
	if (strcmp(iface, IFACE_DEVICE) == 0 && is_device(path))
		return dbus_message_new_method_return(call);
	if (strcmp(iface, IFACE_CHRC) == 0 && (c = chrc_of(path)) >= 0)
		return chrc_method(call, path, c);
	return unknown(call);
}

static DBusHandlerResult on_message(DBusConnection *conn, DBusMessage *msg,
				    void *data)
{
	DBusMessage *reply;
	(void)conn;
	(void)data;

	if (dbus_message_get_type(msg) != DBUS_MESSAGE_TYPE_METHOD_CALL)
		return DBUS_HANDLER_RESULT_NOT_YET_HANDLED;
	/* NULL: answered already, or later (a delayed write). */
	reply = handle(msg);
	if (reply)
		send_and_unref(reply);
	return DBUS_HANDLER_RESULT_HANDLED;
}

static gboolean on_signal(gpointer data)
{
	(void)data;
	g_main_loop_quit(sink.loop);
	return G_SOURCE_REMOVE;
}

int main(int argc, char **argv)
{
	int devices = 1;
	int delay_us = 0;
	DBusError err = DBUS_ERROR_INIT;
	GOptionEntry entries[] = {
		{ "devices", 'n', 0, G_OPTION_ARG_INT, &devices,
		  "connected Theragun PROs (1 to 64)", "N" },
		{ "write-delay-us", 0, 0, G_OPTION_ARG_INT, &delay_us,
		  "answer WriteValue this much later", "USEC" },
		{ NULL }
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new(NULL);
	g_autoptr(GError) error = NULL;
	static const DBusObjectPathVTable vtable = { .message_function =
							 on_message };

	g_option_context_add_main_entries(ctx, entries, NULL);
	if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
		fprintf(stderr, "tpd-bench-sink: %s\n", error->message);
		return 2;
	}
	if (devices < 1 || devices > MAX_DEVICES || delay_us < 0) {
		fprintf(stderr,
			"tpd-bench-sink: --devices 1 to %d, delay >= 0\n",
			MAX_DEVICES);
		return 2;
	}
	sink.devices = devices;
	sink.delay_ns = (guint64)delay_us * 1000u;
	sink.writes = g_ptr_array_new_with_free_func(write_free);
	sink.watchers = g_ptr_array_new_with_free_func(g_free);
	g_queue_init(&sink.pending);
	sink.timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
	if (sink.timer_fd < 0) {
		perror("tpd-bench-sink: timerfd_create");
		return 1;
	}
	g_unix_fd_add(sink.timer_fd, G_IO_IN, timer_fired, NULL);

	sink.conn = dbus_bus_get_private(DBUS_BUS_SYSTEM, &err);
	if (!sink.conn) {
		fprintf(stderr, "tpd-bench-sink: %s\n", err.message);
		return 1;
	}
	dbus_connection_set_exit_on_disconnect(sink.conn, FALSE);
	dbus_connection_register_fallback(sink.conn, "/", &vtable, NULL);
	tp_dbus_mainloop_attach(sink.conn);
	if (dbus_bus_request_name(sink.conn, BLUEZ, DBUS_NAME_FLAG_DO_NOT_QUEUE,
				  &err) !=
	    DBUS_REQUEST_NAME_REPLY_PRIMARY_OWNER) {
		fprintf(stderr, "tpd-bench-sink: cannot own %s: %s\n", BLUEZ,
			err.message ? err.message : "taken");
		return 1;
	}
	sink.loop = g_main_loop_new(NULL, FALSE);
	g_unix_signal_add(SIGTERM, on_signal, NULL);
	g_unix_signal_add(SIGINT, on_signal, NULL);
	g_main_loop_run(sink.loop);
	dbus_connection_close(sink.conn);
	dbus_connection_unref(sink.conn);
	return 0;
}
