/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tpctl learn's inference (tpctl/learn-*.c) on write sequences built here,
 * for shapes no shipped model has (those are proven end to end by
 * test_learn_models): a big-endian level, a checksum in front of what it
 * covers, an offset given by --levels, decimal text with digits before
 * the level, a start frame, a keep-alive; and what must not be invented:
 * no stop, a frame nothing explains, levels that do not fit.
 */
#include <stdio.h>
#include <string.h>

#include "tpctl/learn.h"

typedef struct {
	TpLearnTrace *trace;
	TpLearnResult result;
	TpLearnDraft draft;
	gint64 now_us;
	unsigned record;
} Fixture;

static void fixture_init(Fixture *f)
{
	memset(f, 0, sizeof(*f));
	f->trace = g_new0(TpLearnTrace, 1);
	f->trace->writes = g_ptr_array_new_with_free_func(tp_learn_write_free);
	f->trace->advertised = g_ptr_array_new_with_free_func(g_free);
	f->trace->name = g_strdup("Test");
	f->trace->uuid = g_strdup("fff2");
	f->trace->service = g_strdup("fff0");
	f->trace->handle = 0x12;
}

static void fixture_clear(Fixture *f)
{
	tp_learn_trace_free(f->trace);
	tp_learn_result_clear(&f->result);
}

/* A control write @after_ms after the last, on connection @conn. */
static void add(Fixture *f, unsigned conn, unsigned after_ms, const char *hex)
{
	TpLearnWrite *w = g_new0(TpLearnWrite, 1);
	g_auto(GStrv) bytes = g_strsplit(hex, " ", -1);
	GByteArray *b = g_byte_array_new();

	for (guint i = 0; bytes[i]; i++) {
		guint8 v = (guint8)g_ascii_strtoull(bytes[i], NULL, 16);
		g_byte_array_append(b, &v, 1);
	}
	f->now_us += after_ms * 1000;
	w->record = ++f->record;
	w->time_us = f->now_us;
	w->connection = conn;
	w->handle = 0x12;
	w->request = true;
	w->control = true;
	w->value = g_byte_array_free_to_bytes(b);
	g_ptr_array_add(f->trace->writes, w);
}

static void add_text(Fixture *f, const char *text)
{
	g_autofree char *hex = NULL;
	GString *s = g_string_new(NULL);

	for (const char *c = text; *c; c++)
		g_string_append_printf(s, "%s%02X", s->len ? " " : "",
				       (guint8)*c);
	hex = g_string_free(s, FALSE);
	add(f, 1, 1500, hex);
}

static void learn(Fixture *f, const char *levels)
{
	if (levels) {
		g_auto(GStrv) parts = g_strsplit(levels, ",", -1);
		f->result.levels = g_array_new(FALSE, FALSE, sizeof(unsigned));
		for (guint i = 0; parts[i]; i++) {
			unsigned l =
			    (unsigned)g_ascii_strtoull(parts[i], NULL, 10);
			g_array_append_val(f->result.levels, l);
		}
	}
	g_assert_true(tp_learn_infer(f->trace, &f->result, &f->draft, NULL));
	if (f->result.problem)
		g_error("%s", f->result.problem);
}

static void assert_template(Fixture *f, const char *want)
{
	g_autofree char *got = NULL;

	g_assert_nonnull(f->result.shape);
	got = tp_learn_shape_template(f->result.shape);
	g_assert_cmpstr(got, ==, want);
}

static void assert_bytes(GBytes *bytes, const char *want)
{
	g_autofree char *got = NULL;

	g_assert_nonnull(bytes);
	got = tp_learn_bytes_template(bytes);
	g_assert_cmpstr(got, ==, want);
}

static void assert_all_reproduced(Fixture *f)
{
	g_assert_cmpuint(f->draft.frames, ==, f->trace->writes->len);
	g_assert_cmpuint(f->draft.reproduced, ==, f->draft.frames);
}

/* 0x0100-0x03E8 cross a byte boundary: both bytes vary. */
static void test_be16(void)
{
	Fixture f;

	fixture_init(&f);
	add(&f, 1, 0, "C0 01 00 0D");
	add(&f, 1, 1500, "C0 01 F4 0D");
	add(&f, 1, 1500, "C0 02 58 0D");
	add(&f, 1, 1500, "C0 03 E8 0D");
	add(&f, 1, 1500, "C0 00 00 0D");
	learn(&f, NULL);
	assert_template(&f, "C0 {level:be16} 0D");
	assert_bytes(f.result.stop, "C0 00 00 0D");
	g_assert_cmpuint(f.result.low, ==, 0x100);
	g_assert_cmpuint(f.result.high, ==, 1000);
	assert_all_reproduced(&f);
	fixture_clear(&f);
}

