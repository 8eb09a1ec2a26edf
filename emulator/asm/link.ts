/**
 * The assembler's back end: branch relaxation (GNU as picks 2, 4, 6 or 8 bytes for a
 * branch by its distance, as in its relaxed_branch_length), alignment padding (zero byte
 * for an odd gap, at most one c.nop, then 4-byte nops), section placement as GNU ld's
 * default RISC-V script with -Ttext/-Tdata (.text, .rodata, then the data segment at
 * DATA_SEGMENT_ALIGN: .data, .sdata, .sbss, .bss), relocation of every fixup (psABI
 * relocation semantics) and the ELF symbols, line rows and entry point for the writer.
 */
import { evaluate, ExprError, type Expr, type Resolver, type Value } from './expr';
import { ItemKind, type AsmSymbol, type InputSection, type Item } from './model';
import type { Assembler } from './assembler';
import type { Token } from './lexer';
import type { LinkedSection } from './types';
import type { DebugLines, LineRow, WriterSymbol } from './elfWriter';
import { placeB, placeI, placeJ, placeS } from '../isa/encode';
import { placeCB, placeCJ } from './compress';
import { isFReg, isXReg } from './operands';

const NOP = 0x00000013;
const C_NOP = 0x0001;
const MAX_PASSES = 64;

export interface LinkResult {
  sections: LinkedSection[];
  symbols: WriterSymbol[];
  entry: bigint;
  debug: DebugLines['sequences'];
}

class LinkError extends Error {
  constructor(message: string, readonly tok: Token | undefined, readonly line: number) { super(message); }
}

const inRange = (v: number, span: number): boolean => v >= -span / 2 && v < span / 2;

export class Linker {
  /** Input sections in link order per output section. */
  private readonly outputs = new Map<string, InputSection[]>();
  /** Offsets computed by %pcrel_hi/call auipcs, by the auipc's address. */
  private readonly hiOffsets = new Map<bigint, number>();
  /** Addresses of %pcrel_hi/call auipcs that failed (reported; their %pcrel_lo is not). */
  private readonly failedHi = new Set<bigint>();

  constructor(private readonly a: Assembler) {}

  // --- symbol values -----------------------------------------------------------

  private labelOffset(s: AsmSymbol): number {
    const sec = s.section as InputSection;
    const it = sec.items[s.item ?? 0];
    return it ? it.offset : sec.size;
  }

  addressOf(s: AsmSymbol): bigint {
    return (s.section as InputSection).addr + BigInt(this.labelOffset(s));
  }

  /** `memo` holds the .equ values found during one evaluation (a chain of doublings stays linear). */
  private resolver(depth = 0, memo = new Map<string, Value>()): Resolver {
    const a = this.a;
    return {
      symbol: (name) => {
        const s = a.symbols.get(name);
        if (!s) return undefined;
        if (s.section) return { sym: name, add: 0n };
        if (s.expr) {
          if (depth > 500) throw new ExprError(`'${name}' is defined in terms of itself (through .equ/.set, directly or via other symbols)`);
          const known = memo.get(name);
          if (known) return known;
          const v = this.absolute(evaluate(s.expr, this.resolver(depth + 1, memo)));
          memo.set(name, v);
          return v;
        }
        return undefined;
      },
      local: (_n, tok) => {
        const internal = (tok as Token & { internal?: string }).internal;
        return internal && a.symbols.get(internal)?.section ? { sym: internal, add: 0n } : undefined;
      },
      dot: (tok) => { throw new ExprError("'.' is not available here", tok); },
      difference: (x, y) => {
        const sx = a.symbols.get(x), sy = a.symbols.get(y);
        if (!sx?.section || !sy?.section) return undefined;
        return this.addressOf(sx) - this.addressOf(sy);
      },
    };
  }

  /** Folds a label-relative value into an absolute one (after placement). */
  private absolute(v: Value): Value {
    if (!v.sym) return v;
    const s = this.a.symbols.get(v.sym) as AsmSymbol;
    return { add: BigInt.asIntN(64, this.addressOf(s) + v.add) };
  }

  private value(e: Expr, tok: Token, line: number): bigint {
    try {
      return this.absolute(evaluate(e, this.resolver())).add;
    } catch (err) {
      if (err instanceof ExprError) {
        const name = err.tok?.text ?? '';
        const msg = /is not defined$/.test(err.message) && (isXReg(name) || isFReg(name))
          ? `'${name}' is a register, but a label or address is needed here`
          : err.message.replace(/is not defined$/, 'is not defined anywhere in this file');
        throw new LinkError(msg, err.tok ?? tok, line);
      }
      throw err;
    }
  }

