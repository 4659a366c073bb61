/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "color.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

bool tp_color_enabled(FILE *stream)
{
	const char *no_color = getenv("NO_COLOR");
	const char *term = getenv("TERM");

	if (no_color && *no_color)
		return false;
	if (term && strcmp(term, "dumb") == 0)
		return false;
	return isatty(fileno(stream));
}

const char *tp_style(FILE *stream, TpStyle style)
{
	static const char *const escapes[] = {
		[TP_STYLE_BOLD] = "\033[1m",	[TP_STYLE_DIM] = "\033[2m",
		[TP_STYLE_WARN] = "\033[1;33m", [TP_STYLE_ERROR] = "\033[1;31m",
		[TP_STYLE_GOOD] = "\033[32m",
	};

	return tp_color_enabled(stream) ? escapes[style] : "";
}

const char *tp_style_end(FILE *stream)
{
	return tp_color_enabled(stream) ? "\033[0m" : "";
}
