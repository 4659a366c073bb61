/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The far end of a simulated Theragun-PRO-like gun. It parses the frames
 * it receives on its own, from PROTOCOLS.md §2, rather than with the
 * daemon's encoder, so that an encoder bug shows up as a rejected frame
 * instead of being mirrored. It keeps the motor's state and answers status
 * and version requests with real 0xBB frames.
 */

#define TP_SIM_GUN_HISTORY 256

typedef struct TpSimGun TpSimGun;

/* A notification the gun sends back over its radio. */
typedef void (*TpSimGunNotify)(const uint8_t *data, size_t len,
			       void *user_data);
/* After each frame received; the gun's state is already updated. */
typedef void (*TpSimGunObserver)(const uint8_t *data, size_t len, bool accepted,
				 void *user_data);

TpSimGun *tp_sim_gun_new(unsigned max_speed, unsigned firmware);
void tp_sim_gun_free(TpSimGun *gun);
/* The link's end: where notifications go. */
void tp_sim_gun_set_radio(TpSimGun *gun, TpSimGunNotify notify,
			  void *user_data);
/* Who watches the gun (the Simulator D-Bus interface). */
void tp_sim_gun_set_observer(TpSimGun *gun, TpSimGunObserver observer,
			     void *user_data);

/* Feed one written frame; returns whether it was accepted. */
bool tp_sim_gun_receive(TpSimGun *gun, const uint8_t *data, size_t len);

bool tp_sim_gun_running(const TpSimGun *gun);
unsigned tp_sim_gun_speed(const TpSimGun *gun);
unsigned tp_sim_gun_frames_received(const TpSimGun *gun);
unsigned tp_sim_gun_frames_rejected(const TpSimGun *gun);
unsigned tp_sim_gun_battery(const TpSimGun *gun);
/* The last TP_SIM_GUN_HISTORY frames, oldest first (GBytes). */
GPtrArray *tp_sim_gun_frames(const TpSimGun *gun);