  // --- layout and relaxation ------------------------------------------------------

  /** Branch length for a distance `d` (or undefined: another section / not a label), as GNU's relaxed_branch_length. */
  private static branchLength(br: NonNullable<Item['br']>, d: number | undefined): number {
    if (d === undefined) return br.cond ? 8 : 4;
    if (br.rvc && inRange(d, br.cond ? 512 : 4096)) return 2;
    if (inRange(d, 8192)) return 4;
    return br.cond ? (br.rvc ? 6 : 8) : 4;
  }

  /**
   * Sizes branches and alignment padding the way GNU as's relax_segment does, so the
   * choice at range edges is the same: items are grouped into frags (each ends at a
   * branch, an alignment or a .space block); a first pass estimates every variable part
   * with forward frags still at address 0; then passes re-size in order, moving later
   * frags by the growth so far, until nothing grows.
   */
  private relaxSection(sec: InputSection): void {
    const items = sec.items;
    const isTerm = (it: Item): boolean => it.kind !== ItemKind.Fixed || it.fill === true;
    interface Frag { first: number; fix: number; term?: Item; addr: number }
    const frags: Frag[] = [];
    const fragOf = new Int32Array(items.length + 1);
    const offIn = new Int32Array(items.length + 1);
    let cur: Frag = { first: 0, fix: 0, addr: 0 };
    frags.push(cur);
    items.forEach((it, i) => {
      fragOf[i] = frags.length - 1;
      offIn[i] = cur.fix;
      if (isTerm(it)) {
        cur.term = it;
        cur = { first: i + 1, fix: 0, addr: 0 };
        frags.push(cur);
      } else cur.fix += it.size;
    });
    fragOf[items.length] = frags.length - 1;
    offIn[items.length] = cur.fix;
    const labelAddr = (s: AsmSymbol): number => frags[fragOf[s.item ?? 0]].addr + offIn[s.item ?? 0];
    const size = (f: Frag): number => {
      const it = f.term as Item;
      const at = f.addr + f.fix;
      if (it.kind === ItemKind.Align) {
        const al = it.al as NonNullable<Item['al']>;
        const pad = (al.bytes - (at % al.bytes)) % al.bytes;
        return al.max !== undefined && pad > al.max ? 0 : pad;
      }
      if (it.kind === ItemKind.Fixed) return it.size;
      const br = it.br as NonNullable<Item['br']>;
      let d: number | undefined;
      try {
        const v = evaluate(br.target, { ...this.resolver(), difference: () => undefined });
        const s = v.sym ? this.a.symbols.get(v.sym) : undefined;
        if (s?.section === sec) d = labelAddr(s) + Number(v.add) - at;
      } catch { d = undefined; }
      return Linker.branchLength(br, d);
    };
    let addr = 0;
    for (const f of frags) {
      f.addr = addr;
      addr += f.fix;
      if (f.term) { f.term.size = size(f); addr += f.term.size; }
    }
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      let stretch = 0;
      for (const f of frags) {
        f.addr += stretch;
        if (!f.term || f.term.kind === ItemKind.Fixed) continue;
        const n = size(f);
        // Late passes only grow, so the loop always ends.
        if (n !== f.term.size && (pass < MAX_PASSES / 2 || n > f.term.size)) { stretch += n - f.term.size; f.term.size = n; }
      }
      if (stretch === 0) break;
    }
    this.layout(sec);
  }

  private layout(sec: InputSection): void {
    let off = 0;
    for (const it of sec.items) { it.offset = off; off += it.size; }
    sec.size = off;
  }

  relax(): void {
    for (const sec of this.a.sections.values()) {
      // GNU as pads the end of each code section to the section's alignment.
      if (sec.items.length && sec.align > 1 && sec.exec) {
        sec.items.push({ kind: ItemKind.Align, offset: 0, size: 0, line: 0, al: { bytes: sec.align, code: sec.exec, rvc: true } });
      }
      this.relaxSection(sec);
    }
  }

  // --- placement ----------------------------------------------------------------

  private static order(s: InputSection): number {
    const fixed = ['.text', '.rodata', '.data', '.sdata', '.sbss', '.bss'];
    const i = fixed.indexOf(s.output);
    if (i >= 0) return i * 2;
    if (s.exec) return 1;
    if (!s.write) return 3;
    return s.nobits ? 11 : 5;
  }

  place(textBase: bigint, dataBase: bigint | undefined): void {
    const secs = [...this.a.sections.values()].filter((s) => s.alloc);
    const sorted = secs.map((s, i) => ({ s, i })).sort((x, y) => Linker.order(x.s) - Linker.order(y.s) || x.i - y.i).map((x) => x.s);
    for (const s of sorted) {
      const list = this.outputs.get(s.output) ?? [];
      list.push(s);
      this.outputs.set(s.output, list);
    }
    let dot = textBase;
    let dataDone = false;
    for (const [name, list] of this.outputs) {
      const first = list[0];
      const inData = first.write;
      if (inData && !dataDone) {
        dataDone = true;
        dot = dataBase ?? ((dot + 0xfffn) & ~0xfffn) + (dot & 0xfffn);
        if (name === '.data' && dataBase !== undefined) dot = dataBase;
      }
      const outAlign = BigInt(Math.max(...list.map((s) => s.align)));
      if (!(name === '.text' && dot === textBase)) dot = (dot + outAlign - 1n) & ~(outAlign - 1n);
      for (const s of list) {
        const al = BigInt(s.align);
        dot = (dot + al - 1n) & ~(al - 1n);
        s.addr = dot;
        dot += BigInt(s.size);
      }
    }
  }

  // --- relocation -----------------------------------------------------------------

  private patch32(it: Item, at: number, f: (w: number) => number): void {
    const dv = new DataView((it.bytes as Uint8Array).buffer);
    dv.setUint32(at, f(dv.getUint32(at, true)) >>> 0, true);
  }

  private fail(msg: string, it: Item, tok: Token): never {
    throw new LinkError(msg, tok, it.br?.line ?? it.fix?.line ?? it.line);
  }

  private applyFix(sec: InputSection, it: Item, hiPass: boolean): void {
    const fx = it.fix;
    if (!fx) return;
    const P = sec.addr + BigInt(it.offset);
    const isHi = fx.kind === 'pcrel_hi20' || fx.kind === 'call';
    if (hiPass !== isHi) return;
    const S = this.value(fx.expr, fx.tok, fx.line);
    const off = Number(BigInt.asIntN(64, S - P));
    const hi20 = (v: number): number => (Math.floor((v + 0x800) / 4096) & 0xfffff) << 12;
    const lo12 = (v: number): number => ((v & 0xfff) << 20) >> 20;
    switch (fx.kind) {
      case 'jal':
        if (!inRange(off, 1 << 21) || off % 2 !== 0) this.fail(`jump target is too far for jal (${off} bytes; jal reaches ±1 MiB)`, it, fx.tok);
        this.patch32(it, 0, (w) => (w & 0xfff) | placeJ(off));
        return;
      case 'call': case 'pcrel_hi20':
        if (off < -(2 ** 31) - 0x800 || off >= 2 ** 31 - 0x800) this.fail(`target is out of reach of auipc (±2 GiB from ${'0x' + P.toString(16)})`, it, fx.tok);
        this.hiOffsets.set(P, off);
        this.patch32(it, 0, (w) => (w & 0xfff) | hi20(off));
        if (fx.kind === 'call') this.patchCallLo(sec, it, off);
        return;
      case 'pcrel_lo12_i': case 'pcrel_lo12_s': {
        const hiOff = this.hiAt(S, it, fx.tok);
        const lo = lo12(hiOff);
        this.patch32(it, 0, (w) => (fx.kind === 'pcrel_lo12_i' ? (w & 0xfffff) | placeI(lo) : (w & 0x01fff07f) | placeS(lo)));
        return;
      }
      case 'hi20':
        if (S < -(1n << 31n) || S >= (1n << 31n) - 0x800n) {
          this.fail(`%hi(0x${BigInt.asUintN(64, S).toString(16)}) does not fit: lui+addi reach only addresses below 0x7ffff800 (or negative 32-bit values) on RV64; use la or lla for addresses like this`, it, fx.tok);
        }
        this.patch32(it, 0, (w) => (w & 0xfff) | hi20(Number(S)));
        return;
      case 'lo12_i': this.patch32(it, 0, (w) => (w & 0xfffff) | placeI(lo12(Number(BigInt.asIntN(32, S))))); return;
      case 'lo12_s': this.patch32(it, 0, (w) => (w & 0x01fff07f) | placeS(lo12(Number(BigInt.asIntN(32, S))))); return;
      case 'data': {
        const size = fx.size ?? 8;
        if (size < 8) {
          const lim = 1n << BigInt(size * 8);
          if (S >= lim || S < -(lim >> 1n)) this.fail(`value 0x${BigInt.asUintN(64, S).toString(16)} does not fit in ${size} bytes`, it, fx.tok);
        }
        let u = BigInt.asUintN(size * 8, S);
        const b = it.bytes as Uint8Array;
        for (let i = 0; i < size; i++) { b[i] = Number(u & 0xffn); u >>= 8n; }
        return;
      }
      default: return;
    }
  }

  /** The jalr of a call is the item after the auipc. */
  private patchCallLo(sec: InputSection, it: Item, off: number): void {
    const next = sec.items[sec.items.indexOf(it) + 1];
    const lo = ((off & 0xfff) << 20) >> 20;
    this.patch32(next, 0, (w) => (w & 0xfffff) | placeI(lo));
  }

  /** The offset computed by the %pcrel_hi whose auipc is at address `S`. */
  private hiAt(S: bigint, it: Item, tok: Token): number {
    const off = this.hiOffsets.get(S);
    if (off !== undefined) return off;
    if (this.failedHi.has(S)) throw new LinkError('', tok, 0);
    return this.fail('%pcrel_lo must name the label of an auipc that uses %pcrel_hi (like: 1: auipc a0, %pcrel_hi(sym); addi a0, a0, %pcrel_lo(1b))', it, tok);
  }

  private encodeBranch(sec: InputSection, it: Item): void {
    const br = it.br as NonNullable<Item['br']>;
    const P = sec.addr + BigInt(it.offset);
    const S = this.value(br.target, br.tok, br.line ?? it.line);
    const off = Number(BigInt.asIntN(64, S - P));
    const out = new Uint8Array(it.size);
    const dv = new DataView(out.buffer);
    const jal = (o: number): number => (0x6f | placeJ(o)) >>> 0;
    const bType = (f3: number, o: number): number => (0x63 | (f3 << 12) | (br.rs1 << 15) | (br.rs2 << 20) | placeB(o)) >>> 0;
    const tooFar = (what: string, reach: string): never => this.fail(`branch target is too far for ${what} (${off} bytes; it reaches ${reach})`, it, br.tok);
    if (it.size === 2) {
      if (br.cond && !inRange(off, 512)) tooFar(br.funct3 === 0 ? 'c.beqz' : 'c.bnez', '±256 bytes');
      if (!br.cond && !inRange(off, 4096)) tooFar('c.j', '±2 KiB');
      const h = br.cond ? ((br.funct3 === 0 ? 6 : 7) << 13) | placeCB(off) | (((br.rs1 - 8) & 7) << 7) | 1 : (5 << 13) | placeCJ(off) | 1;
      dv.setUint16(0, h, true);
    } else if (it.size === 4) {
      if (br.cond && !inRange(off, 8192)) tooFar('a branch', '±4 KiB');
      if (!br.cond && !inRange(off, 1 << 21)) tooFar('jal', '±1 MiB');
      dv.setUint32(0, br.cond ? bType(br.funct3, off) : jal(off), true);
    } else if (it.size === 6) {
      dv.setUint16(0, ((br.funct3 === 0 ? 7 : 6) << 13) | placeCB(6) | (((br.rs1 - 8) & 7) << 7) | 1, true);
      if (!inRange(off - 2, 1 << 21)) tooFar('a branch, even turned into a jump', '±1 MiB');
      dv.setUint32(2, jal(off - 2), true);
    } else {
      dv.setUint32(0, bType(br.funct3 ^ 1, 8), true);
      if (!inRange(off - 4, 1 << 21)) tooFar(br.cond ? 'a branch, even turned into a jump' : 'jal', '±1 MiB');
      dv.setUint32(4, jal(off - 4), true);
    }
    it.bytes = out;
  }

  private alignBytes(it: Item): void {
    const al = it.al as NonNullable<Item['al']>;
    const out = new Uint8Array(it.size);
    if (al.fill !== undefined || !al.code) out.fill(al.fill ?? 0);
    else {
      const dv = new DataView(out.buffer);
      let i = 0;
      if (it.size % 2 === 1) out[i++] = 0;
      if ((it.size - i) % 4 === 2) { dv.setUint16(i, C_NOP, true); i += 2; }
      for (; i < it.size; i += 4) dv.setUint32(i, NOP, true);
    }
    it.bytes = out;
  }

  /** Applies every fixup; errors become diagnostics. */
  resolve(): void {
    for (const hiPass of [true, false]) {
      for (const sec of this.a.sections.values()) {
        for (const it of sec.items) {
          try {
            if (hiPass && it.kind === ItemKind.Branch) this.encodeBranch(sec, it);
            if (hiPass && it.kind === ItemKind.Align) this.alignBytes(it);
            if (it.kind === ItemKind.Fixed) this.applyFix(sec, it, hiPass);
          } catch (e) {
            if (!(e instanceof LinkError)) throw e;
            if (hiPass && (it.fix?.kind === 'pcrel_hi20' || it.fix?.kind === 'call')) this.failedHi.add(sec.addr + BigInt(it.offset));
            if (e.message === '') continue; // follows from an error reported already
            this.a.report(e.message, e.tok?.col ?? 1, e.tok?.end ?? 2, 'error', e.line || it.line);
          }
        }
      }
    }
  }

  // --- results --------------------------------------------------------------------

  linkedSections(): LinkedSection[] {
    const out: LinkedSection[] = [];
    for (const [name, list] of this.outputs) {
      const start = list[0].addr;
      const last = list[list.length - 1];
      let size = Number(last.addr - start) + last.size;
      if (size === 0) continue;
      // ld's script ends .bss with ALIGN(. != 0 ? 64 / 8 : 1).
      if (name === '.bss') size = Number(((start + BigInt(size) + 7n) & ~7n) - start);
      const nobits = list.every((s) => s.nobits);
      const data = new Uint8Array(nobits ? 0 : size);
      if (!nobits) {
        for (const s of list) {
          let at = Number(s.addr - start);
          for (const it of s.items) { if (it.bytes) data.set(it.bytes.subarray(0, it.size), at); at += it.size; }
        }
      }
      out.push({
        name, addr: start, data, size, nobits, align: Math.max(...list.map((s) => s.align)),
        write: list[0].write, exec: list[0].exec,
      });
    }
    return out.sort((x, y) => (x.addr < y.addr ? -1 : x.addr > y.addr ? 1 : 0));
  }

  symbols(): WriterSymbol[] {
    const out: WriterSymbol[] = [];
    for (const s of this.a.symbols.values()) {
      if (s.internal || s.name.startsWith('.L')) continue;
      let value: bigint, section: string | null;
      if (s.section) { value = this.addressOf(s); section = s.section.alloc ? s.section.output : null; }
      else if (s.expr) {
        try { value = this.value(s.expr, s.defTok as Token, s.defLine); } catch { continue; }
        section = null;
      } else continue;
      let size: bigint | undefined;
      if (s.size) { try { size = this.value(s.size, s.defTok as Token, s.defLine); } catch { size = undefined; } }
      out.push({ name: s.name, value, section, global: s.global, type: s.type ?? 'notype', size });
    }
    return out;
  }

  /** Line rows per executable output section (a row where the line changes). */
  lineSequences(): DebugLines['sequences'] {
    const seqs: DebugLines['sequences'] = [];
    for (const [name, list] of this.outputs) {
      if (!list[0].exec) continue;
      const rows: LineRow[] = [];
      let lastLine = -1;
      for (const s of list) {
        for (const it of s.items) {
          if (it.line > 0 && it.size > 0 && it.line !== lastLine) {
            rows.push({ addr: s.addr + BigInt(it.offset), line: it.line });
            lastLine = it.line;
          } else if (it.line === 0 || it.size === 0) {
            if (it.size > 0) lastLine = -1;
          }
        }
      }
      const last = list[list.length - 1];
      if (rows.length) seqs.push({ section: name, start: list[0].addr, end: last.addr + BigInt(last.size), rows });
    }
    return seqs;
  }

  entry(): bigint {
    const s = this.a.symbols.get('_start');
    if (s?.section) return this.addressOf(s);
    const text = this.outputs.get('.text');
    return text ? text[0].addr : 0n;
  }
}
