/**
 * Snapshot files of a whole machine (`hyperstep snapshot save`, `run --restore`, the
 * launch attribute "restore", the extension's Save Snapshot): the machine's description,
 * its state (state.ts) and its RAM, in the container format of fileFormat.ts.
 *
 * Sections:
 *   meta   JSON: { kind: "hyperstep-machine", clock, spec: MachineFileSpec, program? }
 *   state  JSON of MachineState; typed arrays are { "$ta": type, "off", "len" } into
 *          `blobs`, non-finite numbers { "$num": "Infinity" | "-Infinity" | "NaN" }
 *   blobs  the typed arrays' bytes, back to back
 *   ram    the RAM pages that are not all zero: u32 count, count x u32 page index,
 *          then count x 4096 bytes (deflated; RAM compresses well)
 * A machine is rebuilt from `spec` (board, RAM size, harts, boot arguments, seed), then
 * RAM and state are written into it; compiled code and TLBs start empty.
 */
import type { Machine } from '../machine';
import { captureState, restoreState, resetDerived, type MachineState, type Plain, type PlainTyped } from './state';
import { decodeSnapshotFile, encodeSnapshotFile, SnapshotFileError } from './fileFormat';

/** What is needed to build an identical empty machine. */
export interface MachineFileSpec {
  machine: 'virt' | 'spike';
  ramMiB: number;
  harts: number;
  bootargs?: string;
  /** Hex of the entropy seed (absent: the built-in seed). */
  rngSeed?: string;
  /** Size of the disk image behind virtio-blk (the base image is not in the file). */
  diskBytes?: number;
}

/** The description of a machine built from these settings (the debug runtime's config,
 *  the CLI's options): what a snapshot file keeps to rebuild it. */
export function machineFileSpec(c: { machine: 'virt' | 'spike'; memoryMiB: number; harts: number; bootargs?: string; rngSeed?: Uint8Array; diskBytes?: number }): MachineFileSpec {
  const rngSeed = c.rngSeed !== undefined ? [...c.rngSeed].map((b) => b.toString(16).padStart(2, '0')).join('') : undefined;
  return { machine: c.machine, ramMiB: c.memoryMiB, harts: c.harts, bootargs: c.bootargs, rngSeed, diskBytes: c.diskBytes };
}

export interface MachineFile {
  clock: number;
  spec: MachineFileSpec;
  program?: string;
  state: MachineState;
  /** Page index -> bytes (pages not listed are zero). */
  pages: Map<number, Uint8Array>;
}

const PAGE = 4096;
const TYPED: Record<string, new (b: ArrayBuffer) => PlainTyped> = {
  Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array,
};

/** Encode the machine as it is now. */
export function saveMachineFile(m: Machine, spec: MachineFileSpec, program?: string): Uint8Array {
  const state = captureState(m);
  const blobs: Uint8Array[] = [];
  let off = 0;
  const json = JSON.stringify(state, (_k, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) return { $num: String(v) };
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength).slice();
      blobs.push(bytes);
      const ref = { $ta: v.constructor.name, off, len: bytes.length };
      off += bytes.length;
      return ref;
    }
    return v;
  });
  const ram = m.bus.ram;
  const used: number[] = [];
  for (let p = 0; p < ram.length / PAGE; p++) if (!zeroPage(ram, p)) used.push(p);
  const ramSec = new Uint8Array(4 + 4 * used.length + PAGE * used.length);
  const dv = new DataView(ramSec.buffer);
  dv.setUint32(0, used.length, true);
  used.forEach((p, i) => {
    dv.setUint32(4 + 4 * i, p, true);
    ramSec.set(ram.subarray(p * PAGE, p * PAGE + PAGE), 4 + 4 * used.length + PAGE * i);
  });
  const enc = new TextEncoder();
  const meta = { kind: 'hyperstep-machine', clock: m.clock, spec, program };
  return encodeSnapshotFile([
    { name: 'meta', data: enc.encode(JSON.stringify(meta)) },
    { name: 'state', data: enc.encode(json) },
    { name: 'blobs', data: concat(blobs, off) },
    { name: 'ram', data: ramSec },
  ]);
}

