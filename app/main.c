/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <glib/gi18n.h>
#include <locale.h>

#include "app-config.h"
#include "tp-app.h"

int main(int argc, char **argv)
{
	g_autoptr(TpApp) app = NULL;

	setlocale(LC_ALL, "");
	bindtextdomain(GETTEXT_PACKAGE, TP_APP_LOCALEDIR);
	bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
	textdomain(GETTEXT_PACKAGE);
	app = tp_app_new();
	return g_application_run(G_APPLICATION(app), argc, argv);
}
