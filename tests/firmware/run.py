#!/usr/bin/env python3
"""Check the kernel's ACPI parsers and NUMA node-range builder against
tables from real machines (tests/data/firmware, see its README.md).

For every folder of the corpus, tests/firmware/decode (the real
drivers/acpi and mm/ code, built for the host) decodes every table, and
this script compares what it kept with two oracles nobody on this project
wrote:

  ACPICA   each *.dsl is ACPICA's own decoding of the *.dat beside it.  It
           is parsed here independently (its '[offs dec len] Field : value'
           lines), and the list our parser must keep is derived from its
           fields by the rules our parsers document - the same rules Linux
           applies (drivers/acpi/srat.c, slit.c, madt.c):
             SRAT  only enabled entries; memory proximity domain: low 8 bits
                   only when the table revision is 1 (or 0); processor
                   (local APIC) domain: the high 24 bits only from revision
                   2; x2APIC domain: all 32 bits; other subtable types
                   stepped over; lists in table order, memory and CPUs apart
             SLIT  valid when N is 1..MAX_NUMNODES, N*N distances fit, every
                   local distance is 10 and every remote one above 10; an
                   invalid SLIT is dropped whole
             MADT  every local APIC (type 0) and local x2APIC (type 9)
                   entry, disabled ones included; online-capable = flag bit
                   1 on a disabled entry
  Linux    dmesg-mem.txt, where it exists, is Linux's boot log on the same
           machine.  Its e820 map (after the 'e820: update/remove' edits
           Linux printed before its NUMA init) is fed to decode, and our
           'SRAT: PXM p -> APIC' and 'SRAT: Node n PXM p [mem]' lines, our
           'Early memory node ranges' and our 'Initmem setup node' lines are
           compared with Linux's line for line (numbers compared as numbers,
           since Linux's field widths changed over the years).  Linux's
           'ACPI: SRAT 0x...' table lines are compared with ours too, the
           tables laid out at the addresses Linux printed.

Where our result may not equal Linux's for a documented reason, the folder
is listed in EXPECTATIONS below, with the reason; such a check is either
replaced by a stricter statement of the expected difference, or skipped
(printed as SKIP, never counted as passed).

Prints 'PASS folder what' or 'FAIL folder what: diff' per check, then
'firmware: N passed, N failed'; --results PATH receives 'N M'.  Exit 1 on
any failure.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from results import report  # noqa: E402  (tests/results.py)

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "data" / "firmware"


def header_constant(header, name):
    """A #define'd limit of the code under test, read from its header so
    the derived expectations follow the code's documented bounds."""
    text = (ROOT / header).read_text()
    m = re.search(rf"^#define\s+{name}\s+(\d+)", text, re.M)
    if not m:
        sys.exit(f"firmware: {name} not found in {header}")
    return int(m.group(1))


MAX_NUMNODES = header_constant("mm/numa.h", "MAX_NUMNODES")
NUMA_MEMBLK_MAX = header_constant("mm/numa.h", "NUMA_MEMBLK_MAX")
NUMA_CPU_MAX = header_constant("mm/numa.h", "NUMA_CPU_MAX")
MADT_CPU_MAX = header_constant("drivers/acpi/madt.h", "MADT_CPU_MAX")
ACPI_TABLE_MAX_LEN = 16 << 20           # drivers/acpi/acpi.h
LOCAL_DISTANCE = 10

