/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gtk/gtk.h>

#include "tp-body-zones.h"

G_BEGIN_DECLS

/*
 * One view (front or back) of the app's body drawing with a labelled
 * button for each referral zone that lies on it, in columns either side
 * of the figure and joined to its point by a line. A button activates
 * the action "app.choose-zone" with the zone's id as its target, so the
 * map is driven from the keyboard, by a pointer or through the action.
 */
#define TP_TYPE_BODY_MAP (tp_body_map_get_type())
G_DECLARE_FINAL_TYPE(TpBodyMap, tp_body_map, TP, BODY_MAP, GtkWidget)

GtkWidget *tp_body_map_new(TpBodyView view);
/* Replaces the buttons with one per zone of @zones (ids from ListZones)
 * that this view shows; zones the app cannot place are left out here
 * (tp_body_zone_find returns NULL for them). */
void tp_body_map_set_zones(TpBodyMap *map, const char *const *zones);
/* Marks @zone (or nothing, NULL) as the chosen one. */
void tp_body_map_set_selected(TpBodyMap *map, const char *zone);

G_END_DECLS
