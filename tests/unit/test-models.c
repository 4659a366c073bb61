/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Device models (model.c): the model file format, v1 and v2, with inline
 * texts (model-texts.c) so that every expected line number is visible.
 * Matching, UUIDs and the intensity-to-speed mapping are in
 * test-model-match.c; the model files tpd ships in test-model-catalog.c.
 */
#include <glib.h>
#include <stdbool.h>
#include <string.h>

#include "common/datafile.h"
#include "data-check.h"
#include "model-texts.h"
#include "common/frame-template.h"
#include "device/model.h"
#include "device/uuid.h"

/* ---- the file format --------------------------------------------------- */

static void test_good_wand(void)
{
	g_autoptr(TpModel) m = parse_ok(wand_text);
	static const char *const names[] = { "Test*", "TEST*", NULL };
	static const char *const services[] = { BT("fff0"), BT("180f"), NULL };

	g_assert_cmpstr(m->id, ==, "t");
	g_assert_cmpstr(m->name, ==, "Test wand");
	g_assert_cmpstr(tp_model_kind(m), ==, "wand");
	g_assert_cmpstr(m->protocol, ==, "frame");
	g_assert_true(m->discrete);
	g_assert_cmpuint(m->levels.low, ==, 1);
	g_assert_cmpuint(m->levels.high, ==, 20);
	g_assert_cmpuint(m->max_intensity, ==, 100); /* the default */
	g_assert_false(m->experimental);
	g_assert_cmpint(m->evidence, ==, -1); /* not given */
	g_assert_cmpuint(g_strv_length(m->sources), ==, 2);
	g_assert_cmpstr(m->sources[1], ==, "a test");
	g_assert_true(g_strv_equal((const char *const *)m->names, names));
	g_assert_true(g_strv_equal((const char *const *)m->services, services));
	g_assert_cmpstr(m->gatt_service, ==, BT("fff0"));
	g_assert_cmpstr(m->write_char, ==, BT("fff2"));
	g_assert_cmpstr(m->notify_char, ==, BT("fff1"));
	g_assert_cmpstr(m->frame_text, ==, "\"Vibrate:\" {level:dec} \";\"");
	g_assert_cmpstr(m->stop_text, ==, "\"Vibrate:0;\"");
	g_assert_cmpint(m->params.write, ==, TP_WRITE_COMMAND);
	g_assert_nonnull(m->params.frame);
	g_assert_nonnull(m->params.stop);
	g_assert_true(tp_model_range(m) == &m->levels);
}

static void test_good_gun(void)
{
	g_autoptr(TpModel) m = parse_ok(gun_text);

	g_assert_cmpstr(tp_model_kind(m), ==, "gun");
	g_assert_cmpstr(m->protocol, ==, "theragun");
	g_assert_false(m->discrete);
	g_assert_cmpuint(m->speed.low, ==, 1750);
	g_assert_cmpuint(m->speed.high, ==, 2400);
	g_assert_true(tp_model_range(m) == &m->speed);
	g_assert_cmpuint(m->max_intensity, ==, 100);
	g_assert_true(m->experimental);
	g_assert_cmpstr(m->notify_char, ==, BT("ffe1"));
	g_assert_null(m->frame_text);
	g_assert_null(m->params.frame);
	g_assert_null(m->params.stop);
	/* Notify is optional. */
	g_autofree char *text = replace_line(gun_text, 14, "");
	g_autoptr(TpModel) quiet = parse_ok(text);
	g_assert_null(quiet->notify_char);
}

