/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The massager's write queue: at most one write in flight, requests kept
 * as flags so that repeats coalesce, a stop ahead of everything but the
 * init frames of a fresh connection, failed stops retried; the model's
 * init frames, start frame and keep-alive.
 */
#include <errno.h>

#include "massager-private.h"

/* ---- write queue ------------------------------------------------------- */

typedef enum {
	TP_NEXT_NONE,	/* nothing to write for this request */
	TP_NEXT_FRAME,	/* a frame to write */
	TP_NEXT_FAILED, /* the protocol could not encode it */
} TpNext;

static TpNext tp_next(bool encoded)
{
	return encoded ? TP_NEXT_FRAME : TP_NEXT_FAILED;
}

/* The next frame to write, by priority: the model's init frames (only
 * after a connect), stop, start and speed, a keep-alive, then the optional
 * requests, which a protocol may lack and a device may have refused. */
static TpNext tp_massager_next_frame(TpMassager *m, TpFrame *f,
				     TpWriteKind *kind)
{
	const TpProtocol *p = m->protocol;
	const TpProtocolParams *params = &m->model->params;

	*f = (TpFrame){ 0 };
	/* Init frames prepare the device; the first stop follows them. */
	if (m->want_init) {
		m->want_init = false;
		*kind = TP_WRITE_INIT;
		if (!p->encode_init || m->init_next >= params->n_init)
			return TP_NEXT_NONE;
		return tp_next(p->encode_init(params, m->init_next, f));
	}
	if (m->want_stop) {
		m->want_stop = false;
		m->started = false; /* after a stop, start again */
		*kind = TP_WRITE_STOP;
		return tp_next(p->encode_stop(&m->model->params, f));
	}
	/* A device with a Start frame hears it before its first level after
	 * a stop; the level stays queued behind it. */
	if (m->want_speed && params->start && p->encode_start && !m->started) {
		*kind = TP_WRITE_START;
		return tp_next(p->encode_start(params, f));
	}
	if (m->want_speed) {
		m->want_speed = false;
		*kind = TP_WRITE_SPEED;
		return tp_next(
		    p->encode_speed(&m->model->params, m->pending_speed, f));
	}
	if (m->want_keepalive) {
		m->want_keepalive = false;
		*kind = TP_WRITE_KEEPALIVE;
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

bool tp_massager_queue_empty(const TpMassager *m)
{
	return !m->want_init && !m->want_stop && !m->want_speed &&
	       !m->want_keepalive && !m->want_version && !m->want_status;
}

void tp_massager_queue_connect(TpMassager *m)
{
	tp_massager_queue_clear(m);
	m->want_init = m->model->params.n_init > 0;
	m->want_stop = true;
	m->want_version = true;
}

void tp_massager_queue_clear(TpMassager *m)
{
	m->want_init = m->want_stop = m->want_speed = false;
	m->want_status = m->want_version = false;
	m->init_next = 0;
	m->started = false;
	g_clear_handle_id(&m->init_wait_id, g_source_remove);
	tp_massager_cancel_keepalive(m);
}

/* ---- keep-alive -------------------------------------------------------- */

void tp_massager_cancel_keepalive(TpMassager *m)
{
	m->want_keepalive = false;
	g_clear_handle_id(&m->keepalive_id, g_source_remove);
}

/* Resend only while the motor is meant to run at that level: a stop asked
 * or owed, or a failed write, ends it (and cancelled the timer). */
static bool tp_massager_keeps_alive(const TpMassager *m)
{
	return m->state == TP_MASSAGER_RUNNING && m->pending_speed > 0 &&
	       !m->want_stop && !m->stop_owed && tp_massager_connected(m);
}

static gboolean tp_massager_keepalive_due(gpointer data)
{
	TpMassager *m = data;

	m->keepalive_id = 0;
	/* A new level queued is written anyway. */
	if (tp_massager_keeps_alive(m) && !m->want_speed) {
		m->want_keepalive = true;
		tp_massager_pump(m);
	}
	return G_SOURCE_REMOVE;
}

/* The level in force was written: write it again after Keepalive ms. */
static void tp_massager_arm_keepalive(TpMassager *m)
{
	unsigned period = m->model->keepalive_ms;

	g_clear_handle_id(&m->keepalive_id, g_source_remove);
	if (period && tp_massager_keeps_alive(m))
		m->keepalive_id =
		    g_timeout_add(period, tp_massager_keepalive_due, m);
}

/* ---- init frames ------------------------------------------------------- */

static gboolean tp_massager_init_waited(gpointer data)
{
	TpMassager *m = data;

	m->init_wait_id = 0;
	tp_massager_pump(m);
	return G_SOURCE_REMOVE;
}

/* An init frame got through: the next one, after its wait. */
static void tp_massager_init_written(TpMassager *m)
{
	const TpInitFrame *init = &m->model->params.init[m->init_next];

	m->init_next++;
	m->want_init = m->init_next < m->model->params.n_init;
	if (init->wait_ms)
		m->init_wait_id =
		    g_timeout_add(init->wait_ms, tp_massager_init_waited, m);
}

/* A device that refuses its init frames cannot be driven: stop it (in
 * case it runs) and let it go. */
static void tp_massager_init_failed(TpMassager *m, int err)
{
	g_warning("%s: model %s: init frame %zu failed (%s); not driving it",
		  m->address, m->model->id, m->init_next + 1, g_strerror(-err));
	m->want_init = false;
	m->want_speed = false;
	m->want_stop = true;
	m->stop_owed = true;
	m->want_disconnect = true;
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
		[TP_WRITE_INIT] = "init",
		[TP_WRITE_STOP] = "stop",
		[TP_WRITE_START] = "start",
		[TP_WRITE_SPEED] = "speed",
		[TP_WRITE_KEEPALIVE] = "keep-alive",
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
	tp_massager_cancel_keepalive(m);
	if (kind == TP_WRITE_INIT) {
		tp_massager_init_failed(m, err);
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
	tp_massager_queue_clear(m);
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
	} else if (kind == TP_WRITE_INIT) {
		tp_massager_init_written(m);
	} else if (kind == TP_WRITE_START) {
		m->started = true;
	} else if (kind == TP_WRITE_SPEED) {
		/* Ask the device what it is doing; without status requests,
		 * the commanded speed is all we know. */
		if (m->protocol->encode_status_request && !m->status_refused)
			m->want_status = !m->want_stop;
		else
			changes |= tp_massager_set_speed(m, m->pending_speed);
		tp_massager_arm_keepalive(m);
	} else if (kind == TP_WRITE_KEEPALIVE) {
		tp_massager_arm_keepalive(m);
	} else if (kind == TP_WRITE_STOP) {
		changes |= tp_massager_stop_acknowledged(m);
	}
	tp_massager_changed(m, changes);
	tp_massager_pump(m);
}

void tp_massager_pump(TpMassager *m)
{
	TpFrame frame;
	TpWriteKind kind;

	while (!m->in_flight && !m->init_wait_id && tp_massager_link_up(m) &&
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
