/**
 * Recorded history of one machine: snapshots, the log of host input, and deterministic
 * re-execution to any machine clock (time travel), in the manner of rr: a past point is
 * reached by restoring the latest snapshot at or before it and replaying forward.
 *
 * - The clock is Machine.clock (instructions + traps, all harts); Machine.step() spends
 *   exactly one budget unit per clock unit and its schedule does not depend on how a
 *   run is cut into calls, so replay to any clock value is exact.
 * - Snapshots are taken at the frontier (the latest clock this branch of history has
 *   reached) every `interval` clock units, and thinned going back (rr-like: dense near
 *   the present) within a memory budget. RAM is copy-on-write: a snapshot holds copies
 *   of the pages written since the previous one only (Bus.dirty, set per store-TLB fill).
 * - Host input (UART bytes) enters through `input()` and is logged with its clock;
 *   replay re-injects it at the same clock. A change made in the past (a debugger write,
 *   input typed while in the past) starts a new branch: the recorded future is dropped.
 */
import type { Machine } from '../machine';
import type { Hart, TraceHook } from '../hart/hart';
import { WriteWatch } from '../bus/bus';
import { TLB_CONTEXTS, TLB_SIZE } from '../hart/mmu';
import { Stop, deliverCaught } from '../engine';
import { captureState, restoreState, type MachineState } from './state';
import { MarkLog } from './marks';

/** Clock units between automatic snapshots (measured: bench "timetravel", docs/timeTravel.md). */
export const DEFAULT_INTERVAL = 8_000_000;
/** Snapshots closer than this share of their distance from the present are thinned. */
const THIN_RATIO = 1 / 8;
const PAGE = 4096;

export interface Snapshot {
  id: number;
  clock: number;
  state: MachineState;
  /** Page index -> the page's bytes at this snapshot, for pages written since the
   *  previous snapshot (the first snapshot: every page that is not all zero). */
  pages: Map<number, Uint8Array>;
  bytes: number;
  /** Never thinned (the first snapshot, branch points, snapshots the user asked for). */
  pinned: boolean;
}

/** How a replay ended (History.runTo). */
export type RunEnd = 'target' | 'stop' | 'yield' | 'halt' | 'idle';

/** What a debug stop met during replay means to the caller: go on, or stop here. */
export type ReplayStop = (hart: Hart, why: number) => boolean;

export class History implements TraceHook {
  readonly snapshots: Snapshot[] = [];
  readonly marks = new MarkLog();
  interval = DEFAULT_INTERVAL;
  budgetBytes = 512 * 1024 * 1024;
  /** Latest clock reached on this branch. */
  frontier = 0;
  /** Host input, by clock (sorted). */
  private readonly inputClock: number[] = [];
  private readonly inputByte: number[] = [];
  /** Next input to inject. */
  private inputPos = 0;
  /** Index of the snapshot RAM equals apart from Bus.dirty pages (-1: none yet). */
  private base = -1;
  private nextId = 1;
  /** Clock units replayed and snapshots restored (statistics). */
  replayed = 0;
  restores = 0;
  /** Snapshots taken, RAM pages copied into them and their bytes (pages + state). */
  taken = 0;
  pagesCopied = 0;
  bytesCopied = 0;

  constructor(readonly m: Machine) {
    for (const h of m.harts) h.trace = this;
    this.frontier = m.clock;
  }

  /** Stop recording: hooks removed (the machine runs as if never recorded). */
  dispose(): void {
    for (const h of this.m.harts) if (h.trace === this) h.trace = null;
  }

  get bytes(): number {
    let n = 0;
    for (const s of this.snapshots) n += s.bytes;
    return n;
  }

  get start(): number {
    return this.snapshots.length > 0 ? this.snapshots[0].clock : 0;
  }

  // ------------------------------------------------------------------ trace hooks
  trap(h: Hart, code: number, interrupt: boolean): void {
    const c = this.m.clock;
    if (c >= this.frontier) this.marks.trap(c, code, interrupt, h.mode, h.virt !== 0 && !this.delegatedToVs(h, code, interrupt));
  }

  mode(_h: Hart, from: number, to: number): void {
    const c = this.m.clock;
    if (c >= this.frontier) this.marks.mode(c, from, to);
  }

  private delegatedToVs(h: Hart, code: number, interrupt: boolean): boolean {
    if (h.priv === 3) return false;
    const deleg = interrupt ? h.mideleg & h.hideleg : h.medeleg & h.hedeleg;
    return code < 32 && ((deleg >>> code) & 1) !== 0;
  }

  /** Console output at the current clock (the caller's sink sees it first). */
  output(text: string): void {
    const c = this.m.clock;
    if (c >= this.frontier) this.marks.text(c, 'uart', text.length > 60 ? `${text.slice(0, 57)}…` : text);
  }

