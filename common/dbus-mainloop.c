/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libdbus to GLib main-loop glue. Modelled on what BlueZ's gdbus/mainloop.c
 * does, with two differences that matter to tpd:
 *  - libdbus timeouts repeat until libdbus removes or disables them, so the
 *    GLib source keeps running instead of firing once;
 *  - at most one dispatch idle is pending per connection, however often
 *    libdbus reports DATA_REMAINS.
 */
#include "dbus-mainloop.h"

#include <glib-unix.h>

/* Messages dispatched per main-loop iteration before yielding to timers
 * and to connections of a higher priority, which wait at most this many
 * messages of a lower one (each a few tens of µs in tpd). */
#define TP_DISPATCH_BATCH 16

typedef struct {
	DBusConnection *conn; /* not a reference: the slot outlives no one */
	int priority;	      /* of every source of this connection */
	guint dispatch_id;
} TpLoopData;

typedef struct {
	DBusWatch *watch;
	DBusConnection *conn; /* NULL for a server's listening socket */
	int priority;
	guint source_id;
} TpWatchData;

typedef struct {
	DBusTimeout *timeout;
	int priority;
	guint source_id;
} TpTimeoutData;

static dbus_int32_t tp_loop_slot = -1;

static gboolean tp_loop_dispatch(gpointer user_data)
{
	TpLoopData *loop = user_data;
	DBusConnection *conn = dbus_connection_ref(loop->conn);
	DBusDispatchStatus status = DBUS_DISPATCH_COMPLETE;

	for (int i = 0; i < TP_DISPATCH_BATCH; i++) {
		status = dbus_connection_dispatch(conn);
		if (status != DBUS_DISPATCH_DATA_REMAINS)
			break;
	}

	gboolean again = status == DBUS_DISPATCH_DATA_REMAINS;
	if (!again)
		loop->dispatch_id = 0;
	dbus_connection_unref(conn);
	return again ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void tp_loop_schedule_dispatch(TpLoopData *loop)
{
	if (loop->dispatch_id != 0)
		return;
	loop->dispatch_id =
	    g_idle_add_full(loop->priority, tp_loop_dispatch, loop, NULL);
}

static void tp_loop_dispatch_status(DBusConnection *conn,
				    DBusDispatchStatus status, void *data)
{
	(void)conn;
	if (status == DBUS_DISPATCH_DATA_REMAINS)
		tp_loop_schedule_dispatch(data);
}

static void tp_loop_free(void *data)
{
	TpLoopData *loop = data;

	if (loop->dispatch_id != 0)
		g_source_remove(loop->dispatch_id);
	g_free(loop);
}

static gboolean tp_watch_ready(gint fd, GIOCondition cond, gpointer user_data)
{
	TpWatchData *w = user_data;
	unsigned int flags = 0;
	(void)fd;

	if (cond & G_IO_IN)
		flags |= DBUS_WATCH_READABLE;
	if (cond & G_IO_OUT)
		flags |= DBUS_WATCH_WRITABLE;
	if (cond & G_IO_HUP)
		flags |= DBUS_WATCH_HANGUP;
	if (cond & G_IO_ERR)
		flags |= DBUS_WATCH_ERROR;

	if (!w->conn) {
		/* A server: accepting calls back its new-connection hook. */
		dbus_watch_handle(w->watch, flags);
		return G_SOURCE_CONTINUE;
	}
	/* dbus_watch_handle() may drop the last reference to the connection
	 * (on disconnect) and with it this watch; keep both alive. */
	DBusConnection *conn = dbus_connection_ref(w->conn);
	dbus_watch_handle(w->watch, flags);
	TpLoopData *loop = dbus_connection_get_data(conn, tp_loop_slot);
	if (loop && dbus_connection_get_dispatch_status(conn) ==
			DBUS_DISPATCH_DATA_REMAINS)
		tp_loop_schedule_dispatch(loop);
	dbus_connection_unref(conn);
	return G_SOURCE_CONTINUE;
}

static void tp_watch_enable(TpWatchData *w)
{
	unsigned int flags = dbus_watch_get_flags(w->watch);
	GIOCondition cond = G_IO_HUP | G_IO_ERR;

	if (flags & DBUS_WATCH_READABLE)
		cond |= G_IO_IN;
	if (flags & DBUS_WATCH_WRITABLE)
		cond |= G_IO_OUT;
	w->source_id =
	    g_unix_fd_add_full(w->priority, dbus_watch_get_unix_fd(w->watch),
			       cond, tp_watch_ready, w, NULL);
}

static void tp_watch_disable(TpWatchData *w)
{
	if (w->source_id != 0) {
		g_source_remove(w->source_id);
		w->source_id = 0;
	}
}

static void tp_watch_free(void *data)
{
	TpWatchData *w = data;

	tp_watch_disable(w);
	g_free(w);
}

/* A server's sources (no connection) are at the default priority. */
int tp_dbus_mainloop_priority(DBusConnection *conn)
{
	TpLoopData *loop = conn && tp_loop_slot >= 0
			       ? dbus_connection_get_data(conn, tp_loop_slot)
			       : NULL;

	return loop ? loop->priority : G_PRIORITY_DEFAULT;
}

static dbus_bool_t tp_watch_add(DBusWatch *watch, void *data)
{
	TpWatchData *w = g_new0(TpWatchData, 1);

	w->watch = watch;
	w->conn = data;
	w->priority = tp_dbus_mainloop_priority(data);
	dbus_watch_set_data(watch, w, tp_watch_free);
	if (dbus_watch_get_enabled(watch))
		tp_watch_enable(w);
	return TRUE;
}

static void tp_watch_remove(DBusWatch *watch, void *data)
{
	(void)data;
	/* Frees TpWatchData through tp_watch_free(). */
	dbus_watch_set_data(watch, NULL, NULL);
}

static void tp_watch_toggled(DBusWatch *watch, void *data)
{
	TpWatchData *w = dbus_watch_get_data(watch);
	(void)data;

	tp_watch_disable(w);
	if (dbus_watch_get_enabled(watch))
		tp_watch_enable(w);
}

static gboolean tp_timeout_fired(gpointer user_data)
{
	TpTimeoutData *t = user_data;

	/* libdbus may remove the timeout from inside this call, which frees
	 * t and destroys this source; returning CONTINUE is then harmless. */
	dbus_timeout_handle(t->timeout);
	return G_SOURCE_CONTINUE;
}

static void tp_timeout_enable(TpTimeoutData *t)
{
	t->source_id = g_timeout_add_full(t->priority,
					  dbus_timeout_get_interval(t->timeout),
					  tp_timeout_fired, t, NULL);
}

static void tp_timeout_disable(TpTimeoutData *t)
{
	if (t->source_id != 0) {
		g_source_remove(t->source_id);
		t->source_id = 0;
	}
}

static void tp_timeout_free(void *data)
{
	TpTimeoutData *t = data;

	tp_timeout_disable(t);
	g_free(t);
}

static dbus_bool_t tp_timeout_add(DBusTimeout *timeout, void *data)
{
	TpTimeoutData *t = g_new0(TpTimeoutData, 1);

	t->timeout = timeout;
	t->priority = tp_dbus_mainloop_priority(data);
	dbus_timeout_set_data(timeout, t, tp_timeout_free);
	if (dbus_timeout_get_enabled(timeout))
		tp_timeout_enable(t);
	return TRUE;
}

static void tp_timeout_remove(DBusTimeout *timeout, void *data)
{
	(void)data;
	dbus_timeout_set_data(timeout, NULL, NULL);
}

static void tp_timeout_toggled(DBusTimeout *timeout, void *data)
{
	TpTimeoutData *t = dbus_timeout_get_data(timeout);
	(void)data;

	/* Re-create the source: the interval may have changed as well. */
	tp_timeout_disable(t);
	if (dbus_timeout_get_enabled(timeout))
		tp_timeout_enable(t);
}

static void tp_wakeup_main(void *data)
{
	(void)data;
	g_main_context_wakeup(NULL);
}

void tp_dbus_mainloop_attach(DBusConnection *conn)
{
	tp_dbus_mainloop_attach_at(conn, G_PRIORITY_DEFAULT);
}

void tp_dbus_mainloop_attach_at(DBusConnection *conn, int priority)
{
	TpLoopData *loop;

	/* Attached already: setting the watch functions again would drop
	 * the watches and, with them, data the socket has for us. */
	if (tp_loop_slot >= 0 && dbus_connection_get_data(conn, tp_loop_slot)) {
		tp_dbus_mainloop_kick(conn);
		return;
	}
	if (!dbus_connection_allocate_data_slot(&tp_loop_slot))
		g_error("out of memory allocating a D-Bus data slot");

	loop = g_new0(TpLoopData, 1);
	loop->conn = conn;
	loop->priority = priority;
	dbus_connection_set_data(conn, tp_loop_slot, loop, tp_loop_free);

	dbus_connection_set_watch_functions(conn, tp_watch_add, tp_watch_remove,
					    tp_watch_toggled, conn, NULL);
	dbus_connection_set_timeout_functions(conn, tp_timeout_add,
					      tp_timeout_remove,
					      tp_timeout_toggled, conn, NULL);
	dbus_connection_set_dispatch_status_function(
	    conn, tp_loop_dispatch_status, loop, NULL);
	dbus_connection_set_wakeup_main_function(conn, tp_wakeup_main, NULL,
						 NULL);

	if (dbus_connection_get_dispatch_status(conn) ==
	    DBUS_DISPATCH_DATA_REMAINS)
		tp_loop_schedule_dispatch(loop);
}

void tp_dbus_mainloop_kick(DBusConnection *conn)
{
	TpLoopData *loop = tp_loop_slot >= 0
			       ? dbus_connection_get_data(conn, tp_loop_slot)
			       : NULL;

	if (loop && dbus_connection_get_dispatch_status(conn) ==
			DBUS_DISPATCH_DATA_REMAINS)
		tp_loop_schedule_dispatch(loop);
}

void tp_dbus_mainloop_attach_server(DBusServer *server)
{
	if (!dbus_server_set_watch_functions(server, tp_watch_add,
					     tp_watch_remove, tp_watch_toggled,
					     NULL, NULL) ||
	    !dbus_server_set_timeout_functions(server, tp_timeout_add,
					       tp_timeout_remove,
					       tp_timeout_toggled, NULL, NULL))
		g_error("out of memory attaching a D-Bus server");
}
