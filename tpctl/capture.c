/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Which container a capture is (by its first bytes), and how the link
 * types they carry become HCI records: HCI over UART with an H4 type byte,
 * and the Linux monitor's opcodes.
 */
#include "capture.h"

#include <stdarg.h>
#include <string.h>

#include "capture-private.h"
#include "common/tp-error.h"

/* H4 packet types (the first byte of each H4 packet). */
#define H4_COMMAND  0x01
#define H4_ACL	    0x02
#define H4_EVENT    0x04
/* Linux monitor opcodes (btmon; BlueZ's monitor/bt.h). */
#define MON_COMMAND 2
#define MON_EVENT   3
#define MON_ACL_TX  4
#define MON_ACL_RX  5

bool tp_capture_h4(TpCaptureRecord *r, bool received)
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
	r->sent = !received;
	r->data++;
	r->len--;
	return true;
}

void tp_capture_monitor(TpCaptureRecord *r, unsigned opcode)
{
	r->sent = opcode == MON_COMMAND || opcode == MON_ACL_TX;
	switch (opcode) {
	case MON_COMMAND:
		r->type = TP_HCI_COMMAND;
		break;
	case MON_EVENT:
		r->type = TP_HCI_EVENT;
		break;
	case MON_ACL_TX:
	case MON_ACL_RX:
		r->type = TP_HCI_ACL;
		break;
	default:
		r->type = TP_HCI_OTHER;
	}
}

bool tp_capture_fail(GError **error, unsigned record, const char *fmt, ...)
{
	g_autofree char *what = NULL;
	va_list ap;

	va_start(ap, fmt);
	what = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error(error, TP_ERROR, TP_ERROR_INVALID, "record %u: %s", record,
		    what);
	return false;
}

bool tp_capture_header_fits(GError **error, unsigned record, size_t left,
			    size_t header)
{
	return left >= header ||
	       tp_capture_fail(error, record,
			       "truncated header (%zu of %zu bytes)", left,
			       header);
}

bool tp_capture_read(const uint8_t *data, size_t len, TpCaptureRecordFn fn,
		     void *user_data, TpCaptureInfo *info, GError **error)
{
	static const uint8_t pcapng[] = { 0x0A, 0x0D, 0x0D, 0x0A };
	static const uint8_t pcap[][4] = {
		{ 0xA1, 0xB2, 0xC3, 0xD4 },
		{ 0xD4, 0xC3, 0xB2, 0xA1 },
		{ 0xA1, 0xB2, 0x3C, 0x4D },
		{ 0x4D, 0x3C, 0xB2, 0xA1 },
	};

	*info = (TpCaptureInfo){ 0 };
	if (len >= 8 && memcmp(data, "btsnoop", 8) == 0)
		return tp_capture_read_btsnoop(data, len, fn, user_data, info,
					       error);
	if (len >= 4 && memcmp(data, pcapng, 4) == 0)
		return tp_capture_read_pcapng(data, len, fn, user_data, info,
					      error);
	for (size_t i = 0; len >= 4 && i < G_N_ELEMENTS(pcap); i++)
		if (memcmp(data, pcap[i], 4) == 0)
			return tp_capture_read_pcap(data, len, fn, user_data,
						    info, error);
	g_set_error(error, TP_ERROR, TP_ERROR_INVALID,
		    "not a capture tpctl reads: %s",
		    len < 8 ? "too short to say what it is"
			    : "neither btsnoop, pcap nor pcapng");
	return false;
}
