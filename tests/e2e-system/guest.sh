#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Runs inside the tools/e2e-system guest as root, from e2e-run.service, on
# a Debian 12 booted with systemd where the tpd package is installed.
# bluetoothd and tpd are the system's own services; btvirt gives two
# controllers, one for bluetoothctl and tpd, one for the pretend gun
# (tests/e2e/peripheral.py). Each
# step waits with a deadline and writes "ok KEY detail" or "fail KEY
# detail" to $W/checks; the peripheral writes every frame it receives to
# $W/frames. tools/e2e-system judges both on the host. A failed step ends
# the run only when the steps after it cannot mean anything.
# shellcheck disable=SC2317 # functions run through wait_for
set -uo pipefail

W=/e2e
R=/e2e-repo
STOP=aa070103000003
export PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8

# shellcheck source=tests/e2e/guest-lib.sh
. "$R/tests/e2e/guest-lib.sh"
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
say() { echo "[$(now)] e2e-system: $*"; }
pass() {
	echo "ok $1 ${*:2}" >>"$W/checks"
	say "ok $*"
}
miss() {
	echo "fail $1 ${*:2}" >>"$W/checks"
	say "FAIL $*"
}
# A step the rest depends on: the host reports every later one as not reached.
fail() {
	miss "$@"
	finish
}
finish() {
	[ -n "${per_pid:-}" ] && kill "$per_pid" 2>/dev/null
	journalctl -b -o short-monotonic --no-pager >"$W/journal.txt" 2>&1
	say "done"
	echo finished >"$W/guest-done"
	sync
	exit 0
}

prop() { # prop PATH INTERFACE NAME: a BlueZ property, its value alone
	busctl get-property org.bluez "$1" "$2" "$3" 2>/dev/null | cut -d' ' -f2-
}
main_pid() { systemctl show -p MainPID --value tpd; }
restarts() { systemctl show -p NRestarts --value tpd; }
frame_count() { grep -c . "$W/frames"; }
frame_at() { sed -n "${1}p" "$W/frames" | cut -d' ' -f1; }
# A frame with a non-zero speed after line $1.
running_after() { tail -n +"$(($1 + 1))" "$W/frames" | grep -q 'speed=[1-9]'; }
frame_after() { [ "$(frame_count)" -gt "$1" ]; }
# The first frame the gun received after monotonic second $1, from the
# peripheral's log (its clock is CLOCK_MONOTONIC, as systemd's): frames
# the old tpd had in flight may still arrive after the kill.
first_frame_since() {
	awk -v t="$1" '$3 == "frame" && $1 + 0 > t + 0 { print $7; exit }' "$W/peripheral.log"
}
has_frame_since() { [ -n "$(first_frame_since "$1")" ]; }
# When tpd's current main process started, in monotonic seconds.
main_started() {
	awk '{ printf "%.6f", $1 / 1e6 }' <<<"$(systemctl show -p ExecMainStartTimestampMonotonic --value tpd)"
}
# systemd restarted tpd: more restarts than $1, and active again.
restarted() { [ "$(restarts)" -gt "$1" ] && systemctl is-active -q tpd; }
# A main process other than $1.
new_pid() { [ "$(main_pid)" != "$1" ] && [ "$(main_pid)" != 0 ]; }

# device_state KEY: of the gun, as tpd tells it.
device_state() {
	tpctl --json status 2>/dev/null | /usr/bin/python3 -c '
import json, sys
for d in json.load(sys.stdin).get("Devices", []):
    if d.get("Address") == sys.argv[1]:
        print(d.get(sys.argv[2], ""))
' "$ADDR" "$1"
}
gun_ready() { [ "$(device_state State)" = ready ]; }

say "checks start at $(now) s of uptime"
[ "$(cat /proc/1/comm)" = systemd ] || fail booted "PID 1 is $(cat /proc/1/comm), not systemd"
pass booted "$(systemctl --version | head -n 1), kernel $(uname -r), up $(now) s"

