/**
 * Contracts between the bus, the harts and MMIO devices (see docs/architecture.md,
 * "Devices (MMIO)").
 *
 * A device sees offset-relative accesses of 1, 2 or 4 bytes; the bus splits 8-byte
 * accesses into two 4-byte accesses, low word first. Devices keep only plain data
 * (numbers, typed arrays, plain objects, references to other devices) so that a snapshot
 * can copy them. References to host services (ConsoleSink, Clock, DmaMemory, hart
 * interrupt lines, IrqSink) are *wiring*: a snapshot keeps the live reference and copies
 * everything else.
 */

/** An MMIO device mapped at some base address by the bus. */
export interface Device {
  readonly name: string;
  /** Offset-relative access; size is 1, 2 or 4. Return the value zero-extended (>>> 0). */
  read(offset: number, size: 1 | 2 | 4): number;
  /** Offset-relative access; `value` holds the low `size` bytes (upper bits ignored). */
  write(offset: number, size: 1 | 2 | 4, value: number): void;
}

/** Platform interrupt input (wired lines 1..ndev); implemented by the PLIC. Level-triggered. */
export interface IrqSink {
  setIrq(line: number, level: boolean): void;
}

/** Machine time: 10 MHz ticks derived from retired instructions; an integer < 2^53. */
export interface Clock {
  mtime(): number;
}

/** mip bit indices (privileged spec 3.1.9 "Machine Interrupt Registers"). */
export const MipBit = {
  SSIP: 1,
  MSIP: 3,
  STIP: 5,
  MTIP: 7,
  SEIP: 9,
  MEIP: 11,
} as const;

/** The interrupt-pending inputs of one hart (implemented by the hart). */
export interface HartInterruptLines {
  /** Drive the hardware-controlled mip bit `bit` (MipBit.*) to `level`. */
  setMip(bit: number, level: boolean): void;
}

/** Thrown by DmaMemory when a device accesses an address that is not RAM. */
export class DmaError extends Error {
  constructor(readonly paddr: number, readonly len: number) {
    super(`DMA access to unmapped memory at 0x${paddr.toString(16)} (+${len})`);
    this.name = 'DmaError';
  }
}

/**
 * Physical-memory access for bus-mastering devices (virtio, HTIF syscall proxy).
 * Provided by the bus; throws DmaError when [paddr, paddr+len) is not entirely RAM.
 * readBytes may return a view into guest RAM: callers must copy if they keep it.
 */
export interface DmaMemory {
  readBytes(paddr: number, len: number): Uint8Array;
  writeBytes(paddr: number, data: Uint8Array): void;
}

/** Console output (UART transmit, HTIF putchar, syscall-proxy write). */
export interface ConsoleSink {
  write(bytes: Uint8Array): void;
}

/** Helpers for devices built from 32-bit registers that also accept 1/2-byte accesses. */
export function subWordRead(word: number, offset: number, size: 1 | 2 | 4): number {
  if (size === 4) return word >>> 0;
  const shift = (offset & 3) * 8;
  const mask = size === 1 ? 0xff : 0xffff;
  return (word >>> shift) & mask;
}

/** Merge a 1/2/4-byte write at `offset` into the aligned 32-bit `word`. */
export function subWordMerge(word: number, offset: number, size: 1 | 2 | 4, value: number): number {
  if (size === 4) return value >>> 0;
  const shift = (offset & 3) * 8;
  const mask = (size === 1 ? 0xff : 0xffff) << shift;
  return ((word & ~mask) | ((value << shift) & mask)) >>> 0;
}
