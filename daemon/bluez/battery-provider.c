/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "battery-provider.h"

#include <string.h>

#define TP_BATTERY_REGISTER_MS 10000

struct TpBatteryProvider {
	TpBus *bus;
	TpBluez *bz;
	GHashTable *batteries; /* BlueZ device path -> TpProvidedBattery* */
	GHashTable *adapters;  /* adapter path -> TpBatteryRegistration* */
};

/* RegisterBatteryProvider with one adapter. */
typedef struct {
	TpBatteryProvider *bp;
	char *adapter;
	char *root;	  /* TP_BATTERY_ROOT/<adapter> */
	TpDbusCall *call; /* in flight */
	bool registered;  /* bluetoothd follows the objects below root */
} TpBatteryRegistration;

struct TpProvidedBattery {
	TpBatteryProvider *bp;
	TpMassager *m;
	char *device;	    /* BlueZ's object path */
	char *path;	    /* the exported object; NULL while there is none */
	uint8_t percentage; /* what the object shows */
};

/* The last element of an object path: "hci0", "dev_AA_BB_…". */
static const char *tp_path_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* ---- one battery -------------------------------------------------------- */

uint8_t tp_provided_battery_percentage(const TpProvidedBattery *b)
{
	return b->percentage;
}

const char *tp_provided_battery_device(const TpProvidedBattery *b)
{
	return b->device;
}

static void tp_provided_battery_unexport(TpProvidedBattery *b)
{
	if (!b->path)
		return;
	g_debug("%s: battery no longer provided to bluetoothd", b->device);
	tp_bus_remove_interface(b->bp->bus, b->path,
				&tp_battery_provider_interface);
	g_clear_pointer(&b->path, g_free);
}

static void tp_provided_battery_export(TpProvidedBattery *b,
				       const TpBatteryRegistration *r)
{
	b->path = g_strdup_printf("%s/%s", r->root, tp_path_name(b->device));
	g_info("%s: battery %u %% provided to bluetoothd as %s",
	       tp_massager_address(b->m), b->percentage, b->path);
	tp_bus_add_interface(b->bp->bus, b->path,
			     &tp_battery_provider_interface, b);
}

/* The registration that covers BlueZ's device @d, once bluetoothd took
 * it. */
static const TpBatteryRegistration *
tp_battery_registration_of(TpBatteryProvider *bp, const TpBzDevice *d)
{
	const TpBatteryRegistration *r =
	    d && d->adapter ? g_hash_table_lookup(bp->adapters, d->adapter)
			    : NULL;

	return r && r->registered ? r : NULL;
}

/* Whether the object should be there, and with which level. A Battery1
 * BlueZ offers by itself wins: bluetoothd would ignore tpd's for that
 * device anyway. Battery1 goes when the link goes, as BlueZ's own do. */
static void tp_provided_battery_sync(TpProvidedBattery *b)
{
	const TpBzObject *o = tp_bluez_lookup(b->bp->bz, b->device);
	const TpBzDevice *d =
	    o && o->kind == TP_BZ_DEVICE ? (const TpBzDevice *)o : NULL;
	const TpBatteryRegistration *r = tp_battery_registration_of(b->bp, d);
	const int percent = tp_massager_battery(b->m);

	if (!r || d->battery >= 0 || !tp_massager_link_up(b->m) ||
	    percent < 0 || percent > 100) {
		tp_provided_battery_unexport(b);
		return;
	}
	if (b->path && b->percentage == percent)
		return;
	b->percentage = (uint8_t)percent;
	if (b->path)
		tp_bus_property_changed(b->bp->bus, b->path,
					&tp_battery_provider_interface,
					"Percentage");
	else
		tp_provided_battery_export(b, r);
}

static void tp_provided_battery_event(TpMassager *m, const TpMassagerEvent *ev,
				      void *user_data)
{
	const unsigned relevant =
	    TP_MASSAGER_CHANGED_BATTERY | TP_MASSAGER_CHANGED_STATE;
	(void)m;

	if (ev->type == TP_MASSAGER_EVENT_DISCONNECTED ||
	    (ev->type == TP_MASSAGER_EVENT_CHANGED && (ev->changes & relevant)))
		tp_provided_battery_sync(user_data);
}