  // ------------------------------------------------------------------ snapshots
  /** Take a snapshot now (at the end of history: branch first when in the past). */
  snapshot(pinned = false): Snapshot {
    const m = this.m, bus = m.bus;
    if (m.clock < this.frontier) this.branch('snapshot');
    const last = this.snapshots.length - 1;
    const pages = new Map<number, Uint8Array>();
    let bytes = 0;
    const dirty = bus.dirty, ram = bus.ram;
    const stale = last >= 0 && this.base !== last ? this.changedBetween(this.base, last) : undefined;
    const words = new Int32Array(ram.buffer, ram.byteOffset, ram.length >> 2);
    const add = (p: number): void => {
      // A page written with what it held (cleared .bss, a stack frame rewritten) is not
      // copied: comparing costs no more than copying, and saves the memory.
      const prev = last < 0 ? undefined : this.resolve(last, p);
      if (prev === undefined ? zeroWords(words, p) : sameWords(words, p, prev)) return;
      pages.set(p, ram.slice(p * PAGE, p * PAGE + PAGE));
      bytes += PAGE;
    };
    for (let p = 0; p < dirty.length; p++) if (dirty[p] !== 0) add(p);
    if (stale !== undefined) for (const p of stale) if (dirty[p] === 0) add(p);
    const state = captureState(m);
    bytes += stateBytes(state);
    this.taken++; this.pagesCopied += pages.size; this.bytesCopied += bytes;
    const snap: Snapshot = { id: this.nextId++, clock: m.clock, state, pages, bytes, pinned: pinned || last < 0 };
    if (last >= 0 && this.snapshots[last].clock === snap.clock) {
      // Same point: merge into the last one (its pages stay valid, ours are newer).
      const prev = this.snapshots[last];
      for (const [p, b] of pages) prev.pages.set(p, b);
      prev.state = state; prev.bytes += bytes; prev.pinned ||= pinned;
      this.clearDirty();
      this.base = last;
      return prev;
    }
    this.snapshots.push(snap);
    this.base = this.snapshots.length - 1;
    this.clearDirty();
    this.frontier = Math.max(this.frontier, snap.clock);
    if (!pinned) this.thin();
    return snap;
  }

  /** Called between steps: take the automatic snapshot when one is due. */
  afterStep(): void {
    const c = this.m.clock;
    if (c > this.frontier) this.frontier = c;
    const n = this.snapshots.length;
    if (n === 0 || (c >= this.snapshots[n - 1].clock + this.interval && c >= this.frontier)) this.snapshot();
  }

  /** Pages whose contents may differ between snapshot indices a and b ('now': the
   *  machine as it is). */
  candidatePages(a: number | 'now', b: number | 'now'): Set<number> {
    const ia = a === 'now' ? this.base : a, ib = b === 'now' ? this.base : b;
    const s = ia >= 0 && ib >= 0 ? this.changedBetween(ia, ib) : new Set<number>();
    if (a === 'now' || b === 'now') {
      const d = this.m.bus.dirty;
      for (let p = 0; p < d.length; p++) if (d[p] !== 0 || this.base < 0) s.add(p);
    }
    return s;
  }

  /** The bytes of RAM page p at snapshot index k, or now. */
  pageAt(k: number | 'now', p: number): Uint8Array {
    if (k === 'now') return this.m.bus.ram.subarray(p * PAGE, p * PAGE + PAGE);
    return this.resolve(k, p) ?? new Uint8Array(PAGE);
  }

  /** Pages whose contents may differ between snapshots i and j. */
  private changedBetween(i: number, j: number): Set<number> {
    const s = new Set<number>();
    const lo = Math.min(i, j), hi = Math.max(i, j);
    for (let k = lo + 1; k <= hi; k++) for (const p of this.snapshots[k].pages.keys()) s.add(p);
    return s;
  }

  /** The bytes of page p at snapshot k (undefined: all zero). */
  private resolve(k: number, p: number): Uint8Array | undefined {
    for (let i = k; i >= 0; i--) {
      const b = this.snapshots[i].pages.get(p);
      if (b !== undefined) return b;
    }
    return undefined;
  }

  /** Start dirty tracking afresh: drop every store-TLB entry, so the first store to a
   *  page afterwards refills its entry (and marks the page). Measured on sv39: a refill
   *  per page actually written (about 175 per snapshot) costs far less than keeping the
   *  pages of live entries marked and comparing them all (about 2,000) at every snapshot. */
  private clearDirty(): void {
    this.m.bus.dirty.fill(0);
    for (const h of this.m.harts) {
      for (let ctx = 0; ctx < TLB_CONTEXTS; ctx++) h.tlbVpn.fill(NaN, (ctx * 3 + 2) * TLB_SIZE, (ctx * 3 + 3) * TLB_SIZE);
    }
  }

