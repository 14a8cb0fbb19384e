"""The boot matrix: virtual machines, and what their boot log must say.

Expectations are derived from each machine's definition (firmware, RAM per
node, CPUs per node, injected ACPI tables, options) - never copied from a
log.  Where the firmware's own memory map matters (which RAM SeaBIOS or
OVMF keep for themselves), the checks take it from the BIOS-e820 lines,
which the Linux comparison (tests/linux/) checks against Linux's reading.
See run.py for how a case runs.
"""
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from qemu import Machine, EXIT_PASS, EXIT_FAIL, LARGE_RAM, size_arg

T = 1 << 40
G = 1 << 30
M = 1 << 20
PAGE = 4096
ASL_DIR = Path(__file__).resolve().parent / "acpi"

# Lines no passing boot may print.
FORBID = [r"Kernel panic", r"^\s*not ok ", r"unknown option", r"bad value for",
          r"fatal exception", r"SRAT not used", r"no valid RSDT", r"checksum is wrong"]
EXPECT = [r"^bootmem2 version ", r"^BIOS-e820: ", r"^bootmem2: boot complete$",
          r"^Powering off \(success\)", r"^hand-over: all \d+ pages of RAM accounted for$"]

# Below 4 GiB the firmware keeps a little RAM for itself (EBDA, ACPI
# tables, SeaBIOS/OVMF data, OVMF's NVS variables): this much at most.
FIRMWARE_LOW_RESERVE = 32 * M
BIOS_AREA = (0xA0000, 0x100000)


@dataclass
class Case:
    name: str
    machine: Machine
    expect: list = field(default_factory=lambda: list(EXPECT))
    forbid: list = field(default_factory=lambda: list(FORBID))
    exit: int = EXIT_PASS            # QEMU's status; None: not checked
    timeout: int = 60
    checks: list = field(default_factory=list)
    oracle: bool = False            # compare with Linux on the same machine (tests/linux)
    screen: list = None             # patterns the screen must show (run.py reads it)
    until: str = r"^System halted\.$"   # with screen: the log line after which it is read
    inject_nmi: bool = False        # with screen: send an NMI once `until` is seen


# --- what QEMU builds ---------------------------------------------------------

def ram_layout(m):
    """(RAM below 4 GiB, RAM above it) as QEMU 7.2 places it.

    q35 keeps up to 2.75 GiB low, but only 2 GiB once RAM reaches 2.75 GiB
    (hw/i386/pc_q35.c); pc keeps up to 3.5 GiB low, but only 3 GiB once RAM
    reaches 3.5 GiB (hw/i386/pc_piix.c).  The rest starts at
    high_ram_start(m).
    """
    total = sum(m.mem)
    if m.machine == "q35":
        low = total if total < 0xB0000000 else 0x80000000
    else:
        low = total if total < 0xE0000000 else 0xC0000000
    return low, total - low


def high_ram_start(m):
    """Where QEMU puts the RAM that does not fit below 4 GiB: at 4 GiB, or
    at 1 TiB for a machine with LARGE_RAM (with an AMD CPU model such as
    qemu64 QEMU moves it past the HyperTransport hole below 1 TiB,
    hw/i386/pc.c; scripts/qemu.py raises phys-bits from the same size)."""
    return LARGE_RAM if sum(m.mem) >= LARGE_RAM else 1 << 32


def qemu_node_blocks(m):
    """[(start, end, qemu_node)]: each node's RAM in physical addresses.

    QEMU gives nodes consecutive slices of guest RAM in node order; the
    slice offsets below the low-memory limit are physical addresses, the
    rest continue at high_ram_start(m).
    """
    low, _ = ram_layout(m)
    high_start = high_ram_start(m)
    out, off = [], 0
    for node, size in enumerate(m.mem):
        a, b = off, off + size
        if a < low:
            out.append((a, min(b, low), node))
        if b > low:
            out.append((high_start + max(a, low) - low, high_start + b - low, node))
        off = b
    return out


HOTPLUG_SLOTS = 2       # scripts/qemu.py's "slots=2"


def hotplug_range(m):
    """QEMU's hotplug memory region, which its SRAT puts on the last node:
    from the end of the high RAM, rounded up to 1 GiB; maxmem - RAM long,
    plus 1 GiB of alignment room per slot (hw/i386/pc.c)."""
    _, high = ram_layout(m)
    base = (high_ram_start(m) + high + G - 1) // G * G
    return base, base + m.maxmem - sum(m.mem) + HOTPLUG_SLOTS * G


def first_appearance(pxms_of_cpus, pxms_of_mem):
    """Linux's node numbering: PXMs in order of first appearance, CPU
    entries before memory entries."""
    order = []
    for p in list(pxms_of_cpus) + list(pxms_of_mem):
        if p not in order:
            order.append(p)
    return {p: n for n, p in enumerate(order)}


def qemu_topology(m):
    """(blocks [(start, end, nid)], number of nodes) the kernel must find."""
    if not m.numa:
        return [(0, 1 << 64, 0)], 1
    nid = first_appearance(m.node_of_cpu(), [n for n, s in enumerate(m.mem) if s])
    blocks = [(a, b, nid[n]) for a, b, n in qemu_node_blocks(m)]
    return blocks, len(nid)


def asl_topology(path):
    """(blocks, nodes) from an SRAT written as .asl: its CPU and memory
    affinity entries, in table order."""
    text = Path(path).read_text()
    cpu_pxms = [int(p, 16) for p in re.findall(r"Proximity Domain Low\(8\) : (\w+)", text)]
    mems = re.findall(r"Proximity Domain : (\w+)\s+\S+\s+Reserved1 : \w+\s+"
                      r"\S+\s+Base Address : (\w+)\s+\S+\s+Address Length : (\w+)", text)
    nid = first_appearance(cpu_pxms, [int(p, 16) for p, _, _ in mems])
    blocks = [(int(b, 16), int(b, 16) + int(n, 16), nid[int(p, 16)]) for p, b, n in mems]
    return blocks, len(nid)


# --- what the log says ---------------------------------------------------------

def mem_lines(text, prefix):
    return [(int(a, 16), int(b, 16) + 1, t) for a, b, t in
            re.findall(rf"^{prefix}: \[mem 0x([0-9a-f]+)-0x([0-9a-f]+)\] (.+)$", text, re.M)]


