/**
 * Platform-Level Interrupt Controller as on QEMU virt ("sifive,plic-1.0.0"/"riscv,plic0"
 * at 0xc000000). RISC-V PLIC Specification v1.0.0, ch. "Memory Map":
 *   0x000000 + 4*i          priority of source i (i = 1..ndev; 0 is reserved)
 *   0x001000 + 4*(i/32)     pending bits (read-only)
 *   0x002000 + 0x80*c       enable bits of context c
 *   0x200000 + 0x1000*c     priority threshold of context c
 *   0x200004 + 0x1000*c     claim (read) / complete (write) of context c
 * Contexts on virt: hart h M-mode = 2h (drives mip.MEIP), S-mode = 2h+1 (mip.SEIP).
 *
 * Sources are level-triggered. The gateway follows QEMU: a source's pending bit tracks
 * its level while it is not claimed; a claim clears pending and marks the source in
 * flight; completion ends the flight and re-pends the source if its level is still high.
 * A context's notification is raised when an enabled pending source has priority >
 * threshold (priority 0 never interrupts). Claim returns the highest priority such
 * source, lowest ID on ties, or 0. A completion for a source not enabled for the
 * context is ignored (spec "Interrupt Completion").
 */
import { type Device, type HartInterruptLines, type IrqSink, MipBit, subWordMerge, subWordRead } from '../bus/device';

export const PLIC_PRIORITY = 0x000000;
export const PLIC_PENDING = 0x001000;
export const PLIC_ENABLE = 0x002000;
export const PLIC_ENABLE_STRIDE = 0x80;
export const PLIC_CONTEXT = 0x200000;
export const PLIC_CONTEXT_STRIDE = 0x1000;

export class Plic implements Device, IrqSink {
  readonly name: string;
  readonly ndev: number;
  readonly harts: number;
  readonly contexts: number;
  /** Words of a bitmap covering sources 0..ndev. */
  readonly words: number;
  readonly priorityMask: number;
  // Wiring.
  lines: HartInterruptLines[];

  priority: Uint32Array;
  /** Input level of each source. */
  level: Uint8Array;
  /** Source claimed and not yet completed. */
  claimed: Uint8Array;
  /** Pending bitmap. */
  pending: Uint32Array;
  /** Enable bitmaps: context c uses words [c*words, (c+1)*words). */
  enable: Uint32Array;
  threshold: Uint32Array;
  /** Last notification level driven per context. */
  eip: Uint8Array;

  /**
   * @param harts number of harts (2 contexts each)
   * @param lines interrupt inputs of each hart
   * @param ndev number of sources (virt: 96)
   * @param maxPriority highest priority value (virt: 7); priorities are masked to it
   */
  constructor(harts: number, lines: HartInterruptLines[], ndev = 96, maxPriority = 7, name = 'plic') {
    this.name = name;
    this.harts = harts;
    this.ndev = ndev;
    this.contexts = harts * 2;
    this.words = (ndev + 1 + 31) >>> 5;
    let m = 1;
    while (m < maxPriority) m = (m << 1) | 1;
    this.priorityMask = m;
    this.lines = lines;
    this.priority = new Uint32Array(ndev + 1);
    this.level = new Uint8Array(ndev + 1);
    this.claimed = new Uint8Array(ndev + 1);
    this.pending = new Uint32Array(this.words);
    this.enable = new Uint32Array(this.words * this.contexts);
    this.threshold = new Uint32Array(this.contexts);
    this.eip = new Uint8Array(this.contexts);
  }

  /** IrqSink: drive source `line` (1..ndev) to `level`. */
  setIrq(line: number, level: boolean): void {
    if (line <= 0 || line > this.ndev) return;
    this.level[line] = level ? 1 : 0;
    if (this.claimed[line] === 0) this.setPending(line, level);
    this.update();
  }

  private setPending(src: number, on: boolean): void {
    const bit = 1 << (src & 31);
    if (on) this.pending[src >>> 5] |= bit;
    else this.pending[src >>> 5] &= ~bit;
  }

  private isPending(src: number): boolean {
    return (this.pending[src >>> 5] & (1 << (src & 31))) !== 0;
  }

  private isEnabled(ctx: number, src: number): boolean {
    return (this.enable[ctx * this.words + (src >>> 5)] & (1 << (src & 31))) !== 0;
  }

  /** Best claimable source for a context (priority > threshold), or 0. */
  private best(ctx: number): number {
    let bestSrc = 0;
    let bestPrio = this.threshold[ctx];
    const base = ctx * this.words;
    for (let w = 0; w < this.words; w++) {
      let bits = this.pending[w] & this.enable[base + w];
      while (bits !== 0) {
        const b = 31 - Math.clz32(bits & -bits);
        bits &= bits - 1;
        const src = w * 32 + b;
        if (src === 0 || src > this.ndev) continue;
        const p = this.priority[src];
        if (p > bestPrio) {
          bestPrio = p;
          bestSrc = src;
        }
      }
    }
    return bestSrc;
  }

