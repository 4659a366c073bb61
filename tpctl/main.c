/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tpctl: the command-line client of tpd. See tpctl(1). */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "build-config.h"
#include "common/suggest.h"
#include "tpctl.h"

gboolean tpctl_session_bus;
gboolean tpctl_json;
static gboolean tpctl_system_bus;

static const TpctlCommand tpctl_commands[] = {
	{ "find", "WHERE…", "Which muscles may cause pain WHERE it hurts",
	  tpctl_cmd_find, .json = true },
	{ "start", "--muscle MUSCLE [--program PROGRAM]",
	  "Run a program on a muscle and follow it until it ends",
	  tpctl_cmd_start },
	{ "stop", "[--device DEVICE | SESSION]",
	  "Stop everything, one device or one session", tpctl_cmd_stop },
	{ "rate", "PAIN [--id ID]",
	  "Say how it feels after the last session (0-10)", tpctl_cmd_rate },
	{ "history", "[--muscle MUSCLE]",
	  "Past sessions and the pain trend, per muscle", tpctl_cmd_history,
	  .json = true },
	{ "status", "", "Show devices and running sessions", tpctl_cmd_status,
	  .json = true },
	{ "monitor", "", "Print tpd's events as they happen, until Ctrl-C",
	  tpctl_cmd_monitor, .json = true },
	{ "list", "muscles|programs|zones|devices",
	  "List the muscle catalog, the programs, the zones or the devices",
	  tpctl_cmd_list, .json = true },
	{ "scan", "[--timeout SECONDS]", "Look for supported Bluetooth devices",
	  tpctl_cmd_scan },
	{ "connect", "DEVICE", "Connect a device", tpctl_cmd_connect },
	{ "disconnect", "DEVICE", "Stop and disconnect a device",
	  tpctl_cmd_disconnect },
	{ "forget", "DEVICE", "Stop, disconnect and forget a device",
	  tpctl_cmd_forget },
	{ "learn", "CAPTURE",
	  "Learn a device from a Bluetooth capture of its app: a draft model",
	  tpctl_cmd_learn, .json = true },
	{ "test-model", "FILE ADDRESS",
	  "Try a model file on a device: lowest level for 2 s, then stop",
	  tpctl_cmd_test_model },
	{ "version", "", "Show the versions of tpctl and of tpd",
	  tpctl_cmd_version, .json = true },
	{ "complete", "muscles|programs|zones|devices|commands",
	  "Words for shell completion, one per line", tpctl_cmd_complete,
	  .hidden = true },
	{ NULL },
};

static const GOptionEntry tpctl_bus_entries[] = {
	{ "session", 0, 0, G_OPTION_ARG_NONE, &tpctl_session_bus,
	  "Talk to a tpd on the session bus", NULL },
	{ "system", 0, 0, G_OPTION_ARG_NONE, &tpctl_system_bus,
	  "Talk to tpd on the system bus (the default)", NULL },
	{ NULL },
};

int tpctl_usage_error(const char *command, const char *fmt, ...)
{
	g_autofree char *text = NULL;
	va_list ap;

	va_start(ap, fmt);
	text = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	fprintf(stderr, "tpctl: %s (see tpctl %s%s--help)\n", text,
		command ? command : "", command ? " " : "");
	return TP_EXIT_USAGE;
}

bool tpctl_parse(int *argc, char ***argv, const char *params,
		 const char *summary, const GOptionEntry *entries)
{
	g_autofree char *title = g_strdup_printf("%s %s", (*argv)[0], params);
	g_autoptr(GOptionContext) ctx = g_option_context_new(title);
	g_autoptr(GError) error = NULL;
	GOptionGroup *bus = g_option_group_new(
	    "bus", "Bus options:", "Show the bus options", NULL, NULL);

	g_option_group_add_entries(bus, tpctl_bus_entries);
	g_option_context_add_group(ctx, bus);
	g_option_context_set_summary(ctx, summary);
	if (entries)
		g_option_context_add_main_entries(ctx, entries, NULL);
	if (!g_option_context_parse(ctx, argc, argv, &error)) {
		tpctl_usage_error((*argv)[0], "%s", error->message);
		return false;
	}
	if (tpctl_session_bus && tpctl_system_bus) {
		tpctl_usage_error((*argv)[0], "--session and --system exclude "
					      "each other");
		return false;
	}
	return true;
}

