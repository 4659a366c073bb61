/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "suggest.h"

#include <string.h>

static size_t tp_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	g_autofree size_t *row = g_new(size_t, lb + 1);

	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t cost = g_ascii_tolower(a[i - 1]) ==
					      g_ascii_tolower(b[j - 1])
					  ? 0
					  : 1;
			row[j] =
			    MIN(MIN(row[j] + 1, row[j - 1] + 1), diag + cost);
			diag = up;
		}
	}
	return row[lb];
}

const char *tp_suggest(const char *word, const char *const *candidates)
{
	/* Allow about one typo per four letters, at least two. */
	size_t best_distance = MAX(strlen(word) / 4, 2) + 1;
	const char *best = NULL;

	for (; candidates && *candidates; candidates++) {
		size_t d = tp_edit_distance(word, *candidates);
		/* A word that starts the candidate ("gluteus" for
		 * "gluteus-medius") is a good guess too. */
		if (strlen(word) >= 4 &&
		    g_ascii_strncasecmp(*candidates, word, strlen(word)) == 0)
			d = MIN(d, 1);
		if (d < best_distance) {
			best_distance = d;
			best = *candidates;
		}
	}
	return best;
}
