/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The devices tpd knows: name, model, kind, connection state, battery and
 * whether its model is experimental; connect, disconnect and scan. Rows
 * are kept per object path and updated in place, so that a device's
 * frequent changes (intensity, battery) do not take the keyboard focus
 * away from its buttons.
 */
#include "tp-page-devices.h"

#include <glib/gi18n.h>

#include "tp-format.h"
#include "tp-widgets.h"
#include "tp-window.h"

typedef struct {
	GtkWidget *row;
	GtkWidget *badge;
	GtkWidget *connect, *disconnect;
} TpDeviceRow;

struct _TpPageDevices {
	AdwBin parent;
	TpApp *app;
	TpTpd *tpd;
	GtkStack *stack;
	GtkListBox *list;
	GHashTable *rows; /* object path → TpDeviceRow */
	gboolean scanning;
};

G_DEFINE_FINAL_TYPE(TpPageDevices, tp_page_devices, ADW_TYPE_BIN)

static const char *tp_kind_icon(const char *kind)
{
	if (g_strcmp0(kind, "gun") == 0)
		return "input-mouse-symbolic";
	return "bluetooth-symbolic";
}

static GtkWidget *tp_row_button(const char *label, const char *action,
				const char *path, const char *a11y_label)
{
	GtkWidget *button = gtk_button_new_with_label(label);

	gtk_widget_set_valign(button, GTK_ALIGN_CENTER);
	gtk_actionable_set_action_name(GTK_ACTIONABLE(button), action);
	gtk_actionable_set_action_target(GTK_ACTIONABLE(button), "s", path);
	gtk_accessible_update_property(GTK_ACCESSIBLE(button),
				       GTK_ACCESSIBLE_PROPERTY_LABEL,
				       a11y_label, -1);
	return button;
}

static TpDeviceRow *tp_device_row_new(TpPageDevices *page, GDBusProxy *dev)
{
	TpDeviceRow *r = g_new0(TpDeviceRow, 1);
	const char *path = g_dbus_proxy_get_object_path(dev);
	g_autofree char *connect =
	    g_strdup_printf(_("Connect %s"), tp_proxy_str(dev, "Name"));
	g_autofree char *disconnect =
	    g_strdup_printf(_("Disconnect %s"), tp_proxy_str(dev, "Name"));

	r->row = adw_action_row_new();
	adw_action_row_set_icon_name(ADW_ACTION_ROW(r->row),
				     tp_kind_icon(tp_proxy_str(dev, "Kind")));
	r->badge = gtk_label_new(_("Experimental"));
	gtk_widget_add_css_class(r->badge, "caption-heading");
	gtk_widget_add_css_class(r->badge, "warning");
	gtk_widget_set_valign(r->badge, GTK_ALIGN_CENTER);
	gtk_widget_set_tooltip_text(
	    r->badge, _("Its protocol is not confirmed on a real device: "
			"watch it closely and keep Stop in reach."));
	adw_action_row_add_suffix(ADW_ACTION_ROW(r->row), r->badge);
	r->connect = tp_row_button(_("Connect"), "app.connect", path, connect);
	r->disconnect =
	    tp_row_button(_("Disconnect"), "app.disconnect", path, disconnect);
	adw_action_row_add_suffix(ADW_ACTION_ROW(r->row), r->connect);
	adw_action_row_add_suffix(ADW_ACTION_ROW(r->row), r->disconnect);
	gtk_list_box_append(page->list, r->row);
	return r;
}

static void tp_device_row_show(TpDeviceRow *r, GDBusProxy *dev)
{
	g_autoptr(GString) sub = g_string_new(NULL);
	g_autoptr(GVariant) battery =
	    g_dbus_proxy_get_cached_property(dev, "Battery");
	gboolean connected = tp_proxy_bool(dev, "Connected");

	adw_preferences_row_set_title(ADW_PREFERENCES_ROW(r->row),
				      tp_proxy_str(dev, "Name"));
	g_string_append_printf(
	    sub, "%s · %s · %s", tp_proxy_str(dev, "Model"),
	    tp_format_kind(tp_proxy_str(dev, "Kind")),
	    tp_format_device_state(tp_proxy_str(dev, "State")));
	/* tpd says 255 while it does not know the level. */
	if (battery && g_variant_is_of_type(battery, G_VARIANT_TYPE_BYTE) &&
	    g_variant_get_byte(battery) <= 100)
		g_string_append_printf(sub, _(" · battery %u %%"),
				       g_variant_get_byte(battery));
	adw_action_row_set_subtitle(ADW_ACTION_ROW(r->row), sub->str);
	gtk_widget_set_visible(r->badge, tp_proxy_bool(dev, "Experimental"));
	gtk_widget_set_visible(r->connect, !connected);
	gtk_widget_set_visible(r->disconnect, connected);
}

static void tp_device_row_free(gpointer data)
{
	TpDeviceRow *r = data;
	GtkWidget *list = gtk_widget_get_parent(r->row);

	if (list)
		gtk_list_box_remove(GTK_LIST_BOX(list), r->row);
	g_free(r);
}

static void tp_page_devices_refresh(TpPageDevices *page)
{
	g_autolist(GDBusProxy) devices =
	    tp_tpd_list_proxies(page->tpd, TP_TPD_DEVICE);
	g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
	GHashTableIter iter;
	gpointer path;

	for (GList *l = devices; l; l = l->next) {
		const char *p = g_dbus_proxy_get_object_path(l->data);
		TpDeviceRow *r = g_hash_table_lookup(page->rows, p);
		if (!r) {
			r = tp_device_row_new(page, l->data);
			g_hash_table_insert(page->rows, g_strdup(p), r);
		}
		tp_device_row_show(r, l->data);
		g_hash_table_add(seen, (gpointer)p);
	}
	g_hash_table_iter_init(&iter, page->rows);
	while (g_hash_table_iter_next(&iter, &path, NULL))
		if (!g_hash_table_contains(seen, path))
			g_hash_table_iter_remove(&iter);
	gtk_stack_set_visible_child_name(
	    page->stack, g_hash_table_size(page->rows) ? "list" : "empty");
}

