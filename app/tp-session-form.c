/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "tp-session-form.h"

#include <glib/gi18n.h>

#include "tp-format.h"

struct _TpSessionForm {
	AdwBin parent;
	TpApp *app;
	TpTpd *tpd;
	GVariant *muscle;
	AdwComboRow *device_row;
	GPtrArray *device_paths;
	AdwActionRow *side_row;
	GtkWidget *sides;
	AdwComboRow *program_row;
	GPtrArray *program_ids;
	/* What each combo offers, to fill it again only when that changes:
	 * tpd announces changes many times a second during a session. */
	char *devices_key, *programs_key;
	GtkScale *scale;
	/* Set while the form shows the actions' states, so that its own
	 * signals do not set them again. */
	gboolean syncing;
};

G_DEFINE_FINAL_TYPE(TpSessionForm, tp_session_form, ADW_TYPE_BIN)

static gboolean tp_strv_variant_has(GVariant *as, const char *s)
{
	GVariantIter iter;
	const char *item;

	if (!as)
		return FALSE;
	g_variant_iter_init(&iter, as);
	while (g_variant_iter_next(&iter, "&s", &item))
		if (g_strcmp0(item, s) == 0)
			return TRUE;
	return FALSE;
}

static GVariant *tp_muscle_list(TpSessionForm *form, const char *key)
{
	if (!form->muscle)
		return NULL;
	return g_variant_lookup_value(form->muscle, key, G_VARIANT_TYPE("as"));
}

/* @combo shows the entry of @values equal to @value. */
static void tp_combo_select(AdwComboRow *combo, GPtrArray *values,
			    const char *value)
{
	guint index;

	if (g_ptr_array_find_with_equal_func(values, value, g_str_equal,
					     &index))
		adw_combo_row_set_selected(combo, index);
	else
		adw_combo_row_set_selected(combo, GTK_INVALID_LIST_POSITION);
}

/* Offers @names, unless @key says it offers them already. */
static void tp_combo_fill(AdwComboRow *combo, GtkStringList *names,
			  GPtrArray *values, char **key)
{
	g_autoptr(GString) k = g_string_new(NULL);
	guint n = g_list_model_get_n_items(G_LIST_MODEL(names));

	for (guint i = 0; i < n; i++)
		g_string_append_printf(k, "%s\n%s\n",
				       gtk_string_list_get_string(names, i),
				       (char *)g_ptr_array_index(values, i));
	if (g_strcmp0(*key, k->str) == 0)
		return;
	g_free(*key);
	*key = g_string_free(g_steal_pointer(&k), FALSE);
	adw_combo_row_set_model(combo, G_LIST_MODEL(names));
}

/* The connected devices whose kind of tool the muscle allows. */
static void tp_form_offer_devices(TpSessionForm *form)
{
	g_autolist(GDBusProxy) devices =
	    tp_tpd_list_proxies(form->tpd, TP_TPD_DEVICE);
	g_autoptr(GVariant) tools = tp_muscle_list(form, "Tools");
	g_autoptr(GtkStringList) names = gtk_string_list_new(NULL);

	g_ptr_array_set_size(form->device_paths, 0);
	for (GList *l = devices; l; l = l->next) {
		const char *kind = tp_proxy_str(l->data, "Kind");
		if (!tp_proxy_bool(l->data, "Connected") ||
		    !tp_strv_variant_has(tools, kind))
			continue;
		g_autofree char *name =
		    g_strdup_printf("%s (%s)", tp_proxy_str(l->data, "Name"),
				    tp_format_kind(kind));
		gtk_string_list_append(names, name);
		g_ptr_array_add(
		    form->device_paths,
		    g_strdup(g_dbus_proxy_get_object_path(l->data)));
	}
	tp_combo_fill(form->device_row, names, form->device_paths,
		      &form->devices_key);
	adw_action_row_set_subtitle(
	    ADW_ACTION_ROW(form->device_row),
	    form->device_paths->len
		? ""
		: _("No connected device may be used on this muscle: "
		    "connect one on the Devices page."));
}

