#!/bin/sh
# Install, from Debian's archive, the tools the build and the tests need,
# and only those that are missing.  Called by `make` before anything else.
#
#   scripts/deps.sh            what `make`, `make run` and `make test` need
#   scripts/deps.sh gui        also QEMU's window (only where a display exists)
#
# Runs apt-get directly as root, through sudo otherwise, and prints the exact
# command to run when neither is possible.
set -eu

# command-or-file  package
need="
nasm                        nasm
qemu-system-x86_64          qemu-system-x86
grub-mkrescue               grub-common
/usr/lib/grub/i386-pc       grub-pc-bin
/usr/lib/grub/x86_64-efi    grub-efi-amd64-bin
xorriso                     xorriso
mformat                     mtools
/usr/share/OVMF/OVMF_CODE.fd ovmf
iasl                        acpica-tools
/usr/include/cmocka.h       libcmocka-dev
clang                       clang
/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a libclang-rt-14-dev
python3                     python3
gcc                         gcc
make                        make
"
[ "${1:-}" = gui ] && need="$need /usr/lib/x86_64-linux-gnu/qemu/ui-gtk.so qemu-system-gui"

missing=
set -- $need
while [ $# -ge 2 ]; do
	case "$1" in
	/*) [ -e "$1" ] || missing="$missing $2" ;;
	*) command -v "$1" >/dev/null 2>&1 || missing="$missing $2" ;;
	esac
	shift 2
done
[ -z "$missing" ] && exit 0

echo "deps: installing$missing"
cmd="apt-get install -y -q --no-install-recommends$missing"
if [ "$(id -u)" = 0 ]; then
	sudo=
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	sudo=sudo
else
	echo "deps: cannot install as $(id -un); run as root:" >&2
	echo "  apt-get update && $cmd" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# An install can fail on a stale package list: refresh it once and retry.
$sudo $cmd >/dev/null 2>&1 || { $sudo apt-get update -q >/dev/null && $sudo $cmd >/dev/null; }
