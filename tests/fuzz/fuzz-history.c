/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The session history file (/var/lib/tpd/history), one GVariant text
 * dictionary a line, through tp_history_load(), which takes a path: the
 * input is served from a memfd (fuzz-common.c). Whatever loads is then
 * queried, rated and listed as the History API does. Saving fails at once
 * (nothing can be created in /proc/self/fd), so nothing is written, but
 * everything up to the write runs.
 */
#include "fuzz-common.h"
#include "therapy/history.h"

/* GetHistory sends each entry as a{sv}. */
static void tp_fuzz_list(TpHistory *h, const char *muscle, gint64 since,
			 guint limit)
{
	g_autoptr(GPtrArray) found = tp_history_query(h, muscle, since, limit);

	TP_FUZZ_CHECK(limit == 0 || found->len <= limit);
	for (guint i = 0; i < found->len; i++) {
		g_autoptr(GVariant) v = g_variant_ref_sink(
		    tp_history_entry_to_variant(found->pdata[i]));
		TP_FUZZ_CHECK(g_variant_is_of_type(v, G_VARIANT_TYPE_VARDICT));
	}
}

/* RateSession and a new session: both rewrite the whole file, changed
 * lines from their entries (keeping unknown keys), others as read. The
 * new session's id must be one no session had. */
static void tp_fuzz_change(TpHistory *h, GPtrArray *all)
{
	const TpHistoryEntry *first = all->pdata[0];
	TpHistoryEntry copy = *first;
	g_autoptr(GError) rate_error = NULL;
	g_autoptr(GError) add_error = NULL;
	guint32 id = 0;

	TP_FUZZ_CHECK(!tp_history_rate(h, first->id, 3, &rate_error));
	TP_FUZZ_CHECK(rate_error != NULL);
	TP_FUZZ_CHECK(!tp_history_add(h, &copy, &id, &add_error));
	for (guint i = 0; i < all->len; i++)
		TP_FUZZ_CHECK(((TpHistoryEntry *)all->pdata[i])->id != id);
}

static void tp_fuzz_use(TpHistory *h)
{
	g_autoptr(GPtrArray) all = tp_history_query(h, NULL, 0, 0);
	const TpHistoryEntry *first;

	tp_fuzz_list(h, NULL, G_MININT64, 0);
	if (all->len == 0)
		return;
	first = all->pdata[0];
	tp_fuzz_list(h, first->muscle, first->start, 2);
	tp_fuzz_change(h, all);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(GPtrArray) problems = tp_problems_new();
	g_autoptr(TpHistory) h =
	    tp_history_load(tp_fuzz_file(data, size), problems);

	TP_FUZZ_CHECK(h != NULL);
	tp_fuzz_use(h);
	return 0;
}
