/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "link.h"
#include "sim-gun.h"

/*
 * The simulated link: hands written frames to a TpSimGun and its
 * notifications back, each on a later main-loop iteration, as a radio
 * would. The link owns the gun: a device and its radio go together.
 */
TpLink *tp_sim_link_new(TpSimGun *gun);
