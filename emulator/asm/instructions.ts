/**
 * Instruction statements: operand parsing per operand format of the shared InsnDef
 * table (emulator/isa), the alternative spellings GNU `as` accepts (e.g. `jalr rs`,
 * `lw rd, symbol`, `add rd, rs, imm`), the standard pseudo-instructions (unprivileged
 * spec 20191213 ch. 25, tables 25.2-25.3), explicit `c.*` mnemonics, and automatic
 * compression under `.option rvc`. `li` follows GNU's constant-synthesis algorithm
 * (lui/addiw for 32-bit values, then recursive shift-and-add) so output is identical.
 */
import { Tk, type Token } from './lexer';
import { symbolsOf, type Expr } from './expr';
import type { BranchSpec, FixKind, Fixup } from './model';
import {
  OperandError, csrOperand, expr, fenceSet, freg, looksLikeMem, memOperand, relocPrefix,
  roundingMode, span, xreg, isXReg, type Operand, type RelocOperand,
} from './operands';
import { encode, insnByName, type Fields } from '../isa/encode';
import type { InsnDef } from '../isa/types';
import { compress, encodeC, fitsC6, isCReg, type COps } from './compress';

/** What instruction handlers need from the assembler. */
export interface InsnContext {
  rvc: boolean;
  line: number;
  emitWord(w: number, fix?: Fixup): void;
  emitHalf(h: number, fix?: Fixup): void;
  emitBranch(b: BranchSpec): void;
  /** Value of an expression if it is a constant now (labels are not). */
  constant(e: Expr): bigint | undefined;
  /** An expression naming a fresh internal label at the current location. */
  labelHere(): Expr;
  /** True if a symbol of this name is defined (label or .equ) so far. */
  isDefined?(name: string): boolean;
}

type Handler = (c: InsnContext, mn: Token, ops: Operand[]) => void;

const err = (msg: string, t: { col: number; end: number }): never => { throw new OperandError(msg, t.col, t.end); };

function arity(mn: Token, ops: Operand[], ...counts: number[]): void {
  if (counts.includes(ops.length)) return;
  const want = counts.map(String).join(' or ');
  const got = ops.length;
  err(`'${mn.text}' takes ${want} operand${counts.length === 1 && counts[0] === 1 ? '' : 's'}, but ${got} ${got === 1 ? 'was' : 'were'} given`, mn);
}

function fix(c: InsnContext, kind: FixKind, e: Expr, tok: Token): Fixup {
  return { kind, expr: e, tok, line: c.line };
}

/** Signed/unsigned range check of a constant operand. */
function ranged(v: bigint, lo: bigint, hi: bigint, op: Operand, what: string, mn: Token): number {
  if (v < lo || v > hi) {
    const [col, end] = span(op, mn.end);
    throw new OperandError(`${what} ${v} is out of range for '${mn.text}': it must be between ${lo} and ${hi}`, col, end);
  }
  return Number(v);
}

function constOperand(c: InsnContext, op: Operand, mn: Token, what: string): bigint {
  const e = expr(op, mn.end);
  const v = c.constant(e);
  if (v === undefined) {
    const undef = symbolsOf(e).find((t) => t.k === Tk.Ident && c.isDefined && !c.isDefined(t.text));
    if (undef) {
      throw new OperandError(`${what} of '${mn.text}' must be a constant, but '${undef.text}' is not a constant defined before this line (load addresses with la, or use %hi/%lo)`, undef.col, undef.end);
    }
    const [col, end] = span(op, mn.end);
    throw new OperandError(`${what} of '${mn.text}' must be a constant, but '${op.map((t) => t.text).join('')}' is an address (load addresses with la, or use %hi/%lo)`, col, end);
  }
  return v;
}

const sext12 = (v: bigint): number => Number(BigInt.asIntN(12, v));

/** A 12-bit immediate: constant, %lo(...) or %pcrel_lo(...). Returns value and fixup. */
function imm12(c: InsnContext, op: Operand, mn: Token, store: boolean): { imm: number; fix?: Fixup; reloc?: boolean } {
  const { r, rest } = relocPrefix(op);
  if (r) {
    if (rest.length) err(`unexpected '${rest[0].text}' after '${r.tok.text}(...)'`, rest[0]);
    return relocLo(c, r, mn, store);
  }
  return { imm: ranged(constOperand(c, op, mn, 'the immediate'), -2048n, 2047n, op, 'immediate', mn) };
}

function relocLo(c: InsnContext, r: RelocOperand, mn: Token, store: boolean): { imm: number; fix?: Fixup; reloc?: boolean } {
  if (r.fn === '%lo') {
    const v = c.constant(r.e);
    // GNU as keeps a relocation-function operand uncompressed even when it folds to a constant.
    if (v !== undefined) return { imm: sext12(v), reloc: true };
    return { imm: 0, fix: fix(c, store ? 'lo12_s' : 'lo12_i', r.e, r.tok) };
  }
  if (r.fn === '%pcrel_lo') return { imm: 0, fix: fix(c, store ? 'pcrel_lo12_s' : 'pcrel_lo12_i', r.e, r.tok) };
  return err(`'${r.tok.text}' gives the upper 20 bits; '${mn.text}' needs a 12-bit value (use %lo or %pcrel_lo)`, r.tok);
}

