/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <adwaita.h>

#include "tp-app.h"

G_BEGIN_DECLS

#define TP_TYPE_PAGE_SESSION (tp_page_session_get_type())
G_DECLARE_FINAL_TYPE(TpPageSession, tp_page_session, TP, PAGE_SESSION, AdwBin)

GtkWidget *tp_page_session_new(TpApp *app);
/* Prepares a session on @muscle: its sides, its suggested program and its
 * cautions; sets the actions app.side and app.program to its defaults. */
void tp_page_session_set_muscle(TpPageSession *page, const char *muscle);
/* Shows the states of app.side, app.program, app.scale, app.pain-before. */
void tp_page_session_sync(TpPageSession *page);
/* Shows the cautions; the motor starts only once they are acknowledged
 * (app.start-acknowledged, from the dialog's Start). */
void tp_page_session_start(TpPageSession *page);
void tp_page_session_start_acknowledged(TpPageSession *page);
/* Pause, Resume or Skip on the app's session. */
void tp_page_session_call(TpPageSession *page, const char *method);
/* The pain after the session that just ended, 0 to 10. */
void tp_page_session_rate(TpPageSession *page, int pain);

G_END_DECLS
