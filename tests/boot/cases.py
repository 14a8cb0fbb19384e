"""The boot matrix: virtual machines, and what their boot log must say.

Expectations are derived from each machine's definition (firmware, RAM
size, options), never copied from a log.  See run.py for how a case runs.
"""
import re
from dataclasses import dataclass, field

from qemu import Machine, EXIT_PASS, EXIT_FAIL

G = 1 << 30
M = 1 << 20

# Lines no passing boot may print.
FORBID = [r"Kernel panic", r"^not ok ", r"unknown option", r"bad value for",
          r"fatal exception"]
EXPECT = [r"^bootmem2 version ", r"^BIOS-e820: ", r"^bootmem2: boot complete$",
          r"^Powering off \(success\)"]

# Below 4 GiB the firmware keeps a little RAM for itself (EBDA, ACPI
# tables, SeaBIOS/OVMF data, OVMF's NVS variables): this much at most.
FIRMWARE_LOW_RESERVE = 32 * M


@dataclass
class Case:
    name: str
    machine: Machine
    expect: list = field(default_factory=lambda: list(EXPECT))
    forbid: list = field(default_factory=lambda: list(FORBID))
    exit: int = EXIT_PASS
    timeout: int = 60
    checks: list = field(default_factory=list)


def ram_layout(m):
    """(RAM below 4 GiB, RAM from 4 GiB) as QEMU 7.2 places it.

    q35 keeps up to 2.75 GiB low, but only 2 GiB once RAM reaches 2.75 GiB
    (hw/i386/pc_q35.c); pc keeps up to 3.5 GiB low, but only 3 GiB once RAM
    reaches 3.5 GiB (hw/i386/pc_piix.c).  The rest starts at 4 GiB.
    """
    total = sum(m.mem)
    if m.machine == "q35":
        low = total if total < 0xB0000000 else 0x80000000
    else:
        low = total if total < 0xE0000000 else 0xC0000000
    return low, total - low


def e820(text):
    """The BIOS-e820 lines of a log as (start, end_exclusive, type)."""
    out = []
    for a, b, t in re.findall(r"^BIOS-e820: \[mem 0x([0-9a-f]+)-0x([0-9a-f]+)\] (.+)$", text, re.M):
        out.append((int(a, 16), int(b, 16) + 1, t))
    return out


def check_firmware(m, text):
    want = "UEFI" if m.firmware == "uefi" else "BIOS"
    if not re.search(rf"^Boot loader: GRUB .*, firmware: {want}$", text, re.M):
        return [f"boot firmware not reported as {want}"]
    return []


def check_ram(m, text):
    """Usable RAM in the map agrees with the machine's RAM size."""
    low, high = ram_layout(m)
    usable = [(a, b) for a, b, t in e820(text) if t == "usable"]
    got_low = sum(min(b, 1 << 32) - a for a, b in usable if a < 1 << 32)
    got_high = sum(b - max(a, 1 << 32) for a, b in usable if b > 1 << 32)
    problems = []
    if not low - FIRMWARE_LOW_RESERVE <= got_low <= low:
        problems.append(f"usable RAM below 4G is {got_low:#x}, machine has {low:#x}")
    if got_high != high:
        problems.append(f"usable RAM above 4G is {got_high:#x}, machine has {high:#x}")
    return problems


def check_ktap(m, text):
    """A complete KTAP report: a plan, then one result per planned test, in order."""
    plan = re.search(r"^KTAP version 1\n1\.\.(\d+)$", text, re.M)
    if not plan:
        return ["no KTAP header and plan"]
    results = re.findall(r"^(ok|not ok) (\d+) (\S+)", text[plan.end():], re.M)
    n = int(plan.group(1))
    problems = []
    if n == 0:
        problems.append("KTAP plan of 0 tests")
    if [int(i) for _, i, _ in results] != list(range(1, n + 1)):
        problems.append(f"KTAP results {[i for _, i, _ in results]} do not follow the plan 1..{n}")
    problems += [f"self-test {name} failed" for s, _, name in results if s == "not ok"]
    return problems


def boot_matrix():
    """Issue 2's matrix: SeaBIOS and OVMF x q35 and pc x CD and USB stick."""
    for fw in ("bios", "uefi"):
        for machine in ("q35", "pc"):
            for media in ("cd", "usb"):
                m = Machine(firmware=fw, machine=machine, media=media,
                            mem=[512 * M, 512 * M], cpus=2, args="selftest")
                yield Case(f"{fw}-{machine}-{media}", m,
                           expect=EXPECT + [r"^Console: framebuffer at ", r"^ok \d+ fbcon_draws_text$"],
                           timeout=120 if fw == "uefi" else 60,
                           checks=[check_firmware, check_ram, check_ktap])


def memory_layouts():
    """RAM split around the PCI hole: part of it moves above 4 GiB."""
    for fw in ("bios", "uefi"):
        for machine, size in (("q35", 3 * G), ("pc", 4 * G)):
            m = Machine(firmware=fw, machine=machine, mem=[size // 2, size // 2],
                        cpus=2, args="selftest")
            yield Case(f"{fw}-{machine}-{size // G}g-highmem", m,
                       timeout=120 if fw == "uefi" else 60,
                       checks=[check_firmware, check_ram, check_ktap])
    yield Case("bios-pc-vga-text", Machine(machine="pc", mem=[256 * M], numa=False, cpus=1,
                                          args="selftest", vga_text=True),
               expect=EXPECT + [r"^Console: VGA text 80x25 at 0xb8000$", r"^ok \d+ vga_draws_text$"],
               checks=[check_ram, check_ktap])
    yield Case("bios-q35-no-numa", Machine(mem=[256 * M], numa=False, cpus=1, args="selftest"),
               checks=[check_ram, check_ktap])


def options():
    """Command line handling and the failure paths."""
    base = dict(mem=[256 * M], numa=False, cpus=1)
    yield Case("option-unknown-is-harmless",
               Machine(args='no_such_option=1 loglevel=x "quoted=a b"', **base),
               expect=EXPECT + [r'unknown option "no_such_option=1" ignored',
                                r'bad value for loglevel: "x", ignored',
                                r'unknown option "quoted=a b" ignored'],
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


def all_cases():
    return [*boot_matrix(), *memory_layouts(), *options()]
