/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "sim-link.h"

#include <errno.h>
#include <string.h>

typedef struct {
	TpLink base;
	TpSimPeer *peer; /* NULL: nothing at the far end */
	bool connected;
	bool connecting;
	guint connect_id;
	GQueue writes;	      /* TpSimWrite*, oldest first */
	GQueue notifications; /* GBytes* */
	guint deliver_id;

	/* What a test (or a fault) asks of the radio. */
	bool hold_connect;
	bool hold_writes;
	int refuse_next;
	TpSimLinkObserver observer;
	void *observer_data;
	GDestroyNotify observer_destroy;
	unsigned connects;
	unsigned disconnects;
	unsigned max_in_flight;
} TpSimLink;

typedef struct {
	TpFrame frame;
	TpLinkWriteDone done;
	void *user_data;
} TpSimWrite;

static TpSimLink *tp_sim_link(TpLink *link)
{
	return (TpSimLink *)link;
}

static const TpLinkListener *tp_sim_listener(TpSimLink *sl)
{
	return sl->base.listener;
}

/* One write ends: the device hears it only if it went through. */
static void tp_sim_link_finish_write(TpSimLink *sl, TpSimWrite *w, int error)
{
	if (!sl->connected)
		error = -ENOTCONN;
	if (error == 0 && sl->peer)
		tp_sim_peer_receive(sl->peer, w->frame.data, w->frame.len);
	w->done(error, w->user_data);
	g_free(w);
}

/* Deliver one queued notification or write per iteration: order is kept
 * and nothing completes inside the caller's own call. */
static gboolean tp_sim_link_deliver(gpointer data)
{
	TpSimLink *sl = data;
	GBytes *note = g_queue_pop_head(&sl->notifications);

	if (note) {
		gsize len;
		const uint8_t *bytes = g_bytes_get_data(note, &len);
		tp_sim_link_notify(&sl->base, bytes, len);
		g_bytes_unref(note);
		return G_SOURCE_CONTINUE;
	}
	if (sl->hold_writes || g_queue_is_empty(&sl->writes)) {
		sl->deliver_id = 0;
		return G_SOURCE_REMOVE;
	}
	tp_sim_link_finish_write(sl, g_queue_pop_head(&sl->writes), 0);
	return G_SOURCE_CONTINUE;
}

static void tp_sim_link_schedule(TpSimLink *sl)
{
	if (sl->deliver_id == 0)
		sl->deliver_id = g_idle_add_full(G_PRIORITY_DEFAULT,
						 tp_sim_link_deliver, sl, NULL);
}

static void tp_sim_link_heard(const uint8_t *data, size_t len, void *user_data)
{
	TpSimLink *sl = user_data;

	g_queue_push_tail(&sl->notifications, g_bytes_new(data, len));
	tp_sim_link_schedule(sl);
}

void tp_sim_link_finish_connect(TpLink *link)
{
	TpSimLink *sl = tp_sim_link(link);
	const TpLinkListener *l = tp_sim_listener(sl);

	g_return_if_fail(sl->connecting);
	g_clear_handle_id(&sl->connect_id, g_source_remove);
	sl->connecting = false;
	sl->connected = true;
	if (l && l->connected)
		l->connected(sl->base.listener_data);
	if (sl->peer && sl->connected && l && l->battery)
		l->battery((int)tp_sim_peer_battery(sl->peer),
			   sl->base.listener_data);
}

static gboolean tp_sim_link_connected_idle(gpointer data)
{
	TpSimLink *sl = data;

	sl->connect_id = 0;
	tp_sim_link_finish_connect(&sl->base);
	return G_SOURCE_REMOVE;
}

static int tp_sim_link_connect(TpLink *link)
{
	TpSimLink *sl = tp_sim_link(link);

	sl->connects++;
	if (sl->connected || sl->connecting)
		return 0;
	sl->connecting = true;
	if (!sl->hold_connect)
		sl->connect_id = g_idle_add(tp_sim_link_connected_idle, sl);
	return 0;
}

void tp_sim_link_drop(TpLink *link, int error)
{
	TpSimLink *sl = tp_sim_link(link);
	const TpLinkListener *l = tp_sim_listener(sl);
	/* A cancelled connect is reported too: the owner waits for one. */
	bool was_up = sl->connected || sl->connecting;
	TpSimWrite *w;

	g_clear_handle_id(&sl->connect_id, g_source_remove);
	sl->connected = sl->connecting = false;
	while ((w = g_queue_pop_head(&sl->writes)))
		tp_sim_link_finish_write(sl, w, -ENOTCONN);
	g_queue_clear_full(&sl->notifications, (GDestroyNotify)g_bytes_unref);
	if (was_up && l && l->disconnected)
		l->disconnected(error, sl->base.listener_data);
}

