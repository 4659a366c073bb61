/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "sim-dbus.h"

#include "tpd/tpd-dbus.h"

struct TpSimExport {
	TpBus *bus;
	char *path;
	TpSimPeer *peer;
	bool running;
	unsigned speed;
};

static DBusMessage *tp_sim_get_frames(TpBus *bus, DBusMessage *msg, void *data)
{
	TpSimExport *e = data;
	g_autoptr(GPtrArray) frames = tp_sim_peer_frames(e->peer);
	GVariantBuilder list;
	(void)bus;

	g_variant_builder_init(&list, G_VARIANT_TYPE("aay"));
	for (guint i = 0; i < frames->len; i++) {
		gsize len;
		const void *bytes =
		    g_bytes_get_data(g_ptr_array_index(frames, i), &len);
		g_variant_builder_add_value(
		    &list, g_variant_new_fixed_array(G_VARIANT_TYPE_BYTE, bytes,
						     len, 1));
	}
	return tp_reply_new(msg, g_variant_new("(aay)", &list));
}

static bool tp_sim_get_running(DBusMessageIter *iter, void *data)
{
	TpSimExport *e = data;

	return tp_append_bool(iter, tp_sim_peer_running(e->peer));
}

static bool tp_sim_get_speed(DBusMessageIter *iter, void *data)
{
	TpSimExport *e = data;

	return tp_append_u32(iter, tp_sim_peer_speed(e->peer));
}

static bool tp_sim_get_kind(DBusMessageIter *iter, void *data)
{
	TpSimExport *e = data;

	return tp_append_string(iter, tp_sim_peer_kind(e->peer));
}

static bool tp_sim_get_received(DBusMessageIter *iter, void *data)
{
	TpSimExport *e = data;

	return tp_append_u32(iter, tp_sim_peer_frames_received(e->peer));
}

static bool tp_sim_get_rejected(DBusMessageIter *iter, void *data)
{
	TpSimExport *e = data;

	return tp_append_u32(iter, tp_sim_peer_frames_rejected(e->peer));
}

const TpInterface tp_simulator_interface = {
	.name = TPD_SIMULATOR_INTERFACE,
	.invalid_args_error = TPD_ERROR_INVALID_ARGS,
	.methods = (const TpMethod[]){ { "GetFrames", TP_NO_ARGS,
					 TP_ARGS({ "frames", "aay" }),
					 tp_sim_get_frames },
				       { NULL } },
	.properties =
	    (const TpProperty[]){
		{ "MotorRunning", "b", tp_sim_get_running },
		{ "MotorSpeed", "u", tp_sim_get_speed },
		{ "Kind", "s", tp_sim_get_kind },
		{ "FramesReceived", "u", tp_sim_get_received },
		{ "FramesRejected", "u", tp_sim_get_rejected },
		{ NULL } },
	.signals = (const TpSignal[]){ { "FrameReceived",
					 TP_ARGS({ "frame", "ay" },
						 { "accepted", "b" }) },
				       { NULL } },
};

static void tp_sim_changed(TpSimExport *e, const char *property)
{
	tp_bus_property_changed(e->bus, e->path, &tp_simulator_interface,
				property);
}

typedef struct {
	const uint8_t *data;
	size_t len;
	bool accepted;
} TpFrame;

/* FrameReceived (ayb): one for every frame a simulated device gets, so
 * every change of intensity; built without a GVariant. */
static bool tp_append_frame_received(DBusMessageIter *iter, void *data)
{
	TpFrame *f = data;

	return tp_append_bytes(iter, f->data, f->len) &&
	       tp_append_bool(iter, f->accepted);
}

static void tp_sim_frame_observed(const uint8_t *data, size_t len,
				  bool accepted, void *user_data)
{
	TpSimExport *e = user_data;

	tp_sim_changed(e, "FramesReceived");
	if (!accepted)
		tp_sim_changed(e, "FramesRejected");
	if (e->running != tp_sim_peer_running(e->peer)) {
		e->running = tp_sim_peer_running(e->peer);
		tp_sim_changed(e, "MotorRunning");
	}
	if (e->speed != tp_sim_peer_speed(e->peer)) {
		e->speed = tp_sim_peer_speed(e->peer);
		tp_sim_changed(e, "MotorSpeed");
	}
	tp_bus_emit_signal_with(e->bus, e->path, &tp_simulator_interface,
				"FrameReceived", tp_append_frame_received,
				&(TpFrame){ data, len, accepted });
}

TpSimExport *tp_sim_dbus_export(TpBus *bus, const char *path, TpSimPeer *peer)
{
	TpSimExport *e = g_new0(TpSimExport, 1);

	e->bus = bus;
	e->path = g_strdup(path);
	e->peer = peer;
	e->running = tp_sim_peer_running(peer);
	e->speed = tp_sim_peer_speed(peer);
	tp_sim_peer_set_observer(peer, tp_sim_frame_observed, e);
	tp_bus_add_interface(bus, path, &tp_simulator_interface, e);
	return e;
}

void tp_sim_dbus_free(TpSimExport *e)
{
	if (!e)
		return;
	tp_sim_peer_set_observer(e->peer, NULL, NULL);
	tp_bus_remove_interface(e->bus, e->path, &tp_simulator_interface);
	g_free(e->path);
	g_free(e);
}
