/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Device models (model.c, uuid.c) at work: UUIDs normalized, a device
 * matched on its advertised name, services and manufacturer data, and
 * intensity mapped to a speed or level.
 */
#include <glib.h>
#include <stdbool.h>
#include <string.h>

#include "data-check.h"
#include "device/model.h"
#include "device/uuid.h"
#include "model-texts.h"

/* ---- UUIDs ------------------------------------------------------------- */

static void assert_uuid(const char *text, const char *expected)
{
	char out[TP_UUID_LEN + 1];

	memset(out, 'z', sizeof(out));
	if (!tp_uuid_normalize(text, out))
		g_error("'%s' refused", text);
	g_assert_cmpstr(out, ==, expected);
}

static void test_uuid_normalize(void)
{
	const char *ffe0 = BT("ffe0");

	assert_uuid("ffe0", ffe0);
	assert_uuid("FFE0", ffe0);
	assert_uuid("0xFFE0", ffe0);
	assert_uuid("0000ffe0", ffe0);
	assert_uuid("0x0000FFE0", ffe0);
	assert_uuid("0000FFE0-0000-1000-8000-00805F9B34FB", ffe0);
	assert_uuid(ffe0, ffe0);
	/* 32-bit: all eight digits count. */
	assert_uuid("1234ABCD", "1234abcd-0000-1000-8000-00805f9b34fb");
	/* Not on the Bluetooth base: kept, lower case. */
	assert_uuid("6E400001-B5a3-F393-e0A9-E50E24DCCA9E",
		    "6e400001-b5a3-f393-e0a9-e50e24dcca9e");
	assert_uuid("78667579-7b48-43db-b8c5-7928a6b0a335",
		    "78667579-7b48-43db-b8c5-7928a6b0a335");
}

static void test_uuid_malformed(void)
{
	/* Wrong lengths, stray characters, dashes in the wrong places. */
	static const char *const bad[] = { "",	    "0x",	"ffe",
					   "ffe0f", "fffe00",	"ffe0 ",
					   " ffe0", "gggg",	"ffe0;",
					   "xffe0", "0x0xffe0", "123456789",
					   NULL };
	static const char *const bad_full[] = {
		"0000ffe0-0000-1000-8000-00805f9b34f",
		"0000ffe0-0000-1000-8000-00805f9b34fbb",
		"0000ffe00-000-1000-8000-00805f9b34fb",
		"0000ffe0_0000-1000-8000-00805f9b34fb",
		"0000ffe0-0000-1000-8000+00805f9b34fb",
		"{0000ffe0-0000-1000-8000-00805f9b34fb}",
		"0000ffe0-0000-1000-8000-00805f9b34fg",
		NULL
	};
	char out[TP_UUID_LEN + 1];

	for (const char *const *b = bad; *b; b++)
		g_assert_false(tp_uuid_normalize(*b, out));
	for (const char *const *b = bad_full; *b; b++)
		g_assert_false(tp_uuid_normalize(*b, out));
}

/* ---- matching ---------------------------------------------------------- */

static void test_matches(void)
{
	g_autoptr(TpModel) m = parse_ok(wand_text);
	g_autoptr(TpModel) gun = parse_ok(gun_text);
	const char *const ffe0[] = { BT("ffe0"), NULL };
	const char *const both[] = { BT("fff0"), BT("180f"), NULL };
	const char *const more[] = { BT("1800"), BT("180f"), BT("fff0"), NULL };
	const char *const one[] = { BT("fff0"), NULL };
	const char *const short_forms[] = { "fff0", "180f", NULL };
	const char *const none[] = { NULL };

	/* A name pattern and every service. */
	g_assert_true(tp_model_matches(m, "Test wand", both));
	g_assert_true(tp_model_matches(m, "Test", both));
	g_assert_true(tp_model_matches(m, "TEST-2", more));
	/* The name matches, a service is missing. */
	g_assert_false(tp_model_matches(m, "Test wand", one));
	g_assert_false(tp_model_matches(m, "Test wand", none));
	/* Every service, another name. */
	g_assert_false(tp_model_matches(m, "Wand", both));
	g_assert_false(tp_model_matches(m, "A Test", both));
	g_assert_false(tp_model_matches(m, "", both));
	/* Patterns are case-sensitive. */
	g_assert_false(tp_model_matches(m, "test wand", both));
	g_assert_false(tp_model_matches(m, "Test wand", short_forms));
	/* No name or no service list: nothing to go on. */
	g_assert_false(tp_model_matches(m, NULL, both));
	g_assert_false(tp_model_matches(m, "Test wand", NULL));
	/* A pattern without wildcards is the whole name. */
	g_assert_true(tp_model_matches(gun, "Gun", ffe0));
	g_assert_false(tp_model_matches(gun, "Gun ", ffe0));
	g_assert_false(tp_model_matches(gun, "Gun2", ffe0));
	g_assert_false(tp_model_matches(gun, "gun", ffe0));
}

