/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The far end of a simulated device that speaks Lovense's ASCII protocol
 * (PROTOCOLS.md §4.1): one command per write, "Vibrate:N;" with N from 0
 * to the device's highest level, answered "OK;"; "Battery;" answered with
 * the percentage and ';'. Parsed here from the document, not with tpd's
 * frame templates.
 */
#include <stdio.h>
#include <string.h>

#include "sim-peer-private.h"

#define LOVENSE_VIBRATE "Vibrate:"
#define LOVENSE_BATTERY "Battery;"

/* "N;" with N a decimal number without leading zeros: N, or -1. */
static int lovense_level(const char *text, size_t len)
{
	unsigned level = 0;

	if (len < 2 || len > 4 || text[len - 1] != ';' ||
	    (text[0] == '0' && len > 2))
		return -1;
	for (size_t i = 0; i + 1 < len; i++) {
		if (!g_ascii_isdigit(text[i]))
			return -1;
		level = level * 10 + (text[i] - '0');
	}
	return level;
}

static void lovense_reply(TpSimPeer *peer, const char *text)
{
	tp_sim_peer_send(peer, (const uint8_t *)text, strlen(text));
}

static bool lovense_decode(TpSimPeer *peer, const uint8_t *d, size_t len)
{
	const char *text = (const char *)d;
	const size_t head = strlen(LOVENSE_VIBRATE);
	char battery[8];
	int level;

	if (len == strlen(LOVENSE_BATTERY) &&
	    memcmp(d, LOVENSE_BATTERY, len) == 0) {
		snprintf(battery, sizeof(battery), "%u;",
			 tp_sim_peer_battery(peer));
		lovense_reply(peer, battery);
		return true;
	}
	if (len <= head || memcmp(d, LOVENSE_VIBRATE, head) != 0)
		return false;
	level = lovense_level(text + head, len - head);
	if (level < 0 || (unsigned)level > peer->max_level)
		return false;
	peer->speed = level;
	peer->running = level > 0;
	lovense_reply(peer, "OK;");
	return true;
}

static const TpSimProtocol tp_sim_lovense = {
	.kind = "wand",
	.decode = lovense_decode,
};

TpSimPeer *tp_sim_peer_new_lovense(unsigned max_level)
{
	return tp_sim_peer_new(&tp_sim_lovense, max_level);
}
