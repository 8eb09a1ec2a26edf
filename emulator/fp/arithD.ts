/**
 * RV64D arithmetic with IEEE 754-2008 exact results and flags: fadd/fsub/fmul/fdiv/
 * fsqrt.d and the four fused multiply-adds (RISC-V unprivileged spec, "D" chapter,
 * "Double-Precision Floating-Point Computational Instructions"; IEEE 754-2008 5.4.1).
 *
 * Strategy: JS arithmetic is binary64 round-to-nearest-even. The fast path takes the JS
 * result; if the rounding mode is RNE and NX is already accrued nothing else is needed.
 * Otherwise an error-free transformation (round.ts) gives the exact error, which yields
 * NX and, for the directed modes and RMM, the step to the neighbouring double. Operands
 * or results near the exponent limits (where the transformations break down or UF/OF
 * may occur) go to the exact BigInt slow path (slowD.ts). NaN inputs are classified
 * from the raw register bits (V8 does not preserve NaN payloads); NaN results are
 * written as the canonical NaN (F chapter, "NaN Generation and Propagation").
 *
 * Each function takes register indices and the instruction's rm field; `insn` is used
 * only to raise an illegal-instruction trap for a reserved rounding mode.
 */
import { FpHart, NX, NV, RNE, RDN, RMM, resolveRm, CANON_NAN_D_HI } from './fpHart';
import { twoSumErr, twoProdErr, nextUpD, nextDownD, roundDirD, sgn, fpArgs } from './round';
import { slowAddD, slowMulD, slowDivD, slowSqrtD, slowFmaD } from './slowD';

/** Fast-path bounds: results in [LO, HI] cannot underflow/overflow after a directed step. */
const LO = 4.450147717014403e-308;   // 2^-1021
const HI = 4.49423283715579e307;     // 2^1022
/** Bounds keeping Dekker's product exact and representable. */
const SPLIT_MAX = 2 ** 995;
const PROD_MIN = 2 ** -960;

/** True when double register i holds a signalling NaN. */
export function isSNaND(f: Int32Array, i: number): boolean {
  const hi = f[2 * i + 1];
  return (hi & 0x7ff80000) === 0x7ff00000 && ((hi & 0x7ffff) | f[2 * i]) !== 0;
}

/** Writes a double result; NaN becomes the canonical NaN. */
export function putD(h: FpHart, d: number, r: number): void {
  if (r !== r) {
    h.f[2 * d] = 0;
    h.f[2 * d + 1] = CANON_NAN_D_HI;
  } else {
    h.fd[d] = r;
  }
}

/** NaN operand handling: NV for any signalling NaN among the registers; canonical result. */
function nanResult(h: FpHart, d: number, a: number, b: number, c: number): void {
  const f = h.f;
  if (isSNaND(f, a) || (b >= 0 && isSNaND(f, b)) || (c >= 0 && isSNaND(f, c))) h.fflags |= NV;
  putD(h, d, NaN);
}

/** fadd.d / fsub.d (negB = 1). */
function addCore(h: FpHart, d: number, a: number, b: number, negB: number, rm: number): void {
  const fd = h.fd;
  const x = fd[a];
  const y = negB ? -fd[b] : fd[b];
  const r = x + y;
  const ar = Math.abs(r);
  if (ar <= HI) {
    if (ar < LO) {
      // Sums this small are exact; only the sign of an exact zero depends on rm (6.3).
      fd[d] = r === 0 && rm === RDN ? -((-x) + (-y)) : r;
      return;
    }
    if (rm === RNE && (h.fflags & NX) !== 0) { fd[d] = r; return; }
    if (Math.abs(x) <= HI && Math.abs(y) <= HI) {
      const bb = r - x;
      fd[d] = roundDirD(h, r, (x - (r - bb)) + (y - bb), rm);
      return;
    }
  }
  if (x !== x || y !== y) { nanResult(h, d, a, b, -1); return; }
  putD(h, d, slowAddD(h, x, y, rm));
}

/** fadd.d */
export function fAddD(h: FpHart, d: number, a: number, b: number, rm: number, insn: number): void {
  if (rm !== RNE) rm = resolveRm(h, rm, insn);
  addCore(h, d, a, b, 0, rm);
}

/** fsub.d */
export function fSubD(h: FpHart, d: number, a: number, b: number, rm: number, insn: number): void {
  if (rm !== RNE) rm = resolveRm(h, rm, insn);
  addCore(h, d, a, b, 1, rm);
}

