/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tpctl list muscles|programs|devices [--json] */
#include <stdio.h>
#include <string.h>

#include "devices.h"
#include "format.h"
#include "json.h"
#include "tpctl.h"
#include "tpd/tpd-dbus.h"

static void tp_print_muscles(GVariant *muscles)
{
	GVariantIter it;
	GVariant *m;

	printf("%-18s %-20s %4s %6s  %s\n", "MUSCLE", "NAME", "CAP", "LIMIT",
	       "REFERS PAIN TO");
	g_variant_iter_init(&it, muscles);
	while ((m = g_variant_iter_next_value(&it))) {
		g_autofree char *zones = tp_format_list(m, "Zones");
		g_autofree char *limit =
		    tp_format_duration(tp_dict_u32(m, "SessionLimit", 0));
		printf("%-18s %-20s %3u%% %6s  %s\n", tp_dict_str(m, "Id", "?"),
		       tp_dict_str(m, "Name", "?"),
		       tp_dict_u32(m, "MaxIntensity", 0), limit, zones);
		g_variant_unref(m);
	}
}

static void tp_print_programs(GVariant *programs)
{
	GVariantIter it;
	GVariant *p;

	printf("%-10s %-10s %8s %5s %-8s %s\n", "PROGRAM", "NAME", "PER SIDE",
	       "STEPS", "FOR", "DESCRIPTION");
	g_variant_iter_init(&it, programs);
	while ((p = g_variant_iter_next_value(&it))) {
		g_autofree char *kinds = tp_format_list(p, "Kinds");
		g_autofree char *duration =
		    tp_format_duration(tp_dict_u32(p, "Duration", 0));
		printf("%-10s %-10s %8s %5u %-8s %s\n",
		       tp_dict_str(p, "Id", "?"), tp_dict_str(p, "Name", "?"),
		       duration, tp_dict_u32(p, "Steps", 0), kinds,
		       tp_dict_str(p, "Description", ""));
		g_variant_unref(p);
	}
}

static void tp_print_devices(GVariant *devices)
{
	GVariantIter it;
	GVariant *d;

	if (g_variant_n_children(devices) == 0)
		printf("No devices.\n");
	g_variant_iter_init(&it, devices);
	while ((d = g_variant_iter_next_value(&it))) {
		g_autofree char *line = tp_describe_device(d);
		printf("%s\n", line);
		g_variant_unref(d);
	}
}

static GVariant *tp_fetch_list(TpClient *c, const char *what, GError **error)
{
	const char *method =
	    g_str_equal(what, "muscles") ? "ListMuscles" : "ListPrograms";
	g_autoptr(GVariant) managed = NULL;
	g_autoptr(GVariant) reply = NULL;

	if (g_str_equal(what, "devices")) {
		managed = tp_client_managed_objects(c, error);
		return managed ? tp_objects_with_interface(managed,
							   TPD_DEVICE_INTERFACE)
			       : NULL;
	}
	reply = tp_client_call(c, TPD_MANAGER_PATH, TPD_MANAGER_INTERFACE,
			       method, NULL, "(aa{sv})", error);
	return reply ? g_variant_get_child_value(reply, 0) : NULL;
}

int tpctl_cmd_list(int argc, char **argv)
{
	static const char *const kinds[] = { "muscles", "programs", "devices",
					     NULL };
	gboolean json = FALSE;
	const GOptionEntry entries[] = {
		{ "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
		{ NULL },
	};
	g_autoptr(GError) error = NULL;
	g_autoptr(GVariant) items = NULL;
	TpClient client = { 0 };

	if (!tpctl_parse(
		&argc, &argv, "muscles|programs|devices",
		"List the muscle catalog, the programs or the devices.",
		entries))
		return TP_EXIT_USAGE;
	if (argc != 2 || !g_strv_contains(kinds, argv[1]))
		return tpctl_usage_error("list", "say what to list: muscles, "
						 "programs or devices");
	if (!tpctl_connect(&client))
		return TP_EXIT_FAILURE;
	items = tp_fetch_list(&client, argv[1], &error);
	tp_client_close(&client);
	if (!items)
		return tp_client_fail(error);
	if (json)
		tp_json_print(items);
	else if (g_str_equal(argv[1], "muscles"))
		tp_print_muscles(items);
	else if (g_str_equal(argv[1], "programs"))
		tp_print_programs(items);
	else
		tp_print_devices(items);
	return TP_EXIT_OK;
}
