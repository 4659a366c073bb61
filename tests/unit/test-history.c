/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The session history file: entries written and read back, ids, ratings,
 * queries, and damaged lines, which must be reported, skipped and kept
 * exactly as they were, since the file is rewritten on every change and
 * is the only record of someone's sessions.
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "common/tp-error.h"
#include "data-check.h"
#include "therapy/history.h"

static void write_file(const char *path, const char *text)
{
	g_autoptr(GError) error = NULL;

	g_file_set_contents(path, text, -1, &error);
	g_assert_no_error(error);
}

static char *read_file(const char *path)
{
	g_autoptr(GError) error = NULL;
	char *text = NULL;

	g_file_get_contents(path, &text, NULL, &error);
	g_assert_no_error(error);
	return text;
}

/* A session on @muscle starting at @start; the strings are static. */
static TpHistoryEntry entry(const char *muscle, gint64 start, int before,
			    int after)
{
	return (TpHistoryEntry){
		.start = start,
		.end = start + 95,
		.device = (char *)"AA:BB:CC:DD:EE:FF",
		.model = (char *)"theragun-prime",
		.muscle = (char *)muscle,
		.side = (char *)"left",
		.program = (char *)"release.gun",
		.seconds = 90,
		.reason = (char *)"completed",
		.pain_before = before,
		.pain_after = after,
	};
}

static void assert_entry_equal(const TpHistoryEntry *a, const TpHistoryEntry *b)
{
	g_assert_cmpuint(a->id, ==, b->id);
	g_assert_cmpint(a->start, ==, b->start);
	g_assert_cmpint(a->end, ==, b->end);
	g_assert_cmpstr(a->device, ==, b->device);
	g_assert_cmpstr(a->model, ==, b->model);
	g_assert_cmpstr(a->muscle, ==, b->muscle);
	g_assert_cmpstr(a->side, ==, b->side);
	g_assert_cmpstr(a->program, ==, b->program);
	g_assert_cmpuint(a->seconds, ==, b->seconds);
	g_assert_cmpstr(a->reason, ==, b->reason);
	g_assert_cmpint(a->pain_before, ==, b->pain_before);
	g_assert_cmpint(a->pain_after, ==, b->pain_after);
	g_assert_cmpuint(a->uid, ==, b->uid);
}

/* @e as the history file writes it, one line without its newline. */
static char *record_line(const TpHistoryEntry *e)
{
	g_autoptr(GVariant) v =
	    g_variant_ref_sink(tp_history_entry_to_variant(e));

	return g_variant_print(v, TRUE);
}

/* The record of @e with @key set to @value, or removed if NULL. */
static char *record_edited(const TpHistoryEntry *e, const char *key,
			   GVariant *value)
{
	g_autoptr(GVariant) v =
	    g_variant_ref_sink(tp_history_entry_to_variant(e));
	g_autoptr(GVariant) edited = NULL;
	GVariantDict d;

	g_variant_dict_init(&d, v);
	if (value)
		g_variant_dict_insert_value(&d, key, value);
	else
		g_variant_dict_remove(&d, key);
	edited = g_variant_ref_sink(g_variant_dict_end(&d));
	return g_variant_print(edited, TRUE);
}

static TpHistoryEntry *query_one(TpHistory *h, guint index)
{
	g_autoptr(GPtrArray) all = tp_history_query(h, NULL, 0, 0);

	g_assert_cmpuint(index, <, all->len);
	return g_ptr_array_index(all, index);
}

static guint query_len(TpHistory *h, const char *muscle, gint64 since,
		       guint limit)
{
	g_autoptr(GPtrArray) found = tp_history_query(h, muscle, since, limit);

	return found->len;
}

static void add_ok(TpHistory *h, const TpHistoryEntry *e, guint32 expect_id)
{
	g_autoptr(GError) error = NULL;
	guint32 id = 0;

	g_assert_true(tp_history_add(h, e, &id, &error));
	g_assert_no_error(error);
	g_assert_cmpuint(id, ==, expect_id);
}

