/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "simulator.h"

#include "common/device-path.h"
#include "common/tp-error.h"
#include "sim-dbus.h"
#include "sim-link.h"

/* PROTOCOLS.md §2.2: the PRO accepts 0–3616 RPM; firmware 2.1.6 is the
 * PRO's documented minimum. */
#define TP_SIM_GUN_MAX_RPM  3616
#define TP_SIM_GUN_FIRMWARE 216

/* What each kind of simulated device is: its model, its advertised name
 * and the far end that decodes its frames. */
typedef struct {
	const char *kind;
	const char *model;
	const char *name;
	TpSimPeer *(*peer)(void);
} TpSimKind;

static TpSimPeer *tp_sim_gun(void)
{
	return tp_sim_peer_new_theragun(TP_SIM_GUN_MAX_RPM,
					TP_SIM_GUN_FIRMWARE);
}

/* PROTOCOLS.md §4.1: levels 0-20. */
static TpSimPeer *tp_sim_lovense(void)
{
	return tp_sim_peer_new_lovense(20);
}

static const TpSimKind tp_sim_kinds[] = {
	{ "gun", "theragun-pro", "Pro", tp_sim_gun },
	{ "roller", "sim-roller", "Simulated roller", tp_sim_lovense },
	{ "wand", "lovense", "LVS-Simulated", tp_sim_lovense },
};

typedef struct {
	TpSimPeer *peer; /* owned by its link */
	TpSimExport *export;
	TpMassager *massager; /* owned by the manager */
} TpSimDevice;

struct TpSimulator {
	TpManager *manager;
	TpBus *bus;
	unsigned max_intensity; /* the user cap */
	GPtrArray *devices;	/* TpSimDevice* */
	void (*ready)(void *user_data);
	void *ready_data;
};

static void tp_sim_device_free(TpSimDevice *d)
{
	tp_sim_dbus_free(d->export);
	g_free(d);
}

static bool tp_simulator_all_connected(TpSimulator *sim)
{
	for (guint i = 0; i < sim->devices->len; i++) {
		TpSimDevice *d = g_ptr_array_index(sim->devices, i);
		if (!tp_massager_connected(d->massager))
			return false;
	}
	return true;
}

static void tp_simulator_check_ready(TpSimulator *sim)
{
	void (*ready)(void *) = sim->ready;

	if (!ready || !tp_simulator_all_connected(sim))
		return;
	sim->ready = NULL;
	ready(sim->ready_data);
}

static void tp_simulator_massager_event(TpMassager *m,
					const TpMassagerEvent *ev,
					void *user_data)
{
	(void)m;
	if (ev->type == TP_MASSAGER_EVENT_CHANGED &&
	    (ev->changes & TP_MASSAGER_CHANGED_STATE))
		tp_simulator_check_ready(user_data);
}

static const TpSimKind *tp_sim_kind(const char *kind)
{
	for (size_t i = 0; i < G_N_ELEMENTS(tp_sim_kinds); i++)
		if (g_str_equal(tp_sim_kinds[i].kind, kind))
			return &tp_sim_kinds[i];
	g_return_val_if_reached(NULL);
}

static void tp_simulator_add(TpSimulator *sim, const TpSimKind *kind,
			     const TpModel *model, unsigned index)
{
	TpSimDevice *d = g_new0(TpSimDevice, 1);
	/* 02: locally administered; 54 50 44: "TPD". */
	g_autofree char *address =
	    g_strdup_printf("02:54:50:44:00:%02X", index + 1);
	g_autofree char *path = tp_device_object_path(address);

	d->peer = kind->peer();
	tp_sim_peer_set_kind(d->peer, kind->kind);
	d->massager =
	    tp_massager_new(address, kind->name, model,
			    tp_sim_link_new(d->peer), sim->max_intensity);
	tp_massager_add_listener(d->massager, tp_simulator_massager_event, sim);
	tp_manager_add_massager(sim->manager, d->massager);
	d->export = tp_sim_dbus_export(sim->bus, path, d->peer);
	g_ptr_array_add(sim->devices, d);
	tp_massager_connect(d->massager);
}

/* The model of every kind asked for, or an error naming the one missing. */
static bool tp_simulator_models(const TpCatalog *catalog,
				const unsigned char *kinds, unsigned count,
				GError **error)
{
	for (unsigned i = 0; i < count; i++) {
		const TpSimKind *kind = tp_sim_kind(tp_tool_kinds[kinds[i]]);
		if (g_hash_table_lookup(catalog->models, kind->model))
			continue;
		g_set_error(error, TP_ERROR, TP_ERROR_NOT_FOUND,
			    "the simulated %s needs the device model '%s' "
			    "(%s.model in the data directory)",
			    kind->kind, kind->model, kind->model);
		return false;
	}
	return true;
}

TpSimulator *tp_simulator_new(TpManager *manager, TpBus *bus,
			      const TpDevicePolicy *policy,
			      const unsigned char *kinds, unsigned count,
			      GError **error)
{
	const TpCatalog *catalog = tp_manager_catalog(manager);
	TpSimulator *sim;

	count = MIN(count, TP_SIMULATOR_MAX_DEVICES);
	if (!tp_simulator_models(catalog, kinds, count, error))
		return NULL;
	sim = g_new0(TpSimulator, 1);
	sim->manager = manager;
	sim->bus = bus;
	sim->max_intensity = policy->max_intensity;
	sim->devices =
	    g_ptr_array_new_with_free_func((GDestroyNotify)tp_sim_device_free);
	for (unsigned i = 0; i < count; i++) {
		const TpSimKind *kind = tp_sim_kind(tp_tool_kinds[kinds[i]]);
		tp_simulator_add(
		    sim, kind,
		    g_hash_table_lookup(catalog->models, kind->model), i);
	}
	return sim;
}

void tp_simulator_when_ready(TpSimulator *sim, void (*ready)(void *user_data),
			     void *user_data)
{
	sim->ready = ready;
	sim->ready_data = user_data;
	tp_simulator_check_ready(sim);
}

void tp_simulator_free(TpSimulator *sim)
{
	if (!sim)
		return;
	for (guint i = 0; i < sim->devices->len; i++) {
		TpSimDevice *d = g_ptr_array_index(sim->devices, i);
		tp_massager_remove_listener(d->massager,
					    tp_simulator_massager_event, sim);
	}
	g_ptr_array_unref(sim->devices);
	g_free(sim);
}