def usable_pages(text):
    """The RAM the kernel may use, in whole pages, page 0 excluded: the
    firmware map, or the user-defined one when mem=/memmap= changed it."""
    lines = mem_lines(text, "user") or mem_lines(text, "BIOS-e820")
    return whole_pages([(a, b) for a, b, t in lines if t == "usable"])


def whole_pages(ranges):
    """Usable RAM ranges [(a, b)] the way the kernel takes them: in whole
    pages, page 0 excluded, and 640 KiB-1 MiB never RAM, whatever the map
    says (Linux's rule)."""
    out = []
    for a, b in ranges:
        a, b = max((a + PAGE - 1) // PAGE * PAGE, PAGE), b // PAGE * PAGE
        for a, b in ((a, min(b, BIOS_AREA[0])), (max(a, BIOS_AREA[1]), b)):
            if a < b:
                out.append((a, b))
    return out


def memparse(text):
    """The kernel's cmdline_memparse(): decimal or 0x hex, then an optional
    K, M, G, T, P or E."""
    units = "KMGTPE"
    suffix = text[-1:].upper()
    shift = 10 * (units.index(suffix) + 1) if suffix and suffix in units else 0
    return int(text[:-1] if shift else text, 0) << shift


def memmap_reserved(m):
    """[(start, end)]: the ranges the machine's memmap=SIZE$START options
    reserve, in command line order."""
    return [(memparse(start), memparse(start) + memparse(size)) for size, start in
            re.findall(r"(?:^|\s)memmap=(\w+)\$(\w+)(?=\s|$)", m.args)]


def subtract(ranges, lo, hi):
    """[(a, b)] minus [lo, hi)."""
    return [(x, y) for a, b in ranges for x, y in ((a, min(b, lo)), (max(a, hi), b)) if x < y]


def memmap_left(m, low_ranges):
    """@low_ranges (RAM below 4 GiB) and all the RAM QEMU put above it
    (ram_layout, high_ram_start), less every memmap=SIZE$START of @m's
    options."""
    _, high = ram_layout(m)
    ranges = low_ranges + ([(high_ram_start(m), high_ram_start(m) + high)] if high else [])
    for lo, hi in memmap_reserved(m):
        ranges = subtract(ranges, lo, hi)
    return sorted(ranges)


def machine_usable(m, text):
    """The RAM the kernel may use on machine @m, from its definition: what
    the firmware left usable below 4 GiB (its BIOS-e820 lines: which RAM
    SeaBIOS keeps is its business, and check_ram bounds it) and above it,
    less @m's memmap= reservations, in whole pages.  Not the kernel's own
    "user:" map."""
    low, _ = ram_layout(m)
    firmware_low = [(a, min(b, low)) for a, b, t in mem_lines(text, "BIOS-e820")
                    if t == "usable" and a < low]
    return whole_pages(memmap_left(m, firmware_low))


def node_ranges(usable, blocks):
    """Node ranges: usable RAM cut at node blocks (a page goes to the block
    holding its first byte), same-node neighbours merged."""
    pieces = []
    for a, b in usable:
        for s, e, nid in blocks:
            s, e = max(a, (s + PAGE - 1) // PAGE * PAGE), min(b, (e + PAGE - 1) // PAGE * PAGE)
            if s < e:
                pieces.append([s, e, nid])
    pieces.sort()
    merged = []
    for p in pieces:
        if merged and merged[-1][2] == p[2] and merged[-1][1] >= p[0]:
            merged[-1][1] = max(merged[-1][1], p[1])
        else:
            merged.append(p)
    return [tuple(p) for p in merged]


def logged_node_ranges(text):
    block = re.search(r"^Early memory node ranges\n((?:  node .*\n)*)", text, re.M)
    if not block:
        return None
    return [(int(a, 16), int(b, 16) + 1, int(n)) for n, a, b in
            re.findall(r"node +(\d+): \[mem 0x([0-9a-f]+)-0x([0-9a-f]+)\]", block.group(1))]


def fmt(ranges):
    return ", ".join(f"{n}:[{a:#x}-{b - 1:#x}]" for a, b, n in ranges)


# --- checks --------------------------------------------------------------------

def check_firmware(m, text):
    want = "UEFI" if m.firmware == "uefi" else "BIOS"
    if not re.search(rf"^Boot loader: GRUB .*, firmware: {want}$", text, re.M):
        return [f"boot firmware not reported as {want}"]
    return []


def check_ram(m, text):
    """Usable RAM in the firmware map agrees with the machine's RAM size."""
    low, high = ram_layout(m)
    usable = [(a, b) for a, b, t in mem_lines(text, "BIOS-e820") if t == "usable"]
    got_low = sum(min(b, 1 << 32) - a for a, b in usable if a < 1 << 32)
    got_high = sum(b - max(a, 1 << 32) for a, b in usable if b > 1 << 32)
    problems = []
    if not low - FIRMWARE_LOW_RESERVE <= got_low <= low:
        problems.append(f"usable RAM below 4G is {got_low:#x}, machine has {low:#x}")
    if got_high != high:
        problems.append(f"usable RAM above 4G is {got_high:#x}, machine has {high:#x}")
    return problems


def check_ktap(m, text):
    """A complete KTAP report, as KUnit nests it: a plan of suites, then
    each suite with its own plan and one result per planned test, in order,
    and the suite's own result line."""
    top = re.search(r"^KTAP version 1\n1\.\.(\d+)$", text, re.M)
    if not top:
        return ["no KTAP header and plan"]
    problems, tests = [], 0
    suites = re.findall(r"^    KTAP version 1\n    # Subtest: (\S+)\n    1\.\.(\d+)\n"
                        r"((?:(?:    |\n).*\n|(?!ok |not ok ).*\n)*?)(ok|not ok) (\d+) (\S+)",
                        text[top.end():], re.M)
    if [int(i) for *_, i, _ in suites] != list(range(1, int(top.group(1)) + 1)):
        problems.append(f"KTAP suites {[i for *_, i, _ in suites]} do not follow the plan 1..{top.group(1)}")
    for name, plan, body, status, _, name2 in suites:
        results = re.findall(r"^    (ok|not ok) (\d+) (\S+)", body, re.M)
        if [int(i) for _, i, _ in results] != list(range(1, int(plan) + 1)):
            problems.append(f"suite {name}: results {[i for _, i, _ in results]} do not follow 1..{plan}")
        problems += [f"self-test {name}.{t} failed" for st, _, t in results if st == "not ok"]
        if status != "ok" or name2 != name:
            problems.append(f"suite {name} reported '{status} {name2}'")
        tests += len(results)
    if tests == 0:
        problems.append("KTAP ran no test")
    return problems


def check_memory_picture(m, text):
    """The text picture of memory: for each node, character i stands for the
    page frames p with p * 64 // span == i, and is '.' exactly where the
    node has no RAM (span: the end of the last node range)."""
    ranges = logged_node_ranges(text)
    bars = dict(re.findall(r"^  node +(\d+) \|([#=.]{64})\|$", text, re.M))
    if not ranges or not bars:
        return ["no node ranges or no memory picture"]
    span = max(b for _, b, _ in ranges) // PAGE
    problems = []
    for nid in sorted({n for _, _, n in ranges} | {int(k) for k in bars}):
        want = ["."] * 64
        for a, b, n in ranges:
            if n == nid:
                for i in range(a // PAGE * 64 // span, (b // PAGE - 1) * 64 // span + 1):
                    want[i] = "#"
        got = bars.get(str(nid), "")
        if [c == "." for c in got] != [c == "." for c in want]:
            problems.append(f"node {nid} picture |{got}|, RAM at |{''.join(want)}|")
    return problems


def check_memory_line(m, text):
    """'Memory: avail/total': total is the RAM of the node ranges, available
    what the buddyinfo table holds."""
    mem = re.search(r"^Memory: (\d+)K/(\d+)K available", text, re.M)
    ranges = logged_node_ranges(text)
    if not mem or not ranges:
        return ["no Memory: line or no node ranges"]
    ram_k = sum(b - a for a, b, _ in ranges) // 1024
    buddy_k = sum(int(n) << o for row in re.findall(r"^Node \d+, zone +\S+((?: +\d+)+)$", text, re.M)
                  for o, n in enumerate(row.split())) * 4
    problems = []
    if int(mem.group(2)) != ram_k:
        problems.append(f"Memory: total {mem.group(2)}K, node ranges hold {ram_k}K")
    if int(mem.group(1)) != buddy_k:
        problems.append(f"Memory: available {mem.group(1)}K, buddyinfo holds {buddy_k}K")
    return problems


def topology_check(topology, usable=lambda m, text: usable_pages(text)):
    """A check that the node ranges, the 'Initmem setup' lines and the
    memoryless nodes follow from @topology(machine, usable RAM) -> (blocks,
    nodes), the usable RAM being @usable(machine, log): by default the
    memory map the kernel printed last."""
    def check(m, text):
        ram = usable(m, text)
        blocks, nodes = topology(m, ram)
        want = node_ranges(ram, blocks)
        got = logged_node_ranges(text)
        if got is None:
            return ["no 'Early memory node ranges' block"]
        if got != want:
            return [f"node ranges {fmt(got)}, expected {fmt(want)}"]
        problems = []
        for n in range(nodes):
            mine = [r for r in want if r[2] == n]
            line = (f"Initmem setup node {n} [mem 0x{mine[0][0]:016x}-0x{mine[-1][1] - 1:016x}]"
                    if mine else f"Initmem setup node {n} as memoryless")
            if not re.search(rf"^{re.escape(line)}$", text, re.M):
                problems.append(f"missing line '{line}'")
        if re.search(rf"^Initmem setup node {nodes} ", text, re.M):
            problems.append(f"more than {nodes} nodes")
        return problems
    return check


check_qemu_nodes = topology_check(lambda m, ram: qemu_topology(m))
check_single_node = topology_check(lambda m, ram: ([(0, 1 << 64, 0)], 1))
# The node ranges of QEMU's nodes with the RAM memmap= left, computed from
# the machine and its options rather than read from the kernel's map.
check_qemu_nodes_memmap = topology_check(lambda m, ram: qemu_topology(m), usable=machine_usable)


def check_distances(m, text):
    """The distance table printed is the one QEMU was given, its rows and
    columns in the kernel's node order (Linux's numbering)."""
    nid = first_appearance(m.node_of_cpu(), [n for n, s in enumerate(m.mem) if s])
    qemu_node = {k: q for q, k in nid.items()}
    n = len(nid)
    problems = []
    for a in range(n):
        row = [10 if a == b else (m.distances or {}).get((qemu_node[a], qemu_node[b]), 20)
               for b in range(n)]
        line = f"{a:3}: " + "".join(f" {d:3}" for d in row)
        if not re.search(rf"^{re.escape(line)}$", text, re.M):
            problems.append(f"missing distance row '{line}'")
    return problems


def check_hotplug(m, text):
    a, b = hotplug_range(m)
    line = (f"NUMA: node {len(m.mem) - 1} hotplug range [mem 0x{a:08x}-0x{b - 1:08x}] "
            f"holds no RAM yet: not registered")
    return [] if re.search(rf"^{re.escape(line)}$", text, re.M) else [f"missing line '{line}'"]


# --- injected ACPI tables ------------------------------------------------------

def build_acpi_tables(outdir):
    """Compile tests/boot/acpi/*.asl with iasl into @outdir, and make the
    broken variants the tests need from them by patching the binaries."""
    outdir.mkdir(parents=True, exist_ok=True)
    for asl in sorted(ASL_DIR.glob("*.asl")):
        out = outdir / asl.stem
        r = subprocess.run(["iasl", "-p", str(out), str(asl)], capture_output=True, text=True)
        if r.returncode:
            raise RuntimeError(f"iasl {asl}: {r.stdout}{r.stderr}")
    # The last memory entry cut in half, the length made to match: a
    # subtable that runs past the end of its table.  (QEMU recomputes the
    # checksum of every -acpitable table, which is also why a bad checksum
    # cannot be injected this way: tests/unit/drivers/acpi covers that.)
    cut = bytearray((outdir / "srat-interleaved.aml").read_bytes()[:-20])
    cut[4:8] = len(cut).to_bytes(4, "little")
    (outdir / "srat-truncated.aml").write_bytes(bytes(cut))


def acpi(name):
    return f"build/tests/acpi/{name}.aml"


# --- the cases -----------------------------------------------------------------

def boot_matrix():
    """Issue 2's matrix: SeaBIOS and OVMF x q35 and pc x CD and USB stick."""
    for fw in ("bios", "uefi"):
        for machine in ("q35", "pc"):
            for media in ("cd", "usb"):
                m = Machine(firmware=fw, machine=machine, media=media,
                            mem=[512 * M, 512 * M], cpus=2, args="selftest")
                yield Case(f"{fw}-{machine}-{media}", m,
                           expect=EXPECT + [r"^Console: framebuffer at ", r"^\s*ok \d+ fbcon_draws_text$"],
                           timeout=120 if fw == "uefi" else 60,
                           checks=[check_firmware, check_ram, check_ktap, check_qemu_nodes,
                                   check_memory_line] + ([check_mbr_bootable] if media == "usb" else []),
                           oracle=fw == "bios" and media == "cd")


def memory_layouts():
    """RAM split around the PCI hole: part of it moves above 4 GiB."""
    for fw in ("bios", "uefi"):
        for machine, size in (("q35", 3 * G), ("pc", 4 * G)):
            m = Machine(firmware=fw, machine=machine, mem=[size // 2, size // 2],
                        cpus=2, args="selftest")
            yield Case(f"{fw}-{machine}-{size // G}g-highmem", m,
                       timeout=120 if fw == "uefi" else 60,
                       checks=[check_firmware, check_ram, check_ktap, check_qemu_nodes,
                               check_memory_line],
                       oracle=fw == "bios")
    # A CPU with 1 GiB pages: early mappings and the direct map use them.
    yield Case("bios-q35-6g-gbpages", Machine(mem=[3 * G, 3 * G], cpus=2, cpu="qemu64,+pdpe1gb",
                                             args="selftest"),
               expect=EXPECT + [r"^paging: direct map of \d+ MiB at 0x[0-9a-f]+ \([1-9]\d* MiB in 1G pages"],
               checks=[check_ram, check_ktap, check_qemu_nodes, check_memory_line])
    yield Case("bios-pc-vga-text", Machine(machine="pc", mem=[256 * M], numa=False, cpus=1,
                                          args="selftest", vga_text=True),
               expect=EXPECT + [r"^Console: VGA text 80x25 at 0xb8000$", r"^\s*ok \d+ vga_draws_text$"],
               checks=[check_ram, check_ktap])


def topologies():
    """NUMA topologies QEMU can make, each checked node range by node range."""
    def case(name, oracle=True, extra_checks=(), expect=EXPECT, **kw):
        kw.setdefault("args", "selftest")
        m = Machine(**kw)
        return Case(name, m, expect=expect,
                    checks=[check_ram, check_ktap, check_qemu_nodes, check_bitmap, check_memory_line,
                            check_memory_picture, *extra_checks],
                    oracle=oracle and m.firmware == "bios",
                    timeout=120 if m.firmware == "uefi" else 60)

    yield case("numa-none", mem=[512 * M], numa=False, cpus=1,
               expect=EXPECT + [r"^No NUMA configuration found$"])
    yield case("numa-2-q35", mem=[G, G], cpus=4, extra_checks=[check_distances])
    yield case("numa-2-pc", machine="pc", mem=[G, G], cpus=2)
    yield case("numa-4-q35-4g", mem=[G] * 4, cpus=4)
    yield case("numa-4-pc-4g", machine="pc", mem=[G] * 4, cpus=4)
    yield case("numa-asym-pc-5g", machine="pc", mem=[G, 4 * G], cpus=2)
    yield case("numa-asym-q35-3-1", mem=[3 * G, G], cpus=2)
    yield case("numa-memoryless-node", mem=[G, 0, G], cpus=3,
               expect=EXPECT + [r"^Initializing node 1 as memoryless$",
                                r"^NUMA: node 1: 0 MiB of RAM, CPUs \(APIC id\): 1 \(memoryless\)$"])
    yield case("numa-cpuless-node", mem=[G, G], cpus=2, cpu_nodes=[0, 0],
               expect=EXPECT + [r"^NUMA: node 1: \d+ MiB of RAM, CPUs \(APIC id\): none \(CPU-less\)$"])
    # CPUs only on QEMU's node 1: Linux's numbering makes it node 0.
    yield case("numa-cpus-on-second-node", mem=[G, G], cpus=2, cpu_nodes=[1, 1],
               expect=EXPECT + [r"^SRAT: PXM 1 -> APIC 0x00 -> Node 0$"])
    yield case("numa-hotplug-maxmem", mem=[G, G], cpus=2, maxmem=4 * G,
               extra_checks=[check_hotplug])
    ring = {(a, b): 10 + 10 * min(abs(a - b), 8 - abs(a - b)) for a in range(8) for b in range(8) if a != b}
    yield case("numa-8-ring-slit", mem=[256 * M] * 8, cpus=8, distances=ring,
               extra_checks=[check_distances])
    ring4 = {(a, b): 10 + 10 * min(abs(a - b), 4 - abs(a - b)) for a in range(4) for b in range(4) if a != b}
    yield case("numa-4-ring-slit", mem=[512 * M] * 4, cpus=4, distances=ring4,
               extra_checks=[check_distances])
    # Issue 9: fallback orders where some nodes have no CPUs or no memory.
    # Linux prints its "Fallback order" lines before any node has a CPU in
    # its mask, so where the CPUs are must not matter (next_best_node() in
    # mm/page_alloc.c says why); the node numbering still follows them.
    yield case("numa-3-cpus-on-0-1", mem=[G] * 3, cpus=2)
    yield case("numa-3-cpus-on-last", mem=[G] * 3, cpus=2, cpu_nodes=[2, 2],
               expect=EXPECT + [r"^SRAT: PXM 2 -> APIC 0x00 -> Node 0$"])
    yield case("numa-3-memoryless-middle-cpuless-last", mem=[G, 0, G], cpus=2,
               expect=EXPECT + [r"^Initializing node 1 as memoryless$"])
    yield case("numa-4-ring-2-cpuless", mem=[512 * M] * 4, cpus=2, cpu_nodes=[0, 2],
               distances=ring4, extra_checks=[check_distances])
    yield case("numa-4-cpus-on-1-and-3", mem=[512 * M] * 4, cpus=2, cpu_nodes=[1, 3],
               expect=EXPECT + [r"^SRAT: PXM 1 -> APIC 0x00 -> Node 0$"])
    line4 = {(a, b): 10 + 10 * abs(a - b) for a in range(4) for b in range(4) if a != b}
    yield case("numa-4-line-slit-cpus-on-2", mem=[512 * M] * 4, cpus=2, cpu_nodes=[2, 2],
               distances=line4, extra_checks=[check_distances])
    yield case("numa-5-cpus-on-3-memoryless-1", mem=[512 * M, 0, 512 * M, 512 * M, 512 * M],
               cpus=3, cpu_nodes=[3, 1, 3],
               expect=EXPECT + [r"^Initializing node 1 as memoryless$"])
    # Metadata and free pages filled with a pattern: nothing may rely on
    # zeroed RAM.
    yield case("mm-poison", mem=[256 * M, 256 * M], cpus=2, args="selftest mm_poison", oracle=False)
    yield case("uefi-numa-4-q35", firmware="uefi", mem=[G] * 4, cpus=4)
    yield case("uefi-numa-memoryless", firmware="uefi", mem=[G, 0, G], cpus=3,
               expect=EXPECT + [r"^Initializing node 1 as memoryless$"])


def options():
    """numa=, mem=, memmap=, command line handling and the failure paths."""
    base = dict(mem=[256 * M], numa=False, cpus=1)
    yield Case("numa-off", Machine(mem=[G, G], cpus=2, args="selftest numa=off"),
               expect=EXPECT + [r"^NUMA turned off$"], checks=[check_ktap, check_single_node])

    def fake(n, interleave=0):
        return topology_check(lambda m, ram: (fake_blocks(ram, n, interleave), n))

    # With interleaved fake nodes the picture shows the interleave.

    yield Case("numa-fake-4", Machine(mem=[2 * G], numa=False, cpus=2, args="selftest numa=fake=4"),
               expect=EXPECT + [r"^NUMA: faking 4 nodes$"], checks=[check_ktap, fake(4)])
    # The 2008 thread's layout: node 0: 0-2G, 4-6G; node 1: 2-4G, 6-8G.
    yield Case("numa-fake-interleave", Machine(mem=[6 * G], numa=False, cpus=2,
                                               args="selftest numa=fake=2,interleave=2G"),
               expect=EXPECT + [r"^NUMA: faking 2 nodes, interleaved$"],
               checks=[check_ktap, fake(2, 2 * G), check_memory_picture])
    yield Case("mem-limit", Machine(mem=[G, G], cpus=2, args="selftest mem=1536M"),
               expect=EXPECT + [r"^user-defined physical RAM map:$"],
               checks=[check_ktap, check_qemu_nodes, check_mem_limit(1536 * M)])
    yield Case("memmap-reserve", Machine(mem=[G, G], cpus=2, args="selftest memmap=64M$512M"),
               expect=EXPECT + [r"^user: \[mem 0x0000000020000000-0x0000000023ffffff\] reserved$"],
               checks=[check_ktap, check_qemu_nodes])
    yield Case("option-unknown-is-harmless",
               Machine(args='no_such_option=1 loglevel=x "quoted=a b" numa=fake=0 mem=1x', **base),
               expect=EXPECT + [r'unknown option "no_such_option=1" ignored',
                                r'bad value for loglevel: "x", ignored',
                                r'unknown option "quoted=a b" ignored',
                                r'bad value for numa: "fake=0", ignored',
                                r'bad value for mem: "1x", ignored'],
               forbid=[r"Kernel panic"])
    # The banner comes before the command line is read; all after obeys it.
    yield Case("option-loglevel-quiet", Machine(args="loglevel=1", **base),
               expect=[r"^Powering off \(success\)"],
               forbid=[r"BIOS-e820", r"boot complete", r"Kernel panic"])
    yield Case("crash-panic", Machine(args="crash=panic", **base), exit=EXIT_FAIL,
               expect=[r"^Kernel panic - not syncing: crash=panic requested$",
                       r"^Powering off \(failure\)"],
               forbid=[r"boot complete"])
    yield Case("crash-fault", Machine(args="crash=fault", **base), exit=EXIT_FAIL,
               expect=[r"^general protection fault \(vector 13\)",
                       r"^Kernel panic - not syncing: fatal exception: general protection fault$"],
               forbid=[r"boot complete"])


def fake_blocks(usable, n, interleave):
    if interleave:
        top = max(b for _, b in usable)
        return [(a, a + interleave, (a // interleave) % n) for a in range(0, top, interleave)]
    total = sum(b - a for a, b in usable) // PAGE
    bounds = [-(-k * total // n) for k in range(n + 1)]     # ceil(k * total / n) pages
    blocks, seen = [], 0
    for a, b in usable:
        pages = (b - a) // PAGE
        for k in range(n):
            lo, hi = max(bounds[k], seen), min(bounds[k + 1], seen + pages)
            if lo < hi:
                blocks.append((a + (lo - seen) * PAGE, a + (hi - seen) * PAGE, k))
        seen += pages
    return blocks


def check_bitmap(m, text):
    """bootmem's bitmap has one bit per page of RAM (plus under 64 bits of
    padding per range) - its size follows RAM, not the address span."""
    got = re.search(r"^bootmem: bitmap at \[mem 0x[0-9a-f]+-0x[0-9a-f]+\]: (\d+) bits, (\d+) bytes "
                    r"for (\d+) ranges", text, re.M)
    ranges = logged_node_ranges(text)
    if not got or not ranges:
        return ["no bootmem bitmap line or no node ranges"]
    bits, nbytes, nr = (int(x) for x in got.groups())
    pages = sum(b - a for a, b, _ in ranges) // PAGE
    problems = []
    if nr != len(ranges):
        problems.append(f"bootmem has {nr} ranges, the topology {len(ranges)}")
    if not pages <= bits < pages + 64 * (nr + 1):
        problems.append(f"{bits} bits for {pages} pages of RAM in {nr} ranges")
    if nbytes != -(-bits // 64) * 8 // -PAGE * -PAGE:
        problems.append(f"{nbytes} bytes for {bits} bits")
    return problems


def ram_left(m):
    """Bytes of machine @m's RAM that no memmap=SIZE$START option reserves,
    from its definition alone: at least what the kernel can use."""
    low, _ = ram_layout(m)
    return sum(b - a for a, b in memmap_left(m, [(0, low)]))


def bitmap_bound(ram):
    """The largest bootmem bitmap for @ram bytes of RAM: one bit per page,
    in whole pages, and one page more for the padding of the ranges (under
    64 bits each: a page holds that of 500 ranges)."""
    return -(-(ram // PAGE // 8) // PAGE) * PAGE + PAGE


def check_bitmap_at_most(limit):
    def check(m, text):
        got = re.search(r"^bootmem: bitmap at .*: \d+ bits, (\d+) bytes", text, re.M)
        if not got or int(got.group(1)) > limit:
            return [f"bitmap of {got.group(1) if got else '?'} bytes, more than {limit}"]
        return []
    return check


def check_mem_limit(limit):
    def check(m, text):
        top = max(b for _, b in usable_pages(text))
        return [] if top <= limit else [f"usable RAM up to {top:#x} despite mem={limit:#x}"]
    return check


def injected_srat():
    """SRATs QEMU cannot make, injected with -acpitable on a machine
    without -numa (so the injected SRAT is the only one)."""
    six = dict(mem=[6 * G], numa=False, cpus=2)
    yield Case("srat-interleaved", Machine(acpitables=[acpi("srat-interleaved")], args="selftest", **six),
               checks=[check_ktap, topology_check(lambda m, ram: asl_topology(ASL_DIR / "srat-interleaved.asl"))])
    yield Case("srat-beyond-phys-bits", Machine(acpitables=[acpi("srat-beyond-phys")], args="selftest",
                                                mem=[2 * G], numa=False, cpus=2),
               expect=EXPECT + [r"^SRAT: PXM 1 \[mem 0x400000000000-0x40ffffffffff\] lies beyond "
                                r"the CPU's 40-bit physical address space: entry ignored$"],
               checks=[check_ktap, topology_check(lambda m, ram: asl_topology(ASL_DIR / "srat-beyond-phys.asl"))])
    broken = {
        "srat-overlap": r"^NUMA: node 1 \[mem 0x60000000-0xbfffffff\] overlaps with node 0 "
                        r"\[mem 0x00000000-0x7fffffff\]; SRAT not used$|"
                        r"^NUMA: node 0 \[mem 0x00000000-0x7fffffff\] overlaps with node 1 "
                        r"\[mem 0x60000000-0xbfffffff\]; SRAT not used$",
        "srat-truncated": r"^ACPI: SRAT: subtable at offset \d+: subtable runs past the end of the table; SRAT not used$",
    }
    for name, why in broken.items():
        yield Case(name, Machine(acpitables=[acpi(name)], args="selftest", **six),
                   expect=EXPECT + [why],
                   forbid=[f for f in FORBID if "SRAT not used" not in f],
                   checks=[check_ktap, check_single_node])


def sparse():
    """Objection 2 of the 2008 review: a bitmap sized to the PFN span is
    impossible when memory is sparse.  From 1 TiB of RAM, QEMU puts the RAM
    above 4 GiB at 1 TiB; with most of it reserved by memmap=, 2 GiB of RAM
    spread over a 1 TiB span remain: the bitmap must stay within 64 KiB.
    The same on 16 TiB in two NUMA nodes, each with RAM left at both ends."""
    yield Case("sparse-2g-over-1t-span",
               Machine(mem=[1025 * G], numa=False, cpus=1,
                       args="selftest memmap=1G$1G memmap=1022G$0x10040000000"),
               checks=[check_ktap, check_single_node, check_bitmap, check_bitmap_at_most(64 << 10)])
    # ~5 s alone (~20 s while every allocation read the whole bitmap):
    # room for a slow, busy CI host.
    yield Case("large-1t-ram", Machine(mem=[1025 * G], numa=False, cpus=1, args="selftest"),
               timeout=90, checks=[check_ktap, check_ram, check_single_node, check_bitmap])

    # 16 TiB in two nodes of 8 TiB: QEMU puts node 0 at 0-2 GiB and from
    # 1 TiB to 9 TiB - 2 GiB, node 1 from there to 17 TiB - 2 GiB (45
    # physical address bits, scripts/qemu.py).  memmap= reserves all but
    # 1 GiB at 1 TiB, 2 GiB across the node boundary (1 GiB on each side)
    # and 2 GiB at the top of node 1: about 7 GiB of RAM over a 17 TiB
    # span.  Bootmem's bitmap, the page tables and the page metadata are
    # placed top-down, near 9 TiB (node 0) and 17 TiB (node 1); node 1's
    # metadata must come from node 1, and the bitmap (one bit per page of
    # RAM: some 230 KiB; the whole span would take 544 MiB) stays as small
    # as the RAM left.
    m = Machine(mem=[8 * T, 8 * T], cpus=2)
    (_, _, _), (lo0, hi0, _), (lo1, hi1, _) = qemu_node_blocks(m)
    holes = [(lo0 + G, hi0 - G), (lo1 + G, hi1 - 2 * G)]
    m.args = "selftest " + " ".join(f"memmap={size_arg(b - a)}${size_arg(a)}" for a, b in holes)
    # 25-28 s alone (QEMU alone holds 1.6 GB for a 16 TiB guest before it
    # runs), up to 43 s beside another job on 2 cores: room for a slow CI host.
    yield Case("sparse-7g-over-16t-2-nodes", m, timeout=120,
               forbid=FORBID + [r"^page metadata of node \d+ placed on node "],
               checks=[check_ktap, check_ram, check_qemu_nodes_memmap, check_bitmap,
                       check_bitmap_at_most(bitmap_bound(ram_left(m))), check_memory_line,
                       check_memory_picture])


# --- issue 8: what real PCs do differently -------------------------------------

CR0_BITS = dict(PE=0, MP=1, ET=4, NE=5, WP=16, PG=31)
CR4_BITS = dict(PAE=5, MCE=6, PGE=7, LA57=12)
EFER_BITS = dict(LME=8, LMA=10, NXE=11)


def bits(names, table):
    return sum(1 << table[n] for n in names)


def check_cpu_state(m, text):
    """The control registers the kernel set hold exactly the bits it needs,
    whatever the firmware and the loader left in them."""
    got = re.search(r"^cpu: loader left CR0 (\S+) CR4 (\S+) EFER (\S+); "
                    r"kernel set CR0 (\S+) CR4 (\S+) EFER (\S+)$", text, re.M)
    if not got:
        return ["no 'cpu: loader left ...' line"]
    entry_cr4 = int(got[2], 0)
    cr0, cr4, efer = (int(v, 0) for v in got.groups()[3:])
    want = [(cr0, bits("PG WP NE ET MP PE".split(), CR0_BITS), "CR0"),
            # qemu64 and every model below have MCE and NX.
            (cr4, bits(["PAE", "MCE"], CR4_BITS), "CR4"),
            (efer, bits(["LME", "LMA", "NXE"], EFER_BITS), "EFER")]
    errors = [f"{name} {v:#x}, want {w:#x}" for v, w, name in want if v != w]
    if entry_cr4 & (1 << CR4_BITS["LA57"]) and "5-level paging on" not in text:
        errors.append("the loader left CR4.LA57 on and the kernel did not say so")
    return errors


def check_one_dump(m, text):
    """A failure prints exactly one register dump, on every console."""
    n = len(re.findall(r"^RAX [0-9a-f]{16} RBX ", text, re.M))
    return [] if n == 1 else [f"{n} register dumps, want 1"]


def real_pc():
    """CPU models other than qemu64, a firmware that leaves 5-level paging
    on, and failures that must end in one report, never a reset (every
    case runs under -no-reboot: a reset ends QEMU with status 0)."""
    for cpu in ("max", "Skylake-Server", "EPYC"):
        for fw in ("bios", "uefi"):
            m = Machine(firmware=fw, cpu=cpu, mem=[G, G], cpus=2, args="selftest")
            yield Case(f"cpu-{cpu.lower()}-{fw}", m, timeout=120 if fw == "uefi" else 60,
                       checks=[check_ktap, check_qemu_nodes, check_cpu_state])
    # OVMF's PCD for 5-level paging, settable through fw_cfg by newer OVMFs.
    m = Machine(firmware="uefi", cpu="max,+la57", mem=[G, G], cpus=2, args="selftest",
                extra=["-fw_cfg", "name=opt/org.tianocode/PagingLevel,string=5"])
    yield Case("cpu-la57-uefi", m, timeout=120,
               checks=[check_ktap, check_qemu_nodes, check_cpu_state])

    # A firmware framebuffer that is no PCI BAR: QEMU's ramfb, which OVMF
    # places in RAM it reserves.  (No QEMU 7.2 display device has its
    # framebuffer behind a 64-bit BAR, so none lands above 4 GiB.)
    yield Case("uefi-ramfb", Machine(firmware="uefi", mem=[2 * G], numa=False, cpus=1,
                                     args="selftest", extra=["-vga", "none", "-device", "ramfb"]),
               expect=EXPECT + [r"^Console: framebuffer at ", r"^\s*ok \d+ fbcon_draws_text$"],
               timeout=120, checks=[check_ktap, check_cpu_state])
    # GRUB as on a real PC: its menu counts down, then boots.
    yield Case("bios-grub-countdown", Machine(mem=[256 * M], numa=False, cpus=1,
                                              grub_countdown=True), timeout=60)

    base = dict(mem=[256 * M], numa=False, cpus=1)
    failed = [r"^Powering off \(failure\)"]
    yield Case("crash-overflow", Machine(args="crash=overflow", **base), exit=EXIT_FAIL,
               expect=failed + [r"^double fault \(vector 8\) error 0 at RIP ",
                                r"^kernel stack overflow: RSP 0x\S+ is in the guard page of the boot stack$",
                                r"^Kernel panic - not syncing: fatal exception: double fault$"],
               forbid=[r"boot complete"], checks=[check_one_dump])
    yield Case("crash-panic-fault", Machine(args="crash=panic-fault", **base), exit=EXIT_FAIL,
               expect=failed + [r"^Kernel panic - not syncing: crash=panic-fault requested$",
                                r"^general protection fault \(vector 13\)",
                                r"^Kernel panic - not syncing: fatal exception: general protection fault \(while panicking\)$"],
               forbid=[r"boot complete"], checks=[check_one_dump])
    yield Case("crash-double-fault", Machine(args="crash=double-fault", **base), exit=EXIT_FAIL,
               expect=failed + [r"^double fault \(vector 8\) error 0 at RIP ",
                                r"RSP 8000000000000000$",
                                r"^Kernel panic - not syncing: fatal exception: double fault$"],
               forbid=[r"boot complete", r"stack overflow"], checks=[check_one_dump])

    # The same failures as a user sees them: one dump on the screen, and
    # the machine halted for good - an NMI afterwards prints nothing more.
    halted = r"^System halted\.$"
    for mode, kw, shown in (
            ("overflow", dict(inject_nmi=True), [r"^double fault \(vector 8\)",
                                                 r"^kernel stack overflow: RSP "]),
            ("double-fault", dict(), [r"^double fault \(vector 8\)"]),
            ("panic-fault", dict(), [r"^general protection fault \(vector 13\)",
                                     r"\(while panicking\)$"])):
        m = Machine(args=f"crash={mode}", poweroff=False, **base)
        yield Case(f"screen-crash-{mode}", m, exit=None,
                   expect=[halted] + shown, screen=shown + [r"^RAX [0-9a-f]{16} ", halted],
                   forbid=[r"boot complete", r"^NMI received"],
                   checks=[check_one_dump, check_halted_once], **kw)


def check_halted_once(m, text):
    n = len(re.findall(r"^System halted\.$", text, re.M))
    return [] if n == 1 else [f"'System halted.' {n} times, want once"]


# --- real PCs: the USB stick's MBR, machines with many ACPI tables -----------

def check_mbr_bootable(m, text):
    """The image written to a stick has an MBR some BIOSes will boot: the
    0x55AA signature, a partition entry marked active (0x80), no entry
    with another non-zero status; and for UEFI still a GPT behind a
    protective entry (type 0xEE from LBA 1; UEFI 2.9, 5.2.3) with its
    header ("EFI PART") in LBA 1.  Bytes 446..509 hold the four entries."""
    with open(m.iso, "rb") as f:
        mbr = f.read(1024)
    entries = [mbr[446 + 16 * i:462 + 16 * i] for i in range(4)]
    problems = []
    if mbr[510:512] != b"\x55\xaa":
        problems.append(f"MBR signature {mbr[510:512].hex()}, want 55aa")
    if not any(e[0] == 0x80 for e in entries):
        problems.append("no MBR partition entry is marked active: some BIOSes will not boot the stick")
    problems += [f"MBR entry {i}: status {e[0]:#04x} is neither 0x00 nor 0x80"
                 for i, e in enumerate(entries) if e[0] not in (0x00, 0x80)]
    if not any(e[4] == 0xEE and int.from_bytes(e[8:12], "little") == 1 for e in entries):
        problems.append("no protective MBR entry (type 0xEE from LBA 1): UEFI would not read the GPT")
    if mbr[512:520] != b"EFI PART":
        problems.append("no GPT header in LBA 1")
    return problems


MANY_TABLES = 150       # filler SSDTs a "server" lists before its SRAT
# OVMF installs at most 128 of the tables QEMU builds, and none at all when
# there are more (INSTALLED_TABLES_MAX, OvmfPkg/AcpiPlatformDxe; seen here:
# 121 fillers leave only OVMF's own BGRT).  Of the 128, QEMU's q35 machine
# takes 7 (FACS, DSDT, FACP, APIC, HPET, MCFG, WAET) and the SRAT one.
OVMF_MAX_TABLES = 128
QEMU_Q35_TABLES = 7


def logged_tables(text):
    """The signatures of the tables the root table lists, in the order the
    kernel logged them (the lines after the RSDT/XSDT line)."""
    sigs = re.findall(r"^ACPI: (\S{4}) 0x[0-9A-F]{16} [0-9A-F]{6} \(v", text, re.M)
    roots = [i for i, s in enumerate(sigs) if s in ("RSDT", "XSDT")]
    return sigs[roots[0] + 1:] if roots else []


def check_srat_after(n):
    """The SRAT is listed after at least @n other tables, as the machine was
    built to do (QEMU lists -acpitable tables in command line order, after
    its own), and only once."""
    def check(m, text):
        sigs = logged_tables(text)
        if sigs.count("SRAT") != 1:
            return [f"{sigs.count('SRAT')} SRAT lines in the table list, expected 1"]
        if sigs.index("SRAT") < n:
            return [f"SRAT is entry {sigs.index('SRAT')} of the table list, expected {n} or later"]
        return []
    return check


def many_tables():
    """A server's firmware: many SSDTs, then the SRAT (the interleaved one,
    on a q35 machine without -numa, so it is the only SRAT), which must
    still be found and used.  Under SeaBIOS the RSDT lists QEMU's tables,
    then MANY_TABLES fillers, then the SRAT; OVMF installs the tables
    itself, so its XSDT can hold only as many fillers as OVMF_MAX_TABLES
    leaves room for (120, still past the 64 tables once kept)."""
    srat = ASL_DIR / "srat-interleaved.asl"
    for fw, n in (("bios", MANY_TABLES), ("uefi", OVMF_MAX_TABLES - QEMU_Q35_TABLES - 1)):
        m = Machine(firmware=fw, mem=[6 * G], numa=False, cpus=2, args="selftest",
                    acpitables=[acpi("ssdt-empty")] * n + [acpi(srat.stem)])
        yield Case(f"{fw}-many-tables", m, timeout=120 if fw == "uefi" else 60,
                   checks=[check_ktap, check_srat_after(n),
                           topology_check(lambda m, ram: asl_topology(srat))])


def screens():
    """Issue 8, item 3: every message reaches the screen, from the first
    line of kmain, and so does the boot stub's "no long mode" message.
    The runner reads what the screen shows (tests/boot/screen.py); the
    machines run without `poweroff`, halt, and are stopped once their
    screen is read, so QEMU's exit status says nothing (exit=None)."""
    early = r"^Kernel panic - not syncing: crash=early requested$"
    halted = r"^System halted\.$"
    # A panic where, before the screen came first, only COM1 had a console.
    for name, kw in (("bios-fb", {}), ("uefi-fb", dict(firmware="uefi")),
                     ("vga-text", dict(machine="pc", vga_text=True))):
        m = Machine(mem=[256 * M], numa=False, cpus=1, args="crash=early", poweroff=False, **kw)
        yield Case(f"screen-early-panic-{name}", m, exit=None,
                   expect=[early, halted], forbid=[r"serial only", r"^Memory: "],
                   screen=[r"^bootmem2 version ", early, halted],
                   timeout=120 if m.firmware == "uefi" else 60)
    # A CPU without long mode (OVMF needs one: BIOS only): the stub halts.
    no_lm = (r"^bootmem2: this CPU has no 64-bit long mode; an x86-64 CPU is required\. "
             r"System halted\.$")
    for name, cpu, kw in (("fb", "qemu32", {}), ("vga-text", "qemu64,-lm", dict(vga_text=True))):
        m = Machine(mem=[256 * M], numa=False, cpus=1, cpu=cpu, poweroff=False, **kw)
        yield Case(f"screen-no-long-mode-{name}", m, exit=None, expect=[no_lm],
                   forbid=[r"^bootmem2 version"], screen=[no_lm], until=no_lm, timeout=30)



# --- issue 9: kernel memory placed like Linux -----------------------------------

ZONE_FREE = (("DMA", 0, 16 * M, 0.95), ("DMA32", 16 * M, 1 << 32, 0.99))


def overlap(ranges, lo, hi):
    """Bytes of [lo, hi) that disjoint @ranges [(a, b, ...)] hold."""
    return sum(max(0, min(b, hi) - max(a, lo)) for a, b, *_ in ranges)


def check_zones_free(m, text):
    """Boot allocations (page tables, page metadata, bitmaps) stay out of the
    low zones, as Linux's top-down memblock keeps them: of the RAM of the
    DMA zone that no early reservation (the first MiB, the kernel image,
    boot data: each logged with its range) holds, at least 95 % reaches the
    buddy allocator free; of DMA32's, 99 %."""
    ranges = logged_node_ranges(text)
    rows = re.findall(r"^Node \d+, zone +(\S+)((?: +\d+)+)$", text, re.M)
    if not ranges or not rows:
        return ["no node ranges or no buddyinfo"]
    early = sorted((int(a, 16), int(b, 16) + 1) for a, b in
                   re.findall(r"^bootmem: reserve \[mem 0x([0-9a-f]+)-0x([0-9a-f]+)\] ", text, re.M))
    union = []
    for a, b in early:
        if union and a <= union[-1][1]:
            union[-1] = (union[-1][0], max(union[-1][1], b))
        else:
            union.append((a, b))
    problems = []
    for zone, lo, hi, share in ZONE_FREE:
        ram = overlap(ranges, lo, hi) // PAGE
        held = sum(overlap(ranges, max(a, lo), min(b, hi)) for a, b in union if a < hi and b > lo) // PAGE
        free = sum(int(n) << o for z, row in rows if z == zone for o, n in enumerate(row.split()))
        if ram - held and free < share * (ram - held):
            problems.append(f"zone {zone}: {free} pages free of {ram - held} not reserved early "
                            f"({100 * free / (ram - held):.1f} %, want >= {share:.0%})")
    return problems


def with_zone_check(cases):
    """Every case that boots to the hand-over gets the zone check."""
    for c in cases:
        if any("hand-over" in e for e in c.expect):
            c.checks = [*c.checks, check_zones_free]
        yield c


def all_cases():
    return list(with_zone_check([*boot_matrix(), *memory_layouts(), *topologies(), *options(),
                                 *injected_srat(), *sparse(), *real_pc(), *many_tables(),
                                 *screens()]))
