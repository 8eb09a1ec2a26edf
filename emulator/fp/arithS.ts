/**
 * RV64F arithmetic with IEEE 754-2008 exact results and flags: fadd/fsub/fmul/fdiv/
 * fsqrt.s and the fused multiply-adds (RISC-V unprivileged spec, "F" chapter,
 * "Single-Precision Floating-Point Computational Instructions").
 *
 * Operands are binary32 values, exactly representable as doubles. Each operation is
 * computed once in double (products of two singles are exact; sums, quotients and
 * roots get their exact error sign from an error-free transformation), and the pair
 * (double result, error sign) is then rounded to binary32 by roundF32 in the requested
 * mode, which also raises NX/UF/OF. For RNE with NX already accrued, the double result
 * of +, -, *, /, sqrt is rounded with Math.fround: double rounding is innocuous there
 * because 53 >= 2*24 + 2 (Figueroa's condition). NaN-boxing (F chapter, "NaN Boxing of
 * Narrower Values"): an operand whose upper word is not all ones reads as the canonical
 * NaN. No BigInt is needed for binary32.
 */
import { FpHart, NX, NV, DZ, RNE, RDN, resolveRm, CANON_NAN_S } from './fpHart';
import { twoProdErr, sgn, fpArgs, roundToS } from './round';

const MINF = 1.1754943508222875e-38; // 2^-126

/** Raw bits of single register i after NaN-unboxing. */
export function bitsS(f: Int32Array, i: number): number {
  return f[2 * i + 1] === -1 ? f[2 * i] : CANON_NAN_S;
}

/** Value of single register i (NaN when not properly boxed). */
export function readS(h: FpHart, i: number): number {
  return h.f[2 * i + 1] === -1 ? h.fs[2 * i] : NaN;
}

/** True for signalling-NaN binary32 bits. */
export function isSNaNBits(b: number): boolean {
  return (b & 0x7fc00000) === 0x7f800000 && (b & 0x3fffff) !== 0;
}

/** Writes a binary32 value (NaN-boxed); NaN becomes the canonical NaN. */
export function putS(h: FpHart, d: number, r: number): void {
  if (r !== r) h.f[2 * d] = CANON_NAN_S;
  else h.fs[2 * d] = r;
  h.f[2 * d + 1] = -1;
}

/**
 * Result for operations with a NaN or infinite operand (no rounding involved): NV for
 * signalling NaN operands and for invalid operations (JS yields NaN exactly for those).
 */
function special(h: FpHart, d: number, r: number, a: number, b: number, c: number): void {
  const f = h.f;
  if (isSNaNBits(bitsS(f, a)) || (b >= 0 && isSNaNBits(bitsS(f, b))) || (c >= 0 && isSNaNBits(bitsS(f, c)))) {
    h.fflags |= NV;
  } else if (r !== r) {
    const x = readS(h, a);
    const y = b >= 0 ? readS(h, b) : 0;
    const z = c >= 0 ? readS(h, c) : 0;
    if (x === x && y === y && z === z) h.fflags |= NV; // invalid operation, not NaN input
  }
  putS(h, d, r);
}

/**
 * Some operand is not NaN-boxed, so it reads as the canonical (quiet) NaN and the
 * result is the canonical NaN; NV only for a signalling NaN among the boxed operands,
 * or for 0 * inf in a fused multiply-add whose addend is the unboxed one.
 */
function unboxedOperand(h: FpHart, d: number, a: number, b: number, c: number): void {
  if (c >= 0 && h.f[2 * a + 1] === -1 && h.f[2 * b + 1] === -1) {
    const x = h.fs[2 * a];
    const y = h.fs[2 * b];
    if ((Math.abs(x) === Infinity && y === 0) || (Math.abs(y) === Infinity && x === 0)) h.fflags |= NV;
  }
  special(h, d, NaN, a, b, c);
}

/** Rounds (s, error sign e) to binary32 into register d (allocation-free call). */
function round(h: FpHart, d: number, s: number, e: number, rm: number): void {
  fpArgs[0] = s;
  fpArgs[1] = e;
  roundToS(h, d, rm);
}

