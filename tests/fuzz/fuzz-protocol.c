/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * GATT notifications: the bytes any device in range that matches a model
 * may send tpd unasked. Every protocol's decoder gets the input; the
 * encoders that need no model get a speed taken from it (the frame
 * protocol's encoders are fuzzed through model files, fuzz-model.c).
 */
#include <string.h>

#include "device/protocol.h"
#include "fuzz-common.h"

/* tp_protocols[] is private to protocol.c: lookup by name finds them all,
 * and a name that stops resolving fails here instead of going unfuzzed. */
static const char *const tp_fuzz_protocol_names[] = { "theragun", "frame",
						      NULL };

/* A frame model's [Notify] as Merach's status notification lays it out
 * (PROTOCOLS.md §7.3), so that frame notifications are decoded too. */
static const TpProtocolParams tp_fuzz_params = {
	.model_id = "fuzz",
	.notify = { .present = true,
		    .prefix = { 0xFB, 0x50 },
		    .prefix_len = 2,
		    .running_byte = 2,
		    .running_value = 0x01,
		    .battery_byte = 3,
		    .level_byte = 4,
		    .min_len = 5 },
};

/* What the daemon does with a decoded status: the firmware becomes the
 * Firmware property, a D-Bus string, so it must be UTF-8 text; a battery
 * is a percentage. */
static void tp_fuzz_decode(const TpProtocol *p, const uint8_t *data,
			   size_t size)
{
	TpStatus status;
	const char *why = NULL;

	if (!p->decode)
		return;
	if (!p->decode(&tp_fuzz_params, data, size, &status, &why)) {
		TP_FUZZ_CHECK(why != NULL);
		return;
	}
	TP_FUZZ_CHECK(!status.has_battery || status.battery <= 100);
	if (status.has_firmware) {
		TP_FUZZ_CHECK(memchr(status.firmware, '\0',
				     sizeof(status.firmware)) != NULL);
		TP_FUZZ_CHECK(g_utf8_validate(status.firmware, -1, NULL));
	}
}

static void tp_fuzz_check_frame(bool ok, const TpFrame *frame)
{
	if (ok)
		TP_FUZZ_CHECK(frame->len > 0 && frame->len <= TP_FRAME_MAX);
}

/* Encoders that ignore the model; speeds come from the first 4 bytes. */
static void tp_fuzz_encode(const TpProtocol *p, const uint8_t *data,
			   size_t size)
{
	TpFrame frame;
	uint32_t speed = 0;

	if (p->levels)
		return;
	memcpy(&speed, data, MIN(size, sizeof(speed)));
	tp_fuzz_check_frame(p->encode_speed(NULL, speed, &frame), &frame);
	tp_fuzz_check_frame(p->encode_stop(NULL, &frame), &frame);
	if (p->encode_status_request)
		tp_fuzz_check_frame(p->encode_status_request(&frame), &frame);
	if (p->encode_version_request)
		tp_fuzz_check_frame(p->encode_version_request(&frame), &frame);
}

/* Logs show notifications as "BB 10 ..." */
static void tp_fuzz_hex(const uint8_t *data, size_t size)
{
	g_autofree char *hex = tp_hex(data, size);

	TP_FUZZ_CHECK(strlen(hex) == (size ? size * 3 - 1 : 0));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	for (const char *const *name = tp_fuzz_protocol_names; *name; name++) {
		const TpProtocol *p = tp_protocol_lookup(*name);

		TP_FUZZ_CHECK(p != NULL);
		tp_fuzz_decode(p, data, size);
		tp_fuzz_encode(p, data, size);
	}
	tp_fuzz_hex(data, size);
	return 0;
}
