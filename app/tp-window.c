/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "tp-window.h"

#include <glib/gi18n.h>

#include "tp-format.h"
#include "tp-widgets.h"

struct _TpWindow {
	AdwApplicationWindow parent;
	TpApp *app;
	TpTpd *tpd;
	AdwToastOverlay *toasts;
	GtkStack *root;
	AdwStatusPage *denied;
	AdwViewStack *pages;
	GtkLabel *running;
	GtkWidget *pain, *session, *devices, *history;
};

G_DEFINE_FINAL_TYPE(TpWindow, tp_window, ADW_TYPE_APPLICATION_WINDOW)

static GtkWidget *tp_header(GtkWidget *title)
{
	GtkWidget *header = adw_header_bar_new();

	if (title)
		adw_header_bar_set_title_widget(ADW_HEADER_BAR(header), title);
	return header;
}

static GtkWidget *tp_with_header(GtkWidget *content, GtkWidget *header)
{
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0);

	gtk_box_append(GTK_BOX(box), header);
	gtk_widget_set_vexpand(content, TRUE);
	gtk_box_append(GTK_BOX(box), content);
	return box;
}

static GtkWidget *tp_waiting_page(void)
{
	GtkWidget *status = adw_status_page_new();
	GtkWidget *spinner = gtk_spinner_new();

	adw_status_page_set_icon_name(ADW_STATUS_PAGE(status),
				      "network-offline-symbolic");
	adw_status_page_set_title(ADW_STATUS_PAGE(status),
				  _("Waiting for tpd"));
	adw_status_page_set_description(
	    ADW_STATUS_PAGE(status),
	    _("tpd, the service that drives the massagers, is not running "
	      "or is restarting. It starts with Bluetooth; this page goes "
	      "away by itself as soon as tpd is back."));
	gtk_spinner_start(GTK_SPINNER(spinner));
	gtk_widget_set_size_request(spinner, 32, 32);
	gtk_accessible_update_property(GTK_ACCESSIBLE(spinner),
				       GTK_ACCESSIBLE_PROPERTY_LABEL,
				       _("Waiting"), -1);
	adw_status_page_set_child(ADW_STATUS_PAGE(status), spinner);
	return tp_with_header(status, tp_header(NULL));
}

static void tp_window_leave_denied(TpWindow *win)
{
	gtk_stack_set_visible_child_name(
	    win->root, tp_tpd_is_present(win->tpd) ? "main" : "waiting");
}

static GtkWidget *tp_denied_page(TpWindow *win)
{
	GtkWidget *status = adw_status_page_new();
	GtkWidget *back = tp_button(_("Back"), NULL);

	win->denied = ADW_STATUS_PAGE(status);
	adw_status_page_set_icon_name(ADW_STATUS_PAGE(status),
				      "dialog-password-symbolic");
	adw_status_page_set_title(ADW_STATUS_PAGE(status),
				  _("Permission needed"));
	gtk_widget_add_css_class(back, "pill");
	gtk_widget_set_halign(back, GTK_ALIGN_CENTER);
	g_signal_connect_swapped(back, "clicked",
				 G_CALLBACK(tp_window_leave_denied), win);
	adw_status_page_set_child(ADW_STATUS_PAGE(status), back);
	return tp_with_header(status, tp_header(NULL));
}

static void tp_window_add_page(TpWindow *win, GtkWidget *page, const char *name,
			       const char *title, const char *icon)
{
	adw_view_stack_add_titled(win->pages, page, name, title);
	adw_view_stack_page_set_icon_name(
	    adw_view_stack_get_page(win->pages, page), icon);
}

static void tp_window_page_shown(TpWindow *win)
{
	const char *name = adw_view_stack_get_visible_child_name(win->pages);

	if (name)
		tp_app_set_action_state(win->app, "page",
					g_variant_new_string(name));
}

