/**
 * .debug_info / .debug_abbrev parsing (DWARF 5 sections 7.5.1-7.5.6, DWARF 2-4 unit
 * headers) into a compact DIE tree per unit, plus typed attribute accessors that resolve
 * the indirect forms (strx via .debug_str_offsets, addrx via .debug_addr, CU-relative
 * references, implicit_const). Ranges and location lists live in lists.ts.
 */

import { AT as AT_, FORM as FORM_, TAG as TAG_, DW_UT_compile, DW_UT_partial, DW_UT_skeleton, DW_UT_split_compile, DW_UT_split_type, DW_UT_type } from './constants';
import { cstrAt, DwarfError, Reader, hex } from './reader';

// Module-local aliases: plain property reads, not live-binding getters, in hot loops.
const AT = AT_;
const FORM = FORM_;
const TAG = TAG_;

/** Raw bytes of every DWARF section the reader consumes (undefined when absent). */
export interface Sections {
  info?: Uint8Array;
  abbrev?: Uint8Array;
  line?: Uint8Array;
  lineStr?: Uint8Array;
  str?: Uint8Array;
  strOffsets?: Uint8Array;
  addr?: Uint8Array;
  rnglists?: Uint8Array;
  ranges?: Uint8Array;
  loclists?: Uint8Array;
  loc?: Uint8Array;
  frame?: Uint8Array;
  ehFrame?: Uint8Array;
  /** Load address of .eh_frame (for pc-relative pointer encodings). */
  ehFrameAddr: bigint;
}

export interface Abbrev {
  code: number;
  tag: number;
  hasChildren: boolean;
  attrs: number[];
  forms: number[];
  /** DW_FORM_implicit_const values, parallel to attrs (0 elsewhere). */
  implicit: number[];
}

export type AttrVal = number | bigint | string | Uint8Array | boolean;

export interface Die {
  off: number;
  tag: number;
  ab: Abbrev;
  vals: AttrVal[];
  /** Actual forms when DW_FORM_indirect was used (else ab.forms). */
  forms?: number[];
  children: Die[];
  parent: Die | undefined;
  unit: Unit;
}

export class Unit {
  version = 0;
  unitType = DW_UT_compile;
  addrSize = 8;
  is64 = false;
  /** Offset of the first DIE and the end of the unit inside .debug_info. */
  dieStart = 0;
  end = 0;
  root: Die | undefined;
  strOffsetsBase = 0;
  addrBase = 0;
  rnglistsBase = 0;
  loclistsBase = 0;
  /** CU base address (DW_AT_low_pc of the unit DIE), for range and location lists. */
  baseAddr = 0n;
  name = '';
  compDir = '';
  stmtList: number | undefined;
  /** File table of this unit's line program, indexed as DW_AT_decl_file indexes it. */
  files: string[] = [];
  constructor(readonly offset: number, readonly sections: Sections) {}
}

/** Shared by every DIE whose abbreviation has no children (never pushed to). */
const NO_CHILDREN: Die[] = [];

const abbrevCache = new WeakMap<Uint8Array, Map<number, Map<number, Abbrev>>>();

function parseAbbrevTable(data: Uint8Array, off: number): Map<number, Abbrev> {
  let perSection = abbrevCache.get(data);
  if (!perSection) { perSection = new Map(); abbrevCache.set(data, perSection); }
  const hit = perSection.get(off);
  if (hit) return hit;
  const table = new Map<number, Abbrev>();
  const r = new Reader(data, off);
  for (;;) {
    const code = r.uleb();
    if (code === 0) break;
    const tag = r.uleb();
    const hasChildren = r.u8() !== 0;
    const attrs: number[] = [];
    const forms: number[] = [];
    const implicit: number[] = [];
    for (;;) {
      const at = r.uleb();
      const form = r.uleb();
      if (at === 0 && form === 0) break;
      attrs.push(at);
      forms.push(form);
      implicit.push(form === FORM.implicit_const ? r.sleb() : 0);
    }
    table.set(code, { code, tag, hasChildren, attrs, forms, implicit });
  }
  perSection.set(off, table);
  return table;
}