# ---- tpd, started by systemd -----------------------------------------------------
# Nothing here starts it: the controllers' appearing pulls in
# bluetooth.target, which wants bluetoothd and tpd (tpd.service's
# [Install]). The controllers come once the boot has settled: under TCG a
# busy boot makes btvirt miss the kernel's 2 s for HCI Reset.
booted() { [[ $(systemctl is-system-running) =~ ^(running|degraded)$ ]]; }
wait_for 120 booted
before_bt=$(systemctl is-active tpd)
systemctl start e2e-btvirt.service
wait_for 90 systemctl is-active -q tpd ||
	fail tpd-started "tpd is $(systemctl is-active tpd) 90 s after boot: $(systemctl status tpd --no-pager 2>&1 | tail -n 3)"
pid=$(main_pid)
pass tpd-started "'$before_bt' before the controllers, active at $(now) s without being asked, pulled in by $(systemctl show -p WantedBy --value tpd) (Type=notify: it said READY), MainPID $pid"

status=/proc/$pid/status
sandbox="user $(ps -o user= -p "$pid"), groups $(ps -o supgrp= -p "$pid"),"
sandbox+=" Seccomp $(awk '/^Seccomp:/ { print $2 }' "$status"), NoNewPrivs $(awk '/^NoNewPrivs:/ { print $2 }' "$status"),"
sandbox+=" CapEff $(awk '/^CapEff:/ { print $2 }' "$status")"
if [ "$(ps -o user= -p "$pid")" = tpd ] && grep -q '^Seccomp:[[:space:]]*2' "$status" &&
	grep -q '^NoNewPrivs:[[:space:]]*1' "$status" && grep -q '^CapEff:[[:space:]]*0*$' "$status"; then
	pass tpd-sandbox "$sandbox"
else
	miss tpd-sandbox "not the unit's sandbox: $sandbox"
fi

# ---- the gun, paired with bluetoothctl ---------------------------------------------
# bluetoothctl pairs from its default controller, the first it is told of:
# that one is tpd's side (CENTRAL), the other one the gun's.
controller_address() { # controller_address hciN
	prop "/org/bluez/$1" org.bluez.Adapter1 Address | tr -d '"'
}
default_controller() { bluetoothctl show | sed -n '1s/^Controller \([0-9A-F:]*\).*/\1/p'; }
both_controllers() { [ -n "$(controller_address hci0)" ] && [ -n "$(controller_address hci1)" ]; }
wait_for 30 both_controllers ||
	fail peripheral "bluetoothd does not show both controllers: $(busctl tree org.bluez 2>&1 | tr '\n' ' ')"
wait_for 30 default_controller ||
	fail peripheral "bluetoothctl shows no controller: $(bluetoothctl show 2>&1 | head -n 1)"
if [ "$(default_controller)" = "$(controller_address hci0)" ]; then
	CENTRAL=hci0 GUN_HCI=hci1
else
	CENTRAL=hci1 GUN_HCI=hci0
