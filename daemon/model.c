/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "model.h"

#include <stddef.h>

#include "protocol.h"
#include "vocabulary.h"

#define TP_MODEL_GROUP "Model"

static const TpField tp_model_fields[] = {
	{ "Name", TP_FIELD_STRING, offsetof(TpModel, name), true },
	{ "Kind", TP_FIELD_ENUM, offsetof(TpModel, kind), true,
	  .choices = tp_tool_kinds },
	{ "Protocol", TP_FIELD_STRING, offsetof(TpModel, protocol), true },
	{ "Speed", TP_FIELD_RANGE, offsetof(TpModel, speed), true, 1, 20000 },
	{ "MaxIntensity", TP_FIELD_UINT, offsetof(TpModel, max_intensity),
	  false, 1, 100 },
	{ "Experimental", TP_FIELD_BOOL, offsetof(TpModel, experimental),
	  true },
	{ "Sources", TP_FIELD_STRV, offsetof(TpModel, sources), true },
	{ NULL },
};

void tp_model_free(TpModel *model)
{
	if (!model)
		return;
	tp_fields_clear(tp_model_fields, model);
	g_free(model->id);
	g_free(model);
}

TpModel *tp_model_parse(TpDataFile *file, const char *id, TpProblems *problems)
{
	static const char *const groups[] = { TP_MODEL_GROUP, NULL };
	g_autoptr(TpModel) m = g_new0(TpModel, 1);

	if (!tp_data_file_check_groups(file, groups, problems) ||
	    !tp_data_file_require_group(file, TP_MODEL_GROUP, problems))
		return NULL;
	m->id = g_strdup(id);
	m->max_intensity = 100;
	if (!tp_data_file_parse_group(file, TP_MODEL_GROUP, tp_model_fields, m,
				      problems))
		return NULL;
	if (!tp_protocol_lookup(m->protocol)) {
		tp_data_file_problem(file, problems, TP_MODEL_GROUP, "Protocol",
				     "unknown protocol '%s'", m->protocol);
		return NULL;
	}
	if (g_strv_length(m->sources) == 0) {
		tp_data_file_problem(file, problems, TP_MODEL_GROUP, "Sources",
				     "list at least one source");
		return NULL;
	}
	return g_steal_pointer(&m);
}

const char *tp_model_kind(const TpModel *model)
{
	return tp_tool_kinds[model->kind];
}

unsigned tp_model_speed_for(const TpModel *model, unsigned intensity)
{
	unsigned span = model->speed.high - model->speed.low;

	if (intensity == 0)
		return 0;
	intensity = MIN(intensity, 100u);
	/* 1 % is the bottom of the therapeutic range, 100 % the top. */
	return model->speed.low + (span * (intensity - 1) + 49) / 99;
}
