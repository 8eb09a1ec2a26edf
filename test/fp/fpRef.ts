/**
 * Reference model for the F/D tests: exact rational arithmetic on BigInt (numerator /
 * denominator), correctly rounded to binary32/binary64 in each rounding mode with the
 * IEEE 754-2008 flags as RISC-V defines them (tininess after rounding, canonical NaN
 * results, RISC-V fmin/fmax, saturating conversions). Deliberately simple and slow;
 * written independently of emulator/fp/*. Values are raw bit patterns as bigint.
 */

export interface Fmt { p: number; emin: number; emax: number; ebits: number; width: number }
export const S: Fmt = { p: 24, emin: -126, emax: 127, ebits: 8, width: 32 };
export const D: Fmt = { p: 53, emin: -1022, emax: 1023, ebits: 11, width: 64 };

export const NX = 1, UF = 2, OF = 4, DZ = 8, NV = 16;
export const RNE = 0, RTZ = 1, RDN = 2, RUP = 3, RMM = 4;

export type Val =
  | { k: 'nan'; sig: boolean }
  | { k: 'inf'; neg: boolean }
  | { k: 'zero'; neg: boolean }
  | { k: 'fin'; neg: boolean; n: bigint; d: bigint }; // |value| = n / d, n > 0

export interface Res { bits: bigint; flags: number }

const one = 1n;
function pow2(e: number): bigint { return one << BigInt(e); }
function blen(x: bigint): number { return x === 0n ? 0 : x.toString(2).length; }

export function canonNaN(F: Fmt): bigint {
  return ((pow2(F.ebits) - 1n) << BigInt(F.p - 1)) | pow2(F.p - 2);
}

export function decode(bits: bigint, F: Fmt): Val {
  const fracBits = BigInt(F.p - 1);
  const frac = bits & (pow2(F.p - 1) - 1n);
  const be = Number((bits >> fracBits) & (pow2(F.ebits) - 1n));
  const neg = ((bits >> BigInt(F.width - 1)) & 1n) === 1n;
  const bias = F.emax;
  if (be === (1 << F.ebits) - 1) {
    if (frac === 0n) return { k: 'inf', neg };
    return { k: 'nan', sig: (frac & pow2(F.p - 2)) === 0n };
  }
  if (be === 0 && frac === 0n) return { k: 'zero', neg };
  const m = be === 0 ? frac : frac | pow2(F.p - 1);
  const e = (be === 0 ? 1 - bias : be - bias) - (F.p - 1);
  return e >= 0 ? { k: 'fin', neg, n: m << BigInt(e), d: 1n } : { k: 'fin', neg, n: m, d: pow2(-e) };
}

function signBit(neg: boolean, F: Fmt): bigint { return neg ? pow2(F.width - 1) : 0n; }
function infBits(neg: boolean, F: Fmt): bigint { return signBit(neg, F) | ((pow2(F.ebits) - 1n) << BigInt(F.p - 1)); }
function maxBits(neg: boolean, F: Fmt): bigint { return infBits(neg, F) - 1n; }
export function zeroBits(neg: boolean, F: Fmt): bigint { return signBit(neg, F); }

/** floor(log2(n/d)) for n, d > 0. */
function ilog2(n: bigint, d: bigint): number {
  let e = blen(n) - blen(d);
  const ge = (k: number): boolean => (k >= 0 ? n >= d << BigInt(k) : n << BigInt(-k) >= d);
  if (!ge(e)) e--;
  return e;
}

/** Rounds n/d (> 0) to an integer multiple of 2^lsb per rm; returns the multiple count and exactness. */
function roundTo(neg: boolean, n: bigint, d: bigint, lsb: number, rm: number): { q: bigint; exact: boolean } {
  let N = n;
  let Dn = d;
  if (lsb >= 0) Dn = d << BigInt(lsb); else N = n << BigInt(-lsb);
  let q = N / Dn;
  const r = N - q * Dn;
  if (r === 0n) return { q, exact: true };
  const twice = 2n * r;
  const c = twice > Dn ? 1 : twice < Dn ? -1 : 0;
  let up = false;
  if (rm === RNE) up = c > 0 || (c === 0 && (q & 1n) === 1n);
  else if (rm === RMM) up = c >= 0;
  else if (rm === RUP) up = !neg;
  else if (rm === RDN) up = neg;
  if (up) q += 1n;
  return { q, exact: false };
}

