/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* io.tpd.Tpd1.Manager on /io/tpd/Tpd1. */
#include <string.h>

#include "api-error.h"
#include "api.h"
#include "build-config.h"
#include "common/dbus-gvariant.h"
#include "common/tp-error.h"
#include "therapy/history.h"
#include "therapy/program.h"
#include "tpd/tpd-dbus.h"

/* ---- listings ---------------------------------------------------------- */

static GVariant *tp_strv_variant(char **strv)
{
	return g_variant_new_strv((const char *const *)strv, -1);
}

void tp_muscle_dict_add_summary(GVariantDict *d, const TpMuscle *m)
{
	g_variant_dict_insert(d, "Id", "s", m->id);
	g_variant_dict_insert(d, "Name", "s", m->name);
	g_variant_dict_insert(d, "Region", "s", m->region);
	g_variant_dict_insert_value(d, "Sides", tp_strv_variant(m->sides));
	g_variant_dict_insert_value(d, "Tools", tp_strv_variant(m->tools));
	g_variant_dict_insert(d, "Program", "s", m->program);
	g_variant_dict_insert(d, "Cautions", "s", m->cautions);
}

static GVariant *tp_muscle_dict(const void *item)
{
	const TpMuscle *m = item;
	GVariantDict d;

	g_variant_dict_init(&d, NULL);
	tp_muscle_dict_add_summary(&d, m);
	g_variant_dict_insert_value(&d, "Zones", tp_strv_variant(m->zones));
	g_variant_dict_insert(&d, "MaxIntensity", "u", m->max_intensity);
	g_variant_dict_insert(&d, "SpotLimit", "u", m->spot_limit);
	g_variant_dict_insert(&d, "HoldLimit", "u", m->hold_limit);
	g_variant_dict_insert(&d, "SessionLimit", "u", m->session_limit);
	if (m->attachment)
		g_variant_dict_insert(&d, "Attachment", "s", m->attachment);
	g_variant_dict_insert_value(&d, "Sources", tp_strv_variant(m->sources));
	return g_variant_dict_end(&d);
}

static GVariant *tp_program_dict(const void *item)
{
	const TpProgram *p = item;
	GVariantDict d;

	g_variant_dict_init(&d, NULL);
	g_variant_dict_insert(&d, "Id", "s", p->id);
	g_variant_dict_insert(&d, "Variant", "s", p->variant ? p->variant : "");
	g_variant_dict_insert(&d, "Name", "s", p->name);
	g_variant_dict_insert(&d, "Description", "s", p->description);
	g_variant_dict_insert_value(&d, "Kinds", tp_strv_variant(p->kinds));
	g_variant_dict_insert(&d, "Steps", "u", p->n_steps);
	g_variant_dict_insert(&d, "Duration", "u",
			      (guint32)tp_program_duration(p));
	return g_variant_dict_end(&d);
}

static GVariant *tp_list_table(GHashTable *table,
			       GVariant *(*to_dict)(const void *item))
{
	g_autofree const char **ids = tp_catalog_sorted_ids(table);
	GVariantBuilder list;

	g_variant_builder_init(&list, G_VARIANT_TYPE("aa{sv}"));
	for (guint i = 0; ids[i]; i++)
		g_variant_builder_add_value(
		    &list, to_dict(g_hash_table_lookup(table, ids[i])));
	return g_variant_new("(@aa{sv})", g_variant_builder_end(&list));
}

static DBusMessage *tp_list_muscles(TpBus *bus, DBusMessage *msg, void *data)
{
	TpApi *api = data;
	(void)bus;

	return tp_reply_new(
	    msg, tp_list_table(tp_manager_catalog(api->manager)->muscles,
			       tp_muscle_dict));
}

static DBusMessage *tp_list_programs(TpBus *bus, DBusMessage *msg, void *data)
{
	TpApi *api = data;
	(void)bus;

	return tp_reply_new(
	    msg, tp_list_table(tp_manager_catalog(api->manager)->programs,
			       tp_program_dict));
}