static void tp_page_devices_called(GObject *source, GAsyncResult *result,
				   gpointer data)
{
	g_autoptr(TpPageDevices) page = data;
	g_autoptr(GVariant) reply =
	    tp_window_reply(GTK_WIDGET(page), _("The device"), source, result);
}

void tp_page_devices_call(TpPageDevices *page, const char *path,
			  const char *method)
{
	if (!g_variant_is_object_path(path))
		return;
	tp_tpd_call(page->tpd, path, TP_TPD_DEVICE, method, NULL, NULL, NULL,
		    tp_page_devices_called, g_object_ref(page));
}

static void tp_page_devices_scanned(GObject *source, GAsyncResult *result,
				    gpointer data)
{
	g_autoptr(TpPageDevices) page = data;
	g_autoptr(GVariant) reply = tp_window_reply(
	    GTK_WIDGET(page), _("Looking for devices"), source, result);

	if (reply)
		return;
	/* Not scanning after all: show the switch as it is. */
	page->scanning = FALSE;
	tp_app_set_action_state(page->app, "scan",
				g_variant_new_boolean(FALSE));
}

void tp_page_devices_scan(TpPageDevices *page, gboolean on)
{
	if (on == page->scanning)
		return;
	page->scanning = on;
	tp_app_set_action_state(page->app, "scan", g_variant_new_boolean(on));
	tp_tpd_call(page->tpd, TP_TPD_PATH, TP_TPD_MANAGER,
		    on ? "StartDiscovery" : "StopDiscovery", NULL, NULL, NULL,
		    tp_page_devices_scanned, g_object_ref(page));
}

static void tp_page_devices_presence(TpPageDevices *page)
{
	/* Discovery ends with tpd (or with this client leaving it). */
	if (!tp_tpd_is_present(page->tpd) && page->scanning) {
		page->scanning = FALSE;
		tp_app_set_action_state(page->app, "scan",
					g_variant_new_boolean(FALSE));
	}
	tp_page_devices_refresh(page);
}

static GtkWidget *tp_page_devices_empty(void)
{
	GtkWidget *status = adw_status_page_new();

	adw_status_page_set_icon_name(ADW_STATUS_PAGE(status),
				      "bluetooth-symbolic");
	adw_status_page_set_title(ADW_STATUS_PAGE(status), _("No devices"));
	adw_status_page_set_description(
	    ADW_STATUS_PAGE(status),
	    _("Switch the massager on and press Scan, or pair it in the "
	      "Bluetooth settings: tpd takes it up by itself."));
	return status;
}

static GtkWidget *tp_page_devices_build(TpPageDevices *page)
{
	GtkWidget *box = tp_padded_column(12);
	GtkWidget *top = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12);
	GtkWidget *title = gtk_label_new(_("Devices"));
	GtkWidget *scan = tp_toggle(_("Scan"), "app.scan");

	gtk_widget_add_css_class(title, "title-2");
	gtk_widget_set_hexpand(title, TRUE);
	gtk_label_set_xalign(GTK_LABEL(title), 0);
	gtk_box_append(GTK_BOX(top), title);
	gtk_widget_set_tooltip_text(scan, _("Look for massagers nearby"));
	gtk_box_append(GTK_BOX(top), scan);
	gtk_box_append(GTK_BOX(box), top);
	page->list = tp_boxed_list(_("Devices"));
	gtk_widget_set_valign(GTK_WIDGET(page->list), GTK_ALIGN_START);
	page->stack = GTK_STACK(gtk_stack_new());
	gtk_stack_add_named(page->stack, GTK_WIDGET(page->list), "list");
	gtk_stack_add_named(page->stack, tp_page_devices_empty(), "empty");
	tp_hide_unseen_pages(GTK_WIDGET(page->stack));
	gtk_box_append(GTK_BOX(box), GTK_WIDGET(page->stack));
	return tp_scrolled_clamp(box, 720);
}

static void tp_page_devices_dispose(GObject *object)
{
	TpPageDevices *page = TP_PAGE_DEVICES(object);

	g_clear_pointer(&page->rows, g_hash_table_unref);
	G_OBJECT_CLASS(tp_page_devices_parent_class)->dispose(object);
}

static void tp_page_devices_class_init(TpPageDevicesClass *klass)
{
	G_OBJECT_CLASS(klass)->dispose = tp_page_devices_dispose;
}

static void tp_page_devices_init(TpPageDevices *page)
{
	page->rows = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
					   tp_device_row_free);
}

GtkWidget *tp_page_devices_new(TpApp *app)
{
	TpPageDevices *page = g_object_new(TP_TYPE_PAGE_DEVICES, NULL);

	page->app = app;
	page->tpd = tp_app_get_tpd(app);
	adw_bin_set_child(ADW_BIN(page), tp_page_devices_build(page));
	g_signal_connect_object(page->tpd, "objects-changed",
				G_CALLBACK(tp_page_devices_refresh), page,
				G_CONNECT_SWAPPED);
	g_signal_connect_object(page->tpd, "presence",
				G_CALLBACK(tp_page_devices_presence), page,
				G_CONNECT_SWAPPED);
	tp_page_devices_refresh(page);
	return GTK_WIDGET(page);
}
