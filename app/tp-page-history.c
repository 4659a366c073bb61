/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The history, per muscle: the sessions with the pain before and after
 * drawn over days and weeks (tp-pain-chart), tpd's trend in words
 * (Manager.GetTrends), and the sessions listed. Read again whenever the
 * page is shown and when a session ends.
 */
#include "tp-page-history.h"

#include <glib/gi18n.h>

#include "tp-format.h"
#include "tp-pain-chart.h"
#include "tp-widgets.h"
#include "tp-window.h"

struct _TpPageHistory {
	AdwBin parent;
	TpApp *app;
	TpTpd *tpd;
	GtkStack *stack;
	AdwComboRow *muscles;
	GPtrArray *muscle_ids;
	gboolean filling;
	GtkLabel *trend;
	TpPainChart *chart;
	GtkListBox *list;
	GVariant *sessions; /* every session of the caller, oldest first */
	GCancellable *loading;
};

G_DEFINE_FINAL_TYPE(TpPageHistory, tp_page_history, ADW_TYPE_BIN)

/* The sessions of @muscle, oldest first, as GetHistory gives them. */
static GVariant *tp_sessions_of(GVariant *sessions, const char *muscle)
{
	GVariantBuilder b;
	GVariantIter iter;
	GVariant *s;

	g_variant_builder_init(&b, G_VARIANT_TYPE("aa{sv}"));
	g_variant_iter_init(&iter, sessions);
	while ((s = g_variant_iter_next_value(&iter))) {
		if (g_strcmp0(tp_dict_str(s, "Muscle"), muscle) == 0)
			g_variant_builder_add_value(&b, s);
		g_variant_unref(s);
	}
	return g_variant_ref_sink(g_variant_builder_end(&b));
}

static char *tp_session_title(GVariant *s)
{
	gint64 start = 0;
	g_autoptr(GDateTime) utc = NULL;
	g_autoptr(GDateTime) local = NULL;

	g_variant_lookup(s, "Start", "x", &start);
	utc = g_date_time_new_from_unix_utc(start);
	local = utc ? g_date_time_to_local(utc) : NULL;
	return local ? g_date_time_format(local, "%a %-d %b %Y, %H:%M")
		     : g_strdup("?");
}

static char *tp_session_subtitle(TpPageHistory *page, GVariant *s)
{
	g_autofree char *program =
	    tp_format_program(page->tpd, tp_dict_str(s, "Program"));
	g_autofree char *time =
	    tp_format_duration(tp_dict_u32(s, "Seconds", 0));
	guint32 before = tp_dict_u32(s, "PainBefore", G_MAXUINT32);
	guint32 after = tp_dict_u32(s, "PainAfter", G_MAXUINT32);
	g_autofree char *b =
	    before <= 10 ? g_strdup_printf("%u", before) : g_strdup("–");
	g_autofree char *a =
	    after <= 10 ? g_strdup_printf("%u", after) : g_strdup("–");

	/* TRANSLATORS: program, side, time run, pain before → after, why it
	 * ended */
	return g_strdup_printf(_("%s, %s, %s · pain %s → %s · %s"), program,
			       tp_format_side(tp_dict_str(s, "Side")), time, b,
			       a, tp_format_reason(tp_dict_str(s, "Reason")));
}

static void tp_page_history_list(TpPageHistory *page, GVariant *sessions)
{
	GtkWidget *child;
	gsize n = g_variant_n_children(sessions);

	while ((child = gtk_widget_get_first_child(GTK_WIDGET(page->list))))
		gtk_list_box_remove(page->list, child);
	/* Newest first: what a person looks for. */
	for (gsize i = n; i-- > 0;) {
		g_autoptr(GVariant) s = g_variant_get_child_value(sessions, i);
		g_autofree char *title = tp_session_title(s);
		g_autofree char *subtitle = tp_session_subtitle(page, s);
		GtkWidget *row = adw_action_row_new();
		adw_preferences_row_set_title(ADW_PREFERENCES_ROW(row), title);
		adw_action_row_set_subtitle(ADW_ACTION_ROW(row), subtitle);
		gtk_list_box_append(page->list, row);
	}
}

