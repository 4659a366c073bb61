/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <adwaita.h>

#include "tp-app.h"

G_BEGIN_DECLS

/*
 * The choices before a session: device, side, program, intensity scale
 * and the pain now. Each control sets the state of an app action
 * (app.device, app.side, app.program, app.scale, app.pain-before), and
 * the form shows those states, so a choice made through the action and
 * one made with the mouse are the same.
 */
#define TP_TYPE_SESSION_FORM (tp_session_form_get_type())
G_DECLARE_FINAL_TYPE(TpSessionForm, tp_session_form, TP, SESSION_FORM, AdwBin)

GtkWidget *tp_session_form_new(TpApp *app);
/* Offers what suits @muscle (a ListMuscles dictionary) and sets the
 * actions to its defaults: the first connected device allowed on it,
 * both sides (or the only one), its suggested program, scale 1, no
 * pain given. */
void tp_session_form_set_muscle(TpSessionForm *form, GVariant *muscle);
/* Shows the actions' states; offers the devices connected now. */
void tp_session_form_sync(TpSessionForm *form);
/* Buttons 0 to 10 bound to the action @action (type i): the pain now and
 * the pain after a session. */
GtkWidget *tp_pain_buttons_new(const char *action, const char *a11y_label);

G_END_DECLS
