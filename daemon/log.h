/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>

/*
 * Route GLib logging through GLib's own writers: journal fields when stderr
 * is the journal (under systemd), else GLib's lines on stderr. Debug
 * messages only when @verbose (or g_log_set_debug_enabled() later, or
 * G_MESSAGES_DEBUG).
 */
void tp_log_setup(bool verbose);
