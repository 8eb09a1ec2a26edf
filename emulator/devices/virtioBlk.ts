/**
 * virtio block device (device ID 2) on the virtio-mmio transport.
 *
 * Virtio spec v1.2 5.2 "Block Device": one request queue (5.2.2), configuration layout
 * (5.2.4: capacity u64 @0, size_max u32 @8, seg_max u32 @12, geometry @16, blk_size u32
 * @20), requests (5.2.6): a 16-byte header {type u32, reserved u32, sector u64} in
 * device-readable buffers, then data, then one device-writable status byte.
 * Supported: VIRTIO_BLK_T_IN, _OUT, _FLUSH, _GET_ID; others complete with UNSUPP.
 * Offered features: VERSION_1, INDIRECT_DESC, SEG_MAX, BLK_SIZE, FLUSH, RO (when the
 * backend is read-only). Requests complete synchronously during the QueueNotify write.
 *
 * Also re-exports the empty slot and the overlay backend so boards import one module.
 */
import type { DmaMemory, IrqSink } from '../bus/device';
import { type BlockBackend, SECTOR_SIZE } from './blockBackend';
import { type Segment, VirtioMmioDevice } from './virtioMmio';

export { MemoryOverlayBackend, type BlockBackend } from './blockBackend';
export { VirtioEmptySlot } from './virtioMmio';

export const VIRTIO_ID_BLOCK = 2;

// Feature bits (5.2.3, 6 "Reserved Feature Bits").
export const VIRTIO_BLK_F_SIZE_MAX = 1;
export const VIRTIO_BLK_F_SEG_MAX = 2;
export const VIRTIO_BLK_F_GEOMETRY = 4;
export const VIRTIO_BLK_F_RO = 5;
export const VIRTIO_BLK_F_BLK_SIZE = 6;
export const VIRTIO_BLK_F_FLUSH = 9;
export const VIRTIO_F_INDIRECT_DESC = 28;

// Request types and status values (5.2.6).
export const VIRTIO_BLK_T_IN = 0;
export const VIRTIO_BLK_T_OUT = 1;
export const VIRTIO_BLK_T_FLUSH = 4;
export const VIRTIO_BLK_T_GET_ID = 8;
export const VIRTIO_BLK_S_OK = 0;
export const VIRTIO_BLK_S_IOERR = 1;
export const VIRTIO_BLK_S_UNSUPP = 2;

/** Length of the GET_ID answer (VIRTIO_BLK_ID_BYTES). */
export const VIRTIO_BLK_ID_BYTES = 20;
export const VIRTIO_BLK_QUEUE_SIZE = 256;
const HEADER_SIZE = 16;
/** Largest single request we accept (guards host memory against hostile lengths). */
const MAX_REQUEST_BYTES = 64 * 1024 * 1024;

export class VirtioBlk extends VirtioMmioDevice {
  // Wiring.
  backend: BlockBackend;
  /** Serial number returned by GET_ID (at most 20 ASCII bytes). */
  serial: string;
  /** Requests served, by type (for statistics). */
  reads = 0;
  writes = 0;
  errors = 0;

  constructor(backend: BlockBackend, dma: DmaMemory, irq: IrqSink | null, irqLine: number, name = 'virtio-blk', serial = 'hyperstep-disk0') {
    super(name, VIRTIO_ID_BLOCK, 1, VIRTIO_BLK_QUEUE_SIZE, dma, irq, irqLine);
    this.backend = backend;
    this.serial = serial;
    let f = (1 << VIRTIO_BLK_F_SEG_MAX) | (1 << VIRTIO_BLK_F_BLK_SIZE) | (1 << VIRTIO_BLK_F_FLUSH) | (1 << VIRTIO_F_INDIRECT_DESC);
    if (backend.readOnly) f |= 1 << VIRTIO_BLK_F_RO;
    this.deviceFeatures[0] = f >>> 0;
  }

