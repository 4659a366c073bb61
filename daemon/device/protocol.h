/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Protocol drivers: pure functions from commands to frames and from
 * notifications to status, no I/O. One file per protocol family.
 */

#include "common/frame-template.h"
#include "common/hex.h" /* tp_hex() for logs and messages */
#include "link.h"

/*
 * What a model file tells its driver: the frames of the generic frame
 * driver and how to write them. Drivers that build their own frames
 * ignore it. Kept apart from TpModel so that a driver reads only this and
 * models sit above protocols.
 */
/* One of [Frame] Init=: a frame written after connecting, before the
 * first stop, and how long to wait after it. */
typedef struct {
	TpFrameTemplate *frame;
	unsigned wait_ms;
} TpInitFrame;

/* [Notify]: where a status notification carries what tpd reads. Byte
 * indexes are -1 when the notification lacks that field. */
typedef struct {
	bool present;
	uint8_t prefix[TP_FRAME_MAX]; /* Prefix: status notifications */
	size_t prefix_len;
	int running_byte; /* Running=B:VV: running when byte B is VV */
	uint8_t running_value;
	int battery_byte; /* Battery=B: percent */
	int level_byte;	  /* Level=B */
	size_t min_len;	  /* shorter ones are malformed */
} TpNotifyLayout;

typedef struct {
	const char *model_id;	/* for messages */
	TpFrameTemplate *frame; /* [Frame] Frame: sets a level */
	TpFrameTemplate *stop;	/* [Frame] Stop */
	int write;		/* [Frame] Write: a TpWriteType */
	TpFrameTemplate *start; /* [Frame] Start: before a level, from a
				   stop; NULL when the device needs none */
	TpInitFrame *init;	/* [Frame] Init, in order */
	size_t n_init;
	int init_write; /* [Frame] InitWrite, else Write */
	/* TpFrame.channel of each kind of frame ([GATT] *Characteristic) */
	unsigned frame_channel, stop_channel, init_channel, start_channel;
	TpNotifyLayout notify; /* [Notify] */
} TpProtocolParams;

/* What a notification told us; has_* says which fields it carried. */
typedef struct {
	bool has_running;
	bool running;
	bool has_speed;
	unsigned speed;
	bool has_firmware;
	char firmware[16];
	bool has_battery;
	unsigned battery; /* percent */
} TpStatus;

typedef struct {
	const char *name;
	/* Driven by discrete levels (a model's Levels), not per minute. */
	bool levels;
	/* Set the motor to @speed per minute (or to a level, for models with
	 * Levels); 0 stops. */
	bool (*encode_speed)(const TpProtocolParams *params, unsigned speed,
			     TpFrame *out);
	bool (*encode_stop)(const TpProtocolParams *params, TpFrame *out);
	/* The start frame (params->start); NULL when the protocol takes
	 * none. */
	bool (*encode_start)(const TpProtocolParams *params, TpFrame *out);
	/* Init frame @index (below params->n_init); NULL when the protocol
	 * takes none. */
	bool (*encode_init)(const TpProtocolParams *params, size_t index,
			    TpFrame *out);
	/* NULL when the protocol has no such request. */
	bool (*encode_status_request)(TpFrame *out);
	bool (*encode_version_request)(TpFrame *out);
	/* False for a malformed notification, with a reason for the log;
	 * true with no has_* set for one that tells tpd nothing. NULL when
	 * the protocol reports nothing tpd understands. */
	bool (*decode)(const TpProtocolParams *params, const uint8_t *data,
		       size_t len, TpStatus *out, const char **why);
} TpProtocol;

extern const TpProtocol tp_protocol_theragun;
extern const TpProtocol tp_protocol_frame;

const TpProtocol *tp_protocol_lookup(const char *name);
