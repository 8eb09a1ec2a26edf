/**
 * One RISC-V hart: architectural state as plain typed arrays and numbers, the
 * allocation-free memory access fast path (software TLB over RAM), and trap entry.
 *
 * Integer registers are split into low/high 32-bit words (docs/architecture.md).
 * Memory accesses look up a direct-mapped software TLB indexed by virtual page; a hit
 * gives the page's byte offset inside RAM. Misses, MMIO, page-crossing accesses and
 * pages that need notification on write (compiled code, HTIF) take the slow path in
 * mmu.ts. The TLB is split into contexts (U, S, M, and VU/VS for each of GUEST_SLOTS
 * guest address spaces keyed by hgatp and vsatp) and access types, so that mode
 * switches and world switches between guests never need a flush.
 *
 * H extension (priv spec 20211203 ch. 8): while V=1 the supervisor CSRs that have VS
 * replicas (sstatus fields, stvec, sscratch, sepc, scause, stval, satp) hold the VS
 * values and the HS values wait in the VS slots (hyp.ts setVirt swaps them), so the
 * S-level trap, return and translation code serves VS-mode unchanged.
 */
import type { Bus } from '../bus/bus';
import { Cause, DEVICE_EXIT_CAUSE, TrapSignal } from './trap';
import { MStatus, Priv } from './csrNumbers';
import { Access, TLB_SIZE, TLB_CONTEXTS, slowLoad, slowStore, flushTlbAll } from './mmu';
import { guestSlotFor } from './guestTlb';
import { PmpState } from './pmp';
import { recomputeInterrupts } from './interrupts';
import { allocHartSlot, PC_OFF, SCR_OFF, STOP_OFF, TLB_ENTRIES, TLBO_OFF, TLBV_OFF, VC_ENTRIES, VCE_OFF, VCS_OFF, VCT_OFF, XH_OFF, XL_OFF } from '../wasm/layout';

/** Shared host-side services a hart needs from its machine (kept tiny on purpose). */
export interface HartHost {
  /** Current global time in cycles (mtime = cycles / CYCLES_PER_TICK). */
  nowCycles(hart: Hart): number;
  /** Ticks a guest added to mtime by writing it (the time CSR shadows mtime). */
  mtimeOffset(): number;
  /** Called when a hart executes fence.i or writes to compiled code. */
  invalidateCode(paPage: number): void;
  /** An LR/SC reservation on another hart must be broken by a store to pa. */
  storeNotify(hart: Hart, pa: number): void;
}

export const CYCLES_PER_TICK = 10;

/** Debugger hooks at world switches (null unless a debugger installs them): exit is
 *  called at a VM exit before the hart leaves the guest (registers, pc and CSRs are
 *  still the guest's), entry after an SRET/MRET entered a guest. Setting h.vmStop
 *  ends the run at the next block boundary (engine Stop.VmEvent). */
export interface VmHook {
  exit(h: Hart, code: number, interrupt: boolean, tval: number): void;
  entry(h: Hart): void;
}

/** Recorder hooks (emulator/snapshot/): a trap is about to be taken; the mode changes
 *  (mode indices priv + 4*virt). Called per trap and per xRET, never per instruction. */
export interface TraceHook {
  trap(h: Hart, code: number, interrupt: boolean): void;
  mode(h: Hart, from: number, to: number): void;
}

/** Measurement hooks (emulator/compare/probe.ts): null unless a comparison run is
 *  measuring, so they cost one null check on slow paths (traps, mode changes). */
export interface MeasureHook {
  /** A marker (`slli x0, x0, N`, isa/markers.ts) retired; every counter is exact here. */
  marker(h: Hart, n: number): void;
  /** A trap is about to be taken from h.mode (counters exact). */
  trap(h: Hart, code: number, interrupt: boolean): void;
  /** h.mode changed from `from` (trap entry or return; h.priv/virt/CSRs are the new ones). */
  mode(h: Hart, from: number): void;
}