/** A 20-bit upper immediate: constant 0..0xfffff, %hi(...) or %pcrel_hi(...). */
function imm20(c: InsnContext, op: Operand, mn: Token): { imm: number; fix?: Fixup; reloc?: boolean } {
  const { r, rest } = relocPrefix(op);
  if (r) {
    if (rest.length) err(`unexpected '${rest[0].text}' after '${r.tok.text}(...)'`, rest[0]);
    if (r.fn === '%hi') {
      const v = c.constant(r.e);
      if (v !== undefined) return { imm: Number(((v + 0x800n) >> 12n) & 0xfffffn), reloc: true };
      return { imm: 0, fix: fix(c, 'hi20', r.e, r.tok) };
    }
    if (r.fn === '%pcrel_hi') return { imm: 0, fix: fix(c, 'pcrel_hi20', r.e, r.tok) };
    return err(`'${r.tok.text}' gives the low 12 bits; '${mn.text}' needs a 20-bit value (use %hi or %pcrel_hi)`, r.tok);
  }
  return { imm: ranged(constOperand(c, op, mn, 'the immediate'), 0n, 0xfffffn, op, 'immediate', mn) };
}

/** Emits a 32-bit instruction, compressed when `.option rvc` allows and GNU would. */
function emit(c: InsnContext, name: string, f: Fields, form: string | null = name, fx?: Fixup): void {
  const def = insnByName(name) as InsnDef;
  if (c.rvc && form !== null && !fx) {
    const ch = compress({ form, rd: f.rd, rs1: f.rs1, rs2: f.rs2, imm: f.imm });
    if (ch) { c.emitHalf(encodeC(ch)); return; }
  }
  c.emitWord(encode(def, f), fx);
}

function branchTarget(op: Operand, mn: Token): { e: Expr; tok: Token } {
  const e = expr(op, mn.end);
  return { e, tok: op[0] };
}

function condBranch(c: InsnContext, mn: Token, f3: number, rs1: number, rs2: number, op: Operand): void {
  const { e, tok } = branchTarget(op, mn);
  const rvc = c.rvc && rs2 === 0 && isCReg(rs1) && (f3 === 0 || f3 === 1);
  c.emitBranch({ cond: true, funct3: f3, rs1, rs2, rvc, target: e, tok });
}

function jump(c: InsnContext, mn: Token, op: Operand, rvcForm: boolean): void {
  const { e, tok } = branchTarget(op, mn);
  c.emitBranch({ cond: false, funct3: 0, rs1: 0, rs2: 0, rvc: rvcForm && c.rvc, target: e, tok });
}

const BRANCH_F3: Record<string, number> = { beq: 0, bne: 1, blt: 4, bge: 5, bltu: 6, bgeu: 7 };

/** `auipc tmp, %pcrel_hi(sym)` followed by `name rd/rs, %pcrel_lo(label)(tmp)`. */
function pcrelPair(c: InsnContext, name: string, tmp: number, e: Expr, tok: Token, f: Fields, store: boolean): void {
  const hi = c.labelHere();
  c.emitWord(encode(insnByName('auipc') as InsnDef, { rd: tmp }), fix(c, 'pcrel_hi20', e, tok));
  c.emitWord(encode(insnByName(name) as InsnDef, { ...f, rs1: tmp }), fix(c, store ? 'pcrel_lo12_s' : 'pcrel_lo12_i', hi, tok));
}

// ---------------------------------------------------------------------------------
// Generic forms by operand format
// ---------------------------------------------------------------------------------

/** Integer register-immediate alternatives of R-type mnemonics (`add rd, rs, imm`). */
const IMM_FORM: Record<string, string> = {
  add: 'addi', and: 'andi', or: 'ori', xor: 'xori', slt: 'slti', sltu: 'sltiu',
  sll: 'slli', srl: 'srli', sra: 'srai', addw: 'addiw', sllw: 'slliw', srlw: 'srliw', sraw: 'sraiw',
  // Zbb/Zbs: GNU as takes `ror rd, rs, 5` for rori (and so on) as aliases.
  ror: 'rori', rorw: 'roriw', bclr: 'bclri', bext: 'bexti', binv: 'binvi', bset: 'bseti',
};
const EXACT_CONVERSIONS = new Set(['fcvt.d.s', 'fcvt.d.w', 'fcvt.d.wu']);

function isRegOperand(op: Operand): boolean {
  return op.length === 1 && op[0].k === Tk.Ident && isXReg(op[0].text);
}

function rmOperand(ops: Operand[], i: number, def: InsnDef, mn: Token): number {
  if (ops.length > i) return roundingMode(ops[i], mn.end);
  return EXACT_CONVERSIONS.has(def.name) ? 0 : 7;
}

