/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tpctl test-model FILE ADDRESS: a guarded first run of a model file (a
 * draft of tpctl learn) on the device, through tpd (Manager.TestModel):
 * connect (tpd writes the init frames and a stop), the lowest level for
 * two seconds, the stop; then the person says whether the motor ran and
 * whether it stopped. A "no" to the stop disconnects the device and tells
 * them to switch it off. If tpctl goes away at any point, tpd stops the
 * motor and lets the device go.
 */
#include <stdio.h>
#include <string.h>

#include "common/tp-error.h"
#include "tpctl.h"
#include "tpd/tpd-dbus.h"

#define TP_TRIAL_RUN_MS 2000

static gboolean tp_quit_loop(gpointer loop)
{
	g_main_loop_quit(loop);
	return G_SOURCE_REMOVE;
}

/* Wait on the main loop, so that the bus keeps being served. */
static void tp_wait_ms(guint ms)
{
	GMainLoop *loop = g_main_loop_new(NULL, FALSE);

	g_timeout_add(ms, tp_quit_loop, loop);
	g_main_loop_run(loop);
	g_main_loop_unref(loop);
}

/* A "y" or "n" from the person; anything else, or no answer, is no. */
static bool tp_ask(const char *question)
{
	char line[64];

	printf("%s [y/n] ", question);
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin)) {
		printf("(no answer: taken as no)\n");
		return false;
	}
	g_strstrip(line);
	return line[0] == 'y' || line[0] == 'Y';
}

static bool tp_device_call(TpClient *c, const char *path, const char *method,
			   GVariant *args, GError **error)
{
	g_autoptr(GVariant) reply = tp_client_call(
	    c, path, TPD_DEVICE_INTERFACE, method, args, "()", error);

	return reply != NULL;
}

static bool tp_connect_trial(TpClient *c, const char *path, GError **error)
{
	g_autofree char *state = NULL;

	if (!tp_device_call(c, path, "Connect", NULL, error))
		return false;
	state = tpctl_wait_device_state(c, path);
	if (strcmp(state, TPD_DEVICE_STATE_READY) != 0) {
		g_set_error(error, TP_ERROR, TP_ERROR_FAILED,
			    "the device did not become ready: %s", state);
		return false;
	}
	printf("Connected: tpd wrote the model's init frames and its stop.\n");
	return true;
}

/* The lowest level (1 % is the model's lowest) for two seconds. */
static bool tp_run_lowest(TpClient *c, const char *path, GError **error)
{
	g_autofree char *state = NULL;

	printf("Running at the lowest level for two seconds...\n");
	fflush(stdout);
	if (!tp_device_call(c, path, "SetIntensity", g_variant_new("(u)", 1),
			    error))
		return false;
	tp_wait_ms(TP_TRIAL_RUN_MS);
	if (!tp_device_call(c, path, "Stop", NULL, error))
		return false;
	state = tpctl_wait_device_state(c, path);
	printf("Stop written (device %s).\n", state);
	return true;
}

static int tp_verdict(TpClient *c, const char *path, const char *file)
{
	bool ran = tp_ask("Did the motor run?");
	bool stopped = tp_ask("Did it stop?");

	tp_device_call(c, path, "Disconnect", NULL, NULL);
	if (!stopped) {
		printf("Switch the device off now, with its own button.\n"
		       "The model's stop frame did not stop it: do not use "
		       "%s. tpd has disconnected it.\n",
		       file);
		return TP_EXIT_FAILURE;
	}
	if (!ran) {
		printf("The motor did not run at the lowest level: the "
		       "level frames of %s are not what this device takes.\n",
		       file);
		return TP_EXIT_FAILURE;
	}
	printf("%s ran and stopped the device. It stays experimental "
	       "(Experimental=true) until you change that. To use it:\n"
	       "  sudo cp %s /etc/tpd/models.d/ && sudo systemctl restart "
	       "tpd\n",
	       file, file);
	return TP_EXIT_OK;
}

int tpctl_cmd_test_model(int argc, char **argv)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GVariant) reply = NULL;
	g_autofree char *text = NULL;
	const char *path;
	TpClient client = { 0 };
	int rc;

	if (!tpctl_parse(&argc, &argv, "FILE ADDRESS",
			 "Try a model file (a draft of tpctl learn) on the "
			 "device at ADDRESS, through tpd: init and stop, the "
			 "lowest level for two seconds, stop; then say "
			 "whether the motor ran and stopped.",
			 NULL))
		return TP_EXIT_USAGE;
	if (argc != 3)
		return tpctl_usage_error("test-model",
					 "give a model file and the device's "
					 "Bluetooth address");
	if (!g_file_get_contents(argv[1], &text, NULL, &error)) {
		fprintf(stderr, "tpctl: %s\n", error->message);
		return TP_EXIT_FAILURE;
	}
	if (!tpctl_connect(&client))
		return TP_EXIT_FAILURE;
	reply = tp_client_call(
	    &client, TPD_MANAGER_PATH, TPD_MANAGER_INTERFACE, "TestModel",
	    g_variant_new("(ss)", text, argv[2]), "(o)", &error);
	if (!reply) {
		rc = tp_client_fail(error);
		tp_client_close(&client);
		return rc;
	}
	g_variant_get(reply, "(&o)", &path);
	printf("Trying %s on %s. Hold the device away from your body; "
	       "Ctrl-C stops it at any time.\n",
	       argv[1], argv[2]);
	if (!tp_connect_trial(&client, path, &error) ||
	    !tp_run_lowest(&client, path, &error)) {
		tp_device_call(&client, path, "Disconnect", NULL, NULL);
		rc = tp_client_fail(error);
	} else {
		rc = tp_verdict(&client, path, argv[1]);
	}
	tp_client_close(&client);
	return rc;
}
