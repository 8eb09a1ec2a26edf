/**
 * F/D conversions (RISC-V unprivileged spec, "F" chapter "Single-Precision
 * Floating-Point Conversion and Move Instructions" and "D" chapter "Double-Precision
 * Floating-Point Conversion and Move Instructions"; IEEE 754-2008 5.4.1, 5.8, 7.2):
 *  - fcvt.{w,wu,l,lu}.{s,d}: rounded per rm; out-of-range and NaN inputs saturate and
 *    raise NV (spec table "Domains of float-to-integer conversions"), in-range inexact
 *    results raise NX; 32-bit results are sign-extended into the 64-bit register;
 *  - fcvt.{s,d}.{w,wu,l,lu}: 64-bit sources are rounded exactly in every mode (the JS
 *    sum hi*2^32 + lo is the RNE result; 2Sum supplies the error for the other modes);
 *  - fcvt.s.d (rounded, NaN -> canonical) and fcvt.d.s (exact, sNaN -> NV).
 */
import { FpHart, NX, NV, RNE, resolveRm, CANON_NAN_D_HI } from './fpHart';
import { twoSumErr, roundDirD, rndInt, lastInexact, fpArgs, roundToS } from './round';
import { readS, bitsS, isSNaNBits, putS } from './arithS';
import { isSNaND, putD } from './arithD';

const TWO32 = 4294967296;
const TWO63 = 9223372036854775808;
const TWO64 = 18446744073709551616;

/** Integer conversion kinds. */
const W = 0;
const WU = 1;
const L = 2;
const LU = 3;

/** Rounds v = fpArgs[0] (NaN allowed) to the integer kind and writes integer register rd. */
function toInt(h: FpHart, rd: number, rm: number, kind: number): void {
  const v = fpArgs[0];
  const xl = h.xl;
  const xh = h.xh;
  let n = NaN;
  let inexact = false;
  if (v - v === 0) {
    n = rndInt(v, 0, rm);
    inexact = lastInexact();
  }
  let ok: boolean;
  switch (kind) {
    case W: ok = n >= -2147483648 && n <= 2147483647; break;
    case WU: ok = n >= 0 && n <= 4294967295; break;
    case L: ok = n >= -TWO63 && n < TWO63; break;
    default: ok = n >= 0 && n < TWO64; break;
  }
  if (!ok) {
    h.fflags |= NV;
    const neg = v < 0; // NaN saturates to the maximum
    switch (kind) {
      case W: xl[rd] = neg ? -2147483648 : 2147483647; xh[rd] = neg ? -1 : 0; break;
      case WU: xl[rd] = neg ? 0 : -1; xh[rd] = neg ? 0 : -1; break;
      case L: xl[rd] = neg ? 0 : -1; xh[rd] = neg ? -2147483648 : 2147483647; break;
      default: xl[rd] = neg ? 0 : -1; xh[rd] = neg ? 0 : -1; break;
    }
    return;
  }
  if (inexact) h.fflags |= NX;
  if (kind <= WU) {
    const lo = n | 0;
    xl[rd] = lo;
    xh[rd] = lo >> 31;
  } else {
    const hi = Math.floor(n / TWO32);
    xl[rd] = (n - hi * TWO32) | 0;
    xh[rd] = hi | 0;
  }
}

/** fcvt.w.s */
export function fCvtWS(h: FpHart, rd: number, a: number, rm: number, insn: number): void {
  rm = resolveRm(h, rm, insn);
  fpArgs[0] = h.fs[2 * a];
  if (h.f[2 * a + 1] !== -1) fpArgs[0] = NaN; // not NaN-boxed
  toInt(h, rd, rm, W);
}
/** fcvt.wu.s */
export function fCvtWUS(h: FpHart, rd: number, a: number, rm: number, insn: number): void {
  rm = resolveRm(h, rm, insn);
  fpArgs[0] = h.fs[2 * a];
  if (h.f[2 * a + 1] !== -1) fpArgs[0] = NaN; // not NaN-boxed
  toInt(h, rd, rm, WU);
}
/** fcvt.l.s */
export function fCvtLS(h: FpHart, rd: number, a: number, rm: number, insn: number): void {
  rm = resolveRm(h, rm, insn);
  fpArgs[0] = h.fs[2 * a];
  if (h.f[2 * a + 1] !== -1) fpArgs[0] = NaN; // not NaN-boxed
  toInt(h, rd, rm, L);
}
/** fcvt.lu.s */
export function fCvtLUS(h: FpHart, rd: number, a: number, rm: number, insn: number): void {
  rm = resolveRm(h, rm, insn);
  fpArgs[0] = h.fs[2 * a];
  if (h.f[2 * a + 1] !== -1) fpArgs[0] = NaN; // not NaN-boxed
  toInt(h, rd, rm, LU);
}
/** fcvt.w.d */
export function fCvtWD(h: FpHart, rd: number, a: number, rm: number, insn: number): void {
  rm = resolveRm(h, rm, insn);
  fpArgs[0] = h.fd[a];
  toInt(h, rd, rm, W);
}
/** fcvt.wu.d */
export function fCvtWUD(h: FpHart, rd: number, a: number, rm: number, insn: number): void {
  rm = resolveRm(h, rm, insn);
  fpArgs[0] = h.fd[a];
  toInt(h, rd, rm, WU);
}
/** fcvt.l.d */
export function fCvtLD(h: FpHart, rd: number, a: number, rm: number, insn: number): void {
  rm = resolveRm(h, rm, insn);
  fpArgs[0] = h.fd[a];
  toInt(h, rd, rm, L);
}
/** fcvt.lu.d */
export function fCvtLUD(h: FpHart, rd: number, a: number, rm: number, insn: number): void {
  rm = resolveRm(h, rm, insn);
  fpArgs[0] = h.fd[a];
  toInt(h, rd, rm, LU);
}

