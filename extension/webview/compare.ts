/**
 * The comparison view's webview script (bundled with uPlot by scripts/build.mjs to
 * dist/webview/compare.js, loaded with a nonce under a strict CSP by
 * extension/compareView.ts; markup from extension/comparePage.ts). Draws a
 * CompareReport with the pure model of compareModel.ts: the side-by-side table, one
 * uPlot bar chart per ChartSpec (bars drawn by a path builder of its own: stacked or
 * grouped per mode, log scale when the values span decades, failed modes marked in
 * their slot), one card per mode with its layer diagram (boxes built with the DOM, their
 * widths set through CSSOM, which the CSP allows), explanation and "Debug this mode"
 * button, and the microbenchmark table. Colours and fonts come from VS Code's theme
 * variables (charts redrawn when the theme changes).
 * Messages, extension → webview: `{ type: 'report', report, source }`, `{ type: 'running',
 * running }`, `{ type: 'progress', mode, phase, instructions, seconds }`, `{ type: 'status',
 * text }`, `{ type: 'error', message }`; webview → extension: `{ type: 'ready' }`,
 * `{ type: 'run' }`, `{ type: 'cancel' }`, `{ type: 'open' }`, `{ type: 'export', format:
 * 'json' | 'csv' }`, `{ type: 'debug', mode }`. Typechecked with extension/webview/tsconfig.json.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import uPlot from 'uplot';
import type { CompareModeName, CompareReport } from '../../emulator/compare/result';
import {
  barText, chartRange, chartSpecs, explanations, formatSeconds, formatShort, KIND_LABELS, layerBoxes, microTable, orderedModes,
  reportSummary, slotLabel, stackTops, tableRows, type ChartSpec,
} from './compareModel';

interface VsCodeApi { postMessage(message: unknown): void; setState(s: unknown): void; getState(): unknown }
declare function acquireVsCodeApi(): VsCodeApi;

type Phase = 'resolve' | 'boot' | 'measure' | 'shutdown' | 'done' | 'failed' | 'cached';
type Incoming =
  | { type: 'report'; report: CompareReport; source: string }
  | { type: 'running'; running: boolean }
  | { type: 'progress'; mode: CompareModeName; phase: Phase; instructions: number; seconds: number }
  | { type: 'status'; text: string }
  | { type: 'error'; message: string };

const vscode = acquireVsCodeApi();
const $ = (id: string) => document.getElementById(id) as HTMLElement;
const status = $('status');
const progress = $('progress');
let report: CompareReport | undefined;
let source = '';
let plots: uPlot[] = [];
let running = false;

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c] as string));
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls !== undefined) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function debugButton(mode: CompareModeName, label: string): string {
  return `<vscode-button secondary icon="debug-alt" class="debug" data-debug="${esc(mode)}" aria-label="Debug this mode: ${esc(mode)}" `
    + `title="Open ${esc(mode)} in the debugger (a HyperStep launch configuration of this stack)">${esc(label)}</vscode-button>`;
}

// ---------------------------------------------------------------------------------------

function renderTable(r: CompareReport): void {
  const modes = orderedModes(r);
  const rows = tableRows(r);
  const head = `<thead><tr><th scope="col" class="rowhead">Mode</th>${modes.map((m) =>
    `<th scope="col" class="mode${m.status === 'ok' ? '' : ' failed'}" data-mode="${esc(m.mode)}" title="${esc(m.title)}">`
    + `<div class="name">${esc(m.mode)}</div><div class="title">${esc(m.title)}</div></th>`).join('')}</tr></thead>`;
  const body = rows.map((row) => `<tr class="${row.kind}" data-row="${esc(row.id)}"><th scope="row" class="rowhead" title="${esc(row.hint)}">${esc(row.label)}</th>`
    + row.cells.map((c, i) => `<td class="${row.marks[i]}${row.values[i] === 0 ? ' zero' : ''}"${row.titles?.[i] ? ` title="${esc(row.titles[i])}"` : ''}>${esc(c)}</td>`).join('') + '</tr>').join('');
  $('counts').innerHTML = head + `<tbody>${body}</tbody>`;
}

function renderMicro(r: CompareReport): void {
  const t = microTable(r);
  $('microSection').hidden = t.events.length === 0;
  $('micro').innerHTML = `<thead><tr><th scope="col" class="rowhead">Event</th>${t.modes.map((m) => `<th scope="col">${esc(m)}</th>`).join('')}</tr></thead><tbody>`
    + t.events.map((e, k) => `<tr><th scope="row" class="rowhead">${esc(e)}</th>${t.cells[k].map((c) => (c === null ? '<td class="none">—</td>'
      : `<td><div class="cost">${esc(c.cost)}</div><div class="sub">${esc(c.detail)}</div></td>`)).join('')}</tr>`).join('')
    + '</tbody>';
}

function renderModes(r: CompareReport): void {
  const host = $('modes');
  host.replaceChildren();
  const ex = new Map(explanations(r).map((e) => [e.mode, e]));
  for (const m of orderedModes(r)) {
    const card = el('article', `card${m.status === 'ok' ? '' : ' failed'}`);
    card.dataset.mode = m.mode;
    const head = el('header');
    head.innerHTML = `<div><h3>${esc(m.title)}</h3><div class="modename">${esc(m.mode)}${m.status === 'ok' ? '' : ' · <span class="bad">✗ failed</span>'}</div></div>`
      + debugButton(m.mode, 'Debug this mode');
    card.append(head);
    const stack = el('div', 'stack');
    stack.setAttribute('role', 'list');
    stack.setAttribute('aria-label', `Layers of ${m.mode}, top to bottom`);
    const boxes = layerBoxes(m);
    if (boxes.length === 0) stack.append(el('p', 'none', 'No layer counts (the run failed).'));
    for (const b of boxes) {
      const box = el('div', `layer kind-${b.kind}`);
      box.setAttribute('role', 'listitem');
      box.style.width = `${b.widthPercent}%`;
      box.title = `${b.name} (${KIND_LABELS[b.kind]}) in ${b.runsIn}: ${b.text}`;
      const name = el('span', 'lname', b.name);
      const where = el('span', 'lwhere', b.runsIn);
      const share = el('span', 'lshare', b.text.split(' · ')[0]);
      box.append(name, where, share);
      stack.append(box);
    }
    card.append(stack);
    const e = ex.get(m.mode);
    if (e !== undefined) {
      card.append(el('p', 'what', e.what));
      const ul = el('ul', 'points');
      for (const p of e.points) ul.append(el('li', undefined, p));
      card.append(ul);
    }
    host.append(card);
  }
}

// ---------------------------------------------------------------------------------------
// Charts

/** Mode names on two lines when long ("trap-and-" / "emulate"), so eight fit under a chart. */
function twoLines(s: string): string {
  if (s.length <= 10) return s;
  const cut = s.lastIndexOf('-', 10);
  return cut > 0 ? `${s.slice(0, cut + 1)}\n${s.slice(cut + 1)}` : s;
}