/* The programs with a variant for the chosen device's kind of tool (all
 * of them while no device is chosen), each once. */
static void tp_form_offer_programs(TpSessionForm *form, const char *kind)
{
	GVariant *programs = tp_tpd_get_programs(form->tpd);
	g_autoptr(GtkStringList) names = gtk_string_list_new(NULL);
	GVariantIter iter;
	GVariant *program;

	g_ptr_array_set_size(form->program_ids, 0);
	if (programs) {
		g_variant_iter_init(&iter, programs);
		while ((program = g_variant_iter_next_value(&iter))) {
			g_autoptr(GVariant) p = program;
			g_autoptr(GVariant) kinds = g_variant_lookup_value(
			    p, "Kinds", G_VARIANT_TYPE("as"));
			const char *id = tp_dict_str(p, "Id");
			if ((kind && !tp_strv_variant_has(kinds, kind)) ||
			    g_ptr_array_find_with_equal_func(
				form->program_ids, id, g_str_equal, NULL))
				continue;
			g_ptr_array_add(form->program_ids, g_strdup(id));
			gtk_string_list_append(names, tp_dict_str(p, "Name"));
		}
	}
	tp_combo_fill(form->program_row, names, form->program_ids,
		      &form->programs_key);
}

/* The Kind of the chosen device, NULL while none (g_free it). */
static char *tp_form_device_kind(TpSessionForm *form)
{
	g_autoptr(GDBusProxy) device = tp_tpd_get_proxy(
	    form->tpd, tp_app_action_string(form->app, "device"),
	    TP_TPD_DEVICE);

	return device ? g_strdup(tp_proxy_str(device, "Kind")) : NULL;
}

static void tp_form_add_side(TpSessionForm *form, const char *side)
{
	GtkWidget *button =
	    gtk_toggle_button_new_with_label(tp_format_side(side));

	gtk_actionable_set_action_name(GTK_ACTIONABLE(button), "app.side");
	gtk_actionable_set_action_target(GTK_ACTIONABLE(button), "s", side);
	gtk_box_append(GTK_BOX(form->sides), button);
}

static void tp_form_offer_sides(TpSessionForm *form)
{
	g_autoptr(GVariant) sides = tp_muscle_list(form, "Sides");
	GtkWidget *child;
	GVariantIter iter;
	const char *side;

	while ((child = gtk_widget_get_first_child(form->sides)))
		gtk_box_remove(GTK_BOX(form->sides), child);
	if (!sides)
		return;
	g_variant_iter_init(&iter, sides);
	while (g_variant_iter_next(&iter, "&s", &side))
		tp_form_add_side(form, side);
	if (g_variant_n_children(sides) > 1)
		tp_form_add_side(form, "both");
}

void tp_session_form_sync(TpSessionForm *form)
{
	GVariant *scale = tp_app_action_state(form->app, "scale");
	g_autofree char *kind = NULL;

	form->syncing = TRUE;
	tp_form_offer_devices(form);
	tp_combo_select(form->device_row, form->device_paths,
			tp_app_action_string(form->app, "device"));
	kind = tp_form_device_kind(form);
	tp_form_offer_programs(form, kind);
	tp_combo_select(form->program_row, form->program_ids,
			tp_app_action_string(form->app, "program"));
	if (scale)
		gtk_range_set_value(GTK_RANGE(form->scale),
				    g_variant_get_double(scale));
	form->syncing = FALSE;
}

void tp_session_form_set_muscle(TpSessionForm *form, GVariant *muscle)
{
	g_autoptr(GVariant) sides = NULL;
	const char *side = "center";

	g_clear_pointer(&form->muscle, g_variant_unref);
	form->muscle = muscle ? g_variant_ref(muscle) : NULL;
	tp_form_offer_sides(form);
	tp_form_offer_devices(form);
	sides = tp_muscle_list(form, "Sides");
	if (sides && g_variant_n_children(sides) > 1)
		side = "both";
	else if (sides && g_variant_n_children(sides) == 1)
		g_variant_get_child(sides, 0, "&s", &side);
	tp_app_set_action_state(form->app, "side", g_variant_new_string(side));
	tp_app_set_action_state(
	    form->app, "device",
	    g_variant_new_string(form->device_paths->len
				     ? g_ptr_array_index(form->device_paths, 0)
				     : ""));
	tp_app_set_action_state(
	    form->app, "program",
	    g_variant_new_string(tp_dict_str(muscle, "Program")));
	tp_app_set_action_state(form->app, "scale", g_variant_new_double(1.0));
	tp_app_set_action_state(form->app, "pain-before",
				g_variant_new_int32(-1));
	tp_session_form_sync(form);
}

