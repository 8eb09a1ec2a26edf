/**
 * The timeline's pure model (no DOM, no `vscode`; unit-tested in
 * test/extension/timelineModel.test.ts), shared by the webview script
 * (extension/webview/timeline.ts, which draws it with uPlot) and the extension side
 * (extension/timelineView.ts). The x axis is the machine clock (retired instructions +
 * traps, a number below 2^53); the rows are lanes, one per kind of mark: snapshots,
 * stops (breakpoints, watchpoints), traps, privilege-mode changes, VM exits and entries,
 * UART output, and the debugger's writes and history branches. It lays the adapter's
 * `hyperstep.timeline` answer out into lanes, maps it to uPlot's aligned data, finds
 * the mark under the pointer, zooms and pans the visible range within the recorded
 * history (down to a few instructions), and turns the visible range into the next
 * `hyperstep.timeline` request (`buckets` ≈ the plot's width in pixels, so the adapter
 * aggregates 10^5 marks into at most one bin per pixel and kind).
 */

export type MarkKind = 'breakpoint' | 'watch' | 'trap' | 'mode' | 'vmexit' | 'vmentry' | 'uart' | 'write' | 'branch' | 'stop';

/** One mark of the adapter's answer: `count` > 1 with `end` is a bin of marks of one kind. */
export interface TimelineMark { kind: MarkKind; clock: number; end?: number; count?: number; label: string }
export interface TimelineSnapshot { id: number; clock: number; bytes: number; pinned: boolean }

/** The body of the adapter's `hyperstep.timeline` response. */
export interface TimelineBody {
  start: number;
  end: number;
  now: number;
  snapshots: TimelineSnapshot[];
  marks: TimelineMark[];
}

/** The arguments of a `hyperstep.timeline` request. */
export interface TimelineRequest { from?: number; to?: number; buckets?: number }

export type LaneId = 'snapshots' | 'stops' | 'traps' | 'modes' | 'vm' | 'uart' | 'debugger';

export interface Lane {
  id: LaneId;
  label: string;
  kinds: readonly MarkKind[];
  /** The VS Code theme colour (a CSS custom property) the lane's marks are drawn with. */
  color: string;
  /** Shown even when it has no marks (the others appear when they have some). */
  always: boolean;
}

export const LANES: readonly Lane[] = [
  { id: 'snapshots', label: 'Snapshots', kinds: [], color: '--vscode-charts-blue', always: true },
  { id: 'stops', label: 'Breakpoints', kinds: ['breakpoint', 'watch', 'stop'], color: '--vscode-charts-red', always: true },
  { id: 'traps', label: 'Traps', kinds: ['trap'], color: '--vscode-charts-orange', always: true },
  { id: 'modes', label: 'Mode changes', kinds: ['mode'], color: '--vscode-charts-purple', always: true },
  { id: 'vm', label: 'VM exits/entries', kinds: ['vmexit', 'vmentry'], color: '--vscode-charts-yellow', always: false },
  { id: 'uart', label: 'UART output', kinds: ['uart'], color: '--vscode-charts-green', always: true },
  { id: 'debugger', label: 'Writes/branches', kinds: ['write', 'branch'], color: '--vscode-charts-foreground', always: false },
];

/** A mark placed in a lane: [clock, end] (end = clock for a single mark). */
export interface LaneItem {
  lane: number;
  clock: number;
  end: number;
  count: number;
  label: string;
  kind: MarkKind | 'snapshot';
  /** For the snapshot lane: the snapshot's id. */
  snapshot?: number;
}

export interface TimelineLayout {
  lanes: Lane[];
  /** Per lane (same order), its items sorted by clock. */
  items: LaneItem[][];
}

const KIB = 1024;
/** 1536 → "1.5 KiB". */
export function formatBytes(n: number): string {
  if (n < KIB) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / KIB;
  let u = 0;
  while (v >= KIB && u < units.length - 1) { v /= KIB; u++; }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}

