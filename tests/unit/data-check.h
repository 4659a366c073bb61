/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

#include "common/datafile.h"
#include "therapy/catalog.h"

/* Assert that some problem starts with @prefix ("t.muscle:11:") and
 * contains every word of the NULL-terminated list that follows. */
void assert_problem(TpProblems *problems, const char *prefix,
		    ...) G_GNUC_NULL_TERMINATED;
void assert_no_problems(TpProblems *problems);
/* Load @text as a data file named @path. */
TpDataFile *load(const char *path, const char *text, TpProblems *problems);
/* @text with its line @n (from 1) replaced by @line. */
char *replace_line(const char *text, unsigned n, const char *line);

/* A valid muscle (13 lines) and a valid program, to vary line by line. */
extern const char muscle_text[];
extern const char program_text[];

/* A new empty directory, and removing one with everything below it. */
char *make_tmp_dir(void);
void remove_tree(const char *dir);
/* TPD_SRC_DIR/data, the data tpd ships; the test fails (it never skips)
 * when meson test did not set TPD_SRC_DIR. */
char *shipped_data_dir(void);
/* The shipped catalog, loaded and checked: any problem fails the test. */
TpCatalog *load_shipped_catalog(void);
