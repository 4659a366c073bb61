/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * common/dbus-gvariant.c: message arguments to GVariant and back, and the
 * one type GVariant cannot hold. A Unix fd anywhere in a message, at the
 * top or inside a variant where the message's signature does not show it,
 * makes the conversion fail without leaving a descriptor open.
 */
#include <dirent.h>
#include <fcntl.h>
#include <glib.h>
#include <unistd.h>

#include "common/dbus-gvariant.h"

static unsigned open_fds(void)
{
	g_autoptr(GDir) dir = g_dir_open("/proc/self/fd", 0, NULL);
	unsigned n = 0;

	g_assert_nonnull(dir);
	while (g_dir_read_name(dir))
		n++;
	return n;
}

static DBusMessage *new_message(void)
{
	return dbus_message_new_signal("/", "io.tpd.Test", "Args");
}

static void test_round_trip(void)
{
	g_autoptr(GVariant) args = g_variant_ref_sink(g_variant_new_parsed(
	    "(@y 7, true, @n -2, @q 3, -4, @u 5, @x -6, @t 7, 0.5, 'word', "
	    "@o '/io/tpd', @g 'a{sv}', <<@ay [1, 2]>>, "
	    "{'k': <(1, 'v')>}, @a(is) [], [(@y 1, [@ai [2]])])"));
	g_autoptr(GVariant) back = NULL;
	DBusMessage *msg = new_message();

	g_assert_true(tp_dbus_message_append_gvariant(msg, args));
	g_assert_cmpstr(dbus_message_get_signature(msg), ==,
			"ybnqiuxtdsogva{sv}a(is)a(yaai)");
	back = tp_dbus_message_get_gvariant(msg);
	g_assert_nonnull(back);
	g_assert_true(g_variant_equal(args, back));
	dbus_message_unref(msg);
}

static void test_no_arguments(void)
{
	DBusMessage *msg = new_message();
	g_autoptr(GVariant) args = tp_dbus_message_get_gvariant(msg);

	g_assert_nonnull(args);
	g_assert_cmpstr(g_variant_get_type_string(args), ==, "()");
	dbus_message_unref(msg);
}

/* @variant_fd: the fd in a variant ("v"), or plainly ("sh"). */
static DBusMessage *message_with_fd(bool variant_fd)
{
	DBusMessage *msg = new_message();
	DBusMessageIter iter, sub;
	const char *word = "before";
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

	g_assert_cmpint(fd, >=, 0);
	dbus_message_iter_init_append(msg, &iter);
	if (variant_fd) {
		g_assert_true(dbus_message_iter_open_container(
		    &iter, DBUS_TYPE_VARIANT, "h", &sub));
		g_assert_true(dbus_message_iter_append_basic(
		    &sub, DBUS_TYPE_UNIX_FD, &fd));
		g_assert_true(dbus_message_iter_close_container(&iter, &sub));
	} else {
		g_assert_true(dbus_message_iter_append_basic(
		    &iter, DBUS_TYPE_STRING, &word));
		g_assert_true(dbus_message_iter_append_basic(
		    &iter, DBUS_TYPE_UNIX_FD, &fd));
	}
	/* The message holds its own copy. */
	close(fd);
	return msg;
}

static void check_fd_refused(gconstpointer data)
{
	bool variant_fd = GPOINTER_TO_INT(data);
	DBusMessage *msg = message_with_fd(variant_fd);
	unsigned before = open_fds();

	g_assert_cmpstr(dbus_message_get_signature(msg), ==,
			variant_fd ? "v" : "sh");
	for (int i = 0; i < 3; i++)
		g_assert_null(tp_dbus_message_get_gvariant(msg));
	g_assert_cmpuint(open_fds(), ==, before);
	dbus_message_unref(msg);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/dbus-gvariant/round-trip", test_round_trip);
	g_test_add_func("/dbus-gvariant/no-arguments", test_no_arguments);
	g_test_add_data_func("/dbus-gvariant/fd", GINT_TO_POINTER(false),
			     check_fd_refused);
	g_test_add_data_func("/dbus-gvariant/fd-in-variant",
			     GINT_TO_POINTER(true), check_fd_refused);
	return g_test_run();
}
