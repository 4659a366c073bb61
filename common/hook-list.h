/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

/*
 * Listener lists are GHookLists: a listener may add or remove listeners,
 * itself included, from inside its callback, and a removed one is not
 * called again. Every tpd listener has the shape
 *   void listener(Source *source, const Event *event, void *user_data)
 * and is named by (function, user data) when added and removed.
 */
static inline void tp_hook_list_add(GHookList *list, gpointer fn, gpointer data)
{
	GHook *hook = g_hook_alloc(list);

	hook->func = fn;
	hook->data = data;
	g_hook_append(list, hook);
}

/* Harmless for a listener that is not there (or already removed). */
static inline void tp_hook_list_remove(GHookList *list, gpointer fn,
				       gpointer data)
{
	GHook *hook = g_hook_find_func_data(list, TRUE, fn, data);

	if (hook)
		g_hook_destroy_link(list, hook);
}

/* Any listener, called through its shape (as GLib calls a GCallback). */
typedef void (*TpHookFunc)(gpointer source, gconstpointer event,
			   gpointer user_data);

typedef struct {
	gpointer source;
	gconstpointer event;
} TpHookEmission;

static inline void tp_hook_list_call(GHook *hook, gpointer data)
{
	const TpHookEmission *e = data;

	((TpHookFunc)hook->func)(e->source, e->event, hook->data);
}

/* Tell every listener of @list; one emitting from inside its callback
 * reaches everyone again. */
static inline void tp_hook_list_emit(GHookList *list, gpointer source,
				     gconstpointer event)
{
	TpHookEmission e = { source, event };

	g_hook_list_marshal(list, TRUE, tp_hook_list_call, &e);
}
