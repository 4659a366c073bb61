/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The session page: the choices before (tp-session-form), the cautions
 * acknowledged in a dialog before the motor starts, the live session
 * (step, cue, intensity, time, Pause/Resume/Skip), and after it why it
 * ended and how it feels now.
 *
 * The session is started without Detach: if the app closes or crashes,
 * tpd sees its client leave the bus and stops the motor.
 */
#include "tp-page-session.h"

#include <glib/gi18n.h>

#include "tp-format.h"
#include "tp-session-form.h"
#include "tp-widgets.h"
#include "tp-window.h"

struct _TpPageSession {
	AdwBin parent;
	TpApp *app;
	TpTpd *tpd;
	GtkStack *stack;
	GVariant *muscle;
	TpSessionForm *form;
	GtkLabel *setup_title, *setup_region, *cautions;
	AdwMessageDialog *confirm;
	gboolean cautions_shown;
	/* The app's own session while it runs, and what it was on. */
	char *session;
	char *session_muscle;
	gint64 started_at;
	GtkLabel *run_title, *step, *cue, *intensity_text, *elapsed, *left;
	GtkLevelBar *intensity;
	GtkProgressBar *progress;
	GtkWidget *pause, *resume;
	AdwStatusPage *finished;
	GtkWidget *rated;
};

G_DEFINE_FINAL_TYPE(TpPageSession, tp_page_session, ADW_TYPE_BIN)

/* -- before ------------------------------------------------------------ */

void tp_page_session_set_muscle(TpPageSession *page, const char *id)
{
	g_autoptr(GVariant) muscle = tp_tpd_lookup_muscle(page->tpd, id);

	if (!muscle) {
		g_warning("no muscle %s in tpd's catalog", id);
		return;
	}
	g_clear_pointer(&page->muscle, g_variant_unref);
	page->muscle = g_steal_pointer(&muscle);
	gtk_label_set_text(page->setup_title,
			   tp_dict_str(page->muscle, "Name"));
	gtk_label_set_text(page->setup_region,
			   tp_dict_str(page->muscle, "Region"));
	gtk_label_set_text(page->cautions,
			   tp_dict_str(page->muscle, "Cautions"));
	page->cautions_shown = FALSE;
	tp_session_form_set_muscle(page->form, page->muscle);
	if (!page->session)
		gtk_stack_set_visible_child_name(page->stack, "setup");
}

void tp_page_session_sync(TpPageSession *page)
{
	tp_session_form_sync(page->form);
}

static GtkWidget *tp_page_session_setup(TpPageSession *page)
{
	GtkWidget *box = tp_padded_column(12);
	GtkWidget *caution_group = adw_preferences_group_new();
	GtkWidget *start = tp_button(_("Start…"), "app.start");

	page->setup_title = GTK_LABEL(tp_text(NULL, "title-1"));
	gtk_box_append(GTK_BOX(box), GTK_WIDGET(page->setup_title));
	page->setup_region = GTK_LABEL(tp_text(NULL, "dim-label"));
	gtk_box_append(GTK_BOX(box), GTK_WIDGET(page->setup_region));
	page->form = TP_SESSION_FORM(tp_session_form_new(page->app));
	gtk_box_append(GTK_BOX(box), GTK_WIDGET(page->form));
	adw_preferences_group_set_title(ADW_PREFERENCES_GROUP(caution_group),
					_("Cautions"));
	page->cautions = GTK_LABEL(tp_text(NULL, NULL));
	adw_preferences_group_add(ADW_PREFERENCES_GROUP(caution_group),
				  GTK_WIDGET(page->cautions));
	gtk_box_append(GTK_BOX(box), caution_group);
	gtk_widget_add_css_class(start, "suggested-action");
	gtk_widget_add_css_class(start, "pill");
	gtk_widget_set_halign(start, GTK_ALIGN_CENTER);
	gtk_box_append(GTK_BOX(box), start);
	return tp_scrolled_clamp(box, 640);
}

