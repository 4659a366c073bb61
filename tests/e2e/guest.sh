#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Runs inside the tools/e2e guest, chrooted into the host's read-only root,
# as root, with tmpfs on /run and /var/lib (/tmp is the host's, read-only)
# and the work share at $W. Starts a system bus, two btvirt controllers,
# the real bluetoothd, the pretend Theragun (peripheral.py) on hci1, the
# pretend battery device (peripheral.py --battery) on hci2, and tpd; then
# drives tpd with tpctl: scan, connect, a short program; the gun switched
# off and on, and tpd connecting it again by itself (it remembers the
# unpaired device it connected); the battery device's level shown by
# bluetoothd through tpd's battery provider; forget. Every step waits with
# a deadline. Results: $W/checks ("ok KEY detail" or
# "fail KEY detail"), $W/frames (from the peripheral), logs in $W/*.log.
# tools/e2e judges them on the host.
# shellcheck disable=SC2317 # functions run through wait_for and traps
set -uo pipefail

W=/run/e2e
: "${E2E_REPO:?}" "${E2E_TPD:?}" "${E2E_TPCTL:?}"
ADDR=${E2E_ADDR:-00:AA:01:01:00:01}
NAME=${E2E_NAME:-Pro}
PROGRAM=${E2E_PROGRAM:-e2e}
MUSCLE=${E2E_MUSCLE:-trapezius}
# The level the battery device reports (tests/e2e/data/models/e2e-battery.model).
BATTERY=64
export DBUS_SYSTEM_BUS_ADDRESS=unix:path=/run/dbus/system_bus_socket
export PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8 TMPDIR=/run/tmp
pids=()
# shellcheck source=tests/e2e/guest-lib.sh
. "$E2E_REPO/tests/e2e/guest-lib.sh"

# stamp FILE: copy stdin to FILE, each line prefixed with the uptime.
stamp() {
	local line up _
	while IFS= read -r line; do
		read -r up _ </proc/uptime
		printf '[%s] %s\n' "$up" "$line"
	done >"$1"
}
say() { echo "[$(now)] guest: $*"; }
pass() {
	echo "ok $1 ${*:2}" >>"$W/checks"
	say "ok $*"
}
# A failed step ends the run: the host reports what was not reached.
fail() {
	echo "fail $1 ${*:2}" >>"$W/checks"
	say "FAIL $*"
	finish 1
}

alive() { kill -0 "$1" 2>/dev/null; }

# stop_pid PID SECONDS: SIGTERM, wait up to SECONDS, then SIGKILL.
# Prints nothing; returns the exit status (or 137 when it had to be killed).
stop_pid() {
	local pid=$1 limit=$2
	alive "$pid" || { wait "$pid" 2>/dev/null; return; }
	kill -TERM "$pid" 2>/dev/null
	if ! wait_for "$limit" eval "! kill -0 $pid"; then
		kill -KILL "$pid" 2>/dev/null
	fi
	wait "$pid" 2>/dev/null
}

finish() {
	local rc=$1 i
	[ -n "${scan_pid:-}" ] && stop_pid "$scan_pid" 3
	[ -n "${tpd_pid:-}" ] && alive "$tpd_pid" && stop_pid "$tpd_pid" 5
	[ -n "${per_pid:-}" ] && stop_pid "$per_pid" 3
	[ -n "${bat_pid:-}" ] && stop_pid "$bat_pid" 3
	for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
		stop_pid "${pids[i]}" 3
	done
	say "done (rc $rc)"
	echo "$rc" >"$W/guest-done"
	sync
	exit "$rc"
}
trap 'finish 1' TERM INT

adapters_up() { # bluetoothd shows the three controllers on the bus
	local hci
	for hci in hci0 hci1 hci2; do
		dbus-send --system --print-reply --dest=org.bluez /org/bluez/"$hci" \
			org.freedesktop.DBus.Properties.Get string:org.bluez.Adapter1 \
			string:Address || return
	done
}

tpctl() { "$E2E_TPCTL" --system "$@"; }

