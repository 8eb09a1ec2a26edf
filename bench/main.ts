/**
 * HyperStep benchmark runner (`npm run bench`, bundled to dist/bench.js).
 *
 * Runs every workload ELF in guests/bench/build-long (the long variants, sized so that
 * each takes >= 2 s under QEMU and QEMU's start-up does not flatter the comparison;
 * `--quick` runs the short ELFs of guests/bench/build instead) on the `virt` board
 * through `runElf`, checks that the guest passed its own checksum (exit code 0 via the
 * test finisher), and prints instructions, host seconds, MIPS and the host memory
 * after the run. When qemu-system-riscv64 is on PATH the same ELFs are also timed
 * under QEMU (wall clock, best of N runs, including QEMU's start-up) and each
 * workload's speed is given as a fraction of QEMU's (QEMU seconds / HyperStep
 * seconds), with their geometric mean and the pass/fail lines of issue 14's bars
 * (geometric mean >= 0.5x QEMU's speed, no workload below 0.25x). Then the start-up
 * time of `node dist/cli.js demo` (median of 5) and, with --linux, the Linux boot.
 * Results are also written to dist/bench-results.json.
 *
 * Memory and start-up are compared with bench/baseline.json (figures recorded by
 * `--write-baseline` before the wasm tier): bars +64 MiB RSS per workload, start-up
 * within 10 % of the baseline.
 *
 * `sv39vs` runs sv39's S-mode work as a VS-mode guest under a minimal HS-mode
 * host (H extension, guests/lib/hvhost.c; QEMU runs it with -cpu rv64,h=true).
 * After the table a line compares its speed with sv39's (MIPS ratio; the
 * acceptance bar is 70 % of native S-mode speed) and gives its VM exits per
 * million instructions, from the emulator's RunResult.stats.
 *
 * Options:
 *   --filter NAME   only workloads whose name contains NAME (repeatable,
 *                   or comma-separated)
 *   --no-qemu       skip the QEMU comparison
 *   --repeat N      run each workload N times on HyperStep, report the best
 *   --qemu-runs N   QEMU runs per workload, best is reported (default 3)
 *   --verbose       echo the guest console
 *   --no-debugger   skip the figures under the debugger (bench/debugger.ts)
 *   --no-time-travel skip the time-travel figures (bench/timeTravel.ts)
 *   --linux         also run the `linux` workload (bench/linux.ts): boot Debian's
 *                   kernel + busybox initramfs to power-off on HyperStep and QEMU
 *                   (minutes; fetches the kernel into ~/.cache/hyperstep/linux once)
 *   --linux-harts L hart counts of the linux workload (default 1,4)
 *   NAME...         positional workload names, as --filter; `bench linux` runs only
 *                   the linux workload (it never runs unless named or --linux)
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import * as vm from 'vm';
import { runElf } from '../emulator/runElf';
import { debuggerFigures } from './debugger';
import { printTimeTravel, timeTravelFigures } from './timeTravel';
import { linuxBench, type LinuxBenchResult } from './linux';

/** Preferred order; any other ELF found in the build directory follows. */
const KNOWN_WORKLOADS = ['intmix', 'ptrchase', 'branchy', 'muldiv', 'fpu', 'sv39', 'sv39vs', 'coremark_like'];
/** ELFs of guests/bench/build-long that are not workloads (sv39long serves bench/timeTravel.ts). */
const NOT_WORKLOADS = new Set(['sv39long']);
/** Issue 14's speed bars, as fractions of QEMU's speed (QEMU s / HyperStep s). */
const SPEED_GEOMEAN_BAR = 0.5;
const SPEED_MIN_BAR = 0.25;
/** Issue 14's memory bar: at most this much more RSS than the baseline, per workload. */
const MEMORY_BAR_MIB = 64;
/** Issue 14's start-up bar: `hyperstep demo` within this fraction of the baseline. */
const STARTUP_BAR = 0.1;
const STARTUP_RUNS = 5;
/** QEMU -cpu for workloads that need more than QEMU's default hart. */
const QEMU_CPU: Record<string, string> = { sv39vs: 'rv64,h=true' };
/** sv39vs must reach this fraction of sv39's MIPS (guest vs native S-mode). */
const VS_SPEED_BAR = 0.7;
/** Safety net so a broken emulator cannot spin forever (long workloads retire < 6e9). */
const MAX_INSNS = 20_000_000_000;
const QEMU = 'qemu-system-riscv64';