static void tp_page_session_confirmed(AdwMessageDialog *dialog,
				      const char *response, TpPageSession *page)
{
	page->confirm = NULL;
	if (g_strcmp0(response, "start") == 0)
		g_action_group_activate_action(G_ACTION_GROUP(page->app),
					       "start-acknowledged", NULL);
	else
		page->cautions_shown = FALSE;
}

void tp_page_session_start(TpPageSession *page)
{
	GtkWidget *dialog;

	if (!page->muscle || page->session || page->confirm)
		return;
	dialog = adw_message_dialog_new(
	    GTK_WINDOW(gtk_widget_get_root(GTK_WIDGET(page))),
	    _("Before you start"), NULL);
	adw_message_dialog_format_body(
	    ADW_MESSAGE_DIALOG(dialog), "%s\n\n%s",
	    tp_dict_str(page->muscle, "Cautions"),
	    _("The program starts gently. Press Stop, Esc or Space at once "
	      "if the pain gets sharp or spreads, or you feel numbness or "
	      "tingling. This is not medical advice."));
	adw_message_dialog_add_responses(ADW_MESSAGE_DIALOG(dialog), "cancel",
					 _("Cancel"), "start",
					 _("I understand, start"), NULL);
	adw_message_dialog_set_response_appearance(
	    ADW_MESSAGE_DIALOG(dialog), "start", ADW_RESPONSE_SUGGESTED);
	adw_message_dialog_set_default_response(ADW_MESSAGE_DIALOG(dialog),
						"cancel");
	adw_message_dialog_set_close_response(ADW_MESSAGE_DIALOG(dialog),
					      "cancel");
	g_signal_connect(dialog, "response",
			 G_CALLBACK(tp_page_session_confirmed), page);
	tp_name_buttons(dialog);
	page->confirm = ADW_MESSAGE_DIALOG(dialog);
	page->cautions_shown = TRUE;
	gtk_window_present(GTK_WINDOW(dialog));
}

/* -- running ----------------------------------------------------------- */

static void tp_page_session_show_live(TpPageSession *page)
{
	g_autoptr(GDBusProxy) s =
	    tp_tpd_get_proxy(page->tpd, page->session, TP_TPD_SESSION);
	guint32 elapsed, duration;
	g_autofree char *e = NULL, *l = NULL, *percent = NULL, *title = NULL;
	g_autofree char *muscle = NULL;
	gboolean paused;

	if (!s)
		return;
	elapsed = tp_proxy_u32(s, "Elapsed");
	duration = tp_proxy_u32(s, "Duration");
	paused = g_strcmp0(tp_proxy_str(s, "State"), "paused") == 0;
	muscle = tp_format_muscle(page->tpd, tp_proxy_str(s, "Muscle"));
	title = g_strdup_printf("%s · %s", muscle,
				tp_format_side(tp_proxy_str(s, "Side")));
	gtk_label_set_text(page->run_title, title);
	gtk_label_set_text(page->step, tp_proxy_str(s, "StepName"));
	gtk_label_set_text(page->cue, tp_proxy_str(s, "Cue"));
	gtk_level_bar_set_value(page->intensity, tp_proxy_u32(s, "Intensity"));
	percent = g_strdup_printf(_("Intensity %u %%%s"),
				  tp_proxy_u32(s, "Intensity"),
				  paused ? _(" (paused)") : "");
	gtk_label_set_text(page->intensity_text, percent);
	gtk_progress_bar_set_fraction(
	    page->progress,
	    duration ? MIN(1.0, (double)elapsed / duration) : 0);
	e = tp_format_duration(elapsed);
	l = tp_format_duration(duration > elapsed ? duration - elapsed : 0);
	gtk_label_set_text(page->elapsed, e);
	gtk_label_set_text(page->left, l);
	gtk_widget_set_visible(page->pause, !paused);
	gtk_widget_set_visible(page->resume, paused);
}

