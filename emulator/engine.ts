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
import { fetchEpoch, translateFetch, TLB_SIZE } from './hart/mmu';
import { takeTrap } from './hart/trapEntry';
import { Cause, DEBUG_STOP_CAUSE, DEVICE_EXIT_CAUSE } from './hart/trap';
import { wfiShouldWake } from './hart/interrupts';
import { WriteWatch, type Bus, type WriteObserver } from './bus/bus';
import { interpretBlock, type InterpBlockFn } from './isa/interp';
import { byteRange, compileBlock, compileRegion, decodeBlock, type BlockFn, type BlockInsn, type DecodedBlock } from './isa/codegen';
import { immB, immJ, rd, rs1 } from './isa/fields';
import { InsnFlag } from './isa/types';
import { compileWasm, type WasmFn } from './wasm/codegen';
import { HART_SLOTS } from './wasm/layout';
import { defaultTier, Tier } from './wasm/tier';

/** Entries of each hart's virtual-pc block cache. */
export const VC_SIZE = 4096;

/** Longest block, in instructions. */
export const MAX_BLOCK = 64;
/** Executions of a block before it is compiled (tier 1); until then it is interpreted.
 *  Measured on Debian's Linux boot (1 hart, 6 x 10^8 instructions of mostly warm, not
 *  hot, kernel code): compiling at 24 runs gave 14 MIPS, at 1500 runs 25, at 20000 runs
 *  34; the loop benchmarks (npm run bench) stay within noise, their loops becoming
 *  regions at HOT_THRESHOLD. Once tier 0 kept its words in arenas, the boot to /init
 *  took 3.15 s at 4000 runs against 3.30 s at 2000, 3.65 s at 3000 against 3.40 s at
 *  4000, and the same at 8000 as at 2000 (alternating runs). */
export const TIER1_THRESHOLD = 4000;
/** Executions of a block before its region is compiled (tier 2). */
export const HOT_THRESHOLD = 64;
/** Limits on a region's size. */
const REGION_MAX_BLOCKS = 3;
/** Executions after which a block may join a region. */
const WARM = 8;
const REGION_MAX_INSNS = 48;
/** The same for regions compiled to wasm (compiling is cheaper, calls cost more).
 *  Measured on the Linux boot (npm run bench -- linux): regions of up to 32 blocks / 512
 *  instructions, or taking in the targets of indirect jumps (returns), made the boot
 *  1.2-1.5x slower (more compiling than their runs repay); coremark_like gained ~10 %
 *  from them, much less than from chaining (wasm/codegen.ts `chain`). */
const REGION_MAX_BLOCKS_WASM = 12;
const REGION_MAX_INSNS_WASM = 256;
/** Instructions a spin-wait loop runs per visit before its hart yields the round. */
const SPIN_LIMIT = 256;

/** Compiled code entered at one physical address: one block (tier 1) or a region (tier 2). */
export interface Block {
  pa: number;
  fn: BlockFn;
  /** Instructions in the entry block (tier 1: the whole block). */
  len: number;
  /** Region (tier 2): fn returns instructions retired and may run many blocks. */
  multi: boolean;
  /** A region that is a spin-wait loop (isSpinLoop): on a multi-hart machine it runs a
   *  few iterations per round, then its hart yields the rest of the round. */
  spin: boolean;
  /** Byte offsets of each instruction, per block page offset. */
  offs: Map<number, Uint16Array>;
  /** Page-offset range [lo, hi) covered by the code (for invalidation). */
  lo: number;
  hi: number;
  hits: number;
  /** In the cache (uncached blocks are built for a short budget or a page-straddling start). */
  cached: boolean;
  /** Decoded instructions while the block is still interpreted (tier 0); null once compiled. */
  decoded: DecodedBlock | null;
  /** The tier-0 interpreter of a block built by build() (kept once compiled): runs a
   *  prefix of the block when the budget is shorter than the block. */
  interp: InterpBlockFn | null;
  /** Wasm code (emulator/wasm/): runs this block and the wasm code that follows it
   *  without returning here (single-hart machines); its global table slot. */
  chain: BlockFn | null;
  wslot: number;
  /** Links to the blocks that followed this one (virtual pc, block, fetchEpoch). */
  l0Pc: number;
  l0: Block | undefined;
  l0Ep: number;
  l1Pc: number;
  l1: Block | undefined;
  l1Ep: number;
}

