/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tpd: options, configuration, start-up order, signals and shutdown. */
#include <errno.h>
#include <grp.h>
#include <glib-unix.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-daemon.h>

#include "api/api.h"
#include "bluez/bluetooth.h"
#include "bluez/bluez-client.h"
#include "bluez/gatt-profile.h"
#include "build-config.h"
#include "bus/client-watch.h"
#include "bus/dbus-connect.h"
#include "check-data.h"
#include "common/memory.h"
#include "log.h"
#include "sim/simulator.h"
#include "system/authority.h"
#include "system/sleep-inhibitor.h"
#include "tpd-conf.h"
#include "tpd/tpd-dbus.h"
#include "watchdog.h"

#define TP_TIME_SCALE_MAX 1000.0

typedef struct {
	gboolean system;
	gboolean session;
	gboolean simulate;
	gboolean verbose;
	gboolean version;
	double time_scale;
	char *config;
	char **data_dirs;
	char *check_data;
	char *state_dir;
} TpOptions;

typedef struct {
	TpOptions opt;
	TpConfig config;
	TpCatalog *catalog;
	TpHistory *history;
	char *state_dir; /* the one tp_load_history() chose */
	GMainLoop *loop;
	/* Two connections to the bus, so that what stops a motor never waits
	 * behind what clients ask. @conn owns io.tpd.Tpd1 and carries every
	 * client's calls, in order, however many a client queues. BlueZ (the
	 * link to every device: WriteValue replies, notifications), the bus
	 * driver's NameOwnerChanged (a client that leaves stops its motor)
	 * and logind (suspend) speak on @priority_conn, which is read and
	 * dispatched at a higher priority: its messages wait at most one
	 * dispatch batch of client calls, not the whole queue. */
	DBusConnection *conn;
	DBusConnection *priority_conn;
	TpBus *bus;
	TpClientWatches *clients;
	TpManager *manager;
	TpApi *api;
	TpSimulator *sim;
	TpBluez *bluez;
	TpBluetooth *bluetooth;
	TpGattProfile *gatt_profile;
	TpSleepInhibitor *sleep_inhibitor;
	TpAuthority *authority;
	int exit_code;
	bool stopping;
} TpDaemon;

