/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "model.h"

#include <stddef.h>

#include "uuid.h"

#define TP_MODEL_GROUP "Model"
#define TP_MATCH_GROUP "Match"
#define TP_GATT_GROUP  "GATT"
#define TP_FRAME_GROUP "Frame"

static const char *const tp_write_types[] = { "request", "command", NULL };

const char *const tp_tool_kinds[] = { "gun", "roller", "wand", NULL };

static const TpField tp_model_fields[] = {
	{ "Name", TP_FIELD_STRING, offsetof(TpModel, name), true },
	{ "Kind", TP_FIELD_ENUM, offsetof(TpModel, kind), true,
	  .choices = tp_tool_kinds },
	{ "Protocol", TP_FIELD_STRING, offsetof(TpModel, protocol), true },
	{ "Speed", TP_FIELD_RANGE, offsetof(TpModel, speed), false, 1, 20000 },
	{ "Levels", TP_FIELD_RANGE, offsetof(TpModel, levels), false, 1,
	  65535 },
	{ "MaxIntensity", TP_FIELD_UINT, offsetof(TpModel, max_intensity),
	  false, 1, 100 },
	{ "Experimental", TP_FIELD_BOOL, offsetof(TpModel, experimental),
	  true },
	{ "Sources", TP_FIELD_STRV, offsetof(TpModel, sources), true },
	{ NULL },
};

static const TpField tp_match_fields[] = {
	{ "Names", TP_FIELD_STRV, offsetof(TpModel, names), true },
	{ "Services", TP_FIELD_STRV, offsetof(TpModel, services), true },
	{ NULL },
};

static const TpField tp_gatt_fields[] = {
	{ "Service", TP_FIELD_STRING, offsetof(TpModel, gatt_service), true },
	{ "Write", TP_FIELD_STRING, offsetof(TpModel, write_char), true },
	{ "Notify", TP_FIELD_STRING, offsetof(TpModel, notify_char) },
	{ NULL },
};

static const TpField tp_frame_fields[] = {
	{ "Frame", TP_FIELD_STRING, offsetof(TpModel, frame_text), true },
	{ "Stop", TP_FIELD_STRING, offsetof(TpModel, stop_text), true },
	{ "Write", TP_FIELD_ENUM, offsetof(TpModel, params.write), true,
	  .choices = tp_write_types },
	{ NULL },
};

void tp_model_free(TpModel *model)
{
	if (!model)
		return;
	tp_fields_clear(tp_model_fields, model);
	tp_fields_clear(tp_match_fields, model);
	tp_fields_clear(tp_gatt_fields, model);
	tp_fields_clear(tp_frame_fields, model);
	tp_frame_template_free(model->params.frame);
	tp_frame_template_free(model->params.stop);
	g_free(model->id);
	g_free(model);
}

static bool tp_model_problem(TpDataFile *file, TpProblems *problems,
			     const char *group, const char *key,
			     const char *what)
{
	tp_data_file_problem(file, problems, group, key, "%s", what);
	return false;
}

/* Normalize one UUID field in place. */
static bool tp_model_uuid(TpDataFile *file, TpProblems *problems,
			  const char *group, const char *key, char **uuid)
{
	char normal[TP_UUID_LEN + 1];

	if (!*uuid)
		return true;
	if (!tp_uuid_normalize(*uuid, normal)) {
		tp_data_file_problem(file, problems, group, key,
				     "'%s' is not a UUID (e.g. ffe0 or "
				     "0000ffe0-0000-1000-8000-00805f9b34fb)",
				     *uuid);
		return false;
	}
	g_free(*uuid);
	*uuid = g_strdup(normal);
	return true;
}

static bool tp_model_check_match(TpDataFile *file, TpModel *m,
				 TpProblems *problems)
{
	bool ok = true;

	if (g_strv_length(m->names) == 0)
		ok = tp_model_problem(file, problems, TP_MATCH_GROUP, "Names",
				      "list at least one name pattern");
	if (g_strv_length(m->services) == 0)
		ok =
		    tp_model_problem(file, problems, TP_MATCH_GROUP, "Services",
				     "list at least one service UUID");
	for (guint i = 0; m->services && m->services[i]; i++)
		ok &= tp_model_uuid(file, problems, TP_MATCH_GROUP, "Services",
				    &m->services[i]);
	ok &= tp_model_uuid(file, problems, TP_GATT_GROUP, "Service",
			    &m->gatt_service);
	ok &= tp_model_uuid(file, problems, TP_GATT_GROUP, "Write",
			    &m->write_char);
	ok &= tp_model_uuid(file, problems, TP_GATT_GROUP, "Notify",
			    &m->notify_char);
	return ok;
}

/* Speed or Levels, not both: the one the protocol is driven by. */
static bool tp_model_check_range(TpDataFile *file, TpModel *m,
				 TpProblems *problems)
{
	bool has_speed = tp_data_file_line(file, TP_MODEL_GROUP, "Speed");
	bool has_levels = tp_data_file_line(file, TP_MODEL_GROUP, "Levels");
	const TpProtocol *p = tp_protocol_lookup(m->protocol);

	if (has_speed == has_levels)
		return tp_model_problem(file, problems, TP_MODEL_GROUP, NULL,
					"give either Speed (per minute) or "
					"Levels, not both");
	if (has_levels != p->levels) {
		tp_data_file_problem(file, problems, TP_MODEL_GROUP,
				     has_levels ? "Levels" : "Speed",
				     "protocol %s is driven by %s", p->name,
				     p->levels ? "Levels" : "Speed");
		return false;
	}
	m->discrete = has_levels;
	return true;
}

