/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "listeners.h"

typedef struct {
	gpointer fn;
	gpointer user_data;
	bool removed;
} TpListenerEntry;

void tp_listeners_init(TpListeners *l)
{
	l->entries = g_array_new(FALSE, FALSE, sizeof(TpListenerEntry));
	l->emitting = 0;
}

void tp_listeners_clear(TpListeners *l)
{
	g_clear_pointer(&l->entries, g_array_unref);
}

void tp_listeners_add(TpListeners *l, gpointer fn, gpointer user_data)
{
	TpListenerEntry e = { fn, user_data, false };

	g_array_append_val(l->entries, e);
}

void tp_listeners_remove(TpListeners *l, gpointer fn, gpointer user_data)
{
	for (guint i = 0; i < l->entries->len; i++) {
		TpListenerEntry *e =
		    &g_array_index(l->entries, TpListenerEntry, i);
		if (e->removed || e->fn != fn || e->user_data != user_data)
			continue;
		if (l->emitting)
			e->removed = true; /* compacted after the emission */
		else
			g_array_remove_index(l->entries, i);
		return;
	}
}

void tp_listeners_emit(TpListeners *l, TpListenerInvoke invoke, gpointer event)
{
	l->emitting++;
	/* By index, on a copy of each entry: the array may grow meanwhile. */
	for (guint i = 0; i < l->entries->len; i++) {
		TpListenerEntry e =
		    g_array_index(l->entries, TpListenerEntry, i);
		if (!e.removed)
			invoke(e.fn, e.user_data, event);
	}
	if (--l->emitting > 0)
		return;
	for (guint i = l->entries->len; i-- > 0;)
		if (g_array_index(l->entries, TpListenerEntry, i).removed)
			g_array_remove_index(l->entries, i);
}
