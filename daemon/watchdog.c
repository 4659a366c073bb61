/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "watchdog.h"

#include <inttypes.h>
#include <systemd/sd-daemon.h>

static gboolean tp_watchdog_ping(gpointer user_data)
{
	(void)user_data;
	sd_notify(0, "WATCHDOG=1");
	return G_SOURCE_CONTINUE;
}

guint tp_watchdog_start(void)
{
	uint64_t usec = 0;
	guint interval_ms;

	/* WATCHDOG_USEC, and WATCHDOG_PID if set, must name this process. */
	if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0)
		return 0;
	interval_ms = (guint)MAX(usec / 2000, 1);
	g_info("watchdog: pinging every %u ms", interval_ms);
	tp_watchdog_ping(NULL);
	return g_timeout_add(interval_ms, tp_watchdog_ping, NULL);
}
