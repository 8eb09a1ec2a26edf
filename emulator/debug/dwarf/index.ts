/**
 * DebugInfo: the debugger's view of an ELF's DWARF (versions 2-5 as gcc emits them):
 * line tables, functions, variables, types and call frame information. Built eagerly
 * from the ELF sections (line tables, CFI and the DIE trees); variables and types are
 * converted to the shared model (../model.ts) on first use. Malformed DWARF never
 * throws: the bad unit is skipped and a one-line warning recorded.
 */

import type { ElfImage } from '../../loader/elf';
import type { DLocation, DType, DVariable, FrameAccess, ValueLoc } from '../model';
import { CallFrames, type UnwindResult } from './cfi';
import { AT as AT_, TAG as TAG_ } from './constants';
import {
  Die, InfoResult, Sections, Unit, addrAttr, addrIndex, blockAttr, refAttr, flagAttr, hasAttr, msg, nameOf, numAttr,
  originWith, parseInfo, attrIndex, constValue, formOf,
} from './info';
import { LineTables, normalizePath, type Row } from './lineTable';
import { dieRanges, locationAttr, type Range } from './lists';
import { evaluate, evalValue, type EvalContext } from './location';
import { TypeBuilder, builtinBaseType, canonicalBaseName } from './types';

// Module-local aliases: plain property reads, not live-binding getters, in hot loops.
const AT = AT_;
const TAG = TAG_;

export interface DFunction {
  name: string;
  lowPc: bigint;
  highPc: bigint;
  ranges: { lo: bigint; hi: bigint }[];
  file?: string;
  line?: number;
  frameBase?: Uint8Array;
  /** First address after the prologue: the function's 2nd is_stmt row, else lowPc. */
  bodyPc: bigint;
}

/** An inlined instance of a function (a DW_TAG_inlined_subroutine, DWARF 5 section 3.3.8.2). */
export interface DInlined {
  /** Name of the inlined function (via DW_AT_abstract_origin). */
  name: string;
  /** Ranges of this inlined instance. */
  ranges: { lo: bigint; hi: bigint }[];
  /** Where it was inlined: DWARF file path (as files() names them) and line/column of the
   *  call (DW_AT_call_file/call_line/call_column). */
  callFile?: string;
  callLine?: number;
  callColumn?: number;
  /** DW_AT_entry_pc or the lowest range start. */
  entryPc: bigint;
}

interface FnEntry { lo: bigint; hi: bigint; fn: DFunction }
/** One range of an inlined instance; `depth` counts the inlined_subroutine DIEs enclosing it
 *  (itself included), so the deepest scope containing a pc is the innermost instance. */
interface InlineScope { lo: bigint; hi: bigint; id: number; depth: number }

const SHF_ALLOC = 2;
const SHF_EXECINSTR = 4;
const utf8 = new TextEncoder();

function cmpBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function inRanges(ranges: Range[], pc: bigint): boolean {
  for (const r of ranges) if (pc >= r.lo && pc < r.hi) return true;
  return false;
}

export class DebugInfo {
  readonly warnings: string[] = [];
  private info: InfoResult = { units: [], dies: new Map(), typeSigs: new Map() };
  private lines: LineTables;
  private cfi: CallFrames;
  private types: TypeBuilder;
  private readonly fnDie = new Map<DFunction, Die>();
  private readonly fnIndex: FnEntry[] = [];
  private readonly fnByName = new Map<string, DFunction[]>();
  private readonly inlineScopes: InlineScope[] = [];
  private readonly inlineDies: Die[] = [];
  private readonly inlinedCache = new Map<number, DInlined>();
  private readonly typeDies = new Map<string, Die>();
  private readonly varUnit = new WeakMap<DVariable, Unit>();
  private globalVars: DVariable[] | undefined;

