/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "bus/dbus-object.h"
#include "sim-peer.h"

/* io.tpd.Tpd1.Simulator on a simulated device's object. */
extern const TpInterface tp_simulator_interface;

typedef struct TpSimExport TpSimExport;
TpSimExport *tp_sim_dbus_export(TpBus *bus, const char *path, TpSimPeer *peer);
void tp_sim_dbus_free(TpSimExport *e);
