/** Tests for the shared field extractors (emulator/isa/fields.ts). */
import { strict as assert } from 'assert';
import { immB, immI, immJ, immS, immU } from '../emulator/isa/fields';

describe('isa/fields', () => {
  it('extracts sign-extended immediates', () => {
    assert.equal(immI(0xfff00093), -1);            // addi x1, x0, -1
    assert.equal(immS(0xfe112c23), -8);            // sd x1, -8(x2)
    assert.equal(immB(0xfe0008e3), -16);           // beq x0, x0, -16
    assert.equal(immJ(0xff5ff0ef), -12);           // jal ra, -12
    assert.equal(immU(0x800000b7), -0x80000000);   // lui x1, 0x80000
  });
});
