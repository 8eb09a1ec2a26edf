/**
 * The virtualization-mode comparison's pure model (no DOM, no `vscode`; unit-tested in
 * test/extension/compareModel.test.ts), shared by the webview script
 * (extension/webview/compare.ts, which draws it) and the extension side
 * (extension/compareView.ts: loading and exporting reports). From a CompareReport
 * (emulator/compare/result.ts, schema `hyperstep-compare/1`) it derives: the rows of
 * the side-by-side table (one column per mode, failed modes marked), the bar charts'
 * data (instructions by privilege mode, stacked; traps, VM exits, hypercalls and world
 * switches; page walks and TLB misses; I/O latency), with a log scale where the values
 * span decades, the layer diagram's boxes (bottom to top, each with its share of the
 * measured instructions), the microbenchmark table, the explanations of each mode,
 * written from the numbers of the report (never from fixed figures), and the CSV export.
 */
import {
  COMPARE_MODES, type CompareModeName, type CompareReport, type LayerKind, type ModeResult, type PrivModeName,
} from '../../emulator/compare/result';
import { CSV_COLUMNS, reportCsv as csvOf, totalExits, totalTraps } from '../../emulator/compare/csv';

export { CSV_COLUMNS, totalExits, totalTraps };

export const REPORT_SCHEMA = 'hyperstep-compare/1';

/** The privilege modes in the order of the stacked bars (bottom first). */
export const PRIV_MODES: readonly PrivModeName[] = ['M', 'HS', 'VS', 'U', 'VU'];
/** How a privilege mode is labelled: 'HS' is S-mode on a hart without V in use. */
export const PRIV_LABELS: Record<PrivModeName, string> = { M: 'M', HS: 'S/HS', VS: 'VS', U: 'U', VU: 'VU' };

/** A count with thousands separators ("1,234,567"); "—" for a missing value. */
export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return Math.round(n).toLocaleString('en-US');
}

/** A large count in short form ("1.2 M", "35 k", "812"). */
export function formatShort(n: number): string {
  const a = Math.abs(n);
  const fix = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1).replace(/\.0$/, '') : v.toFixed(2).replace(/\.?0+$/, ''));
  if (a >= 1e9) return `${fix(n / 1e9)} G`;
  if (a >= 1e6) return `${fix(n / 1e6)} M`;
  if (a >= 1e4) return `${fix(n / 1e3)} k`;
  return formatCount(n);
}

/** Seconds with a precision that suits them ("0.84 s", "12.4 s", "412 s"). */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '—';
  return s < 10 ? `${s.toFixed(2)} s` : s < 100 ? `${s.toFixed(1)} s` : `${s.toFixed(0)} s`;
}

/** A ratio as "×3.2" (two significant digits below 10). */
export function formatRatio(r: number): string {
  if (!Number.isFinite(r)) return '—';
  return r >= 10 ? `×${r.toFixed(0)}` : r >= 1 ? `×${r.toFixed(1)}` : `×${r.toFixed(2)}`;
}

/** A share as a percentage ("42 %", "3.5 %", "<0.1 %"). */
export function formatPercent(part: number, whole: number): string {
  if (whole <= 0) return '—';
  const p = (100 * part) / whole;
  return p === 0 ? '0 %' : p < 0.1 ? '<0.1 %' : p < 10 ? `${p.toFixed(1)} %` : `${p.toFixed(0)} %`;
}

const sum = (xs: Iterable<number>): number => { let s = 0; for (const x of xs) s += x; return s; };

export const isOk = (m: ModeResult): boolean => m.status === 'ok';

