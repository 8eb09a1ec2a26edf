/**
 * Exact binary64 arithmetic with BigInt significands: the rare slow path of the D
 * semantics, taken only for results near or beyond the exponent limits (subnormal or
 * tiny results, overflow, operands near 2^1024) where the double-only error-free
 * transformations of round.ts are not valid. Operands are finite or infinite doubles,
 * never NaN (the callers handle NaNs from the raw register bits).
 *
 * References: IEEE 754-2008 4.3 (rounding-direction attributes), 6.3 (sign of exact
 * zero sums), 7.2-7.5 (invalid, division by zero, overflow, underflow); RISC-V
 * unprivileged spec, "D" chapter (binary64), and "F" chapter for the flag rules
 * (underflow detected after rounding).
 */
import { FpHart, NX, UF, OF, NV, DZ, RNE, RTZ, RDN, RUP } from './fpHart';
import { hiWord, loWord, fromWords } from './round';

const P = 53;          // significand bits
const EMIN = -1022;    // exponent of the least normal
const EMAX = 1023;
const LSB_MIN = EMIN - P + 1; // -1074
const MAXD = 1.7976931348623157e308;

function bitLen(m: bigint): number {
  return m === 0n ? 0 : m.toString(2).length;
}

/** Sign bit, integer significand and exponent of a finite double: |x| = m * 2^e. */
interface Unpacked { s: number; m: bigint; e: number }
function unpack(x: number): Unpacked {
  const hi = hiWord(x);
  const lo = loWord(x);
  const be = (hi >>> 20) & 0x7ff;
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo >>> 0);
  if (be === 0) return { s: hi >>> 31, m: frac, e: LSB_MIN };
  return { s: hi >>> 31, m: frac | (1n << 52n), e: be - 1075 };
}

/** Overflow result for mode rm (IEEE 754-2008 7.4). */
export function overflowD(neg: boolean, rm: number): number {
  switch (rm) {
    case RTZ: return neg ? -MAXD : MAXD;
    case RDN: return neg ? -Infinity : MAXD;
    case RUP: return neg ? -MAXD : Infinity;
    default: return neg ? -Infinity : Infinity;
  }
}

/** Rounds m (dropping sh > 0 low bits, plus sticky below them) per rm; returns the kept part. */
function roundBits(m: bigint, sh: number, sticky: boolean, neg: boolean, rm: number): bigint {
  const bsh = BigInt(sh);
  const q = m >> bsh;
  const rem = m & ((1n << bsh) - 1n);
  const half = 1n << (bsh - 1n);
  const inexact = rem !== 0n || sticky;
  const cmp = rem > half ? 1 : rem < half ? -1 : sticky ? 1 : 0;
  let up: boolean;
  switch (rm) {
    case RNE: up = cmp > 0 || (cmp === 0 && (q & 1n) === 1n); break;
    case RTZ: up = false; break;
    case RDN: up = inexact && neg; break;
    case RUP: up = inexact && !neg; break;
    default: up = cmp >= 0; break; // RMM
  }
  return up ? q + 1n : q;
}

/**
 * Correctly rounded double of (-1)^neg * (m + sticky') * 2^e, where sticky says the
 * exact value lies strictly between m and m+1 units (then m must have >= P+3 bits).
 * m > 0. Raises NX/UF/OF on h.
 */
export function roundPackD(h: FpHart, neg: boolean, m: bigint, e: number, sticky: boolean, rm: number): number {
  const n = bitLen(m);
  const top = e + n - 1; // exponent of the leading bit
  let lsb = Math.max(top - P + 1, LSB_MIN);
  let sh = lsb - e;
  let q: bigint;
  let inexact: boolean;
  if (sh <= 0) {
    q = m << BigInt(-sh);
    inexact = sticky;
  } else {
    q = roundBits(m, sh, sticky, neg, rm);
    inexact = sticky || (m & ((1n << BigInt(sh)) - 1n)) !== 0n;
  }
  if (q === 1n << BigInt(P)) { q >>= 1n; lsb++; }
  if (q >= 1n << BigInt(P - 1) && lsb + P - 1 > EMAX) {
    h.fflags |= OF | NX;
    return overflowD(neg, rm);
  }
  if (inexact) {
    h.fflags |= NX;
    if (top < EMIN) {
      // Tininess after rounding: round to P bits with unbounded exponent.
      sh = top - P + 1 - e;
      let tiny = true;
      if (sh > 0 && top === EMIN - 1) tiny = roundBits(m, sh, sticky, neg, rm) !== 1n << BigInt(P);
      if (tiny) h.fflags |= UF;
    }
  }
  if (q === 0n) return neg ? -0 : 0;
  let hi: number;
  let frac: bigint;
  if (q < 1n << BigInt(P - 1)) {
    hi = 0; frac = q; // subnormal (lsb === LSB_MIN)
  } else {
    hi = (lsb + P - 1 + 1023) << 20;
    frac = q - (1n << BigInt(P - 1));
  }
  hi |= Number(frac >> 32n);
  if (neg) hi |= 0x80000000;
  return fromWords(hi | 0, Number(frac & 0xffffffffn) | 0);
}

