/**
 * RV64A atomics (unprivileged spec chapter 8): LR/SC with a real reservation and the
 * AMOs. AMOs and SC are translated as stores (faults are store/AMO faults) and must be
 * naturally aligned (misaligned → store/AMO address misaligned; LR → load misaligned).
 * Emulated memory is sequentially consistent, so aq/rl need no action.
 *
 * The reservation is the physical address of the LR, at 8-byte granularity. It is
 * broken by SC, by trap entry/return, and by another hart's store to the same granule
 * (the machine's storeNotify); with several harts the reserved page is watched so that
 * fast-path stores of other harts also notify.
 */
import type { Hart } from '../hart/hart';
import { Access, dataVirt, translate } from '../hart/mmu';
import { Cause } from '../hart/trap';
import { WatchKind, WriteWatch } from '../bus/bus';
import { InsnFlag, type InsnDef } from './types';
import { ADDR } from './rv64i';

function physOffset(h: Hart, va: number, size: number, type: number): number {
  if (va % size !== 0) {
    h.xlatVirt = dataVirt(h); // GVA: is va a guest virtual address? (8.6.2)
    h.raise(type === Access.Load ? Cause.LoadMisaligned : Cause.StoreMisaligned, va);
  }
  h.accessVa = va;
  const pa = translate(h, va, type, size);
  const off = pa - h.bus.ramBase;
  if (off < 0 || off + size > h.bus.ramSize) {
    h.raise(type === Access.Load ? Cause.LoadAccessFault : Cause.StoreAccessFault, va);
  }
  const bus = h.bus;
  if (bus.watchpoints.length !== 0) { // AMOs read and write; LR reads, SC writes
    bus.checkWatch(h, pa, size, type === Access.Load ? WatchKind.Read : WatchKind.Read | WatchKind.Write);
  }
  return off;
}

function afterWrite(h: Hart, off: number, size: number): void {
  const bus = h.bus;
  const pa = bus.ramBase + off;
  bus.dirty[Math.floor(off / 4096)] = 1;
  if (bus.noFastWrite[Math.floor(off / 4096)] !== 0) bus.watchWrite(h, pa, size);
  h.host.storeNotify(h, pa);
}

function reserve(h: Hart, off: number): void {
  h.reservation = h.bus.ramBase + off - (off & 7);
  if (h.bus.harts.length > 1) h.bus.watchWrites(h.reservation, WriteWatch.Reservation);
}

export function lrW(h: Hart, va: number): number {
  const off = physOffset(h, va, 4, Access.Load);
  reserve(h, off);
  return h.view.getInt32(off, true);
}

export function lrD(h: Hart, va: number): number {
  const off = physOffset(h, va, 8, Access.Load);
  reserve(h, off);
  h.ldHi = h.view.getInt32(off + 4, true);
  return h.view.getInt32(off, true);
}

/** SC: returns 0 on success, 1 on failure. The reservation is always cleared. */
export function sc(h: Hart, va: number, size: number, lo: number, hi: number): number {
  const off = physOffset(h, va, size, Access.Store);
  const ok = h.reservation === h.bus.ramBase + off - (off & 7);
  h.reservation = -1;
  if (!ok) return 1;
  h.view.setInt32(off, lo, true);
  if (size === 8) h.view.setInt32(off + 4, hi, true);
  afterWrite(h, off, size);
  return 0;
}

/** AMO operation codes (funct5). */
export const AmoOp = { Add: 0, Swap: 1, Xor: 4, Or: 8, And: 12, Min: 16, Max: 20, MinU: 24, MaxU: 28 } as const;

/** 32-bit AMO: returns the old value (sign-extended 32-bit). */
export function amoW(h: Hart, op: number, va: number, v: number): number {
  const off = physOffset(h, va, 4, Access.Store);
  const old = h.view.getInt32(off, true);
  let r: number;
  switch (op) {
    case AmoOp.Add: r = (old + v) | 0; break;
    case AmoOp.Swap: r = v; break;
    case AmoOp.Xor: r = old ^ v; break;
    case AmoOp.Or: r = old | v; break;
    case AmoOp.And: r = old & v; break;
    case AmoOp.Min: r = old < v ? old : v; break;
    case AmoOp.Max: r = old > v ? old : v; break;
    case AmoOp.MinU: r = (old >>> 0) < (v >>> 0) ? old : v; break;
    default: r = (old >>> 0) > (v >>> 0) ? old : v; break;
  }
  h.view.setInt32(off, r, true);
  afterWrite(h, off, 4);
  return old;
}