/** fmul.d */
export function fMulD(h: FpHart, d: number, a: number, b: number, rm: number, insn: number): void {
  if (rm !== RNE) rm = resolveRm(h, rm, insn);
  const fd = h.fd;
  const x = fd[a];
  const y = fd[b];
  const r = x * y;
  const ar = Math.abs(r);
  if (ar >= LO && ar <= HI) {
    if (rm === RNE && (h.fflags & NX) !== 0) { fd[d] = r; return; }
    if (ar >= PROD_MIN && Math.abs(x) < SPLIT_MAX && Math.abs(y) < SPLIT_MAX) {
      fd[d] = roundDirD(h, r, twoProdErr(x, y, r), rm);
      return;
    }
  } else if (r === 0 && (x === 0 || y === 0)) {
    fd[d] = r; // exact zero product of finite operands
    return;
  }
  if (x !== x || y !== y) { nanResult(h, d, a, b, -1); return; }
  putD(h, d, slowMulD(h, x, y, rm));
}

/** fdiv.d */
export function fDivD(h: FpHart, d: number, a: number, b: number, rm: number, insn: number): void {
  if (rm !== RNE) rm = resolveRm(h, rm, insn);
  const fd = h.fd;
  const x = fd[a];
  const y = fd[b];
  const q = x / y;
  const aq = Math.abs(q);
  if (aq >= LO && aq <= HI) {
    if (rm === RNE && (h.fflags & NX) !== 0) { fd[d] = q; return; }
    const ax = Math.abs(x);
    if (ax >= PROD_MIN && ax <= HI && Math.abs(y) < SPLIT_MAX && aq < SPLIT_MAX) {
      // Remainder x - q*y is exact: x - p by Sterbenz, then minus the product error.
      const p = q * y;
      const rem = (x - p) - twoProdErr(q, y, p);
      // A quotient of normal-range doubles is never a midpoint, so RMM acts as RNE.
      fd[d] = roundDirD(h, q, y > 0 ? sgn(rem) : -sgn(rem), rm === RMM ? RNE : rm);
      return;
    }
  } else if (q === 0 && (x === 0 || Math.abs(y) === Infinity)) {
    fd[d] = q; // exact zero quotient
    return;
  }
  if (x !== x || y !== y) { nanResult(h, d, a, b, -1); return; }
  putD(h, d, slowDivD(h, x, y, rm));
}

/** fsqrt.d */
export function fSqrtD(h: FpHart, d: number, a: number, rm: number, insn: number): void {
  if (rm !== RNE) rm = resolveRm(h, rm, insn);
  const fd = h.fd;
  const x = fd[a];
  if (x >= PROD_MIN && x <= HI) {
    const r = Math.sqrt(x);
    if (rm === RNE && (h.fflags & NX) !== 0) { fd[d] = r; return; }
    const p = r * r;
    const rem = (x - p) - twoProdErr(r, r, p);
    // A square root of a double is never a midpoint: RMM acts as RNE.
    fd[d] = roundDirD(h, r, sgn(rem), rm === RMM ? RNE : rm);
    return;
  }
  if (x === 0) { fd[d] = x; return; } // sqrt(-0) = -0
  if (x !== x) { nanResult(h, d, a, -1, -1); return; }
  putD(h, d, slowSqrtD(h, x, rm));
}

/** Exact zero-sum sign helper for p + z with p, z both zero (IEEE 754-2008 6.3). */
function zeroSumD(p: number, z: number, rm: number): number {
  return rm === RDN ? -((-p) + (-z)) : p + z;
}

/**
 * Directed/RMM rounding and NX for the fused multiply-add fast path: r = RN(x*y + z)
 * from Boldo-Melquiond, and the exact value is s + t + ep. The sign of the residual
 * (s + t + ep) - r comes from a nonoverlapping expansion (Shewchuk's Grow-Expansion:
 * its largest nonzero component carries the sign). Writes fd[d].
 */
function fmaRound(h: FpHart, d: number, rm: number): void {
  const s = fpArgs[0];
  const t = fpArgs[1];
  const ep = fpArgs[2];
  const r = fpArgs[3];
  const q0 = s - r;
  const h0 = twoSumErr(s, -r, q0);
  let Q = t + h0;
  const g0 = twoSumErr(t, h0, Q);
  let Q2 = Q + q0;
  const g1 = twoSumErr(Q, q0, Q2);
  Q = ep + g0;
  const k0 = twoSumErr(ep, g0, Q);
  let R = Q + g1;
  const k1 = twoSumErr(Q, g1, R);
  const R3 = R + Q2;
  const k2 = twoSumErr(R, Q2, R3);
  const sg = R3 !== 0 ? sgn(R3) : k2 !== 0 ? sgn(k2) : k1 !== 0 ? sgn(k1) : sgn(k0);
  if (sg !== 0 && rm === RMM) {
    h.fflags |= NX;
    // Tie iff the residual equals half the gap to the neighbour on its side.
    const n = sg > 0 ? nextUpD(r) : nextDownD(r);
    const m = (r - n) * 0.5;
    Q = m + k0;
    let u = twoSumErr(m, k0, Q);
    let tie = u === 0;
    R = Q + k1; u = twoSumErr(Q, k1, R); tie = tie && u === 0;
    Q = R + k2; u = twoSumErr(R, k2, Q); tie = tie && u === 0;
    Q2 = Q + R3; u = twoSumErr(Q, R3, Q2); tie = tie && u === 0 && Q2 === 0;
    h.fd[d] = tie && Math.abs(n) > Math.abs(r) ? n : r;
    return;
  }
  h.fd[d] = roundDirD(h, r, sg, rm === RMM ? RNE : rm);
}

