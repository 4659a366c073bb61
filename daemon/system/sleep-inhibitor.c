/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "sleep-inhibitor.h"

#include <unistd.h>

#include "bus/dbus-call.h"
#include "bus/dbus-connect.h"
#include "bus/name-owner.h"
#include "tpd/tpd-dbus.h"

#define LOGIND_NAME    "org.freedesktop.login1"
#define LOGIND_PATH    "/org/freedesktop/login1"
#define LOGIND_MANAGER "org.freedesktop.login1.Manager"

/* logind answers at once; a call it does not answer is a logind gone
 * wrong, and tpd runs on without the lock. */
#define TP_LOGIND_TIMEOUT_MS 10000

/* One delay lock of logind. logind checks each kind on its own polkit
 * action (org.freedesktop.login1.inhibit-delay-sleep, -delay-shutdown,
 * which any user may take); asked for "sleep:shutdown" at once it checks
 * the lid switch's action instead, which a system user such as tpd may
 * not take. So there is one lock for each. */
typedef struct {
	TpSleepInhibitor *si;
	const char *what;    /* "sleep" or "shutdown" */
	TpDbusCall *inhibit; /* Inhibit in flight */
	int fd;		     /* the lock, or -1 */
} TpDelayLock;

struct TpSleepInhibitor {
	DBusConnection *conn;
	TpManager *manager;
	TpNameOwner *logind; /* who org.freedesktop.login1 is */
	TpDelayLock locks[2];
	/* PrepareFor…(true) was heard and (false) not yet: the barrier is
	 * closed, for this reason (TPD_FINISH_SUSPEND or _SHUTDOWN). */
	const char *preparing;
	bool told_absent; /* "no logind" said once is enough */
};

static const char *const tp_logind_matches[] = {
	"type='signal',sender='" LOGIND_NAME "',path='" LOGIND_PATH "',"
	"interface='" LOGIND_MANAGER "',member='PrepareForSleep'",
	"type='signal',sender='" LOGIND_NAME "',path='" LOGIND_PATH "',"
	"interface='" LOGIND_MANAGER "',member='PrepareForShutdown'",
	NULL,
};

/* ---- the lock ---------------------------------------------------------- */

static void tp_lock_release(TpDelayLock *lock)
{
	if (lock->fd < 0)
		return;
	close(lock->fd);
	lock->fd = -1;
}

static void tp_inhibitor_release(TpSleepInhibitor *si)
{
	for (size_t i = 0; i < G_N_ELEMENTS(si->locks); i++)
		tp_lock_release(&si->locks[i]);
}

static void tp_inhibitor_refused(const TpDelayLock *lock, DBusMessage *reply)
{
	const char *name = dbus_message_get_error_name(reply);
	const char *text = NULL;

	dbus_message_get_args(reply, NULL, DBUS_TYPE_STRING, &text,
			      DBUS_TYPE_INVALID);
	/* logind left meanwhile: following its name says so. */
	if (g_strcmp0(name, DBUS_ERROR_SERVICE_UNKNOWN) == 0 ||
	    g_strcmp0(name, DBUS_ERROR_NAME_HAS_NO_OWNER) == 0)
		return;
	g_warning("logind refused tpd a delay lock for %s (%s: %s): motors "
		  "are not stopped before the machine %s",
		  lock->what, name, text ? text : "no message",
		  g_str_equal(lock->what, "sleep") ? "sleeps" : "shuts down");
}

static void tp_inhibitor_locked(DBusMessage *reply, void *user_data)
{
	TpDelayLock *lock = user_data;
	int fd = -1;

	lock->inhibit = NULL;
	if (dbus_message_get_type(reply) == DBUS_MESSAGE_TYPE_ERROR) {
		tp_inhibitor_refused(lock, reply);
		return;
	}
	if (!dbus_message_get_args(reply, NULL, DBUS_TYPE_UNIX_FD, &fd,
				   DBUS_TYPE_INVALID)) {
		g_warning("logind's answer to Inhibit holds no file "
			  "descriptor: no delay lock");
		return;
	}
	/* A lock taken while the machine already prepares is of no use
	 * and would only hold it up. */
	tp_lock_release(lock);
	lock->fd = fd;
	if (lock->si->preparing)
		tp_lock_release(lock);
	else
		g_debug("holding logind's delay lock for %s", lock->what);
}

static void tp_lock_take(TpDelayLock *lock)
{
	const char *what = lock->what, *who = "tpd",
		   *why = "Stop every massager motor first", *mode = "delay";
	DBusMessage *msg;

	if (lock->fd >= 0 || lock->inhibit)
		return;
	msg = dbus_message_new_method_call(LOGIND_NAME, LOGIND_PATH,
					   LOGIND_MANAGER, "Inhibit");
	dbus_message_append_args(msg, DBUS_TYPE_STRING, &what, DBUS_TYPE_STRING,
				 &who, DBUS_TYPE_STRING, &why, DBUS_TYPE_STRING,
				 &mode, DBUS_TYPE_INVALID);
	/* Never start logind for this: on a machine without it, there is
	 * no sleep to wait for. */
	dbus_message_set_auto_start(msg, FALSE);
	lock->inhibit = tp_dbus_call(lock->si->conn, msg, TP_LOGIND_TIMEOUT_MS,
				     tp_inhibitor_locked, lock, NULL);
}

