/**
 * The `linux` workload of `npm run bench` (bench/main.ts): boot Debian's riscv64 kernel
 * with the project's busybox initramfs (emulator/host/nodeLinuxBoot.ts) to power-off, on
 * HyperStep (in-process) and on qemu-system-riscv64, for each requested hart count.
 *
 * Both emulators get the same files: OpenSBI fw_jump, the flat kernel Image, the same
 * initramfs (its /init script prints a marker and nproc, then powers off) and the same
 * command line. Two moments are timed on both, from the same console lines: the
 * kernel's "Run /init as init process" and power-off (HyperStep: the machine halts with
 * exit code 0; QEMU: the process exits with status 0). QEMU times are wall clock from
 * spawning the process, so they include its start-up.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import { resolveLinuxBoot, LINUX_RAM_MIB, type LinuxBoot } from '../emulator/host/nodeLinuxBoot';
import { LinuxImageError } from '../emulator/host/nodeLinuxImages';
import { createMachine, loadFirmwareAndKernel } from '../emulator/runElf';
import { parseElf } from '../emulator/loader/elf';
import type { Machine } from '../emulator/machine';

/** First line of the initramfs script: "reached /init's script". */
const MARKER = 'HS-BENCH-INIT';
const NPROC_PREFIX = 'HS-BENCH-NPROC ';
export const LINUX_BENCH_SCRIPT = `echo ${MARKER}\necho "${NPROC_PREFIX}$(nproc)"\npoweroff -f`;
/** The console line both emulators are timed at. */
const INIT_LINE = 'Run /init as init process';
const PANIC_RE = /Kernel panic - not syncing:[^\r\n]*/;
/** Safety nets: a boot retires ~10^10 instructions at most; host time per boot. */
const MAX_INSNS = 60_000_000_000;
const HS_TIMEOUT_S = 1200;
const QEMU_TIMEOUT_S = 300;
const QEMU = 'qemu-system-riscv64';
/** Issue 14's bar: the 1-hart boot to /init takes at most this multiple of QEMU's wall time. */
export const LINUX_INIT_BAR = 3;

export interface LinuxBenchOptions {
  harts: number[];
  qemu: boolean;
  verbose: boolean;
  log: (line: string) => void;
}

export interface LinuxHsRun {
  ok: boolean;
  error?: string;
  /** Host seconds to the "Run /init" line, and to power-off. */
  initSeconds?: number;
  seconds?: number;
  initInstructions?: number;
  instructions: number;
  /** Host seconds and instructions to the script's first line (MARKER). */
  scriptSeconds?: number;
  scriptInstructions?: number;
  mips: number;
  /** What nproc printed inside the guest. */
  nproc?: number;
  instructionsByMode: { U: number; S: number; M: number };
  /** Scheduling rounds a hart ended early because it spun (Machine.spins). */
  spins?: number;
  trapsByCause: Record<string, number>;
}

export interface LinuxQemuRun {
  ok: boolean;
  error?: string;
  initSeconds?: number;
  seconds?: number;
  nproc?: number;
}

export interface LinuxBenchResult {
  harts: number;
  hyperstep: LinuxHsRun;
  qemu?: LinuxQemuRun;
  /** HyperStep seconds / QEMU seconds, to /init and to power-off. */
  ratioInit?: number;
  ratio?: number;
}

function nowSeconds(): number {
  return Number(process.hrtime.bigint()) / 1e9;
}

/**
 * Scans console text as it streams for the lines both emulators are timed at. HyperStep
 * writes its console a byte at a time inside the timed run, so the work per byte is
 * small: complete lines are matched once, and only the line being written is searched
 * for the /init line (found as soon as its text is out, as in a chunk from QEMU).
 */
class ConsoleWatch {
  /** The line being written, and the last complete lines (for lastLine). */
  private line = '';
  private recent = '';
  private readonly dec = new TextDecoder('utf-8');
  init = false;
  script = false;
  panic: string | null = null;
  nproc: number | undefined;

