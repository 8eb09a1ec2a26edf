/**
 * A whole machine: harts, bus, devices and the deterministic scheduler.
 *
 * Time is derived from retired instructions only: one instruction is one cycle, and
 * mtime advances once every CYCLES_PER_TICK cycles (10 MHz at a nominal 100 MHz). Harts
 * run in turn for a fixed quantum per round; all harts see the same global time, which
 * advances by the quantum each round. A hart idle in WFI skips ahead to the next timer
 * event. Host input (UART bytes) is injected between rounds, at a known instruction
 * count, so runs replay exactly.
 */
import { Bus, WriteWatch, type WriteObserver } from './bus/bus';
import type { Clock, ConsoleSink, HartInterruptLines } from './bus/device';
import { Hart, CYCLES_PER_TICK, type HartHost } from './hart/hart';
import { recomputeInterrupts } from './hart/interrupts';
import { updateStip } from './hart/csr';
import { updateVstip, vstceEnabled } from './hart/hyp';
import { BlockCache, runHart, Stop } from './engine';
import { causeName } from './hart/trap';
import type { Board } from './boards/board';
import type { ElfImage } from './loader/elf';

/** A scheduling round: the slice every hart gets, the hart running and its budget left. */
export interface RoundState {
  active: boolean;
  hart: number;
  started: boolean;
  slice: number;
  left: number;
  /** Cycle of the next device event when the round began. */
  next: number;
  consumed: number;
  idle: number;
}

export type HaltReason = { kind: 'exit' | 'reset'; code: number };

/** Cycles per scheduling round on multi-hart machines. */
export const QUANTUM = 10_000;
/** Longest slice on a single-hart machine (bounds latency of host input and halts). */
const SINGLE_SLICE = 1_000_000;

export class Machine implements HartHost, Clock, WriteObserver {
  readonly bus: Bus;
  readonly harts: Hart[] = [];
  readonly cache: BlockCache;
  /** Global time in cycles at the start of the current round. */
  roundBase = 0;
  halted: HaltReason | null = null;
  /** Physical address of the HTIF tohost word, or -1. */
  tohost = -1;
  fromhost = -1;
  /** Set by step() when a hart stopped for the debugger (breakpoint, watchpoint, caught
   *  trap): the round ends there. Cleared by the debugger. */
  debugStop: { hart: Hart; why: number } | null = null;
  private current: Hart | null = null;
  /** Scheduling rounds a hart ended early because it was spinning (statistics). */
  spins = 0;
  private readonly roundStart: number[] = [];
  /** The scheduling round in progress (plain data: snapshots copy it). */
  readonly round: RoundState = { active: false, hart: 0, started: false, slice: 0, left: 0, next: 0, consumed: 0, idle: 0 };

  constructor(readonly board: Board, ramBase: number, ramSize: number, nharts: number, readonly console: ConsoleSink) {
    this.bus = new Bus(ramBase, ramSize);
    this.cache = new BlockCache(this.bus);
    for (let i = 0; i < nharts; i++) {
      const h = new Hart(i, this.bus, this);
      this.harts.push(h);
      this.bus.harts.push(h);
      this.roundStart.push(0);
    }
    this.bus.addObserver(this);
    board.attach(this);
  }

  /** Interrupt lines of hart i, for devices (ACLINT, PLIC). */
  lines(i: number): HartInterruptLines {
    const h = this.harts[i];
    return {
      setMip(bit: number, level: boolean): void {
        const m = 1 << bit;
        const old = h.mipHw;
        h.mipHw = level ? old | m : old & ~m;
        if (h.mipHw !== old) { recomputeInterrupts(h); h.stopRequested = true; }
      },
    };
  }

  // ---- HartHost / Clock ----
  nowCycles(h: Hart): number {
    return this.roundBase + (h.cycles - this.roundStart[h.id]);
  }

  mtimeOffset(): number {
    return this.board.mtimeOffset();
  }

  mtime(): number {
    const h = this.current ?? this.harts[0];
    return Math.floor(this.nowCycles(h) / CYCLES_PER_TICK);
  }

  invalidateCode(): void {
    this.cache.flush();
  }

  storeNotify(h: Hart, pa: number): void {
    if (this.harts.length === 1) return;
    const granule = pa - (pa & 7);
    for (const o of this.harts) if (o !== h && o.reservation === granule) o.reservation = -1;
  }