/** fadd.s / fsub.s (negB = 1) on boxed operands. */
function addCore(h: FpHart, d: number, a: number, b: number, negB: number, rm: number): void {
  const fs = h.fs;
  const x = fs[2 * a];
  const y = negB ? -fs[2 * b] : fs[2 * b];
  const s = x + y;
  if (s - s === 0) {
    if (rm === RNE && (h.fflags & NX) !== 0) {
      const r = Math.fround(s);
      if (r - r === 0) { fs[2 * d] = r; h.f[2 * d + 1] = -1; return; }
    }
    if (s === 0) { fs[2 * d] = rm === RDN ? -((-x) + (-y)) : s; h.f[2 * d + 1] = -1; return; }
    const bb = s - x;
    round(h, d, s, (x - (s - bb)) + (y - bb), rm);
    return;
  }
  special(h, d, s, a, b, -1);
}

/** fadd.s */
export function fAddS(h: FpHart, d: number, a: number, b: number, rm: number, insn: number): void {
  if (rm !== RNE) rm = resolveRm(h, rm, insn);
  if ((h.f[2 * a + 1] & h.f[2 * b + 1]) !== -1) { unboxedOperand(h, d, a, b, -1); return; }
  addCore(h, d, a, b, 0, rm);
}

/** fsub.s */
export function fSubS(h: FpHart, d: number, a: number, b: number, rm: number, insn: number): void {
  if (rm !== RNE) rm = resolveRm(h, rm, insn);
  if ((h.f[2 * a + 1] & h.f[2 * b + 1]) !== -1) { unboxedOperand(h, d, a, b, -1); return; }
  addCore(h, d, a, b, 1, rm);
}

/** fmul.s */
export function fMulS(h: FpHart, d: number, a: number, b: number, rm: number, insn: number): void {
  if (rm !== RNE) rm = resolveRm(h, rm, insn);
  if ((h.f[2 * a + 1] & h.f[2 * b + 1]) !== -1) { unboxedOperand(h, d, a, b, -1); return; }
  const fs = h.fs;
  const p = fs[2 * a] * fs[2 * b]; // exact: 48 significant bits, exponent within double range
  if (p - p === 0) {
    const r = Math.fround(p);
    if (r === p || (rm === RNE && (h.fflags & NX) !== 0 && Math.abs(r) > MINF && r - r === 0)) {
      fs[2 * d] = r; h.f[2 * d + 1] = -1;
      return;
    }
    round(h, d, p, 0, rm);
    return;
  }
  special(h, d, p, a, b, -1);
}

/** fdiv.s */
export function fDivS(h: FpHart, d: number, a: number, b: number, rm: number, insn: number): void {
  if (rm !== RNE) rm = resolveRm(h, rm, insn);
  if ((h.f[2 * a + 1] & h.f[2 * b + 1]) !== -1) { unboxedOperand(h, d, a, b, -1); return; }
  const fs = h.fs;
  const x = fs[2 * a];
  const y = fs[2 * b];
  const q = x / y;
  if (q - q === 0 && y !== 0) {
    if (q === 0) { fs[2 * d] = q; h.f[2 * d + 1] = -1; return; } // 0/y or x/inf: exact
    if (rm === RNE && (h.fflags & NX) !== 0) {
      const r = Math.fround(q);
      if (Math.abs(r) > MINF && r - r === 0) { fs[2 * d] = r; h.f[2 * d + 1] = -1; return; }
    }
    const p = q * y;
    const rem = (x - p) - twoProdErr(q, y, p);
    round(h, d, q, y > 0 ? sgn(rem) : -sgn(rem), rm);
    return;
  }
  if (y === 0 && x === x && x !== 0 && Math.abs(x) !== Infinity) h.fflags |= DZ;
  special(h, d, q, a, b, -1);
}

/** fsqrt.s */
export function fSqrtS(h: FpHart, d: number, a: number, rm: number, insn: number): void {
  if (rm !== RNE) rm = resolveRm(h, rm, insn);
  if (h.f[2 * a + 1] !== -1) { unboxedOperand(h, d, a, -1, -1); return; }
  const fs = h.fs;
  const x = fs[2 * a];
  if (x > 0 && x !== Infinity) {
    const r = Math.sqrt(x);
    if (rm === RNE && (h.fflags & NX) !== 0) {
      fs[2 * d] = Math.fround(r); h.f[2 * d + 1] = -1;
      return;
    }
    const p = r * r;
    round(h, d, r, sgn((x - p) - twoProdErr(r, r, p)), rm);
    return;
  }
  if (x === 0) { fs[2 * d] = x; h.f[2 * d + 1] = -1; return; }
  special(h, d, Math.sqrt(x), a, -1, -1);
}