/** Correctly rounds +-n/d into format F. */
export function roundRat(neg: boolean, n: bigint, d: bigint, F: Fmt, rm: number): Res {
  const e = ilog2(n, d);
  const lsbMin = F.emin - F.p + 1;
  let lsb = Math.max(e - F.p + 1, lsbMin);
  const rr = roundTo(neg, n, d, lsb, rm);
  let q = rr.q;
  let flags = rr.exact ? 0 : NX;
  if (q === pow2(F.p)) { q >>= 1n; lsb++; }
  if (q >= pow2(F.p - 1) && lsb + F.p - 1 > F.emax) {
    flags = NX | OF;
    const toMax = rm === RTZ || (rm === RDN && !neg) || (rm === RUP && neg);
    return { bits: toMax ? maxBits(neg, F) : infBits(neg, F), flags };
  }
  if (!rr.exact) {
    const u = roundTo(neg, n, d, e - F.p + 1, rm);
    const uTop = e - F.p + 1 + blen(u.q) - 1;
    if (uTop < F.emin) flags |= UF;
  }
  if (q === 0n) return { bits: zeroBits(neg, F), flags };
  let bits: bigint;
  if (q < pow2(F.p - 1)) bits = q;
  else bits = (BigInt(lsb + F.p - 1 + F.emax) << BigInt(F.p - 1)) | (q - pow2(F.p - 1));
  return { bits: bits | signBit(neg, F), flags };
}

type Rat = { neg: boolean; n: bigint; d: bigint }; // n may be 0
function rat(v: Val): Rat {
  if (v.k === 'zero') return { neg: v.neg, n: 0n, d: 1n };
  if (v.k === 'fin') return { neg: v.neg, n: v.n, d: v.d };
  throw new Error('not finite');
}
function radd(a: Rat, b: Rat): Rat {
  const sa = a.neg ? -a.n : a.n;
  const sb = b.neg ? -b.n : b.n;
  const n = sa * b.d + sb * a.d;
  return { neg: n < 0n, n: n < 0n ? -n : n, d: a.d * b.d };
}

function nanRes(F: Fmt, flags: number): Res { return { bits: canonNaN(F), flags }; }
function anySig(...v: Val[]): boolean { return v.some((x) => x.k === 'nan' && x.sig); }
function anyNaN(...v: Val[]): boolean { return v.some((x) => x.k === 'nan'); }

/** Sum of finite values with IEEE 6.3 exact-zero sign rules. */
function sumFinite(a: Rat, b: Rat, F: Fmt, rm: number): Res {
  const s = radd(a, b);
  if (s.n === 0n) {
    const bothZero = a.n === 0n && b.n === 0n;
    const neg = bothZero && a.neg === b.neg ? a.neg : rm === RDN;
    return { bits: zeroBits(neg, F), flags: 0 };
  }
  return roundRat(s.neg, s.n, s.d, F, rm);
}

export function add(x: bigint, y: bigint, F: Fmt, rm: number): Res {
  const a = decode(x, F);
  const b = decode(y, F);
  if (anyNaN(a, b)) return nanRes(F, anySig(a, b) ? NV : 0);
  if (a.k === 'inf' || b.k === 'inf') {
    if (a.k === 'inf' && b.k === 'inf' && a.neg !== b.neg) return nanRes(F, NV);
    const neg = a.k === 'inf' ? a.neg : (b as { neg: boolean }).neg;
    return { bits: infBits(neg, F), flags: 0 };
  }
  return sumFinite(rat(a), rat(b), F, rm);
}

export function neg(x: bigint, F: Fmt): bigint { return x ^ pow2(F.width - 1); }
export function sub(x: bigint, y: bigint, F: Fmt, rm: number): Res {
  return add(x, neg(y, F), F, rm);
}

export function mul(x: bigint, y: bigint, F: Fmt, rm: number): Res {
  const a = decode(x, F);
  const b = decode(y, F);
  if (anyNaN(a, b)) return nanRes(F, anySig(a, b) ? NV : 0);
  const sn = (a as { neg: boolean }).neg !== (b as { neg: boolean }).neg;
  if (a.k === 'inf' || b.k === 'inf') {
    if (a.k === 'zero' || b.k === 'zero') return nanRes(F, NV);
    return { bits: infBits(sn, F), flags: 0 };
  }
  if (a.k === 'zero' || b.k === 'zero') return { bits: zeroBits(sn, F), flags: 0 };
  const ra = rat(a);
  const rb = rat(b);
  return roundRat(sn, ra.n * rb.n, ra.d * rb.d, F, rm);
}

