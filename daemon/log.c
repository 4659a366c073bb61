/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "log.h"

#include <glib.h>
#include <stdio.h>
#include <unistd.h>

static bool tp_log_verbose;
static bool tp_log_journal;

static const char *tp_log_level_name(GLogLevelFlags level)
{
	if (level & G_LOG_LEVEL_ERROR)
		return "error";
	if (level & G_LOG_LEVEL_CRITICAL)
		return "critical";
	if (level & G_LOG_LEVEL_WARNING)
		return "warning";
	if (level & G_LOG_LEVEL_MESSAGE)
		return "notice";
	if (level & G_LOG_LEVEL_INFO)
		return "info";
	return "debug";
}

static GLogWriterOutput tp_log_writer(GLogLevelFlags level,
				      const GLogField *fields, gsize n_fields,
				      gpointer user_data)
{
	const char *message = NULL;
	(void)user_data;

	if ((level & G_LOG_LEVEL_DEBUG) && !tp_log_verbose)
		return G_LOG_WRITER_HANDLED;
	if (tp_log_journal)
		return g_log_writer_journald(level, fields, n_fields, NULL);
	for (gsize i = 0; i < n_fields; i++)
		if (g_str_equal(fields[i].key, "MESSAGE"))
			message = fields[i].value;
	fprintf(stderr, "tpd: %s: %s\n", tp_log_level_name(level),
		message ? message : "(no message)");
	return G_LOG_WRITER_HANDLED;
}

void tp_log_setup(bool verbose)
{
	tp_log_verbose = verbose;
	tp_log_journal = g_log_writer_is_journald(STDERR_FILENO);
	g_log_set_writer_func(tp_log_writer, NULL, NULL);
}

void tp_log_set_verbose(bool verbose)
{
	tp_log_verbose = verbose;
}

bool tp_log_debugging(void)
{
	return tp_log_verbose;
}