static void test_max_intensity(void)
{
	g_autofree char *text = replace_line(gun_text, 7,
					     "Sources=a forum;a spec\n"
					     "MaxIntensity=80");
	g_autoptr(TpModel) m = parse_ok(text);
	g_autoptr(GPtrArray) zero = gun_problems_with(7, "MaxIntensity=0");
	g_autoptr(GPtrArray) high = gun_problems_with(7, "MaxIntensity=101");
	g_autoptr(GPtrArray) twice = wand_problems_with(1, "[Model]");

	g_assert_cmpuint(m->max_intensity, ==, 80);
	assert_problem(zero, "t.model:7:", "[Model] MaxIntensity", "'0'",
		       "1 to 100", NULL);
	assert_problem(high, "t.model:7:", "'101'", "out of range", NULL);
	/* Line 1 a second [Model] header: the header on line 2 repeats. */
	assert_problem(twice, "t.model:2:", "group [Model] repeated",
		       "first on line 1", NULL);
}

static void test_unknown_protocol(void)
{
	g_autoptr(GPtrArray) gun = gun_problems_with(4, "Protocol=bosch");
	g_autoptr(GPtrArray) wand = wand_problems_with(5, "Protocol=Frame");

	g_assert_cmpuint(gun->len, ==, 1);
	assert_problem(gun, "t.model:4:", "[Model] Protocol",
		       "unknown protocol 'bosch'", "theragun, frame", NULL);
	assert_problem(wand, "t.model:5:", "unknown protocol 'Frame'", NULL);
}

static void test_experimental_and_kind(void)
{
	g_autoptr(GPtrArray) missing = gun_problems_with(6, "");
	g_autoptr(GPtrArray) bad = gun_problems_with(6, "Experimental=yes");
	g_autoptr(GPtrArray) kind = gun_problems_with(3, "Kind=hammer");
	g_autoptr(GPtrArray) sources = gun_problems_with(7, "Sources=");

	assert_problem(missing, "t.model:1:", "[Model]",
		       "missing key Experimental", NULL);
	assert_problem(bad, "t.model:6:", "[Model] Experimental", "'yes'",
		       "not a boolean", "'true' or 'false'", NULL);
	assert_problem(kind, "t.model:3:", "[Model] Kind",
		       "unknown value 'hammer'", "'gun', 'roller' or 'wand'",
		       NULL);
	assert_problem(sources, "t.model:7:", "[Model] Sources",
		       "at least one source", NULL);
}

static void test_speed_range(void)
{
	static const char *const not_ranges[] = {
		"Speed=fast",	"Speed=1750",	"Speed=10..20..30",
		"Speed=..2400", "Speed=-5..10", NULL
	};
	g_autoptr(GPtrArray) backwards =
	    gun_problems_with(5, "Speed=2400..1750");
	g_autoptr(GPtrArray) high = gun_problems_with(5, "Speed=1..30000");

	for (const char *const *b = not_ranges; *b; b++) {
		g_autoptr(GPtrArray) problems = gun_problems_with(5, *b);
		assert_problem(problems, "t.model:5:", "[Model] Speed",
			       "not a range", "LOW..HIGH", NULL);
	}
	assert_problem(backwards, "t.model:5:", "[Model] Speed",
		       "'2400..1750' is backwards", NULL);
	assert_problem(high, "t.model:5:", "out of range", "1 to 20000", NULL);
}

static void test_levels_range(void)
{
	g_autoptr(GPtrArray) zero = wand_problems_with(6, "Levels=0..20");
	g_autoptr(GPtrArray) high = wand_problems_with(6, "Levels=1..65536");
	g_autoptr(GPtrArray) backwards = wand_problems_with(6, "Levels=20..1");
	g_autoptr(GPtrArray) word = wand_problems_with(6, "Levels=many");

	/* 0 is the stop frame, not a level. */
	assert_problem(zero, "t.model:6:", "[Model] Levels", "out of range",
		       "1 to 65535", NULL);
	assert_problem(high, "t.model:6:", "[Model] Levels", "1 to 65535",
		       NULL);
	assert_problem(backwards, "t.model:6:", "'20..1' is backwards", NULL);
	assert_problem(word, "t.model:6:", "not a range", NULL);
	assert_wand_ok_with(6, "Levels=5..5");
}