const char *const *tpctl_command_names(void)
{
	static const char *names[G_N_ELEMENTS(tpctl_commands)];

	for (size_t i = 0, n = 0; tpctl_commands[i].name; i++)
		if (!tpctl_commands[i].hidden)
			names[n++] = tpctl_commands[i].name;
	return names;
}

bool tpctl_connect(TpClient *client)
{
	g_autoptr(GError) error = NULL;

	if (tp_client_connect(client, tpctl_session_bus, &error))
		return true;
	tp_client_fail(error);
	return false;
}

static void tpctl_print_help(FILE *out)
{
	fprintf(out, "Usage: tpctl [--session|--system] [--json] COMMAND "
		     "[OPTION…]\n\n"
		     "Control tpd, the trigger-point massage daemon.\n\n"
		     "Commands:\n");
	for (const TpctlCommand *c = tpctl_commands; c->name; c++)
		if (!c->hidden)
			fprintf(out, "  %-10s %-36s %s\n", c->name, c->params,
				c->summary);
	fprintf(out, "\nWithout a command, tpctl shows the status.\n"
		     "Run 'tpctl COMMAND --help' for a command's options.\n"
		     "--json prints JSON instead, with find, history, learn, "
		     "list, monitor,\nstatus and version.\n"
		     "Exit status: 0 success, 1 failure, 2 usage or invalid "
		     "input.\n");
}

static const TpctlCommand *tpctl_find_command(const char *name)
{
	const char *names[G_N_ELEMENTS(tpctl_commands)] = { NULL };
	const char *guess;

	for (size_t i = 0, n = 0; tpctl_commands[i].name; i++) {
		if (strcmp(tpctl_commands[i].name, name) == 0)
			return &tpctl_commands[i];
		if (!tpctl_commands[i].hidden)
			names[n++] = tpctl_commands[i].name;
	}
	guess = tp_suggest(name, names);
	if (guess)
		tpctl_usage_error(NULL,
				  "unknown command '%s'; did you mean "
				  "'%s'?",
				  name, guess);
	else
		tpctl_usage_error(NULL, "unknown command '%s'", name);
	return NULL;
}

int main(int argc, char **argv)
{
	int first = 1;

	setlocale(LC_ALL, "");
	/* Usage lines read "tpctl [OPTION…] start …", not "start … start". */
	g_set_prgname("tpctl");
	/* Bus options may come before the command, like systemctl --user. */
	for (; first < argc && argv[first][0] == '-'; first++) {
		if (strcmp(argv[first], "--session") == 0) {
			tpctl_session_bus = TRUE;
		} else if (strcmp(argv[first], "--system") == 0) {
			tpctl_system_bus = TRUE;
		} else if (strcmp(argv[first], "--json") == 0) {
			tpctl_json = TRUE;
		} else if (strcmp(argv[first], "--help") == 0 ||
			   strcmp(argv[first], "-h") == 0) {
			tpctl_print_help(stdout);
			return TP_EXIT_OK;
		} else if (strcmp(argv[first], "--version") == 0) {
			printf("tpctl %s\n", TPD_VERSION);
			return TP_EXIT_OK;
		} else {
			return tpctl_usage_error(NULL, "unknown option '%s'",
						 argv[first]);
		}
	}
	/* Like systemctl: a bare tpctl shows what is going on. */
	if (first == argc)
		return tpctl_cmd_status(1, (char *[]){ "status", NULL });
	const TpctlCommand *cmd = tpctl_find_command(argv[first]);
	if (!cmd)
		return TP_EXIT_USAGE;
	if (tpctl_json && !cmd->json)
		return tpctl_usage_error(cmd->name, "%s has no JSON output",
					 cmd->name);
	return cmd->run(argc - first, argv + first);
}
