/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The generic "frame" protocol: one frame sets the level, one stops, both
 * described in the model file ([Frame] Frame= and Stop=, see
 * frame-template.h), written as the model's Write= says. This covers the
 * many single-frame devices of PROTOCOLS.md §4: a new one needs a data
 * file, not code. They report no status tpd understands.
 */
#include "protocol.h"

static bool frame_render(const TpProtocolParams *params,
			 const TpFrameTemplate *t, unsigned level, TpFrame *out)
{
	const char *why = NULL;

	if (!tp_frame_template_render(t, level, out, &why)) {
		/* Checked when the model loaded, so a bug if it happens;
		 * the massager handles it like a refused write. */
		g_warning("model %s: cannot render level %u: %s",
			  params->model_id, level, why);
		return false;
	}
	out->write_type = params->write;
	return true;
}

static bool frame_encode_stop(const TpProtocolParams *params, TpFrame *out)
{
	return frame_render(params, params->stop, 0, out);
}

static bool frame_encode_speed(const TpProtocolParams *params, unsigned level,
			       TpFrame *out)
{
	if (level == 0)
		return frame_encode_stop(params, out);
	return frame_render(params, params->frame, level, out);
}

const TpProtocol tp_protocol_frame = {
	.name = "frame",
	.levels = true,
	.encode_speed = frame_encode_speed,
	.encode_stop = frame_encode_stop,
};