function newBlock(pa: number, fn: BlockFn, len: number, multi: boolean, offs: Map<number, Uint16Array>,
  lo: number, hi: number, hits: number): Block {
  return { pa, fn, len, multi, spin: false, offs, lo, hi, hits, cached: false, decoded: null, interp: null, chain: null, wslot: -1,
    l0Pc: NaN, l0: undefined, l0Ep: -1, l1Pc: NaN, l1: undefined, l1Ep: -1 };
}

/** vbreakpoints value of an address where breakpoints of several guests are. */
export const ANY_VMID = -1;

/** Why runHart returned. */
export const Stop = {
  /** Budget used up. */
  Budget: 0,
  /** The hart is waiting in WFI with nothing pending. */
  Idle: 1,
  /** A breakpoint address was reached (pc is at it, not executed). */
  Breakpoint: 2,
  /** The machine asked to stop (halt request, device event). */
  Event: 3,
  /** A data watchpoint matched an access; the instruction at pc has not executed. */
  Watch: 4,
  /** A trap the debugger catches is about to be taken (h.caughtCause); not taken yet. */
  Exception: 5,
  /** A debugger VM hook asked to stop after a VM exit or entry (h.vmStop). */
  VmEvent: 6,
} as const;

const FAST_SIZE = 8192;
/** Page-straddling blocks kept for reuse (BlockCache.straddling), at most. */
const STRADDLING_MAX = 4096;

export class BlockCache implements WriteObserver {
  private readonly blocks = new Map<number, Block>();
  private readonly byPage = new Map<number, Block[]>();
  /** Blocks entered at a page's last halfword that run on into the next page, by
   *  physical address (build: reused while their bytes are unchanged). */
  private readonly straddling = new Map<number, Block>();
  private readonly fastTag = new Float64Array(FAST_SIZE).fill(NaN);
  private readonly fastBlock: (Block | undefined)[] = new Array<Block | undefined>(FAST_SIZE);
  /** Blocks by the global slot of their wasm code. */
  private readonly slotBlocks = new Map<number, Block>();
  /** Physical addresses of breakpoints; blocks end before them. */
  readonly breakpoints = new Set<number>();
  /** Virtual addresses of breakpoints in guests (V=1), with the VMID they belong to
   *  (ANY_VMID: several guests): the hart stops only in that guest; blocks end before
   *  them in every context, and no link leads to them. */
  readonly vbreakpoints = new Map<number, number>();
  /** Debugger exception filters: exception causes (index = cause) that stop the hart
   *  before the trap is taken, and whether interrupts do. Checked only on trap paths. */
  readonly catchCause = new Uint8Array(64);
  catchInterrupts = false;
  /** Blocks compiled (tier 1, JS or wasm, or replaced by a wasm region at tier 1). */
  compiled = 0;
  regions = 0;
  /** Blocks and regions compiled to wasm (emulator/wasm/). */
  wasmBlocks = 0;
  wasmRegions = 0;
  /** Tier mode (wasm/tier.ts Tier) and the run at which a block goes to wasm early
   *  (1 when forced, else never). */
  tier = defaultTier;
  firstWasm = defaultTier === Tier.Wasm ? 1 : -1;

  /** Change the tier mode; drops compiled code. */
  setTier(t: number): void {
    this.tier = t;
    this.firstWasm = t === Tier.Wasm ? 1 : -1;
    this.flush();
  }

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

