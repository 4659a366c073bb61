/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <adwaita.h>

#include "tp-app.h"

G_BEGIN_DECLS

#define TP_TYPE_PAGE_PAIN (tp_page_pain_get_type())
G_DECLARE_FINAL_TYPE(TpPagePain, tp_page_pain, TP, PAGE_PAIN, AdwBin)

GtkWidget *tp_page_pain_new(TpApp *app);
/* Lists the muscles whose trigger points refer pain to @zone, most likely
 * first (Manager.FindMuscles), and marks the zone on the map. */
void tp_page_pain_choose_zone(TpPagePain *page, const char *zone);

G_END_DECLS
