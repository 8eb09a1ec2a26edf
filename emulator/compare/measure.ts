/**
 * One mode's run, measured: build the machine for a resolved boot (firmware, kernel,
 * initrd, disk), install the probe (probe.ts), run until the machine halts, and turn
 * the probe's raw numbers into the mode's ModeResult (result.ts) with the mode's layer
 * map and microbenchmark rows (modes.ts). Pure TypeScript: the host side
 * (emulator/host/compareWorker.ts) reads the files and runs this on a worker thread.
 */
import { createMachine, exitCodeOf, loadFirmwareAndKernel, textConsole, type KernelImage } from '../runElf';
import { parseElf } from '../loader/elf';
import { causeName } from '../hart/trap';
import type { MachineStats } from '../stats';
import type { CompareModeName, MicroRow, ModeResult, PrivModeName } from './result';
import { CompareProbe, MARK_BEGIN, MARK_END, type ProbeResult } from './probe';
import { layerShares, microEvent, MODE_DEFS, type ModeDef } from './modes';

export interface ResolvedBoot {
  bios: Uint8Array;
  /** An ELF or a flat image (loaded at 0x80200000). */
  kernel: Uint8Array;
  initrd?: Uint8Array;
  append?: string;
  disk: Uint8Array;
  ramMiB: number;
}

export interface MeasureProgress {
  phase: 'boot' | 'measure' | 'shutdown' | 'done';
  instructions: number;
  seconds: number;
}

export interface MeasureOptions {
  /** Give up after this many instructions (default 2e10). */
  maxInstructions?: number;
  /** Called about every `progressMs` (default 500) of host time. */
  onProgress?: (p: MeasureProgress) => void;
  progressMs?: number;
  now?: () => number;
  /** Polled between slices: true stops the run (cancelled). */
  cancelled?: () => boolean;
}

const SLICE = 2_000_000;
const CONSOLE_LIMIT = 256 * 1024;
const CHECKSUM_RE = /compare: checksum (0x[0-9a-f]{16})/;

/** Run one mode on its resolved boot and measure it. */
export function measureMode(mode: CompareModeName, boot: ResolvedBoot, o: MeasureOptions = {}): ModeResult {
  const def = MODE_DEFS[mode];
  const now = o.now ?? ((): number => performance.now());
  let text = '';
  const m = createMachine({
    machine: 'virt', ramMiB: boot.ramMiB, harts: 1, disk: boot.disk,
    console: textConsole((t) => { if (text.length < CONSOLE_LIMIT) text += t; }),
    bootargs: boot.append, initrd: boot.initrd,
  });
  const fw = parseElf(boot.bios);
  const isElf = boot.kernel[0] === 0x7f && boot.kernel[1] === 0x45 && boot.kernel[2] === 0x4c && boot.kernel[3] === 0x46;
  const kernel: KernelImage = isElf ? { elf: parseElf(boot.kernel) } : { raw: boot.kernel };
  loadFirmwareAndKernel(m, fw, kernel);
  const probe = new CompareProbe(m, (k) => def.guest(k));
  const t0 = now();
  let tBegin = -1, tEnd = -1;
  const max = o.maxInstructions ?? 2e10;
  const every = o.progressMs ?? 500;
  let lastReport = t0;
  let error: string | undefined;
  while (m.halted === null) {
    if (m.instret >= max) { error = `instruction limit reached (${max} instructions)`; break; }
    if (o.cancelled?.() === true) { error = 'cancelled'; break; }
    const n = m.step(SLICE);
    const r = probe.result;
    if (r.begun && tBegin < 0) tBegin = now();
    if (r.ended && tEnd < 0) tEnd = now();
    if (n === 0) { error = 'the machine is idle forever (every hart waits for an interrupt that cannot come)'; break; }
    const t = now();
    if (o.onProgress !== undefined && t - lastReport >= every) {
      lastReport = t;
      o.onProgress({ phase: !r.begun ? 'boot' : !r.ended ? 'measure' : 'shutdown', instructions: m.instret, seconds: (t - t0) / 1000 });
    }
  }
  probe.detach();
  const seconds = (now() - t0) / 1000;
  o.onProgress?.({ phase: 'done', instructions: m.instret, seconds });
  const code = m.halted !== null ? exitCodeOf(m) : -1;
  return assemble(def, probe.result, {
    console: text, seconds, measuredSeconds: tBegin >= 0 && tEnd >= 0 ? (tEnd - tBegin) / 1000 : 0, code, error,
  });
}

interface RunFacts { console: string; seconds: number; measuredSeconds: number; code: number; error?: string }

function diffRecord(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(b)) {
    const d = v - (a[k] ?? 0);
    if (d !== 0) out[k] = d;
  }
  return out;
}