  /** Recompute MEIP/SEIP of every context. */
  update(): void {
    for (let c = 0; c < this.contexts; c++) {
      const level = this.best(c) !== 0 ? 1 : 0;
      if (level !== this.eip[c]) {
        this.eip[c] = level;
        const hart = c >>> 1;
        if (hart < this.lines.length) this.lines[hart].setMip((c & 1) === 0 ? MipBit.MEIP : MipBit.SEIP, level !== 0);
      }
    }
  }

  /** Claim for context `ctx` (what a read of its claim register does). */
  claim(ctx: number): number {
    const src = this.best(ctx);
    if (src !== 0) {
      this.setPending(src, false);
      this.claimed[src] = 1;
      this.update();
    }
    return src;
  }

  /** Complete `src` for context `ctx` (what a write of its claim register does). */
  complete(ctx: number, src: number): void {
    if (src <= 0 || src > this.ndev || !this.isEnabled(ctx, src)) return;
    this.claimed[src] = 0;
    if (this.level[src] !== 0) this.setPending(src, true);
    this.update();
  }

  read(offset: number, size: 1 | 2 | 4): number {
    const off = offset & ~3;
    if (off >= PLIC_CONTEXT) {
      const ctx = Math.floor((off - PLIC_CONTEXT) / PLIC_CONTEXT_STRIDE);
      const reg = (off - PLIC_CONTEXT) % PLIC_CONTEXT_STRIDE;
      if (ctx >= this.contexts) return 0;
      if (reg === 0) return subWordRead(this.threshold[ctx], offset, size);
      if (reg === 4) return subWordRead(this.claim(ctx), offset, size);
      return 0;
    }
    return subWordRead(this.peekWord(off), offset, size);
  }

  write(offset: number, size: 1 | 2 | 4, value: number): void {
    const off = offset & ~3;
    if (off >= PLIC_CONTEXT) {
      const ctx = Math.floor((off - PLIC_CONTEXT) / PLIC_CONTEXT_STRIDE);
      const reg = (off - PLIC_CONTEXT) % PLIC_CONTEXT_STRIDE;
      if (ctx >= this.contexts) return;
      if (reg === 0) {
        this.threshold[ctx] = subWordMerge(this.threshold[ctx], offset, size, value) & this.priorityMask;
        this.update();
      } else if (reg === 4) {
        this.complete(ctx, subWordMerge(0, offset, size, value));
      }
      return;
    }
    const word = subWordMerge(this.peekWord(off), offset, size, value);
    if (off < PLIC_PENDING) {
      const src = off >>> 2;
      if (src >= 1 && src <= this.ndev) this.priority[src] = word & this.priorityMask;
    } else if (off >= PLIC_ENABLE) {
      const ctx = Math.floor((off - PLIC_ENABLE) / PLIC_ENABLE_STRIDE);
      const w = ((off - PLIC_ENABLE) % PLIC_ENABLE_STRIDE) >>> 2;
      if (ctx >= this.contexts || w >= this.words) return;
      let v = word;
      if (w === 0) v &= ~1; // source 0 does not exist
      if (w === this.words - 1) {
        const top = (this.ndev + 1) - w * 32; // valid bits in the last word
        if (top < 32) v &= (1 << top) - 1;
      }
      this.enable[ctx * this.words + w] = v >>> 0;
    } else {
      return; // pending bits are read-only
    }
    this.update();
  }

  /** Side-effect-free read of the priority/pending/enable areas. */
  private peekWord(off: number): number {
    if (off < PLIC_PENDING) {
      const src = off >>> 2;
      return src <= this.ndev ? this.priority[src] : 0;
    }
    if (off < PLIC_ENABLE) {
      const w = (off - PLIC_PENDING) >>> 2;
      return w < this.words ? this.pending[w] : 0;
    }
    if (off < PLIC_CONTEXT) {
      const ctx = Math.floor((off - PLIC_ENABLE) / PLIC_ENABLE_STRIDE);
      const w = ((off - PLIC_ENABLE) % PLIC_ENABLE_STRIDE) >>> 2;
      if (ctx >= this.contexts || w >= this.words) return 0;
      return this.enable[ctx * this.words + w];
    }
    return 0;
  }

  /** True if the source is pending (for tests/debugging). */
  pendingOf(src: number): boolean {
    return this.isPending(src);
  }
}
