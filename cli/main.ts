#!/usr/bin/env node
/**
 * `hyperstep` command-line entry: runs a guest headless, QEMU style.
 * Console output goes to stdout, standard input feeds the UART (raw mode on a TTY,
 * Ctrl-A X quits), statistics go to stderr as JSON. Host input is handed to the
 * machine between scheduling rounds, so a run with the same input replays exactly.
 * Exit status: guest exit code; 124 at the instruction limit; 2 for bad input.
 */
import { compareCommand } from './compare';
import { readFileSync, writeSync, openSync, closeSync, writeFileSync } from 'fs';
import { isAssemblySource, parseArgs, USAGE, UsageError, type RunArgs } from './options';
import { assemble, formatDiagnostic } from '../emulator/asm/index';
import { checkLoadable, ElfError, parseElf, type ElfImage } from '../emulator/loader/elf';
import { createMachine, InitrdError, loadFirmwareAndKernel, type KernelImage } from '../emulator/runElf';
import type { Machine } from '../emulator/machine';
import { tierStats } from '../emulator/wasm/stats';
import { machineStats } from '../emulator/stats';
import { parseRngSeed } from '../emulator/devices/seededRng';
import { PanicWatch, prepareLinux } from './linux';
import { runGdb } from './gdb';
import { restoreMachine, snapshotCommand } from './snapshot';
import demoElf from '../guests/demo/build/demo.elf';

/** FDT header magic (devicetree specification 5.2). */
const FDT_MAGIC = 0xd00dfeed;
const VERSION = '0.1.0';
/** Instructions per call into the machine between host-event checks. */
const SLICE = 4_000_000;

function fail(msg: string): never {
  process.stderr.write(`hyperstep: ${msg}\n`);
  process.exit(2);
}

function readInput(path: string, what: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    return fail(`${path}: cannot read ${what} (${code})`);
  }
}

/** Assembles a source file; prints diagnostics on stderr; exits 2 on errors. */
function assembleFile(path: string, textBase?: bigint, dataBase?: bigint): Uint8Array {
  const source = Buffer.from(readInput(path, 'assembly source')).toString('utf8');
  const r = assemble(source, { file: path, textBase, dataBase, compDir: process.cwd() });
  for (const d of r.diagnostics) process.stderr.write(formatDiagnostic(d) + '\n');
  if (!r.ok || !r.elf) {
    const n = r.diagnostics.filter((d) => d.severity === 'error').length;
    return fail(`${path}: ${n} error${n === 1 ? '' : 's'}; nothing was written`);
  }
  return r.elf;
}

