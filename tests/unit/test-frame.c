/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The frame template language (frame-template.c) and the generic "frame"
 * protocol driver (protocol-frame.c) with the model files tpd ships.
 *
 * Expected bytes are written out here, never computed with tpd's code. The
 * model tests are the vectors of PROTOCOLS.md §4 that one frame per level
 * can express, named after the vector and labelled as the document labels
 * them: (src) from a public test file, (code) a constant of public vendor
 * code. Those labelled (calc) are not in a source: they were computed by
 * hand from the documented rule.
 */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "common/datafile.h"
#include "common/frame-template.h"
#include "device/model.h"
#include "device/protocol.h"

/* ---- the template language --------------------------------------------- */

static TpFrameTemplate *parse_ok(const char *text)
{
	g_autoptr(GError) error = NULL;
	TpFrameTemplate *t = tp_frame_template_parse(text, &error);

	g_assert_no_error(error);
	g_assert_nonnull(t);
	return t;
}

static void assert_renders(const char *text, unsigned level,
			   const uint8_t *expected, size_t n)
{
	g_autoptr(TpFrameTemplate) t = parse_ok(text);
	const char *why = NULL;
	TpFrame frame = { 0 };

	if (!tp_frame_template_render(t, level, frame.data, &frame.len, &why))
		g_error("'%s' at level %u: %s", text, level, why);
	g_assert_cmpmem(frame.data, frame.len, expected, n);
}

#define RENDERS(text, level, ...)                                          \
	do {                                                               \
		static const uint8_t expected_[] = { __VA_ARGS__ };        \
		assert_renders(text, level, expected_, sizeof(expected_)); \
	} while (0)

/* Parsing @text fails, naming @token (NULL: no token) and saying @what. */
static void assert_parse_error(const char *text, const char *token,
			       const char *what)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TpFrameTemplate) t = tp_frame_template_parse(text, &error);
	g_autofree char *quoted = token ? g_strdup_printf("'%s'", token) : NULL;

	g_assert_null(t);
	g_assert_nonnull(error);
	g_test_message("'%s': %s", text, error->message);
	if (quoted)
		g_assert_nonnull(strstr(error->message, quoted));
	g_assert_nonnull(strstr(error->message, what));
}

/* Rendering @text at @level fails, the reason containing @why (if any). */
static void assert_render_error(const char *text, unsigned level,
				const char *why_word)
{
	g_autoptr(TpFrameTemplate) t = parse_ok(text);
	const char *why = NULL;
	TpFrame frame = { 0 };

	g_assert_false(
	    tp_frame_template_render(t, level, frame.data, &frame.len, &why));
	g_assert_nonnull(why);
	g_test_message("'%s' at %u: %s", text, level, why);
	if (why_word)
		g_assert_nonnull(strstr(why, why_word));
}

static void test_hex(void)
{
	RENDERS("0B", 0, 0x0B);
	RENDERS("0b ff 00 A5 5a", 7, 0x0B, 0xFF, 0x00, 0xA5, 0x5A);
}

static void test_quoted(void)
{
	RENDERS("\"Vibrate:\"", 0, 0x56, 0x69, 0x62, 0x72, 0x61, 0x74, 0x65,
		0x3A);
	/* Spaces inside quotes are text; quoted text needs no more spaces
	 * than hex bytes do. */
	RENDERS("\"a b\" 00 \";\"", 0, 0x61, 0x20, 0x62, 0x00, 0x3B);
}

static void test_level(void)
{
	RENDERS("09 {level}", 0, 0x09, 0x00);
	RENDERS("09 {level}", 50, 0x09, 0x32);
	RENDERS("09 {level}", 255, 0x09, 0xFF);
}

static void test_level_be16(void)
{
	RENDERS("{level:be16}", 1, 0x00, 0x01);
	RENDERS("AA {level:be16} 03", 1750, 0xAA, 0x06, 0xD6, 0x03);
	RENDERS("{level:be16}", 0x1234, 0x12, 0x34);
	RENDERS("{level:be16}", 65535, 0xFF, 0xFF);
}

static void test_level_dec(void)
{
	RENDERS("{level:dec}", 0, '0');
	RENDERS("\"V:\" {level:dec} \";\"", 7, 'V', ':', '7', ';');
	RENDERS("\"V:\" {level:dec} \";\"", 20, 'V', ':', '2', '0', ';');
	RENDERS("{level:dec}", 65535, '6', '5', '5', '3', '5');
}

static void test_level_nibbles(void)
{
	RENDERS("{level:nibbles}", 0, 0x00);
	RENDERS("0F {level:nibbles} 00", 8, 0x0F, 0x88, 0x00);
	RENDERS("{level:nibbles}", 12, 0xCC);
	RENDERS("{level:nibbles}", 15, 0xFF);
}

static void test_sum8(void)
{
	RENDERS("01 02 {sum8:0..1}", 0, 0x01, 0x02, 0x03);
	/* Modulo 256, over placeholders, and before the bytes it covers. */
	RENDERS("FF 02 {sum8:0..1}", 0, 0xFF, 0x02, 0x01);
	RENDERS("A0 {level} {sum8:0..1}", 0x70, 0xA0, 0x70, 0x10);
	RENDERS("{sum8:1..2} 10 20", 0, 0x30, 0x10, 0x20);
	RENDERS("{sum8:2..2} 00 7F", 0, 0x7F, 0x00, 0x7F);
	/* Two sums; a sum does not cover another. */
	RENDERS("01 {sum8:0..0} 02 {sum8:2..2}", 0, 0x01, 0x01, 0x02, 0x02);
	/* Over ASCII digits, whose number varies with the level. */
	RENDERS("{level:dec} {sum8:0..1}", 12, '1', '2', 0x63);
}

