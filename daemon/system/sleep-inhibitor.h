/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <dbus/dbus.h>

#include "therapy/manager.h"

/*
 * logind's delay locks, one for "sleep" and one for "shutdown": while tpd
 * holds them, the machine waits before it sleeps or powers off. On
 * PrepareForSleep(true) or PrepareForShutdown(true) every motor is stopped and
 * every session ends
 * ("suspend" or "shutdown"); the locks are let go once each stop was
 * acknowledged or its link is gone (or tpd's deadline passed; logind's
 * own InhibitDelayMaxSec bounds the wait in any case). On waking up the
 * locks are taken again; nothing starts by itself.
 *
 * Without logind on the bus (the session bus of the demo, a container)
 * tpd runs as before and says so once.
 */
typedef struct TpSleepInhibitor TpSleepInhibitor;

TpSleepInhibitor *tp_sleep_inhibitor_new(DBusConnection *conn,
					 TpManager *manager);
void tp_sleep_inhibitor_free(TpSleepInhibitor *si);
