/**
 * Rounding primitives for the F/D semantics, all in plain double arithmetic (no BigInt):
 *  - error-free transformations (TwoSum, Dekker/Veltkamp TwoProduct) giving the exact
 *    rounding error of a JS (round-to-nearest-even) operation;
 *  - neighbour stepping on the bit pattern (IEEE 754-2008 5.3.1 nextUp/nextDown);
 *  - roundDirD: turn an RNE double result plus its exact error into the correctly
 *    rounded result for any RISC-V rounding mode (IEEE 754-2008 4.3);
 *  - roundF32: correctly round a double-with-known-error to binary32 with all flags,
 *    including overflow (7.4) and underflow with tininess detected AFTER rounding (7.5),
 *    as RISC-V requires (F chapter, "Floating-Point Control and Status Register").
 * Callers guarantee the operating ranges documented on each function.
 */
import { FpHart, NX, OF, UF, RNE, RTZ, RDN, RUP } from './fpHart';

/**
 * Argument block for calls that must not allocate: V8 boxes double arguments and
 * return values of calls it does not inline, so hot helpers that take doubles read
 * them from here instead (callers store fpArgs[0..] immediately before the call).
 */
export const fpArgs = new Float64Array(4);

const f64 = new Float64Array(1);
const i64 = new Int32Array(f64.buffer); // little-endian: [0] low word, [1] high word
const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);

/** Exact error of s = RN(a + b): a + b = s + twoSumErr(a, b, s) (Knuth's 2Sum). */
export function twoSumErr(a: number, b: number, s: number): number {
  const bb = s - a;
  return (a - (s - bb)) + (b - bb);
}

/**
 * Exact error of p = RN(a * b) (Dekker's product with Veltkamp splitting):
 * a * b = p + twoProdErr(a, b, p). Valid while |a|, |b| < 2^995 and the exponents
 * satisfy e_a + e_b >= -968 (so the error is representable); callers check this.
 */
export function twoProdErr(a: number, b: number, p: number): number {
  let t = 134217729 * a; // 2^27 + 1
  const ah = t - (t - a);
  const al = a - ah;
  t = 134217729 * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}

/** Sign (-1, 0, 1) of a double, where both zeros give 0. */
export function sgn(x: number): number {
  return x > 0 ? 1 : x < 0 ? -1 : 0;
}

/** Least double greater than finite x (nextUp of -MIN_VALUE is -0). */
export function nextUpD(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  f64[0] = x;
  let lo = i64[0];
  let hi = i64[1];
  if (x > 0) {
    lo = (lo + 1) | 0;
    if (lo === 0) hi = (hi + 1) | 0;
  } else {
    if (lo === 0) hi = (hi - 1) | 0;
    lo = (lo - 1) | 0;
  }
  i64[0] = lo;
  i64[1] = hi;
  return f64[0];
}

/** Greatest double less than finite x. */
export function nextDownD(x: number): number {
  return -nextUpD(-x);
}

/** True when the least significant significand bit of double x is 1. */
export function isOddD(x: number): boolean {
  f64[0] = x;
  return (i64[0] & 1) !== 0;
}

/** Raw high / low words of a double. */
export function hiWord(x: number): number {
  f64[0] = x;
  return i64[1];
}
export function loWord(x: number): number {
  f64[0] = x;
  return i64[0];
}
/** Double from raw words. */
export function fromWords(hi: number, lo: number): number {
  i64[0] = lo;
  i64[1] = hi;
  return f64[0];
}

/** Least binary32 value greater than x, where x is a finite binary32 value. */
export function nextUpF(x: number): number {
  if (x === 0) return 1.401298464324817e-45; // 2^-149
  f32[0] = x;
  i32[0] = x > 0 ? i32[0] + 1 : i32[0] - 1;
  return f32[0];
}

/** Greatest binary32 value less than x, where x is a finite binary32 value. */
export function nextDownF(x: number): number {
  return -nextUpF(-x);
}

/**
 * Correctly rounded double from r = RN(v) and the exact error err = v - r (or, when
 * rm is not RMM, anything with the sign of v - r). r must be finite and normal with
 * margin (|r| >= 2^-1021), so no underflow is possible; stepping past the largest
 * finite value is an overflow (IEEE 754-2008 7.4). Sets NX (and OF) on h.
 */
export function roundDirD(h: FpHart, r: number, err: number, rm: number): number {
  if (err === 0) return r;
  h.fflags |= NX;
  if (rm === RNE) return r;
  const n = err > 0 ? nextUpD(r) : nextDownD(r);
  let take: boolean;
  switch (rm) {
    case RTZ: take = (r > 0) !== (err > 0); break;
    case RDN: take = err < 0; break;
    case RUP: take = err > 0; break;
    default: take = 2 * err === n - r && Math.abs(n) > Math.abs(r); break; // RMM: ties away
  }
  if (!take) return r;
  if (n === Infinity || n === -Infinity) h.fflags |= OF;
  return n;
}

/** Set by rnd24/rndInt: whether the last rounding was inexact. */
let inexact = false;
export function lastInexact(): boolean {
  return inexact;
}

/**
 * Rounds v = s + e (e: only the sign matters; |v - s| <= half an ulp of s as a double,
 * s = RN_double(v)) to 24 significant bits, s assumed within the normal binary32
 * exponent range (the caller scales). Flags are not touched; see lastInexact().
 */