static void test_missing_file(void)
{
	g_autofree char *dir = make_tmp_dir();
	g_autofree char *path = g_build_filename(dir, "history", NULL);
	g_autoptr(GPtrArray) problems = tp_problems_new();
	g_autoptr(TpHistory) h = tp_history_load(path, problems);

	g_assert_nonnull(h);
	assert_no_problems(problems);
	g_assert_cmpuint(query_len(h, NULL, 0, 0), ==, 0);
	/* Loading alone writes nothing. */
	g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
	remove_tree(dir);
}

/* A path that cannot be read as a file is a problem, not an empty
 * history silently. */
static void test_unreadable(void)
{
	g_autofree char *dir = make_tmp_dir();
	g_autoptr(GPtrArray) problems = tp_problems_new();
	g_autoptr(TpHistory) h = tp_history_load(dir, problems);
	g_autofree char *prefix = g_strdup_printf("%s: ", dir);

	g_assert_nonnull(h);
	g_assert_cmpuint(problems->len, ==, 1);
	assert_problem(problems, prefix, "kept in memory only", NULL);
	g_assert_cmpuint(query_len(h, NULL, 0, 0), ==, 0);
	/* What could not be read is never replaced: new sessions stay in
	 * memory, and each write says why it did not happen. */
	{
		g_autoptr(GError) error = NULL;
		TpHistoryEntry e = entry("trapezius", 1700000000, 4, -1);
		g_assert_false(tp_history_add(h, &e, NULL, &error));
		g_assert_error(error, TP_ERROR, TP_ERROR_FAILED);
		g_assert_nonnull(strstr(error->message, "not overwriting"));
		g_assert_cmpuint(query_len(h, NULL, 0, 0), ==, 1);
		g_assert_true(g_file_test(dir, G_FILE_TEST_IS_DIR));
	}
	remove_tree(dir);
}

static void test_add_reload(void)
{
	g_autofree char *dir = make_tmp_dir();
	g_autofree char *path = g_build_filename(dir, "history", NULL);
	g_autoptr(GPtrArray) problems = tp_problems_new();
	g_autoptr(TpHistory) h = tp_history_load(path, problems);
	g_autoptr(TpHistory) again = NULL;
	TpHistoryEntry e[3] = {
		entry("trapezius", 1700000000, -1, -1),
		entry("piriformis", 1700003600, 7, 3),
		entry("splenius", 1700007200, 0, 10),
	};

	/* Strings that need quoting in the file's text form. */
	e[1].reason = (char *)"stopped: 'too much'\n\"ouch\" \\ é";
	e[1].side = (char *)"center";
	e[2].pain_after = -1;
	add_ok(h, &e[0], 1);
	g_assert_true(g_file_test(path, G_FILE_TEST_IS_REGULAR));
	add_ok(h, &e[1], 2);
	add_ok(h, &e[2], 3);
	for (guint i = 0; i < 3; i++)
		e[i].id = i + 1;

	again = tp_history_load(path, problems);
	assert_no_problems(problems);
	g_assert_cmpuint(query_len(again, NULL, 0, 0), ==, 3);
	for (guint i = 0; i < 3; i++) {
		assert_entry_equal(query_one(h, i), &e[i]);
		assert_entry_equal(query_one(again, i), &e[i]);
	}
	/* One line per session. */
	g_autofree char *text = read_file(path);
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
	g_assert_cmpuint(g_strv_length(lines), ==, 4);
	g_assert_cmpstr(lines[3], ==, "");
	remove_tree(dir);
}

static void test_ids(void)
{
	g_autofree char *dir = make_tmp_dir();
	g_autofree char *path = g_build_filename(dir, "history", NULL);
	g_autoptr(GPtrArray) problems = tp_problems_new();
	TpHistoryEntry e = entry("trapezius", 1700000000, 5, -1);

	{
		g_autoptr(TpHistory) h = tp_history_load(path, problems);
		add_ok(h, &e, 1);
		add_ok(h, &e, 2);
	}
	{
		g_autoptr(TpHistory) h = tp_history_load(path, problems);
		add_ok(h, &e, 3);
		/* A NULL id is allowed. */
		g_assert_true(tp_history_add(h, &e, NULL, NULL));
		g_assert_cmpuint(query_one(h, 3)->id, ==, 4);
	}
	assert_no_problems(problems);
	remove_tree(dir);
}