static void tp_page_session_ended(TpPageSession *page, const char *reason)
{
	g_free(page->session);
	page->session = NULL;
	tp_app_arm_stop_keys(page->app, FALSE);
	adw_status_page_set_description(page->finished,
					tp_format_reason(reason));
	gtk_widget_set_visible(page->rated, FALSE);
	gtk_stack_set_visible_child_name(page->stack, "finished");
	g_debug("session ended: %s", reason);
}

static void tp_page_session_started(GObject *source, GAsyncResult *result,
				    gpointer data)
{
	TpPageSession *page = data;
	g_autoptr(GVariant) reply = tp_window_reply(
	    GTK_WIDGET(page), _("Starting the session"), source, result);

	page->cautions_shown = FALSE;
	if (!reply)
		return;
	g_variant_get(reply, "(o)", &page->session);
	g_free(page->session_muscle);
	page->session_muscle = g_strdup(tp_dict_str(page->muscle, "Id"));
	tp_app_arm_stop_keys(page->app, TRUE);
	gtk_stack_set_visible_child_name(page->stack, "running");
	tp_page_session_show_live(page);
	g_debug("session started: %s", page->session);
}

static GVariant *tp_page_session_options(TpPageSession *page)
{
	GVariantBuilder options;
	GVariant *scale = tp_app_action_state(page->app, "scale");
	GVariant *pain = tp_app_action_state(page->app, "pain-before");

	g_variant_builder_init(&options, G_VARIANT_TYPE_VARDICT);
	g_variant_builder_add(
	    &options, "{sv}", "Side",
	    g_variant_new_string(tp_app_action_string(page->app, "side")));
	if (scale)
		g_variant_builder_add(&options, "{sv}", "Scale", scale);
	if (pain && g_variant_get_int32(pain) >= 0)
		g_variant_builder_add(
		    &options, "{sv}", "PainBefore",
		    g_variant_new_uint32(g_variant_get_int32(pain)));
	/* No Detach: closing the app must stop the motor. */
	return g_variant_builder_end(&options);
}

void tp_page_session_start_acknowledged(TpPageSession *page)
{
	const char *device = tp_app_action_string(page->app, "device");

	/* Acknowledged through the action while the dialog is up: answer
	 * the dialog, whose response comes back here. */
	if (page->confirm) {
		GtkWindow *dialog = GTK_WINDOW(page->confirm);
		adw_message_dialog_response(page->confirm, "start");
		/* Only the dialog's own buttons close it. */
		gtk_window_destroy(dialog);
		return;
	}
	if (!page->cautions_shown || page->session || !page->muscle) {
		g_warning("start not acknowledged: the cautions were not "
			  "shown, or a session runs");
		return;
	}
	page->cautions_shown = FALSE;
	page->started_at = g_get_real_time() / G_USEC_PER_SEC;
	tp_tpd_call(page->tpd, TP_TPD_PATH, TP_TPD_MANAGER, "StartSession",
		    g_variant_new("(oss@a{sv})", *device ? device : "/",
				  tp_dict_str(page->muscle, "Id"),
				  tp_app_action_string(page->app, "program"),
				  tp_page_session_options(page)),
		    G_VARIANT_TYPE("(o)"), NULL, tp_page_session_started, page);
}

static void tp_page_session_called(GObject *source, GAsyncResult *result,
				   gpointer data)
{
	g_autoptr(TpPageSession) page = data;
	g_autoptr(GVariant) reply =
	    tp_window_reply(GTK_WIDGET(page), _("The session"), source, result);
}

void tp_page_session_call(TpPageSession *page, const char *method)
{
	if (!page->session)
		return;
	tp_tpd_call(page->tpd, page->session, TP_TPD_SESSION, method, NULL,
		    NULL, NULL, tp_page_session_called, g_object_ref(page));
}

