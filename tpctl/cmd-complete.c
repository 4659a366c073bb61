/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tpctl complete muscles|programs|zones|devices|commands: the words the
 * bash completion offers, one per line, from the running tpd. Silent
 * when tpd does not answer: completion must never print errors into the
 * person's command line.
 */
#include <stdio.h>
#include <string.h>

#include "devices.h"
#include "tpctl.h"
#include "tpd/tpd-dbus.h"

static void tp_print_ids(GVariant *list, const char *key)
{
	GVariantIter it;
	GVariant *item;
	g_autofree char *last = g_strdup("");

	g_variant_iter_init(&it, list);
	while ((item = g_variant_iter_next_value(&it))) {
		const char *id = tp_dict_str(item, key, NULL);
		/* Program variants share an id and come next to each other.
		 * A copy: @id lives in @item, which goes now. */
		if (id && !g_str_equal(id, last)) {
			printf("%s\n", id);
			g_free(last);
			last = g_strdup(id);
		}
		g_variant_unref(item);
	}
}

static void tp_print_list_ids(TpClient *c, const char *method)
{
	g_autoptr(GVariant) list =
	    tp_client_manager_list(c, method, NULL, NULL);

	if (list)
		tp_print_ids(list, "Id");
}

/* Zones and the one-word aliases: words with spaces would need quoting
 * that bash completion does not do well. */
static void tp_print_zones(TpClient *c)
{
	g_autoptr(GVariant) reply =
	    tp_client_call(c, TPD_MANAGER_PATH, TPD_MANAGER_INTERFACE,
			   "ListZones", NULL, "(asa{sas})", NULL);
	g_autofree const char **zones = NULL;
	g_autoptr(GVariantIter) aliases = NULL;
	const char *alias;

	if (!reply)
		return;
	g_variant_get(reply, "(^a&sa{sas})", &zones, &aliases);
	for (guint i = 0; zones[i]; i++)
		printf("%s\n", zones[i]);
	while (g_variant_iter_next(aliases, "{&s^a&s}", &alias, NULL))
		if (!strchr(alias, ' '))
			printf("%s\n", alias);
}

static void tp_print_devices(TpClient *c)
{
	g_autoptr(GVariant) managed = tp_client_managed_objects(c, NULL);
	g_autoptr(GVariant) devices = NULL;

	if (!managed)
		return;
	devices = tp_objects_with_interface(managed, TPD_DEVICE_INTERFACE);
	tp_print_ids(devices, "Address");
}

int tpctl_cmd_complete(int argc, char **argv)
{
	static const char *const kinds[] = { "muscles", "programs", "zones",
					     "devices", "commands", NULL };
	TpClient client = { 0 };

	if (!tpctl_parse(&argc, &argv,
			 "muscles|programs|zones|devices|commands",
			 "Words for shell completion, one per line.", NULL))
		return TP_EXIT_USAGE;
	if (argc != 2 || !g_strv_contains(kinds, argv[1]))
		return tpctl_usage_error(
		    "complete", "say what to complete: muscles, "
				"programs, zones, devices or commands");
	if (g_str_equal(argv[1], "commands")) {
		for (const char *const *n = tpctl_command_names(); *n; n++)
			printf("%s\n", *n);
		return TP_EXIT_OK;
	}
	if (!tp_client_connect(&client, tpctl_session_bus, NULL))
		return TP_EXIT_FAILURE;
	if (g_str_equal(argv[1], "muscles"))
		tp_print_list_ids(&client, "ListMuscles");
	else if (g_str_equal(argv[1], "programs"))
		tp_print_list_ids(&client, "ListPrograms");
	else if (g_str_equal(argv[1], "zones"))
		tp_print_zones(&client);
	else
		tp_print_devices(&client);
	tp_client_close(&client);
	return TP_EXIT_OK;
}