function rnd24(s: number, e: number, rm: number): number {
  const r = Math.fround(s);
  if (r === s) {
    if (e === 0) { inexact = false; return r; }
    inexact = true;
    switch (rm) {
      case RDN: return e < 0 ? nextDownF(r) : r;
      case RUP: return e > 0 ? nextUpF(r) : r;
      case RTZ: return (r > 0) !== (e > 0) ? (e > 0 ? nextUpF(r) : nextDownF(r)) : r;
      default: return r;
    }
  }
  inexact = true;
  let lo: number;
  let hi: number;
  if (r > s) { hi = r; lo = nextDownF(r); } else { lo = r; hi = nextUpF(r); }
  switch (rm) {
    case RDN: return lo;
    case RUP: return hi;
    case RTZ: return s > 0 ? lo : hi;
    default: {
      // s lies strictly between lo and hi; only an exact midpoint s needs the error sign.
      if (s !== (lo + hi) * 0.5) return r;
      if (e > 0) return hi;
      if (e < 0) return lo;
      return rm === RNE ? r : (s > 0 ? hi : lo);
    }
  }
}

/**
 * Rounds v = n + e (sign of e only; |e| tiny against 1) to an integer in mode rm.
 * Sets the module's inexact indicator. Result may be -0 or +0 for small values; the
 * caller fixes zero signs where they matter.
 */
export function rndInt(n: number, e: number, rm: number): number {
  const fl = Math.floor(n);
  const frac = n - fl;
  if (frac === 0 && e === 0) { inexact = false; return n; }
  inexact = true;
  let down: number;
  let up: number;
  let cmp: number; // sign of v - (down + 1/2)
  if (frac === 0) {
    if (e > 0) { down = n; up = n + 1; cmp = -1; } else { down = n - 1; up = n; cmp = 1; }
  } else {
    down = fl; up = fl + 1;
    cmp = frac > 0.5 ? 1 : frac < 0.5 ? -1 : sgn(e);
  }
  const pos = n > 0 || (n === 0 && e > 0);
  switch (rm) {
    case RDN: return down;
    case RUP: return up;
    case RTZ: return pos ? down : up;
    default:
      if (cmp > 0) return up;
      if (cmp < 0) return down;
      if (rm === RNE) return down % 2 === 0 ? down : up;
      return pos ? up : down;
  }
}

const MAXF = 3.4028234663852886e38;
const MINF = 1.1754943508222875e-38; // 2^-126
const TWO64 = 18446744073709551616;
const TWOM64 = 5.421010862427522e-20;
const TWO149 = 2 ** 149;
const TWOM149 = 2 ** -149;

/** Result of an overflow in mode rm (IEEE 754-2008 7.4), binary32. */
export function overflowF(neg: boolean, rm: number): number {
  switch (rm) {
    case RTZ: return neg ? -MAXF : MAXF;
    case RDN: return neg ? -Infinity : MAXF;
    case RUP: return neg ? -MAXF : Infinity;
    default: return neg ? -Infinity : Infinity;
  }
}

/**
 * Correctly rounded binary32 value of v = s + e in mode rm, where s = RN_double(v) is
 * finite and e carries the sign of v - s (0 when s is exact). Raises NX, OF, UF on h
 * (underflow: tiny after rounding and inexact). Returns the binary32 value as a number
 * (possibly +-Infinity). A zero s must come with e = 0; its sign is kept.
 */
export function roundF32(h: FpHart, s: number, e: number, rm: number): number {
  const a = Math.abs(s);
  if (a > MINF && a <= 1.7014118346046923e38 /* 2^127 */) {
    const r = rnd24(s, e, rm);
    if (inexact) h.fflags |= NX;
    return r;
  }
  if (a > 1.7014118346046923e38) {
    // Round the value scaled by 2^-64 (same significand, exponent in range), scale back.
    const r = a >= 6.805647338418769e38 /* 2^129 */ ? Infinity : rnd24(s * TWOM64, e, rm) * TWO64;
    if (Math.abs(r) >= 3.402823669209385e38 /* 2^128 */) {
      h.fflags |= OF | NX;
      return overflowF(s < 0, rm);
    }
    if (inexact) h.fflags |= NX;
    return r;
  }
  if (s === 0) return s;
  // Tiny range: tininess is judged on the result rounded with unbounded exponent.
  const tiny = a < 5.877471754111438e-39 /* 2^-127 */ ||
    Math.abs(rnd24(s * TWO64, e, rm)) < MINF * TWO64;
  let r = rndInt(s * TWO149, e, rm) * TWOM149;
  if (r === 0) r = s < 0 ? -0 : 0;
  if (inexact) h.fflags |= tiny ? NX | UF : NX;
  return r;
}

/**
 * Rounds fpArgs[0] (s) with error sign fpArgs[1] (e) to binary32 as roundF32 does and
 * writes it, NaN-boxed, to single register d. Allocation-free calling convention.
 */
export function roundToS(h: FpHart, d: number, rm: number): void {
  h.fs[2 * d] = roundF32(h, fpArgs[0], fpArgs[1], rm);
  h.f[2 * d + 1] = -1;
}
