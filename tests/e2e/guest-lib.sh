# SPDX-License-Identifier: LGPL-2.1-or-later
# shellcheck shell=bash
# Shared by the guest scripts of tools/e2e and tools/e2e-system.

# Seconds of uptime, without a fork (TCG makes every fork count).
now() {
	local up _
	read -r up _ </proc/uptime
	echo "$up"
}

# wait_for SECONDS COMMAND...: poll every 0.2 s until COMMAND succeeds.
wait_for() {
	local limit=$1 start=${EPOCHREALTIME/./}
	shift
	until "$@" >/dev/null 2>&1; do
		((${EPOCHREALTIME/./} - start < limit * 1000000)) || return 1
		sleep 0.2
	done
}
