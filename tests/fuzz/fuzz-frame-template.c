/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Frame templates ([Frame] Frame= and Stop= of a model file, which users
 * may drop into /etc/tpd/models.d): the input is a level (4 bytes, host
 * order) and the template text. The level is fuzzed because rendering is
 * where lengths and checksums depend on it ({level:dec}, {sum8:A..B}).
 */
#include <string.h>

#include "common/frame-template.h"
#include "fuzz-common.h"

/* The edges of every placeholder's range, besides the fuzzed level. */
static const unsigned tp_fuzz_levels[] = { 0,	1,   9,	    10,	   15,	     16,
					   255, 256, 65535, 65536, G_MAXUINT };

/* A rendered frame fits TP_FRAME_MAX, and rendering is a pure function:
 * the model check at load time relies on run time giving the same bytes. */
static void tp_fuzz_render(const TpFrameTemplate *t, unsigned level)
{
	uint8_t first[TP_FRAME_MAX], again[TP_FRAME_MAX];
	size_t first_len = 0, again_len = 0;
	const char *why = NULL;

	if (!tp_frame_template_render(t, level, first, &first_len, &why)) {
		TP_FUZZ_CHECK(why != NULL);
		return;
	}
	TP_FUZZ_CHECK(first_len <= TP_FRAME_MAX);
	TP_FUZZ_CHECK(
	    tp_frame_template_render(t, level, again, &again_len, &why));
	TP_FUZZ_CHECK(again_len == first_len &&
		      memcmp(again, first, first_len) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TpFrameTemplate) t = NULL;
	g_autofree char *text = NULL;
	uint32_t level;

	if (size < sizeof(level))
		return 0;
	memcpy(&level, data, sizeof(level));
	text = tp_fuzz_string(data + sizeof(level), size - sizeof(level));
	t = tp_frame_template_parse(text, &error);
	if (!t) {
		TP_FUZZ_CHECK(error != NULL && error->message != NULL);
		return 0;
	}
	tp_fuzz_render(t, level);
	for (size_t i = 0; i < G_N_ELEMENTS(tp_fuzz_levels); i++)
		tp_fuzz_render(t, tp_fuzz_levels[i]);
	return 0;
}
