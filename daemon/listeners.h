/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>
#include <stdbool.h>

/*
 * A list of (callback, user data) that stays safe while it is being
 * emitted: a listener may add or remove listeners, itself included, from
 * inside its callback; removed ones are not called again.
 */
typedef struct {
	GArray *entries; /* TpListenerEntry */
	unsigned emitting;
} TpListeners;

/* Calls one listener: @fn and @user_data as added, @event as emitted. */
typedef void (*TpListenerInvoke)(gpointer fn, gpointer user_data,
				 gpointer event);

void tp_listeners_init(TpListeners *l);
void tp_listeners_clear(TpListeners *l);
void tp_listeners_add(TpListeners *l, gpointer fn, gpointer user_data);
void tp_listeners_remove(TpListeners *l, gpointer fn, gpointer user_data);
void tp_listeners_emit(TpListeners *l, TpListenerInvoke invoke, gpointer event);