  /** Restore snapshot index k: RAM pages that differ, then everything else. */
  private restore(k: number): void {
    const m = this.m, bus = m.bus;
    const pages = this.base >= 0 ? this.changedBetween(this.base, k) : new Set<number>();
    const dirty = bus.dirty;
    for (let p = 0; p < dirty.length; p++) if (dirty[p] !== 0 || this.base < 0) pages.add(p);
    const zero = new Uint8Array(PAGE);
    for (const p of pages) {
      const b = this.resolve(k, p) ?? zero;
      const off = p * PAGE;
      if (equal(bus.ram.subarray(off, off + PAGE), b)) continue;
      bus.ram.set(b, off);
      if ((bus.noFastWrite[p] & WriteWatch.Code) !== 0) m.cache.onWatchedWrite(bus.ramBase + off, PAGE);
    }
    restoreState(m, this.snapshots[k].state);
    this.clearDirty();
    this.base = k;
    const clock = this.snapshots[k].clock;
    this.inputPos = lowerBound(this.inputClock, clock);
    this.restores++;
  }

  /** Index of the latest snapshot at or before clock (-1: none). */
  snapshotBefore(clock: number): number {
    let lo = 0, hi = this.snapshots.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (this.snapshots[mid].clock <= clock) lo = mid + 1; else hi = mid; }
    return lo - 1;
  }

  /** Drop snapshots that the schedule no longer needs (dense near the present, sparse
   *  far back), then the oldest unpinned ones while over the memory budget. */
  private thin(): void {
    const s = this.snapshots;
    const now = s[s.length - 1].clock;
    for (let i = s.length - 2; i >= 1; i--) {
      if (s[i].pinned || i === this.base) continue;
      const gap = s[i + 1].clock - s[i - 1].clock;
      if (gap <= Math.max(this.interval, (now - s[i].clock) * THIN_RATIO)) this.drop(i);
    }
    let total = this.bytes;
    for (let i = 1; total > this.budgetBytes && i < s.length - 1;) {
      if (s[i].pinned || i === this.base) { i++; continue; }
      total -= s[i].bytes;
      this.drop(i);
    }
  }

  /** Remove snapshot i, moving its pages the next one lacks into it. */
  private drop(i: number): void {
    const s = this.snapshots;
    const gone = s[i], next = s[i + 1];
    for (const [p, b] of gone.pages) {
      if (!next.pages.has(p)) { next.pages.set(p, b); next.bytes += PAGE; }
    }
    s.splice(i, 1);
    if (this.base > i) this.base--;
  }

  // ------------------------------------------------------------------ input, branches
  /** Host input byte accepted by the machine now: logged (a new branch when in the past). */
  input(byte: number): void {
    const c = this.m.clock;
    if (c < this.frontier) this.branch('input');
    this.inputClock.push(c);
    this.inputByte.push(byte);
    this.inputPos = this.inputClock.length;
  }

  /** Before a step: injects recorded input that is due (replaying the past); returns
   *  the budget limit for the step: up to the next recorded input or the next automatic
   *  snapshot (so snapshots fall exactly every `interval`, however the run is sliced). */
  injectDue(): number {
    const c = this.m.clock;
    while (this.inputPos < this.inputClock.length && this.inputClock[this.inputPos] <= c) {
      this.m.board.pushInput(this.inputByte[this.inputPos++]);
    }
    const n = this.snapshots.length;
    const snap = n > 0 && c >= this.frontier ? this.snapshots[n - 1].clock + this.interval - c : Infinity;
    const input = this.inputPos < this.inputClock.length ? this.inputClock[this.inputPos] - c : Infinity;
    return Math.max(1, Math.min(snap, input));
  }

  /** Is the machine in the past (a recorded future exists)? */
  get inPast(): boolean {
    return this.m.clock < this.frontier;
  }

  /**
   * Make now the end of history: drop later snapshots, input and marks, and mark the
   * branch. Called before a change in the past (debugger writes, new input).
   */
  branch(why: string): void {
    const c = this.m.clock;
    if (c >= this.frontier) return;
    while (this.snapshots.length > 1 && this.snapshots[this.snapshots.length - 1].clock > c) this.snapshots.pop();
    if (this.base >= this.snapshots.length) this.base = -1;
    const k = lowerBound(this.inputClock, c);
    this.inputClock.length = k; this.inputByte.length = k;
    this.inputPos = k;
    this.marks.truncate(c);
    this.frontier = c;
    this.marks.text(c, 'branch', `new branch of history (${why})`);
  }

  /** A debugger write at the current clock: a branch point, pinned as a snapshot so
   *  replays after it need no log of the write. */
  debuggerWrite(what: string): void {
    this.branch(what);
    this.marks.text(this.m.clock, 'write', what);
  }

  /** Call after a debugger write has been applied. */
  afterDebuggerWrite(): void {
    this.snapshot(true);
  }

  // ------------------------------------------------------------------ travel
  /**
   * Bring the machine to clock `target` exactly (or as near as it gets: a halt, or
   * every hart idle waiting for input). Restores the latest snapshot at or before the
   * target when the target is in the past or a snapshot is nearer than now. Debug stops
   * met on the way go to `onStop` (return true to stop there); without it they are
   * passed over. Returns the clock reached.
   */
  seek(target: number, onStop?: ReplayStop, shouldYield?: () => boolean): RunEnd {
    this.restoreFor(target);
    return this.runTo(target, onStop, shouldYield);
  }

  /** The restore half of seek: the latest snapshot at or before target, when the target
   *  is in the past or that snapshot is nearer than now. */
  restoreFor(target: number): void {
    const m = this.m;
    const k = this.snapshotBefore(target);
    if (k >= 0 && (target < m.clock || this.snapshots[k].clock > m.clock)) this.restore(k);
  }

  /** Run forward to clock target (see seek), replaying recorded input. Ends at the
   *  target, at a stop onStop asked for, when shouldYield says so (call again to go
   *  on), at a halt, or when every hart waits for input that never comes. */
  runTo(target: number, onStop?: ReplayStop, shouldYield?: () => boolean): RunEnd {
    const m = this.m;
    const from = m.clock;
    const chunk = shouldYield === undefined ? 1_000_000 : 100_000;
    let end: RunEnd = 'target';
    while (m.clock < target) {
      if (m.halted !== null) { end = 'halt'; break; }
      const until = this.injectDue();
      const n = m.step(Math.min(target - m.clock, until, chunk));
      const ds = m.debugStop;
      if (ds !== null) {
        m.debugStop = null;
        if (onStop !== undefined && onStop(ds.hart, ds.why)) { end = 'stop'; break; }
        if (m.clock >= target) break; // arrived: the event at the target is still ahead
        passOver(m, ds.hart, ds.why);
      }
      this.afterStep();
      if (n === 0) { end = 'idle'; break; }
      if (m.clock < target && shouldYield?.() === true) { end = 'yield'; break; }
    }
    this.replayed += Math.max(0, m.clock - from);
    return end;
  }
}

