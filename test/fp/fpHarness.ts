/**
 * Test harness for the F/D tests: a fake FpHart (register file, flags, byte memory),
 * register accessors working on bigint bit patterns, a seeded PRNG and operand
 * generators biased towards edge cases (zeros, infinities, NaNs, subnormals, exponent
 * limits, short significands that create exact and halfway results, cancellation).
 */
import { FpHart } from '../../emulator/fp/fpHart';
import { Fmt, S, D, mul, RNE } from './fpRef';

export class IllegalInsn extends Error {
  constructor(readonly insn: number) { super(`illegal instruction 0x${(insn >>> 0).toString(16)}`); }
}

export class FakeHart implements FpHart {
  readonly buf = new ArrayBuffer(32 * 8);
  f = new Int32Array(this.buf);
  fd = new Float64Array(this.buf);
  fs = new Float32Array(this.buf);
  xl = new Int32Array(33);
  xh = new Int32Array(33);
  fflags = 0;
  frm = 0;
  ldHi = 0;
  fpOnCalls = 0;
  mem = new Map<number, number>();
  illegal(insn: number): never { throw new IllegalInsn(insn); }
  fpOn(_insn: number): void { this.fpOnCalls++; }
  private rb(a: number): number { return this.mem.get(a) ?? 0; }
  lw(addr: number): number {
    return (this.rb(addr) | (this.rb(addr + 1) << 8) | (this.rb(addr + 2) << 16) | (this.rb(addr + 3) << 24)) | 0;
  }
  ld(addr: number): number { this.ldHi = this.lw(addr + 4); return this.lw(addr); }
  sw(addr: number, v: number): void { for (let i = 0; i < 4; i++) this.mem.set(addr + i, (v >>> (8 * i)) & 0xff); }
  sd(addr: number, lo: number, hi: number): void { this.sw(addr, lo); this.sw(addr + 4, hi); }
  // What generated code touches besides the FpHart interface: an always-missing TLB,
  // so memory goes through the slow-path methods below.
  pc = 0;
  mstatus = 0;
  loadBase = 0;
  storeBase = 0;
  tlbVpn = new Float64Array(4096).fill(NaN);
  tlbOff = new Float64Array(4096);
  view = new DataView(new ArrayBuffer(8));
  ram = new Uint8Array(8);
  loadSlow(a: number, size: number): number { return size === 8 ? this.ld(a) : this.lw(a); }
  storeSlow(a: number, size: number, lo: number, hi: number): void {
    if (size === 8) this.sd(a, lo, hi); else this.sw(a, lo);
  }
}

export function setF(h: FakeHart, i: number, bits: bigint, F: Fmt, boxed = true): void {
  if (F === S) {
    h.f[2 * i] = Number(bits & 0xffffffffn) | 0;
    h.f[2 * i + 1] = boxed ? -1 : 0x12345678;
  } else {
    h.f[2 * i] = Number(bits & 0xffffffffn) | 0;
    h.f[2 * i + 1] = Number((bits >> 32n) & 0xffffffffn) | 0;
  }
}

/** Reads an FP register; for singles returns null if the result is not NaN-boxed. */
export function getF(h: FakeHart, i: number, F: Fmt): bigint | null {
  if (F === S) return h.f[2 * i + 1] === -1 ? BigInt(h.f[2 * i] >>> 0) : null;
  return (BigInt(h.f[2 * i + 1] >>> 0) << 32n) | BigInt(h.f[2 * i] >>> 0);
}

export function setX(h: FakeHart, i: number, v: bigint): void {
  const u = BigInt.asUintN(64, v);
  h.xl[i] = Number(u & 0xffffffffn) | 0;
  h.xh[i] = Number(u >> 32n) | 0;
}
export function getX(h: FakeHart, i: number): bigint {
  return BigInt.asIntN(64, (BigInt(h.xh[i] >>> 0) << 32n) | BigInt(h.xl[i] >>> 0));
}