function loadStore(c: InsnContext, mn: Token, def: InsnDef, ops: Operand[], fp: boolean): void {
  const store = def.fmt === 'S' || def.fmt === 'FS';
  arity(mn, ops, 2, 3);
  const r = fp ? freg(ops[0]) : xreg(ops[0]);
  const op = ops[1];
  if (!looksLikeMem(op)) {
    // `4(a9)`: an offset and a base that is not a register (no expression has this shape).
    const n = op.length;
    if (n >= 4 && op[n - 1].text === ')' && op[n - 3].text === '(' && op[n - 2].k === Tk.Ident &&
      (op[n - 4].k !== Tk.Punct || op[n - 4].text === ')')) memOperand(op, mn.end);
    // `lw rd, symbol` / `sw rs, symbol, tmp`: PC-relative access through auipc.
    const want = store || fp ? 3 : 2;
    if (ops.length > want) {
      err(`'${mn.text}' with a symbol address takes two operands (${mn.text} a0, symbol): a0 itself holds the address, no temporary register is needed`, ops[2][0] ?? mn);
    }
    if (ops.length < want) {
      err(`'${mn.text}' with a symbol address needs a temporary register to hold the address: ${mn.text} ${fp ? 'fa0' : 'a0'}, symbol, t0`, mn);
    }
    const tmp = want === 3 ? xreg(ops[2]) : r;
    pcrelPair(c, def.name, tmp, expr(op, mn.end), op[0], store ? { rs2: r } : { rd: r }, store);
    return;
  }
  if (ops.length === 3) arity(mn, ops, 2);
  const m = memOperand(op, mn.end);
  let imm = 0, fx: Fixup | undefined, reloc = false;
  if (m.reloc) ({ imm, fix: fx, reloc = false } = relocLo(c, m.reloc, mn, store));
  else if (m.off) imm = ranged(constOperand(c, m.off, mn, 'the offset'), -2048n, 2047n, m.off, 'offset', mn);
  const f: Fields = store ? { rs2: r, rs1: m.base, imm } : { rd: r, rs1: m.base, imm };
  emit(c, def.name, f, reloc ? null : def.name, fx);
}

function generic(c: InsnContext, mn: Token, def: InsnDef, ops: Operand[], aq = 0, rl = 0): void {
  const n = def.name;
  switch (def.fmt) {
    case 'R': {
      arity(mn, ops, 3);
      if (!isRegOperand(ops[2]) && IMM_FORM[n]) {
        const alt = insnByName(IMM_FORM[n]) as InsnDef;
        if (alt.fmt === 'I') {
          const { imm, fix: fx, reloc } = imm12(c, ops[2], mn, false);
          emit(c, alt.name, { rd: xreg(ops[0]), rs1: xreg(ops[1]), imm }, reloc ? null : `${n}.imm`, fx);
        } else emit(c, alt.name, { rd: xreg(ops[0]), rs1: xreg(ops[1]), imm: shamt(c, ops[2], mn, alt.fmt === 'SH' ? 63n : 31n) }, `${n}.imm`);
        return;
      }
      emit(c, n, { rd: xreg(ops[0]), rs1: xreg(ops[1]), rs2: xreg(ops[2]) });
      return;
    }
    case 'R1': arity(mn, ops, 2); emit(c, n, { rd: xreg(ops[0]), rs1: xreg(ops[1]) }, null); return;
    case 'I': {
      if (n === 'jalr') { jalr(c, mn, ops); return; }
      arity(mn, ops, 3);
      const { imm, fix: fx, reloc } = imm12(c, ops[2], mn, false);
      emit(c, n, { rd: xreg(ops[0]), rs1: xreg(ops[1]), imm }, reloc ? null : n, fx);
      return;
    }
    case 'SH': case 'SHW':
      arity(mn, ops, 3);
      emit(c, n, { rd: xreg(ops[0]), rs1: xreg(ops[1]), imm: shamt(c, ops[2], mn, def.fmt === 'SH' ? 63n : 31n) });
      return;
    case 'L': case 'S': loadStore(c, mn, def, ops, false); return;
    case 'FL': case 'FS': loadStore(c, mn, def, ops, true); return;
    case 'B':
      arity(mn, ops, 3);
      condBranch(c, mn, BRANCH_F3[n], xreg(ops[0]), xreg(ops[1]), ops[2]);
      return;
    case 'U': {
      arity(mn, ops, 2);
      const { imm, fix: fx, reloc } = imm20(c, ops[1], mn);
      emit(c, n, { rd: xreg(ops[0]), imm }, reloc ? null : n, fx);
      return;
    }
    case 'J': {
      arity(mn, ops, 1, 2);
      const rd = ops.length === 2 ? xreg(ops[0]) : 1;
      const t = ops[ops.length - 1];
      c.emitWord(encode(def, { rd }), fix(c, 'jal', expr(t, mn.end), t[0]));
      return;
    }
    case 'CSR': case 'CSRI': {
      arity(mn, ops, 3);
      const csr = csrOperand(ops[1], c.constant, mn.end);
      const rd = xreg(ops[0]);
      if (def.fmt === 'CSR' && isRegOperand(ops[2])) { emit(c, n, { rd, csr, rs1: xreg(ops[2]) }, null); return; }
      const name = def.fmt === 'CSRI' ? n : n + 'i';
      emit(c, name, { rd, csr, imm: csrImm(c, ops[2], mn) }, null);
      return;
    }
    case 'AMO': {
      arity(mn, ops, 3);
      emit(c, n, { rd: xreg(ops[0]), rs2: xreg(ops[1]), rs1: amoAddress(c, ops[2], mn), aq, rl }, null);
      return;
    }
    case 'LR':
      arity(mn, ops, 2);
      emit(c, n, { rd: xreg(ops[0]), rs1: amoAddress(c, ops[1], mn), aq, rl }, null);
      return;
    case 'HLV':
      arity(mn, ops, 2);
      emit(c, n, { rd: xreg(ops[0]), rs1: amoAddress(c, ops[1], mn) }, null);
      return;
    case 'HSV':
      arity(mn, ops, 2);
      emit(c, n, { rs2: xreg(ops[0]), rs1: amoAddress(c, ops[1], mn) }, null);
      return;
    case 'NONE': arity(mn, ops, 0); emit(c, n, {}, n); return;
    case 'FENCE':
      arity(mn, ops, 0, 2);
      emit(c, n, ops.length ? { pred: fenceSet(ops[0], mn.end), succ: fenceSet(ops[1], mn.end) } : {}, null);
      return;
    case 'CBO':
      // GNU as: `cbo.zero (a0)` or `cbo.zero 0(a0)`; the offset must be 0.
      arity(mn, ops, 1);
      emit(c, n, { rs1: amoAddress(c, ops[0], mn) }, null);
      return;
    case 'SFENCE':
      // sinval.vma takes both registers (GNU as rejects the short forms of sfence.vma).
      if (n === 'sinval.vma') arity(mn, ops, 2); else arity(mn, ops, 0, 1, 2);
      emit(c, n, { rs1: ops.length > 0 ? xreg(ops[0]) : 0, rs2: ops.length > 1 ? xreg(ops[1]) : 0 }, null);
      return;
    case 'FR': arity(mn, ops, 3, 4); emit(c, n, { rd: freg(ops[0]), rs1: freg(ops[1]), rs2: freg(ops[2]), rm: rmOperand(ops, 3, def, mn) }, null); return;
    case 'FR4':
      arity(mn, ops, 4, 5);
      emit(c, n, { rd: freg(ops[0]), rs1: freg(ops[1]), rs2: freg(ops[2]), rs3: freg(ops[3]), rm: rmOperand(ops, 4, def, mn) }, null);
      return;
    case 'FR1': arity(mn, ops, 2, 3); emit(c, n, { rd: freg(ops[0]), rs1: freg(ops[1]), rm: rmOperand(ops, 2, def, mn) }, null); return;
    case 'FSGNJ': arity(mn, ops, 3); emit(c, n, { rd: freg(ops[0]), rs1: freg(ops[1]), rs2: freg(ops[2]) }, null); return;
    case 'FCMP': arity(mn, ops, 3); emit(c, n, { rd: xreg(ops[0]), rs1: freg(ops[1]), rs2: freg(ops[2]) }, null); return;
    case 'FCVT_X_F': arity(mn, ops, 2, 3); emit(c, n, { rd: xreg(ops[0]), rs1: freg(ops[1]), rm: rmOperand(ops, 2, def, mn) }, null); return;
    case 'FCVT_F_X': arity(mn, ops, 2, 3); emit(c, n, { rd: freg(ops[0]), rs1: xreg(ops[1]), rm: rmOperand(ops, 2, def, mn) }, null); return;
    case 'FMV_X_F': arity(mn, ops, 2); emit(c, n, { rd: xreg(ops[0]), rs1: freg(ops[1]) }, null); return;
    case 'FMV_F_X': arity(mn, ops, 2); emit(c, n, { rd: freg(ops[0]), rs1: xreg(ops[1]) }, null); return;
  }
}

