/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Manager.GetTrends: the pain trend per muscle, from the sessions
 * GetHistory would give, worked out by common/trend.c as tpctl history
 * does, so that a desktop client shows tpd's trend instead of its own.
 */
#include "api-error.h"
#include "api.h"
#include "common/dbus-gvariant.h"
#include "common/trend.h"

static GVariant *tp_trend_dict(const TpTrend *t, TpTrendUnit unit)
{
	double first, latest;
	bool after;
	TpTrendDirection d = tp_trend_direction(t, &after, &first, &latest);
	g_autofree char *words = tp_trend_sentence(t, unit);
	GVariantDict dict;

	g_variant_dict_init(&dict, NULL);
	g_variant_dict_insert(&dict, "Muscle", "s", t->muscle);
	g_variant_dict_insert(&dict, "Sessions", "u", t->sessions);
	g_variant_dict_insert(&dict, "Last", "x", t->last);
	g_variant_dict_insert(&dict, "Unit", "s", tp_trend_unit_name(unit));
	g_variant_dict_insert(&dict, "Direction", "s",
			      tp_trend_direction_name(d));
	g_variant_dict_insert(&dict, "Basis", "s", after ? "after" : "before");
	g_variant_dict_insert(&dict, "First", "d", first);
	g_variant_dict_insert(&dict, "Latest", "d", latest);
	g_variant_dict_insert(&dict, "Words", "s", words);
	return g_variant_dict_end(&dict);
}

/* One dictionary per muscle of @sessions (aa{sv}, oldest first). Days
 * and weeks are those of tpd's time zone: a client in another zone (over
 * ssh, say) may group them otherwise, which is why tpd says. */
static GVariant *tp_trends_variant(GVariant *sessions)
{
	g_autoptr(GTimeZone) tz = g_time_zone_new_local();
	TpTrendUnit unit = tp_trend_unit_for(sessions);
	g_autoptr(GPtrArray) trends = tp_trends_new(sessions, unit, tz);
	GVariantBuilder list;

	g_variant_builder_init(&list, G_VARIANT_TYPE("aa{sv}"));
	for (guint i = 0; i < trends->len; i++)
		g_variant_builder_add_value(
		    &list, tp_trend_dict(g_ptr_array_index(trends, i), unit));
	return g_variant_builder_end(&list);
}

DBusMessage *tp_api_get_trends(TpBus *bus, DBusMessage *msg, void *data)
{
	g_autoptr(GVariant) args = tp_dbus_message_get_gvariant(msg);
	g_autoptr(GVariant) filter = NULL;
	g_autoptr(GVariant) sessions = NULL;
	g_autoptr(GError) error = NULL;

	g_variant_get(args, "(@a{sv})", &filter);
	/* No Limit: a trend of the last N sessions of all muscles together
	 * would leave out a muscle's early sessions unevenly; Since is the
	 * way to a recent trend. */
	sessions = tp_api_history_select(data, bus, filter, false, &error);
	if (!sessions)
		return tp_error_from_gerror(msg, error);
	return tp_reply_new(
	    msg, g_variant_new("(@aa{sv})", tp_trends_variant(sessions)));
}