/* ---- StartSession ------------------------------------------------------ */

static bool tp_option_side(GVariant *v, TpSessionRequest *req, GError **error)
{
	(void)error;
	req->side = g_variant_get_string(v, NULL);
	return true;
}

static bool tp_option_scale(GVariant *v, TpSessionRequest *req, GError **error)
{
	(void)error;
	req->scale = g_variant_get_double(v);
	return true;
}

static bool tp_option_pain_before(GVariant *v, TpSessionRequest *req,
				  GError **error)
{
	guint32 pain = g_variant_get_uint32(v);

	if (pain > TP_PAIN_MAX) {
		g_set_error(error, TP_ERROR, TP_ERROR_INVALID,
			    "PainBefore %u is out of range; expected 0 to %d",
			    pain, TP_PAIN_MAX);
		return false;
	}
	req->pain_before = (int)pain;
	return true;
}

static bool tp_option_detach(GVariant *v, TpSessionRequest *req, GError **error)
{
	(void)error;
	req->detach = g_variant_get_boolean(v);
	return true;
}

/* Known options and their types; anything else is refused, so that a
 * misspelt option never goes silently unused. */
static const struct {
	const char *name;
	const char *type;
	bool (*apply)(GVariant *value, TpSessionRequest *req, GError **error);
} tp_session_options[] = {
	{ "Side", "s", tp_option_side },
	{ "Scale", "d", tp_option_scale },
	{ "PainBefore", "u", tp_option_pain_before },
	{ "Detach", "b", tp_option_detach },
};

static bool tp_parse_session_option(const char *key, GVariant *value,
				    void *data, GError **error)
{
	TpSessionRequest *req = data;

	for (size_t i = 0; i < G_N_ELEMENTS(tp_session_options); i++) {
		if (strcmp(key, tp_session_options[i].name) != 0)
			continue;
		if (!g_variant_is_of_type(
			value, G_VARIANT_TYPE(tp_session_options[i].type))) {
			g_set_error(error, TP_ERROR, TP_ERROR_INVALID,
				    "option %s must have type '%s', not '%s'",
				    key, tp_session_options[i].type,
				    g_variant_get_type_string(value));
			return false;
		}
		return tp_session_options[i].apply(value, req, error);
	}
	g_set_error(error, TP_ERROR, TP_ERROR_INVALID,
		    "unknown option '%s'; known options are Side (s), Scale "
		    "(d), PainBefore (u) and Detach (b)",
		    key);
	return false;
}

static DBusMessage *tp_start_session(TpBus *bus, DBusMessage *msg, void *data)
{
	TpApi *api = data;
	g_autoptr(GVariant) args = tp_dbus_message_get_gvariant(msg);
	g_autoptr(GVariant) options = NULL;
	g_autoptr(GError) error = NULL;
	TpSessionRequest req = { .scale = 1.0,
				 .pain_before = -1,
				 .uid = tp_api_caller_uid(bus) };
	const char *device;
	TpMassager *m = NULL;
	TpSession *s;

	g_variant_get(args, "(&o&s&s@a{sv})", &device, &req.muscle,
		      &req.program, &options);
	if (!tp_vardict_foreach(options, tp_parse_session_option, &req, &error))
		return tp_error_from_gerror(msg, error);
	if (strcmp(device, TPD_AUTO_DEVICE_PATH) != 0 &&
	    !(m = tp_api_find_device(api, device)))
		return tp_error_not_found(msg, "no device at %s", device);

	s = tp_session_dbus_start(api, m, &req, dbus_message_get_sender(msg),
				  &error);
	if (!s)
		return tp_error_from_gerror(msg, error);
	return tp_reply_new(msg, g_variant_new("(o)", tp_session_tag(s)));
}

