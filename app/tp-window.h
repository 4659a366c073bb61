/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <adwaita.h>

#include "tp-app.h"
#include "tp-page-devices.h"
#include "tp-page-history.h"
#include "tp-page-pain.h"
#include "tp-page-session.h"

G_BEGIN_DECLS

/*
 * The window: a waiting page while tpd is absent, a page saying how to
 * get access after NotPermitted, and otherwise the four pages (where it
 * hurts, session, devices, history) above a Stop button that is always
 * there.
 */
#define TP_TYPE_WINDOW (tp_window_get_type())
G_DECLARE_FINAL_TYPE(TpWindow, tp_window, TP, WINDOW, AdwApplicationWindow)

/* Page names, also the states of the action app.page. */
#define TP_PAGE_NAME_PAIN    "pain"
#define TP_PAGE_NAME_SESSION "session"
#define TP_PAGE_NAME_DEVICES "devices"
#define TP_PAGE_NAME_HISTORY "history"

TpWindow *tp_window_new(TpApp *app);
void tp_window_show_page(TpWindow *win, const char *name);
TpPagePain *tp_window_get_pain(TpWindow *win);
TpPageSession *tp_window_get_session(TpWindow *win);
TpPageDevices *tp_window_get_devices(TpWindow *win);
TpPageHistory *tp_window_get_history(TpWindow *win);
/* Tells the person that @what failed: NotPermitted shows the page on how
 * to get access; anything else a toast with tpd's message. */
void tp_window_report_error(GtkWidget *from, const char *what,
			    const GError *error);
void tp_window_toast(GtkWidget *from, const char *text);
/* The reply of a call to tpd (tp_tpd_call) made for @from; NULL when it
 * was cancelled (nothing said) or failed (reported as @what, as above). */
GVariant *tp_window_reply(GtkWidget *from, const char *what, GObject *source,
			  GAsyncResult *result);

G_END_DECLS
