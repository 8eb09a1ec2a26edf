/**
 * The comparison's measuring probe: installed on a machine's harts (Hart.probe), it
 * turns the workload's markers (MARK_BEGIN/END, MARK_IO_BEGIN/END; isa/markers.ts) and
 * the hart's traps and mode changes into the raw numbers of one mode's run:
 *
 * - the machine's always-on counters (stats.ts) at MARK_BEGIN and MARK_END;
 * - instructions per *context*: a mode index (priv + 4 * V) refined by the VMID for
 *   V=1 modes and by the ASID for U-mode, so that, e.g., a guest kernel deprivileged to
 *   U-mode under a trap-and-emulate hypervisor (ASID 1) and its processes (ASID 2), or
 *   two VMs (VMID 1, 2), are told apart. The engine charges a block to the mode it
 *   started in after the block ends, so the probe keeps, per mode, the count it had
 *   already attributed and the context the mode was last entered with, and attributes
 *   the difference at every event: exact at each trap, return and marker;
 * - traps by (cause, context) and VM entries into a different VMID (world switches);
 * - *episodes* (the microbenchmark rows): from a trap taken in a watched context until
 *   execution is back in that context, the instructions every other context retired and
 *   the traps taken (the episode's cost, settled at the next event, when the tail of the
 *   returning block has been charged);
 * - I/O latency: all instructions between each MARK_IO_BEGIN (input) or
 *   MARK_IO_OUT_BEGIN (output) and MARK_IO_END;
 * - world switches (VM entries into another VMID than the last) and their cost: the
 *   host side's instructions and traps from the VM exit to that entry;
 * - pages of RAM written between the markers (Bus.dirty, cleared at MARK_BEGIN with the
 *   software TLBs flushed so that every page's first store is seen again).
 *
 * One hart. Pure data and arithmetic on trap/mode paths only: nothing runs per instruction.
 */
import type { Hart, MeasureHook } from '../hart/hart';
import type { Machine } from '../machine';
import { flushTlbAll } from '../hart/mmu';
import { machineStats, type MachineStats } from '../stats';

export const MARK_BEGIN = 1;
export const MARK_END = 2;
export const MARK_IO_BEGIN = 3;
export const MARK_IO_END = 4;
export const MARK_IO_OUT_BEGIN = 5;

/** Context key: mode index (0..7) + 8 * (VMID for V=1 modes, ASID for U-mode, else 0). */
export type ContextKey = number;
export const ctxMode = (k: ContextKey): number => k & 7;
export const ctxId = (k: ContextKey): number => Math.floor(k / 8);

export interface EpisodeStats { count: number; instructions: number; traps: number }

export interface ProbeResult {
  begun: boolean;
  ended: boolean;
  /** Clock (instructions + traps, all harts) and instructions at MARK_BEGIN. */
  beginInstructions: number;
  statsBegin: MachineStats | null;
  statsEnd: MachineStats | null;
  /** Instructions during the measured run by context key. */
  contexts: Map<ContextKey, number>;
  /** Traps during the measured run by `${cause}|${interrupt ? 1 : 0}|${fromKey}`. */
  trapsByContext: Map<string, number>;
  /** Episodes by `${cause}|${interrupt ? 1 : 0}|${fromKey}`. */
  episodes: Map<string, EpisodeStats>;
  worldSwitches: number;
  ioLatencies: number[];
  /** Traps taken between each MARK_IO_BEGIN and MARK_IO_END. */
  ioTraps: number[];
  /** Per request: true for output (MARK_IO_OUT_BEGIN), false for input (MARK_IO_BEGIN). */
  ioOut: boolean[];
  /** World switches: instructions of the host side (V=0) from the VM exit to the entry
   *  into the other VM, and traps meanwhile (the VM-switch microbenchmark). */
  switchInstructions: number;
  switchTraps: number;
  memoryPages: number;
}

interface Episode { key: string; ctx: ContextKey; total0: number; own0: number; traps0: number; closing: boolean }

export class CompareProbe implements MeasureHook {
  /** Contexts whose traps open episodes (e.g. the guest kernel and its processes). */
  private readonly watched: (k: ContextKey) => boolean;
  private readonly attributed = new Float64Array(8);
  private readonly current = new Float64Array(8);
  private readonly counts = new Map<ContextKey, number>();
  private total = 0;
  private measuring = false;
  private lastVmid = -1;
  private ioStart = -1;
  private ioTraps0 = 0;
  private ioIsOut = false;
  /** Instructions retired with V=0 (host side) during the measured run. */
  private hostTotal = 0;
  /** At the last VM exit: hostTotal and the trap count; a switch waiting to be settled. */
  private exitHost = 0;
  private exitTraps = 0;
  private switchPending = false;
  private readonly open = new Map<ContextKey, Episode>();
  readonly result: ProbeResult = {
    begun: false, ended: false, beginInstructions: 0, statsBegin: null, statsEnd: null,
    contexts: new Map(), trapsByContext: new Map(), episodes: new Map(), worldSwitches: 0,
    ioLatencies: [], ioTraps: [], ioOut: [], switchInstructions: 0, switchTraps: 0, memoryPages: 0,
  };

  constructor(private readonly m: Machine, watched: (k: ContextKey) => boolean) {
    if (m.harts.length !== 1) throw new Error('the comparison probe measures one-hart machines');
    this.watched = watched;
    const h0 = m.harts[0];
    for (let i = 0; i < 8; i++) { this.attributed[i] = h0.insnsByMode[i]; this.current[i] = i; }
    this.current[h0.mode] = contextOf(h0);
    h0.probe = this;
  }

