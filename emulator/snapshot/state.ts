/**
 * Capture and restore of a machine's state other than RAM (RAM pages: pages.ts).
 *
 * Every stateful object of a machine (the machine's scheduler, the board, each hart, each
 * device) keeps plain data only (docs/architecture.md, "Devices"), so one generic copier
 * serves them all: own fields that are numbers, booleans, strings, typed arrays, arrays,
 * Maps and nested plain objects are copied; functions and references to other stateful
 * objects ("wiring": the bus, devices, harts, console sinks) are kept as they are.
 * A class can refine this with a static `snapshotHints` (fields to skip because they
 * never change or are derived; Maps whose values are never mutated in place and so can be
 * shared between snapshots instead of copied).
 *
 * Derived state is not saved: software TLBs, the guest TLB slot keys, the virtual-pc block
 * cache and the compiled code are dropped on restore and rebuilt as the machine runs.
 * Restore writes into the live objects in place, so wiring stays intact.
 */
import type { Machine } from '../machine';
import type { Hart } from '../hart/hart';
import { flushTlbAll } from '../hart/mmu';
import { recomputeInterrupts } from '../hart/interrupts';
import { WriteWatch } from '../bus/bus';

/** A captured value: plain data only. */
export type Plain =
  | number | boolean | string | null | undefined
  | PlainTyped
  | Plain[]
  | { readonly $map: [number | string, Plain][] }
  | { [key: string]: Plain };

export type PlainTyped = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

/** Optional static hints of a stateful class (see the header). */
export interface SnapshotHints {
  /** Fields never saved (immutable after construction, or derived). */
  skip?: readonly string[];
  /** Maps whose values are replaced, never mutated: snapshots share the values. */
  shareValues?: readonly string[];
}

/** Hart fields that are derived (rebuilt after restore) or host scratch. */
const HART_SKIP: readonly string[] = [
  'bus', 'host', 'ram', 'view', 'signal', 'fBuf', 'fd', 'fs', 'vmHook', 'vmStop',
  'tlbVpn', 'tlbOff', 'tlbAsid', 'tlbLevel', 'tlbGlobal', 'tlbGpa', 'tlbGLevel',
  'gtTag', 'gtPpn', 'gtPerm', 'gtLevel', 'slotKey', 'slotNext', 'superSlots', 'guestSuperSlots',
  'fetchBase', 'fetchCtx', 'loadBase', 'storeBase', 'guestSlot', 'vcTag', 'vcEp', 'vcSlot', 'vcBlock', 'wctl', 'chainSlot', 'chainDone',
  'blockPg', 'loopLimit', 'iter', 'blockOff', 'consumed', 'ignoreBp', 'trace', 'probe', 'markPending',
  'wasmBase', 'pcSlot', 'scr',
];
const MACHINE_SKIP: readonly string[] = ['bus', 'harts', 'cache', 'board', 'console', 'current', 'debugStop'];
const BOARD_SKIP: readonly string[] = ['opts', 'rom', 'htif', 'uart', 'test', 'rtc', 'disk', 'rng', 'console', 'machine', 'devices', 'aclint', 'plic'];

/** The state of a whole machine except RAM. */
export interface MachineState {
  machine: Plain;
  board: Plain;
  harts: Plain[];
  /** Devices by name (the bus's MMIO devices and the HTIF). */
  devices: Record<string, Plain>;
}

/** Stateful objects of a machine, by role (also the wiring set of the copier). */
export function stateRoots(m: Machine): { name: string; obj: object }[] {
  const out: { name: string; obj: object }[] = [];
  for (const d of m.bus.devices) out.push({ name: d.dev.name, obj: d.dev });
  if (!m.bus.devices.some((d) => (d.dev as unknown) === m.board.htif)) out.push({ name: 'htif', obj: m.board.htif });
  return out;
}

function wiringOf(m: Machine): Set<unknown> {
  const s = new Set<unknown>([m, m.bus, m.cache, m.board, m.console]);
  for (const h of m.harts) s.add(h);
  for (const r of stateRoots(m)) s.add(r.obj);
  return s;
}

function hintsOf(obj: object): SnapshotHints {
  const c = (obj as { constructor?: { snapshotHints?: SnapshotHints } }).constructor;
  return c?.snapshotHints ?? {};
}

