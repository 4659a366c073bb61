/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The model files tpd ships (TPD_SRC_DIR/data/models): they load without a
 * problem, and each claims exactly the devices it is meant for, so that
 * vendors sharing service UUIDs (0xFFE0, 0xFFF0) are never confused.
 */
#include <glib.h>
#include <stdbool.h>
#include <string.h>

#include "data-check.h"
#include "device/model.h"
#include "therapy/catalog.h"

#define BT(short16) "0000" short16 "-0000-1000-8000-00805f9b34fb"

/* Ids of the models in @c that a device called @name with @uuids is. */
static char *matching(TpCatalog *c, const char *name, const char *const *uuids)
{
	g_autofree const char **ids = tp_catalog_sorted_ids(c->models);
	GString *s = g_string_new(NULL);

	for (guint i = 0; ids[i]; i++) {
		const TpModel *m = g_hash_table_lookup(c->models, ids[i]);
		if (tp_model_matches(m, name, uuids))
			g_string_append_printf(s, "%s%s", s->len ? " " : "",
					       ids[i]);
	}
	return g_string_free(s, FALSE);
}

#define MM_SERVICE	  "78667579-7b48-43db-b8c5-7928a6b0a335"
#define WEVIBE_SERVICE	  "f000bb03-0451-4000-b000-000000000000"
#define LOVENSE_NUS	  "6e400001-b5a3-f393-e0a9-e50e24dcca9e"
#define LOVENSE_W	  "57300001-0023-4bd4-bbd5-a6920e4c5653"
#define VORZE_SERVICE	  "40ee1111-63ec-4b7f-8ce7-712efd55b90e"
#define SATISFYER_SERVICE "51361500-c5e7-47c7-8a6e-47ebc99d80e8"

typedef struct {
	const char *name;
	const char *uuids[4];
	const char *model; /* "" for none */
} Device;