/** 64-bit AMO: returns the old low word, old high word in h.ldHi. */
export function amoD(h: Hart, op: number, va: number, lo: number, hi: number): number {
  const off = physOffset(h, va, 8, Access.Store);
  const ol = h.view.getInt32(off, true), oh = h.view.getInt32(off + 4, true);
  let rl = lo, rh = hi;
  switch (op) {
    case AmoOp.Add: {
      rl = (ol + lo) | 0;
      rh = (oh + hi + ((rl >>> 0) < (ol >>> 0) ? 1 : 0)) | 0;
      break;
    }
    case AmoOp.Swap: break;
    case AmoOp.Xor: rl = ol ^ lo; rh = oh ^ hi; break;
    case AmoOp.Or: rl = ol | lo; rh = oh | hi; break;
    case AmoOp.And: rl = ol & lo; rh = oh & hi; break;
    default: {
      const signed = op === AmoOp.Min || op === AmoOp.Max;
      const oldLess = signed
        ? oh < hi || (oh === hi && (ol >>> 0) < (lo >>> 0))
        : (oh >>> 0) < (hi >>> 0) || (oh === hi && (ol >>> 0) < (lo >>> 0));
      const takeOld = (op === AmoOp.Min || op === AmoOp.MinU) ? oldLess : !oldLess;
      if (takeOld) { rl = ol; rh = oh; }
    }
  }
  h.view.setInt32(off, rl, true);
  h.view.setInt32(off + 4, rh, true);
  afterWrite(h, off, 8);
  h.ldHi = oh;
  return ol;
}

const F = InsnFlag.MayTrap | InsnFlag.Memory;
/** The wasm tier leaves atomics to the JavaScript tiers. */
const WASM = { fallback: 'atomics: LR/SC reservations and AMOs go through the JS slow paths' };
const amo = (name: string, f5: number, f3: number, exec: string, fmt: 'AMO' | 'LR' = 'AMO'): InsnDef =>
  ({ name, ext: 'A', match: (f5 << 27) | (f3 << 12) | 0x2f, mask: fmt === 'LR' ? 0xf9f0707f : 0xf800707f, fmt, flags: F, exec, wasm: WASM });

const A0 = ADDR.replace('$imm', '0');
const W = (op: number): string => `{ const v = amoW(h, ${op}, ${A0}, xl[$rs2]); xl[$rd] = v; xh[$rd] = v >> 31; }`;
const D = (op: number): string => `{ const v = amoD(h, ${op}, ${A0}, xl[$rs2], xh[$rs2]); xl[$rd] = v; xh[$rd] = h.ldHi; }`;

export const rv64a: InsnDef[] = [
  amo('lr.w', 2, 2, `{ const v = lrW(h, ${A0}); xl[$rd] = v; xh[$rd] = v >> 31; }`, 'LR'),
  amo('sc.w', 3, 2, `{ const r = sc(h, ${A0}, 4, xl[$rs2], 0); xl[$rd] = r; xh[$rd] = 0; }`),
  amo('amoswap.w', 1, 2, W(AmoOp.Swap)), amo('amoadd.w', 0, 2, W(AmoOp.Add)),
  amo('amoxor.w', 4, 2, W(AmoOp.Xor)), amo('amoand.w', 12, 2, W(AmoOp.And)),
  amo('amoor.w', 8, 2, W(AmoOp.Or)), amo('amomin.w', 16, 2, W(AmoOp.Min)),
  amo('amomax.w', 20, 2, W(AmoOp.Max)), amo('amominu.w', 24, 2, W(AmoOp.MinU)),
  amo('amomaxu.w', 28, 2, W(AmoOp.MaxU)),
  amo('lr.d', 2, 3, `{ const v = lrD(h, ${A0}); xl[$rd] = v; xh[$rd] = h.ldHi; }`, 'LR'),
  amo('sc.d', 3, 3, `{ const r = sc(h, ${A0}, 8, xl[$rs2], xh[$rs2]); xl[$rd] = r; xh[$rd] = 0; }`),
  amo('amoswap.d', 1, 3, D(AmoOp.Swap)), amo('amoadd.d', 0, 3, D(AmoOp.Add)),
  amo('amoxor.d', 4, 3, D(AmoOp.Xor)), amo('amoand.d', 12, 3, D(AmoOp.And)),
  amo('amoor.d', 8, 3, D(AmoOp.Or)), amo('amomin.d', 16, 3, D(AmoOp.Min)),
  amo('amomax.d', 20, 3, D(AmoOp.Max)), amo('amominu.d', 24, 3, D(AmoOp.MinU)),
  amo('amomaxu.d', 28, 3, D(AmoOp.MaxU)),
];

export const rv64aLib = { lrW, lrD, sc, amoW, amoD };
