/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>

#include "common/datafile.h"
#include "device/massager.h"

#define TP_CONFIG_MAX_SIM_DEVICES 64

/* /etc/tpd/tpd.conf; see tpd.conf(5). */
typedef struct {
	int log_level;		/* index into tp_config_log_levels */
	unsigned max_intensity; /* the user cap, percent */
	/* The simulated devices under --simulate: each an index into
	 * tp_tool_kinds (gun, roller, wand), in order. */
	unsigned sim_devices;
	unsigned char sim_kinds[TP_CONFIG_MAX_SIM_DEVICES];
	double reconnect_min; /* seconds before the first reconnect */
	double reconnect_max; /* the longest wait between attempts */
	bool auto_adopt;      /* connect paired devices without being asked */
} TpConfig;

extern const char *const tp_config_log_levels[]; /* "info", "debug" */

void tp_config_init(TpConfig *config);
/* What @config says about every device. */
TpDevicePolicy tp_config_device_policy(const TpConfig *config);
/* Load @path over the defaults in @config. A missing file is fine unless
 * @required; anything malformed is a problem and false is returned. */
bool tp_config_load(TpConfig *config, const char *path, bool required,
		    TpProblems *problems);