/* A sum8 in byte 0 over the bytes after it. */
static void test_checksum_in_front(void)
{
	Fixture f;
	char hex[32];

	fixture_init(&f);
	for (unsigned level = 1; level <= 6; level++) {
		snprintf(hex, sizeof(hex), "%02X 11 %02X 22",
			 (0x11 + level + 0x22) & 0xFF, level);
		add(&f, 1, 1500, hex);
	}
	add(&f, 1, 1500, "FF 00");
	learn(&f, NULL);
	assert_template(&f, "{sum8:1..3} 11 {level} 22");
	assert_bytes(f.result.stop, "FF 00");
	assert_all_reproduced(&f);
	fixture_clear(&f);
}

/* The device's levels start at 4: --levels says the person's 1 is 4. */
static void test_offset_from_levels(void)
{
	Fixture f;
	char hex[32];

	fixture_init(&f);
	for (unsigned level = 1; level <= 5; level++) {
		snprintf(hex, sizeof(hex), "FD %02X %02X FE", level + 3,
			 0xFD ^ (level + 3));
		add(&f, 1, 1500, hex);
	}
	add(&f, 1, 1500, "FD 00 FD FE");
	learn(&f, "1,2,3,4,5");
	assert_template(&f, "FD {level+3} {xor8:0..1} FE");
	assert_bytes(f.result.stop, "FD 00 FD FE");
	g_assert_cmpuint(f.result.low, ==, 1);
	g_assert_cmpuint(f.result.high, ==, 5);
	assert_all_reproduced(&f);
	fixture_clear(&f);
}

static void test_nibbles(void)
{
	Fixture f;
	char hex[32];

	fixture_init(&f);
	for (unsigned level = 1; level <= 9; level += 2) {
		snprintf(hex, sizeof(hex), "0F 03 %02X 00", level * 0x11);
		add(&f, 1, 1500, hex);
	}
	add(&f, 1, 1500, "0F 00 00 00");
	learn(&f, NULL);
	assert_template(&f, "0F 03 {level:nibbles} 00");
	g_assert_cmpuint(f.result.high, ==, 9);
	assert_all_reproduced(&f);
	fixture_clear(&f);
}

/* Digits before the level ("M1:") are part of the prefix. */
static void test_decimal_text(void)
{
	Fixture f;

	fixture_init(&f);
	add_text(&f, "M1:3;");
	add_text(&f, "M1:9;");
	add_text(&f, "M1:12;");
	add_text(&f, "M1:0;");
	learn(&f, NULL);
	assert_template(&f, "\"M1:\" {level:dec} \";\"");
	assert_bytes(f.result.stop, "\"M1:0;\"");
	assert_all_reproduced(&f);
	fixture_clear(&f);
}

/* Init once per connection, a start before the first level of every run,
 * resends every 500 ms while running. */
static void test_init_start_keepalive(void)
{
	Fixture f;
	g_autofree char *text = NULL;
	TpLearnSource source = { "cap.btsnoop", "00ff", "roller" };

	fixture_init(&f);
	add(&f, 1, 0, "A7 01");
	add(&f, 1, 100, "B3 01");
	add(&f, 1, 100, "C5 01");
	for (int i = 0; i < 4; i++)
		add(&f, 1, 500 + (i % 2) * 8, "C5 01");
	add(&f, 1, 300, "C5 02");
	add(&f, 1, 502, "C5 02");
	add(&f, 1, 300, "B3 00");
	add(&f, 1, 3000, "B3 01");
	add(&f, 1, 100, "C5 03");
	add(&f, 1, 497, "C5 03");
	add(&f, 1, 300, "B3 00");
	add(&f, 2, 5000, "A7 01");
	add(&f, 2, 100, "B3 01");
	add(&f, 2, 100, "C5 02");
	add(&f, 2, 300, "B3 00");
	learn(&f, NULL);
	assert_template(&f, "C5 {level}");
	assert_bytes(f.result.stop, "B3 00");
	assert_bytes(f.result.start, "B3 01");
	g_assert_cmpuint(f.result.init->len, ==, 1);
	assert_bytes(f.result.init->pdata[0], "A7 01");
	g_assert_cmpuint(f.result.keepalive_ms, ==, 500);
	assert_all_reproduced(&f);
	text = tp_learn_model_text(f.trace, &f.result, &source, NULL);
	g_assert_nonnull(strstr(text, "\nStart=B3 01\n"));
	g_assert_nonnull(strstr(text, "\nInit=A7 01\n"));
	g_assert_nonnull(strstr(text, "\nKeepalive=500\n"));
	g_assert_nonnull(strstr(text, "\nKind=roller\n"));
	g_assert_nonnull(strstr(text, "\nExperimental=true\n"));
	g_assert_nonnull(strstr(text, "sha256:00ff"));
	fixture_clear(&f);
}