static void test_speed_or_levels(void)
{
	g_autoptr(GPtrArray) neither = wand_problems_with(6, "");
	g_autoptr(GPtrArray) both =
	    wand_problems_with(6, "Levels=1..20\nSpeed=1000..2000");

	assert_problem(neither, "t.model:2:", "[Model]:", "either Speed",
		       "or Levels", NULL);
	assert_problem(both, "t.model:2:", "[Model]:", "not both", NULL);
}

static void test_frame_group(void)
{
	/* Protocol=frame without [Frame]. */
	g_autofree char *no_frame = without_lines(wand_text, 19, 22);
	g_autoptr(GPtrArray) needed = model_problems(no_frame);
	/* [Frame] in a Theragun model. */
	g_autofree char *gun_frame = g_strconcat(gun_text,
						 "[Frame]\nFrame=01\nStop=00\n"
						 "Write=request\n",
						 NULL);
	g_autoptr(GPtrArray) refused = model_problems(gun_frame);
	g_autoptr(GPtrArray) speed = wand_problems_with(6, "Speed=1..20");
	/* Each protocol is driven by one of the two. */
	g_autoptr(GPtrArray) levels = gun_problems_with(5, "Levels=1..5");

	assert_problem(needed, "t.model:5:", "[Model] Protocol",
		       "protocol frame needs a [Frame] group", NULL);
	assert_problem(refused, "t.model:4:", "[Model] Protocol",
		       "only protocol frame takes a [Frame] group", NULL);
	assert_problem(speed, "t.model:6:", "[Model] Speed",
		       "protocol frame is driven by Levels", NULL);
	assert_problem(levels, "t.model:5:", "[Model] Levels",
		       "protocol theragun is driven by Speed", NULL);
}

static void test_frame_keys(void)
{
	g_autoptr(GPtrArray) no_stop = wand_problems_with(21, "");
	g_autoptr(GPtrArray) no_write = wand_problems_with(22, "");
	g_autoptr(GPtrArray) write = wand_problems_with(22, "Write=maybe");
	g_autoptr(GPtrArray) unknown = wand_problems_with(21, "Reset=01 02");
	g_autoptr(GPtrArray) empty = wand_problems_with(20, "Frame=  ");

	assert_problem(no_stop, "t.model:19:", "[Frame]", "missing key Stop",
		       NULL);
	assert_problem(no_write, "t.model:19:", "missing key Write", NULL);
	assert_problem(write, "t.model:22:", "[Frame] Write",
		       "unknown value 'maybe'", "'request' or 'command'", NULL);
	assert_problem(unknown, "t.model:21:", "[Frame] Reset", "unknown key",
		       NULL);
	assert_problem(empty, "t.model:20:", "[Frame] Frame", "empty value",
		       NULL);
	assert_wand_ok_with(22, "Write=request");
}

static void test_frame_template_errors(void)
{
	const char *f = "[Frame]";

	assert_wand_problem(20, f, "Frame=0B 0G {level}",
			    "'0G' is not a hex byte");
	assert_wand_problem(20, f, "Frame=\"Vibrate: {level}",
			    "'\"Vibrate:' is not");
	assert_wand_problem(20, f, "Frame=09 {speed}", "'{speed}' is not");
	assert_wand_problem(20, f, "Frame=09 {level} {sum8:2..1}",
			    "'{sum8:2..1}' is not");
	assert_wand_problem(20, f, "Frame=09 {level}02", "separated by spaces");
	assert_wand_problem(21, f, "Stop=\"Vibrate:0;",
			    "'\"Vibrate:0;' is not");
	assert_wand_problem(21, f, "Stop=09 {sum8:0..5}",
			    "cannot render level 0");
	assert_wand_problem(21, f, "Stop=09 {level}",
			    "a frame that sets no level takes no {level}");
}

