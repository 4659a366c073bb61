/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "log.h"

#include <glib.h>
#include <stdio.h>

/* Whether stderr is the journal: asked once, not for every line. */
static bool tp_log_journal;

/*
 * Not g_log_writer_default() itself: it drops info messages unless
 * debugging is on, and tpd's info lines (devices adopted, sessions, BlueZ
 * coming and going) are its normal log. So only debug follows
 * g_log_set_debug_enabled(); the rest is GLib's.
 */
static GLogWriterOutput tp_log_writer(GLogLevelFlags level,
				      const GLogField *fields, gsize n_fields,
				      gpointer user_data)
{
	if ((level & G_LOG_LEVEL_DEBUG) &&
	    g_log_writer_default_would_drop(level, G_LOG_DOMAIN))
		return G_LOG_WRITER_HANDLED;
	if (tp_log_journal &&
	    g_log_writer_journald(level, fields, n_fields, user_data) ==
		G_LOG_WRITER_HANDLED)
		return G_LOG_WRITER_HANDLED;
	return g_log_writer_standard_streams(level, fields, n_fields,
					     user_data);
}

void tp_log_setup(bool verbose)
{
	/* stdout is for the output of --check-data and --version. */
	g_log_writer_default_set_use_stderr(TRUE);
	g_log_set_debug_enabled(verbose);
	tp_log_journal = g_log_writer_is_journald(fileno(stderr));
	g_log_set_writer_func(tp_log_writer, NULL, NULL);
}
