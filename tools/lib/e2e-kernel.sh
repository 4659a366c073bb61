# SPDX-License-Identifier: LGPL-2.1-or-later
# shellcheck shell=bash
# Shared by tools/e2e and tools/e2e-system: Debian's kernel, unpacked once
# into a cache, and busybox initrds loading a list of its modules.

# The package linux-image-amd64 depends on (the kernel apt would install).
tp_kernel_package() {
	apt-cache depends linux-image-amd64 2>/dev/null |
		awk '/Depends: linux-image-[0-9]/ { print $2; exit }'
}

# tp_kernel_fetch CACHE: unpacks that kernel into CACHE/<version> unless it
# is there, and sets kv (its version), kroot and vmlinuz. Older kernels in
# CACHE are removed. Returns 1, said on standard error, on failure.
tp_kernel_fetch() {
	local cache=$1 pkg old
	pkg=$(tp_kernel_package)
	if [ -z "$pkg" ]; then
		DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 || true
		pkg=$(tp_kernel_package)
	fi
	if [ -z "$pkg" ]; then
		echo "apt-cache depends linux-image-amd64 names no kernel package" >&2
		return 1
	fi
	kv=${pkg#linux-image-}
	kroot=$cache/$kv
	if [ ! -f "$kroot/.e2e-unpacked" ]; then
		echo "e2e: fetching $pkg into $cache" >&2
		mkdir -p "$cache"
		rm -rf "$kroot" "$cache"/*.deb
		# As root, apt warns that the download is unsandboxed: harmless.
		if ! (cd "$cache" && apt-get download "$pkg" >download.log 2>&1); then
			cat "$cache/download.log" >&2
			echo "apt-get download $pkg failed" >&2
			return 1
		fi
		dpkg -x "$cache"/"$pkg"_*.deb "$kroot" && depmod -b "$kroot" "$kv" || return 1
		rm -f "$cache"/*.deb "$cache/download.log"
		touch "$kroot/.e2e-unpacked"
		# Older kernels are of no more use.
		for old in "$cache"/*/.e2e-unpacked; do
			[ "$old" = "$kroot/.e2e-unpacked" ] || rm -rf "$(dirname "$old")"
		done
	fi
	vmlinuz=$kroot/boot/vmlinuz-$kv
	[ -f "$vmlinuz" ] || { echo "no $vmlinuz" >&2 && return 1; }
}

# tp_initrd DIR INIT MODULE...: a gzipped cpio at DIR.gz of busybox, INIT as
# /init, and the modules with their dependencies (in the order modprobe
# would load them) in /mods, listed in /mods.list. Needs tp_kernel_fetch.
tp_initrd() {
	local dir=$1 init=$2 mod ko name
	shift 2
	mkdir -p "$dir/mods" "$dir/bin"
	: >"$dir/mods.list"
	for mod in "$@"; do
		modprobe -d "$kroot" -S "$kv" --show-depends "$mod" ||
			{ echo "modprobe finds no module $mod in $kv" >&2 && return 1; }
	done | awk '$1 == "insmod" && !seen[$2]++ { print $2 }' >"$dir.modules"
	while read -r ko; do
		name=$(basename "$ko")
		case $name in
		*.ko.xz) xz -dc "$ko" >"$dir/mods/${name%.xz}" && name=${name%.xz} ;;
		*.ko.zst) zstd -qdc "$ko" >"$dir/mods/${name%.zst}" && name=${name%.zst} ;;
		*) cp "$ko" "$dir/mods/" ;;
		esac
		echo "$name" >>"$dir/mods.list"
	done <"$dir.modules"
	cp /bin/busybox "$dir/bin/"
	install -m 0755 "$init" "$dir/init"
	(cd "$dir" && find . | cpio -o -H newc --quiet | gzip -1) >"$dir.gz"
}