export class Hart {
  // ---- integer and FP registers ----
  /** Views of the hart's slot in the bus's WebAssembly.Memory (wasm/layout.ts) when it
   *  has one, so compiled wasm code and the JS tiers share them; plain arrays otherwise. */
  readonly xl: Int32Array;
  readonly xh: Int32Array;
  private readonly fBuf = new ArrayBuffer(32 * 8);
  readonly f = new Int32Array(this.fBuf);
  readonly fd = new Float64Array(this.fBuf);
  readonly fs = new Float32Array(this.fBuf);
  // Fields that hold addresses or unbounded counts start fractional (reset, or the first
  // use, sets them): V8 then keeps them as doubles from the start, instead of changing
  // the hart's map when the first value beyond 31 bits arrives, which throws away the
  // optimized code of every function that has seen a hart.
  pc = 0.5;
  /** High word returned by ld(); scratch high word for helpers. */
  ldHi = 0;
  /** Set only while tier 0 warms its runner (isa/interp.ts warmMemory): the slow paths
   *  of inline accesses return at once and touch nothing. */
  warming = false;
  tmpHi = 0;

  // ---- privilege and status ----
  priv: number = Priv.M;
  /** Virtualization mode V (H extension): 1 in VS- and VU-mode. */
  virt = 0;
  /** mstatus low 32 bits; the high word (UXL/SXL = 2, SD) is synthesised. */
  mstatus = 0;
  fflags = 0;
  frm = 0;
  misa = 0;

  // ---- trap CSRs (64-bit values stored as lo/hi word pairs in csrLo/csrHi) ----
  /** Plain-storage CSRs indexed by CSR number: mscratch, mepc, mtvec, ... */
  readonly csrLo = new Int32Array(4096);
  readonly csrHi = new Int32Array(4096);
  medeleg = 0;
  mideleg = 0;
  mie = 0;
  /** Software-writable mip bits (SSIP, STIP, SEIP, ...). */
  mipSw = 0;
  /** Device-driven mip bits (MSIP, MTIP, MEIP, SEIP from PLIC, STIP from stimecmp). */
  mipHw = 0;
  mcounteren = 0;
  scounteren = 0;
  mcountinhibit = 0;
  menvcfgLo = 0;
  menvcfgHi = 0;
  senvcfg = 0;
  satpMode = 0;
  /** satp accepts Sv57 (MODE 10). Off by default: Sv57 kernel addresses (e.g. Linux's
   *  0xff60...) exceed the 2^53 range in which addresses are exact JS numbers
   *  (docs/architecture.md), so a board offers Sv48 unless asked (MachineSpec.sv57). */
  sv57 = false;
  satpAsid = 0;
  satpPpn = 0.5;
  /** stimecmp as a number of mtime ticks (Sstc). */
  stimecmp = Infinity;
  stimecmpLo = -1;
  stimecmpHi = -1;

  // ---- H extension (hyp.ts) ----
  /** mstatus bits 39:32 that are not synthesised: GVA (MStatus.GVA_HI), MPV (MPV_HI). */
  mstatusH = 0;
  hstatus = 0;
  hedeleg = 0;
  hideleg = 0;
  /** hvip: VSSIP (bit 2), VSTIP (6), VSEIP (10). */
  hvip = 0;
  hcounteren = 0;
  henvcfgLo = 0;
  henvcfgHi = 0;
  /** htimedelta as a signed number of ticks (added to time in VS/VU, modulo 2^64). */
  htimedelta = 0.5;
  hgatpMode = 0;
  hgatpVmid = 0;
  hgatpPpn = 0.5;
  /** vstimecmp (Sstc) in guest ticks, and its raw words. */
  vstimecmp = Infinity;
  vstimecmpLo = -1;
  vstimecmpHi = -1;
  /** The S-level state of the world not running (VS values while V=0, HS values while
   *  V=1): sstatus fields, and satp. stvec/sscratch/sepc/scause/stval swap with the
   *  vs* slots of csrLo/csrHi. */
  altSstatus = 0;
  altSatpMode = 0;
  altSatpAsid = 0;
  altSatpPpn = 0.5;
  /** Guest TLB slot (guestTlb.ts) of the VS address space (hgatp + vsatp). */
  guestSlot = 0;
  /** Scratch of the last translation: the access was made as V=1 (for GVA). */
  xlatVirt = 0;
  /** Set by a guest-page fault: guest physical address (for htval/mtval2), and the
   *  pseudoinstruction of an implicit access (-1: transform the trapping instruction). */
  trapGpa = 0;
  trapPseudo = -1;
  /** Original virtual address of the last slow-path access (htinst address offset). */
  accessVa = 0.5;