/* Not the last line's id, nor the count: the largest id, plus one. */
static void test_ids_max(void)
{
	g_autofree char *dir = make_tmp_dir();
	g_autofree char *path = g_build_filename(dir, "history", NULL);
	g_autoptr(GPtrArray) problems = tp_problems_new();
	TpHistoryEntry a = entry("trapezius", 1700000000, -1, -1);
	TpHistoryEntry b = entry("trapezius", 1700000100, -1, -1);
	g_autofree char *la = NULL, *lb = NULL, *text = NULL;
	g_autoptr(TpHistory) h = NULL;

	a.id = 7;
	b.id = 2;
	la = record_line(&a);
	lb = record_line(&b);
	text = g_strdup_printf("%s\n%s\n", la, lb);
	write_file(path, text);
	h = tp_history_load(path, problems);
	assert_no_problems(problems);
	add_ok(h, &a, 8);
	remove_tree(dir);
}

static void test_damaged(void)
{
	g_autofree char *dir = make_tmp_dir();
	g_autofree char *path = g_build_filename(dir, "history", NULL);
	g_autoptr(GPtrArray) problems = tp_problems_new();
	TpHistoryEntry e[4] = {
		entry("trapezius", 1700000000, 4, 2),
		entry("splenius", 1700000100, 5, -1),
		entry("piriformis", 1700000200, 6, 3),
		entry("masseter", 1700000300, -1, -1),
	};
	g_autofree char *l1 = NULL, *l3 = NULL, *l4 = NULL, *half = NULL;
	g_autofree char *text = NULL, *added = NULL, *after = NULL;
	g_autofree char *expected = NULL;
	g_autofree char *at2 = g_strdup_printf("%s:2:", path);
	g_autofree char *at4 = g_strdup_printf("%s:4:", path);
	g_autoptr(TpHistory) h = NULL;
	g_autoptr(GPtrArray) all = NULL;
	static const char damaged[] = "{'Id': <uint32 2>, 'Start': <int64 17";

	for (guint i = 0; i < 4; i++)
		e[i].id = i + 1;
	l1 = record_line(&e[0]);
	l3 = record_line(&e[2]);
	l4 = record_line(&e[3]);
	/* The end of a write cut short: half a line, no newline. */
	half = g_strndup(l4, strlen(l4) / 2);
	text = g_strdup_printf("%s\n%s\n%s\n%s", l1, damaged, l3, half);
	write_file(path, text);

	h = tp_history_load(path, problems);
	g_assert_cmpuint(problems->len, ==, 2);
	assert_problem(problems, at2, "damaged session record", NULL);
	assert_problem(problems, at4, "damaged session record", NULL);

	all = tp_history_query(h, NULL, 0, 0);
	g_assert_cmpuint(all->len, ==, 2);
	assert_entry_equal(g_ptr_array_index(all, 0), &e[0]);
	assert_entry_equal(g_ptr_array_index(all, 1), &e[2]);
	g_assert_cmpuint(query_len(h, "splenius", 0, 0), ==, 0);
	g_assert_cmpuint(query_len(h, "masseter", 0, 0), ==, 0);

	/* The next write keeps both damaged lines where they were. */
	{
		g_autoptr(GError) error = NULL;
		g_assert_true(tp_history_add(h, &e[1], &e[1].id, &error));
		g_assert_no_error(error);
	}
	added = record_line(&e[1]);
	expected = g_strdup_printf("%s\n%s\n", text, added);
	after = read_file(path);
	g_assert_cmpstr(after, ==, expected);

	/* And they are still reported, at the same lines, next time. */
	{
		g_autoptr(GPtrArray) again = tp_problems_new();
		g_autoptr(TpHistory) reloaded = tp_history_load(path, again);

		g_assert_cmpuint(again->len, ==, 2);
		assert_problem(again, at2, "damaged session record", NULL);
		assert_problem(again, at4, "damaged session record", NULL);
		g_assert_cmpuint(query_len(reloaded, NULL, 0, 0), ==, 3);
	}
	remove_tree(dir);
}

/* Well-formed GVariant text is not enough: a record needs every key, of
 * its type. Line numbers count blank lines, which are not records. */