static void tp_form_combo_chosen(AdwComboRow *combo, GParamSpec *pspec,
				 TpSessionForm *form)
{
	gboolean is_device = combo == form->device_row;
	GPtrArray *values = is_device ? form->device_paths : form->program_ids;
	guint i = adw_combo_row_get_selected(combo);

	if (form->syncing || i >= values->len)
		return;
	g_action_group_activate_action(
	    G_ACTION_GROUP(form->app), is_device ? "device" : "program",
	    g_variant_new_string(g_ptr_array_index(values, i)));
}

static void tp_form_scale_moved(GtkRange *range, TpSessionForm *form)
{
	if (form->syncing)
		return;
	g_action_group_activate_action(
	    G_ACTION_GROUP(form->app), "scale",
	    g_variant_new_double(gtk_range_get_value(range)));
}

static char *tp_form_percent(GtkScale *scale, double value, gpointer data)
{
	return g_strdup_printf("%.0f %%", value * 100);
}

static AdwComboRow *tp_form_combo(TpSessionForm *form, const char *title)
{
	AdwComboRow *row = ADW_COMBO_ROW(adw_combo_row_new());

	adw_preferences_row_set_title(ADW_PREFERENCES_ROW(row), title);
	g_signal_connect(row, "notify::selected",
			 G_CALLBACK(tp_form_combo_chosen), form);
	return row;
}

static GtkWidget *tp_form_scale_row(TpSessionForm *form)
{
	GtkWidget *row = adw_action_row_new();
	GtkWidget *scale = gtk_scale_new_with_range(GTK_ORIENTATION_HORIZONTAL,
						    0.1, 1.5, 0.05);

	adw_preferences_row_set_title(ADW_PREFERENCES_ROW(row), _("Intensity"));
	adw_action_row_set_subtitle(
	    ADW_ACTION_ROW(row),
	    _("Of the program's; tpd never goes above the muscle's limit"));
	form->scale = GTK_SCALE(scale);
	gtk_scale_set_draw_value(form->scale, TRUE);
	gtk_scale_set_format_value_func(form->scale, tp_form_percent, NULL,
					NULL);
	gtk_scale_add_mark(form->scale, 1.0, GTK_POS_BOTTOM, NULL);
	gtk_widget_set_hexpand(scale, TRUE);
	gtk_widget_set_size_request(scale, 160, -1);
	gtk_accessible_update_property(GTK_ACCESSIBLE(scale),
				       GTK_ACCESSIBLE_PROPERTY_LABEL,
				       _("Intensity"), -1);
	g_signal_connect(scale, "value-changed",
			 G_CALLBACK(tp_form_scale_moved), form);
	adw_action_row_add_suffix(ADW_ACTION_ROW(row), scale);
	return row;
}

/* 0 to 10 as a row of toggle buttons bound to @action (i). Shared with
 * the rating after the session. */
