/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tpd --check-data DIR: validate data files, for people who write them. */
#include "check-data.h"

#include <stdio.h>

#include "therapy/catalog.h"

int tp_check_data(const char *dir, const char *const *data_dirs)
{
	g_autoptr(TpCatalog) catalog = tp_catalog_new();
	g_autoptr(GPtrArray) problems = tp_problems_new();
	g_autoptr(GPtrArray) ignored = tp_problems_new();
	unsigned loaded;

	/* References may point into the built-in data (a muscle's suggested
	 * program, say); those files are not what is being checked. */
	for (; data_dirs && *data_dirs; data_dirs++)
		tp_catalog_load_dir(catalog, *data_dirs, false, ignored);
	loaded = tp_catalog_load_dir(catalog, dir, true, problems);
	if (problems->len == 0)
		tp_catalog_check(catalog, problems);

	for (guint i = 0; i < problems->len; i++)
		fprintf(stderr, "%s\n", (char *)g_ptr_array_index(problems, i));
	printf("%s: %u file%s loaded, %u problem%s\n", dir, loaded,
	       loaded == 1 ? "" : "s", problems->len,
	       problems->len == 1 ? "" : "s");
	return problems->len == 0 ? 0 : 1;
}
