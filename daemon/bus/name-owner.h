/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <dbus/dbus.h>
#include <glib.h>

/*
 * Follow who owns a well-known name (org.bluez, org.freedesktop.login1):
 * subscribe to NameOwnerChanged first, then ask GetNameOwner, so that no
 * change falls between the two. @changed runs once the owner is first
 * known, even when there is none (@owner NULL), and again on every change
 * after; signals of the name are to be trusted only from that owner.
 */
typedef struct TpNameOwner TpNameOwner;
typedef void (*TpOwnerChanged)(const char *owner, void *user_data);

TpNameOwner *tp_name_owner_new(DBusConnection *conn, const char *name,
			       TpOwnerChanged changed, void *user_data);
void tp_name_owner_free(TpNameOwner *no);
/* The owner's unique name, or NULL (none, or not known yet). */
const char *tp_name_owner_get(const TpNameOwner *no);