static void test_frame_cannot_render(void)
{
	g_autofree char *nibbles =
	    replace_line(wand_text, 20, "Frame=0F {level:nibbles}");
	g_autoptr(GPtrArray) twenty = model_problems(nibbles);
	g_autofree char *fifteen = replace_line(nibbles, 6, "Levels=1..15");
	g_autofree char *byte = replace_line(wand_text, 20, "Frame=09 {level}");
	g_autofree char *byte256 = replace_line(byte, 6, "Levels=1..256");
	g_autofree char *byte255 = replace_line(byte, 6, "Levels=1..255");
	g_autoptr(GPtrArray) too_big = model_problems(byte256);
	g_autofree char *longer = replace_line(
	    wand_text, 20,
	    "Frame=\"0123456789012345678901234567890\" {level:dec}");
	g_autoptr(GPtrArray) too_long = model_problems(longer);

	/* Every level must render, and the first that cannot is named:
	 * with one nibble, Levels=1..20 fails at 16; 1..15 and a byte's
	 * 1..255 load. */
	tp_model_free(parse_ok(fifteen));
	tp_model_free(parse_ok(byte255));
	assert_problem(twenty,
		       "t.model:20: [Frame] Frame: ", "cannot render level 16",
		       "{level:nibbles}", NULL);
	assert_problem(too_big,
		       "t.model:20: [Frame] Frame: ", "cannot render level 256",
		       "{level}", NULL);
	/* A frame whose length depends on the level: its checksum covers
	 * itself at levels 1-9 only, which loading must find. */
	g_autofree char *dec_sum =
	    replace_line(wand_text, 20, "Frame=\"V\" {level:dec} {sum8:0..2}");
	g_autoptr(GPtrArray) low_fails = model_problems(dec_sum);
	assert_problem(low_fails,
		       "t.model:20: [Frame] Frame: ", "cannot render level 1",
		       "sum8", NULL);
	/* 31 bytes and "1" fit in 32; "10" is one too many. */
	assert_problem(too_long,
		       "t.model:20: [Frame] Frame: ", "cannot render level 10",
		       "longer", NULL);
}

/* ---- format v2: init frames, keep-alive, a characteristic per kind -- */

static void assert_init(const TpModel *m, size_t i, const char *bytes,
			size_t len, unsigned wait_ms)
{
	TpFrame frame;
	const char *why = NULL;

	g_assert_cmpuint(i, <, m->params.n_init);
	g_assert_true(tp_frame_template_render(m->params.init[i].frame, 0,
					       frame.data, &frame.len, &why));
	g_assert_cmpmem(frame.data, frame.len, bytes, len);
	g_assert_cmpuint(m->params.init[i].wait_ms, ==, wait_ms);
}

static void test_evidence(void)
{
	g_autofree char *tests_text =
	    replace_line(wand_text, 7, "Experimental=false\nEvidence=tests");
	g_autofree char *capture_text =
	    replace_line(wand_text, 7, "Experimental=false\nEvidence=capture");
	g_autoptr(TpModel) tests = parse_ok(tests_text);
	g_autoptr(TpModel) capture = parse_ok(capture_text);
	g_autofree char *bad_text =
	    replace_line(wand_text, 7, "Experimental=false\nEvidence=hearsay");
	g_autoptr(GPtrArray) bad = model_problems(bad_text);

	g_assert_cmpstr(tp_model_evidence[tests->evidence], ==, "tests");
	g_assert_cmpstr(tp_model_evidence[capture->evidence], ==, "capture");
	assert_problem(
	    bad, "t.model:8: [Model] Evidence: ", "unknown value 'hearsay'",
	    "'tests', 'code' or 'capture'", NULL);
}

static void test_simulated_never_matches(void)
{
	g_autofree char *text =
	    replace_line(wand_text, 7, "Experimental=false\nSimulated=true");
	g_autoptr(TpModel) sim = parse_ok(text);
	g_autoptr(TpModel) real = parse_ok(wand_text);
	const char *const both[] = { BT("fff0"), BT("180f"), NULL };

	g_assert_true(sim->simulated);
	g_assert_false(real->simulated);
	g_assert_true(tp_model_matches(real, "Test wand", both));
	g_assert_false(tp_model_matches(sim, "Test wand", both));
}

