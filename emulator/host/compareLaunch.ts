/**
 * Opening one comparison mode in the debugger: the HyperStep launch configuration of a
 * mode's stack (firmware, payload, disk, and the symbol files and debug contexts of
 * each layer), used by the comparison view's "Debug this mode"
 * (vscode.debug.startDebugging(folder, modeLaunchConfig(mode, root))).
 *
 * Every configuration uses only launch attributes the adapter accepts
 * (debug-adapter/launchArgs.ts) and absolute paths, so it needs no workspace folder:
 * - payload modes (native, trap-and-emulate, paravirt, hw-assisted, dom0): Debian's
 *   OpenSBI fw_jump (`bios`) boots the mode's ELF (`kernel`), 256 MiB of RAM, the
 *   comparison disk as `drive`, as `hyperstep compare` runs them. The hypervisor modes
 *   name their guests (`hypervisor` + `guests`): the workload's small kernel is VMID 1,
 *   dom0 VMID 2, so breakpoints and stacks bind per VM. The other modes add each layer's
 *   ELF (and the workload's) to `symbols`.
 * - Linux modes (linux, container, type2): `"debianLinux": true` with the workload (and
 *   for type2 the VMM and the small kernel's flat image) added to the initramfs through
 *   `linuxFiles`, /init running the same commands as the measured run (compareLinux.ts
 *   compareScript), and the comparison disk as `drive`.
 *   Differences from the measured boot (emulator/host/compareLinux.ts): the debugger's
 *   initramfs loads Debian's signed modules with virtio_rng besides virtio_mmio and
 *   virtio_blk (and kvm for type2), and its command line has no `quiet loglevel=1`, so
 *   the boot runs more instructions; what the workload runs is the same.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import type { CompareModeName } from '../compare/result';
import { MODE_DEFS } from '../compare/modes';
import { compareDisk } from '../compare/disk';
import { OPENSBI_FW_JUMP } from './nodeLinuxBoot';
import { compareScript, COMPARE_LINUX_RAM_MIB, DEFAULT_COMPARE_KERNEL_BIN, DEFAULT_COMPARE_VMM } from './compareLinux';
import { findCompareRoot } from './compareRunner';

/** The comparison disk image, relative to the repository root. */
export const COMPARE_DISK_PATH = 'guests/compare/build/compare-disk.img';
/** The workload (a static riscv64 Linux ELF), relative to the repository root. */
export const COMPARE_WORKLOAD = 'guests/compare/build/workload';
/** RAM of the payload modes' machine (as hyperstep compare runs them). */
export const COMPARE_PAYLOAD_MEMORY = '256M';

/** Debug contexts of the hypervisor modes: the workload's kernel is VMID 1, dom0 VMID 2. */
const GUEST_KERNEL = { name: 'kernel', vmid: 1, symbols: 'guests/compare/build/kernel.elf' };
const GUEST_DOM0 = { name: 'dom0', vmid: 2, symbols: 'guests/compare/build/dom0.elf' };

/** Modules the Linux modes need beyond the debugger's defaults (virtio_mmio, virtio_blk, virtio_rng). */
const LINUX_MODULES: Record<'linux' | 'container' | 'type2', string[]> = { linux: [], container: [], type2: ['kvm'] };

/**
 * A HyperStep debug launch configuration that opens one mode's stack in the debugger.
 * Writes the comparison disk image under `root` if it is missing (ensureCompareDisk).
 * `root` is the repository root holding guests/compare/build (default: found as
 * hyperstep compare finds it; throws CompareError when there is none).
 */
export function modeLaunchConfig(mode: CompareModeName, root = findCompareRoot()): Record<string, unknown> {
  const def = MODE_DEFS[mode];
  const abs = (p: string): string => join(root, p);
  const drive = ensureCompareDisk(root);
  const common = {
    type: 'hyperstep', request: 'launch', name: `HyperStep compare: ${mode}`, cwd: root, drive,
    stopOnEntry: false,
  };
  if (def.boot.kind === 'linux') {
    const flavour = def.boot.flavour;
    const files: Record<string, string> = { '/workload': abs(COMPARE_WORKLOAD) };
    if (flavour === 'type2') {
      files['/vmm'] = abs(DEFAULT_COMPARE_VMM);
      files['/kernel.bin'] = abs(DEFAULT_COMPARE_KERNEL_BIN);
    }
    const config: Record<string, unknown> = {
      ...common, debianLinux: true, memory: `${COMPARE_LINUX_RAM_MIB}M`,
      linuxScript: compareScript(flavour), linuxModules: LINUX_MODULES[flavour], linuxFiles: files,
    };
    // type2: the small kernel runs in the KVM guest (VS); KVM gives the only VM VMID 1.
    if (flavour === 'type2') config.guests = [{ ...GUEST_KERNEL, symbols: abs(GUEST_KERNEL.symbols) }];
    else config.symbols = [abs(COMPARE_WORKLOAD)];
    return config;
  }
  const elf = abs(def.boot.elf);
  const config: Record<string, unknown> = { ...common, bios: OPENSBI_FW_JUMP, kernel: elf, memory: COMPARE_PAYLOAD_MEMORY };
  if (mode === 'hw-assisted' || mode === 'dom0') {
    const guests = mode === 'dom0' ? [GUEST_KERNEL, GUEST_DOM0] : [GUEST_KERNEL];
    config.hypervisor = elf;
    config.guests = guests.map((g) => ({ ...g, symbols: abs(g.symbols) }));
  } else {
    // native: the kernel (S) and the workload (U) share one address space; tae modes:
    // the tae hypervisor (S), the deprivileged kernel and the workload (U, shadowed).
    config.symbols = [...def.symbols.filter((s) => abs(s) !== elf).map(abs), abs(COMPARE_WORKLOAD)];
  }
  return config;
}

/**
 * Write the comparison disk image (emulator/compare/disk.ts) where launch configurations
 * expect it, unless a file with exactly those bytes is there; returns its path. Sessions
 * never write it (guest writes stay in memory), so one copy serves every launch.
 */
export function ensureCompareDisk(root: string, disk: Uint8Array = compareDisk()): string {
  const p = join(root, COMPARE_DISK_PATH);
  if (existsSync(p)) {
    const have = readFileSync(p);
    if (have.length === disk.length && have.equals(Buffer.from(disk.buffer, disk.byteOffset, disk.byteLength))) return p;
  }
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, disk);
  return p;
}
