/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* io.tpd.Tpd1.Session: the D-Bus face of a TpSession. */
#include "api-error.h"
#include "api.h"
#include "common/device-path.h"
#include "tpd/tpd-dbus.h"

typedef struct {
	TpApi *api;
	TpSession *session;
	char *owner; /* the client that started it */
	guint owner_watch;
	bool detached; /* runs on when the owner leaves */
} TpSessionExport;

static TpSessionExport *tp_export_of(void *data)
{
	return data;
}

/* ---- methods ----------------------------------------------------------- */

/* From SIGTERM (or the machine's PrepareForSleep) on, nothing may move a
 * motor again: Resume, SetScale and Skip (which may lead into a louder
 * step) are refused; Pause and Stop are not. */
static DBusMessage *tp_session_refuse_shutdown(TpSessionExport *e,
					       DBusMessage *msg)
{
	const char *why = tp_manager_barrier(e->api->manager);

	if (!why)
		return NULL;
	return tp_error_shutting_down(msg, "%s; the session is ending", why);
}

/* A session is its starter's: only they (or root) may steer it. Anyone
 * who may control massagers may stop it: stopping is always safe. */
static DBusMessage *tp_session_refuse_stranger(TpSessionExport *e, TpBus *bus,
					       DBusMessage *msg)
{
	guint32 caller = tp_api_caller_uid(bus);
	guint32 owner = tp_session_uid(e->session);

	if (caller == 0 || caller == owner)
		return NULL;
	return tp_error_not_permitted(
	    msg,
	    "session %s is user %u's: only they or root may pause, resume, "
	    "rescale or skip it; anyone may stop it",
	    tp_session_tag(e->session), owner);
}

static DBusMessage *tp_session_dbus_pause(TpBus *bus, DBusMessage *msg,
					  void *data)
{
	TpSessionExport *e = data;
	DBusMessage *refused = tp_session_refuse_stranger(e, bus, msg);

	if (refused)
		return refused;
	if (!tp_session_pause(e->session))
		return tp_error_failed(msg, "the session is %s, not running",
				       tp_session_state_name(e->session));
	return tp_reply_new(msg, NULL);
}

static DBusMessage *tp_session_dbus_resume(TpBus *bus, DBusMessage *msg,
					   void *data)
{
	TpSessionExport *e = data;
	DBusMessage *refused = tp_session_refuse_stranger(e, bus, msg);

	if (!refused)
		refused = tp_session_refuse_shutdown(e, msg);
	if (refused)
		return refused;
	if (tp_session_state(e->session) != TP_SESSION_PAUSED)
		return tp_error_failed(msg, "the session is %s, not paused",
				       tp_session_state_name(e->session));
	if (!tp_session_resume(e->session))
		return tp_error_failed(msg, "its device is no longer this "
					    "session's");
	return tp_reply_new(msg, NULL);
}

static DBusMessage *tp_session_dbus_stop(TpBus *bus, DBusMessage *msg,
					 void *data)
{
	TpSessionExport *e = data;
	(void)bus;

	tp_session_finish(e->session, TPD_FINISH_STOPPED);
	return tp_reply_new(msg, NULL);
}

static DBusMessage *tp_session_dbus_skip(TpBus *bus, DBusMessage *msg,
					 void *data)
{
	TpSessionExport *e = data;
	DBusMessage *refused = tp_session_refuse_stranger(e, bus, msg);

	if (!refused)
		refused = tp_session_refuse_shutdown(e, msg);
	if (refused)
		return refused;
	tp_session_skip(e->session);
	return tp_reply_new(msg, NULL);
}

static DBusMessage *tp_session_dbus_set_scale(TpBus *bus, DBusMessage *msg,
					      void *data)
{
	TpSessionExport *e = data;
	DBusMessage *refused = tp_session_refuse_stranger(e, bus, msg);
	double scale;

	if (!refused)
		refused = tp_session_refuse_shutdown(e, msg);
	if (refused)
		return refused;
	dbus_message_get_args(msg, NULL, DBUS_TYPE_DOUBLE, &scale,
			      DBUS_TYPE_INVALID);
	/* !(a <= x <= b) also catches NaN. */
	if (!(scale >= TP_SCALE_MIN && scale <= TP_SCALE_MAX))
		return tp_error_invalid_args(msg,
					     "scale %g is out of range; "
					     "expected %g to %g",
					     scale, TP_SCALE_MIN, TP_SCALE_MAX);
	tp_session_set_scale(e->session, scale);
	return tp_reply_new(msg, NULL);
}

