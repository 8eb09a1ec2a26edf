/**
 * Whole-program API: build a machine for an ELF, run it to completion (or to an
 * instruction limit), and report exit status, counts and speed. Used by the CLI, the
 * tests and the benchmarks (docs/architecture.md, "Whole-program API").
 */
import { Machine } from './machine';
import { createBoard, InitrdError, type BoardOptions } from './boards/board';

export { InitrdError } from './boards/board';
import { checkLoadable, ElfError, parseElf, type ElfImage } from './loader/elf';
import { VIRT_DRAM } from './bus/memoryMap';
import type { ConsoleSink } from './bus/device';
import { machineStats, type MachineStats } from './stats';

export interface RunOptions {
  machine?: 'virt' | 'spike';
  ramMiB?: number;
  maxInsns?: number;
  onConsole?: (text: string) => void;
  /** satp accepts Sv57 (default false). */
  sv57?: boolean;
}

export interface RunResult {
  reason: 'exit' | 'limit' | 'halt';
  exitCode: number;
  instret: number;
  hostSeconds: number;
  mips: number;
  trapsByCause: Record<string, number>;
  console: string;
  /** Instructions per mode, traps by cause and transition, VM exits/entries (stats.ts). */
  stats: MachineStats;
}

export interface MachineSpec {
  machine: 'virt' | 'spike';
  ramMiB: number;
  harts: number;
  console: ConsoleSink;
  disk?: Uint8Array;
  diskWriteThrough?: BoardOptions['diskWriteThrough'];
  bootargs?: string;
  dtb?: Uint8Array;
  initrd?: Uint8Array;
  rngSeed?: Uint8Array;
  /** virtio-rng on the virt board (default true). */
  virtioRng?: boolean;
  /** satp accepts Sv57 (default false: see Hart.sv57). */
  sv57?: boolean;
}

/** Largest RAM: one typed array (V8 limits them to just under 4 GiB). */
export const MAX_RAM_MIB = 4095;

/** Create a machine with its board. Throws a plain Error with a one-line message. */
export function createMachine(spec: MachineSpec): Machine {
  if (!Number.isInteger(spec.ramMiB) || spec.ramMiB < 1 || spec.ramMiB > MAX_RAM_MIB) {
    throw new Error(`RAM size must be an integer between 1 and ${MAX_RAM_MIB} MiB (got ${spec.ramMiB})`);
  }
  if (!Number.isInteger(spec.harts) || spec.harts < 1 || spec.harts > 8) {
    throw new Error(`number of harts must be between 1 and 8 (got ${spec.harts})`);
  }
  const ramSize = spec.ramMiB * 1024 * 1024;
  const board = createBoard(spec.machine, {
    harts: spec.harts, ramSize, console: spec.console, disk: spec.disk,
    diskWriteThrough: spec.diskWriteThrough, bootargs: spec.bootargs, dtb: spec.dtb,
    initrd: spec.initrd, rngSeed: spec.rngSeed, virtioRng: spec.virtioRng,
  });
  const m = new Machine(board, VIRT_DRAM, ramSize, spec.harts, spec.console);
  if (spec.sv57 === true) for (const h of m.harts) h.sv57 = true;
  return m;
}

/** Load a parsed ELF (checked against RAM) and point the reset vector at its entry. */
export function loadProgram(m: Machine, image: ElfImage, kernelEntry = 0): void {
  checkLoadable(image, [{ base: m.bus.ramBase, size: m.bus.ramSize, name: 'RAM' }]);
  m.loadElf(image);
  m.board.setupBoot(image.entry, kernelEntry);
}

/** Text decoder that keeps partial UTF-8 sequences between writes. */
export function textConsole(onText: (t: string) => void): ConsoleSink {
  const dec = new TextDecoder('utf-8');
  return { write: (bytes: Uint8Array) => onText(dec.decode(bytes, { stream: true })) };
}

/** A kernel for firmware to boot: an ELF, or a raw image loaded at KERNEL_BASE. */
export type KernelImage = { elf: ElfImage; raw?: undefined } | { raw: Uint8Array; elf?: undefined };

/** Where QEMU's virt places a raw kernel image (RV64: DRAM + 2 MiB). */
export const KERNEL_BASE = VIRT_DRAM + 0x200000;

/**
 * Load firmware (an ELF, started in M-mode from the reset vector) and optionally a
 * kernel, whose entry goes to the firmware through fw_dynamic info (a2).
 */