static const Device devices[] = {
	{ "Pro", { BT("ffe0") }, "theragun-pro" },
	{ "pro", { BT("180f"), BT("ffe0") }, "theragun-pro" },
	{ "PRO", { BT("ffe0") }, "theragun-pro" },
	{ "Elite", { BT("ffe0") }, "theragun-elite" },
	{ "elite", { BT("ffe0") }, "theragun-elite" },
	{ "Prime", { BT("ffe0") }, "theragun-prime" },
	{ "prime", { BT("ffe0") }, "theragun-prime" },
	{ "liv2", { BT("ffe0") }, "theragun-prime" },
	{ "Pink_Punch", { BT("ffe0") }, "pink-punch" },
	{ "PinkPunch_Peachu", { BT("ffe0") }, "pink-punch" },
	{ "Meese-V389", { BT("ffe0") }, "meese-tera" },
	{ "Meese-cd", { BT("ffe0") }, "meese-tera" },
	{ "LVS-Domi37", { BT("fff0") }, "lovense" },
	{ "LOVE-Edge", { BT("fff0"), BT("180f") }, "lovense" },
	{ "FOFO", { BT("fff0") }, "foreo-ufo" },
	{ "LUNA fofo", { BT("fff0") }, "foreo-ufo" },
	{ "UFO mini 2", { BT("fff0") }, "foreo-ufo" },
	{ "LUNA 3", { BT("fff0") }, "foreo-luna" },
	{ "LUNA PLAY SMART", { BT("fff0") }, "foreo-luna" },
	{ "BEAR", { BT("fff0") }, "foreo-luna" },
	{ "LUNA play smart 2", { BT("fff0") }, "foreo-luna-play-smart-2" },
	{ "CCYB_1904", { BT("fff0") }, "xibao" },
	{ "Magic Cell", { MM_SERVICE, BT("180f") }, "magic-motion-v1" },
	{ "Magic Wand", { MM_SERVICE }, "magic-motion-v1" },
	{ "Smart Mini Vibe3", { MM_SERVICE }, "magic-motion-v1" },
	{ "Pivot", { WEVIBE_SERVICE }, "wevibe" },
	{ "4plus", { WEVIBE_SERVICE }, "wevibe" },
	/* Merach's exercise bikes share FFF0 with its gun: never a model. */
	{ "MERACH-MR667", { BT("fff0") }, "" },
	{ "Merach-MR636D", { BT("fff0") }, "" },
	{ "MRK-S06-07BD", { BT("fff0") }, "" },
	{ "(the gun's advertised name: not known)",
	  { BT("fff0") },
	  "merach-fascia-gun" },
	{ "LVS-Domi2", { LOVENSE_NUS }, "lovense-nus" },
	{ "LVS-Domi2", { LOVENSE_W }, "lovense-domi" },
	{ "LVS-Domi2", { BT("fff0") }, "lovense" },
	{ "Wand", { WEVIBE_SERVICE }, "wevibe-wand" },
	{ "Melt", { WEVIBE_SERVICE }, "wevibe-wand" },
	{ "ProWand", { BT("1400"), BT("180f") }, "kiiroo-prowand" },
	{ "Luxus", { BT("1400") }, "kiiroo-prowand" },
	{ "SPOT W1", { BT("1400") }, "kiiroo-spot" },
	{ "Emma NEO", { BT("ffe0") }, "svakom-v1" },
	{ "Emma Neo 2", { BT("ffe0") }, "svakom-v2" },
	{ "Mini Emma Neo", { BT("ffe0") }, "svakom-mini-emma-neo" },
	{ "Bach smart", { VORZE_SERVICE }, "vorze-bach" },
	{ "J-Rainbow", { BT("ffa0") }, "joyhub" },
	{ "J-Vellum", { BT("ffa0") }, "joyhub" },
	{ "funwand", { MM_SERVICE }, "magic-motion-v2" },
	{ "Krush", { MM_SERVICE, BT("180f") }, "magic-motion-v3" },
	{ "MM Massager", { BT("d34e") }, "mymuse-link-plus" },
	{ "F520A-LT", { BT("fff0") }, "leten" },
	{ "LOVE EGG", { BT("ff00") }, "lovehoney-desire" },
	/* Shared services, other names; and Satisfyer without its
	 * manufacturer data. */
	{ "Emma NEO", { BT("fff0") }, "" },
	{ "Wand", { MM_SERVICE }, "" },
	{ "Krush", { WEVIBE_SERVICE }, "" },
	{ "MM Massager", { BT("fff0") }, "" },
	{ "SF Double Wand-er", { SATISFYER_SERVICE }, "" },
	{ "SPOT W1", { BT("ffe0") }, "" },
	/* The name matches, the services do not. */
	{ "Pro", { BT("fff0") }, "" },
	{ "Elite", { BT("ffe1"), BT("ffe2") }, "" },
	{ "Pink_Punch", { BT("fff0") }, "" },
	{ "Meese-V389", { WEVIBE_SERVICE }, "" },
	{ "LVS-Domi37", { BT("ffe0") }, "" },
	{ "LVS-Domi37", { LOVENSE_NUS }, "lovense-nus" },
	{ "FOFO", { BT("ffe0") }, "" },
	{ "CCYB_1904", { BT("ffe0") }, "" },
	{ "Magic Cell", { BT("180f") }, "" },
	{ "Pivot", { BT("fff0") }, "" },
	/* The services match, the name does not. */
	{ "Theragun PRO", { BT("ffe0") }, "" },
	{ "Pro2", { BT("ffe0") }, "" },
	{ "Svakom Iker", { BT("ffe0") }, "" },
	{ "LUNA", { BT("fff0") }, "" },
	{ "luna 3", { BT("fff0") }, "" },
	{ "lvs-Domi37", { BT("fff0") }, "" },
	{ "", { BT("ffe0") }, "" },
};

static void test_shipped_device(gconstpointer data)
{
	const Device *d = data;
	g_autoptr(TpCatalog) c = load_shipped_catalog();
	g_autofree char *found = matching(c, d->name, d->uuids);

	g_assert_cmpstr(found, ==, d->model);
}

/* Ids of the models in @c that claim the advertisement @ad. */
static char *claiming(TpCatalog *c, const TpAdvert *ad)
{
	g_autofree const char **ids = tp_catalog_sorted_ids(c->models);
	GString *s = g_string_new(NULL);

	for (guint i = 0; ids[i]; i++) {
		const TpModel *m = g_hash_table_lookup(c->models, ids[i]);
		if (tp_model_matches_advert(m, ad))
			g_string_append_printf(s, "%s%s", s->len ? " " : "",
					       ids[i]);
	}
	return g_string_free(s, FALSE);
}

static bool names_match(const TpModel *m, const char *name)
{
	for (guint i = 0; m->names[i]; i++)
		if (g_pattern_match_simple(m->names[i], name))
			return true;
	return false;
}

static bool share_a_service(const TpModel *a, const TpModel *b)
{
	for (guint i = 0; a->services[i]; i++)
		if (g_strv_contains((const char *const *)b->services,
				    a->services[i]))
			return true;
	return false;
}

/* What a device of @m advertises when named @name: its services and its
 * manufacturer data. */
