/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tp_dbus_call(), the one asynchronous call of tpd, peer to peer against
 * the object-layer fixture: the callback runs once and never inside the
 * call that started it, a timeout and a call that could not be sent arrive
 * as errors, a cancelled call is never answered, a call dropped with its
 * connection is answered all the same, and the destroy notify runs however
 * the call ends.
 */
#include "bus/dbus-call.h"
#include "object-fixture.h"

typedef struct {
	unsigned replies;
	unsigned destroyed;
	bool destroyed_after_reply; /* the reply came first */
	char *error;		    /* error name of the reply, or NULL */
	gint32 sum;
} Outcome;

static void on_reply(DBusMessage *reply, void *data)
{
	Outcome *o = data;

	g_assert_cmpuint(o->destroyed, ==, 0);
	o->replies++;
	if (dbus_message_get_type(reply) == DBUS_MESSAGE_TYPE_ERROR)
		o->error = g_strdup(dbus_message_get_error_name(reply));
	else
		g_assert_true(dbus_message_get_args(
		    reply, NULL, DBUS_TYPE_INT32, &o->sum, DBUS_TYPE_INVALID));
}

static void on_destroy(void *data)
{
	Outcome *o = data;

	o->destroyed++;
	o->destroyed_after_reply = o->replies == 1;
}

static TpDbusCall *call(DBusConnection *conn, const char *member,
			GVariant *args, int timeout_ms, Outcome *o)
{
	return tp_dbus_call(conn, new_call(TEST_OBJ, TEST_IFACE, member, args),
			    timeout_ms, on_reply, o, on_destroy);
}

static void test_answered_once_then_destroyed(Fixture *f, gconstpointer data)
{
	Outcome o = { 0 };

	g_assert_nonnull(
	    call(f->client, "Add", g_variant_new("(ii)", 2, 3), 5000, &o));
	/* Never from inside the call. */
	g_assert_cmpuint(o.replies, ==, 0);
	WAIT_FOR(o.destroyed == 1);
	g_assert_cmpuint(o.replies, ==, 1);
	g_assert_null(o.error);
	g_assert_cmpint(o.sum, ==, 5);
	g_assert_true(o.destroyed_after_reply);
}

static void test_timeout_is_no_reply(Fixture *f, gconstpointer data)
{
	Outcome o = { 0 };

	call(f->client, "Never", NULL, 50, &o);
	WAIT_FOR(o.destroyed == 1);
	g_assert_cmpuint(o.replies, ==, 1);
	g_assert_cmpstr(o.error, ==, DBUS_ERROR_NO_REPLY);
	g_free(o.error);
}

static void test_cancelled_is_never_answered(Fixture *f, gconstpointer data)
{
	Outcome o = { 0 };
	TpDbusCall *c =
	    call(f->client, "Add", g_variant_new("(ii)", 1, 2), 5000, &o);

	tp_dbus_call_cancel(c);
	g_assert_cmpuint(o.destroyed, ==, 1);
	/* The server answers all the same; the answer goes nowhere. */
	settle(f);
	g_assert_cmpuint(o.replies, ==, 0);
	tp_dbus_call_cancel(NULL);
}

/* The fixture's client, closed: nothing can be sent on it any more. */
static DBusConnection *closed_client(Fixture *f)
{
	dbus_connection_set_exit_on_disconnect(f->client, FALSE);
	dbus_connection_close(f->client);
	return f->client;
}

static void test_unsent_is_disconnected_later(Fixture *f, gconstpointer data)
{
	DBusConnection *conn = closed_client(f);
	Outcome o = { 0 };

	g_assert_nonnull(
	    call(conn, "Add", g_variant_new("(ii)", 1, 2), 5000, &o));
	g_assert_cmpuint(o.replies + o.destroyed, ==, 0);
	WAIT_FOR(o.destroyed == 1);
	g_assert_cmpuint(o.replies, ==, 1);
	g_assert_cmpstr(o.error, ==, DBUS_ERROR_DISCONNECTED);
	g_assert_true(o.destroyed_after_reply);
	g_free(o.error);
}

static void test_unsent_can_be_cancelled(Fixture *f, gconstpointer data)
{
	DBusConnection *conn = closed_client(f);
	Outcome o = { 0 };

	tp_dbus_call_cancel(
	    call(conn, "Add", g_variant_new("(ii)", 1, 2), 5000, &o));
	g_assert_cmpuint(o.destroyed, ==, 1);
	drain();
	g_assert_cmpuint(o.replies, ==, 0);
}

/* The connection goes away with the call in flight (tpd losing the bus):
 * the caller still hears of the call, once, so that it lets go of it. */
static void test_dropped_with_its_connection(Fixture *f, gconstpointer data)
{
	Outcome o = { 0 };

	call(f->client, "Never", NULL, 60000, &o);
	closed_client(f);
	WAIT_FOR(o.destroyed == 1);
	g_assert_cmpuint(o.replies, ==, 1);
	g_assert_cmpstr(o.error, ==, DBUS_ERROR_DISCONNECTED);
	g_assert_true(o.destroyed_after_reply);
	g_free(o.error);
}

#define ADD(path, fn) \
	g_test_add(path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	ADD("/dbus-call/answered", test_answered_once_then_destroyed);
	ADD("/dbus-call/timeout", test_timeout_is_no_reply);
	ADD("/dbus-call/cancelled", test_cancelled_is_never_answered);
	ADD("/dbus-call/unsent", test_unsent_is_disconnected_later);
	ADD("/dbus-call/unsent-cancelled", test_unsent_can_be_cancelled);
	ADD("/dbus-call/dropped", test_dropped_with_its_connection);
	return g_test_run();
}
