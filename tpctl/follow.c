/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "follow.h"

#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>

#include "common/dbus-gvariant.h"
#include "common/dbus-mainloop.h"
#include "common/tp-error.h"
#include "tpd/tpd-dbus.h"

#define TP_STOP_TIMEOUT_MS 5000

struct TpFollow {
	TpClient *client;
	const char *path; /* NULL until the session exists */
	GMainLoop *loop;
	GVariantDict props;
	TpProgress *progress;
	char *reason;
	GError *error;
	bool stopping;
	bool interrupted;
	guint give_up_id;
	guint sigint_id;
	guint sigterm_id;
};

static const char *const tp_follow_matches[] = {
	"type='signal',sender='" TPD_BUS_NAME "',"
	"interface='" DBUS_INTERFACE_PROPERTIES "',member='PropertiesChanged',"
	"path_namespace='" TPD_SESSION_PATH_PREFIX "'",
	"type='signal',sender='" TPD_BUS_NAME "',"
	"interface='" TPD_SESSION_INTERFACE "',member='Finished'",
	"type='signal',sender='" DBUS_SERVICE_DBUS "',"
	"member='NameOwnerChanged',arg0='" TPD_BUS_NAME "'",
	NULL,
};

static gboolean tp_follow_interrupted(gpointer data);

TpFollow *tp_follow_new(TpClient *c, GError **error)
{
	DBusError err = DBUS_ERROR_INIT;
	TpFollow *f;

	for (const char *const *m = tp_follow_matches; *m; m++) {
		dbus_bus_add_match(c->conn, *m, &err);
		if (dbus_error_is_set(&err)) {
			g_set_error(error, TP_ERROR, TP_ERROR_FAILED,
				    "cannot watch the session: %s",
				    err.message);
			dbus_error_free(&err);
			return NULL;
		}
	}
	f = g_new0(TpFollow, 1);
	f->client = c;
	f->loop = g_main_loop_new(NULL, FALSE);
	/* From now on Ctrl-C is ours: it stops the session once we know it. */
	f->sigint_id = g_unix_signal_add(SIGINT, tp_follow_interrupted, f);
	f->sigterm_id = g_unix_signal_add(SIGTERM, tp_follow_interrupted, f);
	return f;
}

void tp_follow_free(TpFollow *f)
{
	if (!f)
		return;
	g_source_remove(f->sigint_id);
	g_source_remove(f->sigterm_id);
	g_clear_handle_id(&f->give_up_id, g_source_remove);
	g_clear_error(&f->error);
	g_free(f->reason);
	g_main_loop_unref(f->loop);
	g_free(f);
}

static void tp_follow_changed(TpFollow *f, DBusMessage *msg)
{
	g_autoptr(GVariant) args = tp_dbus_message_get_gvariant(msg);
	g_autoptr(GVariant) changed = NULL;
	const char *iface;
	GVariantIter it;
	const char *key;
	GVariant *value;

	if (!args || !g_variant_is_of_type(args, G_VARIANT_TYPE("(sa{sv}as)")))
		return;
	g_variant_get(args, "(&s@a{sv}@as)", &iface, &changed, NULL);
	if (!g_str_equal(iface, TPD_SESSION_INTERFACE))
		return;
	g_variant_iter_init(&it, changed);
	while (g_variant_iter_loop(&it, "{&sv}", &key, &value))
		g_variant_dict_insert_value(&f->props, key, value);
	g_autoptr(GVariant) now = g_variant_dict_end(&f->props);
	g_variant_ref_sink(now);
	g_variant_dict_init(&f->props, now);
	/* The final update of an ended session says only that it ended;
	 * "Session finished: …" follows. */
	if (!g_str_equal(tp_dict_str(now, "State", ""),
			 TPD_SESSION_STATE_FINISHED))
		tp_progress_update(f->progress, now);
}

