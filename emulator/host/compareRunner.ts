/**
 * `hyperstep compare` and the comparison view's engine: resolve each mode's stack to
 * files (the committed guests/compare ELFs on OpenSBI, or Debian's Linux through
 * compareLinux.ts), run the modes in parallel on worker threads (compareWorker.ts),
 * report progress, and collect the CompareReport (emulator/compare/result.ts).
 *
 * Results can be cached (`cache: true`) under ~/.cache/hyperstep/compare, keyed by the
 * SHA-256 of everything a run depends on: the mode, the emulator's worker code, the
 * firmware, kernel, initrd and command line. Runs are deterministic, so a cached result
 * has the counts a rerun would give (host seconds are those of the run that made it).
 */
import { Worker } from 'worker_threads';
import { createHash } from 'crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { cpus, homedir } from 'os';
import { dirname, join, resolve } from 'path';
import { COMPARE_MODES, type CompareModeName, type CompareReport, type ModeResult } from '../compare/result';
import { MODE_DEFS } from '../compare/modes';
import { OPENSBI_FW_JUMP } from './nodeLinuxBoot';
import { linuxModeBoot } from './compareLinux';
import type { WorkerJob, WorkerMessage } from './compareWorker';

export { modeLaunchConfig } from './compareLaunch';

export interface CompareProgress {
  mode: CompareModeName;
  phase: 'resolve' | 'boot' | 'measure' | 'shutdown' | 'done' | 'failed' | 'cached';
  instructions: number;
  seconds: number;
  message?: string;
}

export interface CompareOptions {
  modes?: readonly CompareModeName[];
  /** Worker threads (default: the number of CPUs, at most the number of modes). */
  workers?: number;
  /** Repository root holding guests/compare/build (default: found from this file or the cwd). */
  root?: string;
  /** Reuse and store results in the cache (default false). */
  cache?: boolean;
  cacheDir?: string;
  /** Linux modes: use only the cached Debian images. */
  offline?: boolean;
  onProgress?: (p: CompareProgress) => void;
  log?: (line: string) => void;
  signal?: AbortSignal;
  /** Per-mode instruction limit (default 2e10). */
  maxInstructions?: number;
}

export class CompareError extends Error {}

const SCHEMA = 'hyperstep-compare/1' as const;

/** The directory holding guests/compare/build. */
export function findCompareRoot(start?: string): string {
  const candidates = [start, process.cwd(), join(__dirname, '..'), join(__dirname, '..', '..')];
  for (const c of candidates) {
    if (c !== undefined && existsSync(join(c, 'guests', 'compare', 'build', 'workload'))) return resolve(c);
  }
  throw new CompareError('guests/compare/build not found: run hyperstep compare from the HyperStep repository (or pass --root), after `make -C guests compare`');
}

/** Validate a --modes list. */
export function parseModes(list: string): CompareModeName[] {
  const out: CompareModeName[] = [];
  for (const raw of list.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    if (!(COMPARE_MODES as readonly string[]).includes(raw)) {
      throw new CompareError(`unknown mode "${raw}"; the modes are ${COMPARE_MODES.join(', ')}`);
    }
    if (!out.includes(raw as CompareModeName)) out.push(raw as CompareModeName);
  }
  if (out.length === 0) throw new CompareError('--modes needs at least one mode');
  return out;
}

/** The worker script next to this module (dist/compareWorker.js, or the .ts under tsx). */
function workerScript(): { file: string; execArgv: string[] } {
  if (__filename.endsWith('.ts')) return { file: join(__dirname, 'compareWorker.ts'), execArgv: ['--require', 'tsx/cjs'] };
  return { file: join(__dirname, 'compareWorker.js'), execArgv: [] };
}

/** Resolve one mode to a worker job (files on disk). */
async function resolveJob(mode: CompareModeName, root: string, o: CompareOptions): Promise<WorkerJob> {
  const def = MODE_DEFS[mode];
  const need = (rel: string, what: string): string => {
    const p = join(root, rel);
    if (!existsSync(p)) throw new CompareError(`${mode}: ${what} ${rel} is missing (make -C guests compare)`);
    return p;
  };
  if (!existsSync(OPENSBI_FW_JUMP)) throw new CompareError(`${OPENSBI_FW_JUMP}: OpenSBI not found (apt-get install opensbi)`);
  if (def.boot.kind === 'payload') {
    return { mode, bios: OPENSBI_FW_JUMP, kernel: need(def.boot.elf, 'the stack'), ramMiB: 256, maxInstructions: o.maxInstructions };
  }
  const b = await linuxModeBoot(def.boot.flavour, {
    workload: need('guests/compare/build/workload', 'the workload'),
    kernelBin: join(root, 'guests/compare/build/kernel.bin'),
    vmm: join(root, 'guests/kvm/build/vmm'),
    offline: o.offline, log: o.log,
  });
  return { mode, bios: b.bios, kernel: b.kernel, initrd: b.initrd, append: b.append, ramMiB: b.ramMiB, maxInstructions: o.maxInstructions };
}

