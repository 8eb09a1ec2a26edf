/**
 * Bit-manipulation instruction descriptions, RV64 only: Zba (address generation), Zbb
 * (basic bit manipulation), Zbc (carry-less multiplication) and Zbs (single-bit
 * instructions). Unprivileged spec 20240411 ch. 28 "B Extension for Bit Manipulation,
 * Version 1.0.0": 28.4.1 Zba, 28.4.2 Zbb, 28.4.3 Zbc, 28.4.4 Zbs, and the per-instruction
 * pages of 28.5 (the same text as riscv-bitmanip v1.0.0).
 *
 * Semantics are `exec` templates over split 64-bit registers (docs/architecture.md); the
 * helpers below return the low word and leave the high word in `I64.hi` like int64.ts,
 * and allocate nothing. Every template reads all of its operands before it writes rd,
 * so rd == rs1/rs2 is safe.
 *
 * Subtle points (28.5):
 *  - The *.uw forms zero-extend the low 32 bits of rs1 before shifting/adding (add.uw,
 *    shNadd.uw, slli.uw); slli.uw takes a 6-bit shamt like slli.
 *  - The W forms (clzw, ctzw, cpopw, rolw, rorw, roriw) read only rs1[31:0] and
 *    sign-extend their 32-bit result; clzw/ctzw of 0 is 32, clz/ctz of 0 is 64.
 *  - Register shift amounts use rs2[5:0] (rs2[4:0] for rolw/rorw); bclr/bext/binv/bset
 *    take the bit index from rs2[5:0] (XLEN-1 mask).
 *  - zext.h on RV64 is the packw encoding with rs2 = x0 (0x0800403b, OP-32), rev8 is
 *    0x6b805013 (the RV64 form of grevi), orc.b is 0x28705013.
 *  - clmul gives bits 63:0, clmulh bits 127:64 and clmulr bits 126:63 of the 128-bit
 *    carry-less product of rs1 and rs2.
 *
 * `wasm` is each instruction's WebAssembly semantics (emulator/wasm/alu.ts); Zbc falls
 * back to the JavaScript tiers (ZBC_FALLBACK).
 */
import { InsnFlag, type InsnDef, type WasmImpl } from './types';
import { I64 } from './int64';
import { Op } from '../wasm/emitter';
import {
  andMask, bext as wBext, bit, orcB, pick as wPick, rev8, rr, rsh, shadd as wShadd, slliUw, unary, w32, w32sh, notRs2, xnor,
} from '../wasm/alu';

// ---------------------------------------------------------------------------------
// Helpers bound into generated code (zbLib)
// ---------------------------------------------------------------------------------

/** Number of trailing zeros of a 32-bit word (32 for 0). */
function ctz32(x: number): number {
  return x === 0 ? 32 : 31 - Math.clz32(x & -x);
}

/** Number of set bits of a 32-bit word. */
function pop32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** orc.b on one word: each byte becomes 0xff if it is non-zero, else 0x00. */
function orc32(x: number): number {
  return ((x & 0xff ? 0xff : 0) | (x & 0xff00 ? 0xff00 : 0) | (x & 0xff0000 ? 0xff0000 : 0) |
    (x & 0xff000000 ? 0xff000000 : 0)) | 0;
}

/** Byte reversal of one word. */
function rev32(x: number): number {
  return ((x << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)) | 0;
}

// Carry-less product of two words: low word returned in cLo, high word in cHi.
let cLo = 0;
let cHi = 0;
function clmul32(a: number, b: number): void {
  let lo = 0, hi = 0;
  for (let i = 0; i < 32; i++) {
    if (((b >>> i) & 1) !== 0) {
      lo ^= a << i;
      if (i !== 0) hi ^= a >>> (32 - i);
    }
  }
  cLo = lo | 0;
  cHi = hi | 0;
}

/**
 * Carry-less multiplication of (al, ah) by (bl, bh) (28.5 clmul/clmulh/clmulr).
 * part 0: bits 63:0 (clmul), 1: bits 127:64 (clmulh), 2: bits 126:63 (clmulr).
 * Returns the low word of the selected 64 bits, the high word in I64.hi.
 */
function clmul(al: number, ah: number, bl: number, bh: number, part: number): number {
  // 128-bit product as words w0..w3 from the four 32x32 partial products.
  clmul32(al, bl);
  const w0 = cLo;
  let w1 = cHi;
  clmul32(al, bh);
  w1 ^= cLo;
  let w2 = cHi;
  clmul32(ah, bl);
  w1 ^= cLo;
  w2 ^= cHi;
  clmul32(ah, bh);
  w2 ^= cLo;
  const w3 = cHi;
  if (part === 0) { I64.hi = w1 | 0; return w0 | 0; }
  if (part === 1) { I64.hi = w3 | 0; return w2 | 0; }
  I64.hi = ((w2 >>> 31) | (w3 << 1)) | 0;
  return ((w1 >>> 31) | (w2 << 1)) | 0;
}

