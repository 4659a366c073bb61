/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "datafile.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	char *group;
	char *key; /* NULL for the group header */
	unsigned line;
} TpLineEntry;

struct TpDataFile {
	char *path;
	GKeyFile *keyfile;
	GArray *lines; /* TpLineEntry */
	GPtrArray *groups;
};

TpProblems *tp_problems_new(void)
{
	return g_ptr_array_new_with_free_func(g_free);
}

void tp_problems_add(TpProblems *problems, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	g_ptr_array_add(problems, g_strdup_vprintf(fmt, ap));
	va_end(ap);
}

static void tp_line_entry_clear(gpointer data)
{
	TpLineEntry *e = data;

	g_free(e->group);
	g_free(e->key);
}

void tp_data_file_free(TpDataFile *file)
{
	if (!file)
		return;
	g_free(file->path);
	if (file->keyfile)
		g_key_file_unref(file->keyfile);
	g_array_unref(file->lines);
	g_ptr_array_unref(file->groups);
	g_free(file);
}

static const TpLineEntry *tp_find_line(TpDataFile *file, const char *group,
				       const char *key)
{
	for (guint i = 0; i < file->lines->len; i++) {
		const TpLineEntry *e =
		    &g_array_index(file->lines, TpLineEntry, i);
		if (strcmp(e->group, group) == 0 && g_strcmp0(e->key, key) == 0)
			return e;
	}
	return NULL;
}

static void tp_index_add(TpDataFile *file, const char *group, const char *key,
			 unsigned line)
{
	TpLineEntry e = { g_strdup(group), g_strdup(key), line };

	g_array_append_val(file->lines, e);
	if (!key)
		g_ptr_array_add(file->groups, e.group);
}

/* GKeyFile refuses these later, without a line number: catch them here. */
static bool tp_group_name_valid(const char *name)
{
	if (!*name)
		return false;
	for (const char *p = name; *p; p++)
		if (g_ascii_iscntrl(*p) || *p == '[' || *p == ']')
			return false;
	return true;
}

/* Letters, digits and '-', optionally followed by a locale: Name[de]. */
static bool tp_key_name_valid(const char *key)
{
	const char *p = key;

	while (g_ascii_isalnum(*p) || *p == '-')
		p++;
	if (p == key)
		return false;
	if (*p == '\0')
		return true;
	if (*p++ != '[')
		return false;
	const char *locale = p;
	while (g_ascii_isalnum(*p) || (*p && strchr("_@.-", *p)))
		p++;
	return p > locale && p[0] == ']' && p[1] == '\0';
}

static bool tp_index_group(TpDataFile *file, const char *text, unsigned n,
			   char **group, TpProblems *problems)
{
	const char *end = strchr(text, ']');
	g_autofree char *name =
	    end ? g_strndup(text + 1, end - text - 1) : NULL;
	const TpLineEntry *seen;

	if (!end || end[1] != '\0' || !tp_group_name_valid(name)) {
		tp_problems_add(problems,
				"%s:%u: malformed group header '%s'; "
				"expected '[Name]'",
				file->path, n, text);
		return false;
	}
	g_free(*group);
	*group = g_steal_pointer(&name);
	if ((seen = tp_find_line(file, *group, NULL))) {
		tp_problems_add(problems,
				"%s:%u: group [%s] repeated (first on "
				"line %u)",
				file->path, n, *group, seen->line);
		return false;
	}
	tp_index_add(file, *group, NULL, n);
	return true;
}

static bool tp_index_key(TpDataFile *file, const char *text, unsigned n,
			 const char *group, TpProblems *problems)
{
	const char *eq = strchr(text, '=');
	g_autofree char *key = NULL;
	const TpLineEntry *seen;

	if (!eq || eq == text) {
		tp_problems_add(problems,
				"%s:%u: expected 'Key=value', "
				"'[Group]' or a '#' comment; got '%s'",
				file->path, n, text);
		return false;
	}
	if (!group) {
		tp_problems_add(problems,
				"%s:%u: key before the first group "
				"header",
				file->path, n);
		return false;
	}
	key = g_strstrip(g_strndup(text, eq - text));
	if (!tp_key_name_valid(key)) {
		tp_problems_add(problems,
				"%s:%u: malformed key name '%s'; use "
				"letters, digits and '-'",
				file->path, n, key);
		return false;
	}
	if ((seen = tp_find_line(file, group, key))) {
		tp_problems_add(problems,
				"%s:%u: [%s] %s repeated (first on "
				"line %u)",
				file->path, n, group, key, seen->line);
		return false;
	}
	tp_index_add(file, group, key, n);
	return true;
}

