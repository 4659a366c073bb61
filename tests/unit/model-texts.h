/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * Inline model files for the model tests, with a comment on every line
 * giving its number, so that expected "t.model:N:" problems can be read
 * off; and the helpers that parse them, alone or with one line replaced.
 */

#include <glib.h>

#include "common/datafile.h"
#include "device/model.h"

#define BT(short16) "0000" short16 "-0000-1000-8000-00805f9b34fb"

/* A frame model with every group and key (22 lines). */
extern const char wand_text[];
/* A Theragun model: a speed range and no [Frame] (14 lines). */
extern const char gun_text[];

TpModel *parse_model(const char *text, TpProblems *problems);
TpProblems *model_problems(const char *text);
TpProblems *wand_problems_with(unsigned n, const char *line);
TpProblems *gun_problems_with(unsigned n, const char *line);
TpModel *parse_ok(const char *text);
char *without_lines(const char *text, unsigned from, unsigned to);
void assert_wand_problem(unsigned n, const char *group, const char *line,
			 const char *what);
void assert_wand_ok_with(unsigned n, const char *line);
char *wand_with(const char *line);
TpModel *wand_ok_with(const char *line);
