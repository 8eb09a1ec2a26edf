/**
 * Snapshot diff: what differs between two points of a recorded history (snapshots, or
 * the machine now): registers and CSRs per hart, RAM as byte ranges per page (named by
 * the nearest symbol when the caller knows one), and device fields.
 *
 * Only pages that may differ are compared (those some snapshot in between recorded, and
 * the pages written since the last one), so a diff costs in proportion to the change.
 */
import type { History } from './history';
import { captureState, type MachineState, type Plain } from './state';
import { ABI_NAMES } from '../debug/regNames';
import { csrName } from '../isa/disasm';

export interface RegisterChange { hart: number; name: string; a: string; b: string }
export interface ByteRange { start: number; end: number; symbol?: string }
export interface PageChange { address: number; ranges: ByteRange[] }
export interface DeviceChange { device: string; field: string; a: string; b: string }
export interface SnapshotDiff {
  a: { clock: number };
  b: { clock: number };
  registers: RegisterChange[];
  pages: PageChange[];
  devices: DeviceChange[];
}

/** Hart fields shown in a diff under their own names (the rest are counters or scratch). */
const HART_FIELDS = ['pc', 'priv', 'virt', 'mstatus', 'mstatusH', 'fflags', 'frm', 'medeleg', 'mideleg', 'mie', 'mipSw', 'mipHw',
  'mcounteren', 'scounteren', 'satpMode', 'satpAsid', 'satpPpn', 'hstatus', 'hedeleg', 'hideleg', 'hvip', 'hgatpMode', 'hgatpVmid',
  'hgatpPpn', 'stimecmp', 'vstimecmp', 'reservation', 'wfi', 'instret', 'traps'];

type Which = number | 'now';

/** Diff two points of `hist`: snapshot ids, or 'now'. `symbolAt` names an address. */
export function diffSnapshots(hist: History, a: Which, b: Which, symbolAt?: (pa: number) => string | undefined): SnapshotDiff {
  const ia = indexOf(hist, a), ib = indexOf(hist, b);
  const sa = ia === 'now' ? captureState(hist.m) : hist.snapshots[ia].state;
  const sb = ib === 'now' ? captureState(hist.m) : hist.snapshots[ib].state;
  const clock = (i: number | 'now'): number => (i === 'now' ? hist.m.clock : hist.snapshots[i].clock);
  const pages: PageChange[] = [];
  const ramBase = hist.m.bus.ramBase;
  for (const p of [...hist.candidatePages(ia, ib)].sort((x, y) => x - y)) {
    const x = hist.pageAt(ia, p), y = hist.pageAt(ib, p);
    const ranges: ByteRange[] = [];
    for (let i = 0; i < x.length; i++) {
      if (x[i] === y[i]) continue;
      let j = i;
      while (j < x.length && (x[j] !== y[j] || (j + 8 < x.length && x[j + 8] !== y[j + 8]))) j++; // merge close ranges
      const start = ramBase + p * 4096 + i;
      ranges.push({ start, end: ramBase + p * 4096 + j, symbol: symbolAt?.(start) });
      i = j;
    }
    if (ranges.length > 0) pages.push({ address: ramBase + p * 4096, ranges });
  }
  return { a: { clock: clock(ia) }, b: { clock: clock(ib) }, registers: diffHarts(sa, sb), pages, devices: diffDevices(sa, sb) };
}

/** The symbol containing (or, within a page, nearest below) an address, as name+offset. */
export function nearestSymbol(symbols: readonly { name: string; value: number; size: number }[], addr: number): string | undefined {
  let best: { name: string; value: number } | undefined;
  for (const s of symbols) {
    if (s.name === '' || s.value > addr) continue;
    if (s.size > 0 ? addr < s.value + s.size : addr - s.value < 4096) {
      if (best === undefined || s.value > best.value) best = s;
    }
  }
  return best === undefined ? undefined : addr === best.value ? best.name : `${best.name}+0x${(addr - best.value).toString(16)}`;
}

function indexOf(hist: History, w: Which): number | 'now' {
  if (w === 'now') return 'now';
  const i = hist.snapshots.findIndex((s) => s.id === w);
  if (i < 0) throw new Error(`no snapshot ${w} (there are ${hist.snapshots.map((s) => s.id).join(', ')})`);
  return i;
}

type Obj = { [key: string]: Plain };