/** fcvt.s.w */
export function fCvtSW(h: FpHart, d: number, rs1: number, rm: number, insn: number): void {
  rm = resolveRm(h, rm, insn);
  fpArgs[0] = h.xl[rs1];
  fpArgs[1] = 0;
  roundToS(h, d, rm);
}
/** fcvt.s.wu */
export function fCvtSWU(h: FpHart, d: number, rs1: number, rm: number, insn: number): void {
  rm = resolveRm(h, rm, insn);
  fpArgs[0] = h.xl[rs1] >>> 0;
  fpArgs[1] = 0;
  roundToS(h, d, rm);
}
/** fcvt.s.l */
export function fCvtSL(h: FpHart, d: number, rs1: number, rm: number, insn: number): void {
  rm = resolveRm(h, rm, insn);
  const hi = h.xh[rs1] * TWO32;
  const lo = h.xl[rs1] >>> 0;
  const r = hi + lo;
  fpArgs[0] = r;
  fpArgs[1] = twoSumErr(hi, lo, r);
  roundToS(h, d, rm);
}
/** fcvt.s.lu */
export function fCvtSLU(h: FpHart, d: number, rs1: number, rm: number, insn: number): void {
  rm = resolveRm(h, rm, insn);
  const hi = (h.xh[rs1] >>> 0) * TWO32;
  const lo = h.xl[rs1] >>> 0;
  const r = hi + lo;
  fpArgs[0] = r;
  fpArgs[1] = twoSumErr(hi, lo, r);
  roundToS(h, d, rm);
}
/** fcvt.d.w (exact) */
export function fCvtDW(h: FpHart, d: number, rs1: number, rm: number, insn: number): void {
  resolveRm(h, rm, insn);
  h.fd[d] = h.xl[rs1];
}
/** fcvt.d.wu (exact) */
export function fCvtDWU(h: FpHart, d: number, rs1: number, rm: number, insn: number): void {
  resolveRm(h, rm, insn);
  h.fd[d] = h.xl[rs1] >>> 0;
}
/** fcvt.d.l */
export function fCvtDL(h: FpHart, d: number, rs1: number, rm: number, insn: number): void {
  if (rm !== RNE) rm = resolveRm(h, rm, insn);
  const hi = h.xh[rs1] * TWO32;
  const lo = h.xl[rs1] >>> 0;
  const r = hi + lo;
  h.fd[d] = roundDirD(h, r, twoSumErr(hi, lo, r), rm);
}
/** fcvt.d.lu */
export function fCvtDLU(h: FpHart, d: number, rs1: number, rm: number, insn: number): void {
  if (rm !== RNE) rm = resolveRm(h, rm, insn);
  const hi = (h.xh[rs1] >>> 0) * TWO32;
  const lo = h.xl[rs1] >>> 0;
  const r = hi + lo;
  h.fd[d] = roundDirD(h, r, twoSumErr(hi, lo, r), rm);
}

/** fcvt.s.d: rounded per rm; NaN -> canonical NaN, NV for a signalling NaN. */
export function fCvtSD(h: FpHart, d: number, a: number, rm: number, insn: number): void {
  if (rm !== RNE) rm = resolveRm(h, rm, insn);
  const v = h.fd[a];
  if (v - v === 0) {
    fpArgs[0] = v;
    fpArgs[1] = 0;
    roundToS(h, d, rm);
  } else {
    if (isSNaND(h.f, a)) h.fflags |= NV;
    putS(h, d, v); // +-inf exact, NaN canonical
  }
}

/** fcvt.d.s: exact; NaN -> canonical NaN, NV for a signalling NaN. */
export function fCvtDS(h: FpHart, d: number, a: number, rm: number, insn: number): void {
  if (rm !== RNE) resolveRm(h, rm, insn);
  const v = readS(h, a);
  if (v !== v) {
    if (isSNaNBits(bitsS(h.f, a))) h.fflags |= NV;
    h.f[2 * d] = 0;
    h.f[2 * d + 1] = CANON_NAN_D_HI;
  } else {
    putD(h, d, v);
  }
}
