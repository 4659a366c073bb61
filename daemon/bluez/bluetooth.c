/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "bluetooth.h"

#include <string.h>

#include "battery-provider.h"
#include "bluez-link.h"
#include "common/tp-error.h"
#include "remembered.h"

#define TP_DISCOVERY_TIMEOUT_MS 10000
#define TP_REMOVE_TIMEOUT_MS	10000

struct TpBluetooth {
	TpBluez *bz;
	TpManager *manager;
	TpBatteryProvider *batteries;
	TpRemembered *remembered; /* NULL: nothing is remembered */
	TpDevicePolicy policy;
	GHashTable *adopted; /* device path -> TpMassager* (the manager's) */
	GHashTable *ignored; /* device paths already found unsupported */
	GHashTable *trials;  /* device path -> TpModel* being tried, owned */
	void (*changed)(void *user_data);
	void *changed_data;
	bool discovering;
	bool powered;
	GPtrArray *ops;	    /* TpBluetoothOp* in flight */
	GPtrArray *forgets; /* TpForget* in flight */
};

static void tp_forget_massager_gone(TpBluetooth *bt, TpMassager *m);
static bool tp_bluetooth_forgetting(TpBluetooth *bt, TpMassager *m);
static void tp_bluetooth_massager_event(TpMassager *m,
					const TpMassagerEvent *ev,
					void *user_data);

/* ---- adoption ---------------------------------------------------------- */

static const TpModel *tp_bluetooth_find_model(TpBluetooth *bt,
					      const TpBzDevice *d)
{
	const TpCatalog *c = tp_manager_catalog(bt->manager);
	g_autofree const char **ids = tp_catalog_sorted_ids(c->models);
	const TpModel *found = NULL;
	const TpAdvert ad = {
		.name = d->name,
		.uuids = (const char *const *)d->uuids,
		.mfr = d->mfr ? (const TpMfrData *)d->mfr->data : NULL,
		.n_mfr = d->mfr ? d->mfr->len : 0,
	};

	for (guint i = 0; ids[i]; i++) {
		const TpModel *m = g_hash_table_lookup(c->models, ids[i]);
		if (!tp_model_matches_advert(m, &ad))
			continue;
		if (found) {
			g_warning("%s (%s) matches both model %s and %s; "
				  "using %s",
				  d->address, d->name, found->id, m->id,
				  found->id);
			break;
		}
		found = m;
	}
	return found;
}

static TpMassager *tp_bluetooth_massager_new(TpBluetooth *bt,
					     const TpBzDevice *d,
					     const TpModel *model)
{
	const TpDevicePolicy *conf = &bt->policy;
	const TpGattLayout layout = {
		.model_id = model->id,
		.service = model->gatt_service,
		.writes = (const char *const *)model->write_chars,
		.notify = model->notify_char,
	};
	TpLink *link = tp_bluez_link_new(bt->bz, d->base.path, &layout);
	TpMassager *m = tp_massager_new(d->address, d->name, model, link,
					conf->max_intensity);

	tp_massager_set_reconnect_delays(m, conf->reconnect_min_ms,
					 conf->reconnect_max_ms);
	tp_massager_add_listener(m, tp_bluetooth_massager_event, bt);
	g_hash_table_insert(bt->adopted, g_strdup(d->base.path), m);
	g_hash_table_remove(bt->ignored, d->base.path);
	tp_battery_provider_add(bt->batteries, d->base.path, m);
	return m;
}

static bool tp_bluetooth_remembers(TpBluetooth *bt, const TpBzDevice *d)
{
	return bt->remembered && d->address &&
	       tp_remembered_contains(bt->remembered, d->address);
}

/* With AutoAdopt (tpd.conf), paired devices are tpd's to keep connected,
 * and so are the unpaired ones it remembers. */
static bool tp_bluetooth_keeps(TpBluetooth *bt, const TpBzDevice *d)
{
	return bt->policy.auto_adopt &&
	       (d->paired || tp_bluetooth_remembers(bt, d));
}

static void tp_bluetooth_adopt(TpBluetooth *bt, const TpBzDevice *d,
			       const TpModel *model)
{
	TpMassager *m = tp_bluetooth_massager_new(bt, d, model);
	const bool keep = tp_bluetooth_keeps(bt, d);

	tp_massager_set_auto_reconnect(m, keep);
	g_info("%s: %s is a %s%s%s", d->address, d->name, model->name,
	       model->experimental ? " (experimental protocol)" : "",
	       keep && !d->paired ? "; remembered: connecting" : "");
	tp_manager_add_massager(bt->manager, m);
	/* One already connected (by someone else) is taken up too. */
	if (keep || (bt->policy.auto_adopt && d->connected))
		tp_massager_connect(m);
}

