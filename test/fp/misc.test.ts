/**
 * Non-arithmetic F/D instructions against the reference (fpRef.ts): sign injection,
 * fmin/fmax (RISC-V 2.2+ semantics), feq/flt/fle (quiet vs signalling), fclass,
 * fmv.* and FP loads/stores (NaN-boxing, raw stores), and illegal rounding modes.
 */
import { strict as assert } from 'assert';
import * as R from './fpRef';
import { Fmt, S, D } from './fpRef';
import { FakeHart, IllegalInsn, Rng, setF, getF, setX, getX, genOne, genRelated, specials, hex, FMTS } from './fpHarness';
import * as M from '../../emulator/fp/misc';
import * as C from '../../emulator/fp/convert';
import * as AD from '../../emulator/fp/arithD';
import * as AS from '../../emulator/fp/arithS';

const CASES = Number(process.env.FP_CASES ?? 2500);

/** Operand pairs: all pairs of specials, then random/related values; singles sometimes unboxed. */
function* pairs(F: Fmt, seed: number): Generator<{ x: bigint; y: bigint; ux: boolean; uy: boolean }> {
  const sp = specials(F);
  for (const x of sp) for (const y of sp) yield { x, y, ux: false, uy: false };
  const r = new Rng(seed);
  for (let i = 0; i < CASES; i++) {
    const x = genOne(F, r);
    const y = r.int(3) === 0 ? x : genRelated(F, x, r);
    yield { x, y, ux: F === S && r.int(20) === 0, uy: F === S && r.int(20) === 0 };
  }
}

