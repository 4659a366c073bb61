/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "client.h"

#include "color.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/dbus-gvariant.h"
#include "common/dbus-mainloop.h"
#include "common/tp-error.h"
#include "tpd/tpd-dbus.h"

#define TP_CALL_TIMEOUT_MS     10000
/* polkit may ask a person at a terminal for a password: their time. */
#define TP_CALL_ASK_TIMEOUT_MS 120000

bool tp_client_connect(TpClient *c, bool session_bus, GError **error)
{
	DBusError err = DBUS_ERROR_INIT;

	c->session_bus = session_bus;
	c->conn = dbus_bus_get_private(
	    session_bus ? DBUS_BUS_SESSION : DBUS_BUS_SYSTEM, &err);
	if (!c->conn) {
		g_set_error(error, TP_ERROR, TP_ERROR_FAILED,
			    "cannot connect to the %s bus: %s",
			    session_bus ? "session" : "system", err.message);
		dbus_error_free(&err);
		return false;
	}
	dbus_connection_set_exit_on_disconnect(c->conn, FALSE);
	return true;
}

void tp_client_close(TpClient *c)
{
	if (!c->conn)
		return;
	dbus_connection_close(c->conn);
	dbus_connection_unref(c->conn);
	c->conn = NULL;
}

/* D-Bus error names to what they mean for the person at the terminal. */
static void tp_client_set_error(TpClient *c, GError **error,
				const DBusError *err)
{
	static const struct {
		const char *name;
		TpErrorCode code;
	} map[] = {
		{ TPD_ERROR_NOT_FOUND, TP_ERROR_NOT_FOUND },
		{ TPD_ERROR_INVALID_ARGS, TP_ERROR_INVALID },
		{ TPD_ERROR_UNSAFE, TP_ERROR_UNSAFE },
		{ TPD_ERROR_BUSY, TP_ERROR_BUSY },
		{ TPD_ERROR_NOT_CONNECTED, TP_ERROR_NOT_CONNECTED },
		{ TPD_ERROR_NOT_PERMITTED, TP_ERROR_NOT_PERMITTED },
	};

	if (dbus_error_has_name(err, DBUS_ERROR_SERVICE_UNKNOWN) ||
	    dbus_error_has_name(err, DBUS_ERROR_NAME_HAS_NO_OWNER)) {
		g_set_error(error, TP_ERROR, TP_ERROR_FAILED,
			    "tpd is not running on the %s bus%s",
			    c->session_bus ? "session" : "system",
			    c->session_bus ? ""
					   : " (start tpd.service, or "
					     "use --session for a tpd "
					     "started with --session)");
		return;
	}
	if (dbus_error_has_name(err, DBUS_ERROR_ACCESS_DENIED)) {
		/* The bus's own message lists matched rules and pids: no
		 * help to a person. What would help is who may. */
		g_set_error(error, TP_ERROR, TP_ERROR_NOT_PERMITTED,
			    "not allowed: only root and members of the group "
			    "'tpd' may drive devices, change tpd or read the "
			    "history (sudo usermod -aG tpd %s, then log in "
			    "again)",
			    g_get_user_name());
		return;
	}
	if (dbus_error_has_name(err, TPD_ERROR_SHUTTING_DOWN)) {
		g_set_error(error, TP_ERROR, TP_ERROR_SHUTTING_DOWN,
			    "%s; try again once tpd is back", err->message);
		return;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(map); i++) {
		if (dbus_error_has_name(err, map[i].name)) {
			g_set_error_literal(error, TP_ERROR, map[i].code,
					    err->message);
			return;
		}
	}
	g_set_error(error, TP_ERROR, TP_ERROR_FAILED, "%s (%s)", err->message,
		    err->name);
}

GVariant *tp_client_call(TpClient *c, const char *path, const char *iface,
			 const char *method, GVariant *args,
			 const char *reply_type, GError **error)
{
	DBusError err = DBUS_ERROR_INIT;
	DBusMessage *call =
	    dbus_message_new_method_call(TPD_BUS_NAME, path, iface, method);
	DBusMessage *reply;
	GVariant *result;

	bool ask = isatty(STDIN_FILENO);

	if (args)
		tp_dbus_message_append_gvariant(call, args);
	dbus_message_set_allow_interactive_authorization(call, ask);
	reply = dbus_connection_send_with_reply_and_block(
	    c->conn, call, ask ? TP_CALL_ASK_TIMEOUT_MS : TP_CALL_TIMEOUT_MS,
	    &err);
	dbus_message_unref(call);
	/* A signal read with the reply (a device's State changing as it
	 * answers) must reach whoever waits for it on the loop. */
	tp_dbus_mainloop_kick(c->conn);
	if (!reply) {
		tp_client_set_error(c, error, &err);
		dbus_error_free(&err);
		return NULL;
	}
	result = tp_dbus_message_get_gvariant(reply);
	dbus_message_unref(reply);
	if (!result ||
	    (reply_type &&
	     !g_variant_is_of_type(result, G_VARIANT_TYPE(reply_type)))) {
		g_set_error(error, TP_ERROR, TP_ERROR_FAILED,
			    "unexpected reply to %s from tpd (%s, not %s)",
			    method,
			    result ? g_variant_get_type_string(result) : "?",
			    reply_type);
		g_clear_pointer(&result, g_variant_unref);
	}
	return result;
}