/** Bars of series `k` of `spec`: one rectangle per mode, grouped or stacked on `bases`. */
function barPaths(spec: ChartSpec, k: number, bases: (number | null)[] | undefined, floor: number): uPlot.Series.PathBuilder {
  return (u, sidx, i0, i1) => {
    const fill = new Path2D();
    const xs = u.data[0];
    const ys = u.data[sidx];
    const slot = Math.abs(u.valToPos(1, 'x', true) - u.valToPos(0, 'x', true));
    const groups = spec.stacked ? 1 : spec.series.length;
    const groupW = slot * (spec.stacked ? 0.55 : 0.78);
    const barW = groupW / groups;
    const gap = groups > 1 ? Math.min(2 * devicePixelRatio, barW * 0.15) : 0;
    for (let i = i0; i <= i1; i++) {
      const v = ys[i];
      if (v === null || v === undefined) continue;
      const x = u.valToPos(xs[i], 'x', true) - groupW / 2 + (spec.stacked ? 0 : k * barW);
      const base = spec.stacked ? (bases?.[i] ?? floor) : floor;
      const y0 = u.valToPos(base, 'y', true);
      const y1 = u.valToPos(v, 'y', true);
      if (y0 - y1 >= 0.5) fill.rect(Math.round(x), Math.round(y1), Math.max(1, Math.round(barW - gap)), Math.round(y0) - Math.round(y1));
    }
    return { stroke: fill, fill };
  };
}

const READOUT_HINT = 'Point at a mode for its numbers.';

/** Powers of ten from `lo` to `hi` (a log axis' splits). */
function decades(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let v = lo; v <= hi * 1.0001; v *= 10) out.push(v);
  return out;
}

/** The numbers of mode `i` in a chart, one line. */
function readoutText(spec: ChartSpec, i: number): string {
  if (spec.failed[i]) return `${spec.modes[i]}: failed, no counts`;
  return `${spec.modes[i]}: ${spec.series.map((_, k) => barText(spec, k, i).replace(/^[^·]*· /, '')).join(' · ')}`;
}

