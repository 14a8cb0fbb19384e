#!/usr/bin/env python3
"""Write the seed corpora of the fuzz targets into tests/fuzz/corpus/.

Real tables are copied from the firmware collection (small ones only);
multiboot2 information, ACPI memory images, fonts, command lines and
memory map operation sequences are built here.  Each target's input
format is described at the top of its tests/fuzz/fuzz_<name>.c.

    tests/fuzz/make_seeds.py [--firmware tests/data/firmware]
"""
import argparse
import base64
import struct
from pathlib import Path

HERE = Path(__file__).resolve().parent


def put(target, name, data):
    d = HERE / "corpus" / target
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_bytes(data)


# --- multiboot2 ---------------------------------------------------------

def tag(t, body):
    b = struct.pack("<II", t, 8 + len(body)) + body
    return b + b"\0" * (-len(b) % 8)


def mb2(*tags):
    body = b"".join(tags) + struct.pack("<II", 0, 8)
    return struct.pack("<II", 8 + len(body), 0) + body


def rsdp_v0():
    r = bytearray(b"RSD PTR \0BOCHS \0" + struct.pack("<I", 0x7fe14a0))
    r[8] = -sum(r) & 0xff
    return bytes(r)


def rsdp_v2():
    r = bytearray(b"RSD PTR \0BOCHS \2" + struct.pack("<IIQ", 0x7fe14a0, 36, 0x7fe1500) + b"\0" * 4)
    r[8] = -sum(r[:20]) & 0xff
    r[32] = -sum(r) & 0xff
    return bytes(r)


def multiboot2():
    e820 = [(0, 0x9fc00, 1), (0x9fc00, 0x400, 2), (0xf0000, 0x10000, 2),
            (0x100000, 0x7ee0000, 1), (0x7fe0000, 0x20000, 2), (0xfffc0000, 0x40000, 2)]
    mmap = tag(6, struct.pack("<II", 24, 0) +
               b"".join(struct.pack("<QQII", a, l, t, 0) for a, l, t in e820))
    bios = mb2(tag(1, b"console=ttyS0 mem=512M loglevel=7\0"),
               tag(2, b"GRUB 2.06-13+deb12u1\0"),
               tag(4, struct.pack("<II", 639, 130048)),
               tag(5, struct.pack("<III", 0xe0, 0xffffffff, 0xffffffff)),
               mmap,
               tag(8, struct.pack("<QIIIBBH", 0xb8000, 160, 80, 25, 16, 2, 0)),
               tag(14, rsdp_v0()),
               tag(21, struct.pack("<I", 0x100000)))
    efi = [(7, 0, 0x9f, 0xf), (2, 0x100000, 0x700, 0xf), (7, 0x800000, 0x7000, 0xf),
           (4, 0x7800000, 0x600, 0xf), (10, 0x7f00000, 0x80, 0xf),
           (11, 0xffc00000, 0x400, 0x8000000000000001)]
    efimap = tag(17, struct.pack("<II", 48, 1) +
                 b"".join(struct.pack("<IIQQQQQ", t, 0, a, 0, n, at, 0) for t, a, n, at in efi))
    uefi = mb2(tag(1, b"numa=off\0"),
               tag(2, b"GRUB 2.06\0"),
               tag(3, struct.pack("<II", 0x200000, 0x201000) + b"initrd\0"),
               tag(12, struct.pack("<Q", 0x7f9e018)),
               mmap,
               tag(8, struct.pack("<QIIIBBH", 0x80000000, 4096, 1024, 768, 32, 1, 0) +
                   bytes([16, 8, 8, 8, 0, 8])),
               tag(15, rsdp_v2()),
               efimap,
               tag(20, struct.pack("<Q", 0x7e8b018)))
    put("multiboot2", "bios-grub", b"\0" + bios)
    put("multiboot2", "uefi-grub", b"\0" + uefi)
    put("multiboot2", "minimal", b"\0" + mb2())
    put("multiboot2", "misaligned", b"\xfb" + mb2())
    put("multiboot2", "multiboot1-magic", b"\xff" + mb2())


# --- command lines --------------------------------------------------------

def cmdline():
    lines = {
        "grub": b"console=ttyS0,115200 mem=512M loglevel=7 quiet",
        "memmap": b"memmap=1M$0x100000 memmap=64K@0x7f00000 mem=0x100000000 numa=off",
        "quoted": b'no-such_opt="a b c" mem="1G" numa=fake=2,interleave=2M -- init=/bin/sh x',
        "numbers": b"loglevel=0x7 mem=18446744073709551615 mem=16E mem=0x10 loglevel=8",
        "blanks": b"\tquiet=1\r\n  numa  numa=off  == \"\" --",
    }
    for name, text in lines.items():
        put("cmdline", name, text)


# --- ACPI tables from the firmware collection ------------------------------

def copy_tables(fw, target, files, prefix=b""):
    for folder, table, pre in files:
        data = (fw / folder / f"{table}.dat").read_bytes()
        put(target, f"{folder}-{table}", (pre if pre is not None else prefix) + data)


