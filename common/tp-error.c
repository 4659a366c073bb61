/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "tp-error.h"

/* Written out rather than with G_DEFINE_QUARK: clang-format splits a
 * hyphenated token, and the domain's name must stay one word. */
GQuark tp_error_quark(void)
{
	return g_quark_from_static_string("tp-error-quark");
}
