/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "history.h"

#include <string.h>

#include "common/tp-error.h"

/*
 * A line of the file: an entry, or a damaged line. A line read from the
 * file is written back exactly as it was (@raw) unless its entry changed;
 * a changed one keeps the keys this version does not know (@dict), so
 * that an older tpd never drops what a newer one wrote.
 */
typedef struct {
	TpHistoryEntry *entry; /* NULL: damaged */
	char *raw;	       /* as read; NULL once new or changed */
	GVariant *dict;	       /* as read, or NULL */
} TpHistoryLine;

struct TpHistory {
	char *path;
	char *unreadable; /* why the file could not be read, or NULL */
	GPtrArray *lines; /* TpHistoryLine* */
	guint32 next_id;
	bool dirty; /* changed since the file was last written */
};

static void tp_history_entry_free(TpHistoryEntry *e)
{
	if (!e)
		return;
	g_free(e->device);
	g_free(e->model);
	g_free(e->muscle);
	g_free(e->side);
	g_free(e->program);
	g_free(e->reason);
	g_free(e);
}

static void tp_history_line_free(TpHistoryLine *l)
{
	tp_history_entry_free(l->entry);
	g_free(l->raw);
	if (l->dict)
		g_variant_unref(l->dict);
	g_free(l);
}

void tp_history_free(TpHistory *h)
{
	if (!h)
		return;
	g_ptr_array_unref(h->lines);
	g_free(h->unreadable);
	g_free(h->path);
	g_free(h);
}

/* ---- one entry as a{sv} ------------------------------------------------ */

GVariant *tp_history_entry_to_variant(const TpHistoryEntry *e)
{
	GVariantDict d;

	g_variant_dict_init(&d, NULL);
	g_variant_dict_insert(&d, "Id", "u", e->id);
	g_variant_dict_insert(&d, "Start", "x", e->start);
	g_variant_dict_insert(&d, "End", "x", e->end);
	g_variant_dict_insert(&d, "Device", "s", e->device);
	g_variant_dict_insert(&d, "Model", "s", e->model);
	g_variant_dict_insert(&d, "Muscle", "s", e->muscle);
	g_variant_dict_insert(&d, "Side", "s", e->side);
	g_variant_dict_insert(&d, "Program", "s", e->program);
	g_variant_dict_insert(&d, "Seconds", "u", e->seconds);
	g_variant_dict_insert(&d, "Reason", "s", e->reason);
	if (e->pain_before >= 0)
		g_variant_dict_insert(&d, "PainBefore", "u",
				      (guint32)e->pain_before);
	if (e->pain_after >= 0)
		g_variant_dict_insert(&d, "PainAfter", "u",
				      (guint32)e->pain_after);
	g_variant_dict_insert(&d, "User", "u", e->uid);
	return g_variant_dict_end(&d);
}

/* 0-10 when present, -1 when absent; false when out of range or of the
 * wrong type. */
static bool tp_lookup_pain(GVariant *dict, const char *key, int *pain)
{
	g_autoptr(GVariant) v = g_variant_lookup_value(dict, key, NULL);

	*pain = -1;
	if (!v)
		return true;
	if (!g_variant_is_of_type(v, G_VARIANT_TYPE_UINT32) ||
	    g_variant_get_uint32(v) > TP_PAIN_MAX)
		return false;
	*pain = (int)g_variant_get_uint32(v);
	return true;
}

/* Records from before tpd kept users have none: root's. */
static bool tp_lookup_user(GVariant *dict, guint32 *uid)
{
	g_autoptr(GVariant) v = g_variant_lookup_value(dict, "User", NULL);

	*uid = 0;
	if (!v)
		return true;
	if (!g_variant_is_of_type(v, G_VARIANT_TYPE_UINT32) ||
	    g_variant_get_uint32(v) == TP_HISTORY_ALL_USERS)
		return false;
	*uid = g_variant_get_uint32(v);
	return true;
}

/* NULL, with why, when a required key is missing or a value is wrong. */
static TpHistoryEntry *tp_history_entry_from_variant(GVariant *dict, char **why)
{
	TpHistoryEntry *e = g_new0(TpHistoryEntry, 1);
	bool ok = g_variant_lookup(dict, "Id", "u", &e->id) &&
		  g_variant_lookup(dict, "Start", "x", &e->start) &&
		  g_variant_lookup(dict, "End", "x", &e->end) &&
		  g_variant_lookup(dict, "Device", "s", &e->device) &&
		  g_variant_lookup(dict, "Model", "s", &e->model) &&
		  g_variant_lookup(dict, "Muscle", "s", &e->muscle) &&
		  g_variant_lookup(dict, "Side", "s", &e->side) &&
		  g_variant_lookup(dict, "Program", "s", &e->program) &&
		  g_variant_lookup(dict, "Seconds", "u", &e->seconds) &&
		  g_variant_lookup(dict, "Reason", "s", &e->reason);

	if (!ok) {
		*why = g_strdup("a session record lacks a key or has a wrong "
				"type");
	} else if (!tp_lookup_user(dict, &e->uid)) {
		*why = g_strdup("User is a uid (type 'u')");
		ok = false;
	} else if (!tp_lookup_pain(dict, "PainBefore", &e->pain_before) ||
		   !tp_lookup_pain(dict, "PainAfter", &e->pain_after)) {
		*why = g_strdup_printf("pain ratings are whole numbers from 0 "
				       "to %d",
				       TP_PAIN_MAX);
		ok = false;
	}
	if (!ok) {
		tp_history_entry_free(e);
		return NULL;
	}
	return e;
}