const f64 = new Float64Array(1);
const i64 = new Int32Array(f64.buffer);

/**
 * Single-rounding x*y + z. Fast path: Dekker product, 2Sum, then Boldo-Melquiond's
 * emulation RN(th + RO(tl + ul)) with rounding to odd ("Emulation of FMA and correctly
 * rounded sums: proved algorithms using rounding to odd", IEEE TC 2008). The error-free
 * transformations are written out inline so the hot path allocates nothing.
 */
function fmaCore(h: FpHart, d: number, a: number, b: number, c: number, negP: number, negC: number,
  rm: number): void {
  const fd = h.fd;
  const x = negP ? -fd[a] : fd[a];
  const y = fd[b];
  const z = negC ? -fd[c] : fd[c];
  const p = x * y;
  const ap = Math.abs(p);
  if (ap >= PROD_MIN && ap <= HI && Math.abs(x) < SPLIT_MAX && Math.abs(y) < SPLIT_MAX &&
    Math.abs(z) <= HI) {
    // ep = x*y - p exactly (Veltkamp split with 2^27 + 1)
    let u = 134217729 * x;
    const xh = u - (u - x);
    const xl = x - xh;
    u = 134217729 * y;
    const yh = u - (u - y);
    const yl = y - yh;
    const ep = ((xh * yh - p) + xh * yl + xl * yh) + xl * yl;
    // s + t = p + z exactly
    const s = p + z;
    let bb = s - p;
    const t = (p - (s - bb)) + (z - bb);
    // v = RO(t + ep): on an inexact sum with an even significand, step towards the error.
    let v = t + ep;
    bb = v - t;
    const w = (t - (v - bb)) + (ep - bb);
    if (w !== 0) {
      f64[0] = v;
      const lo = i64[0];
      if ((lo & 1) === 0) {
        if ((w > 0) === (v > 0)) {
          i64[0] = lo + 1; // magnitude up: no carry out of an even low word
        } else {
          if (lo === 0) i64[1] = i64[1] - 1;
          i64[0] = lo - 1;
        }
        v = f64[0];
      }
    }
    const r = s + v;
    const ar = Math.abs(r);
    if (ar >= LO && ar <= HI) {
      if (rm === RNE && (h.fflags & NX) !== 0) h.fd[d] = r;
      else { fpArgs[0] = s; fpArgs[1] = t; fpArgs[2] = ep; fpArgs[3] = r; fmaRound(h, d, rm); }
      return;
    }
    if (r === 0 && s === 0 && t === 0 && ep === 0) {
      h.fd[d] = rm === RDN ? -0 : 0; // exact cancellation of a nonzero product
      return;
    }
  } else if ((x === 0 || y === 0) && x - x === 0 && y - y === 0 && z - z === 0) {
    h.fd[d] = z !== 0 ? z : zeroSumD(p, z, rm); // zero product of finite operands
    return;
  }
  if (x !== x || y !== y || z !== z) {
    // 0 * inf + qNaN still raises NV (F chapter, fused multiply-add).
    const xInf = Math.abs(x) === Infinity;
    const yInf = Math.abs(y) === Infinity;
    if ((xInf && y === 0) || (yInf && x === 0)) h.fflags |= NV;
    nanResult(h, d, a, b, c);
    return;
  }
  putD(h, d, slowFmaD(h, x, y, z, rm));
}

/** fmadd.d: rs1*rs2 + rs3 */
export function fMaddD(h: FpHart, d: number, a: number, b: number, c: number, rm: number, insn: number): void {
  if (rm !== RNE) rm = resolveRm(h, rm, insn);
  fmaCore(h, d, a, b, c, 0, 0, rm);
}

/** fmsub.d: rs1*rs2 - rs3 */
export function fMsubD(h: FpHart, d: number, a: number, b: number, c: number, rm: number, insn: number): void {
  if (rm !== RNE) rm = resolveRm(h, rm, insn);
  fmaCore(h, d, a, b, c, 0, 1, rm);
}

/** fnmsub.d: -(rs1*rs2) + rs3 */
export function fNmsubD(h: FpHart, d: number, a: number, b: number, c: number, rm: number, insn: number): void {
  if (rm !== RNE) rm = resolveRm(h, rm, insn);
  fmaCore(h, d, a, b, c, 1, 0, rm);
}

/** fnmadd.d: -(rs1*rs2) - rs3 */
export function fNmaddD(h: FpHart, d: number, a: number, b: number, c: number, rm: number, insn: number): void {
  if (rm !== RNE) rm = resolveRm(h, rm, insn);
  fmaCore(h, d, a, b, c, 1, 1, rm);
}
