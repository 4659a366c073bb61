/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What the massager tests share: the simulated link, held and recorded
 * (fake-link.h), frames built by hand, warnings captured from the log, the
 * fixture, and assertions.
 */
#include "fake-link.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

/* ---- frames, built here rather than with the daemon's encoder ---------- */

const uint8_t stop_frame[] = { 0xAA, 0x07, 0x01, 0x03, 0x00, 0x00, 0x03 };
const uint8_t status_request[] = { 0xAA, 0x10, 0x10, 0x00 };
const uint8_t version_request[] = { 0xAA, 0x20, 0x20, 0x00 };

/* Byte 1 of a Theragun frame: the sum of bytes 2..end modulo 256. */
uint8_t checksum(const uint8_t *data, size_t len)
{
	unsigned sum = 0;

	for (size_t i = 2; i < len; i++)
		sum += data[i];
	return sum % 256;
}

/* AA cs 01 03 hi lo 03 */
void speed_frame(unsigned speed, uint8_t out[7])
{
	out[0] = 0xAA;
	out[2] = 0x01;
	out[3] = 0x03;
	out[4] = speed >> 8;
	out[5] = speed & 0xFF;
	out[6] = 0x03;
	out[1] = checksum(out, 7);
}

/* ---- the fake link ----------------------------------------------------- */

static void fake_link_record(const TpFrame *frame, int result, bool connected,
			     void *user_data)
{
	FakeLink *fl = user_data;
	FakeFrame rec = { .len = frame->len,
			  .type = frame->write_type,
			  .channel = frame->channel,
			  .result = result,
			  .connected = connected };

	memcpy(rec.data, frame->data, frame->len);
	g_array_append_val(fl->frames, rec);
}

static void fake_link_freed(void *user_data)
{
	FakeLink *fl = user_data;

	g_array_unref(fl->frames);
	if (fl->freed)
		*fl->freed = true;
	g_free(fl);
}

FakeLink *fake_link_new(bool *freed)
{
	FakeLink *fl = g_new0(FakeLink, 1);

	fl->sim = tp_sim_link_new(NULL);
	fl->frames = g_array_new(FALSE, TRUE, sizeof(FakeFrame));
	fl->freed = freed;
	tp_sim_link_hold_writes(fl->sim, true);
	tp_sim_link_set_observer(fl->sim, fake_link_record, fl,
				 fake_link_freed);
	return fl;
}

void fake_link_complete(FakeLink *fl, int error)
{
	tp_sim_link_complete(fl->sim, error);
}

void fake_link_notify(FakeLink *fl, const uint8_t *data, size_t len)
{
	tp_sim_link_notify(fl->sim, data, len);
}

/* ---- log capture ------------------------------------------------------ */

/* The daemon logs with structured logging, which g_test_expect_message()
 * does not see in GLib 2.74; warnings are captured here instead, and each
 * test says which it expected. Criticals and worse stay fatal. */
static GPtrArray *warnings; /* char* */
static GPtrArray *notices;  /* char*: g_message(), kept for the test */

static GLogWriterOutput capture_writer(GLogLevelFlags level,
				       const GLogField *fields, gsize n_fields,
				       gpointer user_data)
{
	GPtrArray *into;

	switch (level & G_LOG_LEVEL_MASK) {
	case G_LOG_LEVEL_WARNING:
		into = warnings;
		break;
	case G_LOG_LEVEL_MESSAGE:
		into = notices;
		break;
	default:
		return g_log_writer_default(level, fields, n_fields, user_data);
	}
	for (gsize i = 0; i < n_fields; i++) {
		if (strcmp(fields[i].key, "MESSAGE") != 0)
			continue;
		g_ptr_array_add(
		    into, fields[i].length < 0
			      ? g_strdup(fields[i].value)
			      : g_strndup(fields[i].value, fields[i].length));
	}
	return G_LOG_WRITER_HANDLED;
}

void warnings_capture_start(void)
{
	warnings = g_ptr_array_new_with_free_func(g_free);
	notices = g_ptr_array_new_with_free_func(g_free);
	g_log_set_writer_func(capture_writer, NULL, NULL);
}

void warnings_capture_end(void)
{
	g_ptr_array_unref(warnings);
	g_ptr_array_unref(notices);
}

static unsigned count_matching(GPtrArray *lines, const char *pattern)
{
	unsigned n = 0;

	for (guint i = 0; i < lines->len; i++)
		if (g_pattern_match_simple(pattern, lines->pdata[i]))
			n++;
	return n;
}

unsigned count_warnings(const char *pattern)
{
	return count_matching(warnings, pattern);
}

unsigned count_notices(const char *pattern)
{
	return count_matching(notices, pattern);
}