  /** Build a tier-1 block at physical pa for virtual pc. Raises fetch faults via the hart. */
  build(h: Hart, pa: number, pc: number, maxLen: number, cache: boolean): Block {
    const bus = this.bus;
    const start = pa & 4095;
    const bps = this.breakpoints, vbps = this.vbreakpoints;
    const fetch16 = (off: number): number => {
      if (off + 2 > 4096) {
        if (off !== start + 2) return -1; // only the first instruction may straddle a page
        const pa2 = translateFetch(h, pc + 2);
        return fetchHalf(h, bus, pa2, pc + 2);
      }
      return fetchHalf(h, bus, pa - start + off, pc - start + off);
    };
    const stopAt = bps.size === 0 && vbps.size === 0 ? undefined
      : (off: number): boolean => bps.has(pa - start + off) || vbps.has(pc - start + off);
    // A block entered at the last halfword of a page reads the next page too, through
    // its own translation: it is never cached, but it is kept here and reused while
    // its instruction bytes, fetched again through both translations, are unchanged.
    const straddles = start === 4096 - 2 && cache && stopAt === undefined;
    if (straddles) {
      const s = this.straddling.get(pa);
      if (s !== undefined && sameBytes(s.decoded!, fetch16)) return s;
    }
    const insns: BlockInsn[] = decodeBlock(fetch16, maxLen, start, stopAt);
    if (insns.length === 0) h.raise(Cause.InsnAccessFault, pc);
    const [lo, end] = byteRange(insns);
    const decoded: DecodedBlock = { start, insns };
    const interp = interpretBlock(decoded);
    const block = newBlock(pa, interp, insns.length, false,
      new Map([[start, Uint16Array.from(insns, (x) => x.off)]]), lo, end, cache ? 0 : -1 << 30);
    block.decoded = decoded;
    block.interp = interp;
    // Straddling blocks depend on two translations: never cache them.
    if (cache && end <= 4096) this.insert(block);
    else if (straddles && end > 4096 && bus.isRam(pa - start, 4096)) {
      if (this.straddling.size >= STRADDLING_MAX) this.straddling.clear();
      block.hits = -1 << 30; // never tiered up: compiled code would be cached
      this.straddling.set(pa, block);
    }
    return block;
  }

  /** The wasm tier is usable: the bus has a wasm memory and every hart a slot in it. */
  private wasmOn(): boolean {
    return this.tier !== Tier.Js && this.bus.wasm !== null && this.bus.harts.length <= HART_SLOTS;
  }

  /** Tier 1: replace the interpreter of a warm block by its compiled function (wasm
   *  when every instruction has wasm semantics, else JS). `early` (the forced wasm
   *  tier's first run): only wasm, otherwise the block stays interpreted. */
  compile(b: Block, early = false): void {
    if (b.decoded === null) return;
    const w = this.wasmOn() ? compileWasm(this.bus, [b.decoded], false) : null;
    if (w !== null) {
      this.setWasm(b, w);
      b.decoded = null;
      this.wasmBlocks++;
      this.compiled++;
      return;
    }
    if (early) return;
    b.fn = compileBlock(b.decoded);
    b.decoded = null;
    this.compiled++;
  }

  /** Compile the region reachable from hot block b (same page, direct branches only).
   *  With the wasm tier a region may hold more blocks (REGION_MAX_*_WASM) and, when
   *  `anyShape` (a block reaching TIER1_THRESHOLD), need not loop: the blocks that follow
   *  the entry run in one call. */
  promote(h: Hart, b: Block, anyShape = false): Block {
    const bus = this.bus;
    const page = b.pa - (b.pa & 4095);
    if (!bus.isRam(page, 4096)) return b;
    const bps = this.breakpoints, vbps = this.vbreakpoints;
    // A loop region entered at a breakpoint would run through it on every iteration but
    // the first (a conditional breakpoint or logpoint in a hot loop resumes from it).
    const vmid = vbps.size > 0 ? vbps.get(h.pc) : undefined;
    if (bps.has(b.pa) || (vmid !== undefined && h.virt !== 0 && (vmid === ANY_VMID || vmid === h.hgatpVmid))) return b;
    if (this.wasmOn()) {
      const blocks = this.regionBlocks(h, b, REGION_MAX_BLOCKS_WASM, REGION_MAX_INSNS_WASM);
      if (blocks !== null && (anyShape || blocks.loops)) {
        const w = compileWasm(bus, blocks.blocks, true);
        if (w !== null) {
          this.wasmRegions++;
          if (anyShape) this.compiled++; // it replaces the block's tier-1 compilation
          return this.install(b, blocks.blocks, w.fn, w);
        }
      }
    }
    if (anyShape) return b;
    const blocks = this.regionBlocks(h, b, REGION_MAX_BLOCKS, REGION_MAX_INSNS);
    // Only loops through the entry gain from a JS region (no return to the run loop per
    // iteration); other shapes cost compile time for nothing.
    if (blocks === null || !blocks.loops) return b;
    return this.install(b, blocks.blocks, compileRegion(blocks.blocks));
  }