function buildChart(spec: ChartSpec, host: HTMLElement, legend: HTMLElement, readout: HTMLElement): uPlot {
  const colors = spec.series.map((s) => cssVar(s.color, cssVar('--vscode-foreground', '#ccc')));
  legend.replaceChildren(...spec.series.map((s, k) => {
    const item = el('span', 'key');
    const swatch = el('span', 'swatch');
    swatch.style.background = colors[k];
    item.append(swatch, document.createTextNode(s.label));
    return item;
  }));
  readout.textContent = READOUT_HINT;
  const fg = cssVar('--vscode-foreground', '#ccc');
  const muted = cssVar('--vscode-descriptionForeground', '#999');
  const grid = cssVar('--vscode-editorWidget-border', 'rgba(128,128,128,0.35)');
  const small = `11px ${cssVar('--vscode-font-family', 'sans-serif')}`;
  const [ymin, ymax] = chartRange(spec);
  const floor = spec.log ? ymin : 0;
  const tops = spec.stacked ? stackTops(spec) : spec.series.map((s) => s.values);
  const n = spec.modes.length;
  const xs = spec.modes.map((_, i) => i);
  const data: uPlot.AlignedData = [xs, ...tops.map((t) => t.map((v) => v ?? null))] as uPlot.AlignedData;
  const width = Math.max(280, host.clientWidth);
  const opts: uPlot.Options = {
    width,
    height: 260,
    title: undefined,
    legend: { show: false },
    scales: {
      x: { time: false, auto: false, range: () => [-0.5, n - 0.5] },
      y: spec.log ? { distr: 3, log: 10, auto: false, range: () => [ymin, ymax] } : { auto: false, range: () => [ymin, ymax] },
    },
    axes: [
      {
        stroke: fg, font: small, size: 40, gap: 4,
        grid: { show: false }, ticks: { show: false },
        splits: () => xs,
        values: (_u, splits) => splits.map((v) => twoLines(slotLabel(spec, Math.round(v)))),
      },
      {
        stroke: fg, font: small, size: 56, gap: 4,
        grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 },
        values: (_u, splits) => splits.map((v) => (v === 0 ? '0' : formatShort(v))),
        // A log scale: a grid line per decade only.
        ...(spec.log ? { splits: () => decades(ymin, ymax) } : {}),
      },
    ],
    series: [
      {},
      ...spec.series.map((s, k): uPlot.Series => {
        const color = colors[k];
        return {
          label: s.label, stroke: color, fill: color, width: 0,
          points: { show: false },
          paths: barPaths(spec, k, k > 0 && spec.stacked ? tops[k - 1] : undefined, floor),
        };
      }),
    ],
    cursor: { y: false, points: { show: false }, drag: { x: false, y: false } },
    hooks: {
      setCursor: [(u) => {
        const i = u.cursor.idx;
        readout.textContent = i === null || i === undefined ? READOUT_HINT : readoutText(spec, i);
      }],
      draw: [(u) => {
        // A failed mode's slot says so (it has no bars).
        const ctx = u.ctx;
        ctx.save();
        ctx.fillStyle = muted;
        ctx.font = `${Math.round(11 * devicePixelRatio)}px ${cssVar('--vscode-font-family', 'sans-serif')}`;
        ctx.textAlign = 'center';
        spec.failed.forEach((f, i) => {
          if (!f) return;
          ctx.fillText('failed', u.valToPos(i, 'x', true), u.bbox.top + u.bbox.height - 8 * devicePixelRatio);
        });
        ctx.restore();
      }],
    },
  };
  return new uPlot(opts, data, host);
}

function renderCharts(r: CompareReport): void {
  for (const p of plots) p.destroy();
  plots = [];
  const host = $('charts');
  host.replaceChildren();
  for (const spec of chartSpecs(r)) {
    const fig = el('figure', 'chart');
    fig.dataset.chart = spec.id;
    const cap = el('figcaption');
    cap.append(el('span', 'ctitle', spec.title), el('span', 'csub', `${spec.caption}${spec.log ? ' · log scale' : ''}`));
    const plotHost = el('div', 'plot');
    plotHost.setAttribute('role', 'img');
    plotHost.setAttribute('aria-label', `${spec.title}, one group of bars per mode (the numbers are in the Counts table)`);
    const legend = el('div', 'legend');
    const readout = el('div', 'readout');
    readout.setAttribute('aria-live', 'polite');
    fig.append(cap, plotHost, legend, readout);
    host.append(fig);
    plots.push(buildChart(spec, plotHost, legend, readout));
  }
}

