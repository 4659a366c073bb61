/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "massager.h"

#include <errno.h>
#include <string.h>

#include "common/hook-list.h"
#include "tpd/tpd-dbus.h"

/* A failed stop is tried this often in all, after 250 ms, 500 ms, 1 s. */
#define TP_STOP_ATTEMPTS 4
#define TP_STOP_RETRY_MS 250

typedef enum {
	TP_WRITE_STOP,
	TP_WRITE_SPEED,
	TP_WRITE_STATUS,
	TP_WRITE_VERSION,
} TpWriteKind;

struct TpMassager {
	char *address;
	char *name;
	const TpModel *model;
	const TpProtocol *protocol;
	TpLink *link;
	unsigned cap;

	TpMassagerState state;
	unsigned intensity; /* last commanded, capped */
	unsigned speed;	    /* last reported (or commanded) */
	int battery;
	char *firmware;
	char *claim;

	/* The write queue: at most one write in flight; the rest are flags,
	 * so repeated requests coalesce by construction. */
	bool in_flight;
	TpWriteKind in_flight_kind;
	bool want_stop;
	bool want_speed;
	unsigned pending_speed;
	bool want_status;
	bool want_version;
	bool want_disconnect; /* once the queue has drained */
	bool link_down;	      /* a write said -ENOTCONN: wait for the link
				 to report the disconnect, write nothing */
	/* A stop that failed is tried again, a few times; a device that
	 * still takes no stop loses its link. */
	unsigned stop_failures;
	guint stop_retry_id;
	/* A stop was asked for and none has been acknowledged since. */
	bool stop_owed;
	/* The link went away with a stop owed: the motor may be running.
	 * tpd reconnects, stop first, until a stop is acknowledged. */
	bool stop_unconfirmed;
	/* tpd is stopping: nothing but stops from now on. */
	bool sealed;
	/* The device refused these optional requests: not asked again. */
	bool status_refused;
	bool version_refused;

	/* Paired devices come back by themselves: after a lost link or a
	 * failed connect, try again after 1 s, 2 s, 4 s … up to the
	 * maximum, without waiting for an advertisement. */
	bool auto_reconnect;
	bool user_disconnected; /* until asked to connect again */
	guint reconnect_id;
	unsigned backoff_ms;
	unsigned backoff_min_ms;
	unsigned backoff_max_ms;
	bool battery_real; /* a level other than 100 % was reported */

	GHookList listeners; /* TpMassagerListener */
};

static void tp_massager_emit(TpMassager *m, TpMassagerEventType type,
			     unsigned changes, const char *message)
{
	TpMassagerEvent ev = { type, changes, message };

	tp_hook_list_emit(&m->listeners, m, &ev);
}

static void tp_massager_changed(TpMassager *m, unsigned changes)
{
	if (changes)
		tp_massager_emit(m, TP_MASSAGER_EVENT_CHANGED, changes, NULL);
}

static unsigned tp_massager_set_state(TpMassager *m, TpMassagerState state)
{
	if (m->state == state)
		return 0;
	g_debug("%s: %s → %s", m->address, tp_massager_state_name(m->state),
		tp_massager_state_name(state));
	m->state = state;
	return TP_MASSAGER_CHANGED_STATE;
}

static unsigned tp_massager_set_speed(TpMassager *m, unsigned speed)
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

/* ---- write queue ------------------------------------------------------- */

static void tp_massager_pump(TpMassager *m);

typedef enum {
	TP_NEXT_NONE,	/* nothing to write for this request */
	TP_NEXT_FRAME,	/* a frame to write */
	TP_NEXT_FAILED, /* the protocol could not encode it */
} TpNext;

static TpNext tp_next(bool encoded)
{
	return encoded ? TP_NEXT_FRAME : TP_NEXT_FAILED;
}

/* The next frame to write, by priority: stop, speed, then the optional
 * requests, which a protocol may lack and a device may have refused. */
static TpNext tp_massager_next_frame(TpMassager *m, TpFrame *f,
				     TpWriteKind *kind)
{
	const TpProtocol *p = m->protocol;

	if (m->want_stop) {
		m->want_stop = false;
		*kind = TP_WRITE_STOP;
		return tp_next(p->encode_stop(&m->model->params, f));
	}
	if (m->want_speed) {
		m->want_speed = false;
		*kind = TP_WRITE_SPEED;
		return tp_next(
		    p->encode_speed(&m->model->params, m->pending_speed, f));
	}
	if (m->want_version) {
		m->want_version = false;
		*kind = TP_WRITE_VERSION;
		if (!p->encode_version_request || m->version_refused)
			return TP_NEXT_NONE;
		return tp_next(p->encode_version_request(f));
	}
	if (m->want_status) {
		m->want_status = false;
		*kind = TP_WRITE_STATUS;
		if (!p->encode_status_request || m->status_refused)
			return TP_NEXT_NONE;
		return tp_next(p->encode_status_request(f));
	}
	return TP_NEXT_NONE;
}