export function div(x: bigint, y: bigint, F: Fmt, rm: number): Res {
  const a = decode(x, F);
  const b = decode(y, F);
  if (anyNaN(a, b)) return nanRes(F, anySig(a, b) ? NV : 0);
  const sn = (a as { neg: boolean }).neg !== (b as { neg: boolean }).neg;
  if (a.k === 'inf') return b.k === 'inf' ? nanRes(F, NV) : { bits: infBits(sn, F), flags: 0 };
  if (b.k === 'inf') return { bits: zeroBits(sn, F), flags: 0 };
  if (b.k === 'zero') return a.k === 'zero' ? nanRes(F, NV) : { bits: infBits(sn, F), flags: DZ };
  if (a.k === 'zero') return { bits: zeroBits(sn, F), flags: 0 };
  const ra = rat(a);
  const rb = rat(b);
  return roundRat(sn, ra.n * rb.d, ra.d * rb.n, F, rm);
}

function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = pow2(Math.ceil(blen(n) / 2));
  for (;;) {
    const y = (x + n / x) / 2n;
    if (y >= x) return x;
    x = y;
  }
}

export function sqrt(x: bigint, F: Fmt, rm: number): Res {
  const a = decode(x, F);
  if (a.k === 'nan') return nanRes(F, a.sig ? NV : 0);
  if (a.k === 'zero') return { bits: x, flags: 0 };
  if (a.neg) return nanRes(F, NV);
  if (a.k === 'inf') return { bits: x, flags: 0 };
  // floor(sqrt(v) * 2^K); if inexact, stand in the midpoint of the enclosing 2^-K interval.
  const K = 800;
  const t = (a.n << BigInt(2 * K)) / a.d;
  const q = isqrt(t);
  const exact = q * q * a.d === a.n << BigInt(2 * K);
  if (exact) return roundRat(false, q, pow2(K), F, rm);
  return roundRat(false, 2n * q + 1n, pow2(K + 1), F, rm);
}

/** (negProd ? -1 : 1) * x * y + (negAdd ? -1 : 1) * z, one rounding. */
export function fma(x: bigint, y: bigint, z: bigint, negProd: boolean, negAdd: boolean, F: Fmt, rm: number): Res {
  const a = decode(x, F);
  const b = decode(y, F);
  let c = decode(z, F);
  const invalidProd = (a.k === 'inf' && b.k === 'zero') || (a.k === 'zero' && b.k === 'inf');
  if (anyNaN(a, b, c)) return nanRes(F, anySig(a, b, c) || invalidProd ? NV : 0);
  if (invalidProd) return nanRes(F, NV);
  if (negAdd) c = { ...c, neg: !(c as { neg: boolean }).neg } as Val;
  const pn = ((a as { neg: boolean }).neg !== (b as { neg: boolean }).neg) !== negProd;
  if (a.k === 'inf' || b.k === 'inf') {
    if (c.k === 'inf' && c.neg !== pn) return nanRes(F, NV);
    return { bits: infBits(pn, F), flags: 0 };
  }
  if (c.k === 'inf') return { bits: infBits(c.neg, F), flags: 0 };
  const ra = rat(a);
  const rb = rat(b);
  const p: Rat = { neg: pn, n: ra.n * rb.n, d: ra.d * rb.d };
  return sumFinite(p, rat(c), F, rm);
}

/** RISC-V fmin/fmax (minimumNumber-style, -0 < +0). */
export function minmax(x: bigint, y: bigint, isMax: boolean, F: Fmt): Res {
  const a = decode(x, F);
  const b = decode(y, F);
  const flags = anySig(a, b) ? NV : 0;
  if (a.k === 'nan' && b.k === 'nan') return { bits: canonNaN(F), flags };
  if (a.k === 'nan') return { bits: y, flags };
  if (b.k === 'nan') return { bits: x, flags };
  const c = cmpVal(a, b);
  if (c === 0) {
    // Equal: +-0 pair or identical
    const an = (a as { neg: boolean }).neg;
    const pick = isMax ? !an : an;
    return { bits: pick ? x : y, flags };
  }
  return { bits: (c < 0) !== isMax ? x : y, flags };
}

