/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Therabody Theragun "gen 4" (PRO, Elite, Prime), after PROTOCOLS.md §2:
 * frames to the device start 0xAA, from it 0xBB; byte 1 is the sum of
 * bytes 2..end modulo 256; byte 2 the command or response type. The only
 * public source is decompiled app code, so the models are experimental.
 */
#include <stdio.h>

#include "protocol.h"

#define TG_TO_DEVICE   0xAA
#define TG_FROM_DEVICE 0xBB
#define TG_SET_SPEED   0x01
#define TG_STATUS      0x10
#define TG_VERSION     0x20
#define TG_MAX_SPEED   0xFFFF

#define TG_STATUS_MIN_LEN  15 /* running flag at 4, speed at 13..14 */
#define TG_VERSION_MIN_LEN 14 /* version at 12..13 */

static uint8_t tg_checksum(const uint8_t *data, size_t len)
{
	unsigned sum = 0;

	for (size_t i = 2; i < len; i++)
		sum += data[i];
	return sum & 0xFF;
}

static void tg_frame(TpFrame *out, const uint8_t *body, size_t n,
		     TpWriteType type)
{
	out->data[0] = TG_TO_DEVICE;
	for (size_t i = 0; i < n; i++)
		out->data[2 + i] = body[i];
	out->len = n + 2;
	out->data[1] = tg_checksum(out->data, out->len);
	out->write_type = type;
	out->channel = 0; /* one write characteristic */
}

static bool tg_encode_speed(const TpProtocolParams *params, unsigned speed,
			    TpFrame *out)
{
	(void)params;
	if (speed > TG_MAX_SPEED)
		return false;
	/* Byte 3 and the last byte are 0x03 in the app's "mode 1" (gun). */
	const uint8_t body[] = { TG_SET_SPEED, 0x03, speed >> 8, speed & 0xFF,
				 0x03 };
	tg_frame(out, body, sizeof(body), TP_WRITE_REQUEST);
	return true;
}

/* The protocol has no stop command: the range starts at 0 RPM. */
static bool tg_encode_stop(const TpProtocolParams *params, TpFrame *out)
{
	return tg_encode_speed(params, 0, out);
}

static bool tg_encode_status_request(TpFrame *out)
{
	const uint8_t body[] = { TG_STATUS, 0x00 };

	tg_frame(out, body, sizeof(body), TP_WRITE_REQUEST);
	return true;
}

static bool tg_encode_version_request(TpFrame *out)
{
	const uint8_t body[] = { TG_VERSION, 0x00 };

	tg_frame(out, body, sizeof(body), TP_WRITE_COMMAND);
	return true;
}

static bool tg_decode(const TpProtocolParams *params, const uint8_t *d,
		      size_t len, TpStatus *out, const char **why)
{
	(void)params;
	*out = (TpStatus){ 0 };
	if (len < 3) {
		*why = "too short for a Theragun notification";
		return false;
	}
	if (d[0] != TG_FROM_DEVICE) {
		*why = "not a Theragun notification (lead byte is not 0xBB)";
		return false;
	}
	if (d[1] != tg_checksum(d, len)) {
		*why = "bad checksum";
		return false;
	}
	switch (d[2]) {
	case TG_STATUS:
		if (len < TG_STATUS_MIN_LEN) {
			*why = "status frame too short";
			return false;
		}
		out->has_running = true;
		out->running = d[4] != 0;
		out->has_speed = true;
		out->speed = (unsigned)d[13] << 8 | d[14];
		return true;
	case TG_VERSION: {
		if (len < TG_VERSION_MIN_LEN) {
			*why = "version frame too short";
			return false;
		}
		unsigned v = (unsigned)d[12] << 8 | d[13];
		out->has_firmware = true;
		snprintf(out->firmware, sizeof(out->firmware), "%u.%u.%u",
			 v / 100, v % 100 / 10, v % 10);
		return true;
	}
	default:
		*why = "unknown notification type";
		return false;
	}
}

const TpProtocol tp_protocol_theragun = {
	.name = "theragun",
	.encode_speed = tg_encode_speed,
	.encode_stop = tg_encode_stop,
	.encode_status_request = tg_encode_status_request,
	.encode_version_request = tg_encode_version_request,
	.decode = tg_decode,
};
