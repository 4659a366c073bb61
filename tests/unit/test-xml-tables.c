/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Every interface table of tpd (methods with named in/out arguments,
 * properties, signals) matches its introspection XML in dbus/, both ways,
 * and the XML compiled into the daemon is byte-identical to the files.
 */
#include <glib.h>
#include <string.h>

#include "api/api.h"
#include "bluez/battery-provider.h"
#include "bluez/gatt-profile.h"
#include "bus/dbus-object-private.h"
#include "sim/sim-dbus.h"

/* ---- the real tables against dbus/ ------------------------------------- */

typedef struct {
	const TpInterface *iface;
	const char *file; /* in dbus/ */
} RealTable;

static const RealTable real_tables[] = {
	{ &tp_manager_interface, "io.tpd.Tpd1.Manager.xml" },
	{ &tp_device_interface, "io.tpd.Tpd1.Device.xml" },
	{ &tp_session_interface, "io.tpd.Tpd1.Session.xml" },
	{ &tp_simulator_interface, "io.tpd.Tpd1.Simulator.xml" },
	{ &tp_properties_interface, "org.freedesktop.DBus.xml" },
	{ &tp_introspectable_interface, "org.freedesktop.DBus.xml" },
	{ &tp_object_manager_interface, "org.freedesktop.DBus.xml" },
	{ &tp_gatt_profile_interface, "org.bluez.GattProfile1.xml" },
	{ &tp_battery_provider_interface, "org.bluez.BatteryProvider1.xml" },
};

/*
 * Both sides become lists of lines such as
 *   "method StartSession(o device, s muscle) -> (o session)",
 *   "property Version s read", "signal Finished(s reason)".
 */
typedef struct {
	GPtrArray *items;
	char *iface;
	char *member; /* "method Name" or "signal Name" while inside one */
	GString *in, *out;
} XmlReader;

static void args_append(GString *s, const char *type, const char *name)
{
	g_string_append_printf(s, "%s%s %s", s->len ? ", " : "", type, name);
}

static char *describe_args(const TpArg *args)
{
	GString *s = g_string_new(NULL);

	for (; args && args->name; args++)
		args_append(s, args->signature, args->name);
	return g_string_free(s, FALSE);
}

static GPtrArray *table_items(const TpInterface *iface)
{
	GPtrArray *items = g_ptr_array_new_with_free_func(g_free);

	for (const TpMethod *m = iface->methods; m && m->name; m++) {
		g_autofree char *in = describe_args(m->in);
		g_autofree char *out = describe_args(m->out);
		g_ptr_array_add(items, g_strdup_printf("method %s(%s) -> (%s)",
						       m->name, in, out));
	}
	for (const TpProperty *p = iface->properties; p && p->name; p++)
		g_ptr_array_add(items,
				g_strdup_printf("property %s %s %s", p->name,
						p->signature,
						p->set ? "readwrite" : "read"));
	for (const TpSignal *s = iface->signals; s && s->name; s++) {
		g_autofree char *args = describe_args(s->args);
		g_ptr_array_add(
		    items, g_strdup_printf("signal %s(%s)", s->name, args));
	}
	return items;
}

#define COLLECT(...)                                               \
	g_markup_collect_attributes(element, names, values, error, \
				    __VA_ARGS__, G_MARKUP_COLLECT_INVALID)
#define STR(attr, var) G_MARKUP_COLLECT_STRING, attr, &var
#define OPT_STR(attr, var) \
	G_MARKUP_COLLECT_STRING | G_MARKUP_COLLECT_OPTIONAL, attr, &var

static void xml_start(GMarkupParseContext *ctx, const char *element,
		      const char **names, const char **values, gpointer data,
		      GError **error)
{
	XmlReader *r = data;
	const char *name = NULL, *type = NULL, *dir = NULL, *access = NULL;

	if (strcmp(element, "interface") == 0) {
		if (COLLECT(STR("name", name)))
			r->iface = g_strdup(name);
	} else if (strcmp(element, "method") == 0 ||
		   strcmp(element, "signal") == 0) {
		if (!COLLECT(STR("name", name)))
			return;
		r->member = g_strdup_printf("%s %s", element, name);
		g_string_truncate(r->in, 0);
		g_string_truncate(r->out, 0);
	} else if (strcmp(element, "arg") == 0) {
		if (!COLLECT(OPT_STR("name", name), STR("type", type),
			     OPT_STR("direction", dir)))
			return;
		bool method = r->member && g_str_has_prefix(r->member, "m");
		if (!r->member || (dir && strcmp(dir, "out") != 0 &&
				   (!method || strcmp(dir, "in") != 0))) {
			g_set_error(error, G_MARKUP_ERROR,
				    G_MARKUP_ERROR_INVALID_CONTENT,
				    "misplaced <arg> %s", name ? name : "");
			return;
		}
		args_append(method && dir && strcmp(dir, "out") == 0 ? r->out
								     : r->in,
			    type, name ? name : "(unnamed)");
	} else if (strcmp(element, "property") == 0) {
		if (COLLECT(STR("name", name), STR("type", type),
			    STR("access", access)))
			g_ptr_array_add(r->items,
					g_strdup_printf("property %s %s %s",
							name, type, access));
	} else if (strcmp(element, "annotation") != 0) {
		g_set_error(error, G_MARKUP_ERROR,
			    G_MARKUP_ERROR_UNKNOWN_ELEMENT, "unexpected <%s>",
			    element);
	}
}