function asmCommand(a: RunArgs): number {
  const elf = assembleFile(a.program as string, a.textBase, a.dataBase);
  try {
    writeFileSync(a.output as string, elf);
  } catch (e) {
    return fail(`${a.output}: cannot write (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return 0;
}

function parseElfFile(path: string, bytes: Uint8Array): ElfImage {
  try {
    return parseElf(bytes);
  } catch (e) {
    if (e instanceof ElfError) fail(`${path}: ${e.message}`);
    throw e;
  }
}

function kernelFrom(path: string): KernelImage {
  const bytes = readInput(path, 'kernel');
  if (bytes.length === 0) fail(`${path}: kernel image is empty`);
  const isElf = bytes.length >= 4 && bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46;
  return isElf ? { elf: parseElfFile(path, bytes) } : { raw: bytes };
}

/** Build the machine and load firmware/kernel as the options say. */
function buildMachine(a: RunArgs, console: { write(b: Uint8Array): void }): { m: Machine; fw: ElfImage } {
  if (a.restore !== undefined) {
    if (a.signature !== undefined) fail('--signature needs the program: it cannot be used with --restore');
    return { m: restoreMachine(a, console, fail), fw: undefined as unknown as ElfImage };
  }
  const disk = a.drive !== undefined ? readInput(a.drive, 'disk image') : undefined;
  let writeThrough: ((offset: number, data: Uint8Array) => void) | undefined;
  if (a.writeThrough) {
    if (a.drive === undefined) fail('--write-through needs --drive');
    let fd: number;
    try {
      fd = openSync(a.drive, 'r+');
    } catch (e) {
      return fail(`${a.drive}: cannot open disk image for writing (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    writeThrough = (offset, data) => { writeSync(fd, data, 0, data.length, offset); };
    process.on('exit', () => closeSync(fd));
  }
  const dtb = a.dtb !== undefined ? readInput(a.dtb, 'device tree') : undefined;
  if (dtb !== undefined && (dtb.length < 40 || new DataView(dtb.buffer, dtb.byteOffset).getUint32(0) !== FDT_MAGIC)) {
    fail(`${a.dtb}: not a flattened device tree (bad magic)`);
  }
  const initrd = a.initrd !== undefined ? readInput(a.initrd, 'initrd') : undefined;
  if (initrd !== undefined && initrd.length === 0) fail(`${a.initrd}: initrd is empty`);
  let rngSeed: Uint8Array | undefined;
  try {
    rngSeed = a.rngSeed !== undefined ? parseRngSeed(a.rngSeed) : undefined;
  } catch (e) {
    return fail((e as Error).message);
  }
  let m: Machine;
  try {
    m = createMachine({
      machine: a.machine, ramMiB: a.ramMiB, harts: a.harts, console, disk,
      diskWriteThrough: writeThrough, bootargs: a.append, dtb, initrd, rngSeed,
    });
  } catch (e) {
    return fail((e as Error).message);
  }
  let fwPath: string, kernel: KernelImage | undefined;
  if (a.program !== undefined) {
    fwPath = a.program;
  } else if (a.bios === undefined || a.bios === 'none') {
    fwPath = a.kernel!;
  } else {
    fwPath = a.bios;
    if (a.kernel !== undefined) kernel = kernelFrom(a.kernel);
  }
  const fwBytes = a.command === 'demo' ? demoElf
    : a.program !== undefined && isAssemblySource(fwPath) ? assembleFile(fwPath) : readInput(fwPath, 'program');
  const fw = a.command === 'demo' ? parseElf(demoElf) : parseElfFile(fwPath, fwBytes);
  if (kernel?.elf !== undefined) {
    try {
      checkLoadable(kernel.elf, [{ base: m.bus.ramBase, size: m.bus.ramSize, name: 'RAM' }]);
    } catch (e) {
      if (e instanceof ElfError) fail(`${a.kernel}: ${e.message}`);
      throw e;
    }
  }
  try {
    loadFirmwareAndKernel(m, fw, kernel);
  } catch (e) {
    if (e instanceof InitrdError) fail(`${a.initrd}: ${e.message}`);
    if (e instanceof ElfError) fail(`${kernel?.raw !== undefined ? a.kernel : fwPath}: ${e.message}`);
    throw e;
  }
  return { m, fw };
}

interface HostInput { bytes: number[]; closed: boolean; wake: (() => void) | null }

function attachStdin(quit: () => void): HostInput {
  const input: HostInput = { bytes: [], closed: false, wake: null };
  const stdin = process.stdin;
  const tty = stdin.isTTY === true;
  if (tty) stdin.setRawMode(true);
  let ctrlA = false;
  stdin.on('data', (buf: Buffer) => {
    for (const b of buf) {
      if (tty && ctrlA && (b === 0x78 || b === 0x58)) { quit(); return; } // Ctrl-A X
      ctrlA = tty && b === 0x01;
      if (!ctrlA) input.bytes.push(b);
    }
    input.wake?.();
  });
  stdin.on('end', () => { input.closed = true; input.wake?.(); });
  stdin.on('error', () => { input.closed = true; input.wake?.(); });
  return input;
}

/**
 * Guest console output, collected between slices and written in one piece. Devices
 * reuse their transmit buffers, and process.stdout.write may queue the chunk (pipe or
 * socket full), so the bytes are copied here.
 */
class StdoutConsole {
  private chunks: Uint8Array[] = [];
  write(b: Uint8Array): void { this.chunks.push(b.slice()); }
  flush(): void {
    if (this.chunks.length === 0) return;
    process.stdout.write(Buffer.concat(this.chunks));
    this.chunks = [];
  }
}

/** Resolve once everything already written to stdout and stderr has reached the OS. */
function drainStdio(): Promise<void> {
  const drained = (s: NodeJS.WriteStream): Promise<void> => new Promise((r) => s.write('', () => r()));
  return Promise.all([drained(process.stdout), drained(process.stderr)]).then(() => undefined);
}

async function run(a: RunArgs): Promise<number> {
  const out = new StdoutConsole();
  const panic = a.command === 'linux' ? new PanicWatch() : null;
  const { m, fw } = buildMachine(a, panic !== null ? panic.tee(out) : out);
  let quit = false;
  const input: HostInput = a.command === 'demo'
    ? { bytes: [], closed: true, wake: null }
    : attachStdin(() => { quit = true; });
  const t0 = performance.now();
  let consumed = 0;
  let lastYield = t0;
  let idleForever = false;
  while (m.halted === null && consumed < a.maxInsns && !quit) {
    while (input.bytes.length > 0 && m.board.pushInput(input.bytes[0])) input.bytes.shift();
    const n = m.step(Math.min(a.maxInsns - consumed, SLICE));
    out.flush();
    consumed += n;
    if (panic !== null && panic.over(consumed)) break;
    if (n === 0) {
      if (input.closed && input.bytes.length === 0) { idleForever = true; break; }
      await new Promise<void>((r) => { input.wake = r; });
      input.wake = null;
      continue;
    }
    const now = performance.now();
    if (now - lastYield > 20) { lastYield = now; await new Promise<void>((r) => setImmediate(r)); }
  }
  const seconds = (performance.now() - t0) / 1000;
  process.stdin.destroy();
  if (process.stdin.isTTY) process.stdin.setRawMode?.(false);
  let code: number;
  if (panic?.seen === true) {
    process.stderr.write(`hyperstep: the guest kernel panicked: ${panic.line}\n`);
    code = 1;
  } else if (m.halted !== null) {
    code = m.halted.kind === 'reset' ? 0 : m.halted.code;
    if (m.halted.kind === 'reset') process.stderr.write('hyperstep: the guest rebooted (system reset); stopping\n');
    // Exit statuses are 8 bits: a failing code that is a multiple of 256 must not
    // wrap to 0 (a false pass); say so, and exit 1 instead.
    if (code !== 0 && (code & 0xff) === 0) {
      process.stderr.write(`hyperstep: guest exited with code ${code}\n`);
      code = 1;
    }
  } else if (quit) {
    code = 0;
  } else if (idleForever) {
    process.stderr.write('hyperstep: the guest is waiting for an interrupt that can never come (all harts in WFI, no timer, input closed)\n');
    code = 125;
  } else {
    process.stderr.write(`hyperstep: instruction limit reached (${a.maxInsns} instructions)\n`);
    code = 124;
  }
  if (a.stats) process.stderr.write(JSON.stringify(statsOf(m, seconds)) + '\n');
  if (a.signature !== undefined) writeSignature(m, fw, a.signature);
  return code;
}

/**
 * Write the memory between the program's begin_signature and end_signature symbols,
 * one 32-bit little-endian word per line in hex (the format of Spike's +signature,
 * used by the RISC-V architectural test framework).
 */
function writeSignature(m: Machine, fw: ElfImage, path: string): void {
  const b = fw.symbolByName('begin_signature');
  const e = fw.symbolByName('end_signature');
  if (b === undefined || e === undefined || !m.bus.isRam(b.value, Math.max(0, e.value - b.value))) {
    fail(`${path}: the program has no begin_signature/end_signature symbols in RAM`);
  }
  const view = m.harts[0].view;
  let text = '';
  for (let a = b.value; a < e.value; a += 4) {
    text += view.getUint32(a - m.bus.ramBase, true).toString(16).padStart(8, '0') + '\n';
  }
  writeFileSync(path, text);
}

function statsOf(m: Machine, seconds: number): object {
  const st = machineStats(m);
  const instret = st.instructions;
  const byMode: Record<string, number> = {};
  for (const [k, v] of Object.entries(st.instructionsByMode)) if (v > 0) byMode[k] = v;
  return {
    instructions: instret,
    hostSeconds: Number(seconds.toFixed(6)),
    mips: Number((instret / Math.max(seconds, 1e-9) / 1e6).toFixed(2)),
    trapsByCause: st.trapsByCause,
    trapsByTransition: st.trapsByTransition,
    instructionsByMode: byMode,
    vmExits: st.vmExits,
    vmExitsByCause: st.vmExitsByCause,
    vmEntries: st.vmEntries,
    hypercalls: st.hypercalls,
    tlbMisses: st.tlbMisses,
    pageTableReads: st.pageTableReads,
    harts: st.harts,
    tiers: tierStats(m),
  };
}

async function main(): Promise<void> {
  if (process.argv[2] === 'compare') { const code = await compareCommand(process.argv.slice(3)); await drainStdio(); process.exit(code); }
  let args: RunArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) { process.stderr.write(`hyperstep: ${e.message}\n${USAGE}\n`); process.exit(2); }
    throw e;
  }
  if (args.command === 'help') { process.stdout.write(USAGE + '\n'); return; }
  if (args.command === 'version') { process.stdout.write(`hyperstep ${VERSION}\n`); return; }
  if (args.command === 'asm') { const code = asmCommand(args); await drainStdio(); process.exit(code); }
  if (args.command === 'snapshot') { const code = snapshotCommand(args, buildMachine, fail); await drainStdio(); process.exit(code); }
  if (args.command === 'linux') args = await prepareLinux(args, fail);
  // A reader that went away (`hyperstep run x.elf | head -1`): stop quietly, as SIGPIPE would.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(141);
    throw e;
  });
  const code = args.gdb !== undefined ? await runGdb(args, fail) : await run(args);
  await drainStdio();
  process.exit(code);
}

main().catch((e: unknown) => {
  process.stderr.write(`hyperstep: internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(70);
});
