/**
 * The Devices view's tree (extension/devicesView.ts), built from the adapter's
 * `hyperstep.devices` answer (debug-adapter/devices.ts DevicesReport): a "Memory map"
 * node with one row per region (base–end, the device name, its kind and size), then one
 * node per device (name, kind, base) whose children are its state, group by group, with
 * the values as the adapter formatted them (hex registers, readable names). Node ids
 * are stable across refreshes so that expanded groups stay expanded at the next stop.
 * vscode-free; unit-tested in test/extension/devicesModel.test.ts.
 */
import type { DevicesReport, StateTree } from '../debug-adapter/devices';

export interface DeviceNode {
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  /** A codicon id. */
  icon?: string;
  /** undefined: a leaf. */
  children?: DeviceNode[];
  expanded?: boolean;
}

/** The last address of a region, 0x…: base + size - 1 (exact beyond 2^53). */
export function regionEnd(base: string, size: string): string {
  const end = BigInt(base) + BigInt(size) - 1n;
  return '0x' + (end < 0n ? 0n : end).toString(16);
}

/** A byte count in the largest binary unit that divides it: "4 KiB", "128 MiB", "100 B". */
export function formatSize(size: string | number | bigint): string {
  let n = BigInt(size);
  for (const unit of ['B', 'KiB', 'MiB', 'GiB', 'TiB']) {
    if (unit === 'TiB' || n < 1024n || n % 1024n !== 0n) return `${n} ${unit}`;
    n /= 1024n;
  }
  return `${n} B`;
}

const KIND_LABELS: Record<string, string> = { ram: 'RAM', rom: 'ROM', mmio: 'MMIO' };

/** A codicon for a device, by its kind. */
export function deviceIcon(kind: string): string {
  if (/PLIC|interrupt controller/.test(kind)) return 'bell';
  if (/ACLINT|timer/.test(kind)) return 'watch';
  if (/serial|16550/.test(kind)) return 'terminal';
  if (/virtio-mmio block/.test(kind)) return 'database';
  if (/virtio/.test(kind)) return 'plug';
  if (/ROM/.test(kind)) return 'file-binary';
  if (/host-target/.test(kind)) return 'debug-console';
  return 'circuit-board';
}

function stateNodes(tree: StateTree, idPrefix: string): DeviceNode[] {
  return Object.entries(tree).map(([key, value]) => {
    const id = `${idPrefix}/${key}`;
    if (typeof value === 'string') return { id, label: key, description: value, tooltip: `${key}: ${value}` };
    const children = stateNodes(value, id);
    return { id, label: key, children, expanded: children.length <= 4 && children.every((c) => c.children === undefined) };
  });
}

/** The view's top-level nodes for one answer. */
export function buildDevicesTree(r: DevicesReport): DeviceNode[] {
  const regions: DeviceNode[] = r.memoryMap.map((e) => {
    const range = `${e.base}–${regionEnd(e.base, e.size)}`;
    const kind = KIND_LABELS[e.kind] ?? e.kind;
    return {
      id: `map/${e.name}@${e.base}`, label: range, description: `${e.name} · ${kind}, ${formatSize(e.size)}`,
      tooltip: `${e.name}: ${range} (${kind}, ${formatSize(e.size)})`,
      icon: e.kind === 'ram' ? 'server' : e.kind === 'rom' ? 'lock' : 'plug',
    };
  });
  const map: DeviceNode = {
    id: 'map', label: 'Memory map', description: `${r.board}, ${regions.length} regions`, icon: 'list-tree',
    children: regions, expanded: true,
  };
  const devices: DeviceNode[] = r.devices.map((d) => {
    const children = stateNodes(d.state, `dev/${d.name}`);
    const where = d.base !== undefined ? ` at ${d.base}` : '';
    return {
      id: `dev/${d.name}`, label: d.name, description: `${d.kind}${where}`, tooltip: `${d.name}: ${d.kind}${where}`,
      icon: deviceIcon(d.kind), children: children.length > 0 ? children : undefined, expanded: false,
    };
  });
  return [map, ...devices];
}

/** The view's message line: which session and when. */
export function devicesMessage(session: string, state: 'stopped' | 'running' | 'ended', time: string): string {
  if (state === 'stopped') return `${session}: stopped, state at ${time}`;
  if (state === 'running') return `${session}: running, state at ${time} (refreshes at the next stop)`;
  return `${session}: ended, last state at ${time}`;
}