static void tp_sim_link_disconnect(TpLink *link)
{
	tp_sim_link(link)->disconnects++;
	tp_sim_link_drop(link, 0);
}

static int tp_sim_link_write(TpLink *link, const TpFrame *frame,
			     TpLinkWriteDone done, void *user_data)
{
	TpSimLink *sl = tp_sim_link(link);
	int result = sl->connected ? sl->refuse_next : -ENOTCONN;
	TpSimWrite *w;

	g_return_val_if_fail(frame->len <= TP_FRAME_MAX, -EINVAL);
	sl->refuse_next = 0;
	if (sl->observer)
		sl->observer(frame, result, sl->connected, sl->observer_data);
	if (result < 0)
		return result;
	w = g_new(TpSimWrite, 1);
	*w = (TpSimWrite){ *frame, done, user_data };
	g_queue_push_tail(&sl->writes, w);
	sl->max_in_flight = MAX(sl->max_in_flight, sl->writes.length);
	tp_sim_link_schedule(sl);
	return 0;
}

static void tp_sim_link_free(TpLink *link)
{
	TpSimLink *sl = tp_sim_link(link);

	g_clear_handle_id(&sl->connect_id, g_source_remove);
	g_clear_handle_id(&sl->deliver_id, g_source_remove);
	/* Freed with its owner: nobody is left to call back. */
	g_queue_clear_full(&sl->writes, g_free);
	g_queue_clear_full(&sl->notifications, (GDestroyNotify)g_bytes_unref);
	if (sl->observer_destroy)
		sl->observer_destroy(sl->observer_data);
	tp_sim_peer_free(sl->peer);
	g_free(sl);
}

static const TpLinkOps tp_sim_link_ops = {
	.connect = tp_sim_link_connect,
	.disconnect = tp_sim_link_disconnect,
	.write = tp_sim_link_write,
	.free = tp_sim_link_free,
};

TpLink *tp_sim_link_new(TpSimPeer *peer)
{
	TpSimLink *sl = g_new0(TpSimLink, 1);

	sl->base.ops = &tp_sim_link_ops;
	sl->peer = peer;
	g_queue_init(&sl->writes);
	g_queue_init(&sl->notifications);
	if (peer)
		tp_sim_peer_set_radio(peer, tp_sim_link_heard, sl);
	return &sl->base;
}

/* ---- what the radio can be made to do ---------------------------------- */

void tp_sim_link_set_observer(TpLink *link, TpSimLinkObserver observer,
			      void *user_data, GDestroyNotify destroy)
{
	TpSimLink *sl = tp_sim_link(link);

	sl->observer = observer;
	sl->observer_data = user_data;
	sl->observer_destroy = destroy;
}

void tp_sim_link_hold_connect(TpLink *link, bool hold)
{
	tp_sim_link(link)->hold_connect = hold;
}

void tp_sim_link_hold_writes(TpLink *link, bool hold)
{
	TpSimLink *sl = tp_sim_link(link);

	sl->hold_writes = hold;
	if (!hold && !g_queue_is_empty(&sl->writes))
		tp_sim_link_schedule(sl);
}

void tp_sim_link_complete(TpLink *link, int error)
{
	TpSimLink *sl = tp_sim_link(link);
	TpSimWrite *w = g_queue_pop_head(&sl->writes);

	g_return_if_fail(w != NULL);
	tp_sim_link_finish_write(sl, w, error);
}

void tp_sim_link_refuse_next(TpLink *link, int error)
{
	tp_sim_link(link)->refuse_next = error;
}

void tp_sim_link_notify(TpLink *link, const uint8_t *data, size_t len)
{
	TpSimLink *sl = tp_sim_link(link);
	const TpLinkListener *l = tp_sim_listener(sl);

	if (sl->connected && l && l->notification)
		l->notification(data, len, sl->base.listener_data);
}

bool tp_sim_link_connected(TpLink *link)
{
	return tp_sim_link(link)->connected;
}

unsigned tp_sim_link_connects(TpLink *link)
{
	return tp_sim_link(link)->connects;
}

unsigned tp_sim_link_disconnects(TpLink *link)
{
	return tp_sim_link(link)->disconnects;
}

unsigned tp_sim_link_in_flight(TpLink *link)
{
	return tp_sim_link(link)->writes.length;
}

unsigned tp_sim_link_max_in_flight(TpLink *link)
{
	return tp_sim_link(link)->max_in_flight;
}