function jobKey(job: WorkerJob, worker: string): string {
  const h = createHash('sha256');
  h.update(`${SCHEMA}\0${job.mode}\0${job.ramMiB}\0${job.append ?? ''}\0`);
  for (const f of [worker, job.bios, job.kernel, job.initrd]) {
    if (f !== undefined) h.update(readFileSync(f));
  }
  return h.digest('hex').slice(0, 32);
}

function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache');
  return join(base, 'hyperstep', 'compare');
}

function failed(mode: CompareModeName, error: string, seconds: number): ModeResult {
  return {
    mode, title: MODE_DEFS[mode].title, checksum: null, status: 'failed', error,
    instructions: 0, instructionsByMode: { M: 0, HS: 0, U: 0, VS: 0, VU: 0 }, trapsByCause: {}, trapsByTransition: {}, vmExits: {},
    hypercalls: 0, worldSwitches: 0, pageWalkAccesses: 0, tlbMisses: 0,
    ioLatencyInstructions: { requests: 0, mean: 0, min: 0, max: 0 }, memoryPages: 0,
    hostSeconds: seconds, measuredHostSeconds: 0, bootInstructions: 0, layers: [], micro: [], console: '',
  };
}

/** Run one job on a worker thread. */
function runWorker(job: WorkerJob, o: CompareOptions): Promise<ModeResult> {
  const { file, execArgv } = workerScript();
  return new Promise((resolveResult) => {
    const t0 = performance.now();
    const w = new Worker(file, { workerData: job, execArgv });
    let done = false;
    const finish = (r: ModeResult): void => {
      if (done) return;
      done = true;
      o.signal?.removeEventListener('abort', onAbort);
      void w.terminate();
      resolveResult(r);
    };
    const onAbort = (): void => { w.postMessage('cancel'); };
    o.signal?.addEventListener('abort', onAbort);
    w.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') {
        if (m.phase !== 'done') o.onProgress?.({ mode: job.mode, phase: m.phase, instructions: m.instructions, seconds: m.seconds });
      } else if (m.type === 'result') finish(m.result);
      else finish(failed(job.mode, m.message, (performance.now() - t0) / 1000));
    });
    w.on('error', (e) => finish(failed(job.mode, `worker failed: ${e.message}`, (performance.now() - t0) / 1000)));
    w.on('exit', (code) => finish(failed(job.mode, `worker exited (${code}) without a result`, (performance.now() - t0) / 1000)));
  });
}

/** Run the comparison. Modes that cannot run are reported as failed, never dropped. */
export async function runCompare(o: CompareOptions = {}): Promise<CompareReport> {
  const modes = o.modes ?? COMPARE_MODES;
  const root = findCompareRoot(o.root);
  const t0 = performance.now();
  const workers = Math.max(1, Math.min(o.workers ?? cpus().length, modes.length));
  const cacheDir = o.cacheDir ?? defaultCacheDir();
  const worker = workerScript().file;
  const results = new Map<CompareModeName, ModeResult>();
  const queue = [...modes];
  const runOne = async (mode: CompareModeName): Promise<void> => {
    const ts = performance.now();
    const progress = (phase: CompareProgress['phase'], instructions = 0, message?: string): void =>
      o.onProgress?.({ mode, phase, instructions, seconds: (performance.now() - ts) / 1000, message });
    progress('resolve');
    let job: WorkerJob;
    try {
      job = await resolveJob(mode, root, o);
    } catch (e) {
      const r = failed(mode, (e as Error).message, (performance.now() - ts) / 1000);
      results.set(mode, r);
      progress('failed', 0, r.error);
      return;
    }
    const key = o.cache === true ? jobKey(job, worker) : '';
    const cached = join(cacheDir, `${mode}-${key}.json`);
    if (o.cache === true && existsSync(cached)) {
      try {
        const r = JSON.parse(readFileSync(cached, 'utf8')) as ModeResult;
        results.set(mode, r);
        progress('cached', r.instructions);
        return;
      } catch { /* unreadable: run again */ }
    }
    if (o.signal?.aborted === true) {
      results.set(mode, failed(mode, 'cancelled', 0));
      progress('failed', 0, 'cancelled');
      return;
    }
    const r = await runWorker(job, o);
    results.set(mode, r);
    progress(r.status === 'ok' ? 'done' : 'failed', r.instructions, r.error);
    if (o.cache === true && r.status === 'ok') {
      mkdirSync(dirname(cached), { recursive: true });
      writeFileSync(cached, JSON.stringify(r));
    }
  };
  await Promise.all(Array.from({ length: workers }, async () => {
    for (let mode = queue.shift(); mode !== undefined; mode = queue.shift()) await runOne(mode);
  }));
  const workload = readFileSync(join(root, 'guests/compare/build/workload'));
  return {
    schema: SCHEMA,
    date: new Date().toISOString(),
    workload: { path: 'guests/compare/build/workload', sha256: createHash('sha256').update(workload).digest('hex') },
    host: { cpus: cpus().length, node: process.version },
    totalSeconds: Math.round((performance.now() - t0)) / 1000,
    modes: modes.map((m) => results.get(m)!),
  };
}