interface Options {
  filters: string[];
  qemu: boolean;
  repeat: number;
  qemuRuns: number;
  verbose: boolean;
  debugger: boolean;
  timeTravel: boolean;
  linux: boolean;
  linuxHarts: number[];
  quick: boolean;
  startup: boolean;
  writeBaseline: boolean;
  /** A cli.js built from the tree before the change: its demo start-up is timed alternately with ours. */
  startupBaseline?: string;
}

/** Host memory of the bench process right after a workload's run (MiB). */
interface MemoryFigures {
  rssMiB: number;
  heapUsedMiB: number;
  /** ArrayBuffers and other memory outside V8's heap (guest RAM lives here). */
  externalMiB: number;
  /** Peak RSS of the process so far (process.resourceUsage().maxRSS). */
  peakRssMiB: number;
}

/** Figures recorded before the wasm tier, the reference of the memory and start-up bars. */
interface Baseline {
  date: string;
  commit: string;
  note: string;
  startupSeconds: number;
  rssMiB: Record<string, number>;
}

interface WorkloadResult {
  name: string;
  ok: boolean;
  error?: string;
  instructions: number;
  hostSeconds: number;
  mips: number;
  /** Every HyperStep run's wall-clock seconds. */
  runs: number[];
  qemuSeconds?: number;
  qemuRuns?: number[];
  qemuOk?: boolean;
  /** HyperStep seconds / QEMU seconds. */
  ratio?: number;
  /** QEMU seconds / HyperStep seconds: HyperStep's speed as a fraction of QEMU's. */
  speed?: number;
  memory?: MemoryFigures;
  /** Traps from V=1 into HS or M (RunResult.stats.vmExits), when the emulator reports it. */
  vmExits?: number;
  vmExitsPerMInsn?: number;
  instructionsByMode?: ModeCounts;
}

type ModeCounts = Record<'M' | 'HS' | 'U' | 'VS' | 'VU', number>;

/**
 * The hypervisor figures of a run: RunResult.stats ({ vmExits, instructionsByMode }),
 * read defensively so the runner also works with an emulator that lacks them.
 */
function vmStats(r: object): { vmExits: number; instructionsByMode?: ModeCounts } | undefined {
  const stats = (r as { stats?: { vmExits?: unknown; instructionsByMode?: unknown } }).stats;
  if (!stats || typeof stats.vmExits !== 'number') return undefined;
  const modes = stats.instructionsByMode;
  const ok = typeof modes === 'object' && modes !== null &&
    ['M', 'HS', 'U', 'VS', 'VU'].every((k) => typeof (modes as Record<string, unknown>)[k] === 'number');
  return { vmExits: stats.vmExits, instructionsByMode: ok ? { ...(modes as ModeCounts) } : undefined };
}

/** sv39vs against sv39: the figures printed after the table and stored in the JSON. */
interface HypervisorFigures {
  /** sv39vs MIPS / sv39 MIPS (guest speed as a fraction of native S-mode speed). */
  mipsRatio: number | null;
  meetsBar: boolean | null;
  bar: number;
  vmExits: number | null;
  vmExitsPerMInsn: number | null;
  /** Share of sv39vs's instructions retired in VS-mode. */
  vsShare: number | null;
  /** QEMU's sv39vs time / sv39 time, for comparison. */
  qemuTimeRatio: number | null;
}

function usage(): never {
  process.stdout.write(
    'usage: bench [--quick] [--filter NAME]... [--no-qemu] [--repeat N] [--qemu-runs N] [--verbose] [--no-debugger]\n' +
    '             [--no-time-travel] [--no-startup] [--write-baseline] [--startup-baseline CLI.JS]\n' +
    '             [--linux] [--linux-harts 1,4] [NAME...]\n' +
    '  --quick: the short workload ELFs (guests/bench/build; QEMU start-up flatters its ratios), one QEMU\n' +
    '  run each, no debugger, time-travel or start-up figures. --write-baseline: record this run\'s memory\n' +
    '  and start-up figures in bench/baseline.json (the reference of the memory and start-up bars).\n' +
    '  --startup-baseline CLI.JS: time the demo start-up of this cli.js (a build of the tree before the\n' +
    '  change) alternately with dist/cli.js, and judge the start-up bar against it instead.\n' +
    '  NAME: workload names, as --filter. The linux workload (boot Debian Linux to power-off on\n' +
    '  HyperStep and QEMU, minutes) runs only when named (`npm run bench -- linux`) or with --linux.\n',
  );
  process.exit(2);
}

function positiveInt(v: string | undefined, flag: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`bench: ${flag} needs a positive integer\n`);
    usage();
  }
  return n;
}

