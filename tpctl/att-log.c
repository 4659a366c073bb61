/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * HCI ACL → L2CAP → ATT (Bluetooth Core, Vol 4 Part E §5.4.2 for ACL,
 * Vol 3 Part A for L2CAP, Vol 3 Part F for ATT), per connection.
 */
#include "att-log.h"

#include <stdio.h>
#include <string.h>

#include "att-advert.h"

#define ATT_CID		      0x0004
#define ACL_PB_CONTINUING     0x1
#define EVT_DISCONNECT	      0x05
#define EVT_LE_META	      0x3E
#define LE_CONNECTION	      0x01
#define LE_CONNECTION_ENHANCE 0x0A
#define LE_CONNECTION_V2      0x29
/* ATT discovery. */
#define ATT_FIND_INFO_RSP     0x05
#define ATT_READ_REQ	      0x0A
#define ATT_READ_RSP	      0x0B
#define ATT_READ_BY_TYPE_REQ  0x08
#define ATT_READ_BY_TYPE_RSP  0x09
#define ATT_READ_BY_GROUP_RSP 0x11
#define GATT_CHARACTERISTIC   0x2803

/* One direction of one controller connection handle being reassembled. */
typedef struct {
	GByteArray *frame; /* L2CAP frame so far, NULL when none is open */
	size_t want;	   /* its full length, header included */
} TpAclAssembly;

typedef struct {
	TpAttConnection *conn; /* current connection on this handle */
	TpAclAssembly dir[2];  /* [sent] */
	uint16_t read_type;    /* of the last Read By Type Request */
	uint16_t read_handle;  /* of the last Read Request */
} TpHandleState;

struct TpAttLog {
	GPtrArray *connections; /* TpAttConnection* */
	GHashTable *handles;	/* hci handle → TpHandleState* */
	GHashTable *adverts;	/* address → TpAttAdvert* */
	unsigned skipped;
};

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static void tp_att_op_free(gpointer data)
{
	TpAttOp *op = data;

	g_bytes_unref(op->value);
	g_free(op);
}

static void tp_att_service_clear(gpointer data)
{
	g_free(((TpAttService *)data)->uuid);
}

static void tp_att_connection_free(gpointer data)
{
	TpAttConnection *c = data;

	g_free(c->peer);
	g_free(c->name);
	g_hash_table_unref(c->uuids);
	g_array_unref(c->services);
	g_ptr_array_unref(c->ops);
	g_free(c);
}

static void tp_handle_state_free(gpointer data)
{
	TpHandleState *s = data;

	for (int i = 0; i < 2; i++)
		if (s->dir[i].frame)
			g_byte_array_unref(s->dir[i].frame);
	g_free(s);
}

TpAttLog *tp_att_log_new(void)
{
	TpAttLog *log = g_new0(TpAttLog, 1);

	log->connections =
	    g_ptr_array_new_with_free_func(tp_att_connection_free);
	log->handles =
	    g_hash_table_new_full(NULL, NULL, NULL, tp_handle_state_free);
	log->adverts = tp_att_adverts_new();
	return log;
}

void tp_att_log_free(TpAttLog *log)
{
	if (!log)
		return;
	g_ptr_array_unref(log->connections);
	g_hash_table_unref(log->handles);
	g_hash_table_unref(log->adverts);
	g_free(log);
}

GPtrArray *tp_att_log_connections(TpAttLog *log)
{
	return log->connections;
}

unsigned tp_att_log_skipped(const TpAttLog *log)
{
	return log->skipped;
}

const TpAttAdvert *tp_att_log_advert(TpAttLog *log, const char *address)
{
	return address ? g_hash_table_lookup(log->adverts, address) : NULL;
}

/* ---- connections ------------------------------------------------------- */

static TpAttConnection *tp_att_connection_new(TpAttLog *log, uint16_t handle)
{
	TpAttConnection *c = g_new0(TpAttConnection, 1);

	c->number = log->connections->len + 1;
	c->hci_handle = handle;
	c->uuids = g_hash_table_new_full(NULL, NULL, NULL, g_free);
	c->services = g_array_new(FALSE, FALSE, sizeof(TpAttService));
	g_array_set_clear_func(c->services, tp_att_service_clear);
	c->ops = g_ptr_array_new_with_free_func(tp_att_op_free);
	g_ptr_array_add(log->connections, c);
	return c;
}