static void test_xor8(void)
{
	/* Merach's gear frame (PROTOCOLS.md §7.3): FD 20 GG, XOR, FE. */
	RENDERS("FD 20 {level} {xor8:0..2} FE", 1, 0xFD, 0x20, 0x01, 0xDC,
		0xFE);
	RENDERS("FD 20 {level} {xor8:0..2} FE", 5, 0xFD, 0x20, 0x05, 0xD8,
		0xFE);
	RENDERS("FD 10 00 {xor8:0..2} FE", 0, 0xFD, 0x10, 0x00, 0xED, 0xFE);
	/* Before the bytes it covers; one byte is itself; XOR, not sum. */
	RENDERS("{xor8:1..2} 0F F0", 0, 0xFF, 0x0F, 0xF0);
	RENDERS("{xor8:1..1} 7F", 0, 0x7F, 0x7F);
	RENDERS("FF FF {xor8:0..1} {sum8:0..1}", 0, 0xFF, 0xFF, 0x00, 0xFE);
}

static void test_level_offset(void)
{
	/* WeVibe 8-bit (PROTOCOLS.md §7.2 #2): raw = L + 3. */
	RENDERS("0F 03 00 {level+3} {level+3} 03 00 00", 6, 0x0F, 0x03, 0x00,
		0x09, 0x09, 0x03, 0x00, 0x00);
	RENDERS("{level:be16+256}", 1, 0x01, 0x01);
	RENDERS("{level:dec+1}", 9, '1', '0');
	RENDERS("{level:nibbles+1}", 2, 0x33);
	/* The offset counts towards what fits. */
	assert_render_error("{level+1}", 255, "{level}");
	assert_render_error("{level:nibbles+15}", 1, "{level:nibbles}");
}

static void test_spacing(void)
{
	RENDERS("  01\t02   03\n", 0, 0x01, 0x02, 0x03);
	RENDERS("{level} \"x\" {level:nibbles}", 3, 0x03, 'x', 0x33);
}

static void test_mixed(void)
{
	/* Every token kind in one frame. */
	RENDERS("AA \"L\" {level} {level:be16} {level:dec} {level:nibbles} "
		"{sum8:0..7}",
		10, 0xAA, 'L', 0x0A, 0x00, 0x0A, '1', '0', 0xAA, 0x15);
}

static void test_not_hex(void)
{
	static const char *const bad[] = { "0G",  "ZZ", "B", "0x0B",
					   "0BF", "-1", NULL };
	const char *what = "is not a hex byte";

	for (const char *const *b = bad; *b; b++) {
		g_autofree char *text = g_strdup_printf("0B %s 00", *b);
		assert_parse_error(text, *b, what);
	}
	/* Bytes run together are one bad token. */
	assert_parse_error("0B FF04 00", "FF04", what);
	assert_parse_error("0B\"x\"", "0B\"x\"", what);
}

static void test_unterminated_quote(void)
{
	assert_parse_error("\"Vibrate:", "\"Vibrate:", "\"quoted text\"");
	assert_parse_error("\"Vibrate:0;", "\"Vibrate:0;", "is not");
	/* An empty text is no bytes: refused too. */
	assert_parse_error("01 \"\" 02", "\"\"", "is not");
}

static void test_unknown_placeholder(void)
{
	static const char *const bad[] = {
		"{speed}",   "{level:le16}", "{LEVEL}",
		"{}",	     "{level",	     "{level:hex}",
		"{sum8}",    "{sum8:}",	     "{ level }",
		"{level+}",  "{level+-1}",   "{level+x}",
		"{level-1}", "{level++1}",   "{level+65536}",
		"{xor8}",    "{xor8:1}",     "{level+ 1}",
		NULL
	};

	for (const char *const *b = bad; *b; b++) {
		g_autofree char *text = g_strdup_printf("01 %s", *b);
		g_autoptr(GError) error = NULL;
		g_autoptr(TpFrameTemplate) t =
		    tp_frame_template_parse(text, &error);
		g_assert_null(t);
		g_test_message("'%s': %s", text, error->message);
		/* The message names the token (up to a space) and lists the
		 * placeholders there are. */
		g_assert_nonnull(strstr(error->message, "{level:nibbles}"));
		g_assert_nonnull(strstr(error->message, "{sum8:A..B}"));
		g_assert_nonnull(strstr(error->message, "{xor8:A..B}"));
	}
	assert_parse_error("01 {speed}", "{speed}", "{level:dec}");
	assert_parse_error("01 {level:le16} 02", "{level:le16}", "{level}");
	assert_parse_error("01 {level", "{level", "{level:be16}");
}

static void test_bad_sum8_range(void)
{
	/* Backwards, beyond a 32-byte frame, not numbers, not a range. */
	static const char *const bad[] = { "{sum8:5..2}", "{sum8:0..32}",
					   "{sum8:a..b}", "{sum8:0..1x}",
					   "{sum8:3}",	  "{sum8:0-3}",
					   "{sum8:..3}",  "{sum8:-1..3}",
					   NULL };

	for (const char *const *b = bad; *b; b++) {
		g_autofree char *text = g_strdup_printf("01 02 %s", *b);
		assert_parse_error(text, *b, "{sum8:A..B}");
	}
	/* The largest range there is. */
	tp_frame_template_free(parse_ok("{sum8:0..31}"));
	assert_parse_error("01 02 {xor8:2..1}", "{xor8:2..1}", "{xor8:A..B}");
	assert_parse_error("01 02 {xor8:0..32}", "{xor8:0..32}", "{xor8:A..B}");
}