  // ---- loading ----
  /** Copy an ELF's PT_LOAD segments into RAM; note HTIF symbols. */
  loadElf(image: ElfImage): void {
    for (const s of image.segments) {
      const off = s.paddr - this.bus.ramBase;
      this.bus.ram.set(s.data, off);
      this.bus.ram.fill(0, off + s.data.length, off + s.memSize);
      this.bus.markDirty(s.paddr, s.memSize);
    }
    const t = image.symbolByName('tohost');
    const f = image.symbolByName('fromhost');
    if (t !== undefined && this.bus.isRam(t.value, 8)) {
      this.tohost = t.value;
      this.fromhost = f !== undefined && this.bus.isRam(f.value, 8) ? f.value : -1;
      this.bus.watchWrites(t.value, WriteWatch.Htif);
    }
  }

  /** HTIF: a store touched a watched page; act when tohost became non-zero. */
  onWatchedWrite(pa: number, size: number): void {
    const t = this.tohost;
    if (t < 0 || pa >= t + 8 || pa + size <= t) return;
    const off = t - this.bus.ramBase;
    const view = this.harts[0].view;
    const lo = view.getInt32(off, true), hi = view.getInt32(off + 4, true);
    if (lo === 0 && hi === 0) return;
    const res = this.board.htif.handleToHost(lo, hi);
    view.setInt32(off, 0, true); view.setInt32(off + 4, 0, true);
    this.bus.markDirty(t, 8);
    if (res.respond && this.fromhost >= 0) {
      const fo = this.fromhost - this.bus.ramBase;
      this.bus.markDirty(this.fromhost, 8);
      view.setInt32(fo, res.fromhostLo, true); view.setInt32(fo + 4, res.fromhostHi, true);
    }
    if (res.exit) this.requestHalt({ kind: 'exit', code: res.exitCode });
  }

  requestHalt(r: HaltReason): void {
    if (this.halted === null) this.halted = r;
    for (const h of this.harts) h.stopRequested = true;
  }

  // ---- running ----
  /** Total instructions retired by all harts. */
  get instret(): number {
    let n = 0;
    for (const h of this.harts) n += h.instret;
    return n;
  }

  /** Earliest global cycle at which a device timer fires (Infinity if none). */
  private nextEventCycle(): number {
    let t = this.board.nextEvent();
    const off = this.board.mtimeOffset(); // stimecmp compares with guest-visible time
    for (const h of this.harts) {
      if (h.stimecmp - off < t) t = h.stimecmp - off;
      if (h.vstimecmp - h.htimedelta - off < t && vstceEnabled(h)) t = h.vstimecmp - h.htimedelta - off;
    }
    return t === Infinity ? Infinity : t * CYCLES_PER_TICK;
  }

  private updateDevices(): void {
    this.board.updateTime();
    const now = this.mtime() + this.board.mtimeOffset();
    for (const h of this.harts) { updateStip(h, now); updateVstip(h, now); }
    const halt = this.board.pollHalt();
    if (halt !== null) this.requestHalt(halt);
  }

  /** The machine clock: instructions retired plus traps taken, all harts. Every unit of
   *  step() budget advances it by one, so a run can stop at any clock value exactly;
   *  time travel (emulator/snapshot/) uses it as its time axis. */
  get clock(): number {
    let n = 0;
    for (const h of this.harts) n += h.instret + h.traps;
    return n;
  }

  /** The hart the current scheduling round runs next (0 between rounds). */
  get roundHart(): number {
    return this.round.active ? this.round.hart : 0;
  }

  /** Budget the scheduled hart has left in the current round (0 between rounds). */
  get roundLeft(): number {
    return this.round.active ? (this.round.started ? this.round.left : this.round.slice) : 0;
  }

