/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "device/link.h"
#include "sim-peer.h"

/*
 * The simulated link: hands written frames to a TpSimPeer and its
 * notifications back, each on a later main-loop iteration, as a radio
 * would. The link owns the far end: a device and its radio go together.
 *
 * It is also the one link the unit tests drive a massager through, so it
 * can simulate what a real radio does to tpd: a device slow to connect or
 * to answer (writes held until completed one by one), a refused write, a
 * notification at a chosen moment, the link lost. With no far end, frames go
 * nowhere and nothing answers unasked.
 */
TpLink *tp_sim_link_new(TpSimPeer *peer);

/* Told of every write attempted, before it is queued: @result is what
 * write() returns, @connected whether the link was up. @destroy runs when
 * the link is freed. */
typedef void (*TpSimLinkObserver)(const TpFrame *frame, int result,
				  bool connected, void *user_data);
void tp_sim_link_set_observer(TpLink *link, TpSimLinkObserver observer,
			      void *user_data, GDestroyNotify destroy);

/* Keep connects pending until tp_sim_link_finish_connect(). */
void tp_sim_link_hold_connect(TpLink *link, bool hold);
void tp_sim_link_finish_connect(TpLink *link);
/* Keep writes in flight until tp_sim_link_complete(). */
void tp_sim_link_hold_writes(TpLink *link, bool hold);
/* Complete the oldest write in flight now with @error (0 or -errno); the
 * device receives it only when it succeeds. */
void tp_sim_link_complete(TpLink *link, int error);
/* The next write is refused at once with @error. */
void tp_sim_link_refuse_next(TpLink *link, int error);
/* Hand the owner a notification now, as if the device had sent it. */
void tp_sim_link_notify(TpLink *link, const uint8_t *data, size_t len);
/* Lose the link with @error: writes in flight fail first, then the owner
 * hears of it. */
void tp_sim_link_drop(TpLink *link, int error);

bool tp_sim_link_connected(TpLink *link);
/* Connect and disconnect requests so far. */
unsigned tp_sim_link_connects(TpLink *link);
unsigned tp_sim_link_disconnects(TpLink *link);
/* Writes in flight now, and the most there ever were at once. */
unsigned tp_sim_link_in_flight(TpLink *link);
unsigned tp_sim_link_max_in_flight(TpLink *link);