  // ---- counters (numbers; exact below 2^53) ----
  /** Instructions retired since reset. */
  instret = 0.5;
  /** Traps taken since reset (exceptions and interrupts): instret + traps is the hart's
   *  position on the machine clock (machine.ts). */
  traps = 0;
  /** Cycles spent idle in WFI (cycle = instret + idle). */
  idleCycles = 0.5;
  minstretOffset = 0;
  mcycleOffset = 0;
  /** Instructions retired per mode (index priv + 4*virt: U, S/HS, -, M, VU, VS). */
  readonly insnsByMode = new Float64Array(8);
  /** Current mode index priv + 4*virt (kept by setMode in trapEntry.ts / hyp.ts). */
  mode: number = Priv.M;
  /** Traps taken per cause: [0..63] exceptions, [64..127] interrupts. */
  readonly trapCounts = new Float64Array(128);
  /** Privilege transitions (traps and returns): index from*8 + to (mode indices). */
  readonly modeTransitions = new Float64Array(64);
  /** Traps only, by (from, to) mode: index from*8 + to. */
  readonly trapTransitions = new Float64Array(64);
  /** VM exits (traps from V=1 into HS or M) by cause, as trapCounts. */
  readonly vmExits = new Float64Array(128);
  /** VM entries: SRET or MRET from V=0 into V=1. */
  vmEntries = 0;
  /** Time-travel trace of traps and mode changes (null unless recording: no cost). */
  trace: TraceHook | null = null;
  /** Comparison measurement hooks (null: no cost), and a marker waiting to be reported. */
  probe: MeasureHook | null = null;
  markPending = 0;
  /** Debugger hooks at VM exits/entries, and the stop they may request. */
  vmHook: VmHook | null = null;
  vmStop = false;
  /** Address translations that missed the software TLB (slow path), and page-table
   *  entries read by walks (every stage, G-stage reads of VS-stage walks included). */
  tlbMisses = 0;
  ptReads = 0;

  // ---- LR/SC ----
  reservation = 0.5;

  // ---- run-loop scratch (see engine.ts) ----
  /** Virtual address of the page of the block being interpreted (tier 0, interp.ts). */
  blockPg = 0.5;
  /** Virtual-pc block cache: pc tag, code epoch, the table slot of the block's wasm
   *  function (-1: none; in wasm memory, read by chained runs), and the block (opaque). */
  readonly vcTag: Float64Array;
  readonly vcEp: Float64Array;
  readonly vcSlot: Int32Array;
  readonly vcBlock: unknown[] = new Array<unknown>(VC_ENTRIES).fill(undefined);
  /** Chained wasm runs (wasm/layout.ts STOP_OFF..): stop flag, running slot, done count. */
  readonly wctl: Int32Array;
  /** After a chained run raised: the table slot that raised (else -1) and the
   *  instructions the chain retired before it. */
  chainSlot = -1;
  chainDone = 0;
  /** Iteration cap for looping blocks. */
  loopLimit = 1;
  /** Instructions a region retired before the block that trapped. */
  iter = 0;
  /** Page offset of the region block that trapped. */
  blockOff = 0;
  /** Instructions consumed by the last runHart call. */
  consumed = 0;
  /** Set by devices/machine to make runHart return at the next block boundary. */
  stopRequested = false;
  /** Set when the hart signalled it is waiting (PAUSE hint, idle spin): the
   *  scheduler ends its round early (machine.ts). Cleared by the scheduler. */
  spinning = false;

