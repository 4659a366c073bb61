/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <adwaita.h>

#include "tp-app.h"

G_BEGIN_DECLS

#define TP_TYPE_PAGE_HISTORY (tp_page_history_get_type())
G_DECLARE_FINAL_TYPE(TpPageHistory, tp_page_history, TP, PAGE_HISTORY, AdwBin)

GtkWidget *tp_page_history_new(TpApp *app);
/* Shows the sessions and the pain trend of @muscle ("" for the muscle
 * of the latest session). */
void tp_page_history_show_muscle(TpPageHistory *page, const char *muscle);

G_END_DECLS
