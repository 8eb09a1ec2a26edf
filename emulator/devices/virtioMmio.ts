/**
 * virtio-mmio transport, version 2 ("modern", virtio 1.x), with split virtqueues.
 *
 * Virtio spec v1.2: 4.2.2 "MMIO Device Register Layout", 2.7 "Split Virtqueues"
 * (descriptor table, available ring, used ring), 2.1 "Device Status Field",
 * 2.2 "Feature Bits", 4.2.3 "MMIO-specific Initialization And Device Operation".
 *
 * Queue notifications are processed synchronously inside the QueueNotify write: each
 * available descriptor chain is split into its device-readable and device-writable
 * segments and handed to the concrete device (handleChain), whose return value is the
 * used length. Bad guest addresses (DmaError) or malformed chains put the device into
 * DEVICE_NEEDS_RESET and raise a configuration-change interrupt.
 *
 * Also VirtioEmptySlot: a transport with device ID 0 ("no device") for unused slots.
 */
import { DmaError, type Device, type DmaMemory, type IrqSink } from '../bus/device';

export const VIRTIO_MMIO_MAGIC = 0x74726976; // "virt"
export const VIRTIO_MMIO_VERSION = 2;
export const VIRTIO_VENDOR_QEMU = 0x554d4551; // "QEMU"

// Register offsets (4.2.2).
export const VirtioReg = {
  MagicValue: 0x000,
  Version: 0x004,
  DeviceID: 0x008,
  VendorID: 0x00c,
  DeviceFeatures: 0x010,
  DeviceFeaturesSel: 0x014,
  DriverFeatures: 0x020,
  DriverFeaturesSel: 0x024,
  QueueSel: 0x030,
  QueueNumMax: 0x034,
  QueueNum: 0x038,
  QueueReady: 0x044,
  QueueNotify: 0x050,
  InterruptStatus: 0x060,
  InterruptACK: 0x064,
  Status: 0x070,
  QueueDescLow: 0x080,
  QueueDescHigh: 0x084,
  QueueDriverLow: 0x090,
  QueueDriverHigh: 0x094,
  QueueDeviceLow: 0x0a0,
  QueueDeviceHigh: 0x0a4,
  ConfigGeneration: 0x0fc,
  Config: 0x100,
} as const;

// Device status bits (2.1).
export const STATUS_ACKNOWLEDGE = 1;
export const STATUS_DRIVER = 2;
export const STATUS_DRIVER_OK = 4;
export const STATUS_FEATURES_OK = 8;
export const STATUS_NEEDS_RESET = 0x40;
export const STATUS_FAILED = 0x80;

// Interrupt status bits (4.2.2).
export const INT_USED_BUFFER = 1;
export const INT_CONFIG_CHANGE = 2;

// Descriptor flags (2.7.5).
export const VIRTQ_DESC_F_NEXT = 1;
export const VIRTQ_DESC_F_WRITE = 2;
export const VIRTQ_DESC_F_INDIRECT = 4;
/** Available ring flag: driver does not want interrupts (2.7.7). */
export const VIRTQ_AVAIL_F_NO_INTERRUPT = 1;

/** Feature bit 32 (bit 0 of the high feature word). */
export const VIRTIO_F_VERSION_1_HI = 1;

const TWO32 = 0x100000000;

/** One guest buffer of a descriptor chain. */
export interface Segment {
  addr: number;
  len: number;
}

/** Placeholder slot: reports magic/version and device ID 0, ignores writes (4.2.2). */
export class VirtioEmptySlot implements Device {
  readonly name: string;
  constructor(name = 'virtio-empty') {
    this.name = name;
  }
  read(offset: number, _size: 1 | 2 | 4): number {
    switch (offset) {
      case VirtioReg.MagicValue:
        return VIRTIO_MMIO_MAGIC;
      case VirtioReg.Version:
        return VIRTIO_MMIO_VERSION;
      case VirtioReg.VendorID:
        return VIRTIO_VENDOR_QEMU;
      default:
        return 0;
    }
  }
  write(_offset: number, _size: 1 | 2 | 4, _value: number): void {}
}

/** Thrown internally for malformed descriptor chains. */
class ChainError extends Error {}

export abstract class VirtioMmioDevice implements Device {
  readonly name: string;
  readonly deviceId: number;
  readonly queueCount: number;
  readonly queueNumMax: number;
  // Wiring.
  dma: DmaMemory;
  irq: IrqSink | null;
  readonly irqLine: number;

