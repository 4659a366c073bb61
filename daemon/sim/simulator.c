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

typedef struct {
	TpSimGun *gun; /* owned by its link */
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

static void tp_simulator_add(TpSimulator *sim, const TpModel *model,
			     unsigned index)
{
	TpSimDevice *d = g_new0(TpSimDevice, 1);
	/* 02: locally administered; 54 50 44: "TPD". */
	g_autofree char *address =
	    g_strdup_printf("02:54:50:44:00:%02X", index + 1);
	g_autofree char *path = tp_device_object_path(address);

	d->gun = tp_sim_gun_new(TP_SIM_GUN_MAX_RPM, TP_SIM_GUN_FIRMWARE);
	d->massager = tp_massager_new(
	    address, "Pro", model, tp_sim_link_new(d->gun), sim->max_intensity);
	tp_massager_add_listener(d->massager, tp_simulator_massager_event, sim);
	tp_manager_add_massager(sim->manager, d->massager);
	d->export = tp_sim_dbus_export(sim->bus, path, d->gun);
	g_ptr_array_add(sim->devices, d);
	tp_massager_connect(d->massager);
}

TpSimulator *tp_simulator_new(TpManager *manager, TpBus *bus,
			      const TpDevicePolicy *policy, unsigned count,
			      GError **error)
{
	const TpCatalog *catalog = tp_manager_catalog(manager);
	const TpModel *model =
	    g_hash_table_lookup(catalog->models, TP_SIMULATOR_MODEL);
	TpSimulator *sim;

	if (!model) {
		g_set_error(error, TP_ERROR, TP_ERROR_NOT_FOUND,
			    "the simulated gun needs the device model '%s' "
			    "(%s.model in the data directory)",
			    TP_SIMULATOR_MODEL, TP_SIMULATOR_MODEL);
		return NULL;
	}
	sim = g_new0(TpSimulator, 1);
	sim->manager = manager;
	sim->bus = bus;
	sim->max_intensity = policy->max_intensity;
	sim->devices =
	    g_ptr_array_new_with_free_func((GDestroyNotify)tp_sim_device_free);
	for (unsigned i = 0; i < MIN(count, TP_SIMULATOR_MAX_DEVICES); i++)
		tp_simulator_add(sim, model, i);
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
