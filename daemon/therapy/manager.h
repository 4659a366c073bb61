/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>

#include "catalog.h"
#include "device/massager.h"
#include "history.h"
#include "session.h"

/*
 * The manager owns the devices and the sessions and applies the rules for
 * starting one: validation in a fixed order with errors a person can act
 * on, and nothing changed when a start fails. The D-Bus glue lives in
 * manager-dbus.c.
 */

typedef struct TpManager TpManager;

typedef struct {
	void (*device_added)(TpManager *mgr, TpMassager *m, void *user_data);
	/* Just before @m is freed. */
	void (*device_removed)(TpManager *mgr, TpMassager *m, void *user_data);
} TpManagerHooks;

typedef struct {
	const char *muscle;
	const char *program;
	const char *side; /* NULL: both sides, or center */
	double scale;
	int pain_before; /* 0-10, -1: not given */
	bool detach;	 /* runs on when its client leaves the bus */
	guint32 uid;	 /* who asked: the session and its record are theirs */
} TpSessionRequest;

/* @catalog must outlive the manager. */
TpManager *tp_manager_new(const TpCatalog *catalog, double time_scale);
void tp_manager_free(TpManager *mgr);
void tp_manager_set_hooks(TpManager *mgr, const TpManagerHooks *hooks,
			  void *user_data);

const TpCatalog *tp_manager_catalog(TpManager *mgr);

/* Takes ownership; announced through hooks->device_added. */
void tp_manager_add_massager(TpManager *mgr, TpMassager *m);
GPtrArray *tp_manager_massagers(TpManager *mgr); /* TpMassager*, not owned */
/* The device is gone: its session ends ("disconnected"), it is announced
 * through hooks->device_removed and freed. */
void tp_manager_remove_massager(TpManager *mgr, TpMassager *m);

/* The session running on @m, or NULL. */
TpSession *tp_manager_session_of(TpManager *mgr, TpMassager *m);

/*
 * Start a session on @m (NULL: the only connected device). The session is
 * owned by the manager; give it back with tp_manager_discard_session()
 * once finished.
 */
TpSession *tp_manager_start_session(TpManager *mgr, TpMassager *m,
				    const TpSessionRequest *req,
				    const TpSessionListener *listener,
				    void *user_data, GError **error);
/* A session has finished (its motor told to stop): record it in the
 * history, and write the file and free the session on a later main-loop
 * iteration, so that no stop ever waits behind a history write. */
void tp_manager_end_session(TpManager *mgr, TpSession *s);
/* Sessions not finished yet. */
unsigned tp_manager_running_sessions(TpManager *mgr);
/* Finish every running session with @reason (TPD_FINISH_*). Whoever
 * listens to sessions calls this before it goes away. */
void tp_manager_finish_sessions(TpManager *mgr, const char *reason);

/* Where finished sessions are recorded (owned by the caller), or NULL. */
void tp_manager_set_history(TpManager *mgr, TpHistory *history);
TpHistory *tp_manager_history(TpManager *mgr);

/* Stop every motor, then finish every session with @reason. */
void tp_manager_stop_all(TpManager *mgr, const char *reason);

/*
 * The barrier: seal every device (stops only from now on, see
 * tp_massager_seal()), refuse new sessions (TP_ERROR_SHUTTING_DOWN), stop
 * everything (sessions end with @reason), then call @done once every
 * device has settled (its stop acknowledged, or its link gone) or a
 * deadline has passed, logging which for each device. Sealing again
 * before that only adds a waiter.
 */
void tp_manager_seal(TpManager *mgr, const char *reason,
		     void (*done)(void *user_data), void *user_data);
/* Open the barrier again (the machine woke up): devices may be driven
 * and reconnect; nothing starts by itself. Never after shutdown. */
void tp_manager_unseal(TpManager *mgr);
/* Seal for good: tpd is on its way out. */
void tp_manager_shutdown(TpManager *mgr, void (*done)(void *user_data),
			 void *user_data);
/* Whether the barrier is closed, and why in words ("tpd is shutting
 * down", "the system is about to sleep"…), or NULL when open. */
bool tp_manager_shutting_down(TpManager *mgr);
const char *tp_manager_barrier(TpManager *mgr);
