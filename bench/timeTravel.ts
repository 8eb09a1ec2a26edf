/**
 * Time-travel figures for `npm run bench` (issue bars in parentheses):
 *  - forward speed of a whole sv39 run under the debug runtime with automatic snapshots
 *    on, against the same run with time travel off (>= 90 %): seven alternating pairs,
 *    the median of the pairs' ratios (a busy host moves single runs by +-15 %);
 *  - snapshot memory per 10^8 instructions of sv39, with the pages copied, to show it
 *    is proportional to the pages the guest dirtied between snapshots;
 *  - step back (one instruction) at 10^9 instructions into a run of sv39long (sv39 with
 *    ten times the lookups): median and worst of 20 (median <= 100 ms);
 *  - reverse continue over 10^8 instructions back to a breakpoint (<= 2 s).
 */
import * as fs from 'fs';
import * as path from 'path';
import { DebugRuntime, type DebugHost, type RuntimeConfig } from '../emulator/debug/runtime';
import { parseElf } from '../emulator/loader/elf';

const host: DebugHost = {
  readFile: (p) => new Uint8Array(fs.readFileSync(p)),
  now: () => performance.now(),
  yieldToHost: () => new Promise((r) => setImmediate(r)),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

function runtime(elf: string, extra: Partial<RuntimeConfig> = {}): DebugRuntime {
  const rt = new DebugRuntime(host, { program: elf, firmware: elf, machine: 'virt', memoryMiB: 128, harts: 1, symbols: [], ...extra });
  rt.load();
  return rt;
}

export interface TimeTravelFigures {
  mipsOff: number;
  mipsOn: number;
  /** Median of the on/off ratios of adjacent runs (robust to a busy host), and best/best. */
  ratio: number;
  bestRatio: number;
  instructions: number;
  snapshotsTaken: number;
  snapshotsKept: number;
  pagesPer1e8: number;
  mibPer1e8: number;
  bytesPerPage: number;
  stepBackMedianMs: number;
  stepBackWorstMs: number;
  stepBackAt: number;
  reverseContinueMs: number;
  reverseContinueOver: number;
}

async function wholeRun(elf: string, on: boolean): Promise<{ mips: number; rt: DebugRuntime }> {
  const rt = runtime(elf, on ? {} : { timeTravel: false });
  const t0 = performance.now();
  await rt.continue();
  const s = (performance.now() - t0) / 1000;
  return { mips: rt.machine.instret / s / 1e6, rt };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export async function timeTravelFigures(root: string): Promise<TimeTravelFigures> {
  const sv39 = path.join(root, 'guests/bench/build/sv39.elf');
  const long = path.join(root, 'guests/bench/build-long/sv39long.elf');
  let off = 0, on = 0;
  let rec: DebugRuntime | undefined;
  const ratios: number[] = [];
  for (let round = 0; round < 7; round++) {
    const a = (await wholeRun(sv39, false)).mips;
    const r = await wholeRun(sv39, true);
    off = Math.max(off, a);
    ratios.push(r.mips / a);
    if (r.mips > on) { on = r.mips; rec = r.rt; }
  }
  const h = rec!.timeTravel!.history;
  const insns = rec!.machine.instret;
  const per = 1e8 / insns;

  // Step back at 10^9 instructions.
  const rt = runtime(long, { maxInsns: 1e9 });
  await rt.continue();
  const at = rt.machine.instret;
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    await rt.timeTravel!.stepBack(0, 'instruction');
    times.push(performance.now() - t0);
  }

  // Reverse continue over 10^8 instructions to a breakpoint hit once (s_main's entry).
  const img = parseElf(new Uint8Array(fs.readFileSync(long)));
  const sMain = img.symbolByName('s_main');
  const rc = runtime(long);
  rc.breakpoints.setInstructions([{ address: BigInt(sMain!.value) }]);
  await rc.continue();
  const hit = rc.machine.clock;
  rc.config.maxInsns = rc.machine.instret + 1e8;
  await rc.continue();
  const from = rc.machine.clock;
  const t0 = performance.now();
  await rc.timeTravel!.reverseContinue(0);
  const rcMs = performance.now() - t0;
  if (rc.machine.clock !== hit) throw new Error(`reverse continue landed at ${rc.machine.clock}, not at the breakpoint hit ${hit}`);

  return {
    mipsOff: off, mipsOn: on, ratio: median(ratios), bestRatio: on / off, instructions: insns,
    snapshotsTaken: h.taken, snapshotsKept: h.snapshots.length,
    pagesPer1e8: h.pagesCopied * per, mibPer1e8: (h.bytesCopied * per) / 1048576,
    bytesPerPage: h.bytesCopied / Math.max(1, h.pagesCopied),
    stepBackMedianMs: median(times), stepBackWorstMs: Math.max(...times), stepBackAt: at,
    reverseContinueMs: rcMs, reverseContinueOver: from - hit,
  };
}

export function printTimeTravel(f: TimeTravelFigures): void {
  const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
  console.log('\ntime travel (sv39, debug runtime):');
  console.log(`  forward speed with snapshots on: ${pct(f.ratio)} of off (median of 7 adjacent pairs; bar 90 %); best runs ${f.mipsOn.toFixed(1)} / ${f.mipsOff.toFixed(1)} MIPS = ${pct(f.bestRatio)}`);
  console.log(`  snapshots: ${f.snapshotsTaken} taken over ${(f.instructions / 1e6).toFixed(0)} M instructions, ${f.snapshotsKept} kept after thinning`);
  console.log(`  snapshot memory per 10^8 instructions: ${f.mibPer1e8.toFixed(2)} MiB for ${f.pagesPer1e8.toFixed(0)} dirtied pages copied (${(f.bytesPerPage / 1024).toFixed(2)} KiB per page: the page and its share of the CPU/device state)`);
  console.log(`  step back at ${(f.stepBackAt / 1e9).toFixed(2)} x 10^9 instructions (sv39long): median ${f.stepBackMedianMs.toFixed(1)} ms, worst ${f.stepBackWorstMs.toFixed(1)} ms of 20 (bar: median <= 100 ms)`);
  console.log(`  reverse continue over ${(f.reverseContinueOver / 1e6).toFixed(1)} M instructions: ${(f.reverseContinueMs / 1000).toFixed(2)} s (bar 2 s)`);
}
