/** Tests for the SiFive test finisher and the Goldfish RTC. */
import { strict as assert } from 'assert';
import { GoldfishRtc } from '../../emulator/devices/goldfishRtc';
import { SifiveTest } from '../../emulator/devices/sifiveTest';
import { FakeClock, FakeIrq } from './fakes';

describe('devices/sifiveTest', () => {
  it('records pass, fail with code, and reset', () => {
    const t = new SifiveTest();
    assert.equal(t.halt, null);
    t.write(0, 4, 0x1234); // unknown: ignored
    assert.equal(t.halt, null);
    t.write(0, 4, 0x5555);
    assert.deepEqual(t.halt, { kind: 'exit', code: 0 });
    t.write(0, 4, (3 << 16) | 0x3333);
    assert.deepEqual(t.halt, { kind: 'exit', code: 3 });
    t.write(0, 4, 0x7777);
    assert.deepEqual(t.halt, { kind: 'reset', code: 0 });
    assert.equal(t.read(0, 4), 0);
  });
});

describe('devices/goldfishRtc', () => {
  it('derives time deterministically from the clock and epoch', () => {
    const clock = new FakeClock();
    const rtc = new GoldfishRtc(clock, null);
    const read = (): bigint => {
      const lo = rtc.read(0, 4);
      const hi = rtc.read(4, 4);
      return (BigInt(hi) << 32n) | BigInt(lo);
    };
    assert.equal(read(), 1767225600n * 1_000_000_000n);
    clock.now = 10_000_000; // one second
    assert.equal(read(), 1767225601n * 1_000_000_000n);
    const other = new GoldfishRtc(clock, null, 11, 0);
    assert.equal(other.read(0, 4), 1_000_000_000);
    assert.equal(other.read(4, 4), 0);
  });

  it('latches TIME_HIGH on TIME_LOW reads', () => {
    const clock = new FakeClock();
    const rtc = new GoldfishRtc(clock, null, 11, 0);
    clock.now = 0x100000000; // 2^32 ticks = 100 * 2^32 ns
    rtc.read(0, 4);
    const hi = rtc.read(4, 4);
    assert.equal(hi, 100);
    clock.now *= 3;
    assert.equal(rtc.read(4, 4), hi);
    rtc.read(0, 4);
    assert.equal(rtc.read(4, 4), 300);
  });

  it('lets the guest set the time', () => {
    const clock = new FakeClock();
    const rtc = new GoldfishRtc(clock, null);
    rtc.write(4, 4, 0);
    rtc.write(0, 4, 5000);
    assert.equal(rtc.read(0, 4), 5000);
    assert.equal(rtc.read(4, 4), 0);
    clock.now += 1;
    assert.equal(rtc.read(0, 4), 5100);
  });

  it('fires the alarm interrupt when time reaches it', () => {
    const clock = new FakeClock();
    const irq = new FakeIrq();
    const rtc = new GoldfishRtc(clock, irq, 11, 0);
    rtc.write(0x10, 4, 1);
    rtc.write(0x0c, 4, 0);
    rtc.write(0x08, 4, 1000); // 1000 ns = 10 ticks
    assert.equal(rtc.read(0x18, 4), 1);
    assert.equal(rtc.nextEvent(), 10);
    clock.now = 9;
    rtc.update();
    assert.equal(irq.level(11), false);
    clock.now = 10;
    rtc.update();
    assert.equal(irq.level(11), true);
    assert.equal(rtc.read(0x18, 4), 0);
    assert.equal(rtc.nextEvent(), Infinity);
    rtc.write(0x1c, 4, 1);
    assert.equal(irq.level(11), false);
  });
});
