/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The fixture of the object-layer tests: a DBusServer and a client talking
 * peer to peer in this process on the default GLib main context, with the
 * test interface io.tpd.Test exported on /test/obj (ObjectManager on /test).
 */
#pragma once

#include <dbus/dbus.h>
#include <glib.h>
#include <stdbool.h>

#include "bus/dbus-object.h"

#define TEST_IFACE	  "io.tpd.Test"
/* The test interface names its own InvalidArgs, as tpd's interfaces do. */
#define TEST_INVALID_ARGS "io.tpd.Test.Error.InvalidArgs"
#define TEST_MANAGER	  "/test"
#define TEST_OBJ	  "/test/obj"
/* How long any wait may take before the test fails instead of hanging. */
#define DEADLINE_US	  (5 * G_USEC_PER_SEC)

typedef struct {
	gint32 counter; /* Counter: read-only */
	char *label;	/* Label: writable, "" refused by the setter */
	guint32 extra;	/* Extra: writable, hidden unless extra_visible */
	bool extra_visible;
	guint set_calls;
	DBusMessage *later; /* Later() call waiting for its reply */
	TpBus *later_bus;
	bool later_replied;
	guint never_calls;
} TestObj;

typedef struct {
	DBusServer *server;
	DBusConnection *server_conn;
	DBusConnection *client;
	TpBus *bus;
	TestObj obj;
	GPtrArray *signals; /* DBusMessage*, as the client received them */
} Fixture;

/* io.tpd.Test: Add, Bump, Later, Never; Counter, Label, Extra; Poked. */
extern const TpInterface test_interface;

gboolean wake_up(gpointer data);

/* Iterate until @cond holds; fail (not hang) after DEADLINE_US. The
 * ticking source wakes blocking iterations so the deadline is noticed. */
#define WAIT_FOR(cond)                                                        \
	do {                                                                  \
		gint64 deadline_ = g_get_monotonic_time() + DEADLINE_US;      \
		guint tick_ = g_timeout_add(20, wake_up, NULL);               \
		while (!(cond) && g_get_monotonic_time() < deadline_)         \
			g_main_context_iteration(NULL, TRUE);                 \
		g_source_remove(tick_);                                       \
		if (!(cond))                                                  \
			g_assertion_message(G_LOG_DOMAIN, __FILE__, __LINE__, \
					    G_STRFUNC,                        \
					    "timed out waiting for " #cond);  \
	} while (0)

/* Run whatever is ready, on both ends, until nothing is. */
void drain(void);

DBusMessage *new_call(const char *path, const char *iface, const char *member,
		      GVariant *args);

/* Send @msg (consumed) and wait for its reply or error. */
DBusMessage *send_call(Fixture *f, DBusMessage *msg, int timeout_ms);

const char *error_text(DBusMessage *reply);

/* A successful call: the reply's arguments, a tuple of type @type. */
GVariant *call_ok(Fixture *f, const char *path, const char *iface,
		  const char *member, GVariant *args, const char *type);

/* A failing call: asserts the error name, returns the error's text. */
char *call_error(Fixture *f, const char *path, const char *iface,
		 const char *member, GVariant *args, const char *name);

/* A round trip and a drained loop: whatever the server sent before is in
 * f->signals now. */
void settle(Fixture *f);

void fixture_setup(Fixture *f, gconstpointer data);

void fixture_teardown(Fixture *f, gconstpointer data);

void assert_contains(const char *haystack, const char *needle);

/* @dict (a{sv}) holds exactly the entries of @expected (GVariant text). */
void assert_vardict(GVariant *dict, const char *expected);

DBusMessage *signal_at(Fixture *f, guint i);

/* Signal @i is @iface.@member from @path; returns its arguments. */
GVariant *signal_args(Fixture *f, guint i, const char *path, const char *iface,
		      const char *member);

/* Signal @i is PropertiesChanged of io.tpd.Test on /test/obj. */
void assert_changed(Fixture *f, guint i, const char *changed,
		    const char *invalidated);
