/**
 * Tests of emulator/debug/regNames.ts: ABI name tables and name → DWARF number mapping.
 */
import { strict as assert } from 'assert';
import { ABI_NAMES, FP_ABI_NAMES, isFpReg, isIntReg, registerName, registerNumber } from '../../emulator/debug/regNames';

describe('regNames', () => {
  it('has 32 distinct names per file', () => {
    assert.equal(ABI_NAMES.length, 32);
    assert.equal(FP_ABI_NAMES.length, 32);
    assert.equal(new Set(ABI_NAMES).size, 32);
    assert.equal(new Set(FP_ABI_NAMES).size, 32);
    assert.equal(ABI_NAMES[10], 'a0');
    assert.equal(ABI_NAMES[18], 's2');
    assert.equal(ABI_NAMES[31], 't6');
    assert.equal(FP_ABI_NAMES[8], 'fs0');
    assert.equal(FP_ABI_NAMES[17], 'fa7');
    assert.equal(FP_ABI_NAMES[31], 'ft11');
  });

  it('maps x and ABI names', () => {
    assert.equal(registerNumber('x0'), 0);
    assert.equal(registerNumber('zero'), 0);
    assert.equal(registerNumber('x5'), 5);
    assert.equal(registerNumber('t0'), 5);
    assert.equal(registerNumber('fp'), 8);
    assert.equal(registerNumber('s0'), 8);
    assert.equal(registerNumber('s11'), 27);
    assert.equal(registerNumber('t6'), 31);
    assert.equal(registerNumber('x31'), 31);
  });

  it('maps f names to 32-63', () => {
    assert.equal(registerNumber('f0'), 32);
    assert.equal(registerNumber('f3'), 35);
    assert.equal(registerNumber('ft3'), 35);
    assert.equal(registerNumber('fa0'), 42);
    assert.equal(registerNumber('ft11'), 63);
  });

  it('accepts $ and any case; rejects non-registers', () => {
    assert.equal(registerNumber('$A0'), 10);
    assert.equal(registerNumber('$sp'), 2);
    assert.equal(registerNumber('FA1'), 43);
    assert.equal(registerNumber('x32'), undefined);
    assert.equal(registerNumber('pc'), undefined);
    assert.equal(registerNumber('foo'), undefined);
    assert.equal(registerNumber('$'), undefined);
    assert.equal(registerNumber('x05'), undefined);
  });

  it('classifies and names numbers', () => {
    assert.ok(isFpReg(32) && isFpReg(63));
    assert.ok(!isFpReg(31) && !isFpReg(64));
    assert.ok(isIntReg(0) && isIntReg(31) && !isIntReg(32));
    assert.equal(registerName(2), 'sp');
    assert.equal(registerName(42), 'fa0');
    assert.equal(registerName(64), undefined);
  });
});
