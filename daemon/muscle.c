/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "muscle.h"

#include <stddef.h>

#include "vocabulary.h"

#define TP_MUSCLE_GROUP "Muscle"

static const TpField tp_muscle_fields[] = {
	{ "Name", TP_FIELD_STRING, offsetof(TpMuscle, name), true },
	{ "Region", TP_FIELD_STRING, offsetof(TpMuscle, region), true },
	{ "Sides", TP_FIELD_STRV, offsetof(TpMuscle, sides), true,
	  .choices = tp_side_names },
	{ "Zones", TP_FIELD_STRV, offsetof(TpMuscle, zones), true,
	  .choices = tp_zone_names },
	{ "MaxIntensity", TP_FIELD_UINT, offsetof(TpMuscle, max_intensity),
	  true, 1, 100 },
	{ "SpotLimit", TP_FIELD_UINT, offsetof(TpMuscle, spot_limit), true, 5,
	  600 },
	{ "SessionLimit", TP_FIELD_UINT, offsetof(TpMuscle, session_limit),
	  true, 30, 3600 },
	{ "Tools", TP_FIELD_STRV, offsetof(TpMuscle, tools), true,
	  .choices = tp_tool_kinds },
	{ "Program", TP_FIELD_STRING, offsetof(TpMuscle, program), true },
	{ "Attachment", TP_FIELD_STRING, offsetof(TpMuscle, attachment) },
	{ "Cautions", TP_FIELD_STRING, offsetof(TpMuscle, cautions), true },
	{ "Sources", TP_FIELD_STRV, offsetof(TpMuscle, sources), true },
	{ NULL },
};

void tp_muscle_free(TpMuscle *muscle)
{
	if (!muscle)
		return;
	tp_fields_clear(tp_muscle_fields, muscle);
	g_free(muscle->id);
	g_free(muscle);
}

static bool tp_muscle_check_sides(TpDataFile *file, TpMuscle *m,
				  TpProblems *problems)
{
	bool center = g_strv_contains((const char *const *)m->sides, "center");
	bool left = g_strv_contains((const char *const *)m->sides, "left");
	bool right = g_strv_contains((const char *const *)m->sides, "right");
	guint n = g_strv_length(m->sides);

	if ((center && n == 1) || (left && right && n == 2))
		return true;
	tp_data_file_problem(file, problems, TP_MUSCLE_GROUP, "Sides",
			     "expected 'left;right' or 'center'");
	return false;
}

static bool tp_muscle_check(TpDataFile *file, TpMuscle *m, TpProblems *problems)
{
	bool ok = tp_muscle_check_sides(file, m, problems);

	if (g_strv_length(m->zones) == 0) {
		tp_data_file_problem(file, problems, TP_MUSCLE_GROUP, "Zones",
				     "list at least one zone");
		ok = false;
	}
	if (g_strv_length(m->sources) == 0) {
		tp_data_file_problem(file, problems, TP_MUSCLE_GROUP, "Sources",
				     "list at least one source");
		ok = false;
	}
	if (m->spot_limit > m->session_limit) {
		tp_data_file_problem(file, problems, TP_MUSCLE_GROUP,
				     "SpotLimit", "longer than SessionLimit");
		ok = false;
	}
	return ok;
}

TpMuscle *tp_muscle_parse(TpDataFile *file, const char *id,
			  TpProblems *problems)
{
	g_autoptr(TpMuscle) m = g_new0(TpMuscle, 1);
	static const char *const groups[] = { TP_MUSCLE_GROUP, NULL };

	if (!tp_data_file_check_groups(file, groups, problems) ||
	    !tp_data_file_require_group(file, TP_MUSCLE_GROUP, problems))
		return NULL;
	m->id = g_strdup(id);
	if (!tp_data_file_parse_group(file, TP_MUSCLE_GROUP, tp_muscle_fields,
				      m, problems))
		return NULL;
	if (!tp_muscle_check(file, m, problems))
		return NULL;
	return g_steal_pointer(&m);
}

bool tp_muscle_is_bilateral(const TpMuscle *muscle)
{
	return !g_strv_contains((const char *const *)muscle->sides, "center");
}

bool tp_muscle_allows_tool(const TpMuscle *muscle, const char *kind)
{
	return g_strv_contains((const char *const *)muscle->tools, kind);
}
