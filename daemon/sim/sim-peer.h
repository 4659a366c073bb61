/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The far end of a simulated device: a Theragun-PRO-like gun
 * (PROTOCOLS.md §2) or a device speaking Lovense's ASCII protocol (§4.1:
 * the simulated wand and roller). Each parses the frames it receives on
 * its own, from the document, rather than with the daemon's encoder, so
 * that an encoder bug shows up as a rejected frame instead of being
 * mirrored. It keeps the motor's state and answers as the real device
 * does (0xBB status and version frames; "OK;").
 */

#define TP_SIM_PEER_HISTORY 256

typedef struct TpSimPeer TpSimPeer;

/* A notification the device sends back over its radio. */
typedef void (*TpSimPeerNotify)(const uint8_t *data, size_t len,
				void *user_data);
/* After each frame received; the device's state is already updated. */
typedef void (*TpSimPeerObserver)(const uint8_t *data, size_t len,
				  bool accepted, void *user_data);

/* A gun taking speeds up to @max_speed per minute, reporting @firmware
 * (216 for 2.1.6). */
TpSimPeer *tp_sim_peer_new_theragun(unsigned max_speed, unsigned firmware);
/* A Lovense-protocol device with levels up to @max_level. */
TpSimPeer *tp_sim_peer_new_lovense(unsigned max_level);
void tp_sim_peer_free(TpSimPeer *peer);
/* The link's end: where notifications go. */
void tp_sim_peer_set_radio(TpSimPeer *peer, TpSimPeerNotify notify,
			   void *user_data);
/* Who watches the gun (the Simulator D-Bus interface). */
void tp_sim_peer_set_observer(TpSimPeer *peer, TpSimPeerObserver observer,
			      void *user_data);

/* Feed one written frame; returns whether it was accepted. */
bool tp_sim_peer_receive(TpSimPeer *peer, const uint8_t *data, size_t len);

/* What kind of tool it plays (gun, wand, roller): its protocol's, unless
 * set. */
void tp_sim_peer_set_kind(TpSimPeer *peer, const char *kind);
const char *tp_sim_peer_kind(const TpSimPeer *peer);

bool tp_sim_peer_running(const TpSimPeer *peer);
unsigned tp_sim_peer_speed(const TpSimPeer *peer);
unsigned tp_sim_peer_frames_received(const TpSimPeer *peer);
unsigned tp_sim_peer_frames_rejected(const TpSimPeer *peer);
unsigned tp_sim_peer_battery(const TpSimPeer *peer);
/* The last TP_SIM_PEER_HISTORY frames, oldest first (GBytes). */
GPtrArray *tp_sim_peer_frames(const TpSimPeer *peer);
