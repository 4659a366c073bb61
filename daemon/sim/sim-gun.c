/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "sim-gun.h"

#include <string.h>

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

struct TpSimGun {
	unsigned max_speed;
	unsigned firmware; /* e.g. 216 for 2.1.6 */
	bool running;
	unsigned speed;
	unsigned received;
	unsigned rejected;
	GQueue history; /* GBytes*, oldest first */
	TpSimGunNotify notify;
	void *notify_data;
	TpSimGunObserver observer;
	void *observer_data;
};

TpSimGun *tp_sim_gun_new(unsigned max_speed, unsigned firmware)
{
	TpSimGun *gun = g_new0(TpSimGun, 1);

	gun->max_speed = max_speed;
	gun->firmware = firmware;
	g_queue_init(&gun->history);
	return gun;
}

void tp_sim_gun_free(TpSimGun *gun)
{
	if (!gun)
		return;
	g_queue_clear_full(&gun->history, (GDestroyNotify)g_bytes_unref);
	g_free(gun);
}

void tp_sim_gun_set_radio(TpSimGun *gun, TpSimGunNotify notify, void *user_data)
{
	gun->notify = notify;
	gun->notify_data = user_data;
}

void tp_sim_gun_set_observer(TpSimGun *gun, TpSimGunObserver observer,
			     void *user_data)
{
	gun->observer = observer;
	gun->observer_data = user_data;
}

/* Byte 1 of every frame: bytes 2..end summed, modulo 256. */
static uint8_t gun_sum(const uint8_t *data, size_t len)
{
	uint8_t sum = 0;

	for (size_t i = 2; i < len; i++)
		sum = (uint8_t)(sum + data[i]);
	return sum;
}

static void gun_send(TpSimGun *gun, uint8_t *frame, size_t len)
{
	frame[0] = GUN_LEAD_OUT;
	frame[1] = gun_sum(frame, len);
	if (gun->notify)
		gun->notify(frame, len, gun->notify_data);
}

static void gun_send_status(TpSimGun *gun)
{
	uint8_t f[GUN_STATUS_LEN] = { 0 };

	f[2] = GUN_CMD_STATUS;
	f[4] = gun->running ? 1 : 0;
	f[13] = gun->speed >> 8;
	f[14] = gun->speed & 0xFF;
	gun_send(gun, f, sizeof(f));
}

static void gun_send_version(TpSimGun *gun)
{
	uint8_t f[GUN_VERSION_LEN] = { 0 };

	f[2] = GUN_CMD_VERSION;
	f[12] = gun->firmware >> 8;
	f[13] = gun->firmware & 0xFF;
	gun_send(gun, f, sizeof(f));
}

/* Set speed: AA cs 01 03 hi lo 03. */
static bool gun_apply_speed(TpSimGun *gun, const uint8_t *d, size_t len)
{
	if (len != GUN_SPEED_LEN || d[3] != 0x03 || d[6] != 0x03)
		return false;
	unsigned speed = (unsigned)d[4] << 8 | d[5];
	if (speed > gun->max_speed)
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

static bool gun_decode(TpSimGun *gun, const uint8_t *d, size_t len)
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

bool tp_sim_gun_receive(TpSimGun *gun, const uint8_t *data, size_t len)
{
	bool accepted;

	g_queue_push_tail(&gun->history, g_bytes_new(data, len));
	if (g_queue_get_length(&gun->history) > TP_SIM_GUN_HISTORY)
		g_bytes_unref(g_queue_pop_head(&gun->history));
	gun->received++;
	accepted = gun_decode(gun, data, len);
	if (!accepted)
		gun->rejected++;
	if (gun->observer)
		gun->observer(data, len, accepted, gun->observer_data);
	return accepted;
}

bool tp_sim_gun_running(const TpSimGun *gun)
{
	return gun->running;
}

unsigned tp_sim_gun_speed(const TpSimGun *gun)
{
	return gun->speed;
}

unsigned tp_sim_gun_frames_received(const TpSimGun *gun)
{
	return gun->received;
}

unsigned tp_sim_gun_frames_rejected(const TpSimGun *gun)
{
	return gun->rejected;
}

unsigned tp_sim_gun_battery(const TpSimGun *gun)
{
	(void)gun;
	/* A fixed, plausible level: not 100 %, which tpd treats as unknown
	 * on real devices that always report it. */
	return 87;
}

GPtrArray *tp_sim_gun_frames(const TpSimGun *gun)
{
	GPtrArray *frames =
	    g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);

	for (GList *l = gun->history.head; l; l = l->next)
		g_ptr_array_add(frames, g_bytes_ref(l->data));
	return frames;
}
