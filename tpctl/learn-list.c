/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tpctl learn --list: the writes (with and without response) and the
 * notifications of a capture, per connection and characteristic, named by
 * the GATT discovery the capture holds; as text or JSON.
 */
#include <stdio.h>

#include "learn.h"

static const char *tp_att_op_name(uint8_t opcode)
{
	switch (opcode) {
	case TP_ATT_WRITE_REQUEST:
		return "write-request";
	case TP_ATT_WRITE_COMMAND:
		return "write-command";
	case TP_ATT_NOTIFICATION:
		return "notification";
	default:
		return "indication";
	}
}

/* The attribute handles of @c that carry writes or notifications, in
 * order of first appearance. */
static GArray *tp_used_handles(const TpAttConnection *c)
{
	GArray *handles = g_array_new(FALSE, FALSE, sizeof(uint16_t));

	for (guint i = 0; i < c->ops->len; i++) {
		const TpAttOp *op = g_ptr_array_index(c->ops, i);
		bool seen = false;
		for (guint j = 0; j < handles->len && !seen; j++)
			seen =
			    g_array_index(handles, uint16_t, j) == op->handle;
		if (!seen)
			g_array_append_val(handles, op->handle);
	}
	return handles;
}

static GVariant *tp_op_variant(const TpAttOp *op)
{
	g_autofree char *hex = tp_learn_hex(op->value);
	GVariantDict d;

	g_variant_dict_init(&d, NULL);
	g_variant_dict_insert(&d, "record", "u", op->record);
	g_variant_dict_insert(&d, "time", "d", op->time_us / 1e6);
	g_variant_dict_insert(&d, "type", "s", tp_att_op_name(op->opcode));
	g_variant_dict_insert(&d, "value", "s", hex);
	return g_variant_dict_end(&d);
}

static GVariant *tp_handle_variant(const TpAttConnection *c, uint16_t handle)
{
	const char *uuid = tp_att_connection_uuid(c, handle);
	const char *service = tp_att_connection_service(c, handle);
	GVariantBuilder ops;
	GVariantDict d;

	g_variant_builder_init(&ops, G_VARIANT_TYPE("aa{sv}"));
	for (guint i = 0; i < c->ops->len; i++) {
		const TpAttOp *op = g_ptr_array_index(c->ops, i);
		if (op->handle == handle)
			g_variant_builder_add_value(&ops, tp_op_variant(op));
	}
	g_variant_dict_init(&d, NULL);
	g_variant_dict_insert(&d, "handle", "q", handle);
	if (uuid)
		g_variant_dict_insert(&d, "uuid", "s", uuid);
	if (service)
		g_variant_dict_insert(&d, "service", "s", service);
	g_variant_dict_insert_value(&d, "frames", g_variant_builder_end(&ops));
	return g_variant_dict_end(&d);
}

GVariant *tp_learn_list_variant(const char *path, const TpCaptureInfo *info,
				TpAttLog *log)
{
	GPtrArray *conns = tp_att_log_connections(log);
	GVariantBuilder list;
	GVariantDict top;

	g_variant_builder_init(&list, G_VARIANT_TYPE("aa{sv}"));
	for (guint i = 0; i < conns->len; i++) {
		const TpAttConnection *c = g_ptr_array_index(conns, i);
		g_autoptr(GArray) handles = tp_used_handles(c);
		GVariantBuilder chars;
		GVariantDict d;
		g_variant_builder_init(&chars, G_VARIANT_TYPE("aa{sv}"));
		for (guint j = 0; j < handles->len; j++)
			g_variant_builder_add_value(
			    &chars,
			    tp_handle_variant(
				c, g_array_index(handles, uint16_t, j)));
		g_variant_dict_init(&d, NULL);
		g_variant_dict_insert(&d, "connection", "u", c->number);
		g_variant_dict_insert(&d, "hci-handle", "q", c->hci_handle);
		g_variant_dict_insert_value(&d, "characteristics",
					    g_variant_builder_end(&chars));
		g_variant_builder_add_value(&list, g_variant_dict_end(&d));
	}
	g_variant_dict_init(&top, NULL);
	g_variant_dict_insert(&top, "capture", "s", path);
	g_variant_dict_insert(&top, "format", "s", info->format);
	g_variant_dict_insert(&top, "records", "u", info->records);
	g_variant_dict_insert(&top, "skipped", "u", tp_att_log_skipped(log));
	g_variant_dict_insert_value(&top, "connections",
				    g_variant_builder_end(&list));
	return g_variant_ref_sink(g_variant_dict_end(&top));
}

static void tp_print_handle(const TpAttConnection *c, uint16_t handle)
{
	const char *uuid = tp_att_connection_uuid(c, handle);
	const char *service = tp_att_connection_service(c, handle);
	unsigned counts[3] = { 0 };

	for (guint i = 0; i < c->ops->len; i++) {
		const TpAttOp *op = g_ptr_array_index(c->ops, i);
		if (op->handle != handle)
			continue;
		counts[op->opcode == TP_ATT_WRITE_REQUEST   ? 0
		       : op->opcode == TP_ATT_WRITE_COMMAND ? 1
							    : 2]++;
	}
	printf("  handle 0x%04x  %s%s%s: %u with response, %u without, "
	       "%u notified\n",
	       handle, uuid ? uuid : "(not discovered)",
	       service ? " in service " : "", service ? service : "", counts[0],
	       counts[1], counts[2]);
	for (guint i = 0; i < c->ops->len; i++) {
		const TpAttOp *op = g_ptr_array_index(c->ops, i);
		g_autofree char *hex = NULL;
		if (op->handle != handle)
			continue;
		hex = tp_learn_hex(op->value);
		printf("    %9.3f s  #%-6u %-14s %s\n", op->time_us / 1e6,
		       op->record, tp_att_op_name(op->opcode), hex);
	}
}

void tp_learn_list_print(const char *path, const TpCaptureInfo *info,
			 TpAttLog *log)
{
	GPtrArray *conns = tp_att_log_connections(log);

	printf("%s: %s, %u records", path, info->format, info->records);
	if (tp_att_log_skipped(log))
		printf(", %u packets not followed", tp_att_log_skipped(log));
	printf("\n");
	for (guint i = 0; i < conns->len; i++) {
		const TpAttConnection *c = g_ptr_array_index(conns, i);
		g_autoptr(GArray) handles = tp_used_handles(c);
		printf("connection %u (HCI handle 0x%04x):\n", c->number,
		       c->hci_handle);
		for (guint j = 0; j < handles->len; j++)
			tp_print_handle(c, g_array_index(handles, uint16_t, j));
	}
}