/** Names bound by the block compiler for the templates below. */
export const zbLib = { I64, zbCtz32: ctz32, zbPop32: pop32, zbOrc32: orc32, zbRev32: rev32, zbClmul: clmul };

// ---------------------------------------------------------------------------------
// Template builders
// ---------------------------------------------------------------------------------

const OP = 0x33, OP32 = 0x3b, OPIMM = 0x13, OPIMM32 = 0x1b;
const MASK_R = 0xfe00707f;     // funct7 | funct3 | opcode
const MASK_SH6 = 0xfc00707f;   // funct6 | funct3 | opcode (6-bit shamt)
const MASK_UNARY = 0xfff0707f; // funct12 | funct3 | opcode

const def = (name: string, ext: string, match: number, mask: number, fmt: InsnDef['fmt'], exec: string, wasm: WasmImpl): InsnDef =>
  ({ name, ext, match, mask, fmt, flags: InsnFlag.None, exec, wasm });
const R = (name: string, ext: string, f7: number, f3: number, exec: string, wasm: WasmImpl, op = OP): InsnDef =>
  def(name, ext, (f7 << 25) | (f3 << 12) | op, MASK_R, 'R', exec, wasm);
/** Unary (rd, rs1): the rs2 field is part of the opcode (funct12 = f12). */
const U = (name: string, f12: number, f3: number, exec: string, wasm: WasmImpl, op = OPIMM): InsnDef =>
  def(name, 'Zbb', (f12 << 20) | (f3 << 12) | op, MASK_UNARY, 'R1', exec, wasm);
const SH = (name: string, ext: string, f6: number, f3: number, exec: string, wasm: WasmImpl, op = OPIMM): InsnDef =>
  def(name, ext, (f6 << 26) | (f3 << 12) | op, MASK_SH6, 'SH', exec, wasm);
const SHW = (name: string, ext: string, f7: number, f3: number, exec: string, wasm: WasmImpl): InsnDef =>
  def(name, ext, (f7 << 25) | (f3 << 12) | OPIMM32, MASK_R, 'SHW', exec, wasm);

/** Why Zbc stays in the JavaScript tiers. */
const ZBC_FALLBACK = { fallback: 'carry-less multiply: rare, JS helper (zbClmul)' };

/** Write a 32-bit result sign-extended into rd. */
const setW = (expr: string): string => `{ const r = ${expr}; xl[$rd] = r; xh[$rd] = r >> 31; }`;
/** Write a non-negative small count into rd. */
const setN = (expr: string): string => `{ const r = ${expr}; xl[$rd] = r; xh[$rd] = 0; }`;

/** rd = rs2 + (rs1 << n), rs1 zero-extended from 32 bits when uw (add.uw, shNadd[.uw]). */
function shadd(n: number, uw: boolean): string {
  const hiPart = uw ? (n === 0 ? '0' : `a >>> ${32 - n}`) : `(xh[$rs1] << ${n}) | (a >>> ${32 - n})`;
  return `{ const a = xl[$rs1], al = a << ${n}, ah = ${hiPart}, b = xl[$rs2], r = (al + b) | 0;
     xh[$rd] = (ah + xh[$rs2] + ((r >>> 0) < (b >>> 0) ? 1 : 0)) | 0; xl[$rd] = r; }`;
}

/** 64-bit rotate right of rs1 by the amount expression s (0..63). */
const ROR = (s: string): string =>
  `{ let s = ${s}, l = xl[$rs1], hh = xh[$rs1];
     if (s >= 32) { const t = l; l = hh; hh = t; s -= 32; }
     if (s !== 0) { const t = l; l = (l >>> s) | (hh << (32 - s)); hh = (hh >>> s) | (t << (32 - s)); }
     xl[$rd] = l; xh[$rd] = hh; }`;

/** Signed / unsigned 64-bit rs1 < rs2. */
const LT = '(xh[$rs1] < xh[$rs2] || (xh[$rs1] === xh[$rs2] && (xl[$rs1] >>> 0) < (xl[$rs2] >>> 0)))';
const LTU = '((xh[$rs1] >>> 0) < (xh[$rs2] >>> 0) || (xh[$rs1] === xh[$rs2] && (xl[$rs1] >>> 0) < (xl[$rs2] >>> 0)))';
/** rd = cond ? rs1 : rs2. */
const pick = (cond: string): string =>
  `{ const c = ${cond}, l = c ? xl[$rs1] : xl[$rs2], hh = c ? xh[$rs1] : xh[$rs2]; xl[$rd] = l; xh[$rd] = hh; }`;

