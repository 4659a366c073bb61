/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <adwaita.h>

#include "tp-app.h"

G_BEGIN_DECLS

#define TP_TYPE_PAGE_DEVICES (tp_page_devices_get_type())
G_DECLARE_FINAL_TYPE(TpPageDevices, tp_page_devices, TP, PAGE_DEVICES, AdwBin)

GtkWidget *tp_page_devices_new(TpApp *app);
/* Starts or stops looking for devices (Manager.StartDiscovery). */
void tp_page_devices_scan(TpPageDevices *page, gboolean on);
/* Device.@method ("Connect", "Disconnect") on the device at @path. */
void tp_page_devices_call(TpPageDevices *page, const char *path,
			  const char *method);

G_END_DECLS