static void tp_page_history_trends(GObject *source, GAsyncResult *result,
				   gpointer data)
{
	TpPageHistory *page = data;
	g_autoptr(GError) error = NULL;
	g_autoptr(GVariant) reply =
	    tp_tpd_call_finish(TP_TPD(source), result, &error);
	g_autoptr(GVariant) trends = NULL;
	g_autoptr(GVariant) trend = NULL;

	if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
		return;
	if (!reply) {
		/* The chart and the list still stand; say why no words. */
		g_autofree char *said = tp_tpd_error_text(error);
		gtk_label_set_text(page->trend, said);
		return;
	}
	trends = g_variant_get_child_value(reply, 0);
	if (g_variant_n_children(trends) > 0)
		trend = g_variant_get_child_value(trends, 0);
	gtk_label_set_text(page->trend,
			   trend ? tp_dict_str(trend, "Words") : "");
}

static void tp_page_history_show(TpPageHistory *page)
{
	const char *muscle = tp_app_action_string(page->app, "history-muscle");
	g_autoptr(GVariant) mine = NULL;
	GVariantBuilder filter;

	if (!page->sessions)
		return;
	mine = tp_sessions_of(page->sessions, muscle);
	tp_pain_chart_set_sessions(page->chart, mine);
	tp_page_history_list(page, mine);
	gtk_label_set_text(page->trend, "");
	if (!*muscle)
		return;
	g_variant_builder_init(&filter, G_VARIANT_TYPE_VARDICT);
	g_variant_builder_add(&filter, "{sv}", "Muscle",
			      g_variant_new_string(muscle));
	tp_tpd_call(page->tpd, TP_TPD_PATH, TP_TPD_MANAGER, "GetTrends",
		    g_variant_new("(@a{sv})", g_variant_builder_end(&filter)),
		    G_VARIANT_TYPE("(aa{sv})"), page->loading,
		    tp_page_history_trends, page);
}

/* The muscles with sessions, latest session's first, in the chooser; the
 * chosen one kept, else the latest. */
static void tp_page_history_fill_muscles(TpPageHistory *page)
{
	g_autoptr(GtkStringList) names = gtk_string_list_new(NULL);
	gsize n = g_variant_n_children(page->sessions);
	const char *chosen = tp_app_action_string(page->app, "history-muscle");
	guint index = 0;

	g_ptr_array_set_size(page->muscle_ids, 0);
	for (gsize i = n; i-- > 0;) {
		g_autoptr(GVariant) s =
		    g_variant_get_child_value(page->sessions, i);
		const char *id = tp_dict_str(s, "Muscle");
		if (g_ptr_array_find_with_equal_func(page->muscle_ids, id,
						     g_str_equal, NULL))
			continue;
		g_autofree char *name = tp_format_muscle(page->tpd, id);
		g_ptr_array_add(page->muscle_ids, g_strdup(id));
		gtk_string_list_append(names, name);
	}
	if (!g_ptr_array_find_with_equal_func(page->muscle_ids, chosen,
					      g_str_equal, &index))
		index = 0;
	page->filling = TRUE;
	adw_combo_row_set_model(page->muscles, G_LIST_MODEL(names));
	adw_combo_row_set_selected(page->muscles, index);
	page->filling = FALSE;
	if (page->muscle_ids->len)
		tp_app_set_action_state(page->app, "history-muscle",
					g_variant_new_string(g_ptr_array_index(
					    page->muscle_ids, index)));
}

static void tp_page_history_loaded(GObject *source, GAsyncResult *result,
				   gpointer data)
{
	TpPageHistory *page = data;
	g_autoptr(GVariant) reply = tp_window_reply(
	    GTK_WIDGET(page), _("Reading the history"), source, result);

	if (!reply)
		return;
	g_clear_pointer(&page->sessions, g_variant_unref);
	page->sessions = g_variant_get_child_value(reply, 0);
	g_debug("history: %zu sessions", g_variant_n_children(page->sessions));
	if (g_variant_n_children(page->sessions) == 0) {
		gtk_stack_set_visible_child_name(page->stack, "empty");
		return;
	}
	tp_page_history_fill_muscles(page);
	gtk_stack_set_visible_child_name(page->stack, "history");
	tp_page_history_show(page);
}

static void tp_page_history_load(TpPageHistory *page)
{
	if (!tp_tpd_is_present(page->tpd) ||
	    !gtk_widget_get_mapped(GTK_WIDGET(page)))
		return;
	g_cancellable_cancel(page->loading);
	g_clear_object(&page->loading);
	page->loading = g_cancellable_new();
	tp_tpd_call(page->tpd, TP_TPD_PATH, TP_TPD_MANAGER, "GetHistory",
		    g_variant_new_parsed("(@a{sv} {},)"),
		    G_VARIANT_TYPE("(aa{sv})"), page->loading,
		    tp_page_history_loaded, page);
}