/* ---- properties -------------------------------------------------------- */

/* Getters append straight into the message: State, Step, Elapsed and
 * Intensity go out every tick of a session. */
#define TP_SESSION_GETTER(fn, expr)                               \
	static bool fn(DBusMessageIter *iter, void *data)         \
	{                                                         \
		const TpSession *s = tp_export_of(data)->session; \
		return expr;                                      \
	}

static bool tp_session_get_device(DBusMessageIter *iter, void *data)
{
	TpMassager *m = tp_session_massager(tp_export_of(data)->session);
	g_autofree char *path = tp_device_object_path(tp_massager_address(m));

	return tp_append_path(iter, path);
}

static bool tp_session_get_step_name(DBusMessageIter *iter, void *data)
{
	g_autofree char *name =
	    tp_session_step_name(tp_export_of(data)->session);

	return tp_append_string(iter, name);
}

TP_SESSION_GETTER(tp_session_get_muscle,
		  tp_append_string(iter, tp_session_muscle(s)->id))
TP_SESSION_GETTER(tp_session_get_side,
		  tp_append_string(iter, tp_session_side(s)))
TP_SESSION_GETTER(tp_session_get_program,
		  tp_append_string(iter, tp_session_program(s)->id))
TP_SESSION_GETTER(tp_session_get_variant,
		  tp_append_string(iter, tp_session_program(s)->variant
					     ? tp_session_program(s)->variant
					     : ""))
TP_SESSION_GETTER(tp_session_get_state,
		  tp_append_string(iter, tp_session_state_name(s)))
TP_SESSION_GETTER(tp_session_get_step, tp_append_u32(iter, tp_session_step(s)))
TP_SESSION_GETTER(tp_session_get_step_count,
		  tp_append_u32(iter, tp_session_step_count(s)))
TP_SESSION_GETTER(tp_session_get_cue, tp_append_string(iter, tp_session_cue(s)))
TP_SESSION_GETTER(tp_session_get_elapsed,
		  tp_append_u32(iter, tp_session_elapsed(s)))
TP_SESSION_GETTER(tp_session_get_duration,
		  tp_append_u32(iter, tp_session_duration(s)))
TP_SESSION_GETTER(tp_session_get_intensity,
		  tp_append_u32(iter, tp_session_intensity(s)))
TP_SESSION_GETTER(tp_session_get_scale,
		  tp_append_double(iter, tp_session_scale(s)))
TP_SESSION_GETTER(tp_session_get_cautions,
		  tp_append_string(iter, tp_session_muscle(s)->cautions))
TP_SESSION_GETTER(tp_session_get_reason,
		  tp_append_string(iter, tp_session_reason(s)))

static bool tp_session_get_detached(DBusMessageIter *iter, void *data)
{
	return tp_append_bool(iter, tp_export_of(data)->detached);
}

const TpInterface tp_session_interface = {
	.name = TPD_SESSION_INTERFACE,
	.invalid_args_error = TPD_ERROR_INVALID_ARGS,
	.methods =
	    (const TpMethod[]){ { "Pause", TP_NO_ARGS, TP_NO_ARGS,
				  tp_session_dbus_pause, TPD_ACTION_CONTROL },
				{ "Resume", TP_NO_ARGS, TP_NO_ARGS,
				  tp_session_dbus_resume, TPD_ACTION_CONTROL },
				{ "Stop", TP_NO_ARGS, TP_NO_ARGS,
				  tp_session_dbus_stop, TPD_ACTION_CONTROL },
				{ "Skip", TP_NO_ARGS, TP_NO_ARGS,
				  tp_session_dbus_skip, TPD_ACTION_CONTROL },
				{ "SetScale", TP_ARGS({ "scale", "d" }),
				  TP_NO_ARGS, tp_session_dbus_set_scale,
				  TPD_ACTION_CONTROL },
				{ NULL } },
	.properties =
	    (const TpProperty[]){
		{ "Device", "o", tp_session_get_device },
		{ "Muscle", "s", tp_session_get_muscle },
		{ "Side", "s", tp_session_get_side },
		{ "Program", "s", tp_session_get_program },
		{ "Variant", "s", tp_session_get_variant },
		{ "State", "s", tp_session_get_state },
		{ "Step", "u", tp_session_get_step },
		{ "StepCount", "u", tp_session_get_step_count },
		{ "StepName", "s", tp_session_get_step_name },
		{ "Cue", "s", tp_session_get_cue },
		{ "Elapsed", "u", tp_session_get_elapsed },
		{ "Duration", "u", tp_session_get_duration },
		{ "Intensity", "u", tp_session_get_intensity },
		{ "Scale", "d", tp_session_get_scale },
		{ "Cautions", "s", tp_session_get_cautions },
		{ "Reason", "s", tp_session_get_reason },
		{ "Detached", "b", tp_session_get_detached },
		{ NULL } },
	.signals =
	    (const TpSignal[]){ { "Finished", TP_ARGS({ "reason", "s" }) },
				{ NULL } },
};

