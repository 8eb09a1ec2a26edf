/**
 * The timeline's pure model (extension/webview/timelineModel.ts) and page
 * (extension/timelinePage.ts): marks laid out into lanes by kind (optional lanes only
 * when they have marks), uPlot's aligned data, hit testing at a given scale (single
 * marks and aggregated bins), zooming and panning within the history down to a few
 * instructions, following a growing history, the request for the visible range (one
 * bucket per pixel), axis labels, and the page's strict CSP.
 */
import { strict as assert } from 'assert';
import {
  axisLabel, clampRange, clockAt, describeItem, firstAtOrAfter, followRange, formatBytes, formatClock, hitTest, historyRange, isWhole,
  laneAt, laneY, layoutTimeline, MIN_SPAN, panBy, rangeRequest, summary, uplotData, visibleCount, visibleLanes, zoomAt,
  type TimelineBody, type TimelineMark,
} from '../../extension/webview/timelineModel';
import { timelinePageHtml } from '../../extension/timelinePage';

const BODY: TimelineBody = {
  start: 0, end: 10_000, now: 6_000,
  snapshots: [{ id: 2, clock: 5_000, bytes: 3 * 1024 * 1024, pinned: false }, { id: 1, clock: 0, bytes: 1536, pinned: true }],
  marks: [
    { kind: 'breakpoint', clock: 4_000, label: 'breakpoint hello.c:21' },
    { kind: 'breakpoint', clock: 1_000, label: 'breakpoint hello.c:21' },
    { kind: 'uart', clock: 1_200, label: 'UART "hello 1"' },
    { kind: 'trap', clock: 2_000, end: 3_000, count: 37, label: '37 traps (ecall from U)' },
    { kind: 'stop', clock: 6_000, label: 'step' },
  ],
};

