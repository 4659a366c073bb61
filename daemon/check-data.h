/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Validate every data file below @dir, print each problem as file:line,
 * and return the exit status: 0 when there is none. @data_dirs (NULL-
 * terminated, may be NULL) resolve references but are not reported on. */
int tp_check_data(const char *dir, const char *const *data_dirs);
