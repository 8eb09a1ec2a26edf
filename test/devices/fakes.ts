/** Test doubles for device tests: IRQ sink, hart interrupt lines, clock, DMA memory, console. */
import { type Clock, type ConsoleSink, DmaError, type DmaMemory, type HartInterruptLines, type IrqSink } from '../../emulator/bus/device';

export class FakeIrq implements IrqSink {
  levels = new Map<number, boolean>();
  changes = 0;
  setIrq(line: number, level: boolean): void {
    this.levels.set(line, level);
    this.changes++;
  }
  level(line: number): boolean {
    return this.levels.get(line) ?? false;
  }
}

export class FakeLines implements HartInterruptLines {
  mip = 0;
  setMip(bit: number, level: boolean): void {
    if (level) this.mip |= 1 << bit;
    else this.mip &= ~(1 << bit);
  }
  has(bit: number): boolean {
    return (this.mip & (1 << bit)) !== 0;
  }
}

export class FakeClock implements Clock {
  now = 0;
  mtime(): number {
    return this.now;
  }
}

export class FakeConsole implements ConsoleSink {
  bytes: number[] = [];
  write(b: Uint8Array): void {
    for (const x of b) this.bytes.push(x);
  }
  text(): string {
    return String.fromCharCode(...this.bytes);
  }
}

/** RAM of `size` bytes at physical address `base`. */
export class FakeDma implements DmaMemory {
  readonly ram: Uint8Array;
  readonly dv: DataView;
  constructor(readonly base: number, size: number) {
    this.ram = new Uint8Array(size);
    this.dv = new DataView(this.ram.buffer);
  }
  private check(paddr: number, len: number): number {
    const off = paddr - this.base;
    if (off < 0 || off + len > this.ram.length) throw new DmaError(paddr, len);
    return off;
  }
  readBytes(paddr: number, len: number): Uint8Array {
    const off = this.check(paddr, len);
    return this.ram.subarray(off, off + len);
  }
  writeBytes(paddr: number, data: Uint8Array): void {
    this.ram.set(data, this.check(paddr, data.length));
  }
  u8(p: number): number { return this.ram[p - this.base]; }
  u16(p: number): number { return this.dv.getUint16(p - this.base, true); }
  u32(p: number): number { return this.dv.getUint32(p - this.base, true); }
  setU16(p: number, v: number): void { this.dv.setUint16(p - this.base, v, true); }
  setU32(p: number, v: number): void { this.dv.setUint32(p - this.base, v, true); }
  setU64(p: number, v: number): void {
    this.dv.setUint32(p - this.base, v % 0x100000000, true);
    this.dv.setUint32(p - this.base + 4, Math.floor(v / 0x100000000), true);
  }
}