static void test_damaged_dict(void)
{
	g_autofree char *dir = make_tmp_dir();
	g_autofree char *path = g_build_filename(dir, "history", NULL);
	g_autoptr(GPtrArray) problems = tp_problems_new();
	TpHistoryEntry e = entry("trapezius", 1700000000, 4, 2);
	g_autofree char *good = NULL, *no_reason = NULL, *text = NULL;
	g_autofree char *wrong_type = NULL;
	g_autofree char *at3 = g_strdup_printf("%s:3:", path);
	g_autofree char *at4 = g_strdup_printf("%s:4:", path);
	g_autofree char *at6 = g_strdup_printf("%s:6:", path);
	g_autoptr(TpHistory) h = NULL;

	e.id = 1;
	good = record_line(&e);
	/* The record of session 2 without its Reason. */
	e.id = 2;
	no_reason = record_edited(&e, "Reason", NULL);
	/* Session 3 with an Id of the wrong type. */
	e.id = 3;
	wrong_type = record_edited(&e, "Id", g_variant_new_int32(3));
	text = g_strdup_printf("%s\n\n%s\n%s\n\n['not', 'a', 'dict']\n", good,
			       no_reason, wrong_type);
	write_file(path, text);

	h = tp_history_load(path, problems);
	g_assert_cmpuint(problems->len, ==, 3);
	assert_problem(problems, at3, "damaged session record", NULL);
	assert_problem(problems, at4, "damaged session record", NULL);
	assert_problem(problems, at6, "damaged session record", NULL);
	g_assert_cmpuint(query_len(h, NULL, 0, 0), ==, 1);
	g_assert_cmpuint(query_one(h, 0)->id, ==, 1);
	remove_tree(dir);
}

/* Bytes that are not UTF-8 (found by fuzz-history): GLib's parser takes
 * them for a programming error; tpd reports a damaged line. */
static void test_damaged_not_utf8(void)
{
	g_autofree char *dir = make_tmp_dir();
	g_autofree char *path = g_build_filename(dir, "history", NULL);
	g_autoptr(GPtrArray) problems = tp_problems_new();
	TpHistoryEntry e = entry("trapezius", 1700000000, 4, 2);
	g_autofree char *good = NULL, *text = NULL;
	g_autofree char *at2 = g_strdup_printf("%s:2:", path);
	g_autoptr(TpHistory) h = NULL;

	e.id = 1;
	good = record_line(&e);
	text = g_strdup_printf("%s\n{'Id': <'\xc1'>}\n", good);
	write_file(path, text);

	h = tp_history_load(path, problems);
	g_assert_cmpuint(problems->len, ==, 1);
	assert_problem(problems, at2, "damaged session record",
		       "not UTF-8 text", NULL);
	g_assert_cmpuint(query_len(h, NULL, 0, 0), ==, 1);
	remove_tree(dir);
}

/* A record cut short after its Id still holds that id: the next session
 * must not get it again, or "rate --id" could mean two sessions. */
static void test_damaged_id_not_reused(void)
{
	g_autofree char *dir = make_tmp_dir();
	g_autofree char *path = g_build_filename(dir, "history", NULL);
	g_autoptr(GPtrArray) problems = tp_problems_new();
	TpHistoryEntry e = entry("trapezius", 1700000000, 4, 2);
	g_autofree char *good = NULL, *text = NULL;
	g_autoptr(TpHistory) h = NULL;

	e.id = 3;
	good = record_line(&e);
	text =
	    g_strdup_printf("%s\n{'Id': <uint32 7>, 'Start': <int64 17", good);
	write_file(path, text);
	h = tp_history_load(path, problems);
	g_assert_cmpuint(problems->len, ==, 1);
	add_ok(h, &e, 8);
	remove_tree(dir);
}

/* A pain rating outside 0-10 is not quietly dropped: the record is
 * damaged, kept as it is. */