/* Index one line; false (with a problem added) if it is malformed. */
static bool tp_index_line(TpDataFile *file, char *line, unsigned n,
			  char **group, TpProblems *problems)
{
	char *text;

	if (!g_utf8_validate(line, -1, NULL)) {
		tp_problems_add(problems, "%s:%u: not UTF-8 text", file->path,
				n);
		return false;
	}
	text = g_strstrip(line);
	if (*text == '\0' || *text == '#')
		return true;
	if (*text == '[')
		return tp_index_group(file, text, n, group, problems);
	return tp_index_key(file, text, n, *group, problems);
}

TpDataFile *tp_data_file_load_data(const char *path, const char *text,
				   size_t len, TpProblems *problems)
{
	TpDataFile *file = g_new0(TpDataFile, 1);
	g_autofree char *copy = g_strndup(text, len);
	g_autofree char *group = NULL;
	g_auto(GStrv) lines = NULL;
	g_autoptr(GError) error = NULL;
	bool ok = true;

	file->path = g_strdup(path);
	file->lines = g_array_new(FALSE, FALSE, sizeof(TpLineEntry));
	g_array_set_clear_func(file->lines, tp_line_entry_clear);
	file->groups = g_ptr_array_new();

	if (strlen(copy) != len) {
		tp_problems_add(problems, "%s: contains a NUL byte; not text",
				path);
		tp_data_file_free(file);
		return NULL;
	}
	lines = g_strsplit(copy, "\n", -1);
	for (unsigned i = 0; lines[i]; i++)
		ok &= tp_index_line(file, lines[i], i + 1, &group, problems);
	if (ok) {
		file->keyfile = g_key_file_new();
		/* Every translation is kept, so that each is checked
		 * whatever the locale tpd runs in. */
		ok = g_key_file_load_from_data(file->keyfile, text, len,
					       G_KEY_FILE_KEEP_TRANSLATIONS,
					       &error);
		if (!ok)
			tp_problems_add(problems, "%s: %s", path,
					error->message);
	}
	if (!ok) {
		tp_data_file_free(file);
		return NULL;
	}
	g_ptr_array_add(file->groups, NULL);
	return file;
}

TpDataFile *tp_data_file_load(const char *path, TpProblems *problems)
{
	g_autofree char *text = NULL;
	g_autoptr(GError) error = NULL;
	gsize len;

	if (!g_file_get_contents(path, &text, &len, &error)) {
		tp_problems_add(problems, "%s: %s", path, error->message);
		return NULL;
	}
	return tp_data_file_load_data(path, text, len, problems);
}

GKeyFile *tp_data_file_keyfile(TpDataFile *file)
{
	return file->keyfile;
}

const char *tp_data_file_path(TpDataFile *file)
{
	return file->path;
}

unsigned tp_data_file_line(TpDataFile *file, const char *group, const char *key)
{
	const TpLineEntry *e = tp_find_line(file, group, key);

	return e ? e->line : 0;
}

const char *const *tp_data_file_groups(TpDataFile *file)
{
	return (const char *const *)file->groups->pdata;
}

void tp_data_file_problem(TpDataFile *file, TpProblems *problems,
			  const char *group, const char *key, const char *fmt,
			  ...)
{
	unsigned line = tp_data_file_line(file, group, key);
	g_autofree char *what = NULL;
	g_autofree char *where = NULL;
	va_list ap;

	/* A missing key is reported at its group's header. */
	if (line == 0)
		line = tp_data_file_line(file, group, NULL);
	va_start(ap, fmt);
	what = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	where = line ? g_strdup_printf("%s:%u", file->path, line)
		     : g_strdup(file->path);
	if (key)
		tp_problems_add(problems, "%s: [%s] %s: %s", where, group, key,
				what);
	else
		tp_problems_add(problems, "%s: [%s]: %s", where, group, what);
}

static bool tp_group_matches(const char *pattern, const char *group)
{
	size_t n = strlen(pattern);

	if (n > 0 && pattern[n - 1] == '*')
		return strncmp(pattern, group, n - 1) == 0;
	return strcmp(pattern, group) == 0;
}

bool tp_data_file_check_groups(TpDataFile *file, const char *const *known,
			       TpProblems *problems)
{
	bool ok = true;

	for (const char *const *g = tp_data_file_groups(file); *g; g++) {
		bool found = false;
		for (const char *const *k = known; *k && !found; k++)
			found = tp_group_matches(*k, *g);
		if (found)
			continue;
		g_autofree char *allowed = tp_choices_describe(known);
		tp_data_file_problem(file, problems, *g, NULL,
				     "unknown group; expected %s", allowed);
		ok = false;
	}
	return ok;
}