/* ---- session events ---------------------------------------------------- */

static void tp_session_dbus_changed(TpSession *s, unsigned changes,
				    void *user_data)
{
	static const struct {
		unsigned bit;
		const char *property;
	} map[] = {
		{ TP_SESSION_CHANGED_STATE, "State" },
		{ TP_SESSION_CHANGED_STEP, "Step" },
		{ TP_SESSION_CHANGED_STEP, "StepName" },
		{ TP_SESSION_CHANGED_STEP, "Cue" },
		{ TP_SESSION_CHANGED_ELAPSED, "Elapsed" },
		{ TP_SESSION_CHANGED_INTENSITY, "Intensity" },
		{ TP_SESSION_CHANGED_SCALE, "Scale" },
		{ TP_SESSION_CHANGED_REASON, "Reason" },
	};
	TpSessionExport *e = user_data;

	for (size_t i = 0; i < G_N_ELEMENTS(map); i++)
		if (changes & map[i].bit)
			tp_bus_property_changed(e->api->bus, tp_session_tag(s),
						&tp_session_interface,
						map[i].property);
}

static void tp_session_export_free(TpSessionExport *e)
{
	if (e->owner_watch)
		tp_client_watch_remove(e->api->clients, e->owner_watch);
	g_free(e->owner);
	g_free(e);
}

static void tp_session_dbus_finished(TpSession *s, const char *reason,
				     void *user_data)
{
	TpSessionExport *e = user_data;
	const char *path = tp_session_tag(s);

	/* Final properties, then Finished, then the object goes. */
	tp_bus_emit_signal(e->api->bus, path, &tp_session_interface, "Finished",
			   g_variant_new("(s)", reason));
	tp_bus_remove_object(e->api->bus, path);
	tp_manager_end_session(e->api->manager, s);
	tp_session_export_free(e);
}

static const TpSessionListener tp_session_dbus_listener = {
	.changed = tp_session_dbus_changed,
	.finished = tp_session_dbus_finished,
};

static void tp_session_owner_gone(const char *name, void *user_data)
{
	TpSessionExport *e = user_data;

	e->owner_watch = 0;
	g_info("session %s: its client %s left the bus",
	       tp_session_tag(e->session), name);
	tp_session_finish(e->session, TPD_FINISH_CLIENT_LEFT);
}

TpSession *tp_session_dbus_start(TpApi *api, TpMassager *m,
				 const TpSessionRequest *req, const char *owner,
				 GError **error)
{
	TpSessionExport *e = g_new0(TpSessionExport, 1);

	e->api = api;
	e->owner = g_strdup(owner);
	e->detached = req->detach;
	e->session = tp_manager_start_session(
	    api->manager, m, req, &tp_session_dbus_listener, e, error);
	if (!e->session) {
		tp_session_export_free(e);
		return NULL;
	}
	tp_bus_add_interface(api->bus, tp_session_tag(e->session),
			     &tp_session_interface, e);
	/* Detached: still bound by every limit, and stoppable through the
	 * API by whoever the bus policy lets in (root, group tpd). */
	if (e->detached)
		g_info("session %s runs detached from its client %s",
		       tp_session_tag(e->session), owner);
	else
		e->owner_watch = tp_client_watch_add(api->clients, owner,
						     tp_session_owner_gone, e);
	return e->session;
}