static void test_damaged_pain(void)
{
	g_autofree char *dir = make_tmp_dir();
	g_autofree char *path = g_build_filename(dir, "history", NULL);
	g_autoptr(GPtrArray) problems = tp_problems_new();
	TpHistoryEntry e = entry("trapezius", 1700000000, 4, 2);
	g_autofree char *high = NULL, *typed = NULL, *text = NULL;
	g_autofree char *at1 = g_strdup_printf("%s:1:", path);
	g_autofree char *at2 = g_strdup_printf("%s:2:", path);
	g_autoptr(TpHistory) h = NULL;

	e.id = 1;
	high = record_edited(&e, "PainAfter", g_variant_new_uint32(11));
	e.id = 2;
	typed = record_edited(&e, "PainBefore", g_variant_new_string("4"));
	text = g_strdup_printf("%s\n%s\n", high, typed);
	write_file(path, text);
	h = tp_history_load(path, problems);
	g_assert_cmpuint(problems->len, ==, 2);
	assert_problem(problems, at1, "0 to 10", NULL);
	assert_problem(problems, at2, "0 to 10", NULL);
	g_assert_cmpuint(query_len(h, NULL, 0, 0), ==, 0);
	remove_tree(dir);
}

/* Each record is its person's; records from before users are root's,
 * and a User that is no uid is a damaged record. */
static void test_users(void)
{
	g_autofree char *dir = make_tmp_dir();
	g_autofree char *path = g_build_filename(dir, "history", NULL);
	g_autoptr(GPtrArray) problems = tp_problems_new();
	TpHistoryEntry e = entry("trapezius", 1700000000, 4, -1);
	g_autofree char *old = NULL, *alice = NULL, *bad = NULL, *text = NULL;
	g_autofree char *at3 = g_strdup_printf("%s:3:", path);
	g_autoptr(TpHistory) h = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) found = NULL;

	e.id = 1;
	old = record_edited(&e, "User", NULL);
	e.id = 2;
	e.uid = 1000;
	alice = record_line(&e);
	e.id = 3;
	bad = record_edited(&e, "User", g_variant_new_int32(1000));
	text = g_strdup_printf("%s\n%s\n%s\n", old, alice, bad);
	write_file(path, text);
	h = tp_history_load(path, problems);
	g_assert_cmpuint(problems->len, ==, 1);
	assert_problem(problems, at3, "uid", NULL);
	found = tp_history_query_for(h, 0, NULL, 0, 0);
	g_assert_cmpuint(found->len, ==, 1);
	g_assert_cmpuint(((TpHistoryEntry *)found->pdata[0])->id, ==, 1);
	g_clear_pointer(&found, g_ptr_array_unref);
	found = tp_history_query_for(h, 1000, NULL, 0, 0);
	g_assert_cmpuint(found->len, ==, 1);
	g_assert_cmpuint(((TpHistoryEntry *)found->pdata[0])->id, ==, 2);
	g_assert_cmpuint(query_len(h, NULL, 0, 0), ==, 2);
	/* Someone else's session cannot be rated; one's own can. */
	g_assert_false(tp_history_rate_for(h, 1000, 1, 3, &error));
	g_assert_error(error, TP_ERROR, TP_ERROR_NOT_FOUND);
	g_assert_true(tp_history_rate_for(h, 1000, 2, 3, NULL));
	g_assert_true(tp_history_rate_for(h, TP_HISTORY_ALL_USERS, 1, 5, NULL));
	remove_tree(dir);
}

/*
 * A line is written back exactly as it was read unless its session
 * changed; a changed one keeps the keys a newer tpd may have written.
 */
static void test_unknown_keys_kept(void)
{
	g_autofree char *dir = make_tmp_dir();
	g_autofree char *path = g_build_filename(dir, "history", NULL);
	g_autoptr(GPtrArray) problems = tp_problems_new();
	TpHistoryEntry e = entry("trapezius", 1700000000, 4, -1);
	g_autofree char *first = NULL, *second = NULL, *text = NULL;
	g_autofree char *after = NULL;
	g_autoptr(TpHistory) h = NULL;
	g_auto(GStrv) lines = NULL;

	g_autofree char *printed = NULL;

	e.id = 1;
	printed = record_line(&e);
	/* Spacing of its own: not how tpd would print it. */
	first = g_strdup_printf("  %s", printed);
	e.id = 2;
	second = record_edited(&e, "Place", g_variant_new_string("home"));
	text = g_strdup_printf("%s\n%s\n", first, second);
	write_file(path, text);
	h = tp_history_load(path, problems);
	assert_no_problems(problems);
	g_assert_true(tp_history_rate(h, 2, 1, NULL));

	after = read_file(path);
	lines = g_strsplit(after, "\n", -1);
	g_assert_cmpstr(lines[0], ==, first);
	g_assert_nonnull(strstr(lines[1], "'Place': <'home'>"));
	g_assert_nonnull(strstr(lines[1], "'PainAfter': <uint32 1>"));
	g_assert_nonnull(strstr(lines[1], "'PainBefore': <uint32 4>"));
	remove_tree(dir);
}

