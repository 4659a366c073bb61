/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Names of tpd's D-Bus API, shared by the daemon, tpctl and C clients.
 * The introspection XML in dbus/ documents every member.
 */
#pragma once

#define TPD_BUS_NAME "io.tpd.Tpd1"

#define TPD_MANAGER_PATH	"/io/tpd/Tpd1"
#define TPD_DEVICE_PATH_PREFIX	"/io/tpd/Tpd1/device"
#define TPD_SESSION_PATH_PREFIX "/io/tpd/Tpd1/session"

#define TPD_MANAGER_INTERFACE	"io.tpd.Tpd1.Manager"
#define TPD_DEVICE_INTERFACE	"io.tpd.Tpd1.Device"
#define TPD_SESSION_INTERFACE	"io.tpd.Tpd1.Session"
#define TPD_SIMULATOR_INTERFACE "io.tpd.Tpd1.Simulator"

/* StartSession's device argument: "the only connected device". */
#define TPD_AUTO_DEVICE_PATH "/"

#define TPD_ERROR_PREFIX	"io.tpd.Tpd1.Error."
#define TPD_ERROR_NOT_FOUND	TPD_ERROR_PREFIX "NotFound"
#define TPD_ERROR_INVALID_ARGS	TPD_ERROR_PREFIX "InvalidArgs"
#define TPD_ERROR_NOT_CONNECTED TPD_ERROR_PREFIX "NotConnected"
#define TPD_ERROR_BUSY		TPD_ERROR_PREFIX "Busy"
#define TPD_ERROR_NOT_PERMITTED TPD_ERROR_PREFIX "NotPermitted"
#define TPD_ERROR_UNSAFE	TPD_ERROR_PREFIX "Unsafe"
#define TPD_ERROR_FAILED	TPD_ERROR_PREFIX "Failed"
/* From SIGTERM/SIGINT, or while the machine prepares to sleep or power
 * off: nothing new may move a motor or start work. */
#define TPD_ERROR_SHUTTING_DOWN TPD_ERROR_PREFIX "ShuttingDown"

/* polkit actions (data/io.tpd.Tpd1.policy): what a caller must be
 * allowed to do for each method that is not a plain read. */
#define TPD_ACTION_CONTROL "io.tpd.Tpd1.control"
#define TPD_ACTION_HISTORY "io.tpd.Tpd1.history"

/* Session.State */
#define TPD_SESSION_STATE_RUNNING  "running"
#define TPD_SESSION_STATE_PAUSED   "paused"
#define TPD_SESSION_STATE_FINISHED "finished"

/* Session.Finished(s reason) */
#define TPD_FINISH_COMPLETED	"completed"
#define TPD_FINISH_STOPPED	"stopped"
#define TPD_FINISH_CLIENT_LEFT	"client-left"
#define TPD_FINISH_DISCONNECTED "disconnected"
#define TPD_FINISH_LIMIT	"limit"
#define TPD_FINISH_SHUTDOWN	"shutdown"
#define TPD_FINISH_SUSPEND	"suspend"
#define TPD_FINISH_ERROR	"error"

/* Device.State */
#define TPD_DEVICE_STATE_DISCONNECTED	  "disconnected"
#define TPD_DEVICE_STATE_CONNECTING	  "connecting"
#define TPD_DEVICE_STATE_READY		  "ready"
#define TPD_DEVICE_STATE_RUNNING	  "running"
#define TPD_DEVICE_STATE_STOPPING	  "stopping"
#define TPD_DEVICE_STATE_ERROR		  "error"
/* A stop did not get through and the link was dropped: tpd reconnects and
 * sends a stop first until one is acknowledged; the motor may be running. */
#define TPD_DEVICE_STATE_STOP_UNCONFIRMED "stop-unconfirmed"
