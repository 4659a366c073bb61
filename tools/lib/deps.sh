# SPDX-License-Identifier: LGPL-2.1-or-later
# Shared by tools/demo and tools/check: install only the Debian packages that
# are missing, with apt-get, as root or through sudo.

tp_missing_packages() {
	local pkg status
	for pkg in "$@"; do
		status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
		case "$status" in
		*" installed") ;;
		*) printf '%s\n' "$pkg" ;;
		esac
	done
}

tp_install_packages() {
	local missing sudo=""
	missing=$(tp_missing_packages "$@")
	[ -z "$missing" ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		if command -v sudo >/dev/null 2>&1; then
			sudo="sudo"
		else
			echo "tools: these packages are missing and I am not root (no sudo):" $missing >&2
			return 1
		fi
	fi
	echo "tools: installing" $missing >&2
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 || return 1
	# shellcheck disable=SC2086 # one word per package
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends $missing >&2
}

TP_BUILD_DEPS="meson ninja-build pkg-config gcc libc6-dev libdbus-1-dev libglib2.0-dev libsystemd-dev dbus-daemon dbus-bin systemd"
# valgrind, strace and python3-bleak for the benchmarks and --valgrind;
# clang and its runtimes for the fuzz targets.
# The desktop app (app/): GTK 4 and libadwaita, gettext for its translated
# desktop entry and metadata.
TP_APP_DEPS="libgtk-4-dev libadwaita-1-dev gettext"
# Its tests: a virtual display, the accessibility bus and its Python
# bindings, screenshots (imagemagick, x11-utils), key presses (xdotool),
# and the validators of its desktop entry and AppStream metadata.
TP_APP_TEST_DEPS="xvfb xauth x11-utils xdotool imagemagick at-spi2-core gir1.2-atspi-2.0 gir1.2-gdkpixbuf-2.0 desktop-file-utils appstream"
TP_TEST_DEPS="python3-dbusmock python3-dbus python3-gi python3-pytest man-db bluez dpkg-dev debhelper lintian valgrind strace python3-bleak clang libclang-rt-14-dev"