  /** Decode the region of b's page reachable from b (warm successors only), split so
   *  every offset belongs to one block; null when nothing decodes. */
  private regionBlocks(h: Hart, b: Block, maxBlocks: number, maxInsns: number): { blocks: DecodedBlock[]; loops: boolean } | null {
    const bus = this.bus;
    const page = b.pa - (b.pa & 4095);
    const bps = this.breakpoints, vbps = this.vbreakpoints;
    const vpage = h.pc - (h.pc & 4095);
    const ram = h.ram, base = page - bus.ramBase;
    const fetch16 = (off: number): number => {
      if (off + 2 > 4096) return -1;
      return ram[base + off] | (ram[base + off + 1] << 8);
    };
    const stopAt = bps.size === 0 && vbps.size === 0 ? undefined
      : (off: number): boolean => bps.has(page + off) || vbps.has(vpage + off);
    const decoded = new Map<number, BlockInsn[]>();
    const work = [b.pa & 4095];
    let total = 0;
    while (work.length > 0 && decoded.size < maxBlocks && total < maxInsns) {
      const start = work.shift()!;
      if (decoded.has(start) || (start !== (b.pa & 4095) && (bps.has(page + start) || vbps.has(vpage + start)))) continue;
      const insns = decodeBlock(fetch16, MAX_BLOCK, start, stopAt);
      if (insns.length === 0) continue;
      decoded.set(start, insns);
      total += insns.length;
      const last = insns[insns.length - 1];
      const def = last.def;
      const end = last.off + last.len;
      const succ = def?.cond !== undefined ? [last.off + immB(last.insn), end]
        : def?.link !== undefined ? [last.off + immJ(last.insn)]
        : def !== undefined && (def.flags & InsnFlag.EndsBlock) === 0 ? [end] : [];
      // Only successors that already ran often enough join the region: cold code in an
      // optimized function costs a deoptimization the first time it runs.
      for (const t of succ) if (t === (b.pa & 4095) || this.isWarm(page + t)) work.push(t);
    }
    for (const s of decoded.keys()) if (s < 0 || s >= 4096) decoded.delete(s); // keep only targets inside the page
    if (decoded.size === 0) return null;
    const loops = loopsTo(decoded, b.pa & 4095);
    // Split blocks at other blocks' starts so every offset belongs to one block.
    const blocks: DecodedBlock[] = [];
    for (const [start, insns] of decoded) {
      let cut = insns.length;
      for (let k = 1; k < insns.length; k++) if (decoded.has(insns[k].off)) { cut = k; break; }
      blocks.push({ start, insns: insns.slice(0, cut) });
    }
    return { blocks, loops };
  }

  /** Wasm code of block b; its slot names b when a chained run traps in it. */
  private setWasm(b: Block, w: WasmFn): void {
    b.fn = w.fn;
    b.chain = w.chain;
    b.wslot = w.slot;
    this.slotBlocks.set(w.slot, b);
  }

  /** The block whose wasm code has this global slot (a chained run trapped in it). */
  slotBlock(slot: number): Block | undefined {
    return this.slotBlocks.get(slot);
  }

  /** The virtual-pc cache entry of the hart's pc names block b: note b's new wasm slot. */
  noteSlot(h: Hart, b: Block): void {
    const pc = h.pc;
    const vi = ((pc | 0) >>> 1) & (VC_SIZE - 1);
    if (h.vcTag[vi] === pc && h.vcBlock[vi] === b) h.vcSlot[vi] = chainSlot(b);
  }

  /** Replace block b by the region of `blocks` compiled to fn. */
  private install(b: Block, blocks: DecodedBlock[], fn: BlockFn, w?: WasmFn): Block {
    let lo = 4096, hi = 0;
    const offs = new Map<number, Uint16Array>();
    for (const blk of blocks) {
      const [l, e] = byteRange(blk.insns);
      lo = Math.min(lo, l); hi = Math.max(hi, e);
      offs.set(blk.start, Uint16Array.from(blk.insns, (x) => x.off));
    }
    const region = newBlock(b.pa, fn, blocks[0].insns.length, true, offs, lo, hi, -1 << 30);
    if (w !== undefined) this.setWasm(region, w);
    region.spin = blocks.length === 1 && isSpinLoop(blocks[0].insns);
    this.regions++;
    this.remove(b);
    this.insert(region);
    return region;
  }

  /** Has the tier-1 block at pa run at least WARM times? */
  private isWarm(pa: number): boolean {
    const blk = this.blocks.get(pa);
    return blk !== undefined && (blk.multi || blk.hits >= WARM || blk.hits < 0);
  }