static bool tp_massager_queue_empty(const TpMassager *m)
{
	return !m->want_stop && !m->want_speed && !m->want_version &&
	       !m->want_status;
}

static gboolean tp_massager_retry_stop(gpointer data)
{
	TpMassager *m = data;

	m->stop_retry_id = 0;
	m->want_stop = true;
	tp_massager_pump(m);
	return G_SOURCE_REMOVE;
}

/* The motor may still run and the device does not take the stop. Retry
 * while the device is busy (BlueZ answers InProgress while an earlier
 * write is still waiting for its response); a device that let a write
 * time out, or refuses the stop again and again, is disconnected: many
 * stop when their link drops, and none takes another command over it. */
static void tp_massager_stop_failed(TpMassager *m, int err)
{
	m->stop_failures++;
	/* A stop asked for meanwhile may have failed too: one retry. */
	g_clear_handle_id(&m->stop_retry_id, g_source_remove);
	if (err != -ETIMEDOUT && m->stop_failures < TP_STOP_ATTEMPTS) {
		m->stop_retry_id =
		    g_timeout_add(TP_STOP_RETRY_MS << (m->stop_failures - 1),
				  tp_massager_retry_stop, m);
		return;
	}
	g_warning("%s: no stop got through; disconnecting it", m->address);
	m->link->ops->disconnect(m->link);
}

static const char *tp_write_kind_name(TpWriteKind kind)
{
	static const char *const names[] = {
		[TP_WRITE_STOP] = "stop",
		[TP_WRITE_SPEED] = "speed",
		[TP_WRITE_STATUS] = "status request",
		[TP_WRITE_VERSION] = "firmware request",
	};
	return names[kind];
}

/* The status and firmware requests only inform: a device that refuses
 * one still runs its session, and is not asked again. */
static void tp_massager_optional_refused(TpMassager *m, TpWriteKind kind,
					 int err)
{
	bool *refused =
	    kind == TP_WRITE_STATUS ? &m->status_refused : &m->version_refused;

	if (!*refused)
		g_message("%s: the %s failed (%s); not asking again",
			  m->address, tp_write_kind_name(kind),
			  g_strerror(-err));
	*refused = true;
}

static void tp_massager_write_failed(TpMassager *m, TpWriteKind kind, int err)
{
	g_autofree char *why = NULL;
	unsigned changes = 0;

	if (kind == TP_WRITE_STATUS || kind == TP_WRITE_VERSION) {
		tp_massager_optional_refused(m, kind, err);
		return;
	}
	why = g_strdup_printf(
	    "writing to %s failed: %s%s", m->address, g_strerror(-err),
	    kind == TP_WRITE_STOP ? "; the motor could not be told to stop"
				  : "");
	g_warning("%s", why);
	if (kind == TP_WRITE_STOP) {
		/* The motor may still run: take no more intensity, and
		 * write nothing but stops, until a stop gets through. */
		m->stop_owed = true;
		m->want_speed = m->want_status = m->want_version = false;
		changes |= tp_massager_set_state(m, TP_MASSAGER_ERROR);
		tp_massager_stop_failed(m, err);
	} else {
		/* Try to stop a motor that may still be running. */
		m->want_speed = false;
		m->want_status = false;
		m->want_stop = true;
		m->stop_owed = true;
		if (m->intensity != 0)
			changes |= TP_MASSAGER_CHANGED_INTENSITY;
		m->intensity = 0;
		changes |= tp_massager_set_state(m, TP_MASSAGER_STOPPING);
	}
	tp_massager_changed(m, changes);
	tp_massager_emit(m, TP_MASSAGER_EVENT_WRITE_FAILED, 0, why);
}

/* -ENOTCONN: the link is going down and will say so; until then nothing
 * can be written, and nothing has failed that the disconnect won't tell. */
static void tp_massager_write_lost(TpMassager *m)
{
	m->link_down = true;
	m->want_stop = m->want_speed = m->want_status = m->want_version = false;
}

/* A stop got through. Nothing follows a stop unasked, so that the last
 * frame a device receives from an ended session is the stop. */