function resizeCharts(): void {
  for (const p of plots) {
    const w = Math.max(280, (p.root.parentElement as HTMLElement).clientWidth);
    if (Math.abs(p.width - w) > 1) p.setSize({ width: w, height: 260 });
  }
}

// ---------------------------------------------------------------------------------------

function render(): void {
  const r = report;
  $('empty').hidden = r !== undefined;
  for (const id of ['tableSection', 'chartSection', 'modeSection', 'microSection']) $(id).hidden = r === undefined;
  for (const id of ['exportJson', 'exportCsv']) $(id).toggleAttribute('disabled', r === undefined || running);
  if (r === undefined) return;
  status.textContent = reportSummary(r, source);
  status.classList.remove('error');
  renderTable(r);
  renderCharts(r);
  renderModes(r);
  renderMicro(r);
}

function setRunning(on: boolean): void {
  running = on;
  $('run').toggleAttribute('disabled', on);
  $('open').toggleAttribute('disabled', on);
  $('cancel').hidden = !on;
  for (const id of ['exportJson', 'exportCsv']) $(id).toggleAttribute('disabled', report === undefined || on);
  if (on) { progress.replaceChildren(); progress.hidden = false; }
}

const PHASE_TEXT: Record<Phase, string> = {
  resolve: 'preparing', boot: 'booting', measure: 'measuring', shutdown: 'shutting down', done: 'done', failed: 'failed', cached: 'cached',
};

function onProgress(m: { mode: CompareModeName; phase: Phase; instructions: number; seconds: number }): void {
  progress.hidden = false;
  let li = progress.querySelector<HTMLElement>(`li[data-mode="${CSS.escape(m.mode)}"]`);
  if (li === null) {
    li = el('li');
    li.dataset.mode = m.mode;
    progress.append(li);
  }
  li.className = m.phase;
  li.textContent = `${m.mode}: ${PHASE_TEXT[m.phase] ?? m.phase} · ${formatShort(m.instructions)} instr · ${formatSeconds(m.seconds)}`;
}

window.addEventListener('message', (e: MessageEvent<Incoming>) => {
  const m = e.data;
  switch (m.type) {
    case 'report':
      report = m.report;
      source = m.source;
      vscode.setState({ report, source });
      render();
      break;
    case 'running':
      setRunning(m.running);
      if (!m.running && report !== undefined) render();
      break;
    case 'progress': onProgress(m); break;
    case 'status': status.textContent = m.text; status.classList.remove('error'); break;
    case 'error': status.textContent = m.message; status.classList.add('error'); break;
  }
});

$('run').addEventListener('click', () => { if (!running) vscode.postMessage({ type: 'run' }); });
$('cancel').addEventListener('click', () => vscode.postMessage({ type: 'cancel' }));
$('open').addEventListener('click', () => vscode.postMessage({ type: 'open' }));
$('exportJson').addEventListener('click', () => vscode.postMessage({ type: 'export', format: 'json' }));
$('exportCsv').addEventListener('click', () => vscode.postMessage({ type: 'export', format: 'csv' }));
document.body.addEventListener('click', (e) => {
  const b = (e.target as HTMLElement).closest<HTMLElement>('[data-debug]');
  if (b?.dataset.debug !== undefined) vscode.postMessage({ type: 'debug', mode: b.dataset.debug });
});

let resizeTimer: ReturnType<typeof setTimeout> | undefined;
new ResizeObserver(() => {
  if (resizeTimer !== undefined) clearTimeout(resizeTimer);
  resizeTimer = setTimeout(resizeCharts, 100);
}).observe($('charts'));
// A theme change (the body's vscode-light/-dark/-high-contrast class) redraws the charts with its colours.
new MutationObserver(() => { if (report !== undefined) renderCharts(report); }).observe(document.body, { attributes: true, attributeFilter: ['class'] });

// A hidden panel is recreated with the report it showed (VS Code keeps the webview's state).
const saved = vscode.getState() as { report?: CompareReport; source?: string } | undefined;
if (saved?.report !== undefined) {
  report = saved.report;
  source = saved.source ?? '';
}
setRunning(false);
progress.hidden = true;
render();
if (report === undefined) status.textContent = '';
vscode.postMessage({ type: 'ready' });
