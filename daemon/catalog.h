/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "datafile.h"
#include "model.h"
#include "muscle.h"
#include "program.h"

/*
 * Muscles, programs and device models, loaded from data directories:
 * *.muscle, *.program and *.model files, anywhere below each directory.
 * A malformed file is reported (file:line) and skipped; the rest loads.
 * A later directory overrides files of the same id from an earlier one.
 */
typedef struct {
	GHashTable *muscles;  /* id -> TpMuscle* */
	GHashTable *programs; /* id -> TpProgram* */
	GHashTable *models;   /* id -> TpModel* */
} TpCatalog;

TpCatalog *tp_catalog_new(void);
void tp_catalog_free(TpCatalog *catalog);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TpCatalog, tp_catalog_free)

/* Load every data file below @dir; problems are appended. A missing
 * directory is not a problem unless @required. Returns files loaded. */
unsigned tp_catalog_load_dir(TpCatalog *catalog, const char *dir, bool required,
			     TpProblems *problems);
/* Checks across files: references to programs that do not exist. */
void tp_catalog_check(TpCatalog *catalog, TpProblems *problems);

/* Sorted ids, for listings; free the array only. */
const char **tp_catalog_sorted_ids(GHashTable *table);