function parseArgs(argv: string[]): Options {
  const o: Options = {
    filters: [], qemu: true, repeat: 1, qemuRuns: 0, verbose: false, debugger: true, timeTravel: true, linux: false, linuxHarts: [1, 4],
    quick: false, startup: true, writeBaseline: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.indexOf('=');
    const flag = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const inline = a.startsWith('--') && eq > 0 ? a.slice(eq + 1) : undefined;
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--filter': {
        const v = value();
        if (!v) usage();
        o.filters.push(...v.split(',').filter((s) => s.length > 0));
        break;
      }
      case '--no-qemu': o.qemu = false; break;
      case '--repeat': o.repeat = positiveInt(value(), '--repeat'); break;
      case '--qemu-runs': o.qemuRuns = positiveInt(value(), '--qemu-runs'); break;
      case '--verbose': case '-v': o.verbose = true; break;
      case '--no-debugger': o.debugger = false; break;
      case '--no-time-travel': o.timeTravel = false; break;
      case '--linux': o.linux = true; break;
      case '--quick': o.quick = true; break;
      case '--no-startup': o.startup = false; break;
      case '--write-baseline': o.writeBaseline = true; break; // refused with --quick, below
      case '--startup-baseline': {
        const v = value();
        if (!v || !fs.existsSync(v)) {
          process.stderr.write(`bench: --startup-baseline needs an existing cli.js (got ${String(v)})\n`);
          usage();
        }
        o.startupBaseline = path.resolve(v);
        break;
      }
      case '--linux-harts': {
        const v = value() ?? '';
        o.linuxHarts = v.split(',').filter((s) => s.length > 0).map((s) => positiveInt(s, '--linux-harts'));
        if (o.linuxHarts.length === 0 || o.linuxHarts.some((n) => n > 8)) {
          process.stderr.write('bench: --linux-harts needs hart counts from 1 to 8, e.g. 1,4\n');
          usage();
        }
        break;
      }
      case '--help': case '-h': usage(); break;
      default:
        if (!a.startsWith('-')) { o.filters.push(...a.split(',').filter((s) => s.length > 0)); break; }
        process.stderr.write(`bench: unknown option ${a}\n`);
        usage();
    }
  }
  // Long runs: best of 2 keeps the whole bench within minutes; short runs: best of 3 (full) or 1 (quick).
  if (o.qemuRuns === 0) o.qemuRuns = o.quick ? 1 : 2;
  if (o.quick && o.writeBaseline) {
    process.stderr.write('bench: --write-baseline needs the long runs (not --quick)\n');
    usage();
  }
  if (o.quick) { o.debugger = false; o.timeTravel = false; o.startup = false; }
  return o;
}

/** Repository root: this file lives in bench/ (source) or dist/ (bundle). */
function repoRoot(): string {
  const candidates = [path.resolve(__dirname, '..'), process.cwd()];
  for (const c of candidates) {
    if (fs.existsSync(path.join(c, 'guests', 'bench'))) return c;
  }
  return candidates[0];
}

function findWorkloads(buildDir: string, filters: string[]): string[] {
  let names: string[] = [];
  try {
    names = fs.readdirSync(buildDir)
      .filter((f) => f.endsWith('.elf'))
      .map((f) => f.slice(0, -4))
      .filter((n) => !NOT_WORKLOADS.has(n));
  } catch {
    return [];
  }
  const rank = (n: string): number => {
    const k = KNOWN_WORKLOADS.indexOf(n);
    return k < 0 ? KNOWN_WORKLOADS.length : k;
  };
  names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  if (filters.length > 0) names = names.filter((n) => filters.some((f) => n.includes(f)));
  return names;
}

function nowSeconds(): number {
  return Number(process.hrtime.bigint()) / 1e9;
}

function qemuAvailable(): boolean {
  const r = spawnSync(QEMU, ['--version'], { stdio: 'ignore' });
  return !r.error && r.status === 0;
}

interface QemuRun { seconds: number; ok: boolean; detail: string }

function runQemu(elfPath: string, cpu?: string): QemuRun {
  const args = [
    '-M', 'virt', ...(cpu ? ['-cpu', cpu] : []), '-m', '128M', '-bios', 'none', '-kernel', elfPath,
    '-nodefaults', '-display', 'none', '-serial', 'stdio', '-monitor', 'none',
  ];
  const t0 = nowSeconds();
  const r = spawnSync(QEMU, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    timeout: 120_000,
  });
  const seconds = nowSeconds() - t0;
  const out = r.stdout ?? '';
  const ok = !r.error && r.status === 0 && / ok\b/.test(out);
  const detail = r.error
    ? String(r.error.message)
    : `status ${String(r.status)}${r.signal ? ` signal ${r.signal}` : ''}: ${lastLine(out + (r.stderr ?? ''))}`;
  return { seconds, ok, detail };
}