static void test_not_separated(void)
{
	const char *what = "separated by spaces";

	assert_parse_error("\"a\"0B", NULL, what);
	assert_parse_error("{level}{level}", NULL, what);
	assert_parse_error("01 {level}02", NULL, what);
	assert_parse_error("{level}} 02", NULL, what);
	/* The message shows where. */
	assert_parse_error("\"Vibrate:\"{level:dec}", NULL, "at '{level:dec}'");
}

static void test_empty(void)
{
	static const char *const empty[] = { "", " ", "\t \n", NULL };

	for (const char *const *e = empty; *e; e++)
		assert_parse_error(*e, NULL, "an empty frame");
}

static void test_level_too_big(void)
{
	assert_render_error("09 {level}", 256, "{level}");
	assert_render_error("0F {level:nibbles}", 16, "{level:nibbles}");
	assert_render_error("{level:be16}", 65536, "{level:be16}");
	/* A level that fits one placeholder and not another. */
	assert_render_error("{level} {level:nibbles}", 200, "{level:nibbles}");
}

static void test_too_long(void)
{
	GString *hex32 = g_string_new(NULL);

	for (int i = 0; i < TP_FRAME_MAX; i++)
		g_string_append(hex32, " 00");
	g_autofree char *full = g_string_free(hex32, FALSE);
	g_autofree char *hex33 = g_strconcat(full, " 01", NULL);
	/* 30 bytes and the digits of the level. */
	g_autofree char *dec = g_strconcat(full + 3 * 2, " {level:dec}", NULL);
	g_autofree char *sum = g_strconcat(full, " {sum8:0..1}", NULL);
	g_autofree char *level = g_strconcat(full, " {level}", NULL);
	g_autoptr(TpFrameTemplate) t = parse_ok(full);
	TpFrame frame = { 0 };
	const char *why = NULL;

	/* 32 bytes is the limit, and fits. */
	g_assert_true(
	    tp_frame_template_render(t, 0, frame.data, &frame.len, &why));
	g_assert_cmpuint(frame.len, ==, TP_FRAME_MAX);
	assert_render_error(hex33, 0, "longer");
	assert_render_error("\"0123456789012345678901234567890123\"", 0,
			    "longer");
	/* Two digits fit; three do not. */
	assert_renders(dec, 42,
		       (const uint8_t *)"\0\0\0\0\0\0\0\0\0\0"
					"\0\0\0\0\0\0\0\0\0\0"
					"\0\0\0\0\0\0\0\0\0\0"
					"42",
		       TP_FRAME_MAX);
	assert_render_error(dec, 100, "longer");
	assert_render_error(sum, 0, "longer");
	/* Too long, not too big: the reason says which. */
	assert_render_error(level, 1, "longer");
}

/* More checksums than a frame has bytes: refused as too long, without
 * overflowing the renderer's bookkeeping (ASan/valgrind would see it). */
static void test_too_many_sums(void)
{
	GString *sums = g_string_new(NULL);

	for (int i = 0; i <= TP_FRAME_MAX; i++)
		g_string_append(sums, " {sum8:0..0}");
	g_autofree char *text = g_string_free(sums, FALSE);

	assert_render_error(text, 0, "longer");
}

static void test_sum8_outside(void)
{
	const char *what = "outside the frame or itself";

	/* Covering itself, at either end of the range or inside it. */
	assert_render_error("01 {sum8:0..1}", 0, what);
	assert_render_error("{sum8:0..1} 01", 0, what);
	assert_render_error("01 {sum8:1..1}", 0, what);
	assert_render_error("01 {sum8:0..2} 02", 0, what);
	/* Beyond the last byte. */
	assert_render_error("01 02 {sum8:0..3}", 0, what);
	assert_render_error("01 02 {xor8:0..3}", 0, "{xor8:A..B} covers");
	assert_render_error("01 {xor8:0..1}", 0, "{xor8:A..B} covers");
	assert_render_error("{sum8:1..5} 01 02", 0, what);
	/* Whether a range fits can depend on the level: "V10" then the sum
	 * is fine, but "V1" puts the sum on byte 2. */
	RENDERS("\"V\" {level:dec} {sum8:0..2}", 10, 'V', '1', '0', 0xB7);
	assert_render_error("\"V\" {level:dec} {sum8:0..2}", 1, what);
}

/* ---- the shipped frame models ------------------------------------------ */

typedef enum {
	BY_SPEED, /* encode_speed(params, level) */
	BY_STOP,  /* encode_stop(params) */
	BY_INIT,  /* encode_init(params, level): level is the index */
	BY_START, /* encode_start(params) */
} Encode;

typedef struct {
	const char *path;
	const char *model; /* data/models/<model>.model */
	Encode how;
	unsigned level;
	TpWriteType write;
	size_t len;
	uint8_t bytes[TP_FRAME_MAX];
} FrameVector;

