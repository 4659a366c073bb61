/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Error names come from the error's domain and code, never the code
 * alone: the D-Bus name a client sees says what happened. */
#include <errno.h>

#include "api/api-error.h"
#include "common/tp-error.h"
#include "tpd/tpd-dbus.h"

static void assert_name(GQuark domain, int code, const char *name)
{
	g_autoptr(GError) error = g_error_new_literal(domain, code, "x");

	g_assert_cmpstr(tp_error_name_for_gerror(error), ==, name);
}

static void test_tp_error_codes(void)
{
	assert_name(TP_ERROR, TP_ERROR_FAILED, TPD_ERROR_FAILED);
	assert_name(TP_ERROR, TP_ERROR_INVALID, TPD_ERROR_INVALID_ARGS);
	assert_name(TP_ERROR, TP_ERROR_NOT_FOUND, TPD_ERROR_NOT_FOUND);
	assert_name(TP_ERROR, TP_ERROR_NOT_CONNECTED, TPD_ERROR_NOT_CONNECTED);
	assert_name(TP_ERROR, TP_ERROR_BUSY, TPD_ERROR_BUSY);
	assert_name(TP_ERROR, TP_ERROR_UNSAFE, TPD_ERROR_UNSAFE);
	assert_name(TP_ERROR, TP_ERROR_NOT_PERMITTED, TPD_ERROR_NOT_PERMITTED);
	assert_name(TP_ERROR, TP_ERROR_SHUTTING_DOWN, TPD_ERROR_SHUTTING_DOWN);
}

/* A history file tpd may not write is not a missing muscle: EACCES is
 * code 2 of G_FILE_ERROR, the value of TP_ERROR_NOT_FOUND. */
static void test_file_errors(void)
{
	g_assert_cmpint(G_FILE_ERROR_ACCES, ==, TP_ERROR_NOT_FOUND);
	assert_name(G_FILE_ERROR, G_FILE_ERROR_ACCES, TPD_ERROR_NOT_PERMITTED);
	assert_name(G_FILE_ERROR, G_FILE_ERROR_PERM, TPD_ERROR_NOT_PERMITTED);
	g_assert_cmpint(G_FILE_ERROR_ISDIR, ==, TP_ERROR_INVALID);
	assert_name(G_FILE_ERROR, G_FILE_ERROR_ISDIR, TPD_ERROR_FAILED);
	assert_name(G_FILE_ERROR, G_FILE_ERROR_NOSPC, TPD_ERROR_FAILED);
}

static void test_other_domains_fail(void)
{
	assert_name(G_KEY_FILE_ERROR, TP_ERROR_BUSY, TPD_ERROR_FAILED);
	assert_name(G_OPTION_ERROR, TP_ERROR_UNSAFE, TPD_ERROR_FAILED);
}

static void test_errno(void)
{
	g_assert_cmpstr(tp_error_name_for_errno(-ESHUTDOWN), ==,
			TPD_ERROR_SHUTTING_DOWN);
	g_assert_cmpstr(tp_error_name_for_errno(-ENOTCONN), ==,
			TPD_ERROR_NOT_CONNECTED);
	g_assert_cmpstr(tp_error_name_for_errno(-EACCES), ==,
			TPD_ERROR_NOT_PERMITTED);
	g_assert_cmpstr(tp_error_name_for_errno(-EIO), ==, TPD_ERROR_FAILED);
	g_assert_cmpstr(tp_error_name_for_errno(-ENODEV), ==, TPD_ERROR_FAILED);
}

/* The reply carries the name and the message as they are. */
static void test_reply(void)
{
	g_autoptr(GError) error =
	    g_error_new_literal(G_FILE_ERROR, G_FILE_ERROR_ACCES,
				"cannot write: Permission denied");
	DBusMessage *call = dbus_message_new_method_call(
	    TPD_BUS_NAME, TPD_MANAGER_PATH, TPD_MANAGER_INTERFACE, "Rate");
	DBusMessage *reply;

	dbus_message_set_serial(call, 7);
	reply = tp_error_from_gerror(call, error);
	g_assert_cmpstr(dbus_message_get_error_name(reply), ==,
			TPD_ERROR_NOT_PERMITTED);
	g_assert_cmpuint(dbus_message_get_reply_serial(reply), ==, 7);
	dbus_message_unref(reply);
	reply = tp_error_from_errno(call, -ESHUTDOWN, "tpd is %s", "stopping");
	g_assert_cmpstr(dbus_message_get_error_name(reply), ==,
			TPD_ERROR_SHUTTING_DOWN);
	dbus_message_unref(reply);
	dbus_message_unref(call);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/errors/tp-error-codes", test_tp_error_codes);
	g_test_add_func("/errors/file-errors", test_file_errors);
	g_test_add_func("/errors/other-domains", test_other_domains_fail);
	g_test_add_func("/errors/errno", test_errno);
	g_test_add_func("/errors/reply", test_reply);
	return g_test_run();
}