# device_state KEY: of the device at $DEV (default $ADDR, the gun).
device_state() {
	tpctl --json status 2>/dev/null | /usr/bin/python3 -c '
import json, sys
addr, key = sys.argv[1], sys.argv[2]
for d in json.load(sys.stdin).get("Devices", []):
    if d.get("Address") == addr:
        print(d.get(key, ""))
' "${DEV:-$ADDR}" "$1"
}
device_is() { [ "$(device_state "$1")" = "$2" ]; }
device_known() { [ -n "$(device_state Address)" ]; }
battery_device_is() { DEV=$ADDR2 device_is "$@"; }
battery_device_known() { DEV=$ADDR2 device_known; }

# battery1 PROPERTY: org.bluez.Battery1's on the battery device, as hci0
# or hci1 knows it (tpd discovers on every powered adapter).
battery1() {
	local out hci
	for hci in hci0 hci1; do
		out=$(dbus-send --system --print-reply=literal --dest=org.bluez \
			"/org/bluez/$hci/dev_${ADDR2//:/_}" \
			org.freedesktop.DBus.Properties.Get string:org.bluez.Battery1 \
			"string:$1" 2>/dev/null) || continue
		echo "${out##* }"
		return 0
	done
	return 1
}
gun_linked() {
	dbus-send --system --print-reply --dest=org.bluez "/org/bluez/hci0/dev_${ADDR//:/_}" \
		org.freedesktop.DBus.Properties.Get string:org.bluez.Device1 \
		string:Connected | grep -q 'boolean true'
}
battery_shown() { [ "$(battery1 Percentage)" = "$BATTERY" ] && [ "$(battery1 Source)" = tpd ]; }
# A check that does not end the run.
miss() {
	echo "fail $1 ${*:2}" >>"$W/checks"
	say "FAIL $*"
}

say "started at $(now) s of uptime; $(uname -r)"
pass booted "kernel $(uname -r), up $(now) s"

# ---- system bus, controllers, bluetoothd ---------------------------------
mkdir -p /run/dbus /var/lib/bluetooth /run/tpd-state "$TMPDIR"
dbus-daemon --config-file="$W/system-bus.conf" --nofork --nopidfile \
	>"$W/dbus.log" 2>&1 &
pids+=($!)
wait_for 10 test -S /run/dbus/system_bus_socket || fail bluetoothd "the system bus did not start"

btvirt -l3 >"$W/btvirt.log" 2>&1 &
pids+=($!)
wait_for 10 test -e /sys/class/bluetooth/hci2 || fail bluetoothd "btvirt made no hci0/hci1/hci2"

# --experimental: bluetoothd 5.66 creates BatteryProviderManager1 (and
# shows Battery1's Source) only then (src/adapter.c, src/battery.c).
/usr/libexec/bluetooth/bluetoothd -n -d --experimental >"$W/bluetoothd.log" 2>&1 &
bluetoothd_pid=$!
pids+=("$bluetoothd_pid")
wait_for 20 adapters_up ||
	fail bluetoothd "no /org/bluez/hci0, hci1 and hci2 on the bus"
dbus-send --system --print-reply --dest=org.bluez /org/bluez/hci0 \
	org.freedesktop.DBus.Properties.Set string:org.bluez.Adapter1 \
	string:Powered variant:boolean:true >/dev/null ||
	fail bluetoothd "cannot power hci0"
pass bluetoothd "hci0, hci1 and hci2 on the bus at $(now) s, hci0 powered"
ADDR2=$(dbus-send --system --print-reply=literal --dest=org.bluez /org/bluez/hci2 \
	org.freedesktop.DBus.Properties.Get string:org.bluez.Adapter1 string:Address)
