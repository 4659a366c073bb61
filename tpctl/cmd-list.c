/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tpctl list muscles|programs|zones|devices [--json] */
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

	printf("%-10s %-8s %-12s %8s %5s %-13s %s\n", "PROGRAM", "VARIANT",
	       "NAME", "PER SIDE", "STEPS", "FOR", "DESCRIPTION");
	g_variant_iter_init(&it, programs);
	while ((p = g_variant_iter_next_value(&it))) {
		g_autofree char *kinds = tp_format_list(p, "Kinds");
		g_autofree char *duration =
		    tp_format_duration(tp_dict_u32(p, "Duration", 0));
		const char *variant = tp_dict_str(p, "Variant", "");
		printf("%-10s %-8s %-12s %8s %5u %-13s %s\n",
		       tp_dict_str(p, "Id", "?"), *variant ? variant : "-",
		       tp_dict_str(p, "Name", "?"), duration,
		       tp_dict_u32(p, "Steps", 0), kinds,
		       tp_dict_str(p, "Description", ""));
		g_variant_unref(p);
	}
}

/* (as zones, a{sas} aliases) */
static void tp_print_zones(GVariant *reply)
{
	g_autoptr(GVariant) zones = g_variant_get_child_value(reply, 0);
	g_autoptr(GVariant) aliases = g_variant_get_child_value(reply, 1);
	GVariantIter it;
	const char *name;
	GVariant *list;

	printf("Zones, head to foot:\n");
	g_variant_iter_init(&it, zones);
	while (g_variant_iter_next(&it, "&s", &name))
		printf("  %s\n", name);
	printf("\nPlain words for them:\n");
	g_variant_iter_init(&it, aliases);
	while (g_variant_iter_next(&it, "{&s@as}", &name, &list)) {
		g_autofree const char **items = g_variant_get_strv(list, NULL);
		g_autofree char *joined = g_strjoinv(", ", (char **)items);
		printf("  %-18s %s\n", name, joined);
		g_variant_unref(list);
	}
}

/* For --json: {"zones": [...], "aliases": {...}} */
static GVariant *tp_zones_dict(GVariant *reply)
{
	GVariantDict d;

	g_variant_dict_init(&d, NULL);
	g_variant_dict_insert_value(&d, "zones",
				    g_variant_get_child_value(reply, 0));
	g_variant_dict_insert_value(&d, "aliases",
				    g_variant_get_child_value(reply, 1));
	return g_variant_ref_sink(g_variant_dict_end(&d));
}

static void tp_print_devices(GVariant *devices)
{
	GVariantIter it;
	GVariant *d;

	if (g_variant_n_children(devices) == 0)
		printf("No devices.\n");
	g_variant_iter_init(&it, devices);
	while ((d = g_variant_iter_next_value(&it))) {
		tp_print_device(d, "");
		g_variant_unref(d);
	}
}

/* What "list" shows: the reply of a Manager method, or devices. */
static GVariant *tp_fetch_list(TpClient *c, const char *what, GError **error)
{
	g_autoptr(GVariant) managed = NULL;

	if (g_str_equal(what, "devices")) {
		managed = tp_client_managed_objects(c, error);
		return managed ? tp_objects_with_interface(managed,
							   TPD_DEVICE_INTERFACE)
			       : NULL;
	}
	if (g_str_equal(what, "zones"))
		return tp_client_call(c, TPD_MANAGER_PATH,
				      TPD_MANAGER_INTERFACE, "ListZones", NULL,
				      "(asa{sas})", error);
	return tp_client_manager_list(
	    c, g_str_equal(what, "muscles") ? "ListMuscles" : "ListPrograms",
	    NULL, error);
}

static void tp_print_list(const char *what, GVariant *items)
{
	if (tpctl_json && g_str_equal(what, "zones")) {
		g_autoptr(GVariant) dict = tp_zones_dict(items);
		tp_json_print(dict);
	} else if (tpctl_json) {
		tp_json_print(items);
	} else if (g_str_equal(what, "muscles")) {
		tp_print_muscles(items);
	} else if (g_str_equal(what, "programs")) {
		tp_print_programs(items);
	} else if (g_str_equal(what, "zones")) {
		tp_print_zones(items);
	} else {
		tp_print_devices(items);
	}
}

int tpctl_cmd_list(int argc, char **argv)
{
	static const char *const kinds[] = { "muscles", "programs", "zones",
					     "devices", NULL };
	const GOptionEntry entries[] = {
		TPCTL_JSON_ENTRY,
		{ NULL },
	};
	g_autoptr(GError) error = NULL;
	g_autoptr(GVariant) items = NULL;
	TpClient client = { 0 };

	if (!tpctl_parse(&argc, &argv, "muscles|programs|zones|devices",
			 "List the muscle catalog, the programs, the body "
			 "zones of 'tpctl find' or the devices.",
			 entries))
		return TP_EXIT_USAGE;
	if (argc != 2 || !g_strv_contains(kinds, argv[1]))
		return tpctl_usage_error("list", "say what to list: muscles, "
						 "programs, zones or devices");
	if (!tpctl_connect(&client))
		return TP_EXIT_FAILURE;
	items = tp_fetch_list(&client, argv[1], &error);
	tp_client_close(&client);
	if (!items)
		return tp_client_fail(error);
	tp_print_list(argv[1], items);
	return TP_EXIT_OK;
}