/** Resume past a debug stop met during replay: the breakpoint's instruction runs, the
 *  watched access completes, a caught trap is taken (as the forward run did). */
export function passOver(m: Machine, h: Hart, why: number): void {
  if (why === Stop.Watch) {
    m.bus.watchSuppress = true;
    try { h.ignoreBp = true; m.step(1); } finally { m.bus.watchSuppress = false; }
    m.debugStop = null;
  } else if (why === Stop.Exception) {
    deliverCaught(h);
    m.charge(h);
  }
  h.ignoreBp = true;
}

/** Is RAM page p (as 32-bit words) all zero? */
function zeroWords(w: Int32Array, p: number): boolean {
  for (let i = p * 1024, e = i + 1024; i < e; i++) if (w[i] !== 0) return false;
  return true;
}

/** Does RAM page p equal the saved page b? */
function sameWords(w: Int32Array, p: number, b: Uint8Array): boolean {
  const x = new Int32Array(b.buffer, b.byteOffset, 1024);
  for (let i = 0, o = p * 1024; i < 1024; i++) if (w[o + i] !== x[i]) return false;
  return true;
}

function lowerBound(a: number[], x: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (a[mid] < x) lo = mid + 1; else hi = mid; }
  return lo;
}

function isZero(b: Uint8Array): boolean {
  const w = new Int32Array(b.buffer, b.byteOffset, b.length >> 2);
  for (let i = 0; i < w.length; i++) if (w[i] !== 0) return false;
  return true;
}

function equal(a: Uint8Array, b: Uint8Array | undefined): boolean {
  if (b === undefined) return isZero(a);
  const x = new Int32Array(a.buffer, a.byteOffset, a.length >> 2);
  const y = new Int32Array(b.buffer, b.byteOffset, b.length >> 2);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** Approximate size of captured state (typed arrays dominate). */
export function stateBytes(v: unknown): number {
  if (ArrayBuffer.isView(v)) return v.byteLength;
  if (Array.isArray(v)) { let n = 0; for (const x of v) n += stateBytes(x); return n + 8 * v.length; }
  if (v !== null && typeof v === 'object') { let n = 0; for (const x of Object.values(v)) n += stateBytes(x) + 16; return n; }
  return 8;
}
