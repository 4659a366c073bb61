/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "capture.h"

/*
 * The ATT traffic of a capture, per connection: HCI ACL packets are
 * reassembled from their fragments into L2CAP frames, those on the ATT
 * channel (CID 4) decoded; writes (with and without response),
 * notifications and indications are kept in capture order, and the GATT
 * discovery the capture holds names their handles (characteristic
 * declarations, else Find Information) and the services around them.
 */

enum {
	TP_ATT_WRITE_REQUEST = 0x12,
	TP_ATT_WRITE_COMMAND = 0x52,
	TP_ATT_NOTIFICATION = 0x1B,
	TP_ATT_INDICATION = 0x1D,
};

typedef struct {
	unsigned record; /* capture record that completed it */
	gint64 time_us;
	uint8_t opcode; /* one of the above */
	uint16_t handle;
	GBytes *value;
} TpAttOp;

typedef struct {
	unsigned number;     /* 1, 2, … in the order they appear */
	uint16_t hci_handle; /* the controller's connection handle */
	char *peer;	     /* "AA:BB:…" from the LE Connection Complete, or
				NULL when the capture began after it */
	char *name;	     /* read from Device Name (0x2A00), or NULL */
	GHashTable *uuids;   /* attribute handle → UUID text */
	GArray *services;    /* TpAttService, as discovered */
	GPtrArray *ops;	     /* TpAttOp*, in capture order */
} TpAttConnection;

typedef struct {
	uint16_t start, end;
	char *uuid;
} TpAttService;

/* What a device advertised (LE Advertising Reports in the capture). */
typedef struct {
	char *name;	     /* complete or shortened local name, or NULL */
	GPtrArray *services; /* UUID texts, as tp_att_connection_uuid() */
} TpAttAdvert;

typedef struct TpAttLog TpAttLog;

TpAttLog *tp_att_log_new(void);
void tp_att_log_free(TpAttLog *log);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TpAttLog, tp_att_log_free)

/* Feed every record of a capture (a TpCaptureRecordFn). */
void tp_att_log_add(const TpCaptureRecord *record, void *log);

/* TpAttConnection*, in order. */
GPtrArray *tp_att_log_connections(TpAttLog *log);
/* Packets that could not be followed (a fragment without its start, an
 * L2CAP frame shorter than it says): counted, not fatal, since captures
 * often begin mid-connection. */
unsigned tp_att_log_skipped(const TpAttLog *log);

/* What @address advertised, NULL when the capture holds no report. */
const TpAttAdvert *tp_att_log_advert(TpAttLog *log, const char *address);

/* The UUID of @handle's characteristic, and of the service holding it;
 * NULL when the capture did not discover it. */
const char *tp_att_connection_uuid(const TpAttConnection *c, uint16_t handle);
const char *tp_att_connection_service(const TpAttConnection *c,
				      uint16_t handle);
