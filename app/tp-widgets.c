/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "tp-widgets.h"

GtkWidget *tp_text(const char *text, const char *css_class)
{
	GtkWidget *label = gtk_label_new(text);

	gtk_label_set_wrap(GTK_LABEL(label), TRUE);
	gtk_label_set_xalign(GTK_LABEL(label), 0);
	if (css_class)
		gtk_widget_add_css_class(label, css_class);
	return label;
}

GtkListBox *tp_boxed_list(const char *a11y_label)
{
	GtkWidget *list = gtk_list_box_new();

	gtk_list_box_set_selection_mode(GTK_LIST_BOX(list), GTK_SELECTION_NONE);
	gtk_widget_add_css_class(list, "boxed-list");
	if (a11y_label)
		gtk_accessible_update_property(GTK_ACCESSIBLE(list),
					       GTK_ACCESSIBLE_PROPERTY_LABEL,
					       a11y_label, -1);
	return GTK_LIST_BOX(list);
}

GtkWidget *tp_padded_column(int spacing)
{
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, spacing);

	gtk_widget_set_margin_top(box, 18);
	gtk_widget_set_margin_bottom(box, 18);
	gtk_widget_set_margin_start(box, 12);
	gtk_widget_set_margin_end(box, 12);
	return box;
}

GtkWidget *tp_scrolled_clamp(GtkWidget *child, int width)
{
	GtkWidget *clamp = adw_clamp_new();
	GtkWidget *scroll = gtk_scrolled_window_new();

	adw_clamp_set_child(ADW_CLAMP(clamp), child);
	adw_clamp_set_maximum_size(ADW_CLAMP(clamp), width);
	gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroll), clamp);
	gtk_scrolled_window_set_policy(GTK_SCROLLED_WINDOW(scroll),
				       GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
	return scroll;
}

static GtkWidget *tp_with_action(GtkWidget *button, const char *action)
{
	if (action)
		gtk_actionable_set_action_name(GTK_ACTIONABLE(button), action);
	return button;
}

GtkWidget *tp_button(const char *label, const char *action)
{
	return tp_with_action(gtk_button_new_with_label(label), action);
}

GtkWidget *tp_toggle(const char *label, const char *action)
{
	return tp_with_action(gtk_toggle_button_new_with_label(label), action);
}

static gboolean tp_page_is_seen(GtkWidget *stack, GtkWidget *child,
				GtkWidget *visible)
{
	/* An unfolded leaflet shows all its children. */
	if (ADW_IS_LEAFLET(stack) &&
	    !adw_leaflet_get_folded(ADW_LEAFLET(stack)))
		return TRUE;
	return child == visible;
}

static void tp_mark_unseen_pages(GtkWidget *stack)
{
	GtkWidget *visible = NULL;

	g_object_get(stack, "visible-child", &visible, NULL);
	for (GtkWidget *child = gtk_widget_get_first_child(stack); child;
	     child = gtk_widget_get_next_sibling(child))
		gtk_accessible_update_state(
		    GTK_ACCESSIBLE(child), GTK_ACCESSIBLE_STATE_HIDDEN,
		    !tp_page_is_seen(stack, child, visible), -1);
	g_clear_object(&visible);
}

void tp_hide_unseen_pages(GtkWidget *stack)
{
	g_signal_connect(stack, "notify::visible-child",
			 G_CALLBACK(tp_mark_unseen_pages), NULL);
	if (ADW_IS_LEAFLET(stack))
		g_signal_connect(stack, "notify::folded",
				 G_CALLBACK(tp_mark_unseen_pages), NULL);
	tp_mark_unseen_pages(stack);
}

void tp_name_buttons(GtkWidget *root)
{
	if (GTK_IS_BUTTON(root) && gtk_button_get_label(GTK_BUTTON(root))) {
		g_autoptr(GString) label =
		    g_string_new(gtk_button_get_label(GTK_BUTTON(root)));
		if (gtk_button_get_use_underline(GTK_BUTTON(root)))
			g_string_replace(label, "_", "", 1);
		gtk_accessible_reset_relation(
		    GTK_ACCESSIBLE(root), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
		gtk_accessible_update_property(GTK_ACCESSIBLE(root),
					       GTK_ACCESSIBLE_PROPERTY_LABEL,
					       label->str, -1);
	}
	for (GtkWidget *child = gtk_widget_get_first_child(root); child;
	     child = gtk_widget_get_next_sibling(child))
		tp_name_buttons(child);
}
