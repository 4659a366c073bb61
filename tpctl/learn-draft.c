/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The draft model file, and its proof: every template of the draft is
 * parsed and rendered by tpd's own frame-template engine (common/), and
 * each captured control frame counts as reproduced only when the frame
 * the draft gives for its role (and level) is byte for byte the same.
 */
#include <string.h>

#include "common/frame-template.h"
#include "common/hex.h"
#include "common/tp-error.h"
#include "learn.h"

/* Lower case, as tshark prints values: the listing compares with it. */
char *tp_learn_hex(GBytes *bytes)
{
	gsize n;
	const uint8_t *d = g_bytes_get_data(bytes, &n);
	g_autofree char *hex = tp_hex(d, n);

	return g_ascii_strdown(hex, -1);
}

/* Quoted text reads better where the device speaks ASCII; the key-file
 * reader and the template language take any printable character but the
 * quote itself and the backslash. */
char *tp_learn_bytes_template(GBytes *bytes)
{
	gsize n;
	const uint8_t *d = g_bytes_get_data(bytes, &n);
	bool text = n > 0;

	for (gsize i = 0; i < n && text; i++)
		text =
		    d[i] >= 0x20 && d[i] <= 0x7E && d[i] != '"' && d[i] != '\\';
	return text ? g_strdup_printf("\"%.*s\"", (int)n, (const char *)d)
		    : tp_hex(d, n);
}

/* ---- proof -------------------------------------------------------------- */

typedef struct {
	TpFrameTemplate *frame, *stop, *start;
	GPtrArray *init; /* TpFrameTemplate* */
} TpDraftTemplates;

static void tp_draft_templates_clear(TpDraftTemplates *t)
{
	g_clear_pointer(&t->frame, tp_frame_template_free);
	g_clear_pointer(&t->stop, tp_frame_template_free);
	g_clear_pointer(&t->start, tp_frame_template_free);
	g_clear_pointer(&t->init, g_ptr_array_unref);
}

static bool tp_parse_constant(GBytes *bytes, TpFrameTemplate **out,
			      GError **error)
{
	g_autofree char *text = NULL;

	if (!bytes)
		return true;
	text = tp_learn_bytes_template(bytes);
	*out = tp_frame_template_parse(text, error);
	return *out != NULL;
}

static bool tp_parse_templates(const TpLearnResult *result, TpDraftTemplates *t,
			       GError **error)
{
	g_autofree char *frame = tp_learn_shape_template(result->shape);

	t->init = g_ptr_array_new_with_free_func(
	    (GDestroyNotify)tp_frame_template_free);
	t->frame = tp_frame_template_parse(frame, error);
	if (!t->frame || !tp_parse_constant(result->stop, &t->stop, error) ||
	    !tp_parse_constant(result->start, &t->start, error))
		return false;
	for (guint i = 0; i < result->init->len; i++) {
		TpFrameTemplate *init = NULL;
		if (!tp_parse_constant(result->init->pdata[i], &init, error))
			return false;
		g_ptr_array_add(t->init, init);
	}
	return true;
}

static bool tp_renders(const TpFrameTemplate *t, unsigned level, GBytes *want)
{
	uint8_t out[TP_FRAME_MAX];
	size_t len;
	const char *why;

	return t && tp_frame_template_render(t, level, out, &len, &why) &&
	       g_bytes_get_size(want) == len &&
	       (len == 0 ||
		memcmp(g_bytes_get_data(want, NULL), out, len) == 0);
}

static bool tp_reproduces(const TpDraftTemplates *t, const TpLearnWrite *w)
{
	switch (w->role) {
	case TP_ROLE_LEVEL:
	case TP_ROLE_RESEND:
		return tp_renders(t->frame, w->level, w->value);
	case TP_ROLE_STOP:
		return tp_renders(t->stop, 0, w->value);
	case TP_ROLE_START:
		return tp_renders(t->start, 0, w->value);
	case TP_ROLE_INIT:
		for (guint i = 0; i < t->init->len; i++)
			if (tp_renders(t->init->pdata[i], 0, w->value))
				return true;
		return false;
	default:
		return false;
	}
}

static void tp_prove(TpLearnTrace *trace, const TpDraftTemplates *t,
		     TpLearnDraft *draft)
{
	for (guint i = 0; i < trace->writes->len; i++) {
		TpLearnWrite *w = g_ptr_array_index(trace->writes, i);
		if (!tp_learn_write_counts(w))
			continue;
		draft->frames++;
		w->reproduced = tp_reproduces(t, w);
		draft->reproduced += w->reproduced;
	}
}

/* tpd checks that every level of Levels= renders; so does the draft. */
static bool tp_levels_render(const TpLearnResult *result,
			     const TpDraftTemplates *t, GError **error)
{
	uint8_t out[TP_FRAME_MAX];
	size_t len;
	const char *why = NULL;

	for (unsigned level = result->low; level <= result->high; level++)
		if (!tp_frame_template_render(t->frame, level, out, &len,
					      &why)) {
			g_set_error(error, TP_ERROR, TP_ERROR_FAILED,
				    "the template cannot render level %u: %s",
				    level, why);
			return false;
		}
	return true;
}