/* The record as it is now, with the keys of @dict this version does not
 * know kept. */
static GVariant *tp_history_line_variant(const TpHistoryLine *l)
{
	g_autoptr(GVariant) known =
	    g_variant_ref_sink(tp_history_entry_to_variant(l->entry));
	GVariantDict d;
	GVariantIter it;
	const char *key;
	GVariant *value;

	g_variant_dict_init(&d, l->dict);
	/* Ratings that are gone must go from the old keys too. */
	g_variant_dict_remove(&d, "PainBefore");
	g_variant_dict_remove(&d, "PainAfter");
	g_variant_iter_init(&it, known);
	while (g_variant_iter_next(&it, "{&sv}", &key, &value)) {
		g_variant_dict_insert_value(&d, key, value);
		g_variant_unref(value);
	}
	return g_variant_dict_end(&d);
}

/* ---- the file ---------------------------------------------------------- */

static TpHistoryEntry *tp_history_parse_line(TpHistoryLine *line,
					     const char *text, char **why)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GVariant) dict = NULL;
	TpHistoryEntry *e;

	/* g_variant_parse() takes invalid UTF-8 in a string literal for a
	 * programming error (a critical), not for bad input. */
	if (!g_utf8_validate(text, -1, NULL)) {
		*why = g_strdup("not UTF-8 text");
		return NULL;
	}
	dict =
	    g_variant_parse(G_VARIANT_TYPE_VARDICT, text, NULL, NULL, &error);
	if (!dict) {
		*why = g_strdup(error->message);
		return NULL;
	}
	e = tp_history_entry_from_variant(dict, why);
	if (e)
		line->dict = g_steal_pointer(&dict);
	return e;
}

/* The id a damaged record had, if that much of it is left: ids must
 * never be given twice. 0 if none. */
static guint32 tp_history_damaged_id(const char *text)
{
	static const char key[] = "'Id': <uint32 ";
	const char *p = strstr(text, key);
	/* The number runs to a '>' or to the end of the cut line. */
	guint64 id = p ? g_ascii_strtoull(p + strlen(key), NULL, 10) : 0;

	return id < G_MAXUINT32 ? (guint32)id : 0;
}

static void tp_history_load_line(TpHistory *h, const char *text,
				 unsigned number, TpProblems *problems)
{
	TpHistoryLine *line = g_new0(TpHistoryLine, 1);
	g_autofree char *why = NULL;

	line->raw = g_strdup(text);
	line->entry = tp_history_parse_line(line, text, &why);
	if (line->entry) {
		h->next_id = MAX(h->next_id, line->entry->id + 1);
	} else {
		tp_problems_add(problems,
				"%s:%u: damaged session record (%s); "
				"skipped, and kept in the file as it is",
				h->path, number, why);
		h->next_id = MAX(h->next_id, tp_history_damaged_id(text) + 1);
	}
	g_ptr_array_add(h->lines, line);
}

