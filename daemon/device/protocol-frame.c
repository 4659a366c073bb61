/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The generic "frame" protocol: one frame sets the level, one stops, and
 * optional init frames prepare the device and a start frame precedes the
 * first level after a stop, all described in the model file ([Frame]
 * Frame=, Stop=, Init=, Start=, see frame-template.h), written as
 * the model's Write= and InitWrite= say, each kind to its characteristic;
 * status notifications read as its [Notify] group lays them out. This
 * covers the many single-frame devices of PROTOCOLS.md §4: a new one needs a
 * data file, not code.
 */
#include "protocol.h"

#include <string.h>

static bool frame_render(const TpProtocolParams *params,
			 const TpFrameTemplate *t, unsigned level, int write,
			 unsigned channel, TpFrame *out)
{
	const char *why = NULL;

	if (!tp_frame_template_render(t, level, out->data, &out->len, &why)) {
		/* Checked when the model loaded, so a bug if it happens;
		 * the massager handles it like a refused write. */
		g_warning("model %s: cannot render level %u: %s",
			  params->model_id, level, why);
		return false;
	}
	out->write_type = write;
	out->channel = channel;
	return true;
}

static bool frame_encode_stop(const TpProtocolParams *params, TpFrame *out)
{
	return frame_render(params, params->stop, 0, params->write,
			    params->stop_channel, out);
}

static bool frame_encode_start(const TpProtocolParams *params, TpFrame *out)
{
	g_return_val_if_fail(params->start != NULL, false);
	return frame_render(params, params->start, 0, params->write,
			    params->start_channel, out);
}

static bool frame_encode_init(const TpProtocolParams *params, size_t index,
			      TpFrame *out)
{
	g_return_val_if_fail(index < params->n_init, false);
	return frame_render(params, params->init[index].frame, 0,
			    params->init_write, params->init_channel, out);
}

static bool frame_encode_speed(const TpProtocolParams *params, unsigned level,
			       TpFrame *out)
{
	if (level == 0)
		return frame_encode_stop(params, out);
	return frame_render(params, params->frame, level, params->write,
			    params->frame_channel, out);
}

/* A status notification as [Notify] lays it out; anything else (Lovense's
 * "OK;", say) tells tpd nothing. */
static bool frame_decode(const TpProtocolParams *params, const uint8_t *data,
			 size_t len, TpStatus *out, const char **why)
{
	const TpNotifyLayout *n = &params->notify;

	*out = (TpStatus){ 0 };
	if (!n->present || len < n->prefix_len ||
	    memcmp(data, n->prefix, n->prefix_len) != 0)
		return true;
	if (len < n->min_len) {
		*why = "status notification too short for the model's [Notify]";
		return false;
	}
	if (n->battery_byte >= 0 && data[n->battery_byte] > 100) {
		*why = "battery above 100 %";
		return false;
	}
	if (n->running_byte >= 0) {
		out->has_running = true;
		out->running = data[n->running_byte] == n->running_value;
	}
	if (n->battery_byte >= 0) {
		out->has_battery = true;
		out->battery = data[n->battery_byte];
	}
	if (n->level_byte >= 0) {
		out->has_speed = true;
		out->speed = data[n->level_byte];
	}
	return true;
}

const TpProtocol tp_protocol_frame = {
	.name = "frame",
	.levels = true,
	.encode_speed = frame_encode_speed,
	.encode_stop = frame_encode_stop,
	.encode_init = frame_encode_init,
	.encode_start = frame_encode_start,
	.decode = frame_decode,
};
