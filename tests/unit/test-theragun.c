/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Unit tests for the Theragun protocol driver (protocol-theragun.c), the
 * hex formatter and the model's intensity-to-speed mapping.
 *
 * Expected frames are the test vectors of PROTOCOLS.md §2.3, labelled as
 * the document labels them: (calc) computed from the documented rule,
 * (src) taken from the decompiled app code. Notification frames are built
 * here with a checksum helper of our own, not the driver's.
 */
#include <glib.h>
#include <string.h>

#include "device/model.h"
#include "device/protocol.h"

typedef struct {
	unsigned speed;
	uint8_t frame[7];
} SpeedVector;

/* PROTOCOLS.md §2.3, all (calc). */
static const SpeedVector speed_0_calc = {
	0, { 0xAA, 0x07, 0x01, 0x03, 0x00, 0x00, 0x03 }
};
static const SpeedVector speed_1750_calc = {
	1750, { 0xAA, 0xE3, 0x01, 0x03, 0x06, 0xD6, 0x03 }
};
static const SpeedVector speed_2400_calc = {
	2400, { 0xAA, 0x70, 0x01, 0x03, 0x09, 0x60, 0x03 }
};
static const SpeedVector speed_3584_calc = {
	3584, { 0xAA, 0x15, 0x01, 0x03, 0x0E, 0x00, 0x03 } /* Prime max */
};
static const SpeedVector speed_3616_calc = {
	3616, { 0xAA, 0x35, 0x01, 0x03, 0x0E, 0x20, 0x03 } /* Pro/Elite max */
};

static const TpProtocol *theragun(void)
{
	const TpProtocol *p = tp_protocol_lookup("theragun");

	g_assert_nonnull(p);
	return p;
}

/* ---- Lookup ---- */

static void test_lookup_theragun_found(void)
{
	const TpProtocol *p = tp_protocol_lookup("theragun");

	g_assert_true(p == &tp_protocol_theragun);
	g_assert_cmpstr(p->name, ==, "theragun");
}

static void test_lookup_unknown_is_null(void)
{
	g_assert_null(tp_protocol_lookup("hypervolt"));
	g_assert_null(tp_protocol_lookup(""));
}

/* ---- Encoder ---- */

static void test_encode_speed_vector(gconstpointer data)
{
	const SpeedVector *v = data;
	TpFrame frame = { 0 };

	g_assert_true(theragun()->encode_speed(NULL, v->speed, &frame));
	g_assert_cmpmem(frame.data, frame.len, v->frame, sizeof(v->frame));
}

/* §2.3 gives this vector no label of its own, so it falls under the
 * section's (calc); §2.2 names Source A (the app code) as its origin. */
static void test_encode_status_request_calc(void)
{
	static const uint8_t expected[] = { 0xAA, 0x10, 0x10, 0x00 };
	TpFrame frame = { 0 };

	g_assert_true(theragun()->encode_status_request(&frame));
	g_assert_cmpmem(frame.data, frame.len, expected, sizeof(expected));
}

/* The one vector §2.3 labels (src). */
static void test_encode_version_request_src(void)
{
	static const uint8_t expected[] = { 0xAA, 0x20, 0x20, 0x00 };
	TpFrame frame = { 0 };

	g_assert_true(theragun()->encode_version_request(&frame));
	g_assert_cmpmem(frame.data, frame.len, expected, sizeof(expected));
}

/* §2.2: set speed and status go "with response", version "without". */
static void test_encode_speed_is_write_request(void)
{
	TpFrame frame = { .write_type = TP_WRITE_COMMAND };

	g_assert_true(theragun()->encode_speed(NULL, 1750, &frame));
	g_assert_cmpint(frame.write_type, ==, TP_WRITE_REQUEST);
}

static void test_encode_status_request_is_write_request(void)
{
	TpFrame frame = { .write_type = TP_WRITE_COMMAND };

	g_assert_true(theragun()->encode_status_request(&frame));
	g_assert_cmpint(frame.write_type, ==, TP_WRITE_REQUEST);
}