TpHistory *tp_history_load(const char *path, TpProblems *problems)
{
	TpHistory *h = g_new0(TpHistory, 1);
	g_autofree char *text = NULL;
	g_autoptr(GError) error = NULL;
	g_auto(GStrv) lines = NULL;

	h->path = g_strdup(path);
	h->lines = g_ptr_array_new_with_free_func(
	    (GDestroyNotify)tp_history_line_free);
	h->next_id = 1;
	if (!g_file_get_contents(path, &text, NULL, &error)) {
		if (g_error_matches(error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
			return h;
		/* Writing would replace what could not be read: never. */
		h->unreadable = g_strdup(error->message);
		tp_problems_add(problems,
				"%s: %s; new sessions are kept in memory only, "
				"until it can be read at start-up",
				path, error->message);
		return h;
	}
	lines = g_strsplit(text, "\n", -1);
	for (guint i = 0; lines[i]; i++) {
		/* Blank lines go; any other is kept exactly as it was. */
		g_autofree char *trimmed = g_strstrip(g_strdup(lines[i]));
		if (*trimmed)
			tp_history_load_line(h, lines[i], i + 1, problems);
	}
	return h;
}

static bool tp_history_save(TpHistory *h, GError **error)
{
	g_autoptr(GString) text = NULL;

	if (h->unreadable) {
		g_set_error(error, TP_ERROR, TP_ERROR_FAILED,
			    "not overwriting the history that could not be "
			    "read at start-up (%s)",
			    h->unreadable);
		return false;
	}
	text = g_string_new(NULL);
	for (guint i = 0; i < h->lines->len; i++) {
		TpHistoryLine *l = g_ptr_array_index(h->lines, i);
		if (l->raw) {
			g_string_append(text, l->raw);
		} else {
			g_autoptr(GVariant) v =
			    g_variant_ref_sink(tp_history_line_variant(l));
			g_autofree char *s = g_variant_print(v, TRUE);
			g_string_append(text, s);
		}
		g_string_append_c(text, '\n');
	}
	/* A new file renamed over the old one: never half written. */
	return g_file_set_contents_full(h->path, text->str, (gssize)text->len,
					G_FILE_SET_CONTENTS_CONSISTENT |
					    G_FILE_SET_CONTENTS_DURABLE,
					0600, error);
}

guint32 tp_history_append(TpHistory *h, const TpHistoryEntry *entry)
{
	TpHistoryLine *line = g_new0(TpHistoryLine, 1);
	TpHistoryEntry *e = g_new0(TpHistoryEntry, 1);

	*e = *entry;
	e->id = h->next_id++;
	e->device = g_strdup(entry->device);
	e->model = g_strdup(entry->model);
	e->muscle = g_strdup(entry->muscle);
	e->side = g_strdup(entry->side);
	e->program = g_strdup(entry->program);
	e->reason = g_strdup(entry->reason);
	line->entry = e;
	g_ptr_array_add(h->lines, line);
	h->dirty = true;
	return e->id;
}

bool tp_history_sync(TpHistory *h, GError **error)
{
	if (!h->dirty)
		return true;
	if (!tp_history_save(h, error))
		return false;
	h->dirty = false;
	return true;
}

bool tp_history_add(TpHistory *h, const TpHistoryEntry *entry, guint32 *id,
		    GError **error)
{
	guint32 new_id = tp_history_append(h, entry);

	if (id)
		*id = new_id;
	return tp_history_sync(h, error);
}

static TpHistoryLine *tp_history_find(TpHistory *h, guint32 id)
{
	for (guint i = 0; i < h->lines->len; i++) {
		TpHistoryLine *l = g_ptr_array_index(h->lines, i);
		if (l->entry && l->entry->id == id)
			return l;
	}
	return NULL;
}

bool tp_history_rate(TpHistory *h, guint32 id, int pain, GError **error)
{
	return tp_history_rate_for(h, TP_HISTORY_ALL_USERS, id, pain, error);
}

bool tp_history_rate_for(TpHistory *h, guint32 uid, guint32 id, int pain,
			 GError **error)
{
	TpHistoryLine *l = tp_history_find(h, id);

	/* Someone else's session is as absent as one that never was. */
	if (!l || (uid != TP_HISTORY_ALL_USERS && l->entry->uid != uid)) {
		g_set_error(error, TP_ERROR, TP_ERROR_NOT_FOUND,
			    "no session %u in %s history", id,
			    uid == TP_HISTORY_ALL_USERS ? "the" : "your");
		return false;
	}
	if (pain < 0 || pain > TP_PAIN_MAX) {
		g_set_error(error, TP_ERROR, TP_ERROR_INVALID,
			    "pain %d is out of range; expected 0 to %d", pain,
			    TP_PAIN_MAX);
		return false;
	}
	l->entry->pain_after = pain;
	/* Written from the entry from now on, no longer as it was read. */
	g_clear_pointer(&l->raw, g_free);
	h->dirty = true;
	if (tp_history_sync(h, error))
		return true;
	g_prefix_error(error, "the rating is kept, but the history could not "
			      "be written: ");
	return false;
}

GPtrArray *tp_history_query(TpHistory *h, const char *muscle, gint64 since,
			    guint limit)
{
	return tp_history_query_for(h, TP_HISTORY_ALL_USERS, muscle, since,
				    limit);
}

GPtrArray *tp_history_query_for(TpHistory *h, guint32 uid, const char *muscle,
				gint64 since, guint limit)
{
	GPtrArray *found = g_ptr_array_new();

	for (guint i = 0; i < h->lines->len; i++) {
		TpHistoryLine *l = g_ptr_array_index(h->lines, i);
		if (!l->entry || l->entry->start < since ||
		    (uid != TP_HISTORY_ALL_USERS && l->entry->uid != uid) ||
		    (muscle && strcmp(l->entry->muscle, muscle) != 0))
			continue;
		g_ptr_array_add(found, l->entry);
	}
	if (limit && found->len > limit)
		g_ptr_array_remove_range(found, 0, found->len - limit);
	return found;
}