/* An adopted device's pairing or link changed in BlueZ. */
static void tp_bluetooth_follow(TpBluetooth *bt, TpMassager *m,
				const TpBzDevice *d, unsigned changes)
{
	const TpDevicePolicy *conf = &bt->policy;

	tp_massager_set_auto_reconnect(m, tp_bluetooth_keeps(bt, d));
	if (!conf->auto_adopt)
		return;
	if ((changes & TP_BZ_CHANGED_PAIRED) && d->paired) {
		/* Pairing is a person's deliberate act: take it up at once. */
		g_info("%s: paired; connecting", d->address);
		tp_massager_connect(m);
	} else if ((changes & TP_BZ_CHANGED_CONNECTED) && d->connected) {
		tp_massager_take_up(m);
	}
}

/* The massager already adopted for @address (through another adapter,
 * each of which lists the devices it sees), or NULL. */
static TpMassager *tp_bluetooth_adopted_at(TpBluetooth *bt, const char *address)
{
	GHashTableIter it;
	gpointer m;

	g_hash_table_iter_init(&it, bt->adopted);
	while (g_hash_table_iter_next(&it, NULL, &m))
		if (g_ascii_strcasecmp(tp_massager_address(m), address) == 0)
			return m;
	return NULL;
}

static void tp_bluetooth_consider(TpBluetooth *bt, const TpBzDevice *d,
				  unsigned changes)
{
	TpMassager *m = g_hash_table_lookup(bt->adopted, d->base.path);
	const TpModel *model;

	if (m) {
		/* A model on trial is connected only when the person asks. */
		if (!g_hash_table_contains(bt->trials, d->base.path))
			tp_bluetooth_follow(bt, m, d, changes);
		return;
	}
	/* Name and services may arrive one after the other. */
	if (!d->name || !d->uuids)
		return;
	/* One device is one massager, however many adapters see it: two
	 * would connect it twice and share one object path. */
	if (d->address && tp_bluetooth_adopted_at(bt, d->address))
		return;
	if (g_hash_table_contains(bt->ignored, d->base.path) &&
	    !(changes &
	      (TP_BZ_CHANGED_NAME | TP_BZ_CHANGED_UUIDS | TP_BZ_CHANGED_MFR)))
		return;
	model = tp_bluetooth_find_model(bt, d);
	if (!model) {
		if (g_hash_table_add(bt->ignored, g_strdup(d->base.path)) ||
		    changes)
			g_debug("%s (%s): no model matches its name and "
				"services; ignored",
				d->address, d->name);
		return;
	}
	g_hash_table_remove(bt->ignored, d->base.path);
	tp_bluetooth_adopt(bt, d, model);
}

/* The device another adapter sees at the same address, if any, takes
 * over from the one at @gone. */
static void tp_bluetooth_consider_others(TpBluetooth *bt, const char *gone,
					 const char *address)
{
	g_autoptr(GPtrArray) devices = tp_bluez_objects(bt->bz, TP_BZ_DEVICE);

	for (guint i = 0; i < devices->len; i++) {
		const TpBzDevice *d = g_ptr_array_index(devices, i);
		if (strcmp(d->base.path, gone) != 0 && d->address &&
		    g_ascii_strcasecmp(d->address, address) == 0) {
			g_hash_table_remove(bt->ignored, d->base.path);
			tp_bluetooth_consider(bt, d, TP_BZ_CHANGED_NAME);
			return;
		}
	}
}

static void tp_bluetooth_forget(TpBluetooth *bt, const char *path)
{
	TpMassager *m = g_hash_table_lookup(bt->adopted, path);
	g_autofree char *address = NULL;

	g_hash_table_remove(bt->ignored, path);
	if (!m)
		return;
	address = g_strdup(tp_massager_address(m));
	g_info("%s: BlueZ no longer has it", tp_massager_address(m));
	tp_massager_remove_listener(m, tp_bluetooth_massager_event, bt);
	tp_battery_provider_remove(bt->batteries, path);
	g_hash_table_remove(bt->adopted, path);
	tp_forget_massager_gone(bt, m);
	tp_manager_remove_massager(bt->manager, m);
	/* Only after the massager that used it is gone. */
	g_hash_table_remove(bt->trials, path);
	tp_bluetooth_consider_others(bt, path, address);
}

