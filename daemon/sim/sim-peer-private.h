/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * What a simulated device's protocol (sim-peer-theragun.c,
 * sim-peer-lovense.c) shares with the common part (sim-peer.c).
 */

#include "common/frame-template.h" /* TP_FRAME_MAX */

#include "sim-peer.h"

typedef struct {
	uint8_t len;
	uint8_t data[TP_FRAME_MAX];
} TpSimFrame;

typedef struct {
	const char *kind; /* of tool: gun, wand, roller */
	/* Act on one frame; false when the protocol does not allow it. */
	bool (*decode)(TpSimPeer *peer, const uint8_t *data, size_t len);
} TpSimProtocol;

struct TpSimPeer {
	const TpSimProtocol *protocol;
	const char *kind;
	unsigned max_level; /* speed per minute for a gun */
	unsigned firmware;  /* e.g. 216 for 2.1.6; 0: not reported */
	bool running;
	unsigned speed; /* or level */
	unsigned received;
	unsigned rejected;
	/* The last frames heard, in a ring of slots that grows as they come:
	 * 33 bytes a frame, where a GBytes in a GQueue took about 100. */
	TpSimFrame *history;
	unsigned history_size; /* slots, up to TP_SIM_PEER_HISTORY */
	unsigned history_len;  /* frames in them */
	unsigned history_next; /* once full: the oldest, overwritten next */
	TpSimPeerNotify notify;
	void *notify_data;
	TpSimPeerObserver observer;
	void *observer_data;
};

TpSimPeer *tp_sim_peer_new(const TpSimProtocol *protocol, unsigned max_level);
/* A notification back over the radio. */
void tp_sim_peer_send(TpSimPeer *peer, const uint8_t *data, size_t len);