/** The ModeResult of a finished run (exported for tests). */
export function assemble(def: ModeDef, r: ProbeResult, f: RunFacts): ModeResult {
  const checksum = CHECKSUM_RE.exec(f.console)?.[1] ?? null;
  const zero: MachineStats = {
    instructions: 0, instructionsByMode: { M: 0, HS: 0, U: 0, VS: 0, VU: 0 }, trapsByCause: {}, trapsByTransition: {},
    vmExits: 0, vmExitsByCause: {}, vmEntries: 0, hypercalls: 0, tlbMisses: 0, pageTableReads: 0, harts: 1,
  };
  const a = r.statsBegin ?? zero, b = r.statsEnd ?? a;
  let error = f.error;
  if (error === undefined && !r.begun) error = `the workload never reached MARK_BEGIN (slli x0, x0, ${MARK_BEGIN})`;
  if (error === undefined && !r.ended) error = `the workload never reached MARK_END (slli x0, x0, ${MARK_END})`;
  if (error === undefined && f.code !== 0) error = `the machine exited with status ${f.code}`;
  if (error === undefined && checksum === null) error = 'no "compare: checksum" line on the console';
  const byMode = {} as Record<PrivModeName, number>;
  for (const k of Object.keys(a.instructionsByMode) as PrivModeName[]) byMode[k] = b.instructionsByMode[k] - a.instructionsByMode[k];
  let hypercalls = 0;
  for (const [key, n] of r.trapsByContext) {
    const [cause, irq, ctx] = key.split('|').map(Number);
    if (def.hypercall(cause, irq === 1, ctx)) hypercalls += n;
  }
  const lat = r.ioLatencies;
  const result: ModeResult = {
    mode: def.mode, title: def.title, checksum, status: error === undefined ? 'ok' : 'failed',
    instructions: b.instructions - a.instructions,
    instructionsByMode: byMode,
    trapsByCause: diffRecord(a.trapsByCause, b.trapsByCause),
    trapsByTransition: diffRecord(a.trapsByTransition, b.trapsByTransition),
    vmExits: diffRecord(a.vmExitsByCause, b.vmExitsByCause),
    hypercalls,
    worldSwitches: r.worldSwitches,
    pageWalkAccesses: b.pageTableReads - a.pageTableReads,
    tlbMisses: b.tlbMisses - a.tlbMisses,
    ioLatencyInstructions: {
      requests: lat.length,
      mean: lat.length === 0 ? 0 : Math.round(lat.reduce((s, x) => s + x, 0) / lat.length),
      min: lat.length === 0 ? 0 : Math.min(...lat),
      max: lat.length === 0 ? 0 : Math.max(...lat),
    },
    memoryPages: r.memoryPages,
    hostSeconds: round3(f.seconds),
    measuredHostSeconds: round3(f.measuredSeconds),
    bootInstructions: r.beginInstructions,
    layers: layerShares(def, r.contexts),
    micro: microRows(def, r),
    console: f.console,
  };
  if (error !== undefined) result.error = error;
  return result;
}

function microRows(def: ModeDef, r: ProbeResult): MicroRow[] {
  const rows = new Map<string, { count: number; instructions: number; traps: number }>();
  for (const [key, e] of r.episodes) {
    const [cause, irq, ctx] = key.split('|').map(Number);
    const name = microEvent(def, cause, irq === 1, ctx) ?? `other: ${causeName(cause, irq === 1)}`;
    const s = rows.get(name) ?? { count: 0, instructions: 0, traps: 0 };
    s.count += e.count; s.instructions += e.instructions; s.traps += e.traps;
    rows.set(name, s);
  }
  const out: MicroRow[] = [...rows].map(([event, s]) => ({
    event, count: s.count,
    instructionsPerEvent: Math.round(s.instructions / s.count),
    trapsPerEvent: round3(s.traps / s.count),
  }));
  for (const out_ of [false, true]) {
    const idx = r.ioOut.map((o, i) => (o === out_ ? i : -1)).filter((i) => i >= 0);
    if (idx.length === 0) continue;
    out.push({
      event: out_ ? 'I/O out (write or flush, system call to completion)' : 'I/O in (read, system call to completion)',
      count: idx.length,
      instructionsPerEvent: Math.round(idx.reduce((s, i) => s + r.ioLatencies[i], 0) / idx.length),
      trapsPerEvent: round3(idx.reduce((s, i) => s + r.ioTraps[i], 0) / idx.length),
    });
  }
  if (r.worldSwitches > 0) {
    out.push({
      event: 'VM switch (exit of one VM to entry of another)', count: r.worldSwitches,
      instructionsPerEvent: Math.round(r.switchInstructions / r.worldSwitches),
      trapsPerEvent: round3(r.switchTraps / r.worldSwitches),
    });
  }
  return out.sort((x, y) => y.count - x.count);
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;