/* ---- remembering -------------------------------------------------------- */

/* The BlueZ device path of @m, one of ours, or NULL. */
static const char *tp_bluetooth_path_of(TpBluetooth *bt, TpMassager *m)
{
	GHashTableIter it;
	gpointer path, value;

	g_hash_table_iter_init(&it, bt->adopted);
	while (g_hash_table_iter_next(&it, &path, &value))
		if (value == m)
			return path;
	return NULL;
}

/* A device tpd connected (Device.Connect, or taken up) is remembered
 * once its opening stop is acknowledged, unless pairing already keeps
 * it, it runs a model on trial, or it is being forgotten. */
static void tp_bluetooth_massager_event(TpMassager *m,
					const TpMassagerEvent *ev,
					void *user_data)
{
	TpBluetooth *bt = user_data;
	const char *path;
	const TpBzObject *o;

	if (!bt->remembered || ev->type != TP_MASSAGER_EVENT_CHANGED ||
	    !(ev->changes & TP_MASSAGER_CHANGED_STATE) ||
	    !tp_massager_connected(m) || tp_bluetooth_forgetting(bt, m))
		return;
	path = tp_bluetooth_path_of(bt, m);
	o = path ? tp_bluez_lookup(bt->bz, path) : NULL;
	if (!o || o->kind != TP_BZ_DEVICE || ((const TpBzDevice *)o)->paired ||
	    g_hash_table_contains(bt->trials, path))
		return;
	tp_remembered_add(bt->remembered, tp_massager_address(m));
	tp_massager_set_auto_reconnect(
	    m, tp_bluetooth_keeps(bt, (const TpBzDevice *)o));
}

void tp_bluetooth_remember_in(TpBluetooth *bt, const char *state_dir)
{
	g_autofree char *path =
	    g_build_filename(state_dir, TP_REMEMBERED_FILE, NULL);

	tp_remembered_free(bt->remembered);
	bt->remembered = tp_remembered_load(path);
}

/* ---- trying a model ---------------------------------------------------- */

static const TpBzDevice *tp_bluetooth_device_at(TpBluetooth *bt,
						const char *address)
{
	g_autoptr(GPtrArray) devices = tp_bluez_objects(bt->bz, TP_BZ_DEVICE);

	for (guint i = 0; i < devices->len; i++) {
		const TpBzDevice *d = g_ptr_array_index(devices, i);
		if (d->address && g_ascii_strcasecmp(d->address, address) == 0)
			return d;
	}
	return NULL;
}

/* The massager at @path is no longer tpd's: the manager frees it. */
static void tp_bluetooth_drop(TpBluetooth *bt, const char *path)
{
	TpMassager *m = g_hash_table_lookup(bt->adopted, path);

	tp_battery_provider_remove(bt->batteries, path);
	g_hash_table_remove(bt->adopted, path);
	if (m) {
		tp_massager_remove_listener(m, tp_bluetooth_massager_event, bt);
		tp_manager_remove_massager(bt->manager, m);
	}
}

/* A device on trial may be tried again once its link is down. */
static bool tp_bluetooth_end_trial(TpBluetooth *bt, const char *path,
				   GError **error)
{
	TpMassager *m = g_hash_table_lookup(bt->adopted, path);

	if (tp_massager_state(m) != TP_MASSAGER_DISCONNECTED) {
		g_set_error(error, TP_ERROR, TP_ERROR_BUSY,
			    "%s is still connected with the model on trial; "
			    "disconnect it first",
			    tp_massager_address(m));
		return false;
	}
	tp_bluetooth_drop(bt, path);
	g_hash_table_remove(bt->trials, path);
	return true;
}

TpMassager *tp_bluetooth_try_model(TpBluetooth *bt, const char *address,
				   TpModel *model, GError **error)
{
	g_autoptr(TpModel) owned = model;
	const TpBzDevice *d = tp_bluetooth_device_at(bt, address);
	TpMassager *m;

	if (!d) {
		g_set_error(error, TP_ERROR, TP_ERROR_NOT_FOUND,
			    "BlueZ knows no device %s: pair it, or let tpctl "
			    "scan find it, first",
			    address);
		return NULL;
	}
	m = g_hash_table_lookup(bt->adopted, d->base.path);
	if (m && !g_hash_table_contains(bt->trials, d->base.path)) {
		g_set_error(error, TP_ERROR, TP_ERROR_BUSY,
			    "%s is already driven as a %s: a model that "
			    "matches it needs no trial",
			    d->address, tp_massager_model(m)->name);
		return NULL;
	}
	if (m && !tp_bluetooth_end_trial(bt, d->base.path, error))
		return NULL;
	g_info("%s: trying model \"%s\" on it", d->address, model->name);
	m = tp_bluetooth_massager_new(bt, d, model);
	g_hash_table_insert(bt->trials, g_strdup(d->base.path),
			    g_steal_pointer(&owned));
	tp_manager_add_massager(bt->manager, m);
	return m;
}

