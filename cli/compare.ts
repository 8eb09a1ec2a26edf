/**
 * `hyperstep compare`: run the workload under every virtualization mode (or --modes)
 * in parallel worker threads (emulator/host/compareRunner.ts), show progress on stderr,
 * print the side-by-side table on stdout, and write --json / --csv (docs/compare.md).
 * Exit status 0 when every mode ran and printed the same checksum, 1 otherwise, 2 on
 * bad usage.
 */
import { writeFileSync } from 'fs';
import { COMPARE_MODES, type CompareModeName, type CompareReport, type ModeResult } from '../emulator/compare/result';
import { reportCsv, totalExits, totalTraps } from '../emulator/compare/csv';
import { CompareError, parseModes, runCompare, type CompareProgress } from '../emulator/host/compareRunner';
import { LinuxImageError } from '../emulator/host/nodeLinuxImages';

export const COMPARE_USAGE = `usage: hyperstep compare [--modes a,b,...] [--json FILE] [--csv FILE] [--workers N] [--cache] [--offline] [--root DIR]
Runs guests/compare's workload under each virtualization mode and prints the measured
counts side by side. Modes: ${COMPARE_MODES.join(', ')} (default: all).
  --modes LIST   comma-separated modes
  --json FILE    write the report (schema hyperstep-compare/1, docs/compare.schema.json)
  --csv FILE     write one row per mode
  --workers N    worker threads (default: the number of CPUs)
  --cache        reuse results of identical inputs from ~/.cache/hyperstep/compare
  --offline      Linux modes: use only the cached Debian images
  --root DIR     the HyperStep checkout holding guests/compare/build (default: found)`;

interface CompareArgs {
  modes?: CompareModeName[]; json?: string; csv?: string; workers?: number;
  cache: boolean; offline: boolean; root?: string;
}

export function parseCompareArgs(argv: string[]): CompareArgs | 'help' {
  const a: CompareArgs = { cache: false, offline: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new CompareError(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '--modes': a.modes = parseModes(next()); break;
      case '--json': a.json = next(); break;
      case '--csv': a.csv = next(); break;
      case '--workers': {
        const v = next();
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1 || n > 64) throw new CompareError(`--workers must be an integer from 1 to 64 (got ${v})`);
        a.workers = n;
        break;
      }
      case '--cache': a.cache = true; break;
      case '--offline': a.offline = true; break;
      case '--root': a.root = next(); break;
      case '--help': case '-h': return 'help';
      default: throw new CompareError(`unknown compare option: ${arg}`);
    }
  }
  return a;
}

/** Progress on stderr: one line per mode, redrawn in place on a terminal. */
class ProgressDisplay {
  private readonly lines = new Map<CompareModeName, string>();
  private drawn = 0;
  constructor(private readonly modes: readonly CompareModeName[], private readonly tty: boolean) {}

  update(p: CompareProgress): void {
    const what = p.phase === 'resolve' ? 'preparing the stack'
      : p.phase === 'boot' ? 'booting'
        : p.phase === 'measure' ? 'measuring the workload'
          : p.phase === 'shutdown' ? 'shutting down'
            : p.phase === 'cached' ? 'cached result'
            : p.phase === 'done' ? 'done' : `FAILED: ${p.message ?? ''}`;
    const count = p.phase === 'done' || p.phase === 'cached' ? `${fmtCount(p.instructions).padStart(8)} measured` : `${fmtCount(p.instructions).padStart(8)} executed`;
    const line = `${p.mode.padEnd(17)} ${what.padEnd(24)} ${count} instructions ${p.seconds.toFixed(1).padStart(6)} s`;
    const old = this.lines.get(p.mode);
    this.lines.set(p.mode, line);
    if (this.tty) this.redraw();
    else if (old === undefined || old.slice(18, 42) !== line.slice(18, 42)) process.stderr.write(line + '\n');
  }

  private redraw(): void {
    let out = this.drawn > 0 ? `\x1b[${this.drawn}A` : '';
    for (const m of this.modes) out += `\x1b[2K${this.lines.get(m) ?? `${m.padEnd(17)} waiting`}\n`;
    this.drawn = this.modes.length;
    process.stderr.write(out);
  }
}

function fmtCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(0)} k`;
  return String(n);
}

/** The side-by-side table printed at the end. */
export function reportTable(r: CompareReport): string {
  const rows: [string, (m: ModeResult) => string][] = [
    ['checksum', (m) => m.checksum ?? 'FAILED'],
    ['instructions', (m) => fmtCount(m.instructions)],
    ['  M / HS / U', (m) => `${fmtCount(m.instructionsByMode.M)}/${fmtCount(m.instructionsByMode.HS)}/${fmtCount(m.instructionsByMode.U)}`],
    ['  VS / VU', (m) => `${fmtCount(m.instructionsByMode.VS)}/${fmtCount(m.instructionsByMode.VU)}`],
    ['traps', (m) => String(totalTraps(m))],
    ['VM exits', (m) => String(totalExits(m))],
    ['hypercalls', (m) => String(m.hypercalls)],
    ['world switches', (m) => String(m.worldSwitches)],
    ['page-walk reads', (m) => fmtCount(m.pageWalkAccesses)],
    ['TLB misses', (m) => fmtCount(m.tlbMisses)],
    ['I/O latency', (m) => `${fmtCount(m.ioLatencyInstructions.mean)} (${m.ioLatencyInstructions.requests})`],
    ['pages written', (m) => String(m.memoryPages)],
    ['host seconds', (m) => m.hostSeconds.toFixed(1)],
  ];
  const w = Math.max(...r.modes.map((m) => Math.max(m.mode.length, ...rows.map(([, f]) => f(m).length)))) + 2;
  const head = ''.padEnd(16) + r.modes.map((m) => m.mode.padStart(w)).join('');
  const body = rows.map(([name, f]) => name.padEnd(16) + r.modes.map((m) => f(m).padStart(w)).join(''));
  const failures = r.modes.filter((m) => m.status !== 'ok').map((m) => `${m.mode}: ${m.error ?? 'failed'}`);
  return [head, ...body, ...failures.map((f) => `FAILED ${f}`)].join('\n') + '\n';
}

export async function compareCommand(argv: string[]): Promise<number> {
  let a: CompareArgs | 'help';
  try {
    a = parseCompareArgs(argv);
  } catch (e) {
    if (e instanceof CompareError) { process.stderr.write(`hyperstep compare: ${e.message}\n${COMPARE_USAGE}\n`); return 2; }
    throw e;
  }
  if (a === 'help') { process.stdout.write(COMPARE_USAGE + '\n'); return 0; }
  const modes = a.modes ?? [...COMPARE_MODES];
  const display = new ProgressDisplay(modes, process.stderr.isTTY === true);
  const abort = new AbortController();
  const onSigint = (): void => { process.stderr.write('hyperstep compare: cancelling\n'); abort.abort(); };
  process.once('SIGINT', onSigint);
  let report: CompareReport;
  try {
    report = await runCompare({
      modes, workers: a.workers, cache: a.cache, offline: a.offline, root: a.root, signal: abort.signal,
      onProgress: (p) => display.update(p),
      log: (line) => process.stderr.write(`hyperstep: ${line}\n`),
    });
  } catch (e) {
    if (e instanceof CompareError || e instanceof LinuxImageError) { process.stderr.write(`hyperstep compare: ${e.message}\n`); return 1; }
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
  }
  process.stdout.write(reportTable(report));
  process.stderr.write(`hyperstep compare: ${report.modes.length} modes in ${report.totalSeconds.toFixed(1)} s\n`);
  try {
    if (a.json !== undefined) writeFileSync(a.json, JSON.stringify(report, null, 2) + '\n');
    if (a.csv !== undefined) writeFileSync(a.csv, reportCsv(report));
  } catch (e) {
    process.stderr.write(`hyperstep compare: cannot write the report: ${(e as Error).message}\n`);
    return 1;
  }
  const sums = new Set(report.modes.map((m) => m.checksum));
  const ok = report.modes.every((m) => m.status === 'ok') && sums.size === 1;
  if (!ok && report.modes.every((m) => m.status === 'ok')) {
    process.stderr.write(`hyperstep compare: the modes printed different checksums (${[...sums].join(', ')})\n`);
  }
  return ok ? 0 : 1;
}
