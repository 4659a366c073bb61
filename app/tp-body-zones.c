/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The referral zones of tpd's catalog on the app's body drawing
 * (tp-body-map.c). Each point is where a clinician would point on a
 * trigger point chart, in fractions of the figure's box: the figure
 * stands in the middle of a box 0.3 times as wide as it is tall, its
 * head at the top (the head is the top 0.13, the soles end at 1).
 *
 * A point left of the middle (x < 0.5) puts the zone's button in the
 * column left of the figure, the others go right; the sides below are
 * chosen so that both columns carry about as many buttons, the nine
 * zones of the face being split between them.
 */
#include "tp-body-zones.h"

#include <glib/gi18n.h>
#include <string.h>

/* Head to foot within each view, as tpd lists them. */
static const TpBodyZone body_zones[] = {
	/* The front: the person's right is on the left. */
	{ "forehead", N_("Forehead"), TP_BODY_FRONT, 0.460, 0.030 },
	{ "above-eye", N_("Above the eye"), TP_BODY_FRONT, 0.563, 0.049 },
	{ "temple", N_("Temple"), TP_BODY_FRONT, 0.360, 0.048 },
	{ "behind-eye", N_("Behind the eye"), TP_BODY_FRONT, 0.437, 0.063 },
	{ "ear", N_("Ear"), TP_BODY_FRONT, 0.683, 0.072 },
	{ "cheek", N_("Cheek"), TP_BODY_FRONT, 0.410, 0.085 },
	{ "jaw", N_("Jaw"), TP_BODY_FRONT, 0.623, 0.098 },
	{ "upper-teeth", N_("Upper teeth"), TP_BODY_FRONT, 0.527, 0.101 },
	{ "lower-teeth", N_("Lower teeth"), TP_BODY_FRONT, 0.527, 0.112 },
	{ "shoulder-front", N_("Front of the shoulder"), TP_BODY_FRONT, 0.153,
	  0.215 },
	{ "chest", N_("Chest"), TP_BODY_FRONT, 0.647, 0.280 },
	{ "upper-arm", N_("Upper arm"), TP_BODY_FRONT, 0.113, 0.300 },
	{ "forearm", N_("Forearm"), TP_BODY_FRONT, 0.087, 0.450 },
	{ "hip", N_("Hip"), TP_BODY_FRONT, 0.213, 0.500 },
	{ "groin", N_("Groin"), TP_BODY_FRONT, 0.593, 0.525 },
	{ "front-thigh", N_("Front of the thigh"), TP_BODY_FRONT, 0.667,
	  0.620 },
	{ "knee", N_("Knee"), TP_BODY_FRONT, 0.640, 0.725 },
	/* The sole cannot be seen from the front or the back: the foot
	 * it belongs to stands for it. */
	{ "arch", N_("Arch of the foot"), TP_BODY_FRONT, 0.607, 0.975 },

	/* The back: the person's right is on the right. */
	{ "crown", N_("Top of the head"), TP_BODY_BACK, 0.467, 0.010 },
	{ "back-of-head", N_("Back of the head"), TP_BODY_BACK, 0.547, 0.086 },
	{ "behind-ear", N_("Behind the ear"), TP_BODY_BACK, 0.347, 0.096 },
	{ "neck", N_("Neck"), TP_BODY_BACK, 0.547, 0.148 },
	{ "shoulder-top", N_("Top of the shoulder"), TP_BODY_BACK, 0.280,
	  0.176 },
	{ "shoulder-back", N_("Back of the shoulder"), TP_BODY_BACK, 0.860,
	  0.222 },
	{ "shoulder-blade", N_("Shoulder blade"), TP_BODY_BACK, 0.317, 0.255 },
	{ "upper-back", N_("Upper back"), TP_BODY_BACK, 0.553, 0.265 },
	{ "elbow", N_("Elbow"), TP_BODY_BACK, 0.107, 0.392 },
	{ "low-back", N_("Lower back"), TP_BODY_BACK, 0.580, 0.430 },
	{ "sacrum", N_("Sacrum"), TP_BODY_BACK, 0.473, 0.488 },
	{ "buttock", N_("Buttock"), TP_BODY_BACK, 0.653, 0.520 },
	{ "outer-thigh", N_("Outer thigh"), TP_BODY_BACK, 0.213, 0.610 },
	{ "back-of-thigh", N_("Back of the thigh"), TP_BODY_BACK, 0.653,
	  0.640 },
	{ "calf", N_("Calf"), TP_BODY_BACK, 0.353, 0.800 },
	{ "heel", N_("Heel"), TP_BODY_BACK, 0.600, 0.992 },
};

const TpBodyZone *tp_body_zone_find(const char *id)
{
	if (!id)
		return NULL;
	for (gsize i = 0; i < G_N_ELEMENTS(body_zones); i++)
		if (strcmp(body_zones[i].id, id) == 0)
			return &body_zones[i];
	return NULL;
}

char *tp_body_zone_label(const char *id)
{
	const TpBodyZone *zone = tp_body_zone_find(id);
	char *label;

	g_return_val_if_fail(id != NULL, NULL);

	if (zone)
		return g_strdup(_(zone->label));
	/* A zone of a newer tpd: its id is lower-case English words
	 * joined by dashes ("upper-back"), readable once spaced out. */
	label = g_strdelimit(g_strdup(id), "-", ' ');
	label[0] = g_ascii_toupper(label[0]);
	return label;
}
