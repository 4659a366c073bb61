/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>

/*
 * The devices tpd keeps coming back to although they are not paired (most
 * BLE massagers never are): each one tpd has connected, kept in the file
 * TP_REMEMBERED_FILE of tpd's state directory, one Bluetooth address a
 * line ('#' starts a comment), until Device.Forget. The file is rewritten
 * atomically (a new file renamed over the old) on every change. A damaged
 * line is logged as file:line, ignored, and kept in the file as it is, so
 * that nothing is lost by rewriting.
 */
#define TP_REMEMBERED_FILE "devices"

typedef struct TpRemembered TpRemembered;

/* Read @path (a missing file remembers nothing); problems are logged. */
TpRemembered *tp_remembered_load(const char *path);
void tp_remembered_free(TpRemembered *r);

/* @address in any case. */
bool tp_remembered_contains(const TpRemembered *r, const char *address);
/* Both write the file when they change something. */
void tp_remembered_add(TpRemembered *r, const char *address);
void tp_remembered_remove(TpRemembered *r, const char *address);
