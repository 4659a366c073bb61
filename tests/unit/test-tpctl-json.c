/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tpctl's JSON: valid JSON whatever the doubles are. */
#include <math.h>

#include "../tpctl/json.h"

static void assert_json(GVariant *value, const char *expected)
{
	g_autoptr(GVariant) owned = g_variant_ref_sink(value);
	g_autofree char *text = tp_json_from_variant(owned);

	g_assert_cmpstr(text, ==, expected);
}

static void test_doubles(void)
{
	assert_json(g_variant_new_double(0.5), "0.5");
	assert_json(g_variant_new_double(-2.0), "-2");
	/* JSON has no NaN or infinity. */
	assert_json(g_variant_new_double(NAN), "null");
	assert_json(g_variant_new_double(INFINITY), "null");
	assert_json(g_variant_new_double(-INFINITY), "null");
}

static void test_in_a_dictionary(void)
{
	GVariantDict d;

	g_variant_dict_init(&d, NULL);
	g_variant_dict_insert(&d, "Scale", "d", NAN);
	assert_json(g_variant_dict_end(&d), "{\n  \"Scale\": null\n}");
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/tpctl/json/doubles", test_doubles);
	g_test_add_func("/tpctl/json/in-a-dictionary", test_in_a_dictionary);
	return g_test_run();
}
