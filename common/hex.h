/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* "AA 07 01 03": bytes as tpd logs them and model files write them. */
char *tp_hex(const uint8_t *data, size_t len);