#define REQ TP_WRITE_REQUEST
#define CMD TP_WRITE_COMMAND
#define VEC(path, model, how, level, write, ...)              \
	{                                                     \
		path, model, how, level, write,               \
		    sizeof((const uint8_t[]){ __VA_ARGS__ }), \
		{                                             \
			__VA_ARGS__                           \
		}                                             \
	}

/* "Vibrate:" */
#define LOVENSE_VIBRATE	  0x56, 0x69, 0x62, 0x72, 0x61, 0x74, 0x65, 0x3A
#define MAGIC_MOTION_HEAD 0x0B, 0xFF, 0x04, 0x0A, 0x32, 0x32, 0x00, 0x04, 0x08
#define XIBAO_HEAD \
	0x66, 0x3A, 0x00, 0x06, 0x00, 0x06, 0x01, 0x02, 0x00, 0x02, 0x04

static const FrameVector vectors[] = {
	/* §4.3: 50 % is level 50. */
	VEC("/frame/magic-motion/level-50-src", "magic-motion-v1", BY_SPEED, 50,
	    CMD, MAGIC_MOTION_HEAD, 0x32, 0x64, 0x00),
	VEC("/frame/magic-motion/stop-src", "magic-motion-v1", BY_STOP, 0, CMD,
	    MAGIC_MOTION_HEAD, 0x00, 0x64, 0x00),
	VEC("/frame/magic-motion/level-0-stop-src", "magic-motion-v1", BY_SPEED,
	    0, CMD, MAGIC_MOTION_HEAD, 0x00, 0x64, 0x00),
	VEC("/frame/magic-motion/level-100-calc", "magic-motion-v1", BY_SPEED,
	    100, CMD, MAGIC_MOTION_HEAD, 0x64, 0x64, 0x00),
	/* §4.1: "Vibrate:10;" and "Vibrate:0;". */
	VEC("/frame/lovense/vibrate-10-src", "lovense", BY_SPEED, 10, CMD,
	    LOVENSE_VIBRATE, 0x31, 0x30, 0x3B),
	VEC("/frame/lovense/vibrate-0-src", "lovense", BY_STOP, 0, CMD,
	    LOVENSE_VIBRATE, 0x30, 0x3B),
	VEC("/frame/lovense/level-0-vibrate-0-src", "lovense", BY_SPEED, 0, CMD,
	    LOVENSE_VIBRATE, 0x30, 0x3B),
	VEC("/frame/lovense/vibrate-1-calc", "lovense", BY_SPEED, 1, CMD,
	    LOVENSE_VIBRATE, 0x31, 0x3B),
	VEC("/frame/lovense/vibrate-20-calc", "lovense", BY_SPEED, 20, CMD,
	    LOVENSE_VIBRATE, 0x32, 0x30, 0x3B),
	/* §4.2, single motor: Pivot 0.5 is level 8 in both nibbles, 0.75
	 * level 12 (buttplug rounds up: 0.75 × 15 = 11.25). The 4plus
	 * vectors (84, C8, 08) give the two motors different levels, which
	 * one level per frame cannot express. The stop frame is §4.2's
	 * stop rule; buttplug's test_wevibe_pivot.yaml has it. */
	VEC("/frame/wevibe/pivot-0.5-src", "wevibe", BY_SPEED, 8, REQ, 0x0F,
	    0x03, 0x00, 0x88, 0x00, 0x03, 0x00, 0x00),
	VEC("/frame/wevibe/pivot-0.75-src", "wevibe", BY_SPEED, 12, REQ, 0x0F,
	    0x03, 0x00, 0xCC, 0x00, 0x03, 0x00, 0x00),
	VEC("/frame/wevibe/stop-src", "wevibe", BY_STOP, 0, REQ, 0x0F, 0x00,
	    0x00, 0x00, 0x00, 0x00, 0x00, 0x00),
	VEC("/frame/wevibe/level-0-stop-src", "wevibe", BY_SPEED, 0, REQ, 0x0F,
	    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00),
	VEC("/frame/wevibe/level-15-calc", "wevibe", BY_SPEED, 15, REQ, 0x0F,
	    0x03, 0x00, 0xFF, 0x00, 0x03, 0x00, 0x00),
	/* §4.6: FOFO (MODE 01) at 0.5, 0.75 and stop. */
	VEC("/frame/foreo-ufo/fofo-0.5-src", "foreo-ufo", BY_SPEED, 5, REQ,
	    0x01, 0x01, 0x05),
	VEC("/frame/foreo-ufo/fofo-0.75-src", "foreo-ufo", BY_SPEED, 8, REQ,
	    0x01, 0x01, 0x08),
	VEC("/frame/foreo-ufo/fofo-stop-src", "foreo-ufo", BY_STOP, 0, REQ,
	    0x01, 0x01, 0x00),
	VEC("/frame/foreo-ufo/level-0-fofo-stop-src", "foreo-ufo", BY_SPEED, 0,
	    REQ, 0x01, 0x01, 0x00),
	VEC("/frame/foreo-ufo/level-10-calc", "foreo-ufo", BY_SPEED, 10, REQ,
	    0x01, 0x01, 0x0A),
	VEC("/frame/foreo-luna/level-5-calc", "foreo-luna", BY_SPEED, 5, REQ,
	    0x01, 0x00, 0x05),
	VEC("/frame/foreo-luna/stop-calc", "foreo-luna", BY_STOP, 0, REQ, 0x01,
	    0x00, 0x00),
	VEC("/frame/foreo-luna/level-0-stop-calc", "foreo-luna", BY_SPEED, 0,
	    REQ, 0x01, 0x00, 0x00),
	VEC("/frame/foreo-luna-play-smart-2/level-5-calc",
	    "foreo-luna-play-smart-2", BY_SPEED, 5, REQ, 0x01, 0x03, 0x05),
	VEC("/frame/foreo-luna-play-smart-2/stop-calc",
	    "foreo-luna-play-smart-2", BY_STOP, 0, REQ, 0x01, 0x03, 0x00),
	VEC("/frame/foreo-luna-play-smart-2/level-0-stop-calc",
	    "foreo-luna-play-smart-2", BY_SPEED, 0, REQ, 0x01, 0x03, 0x00),
	/* §4.7: CK = (0xB5 + SS) & 0xFF. */
	VEC("/frame/xibao/ss-0x32-src", "xibao", BY_SPEED, 0x32, CMD,
	    XIBAO_HEAD, 0x32, 0xE7),
	VEC("/frame/xibao/ss-0x63-src", "xibao", BY_SPEED, 0x63, CMD,
	    XIBAO_HEAD, 0x63, 0x18),
	VEC("/frame/xibao/stop-src", "xibao", BY_STOP, 0, CMD, XIBAO_HEAD, 0x00,
	    0xB5),
	VEC("/frame/xibao/level-0-stop-src", "xibao", BY_SPEED, 0, CMD,
	    XIBAO_HEAD, 0x00, 0xB5),
	VEC("/frame/xibao/ss-0x01-calc", "xibao", BY_SPEED, 1, CMD, XIBAO_HEAD,
	    0x01, 0xB6),
	VEC("/frame/xibao/ss-0x4b-calc", "xibao", BY_SPEED, 0x4B, CMD,
	    XIBAO_HEAD, 0x4B, 0x00),
	/* §4.7 */
	VEC("/frame/pink-punch/09-32-src", "pink-punch", BY_SPEED, 0x32, REQ,
	    0x09, 0x32),
	VEC("/frame/pink-punch/09-4b-src", "pink-punch", BY_SPEED, 0x4B, REQ,
	    0x09, 0x4B),
	VEC("/frame/pink-punch/stop-09-00-src", "pink-punch", BY_STOP, 0, REQ,
	    0x09, 0x00),
	VEC("/frame/pink-punch/level-0-stop-09-00-src", "pink-punch", BY_SPEED,
	    0, REQ, 0x09, 0x00),
	VEC("/frame/pink-punch/09-64-calc", "pink-punch", BY_SPEED, 100, REQ,
	    0x09, 0x64),
	/* §4.7; 01 80 01 01 (0.1) is in buttplug's test_meese_protocol.yaml,
	 * not in the document. */
	VEC("/frame/meese-tera/01-80-01-05-src", "meese-tera", BY_SPEED, 5, REQ,
	    0x01, 0x80, 0x01, 0x05),
	VEC("/frame/meese-tera/01-80-01-01-src", "meese-tera", BY_SPEED, 1, REQ,
	    0x01, 0x80, 0x01, 0x01),
	VEC("/frame/meese-tera/stop-src", "meese-tera", BY_STOP, 0, REQ, 0x01,
	    0x80, 0x01, 0x00),
	VEC("/frame/meese-tera/level-0-stop-src", "meese-tera", BY_SPEED, 0,
	    REQ, 0x01, 0x80, 0x01, 0x00),
	VEC("/frame/meese-tera/level-10-calc", "meese-tera", BY_SPEED, 10, REQ,
	    0x01, 0x80, 0x01, 0x0A),
	/* §7.3, Merach's vendor code: connect, start, stop are its constants
	 * (code); the gear frames follow its rule (calc). */
	VEC("/frame/merach/connect-code", "merach-fascia-gun", BY_INIT, 0, REQ,
	    0xFD, 0x40, 0x01, 0xBC, 0xFE),
	VEC("/frame/merach/start-code", "merach-fascia-gun", BY_START, 0, REQ,
	    0xFD, 0x10, 0x01, 0xEC, 0xFE),
	VEC("/frame/merach/stop-code", "merach-fascia-gun", BY_STOP, 0, REQ,
	    0xFD, 0x10, 0x00, 0xED, 0xFE),
	VEC("/frame/merach/gear-1-calc", "merach-fascia-gun", BY_SPEED, 1, REQ,
	    0xFD, 0x20, 0x01, 0xDC, 0xFE),
	VEC("/frame/merach/gear-5-calc", "merach-fascia-gun", BY_SPEED, 5, REQ,
	    0xFD, 0x20, 0x05, 0xD8, 0xFE),
	/* §7.2 #1: Lovense's other layouts speak the same ASCII. */
	VEC("/frame/lovense-nus/vibrate-10-src", "lovense-nus", BY_SPEED, 10,
	    CMD, LOVENSE_VIBRATE, 0x31, 0x30, 0x3B),
	VEC("/frame/lovense-nus/vibrate-0-src", "lovense-nus", BY_STOP, 0, CMD,
	    LOVENSE_VIBRATE, 0x30, 0x3B),
	VEC("/frame/lovense-domi/vibrate-10-src", "lovense-domi", BY_SPEED, 10,
	    CMD, LOVENSE_VIBRATE, 0x31, 0x30, 0x3B),
	VEC("/frame/lovense-domi/vibrate-0-src", "lovense-domi", BY_STOP, 0,
	    CMD, LOVENSE_VIBRATE, 0x30, 0x3B),
	/* §7.2 #2: raw = level + 3; Moxie at 0.5 is level 6. */
	VEC("/frame/wevibe-wand/level-6-src", "wevibe-wand", BY_SPEED, 6, REQ,
	    0x0F, 0x03, 0x00, 0x09, 0x09, 0x03, 0x00, 0x00),
	VEC("/frame/wevibe-wand/level-22-calc", "wevibe-wand", BY_SPEED, 22,
	    REQ, 0x0F, 0x03, 0x00, 0x19, 0x19, 0x03, 0x00, 0x00),
	VEC("/frame/wevibe-wand/stop-calc", "wevibe-wand", BY_STOP, 0, REQ,
	    0x0F, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00),
	/* §7.2 #3: 0.5 is 128. */
	VEC("/frame/kiiroo-prowand/level-128-src", "kiiroo-prowand", BY_SPEED,
	    128, CMD, 0x00, 0x00, 0x64, 0xFF, 0x80, 0x80),
	VEC("/frame/kiiroo-prowand/level-255-calc", "kiiroo-prowand", BY_SPEED,
	    255, CMD, 0x00, 0x00, 0x64, 0xFF, 0xFF, 0xFF),
	VEC("/frame/kiiroo-prowand/stop-calc", "kiiroo-prowand", BY_STOP, 0,
	    CMD, 0x00, 0x00, 0x64, 0x00, 0x00, 0x00),
	/* §7.2 #15 */
	VEC("/frame/kiiroo-spot/level-50-calc", "kiiroo-spot", BY_SPEED, 50,
	    CMD, 0x00, 0xFF, 0x00, 0x00, 0x00, 0x32),
	VEC("/frame/kiiroo-spot/stop-calc", "kiiroo-spot", BY_STOP, 0, CMD,
	    0x00, 0xFF, 0x00, 0x00, 0x00, 0x00),
	/* §7.2 #4: Ella at 0.5 is level 10. */
	VEC("/frame/svakom-v1/level-10-src", "svakom-v1", BY_SPEED, 10, CMD,
	    0x55, 0x04, 0x03, 0x00, 0x01, 0x0A),
	VEC("/frame/svakom-v1/level-19-calc", "svakom-v1", BY_SPEED, 19, CMD,
	    0x55, 0x04, 0x03, 0x00, 0x01, 0x13),
	VEC("/frame/svakom-v1/stop-calc", "svakom-v1", BY_STOP, 0, CMD, 0x55,
	    0x04, 0x03, 0x00, 0x00, 0x00),
	/* §7.2 #5, #6 */
	VEC("/frame/svakom-v2/level-5-calc", "svakom-v2", BY_SPEED, 5, REQ,
	    0x55, 0x03, 0x03, 0x00, 0x01, 0x05),
	VEC("/frame/svakom-v2/stop-calc", "svakom-v2", BY_STOP, 0, REQ, 0x55,
	    0x03, 0x03, 0x00, 0x00, 0x00),
	VEC("/frame/svakom-mini-emma-neo/level-5-calc", "svakom-mini-emma-neo",
	    BY_SPEED, 5, CMD, 0x55, 0x03, 0x01, 0x00, 0x01, 0x05),
	VEC("/frame/svakom-mini-emma-neo/stop-calc", "svakom-mini-emma-neo",
	    BY_STOP, 0, CMD, 0x55, 0x03, 0x00, 0x00, 0x00, 0x00),
	/* §7.2 #7: 50 is 06 03 32. */
	VEC("/frame/vorze-bach/level-50-calc", "vorze-bach", BY_SPEED, 50, REQ,
	    0x06, 0x03, 0x32),
	VEC("/frame/vorze-bach/stop-calc", "vorze-bach", BY_STOP, 0, REQ, 0x06,
	    0x03, 0x00),
	/* §7.2 #8: 0.5 is 128 (RoseLin, the same vibrate frame). */
	VEC("/frame/joyhub/level-128-src", "joyhub", BY_SPEED, 128, CMD, 0xA0,
	    0x03, 0x80, 0x00, 0x00, 0x00, 0xAA),
	VEC("/frame/joyhub/stop-src", "joyhub", BY_STOP, 0, CMD, 0xA0, 0x03,
	    0x00, 0x00, 0x00, 0x00, 0xAA),
	/* §7.2 #9: the second motor's slot stays 00; the stop is Eidolon's. */
	VEC("/frame/magic-motion-v2/level-50-calc", "magic-motion-v2", BY_SPEED,
	    50, CMD, 0x10, 0xFF, 0x04, 0x0A, 0x32, 0x0A, 0x00, 0x04, 0x08, 0x32,
	    0x64, 0x00, 0x04, 0x08, 0x00, 0x64, 0x01),
	VEC("/frame/magic-motion-v2/stop-src", "magic-motion-v2", BY_STOP, 0,
	    CMD, 0x10, 0xFF, 0x04, 0x0A, 0x32, 0x0A, 0x00, 0x04, 0x08, 0x00,
	    0x64, 0x00, 0x04, 0x08, 0x00, 0x64, 0x01),
	/* §7.2 #10: Krush at 0.5 is 39, at 0.75 58. */
	VEC("/frame/magic-motion-v3/level-39-src", "magic-motion-v3", BY_SPEED,
	    0x27, CMD, 0x0B, 0xFF, 0x04, 0x0A, 0x46, 0x46, 0x00, 0x04, 0x08,
	    0x27, 0x64, 0x00),
	VEC("/frame/magic-motion-v3/level-58-src", "magic-motion-v3", BY_SPEED,
	    0x3A, CMD, 0x0B, 0xFF, 0x04, 0x0A, 0x46, 0x46, 0x00, 0x04, 0x08,
	    0x3A, 0x64, 0x00),
	VEC("/frame/magic-motion-v3/stop-src", "magic-motion-v3", BY_STOP, 0,
	    CMD, 0x0B, 0xFF, 0x04, 0x0A, 0x46, 0x46, 0x00, 0x04, 0x08, 0x00,
	    0x64, 0x00),
	/* §7.2 #11: init 01 with response; four bytes per motor. */
	VEC("/frame/satisfyer/init-src", "satisfyer-double-wand-er", BY_INIT, 0,
	    REQ, 0x01),
	VEC("/frame/satisfyer/level-50-calc", "satisfyer-double-wand-er",
	    BY_SPEED, 50, CMD, 0x32, 0x32, 0x32, 0x32),
	VEC("/frame/satisfyer/stop-calc", "satisfyer-double-wand-er", BY_STOP,
	    0, CMD, 0x00, 0x00, 0x00, 0x00),
	/* §7.2 #12 */
	VEC("/frame/mymuse/level-2-calc", "mymuse-link-plus", BY_SPEED, 2, CMD,
	    0xAA, 0x55, 0x06, 0x01, 0x01, 0x01, 0x02, 0xFF),
	VEC("/frame/mymuse/stop-calc", "mymuse-link-plus", BY_STOP, 0, CMD,
	    0xAA, 0x55, 0x06, 0xAA, 0x00, 0x00, 0x00, 0x00),
	/* §7.2 #13: 0.5 is 13, 0.75 is 19. */
	VEC("/frame/leten/init-src", "leten", BY_INIT, 0, REQ, 0x04, 0x01),
	VEC("/frame/leten/level-13-src", "leten", BY_SPEED, 13, REQ, 0x02,
	    0x0D),
	VEC("/frame/leten/level-19-src", "leten", BY_SPEED, 19, REQ, 0x02,
	    0x13),
	VEC("/frame/leten/stop-src", "leten", BY_STOP, 0, REQ, 0x02, 0x00),
	/* §7.2 #14 */
	VEC("/frame/lovehoney-desire/level-64-calc", "lovehoney-desire",
	    BY_SPEED, 64, REQ, 0xF3, 0x00, 0x40),
	VEC("/frame/lovehoney-desire/stop-src", "lovehoney-desire", BY_STOP, 0,
	    REQ, 0xF3, 0x00, 0x00),
};