/** Read one attribute value of `form` (DWARF 5 section 7.5.6; literal form codes: hot path). */
function readForm(r: Reader, form: number, u: Unit, implicit: number): AttrVal {
  switch (form) {
    case 0x01 /* addr */: return r.addr(u.addrSize);
    case 0x0b /* data1 */: case 0x11 /* ref1 */: case 0x0c /* flag */: case 0x25 /* strx1 */: case 0x29 /* addrx1 */: {
      const v = r.u8();
      if (form === 0x0c /* flag */) return v !== 0;
      return form === 0x11 /* ref1 */ ? u.offset + v : v;
    }
    case 0x05 /* data2 */: case 0x12 /* ref2 */: case 0x26 /* strx2 */: case 0x2a /* addrx2 */: {
      const v = r.u16();
      return form === 0x12 /* ref2 */ ? u.offset + v : v;
    }
    case 0x27 /* strx3 */: case 0x2b /* addrx3 */: return r.u24();
    case 0x06 /* data4 */: case 0x13 /* ref4 */: case 0x28 /* strx4 */: case 0x2c /* addrx4 */: case 0x1c /* ref_sup4 */: {
      const v = r.u32();
      return form === 0x13 /* ref4 */ ? u.offset + v : v;
    }
    case 0x07 /* data8 */: return r.u64();
    case 0x14 /* ref8 */: return u.offset + r.u64n();
    case 0x20 /* ref_sig8 */: return r.u64();
    case 0x24 /* ref_sup8 */: return r.u64n();
    case 0x1e /* data16 */: return r.bytes(16);
    case 0x0d /* sdata */: {
      const v = r.slebBig();
      return v >= -(2n ** 53n) && v <= 2n ** 53n ? Number(v) : v;
    }
    case 0x0f /* udata */: {
      const v = r.ulebBig();
      return v <= 2n ** 53n ? Number(v) : v;
    }
    case 0x15 /* ref_udata */: return u.offset + r.uleb();
    case 0x08 /* string */: return r.cstr();
    case 0x0e /* strp */: case 0x1f /* line_strp */: case 0x1d /* strp_sup */: case 0x17 /* sec_offset */:
    case 0x1f21 /* GNU_strp_alt */: case 0x1f20 /* GNU_ref_alt */:
      return r.offset(u.is64);
    case 0x10 /* ref_addr */: return u.version <= 2 ? Number(r.addr(u.addrSize)) : r.offset(u.is64);
    case 0x1a /* strx */: case 0x1b /* addrx */: case 0x22 /* loclistx */: case 0x23 /* rnglistx */:
    case 0x1f01 /* GNU_addr_index */: case 0x1f02 /* GNU_str_index */:
      return r.uleb();
    case 0x18 /* exprloc */: case 0x09 /* block */: return r.bytes(r.uleb());
    case 0x0a /* block1 */: return r.bytes(r.u8());
    case 0x03 /* block2 */: return r.bytes(r.u16());
    case 0x04 /* block4 */: return r.bytes(r.u32());
    case 0x19 /* flag_present */: return true;
    case 0x21 /* implicit_const */: return implicit;
    default: throw new DwarfError(`unknown attribute form ${hex(form)}`);
  }
}

/** Everything parsed from .debug_info. */
export interface InfoResult {
  units: Unit[];
  dies: Map<number, Die>;
  /** Type units by signature (DW_FORM_ref_sig8 targets). */
  typeSigs: Map<bigint, number>;
}

/** Parse every unit; a bad unit is skipped with a warning. */
export function parseInfo(s: Sections, warnings: string[]): InfoResult {
  const result: InfoResult = { units: [], dies: new Map(), typeSigs: new Map() };
  const data = s.info;
  if (!data || data.length === 0) return result;
  const top = new Reader(data);
  while (top.pos < data.length) {
    const unitOff = top.pos;
    let end: number;
    try {
      const len = top.initialLength();
      end = len.end;
      const u = new Unit(unitOff, s);
      u.is64 = len.is64;
      u.end = end;
      const r = new Reader(data, top.pos, end);
      try {
        parseUnit(r, u, result);
        result.units.push(u);
      } catch (e) {
        warnings.push(`.debug_info unit at ${hex(unitOff)} skipped: ${msg(e)}`);
      }
    } catch (e) {
      warnings.push(`.debug_info: unit header at ${hex(unitOff)} unreadable, rest of section skipped: ${msg(e)}`);
      break;
    }
    top.pos = end;
  }
  return result;
}