# --- expectation table -------------------------------------------------------
#
# Each entry names a folder and a check, and says why our output is not
# simply Linux's there.  Kinds:
#   skip              the check cannot be made (printed as SKIP)
#   memoryless_4x     Linux 4.x printed a memoryless node as 'Initmem setup
#                     node N [mem 0x0-0x0]', after the nodes with memory;
#                     compare with Linux's lines put in node order and in
#                     6.x's words ('Initializing node N as memoryless',
#                     'Initmem setup node N as memoryless')
#   initmem_from_ranges  Linux printed 'Initmem setup node' from the
#                     node's SRAT span, not its RAM; expect instead the span
#                     of Linux's own 'Early memory node ranges' of the node
#                     (and check Linux's printed span contains it)
#   nonprintable_ids  a header ID holds bytes that are not text: ACPICA
#                     shows each as a space (AcpiUtCheckAndRepairAscii), our
#                     copy_id() as '?'; a '?' of ours matches a space of
#                     ACPICA's, nothing else is relaxed
# An entry no check uses is reported as a failure, so none can go stale.
EXPECTATIONS = {
    # i686 non-NUMA kernel (3.14, ROSA): it never parsed the SRAT, so its
    # log has no SRAT or Initmem lines; its 'Early memory node ranges' (all
    # node 0) are still the oracle for our RAM ranges.
    "amd-hp-touchsmart-tx2": {
        "srat-cpu": ("skip", "Linux 3.14 i686 non-NUMA kernel did not parse the SRAT"),
        "srat-mem": ("skip", "Linux 3.14 i686 non-NUMA kernel did not parse the SRAT"),
        "initmem": ("skip", "Linux 3.14 i686 non-NUMA kernel prints no Initmem lines"),
    },
    # Linux 4.15: memoryless nodes 1 and 2 (CPUs on PXM 1, 2, no memory) are
    # set up after the others and printed with an empty [mem 0-0] span;
    # 6.x (and we) print 'as memoryless' in node order.
    "amd-supermicro-h8dgu": {
        "initmem": ("memoryless_4x", "Linux 4.15 prints memoryless nodes as [mem 0-0], after the others"),
    },
    # Linux 3.10.0-327 (CentOS 7) printed 'Initmem setup node' from
    # numa_meminfo (the SRAT span, from 0x0) in setup_node_data(); later
    # kernels, 3.10.0-693+ RHEL backports included, print the node's RAM.
    "intel-supermicro-x8dtn": {
        "initmem": ("initmem_from_ranges", "Linux 3.10.0-327 prints the node's SRAT span, not its RAM"),
    },
    # The SRAT's Creator ID is the bytes d2 04 00 00 (the number 1234).
    "intel-hp-dl360g7": {
        "srat header": ("nonprintable_ids", "Creator ID is binary: ACPICA prints spaces, we print '?'"),
    },
}

# --- ACPICA's decoding -------------------------------------------------------

FIELD = re.compile(r"^\[([0-9A-Fa-f]+)h ([0-9]+)\s+([0-9]+)\]\s+(.*?)\s*:\s*(.*?)\s*$")


class Dsl:
    """One *.dsl: header fields, and the subtables in order, each a dict
    {field name: raw value} plus '_offset'."""

    def __init__(self, path):
        self.path = path
        self.header = {}
        self.subtables = []
        self.errors = []
        cur = self.header
        for line in path.read_text(errors="replace").splitlines():
            if line.startswith("Raw Table Data"):
                break
            if line.startswith("****"):
                self.errors.append(line)
                continue
            m = FIELD.match(line)
            if not m:
                continue
            offset, length, name, value = int(m.group(2)), int(m.group(3)), m.group(4), m.group(5)
            if name == "Subtable Type":
                cur = {"_offset": offset}
                self.subtables.append(cur)
            if name in cur:
                if cur is self.header:
                    continue    # structures of tables we do not parse (MSCT, HMAT)
                raise ValueError(f"{path}: field {name!r} twice at offset {offset}")
            cur[name] = value
            cur.setdefault("_fields", []).append((offset, length, name))

    def num(self, table, name):
        """A numeric field: ACPICA prints hex without 0x, maybe followed by
        a bracketed description."""
        return int(table[name].split()[0], 16)

    def text(self, table, name):
        m = re.match(r'^"(.*)"', table[name])
        if not m:
            raise ValueError(f"{self.path}: {name} is not a string: {table[name]}")
        return m.group(1)

    def h(self, name):
        return self.num(self.header, name)

    def walk_ok(self):
        """ACPICA's subtables tile the table exactly (each >= 2 bytes):
        what makes a table structurally sound for our parsers too."""
        end = self.h("Table Length")
        offs = [(s["_offset"], self.num(s, "Length")) for s in self.subtables]
        pos = offs[0][0] if offs else end
        for off, length in offs:
            if off != pos or length < 2 or off + length > end:
                return False
            pos = off + length
        return pos == end


