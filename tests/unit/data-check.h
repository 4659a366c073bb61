/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

#include "datafile.h"

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