export function loadFirmwareAndKernel(m: Machine, fw: ElfImage, kernel?: KernelImage): void {
  let kernelEntry = 0;
  if (kernel?.elf !== undefined) {
    checkLoadable(kernel.elf, [{ base: m.bus.ramBase, size: m.bus.ramSize, name: 'RAM' }]);
    m.loadElf(kernel.elf);
    kernelEntry = kernel.elf.entry;
  } else if (kernel?.raw !== undefined) {
    const off = KERNEL_BASE - m.bus.ramBase;
    if (off + kernel.raw.length > m.bus.ramSize) {
      throw new ElfError(`kernel image (${kernel.raw.length} bytes) does not fit in RAM at 0x${KERNEL_BASE.toString(16)}`);
    }
    m.bus.ram.set(kernel.raw, off);
    kernelEntry = KERNEL_BASE;
  }
  loadProgram(m, fw, kernelEntry);
  const rd = m.board.initrdRange;
  if (rd !== undefined) {
    const kEnd = kernel?.raw !== undefined ? KERNEL_BASE + kernel.raw.length
      : kernel?.elf !== undefined ? Math.max(...kernel.elf.segments.map((s) => s.paddr + s.memSize)) : 0;
    const fwEnd = Math.max(...fw.segments.map((s) => s.paddr + s.memSize));
    if (Math.max(kEnd, fwEnd) > rd.start) {
      throw new InitrdError(`the initrd at 0x${rd.start.toString(16)} overlaps the ${kEnd > rd.start ? 'kernel' : 'firmware'} (ends at 0x${Math.max(kEnd, fwEnd).toString(16)})`);
    }
  }
}

/** Exit code of a halted machine per the CLI rules (limit → 124). */
export function exitCodeOf(m: Machine): number {
  return m.halted === null ? 124 : m.halted.code;
}

interface Prepared { m: Machine; out: { text: string }; max: number }

function prepare(elf: Uint8Array, opts: RunOptions): Prepared {
  const out = { text: '' };
  const console = textConsole((t) => { out.text += t; opts.onConsole?.(t); });
  const m = createMachine({ machine: opts.machine ?? 'virt', ramMiB: opts.ramMiB ?? 128, harts: 1, console, sv57: opts.sv57 });
  loadProgram(m, parseElf(elf));
  return { m, out, max: opts.maxInsns ?? Infinity };
}

function resultOf(p: Prepared, consumed: number, seconds: number, stopped: boolean): RunResult {
  const { m } = p;
  const instret = m.instret;
  const reason = m.halted !== null ? 'exit' : consumed >= p.max ? 'limit' : 'halt';
  return {
    reason, exitCode: reason === 'exit' ? m.halted!.code : reason === 'limit' ? 124 : stopped ? 130 : 125,
    instret, hostSeconds: seconds, mips: instret / Math.max(seconds, 1e-9) / 1e6,
    trapsByCause: m.trapsByCause(), console: p.out.text, stats: machineStats(m),
  };
}

/** Run an ELF to completion (or to the instruction limit), synchronously. */
export function runElf(elf: Uint8Array, opts: RunOptions = {}): RunResult {
  const p = prepare(elf, opts);
  const t0 = performance.now();
  let consumed = 0;
  while (p.m.halted === null && consumed < p.max) {
    const n = p.m.step(Math.min(p.max - consumed, 1e9));
    if (n === 0) break; // idle forever: nothing can wake the guest
    consumed += n;
  }
  return resultOf(p, consumed, (performance.now() - t0) / 1000, false);
}

/** Host services for a run that shares its thread with other work (the editor). */
export interface AsyncRunHost {
  /** Resolves when other work has had a turn (e.g. setImmediate). */
  yieldToHost(): Promise<void>;
  /** True when the user asked to stop the run. */
  stopRequested(): boolean;
}

/** Like runElf, but gives the host a turn between slices and can be stopped. */
export async function runElfAsync(elf: Uint8Array, opts: RunOptions, host: AsyncRunHost): Promise<RunResult> {
  const p = prepare(elf, opts);
  const t0 = performance.now();
  let consumed = 0;
  while (p.m.halted === null && consumed < p.max && !host.stopRequested()) {
    const n = p.m.step(Math.min(p.max - consumed, 2_000_000));
    if (n === 0) break;
    consumed += n;
    await host.yieldToHost();
  }
  return resultOf(p, consumed, (performance.now() - t0) / 1000, host.stopRequested());
}