/* Parse a template and render every level it will be given (lengths and
 * checksums vary with {level:dec}), so that nothing fails at run time. */
static TpFrameTemplate *tp_model_template(TpDataFile *file, const char *key,
					  const char *text, unsigned low,
					  unsigned high, TpProblems *problems)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TpFrameTemplate) t = tp_frame_template_parse(text, &error);
	const char *why = NULL;
	TpFrame frame;

	if (!t) {
		tp_data_file_problem(file, problems, TP_FRAME_GROUP, key, "%s",
				     error->message);
		return NULL;
	}
	for (unsigned level = low; level <= high; level++) {
		if (tp_frame_template_render(t, level, &frame, &why))
			continue;
		tp_data_file_problem(file, problems, TP_FRAME_GROUP, key,
				     "cannot render level %u: %s", level, why);
		return NULL;
	}
	return g_steal_pointer(&t);
}

static bool tp_model_check_frames(TpDataFile *file, TpModel *m,
				  TpProblems *problems)
{
	bool has_frames = tp_data_file_line(file, TP_FRAME_GROUP, NULL);
	bool is_frame = g_str_equal(m->protocol, "frame");

	if (has_frames != is_frame)
		return tp_model_problem(file, problems, TP_MODEL_GROUP,
					"Protocol",
					is_frame ? "protocol frame needs a "
						   "[Frame] group"
						 : "only protocol frame takes "
						   "a [Frame] group");
	if (!is_frame)
		return true;
	if (!tp_data_file_parse_group(file, TP_FRAME_GROUP, tp_frame_fields, m,
				      problems))
		return false;
	m->params.frame =
	    tp_model_template(file, "Frame", m->frame_text, m->levels.low,
			      m->levels.high, problems);
	m->params.stop =
	    tp_model_template(file, "Stop", m->stop_text, 0, 0, problems);
	return m->params.frame && m->params.stop;
}

static bool tp_model_parse_groups(TpDataFile *file, TpModel *m,
				  TpProblems *problems)
{
	bool ok = tp_data_file_parse_group(file, TP_MODEL_GROUP,
					   tp_model_fields, m, problems);

	ok &= tp_data_file_parse_group(file, TP_MATCH_GROUP, tp_match_fields, m,
				       problems);
	ok &= tp_data_file_parse_group(file, TP_GATT_GROUP, tp_gatt_fields, m,
				       problems);
	return ok;
}

TpModel *tp_model_parse(TpDataFile *file, const char *id, TpProblems *problems)
{
	static const char *const groups[] = { TP_MODEL_GROUP, TP_MATCH_GROUP,
					      TP_GATT_GROUP, TP_FRAME_GROUP,
					      NULL };
	static const char *const required[] = { TP_MODEL_GROUP, TP_MATCH_GROUP,
						TP_GATT_GROUP };
	g_autoptr(TpModel) m = g_new0(TpModel, 1);
	bool ok = tp_data_file_check_groups(file, groups, problems);

	for (size_t i = 0; i < G_N_ELEMENTS(required); i++)
		ok &= tp_data_file_require_group(file, required[i], problems);
	if (!ok)
		return NULL;
	m->id = g_strdup(id);
	m->params.model_id = m->id;
	m->max_intensity = 100;
	if (!tp_model_parse_groups(file, m, problems))
		return NULL;
	if (!tp_protocol_lookup(m->protocol)) {
		tp_data_file_problem(file, problems, TP_MODEL_GROUP, "Protocol",
				     "unknown protocol '%s'; known: theragun, "
				     "frame",
				     m->protocol);
		return NULL;
	}
	if (g_strv_length(m->sources) == 0) {
		tp_model_problem(file, problems, TP_MODEL_GROUP, "Sources",
				 "list at least one source");
		return NULL;
	}
	if (!tp_model_check_range(file, m, problems) ||
	    !tp_model_check_match(file, m, problems) ||
	    !tp_model_check_frames(file, m, problems))
		return NULL;
	return g_steal_pointer(&m);
}

const char *tp_model_kind(const TpModel *model)
{
	return tp_tool_kinds[model->kind];
}

const TpRange *tp_model_range(const TpModel *model)
{
	return model->discrete ? &model->levels : &model->speed;
}

unsigned tp_model_speed_for(const TpModel *model, unsigned intensity)
{
	const TpRange *r = tp_model_range(model);
	unsigned span = r->high - r->low;

	if (intensity == 0)
		return 0;
	intensity = MIN(intensity, 100u);
	/* 1 % is the bottom of the range, 100 % the top. */
	return r->low + (span * (intensity - 1) + 49) / 99;
}

bool tp_model_matches(const TpModel *model, const char *name,
		      const char *const *uuids)
{
	bool named = false;

	if (!name || !uuids)
		return false;
	for (guint i = 0; model->names[i] && !named; i++)
		named = g_pattern_match_simple(model->names[i], name);
	if (!named)
		return false;
	for (guint i = 0; model->services[i]; i++)
		if (!g_strv_contains(uuids, model->services[i]))
			return false;
	return true;
}