static void test_init_frames(void)
{
	g_autoptr(TpModel) none = parse_ok(wand_text);
	g_autoptr(TpModel) one = wand_ok_with("Init=04 01");
	g_autoptr(TpModel) two =
	    wand_ok_with("Init=AA 56 00 00 wait=3000 ; F4 01");
	/* A ';' inside quoted text does not split. */
	g_autoptr(TpModel) quoted =
	    wand_ok_with("Init=\"a;b\" wait=0;\"DeviceType;\"");

	g_assert_cmpuint(none->params.n_init, ==, 0);
	g_assert_cmpuint(one->params.n_init, ==, 1);
	assert_init(one, 0, "\x04\x01", 2, 0);
	/* Without InitWrite, init frames are written as Write= says. */
	g_assert_cmpint(one->params.init_write, ==, TP_WRITE_COMMAND);
	g_assert_cmpuint(two->params.n_init, ==, 2);
	assert_init(two, 0, "\xAA\x56\x00\x00", 4, 3000);
	assert_init(two, 1, "\xF4\x01", 2, 0);
	g_assert_cmpuint(quoted->params.n_init, ==, 2);
	assert_init(quoted, 0, "a;b", 3, 0);
	assert_init(quoted, 1, "DeviceType;", 11, 0);
}

static void test_init_errors(void)
{
	static const struct {
		const char *line, *what;
	} bad[] = {
		{ "Init=04 01;", "frame 2: an empty frame" },
		{ "Init=;04 01", "frame 1: an empty frame" },
		{ "Init=04 01;;05", "frame 2: an empty frame" },
		{ "Init=04 01; 0G", "frame 2: '0G' is not a hex byte" },
		{ "Init=04 {level}", "frame 1: a frame that sets no level "
				     "takes no {level} placeholder" },
		{ "Init=04 {level:dec+1}", "frame 1: a frame that sets no" },
		{ "Init=04 wait=x", "frame 1: wait= takes milliseconds" },
		{ "Init=04 wait=10001", "wait= takes milliseconds" },
		{ "Init=04 wait=-1", "wait= takes milliseconds" },
		{ "Init=04 wait=", "wait= takes milliseconds" },
		{ "Init=wait=10", "frame 1: wait= takes milliseconds from 0 "
				  "to 10000 and follows a frame" },
		{ "Init=04 01; 02 wait=5 wait=5", "frame 2: 'wait=5' is not" },
		{ "InitWrite=maybe", "unknown value 'maybe'" },
		{ "Keepalive=49", "out of range" },
		{ "Keepalive=60001", "out of range" },
		{ "Keepalive=1s", "'1s'" },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autofree char *text = wand_with(bad[i].line);
		g_autoptr(GPtrArray) problems = model_problems(text);
		g_autofree char *key =
		    g_strndup(bad[i].line, strcspn(bad[i].line, "="));
		g_autofree char *where =
		    g_strdup_printf("t.model:23: [Frame] %s: ", key);
		g_test_message("%s", bad[i].line);
		g_assert_cmpuint(problems->len, ==, 1);
		assert_problem(problems, where, bad[i].what, NULL);
	}
}

static void test_init_write_and_keepalive(void)
{
	g_autoptr(TpModel) plain = parse_ok(wand_text);
	g_autofree char *text =
	    wand_with("Init=01\nInitWrite=request\nKeepalive=3000");
	g_autoptr(TpModel) m = parse_ok(text);

	g_assert_cmpuint(plain->keepalive_ms, ==, 0);
	g_assert_cmpint(m->params.write, ==, TP_WRITE_COMMAND);
	g_assert_cmpint(m->params.init_write, ==, TP_WRITE_REQUEST);
	g_assert_cmpuint(m->keepalive_ms, ==, 3000);
	tp_model_free(wand_ok_with("Keepalive=50"));
	tp_model_free(wand_ok_with("Keepalive=60000"));
}