static TpHandleState *tp_handle_state(TpAttLog *log, uint16_t handle)
{
	TpHandleState *s =
	    g_hash_table_lookup(log->handles, GUINT_TO_POINTER(handle));

	if (!s) {
		s = g_new0(TpHandleState, 1);
		g_hash_table_insert(log->handles, GUINT_TO_POINTER(handle), s);
	}
	if (!s->conn)
		s->conn = tp_att_connection_new(log, handle);
	return s;
}

/* A connection handle ends: the next packet on it is a new connection. */
static void tp_handle_end(TpAttLog *log, uint16_t handle)
{
	g_hash_table_remove(log->handles, GUINT_TO_POINTER(handle));
}

static void tp_att_log_event(TpAttLog *log, const uint8_t *d, size_t len)
{
	if (len >= 6 && d[0] == EVT_DISCONNECT && d[2] == 0) {
		tp_handle_end(log, le16(d + 3) & 0x0FFF);
		return;
	}
	if (len < 3 || d[0] != EVT_LE_META)
		return;
	/* A new LE connection: whatever its handle carried before is over.
	 * Status, handle, role, peer address type, peer address. */
	if ((d[2] == LE_CONNECTION || d[2] == LE_CONNECTION_ENHANCE ||
	     d[2] == LE_CONNECTION_V2) &&
	    len >= 14 && d[3] == 0) {
		uint16_t handle = le16(d + 4) & 0x0FFF;
		tp_handle_end(log, handle);
		tp_handle_state(log, handle)->conn->peer =
		    tp_att_address_text(d + 8);
		return;
	}
	tp_att_adverts_event(log->adverts, d + 2, len - 2);
}

/* ---- GATT discovery ---------------------------------------------------- */

static void tp_set_uuid(TpAttConnection *c, uint16_t handle, char *uuid,
			bool replace)
{
	if (!replace &&
	    g_hash_table_contains(c->uuids, GUINT_TO_POINTER(handle))) {
		g_free(uuid);
		return;
	}
	g_hash_table_replace(c->uuids, GUINT_TO_POINTER(handle), uuid);
}

/* Characteristic declarations: properties, value handle, UUID. */
static void tp_att_read_by_type(TpHandleState *s, const uint8_t *d, size_t n)
{
	size_t item = n ? d[0] : 0;

	if (s->read_type != GATT_CHARACTERISTIC || (item != 7 && item != 21))
		return;
	for (size_t at = 1; at + item <= n; at += item)
		tp_set_uuid(s->conn, le16(d + at + 3),
			    tp_att_uuid_text(d + at + 5, item - 5), true);
}

static void tp_att_find_info(TpAttConnection *c, const uint8_t *d, size_t n)
{
	size_t uuid_len = n && d[0] == 1 ? 2 : 16;

	if (!n || (d[0] != 1 && d[0] != 2))
		return;
	for (size_t at = 1; at + 2 + uuid_len <= n; at += 2 + uuid_len)
		tp_set_uuid(c, le16(d + at),
			    tp_att_uuid_text(d + at + 2, uuid_len), false);
}

static void tp_att_services(TpAttConnection *c, const uint8_t *d, size_t n)
{
	size_t item = n ? d[0] : 0;

	if (item != 6 && item != 20)
		return;
	for (size_t at = 1; at + item <= n; at += item) {
		TpAttService sv = { le16(d + at), le16(d + at + 2),
				    tp_att_uuid_text(d + at + 4, item - 4) };
		g_array_append_val(c->services, sv);
	}
}

/* The Device Name characteristic, when the app reads it. */
static void tp_att_read_name(TpHandleState *s, const uint8_t *d, size_t n)
{
	const char *uuid = tp_att_connection_uuid(s->conn, s->read_handle);

	if (!uuid || !g_str_equal(uuid, "2a00") || !n ||
	    !g_utf8_validate((const char *)d, n, NULL))
		return;
	g_free(s->conn->name);
	s->conn->name = g_strndup((const char *)d, n);
}

