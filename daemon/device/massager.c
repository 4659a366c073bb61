/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A massager's commands, life and accessors (massager.h); the write queue
 * is in massager-queue.c, what the link reports in massager-link.c.
 */
#include <errno.h>
#include <string.h>

#include "common/hook-list.h"
#include "massager-private.h"
#include "tpd/tpd-dbus.h"

void tp_massager_emit(TpMassager *m, TpMassagerEventType type, unsigned changes,
		      const char *message)
{
	TpMassagerEvent ev = { type, changes, message };

	tp_hook_list_emit(&m->listeners, m, &ev);
}

void tp_massager_changed(TpMassager *m, unsigned changes)
{
	if (changes)
		tp_massager_emit(m, TP_MASSAGER_EVENT_CHANGED, changes, NULL);
}

unsigned tp_massager_set_state(TpMassager *m, TpMassagerState state)
{
	if (m->state == state)
		return 0;
	g_debug("%s: %s → %s", m->address, tp_massager_state_name(m->state),
		tp_massager_state_name(state));
	m->state = state;
	return TP_MASSAGER_CHANGED_STATE;
}

unsigned tp_massager_set_speed(TpMassager *m, unsigned speed)
{
	if (m->speed == speed)
		return 0;
	m->speed = speed;
	return TP_MASSAGER_CHANGED_SPEED;
}

void tp_massager_add_listener(TpMassager *m, TpMassagerListener fn,
			      void *user_data)
{
	tp_hook_list_add(&m->listeners, (gpointer)fn, user_data);
}

void tp_massager_remove_listener(TpMassager *m, TpMassagerListener fn,
				 void *user_data)
{
	tp_hook_list_remove(&m->listeners, (gpointer)fn, user_data);
}

/* ---- commands ---------------------------------------------------------- */

int tp_massager_connect(TpMassager *m)
{
	if (m->sealed)
		return -ESHUTDOWN;
	m->user_disconnected = false;
	g_clear_handle_id(&m->reconnect_id, g_source_remove);
	m->backoff_ms = m->backoff_min_ms;
	if (m->state != TP_MASSAGER_DISCONNECTED &&
	    m->state != TP_MASSAGER_ERROR)
		return 0;
	int err = m->link->ops->connect(m->link);
	if (err < 0)
		return err;
	tp_massager_changed(m,
			    tp_massager_set_state(m, TP_MASSAGER_CONNECTING));
	return 0;
}

int tp_massager_take_up(TpMassager *m)
{
	/* A motor that may still run is taken up regardless. */
	if ((m->user_disconnected && !m->stop_unconfirmed) || m->sealed)
		return 0;
	return tp_massager_connect(m);
}

void tp_massager_disconnect(TpMassager *m)
{
	/* Asked to go: no reconnecting until asked to come back, unless
	 * the motor may still run. */
	m->user_disconnected = true;
	if (!m->stop_unconfirmed)
		g_clear_handle_id(&m->reconnect_id, g_source_remove);
	if (!tp_massager_link_up(m)) {
		m->link->ops->disconnect(m->link);
		return;
	}
	/* The stop goes out first; the pump disconnects once it is done. */
	m->want_disconnect = true;
	tp_massager_stop(m);
}

void tp_massager_stop(TpMassager *m)
{
	unsigned changes = 0;

	if (!tp_massager_link_up(m))
		return;
	/* A queued status request would describe the motion being cancelled
	 * and would follow the stop: the stop is the last frame. */
	m->want_speed = false;
	m->want_status = false;
	tp_massager_cancel_keepalive(m);
	/* A stop already on its way with nothing behind it is enough. */
	m->want_stop = !(m->in_flight && m->in_flight_kind == TP_WRITE_STOP);
	m->stop_owed = true;
	if (m->intensity != 0) {
		m->intensity = 0;
		changes |= TP_MASSAGER_CHANGED_INTENSITY;
	}
	changes |= tp_massager_set_state(m, TP_MASSAGER_STOPPING);
	tp_massager_changed(m, changes);
	tp_massager_pump(m);
}

int tp_massager_set_intensity(TpMassager *m, unsigned intensity)
{
	unsigned capped = MIN(intensity, m->cap);

	if (capped == 0) {
		tp_massager_stop(m);
		return tp_massager_link_up(m) ? 0 : -ENOTCONN;
	}
	/* Nothing may start the motor again on tpd's way out, or on the
	 * device's. */
	if (m->sealed)
		return -ESHUTDOWN;
	if (!tp_massager_connected(m) || m->want_disconnect)
		return -ENOTCONN;
	if (capped == m->intensity && m->state == TP_MASSAGER_RUNNING)
		return 0;
	m->intensity = capped;
	m->pending_speed = tp_model_speed_for(m->model, capped);
	m->want_speed = true;
	tp_massager_changed(m,
			    TP_MASSAGER_CHANGED_INTENSITY |
				tp_massager_set_state(m, TP_MASSAGER_RUNNING));
	tp_massager_pump(m);
	return 0;
}

void tp_massager_set_auto_reconnect(TpMassager *m, bool enabled)
{
	m->auto_reconnect = enabled;
	/* A reconnect owed to an unconfirmed stop is not pairing's. */
	if (!enabled && !m->stop_unconfirmed)
		g_clear_handle_id(&m->reconnect_id, g_source_remove);
}

void tp_massager_set_reconnect_delays(TpMassager *m, unsigned min_ms,
				      unsigned max_ms)
{
	m->backoff_min_ms = MAX(min_ms, 1u);
	m->backoff_max_ms = MAX(max_ms, m->backoff_min_ms);
	m->backoff_ms = m->backoff_min_ms;
}