/* ---- adapters ---------------------------------------------------------- */

static void tp_bluetooth_update_adapters(TpBluetooth *bt)
{
	g_autoptr(GPtrArray) adapters = tp_bluez_objects(bt->bz, TP_BZ_ADAPTER);
	bool discovering = false, powered = false;

	for (guint i = 0; i < adapters->len; i++) {
		const TpBzAdapter *a = g_ptr_array_index(adapters, i);
		discovering |= a->discovering;
		powered |= a->powered;
	}
	if (discovering == bt->discovering && powered == bt->powered)
		return;
	bt->discovering = discovering;
	bt->powered = powered;
	if (bt->changed)
		bt->changed(bt->changed_data);
}

static void tp_bluetooth_event(TpBluez *bz, const TpBzEvent *ev, void *data)
{
	TpBluetooth *bt = data;
	(void)bz;

	if (!ev->object) {
		tp_bluetooth_update_adapters(bt);
		return;
	}
	if (ev->object->kind == TP_BZ_ADAPTER) {
		tp_bluetooth_update_adapters(bt);
	} else if (ev->object->kind == TP_BZ_DEVICE) {
		if (ev->type == TP_BZ_REMOVED)
			tp_bluetooth_forget(bt, ev->object->path);
		else
			tp_bluetooth_consider(
			    bt, (const TpBzDevice *)ev->object, ev->changes);
	}
}

/* ---- discovery --------------------------------------------------------- */

struct TpBluetoothOp {
	TpBluetooth *bt;
	unsigned pending;
	char *error;
	TpBluetoothDone done;
	void *user_data;
	GPtrArray *calls; /* TpDiscoveryCall*, in flight */
};

typedef struct {
	TpBluetoothOp *op;
	TpDbusCall *call;
} TpDiscoveryCall;

static void tp_discovery_op_free(TpBluetoothOp *op)
{
	for (guint i = 0; i < op->calls->len; i++) {
		TpDiscoveryCall *c = g_ptr_array_index(op->calls, i);
		tp_dbus_call_cancel(c->call);
	}
	g_ptr_array_unref(op->calls);
	g_free(op->error);
	g_free(op);
}

static void tp_discovery_op_finish(TpBluetoothOp *op)
{
	g_ptr_array_remove(op->bt->ops, op);
	op->done(op->error, op->user_data);
	tp_discovery_op_free(op);
}

void tp_bluetooth_op_cancel(TpBluetoothOp *op)
{
	if (!op)
		return;
	g_ptr_array_remove(op->bt->ops, op);
	tp_discovery_op_free(op);
}

static void tp_discovery_reply(const char *error, const char *message,
			       GVariant *reply, void *data)
{
	TpDiscoveryCall *c = data;
	TpBluetoothOp *op = c->op;

	/* Already discovering, or not: both leave the state asked for. */
	if (error && !op->error &&
	    strcmp(error, "org.bluez.Error.InProgress") != 0 &&
	    strcmp(error, "org.bluez.Error.NotReady") != 0)
		op->error = g_strdup_printf("%s (%s)", message, error);
	/* Replies may come in any order: drop exactly this one. */
	g_ptr_array_remove_fast(op->calls, c);
	if (--op->pending == 0)
		tp_discovery_op_finish(op);
}

static GVariant *tp_discovery_filter(TpBluetooth *bt)
{
	g_auto(GStrv) uuids =
	    tp_catalog_service_uuids(tp_manager_catalog(bt->manager));
	GVariantDict filter;

	g_variant_dict_init(&filter, NULL);
	g_variant_dict_insert(&filter, "Transport", "s", "le");
	g_variant_dict_insert_value(
	    &filter, "UUIDs",
	    g_variant_new_strv((const char *const *)uuids, -1));
	return g_variant_new("(@a{sv})", g_variant_dict_end(&filter));
}