def expected_header(dsl):
    sig = dsl.text(dsl.header, "Signature")
    length = dsl.h("Table Length")
    rc = 0 if 36 <= length <= ACPI_TABLE_MAX_LEN else -22
    return (f'sig={sig} len={length:#x} rev={dsl.h("Revision")} checksum=ok '
            f'oem="{dsl.text(dsl.header, "Oem ID")}" '
            f'oemtable="{dsl.text(dsl.header, "Oem Table ID")}" '
            f'oemrev=0x{dsl.h("Oem Revision"):08x} '
            f'creator="{dsl.text(dsl.header, "Asl Compiler ID")}" '
            f'creatorrev=0x{dsl.h("Asl Compiler Revision"):08x} rc={rc}')


def expected_srat(dsl):
    """(summary line, entry lines, (kept-type entries, disabled)) from
    ACPICA's fields, by the rules in the docstring."""
    rev = dsl.h("Revision")
    mem, cpu = [], []
    total = disabled = 0
    fixed = {0: 16, 1: 40, 2: 24}       # ACPI 6.5, 5.2.16.1-3
    rc = 0 if dsl.walk_ok() else -22
    for s in dsl.subtables:
        t = dsl.num(s, "Subtable Type")
        if t not in fixed:
            continue
        if dsl.num(s, "Length") < fixed[t]:
            rc = -22
            continue
        total += 1
        flags = dsl.num(s, "Flags (decoded below)")
        if not flags & 1:
            disabled += 1
            continue
        if t == 0:
            pxm = dsl.num(s, "Proximity Domain Low(8)")
            if rev >= 2:
                pxm |= dsl.num(s, "Proximity Domain High(24)") << 8
            cpu.append(f"apic={dsl.num(s, 'Apic ID'):#x} pxm={pxm}")
        elif t == 2:
            cpu.append(f"apic={dsl.num(s, 'Apic ID'):#x} pxm={dsl.num(s, 'Proximity Domain')}")
        else:
            pxm = dsl.num(s, "Proximity Domain")
            if rev <= 1:
                pxm &= 0xFF
            base, length = dsl.num(s, "Base Address"), dsl.num(s, "Address Length")
            if base + length >= 1 << 64 and length:
                rc = -22
            mem.append(f"start=0x{base:016x} length=0x{length:016x} pxm={pxm} "
                       f"hotplug={flags >> 1 & 1} nonvolatile={flags >> 2 & 1}")
    if rc:
        return f"rc={rc} rev={rev} mem=0 cpu=0 dropped=0", [], (total, disabled)
    dropped = max(0, len(mem) - NUMA_MEMBLK_MAX) + max(0, len(cpu) - NUMA_CPU_MAX)
    mem, cpu = mem[:NUMA_MEMBLK_MAX], cpu[:NUMA_CPU_MAX]
    lines = [f"srat mem {m}" for m in mem] + [f"srat cpu {c}" for c in cpu]
    return (f"rc=0 rev={rev} mem={len(mem)} cpu={len(cpu)} dropped={dropped}",
            lines, (total, disabled))


def expected_slit(dsl):
    n = dsl.h("Localities")
    rows = []
    for i in range(n):
        key = f"Locality {i:3d}"
        if key not in dsl.header:
            return "rc=-22 localities=0", []
        rows.append([int(x, 16) for x in dsl.header[key].split()])
    ok = (1 <= n <= MAX_NUMNODES and dsl.h("Table Length") - 44 >= n * n and
          all(len(r) == n for r in rows) and
          all((d == LOCAL_DISTANCE) if i == j else (d > LOCAL_DISTANCE)
              for i, r in enumerate(rows) for j, d in enumerate(r)))
    if not ok:
        return "rc=-22 localities=0", []
    return f"rc=0 localities={n}", [f"slit row {i}: " + " ".join(map(str, r))
                                    for i, r in enumerate(rows)]