function shamt(c: InsnContext, op: Operand, mn: Token, max: bigint): number {
  return ranged(constOperand(c, op, mn, 'the shift amount'), 0n, max, op, 'shift amount', mn);
}

function csrImm(c: InsnContext, op: Operand, mn: Token): number {
  return ranged(constOperand(c, op, mn, 'the immediate'), 0n, 31n, op, 'CSR immediate', mn);
}

/** `(rs1)` or `0(rs1)` of an AMO. */
function amoAddress(c: InsnContext, op: Operand, mn: Token): number {
  const m = memOperand(op, mn.end);
  if (m.reloc || (m.off && c.constant(expr(m.off, mn.end)) !== 0n)) {
    const [col, end] = span(op, mn.end);
    throw new OperandError(`'${mn.text}' takes its address as (reg) with no offset`, col, end);
  }
  return m.base;
}

/** jalr: `jalr rs`, `jalr rs, imm`, `jalr imm(rs)`, `jalr rd, rs`, `jalr rd, imm(rs)`, `jalr rd, rs, imm`. */
function jalr(c: InsnContext, mn: Token, ops: Operand[]): void {
  arity(mn, ops, 1, 2, 3);
  if (ops.length === 1 && !looksLikeMem(ops[0])) { emit(c, 'jalr', { rd: 1, rs1: xreg(ops[0]), imm: 0 }, 'jalr'); return; }
  let rd = 1, rs1: number, imm = 0, fx: Fixup | undefined;
  if (ops.length === 1) ({ rs1, imm, fx } = memImm(c, ops[0], mn));
  else if (ops.length === 2 && looksLikeMem(ops[1])) { rd = xreg(ops[0]); ({ rs1, imm, fx } = memImm(c, ops[1], mn)); }
  else if (ops.length === 2 && isRegOperand(ops[1])) { rd = xreg(ops[0]); rs1 = xreg(ops[1]); }
  else if (ops.length === 2) { rs1 = xreg(ops[0]); ({ imm, fix: fx } = imm12(c, ops[1], mn, false)); }
  else { rd = xreg(ops[0]); rs1 = xreg(ops[1]); ({ imm, fix: fx } = imm12(c, ops[2], mn, false)); }
  emit(c, 'jalr', { rd, rs1, imm }, null, fx);
}