  /** Offered features: [0] bits 0..31, [1] bits 32..63. */
  deviceFeatures = new Uint32Array(2);
  driverFeatures = new Uint32Array(2);
  deviceFeaturesSel = 0;
  driverFeaturesSel = 0;
  queueSel = 0;
  status = 0;
  interruptStatus = 0;
  configGeneration = 0;
  irqLevel = false;
  // Per-queue state.
  qNum: Uint32Array;
  qReady: Uint8Array;
  qDesc: Float64Array;
  qDriver: Float64Array;
  qDevice: Float64Array;
  /** Next available-ring index to consume (free-running u16). */
  qLastAvail: Uint16Array;
  /** Next used-ring index to produce (free-running u16). */
  qUsedIdx: Uint16Array;

  constructor(name: string, deviceId: number, queueCount: number, queueNumMax: number, dma: DmaMemory, irq: IrqSink | null, irqLine: number) {
    this.name = name;
    this.deviceId = deviceId;
    this.queueCount = queueCount;
    this.queueNumMax = queueNumMax;
    this.dma = dma;
    this.irq = irq;
    this.irqLine = irqLine;
    this.qNum = new Uint32Array(queueCount);
    this.qReady = new Uint8Array(queueCount);
    this.qDesc = new Float64Array(queueCount);
    this.qDriver = new Float64Array(queueCount);
    this.qDevice = new Float64Array(queueCount);
    this.qLastAvail = new Uint16Array(queueCount);
    this.qUsedIdx = new Uint16Array(queueCount);
    this.deviceFeatures[1] = VIRTIO_F_VERSION_1_HI;
  }

  /** Device-specific configuration space read (offset relative to 0x100). */
  protected abstract readConfig(offset: number, size: 1 | 2 | 4): number;
  /** Device-specific configuration space write. */
  protected abstract writeConfig(offset: number, size: 1 | 2 | 4, value: number): void;
  /**
   * Process one descriptor chain of queue `q`. `readable` are the device-readable
   * buffers in chain order, `writable` the device-writable ones. Returns the number of
   * bytes written into the writable buffers (the used-ring length).
   */
  protected abstract handleChain(q: number, readable: Segment[], writable: Segment[]): number;
  /** Device-specific reset hook. */
  protected resetDevice(): void {}

  reset(): void {
    this.driverFeatures.fill(0);
    this.deviceFeaturesSel = 0;
    this.driverFeaturesSel = 0;
    this.queueSel = 0;
    this.status = 0;
    this.interruptStatus = 0;
    this.qNum.fill(0);
    this.qReady.fill(0);
    this.qDesc.fill(0);
    this.qDriver.fill(0);
    this.qDevice.fill(0);
    this.qLastAvail.fill(0);
    this.qUsedIdx.fill(0);
    this.resetDevice();
    this.updateIrq();
  }

  read(offset: number, size: 1 | 2 | 4): number {
    if (offset >= VirtioReg.Config) return this.readConfig(offset - VirtioReg.Config, size) >>> 0;
    const q = this.queueSel;
    const qv = q < this.queueCount;
    switch (offset) {
      case VirtioReg.MagicValue:
        return VIRTIO_MMIO_MAGIC;
      case VirtioReg.Version:
        return VIRTIO_MMIO_VERSION;
      case VirtioReg.DeviceID:
        return this.deviceId;
      case VirtioReg.VendorID:
        return VIRTIO_VENDOR_QEMU;
      case VirtioReg.DeviceFeatures:
        return this.deviceFeaturesSel < 2 ? this.deviceFeatures[this.deviceFeaturesSel] : 0;
      case VirtioReg.QueueNumMax:
        return qv ? this.queueNumMax : 0;
      case VirtioReg.QueueReady:
        return qv ? this.qReady[q] : 0;
      case VirtioReg.InterruptStatus:
        return this.interruptStatus;
      case VirtioReg.Status:
        return this.status;
      case VirtioReg.ConfigGeneration:
        return this.configGeneration;
      case VirtioReg.QueueDescLow:
        return qv ? this.qDesc[q] % TWO32 : 0;
      case VirtioReg.QueueDescHigh:
        return qv ? Math.floor(this.qDesc[q] / TWO32) : 0;
      case VirtioReg.QueueDriverLow:
        return qv ? this.qDriver[q] % TWO32 : 0;
      case VirtioReg.QueueDriverHigh:
        return qv ? Math.floor(this.qDriver[q] / TWO32) : 0;
      case VirtioReg.QueueDeviceLow:
        return qv ? this.qDevice[q] % TWO32 : 0;
      case VirtioReg.QueueDeviceHigh:
        return qv ? Math.floor(this.qDevice[q] / TWO32) : 0;
      default:
        return 0;
    }
  }

