/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Advertising data (Bluetooth Core Supplement Part A §1): length-type-value
 * structures; reports per Core Vol 4 Part E §7.7.65.2 (legacy) and
 * §7.7.65.13 (extended).
 */
#include "att-advert.h"

#include <string.h>

#define LE_ADVERTISING_REPORT 0x02
#define LE_EXTENDED_REPORT    0x0D
#define AD_UUID16_MORE	      0x02
#define AD_UUID16_ALL	      0x03
#define AD_UUID128_MORE	      0x06
#define AD_UUID128_ALL	      0x07
#define AD_NAME_SHORT	      0x08
#define AD_NAME_COMPLETE      0x09

static void tp_att_advert_free(gpointer data)
{
	TpAttAdvert *a = data;

	g_free(a->name);
	g_ptr_array_unref(a->services);
	g_free(a);
}

GHashTable *tp_att_adverts_new(void)
{
	return g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
				     tp_att_advert_free);
}

char *tp_att_address_text(const uint8_t *p)
{
	return g_strdup_printf("%02X:%02X:%02X:%02X:%02X:%02X", p[5], p[4],
			       p[3], p[2], p[1], p[0]);
}

char *tp_att_uuid_text(const uint8_t *p, size_t len)
{
	if (len == 2)
		return g_strdup_printf("%04x", p[0] | p[1] << 8);
	GString *s = g_string_new(NULL);
	for (size_t i = 0; i < 16; i++) {
		g_string_append_printf(s, "%02x", p[15 - i]);
		if (i == 3 || i == 5 || i == 7 || i == 9)
			g_string_append_c(s, '-');
	}
	return g_string_free(s, FALSE);
}

static void tp_add_service(TpAttAdvert *a, char *uuid)
{
	for (guint i = 0; i < a->services->len; i++)
		if (g_str_equal(g_ptr_array_index(a->services, i), uuid)) {
			g_free(uuid);
			return;
		}
	g_ptr_array_add(a->services, uuid);
}

static void tp_ad_structure(TpAttAdvert *a, uint8_t type, const uint8_t *v,
			    size_t n)
{
	size_t size =
	    type == AD_UUID128_MORE || type == AD_UUID128_ALL ? 16 : 2;

	switch (type) {
	case AD_NAME_COMPLETE:
	case AD_NAME_SHORT:
		/* A complete name wins over a shortened one. */
		if (n && g_utf8_validate((const char *)v, n, NULL) &&
		    (type == AD_NAME_COMPLETE || !a->name)) {
			g_free(a->name);
			a->name = g_strndup((const char *)v, n);
		}
		return;
	case AD_UUID16_MORE:
	case AD_UUID16_ALL:
	case AD_UUID128_MORE:
	case AD_UUID128_ALL:
		for (size_t at = 0; at + size <= n; at += size)
			tp_add_service(a, tp_att_uuid_text(v + at, size));
		return;
	}
}

static void tp_advert_data(GHashTable *adverts, const uint8_t *address,
			   const uint8_t *d, size_t n)
{
	char *key = tp_att_address_text(address);
	TpAttAdvert *a = g_hash_table_lookup(adverts, key);

	if (!a) {
		a = g_new0(TpAttAdvert, 1);
		a->services = g_ptr_array_new_with_free_func(g_free);
		g_hash_table_insert(adverts, key, a);
	} else {
		g_free(key);
	}
	for (size_t at = 0; at < n && d[at] && at + 1 + d[at] <= n;
	     at += 1 + d[at])
		tp_ad_structure(a, d[at + 1], d + at + 2, d[at] - 1);
}

/* Each report: its fixed part ends in the address at @address_at and the
 * data length at @length_at. Only reports that fit are read. */
static void tp_reports(GHashTable *adverts, const uint8_t *d, size_t len,
		       size_t address_at, size_t length_at, size_t tail)
{
	size_t at = 2;

	for (unsigned i = 0; i < d[1]; i++) {
		size_t n;
		if (at + length_at + 1 > len)
			return;
		n = d[at + length_at];
		if (at + length_at + 1 + n + tail > len)
			return;
		tp_advert_data(adverts, d + at + address_at,
			       d + at + length_at + 1, n);
		at += length_at + 1 + n + tail;
	}
}

void tp_att_adverts_event(GHashTable *adverts, const uint8_t *d, size_t len)
{
	if (len < 2)
		return;
	/* Legacy: type, address type, address, length, data, RSSI. Several
	 * reports in one event are read one after the other, as controllers
	 * send them. Extended: type (2), address type, address, PHYs, SID,
	 * TX power, RSSI, interval (2), direct address type and address,
	 * length, data. */
	if (d[0] == LE_ADVERTISING_REPORT)
		tp_reports(adverts, d, len, 2, 8, 1);
	else if (d[0] == LE_EXTENDED_REPORT)
		tp_reports(adverts, d, len, 3, 23, 0);
}