static void test_characteristic_per_kind(void)
{
	g_autoptr(TpModel) plain = parse_ok(wand_text);
	/* Satisfyer (PROTOCOLS.md §7.2 #11): init to one, levels to another;
	 * the stop goes with the levels. */
	g_autofree char *text = replace_line(
	    wand_text, 17,
	    "Notify=fff1\nInitCharacteristic=fff3\nFrameCharacteristic=fff4\n"
	    "StopCharacteristic=0000FFF4-0000-1000-8000-00805F9B34FB");
	g_autoptr(TpModel) m = parse_ok(text);
	g_autofree char *same = replace_line(wand_text, 17,
					     "Notify=fff1\nStopCharacteristic="
					     "fff2");
	g_autoptr(TpModel) s = parse_ok(same);
	static const char *const chars[] = { BT("fff2"), BT("fff4"), BT("fff3"),
					     NULL };

	g_assert_cmpuint(g_strv_length(plain->write_chars), ==, 1);
	g_assert_cmpstr(plain->write_chars[0], ==, BT("fff2"));
	g_assert_cmpuint(plain->params.frame_channel, ==, 0);
	g_assert_cmpuint(plain->params.stop_channel, ==, 0);
	g_assert_cmpuint(plain->params.init_channel, ==, 0);
	g_assert_true(g_strv_equal((const char *const *)m->write_chars, chars));
	g_assert_cmpuint(m->params.frame_channel, ==, 1);
	g_assert_cmpuint(m->params.stop_channel, ==, 1);
	g_assert_cmpuint(m->params.init_channel, ==, 2);
	/* Naming Write again adds nothing. */
	g_assert_cmpuint(g_strv_length(s->write_chars), ==, 1);
	g_assert_cmpuint(s->params.stop_channel, ==, 0);
	assert_wand_problem(17, "[GATT]", "InitCharacteristic=fff", "'fff'");
	assert_wand_problem(17, "[GATT]", "StopCharacteristic=x", "'x'");
}

/* ---- [Notify] ---------------------------------------------------------- */

static void test_notify_layout(void)
{
	g_autoptr(TpModel) plain = parse_ok(wand_text);
	g_autoptr(TpModel) full = wand_ok_with(
	    "[Notify]\nPrefix=FB 50\nRunning=2:01\nBattery=3\nLevel=4");
	g_autoptr(TpModel) level = wand_ok_with("[Notify]\nPrefix=FB\nLevel=9");
	const TpNotifyLayout *n = &full->params.notify;

	g_assert_false(plain->params.notify.present);
	g_assert_true(n->present);
	g_assert_cmpmem(n->prefix, n->prefix_len, "\xFB\x50", 2);
	g_assert_cmpint(n->running_byte, ==, 2);
	g_assert_cmpuint(n->running_value, ==, 0x01);
	g_assert_cmpint(n->battery_byte, ==, 3);
	g_assert_cmpint(n->level_byte, ==, 4);
	g_assert_cmpuint(n->min_len, ==, 5);
	/* Only what is given is read; the longest field sets the length. */
	g_assert_cmpint(level->params.notify.running_byte, ==, -1);
	g_assert_cmpint(level->params.notify.battery_byte, ==, -1);
	g_assert_cmpint(level->params.notify.level_byte, ==, 9);
	g_assert_cmpuint(level->params.notify.min_len, ==, 10);
}