/** Single-bit operation on rs1 at index s (0..63): `op` is '&~', '|' or '^'. */
function bitOp(s: string, op: '&~' | '|' | '^'): string {
  const apply = (w: string, bit: string): string => (op === '&~' ? `${w} & ~(${bit})` : `${w} ${op} (${bit})`);
  return `{ const s = ${s};
     if (s < 32) { xl[$rd] = ${apply('xl[$rs1]', '1 << s')}; xh[$rd] = xh[$rs1]; }
     else { xh[$rd] = ${apply('xh[$rs1]', '1 << (s - 32)')}; xl[$rd] = xl[$rs1]; } }`;
}
const bext = (s: string): string =>
  `{ const s = ${s}; const r = (s < 32 ? xl[$rs1] >>> s : xh[$rs1] >>> (s - 32)) & 1; xl[$rd] = r; xh[$rd] = 0; }`;

const clmulT = (part: number): string =>
  `xl[$rd] = zbClmul(xl[$rs1], xh[$rs1], xl[$rs2], xh[$rs2], ${part}); xh[$rd] = I64.hi;`;

const RS2_63 = 'xl[$rs2] & 63';

// ---------------------------------------------------------------------------------
// Descriptions
// ---------------------------------------------------------------------------------

/** Zba (28.4.1). */
export const zba: InsnDef[] = [
  R('add.uw', 'Zba', 0x04, 0, shadd(0, true), wShadd(0, true), OP32),
  R('sh1add', 'Zba', 0x10, 2, shadd(1, false), wShadd(1, false)),
  R('sh2add', 'Zba', 0x10, 4, shadd(2, false), wShadd(2, false)),
  R('sh3add', 'Zba', 0x10, 6, shadd(3, false), wShadd(3, false)),
  R('sh1add.uw', 'Zba', 0x10, 2, shadd(1, true), wShadd(1, true), OP32),
  R('sh2add.uw', 'Zba', 0x10, 4, shadd(2, true), wShadd(2, true), OP32),
  R('sh3add.uw', 'Zba', 0x10, 6, shadd(3, true), wShadd(3, true), OP32),
  // slli.uw: zext32(rs1) << shamt, shamt 6 bits (funct6 000010).
  SH('slli.uw', 'Zba', 0x02, 1,
    `{ const s = $shamt, a = xl[$rs1];
       if (s === 0) { xl[$rd] = a; xh[$rd] = 0; }
       else if (s < 32) { xh[$rd] = a >>> (32 - s) | 0; xl[$rd] = a << s; }
       else { xh[$rd] = a << (s - 32); xl[$rd] = 0; } }`, slliUw, OPIMM32),
];