function lastLine(s: string): string {
  const lines = s.trim().split('\n');
  return lines[lines.length - 1] ?? '';
}

const MiB = 1024 * 1024;

/** A garbage collector to call before a workload, so its memory figures start clean. */
const collectGarbage: () => void = (() => {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as unknown;
    if (typeof gc === 'function') return gc as () => void;
  } catch { /* not available: figures include earlier garbage */ }
  return (): void => {};
})();

function memoryFigures(): MemoryFigures {
  const m = process.memoryUsage();
  return {
    rssMiB: m.rss / MiB, heapUsedMiB: m.heapUsed / MiB, externalMiB: m.external / MiB,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  };
}

function runHyperStep(name: string, elf: Uint8Array, opts: Options): WorkloadResult {
  const res: WorkloadResult = {
    name, ok: true, instructions: 0, hostSeconds: Infinity, mips: 0, runs: [],
  };
  for (let i = 0; i < opts.repeat; i++) {
    collectGarbage();
    const t0 = nowSeconds();
    let r;
    try {
      r = runElf(elf, {
        machine: 'virt',
        maxInsns: MAX_INSNS,
        onConsole: opts.verbose ? (t: string): void => { process.stdout.write(t); } : undefined,
      });
    } catch (e) {
      res.ok = false;
      res.error = `emulator threw: ${e instanceof Error ? e.stack ?? e.message : String(e)}`;
      return res;
    }
    const seconds = nowSeconds() - t0;
    // Memory while the run's machine (its guest RAM, compiled code) is still reachable.
    res.memory = memoryFigures();
    res.runs.push(seconds);
    if (r.reason !== 'exit' || r.exitCode !== 0) {
      res.ok = false;
      res.error = `guest ${r.reason === 'exit' ? `exited with code ${r.exitCode}` : `stopped (${r.reason})`}` +
        ` after ${r.instret} instructions; console: ${JSON.stringify(lastLine(r.console))}`;
      res.instructions = r.instret;
      return res;
    }
    if (i > 0 && r.instret !== res.instructions) {
      res.ok = false;
      res.error = `instruction count not deterministic: ${res.instructions} then ${r.instret}`;
    }
    res.instructions = r.instret;
    if (seconds < res.hostSeconds) res.hostSeconds = seconds;
    const vm = vmStats(r);
    if (vm) {
      res.vmExits = vm.vmExits;
      res.vmExitsPerMInsn = vm.vmExits / (r.instret / 1e6);
      res.instructionsByMode = vm.instructionsByMode;
    }
  }
  res.mips = res.instructions / res.hostSeconds / 1e6;
  return res;
}

function geomean(xs: number[]): number {
  if (xs.length === 0) return NaN;
  return Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
}

function pad(s: string, w: number, left = false): string {
  return left ? s.padEnd(w) : s.padStart(w);
}

function fmt(n: number | undefined, digits: number): string {
  return n === undefined || !Number.isFinite(n) ? '-' : n.toFixed(digits);
}

/** Adjacent (sv39, sv39vs) runs the guest-speed ratio is the median of: one run of each
 *  (a second or two apiece) varies by 20-40 % on a 2-core VM, enough to put the same
 *  build on either side of the bar. */
const VS_PAIRS = 3;

/** The median over VS_PAIRS adjacent runs of sv39vs MIPS / sv39 MIPS, or null when a run
 *  fails. */
function pairedGuestRatio(buildDir: string, opts: Options): number | null {
  const elfs = ['sv39', 'sv39vs'].map((n) => new Uint8Array(fs.readFileSync(path.join(buildDir, `${n}.elf`))));
  const ratios: number[] = [];
  for (let i = 0; i < VS_PAIRS; i++) {
    const native = runHyperStep('sv39', elfs[0], opts);
    const guest = runHyperStep('sv39vs', elfs[1], opts);
    if (!native.ok || !guest.ok) return null;
    ratios.push(guest.mips / native.mips);
  }
  return median(ratios);
}

/**
 * When sv39vs ran: print its speed relative to sv39 (the median of VS_PAIRS adjacent
 * pairs of runs) and its VM exits per million instructions; returns the figures for the
 * JSON (null otherwise).
 */