bool tp_data_file_require_group(TpDataFile *file, const char *group,
				TpProblems *problems)
{
	if (tp_data_file_line(file, group, NULL) != 0)
		return true;
	tp_problems_add(problems, "%s: missing group [%s]", file->path, group);
	return false;
}

char *tp_choices_describe(const char *const *choices)
{
	GString *s = g_string_new(NULL);
	guint n = g_strv_length((char **)choices);

	for (guint i = 0; i < n; i++) {
		if (i > 0)
			g_string_append(s, i + 1 == n ? " or " : ", ");
		g_string_append_printf(s, "'%s'", choices[i]);
	}
	return g_string_free(s, FALSE);
}

/* ---- field parsing ----------------------------------------------------- */

static bool tp_parse_double(const char *text, double *out)
{
	char *end;

	/* g_ascii_strtod() also reads hex ("0x10") and "inf": not numbers
	 * a person writes in a program. */
	if (strpbrk(text, "xXnN"))
		return false;
	errno = 0;
	*out = g_ascii_strtod(text, &end);
	return errno == 0 && end != text && *end == '\0' && isfinite(*out);
}

static bool tp_parse_uint(const char *text, unsigned *out)
{
	guint64 v;

	if (!g_ascii_string_to_unsigned(text, 10, 0, G_MAXUINT, &v, NULL))
		return false;
	*out = (unsigned)v;
	return true;
}

static int tp_choice_index(const char *const *choices, const char *value)
{
	for (int i = 0; choices && choices[i]; i++)
		if (strcmp(choices[i], value) == 0)
			return i;
	return -1;
}

typedef struct {
	TpDataFile *file;
	TpProblems *problems;
	const char *group;
	const TpField *field;
	const char *raw;
} TpFieldCtx;

#define TP_FIELD_PROBLEM(ctx, ...)                                        \
	(tp_data_file_problem((ctx)->file, (ctx)->problems, (ctx)->group, \
			      (ctx)->field->key, __VA_ARGS__),            \
	 false)

static bool tp_check_bounds(const TpFieldCtx *ctx, double v)
{
	const TpField *f = ctx->field;

	if (v < f->min || v > f->max)
		return TP_FIELD_PROBLEM(ctx,
					"'%s' is out of range; expected "
					"%g to %g",
					ctx->raw, f->min, f->max);
	return true;
}

static bool tp_parse_number_field(const TpFieldCtx *ctx, void *slot)
{
	if (ctx->field->type == TP_FIELD_UINT) {
		unsigned v;
		if (!tp_parse_uint(ctx->raw, &v))
			return TP_FIELD_PROBLEM(ctx,
						"'%s' is not a whole number "
						"≥ 0",
						ctx->raw);
		if (!tp_check_bounds(ctx, v))
			return false;
		*(unsigned *)slot = v;
		return true;
	}
	double d;
	if (!tp_parse_double(ctx->raw, &d))
		return TP_FIELD_PROBLEM(ctx, "'%s' is not a number", ctx->raw);
	if (!tp_check_bounds(ctx, d))
		return false;
	*(double *)slot = d;
	return true;
}

static bool tp_parse_range_field(const TpFieldCtx *ctx, TpRange *slot)
{
	g_auto(GStrv) parts = g_strsplit(ctx->raw, "..", 2);
	unsigned low, high;

	if (g_strv_length(parts) != 2 || !tp_parse_uint(parts[0], &low) ||
	    !tp_parse_uint(parts[1], &high))
		return TP_FIELD_PROBLEM(ctx,
					"'%s' is not a range; expected "
					"LOW..HIGH, e.g. 10..20",
					ctx->raw);
	if (low > high)
		return TP_FIELD_PROBLEM(ctx, "range '%s' is backwards",
					ctx->raw);
	if (!tp_check_bounds(ctx, low) || !tp_check_bounds(ctx, high))
		return false;
	*slot = (TpRange){ low, high };
	return true;
}

static bool tp_parse_choice_field(const TpFieldCtx *ctx, int *slot)
{
	int i = tp_choice_index(ctx->field->choices, ctx->raw);

	if (i < 0) {
		g_autofree char *allowed =
		    tp_choices_describe(ctx->field->choices);
		return TP_FIELD_PROBLEM(ctx, "unknown value '%s'; expected %s",
					ctx->raw, allowed);
	}
	*slot = i;
	return true;
}

