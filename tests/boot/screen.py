#!/usr/bin/env python3
"""Read the text on a virtual machine's screen, from what QEMU shows.

Two kinds of screen:

- a framebuffer, from QEMU's `screendump` (a PPM image): cut into cells
  of the console font's size from the top left corner, as drivers/fbcon.c
  and boot/boot.asm draw them, and each cell matched against the glyphs of
  the PSF fonts the kernel builds in (build/fonts/, Terminus from Debian's
  console-setup-linux).  The colours are not assumed: a cell of two
  colours is tried with either as the foreground; a cell of one colour is
  blank; anything else (a graphic bar, a glyph of no known font) decodes
  as REPLACEMENT;
- VGA text, from QEMU's `pmemsave` of text memory at 0xb8000: character
  and attribute bytes, the characters read directly.

    python3 tests/boot/screen.py build/boot-logs/CASE.ppm [--fonts build/fonts]
    python3 tests/boot/screen.py --vga build/boot-logs/CASE.vga

prints the screen as text, one line per row, trailing blanks dropped.
"""
import argparse
import struct
import sys
from pathlib import Path

FONTS = ["Lat15-Terminus16.psf", "Lat15-Terminus32x16.psf"]    # drivers/font.asm
REPLACEMENT = "\N{REPLACEMENT CHARACTER}"
VGA_TEXT_BASE, VGA_COLS, VGA_ROWS = 0xB8000, 80, 25             # VGA mode 3


class Font:
    """A PSF1 or PSF2 console font: each printable ASCII character's glyph
    as an integer of width * height bits, row by row, leftmost pixel first.
    ASCII characters are looked up in the font's Unicode table (the first
    glyph listed for a character wins), as drivers/psf.c does."""

    def __init__(self, path):
        data = Path(path).read_bytes()
        if data[:2] == b"\x36\x04":
            mode, height = data[2], data[3]
            count, size, width, start = (512 if mode & 1 else 256), height, 8, 4
            table = mode & 6
        elif data[:4] == b"\x72\xb5\x4a\x86":
            _, _, start, flags, count, size, height, width = struct.unpack_from("<8I", data)
            table = flags & 1
        else:
            raise ValueError(f"{path}: not a PSF font")
        self.width, self.height = width, height
        row_bytes = (width + 7) // 8
        glyphs = []
        for g in range(count):
            bits = 0
            for y in range(height):
                row = int.from_bytes(data[start + g * size + y * row_bytes:][:row_bytes], "big")
                bits = bits << width | row >> (row_bytes * 8 - width)
            glyphs.append(bits)
        ascii_glyph = table and self._unicode_table(data, data[:2] == b"\x36\x04",
                                                    start + count * size, count)
        self.chars = {}
        for c in range(0x20, 0x7F):
            g = ascii_glyph.get(c) if ascii_glyph else c
            if g is not None and g < count:
                self.chars.setdefault(glyphs[g], chr(c))

    @staticmethod
    def _unicode_table(data, psf1, pos, count):
        out, glyph, seq = {}, 0, False
        step = 2 if psf1 else 1
        end_mark, seq_mark = (0xFFFF, 0xFFFE) if psf1 else (0xFF, 0xFE)
        while pos + step <= len(data) and glyph < count:
            u = int.from_bytes(data[pos:pos + step], "little")
            pos += step
            if u == end_mark:
                glyph, seq = glyph + 1, False
            elif u == seq_mark:
                seq = True
            elif u < 0x80 and not seq:
                out.setdefault(u, glyph)
        return out


def read_ppm(path):
    """(width, height, RGB bytes) of a binary PPM (P6, maxval 255)."""
    data = Path(path).read_bytes()
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos)
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    magic, w, h, maxval = fields[0], int(fields[1]), int(fields[2]), int(fields[3])
    if magic != b"P6" or maxval != 255:
        raise ValueError(f"{path}: not a P6 PPM of 8-bit samples")
    return w, h, data[pos + 1:pos + 1 + w * h * 3]


def decode_pixels(w, h, rgb, font):
    """The rows of text the image shows in @font (trailing blanks dropped)."""
    fw, fh = font.width, font.height
    rows = []
    for r in range(h // fh):
        line = []
        for c in range(w // fw):
            pixels = [rgb[((r * fh + y) * w + c * fw) * 3:][:fw * 3] for y in range(fh)]
            cell = [bytes(p[i:i + 3]) for p in pixels for i in range(0, fw * 3, 3)]
            colours = set(cell)
            if len(colours) == 1:
                line.append(" ")
                continue
            ch = REPLACEMENT
            if len(colours) == 2:
                for fg in colours:
                    bits = 0
                    for px in cell:
                        bits = bits << 1 | (px == fg)
                    ch = font.chars.get(bits, ch)
            line.append(ch)
        rows.append("".join(line).rstrip())
    return rows


def decode_framebuffer(ppm, font_dir):
    """(rows, columns) of text on a screendump, in whichever built-in font
    reads the most characters from it."""
    w, h, rgb = read_ppm(ppm)
    best, cols = [], 0
    for name in FONTS:
        font = Font(Path(font_dir) / name)
        rows = decode_pixels(w, h, rgb, font)
        if known(rows) > known(best):
            best, cols = rows, w // font.width
    return best, cols


def known(rows):
    return sum(ch not in (" ", REPLACEMENT) for row in rows for ch in row)


# What the VGA shows for bytes 0x00-0x1f and 0x7f (code page 437's glyphs,
# which Python's cp437 codec leaves as control characters).
CP437_CONTROLS = dict(zip(list(range(0x20)) + [0x7F],
                          " ☺☻♥♦♣♠•◘○◙♂♀♪♫☼►◄↕‼¶§▬↨↑↓→←∟↔▲▼⌂"))


def decode_text_memory(data, cols=VGA_COLS, rows=VGA_ROWS):
    """(rows, columns) of a VGA text screen: the even bytes of text memory,
    the odd ones being attributes, shown in code page 437."""
    chars = "".join(CP437_CONTROLS.get(b) or bytes([b]).decode("cp437")
                    for b in data[0:cols * rows * 2:2])
    return [chars[r * cols:(r + 1) * cols].rstrip(" ") for r in range(rows)], cols


def unwrap(rows, cols):
    """The screen as text: a row that fills all @cols continues on the next,
    as both consoles wrap long lines - unless it ends in a cell that is no
    character (a picture, such as the memory bars, ends its own row)."""
    out = ""
    for row in rows:
        wraps = len(row) == cols and not row.endswith(REPLACEMENT)
        out += row if wraps else row + "\n"
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("dump", help="a screendump (PPM), or with --vga a pmemsave of text memory")
    p.add_argument("--vga", action="store_true", help="the dump is VGA text memory (80x25)")
    p.add_argument("--fonts", default="build/fonts", help="folder of the kernel's PSF fonts")
    o = p.parse_args()
    if o.vga:
        rows, _ = decode_text_memory(Path(o.dump).read_bytes())
    else:
        rows, _ = decode_framebuffer(o.dump, o.fonts)
    while rows and not rows[-1]:
        rows.pop()
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
