/**
 * Address ranges and location lists: DW_AT_low_pc/high_pc (DWARF 5 section 2.17.2:
 * high_pc of constant class is an offset from low_pc), DW_AT_ranges through
 * .debug_rnglists (section 2.17.3, 7.25; rnglistx via the offsets table at
 * DW_AT_rnglists_base) or DWARF 4 .debug_ranges, and DW_AT_location lists through
 * .debug_loclists (section 2.6.2, 7.29) or DWARF 4 .debug_loc.
 */

import type { DLocation } from '../model';
import { AT as AT_, FORM as FORM_, LLE as LLE_, RLE as RLE_ } from './constants';
import { Die, Unit, addrAttr, addrIndex, attrIndex, formOf } from './info';
import { MASK64, Reader } from './reader';

// Module-local aliases: plain property reads, not live-binding getters, in hot loops.
const AT = AT_;
const FORM = FORM_;
const LLE = LLE_;
const RLE = RLE_;

export interface Range { lo: bigint; hi: bigint }

const MAX_ENTRIES = 100000;

/** Code ranges of a DIE (empty when it has none). */
export function dieRanges(d: Die): Range[] {
  const lo = addrAttr(d, AT.low_pc);
  const hiIdx = attrIndex(d, AT.high_pc);
  if (lo !== undefined && hiIdx >= 0) {
    const form = formOf(d, hiIdx);
    const raw = d.vals[hiIdx];
    let hi: bigint | undefined;
    if (form === FORM.addr || (form >= FORM.addrx1 && form <= FORM.addrx4) || form === FORM.addrx) {
      hi = addrAttr(d, AT.high_pc);
    } else if (typeof raw === 'number' || typeof raw === 'bigint') {
      hi = (lo + BigInt(raw)) & MASK64;
    }
    if (hi !== undefined && hi > lo) return [{ lo, hi }];
    return [];
  }
  const ri = attrIndex(d, AT.ranges);
  if (ri >= 0) {
    const form = formOf(d, ri);
    const v = d.vals[ri] as number;
    const u = d.unit;
    if (u.version >= 5) {
      const off = form === FORM.rnglistx ? listIndexOffset(u, u.sections.rnglists, u.rnglistsBase, v) : v;
      return off === undefined ? [] : readRnglist(u, off);
    }
    return readRanges(u, v);
  }
  if (lo !== undefined) return [{ lo, hi: lo + 1n }];
  return [];
}

/** Offset of list `index` from the offsets table at `base` (DWARF 5 section 7.28/7.29). */
function listIndexOffset(u: Unit, data: Uint8Array | undefined, base: number, index: number): number | undefined {
  if (!data) return undefined;
  if (base === 0) base = u.is64 ? 20 : 12; // just past the first list table header
  const size = u.is64 ? 8 : 4;
  const at = base + index * size;
  if (at + size > data.length) return undefined;
  return base + new Reader(data, at).offset(u.is64);
}

function readRnglist(u: Unit, off: number): Range[] {
  const data = u.sections.rnglists;
  if (!data) return [];
  const r = new Reader(data, off);
  const out: Range[] = [];
  let base = u.baseAddr;
  for (let n = 0; n < MAX_ENTRIES; n++) {
    const kind = r.u8();
    switch (kind) {
      case RLE.end_of_list: return out;
      case RLE.base_addressx: base = addrIndex(u, r.uleb()) ?? 0n; break;
      case RLE.startx_endx: push(out, addrIndex(u, r.uleb()), addrIndex(u, r.uleb())); break;
      case RLE.startx_length: { const s = addrIndex(u, r.uleb()); const l = r.ulebBig(); push(out, s, s === undefined ? undefined : s + l); break; }
      case RLE.offset_pair: { const a = r.ulebBig(); const b = r.ulebBig(); push(out, base + a, base + b); break; }
      case RLE.base_address: base = r.addr(u.addrSize); break;
      case RLE.start_end: push(out, r.addr(u.addrSize), r.addr(u.addrSize)); break;
      case RLE.start_length: { const s = r.addr(u.addrSize); push(out, s, s + r.ulebBig()); break; }
      default: return out;
    }
  }
  return out;
}

function push(out: Range[], lo: bigint | undefined, hi: bigint | undefined): void {
  if (lo !== undefined && hi !== undefined && hi > lo) out.push({ lo: lo & MASK64, hi: hi > MASK64 ? MASK64 : hi });
}

