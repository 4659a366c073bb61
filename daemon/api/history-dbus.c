/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Manager.GetHistory and Manager.RateSession: the session record, and
 * its filter, which GetTrends shares. */
#include <string.h>

#include "api-error.h"
#include "api.h"
#include "common/dbus-gvariant.h"
#include "common/tp-error.h"
#include "therapy/history.h"

typedef struct {
	const char *muscle;
	gint64 since;
	guint32 limit;
	gboolean all_users;
	bool with_limit; /* GetHistory's filter, with its keys of its own */
} TpHistoryFilter;

/* Known filter keys, like StartSession's options: a misspelt key is an
 * error, never silently a wider answer. */
static const struct {
	const char *name;
	const char *type;
	size_t offset;
	bool history_only; /* not GetTrends': see trend-dbus.c */
} tp_history_filter_keys[] = {
	{ "Muscle", "s", offsetof(TpHistoryFilter, muscle) },
	{ "Since", "x", offsetof(TpHistoryFilter, since) },
	{ "Limit", "u", offsetof(TpHistoryFilter, limit), true },
	{ "AllUsers", "b", offsetof(TpHistoryFilter, all_users) },
};

static bool tp_history_filter_knows(const TpHistoryFilter *f, size_t i)
{
	return f->with_limit || !tp_history_filter_keys[i].history_only;
}

/* "Muscle (s), Since (x), Limit (u) and AllUsers (b)": what @f takes. */
static char *tp_history_filter_known(const TpHistoryFilter *f)
{
	GString *known = g_string_new(NULL);
	size_t last = G_N_ELEMENTS(tp_history_filter_keys) - 1;

	for (size_t i = 0; i <= last; i++) {
		if (!tp_history_filter_knows(f, i))
			continue;
		if (known->len > 0)
			g_string_append(known, i == last ? " and " : ", ");
		g_string_append_printf(known, "%s (%s)",
				       tp_history_filter_keys[i].name,
				       tp_history_filter_keys[i].type);
	}
	return g_string_free(known, FALSE);
}

static bool tp_history_filter_key(const char *key, GVariant *value, void *data,
				  GError **error)
{
	TpHistoryFilter *f = data;
	g_autofree char *known = NULL;

	for (size_t i = 0; i < G_N_ELEMENTS(tp_history_filter_keys); i++) {
		const char *type = tp_history_filter_keys[i].type;
		void *field = (char *)f + tp_history_filter_keys[i].offset;
		if (strcmp(key, tp_history_filter_keys[i].name) != 0 ||
		    !tp_history_filter_knows(f, i))
			continue;
		if (!g_variant_is_of_type(value, G_VARIANT_TYPE(type))) {
			g_set_error(error, TP_ERROR, TP_ERROR_INVALID,
				    "filter %s must have type '%s', not '%s'",
				    key, type,
				    g_variant_get_type_string(value));
			return false;
		}
		/* Strings borrow from the message's arguments, which outlive
		 * the filter. */
		g_variant_get(value, type[0] == 's' ? "&s" : type, field);
		return true;
	}
	known = tp_history_filter_known(f);
	g_set_error(error, TP_ERROR, TP_ERROR_INVALID,
		    "unknown filter '%s'; known filters are %s", key, known);
	return false;
}

GVariant *tp_api_history_select(TpApi *api, TpBus *bus, GVariant *filter,
				bool with_limit, GError **error)
{
	TpHistory *history = tp_manager_history(api->manager);
	g_autoptr(GPtrArray) found = NULL;
	TpHistoryFilter f = { .with_limit = with_limit };
	guint32 caller = tp_api_caller_uid(bus);
	GVariantBuilder list;

	if (!tp_vardict_foreach(filter, tp_history_filter_key, &f, error))
		return NULL;
	/* Each person's pain is their own: everyone's is for root. */
	if (f.all_users && caller != 0) {
		g_set_error(error, TP_ERROR, TP_ERROR_NOT_PERMITTED,
			    "only root may read every user's history");
		return NULL;
	}
	g_variant_builder_init(&list, G_VARIANT_TYPE("aa{sv}"));
	if (history)
		found = tp_history_query_for(
		    history, f.all_users ? TP_HISTORY_ALL_USERS : caller,
		    f.muscle, f.since, f.limit);
	for (guint i = 0; found && i < found->len; i++)
		g_variant_builder_add_value(
		    &list,
		    tp_history_entry_to_variant(g_ptr_array_index(found, i)));
	return g_variant_ref_sink(g_variant_builder_end(&list));
}

DBusMessage *tp_api_get_history(TpBus *bus, DBusMessage *msg, void *data)
{
	g_autoptr(GVariant) args = tp_dbus_message_get_gvariant(msg);
	g_autoptr(GVariant) filter = NULL;
	g_autoptr(GVariant) sessions = NULL;
	g_autoptr(GError) error = NULL;

	g_variant_get(args, "(@a{sv})", &filter);
	sessions = tp_api_history_select(data, bus, filter, true, &error);
	if (!sessions)
		return tp_error_from_gerror(msg, error);
	return tp_reply_new(msg, g_variant_new("(@aa{sv})", sessions));
}

DBusMessage *tp_api_rate_session(TpBus *bus, DBusMessage *msg, void *data)
{
	TpApi *api = data;
	TpHistory *history = tp_manager_history(api->manager);
	g_autoptr(GVariant) args = tp_dbus_message_get_gvariant(msg);
	g_autoptr(GError) error = NULL;
	guint32 id, pain, caller = tp_api_caller_uid(bus);

	g_variant_get(args, "(uu)", &id, &pain);
	if (!history)
		return tp_error_failed(msg, "tpd keeps no history");
	/* Checked as unsigned: a huge value must not wrap to a valid int.
	 * Root may rate anyone's (a record from before users, say). */
	if (!tp_history_rate_for(history,
				 caller ? caller : TP_HISTORY_ALL_USERS, id,
				 (int)MIN(pain, G_MAXINT), &error))
		return tp_error_from_gerror(msg, error);
	g_info("session %u rated %u", id, pain);
	return tp_reply_new(msg, NULL);
}
