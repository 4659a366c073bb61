/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <adwaita.h>

#include "tp-tpd.h"

G_BEGIN_DECLS

/*
 * The application: one window, the connection to tpd, and the actions
 * every control of the window activates (see tp-app-actions.c). Actions
 * are exported on the session bus (org.gtk.Actions at /io/tpd/App), so
 * tests and scripts drive the app the way a person does.
 */
#define TP_TYPE_APP (tp_app_get_type())
G_DECLARE_FINAL_TYPE(TpApp, tp_app, TP, APP, AdwApplication)

TpApp *tp_app_new(void);
TpTpd *tp_app_get_tpd(TpApp *app);
/* The state of the stateful action @name (borrowed). */
GVariant *tp_app_action_state(TpApp *app, const char *name);
/* The state of the string action @name ("" if it has none; borrowed). */
const char *tp_app_action_string(TpApp *app, const char *name);
/* Sets the state of @name without activating it (the window reflecting a
 * change made elsewhere). */
void tp_app_set_action_state(TpApp *app, const char *name, GVariant *state);
void tp_app_set_action_enabled(TpApp *app, const char *name, gboolean on);
/* Adds the app's actions; defined in tp-app-actions.c. */
void tp_app_add_actions(TpApp *app);
/* Escape and Space stop every motor while @armed (a session runs). */
void tp_app_arm_stop_keys(TpApp *app, gboolean armed);

G_END_DECLS
