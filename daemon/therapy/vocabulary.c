/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "vocabulary.h"

#include <stddef.h>

/* Head to foot; the names THERAPY.md uses for referral patterns. */
const char *const tp_zone_names[] = {
	"crown",
	"forehead",
	"temple",
	"behind-eye",
	"above-eye",
	"cheek",
	"jaw",
	"upper-teeth",
	"lower-teeth",
	"ear",
	"behind-ear",
	"back-of-head",
	"neck",
	"shoulder-top",
	"shoulder-front",
	"shoulder-back",
	"shoulder-blade",
	"upper-arm",
	"elbow",
	"forearm",
	"chest",
	"upper-back",
	"low-back",
	"sacrum",
	"buttock",
	"hip",
	"groin",
	"back-of-thigh",
	"outer-thigh",
	"front-thigh",
	"knee",
	"calf",
	"heel",
	"arch",
	NULL,
};

const char *const tp_side_names[] = { "left", "right", "center", NULL };