/* Levels and nothing after them: no draft, however good the levels. */
static void test_no_stop_no_draft(void)
{
	Fixture f;
	g_autoptr(GError) error = NULL;
	TpLearnSource source = { "cap", "00", "gun" };
	char *text;

	fixture_init(&f);
	add(&f, 1, 0, "09 01");
	add(&f, 1, 1500, "09 02");
	add(&f, 1, 1500, "09 03");
	learn(&f, NULL);
	assert_template(&f, "09 {level}");
	g_assert_null(f.result.stop);
	text = tp_learn_model_text(f.trace, &f.result, &source, &error);
	g_assert_null(text);
	g_assert_nonnull(strstr(error->message, "no stop frame"));
	fixture_clear(&f);
}

/* One frame with a broken checksum: listed, not smoothed over. */
static void test_unexplained_frame(void)
{
	Fixture f;

	fixture_init(&f);
	add(&f, 1, 0, "66 01 67");
	add(&f, 1, 1500, "66 02 68");
	add(&f, 1, 1500, "66 03 69");
	add(&f, 1, 1500, "66 04 6B"); /* should be 6A */
	add(&f, 1, 1500, "66 05 6B");
	add(&f, 1, 1500, "66 00 66");
	learn(&f, NULL);
	g_assert_cmpuint(f.draft.frames, ==, 6);
	assert_template(&f, "66 {level} {sum8:0..1}");
	g_assert_cmpuint(f.draft.reproduced, ==, 5);
	g_assert_false(((TpLearnWrite *)f.trace->writes->pdata[3])->reproduced);
	fixture_clear(&f);
}

static void test_levels_that_do_not_fit(void)
{
	Fixture f;

	fixture_init(&f);
	add(&f, 1, 0, "09 0A");
	add(&f, 1, 1500, "09 14");
	add(&f, 1, 1500, "09 1E");
	add(&f, 1, 1500, "09 00");
	f.result.levels = g_array_new(FALSE, FALSE, sizeof(unsigned));
	g_array_append_vals(f.result.levels, (unsigned[]){ 1, 2, 3 }, 3);
	g_assert_true(tp_learn_infer(f.trace, &f.result, &f.draft, NULL));
	g_assert_nonnull(strstr(f.result.problem, "fixed amount"));
	tp_learn_result_clear(&f.result);
	f.result.levels = g_array_new(FALSE, FALSE, sizeof(unsigned));
	g_array_append_vals(f.result.levels, (unsigned[]){ 1, 2 }, 2);
	g_assert_true(tp_learn_infer(f.trace, &f.result, &f.draft, NULL));
	g_assert_nonnull(strstr(f.result.problem, "gives 2 levels"));
	fixture_clear(&f);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/learn/be16", test_be16);
	g_test_add_func("/learn/checksum-in-front", test_checksum_in_front);
	g_test_add_func("/learn/offset-from-levels", test_offset_from_levels);
	g_test_add_func("/learn/nibbles", test_nibbles);
	g_test_add_func("/learn/decimal-text", test_decimal_text);
	g_test_add_func("/learn/init-start-keepalive",
			test_init_start_keepalive);
	g_test_add_func("/learn/no-stop-no-draft", test_no_stop_no_draft);
	g_test_add_func("/learn/unexplained-frame", test_unexplained_frame);
	g_test_add_func("/learn/levels-that-do-not-fit",
			test_levels_that_do_not_fit);
	return g_test_run();
}