  // ---- debugger (engine.ts Stop.Watch / Stop.Exception) ----
  /** The next runHart starts at a breakpoint the debugger resumes from: run it. */
  ignoreBp = false;
  /** Caught trap not yet taken: cause (-1 = none), tval, interrupt? (deliverCaught). */
  caughtCause = -1;
  caughtTval = 0;
  caughtIrq = false;

  // ---- WFI / halt ----
  wfi = false;
  /** Set when an interrupt may be pending; the run loop then checks. */
  irqCheck = false;
  /** Pending-and-enabled interrupt to take next (-1 = none), computed by interrupts.ts. */
  pendingIrq = -1;

  // ---- software TLB: [ctx(TLB_CONTEXTS) x type(3) x TLB_SIZE] ----
  readonly tlbVpn: Float64Array;
  readonly tlbOff: Float64Array;
  readonly tlbAsid = new Int32Array(TLB_CONTEXTS * 3 * TLB_SIZE);
  /** Level of the leaf PTE that produced the entry (0 = 4 KiB), -1 = bare. */
  readonly tlbLevel = new Int8Array(TLB_CONTEXTS * 3 * TLB_SIZE);
  readonly tlbGlobal = new Uint8Array(TLB_CONTEXTS * 3 * TLB_SIZE);
  /** Guest contexts: guest physical page of the entry and its G-stage leaf level code
   *  (for HFENCE.GVMA with an address). */
  readonly tlbGpa = new Float64Array(TLB_CONTEXTS * 3 * TLB_SIZE);
  readonly tlbGLevel = new Int8Array(TLB_CONTEXTS * 3 * TLB_SIZE);
  /** G-stage TLB (walk.ts): guest physical page, physical page, permissions, leaf code
   *  for the current hgatp. */
  readonly gtTag = new Float64Array(1024).fill(NaN);
  readonly gtPpn = new Float64Array(1024);
  readonly gtPerm = new Uint8Array(1024);
  readonly gtLevel = new Int8Array(1024);
  /** Guest TLB slot keys (guestTlb.ts): hgatp and vsatp fields per slot. */
  readonly slotKey = new Float64Array(4 * 6).fill(NaN);
  slotNext = 0;
  /** TLB slots filled from superpages, by superpage (see mmu.sfenceVma). */
  readonly superSlots = new Map<number, number[]>();
  /** The same for guest contexts (guestTlb.ts). */
  readonly guestSuperSlots = new Map<number, number[]>();
  fetchBase = 3 * 3 * TLB_SIZE;
  /** The fetch context (TLB_CONTEXTS index) fetchBase belongs to. */
  fetchCtx = 3;
  loadBase = (3 * 3 + 1) * TLB_SIZE;
  storeBase = (3 * 3 + 2) * TLB_SIZE;

  readonly pmp = new PmpState();
  readonly signal = new TrapSignal();
  readonly ram: Uint8Array;
  readonly view: DataView;

  /** Byte offset of the hart's slot in the bus's wasm memory (-1: none, JS tiers only),
   *  the wasm code's exit pc and its slow-path scratch (wasm/layout.ts). */
  readonly wasmBase: number;
  readonly pcSlot: Float64Array;
  readonly scr: Int32Array;

