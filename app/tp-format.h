/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gio/gio.h>

#include "tp-tpd.h"

/* tpd's words (session states, end reasons, device states, muscle and
 * program ids) said for a person, translated. */

/* "4:05" for 245 seconds. */
char *tp_format_duration(guint32 seconds);
/* Why a session ended ("completed", "client-left", ...), as a sentence. */
const char *tp_format_reason(const char *reason);
/* A device's State ("ready", "stop-unconfirmed", ...), in words. */
const char *tp_format_device_state(const char *state);
/* A tool Kind ("gun", "roller", "wand"), in words. */
const char *tp_format_kind(const char *kind);
/* "Left", "Right", "Both sides", "Center". */
const char *tp_format_side(const char *side);
/* One running session for the Stop bar: "Trapezius, left side: Release,
 * 3:20 left" (and "paused"). */
char *tp_format_session_line(TpTpd *tpd, GDBusProxy *session);
/* The program's Name in tpd's library, else its id (g_free it). */
char *tp_format_program(TpTpd *tpd, const char *id);
/* Tool kinds (as) in words: "Massage gun, Vibrating roller" (g_free). */
char *tp_format_tools(GVariant *kinds);
/* The muscle's Name in tpd's catalog, else its id (g_free it). */
char *tp_format_muscle(TpTpd *tpd, const char *id);
