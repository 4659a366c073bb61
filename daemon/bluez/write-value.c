/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "write-value.h"

#include <glib.h>
#include <string.h>

#include "bluez-objects.h"
#include "bus/dbus-append.h"

/* The status request, the stop and the last speed or two. */
#define TP_WRITE_VALUES_KEPT 4

typedef struct {
	char *path;
	TpFrame frame;
	DBusMessage *call; /* never sent: copies of it are */
	guint64 used;	   /* when last asked for, on wv->clock */
} TpKeptWrite;

struct TpWriteValues {
	TpKeptWrite kept[TP_WRITE_VALUES_KEPT];
	guint64 clock;
	unsigned copied;
};

/* WriteValue's options, {"type": <@type>}. */
static bool tp_append_write_options(DBusMessageIter *iter, const char *type)
{
	const char *key = "type";
	DBusMessageIter dict, entry, variant;

	return dbus_message_iter_open_container(iter, DBUS_TYPE_ARRAY, "{sv}",
						&dict) &&
	       dbus_message_iter_open_container(&dict, DBUS_TYPE_DICT_ENTRY,
						NULL, &entry) &&
	       dbus_message_iter_append_basic(&entry, DBUS_TYPE_STRING, &key) &&
	       dbus_message_iter_open_container(&entry, DBUS_TYPE_VARIANT, "s",
						&variant) &&
	       tp_append_string(&variant, type) &&
	       dbus_message_iter_close_container(&entry, &variant) &&
	       dbus_message_iter_close_container(&dict, &entry) &&
	       dbus_message_iter_close_container(iter, &dict);
}

/* WriteValue(ay value, a{sv} options). Out of memory aborts, as GLib
 * does: nothing is left to abandon. */
static DBusMessage *tp_write_value_build(const char *path, const TpFrame *frame)
{
	DBusMessage *msg = dbus_message_new_method_call(
	    BLUEZ_NAME, path, BLUEZ_GATT_CHARACTERISTIC, "WriteValue");
	DBusMessageIter args;

	dbus_message_iter_init_append(msg, &args);
	if (!tp_append_bytes(&args, frame->data, frame->len) ||
	    !tp_append_write_options(
		&args,
		frame->write_type == TP_WRITE_COMMAND ? "command" : "request"))
		g_error("out of memory building WriteValue");
	return msg;
}

static bool tp_kept_write_is(const TpKeptWrite *k, const char *path,
			     const TpFrame *frame)
{
	return k->call && k->frame.len == frame->len &&
	       k->frame.write_type == frame->write_type &&
	       memcmp(k->frame.data, frame->data, frame->len) == 0 &&
	       strcmp(k->path, path) == 0;
}

static void tp_kept_write_clear(TpKeptWrite *k)
{
	g_clear_pointer(&k->path, g_free);
	g_clear_pointer(&k->call, dbus_message_unref);
}

TpWriteValues *tp_write_values_new(void)
{
	return g_new0(TpWriteValues, 1);
}

void tp_write_values_free(TpWriteValues *wv)
{
	if (!wv)
		return;
	for (unsigned i = 0; i < TP_WRITE_VALUES_KEPT; i++)
		tp_kept_write_clear(&wv->kept[i]);
	g_free(wv);
}

/* The one asked for longest ago (or never): speeds come and go, the
 * status request between them stays. */
static TpKeptWrite *tp_kept_write_oldest(TpWriteValues *wv)
{
	TpKeptWrite *oldest = &wv->kept[0];

	for (unsigned i = 1; i < TP_WRITE_VALUES_KEPT; i++)
		if (wv->kept[i].used < oldest->used)
			oldest = &wv->kept[i];
	return oldest;
}

static TpKeptWrite *tp_kept_write_find(TpWriteValues *wv, const char *path,
				       const TpFrame *frame)
{
	for (unsigned i = 0; i < TP_WRITE_VALUES_KEPT; i++)
		if (tp_kept_write_is(&wv->kept[i], path, frame))
			return &wv->kept[i];
	return NULL;
}

DBusMessage *tp_write_values_call(TpWriteValues *wv, const char *path,
				  const TpFrame *frame)
{
	TpKeptWrite *k = tp_kept_write_find(wv, path, frame);
	DBusMessage *copy;

	if (k) {
		wv->copied++;
	} else {
		k = tp_kept_write_oldest(wv);
		tp_kept_write_clear(k);
		k->path = g_strdup(path);
		k->frame = *frame;
		k->call = tp_write_value_build(path, frame);
	}
	k->used = ++wv->clock;
	copy = dbus_message_copy(k->call);
	if (!copy)
		g_error("out of memory copying WriteValue");
	return copy;
}

unsigned tp_write_values_copied(const TpWriteValues *wv)
{
	return wv->copied;
}
