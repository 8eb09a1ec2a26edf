/**
 * Execution engine: the block cache and the per-hart run loop `runHart(h, budget)`.
 *
 * The loop translates the pc, finds (or compiles) the block at that physical address,
 * runs it, and accounts retired instructions per block (never per instruction).
 * Interrupts are taken at block boundaries. Exceptions unwind out of generated code as
 * the hart's TrapSignal; the loop finds how many instructions of the block retired and
 * enters the trap. Blocks never cross a page, stop before breakpoints, and are dropped
 * when a store overlaps their bytes (pages holding code are write-watched).
 */
import type { Hart } from './hart/hart';
import { translateFetch, TLB_SIZE } from './hart/mmu';
import { takeTrap } from './hart/trapEntry';
import { Cause } from './hart/trap';
import { wfiShouldWake } from './hart/interrupts';
import { WriteWatch, type Bus, type WriteObserver } from './bus/bus';
import { compileBlock, decodeBlock, type BlockFn, type BlockInsn } from './isa/codegen';

/** Longest block, in instructions. */
export const MAX_BLOCK = 64;

export interface Block {
  pa: number;
  fn: BlockFn;
  /** Instructions per iteration. */
  len: number;
  /** Byte size. */
  bytes: number;
  loops: boolean;
  /** Byte offset of each instruction. */
  offs: Uint16Array;
}

/** Why runHart returned. */
export const Stop = {
  /** Budget used up. */
  Budget: 0,
  /** The hart is waiting in WFI with nothing pending. */
  Idle: 1,
  /** A breakpoint address was reached (pc is at it, not executed). */
  Breakpoint: 2,
  /** The machine asked to stop (halt request, timer event due). */
  Event: 3,
} as const;

const FAST_SIZE = 8192;

export class BlockCache implements WriteObserver {
  private readonly blocks = new Map<number, Block>();
  private readonly byPage = new Map<number, Block[]>();
  private readonly fastTag = new Float64Array(FAST_SIZE).fill(NaN);
  private readonly fastBlock: (Block | undefined)[] = new Array<Block | undefined>(FAST_SIZE);
  /** Physical addresses of breakpoints; blocks end before them. */
  readonly breakpoints = new Set<number>();
  compiled = 0;

  constructor(private readonly bus: Bus) {
    bus.addObserver(this);
  }

  lookup(pa: number): Block | undefined {
    const i = ((pa | 0) >>> 1) & (FAST_SIZE - 1);
    if (this.fastTag[i] === pa) return this.fastBlock[i];
    const b = this.blocks.get(pa);
    if (b !== undefined) { this.fastTag[i] = pa; this.fastBlock[i] = b; }
    return b;
  }

  /** Build a block at physical pa for virtual pc. Raises fetch faults via the hart. */
  build(h: Hart, pa: number, pc: number, maxLen: number, cache: boolean): Block {
    const bus = this.bus;
    const pageEnd = 4096 - (pa & 4095);
    const bps = this.breakpoints;
    const fetch16 = (off: number): number => {
      if (off + 2 > pageEnd) {
        if (off !== 2) return -1; // only the first instruction may straddle a page
        // Upper half of a page-straddling first instruction: translate it separately.
        const pa2 = translateFetch(h, pc + 2);
        return fetchHalf(h, bus, pa2, pc + 2);
      }
      if (off > 0 && bps.size > 0 && bps.has(pa + off)) return -1;
      return fetchHalf(h, bus, pa + off, pc + off);
    };
    const insns: BlockInsn[] = decodeBlock(fetch16, maxLen);
    if (insns.length === 0) h.raise(Cause.InsnAccessFault, pc);
    const last = insns[insns.length - 1];
    const bytes = last.off + last.len;
    const fn = compileBlock(insns);
    const lastDef = last.def;
    const block: Block = {
      pa, fn, len: insns.length, bytes,
      loops: lastDef?.cond !== undefined && fn.toString().includes('h.iter'),
      offs: Uint16Array.from(insns, (x) => x.off),
    };
    this.compiled++;
    // Straddling blocks depend on two translations: never cache them.
    if (cache && bytes <= pageEnd) this.insert(block);
    return block;
  }

  private insert(b: Block): void {
    this.blocks.set(b.pa, b);
    const page = Math.floor(b.pa / 4096);
    let list = this.byPage.get(page);
    if (list === undefined) {
      list = [];
      this.byPage.set(page, list);
      if (this.bus.isRam(page * 4096, 4096)) this.bus.watchWrites(page * 4096, WriteWatch.Code);
    }
    list.push(b);
  }

