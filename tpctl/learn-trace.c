/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Which writes of a capture control the device: the characteristic that
 * received the most different values (the level frames differ by level,
 * everything else an app writes repeats), on the device it was written
 * on. Connections to one address are one device: Android reconnects
 * without discovering again, so a handle's UUID may come from an earlier
 * connection. Subscriptions (writes to a Client Characteristic
 * Configuration descriptor) are never control writes.
 */
#include <string.h>

#include "common/tp-error.h"
#include "learn.h"

#define GATT_CCCD "2902"

/* A characteristic of one device: its UUID when known, else its handle. */
typedef struct {
	char *device;	    /* address, or "connection N" */
	char *key;	    /* UUID, or "handle 0xNNNN" */
	GHashTable *values; /* hex → NULL */
	unsigned writes;
	bool subscription_like; /* every value 00 00, 01 00 or 02 00 */
} TpCharWrites;

static void tp_char_writes_free(gpointer data)
{
	TpCharWrites *w = data;

	g_free(w->device);
	g_free(w->key);
	g_hash_table_unref(w->values);
	g_free(w);
}

static char *tp_device_of(const TpAttConnection *c)
{
	return c->peer ? g_strdup(c->peer)
		       : g_strdup_printf("connection %u", c->number);
}

typedef const char *(*TpHandleLookup)(const TpAttConnection *c,
				      uint16_t handle);

/* What @lookup says of @handle on @c, or on another connection to its
 * address. */
static const char *tp_on_device(GPtrArray *conns, const TpAttConnection *c,
				uint16_t handle, TpHandleLookup lookup)
{
	const char *found = lookup(c, handle);

	for (guint i = 0; !found && c->peer && i < conns->len; i++) {
		const TpAttConnection *o = g_ptr_array_index(conns, i);
		if (o->peer && g_str_equal(o->peer, c->peer))
			found = lookup(o, handle);
	}
	return found;
}

static const char *tp_uuid_on_device(GPtrArray *conns, const TpAttConnection *c,
				     uint16_t handle)
{
	return tp_on_device(conns, c, handle, tp_att_connection_uuid);
}

static const char *tp_service_on_device(GPtrArray *conns,
					const TpAttConnection *c,
					uint16_t handle)
{
	return tp_on_device(conns, c, handle, tp_att_connection_service);
}

static char *tp_char_key(GPtrArray *conns, const TpAttConnection *c,
			 uint16_t handle)
{
	const char *uuid = tp_uuid_on_device(conns, c, handle);

	return uuid ? g_strdup(uuid) : g_strdup_printf("handle 0x%04x", handle);
}

static bool tp_is_write(const TpAttOp *op)
{
	return op->opcode == TP_ATT_WRITE_REQUEST ||
	       op->opcode == TP_ATT_WRITE_COMMAND;
}

static bool tp_subscription_value(GBytes *value)
{
	gsize n;
	const uint8_t *d = g_bytes_get_data(value, &n);

	return n == 2 && d[0] <= 2 && d[1] == 0;
}

static TpCharWrites *tp_char_writes(GHashTable *all, char *device, char *key)
{
	g_autofree char *id = g_strconcat(device, "\n", key, NULL);
	TpCharWrites *w = g_hash_table_lookup(all, id);

	if (w) {
		g_free(device);
		g_free(key);
		return w;
	}
	w = g_new0(TpCharWrites, 1);
	w->device = device;
	w->key = key;
	w->values =
	    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	w->subscription_like = true;
	g_hash_table_insert(all, g_steal_pointer(&id), w);
	return w;
}

/* Count the writes of every characteristic of every device. */
static GHashTable *tp_count_writes(GPtrArray *conns)
{
	GHashTable *all = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
						tp_char_writes_free);

	for (guint i = 0; i < conns->len; i++) {
		const TpAttConnection *c = g_ptr_array_index(conns, i);
		for (guint j = 0; j < c->ops->len; j++) {
			const TpAttOp *op = g_ptr_array_index(c->ops, j);
			TpCharWrites *w;
			if (!tp_is_write(op))
				continue;
			w = tp_char_writes(all, tp_device_of(c),
					   tp_char_key(conns, c, op->handle));
			w->writes++;
			w->subscription_like &=
			    tp_subscription_value(op->value);
			g_hash_table_add(w->values, tp_learn_hex(op->value));
		}
	}
	return all;
}

static bool tp_better(const TpCharWrites *w, const TpCharWrites *best)
{
	guint n = g_hash_table_size(w->values);
	guint best_n = best ? g_hash_table_size(best->values) : 0;

	if (g_str_equal(w->key, GATT_CCCD) || w->subscription_like)
		return false;
	return !best || n > best_n || (n == best_n && w->writes > best->writes);
}

/* The device and characteristic key of the control writes. */
static bool tp_choose(GPtrArray *conns, char **device, char **key)
{
	g_autoptr(GHashTable) all = tp_count_writes(conns);
	const TpCharWrites *best = NULL;
	GHashTableIter it;
	gpointer value;

	g_hash_table_iter_init(&it, all);
	while (g_hash_table_iter_next(&it, NULL, &value))
		if (tp_better(value, best))
			best = value;
	if (!best)
		return false;
	*device = g_strdup(best->device);
	*key = g_strdup(best->key);
	return true;
}

