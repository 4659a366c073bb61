/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

/* The candidate closest to @word by edit distance, if close enough to be
 * a likely typo, else NULL. For "did you mean ...?" messages. */
const char *tp_suggest(const char *word, const char *const *candidates);
