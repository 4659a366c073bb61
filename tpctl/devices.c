/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "devices.h"

#include <string.h>

#include <stdio.h>

#include "client.h"
#include "color.h"
#include "tpd/tpd-dbus.h"

static gint tp_compare_paths(gconstpointer a, gconstpointer b)
{
	GVariant *x = *(GVariant *const *)a, *y = *(GVariant *const *)b;

	return strcmp(tp_dict_str(x, "Path", ""), tp_dict_str(y, "Path", ""));
}

GVariant *tp_objects_with_interface(GVariant *managed, const char *iface)
{
	g_autoptr(GPtrArray) found =
	    g_ptr_array_new_with_free_func((GDestroyNotify)g_variant_unref);
	GVariantBuilder list;
	GVariantIter it;
	const char *path;
	GVariant *ifaces;

	g_variant_iter_init(&it, managed);
	while (g_variant_iter_next(&it, "{&o@a{sa{sv}}}", &path, &ifaces)) {
		g_autoptr(GVariant) props = g_variant_lookup_value(
		    ifaces, iface, G_VARIANT_TYPE_VARDICT);
		g_variant_unref(ifaces);
		if (!props)
			continue;
		GVariantDict d;
		g_variant_dict_init(&d, props);
		g_variant_dict_insert(&d, "Path", "o", path);
		g_ptr_array_add(found,
				g_variant_ref_sink(g_variant_dict_end(&d)));
	}
	g_ptr_array_sort(found, tp_compare_paths);
	g_variant_builder_init(&list, G_VARIANT_TYPE("aa{sv}"));
	for (guint i = 0; i < found->len; i++)
		g_variant_builder_add_value(&list, g_ptr_array_index(found, i));
	return g_variant_ref_sink(g_variant_builder_end(&list));
}

char *tp_describe_device(GVariant *dev)
{
	GString *s = g_string_new(NULL);
	guint32 battery = tp_dict_u32(dev, "Battery", G_MAXUINT32);

	g_string_append_printf(
	    s, "%s  %s \"%s\"  %s", tp_dict_str(dev, "Address", "?"),
	    tp_dict_str(dev, "Model", "?"), tp_dict_str(dev, "Name", "?"),
	    tp_dict_str(dev, "State", "?"));
	if (battery != G_MAXUINT32)
		g_string_append_printf(s, "  battery %u%%", battery);
	/* Level-driven models (with Levels) report a level as Speed. */
	if (tp_dict_u32(dev, "Intensity", 0) > 0 && tp_dict_has(dev, "Levels"))
		g_string_append_printf(s, "  intensity %u%% (level %u)",
				       tp_dict_u32(dev, "Intensity", 0),
				       tp_dict_u32(dev, "Speed", 0));
	else if (tp_dict_u32(dev, "Intensity", 0) > 0)
		g_string_append_printf(s, "  intensity %u%% (%u/min)",
				       tp_dict_u32(dev, "Intensity", 0),
				       tp_dict_u32(dev, "Speed", 0));
	if (tp_dict_bool(dev, "Experimental", false))
		g_string_append(s, "  [experimental protocol]");
	return g_string_free(s, FALSE);
}

const char *tp_device_warning(GVariant *dev)
{
	if (g_str_equal(tp_dict_str(dev, "State", ""),
			TPD_DEVICE_STATE_STOP_UNCONFIRMED))
		return "its motor may still be running: switch it off by "
		       "hand; tpd keeps reconnecting to stop it";
	return NULL;
}

void tp_print_device(GVariant *dev, const char *indent)
{
	g_autofree char *line = tp_describe_device(dev);
	const char *warning = tp_device_warning(dev);

	printf("%s%s\n", indent, line);
	if (warning)
		printf("%s  %s! %s%s\n", indent,
		       tp_style(stdout, TP_STYLE_ERROR), warning,
		       tp_style_end(stdout));
}
