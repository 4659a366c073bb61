/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The longest frame tpd writes (and a template may render). */
#define TP_FRAME_MAX 32

/*
 * Frames described in a model file (DESIGN.md §6), for the generic "frame"
 * protocol: space-separated tokens, each
 *   0B                two hex digits: that byte
 *   "Vibrate:"        quoted ASCII text
 *   {level}           the level as one byte (0-255)
 *   {level:be16}      the level as two bytes, big-endian
 *   {level:dec}       the level in ASCII decimal digits
 *   {level:nibbles}   the level (0-15) in both halves of one byte
 *   {level+N}         any of the four with N added first ({level:dec+1}):
 *                     for devices whose lowest level is not 1
 *   {sum8:A..B}       the sum, modulo 256, of bytes A to B of this frame
 *   {xor8:A..B}       the XOR of bytes A to B of this frame
 * e.g. `0B FF 04 0A 32 32 00 04 08 {level} 64 00` or
 * `"Vibrate:" {level:dec} ";"`. Here in common/ because tpctl learn proves
 * its drafts with the same engine tpd drives devices with.
 */
typedef struct TpFrameTemplate TpFrameTemplate;

/* NULL with a message saying which token is wrong and why. */
TpFrameTemplate *tp_frame_template_parse(const char *text, GError **error);
void tp_frame_template_free(TpFrameTemplate *t);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TpFrameTemplate, tp_frame_template_free)
/* A template is one block holding no pointers: copying this many bytes of
 * it makes a template as good (for the catalog, which packs its models). */
size_t tp_frame_template_size(const TpFrameTemplate *t);

/* Whether the template has a {level…} placeholder: frames that set no
 * level (stop, init) must not. */
bool tp_frame_template_has_level(const TpFrameTemplate *t);

/* Render with @level into @out (TP_FRAME_MAX bytes), its length in @len.
 * False, with a reason, when @level does not fit a placeholder or the frame
 * is too long. */
bool tp_frame_template_render(const TpFrameTemplate *t, unsigned level,
			      uint8_t *out, size_t *len, const char **why);