function memImm(c: InsnContext, op: Operand, mn: Token): { rs1: number; imm: number; fx?: Fixup } {
  const m = memOperand(op, mn.end);
  if (m.reloc) { const r = relocLo(c, m.reloc, mn, false); return { rs1: m.base, imm: r.imm, fx: r.fix }; }
  const imm = m.off ? ranged(constOperand(c, m.off, mn, 'the offset'), -2048n, 2047n, m.off, 'offset', mn) : 0;
  return { rs1: m.base, imm };
}

// ---------------------------------------------------------------------------------
// li: GNU as constant synthesis (load_const)
// ---------------------------------------------------------------------------------

const fitsS32 = (v: bigint): boolean => v >= -(1n << 31n) && v < (1n << 31n);

function loadConst(c: InsnContext, rd: number, v: bigint): void {
  const lower = BigInt.asIntN(12, v);
  let upper = v - lower;
  if (!fitsS32(v)) {
    let shift = 12n;
    while (((upper >> shift) & 1n) === 0n) shift++;
    upper = BigInt.asIntN(64, upper) >> shift;
    loadConst(c, rd, upper);
    emit(c, 'slli', { rd, rs1: rd, imm: Number(shift) });
    if (lower !== 0n) emit(c, 'addi', { rd, rs1: rd, imm: Number(lower) });
    return;
  }
  let hi = 0;
  if (upper !== 0n) {
    emit(c, 'lui', { rd, imm: Number((BigInt.asUintN(32, upper) >> 12n) & 0xfffffn) });
    hi = rd;
  }
  if (lower !== 0n || hi === 0) emit(c, 'addiw', { rd, rs1: hi, imm: Number(lower) });
}

function li(c: InsnContext, mn: Token, ops: Operand[]): void {
  arity(mn, ops, 2);
  const rd = xreg(ops[0]);
  const v0 = constOperand(c, ops[1], mn, 'the value');
  if (v0 < -(1n << 63n) || v0 > (1n << 64n) - 1n) err(`value ${v0} does not fit in 64 bits`, ops[1][0]);
  const v = BigInt.asIntN(64, v0);
  if (c.rvc && rd !== 0 && rd !== 2 && v % 4096n === 0n && v !== 0n && fitsC6(Number(v >> 12n)) && (v >> 12n) >= -32n && (v >> 12n) <= 31n) {
    c.emitHalf(encodeC({ name: 'c.lui', ops: { rd, imm: Number(v >> 12n) & 0x3f } }));
    return;
  }
  if (c.rvc && rd !== 0 && v >= -32n && v <= 31n) { c.emitHalf(encodeC({ name: 'c.li', ops: { rd, imm: Number(v) } })); return; }
  if (v >= -2048n && v <= 2047n) { emit(c, 'addi', { rd, rs1: 0, imm: Number(v) }, null); return; }
  loadConst(c, rd, v);
}

// ---------------------------------------------------------------------------------
// Pseudo-instructions and alternative spellings
// ---------------------------------------------------------------------------------

const r2 = (name: string, f: (rd: number, rs: number) => Fields, form: string | null = null): Handler => (c, mn, ops) => {
  arity(mn, ops, 2);
  emit(c, name, f(xreg(ops[0]), xreg(ops[1])), form);
};
const fp2 = (name: string): Handler => (c, mn, ops) => {
  arity(mn, ops, 2);
  const rd = freg(ops[0]), rs = freg(ops[1]);
  emit(c, name, { rd, rs1: rs, rs2: rs }, null);
};
const bz = (f3: number, zeroFirst: boolean): Handler => (c, mn, ops) => {
  arity(mn, ops, 2);
  const r = xreg(ops[0]);
  condBranch(c, mn, f3, zeroFirst ? 0 : r, zeroFirst ? r : 0, ops[1]);
};
const bswap = (f3: number): Handler => (c, mn, ops) => {
  arity(mn, ops, 3);
  condBranch(c, mn, f3, xreg(ops[1]), xreg(ops[0]), ops[2]);
};
const csrRead = (csr: number | null, name = 'csrrs'): Handler => (c, mn, ops) => {
  arity(mn, ops, csr === null ? 2 : 1);
  const n = csr ?? csrOperand(ops[1], c.constant, mn.end);
  emit(c, name, { rd: xreg(ops[0]), csr: n, rs1: 0 }, null);
};
/** csrw/csrs/csrc csr, rs|imm and the explicit immediate forms. */
const csrWrite = (name: string, immOnly: boolean): Handler => (c, mn, ops) => {
  arity(mn, ops, 2);
  const csr = csrOperand(ops[0], c.constant, mn.end);
  if (!immOnly && isRegOperand(ops[1])) emit(c, name, { rd: 0, csr, rs1: xreg(ops[1]) }, null);
  else emit(c, name + 'i', { rd: 0, csr, imm: csrImm(c, ops[1], mn) }, null);
};
/** frcsr-style: `fscsr rs` / `fscsr rd, rs` on a fixed CSR. */
const csrSwap = (csr: number, immediate: boolean): Handler => (c, mn, ops) => {
  arity(mn, ops, 1, 2);
  const rd = ops.length === 2 ? xreg(ops[0]) : 0;
  const last = ops[ops.length - 1];
  if (immediate || !isRegOperand(last)) emit(c, 'csrrwi', { rd, csr, imm: csrImm(c, last, mn) }, null);
  else emit(c, 'csrrw', { rd, csr, rs1: xreg(last) }, null);
};

