/**
 * The timeline's marks: what happened at which machine clock (traps, mode changes, VM
 * exits and entries, UART output, debugger stops and writes, history branches).
 *
 * Marks are recorded per trap, per xRET and per console write (never per instruction)
 * into growable typed arrays, and only while the machine runs at the frontier of its
 * recorded history (a replay of the past records nothing twice). Queries aggregate: when
 * a kind has more marks in the asked range than there are buckets, neighbouring marks
 * merge into bins with a count, so a view of 10^5 marks stays cheap to draw.
 */
import { causeName } from '../hart/trap';

export type MarkKind = 'breakpoint' | 'watch' | 'trap' | 'mode' | 'vmexit' | 'vmentry' | 'uart' | 'write' | 'branch' | 'stop';
export const MARK_KINDS: readonly MarkKind[] = ['breakpoint', 'watch', 'trap', 'mode', 'vmexit', 'vmentry', 'uart', 'write', 'branch', 'stop'];

export interface Mark { kind: MarkKind; clock: number; end?: number; count?: number; label: string }

const K_TRAP = MARK_KINDS.indexOf('trap'), K_MODE = MARK_KINDS.indexOf('mode');
const K_VMEXIT = MARK_KINDS.indexOf('vmexit'), K_VMENTRY = MARK_KINDS.indexOf('vmentry');

/** Mode index (priv + 4*virt) to a short name. */
export const MODE_NAMES = ['U', 'S', '?', 'M', 'VU', 'VS', '?', '?'];

/** Marks kept at most; older ones are dropped first (the count of dropped ones is kept). */
const MAX_MARKS = 1 << 20;

export class MarkLog {
  private clocks = new Float64Array(1024);
  /** kind index << 24 | payload (cause / from<<4|to / text index). */
  private info = new Int32Array(1024);
  private n = 0;
  /** Texts of UART and labelled marks, by payload index. */
  private texts: string[] = [];
  dropped = 0;

  get size(): number {
    return this.n;
  }

  private push(clock: number, kind: MarkKind, payload: number): void {
    this.pushIndex(clock, MARK_KINDS.indexOf(kind), payload);
  }

  /** Append (kind given by its index in MARK_KINDS: the per-trap path). */
  private pushIndex(clock: number, kindIdx: number, payload: number): void {
    if (this.n === this.clocks.length) {
      if (this.n >= MAX_MARKS) { this.dropFront(this.n >> 2); }
      else {
        const c = new Float64Array(this.n * 2); c.set(this.clocks); this.clocks = c;
        const i = new Int32Array(this.n * 2); i.set(this.info); this.info = i;
      }
    }
    // Keep the arrays sorted by clock (debugger marks may come at an earlier clock
    // than a trap recorded in the same slice): insert from the end.
    let k = this.n;
    while (k > 0 && this.clocks[k - 1] > clock) k--;
    if (k < this.n) { this.clocks.copyWithin(k + 1, k, this.n); this.info.copyWithin(k + 1, k, this.n); }
    this.clocks[k] = clock;
    this.info[k] = (kindIdx << 24) | (payload & 0xffffff);
    this.n++;
  }

  private dropFront(count: number): void {
    this.clocks.copyWithin(0, count, this.n);
    this.info.copyWithin(0, count, this.n);
    this.n -= count;
    this.dropped += count;
  }

  trap(clock: number, code: number, interrupt: boolean, fromMode: number, vmExit: boolean): void {
    this.pushIndex(clock, vmExit ? K_VMEXIT : K_TRAP, (interrupt ? 64 : 0) | (code & 63) | (fromMode << 8));
  }

  mode(clock: number, from: number, to: number): void {
    const entry = from < 4 && to >= 4;
    this.pushIndex(clock, entry ? K_VMENTRY : K_MODE, (from << 4) | to);
  }

  text(clock: number, kind: MarkKind, text: string): void {
    this.texts.push(text);
    this.push(clock, kind, this.texts.length - 1);
  }

  /** Forget marks after `clock` (a new branch of history starts there). */
  truncate(clock: number): void {
    let k = this.n;
    while (k > 0 && this.clocks[k - 1] > clock) k--;
    this.n = k;
  }

  private label(kind: MarkKind, payload: number): string {
    switch (kind) {
      case 'trap': case 'vmexit': {
        const irq = (payload & 64) !== 0;
        const from = MODE_NAMES[(payload >> 8) & 7];
        return `${kind === 'vmexit' ? 'VM exit: ' : ''}${causeName(payload & 63, irq)} from ${from}`;
      }
      case 'mode': case 'vmentry':
        return `${kind === 'vmentry' ? 'VM entry: ' : ''}${MODE_NAMES[(payload >> 4) & 7]} → ${MODE_NAMES[payload & 7]}`;
      default:
        return this.texts[payload] ?? kind;
    }
  }

  /** Marks with from <= clock <= to; kinds with more than `buckets` marks aggregate. */
  query(from: number, to: number, buckets: number): Mark[] {
    let lo = 0, hi = this.n;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (this.clocks[mid] < from) lo = mid + 1; else hi = mid; }
    const start = lo;
    hi = this.n;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (this.clocks[mid] <= to) lo = mid + 1; else hi = mid; }
    const end = lo;
    const counts = new Array<number>(MARK_KINDS.length).fill(0);
    for (let k = start; k < end; k++) counts[this.info[k] >>> 24]++;
    const out: Mark[] = [];
    const width = Math.max(1, (to - from) / Math.max(1, buckets));
    const bins = new Map<number, { mark: Mark; labels: Map<string, number> }>();
    for (let k = start; k < end; k++) {
      const kindIdx = this.info[k] >>> 24, kind = MARK_KINDS[kindIdx];
      const clock = this.clocks[k];
      const label = this.label(kind, this.info[k] & 0xffffff);
      if (counts[kindIdx] <= buckets) { out.push({ kind, clock, label }); continue; }
      const key = kindIdx * 1e9 + Math.floor((clock - from) / width);
      const bin = bins.get(key);
      if (bin === undefined) { bins.set(key, { mark: { kind, clock, end: clock, count: 1, label }, labels: new Map([[label, 1]]) }); continue; }
      bin.mark.end = clock;
      bin.mark.count = (bin.mark.count ?? 1) + 1;
      bin.labels.set(label, (bin.labels.get(label) ?? 0) + 1);
    }
    for (const { mark, labels } of bins.values()) {
      if ((mark.count ?? 1) > 1) {
        const top = [...labels].sort((a, b) => b[1] - a[1]).slice(0, 2).map(([l, c]) => `${c}× ${l}`).join(', ');
        mark.label = `${mark.count} ${mark.kind} marks (${top}${labels.size > 2 ? ', …' : ''})`;
      } else { delete mark.end; delete mark.count; }
      out.push(mark);
    }
    return out.sort((a, b) => a.clock - b.clock);
  }
}