  /** A store hit a watched page: drop blocks whose bytes overlap [pa, pa+size). */
  onWatchedWrite(pa: number, size: number): void {
    const page = Math.floor(pa / 4096);
    const list = this.byPage.get(page);
    if (list === undefined) return;
    let kept = 0;
    for (let k = 0; k < list.length; k++) {
      const b = list[k];
      if (pa < b.pa + b.bytes && b.pa < pa + size) this.drop(b);
      else list[kept++] = b;
    }
    list.length = kept;
    if (kept === 0) {
      this.byPage.delete(page);
      this.bus.unwatchWrites(page * 4096, WriteWatch.Code);
    }
  }

  private drop(b: Block): void {
    this.blocks.delete(b.pa);
    const i = ((b.pa | 0) >>> 1) & (FAST_SIZE - 1);
    if (this.fastTag[i] === b.pa) { this.fastTag[i] = NaN; this.fastBlock[i] = undefined; }
  }

  /** Drop everything (breakpoint set changes, snapshot restore). */
  flush(): void {
    for (const page of this.byPage.keys()) this.bus.unwatchWrites(page * 4096, WriteWatch.Code);
    this.blocks.clear(); this.byPage.clear();
    this.fastTag.fill(NaN); this.fastBlock.fill(undefined);
  }
}

function fetchHalf(h: Hart, bus: Bus, pa: number, va: number): number {
  const off = pa - bus.ramBase;
  if (off >= 0 && off + 2 <= bus.ramSize) return h.ram[off] | (h.ram[off + 1] << 8);
  const v = bus.mmioRead(pa, 2);
  if (v === undefined) {
    if (va === h.pc) h.raise(Cause.InsnAccessFault, va);
    return -1;
  }
  return v;
}

/** Take the hart's pending interrupt, if any. Returns true when one was taken. */
export function takePendingInterrupt(h: Hart): boolean {
  if (h.pendingIrq < 0) return false;
  takeTrap(h, h.pendingIrq, true, 0);
  return true;
}

/**
 * Run hart h for up to `budget` instructions (traps count as one).
 * Returns a Stop reason; h.consumed holds the number of instructions consumed.
 * The fetch-TLB probe and the block lookup are inlined here: this loop runs once per
 * block and must not allocate (no double-valued calls or returns on the hit path).
 */
export function runHart(h: Hart, cache: BlockCache, budget: number): number {
  let left = budget;
  const sig = h.signal;
  const bps = cache.breakpoints;
  const tlbVpn = h.tlbVpn, tlbOff = h.tlbOff, ramBase = h.bus.ramBase;
  const byMode = h.insnsByMode;
  let first = true;
  while (left > 0) {
    if (h.irqCheck) takePendingInterrupt(h);
    if (h.wfi) {
      if (!wfiShouldWake(h)) break;
      h.wfi = false;
    }
    const pc = h.pc;
    const prio = h.priv;
    let b: Block | undefined;
    try {
      const vpn = Math.floor(pc * (1 / 4096));
      const ti = h.fetchBase + (vpn & (TLB_SIZE - 1));
      const pa = tlbVpn[ti] === vpn ? ramBase + tlbOff[ti] + (pc & 4095) : translateFetch(h, pc);
      if (bps.size > 0 && !first && bps.has(pa)) { h.consumed = budget - left; return Stop.Breakpoint; }
      b = cache.lookup(pa);
      if (b === undefined || b.len > left) {
        b = cache.build(h, pa, pc, left < MAX_BLOCK ? left : MAX_BLOCK, left >= MAX_BLOCK || b === undefined);
      }
      h.loopLimit = b.loops ? Math.max(1, Math.floor(left / b.len)) : 1;
      const n = b.fn(h) * b.len;
      h.instret += n;
      byMode[prio] += n;
      left -= n;
    } catch (e) {
      if (e !== sig) throw e;
      let n = 0;
      if (b !== undefined) {
        const off = h.pc - pc;
        let idx = 0;
        while (idx < b.len && b.offs[idx] !== off) idx++;
        n = (b.loops ? h.iter - 1 : 0) * b.len + idx;
      }
      h.instret += n;
      byMode[prio] += n;
      left -= n + 1;
      takeTrap(h, sig.cause, false, sig.tval);
    }
    first = false;
    if (h.stopRequested) { h.consumed = budget - left; return Stop.Event; }
  }
  h.consumed = budget - left;
  return left > 0 ? Stop.Idle : Stop.Budget;
}
