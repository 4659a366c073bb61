/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

#include "catalog.h"

/*
 * "Where does it hurt": from a body zone, or the plain words people use
 * for it ("behind the eye", "sciatica", "low back"), to the muscles whose
 * trigger points are known to refer pain there, most likely first.
 */

typedef struct {
	const TpMuscle *muscle;
	const char *zone; /* the zone it refers to, of those asked */
	unsigned weight;  /* 1-10, from the muscle file */
} TpFinding;

/* The zones @words mean: a zone name ("behind-eye"), one written with
 * spaces ("behind the eye"), or an alias ("sciatica"). NULL with a
 * TP_ERROR_NOT_FOUND error (and a suggestion) if none. */
GPtrArray *tp_zones_for(const char *words, GError **error);

/* Muscles referring to the zones of @words, ranked: highest weight
 * first, then by id. An array of TpFinding. */
GArray *tp_find_muscles(const TpCatalog *catalog, const char *words,
			GError **error);

/* Aliases, for documentation and completion: NULL-terminated pairs of
 * words and the zones they mean ("sciatica", "buttock;back-of-thigh"). */
extern const char *const tp_zone_aliases[];