static void test_matches_manufacturer_data(void)
{
	g_autofree char *any_text = replace_line(
	    wand_text, 12, "Services=fff0\nManufacturerData=0x005D");
	g_autofree char *prefix_text = replace_line(
	    wand_text, 12, "Services=fff0\nManufacturerData= 0x005d  01 0a ");
	g_autoptr(TpModel) any = parse_ok(any_text);
	g_autoptr(TpModel) prefix = parse_ok(prefix_text);
	g_autoptr(TpModel) plain = parse_ok(wand_text);
	const char *const fff0[] = { BT("fff0"), BT("180f"), NULL };
	g_autoptr(GBytes) d010a = g_bytes_new("\x01\x0a\x07", 3);
	g_autoptr(GBytes) d01 = g_bytes_new("\x01", 1);
	g_autoptr(GBytes) empty = g_bytes_new(NULL, 0);
	const TpMfrData satisfyer[] = { { 0x004C, d01 }, { 0x005D, d010a } };
	const TpMfrData short_data[] = { { 0x005D, d01 } };
	const TpMfrData other[] = { { 0x005E, d010a } };
	const TpMfrData nothing[] = { { 0x005D, empty } };
#define AD(list) (&(const TpAdvert){ "Test", fff0, list, G_N_ELEMENTS(list) })

	g_assert_true(any->has_mfr);
	g_assert_cmpuint(any->mfr_company, ==, 0x5D);
	g_assert_cmpuint(any->mfr_prefix_len, ==, 0);
	g_assert_cmpuint(prefix->mfr_company, ==, 0x5D);
	g_assert_cmpmem(prefix->mfr_prefix, prefix->mfr_prefix_len, "\x01\x0a",
			2);
	/* The company among others, its data starting with the bytes. */
	g_assert_true(tp_model_matches_advert(any, AD(satisfyer)));
	g_assert_true(tp_model_matches_advert(prefix, AD(satisfyer)));
	g_assert_true(tp_model_matches_advert(any, AD(short_data)));
	g_assert_false(tp_model_matches_advert(prefix, AD(short_data)));
	g_assert_true(tp_model_matches_advert(any, AD(nothing)));
	g_assert_false(tp_model_matches_advert(prefix, AD(nothing)));
	/* Another company, or none: no match; nor without name or service. */
	g_assert_false(tp_model_matches_advert(any, AD(other)));
	g_assert_false(tp_model_matches(any, "Test", fff0));
	g_assert_false(tp_model_matches_advert(
	    any, &(const TpAdvert){ "Other", fff0, satisfyer, 2 }));
	g_assert_false(tp_model_matches_advert(
	    any, &(const TpAdvert){ "Test", (const char *const[]){ NULL },
				    satisfyer, 2 }));
	/* A model that asks for none takes any. */
	g_assert_true(tp_model_matches_advert(plain, AD(other)));
#undef AD
}

