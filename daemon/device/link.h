/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/frame-template.h" /* TP_FRAME_MAX */

/*
 * A link is what a massager writes bytes to and hears notifications from:
 * a table of operations with two implementations, the BlueZ GATT link and
 * the simulated link of daemon/sim/. Everything completes asynchronously
 * on the main loop.
 */

typedef struct TpLink TpLink;

typedef enum {
	TP_WRITE_REQUEST, /* ATT Write Request, "with response" */
	TP_WRITE_COMMAND, /* ATT Write Command, "without response" */
} TpWriteType;

/* One write: the bytes and how the link sends them. */
typedef struct {
	uint8_t data[TP_FRAME_MAX];
	size_t len;
	TpWriteType write_type;
	/* Which of the model's write characteristics: 0 is [GATT] Write,
	 * the others are listed in TpModel.write_chars. */
	unsigned channel;
} TpFrame;

/* @error is 0 or a negative errno. */
typedef void (*TpLinkWriteDone)(int error, void *user_data);

/* What the link tells its owner (the massager). */
typedef struct {
	void (*connected)(void *user_data);
	/* @error is 0 for a requested disconnect, else why it was lost. */
	void (*disconnected)(int error, void *user_data);
	void (*notification)(const uint8_t *data, size_t len, void *user_data);
	/* @percent is -1 when unknown. */
	void (*battery)(int percent, void *user_data);
} TpLinkListener;

typedef struct {
	/* Start connecting; listener->connected follows. */
	int (*connect)(TpLink *link);
	/* Disconnect, or cancel a connect; pending writes complete with
	 * -ENOTCONN, then listener->disconnected follows. */
	void (*disconnect)(TpLink *link);
	/* Queue one write; @done runs exactly once unless the link is freed
	 * first. -ENOTCONN (returned or passed to @done) means the link is
	 * going down and listener->disconnected will follow. */
	int (*write)(TpLink *link, const TpFrame *frame, TpLinkWriteDone done,
		     void *user_data);
	void (*free)(TpLink *link);
} TpLinkOps;

struct TpLink {
	const TpLinkOps *ops;
	const TpLinkListener *listener;
	void *listener_data;
};

static inline void tp_link_set_listener(TpLink *link,
					const TpLinkListener *listener,
					void *user_data)
{
	link->listener = listener;
	link->listener_data = user_data;
}
