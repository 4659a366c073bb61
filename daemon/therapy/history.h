/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "common/datafile.h"

/*
 * The record of every session, in tpd's state directory (default
 * /var/lib/tpd/history): one line per session, a GVariant dictionary in
 * text form. The whole file is rewritten atomically (a new file renamed
 * over the old) on every change, so it is never half written. A damaged
 * line is reported with its line number, skipped, and kept as it was, so
 * that nothing is ever lost by rewriting.
 */

typedef struct TpHistory TpHistory;

typedef struct {
	guint32 id;
	gint64 start; /* Unix time, seconds */
	gint64 end;
	char *device; /* address */
	char *model;
	char *muscle;
	char *side;
	char *program; /* id, with ".variant" when it has one */
	guint32 seconds;
	char *reason;
	int pain_before; /* 0-10, -1 if not given */
	int pain_after;
	/* Whose session it was; records from before tpd kept users are
	 * root's (0). */
	guint32 uid;
} TpHistoryEntry;

/* Every person's records, for the queries below. */
#define TP_HISTORY_ALL_USERS G_MAXUINT32

#define TP_PAIN_MAX 10

/* Load @path (a missing file is an empty history); damaged lines are
 * added to @problems as "path:line: ...". */
TpHistory *tp_history_load(const char *path, TpProblems *problems);
void tp_history_free(TpHistory *h);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TpHistory, tp_history_free)

/* Append a copy of @entry in memory, giving it the next id (returned);
 * tp_history_sync() writes it. Queries see it at once. */
guint32 tp_history_append(TpHistory *h, const TpHistoryEntry *entry);
/* Write the file if anything changed since it was last written; false
 * with @error if that failed (what changed is kept in memory and written
 * with the next sync). */
bool tp_history_sync(TpHistory *h, GError **error);
/* Append and sync. */
bool tp_history_add(TpHistory *h, const TpHistoryEntry *entry, guint32 *id,
		    GError **error);
/* Set the pain after session @id, and sync. */
bool tp_history_rate(TpHistory *h, guint32 id, int pain, GError **error);
/* The same, for a session of @uid only: anyone else's is not found. */
bool tp_history_rate_for(TpHistory *h, guint32 uid, guint32 id, int pain,
			 GError **error);

/* Entries, oldest first (TpHistoryEntry*, owned by the history),
 * optionally of one muscle, since a time, the last @limit (0: all). */
GPtrArray *tp_history_query_for(TpHistory *h, guint32 uid, const char *muscle,
				gint64 since, guint limit);
/* Of every user. */
GPtrArray *tp_history_query(TpHistory *h, const char *muscle, gint64 since,
			    guint limit);

GVariant *tp_history_entry_to_variant(const TpHistoryEntry *e);
