/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

/*
 * Where each referral zone of tpd's catalog (Manager.ListZones) sits on
 * the app's own drawing of a body: which view shows it and the point on
 * that figure. The app knows the zones of today's catalog; a zone it does
 * not know is still offered, by its name, outside the drawing.
 */

typedef enum {
	TP_BODY_FRONT,
	TP_BODY_BACK,
} TpBodyView;

typedef struct {
	const char *id;	   /* as ListZones says it: "behind-eye" */
	const char *label; /* N_("Behind the eye"), translated by the reader */
	TpBodyView view;
	/* The point on the figure, as fractions of the figure's box (0,0 top
	 * left, 1,1 bottom right) seen as on a chart: the person's right side
	 * is on the left of the front view and on the right of the back.
	 * The map puts the button of a point left of the middle (x < 0.5)
	 * in the column left of the figure, the others right of it. */
	double x, y;
} TpBodyZone;

/* The zone of @id, or NULL when the app has no place for it. */
const TpBodyZone *tp_body_zone_find(const char *id);
/* A person's words for @id: the table's translated label, else the id
 * with its dashes as spaces and a capital first letter (g_free it). */
char *tp_body_zone_label(const char *id);
