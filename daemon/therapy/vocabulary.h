/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * Fixed vocabularies of the data files, documented in tpd-program(5):
 * body zones where trigger points refer pain, and sides. Tool kinds are
 * the device models' (device/model.h).
 */
extern const char *const tp_zone_names[];
extern const char *const tp_side_names[]; /* left, right, center */
