/**
 * Disk storage behind the virtio block device (virtioBlk.ts).
 *
 * BlockBackend is sector-addressed (512-byte sectors, virtio spec v1.2 5.2.6 "Device
 * Operation": sector numbers are always in 512-byte units). MemoryOverlayBackend wraps a
 * base image and keeps guest writes in an in-memory overlay of dirty sectors, so the
 * image file is never modified unless the host supplies a write-through hook.
 */

export const SECTOR_SIZE = 512;

export interface BlockBackend {
  /** Size in bytes; the device exposes floor(size / 512) sectors. */
  readonly size: number;
  /** Writes are refused (VIRTIO_BLK_F_RO is offered). */
  readonly readOnly?: boolean;
  /** Fill `buf` (length a multiple of 512) from `sector` onwards. */
  read(sector: number, buf: Uint8Array): void;
  /** Store `data` (length a multiple of 512) at `sector` onwards. */
  write(sector: number, data: Uint8Array): void;
  /** Make previous writes durable (VIRTIO_BLK_T_FLUSH). */
  flush?(): void;
}

export interface OverlayOptions {
  readOnly?: boolean;
  /**
   * Host hook called with every guest write after it entered the overlay (e.g. the CLI
   * writing through to the image file): `byteOffset` = sector * 512 into the image.
   * `data` is only valid during the call. Writes past the end of the base image are
   * clipped to its size before the hook sees them.
   */
  writeThrough?: (byteOffset: number, data: Uint8Array) => void;
  /** Host hook for flush requests. */
  flush?: () => void;
}

/** Base image + copy-on-write overlay of dirty sectors. */
export class MemoryOverlayBackend implements BlockBackend {
  /** Snapshots (emulator/snapshot/state.ts): the base never changes, and overlay sectors
   *  are replaced on every write, never mutated, so snapshots share them. */
  static readonly snapshotHints = { skip: ['base', 'hooks'], shareValues: ['overlay'] };
  readonly size: number;
  readonly readOnly: boolean;
  /** Base image (never modified). */
  readonly base: Uint8Array;
  /** Dirty sectors: sector number -> 512 bytes. */
  readonly overlay = new Map<number, Uint8Array>();
  private readonly hooks: OverlayOptions;

  constructor(base: Uint8Array, opts: OverlayOptions = {}) {
    this.base = base;
    this.size = base.length;
    this.readOnly = opts.readOnly ?? false;
    this.hooks = opts;
  }

  get sectors(): number {
    return Math.floor(this.size / SECTOR_SIZE);
  }

  read(sector: number, buf: Uint8Array): void {
    const count = Math.ceil(buf.length / SECTOR_SIZE);
    for (let i = 0; i < count; i++) {
      const dst = i * SECTOR_SIZE;
      const n = Math.min(SECTOR_SIZE, buf.length - dst);
      const dirty = this.overlay.get(sector + i);
      if (dirty) {
        buf.set(dirty.subarray(0, n), dst);
        continue;
      }
      const src = (sector + i) * SECTOR_SIZE;
      const avail = Math.max(0, Math.min(n, this.base.length - src));
      if (avail > 0) buf.set(this.base.subarray(src, src + avail), dst);
      if (avail < n) buf.fill(0, dst + avail, dst + n);
    }
  }

  write(sector: number, data: Uint8Array): void {
    if (this.readOnly) throw new Error('read-only block backend');
    const count = Math.ceil(data.length / SECTOR_SIZE);
    for (let i = 0; i < count; i++) {
      // A new array per write (copy-on-write): snapshots may hold the previous one.
      const page = new Uint8Array(SECTOR_SIZE);
      const src = i * SECTOR_SIZE;
      const n = Math.min(SECTOR_SIZE, data.length - src);
      if (n < SECTOR_SIZE) this.read(sector + i, page); // partial: start from current contents
      page.set(data.subarray(src, src + n));
      this.overlay.set(sector + i, page);
    }
    const hook = this.hooks.writeThrough;
    if (hook) {
      const off = sector * SECTOR_SIZE;
      const n = Math.min(data.length, this.size - off);
      if (n > 0) hook(off, data.subarray(0, n));
    }
  }

  flush(): void {
    this.hooks.flush?.();
  }

  /** Number of sectors written by the guest. */
  dirtyCount(): number {
    return this.overlay.size;
  }

  /** The current disk contents (base with the overlay applied), as a new array. */
  toBytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    out.set(this.base);
    for (const [sector, page] of this.overlay) {
      const off = sector * SECTOR_SIZE;
      if (off < out.length) out.set(page.subarray(0, Math.min(SECTOR_SIZE, out.length - off)), off);
    }
    return out;
  }
}