def expected_madt(dsl):
    cpus = []
    fixed = {0: 8, 9: 16}               # ACPI 6.5, 5.2.12.2 and 5.2.12.12
    rc = 0 if dsl.walk_ok() else -22
    for s in dsl.subtables:
        t = dsl.num(s, "Subtable Type")
        if t not in fixed:
            continue
        if dsl.num(s, "Length") < fixed[t]:
            rc = -22
            continue
        flags = dsl.num(s, "Flags (decoded below)")
        if t == 0:
            apic, uid = dsl.num(s, "Local Apic ID"), dsl.num(s, "Processor ID")
        else:
            apic, uid = dsl.num(s, "Processor x2Apic ID"), dsl.num(s, "Processor UID")
        enabled = flags & 1
        online = int(not enabled and bool(flags & 2))
        cpus.append(f"apic={apic:#x} uid={uid} enabled={enabled} "
                    f"online_capable={online} x2apic={int(t == 9)}")
    lapic = dsl.h("Local Apic Address")
    flags = dsl.h("Flags (decoded below)")
    if rc:
        return f"rc={rc} lapic={lapic:#x} flags={flags:#x} cpus=0 dropped=0", []
    dropped = max(0, len(cpus) - MADT_CPU_MAX)
    cpus = cpus[:MADT_CPU_MAX]
    return (f"rc=0 lapic={lapic:#x} flags={flags:#x} cpus={len(cpus)} dropped={dropped}",
            [f"madt cpu {c}" for c in cpus])


# --- Linux's log -------------------------------------------------------------

E820_TYPES = {"usable": 1, "reserved": 2, "ACPI data": 3, "ACPI NVS": 4,
              "unusable": 5, "persistent (type 7)": 7, "persistent (type 12)": 12,
              "soft reserved": 0xEFFFFFFF}
STAMP = re.compile(r"^.*?\[\s*\d+\.\d+\] ?")
MEM = r"\[mem (0x[0-9a-fA-F]+)-(0x[0-9a-fA-F]+)\]"


def log_lines(text):
    """Lines of a kernel log, timestamps dropped (only stamped lines of
    dmesg files count)."""
    out = []
    for line in text.splitlines():
        m = STAMP.match(line)
        if m:
            out.append(line[m.end():])
    return out


def e820_type(name):
    name = name.strip()
    if name in E820_TYPES:
        return E820_TYPES[name]
    m = re.fullmatch(r"type (\d+)", name)
    if not m:
        raise ValueError(f"unknown e820 type name {name!r}")
    return int(m.group(1))


def e820_edit(table, lo, hi, old, new):
    """Give [lo, hi) of entries of type @old type @new (None: remove)."""
    out = []
    for s, e, t in table:
        if t != old or e <= lo or s >= hi:
            out.append((s, e, t))
            continue
        if s < lo:
            out.append((s, lo, t))
        if new is not None:
            out.append((max(s, lo), min(e, hi), new))
        if e > hi:
            out.append((hi, e, t))
    return sorted(out)


# Where Linux's NUMA init begins: e820 edits printed after it are not part
# of the RAM it split into nodes.
NUMA_START = re.compile(r"^(ACPI: )?SRAT: |^NUMA|^Early memory node ranges|^Zone ranges")


def linux_e820(lines):
    """Linux's RAM map as it stood at NUMA init."""
    table = []
    for line in lines:
        if NUMA_START.search(line):
            break
        m = re.match(rf"^BIOS-e820: {MEM} (.*)$", line)
        if m:
            table.append((int(m.group(1), 16), int(m.group(2), 16) + 1, e820_type(m.group(3))))
            continue
        m = re.match(rf"^e820: update {MEM} (.*) ==> (.*)$", line)
        if m:
            table = e820_edit(table, int(m.group(1), 16), int(m.group(2), 16) + 1,
                              e820_type(m.group(3)), e820_type(m.group(4)))
            continue
        m = re.match(rf"^e820: remove {MEM} ?(.*)$", line)
        if m:
            lo, hi = int(m.group(1), 16), int(m.group(2), 16) + 1
            types = [e820_type(m.group(3))] if m.group(3).strip() else {t for _, _, t in table}
            for t in types:
                table = e820_edit(table, lo, hi, t, None)
    return table


def numbers(s):
    """Hex numbers as plain integers, so '0x00001000' == '0x0000000000001000'."""
    return re.sub(r"0x[0-9a-fA-F]+", lambda m: hex(int(m.group(0), 16)), s)


