/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "authority.h"

#include <string.h>
#include <unistd.h>

#include "bus/client-watch.h"
#include "bus/dbus-call.h"
#include "bus/dbus-error.h"
#include "common/dbus-gvariant.h"
#include "tpd/tpd-dbus.h"

#define POLKIT_NAME		      "org.freedesktop.PolicyKit1"
#define POLKIT_PATH		      "/org/freedesktop/PolicyKit1/Authority"
#define POLKIT_AUTHORITY	      "org.freedesktop.PolicyKit1.Authority"
/* CheckAuthorization's flag: the person may be asked for a password. */
#define POLKIT_ALLOW_USER_INTERACTION 1u

/* The bus answers at once. polkit answers at once unless it asks the
 * person, which takes as long as a person takes; a polkit that hangs
 * must not leave a caller waiting longer than its own call timeout. */
#define TP_CREDENTIALS_TIMEOUT_MS 5000
#define TP_POLKIT_TIMEOUT_MS	  5000
#define TP_POLKIT_ASK_TIMEOUT_MS  120000

struct TpAuthority {
	DBusConnection *conn;
	TpClientWatches *clients;
	gid_t access_gid;
	GPtrArray *checks; /* TpCheck* in flight */
	/* Unique name -> TpCaller: a connection's credentials never change,
	 * so each caller costs one round trip to the bus, not one a call. */
	GHashTable *callers;
};

typedef struct {
	uid_t uid;
	bool trusted; /* root, tpd's user or the access group: never asks */
	guint watch;
} TpCaller;

typedef struct {
	TpAuthority *authority;
	TpAuthRequest *req;
	DBusMessage *msg; /* the call being authorized */
	const char *action;
	uid_t uid;
	TpDbusCall *call;
} TpCheck;

/* What each action lets a person do, for refusals. */
static const struct {
	const char *action;
	const char *what;
} tp_action_words[] = {
	{ TPD_ACTION_CONTROL,
	  "control massagers (sessions, intensity, connecting, discovery)" },
	{ TPD_ACTION_HISTORY, "read and rate their session history" },
};

static const char *tp_action_what(const char *action)
{
	for (size_t i = 0; i < G_N_ELEMENTS(tp_action_words); i++)
		if (strcmp(tp_action_words[i].action, action) == 0)
			return tp_action_words[i].what;
	return action;
}

/* ---- answers ----------------------------------------------------------- */

static void tp_check_finish(TpCheck *c, DBusMessage *refusal)
{
	g_ptr_array_remove_fast(c->authority->checks, c);
	tp_auth_request_done(c->req, c->uid, refusal);
	dbus_message_unref(c->msg);
	g_free(c);
}

static void tp_check_refuse(TpCheck *c, const char *why)
{
	tp_check_finish(
	    c, tp_error_new(c->msg, TPD_ERROR_NOT_PERMITTED,
			    "not allowed to %s (polkit action %s): %s; the "
			    "person at the machine's active seat may, as may "
			    "root and the members of group tpd "
			    "(usermod -aG tpd USER, then log in again)",
			    tp_action_what(c->action), c->action, why));
}

/* ---- polkit ------------------------------------------------------------ */

/* Why polkit gave no answer, in words. */
static const char *tp_polkit_failure(const char *error)
{
	if (strcmp(error, DBUS_ERROR_NO_REPLY) == 0)
		return "polkit did not answer in time";
	/* polkit answers about other people's processes only to root and to
	 * an action's owner (tpd's policy names user tpd). */
	if (strcmp(error, "org.freedesktop.PolicyKit1.Error.NotAuthorized") ==
	    0)
		return "polkit does not answer tpd's questions (is tpd running "
		       "as the user its polkit policy names as owner?)";
	return "polkit is not available";
}

static void tp_check_polkit_answered(DBusMessage *reply, void *user_data)
{
	TpCheck *c = user_data;
	g_autoptr(GVariant) args = NULL;
	gboolean allowed = FALSE, challenge = FALSE;
	const char *error = dbus_message_get_error_name(reply);

	c->call = NULL;
	if (error) {
		g_info("polkit did not decide on %s: %s", c->action, error);
		tp_check_refuse(c, tp_polkit_failure(error));
		return;
	}
	args = tp_dbus_message_get_gvariant(reply);
	if (args && g_variant_is_of_type(args, G_VARIANT_TYPE("((bba{ss}))")))
		g_variant_get(args, "((bb@a{ss}))", &allowed, &challenge, NULL);
	if (allowed)
		tp_check_finish(c, NULL);
	else if (challenge)
		tp_check_refuse(c, "authentication is needed; call again with "
				   "interactive authorization allowed");
	else
		tp_check_refuse(c, "polkit said no");
}

static void tp_check_ask_polkit(TpCheck *c)
{
	const char *sender = dbus_message_get_sender(c->msg);
	bool ask = dbus_message_get_allow_interactive_authorization(c->msg);
	GVariantBuilder subject;
	DBusMessage *call;

	g_variant_builder_init(&subject, G_VARIANT_TYPE("a{sv}"));
	g_variant_builder_add(&subject, "{sv}", "name",
			      g_variant_new_string(sender));
	call = dbus_message_new_method_call(
	    POLKIT_NAME, POLKIT_PATH, POLKIT_AUTHORITY, "CheckAuthorization");
	if (!tp_dbus_message_append_gvariant(
		call,
		g_variant_new("((sa{sv})sa{ss}us)", "system-bus-name", &subject,
			      c->action, NULL,
			      ask ? POLKIT_ALLOW_USER_INTERACTION : 0u, ""))) {
		dbus_message_unref(call);
		tp_check_refuse(c, "tpd could not ask polkit");
		return;
	}
	c->call =
	    tp_dbus_call(c->authority->conn, call,
			 ask ? TP_POLKIT_ASK_TIMEOUT_MS : TP_POLKIT_TIMEOUT_MS,
			 tp_check_polkit_answered, c, NULL);
}