function hypervisorFigures(results: WorkloadResult[], buildDir: string, opts: Options): HypervisorFigures | null {
  const vs = results.find((r) => r.name === 'sv39vs');
  if (!vs) return null;
  const native = results.find((r) => r.name === 'sv39');
  const fig: HypervisorFigures = {
    mipsRatio: null, meetsBar: null, bar: VS_SPEED_BAR, vmExits: vs.vmExits ?? null,
    vmExitsPerMInsn: vs.vmExitsPerMInsn ?? null, vsShare: null, qemuTimeRatio: null,
  };
  const parts: string[] = [];
  if (!vs.ok) {
    parts.push('failed (needs the H extension)');
  } else if (native?.ok) {
    fig.mipsRatio = pairedGuestRatio(buildDir, opts) ?? vs.mips / native.mips;
    fig.meetsBar = fig.mipsRatio >= VS_SPEED_BAR;
    parts.push(`${(fig.mipsRatio * 100).toFixed(0)} % of native S-mode speed (median of ${VS_PAIRS} adjacent ` +
      `pairs of runs; ${fig.meetsBar ? 'meets' : 'BELOW'} the ${(VS_SPEED_BAR * 100).toFixed(0)} % bar); ` +
      `in the table ${fmt(vs.mips, 1)} / ${fmt(native.mips, 1)} MIPS`);
  } else {
    parts.push(`${fmt(vs.mips, 1)} MIPS (no passing sv39 run to compare with)`);
  }
  if (vs.ok) {
    if (vs.vmExits !== undefined) {
      parts.push(`${fmt(vs.vmExitsPerMInsn, 2)} VM exits per million instructions (${vs.vmExits} exits)`);
      const m = vs.instructionsByMode;
      if (m) {
        const total = m.M + m.HS + m.U + m.VS + m.VU;
        fig.vsShare = total > 0 ? m.VS / total : null;
        if (fig.vsShare !== null) parts.push(`${(fig.vsShare * 100).toFixed(2)} % of instructions in VS-mode`);
      }
    } else {
      parts.push('VM exits: n/a (this emulator build has no RunResult.stats.vmExits)');
    }
  }
  if (vs.qemuSeconds !== undefined && native?.qemuSeconds !== undefined) {
    fig.qemuTimeRatio = vs.qemuSeconds / native.qemuSeconds;
    parts.push(`QEMU: sv39vs takes ${fig.qemuTimeRatio.toFixed(2)}x sv39's time`);
  }
  process.stdout.write(`sv39vs vs sv39: ${parts.join('; ')}\n`);
  return fig;
}

/** The speed bars of issue 14, over the workloads with a QEMU time. */
interface SpeedBars {
  geomean: number;
  geomeanBar: number;
  geomeanMet: boolean;
  slowest: string;
  slowestSpeed: number;
  minBar: number;
  minMet: boolean;
  /** Short runs (--quick): QEMU's start-up weighs on its time, the bars are indicative only. */
  quick: boolean;
}

function passFail(ok: boolean): string {
  return ok ? 'PASS' : 'FAIL';
}

function printSpeedBars(speeds: WorkloadResult[], gm: number, quick: boolean): SpeedBars {
  const slowest = speeds.reduce((a, b) => ((b.speed as number) < (a.speed as number) ? b : a));
  const bars: SpeedBars = {
    geomean: gm, geomeanBar: SPEED_GEOMEAN_BAR, geomeanMet: gm >= SPEED_GEOMEAN_BAR,
    slowest: slowest.name, slowestSpeed: slowest.speed as number, minBar: SPEED_MIN_BAR,
    minMet: (slowest.speed as number) >= SPEED_MIN_BAR, quick,
  };
  const w = (s: string): void => { process.stdout.write(s + '\n'); };
  w(`speed as a fraction of QEMU's (QEMU s / HyperStep s), geometric mean over ${speeds.length}: ${gm.toFixed(3)}` +
    (quick ? ' (short runs: indicative only)' : ''));
  w(`  [${passFail(bars.geomeanMet)}] geometric mean >= ${SPEED_GEOMEAN_BAR.toFixed(2)}x QEMU's speed: ${gm.toFixed(3)}`);
  w(`  [${passFail(bars.minMet)}] no workload below ${SPEED_MIN_BAR.toFixed(2)}x: slowest ${slowest.name} ${bars.slowestSpeed.toFixed(3)}` +
    (bars.minMet ? '' : ` (below: ${speeds.filter((r) => (r.speed as number) < SPEED_MIN_BAR).map((r) => r.name).join(', ')})`));
  return bars;
}

function baselinePath(root: string): string {
  return path.join(root, 'bench', 'baseline.json');
}

function readBaseline(root: string): Baseline | null {
  try {
    return JSON.parse(fs.readFileSync(baselinePath(root), 'utf8')) as Baseline;
  } catch {
    return null;
  }
}

