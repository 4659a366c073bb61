/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <adwaita.h>

/* Small builders the pages share. */

/* A label that wraps, aligned to the start, with an optional CSS class. */
GtkWidget *tp_text(const char *text, const char *css_class);
/* A list of rows in libadwaita's boxed style, nothing selectable, named
 * @a11y_label for assistive technologies (NULL: none of its own). */
GtkListBox *tp_boxed_list(const char *a11y_label);
/* A vertical box with the pages' margins. */
GtkWidget *tp_padded_column(int spacing);
/* @child in a clamp of @width at most, scrolled vertically. */
GtkWidget *tp_scrolled_clamp(GtkWidget *child, int width);
/* A button or a toggle button labelled @label, activating @action (or
 * none). Without mnemonics: GTK 4.8 gives a button with one the
 * accessible name "_Stop Stop". */
GtkWidget *tp_button(const char *label, const char *action);
GtkWidget *tp_toggle(const char *label, const char *action);
/* Keeps the pages of @stack (a GtkStack, AdwViewStack or AdwLeaflet)
 * that are not on screen marked hidden for assistive technologies: GTK
 * 4.8 leaves them "visible", so a screen reader would read every page. */
void tp_hide_unseen_pages(GtkWidget *stack);
/* Names the buttons below @root (those of an AdwMessageDialog) after
 * their labels, once: GTK 4.8 and libadwaita 1.2 name them "Cancel
 * Cancel" for assistive technologies. */
void tp_name_buttons(GtkWidget *root);
