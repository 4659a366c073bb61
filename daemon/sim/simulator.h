/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "bus/dbus-object.h"
#include "therapy/manager.h"

/*
 * The built-in simulated devices of tpd --simulate: guns (Theragun PRO's
 * model and protocol), wands (Lovense's) and rollers (data/simulator/
 * sim-roller.model, Lovense's protocol), each behind a simulated link
 * whose far end decodes the frames as the real device would, published
 * like real devices plus the io.tpd.Tpd1.Simulator interface, and
 * connected at once.
 */
#define TP_SIMULATOR_MAX_DEVICES 64

typedef struct TpSimulator TpSimulator;

/* @count devices under @manager, with Simulator objects on @bus; @kinds
 * are indexes into tp_tool_kinds. */
TpSimulator *tp_simulator_new(TpManager *manager, TpBus *bus,
			      const TpDevicePolicy *policy,
			      const unsigned char *kinds, unsigned count,
			      GError **error);
/* Before the manager: the devices' massagers must still exist. */
void tp_simulator_free(TpSimulator *sim);

/* Call @ready once every simulated device is connected (or at once). */
void tp_simulator_when_ready(TpSimulator *sim, void (*ready)(void *user_data),
			     void *user_data);
