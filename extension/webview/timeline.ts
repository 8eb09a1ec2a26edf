/**
 * The timeline's webview script (bundled with uPlot by scripts/build.mjs to
 * dist/webview/timeline.js, loaded with a nonce under a strict CSP by
 * extension/timelineView.ts). uPlot draws the axes, the lanes' marks (one series per
 * lane, points only, from timelineModel.ts's uplotData) and the drag selection; a draw
 * hook adds the bins' extents, the lane separators and the cursor at `now`. Drag or wheel
 * zooms, Shift+wheel pans, a double-click shows the whole run; every change of the
 * visible range asks the extension for that range again (debounced), with one bucket
 * per pixel. A click (no drag) travels to the mark under the pointer, or to the clock
 * under it. Colours and fonts come from VS Code's theme variables (re-read when the
 * theme changes).
 * Messages, extension → webview: `{ type: 'timeline', seq, body, whole }`,
 * `{ type: 'refresh' }` (ask again), `{ type: 'reset' }` (another session: show its
 * whole run), `{ type: 'status', text }`, `{ type: 'error', message }`;
 * webview → extension: `{ type: 'ready' }`, `{ type: 'range', seq, from?, to?, buckets }`,
 * `{ type: 'travel', clock }`. Typechecked with extension/webview/tsconfig.json.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import uPlot from 'uplot';
import {
  axisLabel, clampRange, clockAt, describeItem, firstAtOrAfter, formatClock, hitTest, historyRange, isWhole, laneAt, laneY, layoutTimeline,
  panBy, rangeRequest, summary, travelTarget, uplotData, visibleCount, zoomAt,
  type ClockRange, type TimelineBody, type TimelineLayout,
} from './timelineModel';

interface VsCodeApi { postMessage(message: unknown): void }
declare function acquireVsCodeApi(): VsCodeApi;

type Incoming =
  | { type: 'timeline'; seq: number; body: TimelineBody; whole: boolean }
  | { type: 'refresh' }
  | { type: 'reset' }
  | { type: 'status'; text: string }
  | { type: 'error'; message: string };

const vscode = acquireVsCodeApi();
const plotEl = document.getElementById('plot') as HTMLElement;
const tip = document.getElementById('tip') as HTMLElement;
const status = document.getElementById('status') as HTMLElement;
const markList = document.getElementById('markList') as HTMLElement;

const LANE_PX = 26;
/** A lane with more marks than this in view is drawn as ticks instead of points. */
const MAX_POINTS = 2_000;
/** Marks listed under the plot per lane (the others are counted). */
const MAX_LISTED_PER_LANE = 100;

let body: TimelineBody | undefined;
let layout: TimelineLayout | undefined;
let view: ClockRange | undefined;
/** Following the whole run: refreshes ask for the whole (growing) history. */
let following = true;
let plot: uPlot | undefined;
let laneKey = '';
let seq = 0;
let requestTimer: ReturnType<typeof setTimeout> | undefined;
let message = '';

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

function bounds(): ClockRange {
  return body !== undefined ? historyRange(body) : { from: 0, to: 1 };
}

/** Asks for the visible range (or the whole history while following), after `delay` ms. */
function request(delay = 120): void {
  if (requestTimer !== undefined) clearTimeout(requestTimer);
  requestTimer = setTimeout(() => {
    requestTimer = undefined;
    const width = plot !== undefined ? plot.bbox.width / devicePixelRatio : plotEl.clientWidth;
    const s = ++seq;
    if (following || view === undefined) vscode.postMessage({ type: 'range', seq: s, buckets: rangeRequest({ from: 0, to: 1 }, width).buckets });
    else vscode.postMessage({ type: 'range', seq: s, ...rangeRequest(view, width) });
  }, delay);
}

/** Shows `r` now (with the marks already known) and asks for its marks. */
function setView(r: ClockRange): void {
  if (body === undefined) return;
  view = clampRange(r, bounds());
  following = isWhole(view, bounds());
  message = '';
  plot?.setScale('x', { min: view.from, max: view.to });
  showStatus();
  request();
}

