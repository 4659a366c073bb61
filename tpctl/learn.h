/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "att-log.h"

/*
 * tpctl learn: from the ATT traffic of a capture to a draft model file
 * (DESIGN.md §11), in four steps, each a file:
 *   learn-trace.c     which device and characteristic carry the control
 *                     writes, and those writes in capture order;
 *   learn-shape.c     the shape of the frames that set a level: length,
 *                     constant bytes, the level field and its copies,
 *                     checksums (every hypothesis tested on every frame);
 *                     learn-text.c for levels in ASCII decimal;
 *   learn-sequence.c  what the other writes are by where they come: stop,
 *                     start, init, resends, and the level each frame sets;
 *   learn-draft.c     the model file, proven by rendering it with tpd's
 *                     own frame-template engine against every captured
 *                     control frame;
 *   learn-infer.c     all of it, for each candidate shape: the whole
 *                     model that explains most is believed.
 * Nothing is guessed: a frame no step explains stays unexplained.
 */

typedef enum {
	TP_ROLE_UNEXPLAINED,
	TP_ROLE_LEVEL,	/* sets a level (the first of a run of equal ones) */
	TP_ROLE_RESEND, /* the same level frame again */
	TP_ROLE_STOP,
	TP_ROLE_START,
	TP_ROLE_INIT,
} TpLearnRole;

typedef struct {
	unsigned record;
	gint64 time_us;
	unsigned connection; /* TpAttConnection.number */
	uint16_t handle;
	bool request; /* ATT Write Request, else Write Command */
	bool control; /* on the control characteristic, else on another
			 of its service (an init candidate) */
	char *uuid;   /* of its characteristic, NULL when not discovered */
	GBytes *value;
	/* From the later steps. */
	TpLearnRole role;
	bool in_family;	 /* has the level frames' shape */
	unsigned raw;	 /* the level field's value, when in_family */
	unsigned level;	 /* the level it sets, for LEVEL and RESEND */
	bool reproduced; /* the draft renders exactly these bytes */
} TpLearnWrite;

typedef struct {
	/* The device, as far as the capture tells. */
	char *address;	       /* NULL when no connection event was captured */
	char *name;	       /* advertised or read name, or NULL */
	GPtrArray *advertised; /* service UUIDs it advertised */
	unsigned n_connections;
	/* The control characteristic and its service. */
	uint16_t handle;
	char *uuid;	   /* NULL when the capture holds no discovery */
	char *service;	   /* likewise */
	char *notify_uuid; /* a characteristic of the service that notified */
	GPtrArray *writes; /* TpLearnWrite*, capture order */
	unsigned other_writes; /* writes elsewhere, not part of the model */
} TpLearnTrace;

typedef enum {
	TP_FIELD_BYTE,
	TP_FIELD_BE16,
	TP_FIELD_NIBBLES,
	TP_FIELD_DEC,
} TpFieldKind;

typedef struct {
	unsigned at;
	int delta; /* its value minus the level field's */
} TpLearnCopy;

typedef struct {
	unsigned at;
	bool xor8; /* else sum8 */
	unsigned from, to;
} TpLearnChecksum;

/* The shape of the level frames: a fixed-length binary frame, or ASCII
 * text with the level in decimal between a fixed prefix and suffix. */
typedef struct {
	TpFieldKind kind;
	GBytes *constant;    /* binary: a family frame (its constant bytes) */
	GArray *is_constant; /* binary: gboolean per byte */
	unsigned at;	     /* the level field's first byte */
	GArray *copies;	     /* TpLearnCopy: the level again, offset */
	GArray *checksums;   /* TpLearnChecksum */
	GBytes *prefix, *suffix; /* TP_FIELD_DEC */
	int add;		 /* field value = level + add */
} TpLearnShape;

typedef struct {
	/* Set by the person. */
	GArray *levels; /* unsigned, from --levels, or NULL */
	/* Found. */
	TpLearnShape *shape; /* NULL when no level frames were found */
	GBytes *stop, *start;
	unsigned stop_seen; /* times written after a level */
	GPtrArray *init;    /* GBytes*, in order */
	char *init_uuid;    /* when written to another characteristic */
	bool write_request, init_request;
	unsigned keepalive_ms; /* 0: none */
	unsigned resends;
	unsigned low, high; /* levels seen */
	char *problem;	    /* why the levels could not be paired, or NULL */
} TpLearnResult;

