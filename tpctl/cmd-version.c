/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tpctl version [--json]: tpctl's version and the running tpd's. */
#include <stdio.h>

#include "build-config.h"
#include "common/dbus-mainloop.h"
#include "common/tp-error.h"
#include "json.h"
#include "tpctl.h"
#include "tpd/tpd-dbus.h"

char *tpctl_tpd_owner(TpClient *c)
{
	DBusError err = DBUS_ERROR_INIT;
	DBusMessage *call =
	    dbus_message_new_method_call(DBUS_SERVICE_DBUS, DBUS_PATH_DBUS,
					 DBUS_INTERFACE_DBUS, "GetNameOwner");
	const char *name = TPD_BUS_NAME, *owner = NULL;
	DBusMessage *reply;
	char *found = NULL;

	dbus_message_append_args(call, DBUS_TYPE_STRING, &name,
				 DBUS_TYPE_INVALID);
	reply =
	    dbus_connection_send_with_reply_and_block(c->conn, call, -1, &err);
	dbus_message_unref(call);
	/* Signals read along with the reply wait for the loop. */
	tp_dbus_mainloop_kick(c->conn);
	if (reply && dbus_message_get_args(reply, NULL, DBUS_TYPE_STRING,
					   &owner, DBUS_TYPE_INVALID))
		found = g_strdup(owner);
	if (reply)
		dbus_message_unref(reply);
	dbus_error_free(&err);
	return found;
}

/* tpd's Version, or NULL with @error set. Asking for the owner first
 * keeps bus activation from starting a tpd only to ask its version. */
static char *tp_tpd_version(TpClient *c, GError **error)
{
	g_autofree char *owner = tpctl_tpd_owner(c);
	g_autoptr(GVariant) props = NULL;

	if (!owner) {
		g_set_error(error, TP_ERROR, TP_ERROR_FAILED,
			    "tpd is not running on the %s bus",
			    c->session_bus ? "session" : "system");
		return NULL;
	}
	props = tp_client_manager_properties(c, error);
	return props ? g_strdup(tp_dict_str(props, "Version", "?")) : NULL;
}

static void tp_print_versions(const char *tpd)
{
	GVariantBuilder b;

	if (!tpctl_json) {
		printf("tpctl %s\n", TPD_VERSION);
		if (tpd)
			printf("tpd %s\n", tpd);
		return;
	}
	/* A builder keeps the keys in this order; tpd's is left out when
	 * it is not known. */
	g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
	g_variant_builder_add(&b, "{sv}", "tpctl",
			      g_variant_new_string(TPD_VERSION));
	if (tpd)
		g_variant_builder_add(&b, "{sv}", "tpd",
				      g_variant_new_string(tpd));
	g_autoptr(GVariant) v = g_variant_ref_sink(g_variant_builder_end(&b));
	tp_json_print(v);
}

int tpctl_cmd_version(int argc, char **argv)
{
	const GOptionEntry entries[] = {
		TPCTL_JSON_ENTRY,
		{ NULL },
	};
	g_autoptr(GError) error = NULL;
	g_autofree char *tpd = NULL;
	TpClient client = { 0 };

	if (!tpctl_parse(&argc, &argv, "",
			 "Show the versions of tpctl and of the running tpd.",
			 entries))
		return TP_EXIT_USAGE;
	if (argc != 1)
		return tpctl_usage_error("version", "unexpected argument '%s'",
					 argv[1]);
	if (tp_client_connect(&client, tpctl_session_bus, &error))
		tpd = tp_tpd_version(&client, &error);
	tp_client_close(&client);
	/* tpctl's own version first, whatever became of tpd's. */
	tp_print_versions(tpd);
	fflush(stdout);
	return tpd ? TP_EXIT_OK : tp_client_fail(error);
}
