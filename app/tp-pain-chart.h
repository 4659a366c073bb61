/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * The pain ratings of one muscle's sessions over days and weeks, drawn by
 * the app: time along, pain 0 to 10 up, pain before each session and
 * pain after it as two marked lines, with a legend. Its accessible
 * description says the same in words.
 */
#define TP_TYPE_PAIN_CHART (tp_pain_chart_get_type())
G_DECLARE_FINAL_TYPE(TpPainChart, tp_pain_chart, TP, PAIN_CHART, GtkWidget)

GtkWidget *tp_pain_chart_new(void);
/* @sessions: what Manager.GetHistory returns (aa{sv}, oldest first) for
 * one muscle; read: Start (x, Unix seconds), PainBefore (u) and
 * PainAfter (u), each optional. NULL or empty: the chart says there is
 * nothing to draw yet. A floating @sessions is sunk; the chart copies
 * what it draws and keeps no reference. A session without Start is left
 * out; a rating above 10 is taken as no rating. */
void tp_pain_chart_set_sessions(TpPainChart *chart, GVariant *sessions);

G_END_DECLS