static void tp_provided_battery_free(TpProvidedBattery *b)
{
	tp_provided_battery_unexport(b);
	tp_massager_remove_listener(b->m, tp_provided_battery_event, b);
	g_free(b->device);
	g_free(b);
}

static void tp_battery_sync_all(TpBatteryProvider *bp)
{
	GHashTableIter it;
	TpProvidedBattery *b;

	g_hash_table_iter_init(&it, bp->batteries);
	while (g_hash_table_iter_next(&it, NULL, (gpointer *)&b))
		tp_provided_battery_sync(b);
}

void tp_battery_provider_add(TpBatteryProvider *bp, const char *device,
			     TpMassager *m)
{
	TpProvidedBattery *b = g_new0(TpProvidedBattery, 1);

	b->bp = bp;
	b->m = m;
	b->device = g_strdup(device);
	g_hash_table_replace(bp->batteries, b->device, b);
	tp_massager_add_listener(m, tp_provided_battery_event, b);
	tp_provided_battery_sync(b);
}

void tp_battery_provider_remove(TpBatteryProvider *bp, const char *device)
{
	g_hash_table_remove(bp->batteries, device);
}

/* ---- registrations ------------------------------------------------------ */

static void tp_battery_registration_free(TpBatteryRegistration *r)
{
	tp_dbus_call_cancel(r->call);
	g_free(r->adapter);
	g_free(r->root);
	g_free(r);
}

static bool tp_error_is_unknown_method(const char *error)
{
	return strcmp(error, DBUS_ERROR_UNKNOWN_METHOD) == 0 ||
	       strcmp(error, DBUS_ERROR_UNKNOWN_INTERFACE) == 0 ||
	       strcmp(error, DBUS_ERROR_UNKNOWN_OBJECT) == 0;
}

static void tp_battery_registered(const char *error, const char *message,
				  GVariant *reply, void *user_data)
{
	TpBatteryRegistration *r = user_data;
	(void)reply;

	r->call = NULL;
	if (!error || strcmp(error, "org.bluez.Error.AlreadyExists") == 0) {
		g_info("%s: bluetoothd shows the battery levels devices "
		       "report to tpd",
		       r->adapter);
		r->registered = true;
		tp_battery_sync_all(r->bp);
	} else if (tp_error_is_unknown_method(error)) {
		g_info("%s: bluetoothd has no BatteryProviderManager1 (BlueZ "
		       "5.66 offers it only with bluetoothd --experimental); "
		       "battery levels stay in tpd",
		       r->adapter);
	} else {
		g_warning("%s: cannot register tpd's battery provider: %s "
			  "(%s)",
			  r->adapter, message, error);
	}
}

static void tp_battery_register(TpBatteryProvider *bp, const char *adapter)
{
	TpBatteryRegistration *r;

	if (g_hash_table_contains(bp->adapters, adapter))
		return;
	r = g_new0(TpBatteryRegistration, 1);
	r->bp = bp;
	r->adapter = g_strdup(adapter);
	r->root = g_strdup_printf(TP_BATTERY_ROOT "/%s", tp_path_name(adapter));
	/* bluetoothd reads the objects with GetManagedObjects on the root
	 * and follows InterfacesAdded/Removed there. */
	tp_bus_add_object_manager(bp->bus, r->root);
	r->call = tp_bluez_call_from(
	    tp_bus_get_connection(bp->bus), adapter,
	    BLUEZ_BATTERY_PROVIDER_MANAGER, "RegisterBatteryProvider",
	    g_variant_new("(o)", r->root), TP_BATTERY_REGISTER_MS,
	    tp_battery_registered, r, NULL);
	g_hash_table_insert(bp->adapters, r->adapter, r);
}