function showStatus(): void {
  status.textContent = message !== '' ? message : body !== undefined && view !== undefined ? summary(body, view) : 'Waiting for the debug session…';
}

/** The 1-2-5 tick increments, whole instructions only. */
const INCRS = Array.from({ length: 16 }, (_, k) => [1, 2, 5].map((m) => m * 10 ** k)).flat();

function build(): void {
  if (layout === undefined || body === undefined || view === undefined) return;
  plot?.destroy();
  const lanes = layout.lanes;
  const n = lanes.length;
  const fg = cssVar('--vscode-foreground', '#ccc');
  const grid = cssVar('--vscode-editorWidget-border', 'rgba(128,128,128,0.35)');
  const font = `${cssVar('--vscode-font-size', '13px')} ${cssVar('--vscode-font-family', 'sans-serif')}`;
  const colors = lanes.map((l) => cssVar(l.color, fg));
  const width = Math.max(200, plotEl.clientWidth);
  const opts: uPlot.Options = {
    width,
    height: n * LANE_PX + 40,
    legend: { show: false },
    scales: {
      x: { time: false, auto: false, range: () => { const r = view ?? bounds(); return [r.from, r.to]; } },
      y: { auto: false, range: () => [0, n] },
    },
    axes: [
      {
        stroke: fg, font, incrs: INCRS, space: 90,
        grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 },
        values: (_u, splits, _ax, _space, incr) => splits.map((v) => axisLabel(v, incr)),
      },
      {
        stroke: fg, font, size: 130, gap: 6,
        grid: { show: false }, ticks: { show: false },
        splits: () => lanes.map((_, i) => laneY(i, n)),
        values: (_u, splits) => splits.map((v) => lanes[laneAt(v, n)]?.label ?? ''),
      },
    ],
    series: [
      {},
      ...lanes.map((l, i): uPlot.Series => ({
        label: l.label, stroke: colors[i], paths: () => null,
        points: { show: () => !dense(i), size: 9, width: 1, stroke: colors[i], fill: colors[i] },
      })),
    ],
    cursor: { y: false, points: { show: false }, drag: { x: true, y: false, setScale: false } },
    hooks: {
      draw: [(u) => drawOverlay(u, colors)],
      setSelect: [(u) => {
        if (u.select.width < 3) return;
        const from = u.posToVal(u.select.left, 'x');
        const to = u.posToVal(u.select.left + u.select.width, 'x');
        u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
        setView({ from, to });
      }],
    },
  };
  plot = new uPlot(opts, uplotData(layout), plotEl);
  laneKey = lanes.map((l) => l.id).join();
  attachPointer(plot);
}

/**
 * Whether lane `i` has too many marks in view to draw each as a point (canvas arcs are
 * slow by the 10^4): it is then drawn as ticks, at most one per pixel.
 */
function dense(i: number): boolean {
  const items = layout?.items[i];
  return items !== undefined && view !== undefined && visibleCount(items, view) > MAX_POINTS;
}

