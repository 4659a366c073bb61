/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>

#include "common/datafile-pack.h"

/* One muscle of the catalog: data/muscles/<id>.muscle, group [Muscle]. */
typedef struct {
	char *id; /* the file name without .muscle */
	char *name;
	char *region;
	char **sides;		/* "left" "right", or "center" */
	char **zones;		/* tp_zone_names, most typical first */
	unsigned *zone_weights; /* 1-10 each: how strongly it refers there */
	unsigned max_intensity; /* percent */
	unsigned spot_limit;	/* seconds on one spot with a gun */
	unsigned hold_limit;	/* seconds of a static hold (roller, wand) */
	unsigned session_limit; /* seconds per session */
	char **tools;		/* tp_tool_kinds allowed on it */
	char *program;		/* suggested program id */
	char *attachment;	/* suggested gun attachment, optional */
	char *cautions;
	char **sources;
} TpMuscle;

/* Parse a muscle; NULL (with problems added) when malformed. */
TpMuscle *tp_muscle_parse(TpDataFile *file, const char *id,
			  TpProblems *problems);
void tp_muscle_free(TpMuscle *muscle);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TpMuscle, tp_muscle_free)
/* A read-only copy of @muscle in @pack, freed with it (never with
 * tp_muscle_free()). */
TpMuscle *tp_muscle_pack(const TpMuscle *muscle, TpPack *pack);

bool tp_muscle_is_bilateral(const TpMuscle *muscle);
/* How strongly the muscle refers pain to @zone, 1-10; 0 if it does not. */
unsigned tp_muscle_zone_weight(const TpMuscle *muscle, const char *zone);
bool tp_muscle_allows_tool(const TpMuscle *muscle, const char *kind);
/* The longest time on one spot for a @kind of tool: SpotLimit for guns,
 * HoldLimit for rollers and wands. */
unsigned tp_muscle_spot_limit(const TpMuscle *muscle, const char *kind);
