/** Tests for the virtio-mmio transport and block device (emulator/devices/virtio*.ts). */
import { strict as assert } from 'assert';
import { MemoryOverlayBackend } from '../../emulator/devices/blockBackend';
import { VirtioBlk, VIRTIO_BLK_S_IOERR, VIRTIO_BLK_S_OK, VIRTIO_BLK_S_UNSUPP, VIRTIO_BLK_T_FLUSH, VIRTIO_BLK_T_GET_ID, VIRTIO_BLK_T_IN, VIRTIO_BLK_T_OUT } from '../../emulator/devices/virtioBlk';
import { STATUS_FEATURES_OK, STATUS_NEEDS_RESET, VirtioEmptySlot, VirtioReg as R, VIRTQ_DESC_F_INDIRECT, VIRTQ_DESC_F_NEXT, VIRTQ_DESC_F_WRITE } from '../../emulator/devices/virtioMmio';
import { FakeDma, FakeIrq } from './fakes';

const RAM = 0x80000000;
const DESC = RAM + 0x1000;
const AVAIL = RAM + 0x2000;
const USED = RAM + 0x3000;
const BUF = RAM + 0x10000;
const QSIZE = 8;

interface Desc { addr: number; len: number; write?: boolean }

class Driver {
  avail = 0;
  constructor(readonly dev: VirtioBlk, readonly mem: FakeDma) {}

  init(features1 = 1): number {
    const d = this.dev;
    d.write(R.Status, 4, 0);
    d.write(R.Status, 4, 1 | 2);
    d.write(R.DriverFeaturesSel, 4, 0);
    d.write(R.DriverFeatures, 4, 0);
    d.write(R.DriverFeaturesSel, 4, 1);
    d.write(R.DriverFeatures, 4, features1);
    d.write(R.Status, 4, 1 | 2 | 8);
    const st = d.read(R.Status, 4);
    d.write(R.QueueSel, 4, 0);
    d.write(R.QueueNum, 4, QSIZE);
    d.write(R.QueueDescLow, 4, DESC);
    d.write(R.QueueDescHigh, 4, 0);
    d.write(R.QueueDriverLow, 4, AVAIL);
    d.write(R.QueueDriverHigh, 4, 0);
    d.write(R.QueueDeviceLow, 4, USED);
    d.write(R.QueueDeviceHigh, 4, 0);
    d.write(R.QueueReady, 4, 1);
    d.write(R.Status, 4, st | 4);
    return st;
  }

  writeDesc(table: number, i: number, d: Desc, next: number | null, extraFlags = 0): void {
    const m = this.mem;
    m.setU64(table + 16 * i, d.addr);
    m.setU32(table + 16 * i + 8, d.len);
    m.setU16(table + 16 * i + 12, (d.write ? VIRTQ_DESC_F_WRITE : 0) | (next !== null ? VIRTQ_DESC_F_NEXT : 0) | extraFlags);
    m.setU16(table + 16 * i + 14, next ?? 0);
  }

  /** Put a chain at descriptor `head` and notify. */
  submit(chain: Desc[], head = 0): void {
    chain.forEach((d, k) => this.writeDesc(DESC, head + k, d, k + 1 < chain.length ? head + k + 1 : null));
    this.publish(head);
  }

  publish(head: number): void {
    this.mem.setU16(AVAIL + 4 + 2 * (this.avail % QSIZE), head);
    this.avail = (this.avail + 1) & 0xffff;
    this.mem.setU16(AVAIL + 2, this.avail);
    this.dev.write(R.QueueNotify, 4, 0);
  }

  header(at: number, type: number, sector: number): Desc {
    this.mem.setU32(at, type);
    this.mem.setU32(at + 4, 0);
    this.mem.setU64(at + 8, sector);
    return { addr: at, len: 16 };
  }

  usedIdx(): number { return this.mem.u16(USED + 2); }
  used(i: number): { id: number; len: number } {
    return { id: this.mem.u32(USED + 4 + 8 * (i % QSIZE)), len: this.mem.u32(USED + 8 + 8 * (i % QSIZE)) };
  }
}

function setup(diskBytes = 8192, readOnly = false): { dev: VirtioBlk; mem: FakeDma; irq: FakeIrq; drv: Driver; disk: MemoryOverlayBackend; base: Uint8Array; through: number[] } {
  const base = new Uint8Array(diskBytes);
  for (let i = 0; i < base.length; i++) base[i] = (i * 7 + (i >>> 9)) & 0xff;
  const through: number[] = [];
  const disk = new MemoryOverlayBackend(base, { readOnly, writeThrough: (s) => through.push(s) });
  const mem = new FakeDma(RAM, 1 << 20);
  const irq = new FakeIrq();
  const dev = new VirtioBlk(disk, mem, irq, 1);
  return { dev, mem, irq, drv: new Driver(dev, mem), disk, base, through };
}