/* ---- ATT --------------------------------------------------------------- */

static void tp_att_pdu(TpHandleState *s, const TpCaptureRecord *r,
		       const uint8_t *d, size_t n)
{
	TpAttOp *op;

	if (n < 1)
		return;
	switch (d[0]) {
	case TP_ATT_WRITE_REQUEST:
	case TP_ATT_WRITE_COMMAND:
	case TP_ATT_NOTIFICATION:
	case TP_ATT_INDICATION:
		if (n < 3)
			return;
		op = g_new0(TpAttOp, 1);
		*op = (TpAttOp){ r->number, r->time_us, d[0], le16(d + 1),
				 g_bytes_new(d + 3, n - 3) };
		g_ptr_array_add(s->conn->ops, op);
		return;
	case ATT_READ_BY_TYPE_REQ:
		/* Start, end, then the 16-bit type asked for. */
		s->read_type = n == 7 ? le16(d + 5) : 0;
		return;
	case ATT_READ_BY_TYPE_RSP:
		tp_att_read_by_type(s, d + 1, n - 1);
		return;
	case ATT_FIND_INFO_RSP:
		tp_att_find_info(s->conn, d + 1, n - 1);
		return;
	case ATT_READ_BY_GROUP_RSP:
		tp_att_services(s->conn, d + 1, n - 1);
		return;
	case ATT_READ_REQ:
		s->read_handle = n == 3 ? le16(d + 1) : 0;
		return;
	case ATT_READ_RSP:
		tp_att_read_name(s, d + 1, n - 1);
		return;
	}
}

/* ---- ACL and L2CAP ----------------------------------------------------- */

/* A whole L2CAP frame: its length and channel, then the payload. */
static void tp_l2cap_frame(TpHandleState *s, const TpCaptureRecord *r,
			   const uint8_t *d, size_t n)
{
	if (le16(d + 2) == ATT_CID)
		tp_att_pdu(s, r, d + 4, n - 4);
}

static void tp_att_log_acl(TpAttLog *log, const TpCaptureRecord *r)
{
	const uint8_t *d = r->data;
	uint16_t handle, len;
	unsigned pb;
	TpHandleState *s;
	TpAclAssembly *a;

	if (r->len < 4 || (size_t)le16(d + 2) != r->len - 4) {
		log->skipped++;
		return;
	}
	handle = le16(d) & 0x0FFF;
	pb = le16(d) >> 12 & 0x3;
	len = le16(d + 2);
	s = tp_handle_state(log, handle);
	a = &s->dir[r->sent];
	if (pb != ACL_PB_CONTINUING) {
		if (a->frame) /* the last one never completed */
			log->skipped++;
		g_clear_pointer(&a->frame, g_byte_array_unref);
		if (len < 4) {
			log->skipped++;
			return;
		}
		a->want = (size_t)le16(d + 4) + 4;
		a->frame = g_byte_array_new();
	} else if (!a->frame) {
		log->skipped++; /* the capture began mid-frame */
		return;
	}
	g_byte_array_append(a->frame, d + 4, len);
	if (a->frame->len < a->want)
		return;
	if (a->frame->len == a->want)
		tp_l2cap_frame(s, r, a->frame->data, a->frame->len);
	else
		log->skipped++;
	g_clear_pointer(&a->frame, g_byte_array_unref);
}

void tp_att_log_add(const TpCaptureRecord *record, void *data)
{
	TpAttLog *log = data;

	if (record->type == TP_HCI_ACL)
		tp_att_log_acl(log, record);
	else if (record->type == TP_HCI_EVENT)
		tp_att_log_event(log, record->data, record->len);
}

/* ---- lookups ----------------------------------------------------------- */

const char *tp_att_connection_uuid(const TpAttConnection *c, uint16_t handle)
{
	return g_hash_table_lookup(c->uuids, GUINT_TO_POINTER(handle));
}

const char *tp_att_connection_service(const TpAttConnection *c, uint16_t handle)
{
	for (guint i = 0; i < c->services->len; i++) {
		const TpAttService *sv =
		    &g_array_index(c->services, TpAttService, i);
		if (handle >= sv->start && handle <= sv->end)
			return sv->uuid;
	}
	return NULL;
}