static void tp_battery_register_all(TpBatteryProvider *bp)
{
	g_autoptr(GPtrArray) adapters = tp_bluez_objects(bp->bz, TP_BZ_ADAPTER);

	for (guint i = 0; i < adapters->len; i++)
		tp_battery_register(bp,
				    ((TpBzObject *)adapters->pdata[i])->path);
}

/* The adapter (or bluetoothd) went, and the registration with it. */
static void tp_battery_forget(TpBatteryProvider *bp, const char *adapter)
{
	if (adapter)
		g_hash_table_remove(bp->adapters, adapter);
	else
		g_hash_table_remove_all(bp->adapters);
	tp_battery_sync_all(bp);
}

static void tp_battery_unregistered(const char *error, const char *message,
				    GVariant *reply, void *user_data)
{
	(void)reply;
	(void)user_data;
	if (error)
		g_debug("UnregisterBatteryProvider: %s (%s)", message, error);
}

/* bluetoothd would drop them with tpd's connection; saying so is
 * cleaner, and works when only the provider goes. Nobody waits for the
 * answers. */
static void tp_battery_unregister_all(TpBatteryProvider *bp)
{
	GHashTableIter it;
	TpBatteryRegistration *r;

	g_hash_table_iter_init(&it, bp->adapters);
	while (g_hash_table_iter_next(&it, NULL, (gpointer *)&r)) {
		if (!r->registered)
			continue;
		tp_bluez_call_from(
		    tp_bus_get_connection(bp->bus), r->adapter,
		    BLUEZ_BATTERY_PROVIDER_MANAGER, "UnregisterBatteryProvider",
		    g_variant_new("(o)", r->root), TP_BATTERY_REGISTER_MS,
		    tp_battery_unregistered, NULL, NULL);
	}
}

static void tp_battery_bluez_event(TpBluez *bz, const TpBzEvent *ev,
				   void *user_data)
{
	TpBatteryProvider *bp = user_data;
	TpProvidedBattery *b;
	(void)bz;

	if (ev->type == TP_BZ_VANISHED) {
		/* A new bluetoothd knows nothing of us. */
		tp_battery_forget(bp, NULL);
	} else if (ev->type == TP_BZ_READY) {
		tp_battery_register_all(bp);
	} else if (ev->object && ev->object->kind == TP_BZ_ADAPTER) {
		if (ev->type == TP_BZ_REMOVED)
			tp_battery_forget(bp, ev->object->path);
		else if (ev->type == TP_BZ_ADDED && tp_bluez_settled(bp->bz))
			tp_battery_register(bp, ev->object->path);
	} else if (ev->object && ev->object->kind == TP_BZ_DEVICE &&
		   (ev->changes & TP_BZ_CHANGED_BATTERY)) {
		b = g_hash_table_lookup(bp->batteries, ev->object->path);
		if (b)
			tp_provided_battery_sync(b);
	}
}

/* ---- life --------------------------------------------------------------- */

TpBatteryProvider *tp_battery_provider_new(TpBus *bus, TpBluez *bz)
{
	TpBatteryProvider *bp = g_new0(TpBatteryProvider, 1);

	bp->bus = bus;
	bp->bz = bz;
	bp->batteries =
	    g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
				  (GDestroyNotify)tp_provided_battery_free);
	bp->adapters =
	    g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
				  (GDestroyNotify)tp_battery_registration_free);
	tp_bluez_add_listener(bz, tp_battery_bluez_event, bp);
	if (tp_bluez_settled(bz))
		tp_battery_register_all(bp);
	return bp;
}

void tp_battery_provider_free(TpBatteryProvider *bp)
{
	if (!bp)
		return;
	tp_bluez_remove_listener(bp->bz, tp_battery_bluez_event, bp);
	/* The objects go first (InterfacesRemoved), then the
	 * registrations. */
	g_hash_table_unref(bp->batteries);
	tp_battery_unregister_all(bp);
	g_hash_table_unref(bp->adapters);
	dbus_connection_flush(tp_bus_get_connection(bp->bus));
	g_free(bp);
}
