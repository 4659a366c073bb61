/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>

#include "link.h"
#include "model.h"
#include "protocol.h"

/*
 * One supported device: a link, its protocol and its model. A state
 * machine (disconnected → connecting → ready ⇄ running → stopping → ready,
 * with error edges) and a write queue that keeps one write in flight,
 * coalesces intensity updates (the latest wins) and puts a stop ahead of
 * everything. The first write after every connect is a stop, after the
 * model's init frames (tpd-model(5)); a keep-alive resends the level in
 * force only while running, never after a stop was asked.
 */

typedef struct TpMassager TpMassager;

/* What tpd.conf(5) says about every device; whoever adopts a device
 * applies it. */
typedef struct {
	unsigned max_intensity;	   /* the user cap, percent */
	unsigned reconnect_min_ms; /* before the first reconnect */
	unsigned reconnect_max_ms; /* the longest wait between attempts */
	bool auto_adopt;	   /* keep paired devices connected unasked */
} TpDevicePolicy;

typedef enum {
	TP_MASSAGER_DISCONNECTED,
	TP_MASSAGER_CONNECTING,
	TP_MASSAGER_READY,
	TP_MASSAGER_RUNNING,
	TP_MASSAGER_STOPPING,
	TP_MASSAGER_ERROR,
} TpMassagerState;

/* Bits of TpMassagerEvent.changes. */
enum {
	TP_MASSAGER_CHANGED_STATE = 1 << 0,
	TP_MASSAGER_CHANGED_INTENSITY = 1 << 1,
	TP_MASSAGER_CHANGED_SPEED = 1 << 2,
	TP_MASSAGER_CHANGED_BATTERY = 1 << 3,
	TP_MASSAGER_CHANGED_FIRMWARE = 1 << 4,
	TP_MASSAGER_CHANGED_CLAIM = 1 << 5,
};

typedef enum {
	TP_MASSAGER_EVENT_CHANGED,	/* see changes */
	TP_MASSAGER_EVENT_DISCONNECTED, /* the link went away */
	TP_MASSAGER_EVENT_WRITE_FAILED, /* message says why */
	TP_MASSAGER_EVENT_IDLE,		/* nothing queued or in flight */
} TpMassagerEventType;

typedef struct {
	TpMassagerEventType type;
	unsigned changes;
	const char *message;
} TpMassagerEvent;

typedef void (*TpMassagerListener)(TpMassager *m, const TpMassagerEvent *ev,
				   void *user_data);

/* Takes ownership of @link. @user_cap (percent) applies on top of the
 * model's own maximum. */
TpMassager *tp_massager_new(const char *address, const char *name,
			    const TpModel *model, TpLink *link,
			    unsigned user_cap);
void tp_massager_free(TpMassager *m);

void tp_massager_add_listener(TpMassager *m, TpMassagerListener fn,
			      void *user_data);
void tp_massager_remove_listener(TpMassager *m, TpMassagerListener fn,
				 void *user_data);

/* -ESHUTDOWN once sealed. */
int tp_massager_connect(TpMassager *m);
/* The device was connected without tpd asking (bluetoothd reconnecting
 * it in the background, another program): connect as above, unless the
 * person had asked tpd to disconnect it. */
int tp_massager_take_up(TpMassager *m);
/* Writes a stop first when connected. */
void tp_massager_disconnect(TpMassager *m);

/* Percent, capped by tp_massager_cap(); 0 stops. -ENOTCONN when not
 * connected (or a stop is still unconfirmed), -ESHUTDOWN above 0 once
 * sealed. */
int tp_massager_set_intensity(TpMassager *m, unsigned intensity);
/* Stop the motor now, ahead of anything queued. Always safe to call; in
 * the error state (a stop failed) it tries again. */
void tp_massager_stop(TpMassager *m);

/* Reconnect by itself after losing the link or failing to connect, with
 * exponential backoff between @min_ms and @max_ms (default 1 s … 60 s),
 * until tp_massager_disconnect(). For paired devices. */
void tp_massager_set_auto_reconnect(TpMassager *m, bool enabled);
void tp_massager_set_reconnect_delays(TpMassager *m, unsigned min_ms,
				      unsigned max_ms);
/* A reconnect is scheduled. */
bool tp_massager_reconnecting(const TpMassager *m);

/* tpd is stopping, or the machine is about to sleep: from now on the
 * device takes stops only. Intensity above 0 and connecting are refused
 * with -ESHUTDOWN, nothing is reconnected; a connect already under way
 * still writes its stop. */
void tp_massager_seal(TpMassager *m);
/* The machine woke up: commands are taken again, and a link lost while
 * sealed is followed up as it would have been (a reconnect for a paired
 * device or a stop not yet acknowledged). Nothing moves by itself. */
void tp_massager_unseal(TpMassager *m);

/* A session claims the device so that manual control is refused while it
 * runs; @tag names the claimant (a session path). */
bool tp_massager_claim(TpMassager *m, const char *tag);
void tp_massager_release(TpMassager *m, const char *tag);
const char *tp_massager_claim_tag(const TpMassager *m);

TpMassagerState tp_massager_state(const TpMassager *m);
const char *tp_massager_state_name(TpMassagerState state);
/* Device.State: the state's name, or "stop-unconfirmed" while the link
 * went away with a stop owed and none has been acknowledged since; tpd
 * then reconnects (stop first) with backoff until one is. */
const char *tp_massager_state_string(const TpMassager *m);
bool tp_massager_stop_unconfirmed(const TpMassager *m);
/* A stop was asked for (or is unconfirmed) and none acknowledged yet. */
bool tp_massager_stop_owed(const TpMassager *m);
/* Connected and able to take intensity: not in the error state, and no
 * stop unconfirmed. */
bool tp_massager_connected(const TpMassager *m);
/* The link is up: true in the error state too, where only stops go out. */
bool tp_massager_link_up(const TpMassager *m);
/* Nothing queued, in flight or waiting to be retried. */
bool tp_massager_idle(const TpMassager *m);
/* Nothing more will happen to the last stop: the link is gone, or the
 * device is idle and not in the error state. */
bool tp_massager_settled(const TpMassager *m);
const char *tp_massager_address(const TpMassager *m);
const char *tp_massager_name(const TpMassager *m);
const TpModel *tp_massager_model(const TpMassager *m);
unsigned tp_massager_intensity(const TpMassager *m);
unsigned tp_massager_speed(const TpMassager *m);
unsigned tp_massager_cap(const TpMassager *m);
int tp_massager_battery(const TpMassager *m);	       /* -1: unknown */
const char *tp_massager_firmware(const TpMassager *m); /* NULL: unknown */