  private constructor(s: Sections, isCode: (a: bigint) => boolean) {
    const w = this.warnings;
    try {
      this.info = parseInfo(s, w);
    } catch (e) {
      w.push(`.debug_info: ${msg(e)}`);
    }
    this.lines = new LineTables(s, w, isCode);
    for (const u of this.info.units) this.lines.addUnit(u);
    this.lines.addRemaining();
    this.lines.finish();
    this.types = new TypeBuilder(this.info);
    for (const u of this.info.units) {
      try {
        if (u.root) this.indexDies(u.root, 0);
      } catch (e) {
        w.push(`.debug_info unit at 0x${u.offset.toString(16)}: ${msg(e)}`);
      }
    }
    this.fnIndex.sort((a, b) => cmpBig(a.lo, b.lo));
    this.cfi = new CallFrames(s.frame, s.ehFrame, s.ehFrameAddr, w);
  }

  static fromElf(image: ElfImage, bytes: Uint8Array): DebugInfo {
    void bytes; // section views come from the image (they alias `bytes`)
    const sections = image.sections ?? [];
    const get = (name: string): Uint8Array | undefined => {
      try { return image.sectionData?.(name); } catch { return undefined; }
    };
    const eh = sections.find((x) => x.name === '.eh_frame');
    const s: Sections = {
      info: get('.debug_info'), abbrev: get('.debug_abbrev'), line: get('.debug_line'),
      lineStr: get('.debug_line_str'), str: get('.debug_str'), strOffsets: get('.debug_str_offsets'),
      addr: get('.debug_addr'), rnglists: get('.debug_rnglists'), ranges: get('.debug_ranges'),
      loclists: get('.debug_loclists'), loc: get('.debug_loc'), frame: get('.debug_frame'),
      ehFrame: get('.eh_frame'), ehFrameAddr: BigInt.asUintN(64, BigInt(eh?.addr ?? 0)),
    };
    // Section addresses are signed numbers in ElfImage; DWARF addresses are unsigned
    // (kernels linked in the upper half, e.g. 0xffffffff80000000).
    const code = sections.filter((x) => (x.flags & (SHF_ALLOC | SHF_EXECINSTR)) === (SHF_ALLOC | SHF_EXECINSTR) && x.size > 0)
      .map((x) => ({ lo: BigInt.asUintN(64, BigInt(x.addr)), hi: BigInt.asUintN(64, BigInt(x.addr)) + BigInt(x.size) }));
    const isCode = code.length === 0 ? () => true : (a: bigint) => inRanges(code, a);
    return new DebugInfo(s, isCode);
  }

  /** For tests and tools: build from raw section bytes. */
  static fromSections(s: Sections, isCode: (a: bigint) => boolean = () => true): DebugInfo {
    return new DebugInfo(s, isCode);
  }

  // ------------------------------------------------------------------ indexing

  /** `inlineDepth`: number of inlined_subroutine DIEs enclosing `d` (d included). */
  private indexDies(d: Die, inlineDepth: number): void {
    for (const c of d.children) {
      switch (c.tag) {
        case TAG.subprogram: {
          this.makeFunction(c);
          this.indexDies(c, 0);
          break;
        }
        case TAG.inlined_subroutine: {
          const depth = inlineDepth + 1;
          this.inlineDies.push(c);
          for (const r of dieRanges(c)) this.inlineScopes.push({ lo: r.lo, hi: r.hi, id: c.off, depth });
          this.indexDies(c, depth);
          break;
        }
        case TAG.lexical_block:
          this.indexDies(c, inlineDepth);
          break;
        case TAG.base_type: case TAG.structure_type: case TAG.union_type: case TAG.enumeration_type: case TAG.typedef: {
          this.indexType(c);
          break;
        }
        default:
          break;
      }
    }
  }

  private indexType(d: Die): void {
    const name = nameOf(d, this.info);
    if (!name) return;
    let key = name;
    if (d.tag === TAG.structure_type) key = `struct ${name}`;
    else if (d.tag === TAG.union_type) key = `union ${name}`;
    else if (d.tag === TAG.enumeration_type) key = `enum ${name}`;
    const prev = this.typeDies.get(key);
    if (!prev || (flagAttr(prev, AT.declaration) && !flagAttr(d, AT.declaration))) this.typeDies.set(key, d);
    if (d.tag === TAG.base_type) {
      const canon = canonicalBaseName(name);
      if (canon !== key && !this.typeDies.has(canon)) this.typeDies.set(canon, d);
    }
  }

