/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Manager.FindMuscles and Manager.ListZones: "where does it hurt". */
#include "api-error.h"
#include "api.h"
#include "common/dbus-gvariant.h"
#include "therapy/finder.h"
#include "therapy/vocabulary.h"

static GVariant *tp_finding_dict(const TpFinding *f)
{
	const TpMuscle *m = f->muscle;
	GVariantDict d;

	g_variant_dict_init(&d, NULL);
	tp_muscle_dict_add_summary(&d, m);
	g_variant_dict_insert(&d, "Zone", "s", f->zone);
	g_variant_dict_insert(&d, "Weight", "u", f->weight);
	return g_variant_dict_end(&d);
}

DBusMessage *tp_api_find_muscles(TpBus *bus, DBusMessage *msg, void *data)
{
	TpApi *api = data;
	g_autoptr(GVariant) args = tp_dbus_message_get_gvariant(msg);
	g_autoptr(GError) error = NULL;
	g_autoptr(GArray) found = NULL;
	const char *where;
	GVariantBuilder list;
	(void)bus;

	g_variant_get(args, "(&s)", &where);
	found =
	    tp_find_muscles(tp_manager_catalog(api->manager), where, &error);
	if (!found)
		return tp_error_from_gerror(msg, error);
	g_variant_builder_init(&list, G_VARIANT_TYPE("aa{sv}"));
	for (guint i = 0; i < found->len; i++)
		g_variant_builder_add_value(
		    &list,
		    tp_finding_dict(&g_array_index(found, TpFinding, i)));
	return tp_reply_new(
	    msg, g_variant_new("(@aa{sv})", g_variant_builder_end(&list)));
}

DBusMessage *tp_api_list_zones(TpBus *bus, DBusMessage *msg, void *data)
{
	GVariantBuilder aliases;
	(void)bus;
	(void)data;

	g_variant_builder_init(&aliases, G_VARIANT_TYPE("a{sas}"));
	for (guint i = 0; tp_zone_aliases[i]; i += 2) {
		g_auto(GStrv) zones =
		    g_strsplit(tp_zone_aliases[i + 1], ";", -1);
		g_variant_builder_add(&aliases, "{s^as}", tp_zone_aliases[i],
				      zones);
	}
	return tp_reply_new(msg,
			    g_variant_new("(^as@a{sas})", tp_zone_names,
					  g_variant_builder_end(&aliases)));
}
