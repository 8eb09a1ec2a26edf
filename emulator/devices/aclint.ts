/**
 * CLINT-compatible ACLINT: MSWI + MTIMER in the SiFive CLINT layout used by QEMU virt
 * ("sifive,clint0"/"riscv,clint0" at 0x2000000, size 0x10000).
 *
 * RISC-V ACLINT spec v1.0: ch. 2 "Machine-level Timer Device (MTIMER)" and ch. 3
 * "Machine-level Software Interrupt Device (MSWI)"; layout as in the SiFive CLINT:
 *   0x0000 + 4*h  MSIP[h]      bit 0 drives mip.MSIP of hart h (other bits read 0)
 *   0x4000 + 8*h  MTIMECMP[h]  64-bit; MTIP[h] = (mtime >= mtimecmp[h]) (unsigned)
 *   0xbff8        MTIME        64-bit, counts at 10 MHz
 * mtime = Clock.mtime() + offset; guest writes to MTIME adjust `offset`.
 * mtimecmp resets to all-ones (never fires) so MTIP is clear until software programs it.
 *
 * The device raises MTIP/MSIP through each hart's HartInterruptLines. Time advances
 * outside the device, so the machine must call update() when it passes the value
 * reported by nextTimerEvent() (or simply at block/time-slice boundaries).
 */
import { type Clock, type Device, type HartInterruptLines, MipBit, subWordMerge, subWordRead } from '../bus/device';

export const ACLINT_MSIP = 0x0000;
export const ACLINT_MTIMECMP = 0x4000;
export const ACLINT_MTIME = 0xbff8;
const TWO32 = 0x100000000;
/** mtimecmp values at or above 2^53 never fire within the representable time range. */
const TWO53_HI = 0x200000;

export class Aclint implements Device {
  readonly name: string;
  readonly harts: number;
  // Wiring.
  clock: Clock;
  lines: HartInterruptLines[];

  /** msip[h] (0 or 1). */
  msip: Uint8Array;
  /** mtimecmp as u32 pairs: [2h] low word, [2h+1] high word. */
  mtimecmp: Uint32Array;
  /** Last MTIP level driven for each hart. */
  mtip: Uint8Array;
  /** Guest-visible mtime minus Clock.mtime() (ticks). */
  offset = 0;

  constructor(harts: number, clock: Clock, lines: HartInterruptLines[], name = 'clint') {
    this.name = name;
    this.harts = harts;
    this.clock = clock;
    this.lines = lines;
    this.msip = new Uint8Array(harts);
    this.mtimecmp = new Uint32Array(harts * 2).fill(0xffffffff);
    this.mtip = new Uint8Array(harts);
  }

  /** Guest-visible mtime. */
  mtime(): number {
    return this.clock.mtime() + this.offset;
  }

  read(offset: number, size: 1 | 2 | 4): number {
    return subWordRead(this.readWord(offset & ~3), offset, size);
  }

  write(offset: number, size: 1 | 2 | 4, value: number): void {
    const aligned = offset & ~3;
    const word = size === 4 ? value >>> 0 : subWordMerge(this.readWord(aligned), offset, size, value);
    this.writeWord(aligned, word);
  }

  private readWord(off: number): number {
    if (off < ACLINT_MTIMECMP) {
      const h = off >>> 2;
      return h < this.harts ? this.msip[h] : 0;
    }
    if (off < ACLINT_MTIME) {
      const i = (off - ACLINT_MTIMECMP) >>> 2;
      return i < this.harts * 2 ? this.mtimecmp[i] : 0;
    }
    if (off === ACLINT_MTIME || off === ACLINT_MTIME + 4) {
      const t = Math.max(0, this.mtime());
      return off === ACLINT_MTIME ? t % TWO32 : Math.floor(t / TWO32);
    }
    return 0;
  }

  private writeWord(off: number, v: number): void {
    if (off < ACLINT_MTIMECMP) {
      const h = off >>> 2;
      if (h < this.harts) {
        const level = v & 1;
        if (level !== this.msip[h]) {
          this.msip[h] = level;
          this.lines[h].setMip(MipBit.MSIP, level !== 0);
        }
      }
      return;
    }
    if (off < ACLINT_MTIME) {
      const i = (off - ACLINT_MTIMECMP) >>> 2;
      if (i < this.harts * 2) {
        this.mtimecmp[i] = v;
        this.updateHart(i >>> 1, this.mtime());
      }
      return;
    }
    if (off === ACLINT_MTIME || off === ACLINT_MTIME + 4) {
      const t = Math.max(0, this.mtime());
      let lo = t % TWO32;
      let hi = Math.floor(t / TWO32);
      if (off === ACLINT_MTIME) lo = v;
      else hi = v;
      const wanted = Math.min(hi, TWO53_HI - 1) * TWO32 + lo;
      this.offset = wanted - this.clock.mtime();
      this.update();
    }
  }

  /** mtimecmp[h] as a number, or Infinity when it is >= 2^53 (never reached). */
  private cmp(h: number): number {
    const hi = this.mtimecmp[2 * h + 1];
    if (hi >= TWO53_HI) return Infinity;
    return hi * TWO32 + this.mtimecmp[2 * h];
  }

  private updateHart(h: number, now: number): void {
    const level = now >= this.cmp(h) ? 1 : 0;
    if (level !== this.mtip[h]) {
      this.mtip[h] = level;
      this.lines[h].setMip(MipBit.MTIP, level !== 0);
    }
  }

  /** Recompute every hart's MTIP after time advanced. */
  update(): void {
    const now = this.mtime();
    for (let h = 0; h < this.harts; h++) this.updateHart(h, now);
  }

  /**
   * Clock.mtime() value (Clock units, i.e. without the guest offset) at which MTIP of
   * `hart` will be set; Infinity if never. A value <= now means MTIP is (or should be) set.
   */
  nextTimerEvent(hart: number): number {
    return this.cmp(hart) - this.offset;
  }

  /** Earliest nextTimerEvent over all harts. */
  nextEvent(): number {
    let t = Infinity;
    for (let h = 0; h < this.harts; h++) t = Math.min(t, this.nextTimerEvent(h));
    return t;
  }
}