describe('fp/misc: sign injection, min/max, compare, class, moves, loads/stores', () => {
  for (const [fname, F] of FMTS) {
    const sign = 1n << BigInt(F.width - 1);
    const sgnj = F === S ? M.fSgnjS : M.fSgnjD;
    const minmax = F === S ? M.fMinMaxS : M.fMinMaxD;
    const cmp = F === S ? M.fCmpS : M.fCmpD;
    const fclass = F === S ? M.fClassS : M.fClassD;

    it(`fsgnj/fsgnjn/fsgnjx.${fname.toLowerCase()} are bit operations`, () => {
      const h = new FakeHart();
      for (const { x, y, ux, uy } of pairs(F, 11 + F.width)) {
        const ex = ux ? R.canonNaN(S) : x;
        const ey = uy ? R.canonNaN(S) : y;
        const want = [(ex & ~sign) | (ey & sign), (ex & ~sign) | (~ey & sign), ex ^ (ey & sign)];
        for (let k = 0; k < 3; k++) {
          setF(h, 1, x, F, !ux);
          setF(h, 2, y, F, !uy);
          h.fflags = 0;
          sgnj(h, 3, 1, 2, k);
          assert.equal(getF(h, 3, F), want[k], `k=${k} ${hex(x, F)} ${hex(y, F)}`);
          assert.equal(h.fflags, 0);
        }
      }
    });

    it(`fmin/fmax.${fname.toLowerCase()}: -0 < +0, NaN operands, sNaN raises NV`, () => {
      const h = new FakeHart();
      for (const { x, y, ux, uy } of pairs(F, 22 + F.width)) {
        for (const isMax of [0, 1]) {
          const ref = R.minmax(ux ? R.canonNaN(S) : x, uy ? R.canonNaN(S) : y, isMax === 1, F);
          setF(h, 1, x, F, !ux);
          setF(h, 2, y, F, !uy);
          h.fflags = 0;
          const d = [3, 1, 2][Number(x & 3n) % 3];
          minmax(h, d, 1, 2, isMax);
          const got = getF(h, d, F);
          assert.ok(got === ref.bits && h.fflags === ref.flags,
            `${isMax ? 'max' : 'min'} ${hex(x, F)} ${hex(y, F)} got ${got === null ? 'unboxed' : hex(got, F)}/${h.fflags} want ${hex(ref.bits, F)}/${ref.flags}`);
        }
      }
    });

    it(`feq/flt/fle.${fname.toLowerCase()}: quiet and signalling comparisons`, () => {
      const h = new FakeHart();
      for (const { x, y, ux, uy } of pairs(F, 33 + F.width)) {
        for (const kind of [0, 1, 2]) {
          const ref = R.compare(ux ? R.canonNaN(S) : x, uy ? R.canonNaN(S) : y, kind, F);
          setF(h, 1, x, F, !ux);
          setF(h, 2, y, F, !uy);
          h.fflags = 0;
          h.xh[9] = 77;
          cmp(h, 9, 1, 2, kind);
          assert.ok(getX(h, 9) === BigInt(ref.r) && h.fflags === ref.flags,
            `kind=${kind} ${hex(x, F)} ${hex(y, F)} got ${getX(h, 9)}/${h.fflags} want ${ref.r}/${ref.flags}`);
        }
      }
    });

    it(`fclass.${fname.toLowerCase()}`, () => {
      const h = new FakeHart();
      for (const { x, ux } of pairs(F, 44 + F.width)) {
        setF(h, 1, x, F, !ux);
        fclass(h, 9, 1);
        assert.equal(getX(h, 9), BigInt(R.fclass(ux ? R.canonNaN(S) : x, F)), hex(x, F));
      }
    });
  }

  it('fmv.x.w sign-extends the raw low word; fmv.w.x NaN-boxes; fmv.x.d / fmv.d.x move 64 bits', () => {
    const h = new FakeHart();
    h.f[2] = 0x80000001 | 0; h.f[3] = 0x1234; // not boxed: fmv.x.w still moves the low word
    M.fMvXW(h, 5, 1);
    assert.equal(getX(h, 5), -2147483647n);
    setX(h, 6, 0x123456789abcdef0n);
    M.fMvWX(h, 2, 6);
    assert.equal(getF(h, 2, S), 0x9abcdef0n);
    M.fMvDX(h, 3, 6);
    assert.equal(getF(h, 3, D), 0x123456789abcdef0n);
    M.fMvXD(h, 7, 3);
    assert.equal(getX(h, 7), 0x123456789abcdef0n);
    setF(h, 4, 0x7ff4000000000001n, D); // sNaN payload preserved by moves
    M.fMvXD(h, 8, 4);
    assert.equal(BigInt.asUintN(64, getX(h, 8)), 0x7ff4000000000001n);
    assert.equal(h.fflags, 0);
  });

  it('0 * inf + qNaN raises NV in fused multiply-add (both precisions)', () => {
    const h = new FakeHart();
    for (const F of [S, D]) {
      setF(h, 1, 0n, F);
      setF(h, 2, F === S ? 0x7f800000n : 0x7ff0000000000000n, F);
      setF(h, 3, F === S ? 0x7fc00000n : 0x7ff8000000000000n, F);
      h.fflags = 0;
      (F === S ? AS.fMaddS : AD.fMaddD)(h, 4, 1, 2, 3, 0, 0);
      assert.equal(h.fflags, R.NV);
      assert.equal(getF(h, 4, F), R.canonNaN(F));
    }
  });

  it('double FMA ties: RMM rounds away, RNE to even (fast path)', () => {
    const h = new FakeHart();
    // (1 + 2^-27)^2 - 2^-26 + 2^-54 = 1 + 2^-53: exactly halfway between 1 and 1 + 2^-52.
    h.fd[1] = 1 + 2 ** -27; h.fd[2] = 1 + 2 ** -27; h.fd[3] = -(2 ** -26) + 2 ** -54;
    for (const [rm, want] of [[0, 1], [4, 1 + 2 ** -52], [1, 1], [3, 1 + 2 ** -52], [2, 1]]) {
      h.fflags = 0;
      AD.fMaddD(h, 4, 1, 2, 3, rm, 0);
      assert.equal(h.fd[4], want, `rm=${rm}`);
      assert.equal(h.fflags, R.NX);
    }
  });

  it('conversions and compares validate the rounding mode; fpOn is not called by helpers', () => {
    const h = new FakeHart();
    h.frm = 5;
    assert.throws(() => C.fCvtDW(h, 1, 0, 7, 0x42), IllegalInsn);
    assert.throws(() => C.fCvtWD(h, 1, 0, 6, 0x42), IllegalInsn);
    assert.throws(() => C.fCvtDS(h, 1, 0, 5, 0x42), IllegalInsn);
    M.fCmpD(h, 1, 0, 0, 2); // no rm field: never illegal
    assert.equal(h.fpOnCalls, 0);
  });
});