static DBusMessage *tp_stop_all(TpBus *bus, DBusMessage *msg, void *data)
{
	TpApi *api = data;
	(void)bus;

	g_info("StopAll from %s", dbus_message_get_sender(msg));
	tp_manager_stop_all(api->manager, TPD_FINISH_STOPPED);
	return tp_reply_new(msg, NULL);
}

static bool tp_manager_get_version(DBusMessageIter *iter, void *data)
{
	(void)data;
	return tp_append_string(iter, TPD_VERSION);
}

static bool tp_manager_get_simulated(DBusMessageIter *iter, void *data)
{
	TpApi *api = data;

	return tp_append_bool(iter, api->simulated);
}

static bool tp_manager_get_discovering(DBusMessageIter *iter, void *data)
{
	TpApi *api = data;

	return tp_append_bool(
	    iter, api->bluetooth && tp_bluetooth_discovering(api->bluetooth));
}

static bool tp_manager_get_powered(DBusMessageIter *iter, void *data)
{
	TpApi *api = data;

	return tp_append_bool(iter, api->bluetooth &&
					tp_bluetooth_powered(api->bluetooth));
}

const TpInterface tp_manager_interface = {
	.name = TPD_MANAGER_INTERFACE,
	.invalid_args_error = TPD_ERROR_INVALID_ARGS,
	.methods =
	    (const TpMethod[]){
		{ "ListMuscles", TP_NO_ARGS, TP_ARGS({ "muscles", "aa{sv}" }),
		  tp_list_muscles },
		{ "ListPrograms", TP_NO_ARGS, TP_ARGS({ "programs", "aa{sv}" }),
		  tp_list_programs },
		{ "StartSession",
		  TP_ARGS({ "device", "o" }, { "muscle", "s" },
			  { "program", "s" }, { "options", "a{sv}" }),
		  TP_ARGS({ "session", "o" }), tp_start_session,
		  TPD_ACTION_CONTROL },
		{ "StopAll", TP_NO_ARGS, TP_NO_ARGS, tp_stop_all,
		  TPD_ACTION_CONTROL },
		{ "FindMuscles", TP_ARGS({ "where", "s" }),
		  TP_ARGS({ "muscles", "aa{sv}" }), tp_api_find_muscles },
		{ "ListZones", TP_NO_ARGS,
		  TP_ARGS({ "zones", "as" }, { "aliases", "a{sas}" }),
		  tp_api_list_zones },
		{ "GetHistory", TP_ARGS({ "filter", "a{sv}" }),
		  TP_ARGS({ "sessions", "aa{sv}" }), tp_api_get_history,
		  TPD_ACTION_HISTORY },
		{ "GetTrends", TP_ARGS({ "filter", "a{sv}" }),
		  TP_ARGS({ "trends", "aa{sv}" }), tp_api_get_trends,
		  TPD_ACTION_HISTORY },
		{ "RateSession", TP_ARGS({ "id", "u" }, { "pain", "u" }),
		  TP_NO_ARGS, tp_api_rate_session, TPD_ACTION_HISTORY },
		{ "StartDiscovery", TP_NO_ARGS, TP_NO_ARGS,
		  tp_api_start_discovery, TPD_ACTION_CONTROL },
		{ "StopDiscovery", TP_NO_ARGS, TP_NO_ARGS,
		  tp_api_stop_discovery, TPD_ACTION_CONTROL },
		{ "TestModel", TP_ARGS({ "model", "s" }, { "address", "s" }),
		  TP_ARGS({ "device", "o" }), tp_api_test_model,
		  TPD_ACTION_CONTROL },
		{ NULL } },
	.properties =
	    (const TpProperty[]){
		{ "Version", "s", tp_manager_get_version },
		{ "Simulated", "b", tp_manager_get_simulated },
		{ "Discovering", "b", tp_manager_get_discovering },
		{ "Powered", "b", tp_manager_get_powered },
		{ NULL } },
};
