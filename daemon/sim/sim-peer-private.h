/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * What a simulated device's protocol (sim-peer-theragun.c,
 * sim-peer-lovense.c) shares with the common part (sim-peer.c).
 */

#include "sim-peer.h"

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
	GQueue history; /* GBytes*, oldest first */
	TpSimPeerNotify notify;
	void *notify_data;
	TpSimPeerObserver observer;
	void *observer_data;
};

TpSimPeer *tp_sim_peer_new(const TpSimProtocol *protocol, unsigned max_level);
/* A notification back over the radio. */
void tp_sim_peer_send(TpSimPeer *peer, const uint8_t *data, size_t len);
