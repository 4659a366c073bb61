/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The btsnoop container: a 16-byte header ("btsnoop\0", version 1, the
 * datalink), then records of original length, included length, flags and
 * cumulative drops (32 bits each, big-endian) and a 64-bit timestamp in
 * microseconds, followed by the included bytes.
 */
#include <string.h>

#include "capture-private.h"
#include "common/tp-error.h"

#define BTSNOOP_MAGIC	 "btsnoop\0"
#define BTSNOOP_HEADER	 16
#define BTSNOOP_RECORD	 24
#define DATALINK_H4	 1002
#define DATALINK_MONITOR 2001

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static uint64_t be64(const uint8_t *p)
{
	return (uint64_t)be32(p) << 32 | be32(p + 4);
}

static bool tp_btsnoop_header(const uint8_t *data, size_t len,
			      unsigned *datalink, GError **error)
{
	if (len < BTSNOOP_HEADER) {
		g_set_error(error, TP_ERROR, TP_ERROR_INVALID,
			    "not a btsnoop file: shorter than its header");
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

bool tp_capture_read_btsnoop(const uint8_t *data, size_t len,
			     TpCaptureRecordFn fn, void *user_data,
			     TpCaptureInfo *info, GError **error)
{
	size_t at = BTSNOOP_HEADER;
	uint64_t first_time = 0;
	unsigned datalink;

	if (!tp_btsnoop_header(data, len, &datalink, error))
		return false;
	info->format = datalink == DATALINK_H4
			   ? "btsnoop, HCI over UART (H4, datalink 1002)"
			   : "btsnoop, Linux monitor (datalink 2001)";
	for (unsigned n = 1; at < len; n++) {
		const uint8_t *h = data + at;
		TpCaptureRecord r = { .number = n };
		if (!tp_capture_header_fits(error, n, len - at, BTSNOOP_RECORD))
			return false;
		uint32_t original = be32(h), included = be32(h + 4);
		uint32_t flags = be32(h + 8);
		if (included > original || included > len - at - BTSNOOP_RECORD)
			return tp_capture_fail(
			    error, n, "%u bytes announced, %s", included,
			    included > original
				? "more than its original length"
				: "past the end of the file");
		if (n == 1)
			first_time = be64(h + 16);
		r.time_us = (gint64)(be64(h + 16) - first_time);
		r.data = h + BTSNOOP_RECORD;
		r.len = included;
		at += BTSNOOP_RECORD + included;
		info->records = n;
		/* H4: bit 0 of the flags is set for what the controller
		 * sent; monitor: the opcode is in the low 16 bits. */
		if (datalink == DATALINK_H4) {
			if (!tp_capture_h4(&r, flags & 1))
				continue; /* an empty record */
		} else {
			tp_capture_monitor(&r, flags & 0xFFFF);
		}
		fn(&r, user_data);
	}
	return true;
}