/**
 * Single-rounding (+-)x*y (+-)z on boxed operands: the product is exact in double, the
 * sum gets its 2Sum error t. For RNE with NX accrued, Math.fround(s) is right unless s
 * is exactly a midpoint between two singles (then t decides); the midpoint test: the
 * reflection r2 = 2s - r of the nearest single r is itself a single.
 */
function fmaCore(h: FpHart, d: number, a: number, b: number, c: number, negP: number, negC: number,
  rm: number): void {
  const fs = h.fs;
  const x = negP ? -fs[2 * a] : fs[2 * a];
  const y = fs[2 * b];
  const z = negC ? -fs[2 * c] : fs[2 * c];
  const p = x * y;
  const s = p + z;
  if (s - s === 0) {
    if (s === 0) { fs[2 * d] = rm === RDN ? -((-p) + (-z)) : s; h.f[2 * d + 1] = -1; return; }
    const bb = s - p;
    const t = (p - (s - bb)) + (z - bb);
    if (rm === RNE && (h.fflags & NX) !== 0) {
      let r = Math.fround(s);
      if (t !== 0 && r !== s) {
        const r2 = r + 2 * (s - r);
        if (Math.fround(r2) === r2 && (t > 0) === (r2 > r)) r = r2;
      }
      const ar = Math.abs(r);
      if (ar > MINF && ar !== Infinity) { fs[2 * d] = r; h.f[2 * d + 1] = -1; return; }
    }
    round(h, d, s, t, rm);
    return;
  }
  // 0 * inf + qNaN still raises NV (F chapter, fused multiply-add).
  if ((Math.abs(x) === Infinity && y === 0) || (Math.abs(y) === Infinity && x === 0)) h.fflags |= NV;
  special(h, d, s, a, b, c); // products of singles never overflow a double
}

/** fmadd.s: rs1*rs2 + rs3 */
export function fMaddS(h: FpHart, d: number, a: number, b: number, c: number, rm: number, insn: number): void {
  if (rm !== RNE) rm = resolveRm(h, rm, insn);
  const f = h.f;
  if ((f[2 * a + 1] & f[2 * b + 1] & f[2 * c + 1]) !== -1) { unboxedOperand(h, d, a, b, c); return; }
  fmaCore(h, d, a, b, c, 0, 0, rm);
}

/** fmsub.s: rs1*rs2 - rs3 */
export function fMsubS(h: FpHart, d: number, a: number, b: number, c: number, rm: number, insn: number): void {
  if (rm !== RNE) rm = resolveRm(h, rm, insn);
  const f = h.f;
  if ((f[2 * a + 1] & f[2 * b + 1] & f[2 * c + 1]) !== -1) { unboxedOperand(h, d, a, b, c); return; }
  fmaCore(h, d, a, b, c, 0, 1, rm);
}

/** fnmsub.s: -(rs1*rs2) + rs3 */
export function fNmsubS(h: FpHart, d: number, a: number, b: number, c: number, rm: number, insn: number): void {
  if (rm !== RNE) rm = resolveRm(h, rm, insn);
  const f = h.f;
  if ((f[2 * a + 1] & f[2 * b + 1] & f[2 * c + 1]) !== -1) { unboxedOperand(h, d, a, b, c); return; }
  fmaCore(h, d, a, b, c, 1, 0, rm);
}

/** fnmadd.s: -(rs1*rs2) - rs3 */
export function fNmaddS(h: FpHart, d: number, a: number, b: number, c: number, rm: number, insn: number): void {
  if (rm !== RNE) rm = resolveRm(h, rm, insn);
  const f = h.f;
  if ((f[2 * a + 1] & f[2 * b + 1] & f[2 * c + 1]) !== -1) { unboxedOperand(h, d, a, b, c); return; }
  fmaCore(h, d, a, b, c, 1, 1, rm);
}
