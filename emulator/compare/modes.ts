/**
 * The eight stacks of the virtualization-mode comparison as data: for each mode its
 * title, a short explanation, the software it boots (guests/compare/README.md), how a
 * measured context (probe.ts: mode index refined by VMID or ASID) maps to a layer of the
 * stack, which contexts' traps are the guest's events (the microbenchmark rows), and
 * which traps are hypercalls. Pure data: the host side (emulator/host/compareRunner.ts)
 * turns the boot description into files and a machine.
 */
import type { CompareModeName, LayerKind, LayerShare } from './result';
import { ctxId, ctxMode, type ContextKey } from './probe';

/** Mode indices (priv + 4 * V), as Hart.mode. */
export const MODE_U = 0, MODE_S = 1, MODE_M = 3, MODE_VU = 4, MODE_VS = 5;

/** What a mode boots: a payload for OpenSBI fw_jump, or Debian's Linux (host side). */
export type BootSpec =
  | { kind: 'payload'; elf: string }
  | { kind: 'linux'; flavour: 'linux' | 'container' | 'type2' };

export interface LayerDef { name: string; kind: LayerKind; runsIn: string }

export interface ModeDef {
  mode: CompareModeName;
  title: string;
  /** One paragraph: what runs where, and what the numbers should show. */
  explanation: string;
  boot: BootSpec;
  /** The layer a context belongs to (every context maps to one). */
  layer(k: ContextKey): LayerDef;
  /** Contexts whose traps are the guest's events (episodes, microbenchmark rows). */
  guest(k: ContextKey): boolean;
  /** Is a trap (exception `cause`) from context `k` a hypercall? */
  hypercall(cause: number, interrupt: boolean, k: ContextKey): boolean;
  /** Symbol files a debugger wants for this stack (repository-relative). */
  symbols: string[];
}

/** ASIDs of the tae hypervisor's two shadow address spaces (guests/compare/README.md). */
export const TAE_ASID_KERNEL = 1;
export const TAE_ASID_USER = 2;

const FIRMWARE: LayerDef = { name: 'OpenSBI', kind: 'firmware', runsIn: 'M' };

const ECALL_U = 8, ECALL_S = 9, ECALL_VS = 10;

function simple(kernel: LayerDef, user: LayerDef) {
  return (k: ContextKey): LayerDef => {
    const m = ctxMode(k);
    if (m === MODE_M) return FIRMWARE;
    if (m === MODE_S) return kernel;
    return user;
  };
}

function virtualized(host: LayerDef, hostUser: LayerDef | null, guests: Record<number, [LayerDef, LayerDef]>) {
  return (k: ContextKey): LayerDef => {
    const m = ctxMode(k);
    if (m === MODE_M) return FIRMWARE;
    if (m === MODE_S) return host;
    if (m === MODE_U) return hostUser ?? host;
    const g = guests[ctxId(k)] ?? guests[1];
    return m === MODE_VS ? g[0] : g[1];
  };
}

function tae(kernel: string) {
  const hv: LayerDef = { name: 'tae hypervisor', kind: 'hypervisor', runsIn: 'S' };
  const gk: LayerDef = { name: kernel, kind: 'guest-kernel', runsIn: `U (ASID ${TAE_ASID_KERNEL})` };
  const wl: LayerDef = { name: 'workload', kind: 'process', runsIn: `U (ASID ${TAE_ASID_USER})` };
  return (k: ContextKey): LayerDef => {
    const m = ctxMode(k);
    if (m === MODE_M) return FIRMWARE;
    if (m === MODE_S) return hv;
    return ctxId(k) === TAE_ASID_USER ? wl : gk;
  };
}

const notFirmware = (k: ContextKey): boolean => ctxMode(k) !== MODE_M;
const inVm = (vmid: number) => (k: ContextKey): boolean => (ctxMode(k) & 4) !== 0 && ctxId(k) === vmid;

const SMALL = 'small kernel';
const WORKLOAD_U: LayerDef = { name: 'workload', kind: 'process', runsIn: 'U' };
const LINUX: LayerDef = { name: 'Debian Linux', kind: 'host-kernel', runsIn: 'S' };
const GUEST_VM = (vmid: number, kernel = SMALL): [LayerDef, LayerDef] => [
  { name: kernel, kind: 'guest-kernel', runsIn: `VS (VMID ${vmid})` },
  { name: 'workload', kind: 'process', runsIn: `VU (VMID ${vmid})` },
];