static void tp_discovery_call(TpBluetoothOp *op, const char *adapter,
			      const char *method, GVariant *args)
{
	TpDiscoveryCall *c = g_new0(TpDiscoveryCall, 1);

	c->op = op;
	op->pending++;
	g_ptr_array_add(op->calls, c);
	c->call =
	    tp_bluez_call(op->bt->bz, adapter, BLUEZ_ADAPTER, method, args,
			  TP_DISCOVERY_TIMEOUT_MS, tp_discovery_reply, c);
}

TpBluetoothOp *tp_bluetooth_set_discovery(TpBluetooth *bt, bool on,
					  TpBluetoothDone done, void *user_data)
{
	g_autoptr(GPtrArray) adapters = tp_bluez_objects(bt->bz, TP_BZ_ADAPTER);
	TpBluetoothOp *op = g_new0(TpBluetoothOp, 1);

	*op = (TpBluetoothOp){
		bt,   0,	 NULL,
		done, user_data, g_ptr_array_new_with_free_func(g_free)
	};
	g_ptr_array_add(bt->ops, op);
	for (guint i = 0; i < adapters->len; i++) {
		const TpBzAdapter *a = g_ptr_array_index(adapters, i);
		if (!a->powered)
			continue;
		if (on) {
			tp_discovery_call(op, a->base.path,
					  "SetDiscoveryFilter",
					  tp_discovery_filter(bt));
			tp_discovery_call(op, a->base.path, "StartDiscovery",
					  NULL);
		} else {
			tp_discovery_call(op, a->base.path, "StopDiscovery",
					  NULL);
		}
	}
	if (op->pending == 0) {
		if (on)
			op->error =
			    g_strdup(tp_bluez_present(bt->bz)
					 ? "no Bluetooth adapter is powered"
					 : "BlueZ (bluetoothd) is not running");
		tp_discovery_op_finish(op);
		return NULL;
	}
	return op;
}

/* ---- forgetting a device ------------------------------------------------ */

typedef struct {
	TpBluetooth *bt;
	TpMassager *m; /* NULL once it is gone */
	char *path;
	char *adapter;
	TpDbusCall *call;
	TpBluetoothDone done;
	void *user_data;
} TpForget;

static void tp_forget_massager_event(TpMassager *m, const TpMassagerEvent *ev,
				     void *user_data);

static void tp_forget_finish(TpForget *f, const char *error)
{
	g_ptr_array_remove(f->bt->forgets, f);
	if (f->m)
		tp_massager_remove_listener(f->m, tp_forget_massager_event, f);
	tp_dbus_call_cancel(f->call);
	f->done(error, f->user_data);
	g_free(f->path);
	g_free(f->adapter);
	g_free(f);
}

static void tp_forget_removed(const char *error, const char *message,
			      GVariant *reply, void *data)
{
	TpForget *f = data;
	g_autofree char *why = NULL;
	(void)reply;

	f->call = NULL;
	/* Gone already is what was asked for. */
	if (error && strcmp(error, "org.bluez.Error.DoesNotExist") != 0)
		why = g_strdup_printf("BlueZ did not remove it: %s (%s)",
				      message, error);
	tp_forget_finish(f, why);
}

static void tp_forget_remove(TpForget *f)
{
	if (f->call)
		return;
	g_info("%s: removing it from BlueZ", f->path);
	f->call = tp_bluez_call(f->bt->bz, f->adapter, BLUEZ_ADAPTER,
				"RemoveDevice", g_variant_new("(o)", f->path),
				TP_REMOVE_TIMEOUT_MS, tp_forget_removed, f);
}

/* The stop went out and the link with it: now BlueZ may forget it. */
static void tp_forget_massager_event(TpMassager *m, const TpMassagerEvent *ev,
				     void *user_data)
{
	TpForget *f = user_data;
	(void)ev;

	if (tp_massager_link_up(m))
		return;
	tp_massager_remove_listener(m, tp_forget_massager_event, f);
	if (tp_massager_stop_owed(m))
		g_warning("%s: forgotten without a confirmed stop; its motor "
			  "may still be running",
			  tp_massager_address(m));
	tp_forget_remove(f);
}

static bool tp_bluetooth_forgetting(TpBluetooth *bt, TpMassager *m)
{
	for (guint i = 0; i < bt->forgets->len; i++)
		if (((TpForget *)g_ptr_array_index(bt->forgets, i))->m == m)
			return true;
	return false;
}

/* BlueZ removed it (or left) before the request ended. */
static void tp_forget_massager_gone(TpBluetooth *bt, TpMassager *m)
{
	for (guint i = bt->forgets->len; i > 0; i--) {
		TpForget *f = g_ptr_array_index(bt->forgets, i - 1);
		if (f->m != m)
			continue;
		tp_massager_remove_listener(m, tp_forget_massager_event, f);
		f->m = NULL;
		if (!f->call)
			tp_forget_finish(f, NULL);
	}
}

