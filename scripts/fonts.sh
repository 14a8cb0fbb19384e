#!/bin/sh
# Put the Terminus console fonts the kernel builds in (drivers/font.asm)
# into $1, uncompressed.  They come from Debian's console-setup-linux:
# from /usr/share/consolefonts when it is installed, else from the package
# itself, downloaded and unpacked into $1 (never installed).
set -eu
out=$1
fonts="Lat15-Terminus16 Lat15-Terminus32x16"
mkdir -p "$out"
src=/usr/share/consolefonts
if [ ! -f "$src/Lat15-Terminus16.psf.gz" ]; then
	src="$out/deb/usr/share/consolefonts"
	if [ ! -f "$src/Lat15-Terminus16.psf.gz" ]; then
		echo "fonts: fetching Debian's console-setup-linux for its Terminus fonts"
		rm -rf "$out/deb"
		mkdir -p "$out/deb"
		( cd "$out/deb" && { apt-get download console-setup-linux >/dev/null 2>&1 ||
			{ apt-get update -q >/dev/null && apt-get download console-setup-linux >/dev/null; }; } )
		dpkg -x "$out"/deb/console-setup-linux_*.deb "$out/deb"
	fi
fi
for f in $fonts; do
	gzip -dc "$src/$f.psf.gz" > "$out/$f.psf.tmp"
	mv "$out/$f.psf.tmp" "$out/$f.psf"
done
