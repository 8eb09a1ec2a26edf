/**
 * `hyperstep snapshot save|diff|info` and `hyperstep run --restore`: whole-machine
 * snapshot files (emulator/snapshot/machineFile.ts) from the command line.
 *
 *   snapshot save --at N -o FILE [run options] PROGRAM   run to clock N, save
 *   snapshot diff A B [--symbols ELF] [--json]           what differs between two files
 *   snapshot info FILE                                   what a file holds
 * Bad or damaged files give a one-line error and exit status 2.
 */
import { readFileSync, writeFileSync } from 'fs';
import type { RunArgs } from './options';
import type { Machine } from '../emulator/machine';
import type { ElfImage } from '../emulator/loader/elf';
import { parseElf } from '../emulator/loader/elf';
import { createMachine } from '../emulator/runElf';
import { parseRngSeed } from '../emulator/devices/seededRng';
import { loadMachineFile, machineFileSpec, restoreMachineFile, saveMachineFile, type MachineFile, type MachineFileSpec } from '../emulator/snapshot/machineFile';
import { SnapshotFileError } from '../emulator/snapshot/fileFormat';
import { History } from '../emulator/snapshot/history';
import { diffSnapshots, formatDiff, nearestSymbol } from '../emulator/snapshot/diff';

type Fail = (msg: string) => never;
type Console = { write(b: Uint8Array): void };
export type BuildMachine = (a: RunArgs, console: Console) => { m: Machine; fw: ElfImage };

/** The description a snapshot file keeps of the machine the options build. */
export function specOf(a: RunArgs, m: Machine): MachineFileSpec {
  const disk = a.drive !== undefined ? (m.bus.devices.find((d) => d.dev.name === 'virtio-blk') !== undefined ? readFileSync(a.drive).length : undefined) : undefined;
  return machineFileSpec({ machine: a.machine, memoryMiB: a.ramMiB, harts: a.harts, bootargs: a.append,
    rngSeed: a.rngSeed !== undefined ? parseRngSeed(a.rngSeed) : undefined, diskBytes: disk });
}

function readSnapshot(path: string, fail: Fail): MachineFile {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    return fail(`${path}: cannot read snapshot (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    return loadMachineFile(bytes);
  } catch (e) {
    if (e instanceof SnapshotFileError) return fail(`${path}: ${e.message}`);
    return fail(`${path}: not a usable snapshot (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
  }
}

/** Build the machine a snapshot file describes and restore it (run --restore). */
export function restoreMachine(a: RunArgs, console: Console, fail: Fail): Machine {
  const f = readSnapshot(a.restore!, fail);
  let disk: Uint8Array | undefined;
  if (f.spec.diskBytes !== undefined) {
    if (a.drive === undefined) fail(`${a.restore}: the saved machine has a disk: give the same image with --drive FILE`);
    disk = readFileSync(a.drive);
    if (disk.length !== f.spec.diskBytes) fail(`${a.drive}: the saved machine's disk had ${f.spec.diskBytes} bytes, this image has ${disk.length}`);
  }
  const m = createMachine({
    machine: f.spec.machine, ramMiB: f.spec.ramMiB, harts: f.spec.harts, console, disk, bootargs: f.spec.bootargs,
    rngSeed: f.spec.rngSeed !== undefined ? parseRngSeed(f.spec.rngSeed) : undefined,
  });
  try {
    restoreMachineFile(m, f);
  } catch (e) {
    fail(`${a.restore}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return m;
}

export function snapshotCommand(a: RunArgs, build: BuildMachine, fail: Fail): number {
  switch (a.snapshotAction) {
    case 'save': return save(a, build, fail);
    case 'info': return info(a.snapshotFiles![0], fail);
    default: return diff(a, fail);
  }
}

function save(a: RunArgs, build: BuildMachine, fail: Fail): number {
  const out: Uint8Array[] = [];
  const { m } = build(a, { write: (b) => out.push(b.slice()) });
  const target = a.at!;
  while (m.halted === null && m.clock < target) {
    if (m.step(Math.min(target - m.clock, 4_000_000)) === 0) break;
  }
  if (out.length > 0) process.stdout.write(Buffer.concat(out));
  if (m.clock < target) {
    process.stderr.write(`hyperstep: the guest ${m.halted !== null ? 'exited' : 'went idle for good'} at instruction ${m.clock}, before ${target}; nothing saved\n`);
    return 1;
  }
  const bytes = saveMachineFile(m, specOf(a, m), a.program);
  try {
    writeFileSync(a.output!, bytes);
  } catch (e) {
    return fail(`${a.output}: cannot write (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  process.stderr.write(`hyperstep: saved the machine at instruction ${m.clock} to ${a.output} (${(bytes.length / 1024).toFixed(1)} KiB)\n`);
  return 0;
}

function info(path: string, fail: Fail): number {
  const f = readSnapshot(path, fail);
  const s = f.spec;
  process.stdout.write([
    `${path}: HyperStep machine snapshot`,
    `  clock:    ${f.clock} (instructions + traps)`,
    `  machine:  ${s.machine}, ${s.harts} hart${s.harts === 1 ? '' : 's'}, ${s.ramMiB} MiB RAM${s.diskBytes !== undefined ? `, disk of ${s.diskBytes} bytes` : ''}`,
    `  RAM:      ${f.pages.size} non-zero pages (${(f.pages.size * 4 / 1024).toFixed(1)} MiB)`,
    ...(f.program !== undefined ? [`  program:  ${f.program}`] : []),
    ...(s.bootargs !== undefined ? [`  bootargs: ${s.bootargs}`] : []),
  ].join('\n') + '\n');
  return 0;
}

function diff(a: RunArgs, fail: Fail): number {
  const [pa, pb] = a.snapshotFiles!;
  const fa = readSnapshot(pa, fail), fb = readSnapshot(pb, fail);
  if (JSON.stringify(fa.spec) !== JSON.stringify(fb.spec)) fail(`${pa} and ${pb} are snapshots of different machines`);
  const m = createMachine({ machine: fa.spec.machine, ramMiB: fa.spec.ramMiB, harts: fa.spec.harts, console: { write: () => undefined } });
  restoreMachineFile(m, fa);
  const hist = new History(m);
  const first = hist.snapshot(true);
  restoreMachineFile(m, fb);
  const second = hist.snapshot(true);
  hist.dispose();
  let symbolAt: ((pa: number) => string | undefined) | undefined;
  if (a.symbolsElf !== undefined) {
    let img: ElfImage;
    try { img = parseElf(readFileSync(a.symbolsElf)); } catch (e) { return fail(`${a.symbolsElf}: ${e instanceof Error ? e.message : String(e)}`); }
    symbolAt = (addr) => nearestSymbol(img.symbols, addr);
  }
  const d = diffSnapshots(hist, first.id, second.id, symbolAt);
  process.stdout.write(a.json === true ? JSON.stringify(d, null, 1) + '\n' : formatDiff(d, pa, pb));
  return 0;
}
