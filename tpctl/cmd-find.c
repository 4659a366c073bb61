/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tpctl find WHERE… [--json]: "where does it hurt" to muscles. */
#include <stdio.h>

#include "color.h"
#include "format.h"
#include "json.h"
#include "tpctl.h"
#include "tpd/tpd-dbus.h"

#define TP_WEIGHT_MAX 10

/* "●●●●●●●●●○" for a weight of 9, or "#########-" without UTF-8. */
static char *tp_weight_dots(guint32 weight)
{
	bool utf8 = g_get_charset(NULL);
	GString *s = g_string_new(NULL);

	for (guint32 i = 0; i < TP_WEIGHT_MAX; i++) {
		if (utf8)
			g_string_append(s, i < weight ? "●" : "○");
		else
			g_string_append_c(s, i < weight ? '#' : '-');
	}
	return g_string_free(s, FALSE);
}

static void tp_print_finding(guint rank, GVariant *m)
{
	g_autofree char *dots = tp_weight_dots(tp_dict_u32(m, "Weight", 0));
	g_autofree char *tools = tp_format_list(m, "Tools");
	const char *id = tp_dict_str(m, "Id", "?");

	printf("%2u. %s%s%s (%s)  %s  refers to: %s\n", rank,
	       tp_style(stdout, TP_STYLE_BOLD), tp_dict_str(m, "Name", "?"),
	       tp_style_end(stdout), id, dots, tp_dict_str(m, "Zone", "?"));
	printf("    where: %s\n", tp_dict_str(m, "Region", ""));
	if (*tools) {
		printf("    tools: %s; suggested program: %s\n", tools,
		       tp_dict_str(m, "Program", "?"));
		printf("    start: tpctl start --muscle %s --program %s\n", id,
		       tp_dict_str(m, "Program", "?"));
	} else {
		printf("    tools: none, by hand only; no device program\n");
	}
	printf("    %scaution:%s %s\n", tp_style(stdout, TP_STYLE_WARN),
	       tp_style_end(stdout), tp_dict_str(m, "Cautions", ""));
}

static void tp_print_findings(const char *where, GVariant *muscles)
{
	gsize n = g_variant_n_children(muscles);

	if (n == 0) {
		printf("No muscle of the catalog is known to refer pain to "
		       "'%s'.\n",
		       where);
		return;
	}
	printf("Pain at '%s' may come from trigger points in %s, most "
	       "likely first:\n\n",
	       where, n == 1 ? "this muscle" : "these muscles");
	for (gsize i = 0; i < n; i++) {
		g_autoptr(GVariant) m = g_variant_get_child_value(muscles, i);
		tp_print_finding((guint)i + 1, m);
		printf("\n");
	}
	printf("Start gently; stop if it hurts more than a 7 out of 10.\n");
}

int tpctl_cmd_find(int argc, char **argv)
{
	const GOptionEntry entries[] = {
		TPCTL_JSON_ENTRY,
		{ NULL },
	};
	g_autoptr(GError) error = NULL;
	g_autoptr(GVariant) muscles = NULL;
	g_autofree char *where = NULL;
	TpClient client = { 0 };

	if (!tpctl_parse(&argc, &argv, "WHERE…",
			 "Which muscles' trigger points may cause pain where "
			 "it hurts: a zone (behind-eye) or plain words\n"
			 "(\"behind the eye\", sciatica, \"low back\"); see "
			 "tpctl list zones.",
			 entries))
		return TP_EXIT_USAGE;
	if (argc < 2)
		return tpctl_usage_error("find", "say where it hurts, e.g. "
						 "tpctl find behind-eye");
	where = g_strjoinv(" ", argv + 1);
	if (!tpctl_connect(&client))
		return TP_EXIT_FAILURE;
	muscles = tp_client_manager_list(&client, "FindMuscles",
					 g_variant_new("(s)", where), &error);
	tp_client_close(&client);
	if (!muscles)
		return tp_client_fail(error);
	if (tpctl_json)
		tp_json_print(muscles);
	else
		tp_print_findings(where, muscles);
	return TP_EXIT_OK;
}
