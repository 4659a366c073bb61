/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "remembered.h"

#include <glib.h>
#include <string.h>

#define TP_ADDRESS_LEN 17 /* XX:XX:XX:XX:XX:XX */

static const char tp_remembered_header[] =
    "# Bluetooth devices tpd connected that are not paired: tpd connects\n"
    "# them again when they come back, like paired ones (tpd(8)). One\n"
    "# address a line; Device.Forget removes one. Written by tpd.";

struct TpRemembered {
	char *path;
	/* The file's lines in order: comments, damaged lines and addresses,
	 * each as read (char*), so that a rewrite keeps what it does not
	 * understand. */
	GPtrArray *lines;
};

/* The address on @line, upper case, or NULL for a comment, an empty or a
 * damaged line (then @damaged). */
static char *tp_line_address(const char *line, bool *damaged)
{
	g_autofree char *text = g_strstrip(g_strdup(line));

	*damaged = false;
	if (!*text || *text == '#')
		return NULL;
	*damaged = true;
	if (strlen(text) != TP_ADDRESS_LEN)
		return NULL;
	for (int i = 0; i < TP_ADDRESS_LEN; i++) {
		bool colon = i % 3 == 2;
		if (colon ? text[i] != ':' : !g_ascii_isxdigit(text[i]))
			return NULL;
	}
	*damaged = false;
	return g_ascii_strup(text, -1);
}

static void tp_remembered_parse(TpRemembered *r, const char *text)
{
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);

	for (guint i = 0; lines[i]; i++) {
		bool damaged;

		/* The last element is what follows the final newline. */
		if (!lines[i + 1] && !*lines[i])
			break;
		g_free(tp_line_address(lines[i], &damaged));
		if (damaged)
			g_warning("%s:%u: '%s' is not a Bluetooth address "
				  "(XX:XX:XX:XX:XX:XX); line ignored, and kept",
				  r->path, i + 1, lines[i]);
		g_ptr_array_add(r->lines, g_strdup(lines[i]));
	}
}

TpRemembered *tp_remembered_load(const char *path)
{
	TpRemembered *r = g_new0(TpRemembered, 1);
	g_autoptr(GError) error = NULL;
	g_autofree char *text = NULL;

	r->path = g_strdup(path);
	r->lines = g_ptr_array_new_with_free_func(g_free);
	if (g_file_get_contents(path, &text, NULL, &error))
		tp_remembered_parse(r, text);
	else if (!g_error_matches(error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
		g_warning("%s: %s; no device is remembered", path,
			  error->message);
	return r;
}

void tp_remembered_free(TpRemembered *r)
{
	if (!r)
		return;
	g_ptr_array_unref(r->lines);
	g_free(r->path);
	g_free(r);
}

/* The index of @address's line, or -1. */
static int tp_remembered_find(const TpRemembered *r, const char *address)
{
	for (guint i = 0; i < r->lines->len; i++) {
		bool damaged;
		g_autofree char *a =
		    tp_line_address(r->lines->pdata[i], &damaged);
		if (a && g_ascii_strcasecmp(a, address) == 0)
			return (int)i;
	}
	return -1;
}

bool tp_remembered_contains(const TpRemembered *r, const char *address)
{
	return tp_remembered_find(r, address) >= 0;
}

static void tp_remembered_write(TpRemembered *r)
{
	g_autoptr(GString) text = g_string_new(NULL);
	g_autoptr(GError) error = NULL;

	for (guint i = 0; i < r->lines->len; i++)
		g_string_append_printf(text, "%s\n",
				       (char *)r->lines->pdata[i]);
	if (!g_file_set_contents_full(r->path, text->str, (gssize)text->len,
				      G_FILE_SET_CONTENTS_CONSISTENT, 0600,
				      &error))
		g_warning("cannot write the remembered devices: %s; they "
			  "are remembered until tpd stops",
			  error->message);
}

void tp_remembered_add(TpRemembered *r, const char *address)
{
	if (tp_remembered_contains(r, address))
		return;
	if (r->lines->len == 0)
		g_ptr_array_add(r->lines, g_strdup(tp_remembered_header));
	g_ptr_array_add(r->lines, g_ascii_strup(address, -1));
	g_info("%s: remembered in %s, to be connected again when it comes "
	       "back",
	       address, r->path);
	tp_remembered_write(r);
}

void tp_remembered_remove(TpRemembered *r, const char *address)
{
	int i;
	bool changed = false;

	while ((i = tp_remembered_find(r, address)) >= 0) {
		g_ptr_array_remove_index(r->lines, (guint)i);
		changed = true;
	}
	if (!changed)
		return;
	g_info("%s: no longer remembered", address);
	tp_remembered_write(r);
}
