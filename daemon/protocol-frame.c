/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The generic "frame" protocol: one frame sets the level, one stops, both
 * described in the model file ([Frame] Frame= and Stop=, see
 * frame-template.h), written as the model's Write= says. This covers the
 * many single-frame devices of PROTOCOLS.md §4: a new one needs a data
 * file, not code. They report no status tpd understands.
 */
#include "model.h"
#include "protocol.h"

static bool frame_render(const TpModel *model, const TpFrameTemplate *t,
			 unsigned level, TpFrame *out)
{
	const char *why = NULL;

	if (!tp_frame_template_render(t, level, out, &why)) {
		/* Checked when the model loaded, so a bug if it happens;
		 * the massager handles it like a refused write. */
		g_warning("model %s: cannot render level %u: %s", model->id,
			  level, why);
		return false;
	}
	out->write_type = model->frame_write;
	return true;
}

static bool frame_encode_stop(const struct TpModel *model, TpFrame *out)
{
	return frame_render(model, model->stop_template, 0, out);
}

static bool frame_encode_speed(const struct TpModel *model, unsigned level,
			       TpFrame *out)
{
	if (level == 0)
		return frame_encode_stop(model, out);
	return frame_render(model, model->frame_template, level, out);
}

const TpProtocol tp_protocol_frame = {
	.name = "frame",
	.levels = true,
	.encode_speed = frame_encode_speed,
	.encode_stop = frame_encode_stop,
};