/** Memory after each workload, against the baseline's RSS (bar: +64 MiB). */
function printMemory(results: WorkloadResult[], baseline: Baseline | null, quick: boolean): { met: boolean | null; worstDeltaMiB: number | null } {
  const w = (s: string): void => { process.stdout.write(s + '\n'); };
  const peak = Math.max(...results.map((r) => r.memory?.peakRssMiB ?? 0));
  w(`host memory after each run (RSS, V8 heap; guest RAM is outside the heap): peak RSS ${peak.toFixed(0)} MiB`);
  if (quick) {
    w(`  [n/a ] memory bar (+${MEMORY_BAR_MIB} MiB): the baseline is of the long runs, not --quick`);
    return { met: null, worstDeltaMiB: null };
  }
  if (baseline === null) {
    w(`  [n/a ] memory bar (+${MEMORY_BAR_MIB} MiB): no bench/baseline.json (record one with --write-baseline)`);
    return { met: null, worstDeltaMiB: null };
  }
  let worst: { name: string; delta: number } | null = null;
  for (const r of results) {
    const base = baseline.rssMiB[r.name];
    if (base === undefined || r.memory === undefined) continue;
    const delta = r.memory.rssMiB - base;
    if (worst === null || delta > worst.delta) worst = { name: r.name, delta };
  }
  if (worst === null) {
    w('  [n/a ] memory bar: the baseline has none of these workloads');
    return { met: null, worstDeltaMiB: null };
  }
  const met = worst.delta <= MEMORY_BAR_MIB;
  w(`  [${passFail(met)}] at most +${MEMORY_BAR_MIB} MiB RSS over the baseline (${baseline.commit}, ${baseline.date.slice(0, 10)}): ` +
    `largest ${worst.delta >= 0 ? '+' : ''}${worst.delta.toFixed(0)} MiB (${worst.name})`);
  return { met, worstDeltaMiB: worst.delta };
}

interface StartupFigures {
  runs: number[];
  median: number;
  baseline: number | null;
  /** Where the baseline comes from: bench/baseline.json, or a cli.js timed in this run. */
  baselineSource: string | null;
  baselineRuns?: number[];
  met: boolean | null;
}

/** Wall seconds of one `node CLI demo`, or null when it fails. */
function timeDemo(cli: string): number | null {
  const t0 = nowSeconds();
  const r = spawnSync(process.execPath, [cli, 'demo'], { stdio: 'ignore', timeout: 60_000 });
  return r.status === 0 ? nowSeconds() - t0 : null;
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}

/**
 * Wall time of `node dist/cli.js demo`, median of 5, against the baseline (bar: +-10 %; faster
 * passes too). With `baselineCli` the baseline's runs alternate with ours in this run (on a shared
 * machine the load changes by more than 10 % between runs); otherwise bench/baseline.json.
 */
function printStartup(root: string, baseline: Baseline | null, baselineCli?: string): StartupFigures | null {
  const cli = path.join(root, 'dist', 'cli.js');
  const w = (s: string): void => { process.stdout.write(s + '\n'); };
  if (!fs.existsSync(cli)) {
    w('start-up: dist/cli.js missing (npm run build)');
    return null;
  }
  const runs: number[] = [], baseRuns: number[] = [];
  for (let i = 0; i < STARTUP_RUNS; i++) {
    for (const [c, into] of baselineCli ? [[cli, runs], [baselineCli, baseRuns]] as const : [[cli, runs]] as const) {
      const s = timeDemo(c);
      if (s === null) {
        w(`start-up: node ${c} demo failed`);
        return null;
      }
      into.push(s);
    }
  }
  const med = median(runs);
  const base = baselineCli ? median(baseRuns) : baseline?.startupSeconds ?? null;
  const source = baselineCli ? `${path.relative(process.cwd(), baselineCli)} in this run` : baseline ? `bench/baseline.json, ${baseline.commit}` : null;
  const met = base === null ? null : med <= base * (1 + STARTUP_BAR);
  w(`\nstart-up: node dist/cli.js demo, median of ${STARTUP_RUNS}: ${med.toFixed(3)} s (runs ${runs.map((x) => x.toFixed(2)).join(' ')})`);
  w(base === null ? '  [n/a ] start-up bar: no bench/baseline.json (record one with --write-baseline)'
    : `  [${passFail(met === true)}] as fast as the baseline (${base.toFixed(3)} s, ${source}) +-${(STARTUP_BAR * 100).toFixed(0)} %: ` +
      `${med >= base ? '+' : ''}${((100 * (med - base)) / base).toFixed(1)} %`);
  return { runs, median: med, baseline: base, baselineSource: source, ...(baselineCli ? { baselineRuns: baseRuns } : {}), met };
}

