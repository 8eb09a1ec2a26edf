/**
 * Operand syntax of RISC-V assembly (unprivileged spec 20191213 ch. 25 "RISC-V Assembly
 * Programmer's Handbook"): register names (xN, fN and ABI names, table 25.1), CSR names,
 * rounding modes (table 11.1), fence sets, `imm(reg)` memory operands and relocation
 * functions. Operands arrive as token lists already split at top-level commas.
 */
import { Tk, type Token } from './lexer';
import { ExprParser, type Expr } from './expr';
import { xNames, fNames, csrName, csrNumber } from '../isa/disasm';

export class OperandError extends Error {
  constructor(message: string, readonly col: number, readonly end: number) { super(message); }
}

export type Operand = Token[];

const X_REGS = new Map<string, number>();
const F_REGS = new Map<string, number>();
for (let i = 0; i < 32; i++) {
  X_REGS.set(`x${i}`, i); X_REGS.set(xNames[i], i);
  F_REGS.set(`f${i}`, i); F_REGS.set(fNames[i], i);
}
X_REGS.set('fp', 8);

export const ROUNDING = ['rne', 'rtz', 'rdn', 'rup', 'rmm', '', '', 'dyn'];

export const isXReg = (name: string): boolean => X_REGS.has(name);
export const isFReg = (name: string): boolean => F_REGS.has(name);

/** Span of an operand for diagnostics. */
export function span(op: Operand, fallbackCol: number): [number, number] {
  if (op.length === 0) return [fallbackCol, fallbackCol + 1];
  return [op[0].col, op[op.length - 1].end];
}

function fail(op: Operand, msg: string, col = 1): never {
  const [c, e] = span(op, col);
  throw new OperandError(msg, c, e);
}

function describe(op: Operand): string {
  return op.map((t) => t.text).join('');
}

/** An integer register operand. */
export function xreg(op: Operand): number {
  if (op.length === 1 && op[0].k === Tk.Ident) {
    const r = X_REGS.get(op[0].text);
    if (r !== undefined) return r;
    if (F_REGS.has(op[0].text)) fail(op, `'${op[0].text}' is a floating-point register; this operand needs an integer register (x0-x31)`);
  }
  return fail(op, `expected an integer register (x0-x31 or an ABI name like a0), found '${describe(op)}'`);
}

/** A floating-point register operand. */
export function freg(op: Operand): number {
  if (op.length === 1 && op[0].k === Tk.Ident) {
    const r = F_REGS.get(op[0].text);
    if (r !== undefined) return r;
    if (X_REGS.has(op[0].text)) fail(op, `'${op[0].text}' is an integer register; this operand needs a floating-point register (f0-f31)`);
  }
  return fail(op, `expected a floating-point register (f0-f31 or an ABI name like fa0), found '${describe(op)}'`);
}

/** Parses a whole operand as an expression. */
export function expr(op: Operand, col: number): Expr {
  if (op.length === 0) fail(op, 'missing operand', col);
  const p = new ExprParser(op, 0, op[op.length - 1].end);
  const e = p.parse();
  if (p.pos < op.length) {
    const t = op[p.pos];
    throw new OperandError(`unexpected '${t.text}' in operand '${describe(op)}'`, t.col, t.end);
  }
  return e;
}

/** A relocation function applied to a whole operand: %hi(expr) etc. */
export interface RelocOperand { fn: string; e: Expr; tok: Token }

const RELOC_FNS = new Set(['%hi', '%lo', '%pcrel_hi', '%pcrel_lo']);

/** Splits `%fn(expr)` off the front of an operand; returns the rest (e.g. "(a0)" of a memory operand). */
export function relocPrefix(op: Operand): { r?: RelocOperand; rest: Operand } {
  if (op.length === 0 || op[0].k !== Tk.Reloc) return { rest: op };
  const t = op[0];
  if (!RELOC_FNS.has(t.text)) {
    throw new OperandError(`unsupported relocation function '${t.text}' (use %hi, %lo, %pcrel_hi or %pcrel_lo)`, t.col, t.end);
  }
  if (op[1]?.text !== '(') throw new OperandError(`'${t.text}' must be followed by '(' expression ')'`, t.col, t.end);
  let depth = 0, i = 1;
  for (; i < op.length; i++) {
    if (op[i].text === '(') depth++;
    else if (op[i].text === ')' && --depth === 0) break;
  }
  if (i >= op.length) throw new OperandError(`missing ')' after '${t.text}('`, t.col, op[op.length - 1].end);
  const inner = op.slice(2, i);
  return { r: { fn: t.text, e: expr(inner, op[1].end), tok: t }, rest: op.slice(i + 1) };
}