/* ---- the caller's credentials ------------------------------------------ */

static bool tp_check_in_group(GVariant *creds, gid_t gid)
{
	g_autoptr(GVariant) groups =
	    g_variant_lookup_value(creds, "UnixGroupIDs", G_VARIANT_TYPE("au"));
	gsize n = 0;
	const guint32 *ids =
	    groups ? g_variant_get_fixed_array(groups, &n, sizeof(guint32))
		   : NULL;

	for (gsize i = 0; i < n; i++)
		if (ids[i] == gid)
			return true;
	return false;
}

/* Decide for a caller whose credentials are known. */
static void tp_check_caller(TpCheck *c, const TpCaller *caller)
{
	c->uid = caller->uid;
	if (caller->trusted)
		tp_check_finish(c, NULL);
	else
		tp_check_ask_polkit(c);
}

static void tp_caller_gone(const char *name, void *user_data)
{
	TpAuthority *a = user_data;

	g_hash_table_remove(a->callers, name);
}

static const TpCaller *tp_caller_remember(TpAuthority *a, const char *name,
					  GVariant *creds, guint32 uid)
{
	TpCaller *caller = g_new0(TpCaller, 1);

	caller->uid = uid;
	caller->trusted = uid == 0 || uid == getuid() ||
			  (a->access_gid != (gid_t)-1 &&
			   tp_check_in_group(creds, a->access_gid));
	g_hash_table_insert(a->callers, g_strdup(name), caller);
	caller->watch =
	    tp_client_watch_add(a->clients, name, tp_caller_gone, a);
	return caller;
}

static void tp_check_credentials_known(DBusMessage *reply, void *user_data)
{
	TpCheck *c = user_data;
	const char *sender = dbus_message_get_sender(c->msg);
	const TpCaller *caller;
	g_autoptr(GVariant) args = NULL;
	g_autoptr(GVariant) creds = NULL;
	guint32 uid;

	c->call = NULL;
	args = dbus_message_get_error_name(reply)
		   ? NULL
		   : tp_dbus_message_get_gvariant(reply);
	if (args && g_variant_is_of_type(args, G_VARIANT_TYPE("(a{sv})")))
		g_variant_get(args, "(@a{sv})", &creds);
	if (!creds || !g_variant_lookup(creds, "UnixUserID", "u", &uid)) {
		tp_check_refuse(c, "the bus did not say who is calling");
		return;
	}
	/* Two calls of one new caller may both have asked. */
	caller = g_hash_table_lookup(c->authority->callers, sender);
	if (!caller)
		caller = tp_caller_remember(c->authority, sender, creds, uid);
	tp_check_caller(c, caller);
}

void tp_authority_check(TpAuthRequest *req, DBusMessage *msg,
			const char *action, void *user_data)
{
	TpAuthority *a = user_data;
	TpCheck *c = g_new0(TpCheck, 1);
	const char *sender = dbus_message_get_sender(msg);
	const TpCaller *caller = g_hash_table_lookup(a->callers, sender);
	DBusMessage *call;

	c->authority = a;
	c->req = req;
	c->msg = dbus_message_ref(msg);
	c->action = action;
	c->uid = TP_UID_UNKNOWN;
	g_ptr_array_add(a->checks, c);
	if (caller) {
		tp_check_caller(c, caller);
		return;
	}
	call = dbus_message_new_method_call(DBUS_SERVICE_DBUS, DBUS_PATH_DBUS,
					    DBUS_INTERFACE_DBUS,
					    "GetConnectionCredentials");
	dbus_message_append_args(call, DBUS_TYPE_STRING, &sender,
				 DBUS_TYPE_INVALID);
	c->call = tp_dbus_call(a->conn, call, TP_CREDENTIALS_TIMEOUT_MS,
			       tp_check_credentials_known, c, NULL);
}

/* ---- life -------------------------------------------------------------- */

static void tp_caller_unwatch(gpointer key, gpointer value, gpointer user_data)
{
	TpAuthority *a = user_data;
	TpCaller *caller = value;
	(void)key;

	tp_client_watch_remove(a->clients, caller->watch);
}

static void tp_caller_free(gpointer data)
{
	g_free(data);
}

TpAuthority *tp_authority_new(DBusConnection *conn, TpClientWatches *clients,
			      gid_t access_gid)
{
	TpAuthority *a = g_new0(TpAuthority, 1);

	a->conn = dbus_connection_ref(conn);
	a->clients = clients;
	a->access_gid = access_gid;
	a->checks = g_ptr_array_new();
	a->callers = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
					   tp_caller_free);
	return a;
}

void tp_authority_free(TpAuthority *a)
{
	if (!a)
		return;
	while (a->checks->len) {
		TpCheck *c = g_ptr_array_index(a->checks, 0);
		tp_dbus_call_cancel(c->call);
		c->call = NULL;
		tp_check_refuse(c, "tpd is stopping");
	}
	g_ptr_array_unref(a->checks);
	g_hash_table_foreach(a->callers, tp_caller_unwatch, a);
	g_hash_table_unref(a->callers);
	dbus_connection_unref(a->conn);
	g_free(a);
}