/** Compare ordered values; -1, 0, 1 (zeros equal). */
function cmpVal(a: Val, b: Val): number {
  const key = (v: Val): Rat | 'pinf' | 'ninf' => (v.k === 'inf' ? (v.neg ? 'ninf' : 'pinf') : rat(v));
  const ka = key(a);
  const kb = key(b);
  const ord = (k: Rat | 'pinf' | 'ninf'): number => (k === 'pinf' ? 1 : k === 'ninf' ? -1 : 0);
  if (typeof ka === 'string' || typeof kb === 'string') {
    const oa = typeof ka === 'string' ? ord(ka) : 0;
    const ob = typeof kb === 'string' ? ord(kb) : 0;
    return oa === ob ? 0 : oa < ob ? -1 : 1;
  }
  const diff = radd(ka, { ...kb, neg: !kb.neg });
  return diff.n === 0n ? 0 : diff.neg ? -1 : 1;
}

/** feq (kind 2), flt (1), fle (0): result 0/1 and flags. */
export function compare(x: bigint, y: bigint, kind: number, F: Fmt): { r: number; flags: number } {
  const a = decode(x, F);
  const b = decode(y, F);
  if (anyNaN(a, b)) return { r: 0, flags: kind === 2 ? (anySig(a, b) ? NV : 0) : NV };
  const c = cmpVal(a, b);
  return { r: (kind === 2 ? c === 0 : kind === 1 ? c < 0 : c <= 0) ? 1 : 0, flags: 0 };
}

export function fclass(x: bigint, F: Fmt): number {
  const a = decode(x, F);
  const subnormal = ((x >> BigInt(F.p - 1)) & (pow2(F.ebits) - 1n)) === 0n;
  switch (a.k) {
    case 'nan': return a.sig ? 1 << 8 : 1 << 9;
    case 'inf': return a.neg ? 1 : 1 << 7;
    case 'zero': return a.neg ? 1 << 3 : 1 << 4;
    default: return subnormal ? (a.neg ? 1 << 2 : 1 << 5) : (a.neg ? 1 << 1 : 1 << 6);
  }
}

/** Float -> integer (kind 0 W, 1 WU, 2 L, 3 LU); result as signed 64-bit bigint. */
export function toInt(x: bigint, kind: number, F: Fmt, rm: number): { r: bigint; flags: number } {
  const a = decode(x, F);
  const lo = kind === 0 ? -pow2(31) : kind === 2 ? -pow2(63) : 0n;
  const hi = kind === 0 ? pow2(31) - 1n : kind === 1 ? pow2(32) - 1n : kind === 2 ? pow2(63) - 1n : pow2(64) - 1n;
  const sext = (v: bigint): bigint => (kind <= 1 ? BigInt.asIntN(64, BigInt.asIntN(32, v)) : BigInt.asIntN(64, v));
  if (a.k === 'nan') return { r: sext(hi), flags: NV };
  if (a.k === 'inf') return { r: sext(a.neg ? lo : hi), flags: NV };
  if (a.k === 'zero') return { r: 0n, flags: 0 };
  const rr = roundTo(a.neg, a.n, a.d, 0, rm);
  const v = a.neg ? -rr.q : rr.q;
  if (v < lo || v > hi) return { r: sext(a.neg ? lo : hi), flags: NV };
  return { r: sext(v), flags: rr.exact ? 0 : NX };
}

/** Integer (given as bigint value) -> float. */
export function fromInt(v: bigint, F: Fmt, rm: number): Res {
  if (v === 0n) return { bits: 0n, flags: 0 };
  return roundRat(v < 0n, v < 0n ? -v : v, 1n, F, rm);
}

/** fcvt between formats: from F1 bits to F2. */
export function convert(x: bigint, F1: Fmt, F2: Fmt, rm: number): Res {
  const a = decode(x, F1);
  if (a.k === 'nan') return nanRes(F2, a.sig ? NV : 0);
  if (a.k === 'inf') return { bits: infBits(a.neg, F2), flags: 0 };
  if (a.k === 'zero') return { bits: zeroBits(a.neg, F2), flags: 0 };
  return roundRat(a.neg, a.n, a.d, F2, rm);
}