def pick(lines, what):
    """The lines of one kind, normalised ('ACPI: ' dropped, numbers made
    canonical, blanks collapsed)."""
    out = []
    in_ranges = False
    for line in lines:
        line = re.sub(r"^ACPI: ", "", line.rstrip())
        if what == "node-ranges":
            if line.startswith("Early memory node ranges"):
                in_ranges = True
                continue
            m = re.match(rf"^\s+node\s+(\d+): {MEM}$", line)
            if in_ranges and m:
                out.append(numbers(f"node {m.group(1)}: [mem {m.group(2)}-{m.group(3)}]"))
                continue
            in_ranges = False
        elif what == "srat-cpu":
            m = re.match(r"^SRAT: PXM (\d+) -> APIC (0x[0-9a-fA-F]+) -> Node (\d+)$", line)
            if m:
                out.append(numbers(f"PXM {m.group(1)} -> APIC {m.group(2)} -> Node {m.group(3)}"))
        elif what == "srat-mem":
            m = re.match(rf"^SRAT: Node (\d+) PXM (\d+) {MEM}(.*)$", line)
            if m:
                out.append(numbers(f"Node {m.group(1)} PXM {m.group(2)} "
                                   f"[mem {m.group(3)}-{m.group(4)}]{m.group(5)}"))
        elif what == "initmem":
            m = re.match(rf"^Initmem setup node (\d+) (?:{MEM}|as memoryless)$", line)
            if m:
                out.append(numbers(line))
            elif re.match(r"^Initializing node \d+ as memoryless$", line):
                out.append(line)
        elif what == "table-lines":
            m = re.match(r"^(SRAT|SLIT|APIC|MSCT|HMAT) (?:0x)?([0-9a-fA-F]+) ([0-9a-fA-F]+) \((.*)\)$", line)
            if m:
                out.append(f"{m.group(1)} {int(m.group(2), 16):#x} {int(m.group(3), 16):#x} "
                           + " ".join(m.group(4).split()))
    return out


def memoryless_4x(lines):
    """Linux 4.x's Initmem lines in 6.x's words and node order."""
    by_node = {}
    for line in lines:
        m = re.match(r"^Initmem setup node (\d+) \[mem 0x0-0x0\]$", line)
        n = int(re.search(r"node (\d+)", line).group(1))
        if m:
            by_node[n] = [f"Initializing node {n} as memoryless",
                          f"Initmem setup node {n} as memoryless"]
        else:
            by_node[n] = [line]
    return [x for n in sorted(by_node) for x in by_node[n]]


def initmem_from_ranges(linux_initmem, linux_ranges):
    """Initmem lines made from Linux's own node ranges; None if Linux's
    printed spans do not contain them (then the premise is wrong)."""
    spans = {}
    for r in linux_ranges:
        m = re.match(r"^node (\d+): \[mem (0x[0-9a-f]+)-(0x[0-9a-f]+)\]$", r)
        n, s, e = int(m.group(1)), int(m.group(2), 16), int(m.group(3), 16)
        lo, hi = spans.get(n, (s, e))
        spans[n] = (min(lo, s), max(hi, e))
    printed = {}
    for line in linux_initmem:
        m = re.match(r"^Initmem setup node (\d+) \[mem (0x[0-9a-f]+)-(0x[0-9a-f]+)\]$", line)
        if m:
            printed[int(m.group(1))] = (int(m.group(2), 16), int(m.group(3), 16))
    for n, (s, e) in spans.items():
        if n not in printed or not (printed[n][0] <= s and e <= printed[n][1]):
            return None
    return [f"Initmem setup node {n} [mem {hex(s)}-{hex(e)}]" for n, (s, e) in sorted(spans.items())]



# --- the runner --------------------------------------------------------------

