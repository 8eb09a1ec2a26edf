/**
 * The virtualization-mode comparison's result, as plain data: what `hyperstep compare
 * --json` writes (schema `hyperstep-compare/1`, docs/compare.md), what the comparison
 * webview draws and what the system tests check. Every number is counted by the
 * machine during the workload's measured run (between its MARK_BEGIN and MARK_END
 * markers, guests/compare/README.md), never modelled.
 */

/** The eight stacks, in the order they are shown. */
export const COMPARE_MODES = [
  'native', 'linux', 'trap-and-emulate', 'paravirt', 'hw-assisted', 'dom0', 'type2', 'container',
] as const;
export type CompareModeName = typeof COMPARE_MODES[number];

export type PrivModeName = 'M' | 'HS' | 'U' | 'VS' | 'VU';

/** What a layer of a stack is (the layer diagram's colours and order, bottom to top). */
export type LayerKind =
  | 'firmware' | 'hypervisor' | 'host-kernel' | 'vmm' | 'management-vm' | 'guest-kernel' | 'process';

export interface LayerShare {
  /** Shown name, e.g. "OpenSBI", "tae hypervisor", "Debian Linux 6.12", "workload". */
  name: string;
  kind: LayerKind;
  /** Where it runs, e.g. "M", "HS", "U (ASID 1)", "VS (VMID 2)". */
  runsIn: string;
  /** Instructions this layer retired during the measured run. */
  instructions: number;
}

/** A microbenchmark row in the style of Dall et al. (ISCA 2016): the cost of one event. */
export interface MicroRow {
  /** e.g. "hypercall", "emulated device access", "virtual timer interrupt", "VM switch", "I/O out", "I/O in". */
  event: string;
  count: number;
  /** Mean instructions from the event's trap to the return into the layer that caused it. */
  instructionsPerEvent: number;
  /** Mean traps taken while handling one event (itself included). */
  trapsPerEvent: number;
}

export interface IoLatency {
  /** I/O requests measured (MARK_IO_BEGIN..MARK_IO_END pairs). */
  requests: number;
  /** Instructions retired by all layers from request to completion: mean, min, max. */
  mean: number;
  min: number;
  max: number;
}

export interface ModeResult {
  mode: CompareModeName;
  /** One-line title, e.g. "Trap-and-emulate (full virtualization, no H)". */
  title: string;
  /** `0x` + 16 hex digits from the workload's last line, or null when it did not print one. */
  checksum: string | null;
  /** 'ok' when the run printed a checksum and exited with status 0. */
  status: 'ok' | 'failed';
  error?: string;
  /** Instructions retired during the measured run, total and per privilege mode. */
  instructions: number;
  instructionsByMode: Record<PrivModeName, number>;
  /** Traps (exceptions and interrupts) by cause name (emulator/hart/trap.ts causeName). */
  trapsByCause: Record<string, number>;
  /** Traps by privilege transition, e.g. "U->HS", "VS->HS", "U->M" (HS is S when there is no H). */
  trapsByTransition: Record<string, number>;
  /** VM exits (traps from V=1 to V=0) by cause name; {} when none. */
  vmExits: Record<string, number>;
  hypercalls: number;
  /** VM entries into a different VM than the one that ran last. */
  worldSwitches: number;
  /** Page-table entries read by hardware walks (both stages). */
  pageWalkAccesses: number;
  tlbMisses: number;
  ioLatencyInstructions: IoLatency;
  /** Distinct 4 KiB pages of RAM written during the measured run (all layers). */
  memoryPages: number;
  /** Host seconds of the whole run (boot included) and of the measured run. */
  hostSeconds: number;
  measuredHostSeconds: number;
  /** Instructions before MARK_BEGIN (boot of the whole stack). */
  bootInstructions: number;
  layers: LayerShare[];
  micro: MicroRow[];
  /** The console output of the whole run. */
  console: string;
}

export interface CompareReport {
  schema: 'hyperstep-compare/1';
  /** ISO date of the run. */
  date: string;
  workload: { path: string; sha256: string };
  host: { cpus: number; node: string };
  /** Wall-clock seconds of the whole comparison (modes run in parallel). */
  totalSeconds: number;
  modes: ModeResult[];
}
