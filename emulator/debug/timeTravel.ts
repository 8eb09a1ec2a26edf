/**
 * Time travel for a debug session: step back (instruction and line), reverse continue,
 * reverse step out and reverse step into, and travel to any clock, on top of the
 * machine's recorded history (emulator/snapshot/history.ts).
 *
 * Reverse execution is re-execution: the latest event of interest before the present
 * (a breakpoint hit, a line start in this frame, the call that entered this function) is
 * found by replaying the snapshot intervals backwards from the present, each at full
 * speed with the addresses of interest armed as temporary breakpoints; the machine then
 * travels to that event's clock. The views (registers, variables, memory, disassembly)
 * read the machine as usual, so they all show the past. Resuming from the past replays
 * the recorded future; a change made in the past (a debugger write, new input) starts a
 * new branch of history.
 */
import type { Hart } from '../hart/hart';
import { Stop } from '../engine';
import { History, DEFAULT_INTERVAL, type ReplayStop } from '../snapshot/history';
import type { Mark, MarkKind } from '../snapshot/marks';
import type { DebugRuntime, RuntimeEvent, StopReason } from './runtime';
import { hartPc, readX } from './frames';
import { callLength } from './stepping';

/** Host milliseconds of replay between turns given to the host. */
const TURN_MS = 15;

export interface TimeTravelOptions {
  /** Clock units between automatic snapshots. */
  interval?: number;
  /** Memory for snapshots, in bytes. */
  budgetBytes?: number;
}

/** An event found in the past: where to land, and how to report it. */
interface Found { clock: number; reason: StopReason; hart: number; description?: string; breakpointIds?: number[] }

export interface TimelineView {
  start: number;
  end: number;
  now: number;
  snapshots: { id: number; clock: number; bytes: number; pinned: boolean }[];
  marks: Mark[];
}

export class TimeTravel {
  readonly history: History;
  /** Fingerprint of the harts' registers at the last stop (detects debugger writes). */
  private fingerprint = 0;
  private writesSeen = 0;

  constructor(private readonly rt: DebugRuntime, opts: TimeTravelOptions = {}) {
    this.history = new History(rt.machine);
    this.history.interval = opts.interval ?? DEFAULT_INTERVAL;
    if (opts.budgetBytes !== undefined) this.history.budgetBytes = opts.budgetBytes;
    this.history.snapshot(true); // the start of history
    this.writesSeen = rt.machine.bus.hostWrites;
    this.fingerprint = fingerprint(rt.machine.harts);
  }

  get clock(): number {
    return this.rt.machine.clock;
  }

  /** Before a resume or a travel: a debugger write since the last stop (registers,
   *  CSRs, memory) makes this point a branch of history, kept as a pinned snapshot. */
  checkWrites(): void {
    const m = this.rt.machine;
    const fp = fingerprint(m.harts);
    if (fp === this.fingerprint && m.bus.hostWrites === this.writesSeen) return;
    const what = m.bus.hostWrites !== this.writesSeen ? 'memory written by the debugger' : 'registers written by the debugger';
    this.history.debuggerWrite(what);
    this.history.snapshot(true);
    this.fingerprint = fp;
    this.writesSeen = m.bus.hostWrites;
  }

  /** At every reported stop: a mark, and the state the next write check compares with. */
  noteStop(ev: RuntimeEvent): void {
    if (ev.type !== 'stopped') return;
    const kind: MarkKind = ev.reason === 'data breakpoint' ? 'watch'
      : ev.reason.includes('breakpoint') ? 'breakpoint' : 'stop';
    if (this.clock >= this.history.frontier && (kind !== 'stop' || ev.reason === 'pause' || ev.reason === 'exception')) {
      this.history.marks.text(this.clock, kind, ev.description ?? ev.reason);
    }
    this.fingerprint = fingerprint(this.rt.machine.harts);
    this.writesSeen = this.rt.machine.bus.hostWrites;
  }

