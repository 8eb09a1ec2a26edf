/**
 * HyperStep benchmark runner (`npm run bench`, bundled to dist/bench.js).
 *
 * Runs every workload ELF in guests/bench/build on the `virt` board through
 * `runElf`, checks that the guest passed its own checksum (exit code 0 via the
 * test finisher), and prints instructions, host seconds and MIPS. When
 * qemu-system-riscv64 is on PATH the same ELFs are also timed under QEMU
 * (wall clock, best of N runs, including QEMU's start-up) for a ratio.
 * Results are also written to dist/bench-results.json.
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
import { runElf } from '../emulator/runElf';
import { debuggerFigures } from './debugger';
import { printTimeTravel, timeTravelFigures } from './timeTravel';
import { linuxBench, type LinuxBenchResult } from './linux';

/** Preferred order; any other ELF found in the build directory follows. */
const KNOWN_WORKLOADS = ['intmix', 'ptrchase', 'branchy', 'muldiv', 'fpu', 'sv39', 'sv39vs'];
/** QEMU -cpu for workloads that need more than QEMU's default hart. */
const QEMU_CPU: Record<string, string> = { sv39vs: 'rv64,h=true' };
/** sv39vs must reach this fraction of sv39's MIPS (guest vs native S-mode). */
const VS_SPEED_BAR = 0.7;
/** Safety net so a broken emulator cannot spin forever (workloads retire < 0.4e9). */
const MAX_INSNS = 2_000_000_000;
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
    'usage: bench [--filter NAME]... [--no-qemu] [--repeat N] [--qemu-runs N] [--verbose] [--no-debugger]\n' +
    '             [--linux] [--linux-harts 1,4] [NAME...]\n' +
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
    filters: [], qemu: true, repeat: 1, qemuRuns: 3, verbose: false, debugger: true, timeTravel: true, linux: false, linuxHarts: [1, 4],
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
      .map((f) => f.slice(0, -4));
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
    timeout: 60_000,
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

function runHyperStep(name: string, elf: Uint8Array, opts: Options): WorkloadResult {
  const res: WorkloadResult = {
    name, ok: true, instructions: 0, hostSeconds: Infinity, mips: 0, runs: [],
  };
  for (let i = 0; i < opts.repeat; i++) {
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

/**
 * When sv39vs ran: print its speed relative to sv39 (both from this run) and its VM
 * exits per million instructions; returns the figures for the JSON (null otherwise).
 */
function hypervisorFigures(results: WorkloadResult[]): HypervisorFigures | null {
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
    fig.mipsRatio = vs.mips / native.mips;
    fig.meetsBar = fig.mipsRatio >= VS_SPEED_BAR;
    parts.push(`${fmt(vs.mips, 1)} / ${fmt(native.mips, 1)} MIPS = ${(fig.mipsRatio * 100).toFixed(0)} % of native ` +
      `S-mode speed (${fig.meetsBar ? 'meets' : 'BELOW'} the ${(VS_SPEED_BAR * 100).toFixed(0)} % bar)`);
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

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const root = repoRoot();
  const buildDir = path.join(root, 'guests', 'bench', 'build');
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
    (names.length > 0 ? `, HyperStep ${hsLabel}` : '') +
    (useQemu ? (names.length > 0 ? `, QEMU best of ${opts.qemuRuns} (wall clock incl. start-up)` : '') :
      opts.qemu ? `, ${QEMU} not found: no QEMU comparison` : '') + '\n' + (names.length > 0 ? '\n' : ''));

  const header = [pad('workload', 10, true), pad('instructions', 14), pad('host s', 8), pad('MIPS', 8)];
  if (useQemu) header.push(pad('QEMU s', 8), pad('HS/QEMU', 8));
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
        if (res.ok) res.ratio = res.hostSeconds / res.qemuSeconds;
      } else {
        const bad = runs[runs.length - 1];
        process.stderr.write(`bench: ${name}: QEMU run failed (${bad.detail})\n`);
      }
    }
    results.push(res);
    const row = [
      pad(name, 10, true),
      pad(res.instructions ? res.instructions.toLocaleString('en-US') : '-', 14),
      pad(res.ok ? fmt(res.hostSeconds, 3) : 'FAIL', 8),
      pad(res.ok ? fmt(res.mips, 1) : '-', 8),
    ];
    if (useQemu) row.push(pad(fmt(res.qemuSeconds, 3), 8), pad(res.ratio ? `${res.ratio.toFixed(1)}x` : '-', 8));
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
  if (ratios.length > 0) {
    process.stdout.write(`geometric mean HyperStep/QEMU time: ${gmRatio.toFixed(2)}x\n`);
  }

  const hypervisor = hypervisorFigures(results);

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
    ...(hypervisor ? { hypervisor } : {}),
    ...(runLinux ? { linux } : {}),
  };
  const outFile = path.join(outDir, 'bench-results.json');
  fs.writeFileSync(outFile, JSON.stringify(json, null, 2) + '\n');
  process.stdout.write(`results written to ${path.relative(process.cwd(), outFile) || outFile}\n`);

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
