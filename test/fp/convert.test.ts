/**
 * F/D conversions against the rational reference (fpRef.ts): fcvt.{w,wu,l,lu}.{s,d}
 * (saturation, NV/NX, sign extension), fcvt.{s,d}.{w,wu,l,lu} (exact rounding of 64-bit
 * sources in every mode), fcvt.s.d and fcvt.d.s. Every rounding mode, with and without
 * NX already accrued; bits, integer results and fflags must match exactly.
 */
import { strict as assert } from 'assert';
import * as R from './fpRef';
import { Fmt, S, D } from './fpRef';
import { FakeHart, Rng, setF, getF, setX, getX, genOne, hex } from './fpHarness';
import * as C from '../../emulator/fp/convert';

const CASES = Number(process.env.FP_CASES ?? 2500);

type ToInt = (h: FakeHart, rd: number, a: number, rm: number, insn: number) => void;
type FromInt = (h: FakeHart, d: number, rs1: number, rm: number, insn: number) => void;

const TO_INT: [string, Fmt, number, ToInt][] = [
  ['fcvt.w.s', S, 0, C.fCvtWS], ['fcvt.wu.s', S, 1, C.fCvtWUS], ['fcvt.l.s', S, 2, C.fCvtLS], ['fcvt.lu.s', S, 3, C.fCvtLUS],
  ['fcvt.w.d', D, 0, C.fCvtWD], ['fcvt.wu.d', D, 1, C.fCvtWUD], ['fcvt.l.d', D, 2, C.fCvtLD], ['fcvt.lu.d', D, 3, C.fCvtLUD],
];
const FROM_INT: [string, Fmt, number, FromInt][] = [
  ['fcvt.s.w', S, 0, C.fCvtSW], ['fcvt.s.wu', S, 1, C.fCvtSWU], ['fcvt.s.l', S, 2, C.fCvtSL], ['fcvt.s.lu', S, 3, C.fCvtSLU],
  ['fcvt.d.w', D, 0, C.fCvtDW], ['fcvt.d.wu', D, 1, C.fCvtDWU], ['fcvt.d.l', D, 2, C.fCvtDL], ['fcvt.d.lu', D, 3, C.fCvtDLU],
];

/** Floats concentrated around integer-range boundaries and small values with fractions. */
function genForInt(F: Fmt, r: Rng): bigint {
  const c = r.int(4);
  if (c === 0) return genOne(F, r);
  const bound = [0, 1, 31, 32, 63, 64, 52, 53, 23, 24][r.int(10)];
  const e = Math.max(0, bound - 2 + r.int(5)) + (c === 1 ? -r.int(4) : 0);
  const be = e + F.emax;
  const frac = r.big(F.p - 1);
  const tz = BigInt(r.int(F.p));
  return (r.int(2) ? 1n << BigInt(F.width - 1) : 0n) | (BigInt(Math.max(0, be)) << BigInt(F.p - 1)) |
    (c === 2 ? (frac >> tz) << tz : frac);
}

/** 64-bit integers of every magnitude, with short tails (ties) and boundary values. */
function genInt(r: Rng): bigint {
  const bits = r.int(65);
  let v = bits === 0 ? 0n : r.big(bits) | (1n << BigInt(bits - 1));
  if (r.int(3) === 0) { const tz = BigInt(r.int(Math.max(1, bits))); v = (v >> tz) << tz; }
  if (r.int(5) === 0) v = [0n, 1n, (1n << 63n) - 1n, 1n << 63n, (1n << 64n) - 1n, (1n << 31n) - 1n, 1n << 31n, (1n << 32n) - 1n,
    (1n << 24n) + 1n, (1n << 53n) + 1n, (1n << 64n) - (1n << 39n), (1n << 63n) - (1n << 38n) - 1n][r.int(12)];
  if (r.int(2)) v = -v;
  return BigInt.asIntN(64, v);
}

function wordValue(v: bigint, kind: number): bigint {
  if (kind === 0) return BigInt.asIntN(32, v);
  if (kind === 1) return BigInt.asUintN(32, v);
  if (kind === 2) return BigInt.asIntN(64, v);
  return BigInt.asUintN(64, v);
}

