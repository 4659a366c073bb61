/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What every simulated device does alike: keep the frames it heard, count
 * them, tell its observer, send notifications over its radio.
 */
#include "sim-peer-private.h"

TpSimPeer *tp_sim_peer_new(const TpSimProtocol *protocol, unsigned max_level)
{
	TpSimPeer *peer = g_new0(TpSimPeer, 1);

	peer->protocol = protocol;
	peer->kind = protocol->kind;
	peer->max_level = max_level;
	g_queue_init(&peer->history);
	return peer;
}

void tp_sim_peer_free(TpSimPeer *peer)
{
	if (!peer)
		return;
	g_queue_clear_full(&peer->history, (GDestroyNotify)g_bytes_unref);
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

bool tp_sim_peer_receive(TpSimPeer *peer, const uint8_t *data, size_t len)
{
	bool accepted;

	g_queue_push_tail(&peer->history, g_bytes_new(data, len));
	if (g_queue_get_length(&peer->history) > TP_SIM_PEER_HISTORY)
		g_bytes_unref(g_queue_pop_head(&peer->history));
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

	for (GList *l = peer->history.head; l; l = l->next)
		g_ptr_array_add(frames, g_bytes_ref(l->data));
	return frames;
}