fi
ADDR=$(controller_address "$GUN_HCI")
GUN_PATH=/org/bluez/$CENTRAL/dev_${ADDR//:/_}
say "bluetoothctl's controller: $CENTRAL; the gun: $GUN_HCI ($ADDR)"
busctl set-property org.bluez "/org/bluez/$CENTRAL" org.bluez.Adapter1 Powered b true
# The gun's controller speaks LE only, as a gun's does. Dual-mode (btvirt's
# default), its bluetoothd would page the central over BR/EDR after the
# pairing (reverse service discovery), and that failed page oopses
# Debian's 6.1 kernel with btvirt (list corruption in hci_chan_del).
gun_index=${GUN_HCI#hci}
{
	busctl set-property org.bluez "/org/bluez/$GUN_HCI" org.bluez.Adapter1 Powered b false &&
		btmgmt --index "$gun_index" bredr off &&
		btmgmt --index "$gun_index" info
	# Its GAP name is the one it advertises, as a gun's is (bluetoothd
	# would serve the host's name, and tpd recognises a gun by its name).
	busctl set-property org.bluez "/org/bluez/$GUN_HCI" org.bluez.Adapter1 Alias s Pro
} >"$W/btmgmt.log" 2>&1 || fail peripheral "cannot make $GUN_HCI LE-only: $(tail -n 2 "$W/btmgmt.log" | tr '\n' ' ')"
/usr/bin/python3 "$R/tests/e2e/peripheral.py" --adapter "$GUN_HCI" --agent --quiet-when-connected \
	--frames "$W/frames" --ready /run/peripheral.ready >"$W/peripheral.log" 2>&1 &
per_pid=$!
wait_for 60 test -e /run/peripheral.ready ||
	fail peripheral "no GATT application and advertisement on $GUN_HCI (see peripheral.log)"
pass peripheral "service ffe0, advertisement and agent registered on $GUN_HCI ($ADDR) at $(now) s; bluetoothctl's controller $CENTRAL"

# LE only, as a gun is: btvirt's controllers are dual-mode, and a gun also
# found by inquiry would be connected over BR/EDR, which it does not have.
bluetoothctl --timeout 60 scan le >"$W/scan.log" 2>&1 &
scan_pid=$!
gun_seen() { [ -n "$(prop "$GUN_PATH" org.bluez.Device1 Address)" ]; }
wait_for 60 gun_seen
found=$?
kill "$scan_pid" 2>/dev/null
wait "$scan_pid" 2>/dev/null
[ "$found" -eq 0 ] || fail paired "$CENTRAL did not see $ADDR in 60 s of bluetoothctl scan le"
# Seen but not paired: tpd lists it at most, and leaves it alone.
before_pairing=$(device_state State)
t_pair=$(now)
timeout 60 bluetoothctl pair "$ADDR" >"$W/pair.log" 2>&1
if [ "$(prop "$GUN_PATH" org.bluez.Device1 Paired)" != true ]; then
	fail paired "bluetoothctl pair $ADDR: $(grep -v '^\s*$' "$W/pair.log" | tail -n 2 | tr '\n' ' ')"
fi
t_paired=$(now)
pass paired "bluetoothctl pair $ADDR: Paired true after $(since "$t_pair") s"

if [ "$before_pairing" = ready ]; then
	miss adopted "tpd had the gun ready before it was paired"
elif wait_for 5 gun_ready; then
	pass adopted "tpd shows the gun ready $(since "$t_paired") s after pairing (before: '${before_pairing:-not listed}'), without tpctl connect"
else
	fail adopted "tpd shows the gun '$(device_state State)', not ready, 5 s after pairing"
fi
wait_for 10 frame_after 0
if [ "$(frame_at 1)" = "$STOP" ]; then
	pass adopted-stop "the first frame the gun received is a stop ($STOP)"
else
	miss adopted-stop "the first frame the gun received is '$(frame_at 1)', not a stop"
fi

# ---- who may run a program ------------------------------------------------------------
before=$(frame_count)
if runuser -u alice -- tpctl start --muscle trapezius --program e2e --side left \
	>"$W/alice.log" 2>&1 && grep -q completed "$W/alice.log" && running_after "$before"; then
	pass group-member "alice (group tpd): $(tail -n 1 "$W/alice.log")"
else
	miss group-member "alice (group tpd): $(tail -n 2 "$W/alice.log" | tr '\n' ' ')"
fi

# bob is logged in on tty1 (autologin): a local session on seat0 in the
# foreground, active; polkit's allow_active lets him drive a motor. His
# login shell runs what is left in bob.cmd (image/bob-profile).
bob_on_seat() { loginctl list-sessions --no-legend | awk '$3 == "bob" && $4 == "seat0"' | grep -q .; }
wait_for 10 gun_ready
before=$(frame_count)
if ! wait_for 60 bob_on_seat; then
	miss active-session "bob is not logged in on seat0: $(loginctl list-sessions --no-legend | tr '\n' ' ')"
else
	for f in bob.log bob.rc; do
		install -m 0666 /dev/null "$W/$f"
	done
	cat >"$W/bob.cmd.new" <<'EOF2'
loginctl show-session "$XDG_SESSION_ID" -p Seat -p Active -p Remote | tr '\n' ' '
echo
tpctl start --muscle trapezius --program e2e --side left
EOF2
	mv "$W/bob.cmd.new" "$W/bob.cmd"
	wait_for 90 test -s "$W/bob.rc"
	bob_rc=$(cat "$W/bob.rc")
	if [ "$bob_rc" = 0 ] && grep -q completed "$W/bob.log" && running_after "$before"; then
		pass active-session "bob (not in group tpd; $(head -n 1 "$W/bob.log")) through polkit: $(tail -n 1 "$W/bob.log")"
	else
		miss active-session "bob (not in group tpd, logged in on tty1) got '${bob_rc:-nothing}': $(tail -n 3 "$W/bob.log" | tr '\n' ' ')"
	fi
fi

# No session, not in the group: refused, and the gun hears nothing.
wait_for 10 gun_ready
before=$(frame_count)
setpriv --reuid=carol --regid=carol --init-groups tpctl start --muscle trapezius \
	--program e2e --side left >"$W/carol.log" 2>&1
carol_rc=$?
if [ "$carol_rc" -ne 0 ] && grep -q 'not allowed' "$W/carol.log" &&
	[ "$(frame_count)" -eq "$before" ] && gun_ready; then
	pass stranger "carol refused (exit $carol_rc): $(tail -n 1 "$W/carol.log"); no frame sent, the gun ready"
else
	miss stranger "carol (exit $carol_rc): $(tail -n 1 "$W/carol.log"); frames $before -> $(frame_count)"
fi

# ---- the motor stops whatever happens to tpd ----------------------------------------
# start_running: alice starts a long program in the background; returns
# once the gun received a non-zero speed.
start_running() {
	wait_for 30 gun_ready || return 1
	local before
	before=$(frame_count)
	runuser -u alice -- tpctl start --muscle trapezius --program release --side left \
		>"$W/$1.log" 2>&1 &
	wait_for 30 running_after "$before"
}

if ! start_running systemctl-stop; then
	miss systemctl-stop "no session ran ($(tail -n 1 "$W/systemctl-stop.log"))"
else
	systemctl stop tpd
	n=$(frame_count)
	if [ "$(systemctl is-active tpd)" != active ] && [ "$(frame_at "$n")" = "$STOP" ]; then
		pass systemctl-stop "systemctl stop tpd mid-session: the last of $n frames is a stop"
	else
		miss systemctl-stop "tpd $(systemctl is-active tpd); last frame '$(frame_at "$n")'"
	fi
fi
systemctl start tpd
wait_for 30 gun_ready || fail systemctl-stop "tpd did not take the gun up again after systemctl start"

if ! start_running kill; then
	miss kill "no session ran ($(tail -n 1 "$W/kill.log"))"
else
	old=$(main_pid)
	count=$(restarts)
	systemctl kill -s KILL tpd
	t_kill=$(now)
	if ! wait_for 30 restarted "$count"; then
		miss kill "tpd not restarted 30 s after SIGKILL ($(systemctl is-active tpd))"
	else
		started=$(main_started)
		if ! wait_for 30 has_frame_since "$started"; then
			miss kill "restarted (PID $old -> $(main_pid)) but no frame since"
		elif [ "$(first_frame_since "$started")" = "$STOP" ]; then
			pass kill "SIGKILL: systemd restarted tpd (PID $old -> $(main_pid), $(since "$t_kill") s), its first frame a stop"
		else
			miss kill "the first frame since the new tpd started is '$(first_frame_since "$started")', not a stop"
		fi
	fi
fi

watchdog=$(systemctl show -p WatchdogUSec --value tpd)
watchdog_s=$(busctl get-property org.freedesktop.systemd1 /org/freedesktop/systemd1/unit/tpd_2eservice \
	org.freedesktop.systemd1.Service WatchdogUSec | awk '{ print $2 / 1e6 }')
if ! start_running watchdog; then
	miss watchdog "no session ran ($(tail -n 1 "$W/watchdog.log"))"
else
	old=$(main_pid)
	systemctl kill -s STOP tpd
	t_stop=$(now)
	if ! wait_for 30 new_pid "$old"; then
		miss watchdog "frozen tpd (PID $old) not restarted within 30 s (WatchdogSec=$watchdog)"
	else
		t_restart=$(since "$t_stop")
		wait_for 30 systemctl is-active -q tpd
		started=$(main_started)
		wait_for 30 has_frame_since "$started"
		if ! journalctl -u tpd --no-pager | grep -q 'Watchdog timeout'; then
			miss watchdog "restarted after $t_restart s, but the journal shows no watchdog timeout"
		elif ! awk -v t="$t_restart" -v w="$watchdog_s" 'BEGIN { exit !(t <= w + 5) }'; then
			# The watchdog fires within WatchdogSec of the last ping;
			# 5 s more for systemd's kill, restart and tpd's start.
			miss watchdog "new PID $(main_pid) only $t_restart s after the freeze (WatchdogSec=$watchdog)"
		elif [ "$(first_frame_since "$started")" != "$STOP" ]; then
			miss watchdog "the first frame since the new tpd started is '$(first_frame_since "$started")', not a stop"
		else
			pass watchdog "SIGSTOP: watchdog timeout (WatchdogSec=$watchdog, ${watchdog_s} s), new PID $(main_pid) $t_restart s after the freeze, its first frame a stop"
		fi
	fi
fi

# ---- the sandbox, as the journal and systemd see it -----------------------------------
# What tpd itself said across its restarts (not systemd's lines on it).
journalctl -u tpd -o short-monotonic --no-pager 2>&1 | grep ' tpd\[' >"$W/tpd-journal.txt"
denials=$(grep -i -E 'seccomp|denied|not permitted|permission|read-only file system|EACCES|EPERM' \
	"$W/tpd-journal.txt" | head -n 3)
kernel=$(journalctl -k --no-pager | grep -E 'audit: type=1326|apparmor="DENIED"' | head -n 3)
# Each tpd started says what it loaded: the journal really holds tpd's words.
started_tpds=$(grep -c 'catalog: ' "$W/tpd-journal.txt")
if [ -z "$denials$kernel" ] && [ "$started_tpds" -ge 4 ]; then
	pass no-denials "$(grep -c . "$W/tpd-journal.txt") lines from $started_tpds tpd processes in the journal, none a seccomp or sandbox denial; none in the kernel's"
else
	miss no-denials "$started_tpds tpd processes in the journal (4 started); ${denials:-no denial by tpd}; ${kernel:-none by the kernel}"
fi

systemd-analyze security tpd --no-pager >"$W/security.txt" 2>&1
exposure=$(sed -n 's/.*Overall exposure level for tpd.service: \([0-9.]*\).*/\1/p' "$W/security.txt")
if [ -n "$exposure" ] && awk -v e="$exposure" 'BEGIN { exit !(e <= 1.0) }'; then
	pass exposure "systemd-analyze security tpd: $exposure"
else
	miss exposure "systemd-analyze security tpd: '${exposure:-no figure}' (see security.txt)"
fi

# ---- purge ----------------------------------------------------------------------------
# The test's own drop-in and program go first: they are not the package's.
rm -rf /etc/systemd/system/tpd.service.d /etc/tpd-e2e
DEBIAN_FRONTEND=noninteractive apt-get purge -y -q tpd >"$W/purge.log" 2>&1
purge_rc=$?
left=$(
	for f in /lib/systemd/system/tpd.service /etc/systemd/system/dbus-io.tpd.Tpd1.service \
		/etc/systemd/system/bluetooth.target.wants/tpd.service /usr/share/dbus-1/system.d/io.tpd.Tpd1.conf \
		/usr/share/dbus-1/system-services/io.tpd.Tpd1.service /usr/share/polkit-1 /usr/lib/sysusers.d/tpd.conf \
		/usr/lib/tmpfiles.d/tpd.conf /etc/tpd /var/lib/tpd /usr/share/tpd /usr/sbin/tpd /usr/bin/tpctl; do
		if [ "$f" = /usr/share/polkit-1 ]; then
			find "$f" -name '*tpd*' 2>/dev/null
		elif [ -e "$f" ] || [ -L "$f" ]; then
			echo "$f"
		fi
	done
	getent passwd tpd | sed 's/^/user: /'
	getent group tpd | sed 's/^/group: /'
	systemctl cat tpd >/dev/null 2>&1 && echo "systemd still knows tpd.service"
)
if [ "$purge_rc" -eq 0 ] && [ -z "$left" ]; then
	pass purge "apt-get purge tpd: no unit, bus policy, polkit file, user, group or state left"
else
	miss purge "apt-get purge tpd (exit $purge_rc) left: $(echo "$left" | tr '\n' ' ')($(find /etc/tpd /var/lib/tpd 2>/dev/null | tr '\n' ' '))"
fi

finish