static void tp_follow_name_changed(TpFollow *f, DBusMessage *msg)
{
	const char *name, *old_owner, *new_owner;

	if (!dbus_message_get_args(
		msg, NULL, DBUS_TYPE_STRING, &name, DBUS_TYPE_STRING,
		&old_owner, DBUS_TYPE_STRING, &new_owner, DBUS_TYPE_INVALID) ||
	    *new_owner != '\0')
		return;
	g_set_error(&f->error, TP_ERROR, TP_ERROR_FAILED,
		    "tpd left the bus before the session finished");
	g_main_loop_quit(f->loop);
}

static DBusHandlerResult tp_follow_filter(DBusConnection *conn,
					  DBusMessage *msg, void *data)
{
	TpFollow *f = data;
	const char *reason;
	(void)conn;

	if (dbus_message_is_signal(msg, DBUS_INTERFACE_DBUS,
				   "NameOwnerChanged")) {
		tp_follow_name_changed(f, msg);
	} else if (g_strcmp0(dbus_message_get_path(msg), f->path) != 0) {
		return DBUS_HANDLER_RESULT_NOT_YET_HANDLED;
	} else if (dbus_message_is_signal(msg, DBUS_INTERFACE_PROPERTIES,
					  "PropertiesChanged")) {
		tp_follow_changed(f, msg);
	} else if (dbus_message_is_signal(msg, TPD_SESSION_INTERFACE,
					  "Finished") &&
		   dbus_message_get_args(msg, NULL, DBUS_TYPE_STRING, &reason,
					 DBUS_TYPE_INVALID)) {
		f->reason = g_strdup(reason);
		g_main_loop_quit(f->loop);
	}
	return DBUS_HANDLER_RESULT_NOT_YET_HANDLED;
}

static gboolean tp_follow_give_up(gpointer data)
{
	TpFollow *f = data;

	f->give_up_id = 0;
	if (!f->error)
		g_set_error(&f->error, TP_ERROR, TP_ERROR_FAILED,
			    "the session did not confirm its stop; tpd stops "
			    "it anyway once tpctl has left");
	g_main_loop_quit(f->loop);
	return G_SOURCE_REMOVE;
}

static gboolean tp_follow_interrupted(gpointer data)
{
	TpFollow *f = data;
	g_autoptr(GVariant) reply = NULL;

	if (!f->path) {
		/* The session does not exist yet: stop it when it does. */
		f->interrupted = true;
		return G_SOURCE_CONTINUE;
	}
	if (f->stopping) {
		g_clear_handle_id(&f->give_up_id, g_source_remove);
		tp_follow_give_up(f);
		return G_SOURCE_CONTINUE;
	}
	f->stopping = true;
	tp_progress_end(f->progress);
	fprintf(stderr, "Stopping…\n");
	reply = tp_client_call(f->client, f->path, TPD_SESSION_INTERFACE,
			       "Stop", NULL, "()", &f->error);
	/* Then wait for Finished, but not forever. */
	f->give_up_id = g_timeout_add(TP_STOP_TIMEOUT_MS, tp_follow_give_up, f);
	if (!reply)
		g_main_loop_quit(f->loop);
	return G_SOURCE_CONTINUE;
}

char *tp_follow_run(TpFollow *f, const char *session_path, GVariant *props,
		    TpProgress *progress, GError **error)
{
	TpClient *c = f->client;
	char *reason;

	f->path = session_path;
	f->progress = progress;
	g_variant_dict_init(&f->props, props);
	tp_progress_update(progress, props);
	dbus_connection_add_filter(c->conn, tp_follow_filter, f, NULL);
	tp_dbus_mainloop_attach(c->conn);
	if (f->interrupted)
		tp_follow_interrupted(f);

	g_main_loop_run(f->loop);

	dbus_connection_remove_filter(c->conn, tp_follow_filter, f);
	tp_progress_end(progress);
	g_variant_dict_clear(&f->props);
	reason = g_steal_pointer(&f->reason);
	if (!reason && f->error)
		g_propagate_error(error, g_steal_pointer(&f->error));
	return reason;
}
