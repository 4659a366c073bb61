/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * What the capture containers (capture-btsnoop.c, capture-pcap.c) share
 * with capture.c: how a link type's packet becomes an HCI record.
 */

#include "capture.h"

/* HCI over UART: an H4 type byte, then the packet. False when empty. */
bool tp_capture_h4(TpCaptureRecord *r, bool received);
/* Linux monitor: the opcode says what the packet is (btmon's). */
void tp_capture_monitor(TpCaptureRecord *r, unsigned opcode);

bool tp_capture_read_btsnoop(const uint8_t *data, size_t len,
			     TpCaptureRecordFn fn, void *user_data,
			     TpCaptureInfo *info, GError **error);
bool tp_capture_read_pcap(const uint8_t *data, size_t len, TpCaptureRecordFn fn,
			  void *user_data, TpCaptureInfo *info, GError **error);
bool tp_capture_read_pcapng(const uint8_t *data, size_t len,
			    TpCaptureRecordFn fn, void *user_data,
			    TpCaptureInfo *info, GError **error);

/* Set @error to "record N: WHAT" and return false. */
bool tp_capture_fail(GError **error, unsigned record, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);
/* Whether @header bytes of record @record's header are left, else the
 * error "record N: truncated header (LEFT of HEADER bytes)". */
bool tp_capture_header_fits(GError **error, unsigned record, size_t left,
			    size_t header);