/** mulberry32 PRNG. */
export class Rng {
  constructor(private s: number) {}
  u32(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  int(n: number): number { return this.u32() % n; }
  big(bits: number): bigint {
    let r = 0n;
    for (let k = 0; k < bits; k += 32) r = (r << 32n) | BigInt(this.u32());
    return r & ((1n << BigInt(bits)) - 1n);
  }
  pick<T>(a: readonly T[]): T { return a[this.int(a.length)]; }
}

function fields(F: Fmt): { fb: bigint; emask: bigint; maxBe: number } {
  return { fb: BigInt(F.p - 1), emask: (1n << BigInt(F.ebits)) - 1n, maxBe: (1 << F.ebits) - 1 };
}

export function make(F: Fmt, neg: boolean, be: number, frac: bigint): bigint {
  const { fb } = fields(F);
  return (neg ? 1n << BigInt(F.width - 1) : 0n) | (BigInt(be) << fb) | (frac & ((1n << fb) - 1n));
}

export function specials(F: Fmt): bigint[] {
  const { fb, maxBe } = fields(F);
  const fm = (1n << fb) - 1n;
  const list: bigint[] = [];
  for (const neg of [false, true]) {
    list.push(make(F, neg, 0, 0n), make(F, neg, maxBe, 0n), make(F, neg, 0, 1n), make(F, neg, 0, fm),
      make(F, neg, 1, 0n), make(F, neg, 1, 1n), make(F, neg, maxBe - 1, fm), make(F, neg, maxBe - 1, 0n),
      make(F, neg, F.emax, 0n), make(F, neg, F.emax, 1n), make(F, neg, F.emax - 1, fm),
      make(F, neg, maxBe, 1n << (fb - 1n)), make(F, neg, maxBe, 1n), make(F, neg, maxBe, fm),
      make(F, neg, maxBe, (1n << (fb - 1n)) | 5n));
  }
  return list;
}

/** One operand biased towards edge cases. */
export function genOne(F: Fmt, r: Rng): bigint {
  const { maxBe } = fields(F);
  const neg = r.int(2) === 1;
  const frac = r.big(F.p - 1);
  switch (r.int(8)) {
    case 0: return r.big(F.width);
    case 1: return r.pick(specials(F));
    case 2: return make(F, neg, F.emax - 20 + r.int(41), frac);
    case 3: { // short significand
      const tz = BigInt(r.int(F.p));
      return make(F, neg, F.emax - 30 + r.int(61), (frac >> tz) << tz);
    }
    case 4: return make(F, neg, r.int(F.p + 8), frac); // subnormal / tiny
    case 5: return make(F, neg, maxBe - 1 - r.int(F.p + 8), frac); // huge
    case 6: { // short significand, anywhere
      const tz = BigInt(r.int(F.p));
      return make(F, neg, 1 + r.int(maxBe - 1), (frac >> tz) << tz);
    }
    default: return make(F, neg, 1 + r.int(maxBe - 1), frac);
  }
}

function expOf(F: Fmt, x: bigint): number {
  const { fb, emask } = fields(F);
  return Number((x >> fb) & emask);
}

/** A second operand related to the first (close exponents, near-negation, product targets). */
export function genRelated(F: Fmt, x: bigint, r: Rng): bigint {
  const { maxBe } = fields(F);
  const be = expOf(F, x);
  const neg = r.int(2) === 1;
  const clampBe = (e: number): number => Math.max(0, Math.min(maxBe - 1, e));
  switch (r.int(6)) {
    case 0: return genOne(F, r);
    case 1: { // same magnitude region
      const tz = BigInt(r.int(F.p));
      return make(F, neg, clampBe(be - 3 + r.int(7)), (r.big(F.p - 1) >> tz) << tz);
    }
    case 2: { // near -x or x (cancellation)
      const sign = 1n << BigInt(F.width - 1);
      const d = BigInt(r.int(9) - 4);
      const y = (x ^ (r.int(2) ? sign : 0n)) + d;
      return BigInt.asUintN(F.width, y);
    }
    case 3: // far exponent (alignment / sticky)
      return make(F, neg, clampBe(be - r.int(F.p + 10) + (r.int(2) ? F.p + 10 : 0)), r.big(F.p - 1));
    case 4: // product/quotient lands near the underflow threshold
      return make(F, neg, clampBe(F.emax + 1 - be + r.int(F.p + 4) - (F.p + 2)), r.big(F.p - 1));
    default: // product lands near overflow
      return make(F, neg, clampBe(maxBe - 1 + F.emax - be - r.int(4)), r.big(F.p - 1));
  }
}

/** Addend for fused multiply-add: random, related to the product, or cancelling it. */
export function genAddend(F: Fmt, x: bigint, y: bigint, r: Rng): bigint {
  const choice = r.int(5);
  if (choice === 0) return genOne(F, r);
  const p = mul(x, y, F, RNE).bits;
  const { maxBe } = fields(F);
  const pe = expOf(F, p);
  if (pe === maxBe) return genOne(F, r);
  if (choice <= 2) { // cancel the rounded product, perturbed by a few ulps
    const sign = 1n << BigInt(F.width - 1);
    return BigInt.asUintN(F.width, (p ^ (choice === 1 ? sign : 0n)) + BigInt(r.int(5) - 2));
  }
  const tz = BigInt(r.int(F.p));
  const e = Math.max(0, Math.min(maxBe - 1, pe - r.int(2 * F.p + 6) + F.p + 3));
  return make(F, r.int(2) === 1, e, (r.big(F.p - 1) >> tz) << tz);
}

export const FMTS: readonly [string, Fmt][] = [['S', S], ['D', D]];

export function hex(x: bigint, F: Fmt): string {
  return '0x' + x.toString(16).padStart(F.width / 4, '0');
}
