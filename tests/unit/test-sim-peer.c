/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The far ends of the simulated wand and roller (sim-peer-lovense.c):
 * what Lovense's ASCII protocol (PROTOCOLS.md §4.1) allows is accepted and
 * answered, anything else is rejected, counted, and changes nothing; the
 * frames heard are kept, the last TP_SIM_PEER_HISTORY of them.
 */
#include <glib.h>
#include <string.h>

#include "sim/sim-peer.h"

typedef struct {
	GString *replies; /* what the device sent back, one after another */
} Radio;

static void heard(const uint8_t *data, size_t len, void *user_data)
{
	Radio *r = user_data;

	g_string_append_len(r->replies, (const char *)data, len);
}

static bool receive(TpSimPeer *peer, const char *text)
{
	return tp_sim_peer_receive(peer, (const uint8_t *)text, strlen(text));
}

static void test_lovense_accepts(void)
{
	TpSimPeer *peer = tp_sim_peer_new_lovense(20);
	Radio radio = { g_string_new(NULL) };

	tp_sim_peer_set_radio(peer, heard, &radio);
	g_assert_cmpstr(tp_sim_peer_kind(peer), ==, "wand");
	tp_sim_peer_set_kind(peer, "roller");
	g_assert_cmpstr(tp_sim_peer_kind(peer), ==, "roller");
	g_assert_true(receive(peer, "Vibrate:10;"));
	g_assert_true(tp_sim_peer_running(peer));
	g_assert_cmpuint(tp_sim_peer_speed(peer), ==, 10);
	g_assert_true(receive(peer, "Vibrate:20;"));
	g_assert_cmpuint(tp_sim_peer_speed(peer), ==, 20);
	g_assert_true(receive(peer, "Battery;"));
	g_assert_true(receive(peer, "Vibrate:0;"));
	g_assert_false(tp_sim_peer_running(peer));
	g_assert_cmpstr(radio.replies->str, ==, "OK;OK;87;OK;");
	g_assert_cmpuint(tp_sim_peer_frames_received(peer), ==, 4);
	g_assert_cmpuint(tp_sim_peer_frames_rejected(peer), ==, 0);
	tp_sim_peer_free(peer);
	g_string_free(radio.replies, TRUE);
}

static void test_lovense_rejects(void)
{
	static const char *const bad[] = {
		"Vibrate:21;", "Vibrate:05;", "Vibrate:5",   "Vibrate:;",
		"Vibrate:-1;", "Vibrate:1x;", "vibrate:5;",  "Vibrate:100;",
		"Battery",     "OK;",	      "Vibrate:5;;", NULL
	};
	TpSimPeer *peer = tp_sim_peer_new_lovense(20);
	Radio radio = { g_string_new(NULL) };
	unsigned n = 0;

	tp_sim_peer_set_radio(peer, heard, &radio);
	g_assert_true(receive(peer, "Vibrate:7;"));
	for (const char *const *b = bad; *b; b++, n++) {
		g_test_message("%s", *b);
		g_assert_false(receive(peer, *b));
	}
	/* Nothing changed, nothing answered. */
	g_assert_cmpuint(tp_sim_peer_speed(peer), ==, 7);
	g_assert_true(tp_sim_peer_running(peer));
	g_assert_cmpstr(radio.replies->str, ==, "OK;");
	g_assert_cmpuint(tp_sim_peer_frames_rejected(peer), ==, n);
	tp_sim_peer_free(peer);
	g_string_free(radio.replies, TRUE);
}

/* The last TP_SIM_PEER_HISTORY frames, oldest first, however many came. */
static void test_history(void)
{
	TpSimPeer *peer = tp_sim_peer_new_lovense(20);
	const unsigned total = TP_SIM_PEER_HISTORY + 44;

	for (unsigned n = 0; n < total; n++) {
		g_autofree char *frame = g_strdup_printf("Vibrate:%u;", n % 21);
		g_autoptr(GPtrArray) frames = NULL;
		receive(peer, frame);
		frames = tp_sim_peer_frames(peer);
		g_assert_cmpuint(frames->len, ==,
				 MIN(n + 1, TP_SIM_PEER_HISTORY));
		g_assert_cmpmem(
		    g_bytes_get_data(frames->pdata[frames->len - 1], NULL),
		    g_bytes_get_size(frames->pdata[frames->len - 1]), frame,
		    strlen(frame));
	}
	g_autoptr(GPtrArray) frames = tp_sim_peer_frames(peer);
	for (unsigned i = 0; i < frames->len; i++) {
		unsigned n = total - TP_SIM_PEER_HISTORY + i;
		g_autofree char *want = g_strdup_printf("Vibrate:%u;", n % 21);
		g_assert_cmpmem(g_bytes_get_data(frames->pdata[i], NULL),
				g_bytes_get_size(frames->pdata[i]), want,
				strlen(want));
	}
	tp_sim_peer_free(peer);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/sim-peer/lovense/accepts", test_lovense_accepts);
	g_test_add_func("/sim-peer/lovense/rejects", test_lovense_rejects);
	g_test_add_func("/sim-peer/history", test_history);
	return g_test_run();
}
