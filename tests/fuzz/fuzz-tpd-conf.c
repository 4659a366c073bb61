/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * /etc/tpd/tpd.conf through tp_config_load(), which takes a path: the
 * input is served from a memfd (fuzz-common.c). A configuration is all or
 * nothing, and what loads is within the documented limits (tpd.conf(5)).
 */
#include <string.h>

#include "fuzz-common.h"
#include "tpd-conf.h"

static void tp_fuzz_check_limits(const TpConfig *c)
{
	TP_FUZZ_CHECK(c->log_level >= 0 && c->log_level <= 1);
	TP_FUZZ_CHECK(c->max_intensity >= 1 && c->max_intensity <= 100);
	TP_FUZZ_CHECK(c->sim_devices >= 1 && c->sim_devices <= 64);
	TP_FUZZ_CHECK(c->reconnect_min >= 0.05 && c->reconnect_min <= 60);
	TP_FUZZ_CHECK(c->reconnect_max >= c->reconnect_min &&
		      c->reconnect_max <= 3600);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(GPtrArray) problems = tp_problems_new();
	TpConfig defaults, config;

	/* Both zeroed padding and all, so that memcmp() compares them. */
	tp_config_init(&defaults);
	tp_config_init(&config);
	if (!tp_config_load(&config, tp_fuzz_file(data, size), true,
			    problems)) {
		/* Refused: said why, and left the defaults alone. */
		TP_FUZZ_CHECK(problems->len > 0);
		TP_FUZZ_CHECK(memcmp(&config, &defaults, sizeof(config)) == 0);
		return 0;
	}
	tp_fuzz_check_limits(&config);
	return 0;
}
