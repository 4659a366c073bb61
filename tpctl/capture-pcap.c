/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * pcap and pcapng, as Wireshark and tcpdump write them, with the two
 * Bluetooth link types that keep the direction: 201 (HCI H4 with a 4-byte
 * direction header, 1 = received) and 254 (Linux monitor: adapter index
 * and opcode, 16 bits each, big-endian). pcap: a 24-byte header in either
 * byte order, then records of seconds, micro- or nanoseconds, included
 * and original length. pcapng: blocks of type and total length; the
 * section header gives the byte order, interface descriptions the link
 * type, enhanced packet blocks the packets.
 */
#include <string.h>

#include "capture-private.h"
#include "common/tp-error.h"

#define LINK_H4_WITH_PHDR 201
#define LINK_MONITOR	  254
#define PCAP_HEADER	  24
#define PCAP_RECORD	  16
#define PCAPNG_SECTION	  0x0A0D0D0A
#define PCAPNG_INTERFACE  1
#define PCAPNG_PACKET	  6
#define PCAPNG_BYTE_ORDER 0x1A2B3C4D
#define PCAPNG_MAX_IFACES 16

typedef struct {
	bool swapped; /* the file's byte order is not the host's */
} TpOrder;

static uint32_t rd32(const TpOrder *o, const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return o->swapped ? GUINT32_SWAP_LE_BE(v) : v;
}