/** Sign of an exact zero sum a + b (IEEE 754-2008 6.3) for zero-valued operands or cancellation. */
function zeroSum(negA: boolean, negB: boolean, rm: number): number {
  if (negA === negB) return negA ? -0 : 0;
  return rm === RDN ? -0 : 0;
}

/** Exact sum of two finite nonzero-or-zero unpacked values, rounded. */
function addExact(h: FpHart, a: Unpacked, b: Unpacked, rm: number): number {
  if (a.m === 0n && b.m === 0n) return zeroSum(a.s === 1, b.s === 1, rm);
  const e = Math.min(a.e, b.e);
  let va = a.m << BigInt(a.e - e);
  let vb = b.m << BigInt(b.e - e);
  if (a.s) va = -va;
  if (b.s) vb = -vb;
  const sum = va + vb;
  if (sum === 0n) return rm === RDN ? -0 : 0;
  return sum < 0n ? roundPackD(h, true, -sum, e, false, rm) : roundPackD(h, false, sum, e, false, rm);
}

/** x + y for non-NaN doubles. */
export function slowAddD(h: FpHart, x: number, y: number, rm: number): number {
  if (x === Infinity || x === -Infinity || y === Infinity || y === -Infinity) {
    const r = x + y;
    if (r !== r) { h.fflags |= NV; return NaN; }
    return r;
  }
  return addExact(h, unpack(x), unpack(y), rm);
}

/** x * y for non-NaN doubles. */
export function slowMulD(h: FpHart, x: number, y: number, rm: number): number {
  const r = x * y;
  if (r !== r) { h.fflags |= NV; return NaN; } // 0 * inf
  if (x === 0 || y === 0 || Math.abs(x) === Infinity || Math.abs(y) === Infinity) return r;
  const a = unpack(x);
  const b = unpack(y);
  return roundPackD(h, a.s !== b.s, a.m * b.m, a.e + b.e, false, rm);
}

/** x / y for non-NaN doubles. */
export function slowDivD(h: FpHart, x: number, y: number, rm: number): number {
  const r = x / y;
  if (r !== r) { h.fflags |= NV; return NaN; } // 0/0, inf/inf
  if (y === 0) { if (Math.abs(x) !== Infinity) h.fflags |= DZ; return r; }
  if (x === 0 || Math.abs(x) === Infinity || Math.abs(y) === Infinity) return r;
  const a = unpack(x);
  const b = unpack(y);
  const k = Math.max(0, P + 3 + bitLen(b.m) - bitLen(a.m));
  const num = a.m << BigInt(k);
  const q = num / b.m;
  return roundPackD(h, a.s !== b.s, q, a.e - b.e - k, q * b.m !== num, rm);
}

/** Integer square root (floor) by Newton's iteration. */
export function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt((bitLen(n) + 1) >> 1);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** sqrt(x) for non-NaN doubles. */
export function slowSqrtD(h: FpHart, x: number, rm: number): number {
  if (x === 0 || x === Infinity) return x;
  if (x < 0) { h.fflags |= NV; return NaN; }
  const a = unpack(x);
  let m = a.m;
  let e = a.e;
  if (e & 1) { m <<= 1n; e -= 1; }
  const k = Math.max(0, Math.ceil((2 * (P + 3) - bitLen(m)) / 2));
  m <<= BigInt(2 * k);
  e -= 2 * k;
  const r = isqrt(m);
  return roundPackD(h, false, r, e / 2, r * r !== m, rm);
}

/** x * y + z with one rounding, for non-NaN doubles (0 * inf is invalid). */
export function slowFmaD(h: FpHart, x: number, y: number, z: number, rm: number): number {
  const xInf = Math.abs(x) === Infinity;
  const yInf = Math.abs(y) === Infinity;
  if ((xInf && y === 0) || (yInf && x === 0)) { h.fflags |= NV; return NaN; }
  if (xInf || yInf) {
    const p = x * y; // infinite, exact sign
    const r = p + z;
    if (r !== r) { h.fflags |= NV; return NaN; }
    return r;
  }
  if (Math.abs(z) === Infinity) return z;
  const a = unpack(x);
  const b = unpack(y);
  const prod: Unpacked = { s: a.s ^ b.s, m: a.m * b.m, e: a.e + b.e };
  return addExact(h, prod, unpack(z), rm);
}