static void test_encode_version_request_is_write_command(void)
{
	TpFrame frame = { .write_type = TP_WRITE_REQUEST };

	g_assert_true(theragun()->encode_version_request(&frame));
	g_assert_cmpint(frame.write_type, ==, TP_WRITE_COMMAND);
}

/* There is no stop command: stopping is setting speed 0. */
static void test_encode_stop_equals_speed_0(void)
{
	TpFrame stop = { 0 };
	TpFrame zero = { 0 };

	g_assert_true(theragun()->encode_stop(NULL, &stop));
	g_assert_true(theragun()->encode_speed(NULL, 0, &zero));
	g_assert_cmpmem(stop.data, stop.len, zero.data, zero.len);
	g_assert_cmpint(stop.write_type, ==, zero.write_type);
	g_assert_cmpmem(stop.data, stop.len, speed_0_calc.frame,
			sizeof(speed_0_calc.frame));
}

/* The speed field is 16 bits: a larger value must not be truncated. */
static void test_encode_speed_above_16_bits_refused(void)
{
	TpFrame frame = { 0 };

	g_assert_false(theragun()->encode_speed(NULL, 0x10000, &frame));
	g_assert_false(theragun()->encode_speed(NULL, 70000, &frame));
}

static void test_encode_speed_16_bit_max_accepted(void)
{
	/* Checksum 01+03+FF+FF+03 = 0x205, kept modulo 256. */
	static const uint8_t expected[] = { 0xAA, 0x05, 0x01, 0x03,
					    0xFF, 0xFF, 0x03 };
	TpFrame frame = { 0 };

	g_assert_true(theragun()->encode_speed(NULL, 0xFFFF, &frame));
	g_assert_cmpmem(frame.data, frame.len, expected, sizeof(expected));
}

/* Theragun ignores the model's parameters: zeroed ones encode the same as
 * NULL. */
static void test_encode_speed_ignores_model(void)
{
	TpProtocolParams params = { 0 };
	TpFrame with_model = { 0 };
	TpFrame without = { 0 };

	g_assert_true(theragun()->encode_speed(&params, 2400, &with_model));
	g_assert_true(theragun()->encode_speed(NULL, 2400, &without));
	g_assert_cmpmem(with_model.data, with_model.len, without.data,
			without.len);
}

/* ---- Decoder ---- */

#define STATUS_LEN  15
#define VERSION_LEN 14

/* Sum of bytes 2..len-1 modulo 256, per PROTOCOLS.md §2.2. */
static uint8_t test_checksum(const uint8_t *data, size_t len)
{
	unsigned sum = 0;

	for (size_t i = 2; i < len; i++)
		sum += data[i];
	return (uint8_t)(sum % 256);
}

static void seal(uint8_t *frame, size_t len)
{
	frame[1] = test_checksum(frame, len);
}

/* A status notification; filler bytes are non-zero so that the checksum
 * wraps and the fields must be read at the right offsets. */
static void status_frame(uint8_t *frame, size_t len, bool running,
			 unsigned speed)
{
	memset(frame, 0x5A, len);
	frame[0] = 0xBB;
	frame[2] = 0x10;
	frame[4] = running ? 0x01 : 0x00;
	frame[13] = speed >> 8;
	frame[14] = speed & 0xFF;
	seal(frame, len);
}

static void version_frame(uint8_t *frame, size_t len, unsigned version)
{
	memset(frame, 0x5A, len);
	frame[0] = 0xBB;
	frame[2] = 0x20;
	frame[12] = version >> 8;
	frame[13] = version & 0xFF;
	seal(frame, len);
}

static void assert_accepted(const uint8_t *frame, size_t len, TpStatus *st)
{
	const char *why = NULL;

	/* Stale claims from an earlier frame must not survive. */
	*st = (TpStatus){ .has_running = true,
			  .has_speed = true,
			  .has_firmware = true };
	g_assert_true(theragun()->decode(NULL, frame, len, st, &why));
}

