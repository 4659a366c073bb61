/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tpctl rate PAIN [--id ID]: the pain after a session, 0-10. */
#include <stdio.h>

#include "common/tp-error.h"
#include "history-view.h"
#include "tpctl.h"
#include "tpd/tpd-dbus.h"

/* The session to rate: @id, or the last one recorded. */
static GVariant *tp_session_to_rate(TpClient *c, gint64 id, GError **error)
{
	g_autoptr(GVariant) sessions = NULL;
	GVariantBuilder filter;
	gsize n;

	g_variant_builder_init(&filter, G_VARIANT_TYPE_VARDICT);
	if (id < 0)
		g_variant_builder_add(&filter, "{sv}", "Limit",
				      g_variant_new_uint32(1));
	sessions = tp_history_fetch(c, g_variant_builder_end(&filter), error);
	if (!sessions)
		return NULL;
	n = g_variant_n_children(sessions);
	for (gsize i = n; i > 0; i--) {
		GVariant *s = g_variant_get_child_value(sessions, i - 1);
		if (id < 0 || tp_dict_u32(s, "Id", 0) == (guint32)id)
			return s;
		g_variant_unref(s);
	}
	if (id < 0)
		g_set_error(error, TP_ERROR, TP_ERROR_NOT_FOUND,
			    "no session to rate yet: the history is empty");
	else
		g_set_error(error, TP_ERROR, TP_ERROR_NOT_FOUND,
			    "no session %" G_GINT64_FORMAT
			    " in the history (see tpctl history --muscle "
			    "MUSCLE for the ids)",
			    id);
	return NULL;
}

static int tp_rate_run(TpClient *c, guint32 pain, gint64 id)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GVariant) session = tp_session_to_rate(c, id, &error);
	g_autoptr(GVariant) reply = NULL;
	g_autofree char *when = NULL;
	guint32 sid, before;

	if (!session)
		return tp_client_fail(error);
	sid = tp_dict_u32(session, "Id", 0);
	reply = tp_client_call(c, TPD_MANAGER_PATH, TPD_MANAGER_INTERFACE,
			       "RateSession", g_variant_new("(uu)", sid, pain),
			       "()", &error);
	if (!reply)
		return tp_client_fail(error);
	when = tp_history_format_time(tp_dict_i64(session, "Start", 0));
	printf("Session %u (%s, %s, %s): pain", sid,
	       tp_dict_str(session, "Muscle", "?"),
	       tp_dict_str(session, "Program", "?"), when);
	before = tp_dict_u32(session, "PainBefore", G_MAXUINT32);
	if (before != G_MAXUINT32)
		printf(" %u before,", before);
	printf(" %u after.\n", pain);
	return TP_EXIT_OK;
}

int tpctl_cmd_rate(int argc, char **argv)
{
	gint64 id = -1;
	const GOptionEntry entries[] = {
		{ "id", 0, 0, G_OPTION_ARG_INT64, &id,
		  "The session (default: the last one; ids are in tpctl "
		  "history --muscle MUSCLE)",
		  "ID" },
		{ NULL },
	};
	TpClient client = { 0 };
	guint64 pain;
	int rc;

	if (!tpctl_parse(&argc, &argv, "PAIN",
			 "Say how it feels after a session: PAIN from 0 (no "
			 "pain) to 10 (the worst). The ratings make the pain "
			 "trend of tpctl history.",
			 entries))
		return TP_EXIT_USAGE;
	if (argc != 2)
		return tpctl_usage_error("rate",
					 "give one pain rating, 0 to 10");
	if (!g_ascii_string_to_unsigned(argv[1], 10, 0, 10, &pain, NULL))
		return tpctl_usage_error("rate",
					 "pain '%s' is not a whole number "
					 "from 0 to 10",
					 argv[1]);
	if (id < -1 || id > G_MAXUINT32)
		return tpctl_usage_error("rate",
					 "no session id %" G_GINT64_FORMAT, id);
	if (!tpctl_connect(&client))
		return TP_EXIT_FAILURE;
	rc = tp_rate_run(&client, (guint32)pain, id);
	tp_client_close(&client);
	return rc;
}
