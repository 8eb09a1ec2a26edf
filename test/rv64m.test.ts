/**
 * Tests for emulator/isa/rv64m.ts: encodings against the spec opcode map, and every
 * `exec` template evaluated through a tiny stand-in for codegen ($rd/$rs1/$rs2 replaced
 * by numbers, body wrapped in `new Function('h', 'xl', 'xh', ...libNames, body)`) on
 * random and edge operands versus a BigInt reference, including rd == rs1 == rs2 and
 * rd = x0 (index 32, the write sink).
 */
import { strict as assert } from 'assert';
import { rv64m, rv64mLib } from '../emulator/isa/rv64m';
import { InsnDef } from '../emulator/isa/types';

const u64 = (v: bigint): bigint => BigInt.asUintN(64, v);
const s64 = (v: bigint): bigint => BigInt.asIntN(64, v);
const s32 = (v: bigint): bigint => BigInt.asIntN(32, v);
const u32 = (v: bigint): bigint => BigInt.asUintN(32, v);
const MIN64 = -(1n << 63n);
const MIN32 = -(1n << 31n);

/** Reference semantics (unprivileged spec 20191213 7.1, 7.2), results as signed 64-bit. */
const ref: Record<string, (a: bigint, b: bigint) => bigint> = {
  mul: (a, b) => a * b,
  mulh: (a, b) => (a * b) >> 64n,
  mulhsu: (a, b) => (a * u64(b)) >> 64n,
  mulhu: (a, b) => (u64(a) * u64(b)) >> 64n,
  div: (a, b) => (b === 0n ? -1n : a === MIN64 && b === -1n ? MIN64 : a / b),
  divu: (a, b) => (b === 0n ? -1n : u64(a) / u64(b)),
  rem: (a, b) => (b === 0n ? a : a === MIN64 && b === -1n ? 0n : a % b),
  remu: (a, b) => (b === 0n ? a : u64(a) % u64(b)),
  mulw: (a, b) => s32(a * b),
  divw: (a, b) => {
    const x = s32(a), y = s32(b);
    return y === 0n ? -1n : x === MIN32 && y === -1n ? MIN32 : s32(x / y);
  },
  divuw: (a, b) => (u32(b) === 0n ? -1n : s32(u32(a) / u32(b))),
  remw: (a, b) => {
    const x = s32(a), y = s32(b);
    return y === 0n ? x : x === MIN32 && y === -1n ? 0n : s32(x % y);
  },
  remuw: (a, b) => (u32(b) === 0n ? s32(a) : s32(u32(a) % u32(b))),
};

type Exec = (h: unknown, xl: Int32Array, xh: Int32Array, ...lib: unknown[]) => void;
const libNames = Object.keys(rv64mLib);
const libValues = Object.values(rv64mLib);

/** Minimal codegen stand-in: substitute register indices (rd 0 -> 32) and compile. */
function compile(def: InsnDef, rd: number, rs1: number, rs2: number): Exec {
  const body = def.exec
    .replace(/\$rd\b/g, String(rd === 0 ? 32 : rd))
    .replace(/\$rs1\b/g, String(rs1))
    .replace(/\$rs2\b/g, String(rs2));
  assert.ok(!/\$[a-z]/.test(body), `${def.name}: unsubstituted template variable in ${body}`);
  return new Function('h', 'xl', 'xh', ...libNames, `'use strict';\n${body}`) as Exec;
}

let seed = 12345;
function rnd32(): number {
  seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
  return seed | 0;
}
function randomValue(): bigint {
  const v = s64((BigInt(rnd32() >>> 0) << 32n) | BigInt(rnd32() >>> 0));
  switch ((rnd32() >>> 0) % 4) {
    case 0: return v;
    case 1: return s32(v);
    case 2: return BigInt.asIntN(1 + ((rnd32() >>> 0) % 63), v);
    default: return BigInt.asIntN(1 + ((rnd32() >>> 0) % 8), v);
  }
}