  private makeFunction(d: Die): DFunction | undefined {
    const ranges = dieRanges(d);
    if (ranges.length === 0) return undefined;
    ranges.sort((a, b) => cmpBig(a.lo, b.lo));
    const lowPc = ranges[0].lo;
    const highPc = ranges.reduce((m, r) => (r.hi > m ? r.hi : m), ranges[0].hi);
    const fileDie = originWith(d, AT.decl_file, this.info);
    const lineDie = originWith(d, AT.decl_line, this.info);
    const fileIdx = fileDie ? numAttr(fileDie, AT.decl_file) : undefined;
    const fn: DFunction = {
      name: nameOf(d, this.info) ?? '',
      lowPc,
      highPc,
      ranges,
      file: fileDie && fileIdx !== undefined ? fileDie.unit.files[fileIdx] : undefined,
      line: lineDie ? numAttr(lineDie, AT.decl_line) : undefined,
      frameBase: blockAttr(d, AT.frame_base),
      // Like gdb, never skip a "prologue" in assembly: the first line is the body.
      bodyPc: isAssembly(d.unit) ? lowPc : this.bodyPc(lowPc, ranges),
    };
    if (fn.file === undefined) delete fn.file;
    if (fn.line === undefined) delete fn.line;
    if (fn.frameBase === undefined) delete fn.frameBase;
    this.fnDie.set(fn, d);
    for (const r of ranges) this.fnIndex.push({ lo: r.lo, hi: r.hi, fn });
    const list = this.fnByName.get(fn.name);
    if (list) list.push(fn);
    else this.fnByName.set(fn.name, [fn]);
    return fn;
  }

  private bodyPc(lowPc: bigint, ranges: Range[]): bigint {
    const hit = this.lines.find(lowPc);
    if (!hit) return lowPc;
    const rows = hit.seq.rows;
    let i = hit.index;
    while (i > 0 && rows[i - 1].address === lowPc) i--;
    for (; i < rows.length; i++) {
      const row = rows[i];
      if (!inRanges(ranges, row.address) && row.address !== lowPc) break;
      if (row.isStmt && row.address > lowPc && row.address < hit.seq.hi) return row.address;
    }
    return lowPc;
  }

  // ------------------------------------------------------------------ lines

  files(): string[] {
    return this.lines.files.slice();
  }

  /** Each compile unit's primary source: DW_AT_name joined with DW_AT_comp_dir and
   *  normalized like the line tables' paths (units without a name are left out). */
  unitSources(): string[] {
    return this.info.units.filter((u) => u.name !== '').map((u) =>
      normalizePath(u.name.startsWith('/') || u.compDir === '' ? u.name : `${u.compDir.replace(/\/+$/, '')}/${u.name}`));
  }

  lineAt(pc: bigint): { file: string; line: number; column: number; address: bigint } | undefined {
    const hit = this.lines.find(pc);
    if (!hit) return undefined;
    const row = hit.seq.rows[hit.index];
    return { file: this.lines.files[row.file], line: row.line, column: row.column, address: row.address };
  }

