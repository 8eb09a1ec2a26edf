/**
 * Read-only memory device (the boot ROM at 0x1000 on virt and spike). Writes are
 * ignored, as on QEMU's "riscv.*.mrom" region.
 */
import type { Device } from '../bus/device';

export class Rom implements Device {
  readonly data: Uint8Array;

  constructor(readonly name: string, size: number) {
    this.data = new Uint8Array(size);
  }

  read(offset: number, size: 1 | 2 | 4): number {
    const d = this.data;
    if (offset + size > d.length) return 0;
    let v = 0;
    for (let k = size - 1; k >= 0; k--) v = (v * 256) + d[offset + k];
    return v >>> 0;
  }

  write(): void {
    // read-only
  }

  /** Store a little-endian 32-bit word (used to build the reset vector). */
  setWord(offset: number, value: number): void {
    const d = this.data;
    for (let k = 0; k < 4; k++) d[offset + k] = (value >>> (8 * k)) & 0xff;
  }

  /** Store a little-endian 64-bit value given as a non-negative number < 2^53. */
  setDword(offset: number, value: number): void {
    this.setWord(offset, value % 4294967296);
    this.setWord(offset + 4, Math.floor(value / 4294967296));
  }
}