static GtkWidget *tp_pill(const char *label, const char *action)
{
	GtkWidget *button = tp_button(label, action);

	gtk_widget_add_css_class(button, "pill");
	return button;
}

static GtkWidget *tp_page_session_time_row(TpPageSession *page)
{
	GtkWidget *row = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12);
	GtkWidget *spacer = gtk_label_new(NULL);

	page->elapsed = GTK_LABEL(tp_text(NULL, "numeric"));
	page->left = GTK_LABEL(tp_text(NULL, "numeric"));
	gtk_widget_set_hexpand(spacer, TRUE);
	gtk_box_append(GTK_BOX(row), tp_text(_("Elapsed"), "dim-label"));
	gtk_box_append(GTK_BOX(row), GTK_WIDGET(page->elapsed));
	gtk_box_append(GTK_BOX(row), spacer);
	gtk_box_append(GTK_BOX(row), tp_text(_("Remaining"), "dim-label"));
	gtk_box_append(GTK_BOX(row), GTK_WIDGET(page->left));
	return row;
}

static GtkWidget *tp_page_session_running(TpPageSession *page)
{
	GtkWidget *box = tp_padded_column(12);
	GtkWidget *buttons = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12);
	GtkWidget *level = gtk_level_bar_new_for_interval(0, 100);
	GtkWidget *progress = gtk_progress_bar_new();

	page->run_title = GTK_LABEL(tp_text(NULL, "dim-label"));
	page->step = GTK_LABEL(tp_text(NULL, "title-1"));
	page->cue = GTK_LABEL(tp_text(NULL, "title-4"));
	gtk_box_append(GTK_BOX(box), GTK_WIDGET(page->run_title));
	gtk_box_append(GTK_BOX(box), GTK_WIDGET(page->step));
	gtk_box_append(GTK_BOX(box), GTK_WIDGET(page->cue));
	page->intensity = GTK_LEVEL_BAR(level);
	gtk_widget_set_size_request(level, -1, 24);
	gtk_accessible_update_property(GTK_ACCESSIBLE(level),
				       GTK_ACCESSIBLE_PROPERTY_LABEL,
				       _("Intensity"), -1);
	page->intensity_text = GTK_LABEL(tp_text(NULL, NULL));
	gtk_box_append(GTK_BOX(box), GTK_WIDGET(page->intensity_text));
	gtk_box_append(GTK_BOX(box), level);
	page->progress = GTK_PROGRESS_BAR(progress);
	gtk_accessible_update_property(GTK_ACCESSIBLE(progress),
				       GTK_ACCESSIBLE_PROPERTY_LABEL,
				       _("Progress of the session"), -1);
	gtk_box_append(GTK_BOX(box), progress);
	gtk_box_append(GTK_BOX(box), tp_page_session_time_row(page));
	page->pause = tp_pill(_("Pause"), "app.pause");
	page->resume = tp_pill(_("Resume"), "app.resume");
	gtk_widget_add_css_class(page->resume, "suggested-action");
	gtk_box_append(GTK_BOX(buttons), page->pause);
	gtk_box_append(GTK_BOX(buttons), page->resume);
	gtk_box_append(GTK_BOX(buttons), tp_pill(_("Skip step"), "app.skip"));
	gtk_widget_set_halign(buttons, GTK_ALIGN_CENTER);
	gtk_box_append(GTK_BOX(box), buttons);
	return tp_scrolled_clamp(box, 640);
}

/* -- after ------------------------------------------------------------- */

typedef struct {
	TpPageSession *page;
	int pain;
} TpRating;

static void tp_page_session_rated(GObject *source, GAsyncResult *result,
				  gpointer data)
{
	g_autofree TpRating *rating = data;
	g_autoptr(TpPageSession) page = rating->page;
	g_autoptr(GError) error = NULL;
	g_autoptr(GVariant) reply =
	    tp_tpd_call_finish(TP_TPD(source), result, &error);

	if (!reply) {
		tp_window_report_error(GTK_WIDGET(page), _("Saving the rating"),
				       error);
		return;
	}
	gtk_widget_set_visible(page->rated, TRUE);
	g_debug("rated %d", rating->pain);
}