static void assert_rejected(const uint8_t *frame, size_t len)
{
	const char *why = NULL;
	TpStatus st;

	g_assert_false(theragun()->decode(NULL, frame, len, &st, &why));
	g_assert_nonnull(why);
	g_assert_cmpstr(why, !=, "");
}

static void test_decode_status_running(void)
{
	uint8_t frame[STATUS_LEN];
	TpStatus st;

	status_frame(frame, sizeof(frame), true, 2400);
	assert_accepted(frame, sizeof(frame), &st);
	g_assert_true(st.has_running);
	g_assert_true(st.running);
	g_assert_true(st.has_speed);
	g_assert_cmpuint(st.speed, ==, 2400);
	g_assert_false(st.has_firmware);
}

static void test_decode_status_stopped(void)
{
	uint8_t frame[STATUS_LEN];
	TpStatus st;

	status_frame(frame, sizeof(frame), false, 0);
	assert_accepted(frame, sizeof(frame), &st);
	g_assert_true(st.has_running);
	g_assert_false(st.running);
	g_assert_true(st.has_speed);
	g_assert_cmpuint(st.speed, ==, 0);
}

/* Speed is big-endian: 0x0E20 is 3616, not 0x200E. */
static void test_decode_status_speed_big_endian(void)
{
	uint8_t frame[STATUS_LEN];
	TpStatus st;

	status_frame(frame, sizeof(frame), true, 0x0E20);
	assert_accepted(frame, sizeof(frame), &st);
	g_assert_cmpuint(st.speed, ==, 3616);
}

/* The force field (offset undocumented) follows: longer frames pass. */
static void test_decode_status_longer_frame(void)
{
	uint8_t frame[STATUS_LEN + 5];
	TpStatus st;

	status_frame(frame, sizeof(frame), true, 1750);
	assert_accepted(frame, sizeof(frame), &st);
	g_assert_true(st.running);
	g_assert_cmpuint(st.speed, ==, 1750);
}

static void test_decode_version_216(void)
{
	uint8_t frame[VERSION_LEN];
	TpStatus st;

	version_frame(frame, sizeof(frame), 216);
	assert_accepted(frame, sizeof(frame), &st);
	g_assert_true(st.has_firmware);
	g_assert_cmpstr(st.firmware, ==, "2.1.6");
	g_assert_false(st.has_running);
	g_assert_false(st.has_speed);
}

static void test_decode_version_305(void)
{
	uint8_t frame[VERSION_LEN];
	TpStatus st;

	version_frame(frame, sizeof(frame), 305);
	assert_accepted(frame, sizeof(frame), &st);
	g_assert_true(st.has_firmware);
	/* 305 is 0x0131: the high byte counts too. */
	g_assert_cmpstr(st.firmware, ==, "3.0.5");
}

static void test_decode_rejects_bad_checksum(void)
{
	uint8_t frame[STATUS_LEN];

	status_frame(frame, sizeof(frame), true, 2400);
	frame[1] ^= 0x01;
	assert_rejected(frame, sizeof(frame));
}

/* A payload changed after sealing no longer matches its checksum. */
static void test_decode_rejects_corrupted_payload(void)
{
	uint8_t frame[STATUS_LEN];

	status_frame(frame, sizeof(frame), true, 2400);
	frame[14] ^= 0x10;
	assert_rejected(frame, sizeof(frame));
}

/* 0xAA leads frames to the device: never accepted as a notification. */
static void test_decode_rejects_lead_0xaa(void)
{
	uint8_t frame[STATUS_LEN];

	status_frame(frame, sizeof(frame), true, 2400);
	frame[0] = 0xAA;
	assert_rejected(frame, sizeof(frame));
}

static void test_decode_rejects_short_status(void)
{
	uint8_t frame[STATUS_LEN - 1];

	memset(frame, 0x5A, sizeof(frame));
	frame[0] = 0xBB;
	frame[2] = 0x10;
	seal(frame, sizeof(frame));
	assert_rejected(frame, sizeof(frame));
}