function call(c: InsnContext, mn: Token, ops: Operand[], link: number, tmp: number): void {
  const t = ops[ops.length - 1];
  const e = expr(t, mn.end);
  const f = fix(c, 'call', e, t[0]);
  c.emitWord(encode(insnByName('auipc') as InsnDef, { rd: tmp }), f);
  c.emitWord(encode(insnByName('jalr') as InsnDef, { rd: link, rs1: tmp, imm: 0 }));
}

function la(c: InsnContext, mn: Token, ops: Operand[]): void {
  arity(mn, ops, 2);
  const rd = xreg(ops[0]);
  pcrelPair(c, 'addi', rd, expr(ops[1], mn.end), ops[1][0], { rd }, false);
}

const CSR_FCSR = 3, CSR_FRM = 2, CSR_FFLAGS = 1;

export const PSEUDO: Record<string, Handler> = {
  nop: (c, mn, ops) => { arity(mn, ops, 0); emit(c, 'addi', { rd: 0, rs1: 0, imm: 0 }, 'nop'); },
  li,
  la, lla: la,
  mv: r2('addi', (rd, rs) => ({ rd, rs1: rs, imm: 0 }), 'mv'),
  move: r2('addi', (rd, rs) => ({ rd, rs1: rs, imm: 0 }), 'mv'),
  not: r2('xori', (rd, rs) => ({ rd, rs1: rs, imm: -1 })),
  neg: r2('sub', (rd, rs) => ({ rd, rs1: 0, rs2: rs })),
  negw: r2('subw', (rd, rs) => ({ rd, rs1: 0, rs2: rs })),
  'sext.w': r2('addiw', (rd, rs) => ({ rd, rs1: rs, imm: 0 }), 'sext.w'),
  'zext.b': r2('andi', (rd, rs) => ({ rd, rs1: rs, imm: 255 })),
  // Zba is always accepted, so zext.w is add.uw (GNU's form under -march=..._zba).
  'zext.w': r2('add.uw', (rd, rs) => ({ rd, rs1: rs, rs2: 0 })),
  seqz: r2('sltiu', (rd, rs) => ({ rd, rs1: rs, imm: 1 })),
  snez: r2('sltu', (rd, rs) => ({ rd, rs1: 0, rs2: rs })),
  sltz: r2('slt', (rd, rs) => ({ rd, rs1: rs, rs2: 0 })),
  sgtz: r2('slt', (rd, rs) => ({ rd, rs1: 0, rs2: rs })),
  sgt: (c, mn, ops) => { arity(mn, ops, 3); emit(c, 'slt', { rd: xreg(ops[0]), rs1: xreg(ops[2]), rs2: xreg(ops[1]) }, null); },
  sgtu: (c, mn, ops) => { arity(mn, ops, 3); emit(c, 'sltu', { rd: xreg(ops[0]), rs1: xreg(ops[2]), rs2: xreg(ops[1]) }, null); },
  beqz: bz(0, false), bnez: bz(1, false), bltz: bz(4, false), bgez: bz(5, false),
  blez: bz(5, true), bgtz: bz(4, true),
  bgt: bswap(4), ble: bswap(5), bgtu: bswap(6), bleu: bswap(7),
  j: (c, mn, ops) => { arity(mn, ops, 1); jump(c, mn, ops[0], true); },
  jr: (c, mn, ops) => {
    arity(mn, ops, 1, 2);
    if (ops.length === 1 && !looksLikeMem(ops[0])) { emit(c, 'jalr', { rd: 0, rs1: xreg(ops[0]), imm: 0 }, 'jr'); return; }
    if (ops.length === 1) { const m = memImm(c, ops[0], mn); emit(c, 'jalr', { rd: 0, rs1: m.rs1, imm: m.imm }, null, m.fx); return; }
    const { imm, fix: fx } = imm12(c, ops[1], mn, false);
    emit(c, 'jalr', { rd: 0, rs1: xreg(ops[0]), imm }, null, fx);
  },
  ret: (c, mn, ops) => { arity(mn, ops, 0); emit(c, 'jalr', { rd: 0, rs1: 1, imm: 0 }, 'jr'); },
  call: (c, mn, ops) => { arity(mn, ops, 1, 2); if (ops.length === 2) call(c, mn, ops, xreg(ops[0]), 6); else call(c, mn, ops, 1, 1); },
  tail: (c, mn, ops) => { arity(mn, ops, 1); call(c, mn, ops, 0, 6); },
  jump: (c, mn, ops) => { arity(mn, ops, 2); call(c, mn, [ops[0]], 0, xreg(ops[1])); },
  csrr: csrRead(null),
  csrw: csrWrite('csrrw', false), csrs: csrWrite('csrrs', false), csrc: csrWrite('csrrc', false),
  csrwi: csrWrite('csrrw', true), csrsi: csrWrite('csrrs', true), csrci: csrWrite('csrrc', true),
  rdcycle: csrRead(0xc00), rdtime: csrRead(0xc01), rdinstret: csrRead(0xc02),
  frcsr: csrRead(CSR_FCSR), frrm: csrRead(CSR_FRM), frflags: csrRead(CSR_FFLAGS),
  fscsr: csrSwap(CSR_FCSR, false), fsrm: csrSwap(CSR_FRM, false), fsflags: csrSwap(CSR_FFLAGS, false),
  fsrmi: csrSwap(CSR_FRM, true), fsflagsi: csrSwap(CSR_FFLAGS, true),
  'fmv.s': fp2('fsgnj.s'), 'fabs.s': fp2('fsgnjx.s'), 'fneg.s': fp2('fsgnjn.s'),
  'fmv.d': fp2('fsgnj.d'), 'fabs.d': fp2('fsgnjx.d'), 'fneg.d': fp2('fsgnjn.d'),
  unimp: (c, mn, ops) => {
    arity(mn, ops, 0);
    if (c.rvc) c.emitHalf(0); else c.emitWord(0xc0001073);
  },
  ebreak: (c, mn, ops) => { arity(mn, ops, 0); emit(c, 'ebreak', {}, 'ebreak'); },
  sbreak: (c, mn, ops) => { arity(mn, ops, 0); emit(c, 'ebreak', {}, 'ebreak'); },
  scall: (c, mn, ops) => { arity(mn, ops, 0); emit(c, 'ecall', {}, null); },
  'fence.tso': (c, mn, ops) => { arity(mn, ops, 0); c.emitWord(0x8330000f); },
};