function isTyped(v: unknown): v is PlainTyped {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

/** Copy the own fields of obj (see the header); `skip` adds to the class's hints. */
export function capture(obj: object, wiring: Set<unknown>, skip: readonly string[] = []): { [key: string]: Plain } {
  const hints = hintsOf(obj);
  const out: { [key: string]: Plain } = {};
  for (const key of Object.keys(obj)) {
    if (skip.includes(key) || hints.skip?.includes(key) === true) continue;
    const v = (obj as Record<string, unknown>)[key];
    const c = copyValue(v, wiring, hints.shareValues?.includes(key) === true);
    if (c !== SKIP) out[key] = c;
  }
  return out;
}

const SKIP = Symbol('skip');

function copyValue(v: unknown, wiring: Set<unknown>, share = false): Plain | typeof SKIP {
  if (v === null || v === undefined || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v !== 'object') return SKIP; // functions, symbols, bigints
  if (wiring.has(v)) return SKIP;
  if (isTyped(v)) return v.slice();
  if (v instanceof ArrayBuffer) return SKIP;
  if (Array.isArray(v)) {
    const a: Plain[] = [];
    for (const x of v) { const c = copyValue(x, wiring); a.push(c === SKIP ? null : c); }
    return a;
  }
  if (v instanceof Map) {
    const entries: [number | string, Plain][] = [];
    for (const [k, x] of v as Map<unknown, unknown>) {
      if (typeof k !== 'number' && typeof k !== 'string') return SKIP;
      const c = share && isTyped(x) ? x : copyValue(x, wiring);
      if (c !== SKIP) entries.push([k, c]);
    }
    return { $map: entries };
  }
  if (v instanceof Set) return SKIP;
  return capture(v, wiring);
}

function isMapValue(v: Plain): v is { readonly $map: [number | string, Plain][] } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isTyped(v) && '$map' in v;
}

/** A fresh live value for a captured one (restores copy: snapshots stay immutable). */
function revive(v: Plain): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (isTyped(v)) return v.slice();
  if (Array.isArray(v)) return v.map(revive);
  if (isMapValue(v)) return new Map(v.$map.map(([k, x]) => [k, revive(x)]));
  const o: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) o[k] = revive(x);
  return o;
}

/** Write a captured object back into the live one, in place. */
export function restoreInto(live: object, saved: { [key: string]: Plain }): void {
  const hints = hintsOf(live);
  const obj = live as Record<string, unknown>;
  for (const [key, v] of Object.entries(saved)) {
    const cur = obj[key];
    if (isTyped(v) && isTyped(cur) && cur.length === v.length && cur.constructor === v.constructor) { cur.set(v as never); continue; }
    if (isMapValue(v) && cur instanceof Map) {
      cur.clear();
      const share = hints.shareValues?.includes(key) === true;
      for (const [k, x] of v.$map) cur.set(k, share && isTyped(x) ? x : revive(x));
      continue;
    }
    if (Array.isArray(v) && Array.isArray(cur) && v.length === cur.length && v.some((x) => typeof x === 'object' && x !== null && !isTyped(x))) {
      for (let i = 0; i < v.length; i++) {
        const x = v[i], c = cur[i];
        if (typeof x === 'object' && x !== null && !isTyped(x) && !Array.isArray(x) && typeof c === 'object' && c !== null) restoreInto(c, x as { [key: string]: Plain });
        else cur[i] = revive(x);
      }
      continue;
    }
    if (v !== null && typeof v === 'object' && !isTyped(v) && !Array.isArray(v) && !isMapValue(v) && cur !== null && typeof cur === 'object' && !Array.isArray(cur)) {
      restoreInto(cur, v);
      continue;
    }
    obj[key] = revive(v);
  }
}

/** Capture everything but RAM. */
export function captureState(m: Machine): MachineState {
  const wiring = wiringOf(m);
  const devices: Record<string, Plain> = {};
  for (const r of stateRoots(m)) devices[r.name] = capture(r.obj, wiring);
  return {
    machine: capture(m, wiring, MACHINE_SKIP),
    board: capture(m.board, wiring, BOARD_SKIP),
    harts: m.harts.map((h) => capture(h, wiring, HART_SKIP)),
    devices,
  };
}

/** Restore everything but RAM, then drop derived state (TLBs, block links). */
export function restoreState(m: Machine, s: MachineState): void {
  restoreInto(m, s.machine as { [key: string]: Plain });
  restoreInto(m.board, s.board as { [key: string]: Plain });
  for (const r of stateRoots(m)) {
    const d = s.devices[r.name];
    if (d !== undefined) restoreInto(r.obj, d as { [key: string]: Plain });
  }
  m.harts.forEach((h, i) => restoreInto(h, s.harts[i] as { [key: string]: Plain }));
  m.debugStop = null;
  for (const h of m.harts) resetDerived(h);
}

/** Drop a hart's derived state after its architectural state changed under it. */
export function resetDerived(h: Hart): void {
  h.slotKey.fill(NaN);
  h.slotNext = 0;
  h.gtTag.fill(NaN);
  h.vcTag.fill(NaN);
  h.vcEp.fill(-1);
  h.vcSlot.fill(-1);
  flushTlbAll(h);
  h.updateContexts();
  recomputeInterrupts(h);
  if (h.reservation >= 0 && h.bus.harts.length > 1) h.bus.watchWrites(h.reservation, WriteWatch.Reservation);
}