class Runner:
    def __init__(self, decode):
        self.decode = decode
        self.passed = self.failed = self.skipped = 0
        self.used = set()

    def expectation(self, folder, what):
        """The EXPECTATIONS entry for this check, or (None, None)."""
        if what in EXPECTATIONS.get(folder, {}):
            self.used.add((folder, what))
            return EXPECTATIONS[folder][what]
        return None, None

    def ok(self, folder, what, note=""):
        self.passed += 1
        print(f"PASS {folder} {what}{note}")

    def fail(self, folder, what, diff):
        self.failed += 1
        print(f"FAIL {folder} {what}: {diff}")

    def skip(self, folder, what, why):
        self.skipped += 1
        print(f"SKIP {folder} {what}: {why}")

    def compare(self, folder, what, expected, got, note=""):
        if expected == got:
            self.ok(folder, what, note)
            return
        for i, (e, g) in enumerate(zip(expected, got)):
            if e != g:
                self.fail(folder, what, f"line {i + 1}: expected {e!r}, got {g!r}")
                return
        n = min(len(expected), len(got))
        extra = (f"missing {expected[n]!r}" if len(expected) > n else f"unexpected {got[n]!r}")
        self.fail(folder, what, f"{len(expected)} lines expected, {len(got)} got; {extra}")

    def run_decode(self, folder, args):
        r = subprocess.run([self.decode, *map(str, args)], capture_output=True, text=True,
                           timeout=120)
        if r.returncode != 0:
            self.fail(folder, "decode", f"exit {r.returncode}: {r.stderr.strip()[-2000:]}")
            return None
        if r.stderr.strip():    # a sanitizer report, say
            self.fail(folder, "decode", f"stderr: {r.stderr.strip()[-2000:]}")
            return None
        return r.stdout.splitlines()

    # ACPICA against our decoding ------------------------------------------

    def check_tables(self, folder, path):
        dats = sorted(path.glob("*.dat"))
        out = self.run_decode(folder, dats)
        if out is None:
            return
        # Split decode's output per table (each starts with 'D table').
        blocks, cur = {}, None
        for line in out:
            if line.startswith("D table "):
                cur = line.split()[2]
                blocks[cur] = [line]
            elif line.startswith("D ") and cur:
                blocks[cur].append(line)
        for dat in dats:
            dsl = Dsl(dat.with_suffix(".dsl"))
            name = dat.stem
            got = blocks.get(dat.name, [])
            head = got[0].split(" ", 3)[3] if got else ""
            kind, why = self.expectation(folder, f"{name} header")
            want = expected_header(dsl)
            if kind == "nonprintable_ids":
                # Only ACPICA's spaces may be our '?'s, and some must be.
                if (len(want) == len(head) and want != head and
                        all(a == b or (a == " " and b == "?") for a, b in zip(want, head))):
                    want = head
                self.compare(folder, f"{name} header", [want], [head],
                             f" (expectation table: {why})")
            elif kind is None:
                self.compare(folder, f"{name} header", [want], [head])
            else:
                raise ValueError(f"{folder}: unknown expectation kind {kind}")
            body = [line[2:] for line in got[1:]]
            sig = dsl.text(dsl.header, "Signature")
            if sig == "SRAT":
                summary, lines, (total, disabled) = expected_srat(dsl)
                self.compare(folder, "srat summary", [f"srat {summary}"], body[:1])
                self.compare(folder, "srat entries", lines, body[1:],
                             f" ({sum('mem ' in x for x in lines)} memory, "
                             f"{sum('cpu ' in x for x in lines)} processor)")
                kept = len(body) - 1
                if kept == total - disabled:
                    self.ok(folder, "srat skipped-disabled",
                            f" ({disabled} of {total} entries disabled)")
                else:
                    self.fail(folder, "srat skipped-disabled",
                              f"ACPICA: {total} entries, {disabled} disabled; we kept {kept}")
            elif sig == "SLIT":
                summary, lines = expected_slit(dsl)
                self.compare(folder, "slit", [f"slit {summary}"] + lines, body)
            elif sig == "APIC":
                summary, lines = expected_madt(dsl)
                self.compare(folder, "madt summary", [f"madt {summary}"], body[:1])
                self.compare(folder, "madt processors", lines, body[1:],
                             f" ({len(lines)} processors)")
            else:
                self.compare(folder, f"{name} not parsed",
                             [f"{dat.name}: no parser for {sig}"], body)

    # Linux against our boot log -------------------------------------------

    def check_linux(self, folder, path):
        lines = log_lines((path / "dmesg-mem.txt").read_text(errors="replace"))
        e820 = linux_e820(lines)
        tables = [p for p in (path / "srat.dat", path / "slit.dat") if p.exists()]
        with tempfile.NamedTemporaryFile("w", suffix=".e820", delete=False) as f:
            f.write("# Linux's e820 map at NUMA init, from dmesg-mem.txt: start end type\n")
            for s, e, t in e820:
                f.write(f"{s:#x} {e:#x} {t}\n")
        try:
            out = self.run_decode(folder, ["--e820", f.name, *tables])
        finally:
            os.unlink(f.name)
        if out is None:
            return
        ours = out[out.index("D boot log") + 1:] if "D boot log" in out else []

        for what in ("srat-cpu", "srat-mem", "node-ranges", "initmem"):
            kind, why = self.expectation(folder, what)
            linux, got = pick(lines, what), pick(ours, what)
            if kind == "skip":
                self.skip(folder, what, why)
                continue
            note = ""
            if kind == "memoryless_4x":
                linux = memoryless_4x(linux)
                note = f" (expectation table: {why})"
            elif kind == "initmem_from_ranges":
                linux = initmem_from_ranges(linux, pick(lines, "node-ranges"))
                if linux is None:
                    self.fail(folder, what, "Linux's Initmem spans do not contain its node ranges: "
                              "the expectation-table entry is wrong")
                    continue
                note = f" (expectation table: {why})"
            elif kind is not None:
                raise ValueError(f"unknown expectation kind {kind}")
            if not linux:
                self.fail(folder, what, "Linux's log has no such lines: add an expectation")
                continue
            self.compare(folder, f"linux {what}", linux, got, note)

        self.check_table_lines(folder, path, lines)

    def check_table_lines(self, folder, path, lines):
        """Our 'ACPI: SRAT 0x...' lines, with the tables where Linux found them."""
        linux = pick(lines, "table-lines")
        place, want = [], []
        for entry in linux:
            sig, addr = entry.split()[:2]
            dat = path / ("apic.dat" if sig == "APIC" else f"{sig.lower()}.dat")
            if dat.exists():
                place += ["--place", f"{addr}={dat}"]
                want.append(entry)
        if not want:
            return
        # The root table Linux walked, where SOURCE.txt says (QEMU + SeaBIOS:
        # an ACPI 1.0 RSDP and RSDT); an XSDT otherwise.
        rsdt = re.search(r"RSDP@\S+ rev=0 RSDT=", (path / "SOURCE.txt").read_text())
        out = self.run_decode(folder, [*place, "--root", "rsdt" if rsdt else "xsdt"])
        if out is None:
            return
        got = [x for x in pick(out, "table-lines") if x.split()[0] in ("SRAT", "SLIT", "APIC", "MSCT", "HMAT")]
        self.compare(folder, "linux table-lines", want, got, f" ({len(want)} tables)")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--decode", required=True, help="the decode binary")
    p.add_argument("--results", help="write 'passed failed' to this file")
    p.add_argument("folders", nargs="*", help="only these corpus folders")
    o = p.parse_args()
    r = Runner(os.path.abspath(o.decode))
    folders = sorted(d for d in CORPUS.iterdir() if d.is_dir())
    if o.folders:
        folders = [d for d in folders if d.name in o.folders]
    unknown = set(EXPECTATIONS) - {d.name for d in folders}
    if not folders or (not o.folders and unknown):
        r.fail("corpus", "folders", f"no folders, or expectations for missing ones: {sorted(unknown)}")
    for d in folders:
        r.check_tables(d.name, d)
        if (d / "dmesg-mem.txt").exists():
            r.check_linux(d.name, d)
    for folder, checks in EXPECTATIONS.items():
        for what in checks:
            if (folder, what) not in r.used and (not o.folders or folder in o.folders):
                r.fail(folder, what, "expectation-table entry used by no check: stale")
    if r.skipped:
        print(f"firmware: {r.skipped} checks skipped by the expectation table (see run.py)")
    return report("firmware", r.passed, r.failed, r.skipped, path=o.results)


if __name__ == "__main__":
    sys.exit(main())