static void tp_inhibitor_take(TpSleepInhibitor *si)
{
	for (size_t i = 0; i < G_N_ELEMENTS(si->locks); i++)
		tp_lock_take(&si->locks[i]);
}

/* ---- preparing and waking up ------------------------------------------- */

static void tp_inhibitor_settled(void *user_data)
{
	TpSleepInhibitor *si = user_data;

	/* Woken up before every stop was through: the lock is kept for the
	 * next time. */
	if (!si->preparing)
		return;
	g_info("every motor has stopped; the machine may %s now",
	       g_str_equal(si->preparing, TPD_FINISH_SUSPEND) ? "sleep"
							      : "shut down");
	tp_inhibitor_release(si);
}

static void tp_inhibitor_prepare(TpSleepInhibitor *si, const char *reason)
{
	if (si->preparing)
		return;
	si->preparing = reason;
	g_info("the machine is about to %s: stopping every motor",
	       g_str_equal(reason, TPD_FINISH_SUSPEND) ? "sleep" : "shut down");
	tp_manager_seal(si->manager, reason, tp_inhibitor_settled, si);
}

static void tp_inhibitor_resume(TpSleepInhibitor *si)
{
	if (!si->preparing)
		return;
	g_info("the machine is back: devices may be used again");
	si->preparing = NULL;
	tp_manager_unseal(si->manager);
	tp_inhibitor_take(si);
}

static void tp_inhibitor_prepare_signal(TpSleepInhibitor *si, DBusMessage *msg,
					const char *reason)
{
	dbus_bool_t start;

	if (!dbus_message_get_args(msg, NULL, DBUS_TYPE_BOOLEAN, &start,
				   DBUS_TYPE_INVALID)) {
		g_warning("ignoring a %s signal without its boolean",
			  dbus_message_get_member(msg));
		return;
	}
	if (start)
		tp_inhibitor_prepare(si, reason);
	else
		tp_inhibitor_resume(si);
}

/* ---- who logind is ----------------------------------------------------- */

static void tp_inhibitor_logind_changed(const char *owner, void *user_data)
{
	TpSleepInhibitor *si = user_data;

	/* The old logind's lock and its promise to wake us are gone. */
	tp_inhibitor_release(si);
	tp_inhibitor_resume(si);
	if (owner) {
		tp_inhibitor_take(si);
	} else if (!si->told_absent) {
		g_info("logind is not on this bus: motors are not stopped "
		       "before the machine sleeps");
		si->told_absent = true;
	}
}

static DBusHandlerResult tp_inhibitor_filter(DBusConnection *conn,
					     DBusMessage *msg, void *data)
{
	TpSleepInhibitor *si = data;
	const char *logind = tp_name_owner_get(si->logind);
	(void)conn;

	/* Only logind speaks for logind: anyone may send a signal to tpd. */
	if (dbus_message_get_type(msg) != DBUS_MESSAGE_TYPE_SIGNAL || !logind ||
	    g_strcmp0(dbus_message_get_sender(msg), logind) != 0 ||
	    g_strcmp0(dbus_message_get_path(msg), LOGIND_PATH) != 0)
		return DBUS_HANDLER_RESULT_NOT_YET_HANDLED;
	if (dbus_message_is_signal(msg, LOGIND_MANAGER, "PrepareForSleep"))
		tp_inhibitor_prepare_signal(si, msg, TPD_FINISH_SUSPEND);
	else if (dbus_message_is_signal(msg, LOGIND_MANAGER,
					"PrepareForShutdown"))
		tp_inhibitor_prepare_signal(si, msg, TPD_FINISH_SHUTDOWN);
	return DBUS_HANDLER_RESULT_NOT_YET_HANDLED;
}

/* ---- life -------------------------------------------------------------- */

TpSleepInhibitor *tp_sleep_inhibitor_new(DBusConnection *conn,
					 TpManager *manager)
{
	TpSleepInhibitor *si = g_new0(TpSleepInhibitor, 1);

	si->conn = dbus_connection_ref(conn);
	si->manager = manager;
	si->locks[0] = (TpDelayLock){ si, "sleep", NULL, -1 };
	si->locks[1] = (TpDelayLock){ si, "shutdown", NULL, -1 };
	dbus_connection_add_filter(conn, tp_inhibitor_filter, si, NULL);
	for (const char *const *m = tp_logind_matches; *m; m++)
		tp_dbus_call_driver_noreply(conn, "AddMatch", *m);
	si->logind = tp_name_owner_new(conn, LOGIND_NAME,
				       tp_inhibitor_logind_changed, si);
	return si;
}

void tp_sleep_inhibitor_free(TpSleepInhibitor *si)
{
	if (!si)
		return;
	dbus_connection_remove_filter(si->conn, tp_inhibitor_filter, si);
	for (const char *const *m = tp_logind_matches; *m; m++)
		tp_dbus_call_driver_noreply(si->conn, "RemoveMatch", *m);
	tp_name_owner_free(si->logind);
	for (size_t i = 0; i < G_N_ELEMENTS(si->locks); i++)
		tp_dbus_call_cancel(si->locks[i].inhibit);
	tp_inhibitor_release(si);
	dbus_connection_unref(si->conn);
	g_free(si);
}