  private insert(b: Block): void {
    b.cached = true;
    this.blocks.set(b.pa, b);
    const i = ((b.pa | 0) >>> 1) & (FAST_SIZE - 1);
    this.fastTag[i] = b.pa; this.fastBlock[i] = b;
    const page = Math.floor(b.pa / 4096);
    let list = this.byPage.get(page);
    if (list === undefined) {
      list = [];
      this.byPage.set(page, list);
      if (this.bus.isRam(page * 4096, 4096)) this.bus.watchWrites(page * 4096, WriteWatch.Code);
    }
    list.push(b);
  }

  private remove(b: Block): void {
    const list = this.byPage.get(Math.floor(b.pa / 4096));
    if (list !== undefined) {
      const k = list.indexOf(b);
      if (k >= 0) list.splice(k, 1);
    }
    this.drop(b);
  }

  /** A store hit a watched page: drop code whose bytes overlap [pa, pa+size). */
  onWatchedWrite(pa: number, size: number): void {
    const page = Math.floor(pa / 4096);
    const list = this.byPage.get(page);
    if (list === undefined) return;
    const lo = pa - page * 4096, hi = lo + size;
    let kept = 0;
    for (let k = 0; k < list.length; k++) {
      const b = list[k];
      if (lo < b.hi && b.lo < hi) this.drop(b);
      else list[kept++] = b;
    }
    list.length = kept;
    if (kept === 0) {
      this.byPage.delete(page);
      this.bus.unwatchWrites(page * 4096, WriteWatch.Code);
    }
  }

  private drop(b: Block): void {
    // Links and virtual-pc entries check `cached` before use (a new block may take the
    // address), so only wasm code needs a new epoch: chained runs follow virtual-pc
    // entries by their table slot, not by the block (and stop when the epoch moves).
    if (b.wslot >= 0) this.bus.codeEpoch++;
    b.cached = false;
    if (this.blocks.get(b.pa) === b) this.blocks.delete(b.pa);
    const i = ((b.pa | 0) >>> 1) & (FAST_SIZE - 1);
    if (this.fastBlock[i] === b) { this.fastTag[i] = NaN; this.fastBlock[i] = undefined; }
  }

  /** Drop everything (breakpoint set changes, snapshot restore). */
  flush(): void {
    this.bus.codeEpoch++;
    for (const page of this.byPage.keys()) this.bus.unwatchWrites(page * 4096, WriteWatch.Code);
    this.blocks.clear(); this.byPage.clear(); this.slotBlocks.clear(); this.straddling.clear();
    // Dropped blocks, and the tier-0 arenas their words are in, must not stay reachable
    // from the harts' virtual-pc caches (their entries died with the epoch anyway).
    for (const h of this.bus.harts) { h.vcTag.fill(NaN); h.vcBlock.fill(undefined); }
    this.fastTag.fill(NaN); this.fastBlock.fill(undefined);
  }
}

/** The slot a chained run may enter block b by, or -1: chained runs do not count block
 *  runs, so only code past its last tier-up (a region, or a block compiled at
 *  TIER1_THRESHOLD) is entered that way; a block compiled early (the forced wasm tier)
 *  keeps counting towards its region. */
function chainSlot(b: Block): number {
  return b.multi || b.hits >= TIER1_THRESHOLD || b.hits < 0 ? b.wslot : -1;
}

/** Formats whose rd field is not a destination register. */
const NO_RD = new Set(['S', 'FS', 'B', 'FENCE', 'NONE', 'SFENCE', 'CBO', 'HSV']);
/** Instructions a spin loop may hold: plain integer work, loads, branches. */
const SPIN_OK = new Set(['R', 'R1', 'I', 'SH', 'SHW', 'U', 'L', 'B', 'J', 'FENCE']);

/**
 * A spin-wait loop: a single block looping to itself that stores nothing (no store,
 * AMO, LR/SC, CSR write or system instruction) and loads only from addresses it does not
 * change (every load's base register is unwritten in the loop), so only another hart or
 * a device can end it, as in `while (*flag == 0) ;`. A loop that walks memory (strlen)
 * or counts down without loading (a delay loop) is not one.
 */