describe('extension: timeline model', () => {
  it('lays marks out into lanes by kind, sorted by clock; VM and debugger lanes only when they have marks', () => {
    const l = layoutTimeline(BODY);
    assert.deepEqual(l.lanes.map((x) => x.id), ['snapshots', 'stops', 'traps', 'modes', 'uart']);
    const lane = (id: string) => l.items[l.lanes.findIndex((x) => x.id === id)];
    assert.deepEqual(lane('snapshots').map((i) => [i.clock, i.snapshot]), [[0, 1], [5_000, 2]]);
    assert.equal(lane('snapshots')[0].label, 'Snapshot #1 at 0 (1.5 KiB, pinned)');
    assert.equal(lane('snapshots')[1].label, 'Snapshot #2 at 5,000 (3.0 MiB)');
    assert.deepEqual(lane('stops').map((i) => [i.kind, i.clock]), [['breakpoint', 1_000], ['breakpoint', 4_000], ['stop', 6_000]]);
    assert.deepEqual(lane('traps').map((i) => [i.clock, i.end, i.count]), [[2_000, 3_000, 37]]);
    assert.deepEqual(lane('modes'), []);
    assert.deepEqual(lane('uart').map((i) => i.clock), [1_200]);
    // Every item knows its lane.
    l.items.forEach((items, i) => items.forEach((it) => assert.equal(it.lane, i)));

    const vm = visibleLanes({ marks: [{ kind: 'vmexit', clock: 1, label: 'x' }, { kind: 'branch', clock: 2, label: 'y' }] });
    assert.deepEqual(vm.map((x) => x.id), ['snapshots', 'stops', 'traps', 'modes', 'vm', 'uart', 'debugger']);
    const withVm = layoutTimeline({ ...BODY, marks: [{ kind: 'vmentry', clock: 7, label: 'VM entry guest1' }, { kind: 'write', clock: 9, label: 'write a0' }] });
    assert.deepEqual(withVm.items[withVm.lanes.findIndex((x) => x.id === 'vm')].map((i) => i.kind), ['vmentry']);
    assert.deepEqual(withVm.items[withVm.lanes.findIndex((x) => x.id === 'debugger')].map((i) => i.kind), ['write']);
    // Every lane has a theme colour.
    for (const lane of vm) assert.match(lane.color, /^--vscode-/);
  });

  it('maps lanes to uPlot series: shared x values, the lane\'s row where it has a mark, null elsewhere', () => {
    const l = layoutTimeline(BODY);
    const [xs, ...series] = uplotData(l);
    assert.deepEqual(xs, [0, 1_000, 1_200, 2_000, 4_000, 5_000, 6_000]);
    assert.equal(series.length, l.lanes.length);
    const n = l.lanes.length;
    assert.deepEqual(series[0], [laneY(0, n), null, null, null, null, laneY(0, n), null]); // snapshots at 0 and 5000
    assert.deepEqual(series[1], [null, laneY(1, n), null, null, laneY(1, n), null, laneY(1, n)]);
    assert.deepEqual(series[3], [null, null, null, null, null, null, null]); // no mode changes
    for (const s of series) assert.equal(s.length, xs.length);
    // Rows: lane 0 on top; laneAt inverts laneY, and is -1 outside.
    for (let i = 0; i < n; i++) assert.equal(laneAt(laneY(i, n), n), i);
    assert.equal(laneAt(n + 0.1, n), -1);
    assert.equal(laneAt(-0.1, n), -1);
  });

  it('hit tests within a few pixels at the current scale, bins by their extent', () => {
    const l = layoutTimeline(BODY);
    const stops = l.lanes.findIndex((x) => x.id === 'stops');
    const traps = l.lanes.findIndex((x) => x.id === 'traps');
    // 10 clocks per pixel: 4 px of slop = 40 clocks.
    assert.equal(hitTest(l, stops, 4_030, 10)?.clock, 4_000);
    assert.equal(hitTest(l, stops, 3_970, 10)?.clock, 4_000);
    assert.equal(hitTest(l, stops, 4_050, 10), undefined);
    assert.equal(hitTest(l, stops, 4_050, 100)?.clock, 4_000, 'zoomed out, the slop is wider');
    // The bin: anywhere inside it, and a few pixels beyond its end.
    assert.equal(hitTest(l, traps, 2_500, 10)?.count, 37);
    assert.equal(hitTest(l, traps, 3_035, 10)?.count, 37);
    assert.equal(hitTest(l, traps, 3_100, 10), undefined);
    // The nearest of two candidates.
    const two = layoutTimeline({ ...BODY, marks: [{ kind: 'uart', clock: 100, label: 'a' }, { kind: 'uart', clock: 110, label: 'b' }] });
    const uart = two.lanes.findIndex((x) => x.id === 'uart');
    assert.equal(hitTest(two, uart, 103, 5)?.label, 'a');
    assert.equal(hitTest(two, uart, 108, 5)?.label, 'b');
    assert.equal(hitTest(two, 99, 100, 5), undefined, 'no such lane');
    assert.equal(describeItem(hitTest(l, traps, 2_500, 10)!), '37 traps (ecall from U) · at 2,000 – 3,000 (a click travels to the first; zoom in to see each)');
    assert.equal(describeItem(hitTest(l, stops, 1_000, 10)!), 'breakpoint hello.c:21 · at 1,000');
  });

  it('hit tests 10^5 marks quickly', () => {
    const marks: TimelineMark[] = Array.from({ length: 100_000 }, (_, i) => ({ kind: 'trap', clock: i * 10, label: `trap ${i}` }));
    const l = layoutTimeline({ start: 0, end: 1_000_000, now: 0, snapshots: [], marks });
    const lane = l.lanes.findIndex((x) => x.id === 'traps');
    const t0 = performance.now();
    for (let k = 0; k < 200; k++) assert.equal(hitTest(l, lane, 500_001, 0.5)?.label, 'trap 50000');
    assert.ok(performance.now() - t0 < 2_000);
    // Counting the marks in view (dense lanes are drawn as ticks) is a binary search.
    assert.equal(firstAtOrAfter(l.items[lane], 995), 100);
    assert.equal(firstAtOrAfter(l.items[lane], 1_000), 100);
    assert.equal(firstAtOrAfter(l.items[lane], -5), 0);
    assert.equal(firstAtOrAfter(l.items[lane], 1e9), 100_000);
    assert.equal(visibleCount(l.items[lane], { from: 1_000, to: 2_000 }), 101);
    assert.equal(visibleCount(l.items[lane], { from: 0, to: 1e7 }), 100_000);
    assert.equal(visibleCount(l.items[lane], { from: 1_001, to: 1_009 }), 0);
  });

  it('zooms around the pointer down to MIN_SPAN instructions, pans and clamps within the history', () => {
    const b = historyRange(BODY);
    assert.deepEqual(b, { from: 0, to: 10_000 });
    // Zooming in by half around 2,500 keeps 2,500 at the same fraction (a quarter) of the width.
    const z = zoomAt({ from: 0, to: 10_000 }, 2_500, 0.5, b);
    assert.deepEqual(z, { from: 1_250, to: 6_250 });
    // Down to single instructions, never below MIN_SPAN.
    let r = { from: 0, to: 10_000 };
    for (let i = 0; i < 200; i++) r = zoomAt(r, 4_000, 0.8, b);
    assert.equal(r.to - r.from, MIN_SPAN);
    assert.ok(r.from <= 4_000 && 4_000 <= r.to);
    // Zooming out stops at the whole history.
    for (let i = 0; i < 200; i++) r = zoomAt(r, 4_000, 1.25, b);
    assert.deepEqual(r, b);
    assert.ok(isWhole(r, b));
    // Panning stops at the ends.
    assert.deepEqual(panBy({ from: 1_000, to: 2_000 }, -5_000, b), { from: 0, to: 1_000 });
    assert.deepEqual(panBy({ from: 1_000, to: 2_000 }, 50_000, b), { from: 9_000, to: 10_000 });
    assert.deepEqual(panBy({ from: 1_000, to: 2_000 }, 500, b), { from: 1_500, to: 2_500 });
    // A range wider than the history, or outside it, is pulled in.
    assert.deepEqual(clampRange({ from: -50, to: 20_000 }, b), b);
    assert.deepEqual(clampRange({ from: 9_999, to: 9_999 }, b), { from: 10_000 - MIN_SPAN, to: 10_000 });
    // A history of one instant still has a width.
    assert.deepEqual(historyRange({ start: 5, end: 5 }), { from: 5, to: 6 });
    assert.deepEqual(zoomAt({ from: 5, to: 6 }, 5.5, 0.5, { from: 5, to: 6 }), { from: 5, to: 6 });
  });

  it('follows a growing history when it showed all of it, else keeps its range', () => {
    const before = { from: 0, to: 10_000 };
    const after = { from: 0, to: 25_000 };
    assert.deepEqual(followRange(before, before, after), after);
    assert.deepEqual(followRange({ from: 100, to: 200 }, before, after), { from: 100, to: 200 });
    assert.deepEqual(followRange(undefined, undefined, after), after);
    // A shorter history (a new branch) clamps the range.
    assert.deepEqual(followRange({ from: 8_000, to: 9_000 }, before, { from: 0, to: 5_000 }), { from: 4_000, to: 5_000 });
  });

  it('asks for whole clocks covering the range and one bucket per pixel', () => {
    assert.deepEqual(rangeRequest({ from: 10.4, to: 99.2 }, 812.4), { from: 10, to: 100, buckets: 812 });
    assert.deepEqual(rangeRequest({ from: -3, to: 5 }, 2), { from: 0, to: 5, buckets: 16 });
    assert.equal(rangeRequest({ from: 0, to: 1e12 }, 1e6).buckets, 4096);
    assert.equal(rangeRequest({ from: 0, to: 1 }, Number.NaN).buckets, 16);
    // A click between marks travels to the nearest clock inside the history.
    assert.equal(clockAt(1234.6, BODY), 1235);
    assert.equal(clockAt(-40, BODY), 0);
    assert.equal(clockAt(1e9, BODY), 10_000);
  });

  it('labels the axis exactly at small scales and in k/M/G with the decimals the tick step needs', () => {
    assert.equal(formatClock(1234567), '1,234,567');
    assert.equal(formatClock(12), '12');
    assert.equal(axisLabel(9_999, 1), '9,999');
    assert.equal(axisLabel(12_000, 1_000), '12k');
    assert.equal(axisLabel(12_500, 500), '12.5k');
    assert.equal(axisLabel(12_345_000, 10_000), '12.35M');
    assert.equal(axisLabel(12_345_678, 1), '12.345678M');
    assert.equal(axisLabel(3e9, 1e9), '3G');
    assert.equal(axisLabel(3.5e9, 5e8), '3.5G');
    assert.equal(formatBytes(512), '512 B');
    assert.equal(formatBytes(1536), '1.5 KiB');
    assert.equal(formatBytes(300 * 1024 * 1024), '300 MiB');
    assert.match(summary(BODY, { from: 0, to: 10_000 }), /^History 0 – 10,000 · now 6,000 · showing 0 – 10,000 · 2 snapshots, 41 marks in view$/);
  });

  it('the page has a strict CSP: nothing by default, the script only with its nonce', () => {
    const html = timelinePageHtml({ cspSource: 'vscode-resource:', scriptUri: 'x/timeline.js', styleUri: 'x/timeline.css', codiconUri: 'x/codicon.css', nonce: 'n0nce' });
    const csp = (/http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1] ?? '').replace(/&#39;/g, "'");
    assert.match(csp, /^default-src 'none';/);
    assert.match(csp, /script-src 'nonce-n0nce'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal([...html.matchAll(/<script\b[^>]*>/g)].length, 1);
    assert.match(html, /<script nonce="n0nce" src="x\/timeline.js"><\/script>/);
    assert.doesNotMatch(html, /<style|style="/, 'no inline styles');
    assert.match(html, /<link rel="stylesheet" href="x\/timeline.css">/);
  });
});
