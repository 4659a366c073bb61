/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The btsnoop container: a 16-byte header ("btsnoop\0", version 1, the
 * datalink), then records of original length, included length, flags and
 * cumulative drops (32 bits each, big-endian) and a 64-bit timestamp in
 * microseconds, followed by the included bytes.
 */
#include "capture.h"

#include <string.h>

#include "common/tp-error.h"

#define BTSNOOP_MAGIC	 "btsnoop\0"
#define BTSNOOP_HEADER	 16
#define BTSNOOP_RECORD	 24
#define DATALINK_H4	 1002
#define DATALINK_MONITOR 2001
/* H4 packet types (the first byte of each H4 record). */
#define H4_COMMAND	 0x01
#define H4_ACL		 0x02
#define H4_EVENT	 0x04
/* Linux monitor opcodes (the low 16 bits of the flags). */
#define MON_COMMAND	 2
#define MON_EVENT	 3
#define MON_ACL_TX	 4
#define MON_ACL_RX	 5

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static uint64_t be64(const uint8_t *p)
{
	return (uint64_t)be32(p) << 32 | be32(p + 4);
}

const char *tp_capture_datalink_name(unsigned datalink)
{
	switch (datalink) {
	case DATALINK_H4:
		return "btsnoop, HCI over UART (H4, datalink 1002)";
	case DATALINK_MONITOR:
		return "btsnoop, Linux monitor (datalink 2001)";
	default:
		return "btsnoop";
	}
}

/* What an H4 record carries: its type byte, then the packet. Bit 0 of
 * the flags is set for packets the controller sent to the host. */
static bool tp_capture_h4(TpCaptureRecord *r, uint32_t flags)
{
	if (r->len < 1)
		return false;
	switch (r->data[0]) {
	case H4_COMMAND:
		r->type = TP_HCI_COMMAND;
		break;
	case H4_ACL:
		r->type = TP_HCI_ACL;
		break;
	case H4_EVENT:
		r->type = TP_HCI_EVENT;
		break;
	default:
		r->type = TP_HCI_OTHER;
	}
	r->sent = !(flags & 1);
	r->data++;
	r->len--;
	return true;
}

/* A monitor record: the opcode in the low 16 bits of the flags, the
 * controller's index in the high ones (one controller is followed). */
static void tp_capture_monitor(TpCaptureRecord *r, uint32_t flags)
{
	switch (flags & 0xFFFF) {
	case MON_COMMAND:
		r->type = TP_HCI_COMMAND;
		r->sent = true;
		break;
	case MON_EVENT:
		r->type = TP_HCI_EVENT;
		break;
	case MON_ACL_TX:
		r->type = TP_HCI_ACL;
		r->sent = true;
		break;
	case MON_ACL_RX:
		r->type = TP_HCI_ACL;
		break;
	default:
		r->type = TP_HCI_OTHER;
	}
}

static bool tp_capture_header(const uint8_t *data, size_t len,
			      unsigned *datalink, GError **error)
{
	if (len < BTSNOOP_HEADER || memcmp(data, BTSNOOP_MAGIC, 8) != 0) {
		g_set_error(
		    error, TP_ERROR, TP_ERROR_INVALID, "not a btsnoop file: %s",
		    len < BTSNOOP_HEADER ? "shorter than its header"
					 : "no \"btsnoop\" at its start");
		return false;
	}
	if (be32(data + 8) != 1) {
		g_set_error(error, TP_ERROR, TP_ERROR_INVALID,
			    "btsnoop version %u; only version 1 is known",
			    be32(data + 8));
		return false;
	}
	*datalink = be32(data + 12);
	if (*datalink != DATALINK_H4 && *datalink != DATALINK_MONITOR) {
		g_set_error(error, TP_ERROR, TP_ERROR_INVALID,
			    "btsnoop datalink %u is neither HCI over UART "
			    "(1002) nor Linux monitor (2001)",
			    *datalink);
		return false;
	}
	return true;
}

bool tp_capture_read(const uint8_t *data, size_t len, TpCaptureRecordFn fn,
		     void *user_data, TpCaptureInfo *info, GError **error)
{
	size_t at = BTSNOOP_HEADER;
	uint64_t first_time = 0;

	*info = (TpCaptureInfo){ 0 };
	if (!tp_capture_header(data, len, &info->datalink, error))
		return false;
	for (unsigned n = 1; at < len; n++) {
		const uint8_t *h = data + at;
		TpCaptureRecord r = { .number = n };
		if (len - at < BTSNOOP_RECORD) {
			g_set_error(error, TP_ERROR, TP_ERROR_INVALID,
				    "record %u: truncated header (%zu of %d "
				    "bytes)",
				    n, len - at, BTSNOOP_RECORD);
			return false;
		}
		uint32_t original = be32(h), included = be32(h + 4);
		uint32_t flags = be32(h + 8);
		if (included > original ||
		    included > len - at - BTSNOOP_RECORD) {
			g_set_error(error, TP_ERROR, TP_ERROR_INVALID,
				    "record %u: %u bytes announced, %s", n,
				    included,
				    included > original
					? "more than its original length"
					: "past the end of the file");
			return false;
		}
		if (n == 1)
			first_time = be64(h + 16);
		r.time_us = (gint64)(be64(h + 16) - first_time);
		r.data = h + BTSNOOP_RECORD;
		r.len = included;
		at += BTSNOOP_RECORD + included;
		info->records = n;
		if (info->datalink == DATALINK_H4) {
			if (!tp_capture_h4(&r, flags))
				continue; /* an empty record: nothing in it */
		} else {
			tp_capture_monitor(&r, flags);
		}
		fn(&r, user_data);
	}
	return true;
}
