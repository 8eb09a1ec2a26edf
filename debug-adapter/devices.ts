/**
 * The Devices view's custom requests (docs/debugging.md "Devices"):
 *
 *   hyperstep.devices    → { board, memoryMap: [{ name, base, size, kind }],
 *                            devices: [{ name, kind, base?, state }] }
 *   hyperstep.deviceTree → { dts, address?, source }
 *
 * Everything is read from the plain-data state devices keep by design (architecture.md
 * "Devices"): no MMIO read is issued, so asking never changes the guest (a UART's
 * receive FIFO, a PLIC claim or a virtio queue stay as they are). `state` is a tree of
 * already formatted strings (hex for addresses and registers), so clients only render.
 * The device tree is the blob the boot ROM hands the guest (its address is in the ROM's
 * reset-vector data), as still found in RAM; when the guest has overwritten it, the
 * board's generated tree. It is printed as DTS by dts.ts.
 */
import type { DebugRuntime } from '../emulator/debug/runtime';
import type { Device } from '../emulator/bus/device';
import { Plic } from '../emulator/devices/plic';
import { Aclint } from '../emulator/devices/aclint';
import { Uart16550 } from '../emulator/devices/uart16550';
import { VirtioMmioDevice, VirtioEmptySlot } from '../emulator/devices/virtioMmio';
import { Rom } from '../emulator/devices/rom';
import { FDT_MAGIC, readFdt } from '../emulator/boards/fdt';
import { fdtToDts } from './dts';

/** A device's state: formatted values, or groups of them. */
export interface StateTree { [key: string]: string | StateTree }

export interface MemoryMapEntry { name: string; base: string; size: string; kind: 'ram' | 'rom' | 'mmio' }
export interface DeviceInfo { name: string; kind: string; base?: string; state: StateTree }
export interface DevicesReport { board: string; memoryMap: MemoryMapEntry[]; devices: DeviceInfo[] }
export interface DeviceTreeReport {
  dts: string;
  /** Guest physical address of the blob when it was read from RAM. */
  address?: string;
  source: 'guest memory' | 'generated';
}

const hex = (n: number): string => '0x' + n.toString(16);
const TWO32 = 0x100000000;
const u64 = (lo: number, hi: number): number => hi * TWO32 + (lo >>> 0);
/** Wiring fields (host services, other devices): never state (architecture.md). */
const WIRING = new Set(['console', 'irq', 'clock', 'lines', 'dma', 'backend', 'name', 'irqLine']);

const VIRTIO_KINDS: Record<number, string> = { 1: 'network', 2: 'block', 3: 'console', 4: 'entropy', 16: 'gpu', 18: 'input' };
const VIRTIO_STATUS: [number, string][] = [[1, 'ACKNOWLEDGE'], [2, 'DRIVER'], [8, 'FEATURES_OK'], [4, 'DRIVER_OK'], [0x40, 'NEEDS_RESET'], [0x80, 'FAILED']];

/** Set bits of a bitmap as a list of indices, e.g. "1, 10, 33" (or "none"). */
function bitList(words: ArrayLike<number>, from: number, count: number, max: number): string {
  const out: number[] = [];
  for (let w = 0; w < count; w++) {
    let bits = words[from + w] >>> 0;
    while (bits !== 0) {
      const b = 31 - Math.clz32(bits & -bits);
      bits = (bits & (bits - 1)) >>> 0;
      const i = w * 32 + b;
      if (i > 0 && i <= max) out.push(i);
    }
  }
  return out.length === 0 ? 'none' : out.join(', ');
}

function plicState(p: Plic): StateTree {
  const pr: StateTree = {};
  for (let i = 1; i <= p.ndev; i++) if (p.priority[i] !== 0) pr[`source ${i}`] = String(p.priority[i]);
  const claimed: number[] = [];
  for (let i = 1; i <= p.ndev; i++) if (p.claimed[i] !== 0) claimed.push(i);
  const contexts: StateTree = {};
  for (let c = 0; c < p.contexts; c++) {
    contexts[`context ${c} (hart ${c >> 1} ${c & 1 ? 'S' : 'M'})`] = {
      enabled: bitList(p.enable, c * p.words, p.words, p.ndev),
      threshold: String(p.threshold[c]),
      interrupt: p.eip[c] ? 'raised' : 'low',
    };
  }
  return {
    pending: bitList(p.pending, 0, p.words, p.ndev),
    'in flight (claimed)': claimed.length === 0 ? 'none' : claimed.join(', '),
    priorities: Object.keys(pr).length === 0 ? 'all 0' : pr,
    contexts,
  };
}