  // ------------------------------------------------------------------ commands
  /** DAP stepBack: one instruction back, or back to the start of the previous line. */
  stepBack(hartId: number, granularity: 'line' | 'instruction'): Promise<RuntimeEvent | undefined> {
    return this.command(async () => {
      const h = this.rt.hart(hartId);
      const pc = hartPc(h);
      const file = this.rt.symbolsFor(h).fileAt(pc);
      // The ELF symbol's extent bounds the DWARF function's (hand-written assembly has
      // line information, and its sizes are in the symbol table).
      const sym = file === undefined ? undefined : elfFunction(file.image.symbols, pc);
      const fn = file === undefined ? undefined : clip(file.dwarf.functionAt(pc), sym) ?? sym;
      if (granularity === 'instruction' || file === undefined || fn === undefined) return this.back(h.id);
      // Line starts of this function while this frame is the innermost (same stack
      // pointer at the body's lines), and the call that entered it (in the caller).
      const starts = fn.ranges.flatMap((r) => file.dwarf.lineStarts(r.lo, r.hi));
      const sp = readX(h, 2);
      const caller = this.callSite(h);
      const addrs = caller === undefined ? starts : [...starts, caller.pc];
      return this.searchBack(h, addrs, (x) => {
        const p = hartPc(x);
        if (caller !== undefined && p === caller.pc) return readX(x, 2) === caller.sp;
        return readX(x, 2) === sp || p === fn.lowPc;
      }, 'step');
    });
  }

  /** Reverse step into: back to the previous line start anywhere (entering callees
   *  from their end). */
  reverseStepIn(hartId: number): Promise<RuntimeEvent | undefined> {
    return this.command(async () => {
      const h = this.rt.hart(hartId);
      const symbols = this.rt.symbolsFor(h);
      const addrs: bigint[] = [];
      for (const f of symbols.files) {
        for (const seg of f.image.segments) {
          if ((seg.flags & 1) === 0) continue; // executable segments only
          const lo = BigInt.asUintN(64, BigInt(seg.vaddr));
          addrs.push(...f.dwarf.lineStarts(lo, lo + BigInt(seg.memSize)));
        }
      }
      if (addrs.length === 0) return this.back(h.id);
      return this.searchBack(h, addrs, () => true, 'step');
    });
  }

  /** Reverse step out: back to the call that entered the current function. */
  reverseStepOut(hartId: number): Promise<RuntimeEvent | undefined> {
    return this.command(async () => {
      const h = this.rt.hart(hartId);
      const caller = this.callSite(h);
      if (caller === undefined) return this.back(h.id);
      return this.searchBack(h, [caller.pc], (x) => readX(x, 2) === caller.sp, 'step');
    });
  }

  /** DAP reverseContinue: back to the latest breakpoint, data breakpoint or caught
   *  exception before now, or to the start of history. */
  reverseContinue(hartId: number): Promise<RuntimeEvent | undefined> {
    return this.command(() => this.searchBack(this.rt.hart(hartId), [], () => false, 'breakpoint', true));
  }

  /** Travel to a clock (the timeline). */
  travel(clock: number): Promise<RuntimeEvent | undefined> {
    return this.command(async () => {
      const target = Math.max(this.history.start, Math.min(Math.floor(clock), this.history.frontier));
      if (!await this.seek(target)) return this.paused();
      return this.rt.stopEvent('goto', this.rt.hart(0), `time travel to instruction ${this.clock}`);
    });
  }

  /** The timeline: snapshots and marks between from and to. */
  timeline(from?: number, to?: number, buckets = 1000): TimelineView {
    const h = this.history;
    const start = h.start, end = Math.max(h.frontier, this.clock);
    const lo = from ?? start, hi = to ?? end;
    return {
      start, end, now: this.clock,
      snapshots: h.snapshots.map((s) => ({ id: s.id, clock: s.clock, bytes: s.bytes, pinned: s.pinned })),
      marks: h.marks.query(lo, hi, Math.max(1, Math.min(10_000, Math.floor(buckets)))),
    };
  }

