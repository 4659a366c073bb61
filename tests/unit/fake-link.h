/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A fake TpLink whose every write stays in flight until the test completes
 * it, and the fixture, log capture and assertions the massager tests share.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "device/link.h"
#include "device/massager.h"
#include "device/model.h"
#include "device/protocol.h"
#include "sim/sim-link.h"

#define ADDRESS "AA:BB:CC:DD:EE:FF"

/* ---- frames, built here rather than with the daemon's encoder ---------- */

/* The frames the massager writes unasked, spelled out by hand. */
extern const uint8_t stop_frame[7];
extern const uint8_t status_request[4];
extern const uint8_t version_request[4];

/* Byte 1 of a Theragun frame: the sum of bytes 2..end modulo 256. */
uint8_t checksum(const uint8_t *data, size_t len);
/* AA cs 01 03 hi lo 03 */
void speed_frame(unsigned speed, uint8_t out[7]);

/* ---- the fake link ----------------------------------------------------- */

/* A write the massager attempted, as the link saw it. */
typedef struct {
	uint8_t data[TP_FRAME_MAX];
	size_t len;
	TpWriteType type;
	unsigned channel; /* which write characteristic */
	int result;	  /* what write() returned */
	bool connected;	  /* whether the link was up when it was attempted */
} FakeFrame;

/*
 * The link the massager tests drive is the daemon's simulated link
 * (sim/sim-link.h) with no gun behind it and every write held until the
 * test completes it, so the test, not a radio, decides what is in flight
 * and when it is done. This records what was written to it.
 */
typedef struct {
	TpLink *sim;	/* the simulated link; the massager owns it */
	GArray *frames; /* FakeFrame: every write attempted */
	bool *freed;
} FakeLink;

/* A new fake link; *@freed is set when its owner frees it (and with it
 * this record). */
FakeLink *fake_link_new(bool *freed);
/* Complete the oldest write in flight with @error (0 or -errno). */
void fake_link_complete(FakeLink *fl, int error);
/* Hand the owner a notification, as if the device had sent it. */
void fake_link_notify(FakeLink *fl, const uint8_t *data, size_t len);

/* ---- log capture ------------------------------------------------------- */

/* Capture warnings from here on (call after g_test_init()); the end frees
 * what was captured. */
void warnings_capture_start(void);
void warnings_capture_end(void);
/* How many captured warnings match @pattern (a g_pattern_match_simple()
 * glob). */
unsigned count_warnings(const char *pattern);
/* Exactly one warning was logged since the last check, matching
 * @pattern; forget it. */
void assert_warned(const char *pattern);
/* Exactly two, matching @first then @second; forget them. */
void assert_warned_both(const char *first, const char *second);
/* Exactly as many as the patterns (NULL-terminated), in this order. */
void assert_warned_list(const char *first, ...) G_GNUC_NULL_TERMINATED;
/* g_message() lines logged so far matching @pattern. */
unsigned count_notices(const char *pattern);
/* Forget the warnings captured so far (after counting them). */
void forget_warnings(void);

/* ---- fixture ----------------------------------------------------------- */

typedef struct {
	TpMassagerEventType type;
	unsigned changes;
	char *message;
	TpMassagerState state; /* when it was emitted */
	unsigned frames;       /* frames written by then */
	unsigned disconnects;  /* link disconnects by then */
} Event;

typedef struct {
	TpModel model;
	FakeLink *link;
	TpMassager *m;
	bool link_freed;
	GArray *events; /* Event */
} Fixture;

/* A test model, speeds 1750..2400, at most @max_intensity. */
void fixture_init_model(TpModel *model, unsigned max_intensity);
/* A massager on a fake link, its events recorded; @data is the user cap,
 * or NULL for 100 %. */
void fixture_setup(Fixture *f, gconstpointer data);
/* Free it all, and check that no warning was left unexpected. */
void fixture_teardown(Fixture *f, gconstpointer data);

/* A test on the fixture with the default cap. */
#define ADD(path, fn) \
	g_test_add(path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

/* ---- main loop --------------------------------------------------------- */

/* Dispatch whatever is ready until nothing is left. */
void settle(void);
/* Iterate until the fake link is up. */
void wait_connected(Fixture *f);
void wait_connected_link(FakeLink *fl);
/* Iterate, waking for timers, until the link was disconnected @count
 * times. */
void wait_disconnects(FakeLink *fl, unsigned count);
/* Iterate, waking for timers, until @count frames have been written. */
void wait_frames(Fixture *f, unsigned count);

/* ---- assertions -------------------------------------------------------- */

/* The @i-th frame written (from 0). */
const FakeFrame *frame_at(Fixture *f, unsigned i);
void assert_stop(Fixture *f, unsigned i);
void assert_speed(Fixture *f, unsigned i, unsigned speed);
void assert_status_request(Fixture *f, unsigned i);
void assert_version_request(Fixture *f, unsigned i);
/* Frames written so far, and writes still in flight. */
unsigned n_frames(Fixture *f);
unsigned n_pending(Fixture *f);
/* Events of @type whose changes include all of @changes. */
unsigned count_events(Fixture *f, TpMassagerEventType type, unsigned changes);
const Event *event_at(Fixture *f, unsigned i);
void clear_events(Fixture *f);

/* ---- driving ----------------------------------------------------------- */

/* Connect, let the opening stop and version request go, and end idle in
 * the ready state with nothing in flight. */
void connect_ready(Fixture *f);
/* From ready: run at @intensity and let the speed write and the status
 * request that follows it complete. */
void run_at(Fixture *f, unsigned intensity);
