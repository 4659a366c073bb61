/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The object layer's authorization gate (bus/dbus-authorize.c): a method
 * that names an action runs only after the authorizer's yes, as the uid
 * it said; a no is sent instead, an object gone meanwhile is unknown,
 * and a bus freed meanwhile drops the late answer.
 */
#include "object-fixture.h"

#include "bus/dbus-error.h"

#define GUARDED_IFACE "io.tpd.Guarded"
#define MOVE_ACTION   "io.tpd.test.move"

typedef struct {
	Fixture f;
	guint moves;
	uid_t mover;	  /* tp_bus_caller_uid() inside Move */
	GPtrArray *asked; /* TpAuthRequest* not answered yet */
	char *action;
	DBusMessage *last; /* the call asked about last */
} Gate;

static DBusMessage *guarded_move(TpBus *bus, DBusMessage *msg, void *data)
{
	Gate *g = data;

	g->moves++;
	g->mover = tp_bus_caller_uid(bus);
	return tp_reply_new(msg, NULL);
}

static const TpInterface guarded_interface = {
	.name = GUARDED_IFACE,
	.methods = (const TpMethod[]){ { "Move", TP_NO_ARGS, TP_NO_ARGS,
					 guarded_move, MOVE_ACTION },
				       { NULL } },
};

static void remember_request(TpAuthRequest *req, DBusMessage *msg,
			     const char *action, void *user_data)
{
	Gate *g = user_data;

	if (g->last)
		dbus_message_unref(g->last);
	g->last = dbus_message_ref(msg);
	g_free(g->action);
	g->action = g_strdup(action);
	g_ptr_array_add(g->asked, req);
}

static void gate_setup(Gate *g, gconstpointer data)
{
	fixture_setup(&g->f, data);
	g->asked = g_ptr_array_new();
	g->mover = 12345;
	g_assert_true(
	    tp_bus_add_interface(g->f.bus, TEST_OBJ, &guarded_interface, g));
	tp_bus_set_authorizer(g->f.bus, remember_request, g);
}

static void gate_teardown(Gate *g, gconstpointer data)
{
	/* Answers after the bus went are dropped, not dispatched. */
	for (guint i = 0; i < g->asked->len; i++)
		tp_auth_request_done(g->asked->pdata[i], 0, NULL);
	g_ptr_array_unref(g->asked);
	g_free(g->action);
	if (g->last)
		dbus_message_unref(g->last);
}

static void on_reply(DBusPendingCall *pending, void *data)
{
	DBusMessage **reply = data;

	*reply = dbus_pending_call_steal_reply(pending);
}

/* Call Move without waiting; the reply lands in *@reply. */
static void call_move(Gate *g, DBusMessage **reply)
{
	DBusPendingCall *pending = NULL;
	DBusMessage *msg = new_call(TEST_OBJ, GUARDED_IFACE, "Move", NULL);

	*reply = NULL;
	g_assert_true(
	    dbus_connection_send_with_reply(g->f.client, msg, &pending, 5000));
	g_assert_true(
	    dbus_pending_call_set_notify(pending, on_reply, reply, NULL));
	dbus_pending_call_unref(pending);
	dbus_message_unref(msg);
}

static TpAuthRequest *take_request(Gate *g)
{
	WAIT_FOR(g->asked->len == 1);
	return g_ptr_array_steal_index(g->asked, 0);
}

static void test_waits_for_yes(Gate *g, gconstpointer data)
{
	DBusMessage *reply = NULL;
	TpAuthRequest *req;

	call_move(g, &reply);
	req = take_request(g);
	g_assert_cmpstr(g->action, ==, MOVE_ACTION);
	drain();
	g_assert_cmpuint(g->moves, ==, 0);
	g_assert_null(reply);
	tp_auth_request_done(req, 1000, NULL);
	WAIT_FOR(reply != NULL);
	g_assert_cmpint(dbus_message_get_type(reply), ==,
			DBUS_MESSAGE_TYPE_METHOD_RETURN);
	g_assert_cmpuint(g->moves, ==, 1);
	g_assert_cmpuint(g->mover, ==, 1000);
	/* Only inside the authorized call. */
	g_assert_cmpuint(tp_bus_caller_uid(g->f.bus), ==, TP_UID_UNKNOWN);
	dbus_message_unref(reply);
}

static void test_no_is_sent(Gate *g, gconstpointer data)
{
	DBusMessage *reply = NULL;
	TpAuthRequest *req;

	call_move(g, &reply);
	req = take_request(g);
	tp_auth_request_done(
	    req, 1000,
	    tp_error_new(g->last, "io.tpd.Test.Error.NotPermitted", "no"));
	WAIT_FOR(reply != NULL);
	g_assert_cmpstr(dbus_message_get_error_name(reply), ==,
			"io.tpd.Test.Error.NotPermitted");
	g_assert_cmpuint(g->moves, ==, 0);
	dbus_message_unref(reply);
}

static void test_object_gone_meanwhile(Gate *g, gconstpointer data)
{
	DBusMessage *reply = NULL;
	TpAuthRequest *req;

	call_move(g, &reply);
	req = take_request(g);
	tp_bus_remove_object(g->f.bus, TEST_OBJ);
	tp_auth_request_done(req, 0, NULL);
	WAIT_FOR(reply != NULL);
	g_assert_cmpstr(dbus_message_get_error_name(reply), ==,
			DBUS_ERROR_UNKNOWN_OBJECT);
	g_assert_cmpuint(g->moves, ==, 0);
	dbus_message_unref(reply);
}

static void test_open_methods_do_not_ask(Gate *g, gconstpointer data)
{
	g_autoptr(GVariant) sum = call_ok(&g->f, TEST_OBJ, TEST_IFACE, "Add",
					  g_variant_new("(ii)", 2, 3), "(i)");
	gint32 value = 0;

	g_variant_get(sum, "(i)", &value);
	g_assert_cmpint(value, ==, 5);
	g_assert_cmpuint(g->asked->len, ==, 0);
}

static void test_late_answer_after_the_bus(Gate *g, gconstpointer data)
{
	DBusMessage *reply = NULL;

	call_move(g, &reply);
	WAIT_FOR(g->asked->len == 1);
	/* gate_teardown answers after fixture_teardown freed the bus. */
	fixture_teardown(&g->f, data);
	g_assert_cmpuint(g->moves, ==, 0);
	if (reply)
		dbus_message_unref(reply);
}

#define ADD(path, fn, teardown) \
	g_test_add("/authorize/" path, Gate, NULL, gate_setup, fn, teardown)

static void full_teardown(Gate *g, gconstpointer data)
{
	fixture_teardown(&g->f, data);
	gate_teardown(g, data);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	ADD("waits-for-yes", test_waits_for_yes, full_teardown);
	ADD("no-is-sent", test_no_is_sent, full_teardown);
	ADD("object-gone", test_object_gone_meanwhile, full_teardown);
	ADD("open-methods", test_open_methods_do_not_ask, full_teardown);
	ADD("late-answer", test_late_answer_after_the_bus, gate_teardown);
	return g_test_run();
}