/** Bins' extents, dense lanes' ticks, lane separators and the `now` cursor, over uPlot's own drawing. */
function drawOverlay(u: uPlot, colors: string[]): void {
  if (layout === undefined || body === undefined) return;
  const ctx = u.ctx;
  const n = layout.lanes.length;
  const { left, top, width, height } = u.bbox;
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, width, height);
  ctx.clip();
  ctx.strokeStyle = cssVar('--vscode-editorWidget-border', 'rgba(128,128,128,0.35)');
  ctx.lineWidth = 1;
  for (let i = 1; i < n; i++) {
    const y = Math.round(u.valToPos(i, 'y', true)) + 0.5;
    ctx.beginPath(); ctx.moveTo(left, y); ctx.lineTo(left + width, y); ctx.stroke();
  }
  const rowH = (height / n) * 0.5;
  const tick = Math.max(1, Math.round(devicePixelRatio));
  layout.items.forEach((items, lane) => {
    ctx.fillStyle = colors[lane];
    const yc = u.valToPos(laneY(lane, n), 'y', true);
    const ticks = dense(lane);
    let lastPx = -Infinity;
    for (const it of items) {
      if (it.end <= it.clock && it.count <= 1) continue;
      const x0 = u.valToPos(it.clock, 'x', true);
      const x1 = u.valToPos(it.end, 'x', true);
      if (x1 < left || x0 > left + width) continue;
      ctx.globalAlpha = Math.min(0.85, 0.35 + Math.log10(it.count) / 4);
      ctx.fillRect(x0, yc - rowH / 2, Math.max(2 * devicePixelRatio, x1 - x0), rowH);
    }
    ctx.globalAlpha = 1;
    if (!ticks) return;
    for (let k = firstAtOrAfter(items, view!.from); k < items.length && items[k].clock <= view!.to; k++) {
      const px = Math.round(u.valToPos(items[k].clock, 'x', true));
      if (px === lastPx) continue;
      lastPx = px;
      ctx.fillRect(px, yc - rowH * 0.7, tick, rowH * 1.4);
    }
  });
  ctx.globalAlpha = 1;
  const xn = Math.round(u.valToPos(body.now, 'x', true)) + 0.5;
  ctx.strokeStyle = cssVar('--vscode-debugIcon-breakpointCurrentStackframeForeground', cssVar('--vscode-focusBorder', '#fc0'));
  ctx.lineWidth = 2 * devicePixelRatio;
  ctx.beginPath(); ctx.moveTo(xn, top); ctx.lineTo(xn, top + height); ctx.stroke();
  ctx.restore();
  listMarks(u);
}

/** The marks in view as buttons (keyboard travel), each with its place on the plot (CSS px in .u-over). */
function listMarks(u: uPlot): void {
  if (layout === undefined || view === undefined) return;
  const n = layout.lanes.length;
  const rows: string[] = [];
  let more = 0;
  layout.items.forEach((items, lane) => {
    let listed = 0;
    for (const it of items) {
      if (it.end < view!.from || it.clock > view!.to) continue;
      if (listed >= MAX_LISTED_PER_LANE) { more++; continue; }
      listed++;
      const px = Math.round(u.valToPos(Math.max(it.clock, view!.from), 'x'));
      const py = Math.round(u.valToPos(laneY(lane, n), 'y'));
      const text = `${layout!.lanes[lane].label}: ${describeItem(it)}`;
      rows.push(`<li><button class="mark" data-lane="${layout!.lanes[lane].id}" data-kind="${it.kind}" data-clock="${travelTarget(it)}" `
        + `data-px="${px}" data-py="${py}">${escapeText(text)}</button></li>`);
    }
  });
  if (more > 0) rows.push(`<li class="more">… and ${formatClock(more)} more (zoom in)</li>`);
  markList.innerHTML = rows.join('');
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The item (or clock) under an event over the plotting area. */
function pointed(u: uPlot, e: MouseEvent): { clock: number; label: string; item: boolean } | undefined {
  if (layout === undefined || body === undefined || view === undefined) return undefined;
  const r = u.over.getBoundingClientRect();
  const x = u.posToVal(e.clientX - r.left, 'x');
  const lane = laneAt(u.posToVal(e.clientY - r.top, 'y'), layout.lanes.length);
  const cpp = (view.to - view.from) / Math.max(1, r.width);
  const hit = lane >= 0 ? hitTest(layout, lane, x, cpp, 5) : undefined;
  if (hit !== undefined) return { clock: travelTarget(hit), label: describeItem(hit), item: true };
  const clock = clockAt(x, body);
  return { clock, label: `Instruction ${formatClock(clock)}: click to travel here`, item: false };
}

/** A click waits this long for a second one: a double-click shows the whole run and travels nowhere. */
const DOUBLE_CLICK_MS = 250;

function attachPointer(u: uPlot): void {
  let down: { x: number; y: number } | undefined;
  let pending: ReturnType<typeof setTimeout> | undefined;
  u.over.addEventListener('mousedown', (e) => { down = { x: e.clientX, y: e.clientY }; });
  u.over.addEventListener('mouseup', (e) => {
    const d = down;
    down = undefined;
    if (d === undefined || Math.abs(e.clientX - d.x) > 3 || e.button !== 0) return;
    const p = pointed(u, e);
    if (pending !== undefined) clearTimeout(pending);
    pending = p === undefined || e.detail > 1 ? undefined : setTimeout(() => { pending = undefined; travel(p.clock); }, DOUBLE_CLICK_MS);
  });
  u.over.addEventListener('dblclick', () => {
    if (pending !== undefined) clearTimeout(pending);
    pending = undefined;
    setView(bounds());
  });
  u.over.addEventListener('mousemove', (e) => {
    const p = pointed(u, e);
    if (p === undefined) { tip.hidden = true; return; }
    tip.textContent = p.label;
    tip.classList.toggle('item', p.item);
    tip.hidden = false;
    const w = tip.offsetWidth;
    tip.style.left = `${Math.min(e.clientX + 12, window.innerWidth - w - 4)}px`;
    tip.style.top = `${e.clientY + 16}px`;
  });
  u.over.addEventListener('mouseleave', () => { tip.hidden = true; });
  u.over.addEventListener('wheel', (e) => {
    if (view === undefined) return;
    e.preventDefault();
    const r = u.over.getBoundingClientRect();
    const cpp = (view.to - view.from) / Math.max(1, r.width);
    if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
      setView(panBy(view, (e.shiftKey ? e.deltaY : e.deltaX) * cpp, bounds()));
      return;
    }
    const at = u.posToVal(e.clientX - r.left, 'x');
    setView(zoomAt(view, at, e.deltaY > 0 ? 1.25 : 0.8, bounds()));
  }, { passive: false });
}