  /** Feed bytes; returns the events that occurred in this chunk. */
  feed(b: Uint8Array | string): { init: boolean; script: boolean } {
    const text = typeof b === 'string' ? b : this.dec.decode(b, { stream: true });
    const ev = { init: false, script: false };
    let from = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
      this.line += text.slice(from, nl);
      from = nl + 1;
      this.checkInit(ev);
      this.complete(this.line.endsWith('\r') ? this.line.slice(0, -1) : this.line, ev);
      this.line = '';
    }
    this.line += text.slice(from);
    this.checkInit(ev);
    return ev;
  }

  private checkInit(ev: { init: boolean }): void {
    if (!this.init && this.line.includes(INIT_LINE)) this.init = ev.init = true;
  }

  private complete(line: string, ev: { script: boolean }): void {
    this.recent = (this.recent + line + '\n').slice(-1024);
    if (!this.script && line === MARKER) this.script = ev.script = true;
    if (this.nproc === undefined) {
      const k = line.indexOf(NPROC_PREFIX);
      const m = k < 0 ? null : /^(\d+)$/.exec(line.slice(k + NPROC_PREFIX.length));
      if (m !== null) this.nproc = Number(m[1]);
    }
    if (this.panic === null) {
      const m = PANIC_RE.exec(line);
      if (m !== null) this.panic = m[0].trim();
    }
  }

  lastLine(): string {
    const lines = (this.recent + this.line).trim().split('\n');
    return (lines[lines.length - 1] ?? '').trim();
  }
}

/** Boot on HyperStep, synchronously, timing the two moments. */
export function runLinuxHyperStep(boot: LinuxBoot, harts: number, verbose: boolean): LinuxHsRun {
  const watch = new ConsoleWatch();
  const res: LinuxHsRun = {
    ok: false, instructions: 0, mips: 0, instructionsByMode: { U: 0, S: 0, M: 0 }, trapsByCause: {},
  };
  let t0 = 0;
  let m: Machine | null = null;
  const console = {
    write: (b: Uint8Array): void => {
      if (verbose) process.stdout.write(b);
      const ev = watch.feed(b);
      // Inside a step: instret may lag by the current block (a few instructions).
      if (ev.init) { res.initSeconds = nowSeconds() - t0; res.initInstructions = m?.instret; }
      if (ev.script) { res.scriptSeconds = nowSeconds() - t0; res.scriptInstructions = m?.instret; }
    },
  };
  const kernel = new Uint8Array(fs.readFileSync(boot.kernel));
  const initrd = new Uint8Array(fs.readFileSync(boot.initrd));
  const fw = parseElf(new Uint8Array(fs.readFileSync(boot.bios)));
  const machine = createMachine({ machine: 'virt', ramMiB: LINUX_RAM_MIB, harts, console, bootargs: boot.append, initrd });
  m = machine;
  loadFirmwareAndKernel(machine, fw, { raw: kernel });
  t0 = nowSeconds();
  let consumed = 0;
  let timedOut = false;
  try {
    while (machine.halted === null && consumed < MAX_INSNS) {
      const n = machine.step(Math.min(MAX_INSNS - consumed, 1e9));
      if (n === 0) break; // idle forever
      consumed += n;
      if (watch.panic !== null) break;
      if (nowSeconds() - t0 > HS_TIMEOUT_S) { timedOut = true; break; }
    }
  } catch (e) {
    res.error = `emulator threw: ${e instanceof Error ? e.stack ?? e.message : String(e)}`;
  }
  const seconds = nowSeconds() - t0;
  res.instructions = machine.instret;
  res.seconds = seconds;
  res.mips = res.instructions / seconds / 1e6;
  res.nproc = watch.nproc;
  for (const h of machine.harts) {
    res.instructionsByMode.U += h.insnsByMode[0];
    res.instructionsByMode.S += h.insnsByMode[1];
    res.instructionsByMode.M += h.insnsByMode[3];
  }
  const spins = (machine as { spins?: number }).spins;
  if (typeof spins === 'number') res.spins = spins;
  res.trapsByCause = machine.trapsByCause();
  if (res.error !== undefined) return res;
  const where = `after ${machine.instret} instructions, ${seconds.toFixed(1)} s; console: ${JSON.stringify(watch.lastLine())}`;
  if (watch.panic !== null) res.error = `kernel panic: ${watch.panic}`;
  else if (machine.halted === null) {
    res.error = timedOut ? `timed out (${HS_TIMEOUT_S} s) ${where}`
      : consumed >= MAX_INSNS ? `instruction limit reached ${where}` : `all harts idle forever ${where}`;
  } else if (machine.halted.kind !== 'exit' || machine.halted.code !== 0) {
    res.error = `machine stopped with ${machine.halted.kind} code ${machine.halted.code} ${where}`;
  } else if (!watch.init || !watch.script) {
    res.error = `powered off without ${!watch.init ? `"${INIT_LINE}"` : MARKER} on the console ${where}`;
  } else if (watch.nproc !== harts) {
    res.error = `nproc printed ${String(watch.nproc)}, expected ${harts}`;
  } else {
    res.ok = true;
  }
  return res;
}