GVariant *tp_client_get_all(TpClient *c, const char *path, const char *iface,
			    GError **error)
{
	g_autoptr(GVariant) reply =
	    tp_client_call(c, path, DBUS_INTERFACE_PROPERTIES, "GetAll",
			   g_variant_new("(s)", iface), "(a{sv})", error);

	return reply ? g_variant_get_child_value(reply, 0) : NULL;
}

GVariant *tp_client_managed_objects(TpClient *c, GError **error)
{
	g_autoptr(GVariant) reply = tp_client_call(
	    c, TPD_MANAGER_PATH, "org.freedesktop.DBus.ObjectManager",
	    "GetManagedObjects", NULL, "(a{oa{sa{sv}}})", error);

	return reply ? g_variant_get_child_value(reply, 0) : NULL;
}

GVariant *tp_client_manager_list(TpClient *c, const char *method,
				 GVariant *args, GError **error)
{
	g_autoptr(GVariant) reply =
	    tp_client_call(c, TPD_MANAGER_PATH, TPD_MANAGER_INTERFACE, method,
			   args, "(aa{sv})", error);

	return reply ? g_variant_get_child_value(reply, 0) : NULL;
}

GVariant *tp_client_manager_properties(TpClient *c, GError **error)
{
	return tp_client_get_all(c, TPD_MANAGER_PATH, TPD_MANAGER_INTERFACE,
				 error);
}

static bool tp_device_matches(const char *path, GVariant *props,
			      const char *wanted)
{
	return g_str_equal(path, wanted) ||
	       g_ascii_strcasecmp(tp_dict_str(props, "Address", ""), wanted) ==
		   0 ||
	       g_str_equal(tp_dict_str(props, "Name", ""), wanted);
}

char *tp_client_resolve_device(TpClient *c, const char *device, GError **error)
{
	g_autoptr(GVariant) objects = tp_client_managed_objects(c, error);
	g_autoptr(GVariant) props = NULL;
	GVariantIter it;
	const char *path;
	GVariant *ifaces;

	if (!objects)
		return NULL;
	g_variant_iter_init(&it, objects);
	while (g_variant_iter_next(&it, "{&o@a{sa{sv}}}", &path, &ifaces)) {
		props = g_variant_lookup_value(ifaces, TPD_DEVICE_INTERFACE,
					       G_VARIANT_TYPE_VARDICT);
		g_variant_unref(ifaces);
		if (props && tp_device_matches(path, props, device))
			return g_strdup(path);
		g_clear_pointer(&props, g_variant_unref);
	}
	g_set_error(error, TP_ERROR, TP_ERROR_NOT_FOUND,
		    "unknown device '%s'; give an address, a name or an object "
		    "path from 'tpctl list devices'",
		    device);
	return NULL;
}

int tp_client_fail(const GError *error)
{
	fprintf(stderr, "%stpctl:%s %s\n", tp_style(stderr, TP_STYLE_ERROR),
		tp_style_end(stderr), error->message);
	if (error->domain != TP_ERROR)
		return TP_EXIT_FAILURE;
	switch (error->code) {
	case TP_ERROR_INVALID:
	case TP_ERROR_NOT_FOUND:
	case TP_ERROR_UNSAFE:
		return TP_EXIT_USAGE;
	default:
		return TP_EXIT_FAILURE;
	}
}

const char *tp_dict_str(GVariant *dict, const char *key, const char *fallback)
{
	const char *s;

	if (dict && (g_variant_lookup(dict, key, "&s", &s) ||
		     g_variant_lookup(dict, key, "&o", &s)))
		return s;
	return fallback;
}

guint32 tp_dict_u32(GVariant *dict, const char *key, guint32 fallback)
{
	guint32 v;
	guint8 b;

	if (dict && g_variant_lookup(dict, key, "u", &v))
		return v;
	if (dict && g_variant_lookup(dict, key, "y", &b))
		return b;
	return fallback;
}

gint64 tp_dict_i64(GVariant *dict, const char *key, gint64 fallback)
{
	gint64 v;

	if (dict && g_variant_lookup(dict, key, "x", &v))
		return v;
	return fallback;
}

bool tp_dict_bool(GVariant *dict, const char *key, bool fallback)
{
	gboolean v;

	return dict && g_variant_lookup(dict, key, "b", &v) ? v : fallback;
}

bool tp_dict_has(GVariant *dict, const char *key)
{
	g_autoptr(GVariant) v =
	    dict ? g_variant_lookup_value(dict, key, NULL) : NULL;

	return v != NULL;
}

double tp_dict_double(GVariant *dict, const char *key, double fallback)
{
	double v;

	return dict && g_variant_lookup(dict, key, "d", &v) ? v : fallback;
}