  /** Capacity in 512-byte sectors. */
  capacity(): number {
    return Math.floor(this.backend.size / SECTOR_SIZE);
  }

  protected readConfig(offset: number, size: 1 | 2 | 4): number {
    const cfg = new Uint8Array(24);
    const dv = new DataView(cfg.buffer);
    const cap = this.capacity();
    dv.setUint32(0, cap % 0x100000000, true);
    dv.setUint32(4, Math.floor(cap / 0x100000000), true);
    dv.setUint32(12, VIRTIO_BLK_QUEUE_SIZE - 2, true); // seg_max
    dv.setUint32(20, SECTOR_SIZE, true); // blk_size
    if (offset < 0 || offset + size > cfg.length) return 0;
    if (size === 1) return cfg[offset];
    if (size === 2) return dv.getUint16(offset, true);
    return dv.getUint32(offset, true);
  }

  protected writeConfig(_offset: number, _size: 1 | 2 | 4, _value: number): void {
    // No writable configuration fields (CONFIG_WCE is not offered).
  }

  protected handleChain(_q: number, readable: Segment[], writable: Segment[]): number {
    let wlen = 0;
    for (const s of writable) wlen += s.len;
    let rlen = 0;
    for (const s of readable) rlen += s.len;
    if (wlen < 1) return 0; // nowhere to put a status: drop (driver bug)
    const status = new Uint8Array(1);
    if (rlen < HEADER_SIZE || rlen > MAX_REQUEST_BYTES + HEADER_SIZE || wlen > MAX_REQUEST_BYTES + 1) {
      status[0] = VIRTIO_BLK_S_IOERR;
      this.errors++;
      this.scatter(writable, wlen - 1, status);
      return 1;
    }
    const head = this.gather(readable, HEADER_SIZE);
    const hv = new DataView(head.buffer, head.byteOffset, HEADER_SIZE);
    const type = hv.getUint32(0, true);
    const sector = hv.getUint32(8, true) + hv.getUint32(12, true) * 0x100000000;
    const cap = this.capacity();
    switch (type) {
      case VIRTIO_BLK_T_IN: {
        const len = wlen - 1;
        if (len % SECTOR_SIZE !== 0 || sector + len / SECTOR_SIZE > cap) break;
        const data = new Uint8Array(len + 1);
        this.backend.read(sector, data.subarray(0, len));
        data[len] = VIRTIO_BLK_S_OK;
        this.scatter(writable, 0, data);
        this.reads++;
        return wlen;
      }
      case VIRTIO_BLK_T_OUT: {
        const len = rlen - HEADER_SIZE;
        if (this.backend.readOnly || len % SECTOR_SIZE !== 0 || sector + len / SECTOR_SIZE > cap) break;
        const all = this.gather(readable);
        this.backend.write(sector, all.subarray(HEADER_SIZE));
        status[0] = VIRTIO_BLK_S_OK;
        this.scatter(writable, wlen - 1, status);
        this.writes++;
        return 1;
      }
      case VIRTIO_BLK_T_FLUSH:
        this.backend.flush?.();
        status[0] = VIRTIO_BLK_S_OK;
        this.scatter(writable, wlen - 1, status);
        return 1;
      case VIRTIO_BLK_T_GET_ID: {
        const len = wlen - 1;
        const out = new Uint8Array(len + 1);
        const n = Math.min(len, VIRTIO_BLK_ID_BYTES, this.serial.length);
        for (let i = 0; i < n; i++) out[i] = this.serial.charCodeAt(i) & 0x7f;
        out[len] = VIRTIO_BLK_S_OK;
        this.scatter(writable, 0, out);
        return wlen;
      }
      default:
        status[0] = VIRTIO_BLK_S_UNSUPP;
        this.scatter(writable, wlen - 1, status);
        return 1;
    }
    // Fall-through from IN/OUT validation failures.
    status[0] = VIRTIO_BLK_S_IOERR;
    this.errors++;
    this.scatter(writable, wlen - 1, status);
    return 1;
  }
}