/** DWARF 4 .debug_ranges: address pairs, (max, addr) selects a new base, (0, 0) ends. */
function readRanges(u: Unit, off: number): Range[] {
  const data = u.sections.ranges;
  if (!data) return [];
  const r = new Reader(data, off);
  const out: Range[] = [];
  const max = u.addrSize === 8 ? MASK64 : 0xffffffffn;
  let base = u.baseAddr;
  for (let n = 0; n < MAX_ENTRIES; n++) {
    const a = r.addr(u.addrSize);
    const b = r.addr(u.addrSize);
    if (a === 0n && b === 0n) break;
    if (a === max) { base = b; continue; }
    push(out, base + a, base + b);
  }
  return out;
}

/** DW_AT_location (or another location-class attribute) as a DLocation. */
export function locationAttr(d: Die, at: number): DLocation | undefined {
  const i = attrIndex(d, at);
  if (i < 0) return undefined;
  const form = formOf(d, i);
  const v = d.vals[i];
  if (v instanceof Uint8Array) return { kind: 'expr', expr: v };
  const u = d.unit;
  if (form === FORM.sec_offset || form === FORM.loclistx || (u.version < 4 && (form === FORM.data4 || form === FORM.data8))) {
    const n = typeof v === 'bigint' ? Number(v) : (v as number);
    if (u.version >= 5) {
      const off = form === FORM.loclistx ? listIndexOffset(u, u.sections.loclists, u.loclistsBase, n) : n;
      return off === undefined ? { kind: 'none' } : { kind: 'list', entries: readLoclist(u, off) };
    }
    return { kind: 'list', entries: readLoc(u, n) };
  }
  return undefined;
}

type LocEntry = { lo: bigint; hi: bigint; expr: Uint8Array };

function readLoclist(u: Unit, off: number): LocEntry[] {
  const data = u.sections.loclists;
  const out: LocEntry[] = [];
  const defaults: LocEntry[] = [];
  if (!data) return out;
  const r = new Reader(data, off);
  let base = u.baseAddr;
  const add = (lo: bigint | undefined, hi: bigint | undefined): void => {
    const expr = r.bytes(r.uleb());
    if (lo !== undefined && hi !== undefined && hi > lo) out.push({ lo, hi, expr });
  };
  try {
    for (let n = 0; n < MAX_ENTRIES; n++) {
      const kind = r.u8();
      if (kind === LLE.end_of_list) break;
      switch (kind) {
        case LLE.base_addressx: base = addrIndex(u, r.uleb()) ?? 0n; break;
        case LLE.startx_endx: { const a = addrIndex(u, r.uleb()); add(a, addrIndex(u, r.uleb())); break; }
        case LLE.startx_length: { const a = addrIndex(u, r.uleb()); const l = r.ulebBig(); add(a, a === undefined ? undefined : a + l); break; }
        case LLE.offset_pair: { const a = r.ulebBig(); const b = r.ulebBig(); add(base + a, base + b); break; }
        case LLE.default_location: defaults.push({ lo: 0n, hi: MASK64, expr: r.bytes(r.uleb()) }); break;
        case LLE.base_address: base = r.addr(u.addrSize); break;
        case LLE.start_end: { const a = r.addr(u.addrSize); add(a, r.addr(u.addrSize)); break; }
        case LLE.start_length: { const a = r.addr(u.addrSize); add(a, a + r.ulebBig()); break; }
        case LLE.GNU_view_pair: r.uleb(); r.uleb(); break;
        default: return out.concat(defaults);
      }
    }
  } catch { /* truncated list: keep what we have */ }
  return out.concat(defaults);
}

/** DWARF 4 .debug_loc: (begin, end) pairs relative to the CU base, u16 expression length. */
function readLoc(u: Unit, off: number): LocEntry[] {
  const data = u.sections.loc;
  const out: LocEntry[] = [];
  if (!data) return out;
  const r = new Reader(data, off);
  const max = u.addrSize === 8 ? MASK64 : 0xffffffffn;
  let base = u.baseAddr;
  try {
    for (let n = 0; n < MAX_ENTRIES; n++) {
      const a = r.addr(u.addrSize);
      const b = r.addr(u.addrSize);
      if (a === 0n && b === 0n) break;
      if (a === max) { base = b; continue; }
      const expr = r.bytes(r.u16());
      if (b > a) out.push({ lo: base + a, hi: base + b, expr });
    }
  } catch { /* truncated list */ }
  return out;
}