/* The bottom bar, on every page: what runs, and Stop. */
static GtkWidget *tp_stop_bar(TpWindow *win)
{
	GtkWidget *bar = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12);
	GtkWidget *stop = tp_button(_("Stop"), "app.stop");

	gtk_widget_add_css_class(bar, "toolbar");
	gtk_widget_set_margin_start(bar, 12);
	gtk_widget_set_margin_end(bar, 12);
	gtk_widget_set_margin_top(bar, 6);
	gtk_widget_set_margin_bottom(bar, 6);
	win->running = GTK_LABEL(gtk_label_new(NULL));
	gtk_label_set_xalign(win->running, 0);
	gtk_label_set_wrap(win->running, TRUE);
	gtk_widget_set_hexpand(GTK_WIDGET(win->running), TRUE);
	gtk_box_append(GTK_BOX(bar), GTK_WIDGET(win->running));
	gtk_widget_add_css_class(stop, "destructive-action");
	gtk_widget_add_css_class(stop, "pill");
	gtk_widget_add_css_class(stop, "title-3");
	gtk_widget_set_size_request(stop, 180, 52);
	gtk_widget_set_tooltip_text(stop, _("Stop every motor (Esc or Space "
					    "while a session runs)"));
	gtk_accessible_update_property(GTK_ACCESSIBLE(stop),
				       GTK_ACCESSIBLE_PROPERTY_LABEL,
				       _("Stop every motor"), -1);
	gtk_box_append(GTK_BOX(bar), stop);
	return bar;
}

static GtkWidget *tp_main_page(TpWindow *win)
{
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0);
	GtkWidget *stack = adw_view_stack_new();
	GtkWidget *title = adw_view_switcher_title_new();
	GtkWidget *bottom = adw_view_switcher_bar_new();

	win->pages = ADW_VIEW_STACK(stack);
	tp_window_add_page(win, win->pain, TP_PAGE_NAME_PAIN,
			   _("Where does it hurt"), "find-location-symbolic");
	tp_window_add_page(win, win->session, TP_PAGE_NAME_SESSION,
			   _("Session"), "media-playback-start-symbolic");
	tp_window_add_page(win, win->devices, TP_PAGE_NAME_DEVICES,
			   _("Devices"), "bluetooth-symbolic");
	tp_window_add_page(win, win->history, TP_PAGE_NAME_HISTORY,
			   _("History"), "document-open-recent-symbolic");
	tp_hide_unseen_pages(stack);
	g_signal_connect_swapped(stack, "notify::visible-child-name",
				 G_CALLBACK(tp_window_page_shown), win);
	/* Narrow windows: the switcher moves from the title to the bottom. */
	adw_view_switcher_title_set_stack(ADW_VIEW_SWITCHER_TITLE(title),
					  win->pages);
	adw_view_switcher_bar_set_stack(ADW_VIEW_SWITCHER_BAR(bottom),
					win->pages);
	g_object_bind_property(title, "title-visible", bottom, "reveal",
			       G_BINDING_SYNC_CREATE);
	gtk_box_append(GTK_BOX(box), tp_header(title));
	gtk_widget_set_vexpand(stack, TRUE);
	gtk_box_append(GTK_BOX(box), stack);
	gtk_box_append(GTK_BOX(box), bottom);
	return box;
}

static void tp_window_show_running(TpWindow *win)
{
	g_autolist(GDBusProxy) sessions =
	    tp_tpd_list_proxies(win->tpd, TP_TPD_SESSION);
	g_autoptr(GString) text = g_string_new(NULL);

	for (GList *l = sessions; l; l = l->next) {
		g_autofree char *line =
		    tp_format_session_line(win->tpd, l->data);
		if (text->len)
			g_string_append_c(text, '\n');
		g_string_append(text, line);
	}
	gtk_label_set_text(win->running,
			   text->len ? text->str : _("No motor is running."));
}

static void tp_window_presence(TpWindow *win)
{
	if (g_strcmp0(gtk_stack_get_visible_child_name(win->root), "denied") !=
	    0)
		tp_window_leave_denied(win);
	tp_window_show_running(win);
}

static void tp_window_build(TpWindow *win)
{
	GtkWidget *root = gtk_stack_new();
	GtkWidget *content = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0);

	win->root = GTK_STACK(root);
	gtk_stack_set_transition_type(win->root,
				      GTK_STACK_TRANSITION_TYPE_CROSSFADE);
	gtk_stack_add_named(win->root, tp_waiting_page(), "waiting");
	gtk_stack_add_named(win->root, tp_denied_page(win), "denied");
	gtk_stack_add_named(win->root, tp_main_page(win), "main");
	tp_hide_unseen_pages(root);
	/* Stop below every page, the waiting and the permission pages too:
	 * a refused call must never hide it while a motor may run. */
	gtk_widget_set_vexpand(root, TRUE);
	gtk_box_append(GTK_BOX(content), root);
	gtk_box_append(GTK_BOX(content),
		       gtk_separator_new(GTK_ORIENTATION_HORIZONTAL));
	gtk_box_append(GTK_BOX(content), tp_stop_bar(win));
	win->toasts = ADW_TOAST_OVERLAY(adw_toast_overlay_new());
	adw_toast_overlay_set_child(win->toasts, content);
	adw_application_window_set_content(ADW_APPLICATION_WINDOW(win),
					   GTK_WIDGET(win->toasts));
}

