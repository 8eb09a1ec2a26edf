/**
 * The snapshot diff's pure model and page (no `vscode`; unit-tested in
 * test/extension/snapshotDiffModel.test.ts), shown by snapshotDiffView.ts: the adapter's
 * `hyperstep.snapshotDiff` answer for two snapshots (or "now") turned into sections —
 * registers and CSRs per hart (old → new, the bits that changed), memory pages with their
 * changed byte ranges (size, symbol), device fields — and rendered as a static HTML page
 * (no script; CSP `default-src 'none'`, the stylesheet dist/webview/snapshotDiff.css
 * from the extension). Also the quick-pick entries the command offers.
 */
import { webviewHtml } from './webviewShell';
import { escapeHtml } from './webview/memoryModel';
import { formatBytes, formatClock, type TimelineSnapshot } from './webview/timelineModel';

export type SnapshotRef = number | 'now';

export interface SnapshotDiffBody {
  a: { clock: number };
  b: { clock: number };
  registers: { hart: number; name: string; a: string; b: string }[];
  pages: { address: string; ranges: { start: string; end: string; symbol?: string }[] }[];
  devices: { device: string; field: string; a: string; b: string }[];
}

export interface DiffRow { cells: string[]; note?: string }
export interface DiffSection { title: string; summary: string; headers: string[]; groups: { title?: string; rows: DiffRow[] }[] }

const plural = (n: number, one: string, many = `${one}s`) => `${formatClock(n)} ${n === 1 ? one : many}`;

/** The bits that differ between two values written as integers (hex or decimal): "bits 3, 11–12". */
export function changedBits(a: string, b: string): string | undefined {
  let x: bigint;
  try { x = BigInt(a.trim()) ^ BigInt(b.trim()); } catch { return undefined; }
  if (x === 0n) return undefined;
  const runs: string[] = [];
  let i = 0;
  while (x >> BigInt(i) !== 0n) {
    if ((x >> BigInt(i)) & 1n) {
      let j = i;
      while ((x >> BigInt(j + 1)) & 1n) j++;
      runs.push(j > i ? `${i}–${j}` : `${i}`);
      i = j + 1;
    } else i++;
  }
  const count = runs.reduce((n, r) => n + (r.includes('–') ? Number(r.split('–')[1]) - Number(r.split('–')[0]) + 1 : 1), 0);
  return `${count === 1 ? 'bit' : 'bits'} ${runs.join(', ')}`;
}

/** Bytes of a range whose end is exclusive, from hex strings. */
export function rangeBytes(start: string, end: string): number {
  try { return Number(BigInt(end) - BigInt(start)); } catch { return 0; }
}

/** The diff as sections: registers by hart, pages with their ranges, device fields. */
export function diffSections(d: SnapshotDiffBody): DiffSection[] {
  const harts = [...new Set(d.registers.map((r) => r.hart))].sort((x, y) => x - y);
  const bytes = d.pages.reduce((n, p) => n + p.ranges.reduce((m, r) => m + rangeBytes(r.start, r.end), 0), 0);
  const devices = [...new Set(d.devices.map((r) => r.device))];
  return [
    {
      title: 'Registers and CSRs',
      summary: d.registers.length === 0 ? 'no register changed' : `${plural(d.registers.length, 'register')} changed`
        + (harts.length > 1 ? ` on ${harts.length} harts` : ''),
      headers: ['Register', 'Before', 'After', 'Changed'],
      groups: harts.map((h) => ({
        title: `hart ${h}`,
        rows: d.registers.filter((r) => r.hart === h).map((r) => ({ cells: [r.name, r.a, r.b, changedBits(r.a, r.b) ?? ''] })),
      })),
    },
    {
      title: 'Memory',
      summary: d.pages.length === 0 ? 'no memory changed' : `${plural(bytes, 'byte')} changed in ${plural(d.pages.length, 'page')}`,
      headers: ['Range', 'Bytes', 'Symbol'],
      groups: d.pages.map((p) => ({
        title: `page ${p.address}`,
        rows: p.ranges.map((r) => ({ cells: [`${r.start} – ${r.end}`, String(rangeBytes(r.start, r.end)), r.symbol ?? ''] })),
      })),
    },
    {
      title: 'Devices',
      summary: d.devices.length === 0 ? 'no device state changed' : `${plural(d.devices.length, 'field')} of ${plural(devices.length, 'device')} changed`,
      headers: ['Field', 'Before', 'After'],
      groups: devices.map((dev) => ({
        title: dev,
        rows: d.devices.filter((r) => r.device === dev).map((r) => ({ cells: [r.field, r.a, r.b] })),
      })),
    },
  ];
}

