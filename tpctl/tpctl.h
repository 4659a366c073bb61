/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "client.h"

/* One sub-command per file (cmd-*.c); main.c dispatches from a table. */
typedef struct {
	const char *name;
	const char *params;
	const char *summary;
	int (*run)(int argc, char **argv);
} TpctlCommand;

int tpctl_cmd_start(int argc, char **argv);
int tpctl_cmd_stop(int argc, char **argv);
int tpctl_cmd_status(int argc, char **argv);
int tpctl_cmd_list(int argc, char **argv);
int tpctl_cmd_scan(int argc, char **argv);
int tpctl_cmd_connect(int argc, char **argv);
int tpctl_cmd_disconnect(int argc, char **argv);

/* Parse a sub-command's options, with the bus options added; prints the
 * problem and returns false on bad usage (exit TP_EXIT_USAGE). */
bool tpctl_parse(int *argc, char ***argv, const char *params,
		 const char *summary, const GOptionEntry *entries);
/* Set by tpctl --session, before or after the sub-command. */
extern gboolean tpctl_session_bus;
/* Connect to the bus chosen; on failure print why and return false. */
bool tpctl_connect(TpClient *client);
/* Print a usage error, return TP_EXIT_USAGE. */
int tpctl_usage_error(const char *command, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);