def acpi(fw):
    # SRAT seeds: [phys_bits, options] + table (see fuzz_srat.c).
    copy_tables(fw, "srat", [
        ("amd-hp-touchsmart-tx2", "srat", bytes([40, 0])),
        ("qemu72-pc-2node-5g", "srat", bytes([40, 0])),
        ("qemu72-q35-cpuless-memless-hp", "srat", bytes([46, 3])),
        ("amd-hp-dl165g7", "srat", bytes([48, 3])),
        ("qemu72-q35-8node-asym", "srat", bytes([46, 7])),
        ("amd-supermicro-h8dgu", "srat", bytes([48, 7])),
        ("intel-hp-dl360g7", "srat", bytes([40, 1])),
    ])
    # Issue 9: the 240 s `make fuzz T=srat` crash (CPUID says 82 bits, an
    # entry at 2^52); tests/unit/mm/numa_test.c has it as phys_bits_over_52.
    put("srat", "issue9-phys-bits-82", base64.b64decode(
        "UlMHMEFUUAIAAAIbQU1EICAgQUdFU0EgICABAAAAQU1EIB4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4e"
        "Hh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHgEAAAABAAAGAAAAAAAAAAABKAAAAAD/PgAAAAAA"
        "ABAAAAAKAAAAAAAAAAAAAQAAAAAAAAAAAAAAASgAAAQAAAAAABQAAAAAAAAA8N8AAAAAAAAAAAEAAAAA"
        "AAAAMAAABw=="))
    copy_tables(fw, "slit", [
        ("intel-asus-x99-allseries", "slit", b""),
        ("qemu72-q35-cpuless-memless-hp", "slit", b""),
        ("amd-hp-dl165g7", "slit", b""),
        ("amd-supermicro-h8qg6-2856", "slit", b""),
        ("intel-evga-x299-micro", "slit", b""),
    ])
    copy_tables(fw, "madt", [
        ("amd-asrock-870extreme3", "apic", b""),
        ("qemu72-q35-cphp", "apic", b""),
        ("intel-supermicro-x8dtn", "apic", b""),
        ("amd-supermicro-h8qg6-2856", "apic", b""),
        ("intel-evga-x299-micro", "apic", b""),
    ])

    # Fake physical memory for acpi_tables: an RSDP at 0 and the tables
    # behind it (see fuzz_acpi_tables.c).
    tables = [(fw / "qemu72-pc-2node-5g" / f"{t}.dat").read_bytes()
              for t in ("srat", "apic")]
    tables.append((fw / "qemu72-q35-cphp" / "slit.dat").read_bytes())

    def sdt(sig, entries, esize):
        fmt = "<Q" if esize == 8 else "<I"
        body = b"".join(struct.pack(fmt, e) for e in entries)
        h = bytearray(sig + struct.pack("<IBB", 36 + len(body), 1, 0) + b"BOCHS BXPC    " +
                      struct.pack("<I", 1) + b"BXPC" + struct.pack("<I", 1) + body)
        h[9] = -sum(h) & 0xff
        return bytes(h)

    def image(rev, xsdt_ok=True, flags=0):
        addrs = []
        pos = 256
        for t in tables:
            addrs.append(pos)
            pos += (len(t) + 15) & ~15
        rsdt_at, xsdt_at = pos, pos + 64
        blob = bytearray(pos + 128)
        for a, t in zip(addrs, tables):
            blob[a:a + len(t)] = t
        rsdt = sdt(b"RSDT", addrs + [0], 4)
        xsdt = bytearray(sdt(b"XSDT", addrs, 8))
        if not xsdt_ok:
            xsdt[9] ^= 0x55
        blob[rsdt_at:rsdt_at + len(rsdt)] = rsdt
        blob[xsdt_at:xsdt_at + len(xsdt)] = xsdt
        r = bytearray(b"RSD PTR \0BOCHS " + bytes([rev]) + struct.pack("<I", rsdt_at))
        if rev >= 2:
            r += struct.pack("<IQ", 36, xsdt_at) + b"\0" * 4
        r[8] = -sum(r[:20]) & 0xff
        if rev >= 2:
            r[32] = -sum(r) & 0xff
        blob[0:len(r)] = r
        return bytes([flags]) + bytes(blob[:xsdt_at + len(xsdt)])

    put("acpi_tables", "rsdp-v2-xsdt", image(2))
    put("acpi_tables", "rsdp-v0-rsdt", image(0))
    put("acpi_tables", "bad-xsdt-falls-back", image(2, xsdt_ok=False))
    put("acpi_tables", "boot-loader-copy-fixed", image(2, flags=3))


# --- fonts ---------------------------------------------------------------