  // ------------------------------------------------------------------ machinery
  private async command(body: () => Promise<RuntimeEvent | undefined>): Promise<RuntimeEvent | undefined> {
    const rt = this.rt;
    if (rt.state !== 'stopped') return undefined;
    this.checkWrites();
    rt.begin();
    const ev = await body();
    rt.report(ev);
    return ev;
  }

  /**
   * Replay to target (restoring a snapshot first when needed) in slices with a turn for
   * the host in between, so requests are answered and pause is heard during a long
   * replay. Returns false when paused (the machine is wherever the replay got to).
   */
  private async seek(target: number, onStop?: ReplayStop, restore = true): Promise<boolean> {
    const rt = this.rt, hist = this.history;
    if (restore) hist.restoreFor(target);
    for (;;) {
      const t0 = rt.host.now();
      const end = hist.runTo(target, onStop, () => rt.host.now() - t0 > TURN_MS);
      if (end !== 'yield') break;
      await rt.host.yieldToHost();
      if (rt.pauseWanted()) { this.settle(); return false; }
    }
    this.settle();
    return true;
  }

  private paused(): RuntimeEvent {
    return this.rt.stopEvent('pause', this.rt.hart(0), 'paused during time travel');
  }

  /** One clock unit back (an instruction or a trap entry). */
  private async back(hartId: number): Promise<RuntimeEvent> {
    const now = this.clock;
    const target = Math.max(this.history.start, now - 1);
    if (!await this.seek(target)) return this.paused();
    return this.rt.stopEvent('step', this.rt.hart(hartId), now === target ? 'start of recorded history' : undefined);
  }

  /** The caller's call instruction and stack pointer (undefined: no caller known). */
  private callSite(h: Hart): { pc: bigint; sp: bigint } | undefined {
    const frames = this.rt.frames(h.id, 2);
    const c = frames[1];
    if (c === undefined || c.label !== undefined) return undefined;
    const sp = c.access.readReg(2);
    if (sp === undefined) return undefined;
    for (const len of [4, 2]) {
      const pc = c.pc - BigInt(len);
      if (callLength(h, pc) === len) return { pc, sp };
    }
    return undefined;
  }

  /**
   * The latest clock before now where hart h reached one of `addrs` with `accept`
   * true (or, with `user`, where a user breakpoint, data breakpoint or caught trap
   * stopped any hart): replays snapshot intervals backwards from now. Lands there and
   * returns the stop event; lands at the start of history when nothing is found.
   */
  private async searchBack(h: Hart, addrs: bigint[], accept: (h: Hart) => boolean, reason: StopReason, user = false): Promise<RuntimeEvent> {
    const rt = this.rt, hist = this.history, m = rt.machine;
    const now = this.clock;
    const set = new Set(addrs);
    let found: Found | undefined;
    rt.temp = addrs.length > 0 ? { addresses: addrs, until: () => false } : null;
    rt.breakpoints.arm();
    try {
      let hi = now;
      for (let k = hist.snapshotBefore(hi - 1); k >= 0 && found === undefined; k--) {
        const lo = hist.snapshots[k].clock;
        let last: Found | undefined;
        if (!await this.seek(lo)) return this.paused();
        const complete = await this.seek(hi, (x, why) => {
          const c = m.clock;
          const f = this.classify(x, why, c, set, accept, user, reason);
          if (f !== undefined && f.clock < now && (x === h || user)) last = f;
          return false;
        }, false);
        if (!complete) return this.paused();
        found = last;
        hi = lo;
      }
    } finally {
      rt.temp = null;
      rt.breakpoints.arm();
    }
    const target = found?.clock ?? hist.start;
    if (!await this.seek(target)) return this.paused();
    if (found === undefined) return rt.stopEvent(user ? 'pause' : 'step', h, 'start of recorded history');
    return rt.stopEvent(found.reason, rt.hart(found.hart), found.description, found.breakpointIds);
  }