function diffHarts(a: MachineState, b: MachineState): RegisterChange[] {
  const out: RegisterChange[] = [];
  a.harts.forEach((ha, hart) => {
    const x = ha as Obj, y = b.harts[hart] as Obj;
    const xl = [x.xl, y.xl] as Int32Array[], xh = [x.xh, y.xh] as Int32Array[];
    for (let r = 1; r < 32; r++) {
      const va = pair(xl[0][r], xh[0][r]), vb = pair(xl[1][r], xh[1][r]);
      if (va !== vb) out.push({ hart, name: `${ABI_NAMES[r]} (x${r})`, a: hex(va), b: hex(vb) });
    }
    const fa = x.f as Int32Array, fb = y.f as Int32Array;
    for (let r = 0; r < 32; r++) {
      const va = pair(fa[2 * r], fa[2 * r + 1]), vb = pair(fb[2 * r], fb[2 * r + 1]);
      if (va !== vb) out.push({ hart, name: `f${r}`, a: hex(va), b: hex(vb) });
    }
    const ca = [x.csrLo, x.csrHi] as Int32Array[], cb = [y.csrLo, y.csrHi] as Int32Array[];
    for (let n = 0; n < ca[0].length; n++) {
      const va = pair(ca[0][n], ca[1][n]), vb = pair(cb[0][n], cb[1][n]);
      if (va !== vb) out.push({ hart, name: csrName(n), a: hex(va), b: hex(vb) });
    }
    for (const f of HART_FIELDS) {
      const va = x[f], vb = y[f];
      if (va !== vb) out.push({ hart, name: f, a: show(va), b: show(vb) });
    }
  });
  return out;
}

function diffDevices(a: MachineState, b: MachineState): DeviceChange[] {
  const out: DeviceChange[] = [];
  for (const [name, da] of Object.entries(a.devices)) walk(name, '', da, b.devices[name], out);
  walk('machine', '', a.machine, b.machine, out);
  return out;
}

function walk(device: string, path: string, x: Plain, y: Plain, out: DeviceChange[]): void {
  if (out.length > 500) return;
  if (ArrayBuffer.isView(x) && ArrayBuffer.isView(y)) {
    const ax = x as unknown as ArrayLike<number>, ay = y as unknown as ArrayLike<number>;
    for (let i = 0; i < Math.max(ax.length, ay.length); i++) {
      if (ax[i] !== ay[i]) out.push({ device, field: `${path}[${i}]`, a: show(ax[i]), b: show(ay[i]) });
    }
    return;
  }
  if (x !== null && y !== null && typeof x === 'object' && typeof y === 'object' && !Array.isArray(x) && !Array.isArray(y)) {
    if ('$map' in x || '$map' in y) {
      if (JSON.stringify(mapKeys(x)) !== JSON.stringify(mapKeys(y))) out.push({ device, field: path, a: `${mapKeys(x).length} entries`, b: `${mapKeys(y).length} entries` });
      return;
    }
    const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
    for (const k of keys) walk(device, path === '' ? k : `${path}.${k}`, (x as Obj)[k], (y as Obj)[k], out);
    return;
  }
  const sx = JSON.stringify(x) ?? 'undefined', sy = JSON.stringify(y) ?? 'undefined';
  if (sx !== sy) out.push({ device, field: path, a: sx, b: sy });
}

function mapKeys(v: Plain): (string | number)[] {
  return typeof v === 'object' && v !== null && '$map' in v ? (v as { $map: [string | number, Plain][] }).$map.map((e) => e[0]) : [];
}

function pair(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

function hex(v: bigint): string {
  return `0x${v.toString(16)}`;
}

function show(v: unknown): string {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? `0x${v.toString(16)}` : String(v);
}

/** A diff as text (the CLI's output, gdb's `monitor snapshot diff`). */
export function formatDiff(d: SnapshotDiff, na: string, nb: string): string {
  const lines = [`--- ${na} (clock ${d.a.clock})`, `+++ ${nb} (clock ${d.b.clock})`];
  if (d.registers.length > 0) lines.push('registers and CSRs:');
  for (const r of d.registers) lines.push(`  hart ${r.hart} ${r.name.padEnd(14)} ${r.a} -> ${r.b}`);
  if (d.pages.length > 0) lines.push('memory:');
  for (const p of d.pages) {
    for (const r of p.ranges) lines.push(`  0x${r.start.toString(16)}..0x${r.end.toString(16)} (${r.end - r.start} bytes)${r.symbol !== undefined ? ` ${r.symbol}` : ''}`);
  }
  if (d.devices.length > 0) lines.push('devices:');
  for (const x of d.devices) lines.push(`  ${x.device}.${x.field}: ${x.a} -> ${x.b}`);
  if (d.registers.length + d.pages.length + d.devices.length === 0) lines.push('no differences');
  return lines.join('\n') + '\n';
}