  constructor(readonly id: number, readonly bus: Bus, readonly host: HartHost) {
    const base = allocHartSlot(bus.wasm);
    this.wasmBase = base;
    const n = TLB_CONTEXTS * 3 * TLB_SIZE;
    if (base >= 0 && n === TLB_ENTRIES) {
      const buf = bus.wasm!.buffer;
      this.xl = new Int32Array(buf, base + XL_OFF, 33);
      this.xh = new Int32Array(buf, base + XH_OFF, 33);
      this.pcSlot = new Float64Array(buf, base + PC_OFF, 1);
      this.scr = new Int32Array(buf, base + SCR_OFF, 2);
      this.tlbVpn = new Float64Array(buf, base + TLBV_OFF, n).fill(NaN);
      this.tlbOff = new Float64Array(buf, base + TLBO_OFF, n);
      this.vcTag = new Float64Array(buf, base + VCT_OFF, VC_ENTRIES);
      this.vcEp = new Float64Array(buf, base + VCE_OFF, VC_ENTRIES);
      this.vcSlot = new Int32Array(buf, base + VCS_OFF, VC_ENTRIES);
      this.wctl = new Int32Array(buf, base + STOP_OFF, 3);
    } else {
      this.wasmBase = -1;
      this.xl = new Int32Array(33); this.xh = new Int32Array(33);
      this.pcSlot = new Float64Array(1); this.scr = new Int32Array(2);
      this.tlbVpn = new Float64Array(n).fill(NaN);
      this.tlbOff = new Float64Array(n);
      this.vcTag = new Float64Array(VC_ENTRIES);
      this.vcEp = new Float64Array(VC_ENTRIES);
      this.vcSlot = new Int32Array(VC_ENTRIES);
      this.wctl = new Int32Array(3);
    }
    this.vcTag.fill(NaN);
    this.vcEp.fill(-1);
    this.vcSlot.fill(-1);
    this.ram = bus.ram;
    this.view = new DataView(bus.ram.buffer, bus.ram.byteOffset, bus.ram.byteLength);
    this.reset(0x1000);
  }

  /** Architectural reset (priv spec 3.4): M-mode, MIE=0, MPRV=0, misa all extensions. */
  reset(pc: number): void {
    this.xl.fill(0); this.xh.fill(0); this.f.fill(0);
    this.csrLo.fill(0); this.csrHi.fill(0);
    this.pc = pc;
    this.instret = 0; this.idleCycles = 0; this.traps = 0;
    this.priv = Priv.M; this.virt = 0; this.mode = Priv.M;
    this.mstatus = 0; this.fflags = 0; this.frm = 0;
    // misa: MXL=2 (RV64), extensions A C D F H I M S U.
    this.misa = (1 << 0) | (1 << 2) | (1 << 3) | (1 << 5) | (1 << 7) | (1 << 8) | (1 << 12) | (1 << 18) | (1 << 20);
    // mideleg bits 10, 6, 2 (VS-level interrupts) are read-only one (8.5.2).
    this.medeleg = 0; this.mideleg = 0x444; this.mie = 0; this.mipSw = 0; this.mipHw = 0;
    this.mstatusH = 0; this.hstatus = 0; this.hedeleg = 0; this.hideleg = 0; this.hvip = 0;
    this.hcounteren = 0; this.henvcfgLo = 0; this.henvcfgHi = 0; this.htimedelta = 0;
    this.hgatpMode = 0; this.hgatpVmid = 0; this.hgatpPpn = 0;
    this.vstimecmp = Infinity; this.vstimecmpLo = -1; this.vstimecmpHi = -1;
    this.altSstatus = 0; this.altSatpMode = 0; this.altSatpAsid = 0; this.altSatpPpn = 0;
    this.slotKey.fill(NaN); this.slotNext = 0; this.guestSlot = 0; this.gtTag.fill(NaN);
    this.vmEntries = 0; this.tlbMisses = 0; this.ptReads = 0;
    this.mcounteren = 0; this.scounteren = 0; this.mcountinhibit = 0;
    this.menvcfgLo = 0; this.menvcfgHi = 0; this.senvcfg = 0;
    this.satpMode = 0; this.satpAsid = 0; this.satpPpn = 0;
    this.stimecmp = Infinity; this.stimecmpLo = -1; this.stimecmpHi = -1;
    this.reservation = -1; this.wfi = false;
    this.pmp.reset();
    this.updateContexts();
    flushTlbAll(this);
    recomputeInterrupts(this);
  }

  // ------------------------------------------------------------------ traps
  /** Raise a synchronous exception: records it and unwinds to the run loop. */
  raise(cause: number, tval: number): never {
    this.signal.cause = cause;
    this.signal.tval = tval;
    throw this.signal;
  }

  /** Illegal instruction with mtval = the encoding (zero-extended, priv spec 3.1.16). */
  illegal(insn: number): never {
    return this.raise(Cause.IllegalInsn, insn >>> 0);
  }

