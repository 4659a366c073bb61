/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

/*
 * systemd's watchdog (WatchdogSec= in tpd.service): when the service
 * manager asks for pings, send WATCHDOG=1 from the main loop at half the
 * interval, so that a loop that hangs, and with it every stop a motor may
 * need, gets tpd restarted. Returns the timer's source id, or 0 when no
 * watchdog is asked for.
 */
guint tp_watchdog_start(void);
