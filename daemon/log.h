/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>

/*
 * Route GLib logging: to the journal when stderr is connected to it (under
 * systemd), else as "tpd: level: message" lines on stderr. Debug messages
 * only when verbose.
 */
void tp_log_setup(bool verbose);
void tp_log_set_verbose(bool verbose);
/* Whether debug messages are shown: skip building what only they print. */
bool tp_log_debugging(void);