void tp_learn_write_free(gpointer data)
{
	TpLearnWrite *w = data;

	g_bytes_unref(w->value);
	g_free(w->uuid);
	g_free(w);
}

void tp_learn_trace_free(TpLearnTrace *trace)
{
	if (!trace)
		return;
	g_free(trace->address);
	g_free(trace->name);
	g_ptr_array_unref(trace->advertised);
	g_free(trace->uuid);
	g_free(trace->service);
	g_free(trace->notify_uuid);
	g_ptr_array_unref(trace->writes);
	g_free(trace);
}

static void tp_add_write(TpLearnTrace *trace, GPtrArray *conns,
			 const TpAttConnection *c, const TpAttOp *op,
			 bool control)
{
	TpLearnWrite *w = g_new0(TpLearnWrite, 1);

	w->uuid = g_strdup(tp_uuid_on_device(conns, c, op->handle));
	w->record = op->record;
	w->time_us = op->time_us;
	w->connection = c->number;
	w->handle = op->handle;
	w->request = op->opcode == TP_ATT_WRITE_REQUEST;
	w->control = control;
	w->value = g_bytes_ref(op->value);
	g_ptr_array_add(trace->writes, w);
}

/* The control characteristic is known by now: what is it, and where? */
static void tp_note_control(TpLearnTrace *trace, GPtrArray *conns,
			    const TpAttConnection *c, uint16_t handle)
{
	const char *service = tp_service_on_device(conns, c, handle);
	const char *uuid = tp_uuid_on_device(conns, c, handle);

	if (!trace->handle)
		trace->handle = handle;
	if (!trace->uuid && uuid)
		trace->uuid = g_strdup(uuid);
	if (!trace->service && service)
		trace->service = g_strdup(service);
}

/* One operation of the chosen device: a control write, another write of
 * the control service, a notification there, or elsewhere. */
static void tp_take_op(TpLearnTrace *trace, GPtrArray *conns,
		       const TpAttConnection *c, const TpAttOp *op,
		       const char *key)
{
	g_autofree char *op_key = tp_char_key(conns, c, op->handle);
	const char *service = tp_service_on_device(conns, c, op->handle);
	bool same_service =
	    service && trace->service && g_str_equal(service, trace->service);

	if (tp_is_write(op) && g_str_equal(op_key, key)) {
		tp_note_control(trace, conns, c, op->handle);
		tp_add_write(trace, conns, c, op, true);
	} else if (tp_is_write(op) && same_service &&
		   !g_str_equal(op_key, GATT_CCCD) &&
		   !tp_subscription_value(op->value)) {
		tp_add_write(trace, conns, c, op, false);
	} else if (tp_is_write(op)) {
		trace->other_writes++;
	} else if (same_service && !trace->notify_uuid &&
		   tp_uuid_on_device(conns, c, op->handle)) {
		trace->notify_uuid =
		    g_strdup(tp_uuid_on_device(conns, c, op->handle));
	}
}

static void tp_name_device(TpLearnTrace *trace, TpAttLog *log,
			   const TpAttConnection *c)
{
	const TpAttAdvert *advert = tp_att_log_advert(log, c->peer);

	if (!trace->name && c->name)
		trace->name = g_strdup(c->name);
	if (!trace->name && advert && advert->name)
		trace->name = g_strdup(advert->name);
	if (advert && !trace->advertised->len)
		for (guint i = 0; i < advert->services->len; i++)
			g_ptr_array_add(
			    trace->advertised,
			    g_strdup(g_ptr_array_index(advert->services, i)));
}

/* Two passes over each connection of the device: the control
 * characteristic's service is only known once a control write was seen. */
static void tp_take_connection(TpLearnTrace *trace, TpAttLog *log,
			       GPtrArray *conns, const TpAttConnection *c,
			       const char *key)
{
	guint before = trace->writes->len;

	for (guint j = 0; j < c->ops->len; j++) {
		const TpAttOp *op = g_ptr_array_index(c->ops, j);
		g_autofree char *op_key = tp_char_key(conns, c, op->handle);
		if (tp_is_write(op) && g_str_equal(op_key, key))
			tp_note_control(trace, conns, c, op->handle);
	}
	for (guint j = 0; j < c->ops->len; j++)
		tp_take_op(trace, conns, c, g_ptr_array_index(c->ops, j), key);
	if (trace->writes->len > before)
		trace->n_connections++;
	tp_name_device(trace, log, c);
}

TpLearnTrace *tp_learn_trace_new(TpAttLog *log, GError **error)
{
	GPtrArray *conns = tp_att_log_connections(log);
	g_autofree char *device = NULL;
	g_autofree char *key = NULL;
	TpLearnTrace *trace;

	if (!tp_choose(conns, &device, &key)) {
		g_set_error(error, TP_ERROR, TP_ERROR_FAILED,
			    "no writes to learn from: the capture holds no ATT "
			    "write to a characteristic");
		return NULL;
	}
	trace = g_new0(TpLearnTrace, 1);
	trace->writes = g_ptr_array_new_with_free_func(tp_learn_write_free);
	trace->advertised = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < conns->len; i++) {
		const TpAttConnection *c = g_ptr_array_index(conns, i);
		g_autofree char *of = tp_device_of(c);
		if (!g_str_equal(of, device))
			continue;
		if (c->peer && !trace->address)
			trace->address = g_strdup(c->peer);
		tp_take_connection(trace, log, conns, c, key);
	}
	return trace;
}
