/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * "Where does it hurt": the body maps, front and back, with every zone of
 * ListZones; choosing one lists FindMuscles' ranking beside them (or, in
 * a narrow window, on a second leaf of the leaflet).
 */
#include "tp-page-pain.h"

#include <glib/gi18n.h>

#include "tp-body-map.h"
#include "tp-format.h"
#include "tp-widgets.h"
#include "tp-window.h"

struct _TpPagePain {
	AdwBin parent;
	TpApp *app;
	TpTpd *tpd;
	AdwLeaflet *leaflet;
	GtkWidget *front, *back;
	GtkFlowBox *elsewhere;
	GtkWidget *elsewhere_box;
	GtkLabel *zone_title;
	GtkLabel *zone_hint;
	GtkListBox *ranking;
	GCancellable *finding;
	char *zone;
};

G_DEFINE_FINAL_TYPE(TpPagePain, tp_page_pain, ADW_TYPE_BIN)

/* A muscle of the ranking: what it is, how typical its referral here is,
 * what may treat it, its cautions, and Choose (none for the hands only). */
static GtkWidget *tp_ranking_row(TpPagePain *page, GVariant *muscle)
{
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 4);
	GtkWidget *top = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12);
	GtkWidget *texts = gtk_box_new(GTK_ORIENTATION_VERTICAL, 2);
	g_autoptr(GVariant) tools =
	    g_variant_lookup_value(muscle, "Tools", G_VARIANT_TYPE("as"));
	g_autofree char *tool_words = tp_format_tools(tools);
	g_autofree char *program =
	    tp_format_program(page->tpd, tp_dict_str(muscle, "Program"));
	g_autofree char *line = NULL;
	const char *name = tp_dict_str(muscle, "Name");
	GtkWidget *choose;

	gtk_widget_set_margin_top(box, 10);
	gtk_widget_set_margin_bottom(box, 10);
	gtk_widget_set_margin_start(box, 12);
	gtk_widget_set_margin_end(box, 12);
	gtk_box_append(GTK_BOX(texts), tp_text(name, "heading"));
	line = g_strdup_printf(_("%s · how typical a source: %u of 10"),
			       tp_dict_str(muscle, "Region"),
			       tp_dict_u32(muscle, "Weight", 0));
	gtk_box_append(GTK_BOX(texts), tp_text(line, "dim-label"));
	gtk_widget_set_hexpand(texts, TRUE);
	gtk_box_append(GTK_BOX(top), texts);
	if (tools && g_variant_n_children(tools) > 0) {
		choose = gtk_button_new_with_label(_("Choose"));
		gtk_widget_add_css_class(choose, "suggested-action");
		gtk_widget_set_valign(choose, GTK_ALIGN_CENTER);
		gtk_actionable_set_action_name(GTK_ACTIONABLE(choose),
					       "app.choose-muscle");
		gtk_actionable_set_action_target(GTK_ACTIONABLE(choose), "s",
						 tp_dict_str(muscle, "Id"));
		g_autofree char *a11y = g_strdup_printf(_("Choose %s"), name);
		gtk_accessible_update_property(GTK_ACCESSIBLE(choose),
					       GTK_ACCESSIBLE_PROPERTY_LABEL,
					       a11y, -1);
		gtk_box_append(GTK_BOX(top), choose);
		g_free(line);
		line = g_strdup_printf(_("Tools: %s · suggested program: %s"),
				       tool_words, program);
	} else {
		g_free(line);
		line = g_strdup(_("By hand only: no device may be used on "
				  "this muscle."));
	}
	gtk_box_append(GTK_BOX(box), top);
	gtk_box_append(GTK_BOX(box), tp_text(line, NULL));
	gtk_box_append(GTK_BOX(box),
		       tp_text(tp_dict_str(muscle, "Cautions"), "caption"));
	return box;
}

static void tp_page_pain_clear_ranking(TpPagePain *page)
{
	GtkWidget *child;

	while ((child = gtk_widget_get_first_child(GTK_WIDGET(page->ranking))))
		gtk_list_box_remove(page->ranking, child);
}

static void tp_page_pain_show_ranking(TpPagePain *page, GVariant *muscles)
{
	GVariantIter iter;
	GVariant *muscle;
	guint n = 0;

	tp_page_pain_clear_ranking(page);
	g_variant_iter_init(&iter, muscles);
	while ((muscle = g_variant_iter_next_value(&iter))) {
		gtk_list_box_append(page->ranking,
				    tp_ranking_row(page, muscle));
		g_variant_unref(muscle);
		n++;
	}
	gtk_label_set_text(
	    page->zone_hint,
	    n ? _("The muscles whose trigger points are known to send pain "
		  "here, most likely first.")
	      : _("No muscle of tpd's catalog is known to send pain here."));
	g_debug("ranking for %s: %u muscles", page->zone, n);
}