  /** Detach from the machine (the result stays readable). */
  detach(): void {
    for (const h of this.m.harts) if (h.probe === this) h.probe = null;
  }

  /** The context the hart runs in now. */
  static context(h: Hart): ContextKey { return contextOf(h); }

  marker(h: Hart, n: number): void {
    this.flush(h);
    const r = this.result;
    if (n === MARK_BEGIN && !r.begun) {
      r.begun = true;
      this.measuring = true;
      r.beginInstructions = this.m.instret;
      r.statsBegin = machineStats(this.m);
      this.counts.clear();
      this.total = 0;
      this.open.clear();
      this.m.bus.dirty.fill(0);
      for (const x of this.m.harts) flushTlbAll(x);
      // The TLB flush above must not count as the workload's misses.
      r.statsBegin = machineStats(this.m);
    } else if (n === MARK_END && this.measuring) {
      this.measuring = false;
      r.ended = true;
      r.statsEnd = machineStats(this.m);
      r.contexts = new Map(this.counts);
      let pages = 0;
      for (const d of this.m.bus.dirty) pages += d;
      r.memoryPages = pages;
    } else if ((n === MARK_IO_BEGIN || n === MARK_IO_OUT_BEGIN) && this.measuring) {
      this.ioStart = this.m.instret;
      this.ioTraps0 = this.trapsNow();
      this.ioIsOut = n === MARK_IO_OUT_BEGIN;
    } else if (n === MARK_IO_END && this.measuring && this.ioStart >= 0) {
      r.ioLatencies.push(this.m.instret - this.ioStart);
      r.ioTraps.push(this.trapsNow() - this.ioTraps0);
      r.ioOut.push(this.ioIsOut);
      this.ioStart = -1;
    }
  }

  trap(h: Hart, code: number, interrupt: boolean): void {
    this.flush(h);
    if (!this.measuring) return;
    const from = this.current[h.mode];
    const key = `${code}|${interrupt ? 1 : 0}|${from}`;
    const t = this.result.trapsByContext;
    t.set(key, (t.get(key) ?? 0) + 1);
    if (!this.open.has(from) && this.watched(from)) {
      this.open.set(from, {
        key, ctx: from, total0: this.total, own0: this.counts.get(from) ?? 0,
        traps0: this.trapsNow(), closing: false,
      });
    }
  }

  mode(h: Hart, from: number): void {
    this.flush(h);
    const to = h.mode;
    const ctx = contextOf(h);
    this.current[to] = ctx;
    if (h.virt === 0 && (from & 4) !== 0) {
      // A VM exit: where a possible world switch starts.
      this.exitHost = this.hostTotal;
      this.exitTraps = this.trapsNow();
    } else if (h.virt !== 0 && (from & 4) === 0) {
      // A VM entry: a world switch when another VM ran last.
      if (this.lastVmid >= 0 && this.lastVmid !== h.hgatpVmid && this.measuring) {
        this.result.worldSwitches++;
        this.result.switchTraps += this.trapsNow() - this.exitTraps + 1; // the exit included
        this.switchPending = true; // host instructions settle at the next event
      }
      this.lastVmid = h.hgatpVmid;
    }
    const ep = this.open.get(ctx);
    if (ep !== undefined && !ep.closing) {
      ep.closing = true;
      // Traps are exact now; instructions once the returning block is charged (flush).
      ep.traps0 = this.trapsNow() - ep.traps0 + 1; // the opening trap included
    }
  }

  /** Attribute what the engine charged since the last event, and settle closed episodes. */
  private flush(h: Hart): void {
    const by = h.insnsByMode;
    for (let i = 0; i < 8; i++) {
      const d = by[i] - this.attributed[i];
      if (d !== 0) {
        this.attributed[i] = by[i];
        if (this.measuring) {
          const k = this.current[i];
          this.counts.set(k, (this.counts.get(k) ?? 0) + d);
          this.total += d;
          if ((i & 4) === 0) this.hostTotal += d;
        }
      }
    }
    if (this.switchPending) {
      // Since the entry only the VM ran: every host instruction since the exit is the switch's.
      this.switchPending = false;
      this.result.switchInstructions += this.hostTotal - this.exitHost;
    }
    if (this.open.size === 0) return;
    for (const [ctx, ep] of this.open) {
      if (!ep.closing) continue;
      // Since the return only `ctx` ran: everything else retired is the episode's cost.
      const own = (this.counts.get(ctx) ?? 0) - ep.own0;
      const cost = this.total - ep.total0 - own;
      const e = this.result.episodes;
      const s = e.get(ep.key) ?? { count: 0, instructions: 0, traps: 0 };
      s.count++; s.instructions += cost; s.traps += ep.traps0;
      e.set(ep.key, s);
      this.open.delete(ctx);
    }
  }

  private trapsNow(): number {
    let t = 0;
    for (const x of this.m.harts) t += x.traps;
    return t;
  }
}

function contextOf(h: Hart): ContextKey {
  const mode = h.mode;
  if (h.virt !== 0) return mode + 8 * h.hgatpVmid;
  if (h.priv === 0 && h.satpMode !== 0) return mode + 8 * h.satpAsid;
  return mode;
}
