/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "gatt-profile.h"

#include <string.h>

#define TP_GATT_REGISTER_MS 10000

struct TpGattProfile {
	TpBus *bus;
	TpBluez *bz;
	char **uuids;
	/* adapter path -> its TpGattRegistration while the call is in
	 * flight, NULL once answered */
	GHashTable *adapters;
};

typedef struct {
	TpGattProfile *gp;
	char *adapter;
	TpDbusCall *call;
} TpGattRegistration;

static void tp_gatt_registration_free(TpGattRegistration *r)
{
	tp_dbus_call_cancel(r->call);
	g_free(r->adapter);
	g_free(r);
}

static void tp_gatt_registered(const char *error, const char *message,
			       GVariant *reply, void *user_data)
{
	TpGattRegistration *r = user_data;
	(void)reply;

	r->call = NULL;
	g_hash_table_insert(r->gp->adapters, g_strdup(r->adapter), NULL);
	if (!error || strcmp(error, "org.bluez.Error.AlreadyExists") == 0)
		g_info("%s: bluetoothd reconnects paired massagers in the "
		       "background",
		       r->adapter);
	else
		/* tpd still reconnects paired devices itself. */
		g_warning("%s: cannot register tpd's GATT profile: %s (%s)",
			  r->adapter, message, error);
	tp_gatt_registration_free(r);
}

static void tp_gatt_register(TpGattProfile *gp, const char *adapter)
{
	TpGattRegistration *r;

	if (g_hash_table_contains(gp->adapters, adapter))
		return;
	r = g_new0(TpGattRegistration, 1);
	r->gp = gp;
	r->adapter = g_strdup(adapter);
	r->call = tp_bluez_call_from(
	    tp_bus_get_connection(gp->bus), adapter, BLUEZ_GATT_MANAGER,
	    "RegisterApplication",
	    g_variant_new("(oa{sv})", TP_GATT_APP_PATH, NULL),
	    TP_GATT_REGISTER_MS, tp_gatt_registered, r, NULL);
	g_hash_table_insert(gp->adapters, g_strdup(adapter), r);
}

static void tp_gatt_forget(TpGattProfile *gp, const char *adapter)
{
	TpGattRegistration *r = g_hash_table_lookup(gp->adapters, adapter);

	/* Its callback will not run now. */
	if (r)
		tp_gatt_registration_free(r);
	g_hash_table_remove(gp->adapters, adapter);
}

static void tp_gatt_forget_all(TpGattProfile *gp)
{
	GHashTableIter it;
	TpGattRegistration *r;

	g_hash_table_iter_init(&it, gp->adapters);
	while (g_hash_table_iter_next(&it, NULL, (gpointer *)&r)) {
		if (r)
			tp_gatt_registration_free(r);
		g_hash_table_iter_remove(&it);
	}
}

static void tp_gatt_register_all(TpGattProfile *gp)
{
	g_autoptr(GPtrArray) adapters = tp_bluez_objects(gp->bz, TP_BZ_ADAPTER);

	for (guint i = 0; i < adapters->len; i++)
		tp_gatt_register(gp, ((TpBzObject *)adapters->pdata[i])->path);
}

static void tp_gatt_bluez_event(TpBluez *bz, const TpBzEvent *ev,
				void *user_data)
{
	TpGattProfile *gp = user_data;
	(void)bz;

	if (ev->type == TP_BZ_VANISHED) {
		/* A new bluetoothd knows nothing of us. */
		tp_gatt_forget_all(gp);
	} else if (ev->type == TP_BZ_READY) {
		tp_gatt_register_all(gp);
	} else if (ev->object && ev->object->kind == TP_BZ_ADAPTER) {
		if (ev->type == TP_BZ_REMOVED)
			tp_gatt_forget(gp, ev->object->path);
		else if (ev->type == TP_BZ_ADDED && tp_bluez_settled(gp->bz))
			tp_gatt_register(gp, ev->object->path);
	}
}

const char *const *tp_gatt_profile_uuids(TpGattProfile *gp)
{
	return (const char *const *)gp->uuids;
}

TpGattProfile *tp_gatt_profile_new(TpBus *bus, TpBluez *bz,
				   const char *const *uuids)
{
	TpGattProfile *gp = g_new0(TpGattProfile, 1);

	gp->bus = bus;
	gp->bz = bz;
	gp->uuids = g_strdupv((char **)uuids);
	gp->adapters =
	    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	tp_bus_add_object_manager(bus, TP_GATT_APP_PATH);
	tp_bus_add_interface(bus, TP_GATT_PROFILE_PATH,
			     &tp_gatt_profile_interface, gp);
	tp_bluez_add_listener(bz, tp_gatt_bluez_event, gp);
	if (tp_bluez_settled(bz))
		tp_gatt_register_all(gp);
	return gp;
}

void tp_gatt_profile_free(TpGattProfile *gp)
{
	if (!gp)
		return;
	tp_bluez_remove_listener(gp->bz, tp_gatt_bluez_event, gp);
	tp_gatt_forget_all(gp);
	g_hash_table_unref(gp->adapters);
	tp_bus_remove_object(gp->bus, TP_GATT_PROFILE_PATH);
	g_strfreev(gp->uuids);
	g_free(gp);
}
