/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The generic "frame" protocol: one frame sets the level, one stops, and
 * optional init frames prepare the device, all described in the model
 * file ([Frame] Frame=, Stop=, Init=, see frame-template.h), written as
 * the model's Write= and InitWrite= say, each kind to its characteristic. This
 * covers the many single-frame devices of PROTOCOLS.md §4: a new one needs a
 * data file, not code. They report no status tpd understands.
 */
#include "protocol.h"

static bool frame_render(const TpProtocolParams *params,
			 const TpFrameTemplate *t, unsigned level, int write,
			 unsigned channel, TpFrame *out)
{
	const char *why = NULL;

	if (!tp_frame_template_render(t, level, out, &why)) {
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

const TpProtocol tp_protocol_frame = {
	.name = "frame",
	.levels = true,
	.encode_speed = frame_encode_speed,
	.encode_stop = frame_encode_stop,
	.encode_init = frame_encode_init,
};
