/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "tp-error.h"

G_DEFINE_QUARK(tp - error - quark, tp_error)