static void clear_warnings(void)
{
	g_ptr_array_set_size(warnings, 0);
}

void forget_warnings(void)
{
	clear_warnings();
}

static void assert_no_warnings(void)
{
	for (guint i = 0; i < warnings->len; i++)
		g_test_message("unexpected warning: %s",
			       (char *)warnings->pdata[i]);
	g_assert_cmpuint(warnings->len, ==, 0);
}

/* Exactly one warning was logged since the last check, matching
 * @pattern (a g_pattern_match_simple() glob). */
void assert_warned(const char *pattern)
{
	for (guint i = 0; i < warnings->len; i++)
		g_test_message("warning: %s", (char *)warnings->pdata[i]);
	g_assert_cmpuint(warnings->len, ==, 1);
	g_assert_cmpuint(count_warnings(pattern), ==, 1);
	clear_warnings();
}

/* The same for two warnings, in this order. */
void assert_warned_both(const char *first, const char *second)
{
	assert_warned_list(first, second, NULL);
}

void assert_warned_list(const char *first, ...)
{
	va_list ap;
	guint n = 0;

	for (guint i = 0; i < warnings->len; i++)
		g_test_message("warning: %s", (char *)warnings->pdata[i]);
	va_start(ap, first);
	for (const char *p = first; p; p = va_arg(ap, const char *), n++) {
		g_assert_cmpuint(n, <, warnings->len);
		if (!g_pattern_match_simple(p, warnings->pdata[n]))
			g_error("warning %u: '%s' does not match '%s'", n,
				(char *)warnings->pdata[n], p);
	}
	va_end(ap);
	g_assert_cmpuint(warnings->len, ==, n);
	clear_warnings();
}

/* ---- fixture ----------------------------------------------------------- */

static void event_clear(gpointer data)
{
	Event *ev = data;

	g_free(ev->message);
}

static void record_event(TpMassager *m, const TpMassagerEvent *ev,
			 void *user_data)
{
	Fixture *f = user_data;
	Event rec = {
		.type = ev->type,
		.changes = ev->changes,
		.message = g_strdup(ev->message),
		.state = tp_massager_state(m),
		.frames = f->link_freed ? 0 : f->link->frames->len,
		.disconnects =
		    f->link_freed ? 0 : tp_sim_link_disconnects(f->link->sim),
	};

	g_assert_true(m == f->m);
	g_array_append_val(f->events, rec);
}

void fixture_init_model(TpModel *model, unsigned max_intensity)
{
	*model = (TpModel){
		.id = (char *)"test-gun",
		.name = (char *)"Test Gun",
		.kind = 0,
		.protocol = (char *)"theragun",
		.speed = { 1750, 2400 },
		.max_intensity = max_intensity,
	};
}

/* @data is the user cap, or NULL for 100 %. */
void fixture_setup(Fixture *f, gconstpointer data)
{
	unsigned cap = data ? GPOINTER_TO_UINT(data) : 100;

	fixture_init_model(&f->model, 100);
	f->link_freed = false;
	f->link = fake_link_new(&f->link_freed);
	f->m =
	    tp_massager_new(ADDRESS, "Test Gun", &f->model, f->link->sim, cap);
	f->events = g_array_new(FALSE, TRUE, sizeof(Event));
	g_array_set_clear_func(f->events, event_clear);
	tp_massager_add_listener(f->m, record_event, f);
}

void fixture_teardown(Fixture *f, gconstpointer data)
{
	tp_massager_free(f->m);
	g_assert_true(f->link_freed);
	g_array_unref(f->events);
	assert_no_warnings();
}

/* ---- main loop --------------------------------------------------------- */

#define DEADLINE (5 * G_TIME_SPAN_SECOND)

/* Dispatch whatever is ready until nothing is left: every source of the
 * fake link is an idle, so afterwards nothing more happens on its own. */
void settle(void)
{
	gint64 deadline = g_get_monotonic_time() + DEADLINE;

	while (g_main_context_pending(NULL)) {
		g_assert_cmpint(g_get_monotonic_time(), <, deadline);
		g_main_context_iteration(NULL, FALSE);
	}
}

void wait_connected_link(FakeLink *fl)
{
	gint64 deadline = g_get_monotonic_time() + DEADLINE;

	while (!tp_sim_link_connected(fl->sim)) {
		g_assert_cmpint(g_get_monotonic_time(), <, deadline);
		g_main_context_iteration(NULL, FALSE);
	}
}

void wait_connected(Fixture *f)
{
	wait_connected_link(f->link);
}

static gboolean wake_up(gpointer data)
{
	*(guint *)data = 0;
	return G_SOURCE_REMOVE;
}