static unsigned tp_massager_stop_acknowledged(TpMassager *m)
{
	unsigned changes = tp_massager_set_speed(m, 0);

	m->stop_failures = 0;
	m->stop_owed = false;
	if (m->stop_unconfirmed) {
		g_message("%s: stop acknowledged; its motor is stopped",
			  m->address);
		m->stop_unconfirmed = false;
		changes |= TP_MASSAGER_CHANGED_STATE;
		/* Reconnected only to stop it: the person's disconnect
		 * stands. */
		if (m->user_disconnected) {
			m->want_version = m->want_status = false;
			m->want_disconnect = true;
		}
	}
	if ((m->state == TP_MASSAGER_STOPPING ||
	     m->state == TP_MASSAGER_ERROR) &&
	    !m->want_speed)
		changes |= tp_massager_set_state(m, TP_MASSAGER_READY);
	return changes;
}

static void tp_massager_write_done(int err, void *user_data)
{
	TpMassager *m = user_data;
	TpWriteKind kind = m->in_flight_kind;
	unsigned changes = 0;

	m->in_flight = false;
	if (err == -ENOTCONN) {
		tp_massager_write_lost(m);
	} else if (err < 0) {
		tp_massager_write_failed(m, kind, err);
	} else if (kind == TP_WRITE_SPEED) {
		/* Ask the device what it is doing; without status requests,
		 * the commanded speed is all we know. */
		if (m->protocol->encode_status_request && !m->status_refused)
			m->want_status = !m->want_stop;
		else
			changes |= tp_massager_set_speed(m, m->pending_speed);
	} else if (kind == TP_WRITE_STOP) {
		changes |= tp_massager_stop_acknowledged(m);
	}
	tp_massager_changed(m, changes);
	tp_massager_pump(m);
}

static void tp_massager_pump(TpMassager *m)
{
	TpFrame frame;
	TpWriteKind kind;

	while (!m->in_flight && tp_massager_link_up(m) &&
	       !tp_massager_queue_empty(m)) {
		TpNext next = tp_massager_next_frame(m, &frame, &kind);
		if (next == TP_NEXT_NONE)
			continue;
		if (next == TP_NEXT_FAILED) {
			/* A frame that cannot be encoded fails like a
			 * refused write: never dropped in silence. */
			g_warning("%s: model %s: cannot encode the %s frame",
				  m->address, m->model->id,
				  tp_write_kind_name(kind));
			tp_massager_write_failed(m, kind, -EINVAL);
			continue;
		}
		if (!g_log_writer_default_would_drop(G_LOG_LEVEL_DEBUG,
						     G_LOG_DOMAIN)) {
			g_autofree char *hex = tp_hex(frame.data, frame.len);
			g_debug("%s: write %s", m->address, hex);
		}
		m->in_flight = true;
		m->in_flight_kind = kind;
		int err = m->link->ops->write(m->link, &frame,
					      tp_massager_write_done, m);
		if (err == -ENOTCONN) {
			m->in_flight = false;
			tp_massager_write_lost(m);
		} else if (err < 0) {
			m->in_flight = false;
			tp_massager_write_failed(m, kind, err);
		}
	}
	if (!tp_massager_idle(m))
		return;
	if (m->want_disconnect) {
		m->want_disconnect = false;
		m->link->ops->disconnect(m->link);
		return;
	}
	tp_massager_emit(m, TP_MASSAGER_EVENT_IDLE, 0, NULL);
}

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
	m->want_stop = true;
	m->want_speed = false;
	m->want_version = true;
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
	if (!tp_massager_wants_reconnect(m, error))
		return;
	g_info("%s: trying again in %.1f s", m->address,
	       m->backoff_ms / 1000.0);
	m->reconnect_id =
	    g_timeout_add(m->backoff_ms, tp_massager_reconnect, m);
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
	m->want_stop = m->want_speed = m->want_status = m->want_version = false;
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
	if (!m->protocol->decode(data, len, &st, &why)) {
		g_autofree char *hex = tp_hex(data, len);
		g_warning("%s: ignoring notification %s: %s", m->address, hex,
			  why);
		return;
	}
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

static const TpLinkListener tp_massager_link_listener = {
	.connected = tp_massager_link_connected,
	.disconnected = tp_massager_link_disconnected,
	.notification = tp_massager_link_notification,
	.battery = tp_massager_link_battery,
};

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
	return !m->in_flight && tp_massager_queue_empty(m) && !m->stop_retry_id;
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