describe('fp/convert: conversions vs rational reference', () => {
  for (const [name, F, kind, fn] of TO_INT) {
    it(`${name}: saturation, flags, sign extension in all modes`, () => {
      const r = new Rng(0xc0ffee + kind * 31 + F.width);
      const h = new FakeHart();
      const failures: string[] = [];
      for (let i = 0; i < CASES; i++) {
        const x = genForInt(F, r);
        for (let rm = 0; rm < 5; rm++) {
          const ref = R.toInt(x, kind, F, rm);
          for (const preset of [0, R.NX]) {
            h.fflags = preset;
            setF(h, 1, x, F);
            const dyn = i % 2 === 0;
            h.frm = dyn ? rm : 6;
            fn(h, 5, 1, dyn ? 7 : rm, 0);
            const got = getX(h, 5);
            if ((got !== ref.r || h.fflags !== (ref.flags | preset)) && failures.length < 10) {
              failures.push(`${name} rm=${rm} x=${hex(x, F)} got ${got} flags ${h.fflags} want ${ref.r} flags ${ref.flags | preset}`);
            }
          }
        }
      }
      // rd = x0 maps to the sink register 32; nothing else may change.
      setF(h, 1, F === S ? 0x40490fdbn : 0x400921fb54442d18n, F);
      h.xl[0] = 0; h.xh[0] = 0;
      fn(h, 32, 1, 0, 0);
      assert.equal(h.xl[0] | h.xh[0], 0);
      assert.deepEqual(failures, []);
    });
  }

  for (const [name, F, kind, fn] of FROM_INT) {
    it(`${name}: exact rounding of integer sources in all modes`, () => {
      const r = new Rng(0xbeef + kind * 17 + F.width);
      const h = new FakeHart();
      const failures: string[] = [];
      for (let i = 0; i < CASES; i++) {
        const raw = genInt(r);
        const v = wordValue(raw, kind);
        for (let rm = 0; rm < 5; rm++) {
          const ref = R.fromInt(v, F, rm);
          for (const preset of [0, R.NX]) {
            h.fflags = preset;
            setX(h, 7, raw);
            fn(h, 3, 7, rm, 0);
            const got = getF(h, 3, F);
            if ((got !== ref.bits || h.fflags !== (ref.flags | preset)) && failures.length < 10) {
              failures.push(`${name} rm=${rm} v=${v} got ${got === null ? 'unboxed' : hex(got, F)} flags ${h.fflags} want ${hex(ref.bits, F)} flags ${ref.flags | preset}`);
            }
          }
        }
      }
      assert.deepEqual(failures, []);
    });
  }

  for (const [name, F1, F2, fn] of [['fcvt.s.d', D, S, C.fCvtSD], ['fcvt.d.s', S, D, C.fCvtDS]] as const) {
    it(`${name}: rounding, NaN canonicalisation and flags in all modes`, () => {
      const r = new Rng(F1.width * 1009);
      const h = new FakeHart();
      const failures: string[] = [];
      for (let i = 0; i < CASES * 2; i++) {
        let x = genOne(F1, r);
        if (F1 === D && r.int(2)) {
          // doubles near the binary32 range limits and subnormal range
          const be = 1023 + [-150, -149, -127, -126, -125, 127, 128, 0, -100][r.int(9)] + r.int(5) - 2;
          const tz = BigInt(r.int(53));
          x = (r.int(2) ? 1n << 63n : 0n) | (BigInt(be) << 52n) | ((r.big(52) >> tz) << tz);
        }
        const unboxed = F1 === S && r.int(30) === 0;
        for (let rm = 0; rm < 5; rm++) {
          const ref = R.convert(unboxed ? R.canonNaN(S) : x, F1, F2, rm);
          for (const preset of [0, R.NX]) {
            h.fflags = preset;
            setF(h, 2, x, F1, !unboxed);
            fn(h, 4, 2, rm, 0);
            const got = getF(h, 4, F2);
            if ((got !== ref.bits || h.fflags !== (ref.flags | preset)) && failures.length < 10) {
              failures.push(`${name} rm=${rm} x=${hex(x, F1)}${unboxed ? ' (unboxed)' : ''} got ${got === null ? 'unboxed' : hex(got, F2)} flags ${h.fflags} want ${hex(ref.bits, F2)} flags ${ref.flags | preset}`);
            }
          }
        }
      }
      assert.deepEqual(failures, []);
    });
  }

  it('spec examples: fcvt.wu.d of 2^31 sign-extends; NaN saturates to max; -1.5 to WU is NV 0', () => {
    const h = new FakeHart();
    h.fd[1] = 2147483648;
    C.fCvtWUD(h, 5, 1, 1, 0);
    assert.equal(getX(h, 5), -2147483648n);
    assert.equal(h.fflags, 0);
    h.f[2] = 0; h.f[3] = 0x7ff80000;
    C.fCvtLD(h, 5, 1, 0, 0);
    assert.equal(getX(h, 5), (1n << 63n) - 1n);
    assert.equal(h.fflags, R.NV);
    h.fflags = 0;
    h.fd[1] = -1.5;
    C.fCvtWUD(h, 5, 1, 1, 0);
    assert.equal(getX(h, 5), 0n);
    assert.equal(h.fflags, R.NV);
    h.fflags = 0;
    h.fd[1] = -0.5;
    C.fCvtLUD(h, 5, 1, 1, 0); // RTZ: -0.5 -> 0 in range, inexact
    assert.equal(getX(h, 5), 0n);
    assert.equal(h.fflags, R.NX);
  });
});