static void test_rate(void)
{
	g_autofree char *dir = make_tmp_dir();
	g_autofree char *path = g_build_filename(dir, "history", NULL);
	g_autoptr(GPtrArray) problems = tp_problems_new();
	g_autoptr(TpHistory) h = tp_history_load(path, problems);
	g_autoptr(GError) error = NULL;
	TpHistoryEntry e = entry("trapezius", 1700000000, 6, -1);

	add_ok(h, &e, 1);
	add_ok(h, &e, 2);
	g_assert_true(tp_history_rate(h, 2, 3, &error));
	g_assert_no_error(error);
	g_assert_cmpint(query_one(h, 1)->pain_after, ==, 3);
	g_assert_cmpint(query_one(h, 1)->pain_before, ==, 6);
	g_assert_cmpint(query_one(h, 0)->pain_after, ==, -1);
	/* Both ends of the scale. */
	g_assert_true(tp_history_rate(h, 1, 0, NULL));
	g_assert_true(tp_history_rate(h, 1, TP_PAIN_MAX, NULL));
	{
		g_autoptr(TpHistory) again = tp_history_load(path, problems);
		g_assert_cmpint(query_one(again, 0)->pain_after, ==, 10);
		g_assert_cmpint(query_one(again, 1)->pain_after, ==, 3);
	}
	assert_no_problems(problems);
	remove_tree(dir);
}

static void test_rate_refused(void)
{
	g_autofree char *dir = make_tmp_dir();
	g_autofree char *path = g_build_filename(dir, "history", NULL);
	g_autoptr(GPtrArray) problems = tp_problems_new();
	g_autoptr(TpHistory) h = tp_history_load(path, problems);
	TpHistoryEntry e = entry("trapezius", 1700000000, 6, 4);
	g_autofree char *before = NULL;

	add_ok(h, &e, 1);
	before = read_file(path);
	{
		g_autoptr(GError) error = NULL;
		g_assert_false(tp_history_rate(h, 99, 3, &error));
		g_assert_error(error, TP_ERROR, TP_ERROR_NOT_FOUND);
	}
	{
		g_autoptr(GError) error = NULL;
		g_assert_false(tp_history_rate(h, 0, 3, &error));
		g_assert_error(error, TP_ERROR, TP_ERROR_NOT_FOUND);
	}
	{
		g_autoptr(GError) error = NULL;
		g_assert_false(tp_history_rate(h, 1, 11, &error));
		g_assert_error(error, TP_ERROR, TP_ERROR_INVALID);
	}
	{
		g_autoptr(GError) error = NULL;
		g_assert_false(tp_history_rate(h, 1, -1, &error));
		g_assert_error(error, TP_ERROR, TP_ERROR_INVALID);
	}
	/* Nothing changed, in memory or on disk. */
	g_assert_cmpint(query_one(h, 0)->pain_after, ==, 4);
	{
		g_autofree char *now = read_file(path);
		g_assert_cmpstr(now, ==, before);
	}
	assert_no_problems(problems);
	remove_tree(dir);
}

static void assert_query(TpHistory *h, const char *muscle, gint64 since,
			 guint limit, const char *expected_ids)
{
	g_autoptr(GPtrArray) found = tp_history_query(h, muscle, since, limit);
	GString *s = g_string_new(NULL);
	g_autofree char *ids = NULL;

	for (guint i = 0; i < found->len; i++) {
		TpHistoryEntry *e = g_ptr_array_index(found, i);
		g_string_append_printf(s, "%s%u", i ? "," : "", e->id);
	}
	ids = g_string_free(s, FALSE);
	g_test_message("muscle %s since %" G_GINT64_FORMAT " limit %u: %s",
		       muscle ? muscle : "(any)", since, limit, ids);
	g_assert_cmpstr(ids, ==, expected_ids);
}

