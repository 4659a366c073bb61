/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The far end of a simulated Theragun-PRO-like gun (PROTOCOLS.md §2): it
 * parses speed frames and status and version requests on its own, not
 * with the daemon's encoder, and answers with real 0xBB frames.
 */
#include "sim-peer-private.h"

/* Frame layout, PROTOCOLS.md §2.2. */
#define GUN_LEAD_IN	0xAA
#define GUN_LEAD_OUT	0xBB
#define GUN_CMD_SPEED	0x01
#define GUN_CMD_STATUS	0x10
#define GUN_CMD_VERSION 0x20
#define GUN_SPEED_LEN	7
#define GUN_REQUEST_LEN 4
#define GUN_STATUS_LEN	16
#define GUN_VERSION_LEN 14

/* Byte 1 of every frame: bytes 2..end summed, modulo 256. */
static uint8_t gun_sum(const uint8_t *data, size_t len)
{
	uint8_t sum = 0;

	for (size_t i = 2; i < len; i++)
		sum = (uint8_t)(sum + data[i]);
	return sum;
}

static void gun_send(TpSimPeer *gun, uint8_t *frame, size_t len)
{
	frame[0] = GUN_LEAD_OUT;
	frame[1] = gun_sum(frame, len);
	tp_sim_peer_send(gun, frame, len);
}

static void gun_send_status(TpSimPeer *gun)
{
	uint8_t f[GUN_STATUS_LEN] = { 0 };

	f[2] = GUN_CMD_STATUS;
	f[4] = gun->running ? 1 : 0;
	f[13] = gun->speed >> 8;
	f[14] = gun->speed & 0xFF;
	gun_send(gun, f, sizeof(f));
}

static void gun_send_version(TpSimPeer *gun)
{
	uint8_t f[GUN_VERSION_LEN] = { 0 };

	f[2] = GUN_CMD_VERSION;
	f[12] = gun->firmware >> 8;
	f[13] = gun->firmware & 0xFF;
	gun_send(gun, f, sizeof(f));
}

/* Set speed: AA cs 01 03 hi lo 03. */
static bool gun_apply_speed(TpSimPeer *gun, const uint8_t *d, size_t len)
{
	if (len != GUN_SPEED_LEN || d[3] != 0x03 || d[6] != 0x03)
		return false;
	unsigned speed = (unsigned)d[4] << 8 | d[5];
	if (speed > gun->max_level)
		return false;
	gun->speed = speed;
	gun->running = speed > 0;
	return true;
}

/* Status or version request: AA cs TYPE 00. */
static bool gun_is_request(const uint8_t *d, size_t len)
{
	return len == GUN_REQUEST_LEN && d[3] == 0x00;
}

static bool gun_decode(TpSimPeer *gun, const uint8_t *d, size_t len)
{
	if (len < GUN_REQUEST_LEN || d[0] != GUN_LEAD_IN ||
	    d[1] != gun_sum(d, len))
		return false;
	switch (d[2]) {
	case GUN_CMD_SPEED:
		return gun_apply_speed(gun, d, len);
	case GUN_CMD_STATUS:
		if (!gun_is_request(d, len))
			return false;
		gun_send_status(gun);
		return true;
	case GUN_CMD_VERSION:
		if (!gun_is_request(d, len))
			return false;
		gun_send_version(gun);
		return true;
	default:
		return false;
	}
}

static const TpSimProtocol tp_sim_theragun = {
	.kind = "gun",
	.decode = gun_decode,
};

TpSimPeer *tp_sim_peer_new_theragun(unsigned max_speed, unsigned firmware)
{
	TpSimPeer *gun = tp_sim_peer_new(&tp_sim_theragun, max_speed);

	gun->firmware = firmware;
	return gun;
}