void tp_page_history_show_muscle(TpPageHistory *page, const char *muscle)
{
	/* Read when the page is mapped, which showing it is about to do;
	 * if it already is, read again now. */
	tp_page_history_load(page);
}

static void tp_page_history_chosen(TpPageHistory *page)
{
	guint i = adw_combo_row_get_selected(page->muscles);

	if (page->filling || i >= page->muscle_ids->len)
		return;
	g_action_group_activate_action(
	    G_ACTION_GROUP(page->app), "history-muscle",
	    g_variant_new_string(g_ptr_array_index(page->muscle_ids, i)));
}

static GtkWidget *tp_page_history_empty(void)
{
	GtkWidget *status = adw_status_page_new();

	adw_status_page_set_icon_name(ADW_STATUS_PAGE(status),
				      "document-open-recent-symbolic");
	adw_status_page_set_title(ADW_STATUS_PAGE(status),
				  _("No sessions yet"));
	adw_status_page_set_description(
	    ADW_STATUS_PAGE(status),
	    _("Each session you run is kept here with the pain you gave "
	      "before and after, to see whether it gets better over days "
	      "and weeks."));
	return status;
}

static GtkWidget *tp_page_history_build(TpPageHistory *page)
{
	GtkWidget *box = tp_padded_column(12);
	GtkWidget *chooser = adw_combo_row_new();
	GtkListBox *chooser_list = tp_boxed_list(NULL);
	GtkWidget *trend = tp_text(NULL, "title-4");

	page->muscles = ADW_COMBO_ROW(chooser);
	adw_preferences_row_set_title(ADW_PREFERENCES_ROW(chooser),
				      _("Muscle"));
	g_signal_connect_swapped(chooser, "notify::selected",
				 G_CALLBACK(tp_page_history_chosen), page);
	gtk_list_box_append(chooser_list, chooser);
	gtk_box_append(GTK_BOX(box), GTK_WIDGET(chooser_list));
	page->trend = GTK_LABEL(trend);
	gtk_box_append(GTK_BOX(box), trend);
	page->chart = TP_PAIN_CHART(tp_pain_chart_new());
	gtk_box_append(GTK_BOX(box), GTK_WIDGET(page->chart));
	page->list = tp_boxed_list(_("Sessions"));
	gtk_box_append(GTK_BOX(box), GTK_WIDGET(page->list));
	return tp_scrolled_clamp(box, 760);
}

static void tp_page_history_dispose(GObject *object)
{
	TpPageHistory *page = TP_PAGE_HISTORY(object);

	g_cancellable_cancel(page->loading);
	g_clear_object(&page->loading);
	g_clear_pointer(&page->sessions, g_variant_unref);
	g_clear_pointer(&page->muscle_ids, g_ptr_array_unref);
	G_OBJECT_CLASS(tp_page_history_parent_class)->dispose(object);
}

static void tp_page_history_class_init(TpPageHistoryClass *klass)
{
	G_OBJECT_CLASS(klass)->dispose = tp_page_history_dispose;
}

static void tp_page_history_init(TpPageHistory *page)
{
	page->muscle_ids = g_ptr_array_new_with_free_func(g_free);
}

GtkWidget *tp_page_history_new(TpApp *app)
{
	TpPageHistory *page = g_object_new(TP_TYPE_PAGE_HISTORY, NULL);

	page->app = app;
	page->tpd = tp_app_get_tpd(app);
	page->stack = GTK_STACK(gtk_stack_new());
	gtk_stack_add_named(page->stack, tp_page_history_empty(), "empty");
	gtk_stack_add_named(page->stack, tp_page_history_build(page),
			    "history");
	tp_hide_unseen_pages(GTK_WIDGET(page->stack));
	adw_bin_set_child(ADW_BIN(page), GTK_WIDGET(page->stack));
	g_signal_connect(page, "map", G_CALLBACK(tp_page_history_load), NULL);
	g_signal_connect_object(page->tpd, "presence",
				G_CALLBACK(tp_page_history_load), page,
				G_CONNECT_SWAPPED);
	g_signal_connect_object(page->tpd, "session-finished",
				G_CALLBACK(tp_page_history_load), page,
				G_CONNECT_SWAPPED);
	return GTK_WIDGET(page);
}