/* The history record of the session that just ended: this muscle's
 * latest, if it began when ours did. */
static void tp_page_session_found_record(GObject *source, GAsyncResult *result,
					 gpointer data)
{
	TpRating *rating = data;
	TpPageSession *page = rating->page;
	g_autoptr(GError) error = NULL;
	g_autoptr(GVariant) reply =
	    tp_tpd_call_finish(TP_TPD(source), result, &error);
	g_autoptr(GVariant) records = NULL;
	gint64 start = 0;

	if (reply)
		records = g_variant_get_child_value(reply, 0);
	if (records && g_variant_n_children(records) > 0) {
		g_autoptr(GVariant) first =
		    g_variant_get_child_value(records, 0);
		g_variant_lookup(first, "Start", "x", &start);
		if (start + 2 >= page->started_at) {
			tp_tpd_call(page->tpd, TP_TPD_PATH, TP_TPD_MANAGER,
				    "RateSession",
				    g_variant_new("(uu)",
						  tp_dict_u32(first, "Id", 0),
						  (guint32)rating->pain),
				    NULL, NULL, tp_page_session_rated, rating);
			return;
		}
	}
	if (!error)
		g_set_error(&error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
			    _("tpd has not recorded the session yet; try "
			      "again in a moment"));
	tp_window_report_error(GTK_WIDGET(page), _("Saving the rating"), error);
	g_object_unref(page);
	g_free(rating);
}

void tp_page_session_rate(TpPageSession *page, int pain)
{
	TpRating *rating;
	GVariantBuilder filter;

	if (!page->session_muscle || pain < 0 || pain > 10)
		return;
	rating = g_new0(TpRating, 1);
	rating->page = g_object_ref(page);
	rating->pain = pain;
	g_variant_builder_init(&filter, G_VARIANT_TYPE_VARDICT);
	g_variant_builder_add(&filter, "{sv}", "Muscle",
			      g_variant_new_string(page->session_muscle));
	g_variant_builder_add(&filter, "{sv}", "Limit",
			      g_variant_new_uint32(1));
	tp_tpd_call(page->tpd, TP_TPD_PATH, TP_TPD_MANAGER, "GetHistory",
		    g_variant_new("(@a{sv})", g_variant_builder_end(&filter)),
		    G_VARIANT_TYPE("(aa{sv})"), NULL,
		    tp_page_session_found_record, rating);
}

static GtkWidget *tp_page_session_after(TpPageSession *page)
{
	GtkWidget *status = adw_status_page_new();
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 12);
	GtkWidget *again = tp_pill(_("Where does it hurt?"), "app.page");
	GtkWidget *question = tp_text(_("How does it feel now?"), "heading");

	page->finished = ADW_STATUS_PAGE(status);
	adw_status_page_set_icon_name(page->finished, "emblem-ok-symbolic");
	adw_status_page_set_title(page->finished, _("Session ended"));
	gtk_label_set_xalign(GTK_LABEL(question), 0.5);
	gtk_box_append(GTK_BOX(box), question);
	gtk_box_append(GTK_BOX(box),
		       tp_pain_buttons_new("app.rate", _("Pain after")));
	page->rated = tp_text(_("Saved in the history."), "dim-label");
	gtk_widget_set_visible(page->rated, FALSE);
	gtk_box_append(GTK_BOX(box), page->rated);
	gtk_actionable_set_action_target(GTK_ACTIONABLE(again), "s",
					 TP_PAGE_NAME_PAIN);
	gtk_widget_set_halign(again, GTK_ALIGN_CENTER);
	gtk_box_append(GTK_BOX(box), again);
	adw_status_page_set_child(page->finished, box);
	return status;
}