export function msg(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function parseUnit(r: Reader, u: Unit, out: InfoResult): void {
  u.version = r.u16();
  if (u.version < 2 || u.version > 5) throw new DwarfError(`unsupported DWARF version ${u.version}`);
  let abbrevOff: number;
  let typeSig: bigint | undefined;
  let typeOffset = 0;
  if (u.version >= 5) {
    u.unitType = r.u8();
    u.addrSize = r.u8();
    abbrevOff = r.offset(u.is64);
    if (u.unitType === DW_UT_type || u.unitType === DW_UT_split_type) {
      typeSig = r.u64();
      typeOffset = r.offset(u.is64);
    } else if (u.unitType === DW_UT_skeleton || u.unitType === DW_UT_split_compile) {
      r.u64(); // dwo_id
    } else if (u.unitType !== DW_UT_compile && u.unitType !== DW_UT_partial) {
      throw new DwarfError(`unknown unit type ${u.unitType}`);
    }
  } else {
    abbrevOff = r.offset(u.is64);
    u.addrSize = r.u8();
  }
  if (u.addrSize !== 4 && u.addrSize !== 8) throw new DwarfError(`unsupported address size ${u.addrSize}`);
  if (!u.sections.abbrev) throw new DwarfError('no .debug_abbrev section');
  if (abbrevOff >= u.sections.abbrev.length) throw new DwarfError(`abbrev offset ${hex(abbrevOff)} out of range`);
  const abbrevs = parseAbbrevTable(u.sections.abbrev, abbrevOff);
  u.dieStart = r.pos;
  if (typeSig !== undefined) out.typeSigs.set(typeSig, u.offset + typeOffset);

  const stack: Die[] = [];
  while (r.pos < r.end) {
    const off = r.pos;
    const code = r.uleb();
    if (code === 0) {
      if (stack.length === 0) continue; // padding after the root
      stack.pop();
      continue;
    }
    const ab = abbrevs.get(code);
    if (!ab) throw new DwarfError(`unknown abbreviation code ${code} at ${hex(off)}`);
    const n = ab.attrs.length;
    const vals: AttrVal[] = new Array(n);
    let forms: number[] | undefined;
    for (let i = 0; i < n; i++) {
      let form = ab.forms[i];
      if (form === FORM.indirect) {
        form = r.uleb();
        if (!forms) forms = ab.forms.slice();
        forms[i] = form;
      }
      vals[i] = readForm(r, form, u, ab.implicit[i]);
    }
    const parent = stack.length > 0 ? stack[stack.length - 1] : undefined;
    const die: Die = { off, tag: ab.tag, ab, vals, forms, children: ab.hasChildren ? [] : NO_CHILDREN, parent, unit: u };
    if (parent) parent.children.push(die);
    else if (!u.root) u.root = die;
    else break; // a second top-level DIE: stop (malformed or padding)
    out.dies.set(off, die);
    if (ab.hasChildren) stack.push(die);
    if (!u.root) break;
    if (die === u.root) initUnit(u, die);
  }
  if (!u.root) throw new DwarfError('unit has no DIEs');
}

/** Pick up the unit DIE's bases and names (needed to resolve strx/addrx in children). */
function initUnit(u: Unit, root: Die): void {
  const v5base = u.is64 ? 16 : 8; // default bases point just past a section header
  u.strOffsetsBase = numAttr(root, AT.str_offsets_base) ?? (u.version >= 5 ? v5base : 0);
  u.addrBase = numAttr(root, AT.addr_base) ?? numAttr(root, AT.GNU_addr_base) ?? (u.version >= 5 ? v5base : 0);
  u.rnglistsBase = numAttr(root, AT.rnglists_base) ?? 0;
  u.loclistsBase = numAttr(root, AT.loclists_base) ?? 0;
  u.baseAddr = addrAttr(root, AT.low_pc) ?? 0n;
  u.name = strAttr(root, AT.name) ?? '';
  u.compDir = strAttr(root, AT.comp_dir) ?? '';
  u.stmtList = numAttr(root, AT.stmt_list);
  if (root.tag !== TAG.compile_unit && root.tag !== TAG.partial_unit && root.tag !== TAG.skeleton_unit) {
    // type units etc.: fine, nothing more to do
  }
}

// ---------------------------------------------------------------- attribute access

export function attrIndex(d: Die, at: number): number {
  return d.ab.attrs.indexOf(at);
}

export function formOf(d: Die, i: number): number {
  return (d.forms ?? d.ab.forms)[i];
}

export function hasAttr(d: Die, at: number): boolean {
  return d.ab.attrs.indexOf(at) >= 0;
}

function strOffset(u: Unit, index: number): number | undefined {
  const so = u.sections.strOffsets;
  if (!so) return undefined;
  const size = u.is64 ? 8 : 4;
  const at = u.strOffsetsBase + index * size;
  if (at + size > so.length) return undefined;
  const r = new Reader(so, at);
  return r.offset(u.is64);
}

/** Entry `index` of .debug_addr for this unit. */
export function addrIndex(u: Unit, index: number): bigint | undefined {
  const a = u.sections.addr;
  if (!a) return undefined;
  const at = u.addrBase + index * u.addrSize;
  if (at + u.addrSize > a.length) return undefined;
  return new Reader(a, at).addr(u.addrSize);
}

export function strAttr(d: Die, at: number): string | undefined {
  const i = attrIndex(d, at);
  if (i < 0) return undefined;
  const v = d.vals[i];
  const form = formOf(d, i);
  const s = d.unit.sections;
  switch (form) {
    case FORM.string: return v as string;
    case FORM.strp: return cstrAt(s.str, v as number);
    case FORM.line_strp: return cstrAt(s.lineStr, v as number);
    case FORM.strx: case FORM.strx1: case FORM.strx2: case FORM.strx3: case FORM.strx4: case FORM.GNU_str_index: {
      const off = strOffset(d.unit, v as number);
      return off === undefined ? undefined : cstrAt(s.str, off);
    }
    default: return undefined;
  }
}

/** Constant-class (or offset) attribute as a number; data8/large values that are not
 *  exactly representable come back as undefined. Flags give 1/0. */
export function numAttr(d: Die, at: number): number | undefined {
  const i = attrIndex(d, at);
  if (i < 0) return undefined;
  const v = d.vals[i];
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : undefined;
  return undefined;
}

/** Constant attribute as a signed value (data1/2/4/8 sign-extended from their size). */
export function sconstAttr(d: Die, at: number): bigint | undefined {
  const i = attrIndex(d, at);
  if (i < 0) return undefined;
  return constValue(d.vals[i], formOf(d, i), true);
}

/** Constant attribute value as bigint, sign-extending fixed-size data forms if `signed`. */
export function constValue(v: AttrVal, form: number, signed: boolean): bigint | undefined {
  let bits = 0;
  if (form === FORM.data1) bits = 8;
  else if (form === FORM.data2) bits = 16;
  else if (form === FORM.data4) bits = 32;
  else if (form === FORM.data8) bits = 64;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v !== 'number' && typeof v !== 'bigint') return undefined;
  const b = BigInt(v);
  return signed && bits > 0 ? BigInt.asIntN(bits, b) : b;
}

