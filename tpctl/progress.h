/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdio.h>

/*
 * Live progress of a session: each step's name and cue when it begins,
 * then a status line with an intensity bar and elapsed/remaining time,
 * redrawn in place on a terminal and printed every few seconds otherwise.
 */
typedef struct TpProgress TpProgress;

TpProgress *tp_progress_new(FILE *out, bool tty);
/* @props: the session's properties (a{sv}) as they are now. */
void tp_progress_update(TpProgress *p, GVariant *props);
/* End the status line so that later output starts on its own line. */
void tp_progress_end(TpProgress *p);
void tp_progress_free(TpProgress *p);
