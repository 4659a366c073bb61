/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Device model files (data/models/NAME.model, and /etc/tpd/models.d, where
 * users add devices): loaded as tpd loads them, then driven as a massager
 * drives one. A model that loads promises that every speed or level of
 * its range can be encoded (the frame protocol g_critical()s otherwise).
 */
#include "device/model.h"
#include "fuzz-common.h"

/* Every intensity maps into the model's range and encodes. */
static void tp_fuzz_drive(const TpModel *m)
{
	const TpProtocol *p = tp_protocol_lookup(m->protocol);
	const TpRange *range = tp_model_range(m);
	TpFrame frame;

	TP_FUZZ_CHECK(p != NULL);
	TP_FUZZ_CHECK(range->low <= range->high);
	TP_FUZZ_CHECK(p->encode_stop(&m->params, &frame));
	TP_FUZZ_CHECK(frame.channel == m->params.stop_channel);
	for (size_t i = 0; i < m->params.n_init; i++) {
		TP_FUZZ_CHECK(p->encode_init(&m->params, i, &frame));
		TP_FUZZ_CHECK(frame.len > 0 && frame.len <= TP_FRAME_MAX);
		TP_FUZZ_CHECK(frame.channel < g_strv_length(m->write_chars));
	}
	for (unsigned intensity = 0; intensity <= 100; intensity++) {
		unsigned speed = tp_model_speed_for(m, intensity);

		TP_FUZZ_CHECK(intensity == 0 ||
			      (speed >= range->low && speed <= range->high));
		TP_FUZZ_CHECK(p->encode_speed(&m->params, speed, &frame));
		TP_FUZZ_CHECK(frame.len > 0 && frame.len <= TP_FRAME_MAX);
		TP_FUZZ_CHECK(frame.channel < g_strv_length(m->write_chars));
	}
}

/* Discovery matches advertisements against [Match]; the names are glob
 * patterns from the file. */
static void tp_fuzz_match(const TpModel *m)
{
	const char *const none[] = { NULL };

	TP_FUZZ_CHECK(tp_model_kind(m) != NULL);
	tp_model_matches(m, "Pro", (const char *const *)m->services);
	tp_model_matches(m, m->names[0], (const char *const *)m->services);
	TP_FUZZ_CHECK(!tp_model_matches(m, m->names[0], none) ||
		      !m->services[0]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(GPtrArray) problems = tp_problems_new();
	g_autoptr(TpDataFile) file = tp_data_file_load_data(
	    "fuzz.model", (const char *)data, size, problems);
	g_autoptr(TpModel) m =
	    file ? tp_model_parse(file, "fuzz", problems) : NULL;

	if (!tp_fuzz_parsed(m, problems))
		return 0;
	tp_fuzz_drive(m);
	tp_fuzz_match(m);
	return 0;
}
