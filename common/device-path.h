/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * The object path tpd gives the device with Bluetooth address @address:
 * TPD_DEVICE_PATH_PREFIX "/AA_BB_CC_DD_EE_FF". Shared by the Device objects
 * and the simulator, which adds its interface to the same object.
 */
char *tp_device_object_path(const char *address);