export function isSpinLoop(insns: readonly BlockInsn[]): boolean {
  const written = new Set<number>();
  const bases: number[] = [];
  let loads = 0;
  for (const x of insns) {
    const d = x.def;
    if (d === undefined || !SPIN_OK.has(d.fmt)) return false;
    if (d.fmt === 'L') { loads++; bases.push(rs1(x.insn)); }
    if (!NO_RD.has(d.fmt)) written.add(rd(x.insn));
  }
  return loads > 0 && bases.every((r) => r === 0 || !written.has(r));
}

/** Does any block of the region branch or jump back to page offset `entry`? */
function loopsTo(decoded: Map<number, BlockInsn[]>, entry: number): boolean {
  for (const insns of decoded.values()) {
    for (const x of insns) {
      if (x.def?.cond !== undefined && x.off + immB(x.insn) === entry) return true;
      if (x.def?.link !== undefined && x.off + immJ(x.insn) === entry) return true;
    }
  }
  return false;
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

/** Do the halfwords fetch16 returns now match the instructions block d was decoded from? */
function sameBytes(d: DecodedBlock, fetch16: (off: number) => number): boolean {
  for (const bi of d.insns) {
    if (fetch16(bi.off) !== (bi.raw & 0xffff)) return false;
    if (bi.len === 4 && fetch16(bi.off + 2) !== bi.raw >>> 16) return false;
  }
  return true;
}

/** Length (2 or 4) of the instruction at physical address pa. */
function insnLengthAt(h: Hart, pa: number): number {
  const off = pa - h.bus.ramBase;
  const lo = off >= 0 && off < h.bus.ramSize ? h.ram[off] : (h.bus.mmioRead(pa, 2) ?? 3);
  return (lo & 3) === 3 ? 4 : 2;
}

/** Take the hart's pending interrupt, if any. Returns true when one was taken. */
export function takePendingInterrupt(h: Hart): boolean {
  if (h.pendingIrq < 0) return false;
  takeTrap(h, h.pendingIrq, true, 0);
  return true;
}

/** Record a trap the debugger catches (taken later by deliverCaught). */
function caught(h: Hart, consumed: number, cause: number, tval: number, irq: boolean): number {
  h.caughtCause = cause;
  h.caughtTval = tval;
  h.caughtIrq = irq;
  h.consumed = consumed;
  return Stop.Exception;
}

/** Take the trap a debugger stop caught (the debugger resumes past it). */
export function deliverCaught(h: Hart): void {
  const cause = h.caughtCause;
  if (cause < 0) return;
  h.caughtCause = -1;
  if (h.caughtIrq) takePendingInterrupt(h);
  else takeTrap(h, cause, false, h.caughtTval);
}

/**
 * Translate h.pc and find (or build) its block; link it from prev. Returns undefined
 * when a breakpoint is at the pc (and this is not the first block of the run).
 */
function findBlock(h: Hart, cache: BlockCache, prev: Block | undefined, left: number, first: boolean,
  link: boolean, ep: number): Block | undefined {
  const pc = h.pc;
  // A guest's breakpoint stops here in its own guest only; no link leads to its pc.
  if (cache.vbreakpoints.size > 0) {
    const vmid = cache.vbreakpoints.get(pc);
    if (vmid !== undefined) {
      if (!first && h.virt !== 0 && (vmid === ANY_VMID || vmid === h.hgatpVmid)) return undefined;
      link = false;
    }
  }
  // Virtual-pc cache (per hart): valid while fetchEpoch is unchanged and its block cached.
  const vi = ((pc | 0) >>> 1) & (VC_SIZE - 1);
  let b: Block | undefined;
  if (link && h.vcTag[vi] === pc && h.vcEp[vi] === ep && (h.vcBlock[vi] as Block).cached) {
    b = h.vcBlock[vi] as Block;
  } else {
    b = lookupPhysical(h, cache, pc, left, first);
    if (b === undefined) return undefined;
    // The block at a breakpoint runs only as a run's first block (resuming from it): no
    // link and no virtual-pc entry may lead to it, or later runs would pass the
    // breakpoint. Links made before a breakpoint was set die with the epoch
    // (Breakpoints.arm flushes the cache whenever the set changes).
    if (cache.breakpoints.size > 0 && cache.breakpoints.has(b.pa)) link = false;
    // Only pages with a fetch TLB entry get links and entries: a fence of the page (or
    // replacing the entry) then moves the epoch on (mmu.ts sfenceVma, fillTlb).
    if (link && !fetchCached(h, pc)) link = false;
    if (link && b.cached && fetchEpoch(h) === ep) { h.vcTag[vi] = pc; h.vcEp[vi] = ep; h.vcBlock[vi] = b; h.vcSlot[vi] = chainSlot(b); }
  }
  if (prev !== undefined && link && b.cached && prev.cached && fetchEpoch(h) === ep) {
    if (prev.l0Ep !== ep) { prev.l0Pc = pc; prev.l0 = b; prev.l0Ep = ep; }
    else { prev.l1Pc = pc; prev.l1 = b; prev.l1Ep = ep; }
  }
  return b;
}

/** Does the hart's fetch TLB hold the page of virtual pc? */
function fetchCached(h: Hart, pc: number): boolean {
  const vpn = Math.floor(pc * (1 / 4096));
  return h.tlbVpn[h.fetchBase + (vpn & (TLB_SIZE - 1))] === vpn;
}

function lookupPhysical(h: Hart, cache: BlockCache, pc: number, left: number, first: boolean): Block | undefined {
  const vpn = Math.floor(pc * (1 / 4096));
  const ti = h.fetchBase + (vpn & (TLB_SIZE - 1));
  const pa = h.tlbVpn[ti] === vpn ? h.bus.ramBase + h.tlbOff[ti] + (pc & 4095) : translateFetch(h, pc);
  const bps = cache.breakpoints;
  if (bps.size > 0 && !first && bps.has(pa)) return undefined;
  const b = cache.lookup(pa);
  return b !== undefined ? b : cache.build(h, pa, pc, left < MAX_BLOCK ? left : MAX_BLOCK, left >= MAX_BLOCK);
}

/**
 * Run hart h for up to `budget` instructions (traps count as one).
 * Returns a Stop reason; h.consumed holds the number of instructions consumed.
 * Pending interrupts and WFI are handled on entry; anything that needs attention
 * later (an interrupt becoming pending, WFI, a device write, a halt) sets
 * h.stopRequested, the only flag checked between blocks. Successive blocks are
 * linked so that the common path skips address translation and the cache lookup.
 */
export function runHart(h: Hart, cache: BlockCache, budget: number): number {
  let left = budget;
  const sig = h.signal;
  const bps = cache.breakpoints;
  const byMode = h.insnsByMode;
  const bus = h.bus;
  // Links skip findBlock, so findBlock never makes one to a breakpoint's block
  // (physical or virtual), and changing the breakpoint sets flushes the cache
  // (Breakpoints.arm), which kills older links: links stay on with breakpoints armed.
  const link = bus.harts.length === 1;
  // Wasm code runs chained (wasm/codegen.ts) where links are on: the chain follows the
  // virtual-pc cache, which holds entries only on single-hart machines.
  const chainOn = link;
  const multi = bus.harts.length > 1;
  let prev: Block | undefined;
  // A breakpoint at the first pc stops the hart unless the debugger resumes from it.
  let first = h.ignoreBp || (bps.size === 0 && cache.vbreakpoints.size === 0);
  h.ignoreBp = false;
  let b: Block | undefined;
  let prio = 0;
  for (;;) {
    if (h.irqCheck) {
      if (cache.catchInterrupts && h.pendingIrq >= 0) {
        return caught(h, budget - left, h.pendingIrq, 0, true);
      }
      // An interrupt taken costs one unit of budget, as an exception does: budget units
      // and the machine clock (instructions + traps, machine.ts) advance together.
      if (takePendingInterrupt(h)) left--;
    }
    if (h.wfi) {
      if (!wfiShouldWake(h)) break;
      h.wfi = false;
    }
    h.stopRequested = false;
    try {
      while (left > 0) {
        // No double-valued local flows into a call here: V8 would box it (allocate)
        // on every iteration. Calls read h.pc themselves.
        prio = h.mode;
        const ep = fetchEpoch(h);
        if (prev !== undefined && prev.l0Pc === h.pc && prev.l0Ep === ep && prev.l0!.cached) b = prev.l0!;
        else if (prev !== undefined && prev.l1Pc === h.pc && prev.l1Ep === ep && prev.l1!.cached) b = prev.l1!;
        else b = findBlock(h, cache, prev, left, first, link, ep);
        if (b === undefined) { h.consumed = budget - left; return Stop.Breakpoint; }
        if (b.len > left) {
          // Budget shorter than the block: run a prefix of its interpreter when it has
          // one (the same instructions an uncached block of `left` would hold) rather
          // than decode a new block.
          const ip = b.interp;
          if (ip !== null) {
            const lim = left; // a copy: a closure over `left` would slow the whole loop
            b = newBlock(b.pa, (hh) => ip(hh, lim), lim, false, b.offs, b.lo, b.hi, -1 << 30);
          }
          else b = cache.build(h, b.pa, h.pc, Math.min(left, MAX_BLOCK), false);
        }
        else {
          // Loops become regions at HOT_THRESHOLD; other blocks stay interpreted until
          // TIER1_THRESHOLD (cold kernel code runs faster interpreted than compiled).
          const hits = ++b.hits;
          if (hits === HOT_THRESHOLD) b = cache.promote(h, b);
          else if (hits === TIER1_THRESHOLD) {
            const r = cache.promote(h, b, true);
            if (r === b) { cache.compile(b); cache.noteSlot(h, b); } else b = r;
          }
          else if (hits === cache.firstWasm) { cache.compile(b, true); cache.noteSlot(h, b); }
        }
        prev = b;
        first = false;
        let n: number;
        if (b.multi) {
          if (left < 2 * MAX_BLOCK) { b = cache.build(h, b.pa, h.pc, Math.min(left, MAX_BLOCK), false); n = b.fn(h); }
          else if (b.spin && multi) {
            // A spin-wait loop on a multi-hart machine: a few iterations, then yield.
            h.loopLimit = SPIN_LIMIT;
            n = b.fn(h);
            if ((h.pc & 4095) === (b.pa & 4095)) h.pauseHint();
          } else { h.loopLimit = left - MAX_BLOCK; n = chainOn && b.chain !== null ? b.chain(h) : b.fn(h); }
        } else if (chainOn && b.chain !== null && left >= 2 * MAX_BLOCK) {
          h.loopLimit = left - MAX_BLOCK;
          n = b.chain(h);
        } else {
          n = b.fn(h);
        }
        h.instret += n;
        byMode[prio] += n;
        left -= n;
        if (h.stopRequested) break;
      }
    } catch (e) {
      if (e !== sig) throw e;
      let n = 0;
      // A chained wasm run raised in one of the functions it chained to.
      if (h.chainSlot >= 0) {
        const fb = cache.slotBlock(h.chainSlot);
        if (fb !== undefined) b = fb;
        n = h.chainDone;
        h.chainSlot = -1;
      }
      if (b !== undefined) {
        const blockOff = b.multi ? h.blockOff : b.pa & 4095;
        const offs = b.offs.get(blockOff);
        const off = h.pc & 4095;
        let idx = 0;
        if (offs !== undefined) while (idx < offs.length && offs[idx] !== off) idx++;
        n += (b.multi ? h.iter : 0) + idx;
      }
      h.instret += n;
      byMode[prio] += n;
      const cause = sig.cause;
      if (cause === DEBUG_STOP_CAUSE) { h.consumed = budget - left + n; return Stop.Watch; }
      if (cause === DEVICE_EXIT_CAUSE) {
        // A store to a device completed: it retires, and the loop below looks at the
        // device's request (stopRequested) before the next instruction.
        const len = b !== undefined ? insnLengthAt(h, b.pa - (b.pa & 4095) + (h.pc & 4095)) : 4;
        h.instret++;
        byMode[prio]++;
        left -= n + 1;
        h.pc += len;
        if (h.markPending !== 0) { const mk = h.markPending; h.markPending = 0; h.probe?.marker(h, mk); }
        prev = undefined;
        b = undefined;
        first = false;
      } else {
        if (cause < 64 && cache.catchCause[cause] !== 0) return caught(h, budget - left + n, cause, sig.tval, false);
        left -= n + 1;
        prev = undefined;
        b = undefined;
        first = false;
        takeTrap(h, cause, false, sig.tval);
        if (left > 0 && !h.stopRequested) continue;
      }
    }
    // A spinning hart (PAUSE, a WFI that cannot sleep) gives up the rest of its budget.
    if (left <= 0 || h.spinning || h.vmStop || (h.stopRequested && !h.irqCheck && !h.wfi)) break;
  }
  h.consumed = budget - left;
  if (h.vmStop) { h.vmStop = false; return Stop.VmEvent; }
  if (left <= 0) return Stop.Budget;
  return h.wfi ? Stop.Idle : Stop.Event;
}