static TpModel *load_model(const char *id)
{
	const char *src = g_getenv("TPD_SRC_DIR");
	g_autofree char *base = g_strconcat(id, ".model", NULL);
	g_autofree char *path = NULL;
	g_autoptr(GPtrArray) problems = tp_problems_new();
	g_autoptr(TpDataFile) file = NULL;
	TpModel *model;

	if (!src)
		g_error("TPD_SRC_DIR is not set (meson test sets it)");
	path = g_build_filename(src, "data", "models", base, NULL);
	file = tp_data_file_load(path, problems);
	model = file ? tp_model_parse(file, id, problems) : NULL;
	for (guint i = 0; i < problems->len; i++)
		g_test_message("%s", (char *)problems->pdata[i]);
	g_assert_cmpuint(problems->len, ==, 0);
	g_assert_nonnull(model);
	g_assert_cmpstr(model->protocol, ==, "frame");
	return model;
}

static const TpProtocol *frame_protocol(void)
{
	const TpProtocol *p = tp_protocol_lookup("frame");

	g_assert_nonnull(p);
	return p;
}

static void test_vector(gconstpointer data)
{
	const FrameVector *v = data;
	g_autoptr(TpModel) model = load_model(v->model);
	const TpProtocol *p = frame_protocol();
	TpFrame frame;

	/* Start from a frame that is wrong in every field. */
	memset(&frame, 0xEE, sizeof(frame));
	frame.write_type = v->write == REQ ? CMD : REQ;
	if (v->how == BY_STOP)
		g_assert_true(p->encode_stop(&model->params, &frame));
	else if (v->how == BY_INIT)
		g_assert_true(p->encode_init(&model->params, v->level, &frame));
	else if (v->how == BY_START)
		g_assert_true(p->encode_start(&model->params, &frame));
	else
		g_assert_true(
		    p->encode_speed(&model->params, v->level, &frame));
	g_assert_cmpmem(frame.data, frame.len, v->bytes, v->len);
	g_assert_cmpint(frame.write_type, ==, v->write);
}