bool tp_learn_prove(TpLearnTrace *trace, const TpLearnResult *result,
		    TpLearnDraft *draft, GError **error)
{
	TpDraftTemplates t = { 0 };
	bool ok;

	*draft = (TpLearnDraft){ 0 };
	if (!result->shape) {
		for (guint i = 0; i < trace->writes->len; i++)
			draft->frames +=
			    ((TpLearnWrite *)trace->writes->pdata[i])->control;
		return true;
	}
	ok = tp_parse_templates(result, &t, error) &&
	     tp_levels_render(result, &t, error);
	if (ok)
		tp_prove(trace, &t, draft);
	tp_draft_templates_clear(&t);
	return ok;
}

/* ---- the model file ----------------------------------------------------- */

/* What [Match] Services= holds: the control service when the device
 * advertised it (or nothing was captured of its advertising), else what
 * it did advertise. */
static const char *tp_match_service(const TpLearnTrace *trace)
{
	for (guint i = 0; i < trace->advertised->len; i++)
		if (g_str_equal(trace->advertised->pdata[i], trace->service))
			return trace->service;
	return trace->advertised->len ? trace->advertised->pdata[0]
				      : trace->service;
}

static void tp_model_group(GString *s, const TpLearnTrace *trace,
			   const TpLearnResult *result,
			   const TpLearnSource *source)
{
	/* Without a name the draft still loads and can be tried (tpctl
	 * test-model goes by address), but matches no device until the
	 * person puts the advertised name in. */
	const char *names = trace->name ? trace->name : TP_LEARN_NO_NAME;

	g_string_append_printf(
	    s,
	    "[Model]\nName=%s\nKind=%s\nProtocol=frame\nLevels=%u..%u\n"
	    "Experimental=true\nEvidence=capture\n"
	    "Sources=tpctl learn %s sha256:%s\n\n",
	    trace->name ? trace->name : "Learned device", source->kind,
	    result->low, result->high, source->capture, source->sha256);
	g_string_append_printf(s, "[Match]\nNames=%s\nServices=%s\n\n", names,
			       tp_match_service(trace));
	g_string_append_printf(s, "[GATT]\nService=%s\nWrite=%s\n",
			       trace->service, trace->uuid);
	if (trace->notify_uuid)
		g_string_append_printf(s, "Notify=%s\n", trace->notify_uuid);
	if (result->init_uuid)
		g_string_append_printf(s, "InitCharacteristic=%s\n",
				       result->init_uuid);
}

static void tp_frame_group(GString *s, const TpLearnResult *result)
{
	g_autofree char *frame = tp_learn_shape_template(result->shape);
	g_autofree char *stop = tp_learn_bytes_template(result->stop);
	const char *write = result->write_request ? "request" : "command";

	g_string_append_printf(s, "\n[Frame]\nFrame=%s\nStop=%s\nWrite=%s\n",
			       frame, stop, write);
	if (result->start) {
		g_autofree char *start = tp_learn_bytes_template(result->start);
		g_string_append_printf(s, "Start=%s\n", start);
	}
	for (guint i = 0; i < result->init->len; i++) {
		g_autofree char *init =
		    tp_learn_bytes_template(result->init->pdata[i]);
		g_string_append_printf(s, "%s%s", i ? "; " : "Init=", init);
	}
	if (result->init->len)
		g_string_append_c(s, '\n');
	if (result->init->len && result->init_request != result->write_request)
		g_string_append_printf(s, "InitWrite=%s\n",
				       result->init_request ? "request"
							    : "command");
	if (result->keepalive_ms)
		g_string_append_printf(s, "Keepalive=%u\n",
				       result->keepalive_ms);
}

/* What the draft still needs that the capture does not tell. */
static bool tp_model_complete(const TpLearnTrace *trace,
			      const TpLearnResult *result, GError **error)
{
	const char *missing =
	    !result->shape    ? "no level frames were found"
	    : !result->stop   ? "no stop frame was captured (press "
				"stop in the app while recording): "
				"tpctl never guesses one"
	    : !trace->uuid    ? "the capture holds no GATT discovery "
				"naming the control characteristic: "
				"give --service and --characteristic"
	    : !trace->service ? "the capture does not say which service "
				"holds the control characteristic: give "
				"--service"
			      : NULL;

	if (missing)
		g_set_error(error, TP_ERROR, TP_ERROR_FAILED, "%s", missing);
	return !missing;
}

char *tp_learn_model_text(const TpLearnTrace *trace,
			  const TpLearnResult *result,
			  const TpLearnSource *source, GError **error)
{
	GString *s;

	if (!tp_model_complete(trace, result, error))
		return NULL;
	s = g_string_new(NULL);
	g_string_append_printf(
	    s,
	    "# Drafted by tpctl learn from %s (sha256 %s).\n"
	    "# Experimental: try it with tpctl test-model before anything "
	    "else,\n# and read tpd-model(5) before changing it.\n",
	    source->capture, source->sha256);
	tp_model_group(s, trace, result, source);
	tp_frame_group(s, result);
	return g_string_free(s, FALSE);
}