  /** What a debug stop met while searching the past means. */
  private classify(x: Hart, why: number, c: number, set: Set<bigint>, accept: (h: Hart) => boolean,
    user: boolean, reason: StopReason): Found | undefined {
    const rt = this.rt;
    if (why === Stop.Breakpoint) {
      const pc = hartPc(x);
      if (set.has(pc) && accept(x)) return { clock: c, reason, hart: x.id };
      if (user && rt.breakpoints.wouldStop(x, pc)) {
        const ids = rt.breakpoints.all().filter((b) => b.addresses.includes(pc)).map((b) => b.id);
        return { clock: c, reason: 'breakpoint', hart: x.id, breakpointIds: ids };
      }
      return undefined;
    }
    if (!user) return undefined;
    if (why === Stop.Watch) return { clock: c + 1, reason: 'data breakpoint', hart: x.id }; // after the access
    if (why === Stop.Exception) return { clock: c, reason: 'exception', hart: x.id, description: 'Exception (found in the past)' };
    if (why === Stop.VmEvent) return { clock: c, reason: 'exception', hart: x.id, description: 'VM event (found in the past)' };
    return undefined;
  }

  /** After a replay the harts stand where it ended; a breakpoint there stops a resume
   *  only if the debugger does not resume from it (prepareResume sets ignoreBp). */
  private settle(): void {
    for (const h of this.rt.machine.harts) h.ignoreBp = false;
  }
}

/** The ELF function symbol containing pc (code with line information but no DWARF
 *  function entries, e.g. assembly), as the range reverse line steps stay in. */
function elfFunction(symbols: readonly { name: string; value: number; size: number; type: number }[], pc: bigint):
  { lowPc: bigint; ranges: { lo: bigint; hi: bigint }[] } | undefined {
  const a = Number(BigInt.asIntN(64, pc));
  const s = symbols.find((x) => x.type === 2 && x.size > 0 && a >= x.value && a < x.value + x.size);
  if (s === undefined) return undefined;
  const lo = BigInt.asUintN(64, BigInt(s.value));
  return { lowPc: lo, ranges: [{ lo, hi: lo + BigInt(s.size) }] };
}

function clip<T extends { lowPc: bigint; ranges: { lo: bigint; hi: bigint }[] }>(fn: T | undefined,
  sym: { ranges: { lo: bigint; hi: bigint }[] } | undefined): T | undefined {
  if (fn === undefined || sym === undefined) return fn;
  const [s] = sym.ranges;
  const ranges = fn.ranges.map((r) => ({ lo: r.lo > s.lo ? r.lo : s.lo, hi: r.hi < s.hi ? r.hi : s.hi })).filter((r) => r.lo < r.hi);
  return ranges.length > 0 ? { ...fn, ranges } : fn;
}

/** A cheap hash of the harts' registers, pc and CSR storage (debugger-write detection). */
export function fingerprint(harts: readonly Hart[]): number {
  let x = 0x811c9dc5;
  const mix = (v: number): void => { x = Math.imul(x ^ (v | 0), 0x01000193); };
  for (const h of harts) {
    for (let i = 0; i < 32; i++) { mix(h.xl[i]); mix(h.xh[i]); mix(h.f[2 * i]); mix(h.f[2 * i + 1]); }
    mix(h.pc); mix(h.pc / 4294967296); mix(h.priv); mix(h.mstatus); mix(h.fflags); mix(h.frm);
    const lo = h.csrLo, hi = h.csrHi;
    for (let i = 0; i < lo.length; i++) { if ((lo[i] | hi[i]) !== 0) { mix(i); mix(lo[i]); mix(hi[i]); } }
    mix(h.satpMode); mix(h.satpPpn); mix(h.medeleg); mix(h.mideleg); mix(h.mie); mix(h.mipSw);
  }
  return x >>> 0;
}
