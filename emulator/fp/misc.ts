/**
 * Non-arithmetic F/D instructions (RISC-V unprivileged spec, "F" and "D" chapters):
 *  - fsgnj/fsgnjn/fsgnjx (pure bit operations, no NaN canonicalisation; a badly
 *    NaN-boxed single operand reads as the canonical NaN);
 *  - fmin/fmax: IEEE 754-2008 minNum/maxNum as amended by spec 2.2+ (-0 < +0, one NaN
 *    operand yields the other, two NaNs the canonical NaN, sNaN raises NV);
 *  - feq (quiet, NV only for sNaN) and flt/fle (signalling, NV for any NaN);
 *  - fclass (10-bit mask, table "Format of result of FCLASS instruction");
 *  - fmv.x.w/fmv.w.x/fmv.x.d/fmv.d.x and flw/fsw/fld/fsd (flw NaN-boxes, fsw stores the
 *    low 32 bits raw).
 */
import { FpHart, NV, CANON_NAN_S, CANON_NAN_D_HI } from './fpHart';
import { bitsS, isSNaNBits, readS } from './arithS';
import { isSNaND } from './arithD';

/** Writes raw single bits, NaN-boxed. */
function boxS(h: FpHart, d: number, bits: number): void {
  h.f[2 * d] = bits;
  h.f[2 * d + 1] = -1;
}

/** fsgnj.s / fsgnjn.s / fsgnjx.s, selected by kind 0 / 1 / 2 (the funct3 value). */
export function fSgnjS(h: FpHart, d: number, a: number, b: number, kind: number): void {
  const f = h.f;
  const x = bitsS(f, a);
  const y = bitsS(f, b);
  let s: number;
  if (kind === 0) s = y & 0x80000000;
  else if (kind === 1) s = ~y & 0x80000000;
  else s = (x ^ y) & 0x80000000;
  boxS(h, d, (x & 0x7fffffff) | s);
}

/** fsgnj.d / fsgnjn.d / fsgnjx.d, selected by kind 0 / 1 / 2. */
export function fSgnjD(h: FpHart, d: number, a: number, b: number, kind: number): void {
  const f = h.f;
  const x = f[2 * a + 1];
  const y = f[2 * b + 1];
  let s: number;
  if (kind === 0) s = y & 0x80000000;
  else if (kind === 1) s = ~y & 0x80000000;
  else s = (x ^ y) & 0x80000000;
  f[2 * d] = f[2 * a];
  f[2 * d + 1] = (x & 0x7fffffff) | s;
}

/** fmin.s (isMax = 0) / fmax.s (isMax = 1). */
export function fMinMaxS(h: FpHart, d: number, a: number, b: number, isMax: number): void {
  const f = h.f;
  const x = readS(h, a);
  const y = readS(h, b);
  let bits: number;
  if (x !== x || y !== y) {
    const bx = bitsS(f, a);
    const by = bitsS(f, b);
    if (isSNaNBits(bx) || isSNaNBits(by)) h.fflags |= NV;
    bits = x !== x ? (y !== y ? CANON_NAN_S : by) : bx;
  } else {
    const bx = f[2 * a];
    const by = f[2 * b];
    if (x === y) bits = isMax ? bx & by : bx | by; // equal: only +-0 differ (sign bit)
    else bits = (x < y) !== (isMax !== 0) ? bx : by;
  }
  boxS(h, d, bits);
}

/** fmin.d (isMax = 0) / fmax.d (isMax = 1). */
export function fMinMaxD(h: FpHart, d: number, a: number, b: number, isMax: number): void {
  const f = h.f;
  const x = h.fd[a];
  const y = h.fd[b];
  let src: number;
  if (x !== x || y !== y) {
    if (isSNaND(f, a) || isSNaND(f, b)) h.fflags |= NV;
    if (x !== x && y !== y) {
      f[2 * d] = 0;
      f[2 * d + 1] = CANON_NAN_D_HI;
      return;
    }
    src = x !== x ? b : a;
  } else if (x === y) {
    // Equal values: identical bits, or +0 and -0.
    const hx = f[2 * a + 1];
    const hy = f[2 * b + 1];
    const lo = f[2 * a];
    f[2 * d + 1] = isMax ? hx & hy : hx | hy;
    f[2 * d] = lo;
    return;
  } else {
    src = (x < y) !== (isMax !== 0) ? a : b;
  }
  f[2 * d] = f[2 * src];
  f[2 * d + 1] = f[2 * src + 1];
}

