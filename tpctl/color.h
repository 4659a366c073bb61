/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>
#include <stdio.h>

/*
 * Colours and emphasis, only where a person reads a terminal: never when
 * the stream is not a TTY, when TERM is "dumb", or when NO_COLOR is set
 * to anything non-empty (no-color.org).
 */
typedef enum {
	TP_STYLE_BOLD,
	TP_STYLE_DIM,
	TP_STYLE_WARN,	/* cautions */
	TP_STYLE_ERROR, /* failures */
	TP_STYLE_GOOD,	/* completed, pain going down */
} TpStyle;

bool tp_color_enabled(FILE *stream);
/* The escape that starts @style on @stream, or "" without colours. */
const char *tp_style(FILE *stream, TpStyle style);
/* The escape that ends any style, or "". */
const char *tp_style_end(FILE *stream);