static void test_query(void)
{
	g_autofree char *dir = make_tmp_dir();
	g_autofree char *path = g_build_filename(dir, "history", NULL);
	g_autoptr(GPtrArray) problems = tp_problems_new();
	g_autoptr(TpHistory) h = tp_history_load(path, problems);
	static const char *const muscles[] = { "trapezius", "piriformis",
					       "trapezius", "trapezius",
					       "splenius" };

	for (guint i = 0; i < G_N_ELEMENTS(muscles); i++) {
		TpHistoryEntry e = entry(muscles[i], 1000 * (i + 1), -1, -1);
		add_ok(h, &e, i + 1);
	}
	assert_query(h, NULL, 0, 0, "1,2,3,4,5");
	assert_query(h, "trapezius", 0, 0, "1,3,4");
	assert_query(h, "splenius", 0, 0, "5");
	assert_query(h, "masseter", 0, 0, "");
	/* since is inclusive */
	assert_query(h, NULL, 3000, 0, "3,4,5");
	assert_query(h, NULL, 3001, 0, "4,5");
	assert_query(h, NULL, 6000, 0, "");
	/* the last N, still oldest first */
	assert_query(h, NULL, 0, 2, "4,5");
	assert_query(h, NULL, 0, 5, "1,2,3,4,5");
	assert_query(h, NULL, 0, 9, "1,2,3,4,5");
	assert_query(h, "trapezius", 0, 2, "3,4");
	assert_query(h, "trapezius", 2000, 1, "4");
	assert_query(h, "piriformis", 3000, 0, "");
	remove_tree(dir);
}

static mode_t file_mode(const char *path)
{
	GStatBuf st;

	g_assert_cmpint(g_stat(path, &st), ==, 0);
	return st.st_mode & 07777;
}

/* Health data: readable by tpd only, even over a file that was not. */
static void test_mode(void)
{
	g_autofree char *dir = make_tmp_dir();
	g_autofree char *path = g_build_filename(dir, "history", NULL);
	g_autoptr(GPtrArray) problems = tp_problems_new();
	TpHistoryEntry e = entry("trapezius", 1700000000, 6, -1);

	{
		g_autoptr(TpHistory) h = tp_history_load(path, problems);
		add_ok(h, &e, 1);
		g_assert_cmpuint(file_mode(path), ==, 0600);
		g_assert_true(tp_history_rate(h, 1, 2, NULL));
		g_assert_cmpuint(file_mode(path), ==, 0600);
	}
	g_assert_cmpint(g_chmod(path, 0644), ==, 0);
	{
		g_autoptr(TpHistory) h = tp_history_load(path, problems);
		add_ok(h, &e, 2);
		g_assert_cmpuint(file_mode(path), ==, 0600);
	}
	assert_no_problems(problems);
	remove_tree(dir);
}

static void test_unwritable(void)
{
	g_autofree char *dir = make_tmp_dir();
	g_autofree char *path =
	    g_build_filename(dir, "no-such-dir", "history", NULL);
	g_autoptr(GPtrArray) problems = tp_problems_new();
	g_autoptr(TpHistory) h = tp_history_load(path, problems);
	TpHistoryEntry e = entry("trapezius", 1700000000, 6, -1);
	guint32 id = 0;

	assert_no_problems(problems);
	{
		g_autoptr(GError) error = NULL;
		g_assert_false(tp_history_add(h, &e, &id, &error));
		g_assert_nonnull(error);
		g_test_message("%s", error->message);
	}
	g_assert_cmpuint(id, ==, 1);
	g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
	/* Kept in memory, for the next write that works. */
	g_assert_cmpuint(query_len(h, NULL, 0, 0), ==, 1);
	e.id = 1;
	assert_entry_equal(query_one(h, 0), &e);
	{
		g_autoptr(GError) error = NULL;
		g_assert_false(tp_history_add(h, &e, &id, &error));
		g_assert_nonnull(error);
	}
	g_assert_cmpuint(id, ==, 2);
	g_assert_cmpuint(query_len(h, NULL, 0, 0), ==, 2);
	{
		g_autoptr(GError) error = NULL;
		g_assert_false(tp_history_rate(h, 1, 2, &error));
		g_assert_nonnull(error);
		g_assert_cmpint(query_one(h, 0)->pain_after, ==, 2);
	}
	remove_tree(dir);
}