static void test_decode_rejects_short_version(void)
{
	uint8_t frame[VERSION_LEN - 1];

	memset(frame, 0x5A, sizeof(frame));
	frame[0] = 0xBB;
	frame[2] = 0x20;
	seal(frame, sizeof(frame));
	assert_rejected(frame, sizeof(frame));
}

static void test_decode_rejects_unknown_type(void)
{
	uint8_t frame[STATUS_LEN];

	status_frame(frame, sizeof(frame), true, 2400);
	frame[2] = 0x30;
	seal(frame, sizeof(frame));
	assert_rejected(frame, sizeof(frame));
}

/* Shorter than lead, checksum and type: even a matching "checksum" of
 * nothing (0x00) must not be accepted. The bytes are on the heap at their
 * exact length so that valgrind or ASan catch a read past the end. */
static void test_decode_rejects_under_3_bytes(void)
{
	static const uint8_t bytes[] = { 0xBB, 0x00 };
	g_autofree uint8_t *two = g_memdup2(bytes, 2);
	g_autofree uint8_t *one = g_memdup2(bytes, 1);

	assert_rejected(two, 2);
	assert_rejected(one, 1);
	assert_rejected(one, 0);
}

/* ---- Hex formatting ---- */

static void test_hex_speed_0_frame(void)
{
	g_autofree char *hex =
	    tp_hex(speed_0_calc.frame, sizeof(speed_0_calc.frame));

	g_assert_cmpstr(hex, ==, "AA 07 01 03 00 00 03");
}

static void test_hex_uppercase_zero_padded(void)
{
	static const uint8_t bytes[] = { 0x0F, 0xE3 };
	g_autofree char *hex = tp_hex(bytes, sizeof(bytes));

	g_assert_cmpstr(hex, ==, "0F E3");
}

static void test_hex_empty(void)
{
	g_autofree char *hex = tp_hex(speed_0_calc.frame, 0);

	g_assert_cmpstr(hex, ==, "");
}

/* ---- Intensity to speed ---- */

/* The therapeutic range of the tests: 1750..2400 per minute. */
static TpModel ranged_model(void)
{
	return (TpModel){ .speed = { .low = 1750, .high = 2400 } };
}

static void test_speed_for_0_is_stopped(void)
{
	TpModel model = ranged_model();

	g_assert_cmpuint(tp_model_speed_for(&model, 0), ==, 0);
}

static void test_speed_for_1_is_range_low(void)
{
	TpModel model = ranged_model();

	g_assert_cmpuint(tp_model_speed_for(&model, 1), ==, 1750);
}

static void test_speed_for_100_is_range_high(void)
{
	TpModel model = ranged_model();

	g_assert_cmpuint(tp_model_speed_for(&model, 100), ==, 2400);
}

static void test_speed_for_50_strictly_inside(void)
{
	TpModel model = ranged_model();
	unsigned speed = tp_model_speed_for(&model, 50);

	g_assert_cmpuint(speed, >, 1750);
	g_assert_cmpuint(speed, <, 2400);
}

static void test_speed_for_monotonic(void)
{
	TpModel model = ranged_model();
	unsigned previous = tp_model_speed_for(&model, 0);

	for (unsigned i = 1; i <= 100; i++) {
		unsigned speed = tp_model_speed_for(&model, i);

		g_assert_cmpuint(speed, >=, previous);
		previous = speed;
	}
}

