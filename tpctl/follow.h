/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "client.h"
#include "progress.h"

/*
 * Follow a session until it ends, drawing its progress from
 * PropertiesChanged and returning the reason of its Finished signal (or
 * NULL, with @error set, if tpd went away). Ctrl-C (SIGINT) and SIGTERM
 * stop the session and keep following until it has finished; a second one
 * gives up at once.
 *
 * Call tp_follow_prepare() before starting the session, so that no signal
 * can be missed, and tp_follow_run() with the session's path after.
 */
bool tp_follow_prepare(TpClient *c, GError **error);
char *tp_follow_run(TpClient *c, const char *session_path, GVariant *props,
		    TpProgress *progress, GError **error);