function travel(clock: number): void {
  message = `Travelling to ${formatClock(clock)}…`;
  showStatus();
  vscode.postMessage({ type: 'travel', clock });
}

function onTimeline(m: { seq: number; body: TimelineBody; whole: boolean }): void {
  if (m.seq < seq) return; // an answer for a range since left
  body = m.body;
  layout = layoutTimeline(body);
  message = '';
  view = m.whole || view === undefined ? historyRange(body) : clampRange(view, historyRange(body));
  if (plot === undefined || laneKey !== layout.lanes.map((l) => l.id).join()) build();
  else {
    plot.setData(uplotData(layout), false);
    plot.setScale('x', { min: view.from, max: view.to });
  }
  showStatus();
}

window.addEventListener('message', (e: MessageEvent<Incoming>) => {
  const m = e.data;
  switch (m.type) {
    case 'timeline': onTimeline(m); break;
    case 'refresh': request(0); break;
    case 'reset': following = true; view = undefined; message = ''; break;
    case 'status': message = m.text; showStatus(); break;
    case 'error': message = m.message; showStatus(); break;
  }
});

document.getElementById('whole')?.addEventListener('click', () => setView(bounds()));
document.getElementById('zoomIn')?.addEventListener('click', () => { if (view) setView(zoomAt(view, (view.from + view.to) / 2, 0.5, bounds())); });
document.getElementById('zoomOut')?.addEventListener('click', () => { if (view) setView(zoomAt(view, (view.from + view.to) / 2, 2, bounds())); });
document.getElementById('toNow')?.addEventListener('click', () => {
  if (view && body) setView(panBy(view, body.now - (view.from + view.to) / 2, bounds()));
});
markList.addEventListener('click', (e) => {
  const b = (e.target as HTMLElement).closest<HTMLElement>('button.mark');
  if (b?.dataset.clock !== undefined) travel(Number(b.dataset.clock));
});

new ResizeObserver(() => {
  if (plot === undefined || layout === undefined) return;
  plot.setSize({ width: Math.max(200, plotEl.clientWidth), height: layout.lanes.length * LANE_PX + 40 });
  request(200);
}).observe(plotEl);
// A theme change (the body's vscode-light/-dark/-high-contrast class) redraws with its colours.
new MutationObserver(() => build()).observe(document.body, { attributes: true, attributeFilter: ['class'] });

showStatus();
vscode.postMessage({ type: 'ready' });