/** Zbb (28.4.2). */
export const zbb: InsnDef[] = [
  R('andn', 'Zbb', 0x20, 7, 'xl[$rd] = xl[$rs1] & ~xl[$rs2]; xh[$rd] = xh[$rs1] & ~xh[$rs2];', notRs2(Op.i64_and)),
  R('orn', 'Zbb', 0x20, 6, 'xl[$rd] = xl[$rs1] | ~xl[$rs2]; xh[$rd] = xh[$rs1] | ~xh[$rs2];', notRs2(Op.i64_or)),
  R('xnor', 'Zbb', 0x20, 4, 'xl[$rd] = ~(xl[$rs1] ^ xl[$rs2]); xh[$rd] = ~(xh[$rs1] ^ xh[$rs2]);', xnor),
  U('clz', 0x600, 1, setN('xh[$rs1] !== 0 ? Math.clz32(xh[$rs1]) : 32 + Math.clz32(xl[$rs1])'), unary(Op.i64_clz)),
  U('ctz', 0x601, 1, setN('xl[$rs1] !== 0 ? zbCtz32(xl[$rs1]) : 32 + zbCtz32(xh[$rs1])'), unary(Op.i64_ctz)),
  U('cpop', 0x602, 1, setN('zbPop32(xl[$rs1]) + zbPop32(xh[$rs1])'), unary(Op.i64_popcnt)),
  U('clzw', 0x600, 1, setN('Math.clz32(xl[$rs1])'), unary(Op.i32_wrap_i64, Op.i32_clz, Op.i64_extend_i32_u), OPIMM32),
  U('ctzw', 0x601, 1, setN('zbCtz32(xl[$rs1])'), unary(Op.i32_wrap_i64, Op.i32_ctz, Op.i64_extend_i32_u), OPIMM32),
  U('cpopw', 0x602, 1, setN('zbPop32(xl[$rs1])'), unary(Op.i32_wrap_i64, Op.i32_popcnt, Op.i64_extend_i32_u), OPIMM32),
  R('max', 'Zbb', 0x05, 6, pick(`!${LT}`), wPick(Op.i64_gt_s)),
  R('maxu', 'Zbb', 0x05, 7, pick(`!${LTU}`), wPick(Op.i64_gt_u)),
  R('min', 'Zbb', 0x05, 4, pick(LT), wPick(Op.i64_lt_s)),
  R('minu', 'Zbb', 0x05, 5, pick(LTU), wPick(Op.i64_lt_u)),
  U('sext.b', 0x604, 1, setW('(xl[$rs1] << 24) >> 24'), unary(Op.i64_extend8_s)),
  U('sext.h', 0x605, 1, setW('(xl[$rs1] << 16) >> 16'), unary(Op.i64_extend16_s)),
  // zext.h (RV64): packw rd, rs1, x0.
  U('zext.h', 0x080, 4, setN('xl[$rs1] & 65535'), andMask(0xffff), OP32),
  R('rol', 'Zbb', 0x30, 1, ROR(`(64 - (${RS2_63})) & 63`), rr(Op.i64_rotl)),
  R('ror', 'Zbb', 0x30, 5, ROR(RS2_63), rr(Op.i64_rotr)),
  // The W rotates: JS shift counts are taken mod 32, so s = 0 needs no special case.
  R('rolw', 'Zbb', 0x30, 1, '{ const a = xl[$rs1], s = xl[$rs2] & 31, r = (a << s) | (a >>> (32 - s)); xl[$rd] = r; xh[$rd] = r >> 31; }', w32(Op.i32_rotl), OP32),
  R('rorw', 'Zbb', 0x30, 5, '{ const a = xl[$rs1], s = xl[$rs2] & 31, r = (a >>> s) | (a << (32 - s)); xl[$rd] = r; xh[$rd] = r >> 31; }', w32(Op.i32_rotr), OP32),
  SH('rori', 'Zbb', 0x18, 5, ROR('$shamt'), rsh(Op.i64_rotr)),
  SHW('roriw', 'Zbb', 0x30, 5, '{ const a = xl[$rs1], s = $shamt, r = (a >>> s) | (a << (32 - s)); xl[$rd] = r; xh[$rd] = r >> 31; }', w32sh(Op.i32_rotr)),
  U('orc.b', 0x287, 5, 'xl[$rd] = zbOrc32(xl[$rs1]); xh[$rd] = zbOrc32(xh[$rs1]);', orcB),
  U('rev8', 0x6b8, 5, '{ const l = xl[$rs1]; xl[$rd] = zbRev32(xh[$rs1]); xh[$rd] = zbRev32(l); }', rev8),
];

/** Zbc (28.4.3). */
export const zbc: InsnDef[] = [
  R('clmul', 'Zbc', 0x05, 1, clmulT(0), ZBC_FALLBACK),
  R('clmulh', 'Zbc', 0x05, 3, clmulT(1), ZBC_FALLBACK),
  R('clmulr', 'Zbc', 0x05, 2, clmulT(2), ZBC_FALLBACK),
];

/** Zbs (28.4.4). */
export const zbs: InsnDef[] = [
  R('bclr', 'Zbs', 0x24, 1, bitOp(RS2_63, '&~'), bit(Op.i64_and, false)),
  SH('bclri', 'Zbs', 0x12, 1, bitOp('$shamt', '&~'), bit(Op.i64_and, true)),
  R('bext', 'Zbs', 0x24, 5, bext(RS2_63), wBext(false)),
  SH('bexti', 'Zbs', 0x12, 5, bext('$shamt'), wBext(true)),
  R('binv', 'Zbs', 0x34, 1, bitOp(RS2_63, '^'), bit(Op.i64_xor, false)),
  SH('binvi', 'Zbs', 0x1a, 1, bitOp('$shamt', '^'), bit(Op.i64_xor, true)),
  R('bset', 'Zbs', 0x14, 1, bitOp(RS2_63, '|'), bit(Op.i64_or, false)),
  SH('bseti', 'Zbs', 0x0a, 1, bitOp('$shamt', '|'), bit(Op.i64_or, true)),
];

export const zb: InsnDef[] = [...zba, ...zbb, ...zbc, ...zbs];