static void test_speed_for_above_100_clamps(void)
{
	TpModel model = ranged_model();

	g_assert_cmpuint(tp_model_speed_for(&model, 101), ==, 2400);
	g_assert_cmpuint(tp_model_speed_for(&model, 1000), ==, 2400);
	g_assert_cmpuint(tp_model_speed_for(&model, G_MAXUINT), ==, 2400);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);

	g_test_add_func("/theragun/lookup/theragun-found",
			test_lookup_theragun_found);
	g_test_add_func("/theragun/lookup/unknown-is-null",
			test_lookup_unknown_is_null);

	g_test_add_data_func("/theragun/encode/set-speed-0-calc", &speed_0_calc,
			     test_encode_speed_vector);
	g_test_add_data_func("/theragun/encode/set-speed-1750-calc",
			     &speed_1750_calc, test_encode_speed_vector);
	g_test_add_data_func("/theragun/encode/set-speed-2400-calc",
			     &speed_2400_calc, test_encode_speed_vector);
	g_test_add_data_func("/theragun/encode/set-speed-3584-calc",
			     &speed_3584_calc, test_encode_speed_vector);
	g_test_add_data_func("/theragun/encode/set-speed-3616-calc",
			     &speed_3616_calc, test_encode_speed_vector);
	g_test_add_func("/theragun/encode/status-request-calc",
			test_encode_status_request_calc);
	g_test_add_func("/theragun/encode/version-request-src",
			test_encode_version_request_src);
	g_test_add_func("/theragun/encode/set-speed-is-write-request",
			test_encode_speed_is_write_request);
	g_test_add_func("/theragun/encode/status-request-is-write-request",
			test_encode_status_request_is_write_request);
	g_test_add_func("/theragun/encode/version-request-is-write-command",
			test_encode_version_request_is_write_command);
	g_test_add_func("/theragun/encode/stop-equals-set-speed-0",
			test_encode_stop_equals_speed_0);
	g_test_add_func("/theragun/encode/speed-above-16-bits-refused",
			test_encode_speed_above_16_bits_refused);
	g_test_add_func("/theragun/encode/speed-16-bit-max-accepted",
			test_encode_speed_16_bit_max_accepted);
	g_test_add_func("/theragun/encode/speed-ignores-model",
			test_encode_speed_ignores_model);

	g_test_add_func("/theragun/decode/status-running",
			test_decode_status_running);
	g_test_add_func("/theragun/decode/status-stopped",
			test_decode_status_stopped);
	g_test_add_func("/theragun/decode/status-speed-big-endian",
			test_decode_status_speed_big_endian);
	g_test_add_func("/theragun/decode/status-longer-frame",
			test_decode_status_longer_frame);
	g_test_add_func("/theragun/decode/version-216-is-2.1.6",
			test_decode_version_216);
	g_test_add_func("/theragun/decode/version-305-is-3.0.5",
			test_decode_version_305);
	g_test_add_func("/theragun/decode/rejects-bad-checksum",
			test_decode_rejects_bad_checksum);
	g_test_add_func("/theragun/decode/rejects-corrupted-payload",
			test_decode_rejects_corrupted_payload);
	g_test_add_func("/theragun/decode/rejects-lead-0xaa",
			test_decode_rejects_lead_0xaa);
	g_test_add_func("/theragun/decode/rejects-status-under-15-bytes",
			test_decode_rejects_short_status);
	g_test_add_func("/theragun/decode/rejects-version-under-14-bytes",
			test_decode_rejects_short_version);
	g_test_add_func("/theragun/decode/rejects-unknown-type",
			test_decode_rejects_unknown_type);
	g_test_add_func("/theragun/decode/rejects-under-3-bytes",
			test_decode_rejects_under_3_bytes);

	g_test_add_func("/theragun/hex/speed-0-frame", test_hex_speed_0_frame);
	g_test_add_func("/theragun/hex/uppercase-zero-padded",
			test_hex_uppercase_zero_padded);
	g_test_add_func("/theragun/hex/empty", test_hex_empty);

	g_test_add_func("/theragun/model/speed-for-0-is-stopped",
			test_speed_for_0_is_stopped);
	g_test_add_func("/theragun/model/speed-for-1-is-range-low",
			test_speed_for_1_is_range_low);
	g_test_add_func("/theragun/model/speed-for-100-is-range-high",
			test_speed_for_100_is_range_high);
	g_test_add_func("/theragun/model/speed-for-50-strictly-inside",
			test_speed_for_50_strictly_inside);
	g_test_add_func("/theragun/model/speed-for-monotonic",
			test_speed_for_monotonic);
	g_test_add_func("/theragun/model/speed-for-above-100-clamps",
			test_speed_for_above_100_clamps);

	return g_test_run();
}
