/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "memory.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

static guint tp_memory_trim_source;

/* RssAnon of /proc/self/status, the memory tpd alone holds; 0 if unknown. */
static unsigned tp_memory_anon_kib(void)
{
	g_autofree char *status = NULL;
	const char *line;
	unsigned kib = 0;

	if (!g_file_get_contents("/proc/self/status", &status, NULL, NULL))
		return 0;
	line = strstr(status, "\nRssAnon:");
	if (line)
		sscanf(line + 1, "RssAnon: %u", &kib);
	return kib;
}

static gboolean tp_memory_trim(gpointer user_data)
{
	(void)user_data;
	tp_memory_trim_source = 0;
#ifdef __GLIBC__
	/* 0: keep no pad at the top, and release free pages inside the heap
	 * too, which glibc never does by itself. */
	malloc_trim(0);
#endif
	if (g_log_get_debug_enabled())
		g_debug("memory: %u KiB anonymous", tp_memory_anon_kib());
	return G_SOURCE_REMOVE;
}

void tp_memory_trim_soon(void)
{
	/* Below everything else: the peak's work (replies still to write,
	 * frames to send) comes first and frees what it holds. */
	if (!tp_memory_trim_source)
		tp_memory_trim_source =
		    g_idle_add_full(G_PRIORITY_LOW, tp_memory_trim, NULL, NULL);
}