static void test_to_variant(void)
{
	TpHistoryEntry e = entry("trapezius", 1700000000, -1, -1);
	g_autoptr(GVariant) v = NULL;
	g_autoptr(GVariant) rated = NULL;
	const char *s;
	guint32 u;
	gint64 x;

	e.id = 12;
	v = g_variant_ref_sink(tp_history_entry_to_variant(&e));
	g_assert_true(g_variant_is_of_type(v, G_VARIANT_TYPE_VARDICT));
	g_assert_true(g_variant_lookup(v, "Id", "u", &u));
	g_assert_cmpuint(u, ==, 12);
	g_assert_true(g_variant_lookup(v, "Start", "x", &x));
	g_assert_cmpint(x, ==, 1700000000);
	g_assert_true(g_variant_lookup(v, "End", "x", &x));
	g_assert_cmpint(x, ==, 1700000095);
	g_assert_true(g_variant_lookup(v, "Device", "&s", &s));
	g_assert_cmpstr(s, ==, "AA:BB:CC:DD:EE:FF");
	g_assert_true(g_variant_lookup(v, "Model", "&s", &s));
	g_assert_cmpstr(s, ==, "theragun-prime");
	g_assert_true(g_variant_lookup(v, "Muscle", "&s", &s));
	g_assert_cmpstr(s, ==, "trapezius");
	g_assert_true(g_variant_lookup(v, "Side", "&s", &s));
	g_assert_cmpstr(s, ==, "left");
	g_assert_true(g_variant_lookup(v, "Program", "&s", &s));
	g_assert_cmpstr(s, ==, "release.gun");
	g_assert_true(g_variant_lookup(v, "Seconds", "u", &u));
	g_assert_cmpuint(u, ==, 90);
	g_assert_true(g_variant_lookup(v, "Reason", "&s", &s));
	g_assert_cmpstr(s, ==, "completed");
	/* Pain not given is absent, not 0 or -1. */
	g_assert_null(g_variant_lookup_value(v, "PainBefore", NULL));
	g_assert_null(g_variant_lookup_value(v, "PainAfter", NULL));
	/* Whose: root's unless said. */
	g_assert_true(g_variant_lookup(v, "User", "u", &u));
	g_assert_cmpuint(u, ==, 0);
	g_assert_cmpuint(g_variant_n_children(v), ==, 11);

	e.pain_before = 0;
	e.pain_after = 10;
	rated = g_variant_ref_sink(tp_history_entry_to_variant(&e));
	g_assert_true(g_variant_lookup(rated, "PainBefore", "u", &u));
	g_assert_cmpuint(u, ==, 0);
	g_assert_true(g_variant_lookup(rated, "PainAfter", "u", &u));
	g_assert_cmpuint(u, ==, 10);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);

	g_test_add_func("/history/missing-file", test_missing_file);
	g_test_add_func("/history/unreadable", test_unreadable);
	g_test_add_func("/history/add-reload", test_add_reload);
	g_test_add_func("/history/ids", test_ids);
	g_test_add_func("/history/ids-max", test_ids_max);
	g_test_add_func("/history/damaged", test_damaged);
	g_test_add_func("/history/damaged-dict", test_damaged_dict);
	g_test_add_func("/history/damaged-not-utf8", test_damaged_not_utf8);
	g_test_add_func("/history/damaged-id-not-reused",
			test_damaged_id_not_reused);
	g_test_add_func("/history/damaged-pain", test_damaged_pain);
	g_test_add_func("/history/users", test_users);
	g_test_add_func("/history/unknown-keys-kept", test_unknown_keys_kept);
	g_test_add_func("/history/rate", test_rate);
	g_test_add_func("/history/rate-refused", test_rate_refused);
	g_test_add_func("/history/query", test_query);
	g_test_add_func("/history/mode", test_mode);
	g_test_add_func("/history/unwritable", test_unwritable);
	g_test_add_func("/history/to-variant", test_to_variant);

	return g_test_run();
}
