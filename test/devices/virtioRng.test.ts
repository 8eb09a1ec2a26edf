/** Tests for the virtio entropy device and the machine's seeded PRNG
 *  (emulator/devices/virtioRng.ts, seededRng.ts). */
import { strict as assert } from 'assert';
import { VirtioRng, VIRTIO_ID_ENTROPY } from '../../emulator/devices/virtioRng';
import { DEFAULT_RNG_SEED, parseRngSeed, SeededRng } from '../../emulator/devices/seededRng';
import { VirtioReg as R, VIRTQ_DESC_F_NEXT, VIRTQ_DESC_F_WRITE } from '../../emulator/devices/virtioMmio';
import { FakeDma, FakeIrq } from './fakes';

const RAM = 0x80000000;
const DESC = RAM + 0x1000, AVAIL = RAM + 0x2000, USED = RAM + 0x3000, BUF = RAM + 0x10000;

function bring(seed: Uint8Array): { dev: VirtioRng; mem: FakeDma; irq: FakeIrq } {
  const mem = new FakeDma(RAM, 1 << 20);
  const irq = new FakeIrq();
  const dev = new VirtioRng(seed, mem, irq, 7);
  dev.write(R.Status, 4, 0);
  dev.write(R.Status, 4, 3);
  dev.write(R.DriverFeaturesSel, 4, 1);
  dev.write(R.DriverFeatures, 4, 1); // VERSION_1
  dev.write(R.Status, 4, 3 | 8);
  dev.write(R.QueueSel, 4, 0);
  dev.write(R.QueueNum, 4, 8);
  dev.write(R.QueueDescLow, 4, DESC); dev.write(R.QueueDescHigh, 4, 0);
  dev.write(R.QueueDriverLow, 4, AVAIL); dev.write(R.QueueDriverHigh, 4, 0);
  dev.write(R.QueueDeviceLow, 4, USED); dev.write(R.QueueDeviceHigh, 4, 0);
  dev.write(R.QueueReady, 4, 1);
  dev.write(R.Status, 4, 3 | 8 | 4);
  return { dev, mem, irq };
}

/** Post one request of two writable buffers (a, b bytes) and return what the device wrote. */
function request(mem: FakeDma, dev: VirtioRng, a: number, b: number, n: number): { len: number; bytes: Uint8Array } {
  mem.setU64(DESC, BUF); mem.setU32(DESC + 8, a); mem.setU16(DESC + 12, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT); mem.setU16(DESC + 14, 1);
  mem.setU64(DESC + 16, BUF + a); mem.setU32(DESC + 24, b); mem.setU16(DESC + 28, VIRTQ_DESC_F_WRITE); mem.setU16(DESC + 30, 0);
  mem.setU16(AVAIL + 4 + 2 * (n % 8), 0);
  mem.setU16(AVAIL + 2, n + 1);
  dev.write(R.QueueNotify, 4, 0);
  const len = mem.u32(USED + 8 + 8 * (n % 8));
  const bytes = new Uint8Array(a + b);
  for (let i = 0; i < a + b; i++) bytes[i] = mem.u8(BUF + i);
  return { len, bytes };
}

describe('devices/virtioRng', () => {
  it('identifies as a virtio entropy device and fills split buffers deterministically', () => {
    const one = bring(DEFAULT_RNG_SEED);
    assert.equal(one.dev.read(R.DeviceID, 4), VIRTIO_ID_ENTROPY);
    const r1 = request(one.mem, one.dev, 5, 59, 0);
    assert.equal(r1.len, 64);
    assert.equal(one.mem.u16(USED + 2), 1, 'used index advanced');
    assert.ok(one.irq.level(7), 'used-buffer interrupt raised');
    const distinct = new Set(r1.bytes);
    assert.ok(distinct.size > 30, `bytes look random (${distinct.size} distinct of 64)`);
    // Same seed: same bytes; the second request continues the stream.
    const two = bring(DEFAULT_RNG_SEED);
    assert.deepEqual(request(two.mem, two.dev, 64, 0, 0).bytes, r1.bytes);
    const r2 = request(one.mem, one.dev, 32, 32, 1);
    assert.notDeepEqual(r2.bytes, r1.bytes);
    // Another seed: other bytes.
    const other = bring(parseRngSeed('1'));
    assert.notDeepEqual(request(other.mem, other.dev, 64, 0, 0).bytes, r1.bytes);
  });

  it('parses seeds and rejects bad ones with a clear message', () => {
    assert.deepEqual([...parseRngSeed('0x0102ab')], [1, 2, 0xab]);
    assert.deepEqual([...parseRngSeed('abc')], [0x0a, 0xbc]);
    assert.throws(() => parseRngSeed('xyz'), /hexadecimal/);
    assert.throws(() => parseRngSeed(''), /hexadecimal/);
    assert.throws(() => parseRngSeed('f'.repeat(129)), /longer than 64 bytes/);
  });

  it('streams of one seed differ, and a generator is plain data that can be copied', () => {
    const a = new SeededRng(DEFAULT_RNG_SEED, 0), b = new SeededRng(DEFAULT_RNG_SEED, 1);
    assert.notEqual(a.next(), b.next());
    const c = new SeededRng(DEFAULT_RNG_SEED, 0);
    c.next();
    const copy = new SeededRng(DEFAULT_RNG_SEED, 0);
    copy.s.set(c.s);
    assert.equal(copy.next(), c.next());
  });
});
