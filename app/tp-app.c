/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "tp-app.h"

#include <glib/gi18n.h>

#include "app-config.h"
#include "tp-window.h"

struct _TpApp {
	AdwApplication parent;
	GBusType bus_type;
	TpTpd *tpd;
};

G_DEFINE_FINAL_TYPE(TpApp, tp_app, ADW_TYPE_APPLICATION)

static const GOptionEntry tp_app_options[] = {
	{ "session", 0, 0, G_OPTION_ARG_NONE, NULL,
	  N_("Talk to a tpd on the session bus (the demo, tests)"), NULL },
	{ "version", 0, 0, G_OPTION_ARG_NONE, NULL,
	  N_("Show the app's version"), NULL },
	{ NULL },
};

static gint tp_app_handle_local_options(GApplication *gapp,
					GVariantDict *options)
{
	TpApp *app = TP_APP(gapp);

	if (g_variant_dict_contains(options, "version")) {
		g_print("tpd-app %s\n", TP_APP_VERSION);
		return 0;
	}
	if (g_variant_dict_contains(options, "session"))
		app->bus_type = G_BUS_TYPE_SESSION;
	return -1;
}

static void tp_app_startup(GApplication *gapp)
{
	TpApp *app = TP_APP(gapp);

	G_APPLICATION_CLASS(tp_app_parent_class)->startup(gapp);
	app->tpd = tp_tpd_new(app->bus_type);
	tp_app_add_actions(app);
}

static void tp_app_activate(GApplication *gapp)
{
	GtkWindow *win =
	    gtk_application_get_active_window(GTK_APPLICATION(gapp));

	if (!win)
		win = GTK_WINDOW(tp_window_new(TP_APP(gapp)));
	gtk_window_present(win);
}

static void tp_app_shutdown(GApplication *gapp)
{
	TpApp *app = TP_APP(gapp);

	G_APPLICATION_CLASS(tp_app_parent_class)->shutdown(gapp);
	g_clear_object(&app->tpd);
}

static void tp_app_class_init(TpAppClass *klass)
{
	GApplicationClass *app_class = G_APPLICATION_CLASS(klass);

	app_class->handle_local_options = tp_app_handle_local_options;
	app_class->startup = tp_app_startup;
	app_class->activate = tp_app_activate;
	app_class->shutdown = tp_app_shutdown;
}

static void tp_app_init(TpApp *app)
{
	app->bus_type = G_BUS_TYPE_SYSTEM;
	g_application_add_main_option_entries(G_APPLICATION(app),
					      tp_app_options);
}

TpApp *tp_app_new(void)
{
	return g_object_new(TP_TYPE_APP, "application-id", TP_APP_ID, "flags",
			    G_APPLICATION_DEFAULT_FLAGS, NULL);
}

TpTpd *tp_app_get_tpd(TpApp *app)
{
	return app->tpd;
}

GVariant *tp_app_action_state(TpApp *app, const char *name)
{
	GAction *action = g_action_map_lookup_action(G_ACTION_MAP(app), name);
	g_autoptr(GVariant) state = action ? g_action_get_state(action) : NULL;

	/* The action holds its own reference for as long as the state is
	 * current; callers read it at once. */
	return state;
}

const char *tp_app_action_string(TpApp *app, const char *name)
{
	GVariant *state = tp_app_action_state(app, name);

	return state ? g_variant_get_string(state, NULL) : "";
}

void tp_app_set_action_state(TpApp *app, const char *name, GVariant *state)
{
	GAction *action = g_action_map_lookup_action(G_ACTION_MAP(app), name);

	g_simple_action_set_state(G_SIMPLE_ACTION(action), state);
}

void tp_app_set_action_enabled(TpApp *app, const char *name, gboolean on)
{
	GAction *action = g_action_map_lookup_action(G_ACTION_MAP(app), name);

	g_simple_action_set_enabled(G_SIMPLE_ACTION(action), on);
}
