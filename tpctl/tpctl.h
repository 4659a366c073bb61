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
	bool json;   /* prints JSON with --json */
	bool hidden; /* for scripts (completion), not in the help */
} TpctlCommand;

int tpctl_cmd_start(int argc, char **argv);
int tpctl_cmd_stop(int argc, char **argv);
int tpctl_cmd_status(int argc, char **argv);
int tpctl_cmd_list(int argc, char **argv);
int tpctl_cmd_scan(int argc, char **argv);
int tpctl_cmd_connect(int argc, char **argv);
int tpctl_cmd_disconnect(int argc, char **argv);
int tpctl_cmd_forget(int argc, char **argv);
int tpctl_cmd_find(int argc, char **argv);
int tpctl_cmd_history(int argc, char **argv);
int tpctl_cmd_rate(int argc, char **argv);
int tpctl_cmd_complete(int argc, char **argv);
int tpctl_cmd_learn(int argc, char **argv);
int tpctl_cmd_test_model(int argc, char **argv);
int tpctl_cmd_monitor(int argc, char **argv);
int tpctl_cmd_version(int argc, char **argv);

/* Parse a sub-command's options, with the bus options added; prints the
 * problem and returns false on bad usage (exit TP_EXIT_USAGE). */
bool tpctl_parse(int *argc, char ***argv, const char *params,
		 const char *summary, const GOptionEntry *entries);
/* Set by tpctl --session, before or after the sub-command. */
extern gboolean tpctl_session_bus;
/* Set by tpctl --json, before or after a read command. */
extern gboolean tpctl_json;
/* The --json option of read commands, for their option tables. */
#define TPCTL_JSON_ENTRY                                            \
	{                                                           \
		"json", 0, 0, G_OPTION_ARG_NONE, &tpctl_json,       \
		    "Print JSON (also: tpctl --json COMMAND)", NULL \
	}
/* Connect to the bus chosen; on failure print why and return false. */
bool tpctl_connect(TpClient *client);
/* The commands people use, NULL-terminated, for completion. */
const char *const *tpctl_command_names(void);
/* Device.State of @path once it settles after a Connect (cmd-connect.c):
 * "ready", or where it ended up, or why it is unknown. */
char *tpctl_wait_device_state(TpClient *c, const char *path);
/* The unique name owning tpd's bus name, or NULL when tpd is not on the
 * bus; never starts tpd by bus activation. */
char *tpctl_tpd_owner(TpClient *c);
/* Print a usage error, return TP_EXIT_USAGE. */
int tpctl_usage_error(const char *command, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);