static uint16_t rd16(const TpOrder *o, const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return o->swapped ? GUINT16_SWAP_LE_BE(v) : v;
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static bool tp_link_supported(unsigned link, GError **error)
{
	if (link == LINK_H4_WITH_PHDR || link == LINK_MONITOR)
		return true;
	g_set_error(error, TP_ERROR, TP_ERROR_INVALID,
		    "link type %u is neither Bluetooth H4 with direction (201) "
		    "nor Linux monitor (254)",
		    link);
	return false;
}

/* One packet of @link; false when it is too short for its header. */
static bool tp_link_packet(TpCaptureRecord *r, unsigned link)
{
	const uint8_t *d = r->data;

	if (r->len < 4)
		return false;
	r->data += 4;
	r->len -= 4;
	if (link == LINK_H4_WITH_PHDR)
		return tp_capture_h4(r, be32(d) & 1);
	tp_capture_monitor(r, (unsigned)d[2] << 8 | d[3]);
	return true;
}

/* ---- pcap -------------------------------------------------------------- */

bool tp_capture_read_pcap(const uint8_t *data, size_t len, TpCaptureRecordFn fn,
			  void *user_data, TpCaptureInfo *info, GError **error)
{
	/* The magic's bytes give the file's byte order: A1 first is
	 * big-endian. */
	TpOrder o = { data[0] == 0xA1 };
	bool nano = data[0] == 0x4D || data[3] == 0x4D;
	gint64 first = 0;
	size_t at = PCAP_HEADER;
	unsigned link;

	if (G_BYTE_ORDER == G_BIG_ENDIAN)
		o.swapped = !o.swapped; /* then little-endian files swap */
	if (len < PCAP_HEADER) {
		g_set_error(error, TP_ERROR, TP_ERROR_INVALID,
			    "pcap: shorter than its header");
		return false;
	}
	link = rd32(&o, data + 20) & 0xFFFF;
	if (!tp_link_supported(link, error))
		return false;
	info->format = link == LINK_MONITOR ? "pcap, Linux monitor (254)"
					    : "pcap, Bluetooth H4 (201)";
	for (unsigned n = 1; at < len; n++) {
		const uint8_t *h = data + at;
		TpCaptureRecord r = { .number = n };
		if (!tp_capture_header_fits(error, n, len - at, PCAP_RECORD))
			return false;
		uint32_t included = rd32(&o, h + 8);
		if (included > len - at - PCAP_RECORD)
			return tp_capture_fail(error, n,
					       "%u bytes announced, past the "
					       "end of the file",
					       included);
		gint64 t = (gint64)rd32(&o, h) * G_USEC_PER_SEC +
			   rd32(&o, h + 4) / (nano ? 1000 : 1);
		if (n == 1)
			first = t;
		r.time_us = t - first;
		r.data = h + PCAP_RECORD;
		r.len = included;
		at += PCAP_RECORD + included;
		info->records = n;
		if (!tp_link_packet(&r, link))
			return tp_capture_fail(error, n,
					       "shorter than its %u-byte "
					       "link header",
					       4u);
		fn(&r, user_data);
	}
	return true;
}

/* ---- pcapng ------------------------------------------------------------ */

typedef struct {
	TpOrder order;
	unsigned links[PCAPNG_MAX_IFACES];
	unsigned n_links;
	gint64 first;
	bool have_first;
} TpPcapng;

static bool tp_pcapng_section(TpPcapng *p, const uint8_t *b, size_t len,
			      unsigned n, GError **error)
{
	uint32_t magic;

	if (len < 12)
		return tp_capture_fail(error, n, "section header too short");
	memcpy(&magic, b + 8, 4);
	if (magic == PCAPNG_BYTE_ORDER)
		p->order.swapped = false;
	else if (GUINT32_SWAP_LE_BE(magic) == PCAPNG_BYTE_ORDER)
		p->order.swapped = true;
	else
		return tp_capture_fail(error, n, "no byte-order magic");
	p->n_links = 0; /* interfaces are numbered per section */
	return true;
}

static bool tp_pcapng_packet(TpPcapng *p, const uint8_t *b, size_t len,
			     unsigned n, TpCaptureRecordFn fn, void *user_data,
			     GError **error)
{
	TpCaptureRecord r = { .number = n };
	uint32_t iface, captured;
	gint64 t;

	/* Type, length, interface, time (2), captured, original, then the
	 * data and the trailing length. */
	if (len < 32)
		return tp_capture_fail(error, n, "packet block too short");
	iface = rd32(&p->order, b + 8);
	captured = rd32(&p->order, b + 20);
	if (iface >= p->n_links)
		return tp_capture_fail(error, n,
				       "interface %u was not described", iface);
	if (captured > len - 32)
		return tp_capture_fail(error, n,
				       "%u bytes announced, more than its "
				       "block holds",
				       captured);
	/* Microseconds, the default resolution. */
	t = (gint64)((uint64_t)rd32(&p->order, b + 12) << 32 |
		     rd32(&p->order, b + 16));
	if (!p->have_first) {
		p->first = t;
		p->have_first = true;
	}
	r.time_us = t - p->first;
	r.data = b + 28;
	r.len = captured;
	if (!tp_link_packet(&r, p->links[iface]))
		return tp_capture_fail(error, n,
				       "shorter than its 4-byte link header");
	fn(&r, user_data);
	return true;
}

static bool tp_pcapng_block(TpPcapng *p, uint32_t type, const uint8_t *b,
			    size_t len, unsigned n, TpCaptureRecordFn fn,
			    void *user_data, GError **error)
{
	switch (type) {
	case PCAPNG_SECTION:
		return tp_pcapng_section(p, b, len, n, error);
	case PCAPNG_INTERFACE:
		if (len < 12)
			return tp_capture_fail(error, n,
					       "interface block too short");
		if (p->n_links == PCAPNG_MAX_IFACES)
			return tp_capture_fail(error, n,
					       "more than %d interfaces",
					       PCAPNG_MAX_IFACES);
		p->links[p->n_links] = rd16(&p->order, b + 8);
		if (!tp_link_supported(p->links[p->n_links], error))
			return false;
		p->n_links++;
		return true;
	case PCAPNG_PACKET:
		return tp_pcapng_packet(p, b, len, n, fn, user_data, error);
	default:
		return true; /* name resolution, statistics: not needed */
	}
}

bool tp_capture_read_pcapng(const uint8_t *data, size_t len,
			    TpCaptureRecordFn fn, void *user_data,
			    TpCaptureInfo *info, GError **error)
{
	TpPcapng p = { 0 };
	size_t at = 0;

	info->format = "pcapng";
	for (unsigned n = 1; at < len; n++) {
		const uint8_t *b = data + at;
		uint32_t type, total;
		if (len - at < 12)
			return tp_capture_fail(
			    error, n, "truncated block (%zu bytes)", len - at);
		/* The section header's length is read in its own order. */
		if (n == 1 || memcmp(b, "\x0A\x0D\x0D\x0A", 4) == 0)
			tp_pcapng_section(&p, b, len - at, n, NULL);
		type = rd32(&p.order, b);
		total = rd32(&p.order, b + 4);
		if (total < 12 || total % 4)
			return tp_capture_fail(error, n,
					       "block length %u is not a "
					       "multiple of 4 of at least 12",
					       total);
		if (total > len - at)
			return tp_capture_fail(error, n,
					       "block length %u runs past the "
					       "end of the file",
					       total);
		if (!tp_pcapng_block(&p, type, b, total, n, fn, user_data,
				     error))
			return false;
		info->records = n;
		at += total;
	}
	return true;
}