  /**
   * Run at most `budget` units (instructions and traps, all harts together) of the
   * schedule. A scheduling round gives each hart in turn the same slice of cycles; a
   * call that runs out of budget, or a debugger stop, suspends the round where it is and
   * the next call resumes it, so the schedule, and with it every result, is the same
   * however callers cut a run into calls (deterministic replay depends on this).
   * Returns the units consumed (at least 1 unless the machine waits for host input:
   * 0 means every hart is idle with no timer pending).
   */
  step(budget: number): number {
    const r = this.round;
    if (!r.active) this.beginRound();
    const single = this.harts.length === 1;
    let consumed = 0;
    while (r.hart < this.harts.length) {
      if (consumed >= budget) { this.current = null; return consumed; } // suspended between turns
      const h = this.harts[r.hart];
      this.current = h;
      if (!r.started) {
        r.started = true;
        r.left = r.slice;
        h.stopRequested = false;
        h.spinning = false;
      } else if (r.left <= 0) { r.hart++; r.started = false; continue; }
      let why: number;
      for (;;) {
        const run = Math.min(r.left, budget - consumed);
        if (run <= 0) { this.current = null; return Math.max(consumed, 1); } // suspended after an event
        why = runHart(h, this.cache, run);
        consumed += h.consumed;
        r.consumed += h.consumed;
        r.left -= h.consumed;
        if (why === Stop.Budget && r.left > 0) {
          // The budget ran out exactly where a device event (a halt, a spin hint) asked
          // for attention: handle it as a run with more budget would have.
          if (!h.stopRequested || h.irqCheck || h.wfi) { this.current = null; return Math.max(consumed, 1); } // suspended
          why = Stop.Event;
        }
        // With several harts, a device write must not cost the hart the rest of its
        // quantum (a console would print one byte per round): handle halts, go on.
        // A hart that signalled a spin (PAUSE, a WFI that cannot sleep) yields the rest
        // of its quantum; it keeps pace with global time as an idle hart does.
        if (single || why !== Stop.Event || r.left <= 0) break;
        if (h.spinning) { h.spinning = false; this.spins++; break; }
        const halt = this.board.pollHalt();
        if (halt !== null) { this.requestHalt(halt); break; }
        if (this.halted !== null) break;
        h.stopRequested = false;
      }
      if (why === Stop.Breakpoint || why === Stop.Watch || why === Stop.Exception || why === Stop.VmEvent) {
        this.debugStop = { hart: h, why };
        this.current = null;
        if (r.left > 0) return Math.max(consumed, 1); // the debugger resumes this hart's turn
        r.hart++; r.started = false;
        return Math.max(consumed, 1);
      }
      if (why === Stop.Idle) r.idle++;
      r.hart++;
      r.started = false;
    }
    this.current = null;
    return this.endRound(consumed);
  }

  /** A trap the debugger delivers between steps (engine deliverCaught) costs its hart
   *  one unit of its turn, as it would have inside the run. */
  charge(h: Hart): void {
    const r = this.round;
    if (r.active && r.started && this.harts[r.hart] === h && r.left > 0) r.left--;
  }

  private beginRound(): void {
    const r = this.round;
    const now = this.roundBase;
    const next = this.nextEventCycle();
    let slice = this.harts.length === 1 ? SINGLE_SLICE : QUANTUM;
    if (next > now && next - now < slice) slice = Math.max(1, Math.ceil(next - now));
    r.active = true; r.hart = 0; r.started = false; r.slice = slice; r.left = 0;
    r.next = next; r.consumed = 0; r.idle = 0;
    for (const h of this.harts) this.roundStart[h.id] = h.cycles;
  }

  /** Close the round: global time advances by the longest progress of any hart. */
  private endRound(consumed: number): number {
    const r = this.round;
    r.active = false;
    const now = this.roundBase, next = r.next;
    let advance = 0;
    for (const h of this.harts) advance = Math.max(advance, h.cycles - this.roundStart[h.id]);
    if (r.idle === this.harts.length && r.consumed === 0) {
      if (next === Infinity) {
        for (const h of this.harts) this.roundStart[h.id] = h.cycles;
        this.updateDevices();
        return 0;
      }
      advance = Math.max(advance, next - now);
    }
    for (const h of this.harts) {
      const lag = advance - (h.cycles - this.roundStart[h.id]);
      if (lag > 0) h.idleCycles += lag; // idle harts (WFI) keep pace with global time
      this.roundStart[h.id] = h.cycles; // the next round starts here (no double counting)
    }
    this.roundBase = now + advance;
    this.updateDevices();
    return Math.max(consumed, 1);
  }

  /** Traps taken so far, by cause name (exceptions and interrupts). */
  trapsByCause(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const h of this.harts) {
      for (let i = 0; i < 128; i++) {
        const n = h.trapCounts[i];
        if (n === 0) continue;
        const name = causeName(i & 63, i >= 64);
        out[name] = (out[name] ?? 0) + n;
      }
    }
    return out;
  }
}
