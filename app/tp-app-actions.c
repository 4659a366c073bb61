/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The app's actions: every control of the window activates one of these,
 * and GtkApplication exports them on the session bus (org.gtk.Actions at
 * /io/tpd/App), documented in tpd-app(1), section ACTIONS. Stateful
 * actions hold the choices of the flow (zone, muscle, side, program,
 * scale, pain before, page), so their state is what the window shows.
 */
#include <glib/gi18n.h>

#include "tp-app.h"
#include "tp-window.h"

static TpWindow *tp_find_window(GtkApplication *app)
{
	for (GList *l = gtk_application_get_windows(app); l; l = l->next)
		if (TP_IS_WINDOW(l->data))
			return l->data;
	return NULL;
}

/* The app's window (not a dialog of it), made if an action comes first. */
static TpWindow *tp_app_window(gpointer data)
{
	TpWindow *win = tp_find_window(data);

	if (!win) {
		g_application_activate(G_APPLICATION(data));
		win = tp_find_window(data);
	}
	return win;
}

static void tp_on_choose_zone(GSimpleAction *action, GVariant *zone,
			      gpointer app)
{
	TpWindow *win = tp_app_window(app);

	g_simple_action_set_state(action, zone);
	tp_page_pain_choose_zone(tp_window_get_pain(win),
				 g_variant_get_string(zone, NULL));
	tp_window_show_page(win, TP_PAGE_NAME_PAIN);
}

static void tp_on_choose_muscle(GSimpleAction *action, GVariant *muscle,
				gpointer app)
{
	TpWindow *win = tp_app_window(app);

	g_simple_action_set_state(action, muscle);
	tp_page_session_set_muscle(tp_window_get_session(win),
				   g_variant_get_string(muscle, NULL));
	tp_window_show_page(win, TP_PAGE_NAME_SESSION);
}

/* Side, program, scale and pain before: the session page's setup. */
static void tp_on_change_setup(GSimpleAction *action, GVariant *value,
			       gpointer app)
{
	g_simple_action_set_state(action, value);
	tp_page_session_sync(tp_window_get_session(tp_app_window(app)));
}

static void tp_on_start(GSimpleAction *action, GVariant *unused, gpointer app)
{
	tp_page_session_start(tp_window_get_session(tp_app_window(app)));
}

static void tp_on_start_acknowledged(GSimpleAction *action, GVariant *unused,
				     gpointer app)
{
	tp_page_session_start_acknowledged(
	    tp_window_get_session(tp_app_window(app)));
}

static void tp_on_stopped(GObject *source, GAsyncResult *result, gpointer data)
{
	g_autoptr(GtkWindow) win = data;
	g_autoptr(GVariant) reply =
	    tp_window_reply(GTK_WIDGET(win), _("Stopping"), source, result);
}

/* Stop is StopAll: whoever reaches for it wants every motor still, its
 * own session or not. A refusal is said as loudly as any error: the
 * person must know the motor may still run. */
static void tp_on_stop(GSimpleAction *action, GVariant *unused, gpointer app)
{
	tp_tpd_call(tp_app_get_tpd(app), TP_TPD_PATH, TP_TPD_MANAGER, "StopAll",
		    NULL, NULL, NULL, tp_on_stopped,
		    g_object_ref(tp_app_window(app)));
}

static void tp_on_pause(GSimpleAction *action, GVariant *unused, gpointer app)
{
	tp_page_session_call(tp_window_get_session(tp_app_window(app)),
			     "Pause");
}

static void tp_on_resume(GSimpleAction *action, GVariant *unused, gpointer app)
{
	tp_page_session_call(tp_window_get_session(tp_app_window(app)),
			     "Resume");
}

static void tp_on_skip(GSimpleAction *action, GVariant *unused, gpointer app)
{
	tp_page_session_call(tp_window_get_session(tp_app_window(app)), "Skip");
}

static void tp_on_rate(GSimpleAction *action, GVariant *pain, gpointer app)
{
	tp_page_session_rate(tp_window_get_session(tp_app_window(app)),
			     g_variant_get_int32(pain));
}

static void tp_on_change_page(GSimpleAction *action, GVariant *page,
			      gpointer app)
{
	tp_window_show_page(tp_app_window(app),
			    g_variant_get_string(page, NULL));
}

static void tp_on_change_scan(GSimpleAction *action, GVariant *on, gpointer app)
{
	tp_page_devices_scan(tp_window_get_devices(tp_app_window(app)),
			     g_variant_get_boolean(on));
}

static void tp_on_connect(GSimpleAction *action, GVariant *path, gpointer app)
{
	tp_page_devices_call(tp_window_get_devices(tp_app_window(app)),
			     g_variant_get_string(path, NULL), "Connect");
}

static void tp_on_disconnect(GSimpleAction *action, GVariant *path,
			     gpointer app)
{
	tp_page_devices_call(tp_window_get_devices(tp_app_window(app)),
			     g_variant_get_string(path, NULL), "Disconnect");
}

static void tp_on_history_muscle(GSimpleAction *action, GVariant *muscle,
				 gpointer app)
{
	TpWindow *win = tp_app_window(app);

	g_simple_action_set_state(action, muscle);
	tp_page_history_show_muscle(tp_window_get_history(win),
				    g_variant_get_string(muscle, NULL));
	tp_window_show_page(win, TP_PAGE_NAME_HISTORY);
}

static void tp_on_quit(GSimpleAction *action, GVariant *unused, gpointer app)
{
	g_application_quit(app);
}

static const GActionEntry tp_app_actions[] = {
	{ "choose-zone", NULL, "s", "''", tp_on_choose_zone },
	{ "choose-muscle", NULL, "s", "''", tp_on_choose_muscle },
	{ "device", NULL, "s", "''", tp_on_change_setup },
	{ "side", NULL, "s", "''", tp_on_change_setup },
	{ "program", NULL, "s", "''", tp_on_change_setup },
	{ "scale", NULL, "d", "1.0", tp_on_change_setup },
	{ "pain-before", NULL, "i", "-1", tp_on_change_setup },
	{ "start", tp_on_start },
	{ "start-acknowledged", tp_on_start_acknowledged },
	{ "stop", tp_on_stop },
	{ "pause", tp_on_pause },
	{ "resume", tp_on_resume },
	{ "skip", tp_on_skip },
	{ "rate", tp_on_rate, "i" },
	{ "page", NULL, "s", "'" TP_PAGE_NAME_PAIN "'", tp_on_change_page },
	{ "scan", NULL, NULL, "false", tp_on_change_scan },
	{ "connect", tp_on_connect, "s" },
	{ "disconnect", tp_on_disconnect, "s" },
	{ "history-muscle", NULL, "s", "''", tp_on_history_muscle },
	{ "quit", tp_on_quit },
};

static const char *const tp_stop_keys[] = { "Escape", "space", NULL };
static const char *const tp_no_keys[] = { NULL };

void tp_app_arm_stop_keys(TpApp *app, gboolean armed)
{
	/* Only while a session runs: otherwise Space must still press the
	 * focused button and Escape close dialogs. */
	gtk_application_set_accels_for_action(GTK_APPLICATION(app), "app.stop",
					      armed ? tp_stop_keys
						    : tp_no_keys);
}

void tp_app_add_actions(TpApp *app)
{
	static const char *const quit_keys[] = { "<Control>q", NULL };

	g_action_map_add_action_entries(G_ACTION_MAP(app), tp_app_actions,
					G_N_ELEMENTS(tp_app_actions), app);
	gtk_application_set_accels_for_action(GTK_APPLICATION(app), "app.quit",
					      quit_keys);
}