export const MODE_DEFS: Record<CompareModeName, ModeDef> = {
  native: {
    mode: 'native', title: 'Native: the small kernel on the hardware',
    explanation: 'The small kernel runs in S-mode on OpenSBI and the workload in U-mode. Nothing is virtualized: system calls trap from U to S, and the kernel drives the UART and the virtio disk directly. This is the baseline every other mode is compared with.',
    boot: { kind: 'payload', elf: 'guests/compare/build/kernel-native.elf' },
    layer: simple({ name: SMALL, kind: 'host-kernel', runsIn: 'S' }, WORKLOAD_U),
    guest: notFirmware,
    hypercall: () => false,
    symbols: ['guests/compare/build/kernel-native.elf'],
  },
  linux: {
    mode: 'linux', title: "Native Linux: Debian's kernel on the hardware",
    explanation: "Debian's Linux runs in S-mode on OpenSBI and the workload as its process. Same workload, a general-purpose kernel: more instructions per system call and per I/O than the small kernel, and no virtualization.",
    boot: { kind: 'linux', flavour: 'linux' },
    layer: simple(LINUX, WORKLOAD_U),
    guest: notFirmware,
    hypercall: () => false,
    symbols: [],
  },
  'trap-and-emulate': {
    mode: 'trap-and-emulate', title: 'Trap-and-emulate: full virtualization without the H extension',
    explanation: 'The unmodified small kernel is deprivileged to U-mode under the tae hypervisor (S-mode). Every privileged instruction it executes traps and is emulated, its page tables are shadowed (writes to them fault), and every device register access faults and is decoded. RISC-V is classically virtualizable, so this works, at the price of many traps.',
    boot: { kind: 'payload', elf: 'guests/compare/build/tae.elf' },
    layer: tae(SMALL),
    guest: (k) => ctxMode(k) === MODE_U,
    hypercall: (cause, irq, k) => !irq && cause === ECALL_U && ctxId(k) === TAE_ASID_KERNEL,
    symbols: ['guests/compare/build/tae.elf', 'guests/compare/build/kernel.elf'],
  },
  paravirt: {
    mode: 'paravirt', title: 'Para-virtualization: a kernel that makes hypercalls',
    explanation: 'The same kernel built with its paravirtual switch runs under the same tae hypervisor, as Xen PV guests did: instead of privileged instructions, page-table writes and device registers, it makes one hypercall per operation and keeps its virtual CPU state in a page shared with the hypervisor. Fewer traps than trap-and-emulate, but the kernel had to be changed.',
    boot: { kind: 'payload', elf: 'guests/compare/build/tae-pv.elf' },
    layer: tae('small kernel (PV)'),
    guest: (k) => ctxMode(k) === MODE_U,
    hypercall: (cause, irq, k) => !irq && cause === ECALL_U && ctxId(k) === TAE_ASID_KERNEL,
    symbols: ['guests/compare/build/tae-pv.elf', 'guests/compare/build/kernel-pv.elf'],
  },
  'hw-assisted': {
    mode: 'hw-assisted', title: 'Hardware-assisted: the H extension',
    explanation: 'The reference hypervisor (HS-mode) runs the unmodified small kernel in VS-mode with two-stage translation. Privileged instructions and page tables stay inside the guest; only device accesses (guest-page faults on unmapped MMIO pages), SBI calls and the hypervisor timer leave the VM.',
    boot: { kind: 'payload', elf: 'guests/compare/build/hv-compare.elf' },
    layer: virtualized({ name: 'reference hypervisor', kind: 'hypervisor', runsIn: 'HS' }, null, { 1: GUEST_VM(1) }),
    guest: inVm(1),
    hypercall: (cause, irq) => !irq && cause === ECALL_VS,
    symbols: ['guests/compare/build/hv-compare.elf', 'guests/compare/build/kernel.elf'],
  },
  dom0: {
    mode: 'dom0', title: 'DOM0 device model: device exits forwarded to a management VM',
    explanation: "The same hypervisor, but, as in Xen, it does not emulate devices itself: every device exit of the workload's VM is forwarded to a management VM (dom0, VMID 2) that runs the device models and replies with a hypercall. Each device access costs two world switches and dom0's instructions.",
    boot: { kind: 'payload', elf: 'guests/compare/build/hv-dom0.elf' },
    layer: virtualized({ name: 'reference hypervisor', kind: 'hypervisor', runsIn: 'HS' }, null, {
      1: GUEST_VM(1),
      2: [{ name: 'dom0 (device models)', kind: 'management-vm', runsIn: 'VS (VMID 2)' },
        { name: 'dom0 user', kind: 'management-vm', runsIn: 'VU (VMID 2)' }],
    }),
    guest: inVm(1),
    hypercall: (cause, irq) => !irq && cause === ECALL_VS,
    symbols: ['guests/compare/build/hv-dom0.elf', 'guests/compare/build/kernel.elf', 'guests/compare/build/dom0.elf'],
  },
  type2: {
    mode: 'type2', title: 'Type 2 (hosted): Linux + KVM + a user-space VMM',
    explanation: "Debian's Linux with kvm.ko is the host (HS-mode); a VMM process (U-mode) runs the small kernel in a KVM virtual machine. Device exits go from the guest to KVM in the host kernel and up to the VMM process, and back: the longest path per device access.",
    boot: { kind: 'linux', flavour: 'type2' },
    layer: virtualized({ name: 'Debian Linux + KVM', kind: 'host-kernel', runsIn: 'HS' },
      { name: 'vmm process', kind: 'vmm', runsIn: 'U' }, { 1: GUEST_VM(1) }),
    guest: (k) => (ctxMode(k) & 4) !== 0,
    hypercall: (cause, irq) => !irq && cause === ECALL_VS,
    symbols: ['guests/compare/build/kernel.elf'],
  },
  container: {
    mode: 'container', title: 'Container: one kernel, isolated namespaces',
    explanation: "Debian's Linux runs the workload in new PID, mount, UTS and network namespaces (busybox unshare). There is no second kernel and no VM exit: isolation is the kernel's bookkeeping, so the counts stay close to native Linux.",
    boot: { kind: 'linux', flavour: 'container' },
    layer: simple(LINUX, { name: 'workload (in namespaces)', kind: 'process', runsIn: 'U' }),
    guest: notFirmware,
    hypercall: () => false,
    symbols: [],
  },
};

