/**
 * Tests for emulator/isa/int64.ts: every helper against a BigInt reference on edge
 * values (0, ±1, MIN, MAX, 2^31/2^32/2^52/2^53/2^63 boundaries) and random inputs drawn
 * from several magnitude classes (so both the double fast paths and the slow paths run).
 */
import { strict as assert } from 'assert';
import * as I from '../emulator/isa/int64';

const M64 = (1n << 64n) - 1n;
const u64 = (v: bigint): bigint => BigInt.asUintN(64, v);
const s64 = (v: bigint): bigint => BigInt.asIntN(64, v);
const lo32 = (v: bigint): number => Number(BigInt.asIntN(32, v));
const hi32 = (v: bigint): number => Number(BigInt.asIntN(32, v >> 32n));
const pair = (lo: number, hi: number): bigint => (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);

/** Deterministic xorshift PRNG so failures are reproducible. */
let seed = 0x9e3779b9;
function rnd32(): number {
  seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
  return seed | 0;
}

const edges: bigint[] = [];
for (const e of [0, 1, 15, 16, 21, 30, 31, 32, 33, 48, 51, 52, 53, 54, 62, 63]) {
  const p = 1n << BigInt(e);
  edges.push(p, p - 1n, p + 1n, -p, -p + 1n, -p - 1n);
}
edges.push(0n, 10n, -10n, 0x7fffffffffffffffn, -0x8000000000000000n, 0x123456789abcdefn, -3n);

/** Random 64-bit values of assorted magnitudes. */
function randomValue(): bigint {
  const kind = (rnd32() >>> 0) % 6;
  const v = pair(rnd32(), rnd32());
  switch (kind) {
    case 0: return s64(v);                                   // full range
    case 1: return BigInt.asIntN(32, v);                     // 32-bit
    case 2: return BigInt.asIntN(53, v);                     // fast-path range
    case 3: return BigInt.asIntN(54 + ((rnd32() >>> 0) % 10), v); // just above 2^53
    case 4: return BigInt.asIntN(1 + ((rnd32() >>> 0) % 20), v);  // small
    default: return s64(v >> BigInt((rnd32() >>> 0) % 64));
  }
}

function operands(nRandom: number): Array<[bigint, bigint]> {
  const out: Array<[bigint, bigint]> = [];
  for (const a of edges) for (const b of edges) out.push([s64(a), s64(b)]);
  for (let i = 0; i < nRandom; i++) out.push([randomValue(), randomValue()]);
  return out;
}

type Bin = (alo: number, ahi: number, blo: number, bhi: number) => number;

function checkBinary(name: string, fn: Bin, ref: (a: bigint, b: bigint) => bigint, ops: Array<[bigint, bigint]>): number {
  let n = 0;
  for (const [a, b] of ops) {
    const lo = fn(lo32(a), hi32(a), lo32(b), hi32(b));
    const got = pair(lo, I.I64.hi);
    const want = u64(ref(a, b));
    if (got !== want) {
      assert.fail(`${name}(${a}, ${b}) = 0x${got.toString(16)}, want 0x${want.toString(16)}`);
    }
    assert.ok(Object.is(lo, lo | 0) && Object.is(I.I64.hi, I.I64.hi | 0), `${name}: non-int32 word`);
    n++;
  }
  return n;
}

const ops = operands(60000);

const refDivU = (a: bigint, b: bigint): bigint => (u64(b) === 0n ? M64 : u64(a) / u64(b));
const refRemU = (a: bigint, b: bigint): bigint => (u64(b) === 0n ? a : u64(a) % u64(b));
const refDiv = (a: bigint, b: bigint): bigint => {
  if (b === 0n) return -1n;
  if (a === -(1n << 63n) && b === -1n) return a;
  return a / b; // BigInt division truncates toward zero, like RISC-V
};
const refRem = (a: bigint, b: bigint): bigint => {
  if (b === 0n) return a;
  if (a === -(1n << 63n) && b === -1n) return 0n;
  return a % b;
};

