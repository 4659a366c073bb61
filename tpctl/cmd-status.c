/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tpctl status [--json] */
#include <stdio.h>

#include "devices.h"
#include "format.h"
#include "json.h"
#include "tpctl.h"
#include "tpd/tpd-dbus.h"

static void tp_print_session(GVariant *s)
{
	g_autofree char *elapsed =
	    tp_format_duration(tp_dict_u32(s, "Elapsed", 0));
	g_autofree char *duration =
	    tp_format_duration(tp_dict_u32(s, "Duration", 0));

	printf("  %s  %s · %s · %s  %s  step %u/%u %s  %s/%s  %u%%\n",
	       tp_dict_str(s, "Path", "?"), tp_dict_str(s, "Muscle", "?"),
	       tp_dict_str(s, "Program", "?"), tp_dict_str(s, "Side", "?"),
	       tp_dict_str(s, "State", "?"), tp_dict_u32(s, "Step", 0) + 1,
	       tp_dict_u32(s, "StepCount", 0), tp_dict_str(s, "StepName", ""),
	       elapsed, duration, tp_dict_u32(s, "Intensity", 0));
}

static void tp_print_status(GVariant *manager, GVariant *devices,
			    GVariant *sessions)
{
	GVariantIter it;
	GVariant *v;

	printf("tpd %s%s\n", tp_dict_str(manager, "Version", "?"),
	       tp_dict_bool(manager, "Simulated", false)
		   ? " (simulated devices)"
		   : "");
	printf("Devices:%s\n", g_variant_n_children(devices) ? "" : " none");
	g_variant_iter_init(&it, devices);
	while ((v = g_variant_iter_next_value(&it))) {
		tp_print_device(v, "  ");
		g_variant_unref(v);
	}
	printf("Sessions:%s\n",
	       g_variant_n_children(sessions) ? "" : " none running");
	g_variant_iter_init(&it, sessions);
	while ((v = g_variant_iter_next_value(&it))) {
		tp_print_session(v);
		g_variant_unref(v);
	}
}

int tpctl_cmd_status(int argc, char **argv)
{
	const GOptionEntry entries[] = {
		TPCTL_JSON_ENTRY,
		{ NULL },
	};
	g_autoptr(GError) error = NULL;
	g_autoptr(GVariant) manager = NULL;
	g_autoptr(GVariant) managed = NULL;
	TpClient client = { 0 };

	if (!tpctl_parse(&argc, &argv, "", "Show devices and sessions.",
			 entries))
		return TP_EXIT_USAGE;
	if (argc != 1)
		return tpctl_usage_error("status", "unexpected argument '%s'",
					 argv[1]);
	if (!tpctl_connect(&client))
		return TP_EXIT_FAILURE;
	manager = tp_client_manager_properties(&client, &error);
	if (manager)
		managed = tp_client_managed_objects(&client, &error);
	tp_client_close(&client);
	if (!managed)
		return tp_client_fail(error);

	g_autoptr(GVariant) devices =
	    tp_objects_with_interface(managed, TPD_DEVICE_INTERFACE);
	g_autoptr(GVariant) sessions =
	    tp_objects_with_interface(managed, TPD_SESSION_INTERFACE);
	if (!tpctl_json) {
		tp_print_status(manager, devices, sessions);
		return TP_EXIT_OK;
	}
	GVariantDict all;
	g_variant_dict_init(&all, NULL);
	g_variant_dict_insert(&all, "Version", "s",
			      tp_dict_str(manager, "Version", ""));
	g_variant_dict_insert(&all, "Simulated", "b",
			      tp_dict_bool(manager, "Simulated", false));
	g_variant_dict_insert_value(&all, "Devices", devices);
	g_variant_dict_insert_value(&all, "Sessions", sessions);
	g_autoptr(GVariant) status =
	    g_variant_ref_sink(g_variant_dict_end(&all));
	tp_json_print(status);
	return TP_EXIT_OK;
}