/** A loaded JSON text as a report, or why it is not one. Checks the shape the view relies on. */
export function parseReport(text: string): CompareReport | { error: string } {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { error: `not JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  return checkReport(v);
}

export function checkReport(v: unknown): CompareReport | { error: string } {
  const o = v as Partial<CompareReport> | null;
  if (typeof o !== 'object' || o === null) return { error: 'not a comparison report (not an object)' };
  if (o.schema !== REPORT_SCHEMA) return { error: `not a comparison report: schema ${JSON.stringify(o.schema)}, expected "${REPORT_SCHEMA}"` };
  if (!Array.isArray(o.modes) || o.modes.length === 0) return { error: 'the report has no modes' };
  for (const m of o.modes as unknown[]) {
    const r = m as Partial<ModeResult> | null;
    if (typeof r !== 'object' || r === null || typeof r.mode !== 'string') return { error: 'a mode of the report has no name' };
    if (!(COMPARE_MODES as readonly string[]).includes(r.mode)) return { error: `unknown mode "${r.mode}"` };
    if (typeof r.instructions !== 'number' || typeof r.instructionsByMode !== 'object' || typeof r.trapsByCause !== 'object'
      || typeof r.vmExits !== 'object' || !Array.isArray(r.layers) || !Array.isArray(r.micro) || typeof r.ioLatencyInstructions !== 'object') {
      return { error: `mode "${r.mode}" lacks counts` };
    }
  }
  return o as CompareReport;
}

/** The report's modes in the order of COMPARE_MODES (modes it does not have are left out). */
export function orderedModes(report: CompareReport): ModeResult[] {
  const rank = (m: ModeResult) => COMPARE_MODES.indexOf(m.mode);
  return [...report.modes].sort((a, b) => rank(a) - rank(b));
}

export function modeByName(report: CompareReport, name: CompareModeName): ModeResult | undefined {
  return report.modes.find((m) => m.mode === name);
}

/** The checksum most modes printed (the workload's expected output), or null. */
export function consensusChecksum(report: CompareReport): string | null {
  const n = new Map<string, number>();
  for (const m of report.modes) if (m.checksum !== null) n.set(m.checksum, (n.get(m.checksum) ?? 0) + 1);
  let best: string | null = null;
  for (const [c, k] of n) if (best === null || k > (n.get(best) ?? 0)) best = c;
  return best;
}

// ---------------------------------------------------------------------------------------
// The table

export type RowKind = 'status' | 'count' | 'detail' | 'text';

export interface TableRow {
  /** Stable id (tests, CSS): e.g. "instructions", "priv.HS", "trap.illegal instruction". */
  id: string;
  label: string;
  /** Tooltip: what the number means. */
  hint: string;
  kind: RowKind;
  /** One cell per mode (the order of the table's columns). */
  cells: string[];
  /** The numbers behind the cells (null: failed mode or not applicable). */
  values: (number | null)[];
  /** Per cell: the cell is worth a mark (a failed run, a checksum that differs, the smallest count). */
  marks: ('failed' | 'differs' | 'best' | '')[];
  /** Per cell: a tooltip (e.g. why the run failed), '' for none. */
  titles?: string[];
}

interface RowSpec {
  id: string;
  label: string;
  hint: string;
  kind?: RowKind;
  value: (m: ModeResult) => number;
  format?: (n: number, m: ModeResult) => string;
  /** Mark the smallest value among the modes that ran (lower is cheaper). */
  best?: boolean;
}

function countRow(modes: ModeResult[], s: RowSpec): TableRow {
  const values = modes.map((m) => (isOk(m) ? s.value(m) : null));
  const present = values.filter((v): v is number => v !== null);
  const min = present.length > 1 ? Math.min(...present) : undefined;
  const spread = present.length > 1 && Math.max(...present) !== min;
  return {
    id: s.id, label: s.label, hint: s.hint, kind: s.kind ?? 'count',
    cells: modes.map((m, i) => (values[i] === null ? '—' : (s.format ?? formatCount)(values[i]!, m))),
    values,
    marks: modes.map((m, i) => (!isOk(m) ? 'failed' : s.best && spread && values[i] === min ? 'best' : '')),
  };
}

/** Names that occur in any mode's record (e.g. trap causes), most frequent first. */
function unionKeys(modes: ModeResult[], pick: (m: ModeResult) => Record<string, number>): string[] {
  const totals = new Map<string, number>();
  for (const m of modes) for (const [k, v] of Object.entries(pick(m))) totals.set(k, (totals.get(k) ?? 0) + v);
  return [...totals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k]) => k);
}

/** The rows of the side-by-side table, one column per mode of `modes` (see orderedModes). */
export function tableRows(report: CompareReport): TableRow[] {
  const modes = orderedModes(report);
  const expected = consensusChecksum(report);
  const rows: TableRow[] = [];
  rows.push({
    id: 'status', label: 'Result', hint: 'ok: the workload printed its checksum and exited with status 0', kind: 'status',
    cells: modes.map((m) => (isOk(m) ? '✓ ok' : '✗ failed')),
    values: modes.map(() => null),
    marks: modes.map((m) => (isOk(m) ? '' : 'failed')),
    titles: modes.map((m) => (isOk(m) ? '' : m.error ?? 'the run failed')),
  });
  rows.push({
    id: 'checksum', label: 'Checksum', hint: 'The workload\'s last line: the same on every stack when each ran it correctly', kind: 'text',
    cells: modes.map((m) => m.checksum ?? '—'),
    values: modes.map(() => null),
    marks: modes.map((m) => (!isOk(m) ? 'failed' : m.checksum !== expected ? 'differs' : '')),
  });
  const native = modeByName(report, 'native');
  const base = native !== undefined && isOk(native) && native.instructions > 0 ? native.instructions : undefined;
  rows.push(countRow(modes, {
    id: 'instructions', label: 'Instructions', hint: 'Instructions retired by all layers between MARK_BEGIN and MARK_END',
    value: (m) => m.instructions, best: true,
  }));
  if (base !== undefined) {
    rows.push(countRow(modes, {
      id: 'instructions.ratio', label: 'vs native', hint: 'Instructions as a multiple of the native run\'s', kind: 'detail',
      value: (m) => m.instructions / base, format: (r) => formatRatio(r),
    }));
  }
  for (const p of PRIV_MODES) {
    if (!modes.some((m) => (m.instructionsByMode[p] ?? 0) > 0)) continue;
    rows.push(countRow(modes, {
      id: `priv.${p}`, label: `in ${PRIV_LABELS[p]}-mode`, hint: `Instructions retired in ${PRIV_LABELS[p]}-mode (share of all)`, kind: 'detail',
      value: (m) => m.instructionsByMode[p] ?? 0,
      format: (v, m) => (v === 0 ? '0' : `${formatCount(v)} · ${formatPercent(v, m.instructions)}`),
    }));
  }
  rows.push(countRow(modes, {
    id: 'boot', label: 'Boot instructions', hint: 'Instructions before MARK_BEGIN: the boot of the whole stack', value: (m) => m.bootInstructions, best: true,
  }));
  rows.push(countRow(modes, { id: 'traps', label: 'Traps', hint: 'Exceptions and interrupts taken, by all layers', value: totalTraps, best: true }));
  for (const t of unionKeys(modes, (m) => m.trapsByTransition ?? {})) {
    const label = t.replace('->', ' → ');
    rows.push(countRow(modes, {
      id: `transition.${t}`, label: `${label}`, hint: `Traps taken from ${label.replace(' → ', '-mode into ')}-mode`, kind: 'detail',
      value: (m) => (m.trapsByTransition ?? {})[t] ?? 0,
    }));
  }
  for (const c of unionKeys(modes, (m) => m.trapsByCause)) {
    rows.push(countRow(modes, { id: `trap.${c}`, label: c, hint: `Traps with cause "${c}"`, kind: 'detail', value: (m) => m.trapsByCause[c] ?? 0 }));
  }
  rows.push(countRow(modes, { id: 'vmExits', label: 'VM exits', hint: 'Traps from V=1 to V=0 (a guest to its hypervisor)', value: totalExits }));
  for (const c of unionKeys(modes, (m) => m.vmExits)) {
    rows.push(countRow(modes, { id: `exit.${c}`, label: c, hint: `VM exits with cause "${c}"`, kind: 'detail', value: (m) => m.vmExits[c] ?? 0 }));
  }
  rows.push(countRow(modes, {
    id: 'hypercalls', label: 'Hypercalls', hint: 'ECALLs from VS-mode, or from the deprivileged guest kernel under the tae hypervisor', value: (m) => m.hypercalls,
  }));
  rows.push(countRow(modes, { id: 'worldSwitches', label: 'World switches', hint: 'VM entries into a different VM than the one that ran last', value: (m) => m.worldSwitches }));
  rows.push(countRow(modes, {
    id: 'pageWalk', label: 'Page-walk accesses', hint: 'Page-table entries read by hardware walks (both stages)', value: (m) => m.pageWalkAccesses, best: true,
  }));
  rows.push(countRow(modes, { id: 'tlbMisses', label: 'TLB misses', hint: 'Translations not found in the TLB', value: (m) => m.tlbMisses, best: true }));
  rows.push(countRow(modes, {
    id: 'io.requests', label: 'I/O requests', hint: 'MARK_IO_BEGIN..MARK_IO_END pairs', value: (m) => m.ioLatencyInstructions.requests,
  }));
  rows.push(countRow(modes, {
    id: 'io.mean', label: 'I/O latency (mean)', hint: 'Instructions retired by all layers from an I/O request to its completion, mean (min – max)',
    value: (m) => m.ioLatencyInstructions.mean, best: true,
    format: (v, m) => (m.ioLatencyInstructions.requests === 0 ? '—' : formatCount(v)),
  }));
  rows.push(countRow(modes, {
    id: 'io.range', label: 'min – max', hint: 'The fastest and the slowest I/O request, in instructions', kind: 'detail',
    value: (m) => m.ioLatencyInstructions.max,
    format: (_v, m) => (m.ioLatencyInstructions.requests === 0 ? '—' : `${formatShort(m.ioLatencyInstructions.min)} – ${formatShort(m.ioLatencyInstructions.max)}`),
  }));
  rows.push(countRow(modes, {
    id: 'memoryPages', label: 'Memory pages written', hint: 'Distinct 4 KiB pages of RAM written during the measured run (all layers)',
    value: (m) => m.memoryPages, best: true, format: (n) => `${formatCount(n)} (${(n * 4 / 1024).toFixed(1)} MiB)`,
  }));
  // A failed run still took its time.
  rows.push({
    id: 'hostSeconds', label: 'Host seconds', hint: 'Host time of the whole run, boot included', kind: 'count',
    cells: modes.map((m) => formatSeconds(m.hostSeconds)), values: modes.map((m) => m.hostSeconds), marks: modes.map(() => ''),
  });
  rows.push(countRow(modes, {
    id: 'measuredHostSeconds', label: 'measured run', hint: 'Host time of the measured run (MARK_BEGIN to MARK_END)', kind: 'detail',
    value: (m) => m.measuredHostSeconds, format: (v) => formatSeconds(v),
  }));
  return rows;
}

// ---------------------------------------------------------------------------------------
// The charts

export interface ChartSeries {
  label: string;
  /** A VS Code theme colour (a CSS custom property). */
  color: string;
  /** One value per mode (null: failed, or 0 on a log scale). */
  values: (number | null)[];
}

export interface ChartSpec {
  id: string;
  title: string;
  /** Short description under the title. */
  caption: string;
  /** The x axis: one slot per mode. */
  modes: CompareModeName[];
  failed: boolean[];
  series: ChartSeries[];
  /** Stacked (series sum per mode) or grouped (side by side). */
  stacked: boolean;
  log: boolean;
  unit: string;
}

const COLORS = ['--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-green', '--vscode-charts-purple', '--vscode-charts-red', '--vscode-charts-yellow'];
export const PRIV_COLORS: Record<PrivModeName, string> = {
  M: '--vscode-charts-red', HS: '--vscode-charts-orange', VS: '--vscode-charts-purple', U: '--vscode-charts-blue', VU: '--vscode-charts-green',
};

/** Whether positive values span two decades or more (then a log scale shows them all). */
export function spansDecades(values: (number | null)[]): boolean {
  const pos = values.filter((v): v is number => v !== null && v > 0);
  if (pos.length < 2) return false;
  return Math.max(...pos) / Math.min(...pos) >= 100;
}

function grouped(id: string, title: string, caption: string, modes: ModeResult[], parts: [string, (m: ModeResult) => number][], unit: string): ChartSpec {
  const raw = parts.map(([, f]) => modes.map((m) => (isOk(m) ? f(m) : null)));
  const log = spansDecades(raw.flat());
  return {
    id, title, caption, unit, stacked: false, log,
    modes: modes.map((m) => m.mode),
    failed: modes.map((m) => !isOk(m)),
    series: parts.map(([label], k) => ({
      label, color: COLORS[k % COLORS.length],
      values: raw[k].map((v) => (v === null || (log && v <= 0) ? null : v)),
    })),
  };
}

/** The view's bar charts, from the report. */
export function chartSpecs(report: CompareReport): ChartSpec[] {
  const modes = orderedModes(report);
  const privs = PRIV_MODES.filter((p) => modes.some((m) => isOk(m) && (m.instructionsByMode[p] ?? 0) > 0));
  const instructions: ChartSpec = {
    id: 'instructions', title: 'Instructions by privilege mode',
    caption: 'Instructions retired during the measured run, stacked by the privilege mode they ran in',
    unit: 'instructions', stacked: true, log: false,
    modes: modes.map((m) => m.mode), failed: modes.map((m) => !isOk(m)),
    series: privs.map((p) => ({ label: `${PRIV_LABELS[p]}-mode`, color: PRIV_COLORS[p], values: modes.map((m) => (isOk(m) ? m.instructionsByMode[p] ?? 0 : null)) })),
  };
  return [
    instructions,
    grouped('events', 'Traps, VM exits, hypercalls and world switches', 'Events counted during the measured run', modes, [
      ['traps', totalTraps], ['VM exits', totalExits], ['hypercalls', (m) => m.hypercalls], ['world switches', (m) => m.worldSwitches],
    ], 'events'),
    grouped('memory', 'Address translation', 'Page-table entries read by hardware walks (both stages), and TLB misses', modes, [
      ['page-walk accesses', (m) => m.pageWalkAccesses], ['TLB misses', (m) => m.tlbMisses],
    ], 'accesses'),
    grouped('io', 'I/O latency', 'Instructions retired by all layers from an I/O request to its completion (mean, and the slowest)', modes, [
      ['mean', (m) => m.ioLatencyInstructions.mean], ['max', (m) => m.ioLatencyInstructions.max],
    ], 'instructions per request'),
  ];
}

/** The stacked series as cumulative tops (bottom series first): the bars are drawn from the previous top to this one. */
export function stackTops(spec: ChartSpec): (number | null)[][] {
  const acc = spec.modes.map(() => 0);
  return spec.series.map((s) => s.values.map((v, i) => (v === null ? null : (acc[i] += v))));
}

/** The y range of a chart: [0, max] (linear) or [decade below min, decade above max] (log). */
export function chartRange(spec: ChartSpec): [number, number] {
  const vals = (spec.stacked ? stackTops(spec) : spec.series.map((s) => s.values)).flat().filter((v): v is number => v !== null && v > 0);
  if (vals.length === 0) return spec.log ? [1, 10] : [0, 1];
  const max = Math.max(...vals);
  if (!spec.log) return [0, max * 1.08];
  return [10 ** Math.floor(Math.log10(Math.min(...vals))), 10 ** Math.ceil(Math.log10(max * 1.001))];
}

/** The chart's x-axis label of a mode: its name, marked when it failed. */
export function slotLabel(spec: ChartSpec, i: number): string {
  return spec.failed[i] ? `${spec.modes[i]} ✗` : spec.modes[i];
}

/** The hover text of one bar. */
export function barText(spec: ChartSpec, series: number, i: number): string {
  const s = spec.series[series];
  if (spec.failed[i]) return `${spec.modes[i]}: failed (no counts)`;
  const v = s.values[i];
  const total = spec.stacked ? sum(spec.series.map((x) => x.values[i] ?? 0)) : undefined;
  return `${spec.modes[i]} · ${s.label}: ${formatCount(v ?? 0)} ${spec.unit}${total !== undefined ? ` (${formatPercent(v ?? 0, total)})` : ''}`;
}

// ---------------------------------------------------------------------------------------
// Layer diagrams

const KIND_ORDER: readonly LayerKind[] = ['firmware', 'hypervisor', 'host-kernel', 'vmm', 'management-vm', 'guest-kernel', 'process'];

export const KIND_LABELS: Record<LayerKind, string> = {
  firmware: 'firmware', hypervisor: 'hypervisor', 'host-kernel': 'host kernel', vmm: 'VMM process',
  'management-vm': 'management VM', 'guest-kernel': 'guest kernel', process: 'process',
};

export interface LayerBox {
  name: string;
  kind: LayerKind;
  runsIn: string;
  instructions: number;
  /** Share of the measured instructions, 0..1. */
  share: number;
  /** Width of the box in % of the diagram (wide enough to read: at least 56 %). */
  widthPercent: number;
  /** "42 % · 1,234,567 instructions". */
  text: string;
}

/** A mode's layers, top first (the order they are drawn, the workload on top, firmware at the bottom). */
export function layerBoxes(m: ModeResult): LayerBox[] {
  const rank = (k: LayerKind) => KIND_ORDER.indexOf(k);
  const bottomUp = m.layers.map((l, i) => ({ l, i })).sort((a, b) => rank(a.l.kind) - rank(b.l.kind) || a.i - b.i).map((x) => x.l);
  const total = sum(m.layers.map((l) => l.instructions)) || m.instructions;
  return bottomUp.reverse().map((l) => {
    const share = total > 0 ? l.instructions / total : 0;
    return {
      name: l.name, kind: l.kind, runsIn: l.runsIn, instructions: l.instructions, share,
      widthPercent: Math.round(56 + 44 * share),
      text: `${formatPercent(l.instructions, total)} · ${formatCount(l.instructions)} instructions`,
    };
  });
}

// ---------------------------------------------------------------------------------------
// Microbenchmarks

export interface MicroCell {
  /** Mean instructions per event, e.g. "11,392". */
  cost: string;
  /** How many events and the traps per event, e.g. "1,040 events · 13.8 traps". */
  detail: string;
}

export interface MicroTable {
  events: string[];
  modes: CompareModeName[];
  /** cells[event][mode]; null where the mode has no such event (or failed). */
  cells: (MicroCell | null)[][];
}

export function microTable(report: CompareReport): MicroTable {
  const modes = orderedModes(report);
  const events: string[] = [];
  for (const m of modes) for (const r of m.micro) if (!events.includes(r.event)) events.push(r.event);
  return {
    events,
    modes: modes.map((m) => m.mode),
    cells: events.map((e) => modes.map((m) => {
      const r = isOk(m) ? m.micro.find((x) => x.event === e) : undefined;
      if (r === undefined) return null;
      const traps = Number.isInteger(r.trapsPerEvent) ? String(r.trapsPerEvent) : r.trapsPerEvent.toFixed(1);
      return {
        cost: formatCount(r.instructionsPerEvent),
        detail: `${formatCount(r.count)} event${r.count === 1 ? '' : 's'} · ${traps} trap${traps === '1' ? '' : 's'}`,
      };
    })),
  };
}

// ---------------------------------------------------------------------------------------
// Explanations

export interface Explanation {
  mode: CompareModeName;
  title: string;
  /** What the mode is (fixed text: the stack, never a figure). */
  what: string;
  /** What this report's numbers show about it (written from the numbers). */
  points: string[];
}

/** What each mode is: its stack and how privileged work reaches the layer below. */
export const MODE_DESCRIPTIONS: Record<CompareModeName, string> = {
  native: 'The small kernel runs in S-mode directly on the firmware (OpenSBI in M-mode): the baseline without any virtualization.',
  linux: 'Debian\'s Linux kernel runs the same workload: a full general-purpose kernel with its own cost per system call and per I/O request.',
  'trap-and-emulate': 'Full virtualization without hardware help (Popek and Goldberg): the tae hypervisor runs the unmodified small kernel in U-mode, '
    + 'so each of its privileged instructions traps and is emulated, and its page tables are shadowed.',
  paravirt: 'Paravirtualization: the small kernel built with -DPARAVIRT asks the tae hypervisor with hypercalls instead of executing privileged '
    + 'instructions, writing page tables or touching device registers.',
  'hw-assisted': 'Hardware-assisted virtualization (the H extension): the small kernel runs in VS-mode with two-stage address translation; '
    + 'only what the hypervisor must see leaves the guest (VM exits).',
  dom0: 'A management VM (dom0, VMID 2) emulates the UART and the disk for the guest (VMID 1): each device access crosses from the guest '
    + 'to the hypervisor to dom0 and back (world switches).',
  type2: 'A hosted (type-2) hypervisor: Linux with kvm.ko in HS-mode runs the guest; exits KVM cannot handle in the kernel go up to the '
    + 'vmm process in U-mode, which emulates the devices.',
  container: 'OS-level virtualization: the workload runs on the same Linux kernel in its own namespaces (unshare -p -m -u -n -f); no hypervisor at all.',
};

function topCause(rec: Record<string, number>): [string, number] | undefined {
  let best: [string, number] | undefined;
  for (const [k, v] of Object.entries(rec)) if (v > 0 && (best === undefined || v > best[1])) best = [k, v];
  return best;
}

const n = formatCount;
function vs(a: number, b: number): string {
  if (b <= 0) return '';
  const r = a / b;
  return r >= 1.05 ? ` (${formatRatio(r)})` : r <= 0.95 ? ` (${formatRatio(r)})` : ' (about the same)';
}
function layerOf(m: ModeResult, kinds: LayerKind[]): number {
  return sum(m.layers.filter((l) => kinds.includes(l.kind)).map((l) => l.instructions));
}
function share(m: ModeResult, kinds: LayerKind[]): string {
  return formatPercent(layerOf(m, kinds), sum(m.layers.map((l) => l.instructions)) || m.instructions);
}

/** The explanations of the report's modes, each tied to its numbers and to those of the modes it is best compared with. */
export function explanations(report: CompareReport): Explanation[] {
  const get = (name: CompareModeName): ModeResult | undefined => {
    const m = modeByName(report, name);
    return m !== undefined && isOk(m) ? m : undefined;
  };
  const native = get('native');
  const linux = get('linux');
  const tae = get('trap-and-emulate');
  const pv = get('paravirt');
  const hw = get('hw-assisted');
  return orderedModes(report).map((m) => {
    const points: string[] = [];
    if (!isOk(m)) {
      points.push(`This run failed${m.error ? `: ${m.error}` : ''}. Its counts are left out of the charts; "Debug this mode" opens it in the debugger.`);
      return { mode: m.mode, title: m.title, what: MODE_DESCRIPTIONS[m.mode], points };
    }
    const traps = totalTraps(m);
    const exits = totalExits(m);
    const vsNative = native !== undefined && m !== native ? vs(m.instructions, native.instructions) : '';
    switch (m.mode) {
      case 'native': {
        const top = topCause(m.trapsByCause);
        points.push(`${n(m.instructions)} instructions, ${share(m, ['process'])} of them in the workload itself; the kernel retired ${share(m, ['guest-kernel', 'host-kernel'])}.`);
        points.push(`${n(traps)} traps${top ? `, mostly ${top[0]} (${n(top[1])})` : ''}, and no VM exits: every other mode is measured against these numbers.`);
        break;
      }
      case 'linux':
      case 'container': {
        points.push(`${n(m.instructions)} instructions${vsNative}; the Linux kernel retired ${share(m, ['host-kernel'])} of them.`);
        points.push(`One I/O request costs ${n(m.ioLatencyInstructions.mean)} instructions on average${native ? ` vs ${n(native.ioLatencyInstructions.mean)} natively` : ''}.`);
        if (m.mode === 'container' && linux !== undefined) {
          points.push(`Against Linux without namespaces: ${n(m.instructions)} vs ${n(linux.instructions)} instructions${vs(m.instructions, linux.instructions)}, `
            + `${n(traps)} vs ${n(totalTraps(linux))} traps, ${n(exits)} VM exits`
            + (Math.abs(m.instructions / Math.max(1, linux.instructions) - 1) <= 0.1
              ? ': isolation without a second kernel costs next to nothing at run time.'
              : `: the namespaces cost ${formatRatio(m.instructions / Math.max(1, linux.instructions))} the instructions, still without a second kernel.`));
        }
        if (m.mode === 'linux') points.push(`Boot of the whole stack: ${n(m.bootInstructions)} instructions${native ? ` vs ${n(native.bootInstructions)} for the small kernel` : ''}.`);
        break;
      }
      case 'trap-and-emulate': {
        const ill = m.trapsByCause['illegal instruction'] ?? 0;
        points.push(`Every privileged instruction of the guest kernel traps: ${n(ill)} illegal-instruction traps, ${n(traps)} traps in all`
          + `${hw ? ` vs ${n(totalTraps(hw))} under hw-assisted` : ''}${native ? ` and ${n(totalTraps(native))} natively` : ''}.`);
        points.push(`The hypervisor retired ${share(m, ['hypervisor'])} of the ${n(m.instructions)} instructions${vsNative} emulating them and keeping the shadow page tables.`);
        const viaFirmware = (m.trapsByTransition ?? {})['U->M'] ?? 0;
        if (viaFirmware > 0) {
          points.push(`${n(viaFirmware)} of the traps went from U-mode to the firmware first (U → M: illegal instructions are not delegated by OpenSBI, `
            + `which forwards what it does not emulate itself): M-mode retired ${formatPercent(m.instructionsByMode.M ?? 0, m.instructions)} of the instructions.`);
        }
        const faults = (m.trapsByCause['load page fault'] ?? 0) + (m.trapsByCause['store/AMO page fault'] ?? 0) + (m.trapsByCause['instruction page fault'] ?? 0);
        if (faults > 0) points.push(`${n(faults)} page faults keep the shadow page tables in step with the guest's${native ? ` (${n(m.pageWalkAccesses)} page-walk accesses vs ${n(native.pageWalkAccesses)} natively)` : ''}.`);
        break;
      }
      case 'paravirt': {
        points.push(`The guest kernel asks instead of trapping: ${n(m.hypercalls)} hypercalls, ${n(traps)} traps in all${tae ? ` vs ${n(totalTraps(tae))} under trap-and-emulate` : ''}.`);
        points.push(`${n(m.instructions)} instructions${vsNative}${tae ? `; trap-and-emulate needed ${n(tae.instructions)}${vs(m.instructions, tae.instructions)}` : ''}: `
          + `the price is a modified guest kernel.`);
        break;
      }
      case 'hw-assisted': {
        const top = topCause(m.vmExits);
        const fewer = tae !== undefined && exits < totalTraps(tae);
        points.push(`The guest kernel runs its privileged instructions itself in VS-mode: ${fewer ? 'only ' : ''}${n(exits)} VM exits${top ? ` (mostly ${top[0]}, ${n(top[1])})` : ''}`
          + `${tae ? `, vs ${n(totalTraps(tae))} traps under trap-and-emulate` : ''}.`);
        points.push(`${n(m.instructions)} instructions${vsNative}; the hypervisor retired ${share(m, ['hypervisor'])} of them.`);
        if (native !== undefined) {
          points.push(`Two-stage translation: ${n(m.pageWalkAccesses)} page-walk accesses vs ${n(native.pageWalkAccesses)} natively${vs(m.pageWalkAccesses, native.pageWalkAccesses)}: `
            + `each guest page-table entry is itself translated by the G stage.`);
        }
        break;
      }
      case 'dom0': {
        points.push(`${n(m.worldSwitches)} world switches between the guest and dom0; dom0 retired ${share(m, ['management-vm'])} of the ${n(m.instructions)} instructions.`);
        const io = m.ioLatencyInstructions.mean;
        const hwIo = hw?.ioLatencyInstructions.mean;
        points.push(`One I/O request costs ${n(io)} instructions${hwIo !== undefined ? ` vs ${n(hwIo)} with the hypervisor emulating the disk itself (hw-assisted)${vs(io, hwIo)}` : ''}`
          + (hwIo === undefined ? '.'
            : io > hwIo * 1.05 ? ': the price of moving device emulation out of the hypervisor.'
              : ': here the trip through dom0 costs no more per request than emulation in the hypervisor; the cost shows in the world switches.'));
        points.push(`${n(exits)} VM exits${hw ? ` vs ${n(totalExits(hw))} under hw-assisted` : ''}.`);
        break;
      }
      case 'type2': {
        points.push(`${n(exits)} VM exits${hw ? ` vs ${n(totalExits(hw))} with the small hypervisor (hw-assisted)` : ''}; the host kernel (Linux + KVM) retired ${share(m, ['host-kernel', 'hypervisor'])} `
          + `and the vmm process ${share(m, ['vmm'])} of the ${n(m.instructions)} instructions${vsNative}.`);
        points.push(`One I/O request costs ${n(m.ioLatencyInstructions.mean)} instructions${hw ? ` vs ${n(hw.ioLatencyInstructions.mean)} under hw-assisted` : ''}: `
          + `each device access goes from KVM up to the vmm process and back.`);
        break;
      }
    }
    if (pv !== undefined && m === pv && hw !== undefined) {
      points.push(`Under hw-assisted the same unmodified kernel needs ${n(totalExits(hw))} VM exits and ${n(hw.instructions)} instructions${vs(hw.instructions, pv.instructions)}`
        + (hw.instructions <= pv.instructions ? ': hardware support makes the modified kernel unnecessary.' : ': paravirtualization still does less work here.'));
    }
    return { mode: m.mode, title: m.title, what: MODE_DESCRIPTIONS[m.mode], points };
  });
}

// ---------------------------------------------------------------------------------------
// Export

/** The report as CSV (emulator/compare/csv.ts, as `hyperstep compare --csv`), the modes in the view's order. */
export function reportCsv(report: CompareReport): string {
  return csvOf(report, orderedModes(report));
}

/** The one-line summary under the toolbar. */
export function reportSummary(report: CompareReport, source: string): string {
  const ok = report.modes.filter(isOk).length;
  const date = report.date.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');
  return `${ok} of ${report.modes.length} modes ran · ${date} · ${formatSeconds(report.totalSeconds)} on ${report.host.cpus} CPU${report.host.cpus === 1 ? '' : 's'} · ${source}`;
}
