/** Tests for the CLINT-layout ACLINT (emulator/devices/aclint.ts). */
import { strict as assert } from 'assert';
import { MipBit } from '../../emulator/bus/device';
import { Aclint } from '../../emulator/devices/aclint';
import { FakeClock, FakeLines } from './fakes';

function setup(harts = 2): { a: Aclint; clock: FakeClock; lines: FakeLines[] } {
  const clock = new FakeClock();
  const lines = Array.from({ length: harts }, () => new FakeLines());
  return { a: new Aclint(harts, clock, lines), clock, lines };
}

describe('devices/aclint', () => {
  it('drives MSIP per hart', () => {
    const { a, lines } = setup();
    a.write(4, 4, 1);
    assert.equal(lines[1].has(MipBit.MSIP), true);
    assert.equal(lines[0].has(MipBit.MSIP), false);
    assert.equal(a.read(4, 4), 1);
    a.write(4, 4, 0);
    assert.equal(lines[1].has(MipBit.MSIP), false);
  });

  it('reads mtime from the clock', () => {
    const { a, clock } = setup();
    clock.now = 0x123456789ab;
    assert.equal(a.read(0xbff8, 4), 0x456789ab);
    assert.equal(a.read(0xbffc, 4), 0x123);
    assert.equal(a.read(0xbff8, 2), 0x89ab);
  });

  it('raises MTIP when mtime reaches mtimecmp', () => {
    const { a, clock, lines } = setup();
    assert.equal(a.nextTimerEvent(0), Infinity);
    assert.equal(lines[0].has(MipBit.MTIP), false);
    a.write(0x4000, 4, 100);
    a.write(0x4004, 4, 0);
    assert.equal(a.read(0x4000, 4), 100);
    assert.equal(a.nextTimerEvent(0), 100);
    assert.equal(a.nextEvent(), 100);
    clock.now = 99;
    a.update();
    assert.equal(lines[0].has(MipBit.MTIP), false);
    clock.now = 100;
    a.update();
    assert.equal(lines[0].has(MipBit.MTIP), true);
    assert.equal(lines[1].has(MipBit.MTIP), false);
    // Writing a later compare value clears MTIP immediately.
    a.write(0x4000, 4, 500);
    assert.equal(lines[0].has(MipBit.MTIP), false);
    // All-ones disables the timer.
    a.write(0x4000, 4, 0xffffffff);
    a.write(0x4004, 4, 0xffffffff);
    assert.equal(a.nextTimerEvent(0), Infinity);
  });

  it('lets the guest adjust mtime through an offset', () => {
    const { a, clock, lines } = setup(1);
    clock.now = 1000;
    a.write(0xbff8, 4, 50);
    assert.equal(a.read(0xbff8, 4), 50);
    clock.now = 1010;
    assert.equal(a.read(0xbff8, 4), 60);
    a.write(0x4000, 4, 100);
    a.write(0x4004, 4, 0);
    assert.equal(a.nextTimerEvent(0), 1050); // in Clock units
    clock.now = 1050;
    a.update();
    assert.equal(lines[0].has(MipBit.MTIP), true);
  });
});
