/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What every simulated device does alike: keep the frames it heard, count
 * them, tell its observer, send notifications over its radio.
 */
#include <string.h>

#include "sim-peer-private.h"

TpSimPeer *tp_sim_peer_new(const TpSimProtocol *protocol, unsigned max_level)
{
	TpSimPeer *peer = g_new0(TpSimPeer, 1);

	peer->protocol = protocol;
	peer->kind = protocol->kind;
	peer->max_level = max_level;
	return peer;
}

void tp_sim_peer_free(TpSimPeer *peer)
{
	if (!peer)
		return;
	g_free(peer->history);
	g_free(peer);
}

void tp_sim_peer_set_radio(TpSimPeer *peer, TpSimPeerNotify notify,
			   void *user_data)
{
	peer->notify = notify;
	peer->notify_data = user_data;
}

void tp_sim_peer_set_observer(TpSimPeer *peer, TpSimPeerObserver observer,
			      void *user_data)
{
	peer->observer = observer;
	peer->observer_data = user_data;
}

void tp_sim_peer_send(TpSimPeer *peer, const uint8_t *data, size_t len)
{
	if (peer->notify)
		peer->notify(data, len, peer->notify_data);
}

void tp_sim_peer_set_kind(TpSimPeer *peer, const char *kind)
{
	peer->kind = kind;
}

const char *tp_sim_peer_kind(const TpSimPeer *peer)
{
	return peer->kind;
}

/* The slot for a new frame: a free one, or the oldest once the ring has
 * all it may. Until then the ring is in order from slot 0, so growing it
 * keeps the order. */
static TpSimFrame *tp_sim_peer_slot(TpSimPeer *peer)
{
	TpSimFrame *slot;

	if (peer->history_len == peer->history_size &&
	    peer->history_size < TP_SIM_PEER_HISTORY) {
		peer->history_size =
		    MIN(MAX(8u, peer->history_size * 2), TP_SIM_PEER_HISTORY);
		peer->history =
		    g_renew(TpSimFrame, peer->history, peer->history_size);
	}
	if (peer->history_len < peer->history_size)
		return &peer->history[peer->history_len++];
	slot = &peer->history[peer->history_next];
	peer->history_next = (peer->history_next + 1) % peer->history_size;
	return slot;
}

/* Frames come from a link's writes, which hold TP_FRAME_MAX bytes at
 * most: a longer one is kept cut. */
static void tp_sim_peer_remember(TpSimPeer *peer, const uint8_t *data,
				 size_t len)
{
	TpSimFrame *slot = tp_sim_peer_slot(peer);

	slot->len = MIN(len, (size_t)TP_FRAME_MAX);
	memcpy(slot->data, data, slot->len);
}

bool tp_sim_peer_receive(TpSimPeer *peer, const uint8_t *data, size_t len)
{
	bool accepted;

	tp_sim_peer_remember(peer, data, len);
	peer->received++;
	accepted = peer->protocol->decode(peer, data, len);
	if (!accepted)
		peer->rejected++;
	if (peer->observer)
		peer->observer(data, len, accepted, peer->observer_data);
	return accepted;
}

bool tp_sim_peer_running(const TpSimPeer *peer)
{
	return peer->running;
}

unsigned tp_sim_peer_speed(const TpSimPeer *peer)
{
	return peer->speed;
}

unsigned tp_sim_peer_frames_received(const TpSimPeer *peer)
{
	return peer->received;
}

unsigned tp_sim_peer_frames_rejected(const TpSimPeer *peer)
{
	return peer->rejected;
}

unsigned tp_sim_peer_battery(const TpSimPeer *peer)
{
	(void)peer;
	/* A fixed, plausible level: not 100 %, which tpd treats as unknown
	 * on real devices that always report it. */
	return 87;
}

GPtrArray *tp_sim_peer_frames(const TpSimPeer *peer)
{
	GPtrArray *frames =
	    g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);

	for (unsigned i = 0; i < peer->history_len; i++) {
		const TpSimFrame *f = &peer->history[(peer->history_next + i) %
						     peer->history_size];
		g_ptr_array_add(frames, g_bytes_new(f->data, f->len));
	}
	return frames;
}