  /** Addresses in [lo, hi) where a source line starts (is_stmt rows whose line or file
   *  differs from the previous row's): where reverse stepping may stop. */
  lineStarts(lo: bigint, hi: bigint): bigint[] {
    const out: bigint[] = [];
    for (const seq of this.lines.sequences) {
      if (seq.hi <= lo || seq.lo >= hi) continue;
      const rows = seq.rows;
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i];
        if (!r.isStmt || r.address < lo || r.address >= hi || r.address >= seq.hi) continue;
        const p = i > 0 ? rows[i - 1] : undefined;
        if (p !== undefined && p.line === r.line && p.file === r.file && p.address !== r.address) continue;
        if (r.line !== 0) out.push(r.address);
      }
    }
    return [...new Set(out)];
  }

  isStatement(pc: bigint): boolean {
    return this.lines.isStatement(pc);
  }

  breakpointLocations(file: string, line: number): { line: number; addresses: bigint[] } | undefined {
    const fid = this.lines.files.indexOf(file);
    if (fid < 0) return undefined;
    let best = Infinity;
    for (const seq of this.lines.sequences) {
      for (const row of seq.rows) {
        if (row.file === fid && row.isStmt && row.line >= line && row.line < best) best = row.line;
      }
    }
    if (best === Infinity) return undefined;
    const byScope = new Map<string, bigint>();
    for (const seq of this.lines.sequences) {
      const rows = seq.rows;
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i];
        if (row.file !== fid || row.line !== best || !row.isStmt) continue;
        // Start of a contiguous block of this line: previous rows of the block (same
        // file+line) are skipped, so each block contributes its first is_stmt address.
        let j = i - 1;
        while (j >= 0 && rows[j].file === fid && rows[j].line === best && !rows[j].isStmt) j--;
        if (j >= 0 && rows[j].file === fid && rows[j].line === best) continue;
        if (row.address >= seq.hi) continue;
        const key = this.scopeKey(row.address, seq.lo);
        const prev = byScope.get(key);
        if (prev === undefined || row.address < prev) byScope.set(key, row.address);
      }
    }
    const addresses = [...new Set(byScope.values())].sort(cmpBig);
    return { line: best, addresses };
  }

  /** Innermost inline instance or function containing addr (one breakpoint per copy). */
  private scopeKey(addr: bigint, seqLo: bigint): string {
    let best: InlineScope | undefined;
    for (const s of this.inlineScopes) {
      if (addr >= s.lo && addr < s.hi && (!best || s.hi - s.lo < best.hi - best.lo)) best = s;
    }
    if (best) return `i${best.id}`;
    const fn = this.functionAt(addr);
    return fn ? `f${fn.lowPc}` : `s${seqLo}`;
  }

  lineRanges(pc: bigint): { lo: bigint; hi: bigint }[] {
    const hit = this.lines.find(pc);
    if (!hit) return [];
    const here = hit.seq.rows[hit.index];
    const fn = this.functionAt(pc);
    const limit: Range[] = fn ? fn.ranges : [{ lo: hit.seq.lo, hi: hit.seq.hi }];
    const out: Range[] = [];
    for (const seq of this.lines.sequences) {
      if (!limit.some((l) => seq.lo < l.hi && l.lo < seq.hi)) continue;
      const rows = seq.rows;
      for (let i = 0; i < rows.length; i++) {
        const row: Row = rows[i];
        if (row.file !== here.file || row.line !== here.line) continue;
        const end = i + 1 < rows.length ? rows[i + 1].address : seq.hi;
        if (end <= row.address) continue;
        for (const l of limit) {
          const lo = row.address > l.lo ? row.address : l.lo;
          const hi = end < l.hi ? end : l.hi;
          if (hi > lo) out.push({ lo, hi });
        }
      }
    }
    out.sort((a, b) => cmpBig(a.lo, b.lo));
    const merged: Range[] = [];
    for (const r of out) {
      const last = merged[merged.length - 1];
      if (last && r.lo <= last.hi) { if (r.hi > last.hi) last.hi = r.hi; } else merged.push({ ...r });
    }
    return merged;
  }

  matchFile(hostPath: string): string | undefined {
    const host = hostPath.replace(/\\/g, '/').split('/').filter((c) => c !== '' && c !== '.');
    if (host.length === 0) return undefined;
    let best: string | undefined;
    let bestScore = 0;
    for (const f of this.lines.files) {
      const parts = f.split('/').filter((c) => c !== '' && c !== '.');
      let n = 0;
      while (n < parts.length && n < host.length && parts[parts.length - 1 - n] === host[host.length - 1 - n]) n++;
      if (n > bestScore) { bestScore = n; best = f; }
    }
    return best;
  }

  // ------------------------------------------------------------------ functions

  functionAt(pc: bigint): DFunction | undefined {
    const idx = this.fnIndex;
    let lo = 0;
    let hi = idx.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (idx[mid].lo <= pc) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo - 1; k >= 0 && k >= lo - 16; k--) if (pc < idx[k].hi) return idx[k].fn;
    return undefined;
  }

  functionsByName(name: string): DFunction[] {
    return (this.fnByName.get(name) ?? []).slice();
  }

  // ------------------------------------------------------------------ variables

  /** Inlined instances containing pc, innermost first (empty when pc is not in inlined code). */
  inlinedAt(pc: bigint): DInlined[] {
    return this.inlineChain(pc).map((d) => this.inlinedOf(d));
  }

  /** Entry pcs of every inlined instance of the function named `name` (for function breakpoints). */
  inlinedEntries(name: string): bigint[] {
    const out: bigint[] = [];
    for (const d of this.inlineDies) {
      try {
        if (nameOf(d, this.info) === name && dieRanges(d).length > 0) out.push(this.inlinedOf(d).entryPc);
      } catch (e) {
        this.warnings.push(`inlined subroutine at 0x${d.off.toString(16)}: ${msg(e)}`);
      }
    }
    return [...new Set(out)].sort(cmpBig);
  }

  /** The inlined_subroutine DIEs containing pc, innermost first: the parent chain of the
   *  deepest inline scope containing pc, up to (not including) the concrete subprogram. */
  private inlineChain(pc: bigint): Die[] {
    let best: InlineScope | undefined;
    for (const s of this.inlineScopes) {
      if (pc >= s.lo && pc < s.hi && (!best || s.depth > best.depth)) best = s;
    }
    const out: Die[] = [];
    for (let d = best ? this.info.dies.get(best.id) : undefined; d && d.tag !== TAG.subprogram; d = d.parent) {
      if (d.tag === TAG.inlined_subroutine) out.push(d);
    }
    return out;
  }

  private inlinedOf(d: Die): DInlined {
    const hit = this.inlinedCache.get(d.off);
    if (hit) return hit;
    const ranges = dieRanges(d).sort((a, b) => cmpBig(a.lo, b.lo));
    const lowest = ranges.length > 0 ? ranges[0].lo : 0n;
    // DWARF 5 section 2.18: DW_AT_entry_pc is an address, or (constant class) an offset
    // from the entity's base address, taken here as its lowest address.
    let entryPc = addrAttr(d, AT.entry_pc);
    if (entryPc === undefined) {
      const off = numAttr(d, AT.entry_pc);
      entryPc = off !== undefined ? lowest + BigInt(off) : lowest;
    }
    const out: DInlined = { name: nameOf(d, this.info) ?? '', ranges, entryPc };
    const file = numAttr(d, AT.call_file);
    if (file !== undefined && d.unit.files[file] !== undefined) out.callFile = d.unit.files[file];
    const line = numAttr(d, AT.call_line);
    if (line !== undefined) out.callLine = line;
    const column = numAttr(d, AT.call_column);
    if (column !== undefined) out.callColumn = column;
    this.inlinedCache.set(d.off, out);
    return out;
  }

  /** Variables visible at pc in scope `depth`: 0 = the innermost inlined instance (or the
   *  function itself when pc is not inlined), 1 = the next outer one, ...,
   *  inlinedAt(pc).length = the concrete function; beyond that, none. Params first (in
   *  declaration order), then locals, outer blocks first; an inner declaration hides an
   *  outer one of the same name. Names and types come through DW_AT_abstract_origin,
   *  locations from the concrete DIEs (DWARF 5 section 3.3.8.3); an abstract parameter or
   *  top-level local with no concrete DIE in the instance gets location 'none'. Variables
   *  of subroutines inlined into the scope are not included. */
  localsAt(pc: bigint, depth = 0): DVariable[] {
    const chain = this.inlineChain(pc);
    let die: Die | undefined;
    if (depth < chain.length) die = chain[depth];
    else if (depth === chain.length) {
      const fn = this.functionAt(pc);
      die = fn ? this.fnDie.get(fn) : undefined;
    }
    if (!die) return [];
    const root = die;
    try {
      const params: { v: DVariable; die: Die }[] = [];
      const locals: DVariable[] = [];
      const seen = new Set<Die>(); // abstract DIEs that have a concrete counterpart
      const walk = (scope: Die): void => {
        for (const c of scope.children) {
          const origin = refAttr(c, AT.abstract_origin, this.info);
          if (origin) seen.add(origin);
          if (c.tag === TAG.formal_parameter && scope === root) {
            params.push({ v: this.makeVar(c, 'param'), die: origin ?? c });
          } else if (c.tag === TAG.variable) {
            if (flagAttr(c, AT.declaration) && !hasAttr(c, AT.location)) continue;
            this.addLocal(locals, params, this.makeVar(c, 'local'));
          }
        }
        for (const c of scope.children) {
          if (c.tag !== TAG.lexical_block) continue;
          const r = dieRanges(c);
          if (r.length === 0 || inRanges(r, pc)) walk(c);
        }
      };
      walk(root);
      const abstract = refAttr(root, AT.abstract_origin, this.info);
      if (abstract) this.addAbstractVars(abstract, seen, params, locals);
      return params.map((p) => p.v).concat(locals);
    } catch (e) {
      this.warnings.push(`locals at 0x${pc.toString(16)}: ${msg(e)}`);
      return [];
    }
  }

  /** Add a local, removing an outer local or parameter it hides. */
  private addLocal(locals: DVariable[], params: { v: DVariable }[], v: DVariable): void {
    if (!v.name) return;
    const shadowed = locals.findIndex((o) => o.name === v.name);
    if (shadowed >= 0) locals.splice(shadowed, 1);
    const p = params.findIndex((o) => o.v.name === v.name);
    if (p >= 0) params.splice(p, 1);
    locals.push(v);
  }

  /** For a scope with an abstract origin: order the params as the abstract subprogram
   *  declares them (gcc may emit the concrete ones in another order) and add the abstract
   *  params and top-level locals that have no concrete DIE, as optimized out. */
  private addAbstractVars(abstract: Die, seen: Set<Die>, params: { v: DVariable; die: Die }[], locals: DVariable[]): void {
    const order = new Map<Die, number>();
    abstract.children.forEach((c, i) => order.set(c, i));
    for (const c of abstract.children) {
      if (seen.has(c)) continue;
      if (c.tag === TAG.formal_parameter) {
        const v = this.makeVar(c, 'param');
        v.location = { kind: 'none' };
        if (v.name && !locals.some((o) => o.name === v.name)) params.push({ v, die: c });
      } else if (c.tag === TAG.variable && !flagAttr(c, AT.declaration)) {
        const v = this.makeVar(c, 'local');
        v.location = { kind: 'none' };
        if (v.name && !locals.some((o) => o.name === v.name)) locals.unshift(v);
      }
    }
    const rank = (d: Die): number => order.get(d) ?? Number.MAX_SAFE_INTEGER;
    params.sort((a, b) => rank(a.die) - rank(b.die));
  }

  private makeVar(d: Die, kind: DVariable['kind']): DVariable {
    const typeDie = originWith(d, AT.type, this.info);
    const type = typeDie ? this.types.typeOf(typeDie) : this.types.typeOf(d);
    const v: DVariable = { name: nameOf(d, this.info) ?? '', type, location: this.locationOf(d, type), kind };
    const fileDie = originWith(d, AT.decl_file, this.info);
    const lineDie = originWith(d, AT.decl_line, this.info);
    if (fileDie) {
      const f = fileDie.unit.files[numAttr(fileDie, AT.decl_file) ?? -1];
      if (f !== undefined) v.declFile = f;
    }
    if (lineDie) {
      const l = numAttr(lineDie, AT.decl_line);
      if (l !== undefined) v.declLine = l;
    }
    this.varUnit.set(v, d.unit);
    return v;
  }

  private locationOf(d: Die, type: DType): DLocation {
    const loc = locationAttr(d, AT.location);
    if (loc) return loc;
    const cv = originWith(d, AT.const_value, this.info);
    if (cv) {
      const i = attrIndex(cv, AT.const_value);
      const raw = cv.vals[i];
      if (raw instanceof Uint8Array) return { kind: 'const', bytes: raw.slice() };
      if (typeof raw === 'string') return { kind: 'const', bytes: utf8.encode(raw + '\0') };
      const value = constValue(raw, formOf(cv, i), true);
      if (value !== undefined) {
        const size = type.size > 0 && type.size <= 8 ? type.size : 8;
        const bytes = new Uint8Array(size);
        let x = BigInt.asUintN(64, value);
        for (let k = 0; k < size; k++) { bytes[k] = Number(x & 0xffn); x >>= 8n; }
        return { kind: 'const', bytes };
      }
    }
    return { kind: 'none' };
  }

  globals(): DVariable[] {
    if (!this.globalVars) {
      const out: DVariable[] = [];
      for (const u of this.info.units) {
        if (!u.root) continue;
        try {
          for (const c of u.root.children) {
            if (c.tag !== TAG.variable || !hasAttr(c, AT.location)) continue;
            const v = this.makeVar(c, 'global');
            if (v.name && v.location.kind !== 'none') out.push(v);
          }
        } catch (e) {
          this.warnings.push(`globals of unit at 0x${u.offset.toString(16)}: ${msg(e)}`);
        }
      }
      this.globalVars = out;
    }
    return this.globalVars.slice();
  }

  globalByName(name: string): DVariable | undefined {
    return this.globals().find((v) => v.name === name);
  }

  typeByName(name: string): DType | undefined {
    const n = name.trim().replace(/\s+/g, ' ');
    if (n.endsWith('*')) {
      const target = this.typeByName(n.slice(0, -1));
      if (!target) return undefined;
      return { kind: 'pointer', name: target.name.endsWith('*') ? `${target.name}*` : `${target.name} *`, size: 8, target };
    }
    if (n === 'void') return { kind: 'void', name: 'void', size: 0 };
    const die = this.typeDies.get(n) ?? this.typeDies.get(canonicalBaseName(n));
    if (die) {
      try { return this.types.build(die, 0); } catch (e) { this.warnings.push(`type ${n}: ${msg(e)}`); }
    }
    return builtinBaseType(n);
  }

  // ------------------------------------------------------------------ evaluation

  locate(v: DVariable, fn: DFunction | undefined, frame: FrameAccess): ValueLoc {
    const loc = v.location;
    let expr: Uint8Array | undefined;
    if (loc.kind === 'none') return { kind: 'optimizedOut' };
    if (loc.kind === 'const') return { kind: 'bytes', bytes: loc.bytes };
    if (loc.kind === 'expr') expr = loc.expr;
    else {
      const pc = frame.pc();
      expr = loc.entries.find((e) => pc >= e.lo && pc < e.hi)?.expr;
      if (!expr) return { kind: 'optimizedOut' };
    }
    const unit = this.varUnit.get(v);
    const func = fn ?? this.functionAt(frame.pc());
    const cfa = (): bigint | undefined => frame.cfa() ?? this.unwind(frame.pc(), frame)?.cfa;
    const ctx: EvalContext = {
      frame,
      cfa,
      size: v.type.size,
      addrx: unit ? (i) => addrIndex(unit, i) : undefined,
      frameBase: () => {
        const fb = func?.frameBase;
        if (!fb) return undefined;
        return evalValue(fb, { frame, cfa, addrx: ctx.addrx });
      },
    };
    return evaluate(expr, ctx);
  }

  unwind(pc: bigint, frame: FrameAccess): UnwindResult | undefined {
    try {
      return this.cfi.unwind(pc, frame);
    } catch (e) {
      this.warnings.push(`unwind at 0x${pc.toString(16)}: ${msg(e)}`);
      return undefined;
    }
  }
}

/** DW_LANG_Mips_Assembler (0x8001), which GNU as records for .S/.s units. */
const DW_LANG_ASSEMBLER = 0x8001;

function isAssembly(unit: Unit): boolean {
  return unit.root !== undefined && numAttr(unit.root, AT.language) === DW_LANG_ASSEMBLER;
}
