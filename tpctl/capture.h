/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Bluetooth capture files as phones and Linux write them: btsnoop with
 * datalink 1002 (HCI over UART, "H4": Android's "Bluetooth HCI snoop log")
 * or 2001 (Linux monitor: `btmon -w`), and pcap or pcapng with the link
 * types Bluetooth H4 with direction (201) or Linux monitor (254), as
 * Wireshark saves them. Each record is handed on as the HCI packet it
 * carries, with its direction. Any damage (a short header, a record
 * running past the end, an unknown link type) is an error naming the
 * record and what is wrong.
 */

typedef enum {
	TP_HCI_COMMAND,
	TP_HCI_ACL,
	TP_HCI_EVENT,
	TP_HCI_OTHER, /* SCO, ISO, monitor notes: not followed */
} TpHciType;

typedef struct {
	unsigned number; /* record number, from 1 */
	gint64 time_us;	 /* since the first record */
	bool sent;	 /* host to controller (to the device) */
	TpHciType type;
	const uint8_t *data; /* the HCI packet, without an H4 type byte */
	size_t len;
} TpCaptureRecord;

typedef void (*TpCaptureRecordFn)(const TpCaptureRecord *record,
				  void *user_data);

typedef struct {
	const char *format; /* "btsnoop, HCI over UART (H4, datalink 1002)" */
	unsigned records;
} TpCaptureInfo;

bool tp_capture_read(const uint8_t *data, size_t len, TpCaptureRecordFn fn,
		     void *user_data, TpCaptureInfo *info, GError **error);