describe('isa/int64', () => {
  it('add / sub / neg', () => {
    checkBinary('add', I.add, (a, b) => a + b, ops);
    checkBinary('sub', I.sub, (a, b) => a - b, ops);
    checkBinary('neg', (lo, hi) => I.neg(lo, hi), (a) => -a, ops);
  });

  it('mul / mulh / mulhu / mulhsu', () => {
    checkBinary('mul', I.mul, (a, b) => a * b, ops);
    checkBinary('mulhu', I.mulhu, (a, b) => (u64(a) * u64(b)) >> 64n, ops);
    checkBinary('mulh', I.mulh, (a, b) => (a * b) >> 64n, ops);
    checkBinary('mulhsu', I.mulhsu, (a, b) => (a * u64(b)) >> 64n, ops);
  });

  it('mulhu32 on 32-bit extremes', () => {
    const vals = [0, 1, -1, 0x7fffffff, -0x80000000, 0x10000, 0xffff, 0x12345678, -0x12345679];
    for (let i = 0; i < 20000; i++) vals.push(rnd32());
    for (let i = 0; i < vals.length; i++) {
      const a = vals[i], b = vals[(i * 7 + 3) % vals.length];
      const want = Number(BigInt.asIntN(32, (BigInt(a >>> 0) * BigInt(b >>> 0)) >> 32n));
      assert.equal(I.mulhu32(a, b), want, `mulhu32(${a >>> 0}, ${b >>> 0})`);
    }
  });

  it('div / divu / rem / remu (RISC-V semantics)', () => {
    checkBinary('divu', I.divu, refDivU, ops);
    checkBinary('remu', I.remu, refRemU, ops);
    checkBinary('div', I.div, refDiv, ops);
    checkBinary('rem', I.rem, refRem, ops);
  });

  it('division corner cases from the spec table (7.2, table 7.1)', () => {
    const MIN = -(1n << 63n);
    assert.equal(pair(I.div(lo32(MIN), hi32(MIN), -1, -1), I.I64.hi), u64(MIN));
    assert.equal(pair(I.rem(lo32(MIN), hi32(MIN), -1, -1), I.I64.hi), 0n);
    assert.equal(pair(I.divu(5, 0, 0, 0), I.I64.hi), M64);
    assert.equal(pair(I.remu(5, 7, 0, 0), I.I64.hi), pair(5, 7));
    assert.equal(pair(I.div(-5, -1, 0, 0), I.I64.hi), M64);
    assert.equal(pair(I.rem(-5, -1, 0, 0), I.I64.hi), u64(-5n));
  });

  it('division with large dividends and divisors near 2^32 and 2^64', () => {
    const special: Array<[bigint, bigint]> = [];
    const bigs = [M64, M64 - 1n, 1n << 63n, (1n << 63n) + 1n, (1n << 53n) + 1n, 0xfedcba9876543210n];
    const divisors = [1n, 2n, 3n, 10n, 0xffffffffn, 0x100000000n, 0x100000001n, (1n << 53n) - 1n,
      1n << 53n, (1n << 53n) + 1n, 0xffffffffffffn, M64, M64 - 1n, 1n << 63n, (1n << 63n) - 1n];
    for (const a of bigs) for (const b of divisors) special.push([s64(a), s64(b)]);
    // Values whose quotient sits just below/above an integer: q*d - 1, q*d, q*d + 1.
    for (let i = 0; i < 20000; i++) {
      const d = u64(randomValue()) | 1n;
      const q = u64(randomValue()) % ((M64 / d) + 1n);
      for (const delta of [-1n, 0n, 1n, d - 1n]) special.push([s64(q * d + delta), s64(d)]);
    }
    checkBinary('divu', I.divu, refDivU, special);
    checkBinary('remu', I.remu, refRemU, special);
    checkBinary('div', I.div, refDiv, special);
    checkBinary('rem', I.rem, refRem, special);
  });

  it('shifts by 0..63 and modulo 64', () => {
    const vals = [...edges.map(s64), ...Array.from({ length: 300 }, randomValue)];
    for (const v of vals) {
      for (let sh = 0; sh < 70; sh++) {
        const s = BigInt(sh & 63);
        let lo = I.sll(lo32(v), hi32(v), sh);
        assert.equal(pair(lo, I.I64.hi), u64(v << s), `sll ${v} ${sh}`);
        lo = I.srl(lo32(v), hi32(v), sh);
        assert.equal(pair(lo, I.I64.hi), u64(v) >> s, `srl ${v} ${sh}`);
        lo = I.sra(lo32(v), hi32(v), sh);
        assert.equal(pair(lo, I.I64.hi), u64(s64(v) >> s), `sra ${v} ${sh}`);
      }
    }
  });

  it('comparisons and number conversions', () => {
    for (const [a, b] of ops.slice(0, 20000)) {
      assert.equal(I.lt(lo32(a), hi32(a), lo32(b), hi32(b)), s64(a) < s64(b));
      assert.equal(I.ltu(lo32(a), hi32(a), lo32(b), hi32(b)), u64(a) < u64(b));
      const sa = s64(a);
      if (sa > -(1n << 53n) && sa < (1n << 53n)) {
        assert.equal(I.toNumber(lo32(a), hi32(a)), Number(sa));
        const lo = I.fromNumber(Number(sa));
        assert.equal(pair(lo, I.I64.hi), u64(sa));
      }
      if (u64(a) < (1n << 53n)) assert.equal(I.toNumberU(lo32(a), hi32(a)), Number(u64(a)));
    }
    // Unsigned values up to 2^64 that are exact doubles.
    for (const v of [2n ** 63n, 2n ** 64n - 2048n, 2n ** 53n, 2n ** 60n + 4096n]) {
      const lo = I.fromNumber(Number(v));
      assert.equal(pair(lo, I.I64.hi), v);
    }
  });
});