/* A captured control frame, which the proof counts: every write to the
 * control characteristic, and the init frames taken from another one. */
static inline bool tp_learn_write_counts(const TpLearnWrite *w)
{
	return w->control || w->role == TP_ROLE_INIT;
}

/* learn-trace.c: NULL with @error when the capture holds no writes. */
TpLearnTrace *tp_learn_trace_new(TpAttLog *log, GError **error);
void tp_learn_trace_free(TpLearnTrace *trace);
/* Frees a TpLearnWrite (the free function of TpLearnTrace.writes). */
void tp_learn_write_free(gpointer write);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TpLearnTrace, tp_learn_trace_free)

/* learn-text.c: the best text shape (the level in decimal), or NULL, and
 * whether @value has it. */
TpLearnShape *tp_learn_text_shape(const TpLearnTrace *trace);
bool tp_learn_text_match(const TpLearnShape *shape, GBytes *value,
			 unsigned *raw);

/* learn-shape.c: the shapes the control writes may have, best ranked
 * first (TpLearnShape*, owned). */
GPtrArray *tp_learn_shape_candidates(const TpLearnTrace *trace);
void tp_learn_shape_free(TpLearnShape *shape);
/* Whether @value has the shape; its level field's value in @raw. */
bool tp_learn_shape_match(const TpLearnShape *shape, GBytes *value,
			  unsigned *raw);
/* The Frame= template for field values of level + shape->add. */
char *tp_learn_shape_template(const TpLearnShape *shape);

/* learn-sequence.c: roles and levels of every write; false with a
 * problem in result->problem when --levels does not fit. */
bool tp_learn_sequence(TpLearnTrace *trace, TpLearnResult *result);

/* learn-draft.c */
typedef struct {
	unsigned frames; /* captured control frames */
	unsigned reproduced;
} TpLearnDraft;

typedef struct {
	const char *capture; /* the file's name, for Sources= */
	const char *sha256;
	const char *kind; /* gun, roller or wand */
} TpLearnSource;

/* Render the draft's templates with the frame-template engine and mark
 * each write they reproduce byte for byte. */
bool tp_learn_prove(TpLearnTrace *trace, const TpLearnResult *result,
		    TpLearnDraft *draft, GError **error);
/* Names= of a draft when the capture holds no name: matches no device. */
#define TP_LEARN_NO_NAME "(the advertised name: not in the capture)"

/* The model file; NULL with what is missing (a stop, UUIDs). */
char *tp_learn_model_text(const TpLearnTrace *trace,
			  const TpLearnResult *result,
			  const TpLearnSource *source, GError **error);
/* Frame bytes as a template: quoted text when printable, else hex. */
char *tp_learn_bytes_template(GBytes *bytes);
char *tp_learn_hex(GBytes *bytes);

void tp_learn_result_clear(TpLearnResult *result);

/* learn-infer.c: all of it, for the candidate shape that explains most
 * (result->levels set by the caller). False only with @error from the
 * proof; levels that do not fit leave result->problem set. */
bool tp_learn_infer(TpLearnTrace *trace, TpLearnResult *result,
		    TpLearnDraft *draft, GError **error);

/* One run of tpctl learn, for the report (learn-report.c). */
typedef struct {
	const char *path;
	const TpCaptureInfo *info;
	char *sha256;
	TpLearnTrace *trace;
	TpLearnResult result;
	TpLearnDraft draft;
	char *written; /* the model file's path, once written */
	char *why_not; /* why no file was written */
} TpLearnRun;

void tp_learn_report_print(const TpLearnRun *run);
/* Floating reference sunk: the caller unrefs. */
GVariant *tp_learn_report_variant(const TpLearnRun *run);

/* learn-list.c: tpctl learn --list, as text or as JSON (floating ref
 * sunk: the caller unrefs). */
void tp_learn_list_print(const char *path, const TpCaptureInfo *info,
			 TpAttLog *log);
GVariant *tp_learn_list_variant(const char *path, const TpCaptureInfo *info,
				TpAttLog *log);
