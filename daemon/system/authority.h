/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <dbus/dbus.h>
#include <sys/types.h>

#include "bus/client-watch.h"
#include "bus/dbus-object.h"

/*
 * Who may do what: the authorizer of tpd's object layer. A caller is
 * allowed at once when it is root, tpd's own user, or a member of the
 * access group (group "tpd"), as the bus reports its credentials;
 * everyone else is asked of polkit (org.freedesktop.PolicyKit1,
 * CheckAuthorization, asynchronously, interactive when the call allows
 * it). A refusal, a polkit that is absent or does not answer in time is
 * NotPermitted, naming the action and how to get it.
 */
typedef struct TpAuthority TpAuthority;

/* @access_gid: the group whose members need not ask (-1: none).
 * @clients (not owned, must outlive it) says when a caller left. */
TpAuthority *tp_authority_new(DBusConnection *conn, TpClientWatches *clients,
			      gid_t access_gid);
/* Requests still waiting are refused ("tpd is stopping"). */
void tp_authority_free(TpAuthority *a);
/* The TpAuthorizer, with @user_data the TpAuthority. */
void tp_authority_check(TpAuthRequest *req, DBusMessage *msg,
			const char *action, void *user_data);
