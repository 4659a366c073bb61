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

struct TpModel;

#define TP_FRAME_MAX 32

typedef enum {
	TP_WRITE_REQUEST, /* ATT Write Request, "with response" */
	TP_WRITE_COMMAND, /* ATT Write Command, "without response" */
} TpWriteType;

typedef struct {
	uint8_t data[TP_FRAME_MAX];
	size_t len;
	TpWriteType write_type;
} TpFrame;

/* What a notification told us; has_* says which fields it carried. */
typedef struct {
	bool has_running;
	bool running;
	bool has_speed;
	unsigned speed;
	bool has_firmware;
	char firmware[16];
} TpStatus;

typedef struct {
	const char *name;
	/* Driven by discrete levels (a model's Levels), not per minute. */
	bool levels;
	/* Set the motor to @speed per minute (or to a level, for models with
	 * Levels); 0 stops. */
	bool (*encode_speed)(const struct TpModel *model, unsigned speed,
			     TpFrame *out);
	bool (*encode_stop)(const struct TpModel *model, TpFrame *out);
	/* NULL when the protocol has no such request. */
	bool (*encode_status_request)(TpFrame *out);
	bool (*encode_version_request)(TpFrame *out);
	/* False for a malformed notification, with a reason for the log.
	 * NULL when the protocol reports nothing tpd understands. */
	bool (*decode)(const uint8_t *data, size_t len, TpStatus *out,
		       const char **why);
} TpProtocol;

extern const TpProtocol tp_protocol_theragun;
extern const TpProtocol tp_protocol_frame;

const TpProtocol *tp_protocol_lookup(const char *name);

/* "AA 07 01 03" for logs and messages. */
char *tp_hex(const uint8_t *data, size_t len);
