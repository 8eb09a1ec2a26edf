/**
 * HTIF (Berkeley host-target interface, as used by Spike, riscv-tests and riscv-pk).
 *
 * The guest writes a 64-bit command to the `tohost` word (an ELF symbol); the host
 * answers through `fromhost`. Command layout: device = bits 63:56, command = 55:48,
 * payload = 47:0.
 *   device 0 (syscall proxy), command 0:
 *     payload odd  -> exit with code payload >> 1 (riscv-tests: 1 = pass, else test number)
 *     payload even -> physical address of `magic_mem`, eight u64 words
 *                     {which, arg0..arg6}; the result is stored into magic_mem[0] and
 *                     fromhost = 1 is posted. Supported: SYS_write (64) to fd 1/2 and
 *                     SYS_exit (93); others return -ENOSYS and are recorded in `errors`.
 *   device 1 (console), command 1 -> putchar(payload & 0xff); fromhost = (1<<56)|(1<<48)
 *   device 1 (console), command 0 -> getchar request; answered with
 *                     fromhost = (1<<56) | byte when input is available (pushRx/pollInput)
 *
 * Contract with the machine (this is not an MMIO device; the machine watches stores to
 * the tohost address): when the guest writes a nonzero tohost (after the high word, or
 * an 8-byte store), call handleToHost(lo, hi). Then clear tohost (write 0) and, if the
 * result's `respond` is true, write fromhost = fromhostHi:fromhostLo (spike queues a
 * response until the guest has cleared fromhost; the machine may do the same or simply
 * overwrite). If `exit` is true, stop with `exitCode`.
 */
import type { ConsoleSink, DmaMemory } from '../bus/device';

export const SYS_WRITE = 64;
export const SYS_EXIT = 93;
const ENOSYS = 38;
const EBADF = 9;
const TWO32 = 0x100000000;
/** Cap on one SYS_write, to keep a broken guest from allocating host memory at will. */
const MAX_WRITE = 1 << 20;

export interface HtifResult {
  /** The guest asked to exit. */
  exit: boolean;
  exitCode: number;
  /** A response must be written to fromhost. */
  respond: boolean;
  fromhostLo: number;
  fromhostHi: number;
}

export class Htif {
  readonly name = 'htif';
  // Wiring.
  console: ConsoleSink;
  dma: DmaMemory | null;

  /** Exit requested (also reported in the handleToHost result). */
  exited = false;
  exitCode = 0;
  /** Unsupported requests seen (human-readable, plain strings). */
  errors: string[] = [];
  /** Pending console input bytes. */
  rx: number[] = [];
  /** The guest is waiting for a getchar answer. */
  readPending = false;

  constructor(console: ConsoleSink, dma: DmaMemory | null) {
    this.console = console;
    this.dma = dma;
  }

  /** Decode and execute one tohost command (lo/hi words, unsigned or signed). */
  handleToHost(lo: number, hi: number): HtifResult {
    const res: HtifResult = { exit: false, exitCode: 0, respond: false, fromhostLo: 0, fromhostHi: 0 };
    const h = hi >>> 0;
    const device = h >>> 24;
    const cmd = (h >>> 16) & 0xff;
    const payload = (h & 0xffff) * TWO32 + (lo >>> 0);
    if (device === 0 && cmd === 0) {
      if (payload % 2 === 1) {
        this.finish(res, Math.floor(payload / 2));
      } else {
        this.syscall(payload, res);
      }
    } else if (device === 1 && cmd === 1) {
      this.console.write(new Uint8Array([payload & 0xff]));
      res.respond = true;
      res.fromhostHi = (1 << 24) | (1 << 16);
    } else if (device === 1 && cmd === 0) {
      this.readPending = true;
      const answer = this.pollInput();
      if (answer !== null) {
        res.respond = true;
        res.fromhostLo = answer.lo;
        res.fromhostHi = answer.hi;
      }
    } else {
      this.errors.push(`htif: unknown device ${device} command ${cmd}`);
    }
    return res;
  }

  /** Queue a console input byte. */
  pushRx(byte: number): void {
    this.rx.push(byte & 0xff);
  }

  /**
   * If the guest is waiting for input and a byte is queued, return the fromhost value
   * to post (the machine calls this while fromhost is 0).
   */
  pollInput(): { lo: number; hi: number } | null {
    if (!this.readPending || this.rx.length === 0) return null;
    this.readPending = false;
    const b = this.rx.shift() as number;
    return { lo: b, hi: 1 << 24 };
  }

  private finish(res: HtifResult, code: number): void {
    this.exited = true;
    this.exitCode = code;
    res.exit = true;
    res.exitCode = code;
  }

  private syscall(magic: number, res: HtifResult): void {
    if (!this.dma) {
      this.errors.push('htif: syscall proxy used without DMA access');
      return;
    }
    const m = this.dma.readBytes(magic, 64);
    const dv = new DataView(m.buffer, m.byteOffset, 64);
    const arg = (i: number): number => dv.getUint32(8 * i, true) + dv.getUint32(8 * i + 4, true) * TWO32;
    const which = arg(0);
    let ret: number;
    if (which === SYS_WRITE) {
      const fd = arg(1);
      const buf = arg(2);
      const len = Math.min(arg(3), MAX_WRITE);
      if (fd === 1 || fd === 2) {
        this.console.write(this.dma.readBytes(buf, len).slice());
        ret = len;
      } else {
        this.errors.push(`htif: SYS_write to unsupported fd ${fd}`);
        ret = -EBADF;
      }
    } else if (which === SYS_EXIT) {
      this.finish(res, arg(1) % TWO32 >>> 0);
      return;
    } else {
      this.errors.push(`htif: unsupported syscall ${which}`);
      ret = -ENOSYS;
    }
    const out = new Uint8Array(8);
    const ov = new DataView(out.buffer);
    ov.setInt32(0, ret | 0, true);
    ov.setInt32(4, ret < 0 ? -1 : 0, true);
    this.dma.writeBytes(magic, out);
    res.respond = true;
    res.fromhostLo = 1;
    res.fromhostHi = 0;
  }
}