const edgeValues: bigint[] = [0n, 1n, -1n, 2n, -2n, 7n, MIN64, -MIN64 - 1n, MIN32, -MIN32 - 1n,
  1n << 32n, (1n << 32n) - 1n, -(1n << 32n), 1n << 53n, (1n << 53n) + 1n, -(1n << 53n) - 1n,
  0xffffffffn, 0x80000000n, 0x100000001n, -0x80000001n];

function set(xl: Int32Array, xh: Int32Array, i: number, v: bigint): void {
  xl[i] = Number(BigInt.asIntN(32, v));
  xh[i] = Number(BigInt.asIntN(32, v >> 32n));
}
function get(xl: Int32Array, xh: Int32Array, i: number): bigint {
  return s64((BigInt(xh[i] >>> 0) << 32n) | BigInt(xl[i] >>> 0));
}

describe('isa/rv64m', () => {
  it('has the spec encodings (funct7=0000001 under OP and OP-32)', () => {
    const expect: Record<string, number> = {
      mul: 0x02000033, mulh: 0x02001033, mulhsu: 0x02002033, mulhu: 0x02003033,
      div: 0x02004033, divu: 0x02005033, rem: 0x02006033, remu: 0x02007033,
      mulw: 0x0200003b, divw: 0x0200403b, divuw: 0x0200503b, remw: 0x0200603b, remuw: 0x0200703b,
    };
    assert.deepEqual(rv64m.map((d) => d.name).sort(), Object.keys(expect).sort());
    for (const d of rv64m) {
      assert.equal(d.match, expect[d.name], d.name);
      assert.equal(d.mask, 0xfe00707f, d.name);
      assert.equal(d.match & ~d.mask, 0, d.name);
      assert.equal(d.fmt, 'R');
      // `mul a0,a1,a2` assembled: 0x02c58533.
      if (d.name === 'mul') assert.equal(0x02c58533 & d.mask, d.match);
    }
  });

  it('lists every identifier the templates use in rv64mLib', () => {
    for (const d of rv64m) {
      for (const id of d.exec.match(/\bi64\w+|\bI64\b/g) ?? []) {
        assert.ok(id in rv64mLib, `${d.name} uses ${id} which rv64mLib lacks`);
      }
    }
  });

  for (const def of rv64m) {
    it(`${def.name} template matches the BigInt reference`, () => {
      const fn = ref[def.name];
      // Distinct registers, aliasing rd==rs1, rd==rs2, rs1==rs2==rd, and rd = x0.
      const shapes: Array<[number, number, number]> = [[10, 11, 12], [5, 5, 6], [7, 8, 7], [9, 9, 9], [0, 3, 4], [13, 0, 14], [15, 16, 0]];
      const execs = shapes.map(([d, a, b]) => compile(def, d, a, b));
      const pairs: Array<[bigint, bigint]> = [];
      for (const a of edgeValues) for (const b of edgeValues) pairs.push([a, b]);
      for (let i = 0; i < 4000; i++) pairs.push([randomValue(), randomValue()]);
      const xl = new Int32Array(33);
      const xh = new Int32Array(33);
      for (const [a, b] of pairs) {
        for (let s = 0; s < shapes.length; s++) {
          const [d, r1, r2] = shapes[s];
          xl.fill(0); xh.fill(0);
          if (r1 !== 0) set(xl, xh, r1, a);
          if (r2 !== 0 && r2 !== r1) set(xl, xh, r2, b);
          const va = get(xl, xh, r1), vb = get(xl, xh, r2);
          execs[s](null, xl, xh, ...libValues);
          const want = s64(fn(va, vb));
          if (d === 0) {
            assert.equal(xl[0] | xh[0], 0, 'x0 must stay zero');
          } else {
            const got = get(xl, xh, d);
            if (got !== want) {
              assert.fail(`${def.name} x${d}, x${r1}=${va}, x${r2}=${vb}: got ${got}, want ${want}`);
            }
          }
        }
      }
    });
  }
});