/** A clock as an exact integer with thousands separators: 1234567 → "1,234,567". */
export function formatClock(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * An axis tick label: exact below 10^4; above, in k/M/G with as many decimals as the
 * tick spacing `step` needs to keep neighbouring ticks distinct (12.35M for step 10^4).
 */
export function axisLabel(v: number, step: number): string {
  const a = Math.abs(v);
  if (a < 1e4) return formatClock(v);
  const [unit, suffix] = a >= 1e9 ? [1e9, 'G'] : a >= 1e6 ? [1e6, 'M'] : [1e3, 'k'];
  const decimals = Math.max(0, Math.min(9, Math.ceil(Math.log10(unit / Math.max(1, step)) - 1e-9)));
  return `${(v / unit).toFixed(decimals)}${suffix}`;
}

/** The lanes shown for a body: the `always` ones and those that have marks, in LANES order. */
export function visibleLanes(body: Pick<TimelineBody, 'marks'>): Lane[] {
  const present = new Set(body.marks.map((m) => m.kind));
  return LANES.filter((l) => l.always || l.kinds.some((k) => present.has(k)));
}

/** Lays a response out into lanes; marks of kinds no lane shows are dropped. */
export function layoutTimeline(body: TimelineBody): TimelineLayout {
  const lanes = visibleLanes(body);
  const items: LaneItem[][] = lanes.map(() => []);
  const laneOf = new Map<string, number>();
  lanes.forEach((l, i) => { for (const k of l.kinds) laneOf.set(k, i); });
  const snapLane = lanes.findIndex((l) => l.id === 'snapshots');
  for (const s of body.snapshots) {
    items[snapLane].push({
      lane: snapLane, clock: s.clock, end: s.clock, count: 1, kind: 'snapshot', snapshot: s.id,
      label: `Snapshot #${s.id} at ${formatClock(s.clock)} (${formatBytes(s.bytes)}${s.pinned ? ', pinned' : ''})`,
    });
  }
  for (const m of body.marks) {
    const lane = laneOf.get(m.kind);
    if (lane === undefined) continue;
    items[lane].push({ lane, clock: m.clock, end: Math.max(m.clock, m.end ?? m.clock), count: Math.max(1, m.count ?? 1), label: m.label, kind: m.kind });
  }
  for (const l of items) l.sort((a, b) => a.clock - b.clock || a.end - b.end);
  return { lanes, items };
}

/** The y value of lane `i` of `n` (uPlot's y axis runs 0..n upwards; lane 0 is the top row). */
export function laneY(i: number, n: number): number {
  return n - i - 0.5;
}

/** The lane at y value `y` (from the pointer), or -1 outside the rows. */
export function laneAt(y: number, n: number): number {
  const i = Math.floor(n - y);
  return i >= 0 && i < n ? i : -1;
}

/**
 * uPlot's aligned data for a layout: the x values are the distinct clocks of all items,
 * and lane i's series holds laneY(i) where it has an item starting at that clock and
 * null elsewhere (uPlot then draws a point per mark; bins also get a bar from the
 * webview's draw hook).
 */
export function uplotData(layout: TimelineLayout): [number[], ...(number | null)[][]] {
  const xs = [...new Set(layout.items.flatMap((l) => l.map((it) => it.clock)))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const n = layout.lanes.length;
  const series = layout.items.map((l, i) => {
    const ys: (number | null)[] = new Array<number | null>(xs.length).fill(null);
    for (const it of l) ys[index.get(it.clock)!] = laneY(i, n);
    return ys;
  });
  return [xs, ...series];
}

/**
 * The item of lane `lane` under the clock `x`, given the scale (`clocksPerPx`): an item
 * whose [clock, end] is within `slopPx` pixels of x, the nearest one winning (inside a
 * bin counts as distance 0; on a tie the later mark, which is drawn on top).
 */
export function hitTest(layout: TimelineLayout, lane: number, x: number, clocksPerPx: number, slopPx = 4): LaneItem | undefined {
  const items = layout.items[lane];
  if (items === undefined) return undefined;
  const slop = slopPx * clocksPerPx;
  let best: LaneItem | undefined;
  let bestD = Infinity;
  for (const it of items) {
    if (it.clock > x + slop) break;
    const d = x < it.clock ? it.clock - x : x > it.end ? x - it.end : 0;
    if (d <= slop && d <= bestD) { best = it; bestD = d; }
  }
  return best;
}

/** The index of the first item of `items` (sorted by clock) whose clock is at least `clock`. */
export function firstAtOrAfter(items: readonly LaneItem[], clock: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid].clock < clock) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** How many items of a lane start inside `r` (a lane with more than a few per pixel is drawn as ticks, not points). */
export function visibleCount(items: readonly LaneItem[], r: { from: number; to: number }): number {
  return firstAtOrAfter(items, r.to + 1e-9) - firstAtOrAfter(items, r.from);
}

/** What hovering an item shows: its label and where it is. */
export function describeItem(it: LaneItem): string {
  if (it.kind === 'snapshot') return it.label;
  const where = it.end > it.clock ? `${formatClock(it.clock)} – ${formatClock(it.end)}` : formatClock(it.clock);
  return `${it.label} · at ${where}${it.count > 1 ? ' (a click travels to the first; zoom in to see each)' : ''}`;
}

/** The clock a click on an item travels to: the mark's own clock (a bin's first mark). */
export function travelTarget(it: LaneItem): number {
  return it.clock;
}

export interface ClockRange { from: number; to: number }

/** The narrowest visible range, in instructions (each one then several pixels wide). */
export const MIN_SPAN = 8;

/** The recorded history as a range (never empty: a history of one instant spans 1). */
export function historyRange(body: Pick<TimelineBody, 'start' | 'end'>): ClockRange {
  return { from: body.start, to: Math.max(body.end, body.start + 1) };
}

/** `r` moved and shrunk into `bounds`, at least MIN_SPAN wide (or all of bounds). */
export function clampRange(r: ClockRange, bounds: ClockRange): ClockRange {
  const total = bounds.to - bounds.from;
  let span = Math.max(Math.min(r.to - r.from, total), Math.min(MIN_SPAN, total));
  if (!Number.isFinite(span) || span <= 0) span = total;
  let from = Math.max(bounds.from, Math.min(r.from, bounds.to - span));
  if (!Number.isFinite(from)) from = bounds.from;
  return { from, to: from + span };
}

/** Zooms by `factor` (< 1 in, > 1 out) keeping the clock `at` at the same place on screen. */
export function zoomAt(r: ClockRange, at: number, factor: number, bounds: ClockRange): ClockRange {
  const span = r.to - r.from;
  const f = span > 0 ? (at - r.from) / span : 0.5;
  const next = Math.max(span * factor, Math.min(MIN_SPAN, bounds.to - bounds.from));
  return clampRange({ from: at - f * next, to: at - f * next + next }, bounds);
}

/** Pans by `delta` clocks (positive: later). */
export function panBy(r: ClockRange, delta: number, bounds: ClockRange): ClockRange {
  return clampRange({ from: r.from + delta, to: r.to + delta }, bounds);
}

/** Whether `r` shows the whole history (then the view follows the history as it grows). */
export function isWhole(r: ClockRange, bounds: ClockRange): boolean {
  return r.from <= bounds.from && r.to >= bounds.to;
}

/**
 * The range to show after the history changed from `before` to `after` (a refresh): the
 * whole new history if the whole old one was shown, else the same range, clamped.
 */
export function followRange(r: ClockRange | undefined, before: ClockRange | undefined, after: ClockRange): ClockRange {
  if (r === undefined || before === undefined || isWhole(r, before)) return after;
  return clampRange(r, after);
}

/**
 * The `hyperstep.timeline` request for the visible range: whole clocks covering it, and
 * one bucket per pixel of the plot (at least 16, at most 4096).
 */
export function rangeRequest(r: ClockRange, widthPx: number): Required<TimelineRequest> {
  return {
    from: Math.max(0, Math.floor(r.from)),
    to: Math.ceil(r.to),
    buckets: Math.max(16, Math.min(4096, Math.round(Number.isFinite(widthPx) ? widthPx : 0))),
  };
}

/** The clock a click at x value `x` travels to: the nearest whole clock in the history. */
export function clockAt(x: number, bounds: Pick<TimelineBody, 'start' | 'end'>): number {
  return Math.max(bounds.start, Math.min(bounds.end, Math.round(x)));
}

/** The status line under the plot. */
export function summary(body: TimelineBody, r: ClockRange): string {
  const marks = body.marks.reduce((n, m) => n + Math.max(1, m.count ?? 1), 0);
  return `History ${formatClock(body.start)} – ${formatClock(body.end)} · now ${formatClock(body.now)} · showing `
    + `${formatClock(r.from)} – ${formatClock(r.to)} · ${body.snapshots.length} snapshot${body.snapshots.length === 1 ? '' : 's'}, `
    + `${formatClock(marks)} mark${marks === 1 ? '' : 's'} in view`;
}