static bool tp_parse_list_field(const TpFieldCtx *ctx, char ***slot)
{
	GKeyFile *kf = tp_data_file_keyfile(ctx->file);
	g_auto(GStrv) list = g_key_file_get_string_list(
	    kf, ctx->group, ctx->field->key, NULL, NULL);

	for (guint i = 0; list && list[i]; i++) {
		if (!*g_strstrip(list[i]))
			return TP_FIELD_PROBLEM(ctx, "empty item in the list");
		if (ctx->field->choices &&
		    tp_choice_index(ctx->field->choices, list[i]) < 0) {
			g_autofree char *allowed =
			    tp_choices_describe(ctx->field->choices);
			return TP_FIELD_PROBLEM(ctx,
						"unknown value '%s'; "
						"expected %s",
						list[i], allowed);
		}
	}
	g_strfreev(*slot);
	*slot = g_steal_pointer(&list);
	if (!*slot)
		*slot = g_new0(char *, 1);
	return true;
}

static bool tp_parse_field(const TpFieldCtx *ctx, void *base)
{
	void *slot = (char *)base + ctx->field->offset;
	GKeyFile *kf = tp_data_file_keyfile(ctx->file);
	gboolean b;

	switch (ctx->field->type) {
	case TP_FIELD_STRING: {
		char *s = g_key_file_get_string(kf, ctx->group, ctx->field->key,
						NULL);
		if (!s || !*g_strstrip(s)) {
			g_free(s);
			return TP_FIELD_PROBLEM(ctx, "empty value");
		}
		g_free(*(char **)slot);
		*(char **)slot = s;
		return true;
	}
	case TP_FIELD_UINT:
	case TP_FIELD_DOUBLE:
		return tp_parse_number_field(ctx, slot);
	case TP_FIELD_BOOL:
		if (strcmp(ctx->raw, "true") == 0)
			b = TRUE;
		else if (strcmp(ctx->raw, "false") == 0)
			b = FALSE;
		else
			return TP_FIELD_PROBLEM(ctx,
						"'%s' is not a boolean; "
						"expected 'true' or 'false'",
						ctx->raw);
		*(bool *)slot = b;
		return true;
	case TP_FIELD_STRV:
		return tp_parse_list_field(ctx, slot);
	case TP_FIELD_ENUM:
		return tp_parse_choice_field(ctx, slot);
	case TP_FIELD_RANGE:
		return tp_parse_range_field(ctx, slot);
	}
	return false;
}

static const TpField *tp_find_field(const TpField *fields, const char *key)
{
	for (const TpField *f = fields; f->key; f++)
		if (strcmp(f->key, key) == 0)
			return f;
	return NULL;
}

/* Localised variants (Name[de]=…) are allowed for string fields. */
static bool tp_key_is_known(const TpField *fields, const char *key)
{
	const char *bracket = strchr(key, '[');
	g_autofree char *base = bracket ? g_strndup(key, bracket - key) : NULL;
	const TpField *f = tp_find_field(fields, base ? base : key);

	return f && (!bracket || f->type == TP_FIELD_STRING);
}

static bool tp_check_unknown_keys(TpDataFile *file, const char *group,
				  const TpField *fields, TpProblems *problems)
{
	g_auto(GStrv) keys =
	    g_key_file_get_keys(file->keyfile, group, NULL, NULL);
	bool ok = true;

	for (guint i = 0; keys && keys[i]; i++) {
		if (tp_key_is_known(fields, keys[i]))
			continue;
		tp_data_file_problem(file, problems, group, keys[i],
				     "unknown key");
		ok = false;
	}
	return ok;
}

bool tp_data_file_parse_group(TpDataFile *file, const char *group,
			      const TpField *fields, void *base,
			      TpProblems *problems)
{
	bool ok = tp_check_unknown_keys(file, group, fields, problems);

	for (const TpField *f = fields; f->key; f++) {
		g_autofree char *raw =
		    g_key_file_get_value(file->keyfile, group, f->key, NULL);
		if (!raw) {
			if (f->required) {
				tp_data_file_problem(file, problems, group,
						     NULL, "missing key %s",
						     f->key);
				ok = false;
			}
			continue;
		}
		TpFieldCtx ctx = { file, problems, group, f, g_strstrip(raw) };
		ok &= tp_parse_field(&ctx, base);
	}
	return ok;
}

void tp_fields_clear(const TpField *fields, void *base)
{
	for (const TpField *f = fields; f->key; f++) {
		void *slot = (char *)base + f->offset;
		if (f->type == TP_FIELD_STRING)
			g_clear_pointer((char **)slot, g_free);
		else if (f->type == TP_FIELD_STRV)
			g_clear_pointer((char ***)slot, g_strfreev);
	}
}
