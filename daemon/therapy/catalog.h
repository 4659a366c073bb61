/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "common/datafile.h"
#include "device/model.h"
#include "muscle.h"
#include "program.h"

/*
 * Muscles, programs and device models, loaded from data directories:
 * *.muscle, *.program and *.model files, anywhere below each directory.
 * A malformed file is reported (file:line) and skipped; the rest loads.
 * A later directory overrides files of the same id from an earlier one.
 * What loaded is packed (common/datafile-pack.h): read-only, and freed
 * only with the catalog, even a file a later directory overrode (rare, and
 * a kilobyte or so).
 */
typedef struct {
	GHashTable *muscles;  /* id -> TpMuscle* */
	GHashTable *programs; /* key ("release.gun") -> TpProgram* */
	GHashTable *models;   /* id -> TpModel* */
	TpPack *pack;	      /* where they all are */
} TpCatalog;

TpCatalog *tp_catalog_new(void);
void tp_catalog_free(TpCatalog *catalog);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TpCatalog, tp_catalog_free)

/* Load every data file below @dir; problems are appended. A missing
 * directory is not a problem unless @required. Returns files loaded. */
unsigned tp_catalog_load_dir(TpCatalog *catalog, const char *dir, bool required,
			     TpProblems *problems);
/* Checks across files: references to programs that do not exist, and two
 * variants of one program for the same tool. */
void tp_catalog_check(TpCatalog *catalog, TpProblems *problems);

/* Whether program @id exists, in any variant. */
bool tp_catalog_has_program(const TpCatalog *catalog, const char *id);
/* Program ids, sorted, each once; free the array only. */
const char **tp_catalog_program_ids(const TpCatalog *catalog);
/* The variant of program @id made for a @kind of tool, or NULL. */
const TpProgram *tp_catalog_program_for(const TpCatalog *catalog,
					const char *id, const char *kind);

/* Sorted ids, for listings; free the array only. */
const char **tp_catalog_sorted_ids(GHashTable *table);
/* The service UUIDs of every model, each once, sorted (NULL-terminated;
 * g_strfreev). */
char **tp_catalog_service_uuids(const TpCatalog *c);