  write(offset: number, size: 1 | 2 | 4, value: number): void {
    if (offset >= VirtioReg.Config) {
      this.writeConfig(offset - VirtioReg.Config, size, value);
      return;
    }
    const v = value >>> 0;
    const q = this.queueSel;
    const qv = q < this.queueCount;
    switch (offset) {
      case VirtioReg.DeviceFeaturesSel:
        this.deviceFeaturesSel = v;
        break;
      case VirtioReg.DriverFeatures:
        if (this.driverFeaturesSel < 2) this.driverFeatures[this.driverFeaturesSel] = v;
        break;
      case VirtioReg.DriverFeaturesSel:
        this.driverFeaturesSel = v;
        break;
      case VirtioReg.QueueSel:
        this.queueSel = v;
        break;
      case VirtioReg.QueueNum:
        if (qv) this.qNum[q] = Math.min(v, this.queueNumMax);
        break;
      case VirtioReg.QueueReady:
        if (qv) this.qReady[q] = v & 1;
        break;
      case VirtioReg.QueueNotify:
        if (v < this.queueCount) this.processQueue(v);
        break;
      case VirtioReg.InterruptACK:
        this.interruptStatus &= ~v;
        this.updateIrq();
        break;
      case VirtioReg.Status:
        this.writeStatus(v & 0xff);
        break;
      case VirtioReg.QueueDescLow:
        if (qv) this.qDesc[q] = setLow(this.qDesc[q], v);
        break;
      case VirtioReg.QueueDescHigh:
        if (qv) this.qDesc[q] = setHigh(this.qDesc[q], v);
        break;
      case VirtioReg.QueueDriverLow:
        if (qv) this.qDriver[q] = setLow(this.qDriver[q], v);
        break;
      case VirtioReg.QueueDriverHigh:
        if (qv) this.qDriver[q] = setHigh(this.qDriver[q], v);
        break;
      case VirtioReg.QueueDeviceLow:
        if (qv) this.qDevice[q] = setLow(this.qDevice[q], v);
        break;
      case VirtioReg.QueueDeviceHigh:
        if (qv) this.qDevice[q] = setHigh(this.qDevice[q], v);
        break;
      default:
        break;
    }
  }

  private writeStatus(v: number): void {
    if (v === 0) {
      this.reset();
      return;
    }
    if ((v & STATUS_FEATURES_OK) !== 0 && (this.status & STATUS_FEATURES_OK) === 0) {
      const extra0 = this.driverFeatures[0] & ~this.deviceFeatures[0];
      const extra1 = this.driverFeatures[1] & ~this.deviceFeatures[1];
      const modern = (this.driverFeatures[1] & VIRTIO_F_VERSION_1_HI) !== 0;
      if (extra0 !== 0 || extra1 !== 0 || !modern) v &= ~STATUS_FEATURES_OK; // refuse
    }
    this.status = v;
  }

  /** Negotiated feature test (bit < 64). */
  protected hasFeature(bit: number): boolean {
    const w = bit >= 32 ? 1 : 0;
    return (this.driverFeatures[w] & this.deviceFeatures[w] & (1 << (bit & 31))) !== 0;
  }

  protected raiseInterrupt(bits: number): void {
    this.interruptStatus |= bits;
    this.updateIrq();
  }

  private updateIrq(): void {
    const level = this.interruptStatus !== 0;
    if (level !== this.irqLevel) {
      this.irqLevel = level;
      if (this.irq) this.irq.setIrq(this.irqLine, level);
    }
  }

  private fail(): void {
    this.status |= STATUS_NEEDS_RESET;
    this.raiseInterrupt(INT_CONFIG_CHANGE);
  }

  // --- little-endian guest memory helpers ---------------------------------------------

  protected u16(addr: number): number {
    const b = this.dma.readBytes(addr, 2);
    return b[0] | (b[1] << 8);
  }

