/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Muscle files (data/muscles/NAME.muscle, and whatever an administrator puts
 * in a data directory): loaded as tpd loads them, then used as the API
 * uses a muscle, so that a file that loads can also be served.
 */
#include "api/api.h"
#include "fuzz-common.h"
#include "therapy/muscle.h"
#include "therapy/vocabulary.h"

/* The summary ListMuscles and FindMuscles send: every string must be
 * valid for D-Bus, or GLib complains (and the fuzzer aborts). */
static void tp_fuzz_summary(const TpMuscle *m)
{
	GVariantDict d;
	g_autoptr(GVariant) dict = NULL;

	g_variant_dict_init(&d, NULL);
	tp_muscle_dict_add_summary(&d, m);
	dict = g_variant_ref_sink(g_variant_dict_end(&d));
	TP_FUZZ_CHECK(g_variant_n_children(dict) > 0);
}

static void tp_fuzz_use(const TpMuscle *m)
{
	tp_muscle_is_bilateral(m);
	for (const char *const *zone = tp_zone_names; *zone; zone++)
		TP_FUZZ_CHECK(tp_muscle_zone_weight(m, *zone) <= 10);
	TP_FUZZ_CHECK(tp_muscle_zone_weight(m, "nowhere") == 0);
	for (const char *const *kind = tp_tool_kinds; *kind; kind++) {
		tp_muscle_allows_tool(m, *kind);
		tp_muscle_spot_limit(m, *kind);
	}
	tp_fuzz_summary(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(GPtrArray) problems = tp_problems_new();
	g_autoptr(TpDataFile) file = tp_data_file_load_data(
	    "fuzz.muscle", (const char *)data, size, problems);
	g_autoptr(TpMuscle) m =
	    file ? tp_muscle_parse(file, "fuzz", problems) : NULL;

	if (!tp_fuzz_parsed(m, problems))
		return 0;
	tp_fuzz_use(m);
	return 0;
}