/** Layers of a stack with their instruction counts, bottom to top. */
export function layerShares(def: ModeDef, contexts: Map<ContextKey, number>): LayerShare[] {
  const order: LayerKind[] = ['firmware', 'hypervisor', 'host-kernel', 'vmm', 'management-vm', 'guest-kernel', 'process'];
  const byName = new Map<string, LayerShare>();
  for (const [k, n] of contexts) {
    const l = def.layer(k);
    const s = byName.get(l.name) ?? { name: l.name, kind: l.kind, runsIn: l.runsIn, instructions: 0 };
    s.instructions += n;
    byName.set(l.name, s);
  }
  return [...byName.values()].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
}

/** The microbenchmark row an episode belongs to (Dall et al.'s events), or null. */
export function microEvent(def: ModeDef, cause: number, interrupt: boolean, k: ContextKey): string | null {
  const kind = def.layer(k).kind;
  if (interrupt) return cause === 5 || cause === 6 ? 'timer interrupt' : cause === 9 || cause === 10 ? 'external interrupt' : null;
  if (def.hypercall(cause, interrupt, k)) return 'hypercall';
  if (kind === 'process') {
    if (cause === ECALL_U) return 'system call';
    if (cause === 12 || cause === 13 || cause === 15 || cause === 20 || cause === 21 || cause === 23) return 'page fault (process)';
    return null;
  }
  if (cause === ECALL_S) return 'SBI call (to firmware)';
  if (cause === 21 || cause === 23) return 'emulated device access';
  if (cause === 2 || cause === 22) return 'emulated privileged instruction';
  if (cause === 12 || cause === 13 || cause === 15) {
    return def.mode === 'trap-and-emulate' || def.mode === 'paravirt'
      ? 'page fault (shadow fill, page-table write or device access)' : 'page fault (kernel)';
  }
  return null;
}
