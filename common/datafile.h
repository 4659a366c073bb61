/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * Text files tpd reads (muscles, programs, models, tpd.conf) are GKeyFiles.
 * GKeyFile forgets line numbers, so TpDataFile also indexes where each group
 * and key was written, and checks the line syntax itself: every problem is
 * reported as "file:line: what is wrong". Groups are parsed against field
 * tables, so unknown keys, missing keys and out-of-range values get the same
 * messages in every kind of file.
 */

typedef struct TpDataFile TpDataFile;

/* Problems found while loading: "path:line: message" strings. */
typedef GPtrArray TpProblems;
TpProblems *tp_problems_new(void);
void tp_problems_add(TpProblems *problems, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);

/* Load @path; syntax errors are added to @problems and NULL returned. */
TpDataFile *tp_data_file_load(const char *path, TpProblems *problems);
/* The same, from text in memory (@path used in messages). */
TpDataFile *tp_data_file_load_data(const char *path, const char *text,
				   size_t len, TpProblems *problems);
void tp_data_file_free(TpDataFile *file);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TpDataFile, tp_data_file_free)

GKeyFile *tp_data_file_keyfile(TpDataFile *file);
const char *tp_data_file_path(TpDataFile *file);
/* Line of @key in @group (of the group header when @key is NULL); 0 if
 * absent. */
unsigned tp_data_file_line(TpDataFile *file, const char *group,
			   const char *key);
/* Groups in file order. */
const char *const *tp_data_file_groups(TpDataFile *file);

/* Every group must be one of @known; an entry ending in '*' matches any
 * group it prefixes ("Step *"). Others are reported. */
bool tp_data_file_check_groups(TpDataFile *file, const char *const *known,
			       TpProblems *problems);
/* Report @group if the file lacks it. */
bool tp_data_file_require_group(TpDataFile *file, const char *group,
				TpProblems *problems);

/* Add "path:line: [group] key: message" to @problems. */
void tp_data_file_problem(TpDataFile *file, TpProblems *problems,
			  const char *group, const char *key, const char *fmt,
			  ...) G_GNUC_PRINTF(5, 6);

typedef enum {
	TP_FIELD_STRING, /* char* */
	TP_FIELD_UINT,	 /* unsigned, within [min, max] */
	TP_FIELD_DOUBLE, /* double, within [min, max] */
	TP_FIELD_BOOL,	 /* bool */
	TP_FIELD_STRV,	 /* char**, each in choices when given */
	TP_FIELD_ENUM,	 /* int: index into choices */
	TP_FIELD_RANGE,	 /* TpRange "LOW..HIGH", within [min, max] */
} TpFieldType;

typedef struct {
	unsigned low, high;
} TpRange;

typedef struct {
	const char *key;
	TpFieldType type;
	size_t offset; /* of the value in the parsed struct */
	bool required;
	double min, max;
	const char *const *choices; /* NULL-terminated */
} TpField;

/*
 * Parse @group into the struct at @base with @fields ({ NULL } terminated).
 * Fields absent from the file keep the value already in @base. Returns
 * false when a problem was added.
 */
bool tp_data_file_parse_group(TpDataFile *file, const char *group,
			      const TpField *fields, void *base,
			      TpProblems *problems);
/* Free the strings and lists the fields point to in @base. */
void tp_fields_clear(const TpField *fields, void *base);

/* "a, b or c" from a NULL-terminated list, for messages. */
char *tp_choices_describe(const char *const *choices);