/* One iteration that blocks until the next timer is due, at most 100 ms. */
static void iterate_for_timers(void)
{
	guint wake = g_timeout_add(100, wake_up, &wake);

	g_main_context_iteration(NULL, TRUE);
	g_clear_handle_id(&wake, g_source_remove);
}

void wait_disconnects(FakeLink *fl, unsigned count)
{
	gint64 deadline = g_get_monotonic_time() + DEADLINE;

	while (tp_sim_link_disconnects(fl->sim) < count) {
		g_assert_cmpint(g_get_monotonic_time(), <, deadline);
		iterate_for_timers();
	}
}

void wait_frames(Fixture *f, unsigned count)
{
	gint64 deadline = g_get_monotonic_time() + DEADLINE;

	while (f->link->frames->len < count) {
		g_assert_cmpint(g_get_monotonic_time(), <, deadline);
		iterate_for_timers();
	}
}

/* ---- assertions -------------------------------------------------------- */

const FakeFrame *frame_at(Fixture *f, unsigned i)
{
	g_assert_cmpuint(i, <, f->link->frames->len);
	return &g_array_index(f->link->frames, FakeFrame, i);
}

static void assert_frame(Fixture *f, unsigned i, const uint8_t *data,
			 size_t len, TpWriteType type)
{
	const FakeFrame *fr = frame_at(f, i);

	g_assert_cmpmem(fr->data, fr->len, data, len);
	g_assert_cmpint(fr->type, ==, type);
}

void assert_stop(Fixture *f, unsigned i)
{
	assert_frame(f, i, stop_frame, sizeof(stop_frame), TP_WRITE_REQUEST);
}

void assert_speed(Fixture *f, unsigned i, unsigned speed)
{
	uint8_t expect[7];

	speed_frame(speed, expect);
	assert_frame(f, i, expect, sizeof(expect), TP_WRITE_REQUEST);
}

void assert_status_request(Fixture *f, unsigned i)
{
	assert_frame(f, i, status_request, sizeof(status_request),
		     TP_WRITE_REQUEST);
}

void assert_version_request(Fixture *f, unsigned i)
{
	/* A version request does not need an answer at the ATT layer. */
	assert_frame(f, i, version_request, sizeof(version_request),
		     TP_WRITE_COMMAND);
}

unsigned n_frames(Fixture *f)
{
	return f->link->frames->len;
}

unsigned n_pending(Fixture *f)
{
	return tp_sim_link_in_flight(f->link->sim);
}

unsigned count_events(Fixture *f, TpMassagerEventType type, unsigned changes)
{
	unsigned n = 0;

	for (guint i = 0; i < f->events->len; i++) {
		const Event *ev = &g_array_index(f->events, Event, i);
		if (ev->type == type && (ev->changes & changes) == changes)
			n++;
	}
	return n;
}

const Event *event_at(Fixture *f, unsigned i)
{
	g_assert_cmpuint(i, <, f->events->len);
	return &g_array_index(f->events, Event, i);
}

void clear_events(Fixture *f)
{
	g_array_set_size(f->events, 0);
}

/* ---- driving ----------------------------------------------------------- */

/* Connect, let the opening stop and version request go, and end idle in
 * the ready state with nothing in flight. */
void connect_ready(Fixture *f)
{
	unsigned first = n_frames(f);

	g_assert_cmpint(tp_massager_connect(f->m), ==, 0);
	wait_connected(f);
	g_assert_cmpuint(n_frames(f), ==, first + 1);
	assert_stop(f, first);
	fake_link_complete(f->link, 0);
	g_assert_cmpuint(n_frames(f), ==, first + 2);
	assert_version_request(f, first + 1);
	fake_link_complete(f->link, 0);
	settle();
	g_assert_cmpuint(n_frames(f), ==, first + 2);
	g_assert_cmpuint(n_pending(f), ==, 0);
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_READY);
	g_assert_true(tp_massager_idle(f->m));
	clear_events(f);
}

/* From ready: run at @intensity and let the speed write and the status
 * request that follows it complete. */
void run_at(Fixture *f, unsigned intensity)
{
	unsigned first = n_frames(f);

	g_assert_cmpint(tp_massager_set_intensity(f->m, intensity), ==, 0);
	assert_speed(f, first, tp_model_speed_for(&f->model, intensity));
	fake_link_complete(f->link, 0);
	assert_status_request(f, first + 1);
	fake_link_complete(f->link, 0);
	g_assert_cmpuint(n_frames(f), ==, first + 2);
	g_assert_cmpuint(n_pending(f), ==, 0);
	g_assert_cmpint(tp_massager_state(f->m), ==, TP_MASSAGER_RUNNING);
	clear_events(f);
}
