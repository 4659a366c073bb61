/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>

#include "common/datafile-pack.h"
#include "protocol.h"

/*
 * A device model: data/models/<id>.model (users add more in
 * /etc/tpd/models.d/). Groups:
 *   [Model]  Name, Kind, Protocol, Speed=LOW..HIGH (per minute) or
 *            Levels=LOW..HIGH (discrete; 0 stops), MaxIntensity,
 *            Experimental, Evidence, Simulated, Sources
 *   [Match]  Names (glob patterns on the advertised name), Services
 *            (UUIDs the device must advertise) and optionally
 *            ManufacturerData (a company id and the bytes its data starts
 *            with): all must match, since vendors share UUIDs such as
 *            0xFFE0 with different roles
 *   [GATT]   Service, Write and (optional) Notify characteristic UUIDs;
 *            InitCharacteristic, FrameCharacteristic, StopCharacteristic,
 *            StartCharacteristic
 *            when a kind of frame goes elsewhere than Write
 *   [Frame]  Frame, Stop, Start (frame templates), Write=request|command,
 *            Init
 *            (frames, each with an optional wait=MS, split by ';'),
 *            InitWrite, Keepalive (ms), for Protocol=frame only
 *   [Notify] Prefix, Running=B:VV, Battery=B, Level=B: where a status
 *            notification carries what tpd reads, for Protocol=frame
 * See tpd-model(5).
 */
/* The most bytes [Match] ManufacturerData may require: all an
 * advertisement can hold. */
#define TP_MFR_PREFIX_MAX 27

typedef struct TpModel {
	char *id;
	char *name;
	int kind;	/* index into tp_tool_kinds */
	char *protocol; /* protocol driver name */
	TpRange speed;	/* Speed=: therapeutic range, per minute */
	TpRange levels; /* Levels=: lowest and highest level that runs */
	bool discrete;	/* the model has Levels, not a Speed range */
	unsigned max_intensity; /* percent of that range the model allows */
	bool experimental; /* the protocol rests on one unverified source */
	bool simulated;	   /* only for tpd --simulate: never matched */
	int evidence;	   /* [Model] Evidence: index into tp_model_evidence,
			      -1 when not given */
	char **sources;

	char **names;	 /* [Match] Names: glob patterns */
	char **services; /* [Match] Services: normalized UUIDs */
	char *mfr_text;	 /* [Match] ManufacturerData, as written */
	bool has_mfr;
	guint16 mfr_company;
	guint8 mfr_prefix[TP_MFR_PREFIX_MAX]; /* what the data starts with */
	size_t mfr_prefix_len;		      /* 0: any data of the company */

	char *gatt_service; /* [GATT] Service */
	char *write_char;   /* [GATT] Write */
	char *notify_char;  /* [GATT] Notify, or NULL */
	/* [GATT] InitCharacteristic, FrameCharacteristic, StopCharacteristic:
	 * NULL when that kind goes to Write. */
	char *init_char, *frame_char, *stop_char, *start_char;
	/* The write characteristics, Write first: TpFrame.channel indexes
	 * this (NULL-terminated). */
	char **write_chars;

	char *frame_text; /* [Frame] Frame, Stop, Write, Init, InitWrite */
	char *stop_text;
	char *init_text;
	char *start_text;
	unsigned keepalive_ms; /* [Frame] Keepalive: 0 for none */
	char *notify_prefix, *notify_running; /* [Notify], as written */
	unsigned notify_battery, notify_level;
	TpProtocolParams params; /* what the driver reads; owns the templates */
} TpModel;

/* The kinds of tool a model is: gun, roller, wand (tpd-model(5)). */
extern const char *const tp_tool_kinds[];
/* What the frames rest on: "tests" (public test vectors of a widely used
 * implementation), "code" (public code, no test), "capture" (a recorded
 * capture of the vendor's app). */
extern const char *const tp_model_evidence[];

TpModel *tp_model_parse(TpDataFile *file, const char *id, TpProblems *problems);
void tp_model_free(TpModel *model);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TpModel, tp_model_free)
/* A read-only copy of @model in @pack, freed with it (never with
 * tp_model_free()). */
TpModel *tp_model_pack(const TpModel *model, TpPack *pack);

const char *tp_model_kind(const TpModel *model);

/* The range the protocol is given: Speed or Levels. */
const TpRange *tp_model_range(const TpModel *model);

/* Speed (or level) for an intensity in percent: 0 is stopped, 1–100
 * spread over the range. */
unsigned tp_model_speed_for(const TpModel *model, unsigned intensity);

/* One company's manufacturer data in an advertisement. */
typedef struct {
	guint16 company;
	GBytes *data;
} TpMfrData;

/* What a device advertises (BlueZ's Device1 Name, UUIDs and
 * ManufacturerData). */
typedef struct {
	const char *name;
	const char *const *uuids; /* normalized, NULL-terminated */
	const TpMfrData *mfr;
	size_t n_mfr;
} TpAdvert;

/* Whether the device is this model: the name matches one pattern, every
 * service of [Match] is advertised, and so is the manufacturer data if
 * [Match] asks for it. */
bool tp_model_matches_advert(const TpModel *model, const TpAdvert *ad);
/* The same for a device without manufacturer data. */
bool tp_model_matches(const TpModel *model, const char *name,
		      const char *const *uuids);
