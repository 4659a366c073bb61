/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>

#include "datafile.h"

/* A device model: data/models/<id>.model, group [Model]. */
typedef struct TpModel {
	char *id;
	char *name;
	int kind;		/* index into tp_tool_kinds */
	char *protocol;		/* protocol driver name */
	TpRange speed;		/* therapeutic range, per minute */
	unsigned max_intensity; /* percent of that range the model allows */
	bool experimental; /* the protocol rests on one unverified source */
	char **sources;
} TpModel;

TpModel *tp_model_parse(TpDataFile *file, const char *id, TpProblems *problems);
void tp_model_free(TpModel *model);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TpModel, tp_model_free)

const char *tp_model_kind(const TpModel *model);

/* Speed for an intensity in percent: 0 is stopped, 1–100 spread over the
 * therapeutic range. */
unsigned tp_model_speed_for(const TpModel *model, unsigned intensity);