/** feq.s / flt.s / fle.s selected by kind 2 / 1 / 0 (the funct3 value); writes rd. */
export function fCmpS(h: FpHart, rd: number, a: number, b: number, kind: number): void {
  const x = readS(h, a);
  const y = readS(h, b);
  let r: boolean;
  if (x !== x || y !== y) {
    const f = h.f;
    if (kind !== 2 || isSNaNBits(bitsS(f, a)) || isSNaNBits(bitsS(f, b))) h.fflags |= NV;
    r = false;
  } else {
    r = kind === 2 ? x === y : kind === 1 ? x < y : x <= y;
  }
  h.xl[rd] = r ? 1 : 0;
  h.xh[rd] = 0;
}

/** feq.d / flt.d / fle.d selected by kind 2 / 1 / 0; writes rd. */
export function fCmpD(h: FpHart, rd: number, a: number, b: number, kind: number): void {
  const x = h.fd[a];
  const y = h.fd[b];
  let r: boolean;
  if (x !== x || y !== y) {
    const f = h.f;
    if (kind !== 2 || isSNaND(f, a) || isSNaND(f, b)) h.fflags |= NV;
    r = false;
  } else {
    r = kind === 2 ? x === y : kind === 1 ? x < y : x <= y;
  }
  h.xl[rd] = r ? 1 : 0;
  h.xh[rd] = 0;
}

/** FCLASS mask from sign, biased-exponent class and fraction information. */
function classMask(neg: boolean, expAllOnes: boolean, expZero: boolean, fracZero: boolean, quiet: boolean): number {
  if (expAllOnes) {
    if (fracZero) return neg ? 1 << 0 : 1 << 7;
    return quiet ? 1 << 9 : 1 << 8;
  }
  if (expZero) {
    if (fracZero) return neg ? 1 << 3 : 1 << 4;
    return neg ? 1 << 2 : 1 << 5;
  }
  return neg ? 1 << 1 : 1 << 6;
}

/** fclass.s */
export function fClassS(h: FpHart, rd: number, a: number): void {
  const b = bitsS(h.f, a);
  const e = b & 0x7f800000;
  h.xl[rd] = classMask(b < 0, e === 0x7f800000, e === 0, (b & 0x7fffff) === 0, (b & 0x400000) !== 0);
  h.xh[rd] = 0;
}

/** fclass.d */
export function fClassD(h: FpHart, rd: number, a: number): void {
  const hi = h.f[2 * a + 1];
  const lo = h.f[2 * a];
  const e = hi & 0x7ff00000;
  h.xl[rd] = classMask(hi < 0, e === 0x7ff00000, e === 0, ((hi & 0xfffff) | lo) === 0, (hi & 0x80000) !== 0);
  h.xh[rd] = 0;
}

/** fmv.x.w: low 32 bits of the FP register, sign-extended (no unboxing). */
export function fMvXW(h: FpHart, rd: number, a: number): void {
  const v = h.f[2 * a];
  h.xl[rd] = v;
  h.xh[rd] = v >> 31;
}

/** fmv.w.x: low 32 bits of the integer register, NaN-boxed. */
export function fMvWX(h: FpHart, d: number, rs1: number): void {
  boxS(h, d, h.xl[rs1]);
}

/** fmv.x.d */
export function fMvXD(h: FpHart, rd: number, a: number): void {
  h.xl[rd] = h.f[2 * a];
  h.xh[rd] = h.f[2 * a + 1];
}

/** fmv.d.x */
export function fMvDX(h: FpHart, d: number, rs1: number): void {
  h.f[2 * d] = h.xl[rs1];
  h.f[2 * d + 1] = h.xh[rs1];
}