// ---------------------------------------------------------------------------------
// Explicit compressed mnemonics
// ---------------------------------------------------------------------------------

function cCheck(ok: boolean, mn: Token, op: Operand | undefined, msg: string): void {
  if (ok) return;
  const [col, end] = op ? span(op, mn.end) : [mn.col, mn.end];
  throw new OperandError(`'${mn.text}': ${msg}`, col, end);
}

function cImm(c: InsnContext, op: Operand, mn: Token): number {
  return Number(BigInt.asIntN(32, constOperand(c, op, mn, 'the immediate')));
}

const cReg = (op: Operand, mn: Token, fp = false): number => {
  const r = fp ? freg(op) : xreg(op);
  cCheck(isCReg(r), mn, op, `register must be one of ${fp ? 'fs0, fs1, fa0-fa5 (f8-f15)' : 's0, s1, a0-a5 (x8-x15)'}`);
  return r;
};

type CSpec = (c: InsnContext, mn: Token, ops: Operand[]) => COps;

const cMem = (scale: number, max: number, sp: boolean, fp: boolean, store: boolean): CSpec => (c, mn, ops) => {
  arity(mn, ops, 2);
  const r = sp ? (fp ? freg(ops[0]) : xreg(ops[0])) : cReg(ops[0], mn, fp);
  const m = memOperand(ops[1], mn.end);
  const off = m.off ? cImm(c, m.off, mn) : 0;
  cCheck(sp ? m.base === 2 : isCReg(m.base), mn, ops[1], sp ? 'the base register must be sp' : 'the base register must be one of x8-x15');
  cCheck(off >= 0 && off <= max && off % scale === 0, mn, ops[1], `offset must be a multiple of ${scale} between 0 and ${max}`);
  if (sp && !store) cCheck(fp || r !== 0, mn, ops[0], 'the destination must not be x0');
  return store ? { rs1: m.base, rs2: r, imm: off } : { rd: r, rs1: m.base, imm: off };
};
const cCi = (rdWhy: (rd: number) => string | undefined, immWhy: (v: number) => string | undefined): CSpec => (c, mn, ops) => {
  arity(mn, ops, 2);
  const rd = xreg(ops[0]);
  const r = rdWhy(rd);
  cCheck(r === undefined, mn, ops[0], r ?? '');
  const v = cImm(c, ops[1], mn);
  const why = immWhy(v);
  cCheck(why === undefined, mn, ops[1], why ?? '');
  return { rd, imm: v };
};
const notX0 = (rd: number): string | undefined => (rd === 0 ? 'the destination must not be x0' : undefined);
const s6msg = (v: number): string | undefined => (fitsC6(v) ? undefined : 'immediate must be between -32 and 31');
const cCa: CSpec = (c, mn, ops) => { arity(mn, ops, 2); return { rd: cReg(ops[0], mn), rs2: cReg(ops[1], mn) }; };
const cShiftSpec = (full: boolean): CSpec => (c, mn, ops) => {
  arity(mn, ops, 2);
  const rd = full ? xreg(ops[0]) : cReg(ops[0], mn), v = cImm(c, ops[1], mn);
  cCheck(v > 0 && v < 64, mn, ops[1], 'shift amount must be between 1 and 63');
  return { rd, imm: v };
};

