/** Tests for the PLIC (emulator/devices/plic.ts). */
import { strict as assert } from 'assert';
import { MipBit } from '../../emulator/bus/device';
import { Plic } from '../../emulator/devices/plic';
import { FakeLines } from './fakes';

const prio = (src: number): number => 4 * src;
const enable = (ctx: number, src: number): number => 0x2000 + 0x80 * ctx + 4 * (src >>> 5);
const threshold = (ctx: number): number => 0x200000 + 0x1000 * ctx;
const claim = (ctx: number): number => threshold(ctx) + 4;

function setup(): { p: Plic; lines: FakeLines[] } {
  const lines = [new FakeLines(), new FakeLines()];
  return { p: new Plic(2, lines, 96, 7), lines };
}

describe('devices/plic', () => {
  it('stores priorities masked to 3 bits and enables per context', () => {
    const { p } = setup();
    p.write(prio(10), 4, 0xff);
    assert.equal(p.read(prio(10), 4), 7);
    p.write(enable(1, 10), 4, 0xffffffff);
    assert.equal(p.read(enable(1, 10), 4), 0xfffffffe); // source 0 does not exist
    p.write(enable(1, 96), 4, 0xffffffff);
    assert.equal(p.read(enable(1, 96), 4), 1); // only source 96 in the last word
    assert.equal(p.read(enable(0, 10), 4), 0);
  });

  it('routes a level interrupt to S-mode of hart 0 and handles claim/complete', () => {
    const { p, lines } = setup();
    p.write(prio(10), 4, 1);
    p.write(enable(1, 10), 4, 1 << 10);
    p.setIrq(10, true);
    assert.equal(p.read(0x1000, 4), 1 << 10);
    assert.equal(lines[0].has(MipBit.SEIP), true);
    assert.equal(lines[0].has(MipBit.MEIP), false);
    assert.equal(lines[1].mip, 0);
    assert.equal(p.read(claim(1), 4), 10);
    assert.equal(lines[0].has(MipBit.SEIP), false);
    assert.equal(p.read(claim(1), 4), 0); // in flight: not claimable again
    // Still asserted at completion: pending again.
    p.write(claim(1), 4, 10);
    assert.equal(lines[0].has(MipBit.SEIP), true);
    assert.equal(p.read(claim(1), 4), 10);
    p.setIrq(10, false);
    p.write(claim(1), 4, 10);
    assert.equal(lines[0].has(MipBit.SEIP), false);
    assert.equal(p.read(0x1000, 4), 0);
  });

  it('drops pending when a level source deasserts before the claim', () => {
    const { p, lines } = setup();
    p.write(prio(3), 4, 1);
    p.write(enable(0, 3), 4, 1 << 3);
    p.setIrq(3, true);
    assert.equal(lines[0].has(MipBit.MEIP), true);
    p.setIrq(3, false);
    assert.equal(lines[0].has(MipBit.MEIP), false);
    assert.equal(p.read(claim(0), 4), 0);
  });

  it('respects threshold and priority 0', () => {
    const { p, lines } = setup();
    p.write(enable(2, 5), 4, 1 << 5);
    p.setIrq(5, true);
    assert.equal(lines[1].has(MipBit.MEIP), false); // priority 0 never interrupts
    p.write(prio(5), 4, 3);
    assert.equal(lines[1].has(MipBit.MEIP), true);
    p.write(threshold(2), 4, 3);
    assert.equal(lines[1].has(MipBit.MEIP), false);
    assert.equal(p.read(claim(2), 4), 0);
    p.write(threshold(2), 4, 2);
    assert.equal(lines[1].has(MipBit.MEIP), true);
  });

  it('claims the highest priority, lowest ID first', () => {
    const { p } = setup();
    for (const s of [1, 2, 40]) p.write(prio(s), 4, s === 40 ? 5 : 2);
    p.write(enable(0, 1), 4, (1 << 1) | (1 << 2));
    p.write(enable(0, 40), 4, 1 << (40 - 32));
    for (const s of [1, 2, 40]) p.setIrq(s, true);
    assert.equal(p.read(claim(0), 4), 40);
    assert.equal(p.read(claim(0), 4), 1);
    assert.equal(p.read(claim(0), 4), 2);
    assert.equal(p.read(claim(0), 4), 0);
  });

  it('ignores completion of sources not enabled for the context', () => {
    const { p } = setup();
    p.write(prio(7), 4, 1);
    p.write(enable(0, 7), 4, 1 << 7);
    p.setIrq(7, true);
    assert.equal(p.read(claim(0), 4), 7);
    p.write(claim(1), 4, 7); // context 1 does not enable source 7
    assert.equal(p.read(claim(0), 4), 0);
    p.write(claim(0), 4, 7);
    assert.equal(p.read(claim(0), 4), 7);
  });
});