bool tp_massager_reconnecting(const TpMassager *m)
{
	return m->reconnect_id != 0;
}

void tp_massager_seal(TpMassager *m)
{
	m->sealed = true;
	/* A reconnect given up now is taken up again on unsealing. */
	if (m->reconnect_id)
		m->lost_while_sealed = -ENOTCONN;
	g_clear_handle_id(&m->reconnect_id, g_source_remove);
}

bool tp_massager_claim(TpMassager *m, const char *tag)
{
	g_return_val_if_fail(tag != NULL, false);
	if (m->claim)
		return false;
	m->claim = g_strdup(tag);
	tp_massager_changed(m, TP_MASSAGER_CHANGED_CLAIM);
	return true;
}

void tp_massager_release(TpMassager *m, const char *tag)
{
	if (g_strcmp0(m->claim, tag) != 0)
		return;
	g_clear_pointer(&m->claim, g_free);
	tp_massager_changed(m, TP_MASSAGER_CHANGED_CLAIM);
}

const char *tp_massager_claim_tag(const TpMassager *m)
{
	return m->claim;
}

/* ---- life and accessors ------------------------------------------------ */

TpMassager *tp_massager_new(const char *address, const char *name,
			    const TpModel *model, TpLink *link,
			    unsigned user_cap)
{
	TpMassager *m = g_new0(TpMassager, 1);

	m->address = g_strdup(address);
	m->name = g_strdup(name);
	m->model = model;
	m->protocol = tp_protocol_lookup(model->protocol);
	g_assert(m->protocol != NULL); /* checked when the model loaded */
	m->link = link;
	m->cap = MIN(model->max_intensity, user_cap);
	m->battery = -1;
	tp_massager_set_reconnect_delays(m, 1000, 60000);
	g_hook_list_init(&m->listeners, sizeof(GHook));
	tp_link_set_listener(link, &tp_massager_link_listener, m);
	return m;
}

void tp_massager_free(TpMassager *m)
{
	if (!m)
		return;
	g_clear_handle_id(&m->reconnect_id, g_source_remove);
	g_clear_handle_id(&m->stop_retry_id, g_source_remove);
	tp_massager_queue_clear(m);
	m->link->ops->free(m->link);
	g_hook_list_clear(&m->listeners);
	g_free(m->address);
	g_free(m->name);
	g_free(m->firmware);
	g_free(m->claim);
	g_free(m);
}

const char *tp_massager_state_name(TpMassagerState state)
{
	static const char *const names[] = {
		[TP_MASSAGER_DISCONNECTED] = TPD_DEVICE_STATE_DISCONNECTED,
		[TP_MASSAGER_CONNECTING] = TPD_DEVICE_STATE_CONNECTING,
		[TP_MASSAGER_READY] = TPD_DEVICE_STATE_READY,
		[TP_MASSAGER_RUNNING] = TPD_DEVICE_STATE_RUNNING,
		[TP_MASSAGER_STOPPING] = TPD_DEVICE_STATE_STOPPING,
		[TP_MASSAGER_ERROR] = TPD_DEVICE_STATE_ERROR,
	};
	return names[state];
}

TpMassagerState tp_massager_state(const TpMassager *m)
{
	return m->state;
}

const char *tp_massager_state_string(const TpMassager *m)
{
	return m->stop_unconfirmed ? TPD_DEVICE_STATE_STOP_UNCONFIRMED
				   : tp_massager_state_name(m->state);
}

bool tp_massager_stop_unconfirmed(const TpMassager *m)
{
	return m->stop_unconfirmed;
}

static bool tp_massager_link_state_up(TpMassagerState state)
{
	return state == TP_MASSAGER_READY || state == TP_MASSAGER_RUNNING ||
	       state == TP_MASSAGER_STOPPING || state == TP_MASSAGER_ERROR;
}

bool tp_massager_connected(const TpMassager *m)
{
	/* Until a stop is acknowledged, a device takes no intensity; nor
	 * once a write found the link gone. */
	return tp_massager_link_state_up(m->state) &&
	       m->state != TP_MASSAGER_ERROR && !m->stop_unconfirmed &&
	       !m->link_down;
}

bool tp_massager_link_up(const TpMassager *m)
{
	/* In the error state the link is up, and a stop may still be
	 * written; nothing else is. */
	return !m->link_down && tp_massager_link_state_up(m->state);
}

bool tp_massager_idle(const TpMassager *m)
{
	/* A keep-alive timer is not work owed: idle while running. */
	return !m->in_flight && tp_massager_queue_empty(m) &&
	       !m->stop_retry_id && !m->init_wait_id;
}

bool tp_massager_settled(const TpMassager *m)
{
	return !tp_massager_link_up(m) ||
	       (tp_massager_idle(m) && m->state != TP_MASSAGER_ERROR);
}

bool tp_massager_stop_owed(const TpMassager *m)
{
	return m->stop_owed || m->stop_unconfirmed;
}

const char *tp_massager_address(const TpMassager *m)
{
	return m->address;
}

const char *tp_massager_name(const TpMassager *m)
{
	return m->name;
}

const TpModel *tp_massager_model(const TpMassager *m)
{
	return m->model;
}

unsigned tp_massager_intensity(const TpMassager *m)
{
	return m->intensity;
}

unsigned tp_massager_speed(const TpMassager *m)
{
	return m->speed;
}

unsigned tp_massager_cap(const TpMassager *m)
{
	return m->cap;
}

int tp_massager_battery(const TpMassager *m)
{
	return m->battery;
}

const char *tp_massager_firmware(const TpMassager *m)
{
	return m->firmware;
}