static void test_manufacturer_data_errors(void)
{
	static const char *const bad[] = { "ManufacturerData=",
					   "ManufacturerData=93",
					   "ManufacturerData=0x5D",
					   "ManufacturerData=0x0005D",
					   "ManufacturerData=0xZZZZ",
					   "ManufacturerData=005D",
					   "ManufacturerData=0x005D 1",
					   "ManufacturerData=0x005D 0x01",
					   "ManufacturerData=0x005D 0G",
					   "ManufacturerData=0x005D 010A",
					   NULL };

	for (const char *const *b = bad; *b; b++) {
		g_autofree char *line =
		    g_strconcat("Services=fff0\n", *b, NULL);
		g_autoptr(GPtrArray) problems = wand_problems_with(12, line);
		g_test_message("%s", *b);
		g_assert_cmpuint(problems->len, ==, 1);
		assert_problem(problems,
			       g_str_equal(*b, "ManufacturerData=")
				   ? "t.model:13: [Match] ManufacturerData: "
				   : "t.model:13: [Match] ManufacturerData: "
				     "give the company id as 0x and four hex",
			       NULL);
	}
}

/* ---- intensity to speed ------------------------------------------------ */

static void assert_monotonic(const TpModel *m)
{
	const TpRange *r = tp_model_range(m);
	unsigned previous = tp_model_speed_for(m, 0);

	g_assert_cmpuint(previous, ==, 0);
	for (unsigned i = 1; i <= 100; i++) {
		unsigned speed = tp_model_speed_for(m, i);
		g_assert_cmpuint(speed, >=, previous);
		g_assert_cmpuint(speed, >=, r->low);
		g_assert_cmpuint(speed, <=, r->high);
		previous = speed;
	}
}

static void test_speed_for_speed(void)
{
	g_autoptr(TpModel) m = parse_ok(gun_text);

	g_assert_cmpuint(tp_model_range(m)->low, ==, 1750);
	g_assert_cmpuint(tp_model_range(m)->high, ==, 2400);
	g_assert_cmpuint(tp_model_speed_for(m, 0), ==, 0);
	g_assert_cmpuint(tp_model_speed_for(m, 1), ==, 1750);
	g_assert_cmpuint(tp_model_speed_for(m, 100), ==, 2400);
	g_assert_cmpuint(tp_model_speed_for(m, 150), ==, 2400);
	/* (2400 - 1750) × 49 / 99 = 321.7: the middle, rounded. */
	g_assert_cmpuint(tp_model_speed_for(m, 50), ==, 2072);
	assert_monotonic(m);
}

static void test_speed_for_levels(void)
{
	g_autoptr(TpModel) m = parse_ok(wand_text);
	g_autofree char *single = replace_line(wand_text, 6, "Levels=5..5");
	g_autoptr(TpModel) one = parse_ok(single);
	bool seen[21] = { false };

	g_assert_true(tp_model_range(m) == &m->levels);
	g_assert_cmpuint(tp_model_speed_for(m, 0), ==, 0);
	g_assert_cmpuint(tp_model_speed_for(m, 1), ==, 1);
	g_assert_cmpuint(tp_model_speed_for(m, 100), ==, 20);
	g_assert_cmpuint(tp_model_speed_for(m, 200), ==, 20);
	assert_monotonic(m);
	/* 1-100 % reaches every level. */
	for (unsigned i = 1; i <= 100; i++)
		seen[tp_model_speed_for(m, i)] = true;
	for (unsigned l = 1; l <= 20; l++)
		g_assert_true(seen[l]);
	/* A single level: on or off. */
	g_assert_cmpuint(tp_model_speed_for(one, 0), ==, 0);
	g_assert_cmpuint(tp_model_speed_for(one, 1), ==, 5);
	g_assert_cmpuint(tp_model_speed_for(one, 100), ==, 5);
}

int main(int argc, char **argv)
{
	static const struct {
		const char *path;
		GTestFunc func;
	} tests[] = {
		{ "/model/uuid/normalize", test_uuid_normalize },
		{ "/model/uuid/malformed", test_uuid_malformed },
		{ "/model/matches", test_matches },
		{ "/model/matches-manufacturer-data",
		  test_matches_manufacturer_data },
		{ "/model/manufacturer-data-errors",
		  test_manufacturer_data_errors },
		{ "/model/speed-for/speed", test_speed_for_speed },
		{ "/model/speed-for/levels", test_speed_for_levels },
	};

	g_test_init(&argc, &argv, NULL);

	for (size_t i = 0; i < G_N_ELEMENTS(tests); i++)
		g_test_add_func(tests[i].path, tests[i].func);
	return g_test_run();
}
