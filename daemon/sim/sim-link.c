/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "sim-link.h"

#include <errno.h>
#include <string.h>

typedef struct {
	TpLink base;
	TpSimGun *gun;
	bool connected;
	guint connect_id;
	GQueue writes;	      /* TpSimWrite*, oldest first */
	GQueue notifications; /* GBytes* */
	guint deliver_id;
} TpSimLink;

typedef struct {
	TpFrame frame;
	TpLinkWriteDone done;
	void *user_data;
} TpSimWrite;

static const TpLinkListener *tp_sim_listener(TpSimLink *sl)
{
	return sl->base.listener;
}

/* Deliver one queued write or notification per iteration: order is kept
 * and nothing completes inside the caller's own call. */
static gboolean tp_sim_link_deliver(gpointer data)
{
	TpSimLink *sl = data;
	const TpLinkListener *l = tp_sim_listener(sl);
	void *ud = sl->base.listener_data;
	GBytes *note = g_queue_pop_head(&sl->notifications);

	if (note) {
		gsize len;
		const uint8_t *bytes = g_bytes_get_data(note, &len);
		if (sl->connected && l && l->notification)
			l->notification(bytes, len, ud);
		g_bytes_unref(note);
		return G_SOURCE_CONTINUE;
	}
	TpSimWrite *w = g_queue_pop_head(&sl->writes);
	if (!w) {
		sl->deliver_id = 0;
		return G_SOURCE_REMOVE;
	}
	if (sl->connected)
		tp_sim_gun_receive(sl->gun, w->frame.data, w->frame.len);
	w->done(sl->connected ? 0 : -ENOTCONN, w->user_data);
	g_free(w);
	return G_SOURCE_CONTINUE;
}

static void tp_sim_link_schedule(TpSimLink *sl)
{
	if (sl->deliver_id == 0)
		sl->deliver_id = g_idle_add_full(G_PRIORITY_DEFAULT,
						 tp_sim_link_deliver, sl, NULL);
}

static void tp_sim_gun_notify(const uint8_t *data, size_t len, void *user_data)
{
	TpSimLink *sl = user_data;

	g_queue_push_tail(&sl->notifications, g_bytes_new(data, len));
	tp_sim_link_schedule(sl);
}

static gboolean tp_sim_link_connected(gpointer data)
{
	TpSimLink *sl = data;
	const TpLinkListener *l = tp_sim_listener(sl);

	sl->connect_id = 0;
	sl->connected = true;
	if (l && l->connected)
		l->connected(sl->base.listener_data);
	if (l && l->battery)
		l->battery((int)tp_sim_gun_battery(sl->gun),
			   sl->base.listener_data);
	return G_SOURCE_REMOVE;
}

static int tp_sim_link_connect(TpLink *link)
{
	TpSimLink *sl = (TpSimLink *)link;

	if (sl->connected || sl->connect_id)
		return 0;
	sl->connect_id = g_idle_add(tp_sim_link_connected, sl);
	return 0;
}

static void tp_sim_link_fail_writes(TpSimLink *sl)
{
	TpSimWrite *w;

	while ((w = g_queue_pop_head(&sl->writes))) {
		w->done(-ENOTCONN, w->user_data);
		g_free(w);
	}
	g_queue_clear_full(&sl->notifications, (GDestroyNotify)g_bytes_unref);
}

static void tp_sim_link_disconnect(TpLink *link)
{
	TpSimLink *sl = (TpSimLink *)link;
	const TpLinkListener *l = tp_sim_listener(sl);
	/* A cancelled connect is reported too: the owner waits for one. */
	bool was_up = sl->connected || sl->connect_id != 0;

	g_clear_handle_id(&sl->connect_id, g_source_remove);
	sl->connected = false;
	tp_sim_link_fail_writes(sl);
	if (was_up && l && l->disconnected)
		l->disconnected(0, sl->base.listener_data);
}

static int tp_sim_link_write(TpLink *link, const TpFrame *frame,
			     TpLinkWriteDone done, void *user_data)
{
	TpSimLink *sl = (TpSimLink *)link;
	TpSimWrite *w;

	if (!sl->connected)
		return -ENOTCONN;
	w = g_new(TpSimWrite, 1);
	*w = (TpSimWrite){ *frame, done, user_data };
	g_queue_push_tail(&sl->writes, w);
	tp_sim_link_schedule(sl);
	return 0;
}

static void tp_sim_link_free(TpLink *link)
{
	TpSimLink *sl = (TpSimLink *)link;

	g_clear_handle_id(&sl->connect_id, g_source_remove);
	g_clear_handle_id(&sl->deliver_id, g_source_remove);
	/* Freed with its owner: nobody is left to call back. */
	g_queue_clear_full(&sl->writes, g_free);
	g_queue_clear_full(&sl->notifications, (GDestroyNotify)g_bytes_unref);
	tp_sim_gun_free(sl->gun);
	g_free(sl);
}

static const TpLinkOps tp_sim_link_ops = {
	.connect = tp_sim_link_connect,
	.disconnect = tp_sim_link_disconnect,
	.write = tp_sim_link_write,
	.free = tp_sim_link_free,
};

TpLink *tp_sim_link_new(TpSimGun *gun)
{
	TpSimLink *sl = g_new0(TpSimLink, 1);

	sl->base.ops = &tp_sim_link_ops;
	sl->gun = gun;
	g_queue_init(&sl->writes);
	g_queue_init(&sl->notifications);
	tp_sim_gun_set_radio(gun, tp_sim_gun_notify, sl);
	return &sl->base;
}