static void check_advertisement(TpCatalog *c, const char *id, const TpModel *m,
				const char *name)
{
	g_autoptr(GBytes) prefix =
	    g_bytes_new(m->mfr_prefix, m->mfr_prefix_len);
	TpMfrData mfr = { m->mfr_company, prefix };
	const TpAdvert ad = { name, (const char *const *)m->services, &mfr,
			      m->has_mfr ? 1 : 0 };
	g_autofree char *found = claiming(c, &ad);
	GHashTableIter iter;
	gpointer other_id, value;

	g_test_message("%s: '%s'", id, name);
	g_assert_cmpstr(found, ==, id);
	/* Devices that share a service are told apart by name, never by the
	 * service alone (nor by manufacturer data alone). */
	g_hash_table_iter_init(&iter, c->models);
	while (g_hash_table_iter_next(&iter, &other_id, &value)) {
		const TpModel *o = value;
		if (o == m || o->simulated || !share_a_service(m, o))
			continue;
		if (names_match(o, name))
			g_error("'%s' is a name of both %s and %s, which share "
				"a service",
				name, id, (char *)other_id);
	}
}

/*
 * No advertisement can be two models: each model's name patterns, with
 * their wildcards filled in, with its services and manufacturer data, are
 * claimed by that model alone; and no such name is also a name of a model
 * that shares one of its services. (Models of one family with different
 * service layouts, such as Lovense's, may share names: a device advertises
 * one layout.)
 */
static void test_shipped_names_apart(void)
{
	g_autoptr(TpCatalog) c = load_shipped_catalog();
	GHashTableIter iter;
	gpointer id, value;

	g_hash_table_iter_init(&iter, c->models);
	while (g_hash_table_iter_next(&iter, &id, &value)) {
		TpModel *m = value;
		/* Only tpd --simulate's, never a radio's: matches nothing. */
		if (m->simulated) {
			g_assert_false(tp_model_matches(
			    m, m->names[0], (const char *const *)m->services));
			continue;
		}
		for (guint i = 0; m->names[i]; i++) {
			static const char *const fills[] = { "", "x", "Zz 9",
							     NULL };
			for (const char *const *f = fills; *f; f++) {
				g_auto(GStrv) parts =
				    g_strsplit_set(m->names[i], "*?", -1);
				g_autofree char *name = g_strjoinv(*f, parts);
				check_advertisement(c, id, m, name);
			}
		}
	}
}

/* The Satisfyer Double Wand-er: the name and the service are not enough;
 * its model number in company 93's data (10032, big-endian) is. */
static void test_shipped_satisfyer(void)
{
	g_autoptr(TpCatalog) c = load_shipped_catalog();
	const char *const uuids[] = { SATISFYER_SERVICE, NULL };
	g_autoptr(GBytes) wander = g_bytes_new("\x00\x00\x27\x30", 4);
	g_autoptr(GBytes) other = g_bytes_new("\x00\x00\x27\xB0", 4);
	const TpMfrData is[] = { { 0x005D, wander } };
	const TpMfrData is_not[] = { { 0x005D, other } };
	const TpMfrData elsewhere[] = { { 0x005E, wander } };
	const TpAdvert ad = { "SF Double Wand-er", uuids, is, 1 };
	const TpAdvert ad_other = { "SF Double Wand-er", uuids, is_not, 1 };
	const TpAdvert ad_elsewhere = { "SF Double Wand-er", uuids, elsewhere,
					1 };
	const TpAdvert ad_unnamed = { "Wand-er", uuids, is, 1 };
	g_autofree char *found = claiming(c, &ad);
	g_autofree char *found_other = claiming(c, &ad_other);
	g_autofree char *found_elsewhere = claiming(c, &ad_elsewhere);
	g_autofree char *found_unnamed = claiming(c, &ad_unnamed);

	g_assert_cmpstr(found, ==, "satisfyer-double-wand-er");
	g_assert_cmpstr(found_other, ==, "");
	g_assert_cmpstr(found_elsewhere, ==, "");
	g_assert_cmpstr(found_unnamed, ==, "");
}

/* Foreo's MODE byte comes from the name (PROTOCOLS.md §4.6): each file's
 * frame has the MODE that the rule gives every one of its names. */