/** A memory operand `offset(reg)`, `(reg)` or `%lo(sym)(reg)`; offset undefined when omitted. */
export function memOperand(op: Operand, col: number): { off?: Operand; reloc?: RelocOperand; base: number } {
  const { r, rest } = relocPrefix(op);
  if (rest.length < 3 || rest[rest.length - 1].text !== ')') {
    fail(op, `expected a memory operand like 8(sp), found '${describe(op)}'`, col);
  }
  const open = rest.length - 3;
  if (rest[open].text !== '(') fail(op, `expected a memory operand like 8(sp), found '${describe(op)}'`, col);
  const base = xreg([rest[open + 1]]);
  const off = rest.slice(0, open);
  if (r && off.length) fail(op, `unexpected '${describe(off)}' after '${r.tok.text}(...)'`, col);
  return { off: off.length ? off : undefined, reloc: r, base };
}

/** True if the operand looks like a memory operand (ends with "(reg)"). */
export function looksLikeMem(op: Operand): boolean {
  const n = op.length;
  return n >= 3 && op[n - 1].text === ')' && op[n - 3].text === '(' && op[n - 2].k === Tk.Ident && (isXReg(op[n - 2].text) || !isFReg(op[n - 2].text));
}

/** A CSR operand: a name or a number 0..4095. */
export function csrOperand(op: Operand, constant: (e: Expr) => bigint | undefined, col: number): number {
  if (op.length === 1 && op[0].k === Tk.Ident) {
    const n = csrNumber(op[0].text);
    if (n !== undefined) return n;
  }
  const v = constant(expr(op, col));
  if (v === undefined) {
    const name = describe(op);
    const near = op.length === 1 && op[0].k === Tk.Ident ? nearestCsr(name) : undefined;
    fail(op, `unknown CSR '${name}': expected a CSR name like mstatus or a number 0 to 4095${near ? ` (did you mean '${near}'?)` : ''}`, col);
  }
  if (v < 0n || v > 4095n) fail(op, `CSR number ${v} is out of range: CSR numbers are 0 to 4095 (0xfff)`, col);
  return Number(v);
}

let csrNames: string[] | undefined;

/** The CSR name closest to a misspelt one (one edit away), if any. */
function nearestCsr(name: string): string | undefined {
  csrNames ??= Array.from({ length: 4096 }, (_, i) => csrName(i)).filter((n) => !n.startsWith('0x'));
  if (/\d/.test(name)) return undefined; // pmpaddr64 is not a typo of pmpaddr14
  return csrNames.find((n) => n.length === name.length && [...n].filter((ch, i) => ch !== name[i]).length === 1) ??
    csrNames.find((n) => Math.abs(n.length - name.length) === 1 && oneInsertion(n.length > name.length ? n : name, n.length > name.length ? name : n));
}

/** True if deleting one character of `long` gives `short`. */
function oneInsertion(long: string, short: string): boolean {
  for (let i = 0; i < long.length; i++) if (long.slice(0, i) + long.slice(i + 1) === short) return true;
  return false;
}

/** A rounding-mode operand. */
export function roundingMode(op: Operand, col: number): number {
  const i = op.length === 1 ? ROUNDING.indexOf(op[0].text) : -1;
  if (i < 0 || op[0].text === '') fail(op, `expected a rounding mode (rne, rtz, rdn, rup, rmm or dyn), found '${describe(op)}'`, col);
  return i;
}

/** A fence predecessor/successor set: letters of "iorw" in that order. */
export function fenceSet(op: Operand, col: number): number {
  const s = op.length === 1 ? op[0].text : '';
  if (!/^i?o?r?w?$/.test(s) || s === '') fail(op, `expected a fence set made of the letters i, o, r, w in that order (like rw or iorw), found '${describe(op)}'`, col);
  return (s.includes('i') ? 8 : 0) | (s.includes('o') ? 4 : 0) | (s.includes('r') ? 2 : 0) | (s.includes('w') ? 1 : 0);
}

/** Splits an operand token list at top-level commas. */
export function splitOperands(toks: Token[]): Operand[] {
  if (toks.length === 0) return [];
  const out: Operand[] = [[]];
  let depth = 0;
  for (const t of toks) {
    if (t.k === Tk.Punct && t.text === '(') depth++;
    else if (t.k === Tk.Punct && t.text === ')') depth--;
    if (t.k === Tk.Punct && t.text === ',' && depth === 0) out.push([]);
    else out[out.length - 1].push(t);
  }
  return out;
}
