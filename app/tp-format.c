/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "tp-format.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tp-tpd.h"

typedef struct {
	const char *word;
	const char *text;
} TpWords;

/* @word's text in @table (untranslated N_() strings), or @word itself
 * when tpd says something newer than the app knows. */
static const char *tp_lookup(const TpWords *table, gsize n, const char *word)
{
	for (gsize i = 0; i < n; i++)
		if (g_strcmp0(table[i].word, word) == 0)
			return _(table[i].text);
	return word;
}

char *tp_format_duration(guint32 seconds)
{
	if (seconds >= 3600)
		return g_strdup_printf("%u:%02u:%02u", seconds / 3600,
				       seconds / 60 % 60, seconds % 60);
	return g_strdup_printf("%u:%02u", seconds / 60, seconds % 60);
}

static const TpWords tp_reasons[] = {
	{ "completed", N_("The program is complete.") },
	{ "stopped", N_("Stopped.") },
	{ "client-left", N_("Stopped because the app that started it "
			    "closed.") },
	{ "disconnected", N_("Stopped: the device disconnected.") },
	{ "limit", N_("Stopped at the muscle's time limit.") },
	{ "shutdown", N_("Stopped because tpd or the computer is shutting "
			 "down.") },
	{ "suspend", N_("Stopped because the computer is going to sleep.") },
	{ "error", N_("Stopped after an error.") },
};

const char *tp_format_reason(const char *reason)
{
	return tp_lookup(tp_reasons, G_N_ELEMENTS(tp_reasons), reason);
}

static const TpWords tp_device_states[] = {
	{ "disconnected", N_("Disconnected") },
	{ "connecting", N_("Connecting…") },
	{ "ready", N_("Connected") },
	{ "running", N_("Running") },
	{ "stopping", N_("Stopping…") },
	{ "error", N_("Error: retrying the stop") },
	{ "stop-unconfirmed", N_("Stop not confirmed: switch the device off "
				 "by hand") },
};

const char *tp_format_device_state(const char *state)
{
	return tp_lookup(tp_device_states, G_N_ELEMENTS(tp_device_states),
			 state);
}

static const TpWords tp_kinds[] = {
	{ "gun", N_("Massage gun") },
	{ "roller", N_("Vibrating roller") },
	{ "wand", N_("Wand") },
};

const char *tp_format_kind(const char *kind)
{
	return tp_lookup(tp_kinds, G_N_ELEMENTS(tp_kinds), kind);
}

static const TpWords tp_sides[] = {
	{ "left", N_("Left") },
	{ "right", N_("Right") },
	{ "both", N_("Both sides") },
	{ "center", N_("Center") },
};

const char *tp_format_side(const char *side)
{
	return tp_lookup(tp_sides, G_N_ELEMENTS(tp_sides), side);
}

char *tp_format_muscle(TpTpd *tpd, const char *id)
{
	g_autoptr(GVariant) muscle = tp_tpd_lookup_muscle(tpd, id);

	return g_strdup(muscle ? tp_dict_str(muscle, "Name") : id);
}

char *tp_format_session_line(TpTpd *tpd, GDBusProxy *session)
{
	g_autofree char *muscle =
	    tp_format_muscle(tpd, tp_proxy_str(session, "Muscle"));
	g_autofree char *program =
	    tp_format_program(tpd, tp_proxy_str(session, "Program"));
	guint32 elapsed = tp_proxy_u32(session, "Elapsed");
	guint32 duration = tp_proxy_u32(session, "Duration");
	g_autofree char *left =
	    tp_format_duration(duration > elapsed ? duration - elapsed : 0);
	gboolean paused =
	    g_strcmp0(tp_proxy_str(session, "State"), "paused") == 0;

	/* TRANSLATORS: muscle name, side, program id, time left, "paused" */
	return g_strdup_printf(_("%s (%s): %s, %s left%s"), muscle,
			       tp_format_side(tp_proxy_str(session, "Side")),
			       program, left, paused ? _(", paused") : "");
}

char *tp_format_program(TpTpd *tpd, const char *id)
{
	GVariant *programs = tp_tpd_get_programs(tpd);
	/* Sessions and the history name the variant too: "release.gun". */
	g_autofree char *plain = g_strndup(id, strcspn(id, "."));
	GVariantIter iter;
	GVariant *program;

	id = plain;
	if (!programs)
		return g_strdup(id);
	g_variant_iter_init(&iter, programs);
	while ((program = g_variant_iter_next_value(&iter))) {
		g_autoptr(GVariant) p = program;
		if (g_strcmp0(tp_dict_str(p, "Id"), id) == 0)
			return g_strdup(tp_dict_str(p, "Name"));
	}
	return g_strdup(id);
}

char *tp_format_tools(GVariant *kinds)
{
	g_autoptr(GString) text = g_string_new(NULL);
	GVariantIter iter;
	const char *kind;

	if (!kinds)
		return g_strdup("");
	g_variant_iter_init(&iter, kinds);
	while (g_variant_iter_next(&iter, "&s", &kind)) {
		if (text->len)
			g_string_append(text, ", ");
		g_string_append(text, tp_format_kind(kind));
	}
	return g_string_free(g_steal_pointer(&text), FALSE);
}