  /** Virtual-instruction exception (cause 22, H extension 8.6.1): tval as for illegal. */
  virtualInsn(insn: number): never {
    return this.raise(Cause.VirtualInsn, insn >>> 0);
  }

  /** FP instructions: illegal when mstatus.FS is Off (and, when V=1, also when the
   *  HS-level sstatus.FS is Off, 8.2.10), otherwise mark FS Dirty (both when V=1). */
  fpOn(insn: number): void {
    const fs = this.mstatus & MStatus.FS;
    if (fs === 0) this.illegal(insn);
    if (fs !== MStatus.FS) this.mstatus |= MStatus.FS;
    if (this.virt !== 0) {
      if ((this.altSstatus & MStatus.FS) === 0) this.illegal(insn);
      this.altSstatus |= MStatus.FS;
    }
  }

  /** FP state readable (fflags/frm/fcsr reads): illegal when FS is Off (both FS with
   *  V=1), without marking it Dirty: a read modifies nothing (priv 3.1.6.6). */
  fpCheck(insn: number): void {
    if ((this.mstatus & MStatus.FS) === 0 || (this.virt !== 0 && (this.altSstatus & MStatus.FS) === 0)) this.illegal(insn);
  }

  /** Recompute the TLB context bases after priv / V / MPRV / MPP / MPV / hgatp / vsatp
   *  changes. Contexts: priv for V=0; 4 + 2*slot + priv for the guest slot (V=1). */
  updateContexts(): void {
    const p = this.priv;
    let dataPriv = p, dataVirt = this.virt;
    if (p === Priv.M && (this.mstatus & MStatus.MPRV) !== 0) {
      dataPriv = (this.mstatus & MStatus.MPP) >>> 11;
      dataVirt = dataPriv !== Priv.M && (this.mstatusH & MStatus.MPV_HI) !== 0 ? 1 : 0;
    }
    if (this.virt !== 0 || dataVirt !== 0) this.guestSlot = guestSlotFor(this);
    const g = 4 + 2 * this.guestSlot;
    const fctx = this.virt !== 0 ? g + p : p;
    const dctx = dataVirt !== 0 ? g + dataPriv : dataPriv;
    this.fetchBase = (fctx * 3 + Access.Fetch) * TLB_SIZE;
    this.loadBase = (dctx * 3 + Access.Load) * TLB_SIZE;
    this.storeBase = (dctx * 3 + Access.Store) * TLB_SIZE;
    // No new code epoch: links and virtual-pc entries are tagged with the fetch context
    // too (engine.ts fetchEpoch), so they come back to life when a trap returns.
    this.fetchCtx = fctx;
  }

  /** cycle counter value (mcycle before offset). */
  get cycles(): number {
    return this.instret + this.idleCycles;
  }

  /** A measurement marker (isa/markers.ts). With a probe, it leaves its block through the
   *  device-exit path, which retires it with exact counters and reports it (engine.ts). */
  marker(n: number): void {
    if (this.probe === null || n === 0) return;
    this.markPending = n;
    this.raise(DEVICE_EXIT_CAUSE, 0);
  }

  /** PAUSE (Zihintpause) and other "I am waiting" hints: end this hart's scheduling
   *  round at the next block boundary. Deterministic: it depends only on what the
   *  guest executed. */
  pauseHint(): void {
    if (this.bus.harts.length === 1) return; // nobody else to run
    this.spinning = true;
    this.stopRequested = true;
  }

  // ------------------------------------------------- slow paths of inline accesses
  /** Load slow path for generated code: pc is the instruction's address (for traps).
   *  Returns the low word (sign-extended 32-bit for size 4), high word in ldHi. */
  loadSlow(a: number, size: number, pc: number): number {
    if (this.warming) return 0;
    this.pc = pc;
    return slowLoad(this, a, size, 0) | 0;
  }

  storeSlow(a: number, size: number, lo: number, hi: number, pc: number): void {
    if (this.warming) return;
    this.pc = pc;
    slowStore(this, a, size, lo, hi, 0);
  }
}