  protected u32(addr: number): number {
    const b = this.dma.readBytes(addr, 4);
    return (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
  }

  protected putU16(addr: number, v: number): void {
    this.dma.writeBytes(addr, new Uint8Array([v & 0xff, (v >>> 8) & 0xff]));
  }

  protected putU32(addr: number, v: number): void {
    this.dma.writeBytes(addr, new Uint8Array([v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff]));
  }

  /** Concatenate the bytes of `segs` (device-readable buffers), at most `limit` bytes. */
  protected gather(segs: Segment[], limit = Infinity): Uint8Array {
    let total = 0;
    for (const s of segs) total += s.len;
    total = Math.min(total, limit);
    const out = new Uint8Array(total);
    let pos = 0;
    for (const s of segs) {
      if (pos >= total) break;
      const n = Math.min(s.len, total - pos);
      out.set(this.dma.readBytes(s.addr, n), pos);
      pos += n;
    }
    return out;
  }

  /** Write `data` into the concatenation of `segs` starting at byte `offset`. */
  protected scatter(segs: Segment[], offset: number, data: Uint8Array): void {
    let skip = offset;
    let pos = 0;
    for (const s of segs) {
      if (pos >= data.length) break;
      if (skip >= s.len) {
        skip -= s.len;
        continue;
      }
      const n = Math.min(s.len - skip, data.length - pos);
      this.dma.writeBytes(s.addr + skip, data.subarray(pos, pos + n));
      pos += n;
      skip = 0;
    }
  }

  // --- split virtqueue processing (2.7) ------------------------------------------------

  /** Consume every available chain of queue q (QueueNotify). */
  processQueue(q: number): void {
    const num = this.qNum[q];
    if (this.qReady[q] === 0 || num === 0 || (this.status & STATUS_NEEDS_RESET) !== 0) return;
    const driver = this.qDriver[q];
    const device = this.qDevice[q];
    let produced = 0;
    try {
      const availIdx = this.u16(driver + 2);
      if (((availIdx - this.qLastAvail[q]) & 0xffff) > num) throw new ChainError('avail index ran ahead');
      while (this.qLastAvail[q] !== availIdx) {
        const head = this.u16(driver + 4 + 2 * (this.qLastAvail[q] % num));
        this.qLastAvail[q] = (this.qLastAvail[q] + 1) & 0xffff;
        const readable: Segment[] = [];
        const writable: Segment[] = [];
        this.walkChain(q, head, readable, writable);
        const len = this.handleChain(q, readable, writable);
        const slot = device + 4 + 8 * (this.qUsedIdx[q] % num);
        this.putU32(slot, head);
        this.putU32(slot + 4, len);
        this.qUsedIdx[q] = (this.qUsedIdx[q] + 1) & 0xffff;
        this.putU16(device + 2, this.qUsedIdx[q]);
        produced++;
      }
      if (produced > 0 && (this.u16(driver) & VIRTQ_AVAIL_F_NO_INTERRUPT) === 0) this.raiseInterrupt(INT_USED_BUFFER);
    } catch (e) {
      if (e instanceof DmaError || e instanceof ChainError) this.fail();
      else throw e;
    }
  }

  /** Follow a descriptor chain from `head` (direct and indirect descriptors, 2.7.5). */
  private walkChain(q: number, head: number, readable: Segment[], writable: Segment[]): void {
    const num = this.qNum[q];
    let table = this.qDesc[q];
    let tableSize = num;
    let i = head;
    let steps = 0;
    let indirect = false;
    for (;;) {
      if (i >= tableSize || ++steps > tableSize + num) throw new ChainError('bad descriptor index');
      const d = this.dma.readBytes(table + 16 * i, 16);
      const addr = (d[0] | (d[1] << 8) | (d[2] << 16) | (d[3] << 24)) >>> 0;
      const addrHi = (d[4] | (d[5] << 8) | (d[6] << 16) | (d[7] << 24)) >>> 0;
      const len = (d[8] | (d[9] << 8) | (d[10] << 16) | (d[11] << 24)) >>> 0;
      const flags = d[12] | (d[13] << 8);
      const next = d[14] | (d[15] << 8);
      const full = addrHi * TWO32 + addr;
      if ((flags & VIRTQ_DESC_F_INDIRECT) !== 0) {
        if (indirect || len % 16 !== 0 || len === 0) throw new ChainError('bad indirect descriptor');
        indirect = true;
        table = full;
        tableSize = len / 16;
        i = 0;
        steps = 0;
        continue;
      }
      if (len > 0) {
        if ((flags & VIRTQ_DESC_F_WRITE) !== 0) writable.push({ addr: full, len });
        else if (writable.length > 0) throw new ChainError('readable after writable');
        else readable.push({ addr: full, len });
      }
      if ((flags & VIRTQ_DESC_F_NEXT) === 0) return;
      i = next;
    }
  }
}

function setLow(cur: number, lo: number): number {
  return Math.floor(cur / TWO32) * TWO32 + lo;
}

function setHigh(cur: number, hi: number): number {
  return hi * TWO32 + (cur % TWO32);
}
