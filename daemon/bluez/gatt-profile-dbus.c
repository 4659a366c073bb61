/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* org.bluez.GattProfile1 on TP_GATT_PROFILE_PATH, for bluetoothd. */
#include "gatt-profile.h"

static DBusMessage *tp_gatt_profile_release(TpBus *bus, DBusMessage *msg,
					    void *data)
{
	(void)bus;
	(void)data;
	/* Nothing to undo: bluetoothd has already dropped it. */
	g_info("bluetoothd released tpd's GATT profile; paired devices are "
	       "reconnected by tpd itself until it is registered again");
	return tp_reply_new(msg, NULL);
}

static bool tp_gatt_profile_get_uuids(DBusMessageIter *iter, void *data)
{
	return tp_append_strv(iter, tp_gatt_profile_uuids(data));
}

const TpInterface tp_gatt_profile_interface = {
	.name = BLUEZ_GATT_PROFILE,
	.methods = (const TpMethod[]){ { "Release", TP_NO_ARGS, TP_NO_ARGS,
					 tp_gatt_profile_release },
				       { NULL } },
	.properties =
	    (const TpProperty[]){ { "UUIDs", "as", tp_gatt_profile_get_uuids },
				  { NULL } },
};