static void tp_window_class_init(TpWindowClass *klass)
{
}

static void tp_window_init(TpWindow *win)
{
}

TpWindow *tp_window_new(TpApp *app)
{
	TpWindow *win = g_object_new(TP_TYPE_WINDOW, "application", app,
				     "title", _("Trigger Point"), NULL);

	win->app = app;
	win->tpd = tp_app_get_tpd(app);
	gtk_window_set_default_size(GTK_WINDOW(win), 1000, 760);
	gtk_widget_set_size_request(GTK_WIDGET(win), 360, 480);
	win->pain = tp_page_pain_new(app);
	win->session = tp_page_session_new(app);
	win->devices = tp_page_devices_new(app);
	win->history = tp_page_history_new(app);
	tp_window_build(win);
	g_signal_connect_object(win->tpd, "presence",
				G_CALLBACK(tp_window_presence), win,
				G_CONNECT_SWAPPED);
	g_signal_connect_object(win->tpd, "objects-changed",
				G_CALLBACK(tp_window_show_running), win,
				G_CONNECT_SWAPPED);
	tp_window_presence(win);
	return win;
}

void tp_window_show_page(TpWindow *win, const char *name)
{
	if (adw_view_stack_get_child_by_name(win->pages, name))
		adw_view_stack_set_visible_child_name(win->pages, name);
}

TpPagePain *tp_window_get_pain(TpWindow *win)
{
	return TP_PAGE_PAIN(win->pain);
}

TpPageSession *tp_window_get_session(TpWindow *win)
{
	return TP_PAGE_SESSION(win->session);
}

TpPageDevices *tp_window_get_devices(TpWindow *win)
{
	return TP_PAGE_DEVICES(win->devices);
}

TpPageHistory *tp_window_get_history(TpWindow *win)
{
	return TP_PAGE_HISTORY(win->history);
}

static TpWindow *tp_window_of(GtkWidget *from)
{
	GtkRoot *root = gtk_widget_get_root(from);

	return TP_IS_WINDOW(root) ? TP_WINDOW(root) : NULL;
}

void tp_window_report_error(GtkWidget *from, const char *what,
			    const GError *error)
{
	TpWindow *win = tp_window_of(from);
	g_autofree char *said = tp_tpd_error_text(error);
	g_autofree char *text = NULL;

	g_warning("%s: %s", what, error->message);
	if (!win)
		return;
	if (tp_tpd_error_is(error, "NotPermitted")) {
		text = g_strdup_printf(
		    _("%s: tpd said: %s\n\nMembers of the group tpd may use "
		      "the massagers; an administrator can add you with "
		      "“sudo usermod -aG tpd %s” (then log in again), or allow "
		      "it for you through polkit."),
		    what, said, g_get_user_name());
		adw_status_page_set_description(win->denied, text);
		gtk_stack_set_visible_child_name(win->root, "denied");
		return;
	}
	text = g_strdup_printf("%s: %s", what, said);
	tp_window_toast(from, text);
}

void tp_window_toast(GtkWidget *from, const char *text)
{
	TpWindow *win = tp_window_of(from);
	AdwToast *toast;

	if (!win)
		return;
	toast = adw_toast_new(text);
	adw_toast_set_timeout(toast, 6);
	adw_toast_overlay_add_toast(win->toasts, toast);
}

GVariant *tp_window_reply(GtkWidget *from, const char *what, GObject *source,
			  GAsyncResult *result)
{
	g_autoptr(GError) error = NULL;
	GVariant *reply = tp_tpd_call_finish(TP_TPD(source), result, &error);

	if (!reply && !g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
		tp_window_report_error(from, what, error);
	return reply;
}