static bool tp_parse_options(TpOptions *opt, int *argc, char ***argv)
{
	const GOptionEntry entries[] = {
		{ "system", 0, 0, G_OPTION_ARG_NONE, &opt->system,
		  "Use the system bus (the default)", NULL },
		{ "session", 0, 0, G_OPTION_ARG_NONE, &opt->session,
		  "Use the session bus (demo, tests)", NULL },
		{ "simulate", 0, 0, G_OPTION_ARG_NONE, &opt->simulate,
		  "Drive built-in simulated devices instead of Bluetooth ones",
		  NULL },
		{ "time-scale", 0, 0, G_OPTION_ARG_DOUBLE, &opt->time_scale,
		  "Run simulated time N times faster (only with --simulate)",
		  "N" },
		{ "config", 0, 0, G_OPTION_ARG_FILENAME, &opt->config,
		  "Configuration file (default " TPD_SYSCONFDIR "/tpd.conf)",
		  "FILE" },
		{ "data-dir", 0, 0, G_OPTION_ARG_FILENAME_ARRAY,
		  &opt->data_dirs,
		  "Muscles, programs and models (default " TPD_DATADIR
		  " and " TPD_SYSCONFDIR "/models.d); may be repeated, later "
		  "ones override",
		  "DIR" },
		{ "state-dir", 0, 0, G_OPTION_ARG_FILENAME, &opt->state_dir,
		  "Where the session history is kept (default "
		  "$STATE_DIRECTORY, else " TPD_STATEDIR ")",
		  "DIR" },
		{ "check-data", 0, 0, G_OPTION_ARG_FILENAME, &opt->check_data,
		  "Validate the data files below DIR and exit", "DIR" },
		{ "verbose", 'v', 0, G_OPTION_ARG_NONE, &opt->verbose,
		  "Log debug messages", NULL },
		{ "version", 0, 0, G_OPTION_ARG_NONE, &opt->version,
		  "Print the version and exit", NULL },
		{ NULL },
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new(NULL);
	g_autoptr(GError) error = NULL;

	g_option_context_set_summary(
	    ctx, "Drive Bluetooth LE massage guns and rollers through BlueZ "
		 "and run trigger-point programs,\noffering the io.tpd.Tpd1 "
		 "D-Bus API. See tpd(8).");
	g_option_context_add_main_entries(ctx, entries, NULL);
	if (!g_option_context_parse(ctx, argc, argv, &error)) {
		fprintf(stderr, "tpd: %s (see tpd --help)\n", error->message);
		return false;
	}
	if (*argc > 1) {
		fprintf(stderr,
			"tpd: unexpected argument '%s' (see tpd "
			"--help)\n",
			(*argv)[1]);
		return false;
	}
	if (opt->system && opt->session) {
		fprintf(stderr, "tpd: --system and --session exclude each "
				"other\n");
		return false;
	}
	if (opt->state_dir && !*opt->state_dir) {
		fprintf(stderr, "tpd: --state-dir needs a directory\n");
		return false;
	}
	if (opt->time_scale != 0 && !opt->simulate) {
		fprintf(stderr, "tpd: --time-scale only applies to simulated "
				"devices; add --simulate\n");
		return false;
	}
	if (opt->time_scale == 0)
		opt->time_scale = 1.0;
	if (!(opt->time_scale >= 1.0 && opt->time_scale <= TP_TIME_SCALE_MAX)) {
		fprintf(stderr,
			"tpd: --time-scale %g is out of range; expected "
			"1 to %g\n",
			opt->time_scale, TP_TIME_SCALE_MAX);
		return false;
	}
	return true;
}

static const char *const *tp_data_dirs(const TpOptions *opt)
{
	/* The administrator's models override the built-in ones. */
	static const char *const builtin[] = { TPD_DATADIR,
					       TPD_SYSCONFDIR "/models.d",
					       NULL };

	return opt->data_dirs ? (const char *const *)opt->data_dirs : builtin;
}

static bool tp_load_config(TpDaemon *d)
{
	g_autoptr(GPtrArray) problems = tp_problems_new();
	const char *path =
	    d->opt.config ? d->opt.config : TPD_SYSCONFDIR "/tpd.conf";

	tp_config_init(&d->config);
	if (tp_config_load(&d->config, path, d->opt.config != NULL, problems))
		return true;
	for (guint i = 0; i < problems->len; i++)
		fprintf(stderr, "tpd: %s\n", (char *)problems->pdata[i]);
	fprintf(stderr, "tpd: refusing to start with a broken configuration\n");
	return false;
}

/* Malformed files are logged and skipped; the rest is used. */
static void tp_load_catalog(TpDaemon *d)
{
	g_autoptr(GPtrArray) problems = tp_problems_new();
	const char *const *dirs = tp_data_dirs(&d->opt);

	d->catalog = tp_catalog_new();
	/* A directory named on the command line must exist; the default
	 * models.d need not. */
	for (; *dirs; dirs++)
		tp_catalog_load_dir(d->catalog, *dirs,
				    d->opt.data_dirs ||
					g_str_equal(*dirs, TPD_DATADIR),
				    problems);
	for (guint i = 0; i < problems->len; i++)
		g_warning("%s; skipped", (char *)problems->pdata[i]);
	/* What the checks across files find is worth knowing, but every
	 * file involved loaded and stays usable. */
	g_ptr_array_set_size(problems, 0);
	tp_catalog_check(d->catalog, problems);
	for (guint i = 0; i < problems->len; i++)
		g_warning("%s", (char *)problems->pdata[i]);
	g_info("catalog: %u muscles, %u programs, %u device models",
	       g_hash_table_size(d->catalog->muscles),
	       g_hash_table_size(d->catalog->programs),
	       g_hash_table_size(d->catalog->models));
}

/* The history is worth keeping but not worth refusing to run for: a motor
 * can still be stopped without it. Problems are logged. */
static void tp_load_history(TpDaemon *d)
{
	const char *env = g_getenv("STATE_DIRECTORY");
	g_autoptr(GPtrArray) problems = tp_problems_new();
	g_autofree char *dir = NULL;
	g_autofree char *path = NULL;

	if (d->opt.state_dir)
		dir = g_strdup(d->opt.state_dir);
	else if (env && *env)
		/* systemd may pass several directories, ':'-separated. */
		dir = g_strndup(env, strcspn(env, ":"));
	else
		dir = g_strdup(TPD_STATEDIR);
	if (g_mkdir_with_parents(dir, 0700) != 0)
		g_warning("cannot create the state directory %s: %s; the "
			  "history will not be saved",
			  dir, g_strerror(errno));
	path = g_build_filename(dir, "history", NULL);
	d->history = tp_history_load(path, problems);
	for (guint i = 0; i < problems->len; i++)
		g_warning("%s", (char *)g_ptr_array_index(problems, i));
	g_info("history: %s", path);
	d->state_dir = g_steal_pointer(&dir);
}

/* ---- shutdown ---------------------------------------------------------- */

static void tp_daemon_stopped(void *user_data)
{
	TpDaemon *d = user_data;

	/* Everything said so far (Finished, the stops) reaches clients. */
	tp_bus_flush_changes(d->bus);
	dbus_connection_flush(d->priority_conn);
	dbus_connection_flush(d->conn);
	g_main_loop_quit(d->loop);
}

static void tp_daemon_stop(TpDaemon *d, int exit_code, const char *why)
{
	if (d->stopping)
		return;
	d->stopping = true;
	d->exit_code = exit_code;
	g_info("%s; stopping every motor", why);
	sd_notify(0, "STOPPING=1\nSTATUS=Stopping every motor");
	tp_manager_shutdown(d->manager, tp_daemon_stopped, d);
}

static gboolean tp_on_signal(gpointer user_data)
{
	TpDaemon *d = user_data;

	tp_daemon_stop(d, EXIT_SUCCESS, "asked to stop");
	return G_SOURCE_CONTINUE;
}

static DBusHandlerResult tp_on_bus_message(DBusConnection *conn,
					   DBusMessage *msg, void *user_data)
{
	TpDaemon *d = user_data;
	(void)conn;

	if (dbus_message_is_signal(msg, DBUS_INTERFACE_LOCAL, "Disconnected")) {
		g_warning("lost the connection to the message bus");
		tp_daemon_stop(d, EXIT_FAILURE, "no bus");
		return DBUS_HANDLER_RESULT_HANDLED;
	}
	return DBUS_HANDLER_RESULT_NOT_YET_HANDLED;
}

/* ---- start-up ---------------------------------------------------------- */

static void tp_name_acquired(const char *error, void *user_data)
{
	TpDaemon *d = user_data;
	g_autofree char *status = NULL;
	GPtrArray *devices = tp_manager_massagers(d->manager);

	if (error) {
		fprintf(stderr, "tpd: %s\n", error);
		tp_daemon_stop(d, EXIT_FAILURE, "cannot own the bus name");
		return;
	}
	status = g_strdup_printf(
	    "Serving %s with %u %sdevice%s", TPD_BUS_NAME, devices->len,
	    d->opt.simulate ? "simulated " : "", devices->len == 1 ? "" : "s");
	g_info("%s", status);
	sd_notifyf(0, "READY=1\nSTATUS=%s", status);
	/* Start-up's peak (the catalog parsed, every device published)
	 * goes back to the system. */
	tp_memory_trim_soon();
}

/* The name is requested last: once a client can see tpd, its devices
 * are there to use. */
static void tp_devices_ready(void *user_data)
{
	TpDaemon *d = user_data;

	tp_dbus_request_name(d->conn, TPD_BUS_NAME, tp_name_acquired, d);
}

/* Devices BlueZ already knows are published before tpd's name is: wait
 * for the first mirror (or for BlueZ found absent). */
static void tp_bluez_settled_event(TpBluez *bz, const TpBzEvent *ev,
				   void *user_data)
{
	TpDaemon *d = user_data;

	if (ev->type != TP_BZ_READY)
		return;
	tp_bluez_remove_listener(bz, tp_bluez_settled_event, d);
	tp_devices_ready(d);
}

/* bluetoothd reconnects paired massagers in the background for us. */
static void tp_daemon_start_gatt_profile(TpDaemon *d)
{
	g_auto(GStrv) uuids = tp_catalog_service_uuids(d->catalog);

	if (!uuids[0]) {
		g_info("no device model names a service: no GATT profile");
		return;
	}
	d->gatt_profile =
	    tp_gatt_profile_new(d->bus, d->bluez, (const char *const *)uuids);
}

/* Members of group tpd may control massagers without asking polkit, as
 * the polkit rules tpd ships say too: so they still may where polkit is
 * not installed. */
static gid_t tp_access_group(void)
{
	struct group *g = getgrnam(TPD_ACCESS_GROUP);

	if (!g) {
		g_info("no group %s: everyone but root asks polkit",
		       TPD_ACCESS_GROUP);
		return (gid_t)-1;
	}
	return g->gr_gid;
}

static bool tp_daemon_start(TpDaemon *d)
{
	const TpDevicePolicy policy = tp_config_device_policy(&d->config);
	g_autoptr(GError) error = NULL;
	DBusBusType type = d->opt.session ? DBUS_BUS_SESSION : DBUS_BUS_SYSTEM;

	d->conn = tp_dbus_connect(type, G_PRIORITY_DEFAULT, &error);
	if (d->conn)
		d->priority_conn =
		    tp_dbus_connect(type, G_PRIORITY_HIGH, &error);
	if (!d->priority_conn) {
		fprintf(stderr, "tpd: %s\n", error->message);
		return false;
	}
	dbus_connection_add_filter(d->conn, tp_on_bus_message, d, NULL);
	dbus_connection_add_filter(d->priority_conn, tp_on_bus_message, d,
				   NULL);
	d->bus = tp_bus_new(d->conn, TPD_MANAGER_PATH);
	d->clients = tp_client_watches_new(d->priority_conn);
	d->authority = tp_authority_new(d->conn, d->clients, tp_access_group());
	tp_bus_set_authorizer(d->bus, tp_authority_check, d->authority);
	d->manager = tp_manager_new(d->catalog, d->opt.time_scale);
	tp_manager_set_history(d->manager, d->history);
	d->api = tp_api_new(d->bus, d->clients, d->manager, d->opt.simulate);
	d->sleep_inhibitor =
	    tp_sleep_inhibitor_new(d->priority_conn, d->manager);
	if (!d->opt.simulate) {
		d->bluez = tp_bluez_new(d->priority_conn);
		d->bluetooth =
		    tp_bluetooth_new(d->bluez, d->bus, d->manager, &policy);
		tp_bluetooth_remember_in(d->bluetooth, d->state_dir);
		tp_api_set_bluetooth(d->api, d->bluetooth);
		tp_bluez_add_listener(d->bluez, tp_bluez_settled_event, d);
		if (d->config.auto_adopt)
			tp_daemon_start_gatt_profile(d);
		return true;
	}
	d->sim =
	    tp_simulator_new(d->manager, d->bus, &policy, d->config.sim_kinds,
			     d->config.sim_devices, &error);
	if (!d->sim) {
		fprintf(stderr, "tpd: %s\n", error->message);
		return false;
	}
	tp_simulator_when_ready(d->sim, tp_devices_ready, d);
	return true;
}

static void tp_daemon_close(DBusConnection *conn, TpDaemon *d)
{
	if (!conn)
		return;
	dbus_connection_remove_filter(conn, tp_on_bus_message, d);
	dbus_connection_close(conn);
	dbus_connection_unref(conn);
}

static void tp_daemon_free(TpDaemon *d)
{
	/* Users before what they use. */
	tp_simulator_free(d->sim);
	tp_gatt_profile_free(d->gatt_profile);
	tp_sleep_inhibitor_free(d->sleep_inhibitor);
	/* The API ends the sessions it exported (their finish handlers are
	 * its own), drops the discovery requests it made, and stops
	 * following Bluetooth's state, before either goes. */
	tp_api_free(d->api);
	tp_bluetooth_free(d->bluetooth);
	/* Every session finished by now; the manager writes the history. */
	tp_manager_free(d->manager);
	/* Only now: the massagers' links listened to it. */
	if (d->bluez) {
		tp_bluez_remove_listener(d->bluez, tp_bluez_settled_event, d);
		tp_bluez_free(d->bluez);
	}
	/* Calls still waiting for polkit are refused while the bus can
	 * answer them. */
	tp_authority_free(d->authority);
	tp_client_watches_free(d->clients);
	tp_bus_free(d->bus);
	tp_daemon_close(d->priority_conn, d);
	tp_daemon_close(d->conn, d);
	tp_history_free(d->history);
	g_free(d->state_dir);
	tp_catalog_free(d->catalog);
	if (d->loop)
		g_main_loop_unref(d->loop);
	g_free(d->opt.config);
	g_strfreev(d->opt.data_dirs);
	g_free(d->opt.check_data);
	g_free(d->opt.state_dir);
}

int main(int argc, char **argv)
{
	TpDaemon d = { .exit_code = EXIT_SUCCESS };

	setlocale(LC_ALL, "");
	if (!tp_parse_options(&d.opt, &argc, &argv)) {
		tp_daemon_free(&d);
		return 2;
	}
	if (d.opt.version) {
		printf("tpd %s\n", TPD_VERSION);
		tp_daemon_free(&d);
		return 0;
	}
	if (d.opt.check_data) {
		int rc = tp_check_data(d.opt.check_data, tp_data_dirs(&d.opt));
		tp_daemon_free(&d);
		return rc;
	}

	tp_log_setup(d.opt.verbose);
	if (!tp_load_config(&d)) {
		tp_daemon_free(&d);
		return EXIT_FAILURE;
	}
	if (d.config.log_level > 0)
		g_log_set_debug_enabled(TRUE);
	tp_load_catalog(&d);
	tp_load_history(&d);

	d.loop = g_main_loop_new(NULL, FALSE);
	g_unix_signal_add(SIGTERM, tp_on_signal, &d);
	g_unix_signal_add(SIGINT, tp_on_signal, &d);
	sd_notify(0, "STATUS=Starting");
	tp_watchdog_start();
	if (tp_daemon_start(&d))
		g_main_loop_run(d.loop);
	else
		d.exit_code = EXIT_FAILURE;
	tp_daemon_free(&d);
	return d.exit_code;
}