function aclintState(a: Aclint): StateTree {
  const harts: StateTree = {};
  for (let h = 0; h < a.harts; h++) {
    const lo = a.mtimecmp[2 * h], hi = a.mtimecmp[2 * h + 1];
    harts[`hart ${h}`] = {
      mtimecmp: lo === 0xffffffff && hi === 0xffffffff ? '0xffffffffffffffff (never)' : hex(u64(lo, hi)),
      MTIP: a.mtip[h] ? '1' : '0',
      MSIP: String(a.msip[h]),
    };
  }
  const t = a.mtime();
  return { mtime: `${hex(Math.max(0, t))} (${(t / 1e7).toFixed(3)} s at 10 MHz)`, ...harts };
}

function uartState(u: Uart16550): StateTree {
  const b = (n: number): string => '0x' + n.toString(16).padStart(2, '0');
  const fifo: number[] = [];
  for (let i = 0; i < u.rxCount; i++) fifo.push(u.rxBuf[(u.rxHead + i) % u.rxBuf.length]);
  const lsr = (u.rxCount > 0 ? 0x01 : 0) | (u.overrun ? 0x02 : 0) | 0x60;
  return {
    IER: b(u.ier), LCR: b(u.lcr), MCR: b(u.mcr), LSR: b(lsr), SCR: b(u.scr), FCR: b(u.fcr),
    divisor: String(u.dll | (u.dlm << 8)),
    'receive FIFO': fifo.length === 0 ? 'empty' : `${fifo.length} byte(s): ${fifo.map(b).join(' ')}`,
    interrupt: u.irqLevel ? `raised (PLIC source ${u.irqLine})` : 'low',
  };
}

/** A little-endian u16 from guest RAM, or undefined when not RAM. */
function ramU16(rt: DebugRuntime, pa: number): number | undefined {
  const bus = rt.machine.bus;
  if (!bus.isRam(pa, 2)) return undefined;
  const b = bus.readBytes(pa, 2);
  return b[0] | (b[1] << 8);
}

function virtioState(rt: DebugRuntime, v: VirtioMmioDevice): StateTree {
  const status = VIRTIO_STATUS.filter(([bit]) => (v.status & bit) !== 0).map(([, n]) => n);
  const queues: StateTree = {};
  for (let q = 0; q < v.queueCount; q++) {
    if (v.qNum[q] === 0 && v.qReady[q] === 0) { queues[`queue ${q}`] = 'not set up'; continue; }
    const availIdx = ramU16(rt, v.qDriver[q] + 2);
    queues[`queue ${q}`] = {
      size: String(v.qNum[q]), ready: v.qReady[q] ? 'yes' : 'no',
      descriptors: hex(v.qDesc[q]), 'available ring': hex(v.qDriver[q]), 'used ring': hex(v.qDevice[q]),
      'available idx (driver)': availIdx === undefined ? '?' : String(availIdx),
      'next to consume': String(v.qLastAvail[q]), 'used idx (device)': String(v.qUsedIdx[q]),
    };
  }
  return {
    device: `${v.deviceId} (${VIRTIO_KINDS[v.deviceId] ?? 'unknown'})`,
    status: `${hex(v.status)}${status.length > 0 ? ` (${status.join(' | ')})` : ''}`,
    'driver features': hex(u64(v.driverFeatures[0], v.driverFeatures[1])),
    'interrupt status': hex(v.interruptStatus),
    ...queues,
  };
}

/** Other devices: their own plain number/boolean fields. */
function plainState(dev: object): StateTree {
  const out: StateTree = {};
  for (const [k, val] of Object.entries(dev)) {
    if (WIRING.has(k)) continue;
    if (typeof val === 'number') out[k] = Number.isInteger(val) && val >= 16 ? `${hex(val)} (${val})` : String(val);
    else if (typeof val === 'boolean') out[k] = String(val);
  }
  return out;
}