const C_SPECS: Record<string, CSpec> = {
  'c.addi4spn': (c, mn, ops) => {
    arity(mn, ops, 3);
    const rd = cReg(ops[0], mn);
    cCheck(xreg(ops[1]) === 2, mn, ops[1], 'the second operand must be sp');
    const v = cImm(c, ops[2], mn);
    cCheck(v > 0 && v < 1024 && v % 4 === 0, mn, ops[2], 'immediate must be a multiple of 4 between 4 and 1020');
    return { rd, imm: v };
  },
  'c.fld': cMem(8, 248, false, true, false), 'c.lw': cMem(4, 124, false, false, false), 'c.ld': cMem(8, 248, false, false, false),
  'c.fsd': cMem(8, 248, false, true, true), 'c.sw': cMem(4, 124, false, false, true), 'c.sd': cMem(8, 248, false, false, true),
  'c.fldsp': cMem(8, 504, true, true, false), 'c.lwsp': cMem(4, 252, true, false, false), 'c.ldsp': cMem(8, 504, true, false, false),
  'c.fsdsp': cMem(8, 504, true, true, true), 'c.swsp': cMem(4, 252, true, false, true), 'c.sdsp': cMem(8, 504, true, false, true),
  'c.nop': (c, mn, ops) => { arity(mn, ops, 0); return {}; },
  'c.ebreak': (c, mn, ops) => { arity(mn, ops, 0); return {}; },
  'c.unimp': (c, mn, ops) => { arity(mn, ops, 0); return {}; },
  'c.addi': cCi(notX0, s6msg),
  'c.addiw': cCi(notX0, s6msg),
  'c.li': cCi(notX0, s6msg),
  'c.lui': cCi((rd) => (rd === 0 || rd === 2 ? 'the destination must not be x0 or sp' : undefined),
    (v) => ((v >= 1 && v <= 31) || (v >= 0xfffe0 && v <= 0xfffff) ? undefined : 'immediate must be 1-31 or 0xfffe0-0xfffff')),
  'c.addi16sp': (c, mn, ops) => {
    arity(mn, ops, 2);
    cCheck(xreg(ops[0]) === 2, mn, ops[0], 'the first operand must be sp');
    const v = cImm(c, ops[1], mn);
    cCheck(v !== 0 && v % 16 === 0 && v >= -512 && v <= 496, mn, ops[1], 'immediate must be a non-zero multiple of 16 between -512 and 496');
    return { imm: v };
  },
  'c.srli': cShiftSpec(false), 'c.srai': cShiftSpec(false), 'c.slli': cShiftSpec(true),
  'c.andi': (c, mn, ops) => { arity(mn, ops, 2); const rd = cReg(ops[0], mn), v = cImm(c, ops[1], mn); cCheck(fitsC6(v), mn, ops[1], 'immediate must be between -32 and 31'); return { rd, imm: v }; },
  'c.sub': cCa, 'c.xor': cCa, 'c.or': cCa, 'c.and': cCa, 'c.subw': cCa, 'c.addw': cCa,
  'c.jr': (c, mn, ops) => { arity(mn, ops, 1); const r = xreg(ops[0]); cCheck(r !== 0, mn, ops[0], 'register must not be x0'); return { rs1: r }; },
  'c.jalr': (c, mn, ops) => { arity(mn, ops, 1); const r = xreg(ops[0]); cCheck(r !== 0, mn, ops[0], 'register must not be x0'); return { rs1: r }; },
  'c.mv': (c, mn, ops) => {
    arity(mn, ops, 2);
    const rd = xreg(ops[0]), rs2 = xreg(ops[1]);
    cCheck(rd !== 0, mn, ops[0], 'the destination must not be x0');
    cCheck(rs2 !== 0, mn, ops[1], 'the source must not be x0');
    return { rd, rs2 };
  },
  'c.add': (c, mn, ops) => {
    arity(mn, ops, 2);
    const rd = xreg(ops[0]), rs2 = xreg(ops[1]);
    cCheck(rd !== 0, mn, ops[0], 'the destination must not be x0');
    cCheck(rs2 !== 0, mn, ops[1], 'the source must not be x0');
    return { rd, rs2 };
  },
};

function compressedMnemonic(c: InsnContext, mn: Token, ops: Operand[]): boolean {
  const name = mn.text;
  if (name === 'c.j') { arity(mn, ops, 1); jump(c, mn, ops[0], true); return true; }
  if (name === 'c.beqz' || name === 'c.bnez') {
    arity(mn, ops, 2);
    const r = cReg(ops[0], mn);
    const { e, tok } = branchTarget(ops[1], mn);
    c.emitBranch({ cond: true, funct3: name === 'c.beqz' ? 0 : 1, rs1: r, rs2: 0, rvc: true, target: e, tok });
    return true;
  }
  const spec = C_SPECS[name];
  if (!spec) return false;
  const ops2 = spec(c, mn, ops);
  if (name === 'c.lui') ops2.imm = (ops2.imm ?? 0) & 0x3f;
  c.emitHalf(encodeC({ name, ops: ops2 }));
  return true;
}

const AQRL: Record<string, [number, number]> = { '': [0, 0], '.aq': [1, 0], '.rl': [0, 1], '.aqrl': [1, 1] };

/** Assembles one instruction statement; returns false if the mnemonic is unknown. */
export function assembleInstruction(c: InsnContext, mn: Token, ops: Operand[]): boolean {
  const name = mn.text;
  const pseudo = PSEUDO[name];
  if (pseudo) { pseudo(c, mn, ops); return true; }
  if (name.startsWith('c.')) {
    if (!c.rvc) err(`'${name}' is a compressed instruction, but compressed instructions are off here (.option norvc)`, mn);
    return compressedMnemonic(c, mn, ops);
  }
  const def = insnByName(name);
  if (def) { generic(c, mn, def, ops); return true; }
  const m = /^((?:amo\w+|lr|sc)\.[wd])(\.aq|\.rl|\.aqrl)$/.exec(name);
  if (m) {
    const base = insnByName(m[1]);
    if (base) { generic(c, mn, base, ops, ...AQRL[m[2]]); return true; }
  }
  return false;
}

/** Every mnemonic the assembler accepts (for completion and tests). */
export function knownMnemonics(): string[] {
  return [...Object.keys(PSEUDO), ...Object.keys(C_SPECS), 'c.j', 'c.beqz', 'c.bnez'];
}