def fonts():
    # PSF1, 256 glyphs of 8x2, with a Unicode table: glyph N is char N,
    # glyph 0 also U+263A (a sequence after 0xFFFE is ignored).
    glyphs = bytes((i * 7 + r) & 0xff for i in range(256) for r in range(2))
    table = b""
    for i in range(256):
        table += struct.pack("<H", i)
        if i == 0:
            table += struct.pack("<HHH", 0x263a, 0xfffe, 0x41)
        table += struct.pack("<H", 0xffff)
    put("psf", "psf1-8x2-unicode", bytes([0x36, 0x04, 0x02, 2]) + glyphs + table)
    # PSF2, 4 glyphs of 8x8, UTF-8 table: '?', 'A', 'B' and U+00E9, 'a'.
    hdr = struct.pack("<IIIIIIII", 0x864ab572, 0, 32, 1, 4, 8, 8, 8)
    glyphs = bytes(range(32))
    table = b"?\xff" + b"A\xff" + b"B\xff" + "é".encode() + b"a\xfe\x61\xcc\x81\xff"
    put("psf", "psf2-8x8-unicode", hdr + glyphs + table)
    # PSF2 without a table, 10 pixels wide (2 bytes a row), header padded.
    hdr = struct.pack("<IIIIIIII", 0x864ab572, 0, 40, 0, 3, 24, 12, 10) + b"\0" * 8
    put("psf", "psf2-10x12-plain", hdr + bytes(72))


# --- memory map operations (see fuzz_memmap.c) ----------------------------

def memmaps():
    def page(n): return n & 0x3f                 # addr byte: n pages
    def mib(n): return 0x40 | (n & 0x3f)         # n MiB
    def half(n): return 0x80 | (n & 0x3f)        # n pages + 2 KiB
    def special(i): return 0xc0 | i              # boundary values

    def raw(v): return bytes([0xff]) + struct.pack("<Q", v)
    ADD, SET, REMOVE, SANITIZE, TOTAL = 0, 1, 2, 3, 5
    FILL32 = 250                                # % 6 == 4: fill; >> 3 == 31: 32 entries
    FILL30 = 232                                # % 6 == 4: fill; >> 3 == 29: 30 entries
    seqs = {
        # QEMU's e820, sanitized, page 0 reserved, cut at 4 GiB.
        "qemu-e820": b"".join([
            bytes([ADD]) + raw(0) + raw(0x9fc00) + b"\1",
            bytes([ADD]) + raw(0x9fc00) + raw(0x400) + b"\2",
            bytes([ADD]) + raw(0xf0000) + raw(0x10000) + b"\2",
            bytes([ADD]) + raw(0x100000) + raw(0x7ee0000) + b"\1",
            bytes([ADD]) + raw(0xfffc0000) + raw(0x40000) + b"\2",
            bytes([SANITIZE, SET, special(0), special(3), 2]),
            bytes([REMOVE, special(9), 0, TOTAL]),
        ]),
        # Overlaps: RAM under a reservation, touching neighbours, a wrap.
        "overlaps": bytes([ADD, mib(0), mib(8), 1, ADD, page(3), page(5), 2,
                           ADD, mib(8), mib(8), 1, ADD, half(2), page(1), 4,
                           ADD, special(14), special(12), 1, SANITIZE,
                           SET, mib(1), mib(3), 1, REMOVE, mib(12), 1, TOTAL]),
        # A full table: one more entry is dropped; then a cut at 5 MiB.
        "full": bytes([FILL32, mib(1), FILL32, mib(2), FILL32, mib(3),
                       FILL32, mib(4), FILL32, mib(5), FILL32, mib(6),
                       FILL32, mib(7), FILL32, mib(8), ADD, mib(9), page(1), 1,
                       SANITIZE, TOTAL, REMOVE, mib(5), 0]),
        # memmap_set() on a full map must fail and leave it unchanged
        # (it used to leave [0, 0) behind, and an unsorted map; 5d3118f).
        "set-page0-full-map": bytes([FILL32, page(0), FILL32, mib(1), FILL32, mib(2),
                                     FILL32, mib(3), FILL32, mib(4), FILL32, mib(5),
                                     FILL32, mib(6), FILL32, mib(7), SANITIZE,
                                     SET, page(0), page(1), 2]),
        "set-split-one-free-slot": bytes([FILL32, mib(1), FILL32, mib(2), FILL32, mib(3),
                                          FILL32, mib(4), FILL32, mib(5), FILL32, mib(6),
                                          FILL32, mib(7), FILL30, mib(8), ADD, page(0),
                                          page(63), 1, SANITIZE, SET, page(4), page(8), 2]),
        "unsanitized-set": bytes([ADD, mib(1), mib(4), 1, ADD, mib(2), mib(4), 3,
                                  SET, mib(3), mib(4), 2, REMOVE, mib(5), 0]),
    }
    for name, ops in seqs.items():
        put("memmap", name, ops)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--firmware", default=HERE.parent / "data" / "firmware", type=Path)
    o = p.parse_args()
    multiboot2()
    cmdline()
    acpi(o.firmware)
    fonts()
    memmaps()


if __name__ == "__main__":
    main()