bool tp_bluetooth_forget_device(TpBluetooth *bt, TpMassager *m,
				TpBluetoothDone done, void *user_data)
{
	GHashTableIter it;
	const char *path = NULL;
	gpointer value;
	const TpBzObject *o;
	TpForget *f;

	g_hash_table_iter_init(&it, bt->adopted);
	while (!path && g_hash_table_iter_next(&it, (gpointer *)&path, &value))
		if (value != m)
			path = NULL;
	o = path ? tp_bluez_lookup(bt->bz, path) : NULL;
	if (!o || o->kind != TP_BZ_DEVICE)
		return false;
	/* Forgotten by tpd too: never connected again by itself. */
	if (bt->remembered)
		tp_remembered_remove(bt->remembered,
				     ((const TpBzDevice *)o)->address);
	tp_massager_set_auto_reconnect(m, false);
	f = g_new0(TpForget, 1);
	*f = (TpForget){ bt,
			 m,
			 g_strdup(path),
			 g_strdup(((const TpBzDevice *)o)->adapter),
			 NULL,
			 done,
			 user_data };
	g_ptr_array_add(bt->forgets, f);
	tp_massager_add_listener(m, tp_forget_massager_event, f);
	/* The stop first, then the link; the event above follows, or
	 * followed already. */
	tp_massager_disconnect(m);
	if (!f->call && !tp_massager_link_up(m))
		tp_forget_massager_event(m, NULL, f);
	return true;
}

/* ---- life -------------------------------------------------------------- */

void tp_bluetooth_set_changed_callback(TpBluetooth *bt,
				       void (*changed)(void *user_data),
				       void *user_data)
{
	bt->changed = changed;
	bt->changed_data = user_data;
}

bool tp_bluetooth_discovering(TpBluetooth *bt)
{
	return bt->discovering;
}

bool tp_bluetooth_powered(TpBluetooth *bt)
{
	return bt->powered;
}

TpBluetooth *tp_bluetooth_new(TpBluez *bz, TpBus *bus, TpManager *manager,
			      const TpDevicePolicy *policy)
{
	TpBluetooth *bt = g_new0(TpBluetooth, 1);

	bt->bz = bz;
	bt->manager = manager;
	bt->batteries = tp_battery_provider_new(bus, bz);
	bt->policy = *policy;
	bt->adopted =
	    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	bt->ignored =
	    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	bt->trials = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
					   (GDestroyNotify)tp_model_free);
	bt->ops = g_ptr_array_new();
	bt->forgets = g_ptr_array_new();
	tp_bluez_add_listener(bz, tp_bluetooth_event, bt);
	return bt;
}

void tp_bluetooth_free(TpBluetooth *bt)
{
	if (!bt)
		return;
	tp_bluez_remove_listener(bt->bz, tp_bluetooth_event, bt);
	/* Whoever waits for a discovery request gets an answer. */
	while (bt->ops->len > 0) {
		TpBluetoothOp *op = g_ptr_array_index(bt->ops, 0);
		g_free(op->error);
		op->error = g_strdup("tpd is stopping");
		tp_discovery_op_finish(op);
	}
	g_ptr_array_unref(bt->ops);
	while (bt->forgets->len > 0)
		tp_forget_finish(g_ptr_array_index(bt->forgets, 0),
				 "tpd is stopping");
	g_ptr_array_unref(bt->forgets);
	/* The massagers are the manager's; it frees them, but those on
	 * trial go now, before the models they use. */
	GHashTableIter it;
	gpointer path;
	g_hash_table_iter_init(&it, bt->trials);
	while (g_hash_table_iter_next(&it, &path, NULL))
		tp_bluetooth_drop(bt, path);
	g_hash_table_unref(bt->trials);
	/* Before the manager frees the massagers they follow. */
	tp_battery_provider_free(bt->batteries);
	GHashTableIter adopted;
	gpointer m;
	g_hash_table_iter_init(&adopted, bt->adopted);
	while (g_hash_table_iter_next(&adopted, NULL, &m))
		tp_massager_remove_listener(m, tp_bluetooth_massager_event, bt);
	tp_remembered_free(bt->remembered);
	g_hash_table_unref(bt->adopted);
	g_hash_table_unref(bt->ignored);
	g_free(bt);
}