static void test_protocol(void)
{
	const TpProtocol *p = frame_protocol();

	g_assert_true(p == &tp_protocol_frame);
	g_assert_cmpstr(p->name, ==, "frame");
	g_assert_nonnull(p->encode_speed);
	g_assert_nonnull(p->encode_stop);
	/* Status comes unasked, as [Notify] lays it out. */
	g_assert_null(p->encode_status_request);
	g_assert_null(p->encode_version_request);
	g_assert_nonnull(p->decode);
}

/* [Notify] as Merach lays out its status (PROTOCOLS.md §7.3): FB 50 ST
 * battery gear...; ST 01 is running. */
static void test_decode_notify(void)
{
	const TpProtocol *p = frame_protocol();
	const TpProtocolParams params = {
		.model_id = "t",
		.notify = { .present = true,
			    .prefix = { 0xFB, 0x50 },
			    .prefix_len = 2,
			    .running_byte = 2,
			    .running_value = 0x01,
			    .battery_byte = 3,
			    .level_byte = 4,
			    .min_len = 5 },
	};
	const TpProtocolParams none = { .model_id = "t" };
	static const uint8_t running[] = { 0xFB, 0x50, 0x01, 0x4B, 0x03,
					   0x01, 0x00, 0x10, 0x01 };
	static const uint8_t waiting[] = { 0xFB, 0x50, 0x03, 0x64, 0x00 };
	static const uint8_t other[] = { 0xFB, 0x51, 0x01, 0x4B, 0x03 };
	static const uint8_t short_one[] = { 0xFB, 0x50, 0x01, 0x4B };
	static const uint8_t battery_101[] = { 0xFB, 0x50, 0x01, 0x65, 0x03 };
	const char *why = NULL;
	TpStatus st;

	g_assert_true(p->decode(&params, running, sizeof(running), &st, &why));
	g_assert_true(st.has_running && st.running);
	g_assert_true(st.has_battery);
	g_assert_cmpuint(st.battery, ==, 75);
	g_assert_true(st.has_speed);
	g_assert_cmpuint(st.speed, ==, 3);
	g_assert_false(st.has_firmware);
	g_assert_true(p->decode(&params, waiting, sizeof(waiting), &st, &why));
	g_assert_true(st.has_running && !st.running);
	g_assert_cmpuint(st.battery, ==, 100);
	g_assert_cmpuint(st.speed, ==, 0);
	/* Not a status notification: nothing known, nothing wrong. */
	g_assert_true(p->decode(&params, other, sizeof(other), &st, &why));
	g_assert_false(st.has_running || st.has_battery || st.has_speed);
	g_assert_true(p->decode(&none, running, sizeof(running), &st, &why));
	g_assert_false(st.has_running || st.has_battery || st.has_speed);
	/* Malformed: too short for its fields, or no percentage. */
	g_assert_false(
	    p->decode(&params, short_one, sizeof(short_one), &st, &why));
	g_assert_nonnull(strstr(why, "too short"));
	g_assert_false(
	    p->decode(&params, battery_101, sizeof(battery_101), &st, &why));
	g_assert_nonnull(strstr(why, "battery"));
}