function kindOf(dev: Device): string {
  if (dev instanceof Plic) return 'interrupt controller (PLIC)';
  if (dev instanceof Aclint) return 'timer and software interrupts (ACLINT)';
  if (dev instanceof Uart16550) return 'serial port (16550A)';
  if (dev instanceof VirtioMmioDevice) return `virtio-mmio ${VIRTIO_KINDS[dev.deviceId] ?? dev.deviceId}`;
  if (dev instanceof VirtioEmptySlot) return 'virtio-mmio (empty slot)';
  if (dev instanceof Rom) return 'boot ROM';
  return dev.constructor.name;
}

function stateOf(rt: DebugRuntime, dev: Device): StateTree {
  if (dev instanceof Plic) return plicState(dev);
  if (dev instanceof Aclint) return aclintState(dev);
  if (dev instanceof Uart16550) return uartState(dev);
  if (dev instanceof VirtioMmioDevice) return virtioState(rt, dev);
  if (dev instanceof Rom || dev instanceof VirtioEmptySlot) return {};
  return plainState(dev);
}

/** The `hyperstep.devices` answer. */
export function devicesReport(rt: DebugRuntime): DevicesReport {
  const m = rt.machine;
  const bus = m.bus;
  const mapped = bus.devices.map((d) => ({ ...d }));
  const memoryMap: MemoryMapEntry[] = mapped.map((d) => ({
    name: d.dev.name, base: hex(d.base), size: hex(d.size), kind: d.dev instanceof Rom ? 'rom' as const : 'mmio' as const,
  }));
  memoryMap.push({ name: 'ram', base: hex(bus.ramBase), size: hex(bus.ramSize), kind: 'ram' });
  memoryMap.sort((a, b) => Number(BigInt(a.base) - BigInt(b.base)));
  const devices: DeviceInfo[] = mapped
    .sort((a, b) => a.base - b.base)
    .filter((d) => !(d.dev instanceof VirtioEmptySlot))
    .map((d) => ({ name: d.dev.name, kind: kindOf(d.dev), base: hex(d.base), state: stateOf(rt, d.dev) }));
  const htif = m.board.htif;
  if (m.board.name === 'spike' || htif.exited) devices.push({ name: 'htif', kind: 'host-target interface (tohost/fromhost)', state: plainState(htif) });
  return { board: m.board.name, memoryMap, devices };
}

/** The FDT the boot ROM passes in a1: address at ROM offset 32 (board.ts setupBoot). */
function fdtInRam(rt: DebugRuntime): { blob: Uint8Array; address: number } | undefined {
  const bus = rt.machine.bus;
  const rom = bus.devices.find((d) => d.dev instanceof Rom);
  if (rom === undefined) return undefined;
  const addr = u64(rom.dev.read(32, 4), rom.dev.read(36, 4));
  if (addr === 0 || !bus.isRam(addr, 40)) return undefined;
  const head = new DataView(bus.readBytes(addr, 8).slice().buffer);
  if (head.getUint32(0) !== FDT_MAGIC) return undefined;
  const total = head.getUint32(4);
  if (total < 40 || total > 1 << 24 || !bus.isRam(addr, total)) return undefined;
  return { blob: bus.readBytes(addr, total).slice(), address: addr };
}

/** The `hyperstep.deviceTree` answer. */
export function deviceTreeReport(rt: DebugRuntime): DeviceTreeReport {
  const found = fdtInRam(rt);
  if (found !== undefined) {
    try {
      return { dts: fdtToDts(readFdt(found.blob)), address: hex(found.address), source: 'guest memory' };
    } catch { /* overwritten or damaged: fall back to the generated tree */ }
  }
  // The board builds its tree on demand (a protected method; the same bytes setupBoot wrote).
  const board = rt.machine.board as unknown as { deviceTree?: () => Uint8Array };
  if (typeof board.deviceTree !== 'function') throw new Error('this board has no device tree');
  return { dts: fdtToDts(readFdt(board.deviceTree())), source: 'generated' };
}

export const DEVICES_REQUEST = 'hyperstep.devices';
export const DEVICE_TREE_REQUEST = 'hyperstep.deviceTree';

/** Answers either request (session.ts customRequest); throws with a one-line message. */
export function deviceRequest(rt: DebugRuntime, command: string): DevicesReport | DeviceTreeReport {
  return command === DEVICE_TREE_REQUEST ? deviceTreeReport(rt) : devicesReport(rt);
}