static void test_notify_errors(void)
{
	static const struct {
		const char *lines, *where, *what;
	} bad[] = {
		{ "Prefix=", "t.model:24: [Notify] Prefix: ", "empty value" },
		{ "Prefix=FB5",
		  "t.model:24: [Notify] Prefix: ", "give the hex bytes" },
		{ "Prefix=0xFB", "t.model:24: [Notify] Prefix: ", "hex bytes" },
		{ "Running=2:01",
		  "t.model:23: [Notify]: ", "missing key Prefix" },
		{ "Prefix=FB\nRunning=2", "t.model:25: [Notify] Running: ",
		  "give the byte (0-31) and the hex value" },
		{ "Prefix=FB\nRunning=32:01",
		  "t.model:25: [Notify] Running: ", "give the byte" },
		{ "Prefix=FB\nRunning=2:1FF",
		  "t.model:25: [Notify] Running: ", "give the byte" },
		{ "Prefix=FB\nRunning=-2:01",
		  "t.model:25: [Notify] Running: ", "give the byte" },
		{ "Prefix=FB\nBattery=32",
		  "t.model:25: [Notify] Battery: ", "out of range" },
		{ "Prefix=FB\nLevel=x", "t.model:25: [Notify] Level: ", "'x'" },
		{ "Prefix=FB\nGear=4",
		  "t.model:25: [Notify] Gear: ", "unknown key" },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autofree char *lines =
		    g_strconcat("[Notify]\n", bad[i].lines, NULL);
		g_autofree char *text = wand_with(lines);
		g_autoptr(GPtrArray) problems = model_problems(text);
		g_test_message("%s", bad[i].lines);
		g_assert_cmpuint(problems->len, ==, 1);
		assert_problem(problems, bad[i].where, bad[i].what, NULL);
	}
	/* Nothing to read notifications from: no [GATT] Notify. */
	g_autofree char *quiet = replace_line(wand_text, 17, "");
	g_autofree char *text =
	    replace_line(quiet, 22, "Write=command\n[Notify]\nPrefix=FB");
	g_autoptr(GPtrArray) problems = model_problems(text);
	assert_problem(problems, "t.model:23: [Notify]: ",
		       "only protocol frame with a [GATT] Notify", NULL);
	g_autoptr(GPtrArray) gun =
	    gun_problems_with(14, "Notify=ffe1\n[Notify]\nPrefix=BB");
	assert_problem(gun, "t.model:15: [Notify]: ", "only protocol frame",
		       NULL);
}

static void test_start_and_by_flags(void)
{
	g_autoptr(TpModel) start = wand_ok_with("Start=06 01");
	g_autofree char *flags_text = replace_line(
	    wand_text, 16,
	    "Write=by-flags\nNotify=by-flags\nStartCharacteristic=fff3");
	g_autofree char *no_notify = replace_line(flags_text, 19, "");
	g_autoptr(TpModel) flags = parse_ok(no_notify);
	g_autoptr(TpModel) plain = parse_ok(wand_text);

	g_assert_nonnull(start->params.start);
	g_assert_null(plain->params.start);
	g_assert_cmpstr(flags->write_char, ==, "by-flags");
	g_assert_cmpstr(flags->notify_char, ==, "by-flags");
	g_assert_cmpuint(flags->params.start_channel, ==, 1);
	g_assert_cmpstr(flags->write_chars[1], ==, BT("fff3"));
	{
		g_autofree char *t = wand_with("Start=06 {level}");
		g_autoptr(GPtrArray) p = model_problems(t);
		assert_problem(p, "t.model:23: [Frame] Start: ",
			       "a frame that sets no level", NULL);
	}
	/* Only Write and Notify may be found by their flags. */
	assert_wand_problem(17, "[GATT]", "InitCharacteristic=by-flags",
			    "'by-flags' is not a UUID");
	assert_wand_problem(15, "[GATT]", "Service=by-flags",
			    "'by-flags' is not a UUID");
}