describe('devices/virtioBlk', () => {
  it('identifies as a modern virtio-mmio block device', () => {
    const { dev } = setup();
    assert.equal(dev.read(R.MagicValue, 4), 0x74726976);
    assert.equal(dev.read(R.Version, 4), 2);
    assert.equal(dev.read(R.DeviceID, 4), 2);
    assert.equal(dev.read(R.VendorID, 4), 0x554d4551);
    dev.write(R.DeviceFeaturesSel, 4, 1);
    assert.equal(dev.read(R.DeviceFeatures, 4) & 1, 1); // VIRTIO_F_VERSION_1
    assert.equal(dev.read(R.QueueNumMax, 4), 256);
    assert.equal(dev.read(R.Config, 4), 16); // 8192 / 512 sectors
    assert.equal(dev.read(R.Config + 4, 4), 0);
    assert.equal(dev.read(R.Config + 20, 4), 512);
    assert.equal(dev.read(R.Config, 1), 16);
  });

  it('refuses FEATURES_OK without VERSION_1 and accepts it with', () => {
    const { drv } = setup();
    assert.equal(drv.init(0) & STATUS_FEATURES_OK, 0);
    assert.equal(drv.init(1) & STATUS_FEATURES_OK, STATUS_FEATURES_OK);
  });

  it('writes into the overlay and reads back through split buffers', () => {
    const { dev, mem, irq, drv, disk, base, through } = setup();
    drv.init();
    const data = BUF + 0x100;
    for (let i = 0; i < 1024; i++) mem.ram[data - RAM + i] = (255 - i) & 0xff;
    drv.submit([drv.header(BUF, VIRTIO_BLK_T_OUT, 2), { addr: data, len: 1024 }, { addr: BUF + 0x80, len: 1, write: true }]);
    assert.equal(drv.usedIdx(), 1);
    assert.deepEqual(drv.used(0), { id: 0, len: 1 });
    assert.equal(mem.u8(BUF + 0x80), VIRTIO_BLK_S_OK);
    assert.equal(disk.dirtyCount(), 2);
    assert.deepEqual(through, [1024]);
    assert.equal(base[1024], (1024 * 7 + 2) & 0xff); // base image untouched
    assert.equal(dev.read(R.InterruptStatus, 4), 1);
    assert.equal(irq.level(1), true);
    dev.write(R.InterruptACK, 4, 1);
    assert.equal(irq.level(1), false);

    // Read sectors 1..3 back into two writable buffers, status in a third.
    const rd = BUF + 0x4000;
    drv.submit([drv.header(BUF, VIRTIO_BLK_T_IN, 1), { addr: rd, len: 512, write: true }, { addr: rd + 0x1000, len: 1024, write: true }, { addr: BUF + 0x81, len: 1, write: true }], 3);
    assert.equal(drv.usedIdx(), 2);
    assert.deepEqual(drv.used(1), { id: 3, len: 1537 });
    assert.equal(mem.u8(BUF + 0x81), VIRTIO_BLK_S_OK);
    for (let i = 0; i < 512; i++) assert.equal(mem.u8(rd + i), base[512 + i]);
    for (let i = 0; i < 1024; i++) assert.equal(mem.u8(rd + 0x1000 + i), (255 - i) & 0xff);
  });

  it('reports IOERR past the end, UNSUPP for unknown types, and serves GET_ID and FLUSH', () => {
    const { mem, drv } = setup();
    drv.init();
    drv.submit([drv.header(BUF, VIRTIO_BLK_T_IN, 16), { addr: BUF + 0x200, len: 512, write: true }, { addr: BUF + 0x80, len: 1, write: true }]);
    assert.equal(mem.u8(BUF + 0x80), VIRTIO_BLK_S_IOERR);
    drv.submit([drv.header(BUF, 77, 0), { addr: BUF + 0x81, len: 1, write: true }]);
    assert.equal(mem.u8(BUF + 0x81), VIRTIO_BLK_S_UNSUPP);
    drv.submit([drv.header(BUF, VIRTIO_BLK_T_FLUSH, 0), { addr: BUF + 0x82, len: 1, write: true }]);
    assert.equal(mem.u8(BUF + 0x82), VIRTIO_BLK_S_OK);
    drv.submit([drv.header(BUF, VIRTIO_BLK_T_GET_ID, 0), { addr: BUF + 0x300, len: 20, write: true }, { addr: BUF + 0x83, len: 1, write: true }]);
    assert.equal(mem.u8(BUF + 0x83), VIRTIO_BLK_S_OK);
    const id = String.fromCharCode(...mem.ram.subarray(BUF + 0x300 - RAM, BUF + 0x300 - RAM + 20)).replace(/\0+$/, '');
    assert.equal(id, 'hyperstep-disk0');
    assert.equal(drv.usedIdx(), 4);
  });

  it('refuses writes to a read-only backend', () => {
    const { dev, mem, drv, disk } = setup(8192, true);
    dev.write(R.DeviceFeaturesSel, 4, 0);
    assert.notEqual(dev.read(R.DeviceFeatures, 4) & (1 << 5), 0); // VIRTIO_BLK_F_RO
    drv.init();
    drv.submit([drv.header(BUF, VIRTIO_BLK_T_OUT, 0), { addr: BUF + 0x200, len: 512 }, { addr: BUF + 0x80, len: 1, write: true }]);
    assert.equal(mem.u8(BUF + 0x80), VIRTIO_BLK_S_IOERR);
    assert.equal(disk.dirtyCount(), 0);
  });

  it('follows indirect descriptor tables', () => {
    const { mem, drv, base } = setup();
    drv.init();
    const table = BUF + 0x8000;
    drv.header(BUF, VIRTIO_BLK_T_IN, 0);
    drv.writeDesc(table, 0, { addr: BUF, len: 16 }, 1);
    drv.writeDesc(table, 1, { addr: BUF + 0x400, len: 512, write: true }, 2);
    drv.writeDesc(table, 2, { addr: BUF + 0x80, len: 1, write: true }, null);
    drv.writeDesc(DESC, 5, { addr: table, len: 48 }, null, VIRTQ_DESC_F_INDIRECT);
    drv.publish(5);
    assert.deepEqual(drv.used(0), { id: 5, len: 513 });
    assert.equal(mem.u8(BUF + 0x80), VIRTIO_BLK_S_OK);
    for (let i = 0; i < 512; i++) assert.equal(mem.u8(BUF + 0x400 + i), base[i]);
  });

  it('suppresses the interrupt when the driver sets VIRTQ_AVAIL_F_NO_INTERRUPT', () => {
    const { dev, mem, irq, drv } = setup();
    drv.init();
    mem.setU16(AVAIL, 1);
    drv.submit([drv.header(BUF, VIRTIO_BLK_T_FLUSH, 0), { addr: BUF + 0x80, len: 1, write: true }]);
    assert.equal(drv.usedIdx(), 1);
    assert.equal(dev.read(R.InterruptStatus, 4), 0);
    assert.equal(irq.level(1), false);
  });

  it('enters DEVICE_NEEDS_RESET on a bad DMA address and recovers after reset', () => {
    const { dev, irq, drv } = setup();
    drv.init();
    drv.submit([drv.header(BUF, VIRTIO_BLK_T_IN, 0), { addr: 0x1000, len: 512, write: true }, { addr: BUF + 0x80, len: 1, write: true }]);
    assert.notEqual(dev.read(R.Status, 4) & STATUS_NEEDS_RESET, 0);
    assert.equal(dev.read(R.InterruptStatus, 4) & 2, 2);
    assert.equal(irq.level(1), true);
    dev.write(R.Status, 4, 0);
    assert.equal(dev.read(R.Status, 4), 0);
    assert.equal(irq.level(1), false);
    assert.equal(dev.read(R.QueueReady, 4), 0);
  });

  it('provides empty slots with device ID 0', () => {
    const e = new VirtioEmptySlot();
    assert.equal(e.read(R.MagicValue, 4), 0x74726976);
    assert.equal(e.read(R.Version, 4), 2);
    assert.equal(e.read(R.DeviceID, 4), 0);
  });
});

describe('devices/blockBackend', () => {
  it('keeps writes in the overlay and exposes the merged image', () => {
    const base = new Uint8Array(1500).fill(1); // partial last sector
    const b = new MemoryOverlayBackend(base);
    const buf = new Uint8Array(1024);
    b.read(2, buf);
    assert.equal(buf[0], 1);
    assert.equal(buf[1500 - 1024 - 1], 1);
    assert.equal(buf[1500 - 1024], 0); // beyond the image reads as zeros
    b.write(1, new Uint8Array(512).fill(9));
    assert.equal(base[600], 1);
    const img = b.toBytes();
    assert.equal(img[511], 1);
    assert.equal(img[512], 9);
    assert.equal(img[1024], 1);
  });
});