static void xml_end(GMarkupParseContext *ctx, const char *element,
		    gpointer data, GError **error)
{
	XmlReader *r = data;

	if (strcmp(element, "method") == 0)
		g_ptr_array_add(r->items,
				g_strdup_printf("%s(%s) -> (%s)", r->member,
						r->in->str, r->out->str));
	else if (strcmp(element, "signal") == 0)
		g_ptr_array_add(
		    r->items, g_strdup_printf("%s(%s)", r->member, r->in->str));
	else
		return;
	g_clear_pointer(&r->member, g_free);
}

static void test_xml(gconstpointer data)
{
	static const GMarkupParser parser = { .start_element = xml_start,
					      .end_element = xml_end };
	const RealTable *t = data;
	const char *name = t->iface->name;
	const char *text = tp_introspection_xml(name);
	XmlReader r = { .items = g_ptr_array_new_with_free_func(g_free),
			.in = g_string_new(NULL),
			.out = g_string_new(NULL) };
	g_autoptr(GPtrArray) table = table_items(t->iface);
	g_autoptr(GString) problems = g_string_new(NULL);
	g_autoptr(GError) error = NULL;
	GMarkupParseContext *ctx;

	g_assert_nonnull(text);
	ctx = g_markup_parse_context_new(&parser, 0, &r, NULL);
	if (g_markup_parse_context_parse(ctx, text, -1, &error))
		g_markup_parse_context_end_parse(ctx, &error);
	g_markup_parse_context_free(ctx);
	g_assert_no_error(error);
	g_assert_cmpstr(r.iface, ==, name);

	for (guint i = 0; i < r.items->len; i++)
		if (!g_ptr_array_find_with_equal_func(table, r.items->pdata[i],
						      g_str_equal, NULL))
			g_string_append_printf(problems, "only in XML: %s\n",
					       (char *)r.items->pdata[i]);
	for (guint i = 0; i < table->len; i++)
		if (!g_ptr_array_find_with_equal_func(r.items, table->pdata[i],
						      g_str_equal, NULL))
			g_string_append_printf(problems, "only in table: %s\n",
					       (char *)table->pdata[i]);
	g_assert_cmpstr(problems->str, ==, "");
	/* Nothing twice, either. */
	g_assert_cmpuint(r.items->len, ==, table->len);
	g_ptr_array_unref(r.items);
	g_string_free(r.in, TRUE);
	g_string_free(r.out, TRUE);
	g_free(r.iface);

	/* The daemon serves the text of dbus/ byte for byte. */
	const char *srcdir = g_getenv("TPD_SRC_DIR");
	if (!srcdir) {
		g_test_skip("TPD_SRC_DIR not set: dbus/ not compared");
		return;
	}
	g_autofree char *path = g_build_filename(srcdir, "dbus", t->file, NULL);
	g_autofree char *contents = NULL;
	g_autofree char *open =
	    g_strdup_printf("<interface name=\"%s\">", name);
	g_file_get_contents(path, &contents, NULL, &error);
	g_assert_no_error(error);
	const char *start = strstr(contents, open);
	g_assert_nonnull(start);
	const char *end = strstr(start, "</interface>");
	g_assert_nonnull(end);
	g_autofree char *element =
	    g_strndup(start, end + strlen("</interface>") - start);
	g_assert_cmpstr(text, ==, element);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	for (gsize i = 0; i < G_N_ELEMENTS(real_tables); i++) {
		g_autofree char *path = g_strdup_printf(
		    "/object/xml/%s", real_tables[i].iface->name);
		g_test_add_data_func(path, &real_tables[i], test_xml);
	}
	return g_test_run();
}