static void tp_page_pain_found(GObject *source, GAsyncResult *result,
			       gpointer data)
{
	TpPagePain *page = data;
	g_autoptr(GVariant) reply = tp_window_reply(
	    GTK_WIDGET(page), _("Finding muscles"), source, result);
	g_autoptr(GVariant) muscles = NULL;

	if (!reply)
		return;
	muscles = g_variant_get_child_value(reply, 0);
	tp_page_pain_show_ranking(page, muscles);
}

void tp_page_pain_choose_zone(TpPagePain *page, const char *zone)
{
	g_autofree char *label = tp_body_zone_label(zone);
	char *chosen = g_strdup(zone); /* @zone may be page->zone */

	g_free(page->zone);
	page->zone = chosen;
	zone = chosen;
	gtk_label_set_text(page->zone_title, label);
	gtk_label_set_text(page->zone_hint, _("Looking…"));
	tp_page_pain_clear_ranking(page);
	tp_body_map_set_selected(TP_BODY_MAP(page->front), zone);
	tp_body_map_set_selected(TP_BODY_MAP(page->back), zone);
	g_cancellable_cancel(page->finding);
	g_clear_object(&page->finding);
	page->finding = g_cancellable_new();
	tp_tpd_call(page->tpd, TP_TPD_PATH, TP_TPD_MANAGER, "FindMuscles",
		    g_variant_new("(s)", zone), G_VARIANT_TYPE("(aa{sv})"),
		    page->finding, tp_page_pain_found, page);
	adw_leaflet_navigate(page->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

/* Zones tpd knows that the app has no place for: offered by name. */
static void tp_page_pain_show_elsewhere(TpPagePain *page, GVariant *zones)
{
	GVariantIter iter;
	const char *zone;
	GtkWidget *child;
	gboolean any = FALSE;

	while (
	    (child = gtk_widget_get_first_child(GTK_WIDGET(page->elsewhere))))
		gtk_flow_box_remove(page->elsewhere, child);
	g_variant_iter_init(&iter, zones);
	while (g_variant_iter_next(&iter, "&s", &zone)) {
		if (tp_body_zone_find(zone))
			continue;
		g_autofree char *label = tp_body_zone_label(zone);
		GtkWidget *button = gtk_button_new_with_label(label);
		gtk_actionable_set_action_name(GTK_ACTIONABLE(button),
					       "app.choose-zone");
		gtk_actionable_set_action_target(GTK_ACTIONABLE(button), "s",
						 zone);
		gtk_flow_box_append(page->elsewhere, button);
		any = TRUE;
	}
	gtk_widget_set_visible(page->elsewhere_box, any);
}

static void tp_page_pain_presence(TpPagePain *page)
{
	GVariant *zones = tp_tpd_get_zones(page->tpd);
	g_autofree const char **ids = NULL;

	if (!zones)
		return;
	ids = g_variant_get_strv(zones, NULL);
	tp_body_map_set_zones(TP_BODY_MAP(page->front), ids);
	tp_body_map_set_zones(TP_BODY_MAP(page->back), ids);
	tp_page_pain_show_elsewhere(page, zones);
	/* tpd came back: ask again, its catalog may have changed. */
	if (page->zone)
		tp_page_pain_choose_zone(page, page->zone);
}

static GtkWidget *tp_page_pain_maps(TpPagePain *page)
{
	GtkWidget *box = tp_padded_column(12);
	GtkWidget *stack = gtk_stack_new();
	GtkWidget *switcher = gtk_stack_switcher_new();
	GtkWidget *scroll = gtk_scrolled_window_new();
	GtkWidget *flow = gtk_flow_box_new();

	gtk_box_append(GTK_BOX(box),
		       tp_text(_("Choose where it hurts. Pain often comes "
				 "from a knot in a muscle elsewhere."),
			       NULL));
	page->front = tp_body_map_new(TP_BODY_FRONT);
	page->back = tp_body_map_new(TP_BODY_BACK);
	gtk_stack_add_titled(GTK_STACK(stack), page->front, "front",
			     _("Front"));
	gtk_stack_add_titled(GTK_STACK(stack), page->back, "back", _("Back"));
	tp_hide_unseen_pages(stack);
	gtk_stack_switcher_set_stack(GTK_STACK_SWITCHER(switcher),
				     GTK_STACK(stack));
	gtk_widget_set_halign(switcher, GTK_ALIGN_CENTER);
	gtk_box_append(GTK_BOX(box), switcher);
	gtk_box_append(GTK_BOX(box), stack);
	page->elsewhere_box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
	gtk_box_append(GTK_BOX(page->elsewhere_box),
		       tp_text(_("Other places"), "heading"));
	page->elsewhere = GTK_FLOW_BOX(flow);
	gtk_flow_box_set_selection_mode(page->elsewhere, GTK_SELECTION_NONE);
	gtk_box_append(GTK_BOX(page->elsewhere_box), flow);
	gtk_widget_set_visible(page->elsewhere_box, FALSE);
	gtk_box_append(GTK_BOX(box), page->elsewhere_box);
	gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroll), box);
	gtk_scrolled_window_set_policy(GTK_SCROLLED_WINDOW(scroll),
				       GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
	gtk_widget_set_size_request(scroll, 360, -1);
	gtk_widget_set_hexpand(scroll, TRUE);
	return scroll;
}

static void tp_page_pain_back(TpPagePain *page)
{
	adw_leaflet_navigate(page->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static GtkWidget *tp_page_pain_results(TpPagePain *page)
{
	GtkWidget *box = tp_padded_column(12);
	GtkWidget *scroll;
	GtkWidget *back = gtk_button_new_from_icon_name("go-previous-symbolic");

	gtk_widget_set_halign(back, GTK_ALIGN_START);
	gtk_accessible_update_property(GTK_ACCESSIBLE(back),
				       GTK_ACCESSIBLE_PROPERTY_LABEL,
				       _("Back to the body map"), -1);
	g_signal_connect_swapped(back, "clicked", G_CALLBACK(tp_page_pain_back),
				 page);
	/* Only a folded leaflet needs a way back. */
	g_object_bind_property(page->leaflet, "folded", back, "visible",
			       G_BINDING_SYNC_CREATE);
	gtk_box_append(GTK_BOX(box), back);
	page->zone_title =
	    GTK_LABEL(tp_text(_("Nothing chosen yet"), "title-2"));
	gtk_box_append(GTK_BOX(box), GTK_WIDGET(page->zone_title));
	page->zone_hint = GTK_LABEL(
	    tp_text(_("Choose a place on the body to see which muscles may "
		      "cause the pain there."),
		    "dim-label"));
	gtk_box_append(GTK_BOX(box), GTK_WIDGET(page->zone_hint));
	page->ranking = tp_boxed_list(_("Muscles that may cause it"));
	gtk_box_append(GTK_BOX(box), GTK_WIDGET(page->ranking));
	scroll = tp_scrolled_clamp(box, 560);
	gtk_widget_set_size_request(scroll, 340, -1);
	gtk_widget_set_hexpand(scroll, TRUE);
	return scroll;
}

static void tp_page_pain_dispose(GObject *object)
{
	TpPagePain *page = TP_PAGE_PAIN(object);

	g_cancellable_cancel(page->finding);
	g_clear_object(&page->finding);
	g_clear_pointer(&page->zone, g_free);
	G_OBJECT_CLASS(tp_page_pain_parent_class)->dispose(object);
}

static void tp_page_pain_class_init(TpPagePainClass *klass)
{
	G_OBJECT_CLASS(klass)->dispose = tp_page_pain_dispose;
}

static void tp_page_pain_init(TpPagePain *page)
{
}

GtkWidget *tp_page_pain_new(TpApp *app)
{
	TpPagePain *page = g_object_new(TP_TYPE_PAGE_PAIN, NULL);
	GtkWidget *leaflet = adw_leaflet_new();

	page->app = app;
	page->tpd = tp_app_get_tpd(app);
	page->leaflet = ADW_LEAFLET(leaflet);
	adw_leaflet_set_can_navigate_back(page->leaflet, TRUE);
	adw_leaflet_append(page->leaflet, tp_page_pain_maps(page));
	/* A folded leaflet skips the separator between map and ranking. */
	adw_leaflet_page_set_navigatable(
	    adw_leaflet_append(page->leaflet,
			       gtk_separator_new(GTK_ORIENTATION_VERTICAL)),
	    FALSE);
	adw_leaflet_append(page->leaflet, tp_page_pain_results(page));
	tp_hide_unseen_pages(leaflet);
	adw_bin_set_child(ADW_BIN(page), leaflet);
	g_signal_connect_object(page->tpd, "presence",
				G_CALLBACK(tp_page_pain_presence), page,
				G_CONNECT_SWAPPED);
	tp_page_pain_presence(page);
	return GTK_WIDGET(page);
}
