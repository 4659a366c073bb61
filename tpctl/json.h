/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

/* JSON text for a GVariant: dictionaries with string keys become objects,
 * other containers arrays, variants their content. */
char *tp_json_from_variant(GVariant *value);
/* Print it with a newline. */
void tp_json_print(GVariant *value);
/* Print it on one line and flush, for a reader that takes a line at a
 * time through a pipe (JSON Lines). */
void tp_json_print_line(GVariant *value);
