/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Manager.TestModel(model, address): a model file's text, tried on one
 * Bluetooth device (tpctl test-model, DESIGN.md §11). The model is checked
 * as tpd checks its data files (every problem with its line); the device
 * is then a Device object driven with it, connected only when asked, and
 * stopped and disconnected as soon as the client that asked leaves the
 * bus.
 */
#include <string.h>

#include "api-error.h"
#include "api.h"
#include "common/datafile.h"
#include "common/dbus-gvariant.h"
#include "common/device-path.h"
#include "common/tp-error.h"
#include "device/model.h"
#include "tpd/tpd-dbus.h"

struct TpTrial {
	TpApi *api;
	TpMassager *m;
	guint watch;
};

void tp_trial_free(TpTrial *t)
{
	if (t->watch)
		tp_client_watch_remove(t->api->clients, t->watch);
	g_free(t);
}

/* The person's client is gone: nobody is there to say whether the motor
 * stopped, so it is stopped and the link let go. */
static void tp_trial_owner_gone(const char *name, void *user_data)
{
	TpTrial *t = user_data;

	g_info("%s: %s, which was trying a model on it, left the bus; "
	       "stopping and disconnecting",
	       tp_massager_address(t->m), name);
	t->watch = 0;
	tp_api_disconnect_device(t->api, t->m);
	g_ptr_array_remove(t->api->trials, t);
}

void tp_api_trials_forget(TpApi *api, TpMassager *m)
{
	for (guint i = api->trials->len; i-- > 0;)
		if (((TpTrial *)g_ptr_array_index(api->trials, i))->m == m)
			g_ptr_array_remove_index(api->trials, i);
}

static TpModel *tp_trial_model(const char *text, GError **error)
{
	g_autoptr(GPtrArray) problems = tp_problems_new();
	g_autoptr(TpDataFile) file =
	    tp_data_file_load_data("the model", text, strlen(text), problems);
	TpModel *model = file ? tp_model_parse(file, "trial", problems) : NULL;

	if (model && model->simulated) {
		tp_model_free(model);
		g_set_error(error, TP_ERROR, TP_ERROR_INVALID,
			    "the model is Simulated=true: it drives no "
			    "Bluetooth device");
		return NULL;
	}
	if (!model) {
		g_ptr_array_add(problems, NULL);
		g_autofree char *all =
		    g_strjoinv("\n", (char **)problems->pdata);
		g_set_error(error, TP_ERROR, TP_ERROR_INVALID, "%s", all);
	}
	return model;
}

DBusMessage *tp_api_test_model(TpBus *bus, DBusMessage *msg, void *data)
{
	TpApi *api = data;
	g_autoptr(GVariant) args = tp_dbus_message_get_gvariant(msg);
	g_autoptr(GError) error = NULL;
	g_autofree char *path = NULL;
	const char *text, *address;
	TpModel *model;
	TpMassager *m;
	TpTrial *t;
	(void)bus;

	g_variant_get(args, "(&s&s)", &text, &address);
	if (!api->bluetooth)
		return tp_error_failed(msg, "tpd drives simulated devices "
					    "(--simulate): a model is tried on "
					    "a Bluetooth device");
	if (tp_manager_shutting_down(api->manager))
		return tp_error_shutting_down(msg, "%s",
					      tp_manager_barrier(api->manager));
	model = tp_trial_model(text, &error);
	m = model
		? tp_bluetooth_try_model(api->bluetooth, address, model, &error)
		: NULL;
	if (!m)
		return tp_error_from_gerror(msg, error);
	t = g_new0(TpTrial, 1);
	t->api = api;
	t->m = m;
	t->watch = tp_client_watch_add(
	    api->clients, dbus_message_get_sender(msg), tp_trial_owner_gone, t);
	g_ptr_array_add(api->trials, t);
	path = tp_device_object_path(tp_massager_address(m));
	return tp_reply_new(msg, g_variant_new("(o)", path));
}