ADDR2=${ADDR2##* }

# ---- the pretend Theragun on hci1 ----------------------------------------
/usr/bin/python3 "$E2E_REPO/tests/e2e/peripheral.py" --adapter hci1 \
	--name "$NAME" --frames "$W/frames" --ready /run/peripheral.ready \
	>"$W/peripheral.log" 2>&1 &
per_pid=$!
wait_for 30 test -e /run/peripheral.ready ||
	fail peripheral "no GATT application and advertisement registered (see peripheral.log)"
pass peripheral "service ffe0 and advertisement \"$NAME\" registered on hci1 at $(now) s"

/usr/bin/python3 "$E2E_REPO/tests/e2e/peripheral.py" --adapter hci2 \
	--name E2E-Battery --battery "$BATTERY" --frames "$W/frames-battery" \
	--ready /run/battery.ready >"$W/peripheral-battery.log" 2>&1 &
bat_pid=$!
wait_for 30 test -e /run/battery.ready ||
	miss battery-provider "the battery device did not register on hci2 (see peripheral-battery.log)"

# ---- tpd --------------------------------------------------------------------
"$E2E_TPD" --system --data-dir "$E2E_REPO/data" \
	--data-dir "$E2E_REPO/tests/e2e/data" --state-dir /run/tpd-state \
	--config "$E2E_REPO/tests/e2e/tpd.conf" > >(stamp "$W/tpd.log") 2>&1 &
tpd_pid=$!
wait_for 20 tpctl status || fail tpd "tpd did not answer on the system bus (see tpd.log)"
pass tpd "tpd answers on the system bus at $(now) s"

# ---- discovery ----------------------------------------------------------------
# The binary itself, not the tpctl function: $! must be tpctl, not a subshell.
"$E2E_TPCTL" --system scan --timeout 60 >"$W/scan.log" 2>&1 &
scan_pid=$!
t0=$(now)
wait_for 45 device_known || fail found "tpd listed no device $ADDR within 45 s of scanning (see scan.log)"
pass found "$(device_state Model) \"$(device_state Name)\" at $ADDR after $(awk -v a="$t0" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}') s of scanning"
battery_found=
if wait_for 30 battery_device_known; then
	battery_found=1
else
	miss battery-provider "tpd listed no battery device $ADDR2 within 30 s more of scanning"
fi
# Ctrl-C ends a scan (and its discovery). tpctl catches SIGINT only once its
# scan runs, and a background job ignores it until then: repeat it.
scan_ended() {
	kill -INT "$scan_pid" 2>/dev/null
	! alive "$scan_pid"
}
discovering() {
	dbus-send --system --print-reply --dest=org.bluez /org/bluez/hci0 \
		org.freedesktop.DBus.Properties.Get string:org.bluez.Adapter1 \
		string:Discovering | grep -q 'boolean true'
}
if wait_for 10 scan_ended; then
	wait "$scan_pid"
	rc=$?
	scan_pid=
	if [ $rc -ne 0 ]; then
		echo "fail scan-stop tpctl scan exited $rc on SIGINT" >>"$W/checks"
	elif ! wait_for 10 eval '! discovering'; then
		echo "fail scan-stop hci0 still discovering 10 s after tpctl scan ended" >>"$W/checks"
	else
		pass scan-stop "tpctl scan ended on SIGINT: $(tail -n1 "$W/scan.log"); hci0 stopped discovering"
	fi
else
	echo "fail scan-stop tpctl scan ignored SIGINT for 10 s" >>"$W/checks"
	stop_pid "$scan_pid" 3
	scan_pid=
fi

# ---- connect (unpaired: LE pairing between btvirt controllers fails) -----------
t0=$(now)
tpctl connect "$ADDR" >"$W/connect.log" 2>&1 ||
	fail connected "tpctl connect: $(tail -n1 "$W/connect.log")"
wait_for 10 device_is State ready || fail connected "state $(device_state State), not ready"
pass connected "state ready after $(awk -v a="$t0" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}') s"

# The version request is answered over notifications (ffe1).
if wait_for 10 device_is Firmware 2.1.6; then
	pass firmware "firmware 2.1.6 reported through a ffe1 notification"
else
	echo "fail firmware Firmware is '$(device_state Firmware)', not 2.1.6" >>"$W/checks"
fi

# ---- a short program ------------------------------------------------------------
t0=$(now)
timeout 90 "$E2E_TPCTL" --system start --muscle "$MUSCLE" --program "$PROGRAM" \
	--side left --device "$ADDR" >"$W/start.log" 2>&1
rc=$?
[ $rc -eq 0 ] || fail program "tpctl start exited $rc: $(tail -n1 "$W/start.log")"
pass program "$(tail -n1 "$W/start.log") in $(awk -v a="$t0" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}') s"
# The session's stop is written after it ends: wait until it reached the gun.
last_is_stop() { [ "$(tail -n1 "$W/frames" | cut -d' ' -f1)" = aa070103000003 ]; }
wait_for 10 last_is_stop || say "the last frame is not a stop yet"
wait_for 10 device_is State ready || say "state $(device_state State) after the session"

# The gun is not paired: tpd remembers it, to connect it when it comes back.
if grep -qix "$ADDR" /run/tpd-state/devices 2>/dev/null; then
	pass remembered "$ADDR is in tpd's remembered devices"
else
	miss remembered "$ADDR is not in /run/tpd-state/devices"
fi

# ---- the gun switched off and on: tpd connects it again by itself -----------------
# Switched off: the pretend gun goes (its service and advertisement with it)
# and drops the link from its side, hci1 staying powered (powering it off
# would also take every device hci1 found, and tpd's copies of them).
# Switched on: peripheral.py again on hci1, same address, advertising again.
# Nobody runs tpctl connect: tpd must connect the remembered gun again, a
# stop first. Before the battery device's link, so that the new link is
# again each end's first (btvirt 5.66, below).
# tpd lists the gun, in a state other than ready ($gun_state: the last seen).
gun_down() {
	local state
	state=$(device_state State)
	[ -n "$state" ] || return
	gun_state=$state
	[ "$state" != ready ]
}
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
ADDR0=$(dbus-send --system --print-reply=literal --dest=org.bluez /org/bluez/hci0 \
	org.freedesktop.DBus.Properties.Get string:org.bluez.Adapter1 string:Address)
ADDR0=${ADDR0##* }
t_off=$(now)
stop_pid "$per_pid" 5
per_pid=
rm -f /run/peripheral.ready
dbus-send --system --print-reply --dest=org.bluez "/org/bluez/hci1/dev_${ADDR0//:/_}" \
	org.bluez.Device1.Disconnect >"$W/switch-off.log" 2>&1
# What the gun receives from now on comes on a new link.
frames_before=$(grep -c . "$W/frames")
first_new_frame() { sed -n "$((frames_before + 1))p" "$W/frames" | cut -d' ' -f1; }
has_new_frame() { [ -n "$(first_new_frame)" ]; }
switched_off=
gun_state=
if ! wait_for 15 eval '! gun_linked'; then
	miss switched-off "hci0 still linked to $ADDR 15 s after the gun went: $(tail -n1 "$W/switch-off.log")"
elif ! wait_for 15 gun_down; then
	if device_known; then
		miss switched-off "bluetoothd's link to $ADDR went, but tpd still shows it $(device_state State) 15 s later"
	else
		miss switched-off "bluetoothd's link to $ADDR went; tpd showed it ${gun_state:-nowhere}, then no longer listed it"
	fi
else
	switched_off=1
	pass switched-off "link down, tpd shows $ADDR $gun_state, $(since "$t_off") s after the gun went"
fi
# A tpd that missed the gun going is not given it back: that would only
# confuse what follows.
if [ -n "$switched_off" ]; then
	t_on=$(now)
	/usr/bin/python3 "$E2E_REPO/tests/e2e/peripheral.py" --adapter hci1 \
		--name "$NAME" --frames "$W/frames" --ready /run/peripheral.ready \
		>"$W/peripheral-again.log" 2>&1 &
	per_pid=$!
	if ! wait_for 30 test -e /run/peripheral.ready; then
		miss reconnected "the gun did not register again on hci1 (see peripheral-again.log)"
	else
		t_adv=$(now)
		if ! wait_for 30 device_is State ready; then
			miss reconnected "tpd shows $ADDR '$(device_state State)', not ready, 30 s after it advertised again"
		else
			pass reconnected "state ready $(since "$t_adv") s after the gun advertised again ($(awk -v a="$t_on" -v b="$t_adv" 'BEGIN { printf "%.1f", b - a }') s to start it; $(since "$t_off") s after it went), without tpctl connect"
			wait_for 10 has_new_frame
			first=$(first_new_frame)
			if [ "$first" = aa070103000003 ]; then
				pass reconnect-stop "AA 07 01 03 00 00 03, the first of $(($(grep -c . "$W/frames") - frames_before)) frames since"
			else
				miss reconnect-stop "the first frame on the new link is '${first:-none}', not a stop (aa070103000003)"
			fi
		fi
	fi
else
	miss reconnected "not judged: tpd did not see the gun go, so it was not switched on again"
fi

# bluetoothd 5.66 keeps a device it found but never connected for
# TemporaryTimeout (30 s) after it last saw it: let hci0 (alone, so that no
# other adapter finds the gun) see the battery device again, in case the gun
# took that long. RSSI is there only while a discovery sees the device.
discover_on_hci0() { # ADDRESS
	/usr/bin/python3 - "$1" <<'PY'
import sys
import time

import dbus

bus = dbus.SystemBus()
adapter = dbus.Interface(bus.get_object('org.bluez', '/org/bluez/hci0'),
                         'org.bluez.Adapter1')
path = '/org/bluez/hci0/dev_' + sys.argv[1].replace(':', '_')
adapter.SetDiscoveryFilter({'Transport': 'le'})
adapter.StartDiscovery()
deadline = time.monotonic() + 30
seen = False
while not seen and time.monotonic() < deadline:
    try:
        dbus.Interface(bus.get_object('org.bluez', path),
                       'org.freedesktop.DBus.Properties').Get(
            'org.bluez.Device1', 'RSSI')
        seen = True
    except dbus.DBusException:
        time.sleep(0.2)
adapter.StopDiscovery()
sys.exit(0 if seen else 1)
PY
}
if [ -n "$battery_found" ]; then
	discover_on_hci0 "$ADDR2" >"$W/discover-battery.log" 2>&1 ||
		say "hci0 did not see $ADDR2 again within 30 s"
	wait_for 10 battery_device_known || say "tpd does not list $ADDR2"
fi

# ---- the battery device's level, shown by bluetoothd -------------------------------
# It reports its level in its own protocol; tpd provides it to bluetoothd
# (BatteryProvider1), which shows it as Battery1 on its device object.
# btvirt 5.66 carries data on a second link of a controller only when both
# ends numbered it alike (emulator/btdev.c send_acl forwards the sender's
# handle): the gun's link goes first, so that each link is its ends' first.
battery_checked=
if [ -n "$battery_found" ]; then
	tpctl disconnect "$ADDR" >"$W/disconnect.log" 2>&1
	wait_for 10 eval '! gun_linked' || say "the gun is still linked"
	if ! tpctl connect "$ADDR2" >"$W/connect-battery.log" 2>&1; then
		miss battery-provider "tpctl connect $ADDR2: $(tail -n1 "$W/connect-battery.log")"
	elif ! wait_for 10 battery_device_is Battery "$BATTERY"; then
		miss battery-provider "tpd's Battery of $ADDR2 is '$(DEV=$ADDR2 device_state Battery)', not $BATTERY"
	elif ! wait_for 10 battery_shown; then
		miss battery-provider "Battery1 of $ADDR2: Percentage '$(battery1 Percentage)', Source '$(battery1 Source)'"
	else
		battery_checked=1
		pass battery-provider "Battery1 of $ADDR2 in bluetoothd: $(battery1 Percentage) %, Source $(battery1 Source)"
	fi
fi

# ---- forget: no longer remembered ----------------------------------------------------
# After the battery device's check: forget also removes the gun from BlueZ.
remembers_gun() { grep -qix "$ADDR" /run/tpd-state/devices; }
if ! tpctl forget "$ADDR" >"$W/forget.log" 2>&1; then
	miss forgotten "tpctl forget $ADDR: $(tail -n1 "$W/forget.log")"
elif ! wait_for 10 eval '! remembers_gun'; then
	miss forgotten "$ADDR still in /run/tpd-state/devices 10 s after tpctl forget"
elif wait_for 10 eval '! device_known'; then
	pass forgotten "$ADDR gone from /run/tpd-state/devices and from tpd's devices"
else
	pass forgotten "$ADDR gone from /run/tpd-state/devices (tpd still lists it, $(device_state State))"
fi

# ---- tpd stops cleanly -------------------------------------------------------------
stop_pid "$tpd_pid" 10
rc=$?
tpd_pid=
if [ $rc -eq 0 ]; then
	pass tpd-exit "tpd exited 0 on SIGTERM"
else
	echo "fail tpd-exit tpd exited $rc on SIGTERM" >>"$W/checks"
fi
if [ -n "$battery_checked" ]; then
	if wait_for 10 eval '! battery1 Percentage'; then
		pass battery-gone "Battery1 of $ADDR2 went with tpd"
	else
		miss battery-gone "Battery1 of $ADDR2 still there after tpd stopped"
	fi
fi
finish 0