GtkWidget *tp_pain_buttons_new(const char *action, const char *a11y_label)
{
	GtkWidget *box = gtk_flow_box_new();

	gtk_flow_box_set_selection_mode(GTK_FLOW_BOX(box), GTK_SELECTION_NONE);
	gtk_flow_box_set_max_children_per_line(GTK_FLOW_BOX(box), 11);
	gtk_flow_box_set_min_children_per_line(GTK_FLOW_BOX(box), 4);
	gtk_accessible_update_property(
	    GTK_ACCESSIBLE(box), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y_label, -1);
	for (int pain = 0; pain <= 10; pain++) {
		char text[4];
		GtkWidget *button;
		g_snprintf(text, sizeof(text), "%d", pain);
		button = gtk_toggle_button_new_with_label(text);
		gtk_widget_add_css_class(button, "circular");
		gtk_actionable_set_action_name(GTK_ACTIONABLE(button), action);
		gtk_actionable_set_action_target(GTK_ACTIONABLE(button), "i",
						 pain);
		g_autofree char *name = g_strdup_printf(
		    /* TRANSLATORS: a pain rating button */
		    _("Pain %d of 10"), pain);
		gtk_accessible_update_property(GTK_ACCESSIBLE(button),
					       GTK_ACCESSIBLE_PROPERTY_LABEL,
					       name, -1);
		gtk_flow_box_append(GTK_FLOW_BOX(box), button);
	}
	return box;
}

static GtkWidget *tp_form_pain_group(void)
{
	GtkWidget *group = adw_preferences_group_new();

	adw_preferences_group_set_title(ADW_PREFERENCES_GROUP(group),
					_("Pain now"));
	adw_preferences_group_set_description(
	    ADW_PREFERENCES_GROUP(group),
	    _("0 is none, 10 the worst; kept in the history to show the "
	      "trend"));
	adw_preferences_group_add(
	    ADW_PREFERENCES_GROUP(group),
	    tp_pain_buttons_new("app.pain-before", _("Pain now")));
	return group;
}

static GtkWidget *tp_form_build(TpSessionForm *form)
{
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 18);
	GtkWidget *group = adw_preferences_group_new();

	adw_preferences_group_set_title(ADW_PREFERENCES_GROUP(group),
					_("Session"));
	form->device_row = tp_form_combo(form, _("Device"));
	adw_preferences_group_add(ADW_PREFERENCES_GROUP(group),
				  GTK_WIDGET(form->device_row));
	form->side_row = ADW_ACTION_ROW(adw_action_row_new());
	adw_preferences_row_set_title(ADW_PREFERENCES_ROW(form->side_row),
				      _("Side"));
	form->sides = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 0);
	gtk_widget_add_css_class(form->sides, "linked");
	gtk_widget_set_valign(form->sides, GTK_ALIGN_CENTER);
	adw_action_row_add_suffix(form->side_row, form->sides);
	adw_preferences_group_add(ADW_PREFERENCES_GROUP(group),
				  GTK_WIDGET(form->side_row));
	form->program_row = tp_form_combo(form, _("Program"));
	adw_preferences_group_add(ADW_PREFERENCES_GROUP(group),
				  GTK_WIDGET(form->program_row));
	adw_preferences_group_add(ADW_PREFERENCES_GROUP(group),
				  tp_form_scale_row(form));
	gtk_box_append(GTK_BOX(box), group);
	gtk_box_append(GTK_BOX(box), tp_form_pain_group());
	return box;
}

static void tp_session_form_dispose(GObject *object)
{
	TpSessionForm *form = TP_SESSION_FORM(object);

	g_clear_pointer(&form->muscle, g_variant_unref);
	g_clear_pointer(&form->device_paths, g_ptr_array_unref);
	g_clear_pointer(&form->program_ids, g_ptr_array_unref);
	g_clear_pointer(&form->devices_key, g_free);
	g_clear_pointer(&form->programs_key, g_free);
	G_OBJECT_CLASS(tp_session_form_parent_class)->dispose(object);
}

static void tp_session_form_class_init(TpSessionFormClass *klass)
{
	G_OBJECT_CLASS(klass)->dispose = tp_session_form_dispose;
}

static void tp_session_form_init(TpSessionForm *form)
{
	form->device_paths = g_ptr_array_new_with_free_func(g_free);
	form->program_ids = g_ptr_array_new_with_free_func(g_free);
}

GtkWidget *tp_session_form_new(TpApp *app)
{
	TpSessionForm *form = g_object_new(TP_TYPE_SESSION_FORM, NULL);

	form->app = app;
	form->tpd = tp_app_get_tpd(app);
	adw_bin_set_child(ADW_BIN(form), tp_form_build(form));
	return GTK_WIDGET(form);
}
