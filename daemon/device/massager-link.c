/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What the link reports to a massager: connected (stop first), lost
 * (reconnect with backoff), notifications and battery.
 */
#include "massager-private.h"

/* ---- link events ------------------------------------------------------- */

static void tp_massager_link_connected(void *user_data)
{
	TpMassager *m = user_data;
	unsigned changes;

	g_info("%s: connected (%s%s)", m->address, m->model->name,
	       m->model->experimental ? ", experimental protocol" : "");
	/* Whatever the motor did before, it starts from a stop. */
	m->link_down = false;
	m->backoff_ms = m->backoff_min_ms;
	m->stop_failures = 0;
	g_clear_handle_id(&m->stop_retry_id, g_source_remove);
	tp_massager_queue_connect(m);
	m->intensity = 0;
	changes = tp_massager_set_state(m, TP_MASSAGER_STOPPING);
	tp_massager_changed(m, changes | TP_MASSAGER_CHANGED_INTENSITY);
	tp_massager_pump(m);
}

static gboolean tp_massager_reconnect(gpointer data)
{
	TpMassager *m = data;

	m->reconnect_id = 0;
	g_info("%s: reconnecting", m->address);
	m->backoff_ms = MIN(m->backoff_ms * 2, m->backoff_max_ms);
	if (m->link->ops->connect(m->link) == 0)
		tp_massager_changed(
		    m, tp_massager_set_state(m, TP_MASSAGER_CONNECTING));
	return G_SOURCE_REMOVE;
}

/* Paired devices come back after a lost link; a device whose motor may
 * still run comes back whatever the person or the pairing said, until a
 * stop is acknowledged. Nothing comes back while tpd is stopping. */
static bool tp_massager_wants_reconnect(const TpMassager *m, int error)
{
	if (m->sealed || m->reconnect_id)
		return false;
	if (m->stop_unconfirmed)
		return true;
	return error && m->auto_reconnect && !m->user_disconnected;
}

static void tp_massager_schedule_reconnect(TpMassager *m, int error)
{
	if (m->sealed)
		m->lost_while_sealed = error;
	if (!tp_massager_wants_reconnect(m, error))
		return;
	g_info("%s: trying again in %.1f s", m->address,
	       m->backoff_ms / 1000.0);
	m->reconnect_id =
	    g_timeout_add(m->backoff_ms, tp_massager_reconnect, m);
}

void tp_massager_unseal(TpMassager *m)
{
	int error = m->lost_while_sealed;

	m->sealed = false;
	m->lost_while_sealed = 0;
	if (m->state == TP_MASSAGER_DISCONNECTED ||
	    m->state == TP_MASSAGER_ERROR)
		tp_massager_schedule_reconnect(m, error);
}

static void tp_massager_link_disconnected(int error, void *user_data)
{
	TpMassager *m = user_data;
	bool was_connecting = m->state == TP_MASSAGER_CONNECTING;
	unsigned changes;

	if (error && was_connecting)
		g_info("%s: could not connect: %s", m->address,
		       g_strerror(-error));
	else if (error)
		g_warning("%s: connection lost: %s", m->address,
			  g_strerror(-error));
	else
		g_info("%s: disconnected", m->address);
	tp_massager_queue_clear(m);
	m->want_disconnect = false;
	m->link_down = false;
	m->stop_failures = 0;
	g_clear_handle_id(&m->stop_retry_id, g_source_remove);
	m->intensity = 0;
	m->speed = 0;
	changes = tp_massager_set_state(m, TP_MASSAGER_DISCONNECTED) |
		  TP_MASSAGER_CHANGED_INTENSITY | TP_MASSAGER_CHANGED_SPEED;
	if (m->stop_owed && !m->stop_unconfirmed) {
		g_warning("%s: no stop was acknowledged before the link went; "
			  "its motor may still be running: switch it off by "
			  "hand; tpd reconnects to stop it",
			  m->address);
		m->stop_unconfirmed = true;
	}
	m->stop_owed = false;
	tp_massager_emit(m, TP_MASSAGER_EVENT_DISCONNECTED, 0, NULL);
	tp_massager_changed(m, changes);
	tp_massager_schedule_reconnect(m, error);
}

static void tp_massager_link_battery(int percent, void *user_data);

static void tp_massager_link_notification(const uint8_t *data, size_t len,
					  void *user_data)
{
	TpMassager *m = user_data;
	const char *why = NULL;
	unsigned changes = 0;
	TpStatus st;

	if (!m->protocol->decode) {
		/* Replies such as Lovense's "OK;" tell tpd nothing. */
		g_autofree char *hex = tp_hex(data, len);
		g_debug("%s: notification %s", m->address, hex);
		return;
	}
	if (!m->protocol->decode(&m->model->params, data, len, &st, &why)) {
		g_autofree char *hex = tp_hex(data, len);
		g_warning("%s: ignoring notification %s: %s", m->address, hex,
			  why);
		return;
	}
	if (!st.has_running && !st.has_speed && !st.has_firmware &&
	    !st.has_battery) {
		g_autofree char *hex = tp_hex(data, len);
		g_debug("%s: notification %s", m->address, hex);
		return;
	}
	if (st.has_battery)
		tp_massager_link_battery(st.battery, m);
	if (st.has_speed && st.speed != m->speed) {
		m->speed = st.speed;
		changes |= TP_MASSAGER_CHANGED_SPEED;
	}
	if (st.has_firmware && g_strcmp0(st.firmware, m->firmware) != 0) {
		g_free(m->firmware);
		m->firmware = g_strdup(st.firmware);
		changes |= TP_MASSAGER_CHANGED_FIRMWARE;
	}
	tp_massager_changed(m, changes);
}

static void tp_massager_link_battery(int percent, void *user_data)
{
	TpMassager *m = user_data;

	/* Some devices report a constant 100 %: believe 100 only once the
	 * device has shown it can report something else. */
	if (percent >= 0 && percent < 100)
		m->battery_real = true;
	if (percent == 100 && !m->battery_real)
		percent = -1;
	if (m->battery == percent)
		return;
	m->battery = percent;
	tp_massager_changed(m, TP_MASSAGER_CHANGED_BATTERY);
}

const TpLinkListener tp_massager_link_listener = {
	.connected = tp_massager_link_connected,
	.disconnected = tp_massager_link_disconnected,
	.notification = tp_massager_link_notification,
	.battery = tp_massager_link_battery,
};