export function flagAttr(d: Die, at: number): boolean {
  const i = attrIndex(d, at);
  return i >= 0 && d.vals[i] !== false && d.vals[i] !== 0;
}

/** Address-class attribute (DW_FORM_addr or addrx*). */
export function addrAttr(d: Die, at: number): bigint | undefined {
  const i = attrIndex(d, at);
  if (i < 0) return undefined;
  const v = d.vals[i];
  const form = formOf(d, i);
  if (form === FORM.addr) return v as bigint;
  if (form === FORM.addrx || form === FORM.addrx1 || form === FORM.addrx2 || form === FORM.addrx3 ||
      form === FORM.addrx4 || form === FORM.GNU_addr_index) {
    return addrIndex(d.unit, v as number);
  }
  return undefined;
}

export function blockAttr(d: Die, at: number): Uint8Array | undefined {
  const i = attrIndex(d, at);
  if (i < 0) return undefined;
  const v = d.vals[i];
  return v instanceof Uint8Array ? v : undefined;
}

/** Referenced DIE (reference class forms; ref_sig8 through type unit signatures). */
export function refAttr(d: Die, at: number, info: InfoResult): Die | undefined {
  const i = attrIndex(d, at);
  if (i < 0) return undefined;
  const form = formOf(d, i);
  const v = d.vals[i];
  if (form === FORM.ref_sig8) {
    const off = info.typeSigs.get(v as bigint);
    return off === undefined ? undefined : info.dies.get(off);
  }
  if (form === FORM.ref1 || form === FORM.ref2 || form === FORM.ref4 || form === FORM.ref8 ||
      form === FORM.ref_udata || form === FORM.ref_addr) {
    return info.dies.get(v as number);
  }
  return undefined;
}

/** Follow DW_AT_specification / DW_AT_abstract_origin (bounded) to find attribute `at`. */
export function originWith(d: Die, at: number, info: InfoResult): Die | undefined {
  let cur: Die | undefined = d;
  for (let k = 0; cur && k < 8; k++) {
    if (hasAttr(cur, at)) return cur;
    cur = refAttr(cur, AT.abstract_origin, info) ?? refAttr(cur, AT.specification, info);
  }
  return undefined;
}

export function nameOf(d: Die, info: InfoResult): string | undefined {
  const o = originWith(d, AT.name, info);
  return o ? strAttr(o, AT.name) : undefined;
}