/** The QEMU command line for a boot (also printed for reproduction). */
export function qemuArgs(boot: LinuxBoot, harts: number): string[] {
  return [
    '-M', 'virt', '-m', `${LINUX_RAM_MIB}M`, '-smp', String(harts),
    '-bios', boot.bios, '-kernel', boot.kernel, '-initrd', boot.initrd, '-append', boot.append,
    '-nodefaults', '-display', 'none', '-serial', 'stdio', '-monitor', 'none', '-no-reboot',
  ];
}

/** Boot on QEMU, streaming its console. */
export function runLinuxQemu(boot: LinuxBoot, harts: number, verbose: boolean): Promise<LinuxQemuRun> {
  return new Promise((resolve) => {
    const watch = new ConsoleWatch();
    const res: LinuxQemuRun = { ok: false };
    let stderr = '';
    const t0 = nowSeconds();
    const child = spawn(QEMU, qemuArgs(boot, harts), { stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => {
      res.error = `timed out after ${QEMU_TIMEOUT_S} s; console: ${JSON.stringify(watch.lastLine())}`;
      child.kill('SIGKILL');
    }, QEMU_TIMEOUT_S * 1000);
    child.stdout.on('data', (b: Buffer) => {
      const t = nowSeconds() - t0;
      if (verbose) process.stdout.write(b);
      const ev = watch.feed(new Uint8Array(b.buffer, b.byteOffset, b.length));
      if (ev.init) res.initSeconds = t;
      if (watch.panic !== null && res.error === undefined) {
        res.error = `kernel panic: ${watch.panic}`;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (b: Buffer) => { stderr = (stderr + b.toString('utf8')).slice(-2000); });
    child.on('error', (e) => { res.error ??= e.message; });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      res.seconds = nowSeconds() - t0;
      res.nproc = watch.nproc;
      if (res.error === undefined) {
        if (code !== 0) {
          res.error = `exited with ${signal !== null ? `signal ${signal}` : `status ${String(code)}`}: ${(stderr.trim().split('\n').pop() ?? '') || watch.lastLine()}`;
        } else if (!watch.init || !watch.script) {
          res.error = `exited without ${!watch.init ? `"${INIT_LINE}"` : MARKER} on the console`;
        } else if (watch.nproc !== harts) {
          res.error = `nproc printed ${String(watch.nproc)}, expected ${harts}`;
        } else {
          res.ok = true;
        }
      }
      resolve(res);
    });
  });
}

function fmt(n: number | undefined, digits: number): string {
  return n === undefined || !Number.isFinite(n) ? '-' : n.toFixed(digits);
}

function pad(s: string, w: number, left = false): string {
  return left ? s.padEnd(w) : s.padStart(w);
}

function count(n: number | undefined): string {
  return n === undefined ? '-' : (n / 1e6).toFixed(0) + 'M';
}

/**
 * Run the linux workload for each hart count and print its table. Returns the results,
 * or null when the Linux images cannot be had (the message has been printed).
 */
export async function linuxBench(opts: LinuxBenchOptions): Promise<LinuxBenchResult[] | null> {
  const out = (s: string): void => { process.stdout.write(s + '\n'); };
  let boot: LinuxBoot;
  try {
    boot = await resolveLinuxBoot({ script: LINUX_BENCH_SCRIPT, log: opts.log });
  } catch (e) {
    if (e instanceof LinuxImageError) { process.stderr.write(`bench: linux: ${e.message}\n`); return null; }
    throw e;
  }
  out(`\nlinux: Debian ${boot.version} + busybox initramfs to power-off, ${LINUX_RAM_MIB} MiB` +
    (opts.qemu ? `; QEMU wall clock incl. start-up (${QEMU} -M virt -m ${LINUX_RAM_MIB}M -smp N ...)` : ''));
  const header = [
    pad('harts', 5), pad('HS /init s', 10), pad('HS off s', 9), pad('insns /init', 11), pad('insns off', 10),
    pad('MIPS', 6), pad('U/S/M %', 14), pad('spins', 7),
  ];
  if (opts.qemu) header.push(pad('QEMU /init', 10), pad('QEMU off', 9), pad('HS/QEMU', 13));
  out(header.join('  '));
  out('-'.repeat(header.join('  ').length));
  const results: LinuxBenchResult[] = [];
  for (const harts of opts.harts) {
    const hs = runLinuxHyperStep(boot, harts, opts.verbose);
    const r: LinuxBenchResult = { harts, hyperstep: hs };
    if (opts.qemu) {
      r.qemu = await runLinuxQemu(boot, harts, opts.verbose);
      if (hs.ok && r.qemu.ok) {
        r.ratio = hs.seconds! / r.qemu.seconds!;
        if (hs.initSeconds !== undefined && r.qemu.initSeconds !== undefined) r.ratioInit = hs.initSeconds / r.qemu.initSeconds;
      }
    }
    results.push(r);
    const bm = hs.instructionsByMode;
    const total = bm.U + bm.S + bm.M || 1;
    const row = [
      pad(String(harts), 5), pad(fmt(hs.initSeconds, 1), 10), pad(hs.ok ? fmt(hs.seconds, 1) : 'FAIL', 9),
      pad(count(hs.initInstructions), 11), pad(count(hs.instructions), 10), pad(fmt(hs.mips, 1), 6),
      pad(`${(100 * bm.U / total).toFixed(1)}/${(100 * bm.S / total).toFixed(1)}/${(100 * bm.M / total).toFixed(1)}`, 14),
      pad(hs.spins === undefined ? '-' : String(hs.spins), 7),
    ];
    if (r.qemu !== undefined) {
      row.push(pad(fmt(r.qemu.initSeconds, 2), 10), pad(r.qemu.ok ? fmt(r.qemu.seconds, 2) : 'FAIL', 9),
        pad(r.ratio !== undefined ? `${fmt(r.ratioInit, 1)}x/${r.ratio.toFixed(1)}x` : '-', 13));
    }
    out(row.join('  '));
    if (!hs.ok) process.stderr.write(`bench: linux ${harts} hart(s): HyperStep: ${hs.error ?? 'failed'}\n`);
    if (r.qemu !== undefined && !r.qemu.ok) process.stderr.write(`bench: linux ${harts} hart(s): QEMU: ${r.qemu.error ?? 'failed'}\n`);
  }
  out('(HS/QEMU: HyperStep/QEMU wall time to /init and to power-off; U/S/M: HyperStep instructions by privilege mode)');
  const one = results.find((r) => r.harts === 1);
  if (one !== undefined) {
    out(one.ratioInit === undefined
      ? `  [n/a ] 1-hart boot to /init within ${LINUX_INIT_BAR}x QEMU's wall time: no ratio (a run failed${opts.qemu ? '' : ' or QEMU was not run'})`
      : `  [${one.ratioInit <= LINUX_INIT_BAR ? 'PASS' : 'FAIL'}] 1-hart boot to /init within ${LINUX_INIT_BAR}x QEMU's wall time: ` +
        `${fmt(one.hyperstep.initSeconds, 1)} s / ${fmt(one.qemu?.initSeconds, 2)} s = ${one.ratioInit.toFixed(2)}x`);
  }
  return results;
}
