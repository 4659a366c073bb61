/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

/* "1:05" for 65 seconds. */
char *tp_format_duration(guint32 seconds);
/* "a, b, c" for an "as" value inside a dictionary. */
char *tp_format_list(GVariant *dict, const char *key);
/* @text padded with spaces to @width characters on screen (printf's
 * widths count bytes, and "→" is three). */
char *tp_format_pad(const char *text, guint width);