static GtkWidget *tp_page_session_empty(void)
{
	GtkWidget *status = adw_status_page_new();
	GtkWidget *go = tp_pill(_("Where does it hurt?"), "app.page");

	adw_status_page_set_icon_name(ADW_STATUS_PAGE(status),
				      "find-location-symbolic");
	adw_status_page_set_title(ADW_STATUS_PAGE(status),
				  _("No muscle chosen"));
	adw_status_page_set_description(
	    ADW_STATUS_PAGE(status),
	    _("Start from where it hurts, and choose one of the muscles "
	      "that may cause it."));
	gtk_actionable_set_action_target(GTK_ACTIONABLE(go), "s",
					 TP_PAGE_NAME_PAIN);
	gtk_widget_add_css_class(go, "suggested-action");
	gtk_widget_set_halign(go, GTK_ALIGN_CENTER);
	adw_status_page_set_child(ADW_STATUS_PAGE(status), go);
	return status;
}

/* -- following tpd ----------------------------------------------------- */

static void tp_page_session_on_finished(TpPageSession *page, const char *path,
					const char *reason)
{
	if (g_strcmp0(path, page->session) == 0)
		tp_page_session_ended(page, reason);
}

static void tp_page_session_on_changed(TpPageSession *page)
{
	if (page->session)
		tp_page_session_show_live(page);
	else if (page->muscle)
		tp_session_form_sync(page->form);
}

static void tp_page_session_presence(TpPageSession *page)
{
	/* tpd left with our session: it stopped the motor on its way out,
	 * or died, and then systemd restarts it and it stops every device
	 * first. Either way the session is over. */
	if (!tp_tpd_is_present(page->tpd) && page->session)
		tp_page_session_ended(page, "shutdown");
	if (tp_tpd_is_present(page->tpd) && page->muscle)
		tp_session_form_sync(page->form);
}

static void tp_page_session_dispose(GObject *object)
{
	TpPageSession *page = TP_PAGE_SESSION(object);

	g_clear_pointer(&page->muscle, g_variant_unref);
	g_clear_pointer(&page->session, g_free);
	g_clear_pointer(&page->session_muscle, g_free);
	G_OBJECT_CLASS(tp_page_session_parent_class)->dispose(object);
}

static void tp_page_session_class_init(TpPageSessionClass *klass)
{
	G_OBJECT_CLASS(klass)->dispose = tp_page_session_dispose;
}

static void tp_page_session_init(TpPageSession *page)
{
}

GtkWidget *tp_page_session_new(TpApp *app)
{
	TpPageSession *page = g_object_new(TP_TYPE_PAGE_SESSION, NULL);
	GtkWidget *stack = gtk_stack_new();

	page->app = app;
	page->tpd = tp_app_get_tpd(app);
	page->stack = GTK_STACK(stack);
	gtk_stack_add_named(page->stack, tp_page_session_empty(), "empty");
	gtk_stack_add_named(page->stack, tp_page_session_setup(page), "setup");
	gtk_stack_add_named(page->stack, tp_page_session_running(page),
			    "running");
	gtk_stack_add_named(page->stack, tp_page_session_after(page),
			    "finished");
	tp_hide_unseen_pages(stack);
	adw_bin_set_child(ADW_BIN(page), stack);
	g_signal_connect_object(page->tpd, "session-finished",
				G_CALLBACK(tp_page_session_on_finished), page,
				G_CONNECT_SWAPPED);
	g_signal_connect_object(page->tpd, "objects-changed",
				G_CALLBACK(tp_page_session_on_changed), page,
				G_CONNECT_SWAPPED);
	g_signal_connect_object(page->tpd, "presence",
				G_CALLBACK(tp_page_session_presence), page,
				G_CONNECT_SWAPPED);
	return GTK_WIDGET(page);
}