function gitCommit(root: string): string {
  const r = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : 'unknown';
}

function writeBaseline(root: string, results: WorkloadResult[], startup: StartupFigures | null): void {
  const old = readBaseline(root);
  const rssMiB: Record<string, number> = { ...(old?.rssMiB ?? {}) };
  for (const r of results) if (r.ok && r.memory) rssMiB[r.name] = Math.round(r.memory.rssMiB);
  const b: Baseline = {
    date: new Date().toISOString(),
    commit: gitCommit(root),
    note: 'Reference of the memory and start-up bars of `npm run bench`: RSS after each long workload (MiB) and ' +
      'the median wall time of `node dist/cli.js demo`, recorded by `npm run bench -- --write-baseline` before the wasm tier.',
    startupSeconds: startup?.median ?? old?.startupSeconds ?? 0,
    rssMiB,
  };
  fs.writeFileSync(baselinePath(root), JSON.stringify(b, null, 2) + '\n');
  process.stdout.write(`baseline written to ${path.relative(process.cwd(), baselinePath(root))}\n`);
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const root = repoRoot();
  const buildDir = path.join(root, 'guests', 'bench', opts.quick ? 'build' : 'build-long');
  // The linux workload runs only when asked for: by name (`bench linux`) or --linux.
  const runLinux = opts.linux || opts.filters.includes('linux');
  const elfFilters = opts.filters.filter((f) => f !== 'linux');
  const runElfs = opts.filters.length === 0 || elfFilters.length > 0;
  const names = runElfs ? findWorkloads(buildDir, elfFilters) : [];
  if (runElfs && names.length === 0) {
    process.stderr.write(`bench: no workload ELFs${elfFilters.length ? ' match the filter' : ''} in ${buildDir}\n`);
    process.exit(1);
  }

  const useQemu = opts.qemu && qemuAvailable();
  const hsLabel = opts.repeat > 1 ? `best of ${opts.repeat}` : 'single run';
  process.stdout.write(`HyperStep benchmark: ${names.length + (runLinux ? 1 : 0)} workload(s)` +
    (names.length > 0 ? (opts.quick ? ' (--quick: short runs, QEMU start-up flatters the ratios)' : ' (long runs)') : '') +
    (names.length > 0 ? `, HyperStep ${hsLabel}` : '') +
    (useQemu ? (names.length > 0 ? `, QEMU best of ${opts.qemuRuns} (wall clock incl. start-up)` : '') :
      opts.qemu ? `, ${QEMU} not found: no QEMU comparison` : '') + '\n' + (names.length > 0 ? '\n' : ''));

  const header = [pad('workload', 13, true), pad('instructions', 14), pad('host s', 8), pad('MIPS', 8), pad('RSS MiB', 8), pad('heap MiB', 8)];
  if (useQemu) header.push(pad('QEMU s', 8), pad('xQEMU', 6));
  if (names.length > 0) {
    process.stdout.write(header.join('  ') + '\n');
    process.stdout.write('-'.repeat(header.join('  ').length) + '\n');
  }

  const results: WorkloadResult[] = [];
  for (const name of names) {
    const elfPath = path.join(buildDir, `${name}.elf`);
    const elf = new Uint8Array(fs.readFileSync(elfPath));
    const res = runHyperStep(name, elf, opts);
    if (useQemu) {
      const runs: QemuRun[] = [];
      for (let i = 0; i < opts.qemuRuns; i++) {
        const q = runQemu(elfPath, QEMU_CPU[name]);
        runs.push(q);
        if (!q.ok) break;
      }
      res.qemuRuns = runs.map((q) => q.seconds);
      res.qemuOk = runs.every((q) => q.ok);
      if (res.qemuOk) {
        res.qemuSeconds = Math.min(...res.qemuRuns);
        if (res.ok) {
          res.ratio = res.hostSeconds / res.qemuSeconds;
          res.speed = res.qemuSeconds / res.hostSeconds;
        }
      } else {
        const bad = runs[runs.length - 1];
        process.stderr.write(`bench: ${name}: QEMU run failed (${bad.detail})\n`);
      }
    }
    results.push(res);
    const row = [
      pad(name, 13, true),
      pad(res.instructions ? res.instructions.toLocaleString('en-US') : '-', 14),
      pad(res.ok ? fmt(res.hostSeconds, 3) : 'FAIL', 8),
      pad(res.ok ? fmt(res.mips, 1) : '-', 8),
      pad(fmt(res.memory?.rssMiB, 0), 8),
      pad(fmt(res.memory?.heapUsedMiB, 0), 8),
    ];
    if (useQemu) row.push(pad(fmt(res.qemuSeconds, 3), 8), pad(res.speed ? res.speed.toFixed(3) : '-', 6));
    process.stdout.write(row.join('  ') + '\n');
    if (!res.ok) process.stderr.write(`bench: ${name}: ${res.error ?? 'failed'}\n`);
  }

  const good = results.filter((r) => r.ok);
  const gmMips = geomean(good.map((r) => r.mips));
  const ratios = good.filter((r) => r.ratio !== undefined).map((r) => r.ratio as number);
  const gmRatio = geomean(ratios);
  if (results.length > 0) {
    process.stdout.write('\n');
    process.stdout.write(`geometric mean MIPS: ${fmt(gmMips, 1)}` +
      (good.length < results.length ? ` (over ${good.length} passing of ${results.length})` : '') + '\n');
  }
  const speeds = good.filter((r) => r.speed !== undefined);
  const gmSpeed = geomean(speeds.map((r) => r.speed as number));
  let speedBars: SpeedBars | null = null;
  if (speeds.length > 0) {
    process.stdout.write(`geometric mean HyperStep/QEMU time: ${gmRatio.toFixed(2)}x\n`);
    speedBars = printSpeedBars(speeds, gmSpeed, opts.quick);
  }
  const baseline = readBaseline(root);
  const memoryBar = results.length > 0 ? printMemory(results, baseline, opts.quick) : null;

  const hypervisor = hypervisorFigures(results, buildDir, opts);

  let startup: StartupFigures | null = null;
  if (opts.startup) startup = printStartup(root, baseline, opts.startupBaseline);

  let linux: LinuxBenchResult[] | null = null;
  if (runLinux) {
    linux = await linuxBench({
      harts: opts.linuxHarts, qemu: useQemu, verbose: opts.verbose,
      log: (line) => { process.stderr.write(`bench: linux: ${line}\n`); },
    });
  }

  const outDir = path.join(root, 'dist');
  fs.mkdirSync(outDir, { recursive: true });
  const json = {
    date: new Date().toISOString(),
    host: { node: process.version, platform: `${os.platform()}-${os.arch()}`, cpu: os.cpus()[0]?.model ?? 'unknown' },
    options: {
      repeat: opts.repeat, qemu: useQemu, qemuRuns: useQemu ? opts.qemuRuns : 0, filters: opts.filters,
      ...(runLinux ? { linuxHarts: opts.linuxHarts } : {}),
    },
    results: results.map((r) => ({
      ...r,
      hostSeconds: Number.isFinite(r.hostSeconds) ? r.hostSeconds : null,
    })),
    geomeanMips: Number.isFinite(gmMips) ? gmMips : null,
    geomeanRatio: Number.isFinite(gmRatio) ? gmRatio : null,
    geomeanSpeed: Number.isFinite(gmSpeed) ? gmSpeed : null,
    ...(speedBars ? { speedBars } : {}),
    ...(memoryBar ? { memoryBar } : {}),
    ...(startup ? { startup } : {}),
    ...(hypervisor ? { hypervisor } : {}),
    ...(runLinux ? { linux } : {}),
  };
  const outFile = path.join(outDir, 'bench-results.json');
  fs.writeFileSync(outFile, JSON.stringify(json, null, 2) + '\n');
  process.stdout.write(`results written to ${path.relative(process.cwd(), outFile) || outFile}\n`);
  if (opts.writeBaseline) writeBaseline(root, results, startup);

  if (opts.debugger && names.length > 0) await debuggerFigures(root, good.map((r) => r.name).filter((n) => n === 'intmix' || n === 'sv39'));
  if (opts.timeTravel && good.some((r) => r.name === 'sv39')) {
    const tt = await timeTravelFigures(root);
    printTimeTravel(tt);
    fs.writeFileSync(path.join(outDir, 'bench-timetravel.json'), JSON.stringify(tt, null, 2) + '\n');
  }

  const failed = results.filter((r) => !r.ok || r.qemuOk === false).map((r) => r.name);
  if (runLinux && (linux === null || linux.some((r) => !r.hyperstep.ok || r.qemu?.ok === false))) failed.push('linux');
  if (failed.length > 0) {
    process.stderr.write(`bench: ${failed.length} workload(s) failed: ${failed.join(', ')}\n`);
    process.exit(1);
  }
}

void main();