static void test_shipped_foreo_modes(void)
{
	g_autoptr(TpCatalog) c = load_shipped_catalog();
	const TpProtocol *p = tp_protocol_lookup("frame");
	static const char *const ids[] = { "foreo-ufo", "foreo-luna",
					   "foreo-luna-play-smart-2", NULL };

	for (const char *const *id = ids; *id; id++) {
		const TpModel *m = g_hash_table_lookup(c->models, *id);
		TpFrame frame;
		g_assert_nonnull(m);
		g_assert_true(p->encode_speed(&m->params, 5, &frame));
		g_assert_cmpuint(frame.len, ==, 3);
		for (guint i = 0; m->names[i]; i++) {
			g_autofree char *lower =
			    g_ascii_strdown(m->names[i], -1);
			guint8 mode = 0;
			if (strstr(lower, "smart") && strchr(lower, '2'))
				mode = 3;
			else if (strstr(lower, "fofo") || strstr(lower, "ufo"))
				mode = 1;
			g_test_message("%s: %s", *id, m->names[i]);
			g_assert_cmpuint(frame.data[1], ==, mode);
		}
	}
}

/* Every shipped model loads (load_shipped_catalog() checks that), is meant for
 * some device, and says what its family should. */
static void test_shipped_families(void)
{
	g_autoptr(TpCatalog) c = load_shipped_catalog();
	GHashTableIter iter;
	gpointer id, value;

	g_hash_table_iter_init(&iter, c->models);
	while (g_hash_table_iter_next(&iter, &id, &value)) {
		const TpModel *m = value;
		bool claimed = false;
		if (m->simulated) {
			/* data/simulator/: the simulated roller. */
			g_assert_cmpstr(id, ==, "sim-roller");
			g_assert_cmpstr(tp_model_kind(m), ==, "roller");
			continue;
		}
		/* Every model is some device of the table above (whose tests
		 * fail when a model is missing), so that a new model file
		 * comes with the names it is meant for. */
		for (size_t d = 0; d < G_N_ELEMENTS(devices) && !claimed; d++)
			claimed = g_str_equal(devices[d].model, id);
		/* Satisfyer is told by its manufacturer data, which the
		 * table's devices lack: see test_shipped_satisfyer. */
		claimed |= m->has_mfr;
		if (!claimed)
			g_error("no device in test-model-catalog.c is a %s",
				(char *)id);
		g_assert_cmpuint(g_strv_length(m->sources), >, 0);
		/* The README's table shows it: every shipped model says. */
		g_assert_cmpint(m->evidence, >=, 0);
		/* The service written to is the one matched on, except for
		 * MyMuse, which advertises D34E and is driven through FFF0. */
		if (!g_str_equal(id, "mymuse-link-plus"))
			g_assert_true(g_strv_contains(
			    (const char *const *)m->services, m->gatt_service));
		if (g_str_equal(m->protocol, "theragun")) {
			/* Single unverified source; published speeds. */
			g_assert_cmpstr(tp_model_kind(m), ==, "gun");
			g_assert_true(m->experimental);
			g_assert_false(m->discrete);
			g_assert_cmpuint(m->speed.low, ==, 1750);
			g_assert_cmpuint(m->speed.high, ==, 2400);
			g_assert_cmpstr(m->gatt_service, ==, BT("ffe0"));
			g_assert_cmpstr(m->write_char, ==, BT("ffe2"));
			g_assert_cmpstr(m->notify_char, ==, BT("ffe1"));
		} else if (g_str_equal(id, "merach-fascia-gun")) {
			/* Vendor code alone, never checked on a gun. */
			g_assert_cmpstr(tp_model_kind(m), ==, "gun");
			g_assert_true(m->experimental);
			g_assert_true(m->discrete);
		} else {
			g_assert_cmpstr(m->protocol, ==, "frame");
			g_assert_cmpstr(tp_model_kind(m), ==, "wand");
			g_assert_false(m->experimental);
			g_assert_true(m->discrete);
			g_assert_cmpuint(m->levels.low, ==, 1);
		}
	}
}

/* "/model/shipped/device/Pro/ffe0/theragun-pro": the name, the first
 * service (a 16-bit one short) and the model it is, or "none". */
static char *device_path(const Device *d)
{
	const char *u = d->uuids[0];
	bool base = g_str_has_suffix(u, &BT("")[4]);

	return g_strdup_printf("/model/shipped/device/%s/%.4s/%s",
			       d->name[0] ? d->name : "(no name)",
			       base ? u + 4 : u,
			       d->model[0] ? d->model : "none");
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/model/shipped/names-apart", test_shipped_names_apart);
	g_test_add_func("/model/shipped/foreo-modes", test_shipped_foreo_modes);
	g_test_add_func("/model/shipped/satisfyer", test_shipped_satisfyer);
	g_test_add_func("/model/shipped/families", test_shipped_families);
	for (size_t i = 0; i < G_N_ELEMENTS(devices); i++) {
		g_autofree char *path = device_path(&devices[i]);
		g_test_add_data_func(path, &devices[i], test_shipped_device);
	}
	return g_test_run();
}
