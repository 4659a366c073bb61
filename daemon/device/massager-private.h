/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * What the massager's files share (massager.c: commands and life;
 * massager-queue.c: the write queue; massager-link.c: what the link
 * reports). Not for use outside daemon/device/.
 */

#include "massager.h"

/* A failed stop is tried this often in all, after 250 ms, 500 ms, 1 s. */
#define TP_STOP_ATTEMPTS 4
#define TP_STOP_RETRY_MS 250

typedef enum {
	TP_WRITE_INIT,
	TP_WRITE_STOP,
	TP_WRITE_START, /* [Frame] Start, before the first level */
	TP_WRITE_SPEED,
	TP_WRITE_KEEPALIVE, /* the level in force, again */
	TP_WRITE_STATUS,
	TP_WRITE_VERSION,
} TpWriteKind;

struct TpMassager {
	char *address;
	char *name;
	const TpModel *model;
	const TpProtocol *protocol;
	TpLink *link;
	unsigned cap;

	TpMassagerState state;
	unsigned intensity; /* last commanded, capped */
	unsigned speed;	    /* last reported (or commanded) */
	int battery;
	char *firmware;
	char *claim;

	/* The write queue: at most one write in flight; the rest are flags,
	 * so repeated requests coalesce by construction. */
	bool in_flight;
	TpWriteKind in_flight_kind;
	bool want_stop;
	bool want_speed;
	unsigned pending_speed; /* the level in force while running */
	/* The model's Init frames, after each connect: the next one, and
	 * the wait after the last one written (the queue holds still). */
	bool want_init;
	size_t init_next;
	guint init_wait_id;
	/* Keepalive: the level in force is written again this long after
	 * the last write of it, while running and no stop was asked. */
	bool want_keepalive;
	/* The model's Start frame went through since the last stop: levels
	 * follow without it. */
	bool started;
	guint keepalive_id;
	bool want_status;
	bool want_version;
	bool want_disconnect; /* once the queue has drained */
	bool link_down;	      /* a write said -ENOTCONN: wait for the link
				 to report the disconnect, write nothing */
	/* A stop that failed is tried again, a few times; a device that
	 * still takes no stop loses its link. */
	unsigned stop_failures;
	guint stop_retry_id;
	/* A stop was asked for and none has been acknowledged since. */
	bool stop_owed;
	/* The link went away with a stop owed: the motor may be running.
	 * tpd reconnects, stop first, until a stop is acknowledged. */
	bool stop_unconfirmed;
	/* tpd is stopping: nothing but stops from now on. */
	bool sealed;
	/* The link failed while sealed: no reconnect was scheduled then. */
	int lost_while_sealed;
	/* The device refused these optional requests: not asked again. */
	bool status_refused;
	bool version_refused;

	/* Paired devices come back by themselves: after a lost link or a
	 * failed connect, try again after 1 s, 2 s, 4 s … up to the
	 * maximum, without waiting for an advertisement. */
	bool auto_reconnect;
	bool user_disconnected; /* until asked to connect again */
	guint reconnect_id;
	unsigned backoff_ms;
	unsigned backoff_min_ms;
	unsigned backoff_max_ms;
	bool battery_real; /* a level other than 100 % was reported */

	GHookList listeners; /* TpMassagerListener */
};

void tp_massager_emit(TpMassager *m, TpMassagerEventType type, unsigned changes,
		      const char *message);
void tp_massager_changed(TpMassager *m, unsigned changes);
unsigned tp_massager_set_state(TpMassager *m, TpMassagerState state);
unsigned tp_massager_set_speed(TpMassager *m, unsigned speed);

/* massager-queue.c */
/* Write what is queued, one write at a time; disconnect or report idle
 * when the queue has drained. */
void tp_massager_pump(TpMassager *m);
/* No request waits to be written (one may be in flight). */
bool tp_massager_queue_empty(const TpMassager *m);
/* A connect: the Init frames, then the stop, then the firmware request. */
void tp_massager_queue_connect(TpMassager *m);
/* Forget everything queued, waited for or resent: the link went. */
void tp_massager_queue_clear(TpMassager *m);
/* A stop was asked or is owed: nothing may resend a level any more. */
void tp_massager_cancel_keepalive(TpMassager *m);

/* massager-link.c */
extern const TpLinkListener tp_massager_link_listener;