/* Every level of every frame model renders, with the model's write type,
 * and none is the stop frame. */
static void test_every_level(void)
{
	static const char *const ids[] = { "magic-motion-v1",
					   "lovense",
					   "wevibe",
					   "foreo-ufo",
					   "foreo-luna",
					   "foreo-luna-play-smart-2",
					   "xibao",
					   "pink-punch",
					   "meese-tera",
					   "merach-fascia-gun",
					   NULL };
	const TpProtocol *p = frame_protocol();

	for (const char *const *id = ids; *id; id++) {
		g_autoptr(TpModel) m = load_model(*id);
		TpFrame stop, frame;
		g_assert_true(m->discrete);
		g_assert_true(p->encode_stop(&m->params, &stop));
		for (unsigned l = m->levels.low; l <= m->levels.high; l++) {
			g_assert_true(p->encode_speed(&m->params, l, &frame));
			g_assert_cmpuint(frame.len, >=, stop.len);
			g_assert_cmpint(frame.write_type, ==, stop.write_type);
			/* No level is the stop frame. */
			g_assert_false(
			    frame.len == stop.len &&
			    memcmp(frame.data, stop.data, stop.len) == 0);
		}
	}
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);

	g_test_add_func("/frame/template/hex", test_hex);
	g_test_add_func("/frame/template/quoted", test_quoted);
	g_test_add_func("/frame/template/level", test_level);
	g_test_add_func("/frame/template/level-be16", test_level_be16);
	g_test_add_func("/frame/template/level-dec", test_level_dec);
	g_test_add_func("/frame/template/level-nibbles", test_level_nibbles);
	g_test_add_func("/frame/template/sum8", test_sum8);
	g_test_add_func("/frame/template/xor8", test_xor8);
	g_test_add_func("/frame/template/level-offset", test_level_offset);
	g_test_add_func("/frame/template/spacing", test_spacing);
	g_test_add_func("/frame/template/mixed", test_mixed);
	g_test_add_func("/frame/template/error/not-hex", test_not_hex);
	g_test_add_func("/frame/template/error/unterminated-quote",
			test_unterminated_quote);
	g_test_add_func("/frame/template/error/unknown-placeholder",
			test_unknown_placeholder);
	g_test_add_func("/frame/template/error/bad-sum8-range",
			test_bad_sum8_range);
	g_test_add_func("/frame/template/error/not-separated",
			test_not_separated);
	g_test_add_func("/frame/template/error/empty", test_empty);
	g_test_add_func("/frame/template/error/level-too-big",
			test_level_too_big);
	g_test_add_func("/frame/template/error/too-long", test_too_long);
	g_test_add_func("/frame/template/error/too-many-sums",
			test_too_many_sums);
	g_test_add_func("/frame/template/error/sum8-outside",
			test_sum8_outside);
	g_test_add_func("/frame/protocol", test_protocol);
	g_test_add_func("/frame/decode-notify", test_decode_notify);
	g_test_add_func("/frame/every-level", test_every_level);
	for (size_t i = 0; i < G_N_ELEMENTS(vectors); i++)
		g_test_add_data_func(vectors[i].path, &vectors[i], test_vector);

	return g_test_run();
}