/** Decode and validate a snapshot file; throws SnapshotFileError (one line). */
export function loadMachineFile(bytes: Uint8Array): MachineFile {
  const sections = decodeSnapshotFile(bytes);
  const need = (name: string): Uint8Array => {
    const s = sections.get(name);
    if (s === undefined) throw new SnapshotFileError(`snapshot file has no '${name}' section: not a machine snapshot`);
    return s;
  };
  const dec = new TextDecoder('utf-8', { fatal: true });
  const json = (name: string, reviver?: (k: string, v: unknown) => unknown): unknown => {
    try {
      return JSON.parse(dec.decode(need(name)), reviver);
    } catch (e) {
      if (e instanceof SnapshotFileError) throw e;
      throw new SnapshotFileError(`snapshot section '${name}' is not valid: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    }
  };
  const meta = json('meta') as { kind?: unknown; clock?: unknown; spec?: unknown; program?: unknown };
  if (meta === null || typeof meta !== 'object' || meta.kind !== 'hyperstep-machine') throw new SnapshotFileError('snapshot file is not a machine snapshot (meta.kind)');
  const spec = checkSpec(meta.spec);
  const clock = typeof meta.clock === 'number' && Number.isSafeInteger(meta.clock) && meta.clock >= 0 ? meta.clock : fail('meta.clock');
  const blobs = need('blobs');
  const state = json('state', (_k, v) => revive(v, blobs)) as MachineState;
  if (state === null || typeof state !== 'object' || !Array.isArray(state.harts) || state.harts.length !== spec.harts
    || typeof state.devices !== 'object' || state.devices === null || typeof state.machine !== 'object') {
    throw new SnapshotFileError('snapshot section \'state\' does not describe this machine (harts or devices missing)');
  }
  const ram = need('ram');
  if (ram.length < 4) fail('ram: too short');
  const dv = new DataView(ram.buffer, ram.byteOffset, ram.byteLength);
  const count = dv.getUint32(0, true);
  const pages = spec.ramMiB * 256;
  if (count > pages || ram.length !== 4 + count * (4 + PAGE)) fail(`ram: ${count} pages do not match the section size ${ram.length}`);
  const map = new Map<number, Uint8Array>();
  const dataAt = 4 + 4 * count;
  for (let i = 0; i < count; i++) {
    const p = dv.getUint32(4 + 4 * i, true);
    if (p >= pages || map.has(p)) fail(`ram: page index ${p} is out of range or repeated`);
    map.set(p, ram.subarray(dataAt + PAGE * i, dataAt + PAGE * (i + 1)));
  }
  return { clock, spec, program: typeof meta.program === 'string' ? meta.program : undefined, state, pages: map };
}

/** Write a loaded file into a machine built from its spec. */
export function restoreMachineFile(m: Machine, f: MachineFile): void {
  if (m.harts.length !== f.spec.harts || m.bus.ramSize !== f.spec.ramMiB * 1024 * 1024) {
    throw new SnapshotFileError(`the snapshot is of a ${f.spec.harts}-hart machine with ${f.spec.ramMiB} MiB; this one differs`);
  }
  const ram = m.bus.ram;
  ram.fill(0);
  for (const [p, b] of f.pages) ram.set(b, p * PAGE);
  m.bus.dirty.fill(1);
  m.cache.flush();
  try {
    restoreState(m, f.state);
  } catch (e) {
    throw new SnapshotFileError(`snapshot state does not fit this machine: ${e instanceof Error ? e.message : String(e)}`);
  }
  for (const h of m.harts) resetDerived(h);
  if (m.clock !== f.clock) throw new SnapshotFileError(`snapshot state is inconsistent: clock ${m.clock}, meta says ${f.clock}`);
}

function checkSpec(v: unknown): MachineFileSpec {
  if (v === null || typeof v !== 'object') return fail('meta.spec');
  const s = v as Record<string, unknown>;
  if (s.machine !== 'virt' && s.machine !== 'spike') fail('meta.spec.machine');
  if (!Number.isInteger(s.ramMiB) || (s.ramMiB as number) < 1 || (s.ramMiB as number) > 16384) fail('meta.spec.ramMiB');
  if (!Number.isInteger(s.harts) || (s.harts as number) < 1 || (s.harts as number) > 8) fail('meta.spec.harts');
  if (s.bootargs !== undefined && typeof s.bootargs !== 'string') fail('meta.spec.bootargs');
  if (s.rngSeed !== undefined && (typeof s.rngSeed !== 'string' || !/^[0-9a-f]{2,128}$/i.test(s.rngSeed))) fail('meta.spec.rngSeed');
  if (s.diskBytes !== undefined && (!Number.isSafeInteger(s.diskBytes) || (s.diskBytes as number) < 0)) fail('meta.spec.diskBytes');
  return s as unknown as MachineFileSpec;
}

function revive(v: unknown, blobs: Uint8Array): unknown {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
  const o = v as Record<string, unknown>;
  if (typeof o.$num === 'string' && Object.keys(o).length === 1) {
    if (o.$num === 'Infinity') return Infinity;
    if (o.$num === '-Infinity') return -Infinity;
    if (o.$num === 'NaN') return NaN;
    fail(`state: bad number ${o.$num}`);
  }
  if (typeof o.$ta === 'string') {
    const T = TYPED[o.$ta];
    const off = o.off, len = o.len;
    if (T === undefined || !Number.isSafeInteger(off) || !Number.isSafeInteger(len) || (off as number) < 0 || (len as number) < 0
      || (off as number) + (len as number) > blobs.length) return fail(`state: bad array reference ${JSON.stringify(o).slice(0, 80)}`);
    const bytes = blobs.slice(off as number, (off as number) + (len as number));
    const width = (T as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
    if (bytes.length % width !== 0) fail(`state: array length ${len} is not a multiple of ${width}`);
    return new T(bytes.buffer);
  }
  return v;
}

function fail(what: string): never {
  throw new SnapshotFileError(`snapshot file is damaged: ${what}`);
}

function zeroPage(ram: Uint8Array, p: number): boolean {
  const w = new Int32Array(ram.buffer, ram.byteOffset + p * PAGE, PAGE / 4);
  for (let i = 0; i < w.length; i++) if (w[i] !== 0) return false;
  return true;
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

export type { Plain };
