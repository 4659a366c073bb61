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
 * Create the follower before starting the session, so that neither a
 * signal from tpd nor a Ctrl-C in between can be missed.
 */
typedef struct TpFollow TpFollow;

TpFollow *tp_follow_new(TpClient *c, GError **error);
char *tp_follow_run(TpFollow *f, const char *session_path, GVariant *props,
		    TpProgress *progress, GError **error);
void tp_follow_free(TpFollow *f);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TpFollow, tp_follow_free)