static void test_uuid_errors(void)
{
	const char *e = "is not a UUID (e.g. ffe0 or";

	assert_wand_problem(12, "[Match]", "Services=fff0;xyz", "'xyz' is not");
	assert_wand_problem(12, "[Match]",
			    "Services=fff0;0000fff0-0000-1000-8000-00805f9b34f",
			    e);
	assert_wand_problem(15, "[GATT]", "Service=fff", "'fff' is not a UUID");
	assert_wand_problem(16, "[GATT]", "Write=0xfff2x", "'0xfff2x' is not");
	assert_wand_problem(17, "[GATT]", "Notify=ffe1-0000", e);
	/* Every bad UUID is reported, not only the first. */
	g_autofree char *a = replace_line(wand_text, 15, "Service=x1");
	g_autofree char *b = replace_line(a, 16, "Write=x2");
	g_autoptr(GPtrArray) both = model_problems(b);
	g_assert_cmpuint(both->len, ==, 2);
	assert_problem(both, "t.model:15:", "'x1'", NULL);
	assert_problem(both, "t.model:16:", "'x2'", NULL);
}

static void test_match_and_gatt_required(void)
{
	g_autofree char *no_match = without_lines(gun_text, 8, 10);
	g_autofree char *no_gatt = without_lines(gun_text, 11, 14);
	g_autoptr(GPtrArray) match = model_problems(no_match);
	g_autoptr(GPtrArray) gatt = model_problems(no_gatt);
	g_autoptr(GPtrArray) names = wand_problems_with(11, "");
	g_autoptr(GPtrArray) services = wand_problems_with(12, "");
	g_autoptr(GPtrArray) no_names = wand_problems_with(11, "Names=");
	g_autoptr(GPtrArray) no_services = wand_problems_with(12, "Services=");
	g_autoptr(GPtrArray) write = wand_problems_with(16, "");
	g_autoptr(GPtrArray) group = wand_problems_with(14, "[Gatt]");

	assert_problem(match, "t.model: ", "missing group [Match]", NULL);
	assert_problem(gatt, "t.model: ", "missing group [GATT]", NULL);
	assert_problem(names, "t.model:10:", "[Match]", "missing key Names",
		       NULL);
	assert_problem(services, "t.model:10:", "missing key Services", NULL);
	assert_problem(no_names, "t.model:11:", "[Match] Names",
		       "at least one name pattern", NULL);
	assert_problem(no_services, "t.model:12:", "[Match] Services",
		       "at least one service UUID", NULL);
	assert_problem(write, "t.model:14:", "[GATT]", "missing key Write",
		       NULL);
	assert_problem(group, "t.model:14:", "[Gatt]", "unknown group", NULL);
}

int main(int argc, char **argv)
{
	static const struct {
		const char *path;
		GTestFunc func;
	} tests[] = {
		{ "/model/good-wand", test_good_wand },
		{ "/model/good-gun", test_good_gun },
		{ "/model/max-intensity", test_max_intensity },
		{ "/model/unknown-protocol", test_unknown_protocol },
		{ "/model/experimental-and-kind", test_experimental_and_kind },
		{ "/model/speed-range", test_speed_range },
		{ "/model/levels-range", test_levels_range },
		{ "/model/speed-or-levels", test_speed_or_levels },
		{ "/model/frame-group", test_frame_group },
		{ "/model/frame-keys", test_frame_keys },
		{ "/model/frame-template-errors", test_frame_template_errors },
		{ "/model/frame-cannot-render", test_frame_cannot_render },
		{ "/model/evidence", test_evidence },
		{ "/model/simulated-never-matches",
		  test_simulated_never_matches },
		{ "/model/init-frames", test_init_frames },
		{ "/model/init-errors", test_init_errors },
		{ "/model/init-write-and-keepalive",
		  test_init_write_and_keepalive },
		{ "/model/characteristic-per-kind",
		  test_characteristic_per_kind },
		{ "/model/notify-layout", test_notify_layout },
		{ "/model/notify-errors", test_notify_errors },
		{ "/model/start-and-by-flags", test_start_and_by_flags },
		{ "/model/uuid-errors", test_uuid_errors },
		{ "/model/match-and-gatt-required",
		  test_match_and_gatt_required },
	};

	g_test_init(&argc, &argv, NULL);

	for (size_t i = 0; i < G_N_ELEMENTS(tests); i++)
		g_test_add_func(tests[i].path, tests[i].func);
	return g_test_run();
}