/** A snapshot reference as the page names it: "snapshot #3 (instruction 1,000)" or "now (instruction …)". */
export function refLabel(ref: SnapshotRef, clock: number): string {
  return `${ref === 'now' ? 'now' : `snapshot #${ref}`} (instruction ${formatClock(clock)})`;
}

/** A cell's class from its column: before, after, or the column's name in lower case. */
function cellClass(header: string | undefined): string {
  return (header ?? '').toLowerCase().replace(/[^a-z]/g, '');
}

export interface DiffPageResources { cspSource: string; styleUri: string; nonce: string }

/** The page: a heading naming both points, then one collapsible table per section. */
export function snapshotDiffHtml(d: SnapshotDiffBody, a: SnapshotRef, b: SnapshotRef, r: DiffPageResources): string {
  const sections = diffSections(d).map((s) => {
    const empty = s.groups.every((g) => g.rows.length === 0);
    const head = `<tr>${s.headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr>`;
    const body = s.groups.map((g) => (g.title !== undefined ? `<tr class="group"><th colspan="${s.headers.length}" scope="rowgroup">${escapeHtml(g.title)}</th></tr>` : '')
      + g.rows.map((row) => `<tr>${row.cells.map((c, i) => `<td class="${cellClass(s.headers[i])}">${escapeHtml(c)}</td>`).join('')}</tr>`).join('')).join('');
    const table = empty ? '' : `<table><thead>${head}</thead><tbody>${body}</tbody></table>`;
    return `<details${empty ? '' : ' open'}><summary><h2>${escapeHtml(s.title)}</h2> <span class="muted">${escapeHtml(s.summary)}</span></summary>${table}</details>`;
  }).join('\n');
  const span = d.b.clock - d.a.clock;
  return webviewHtml({
    ...r,  /* cspSource, nonce */
    title: 'Snapshot diff',
    styles: [r.styleUri],
    body: `<h1>${escapeHtml(refLabel(a, d.a.clock))} → ${escapeHtml(refLabel(b, d.b.clock))}</h1>
<p class="muted">${escapeHtml(`${span >= 0 ? formatClock(span) : `−${formatClock(-span)}`} instructions apart. "Before" is the first point, "After" the second.`)}</p>
${sections}
`,
  });
}

export interface SnapshotPick { label: string; description: string; ref: SnapshotRef; clock: number }

/** The quick-pick entries: "now", then the snapshots, latest first. */
export function snapshotPicks(snapshots: TimelineSnapshot[], now: number, exclude?: SnapshotRef): SnapshotPick[] {
  const items: SnapshotPick[] = [{ label: 'now', description: `current position, instruction ${formatClock(now)}`, ref: 'now', clock: now }];
  for (const s of [...snapshots].sort((x, y) => y.clock - x.clock)) {
    items.push({
      label: `#${s.id}`, ref: s.id, clock: s.clock,
      description: `instruction ${formatClock(s.clock)} · ${formatBytes(s.bytes)}${s.pinned ? ' · pinned' : ''}`,
    });
  }
  return items.filter((i) => i.ref !== exclude);
}

/** The default file name of "Save Snapshot…": snapshot-<clock>.hysnap. */
export function snapshotFileName(clock: number): string {
  return `snapshot-${Math.round(clock)}.hysnap`;
}
