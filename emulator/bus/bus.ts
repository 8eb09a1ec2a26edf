/**
 * The system bus: RAM (one contiguous region, paged in 4 KiB units for write/read
 * watching and dirty tracking) and MMIO devices at named addresses (memoryMap.ts).
 *
 * Harts access RAM directly through their software TLB; the bus is consulted on TLB
 * misses, for MMIO, and for "watched" pages. A page is watched for writes when it
 * holds compiled code, an HTIF mailbox, or an LR reservation, so that stores to it
 * take the slow path and notify the owner (WriteWatch reasons below).
 */
import { DmaError, type Device, type DmaMemory } from './device';
import type { Hart } from '../hart/hart';
import { flushStoreEntriesForRamPage, flushLoadEntriesForRamPage } from '../hart/mmu';
import { DEBUG_STOP_CAUSE } from '../hart/trap';
import { allocWasmState, RAM_OFF, type WasmState } from '../wasm/layout';

/** Reasons a RAM page is excluded from fast stores (bit mask in noFastWrite). */
export const WriteWatch = { Code: 1, Htif: 2, Reservation: 4, Watchpoint: 8 } as const;

/** Receives notifications of writes to watched pages. */
export interface WriteObserver {
  onWatchedWrite(pa: number, size: number, hart: Hart | null): void;
}

interface Mapping { base: number; size: number; dev: Device }

/** Access kinds a data watchpoint reacts to (bit mask). */
export const WatchKind = { Read: 1, Write: 2 } as const;

/** A debugger data watchpoint on physical bytes [lo, hi). */
export interface Watchpoint { lo: number; hi: number; kind: number }

export class Bus implements DmaMemory {
  readonly ram: Uint8Array;
  readonly noFastWrite: Uint8Array;
  readonly noFastRead: Uint8Array;
  /** RAM pages written since the last snapshot (emulator/snapshot/pages.ts). Set when a
   *  store TLB entry is filled (so fast stores never mark), by the slow store paths,
   *  page-table A/D updates, AMOs, DMA and debugger writes. */
  readonly dirty: Uint8Array;
  /** RAM writes made by a debugger (debugMemory.writePhys): time travel notices them. */
  hostWrites = 0;
  readonly harts: Hart[] = [];
  /** Bumped whenever a virtual-to-physical code mapping or compiled code may have
   *  changed (TLB flushes, privilege changes, code invalidation): cached links between
   *  blocks are only followed while it is unchanged. */
  codeEpoch = 0;
  /** Data watchpoints (debugger). Their pages are watched, so only slow paths check. */
  readonly watchpoints: Watchpoint[] = [];
  /** Set while the debugger re-executes the access that hit a watchpoint. */
  watchSuppress = false;
  private readonly maps: Mapping[] = [];
  private readonly observers: WriteObserver[] = [];

  /** The WebAssembly.Memory holding RAM and the harts' hot state (wasm/layout.ts), or
   *  null when it could not be allocated (plain arrays; the wasm tier stays off). */
  readonly wasm: WasmState | null;

  constructor(readonly ramBase: number, readonly ramSize: number) {
    if (ramSize % 4096 !== 0) throw new Error('RAM size must be a multiple of 4 KiB');
    this.wasm = allocWasmState(ramSize);
    this.ram = this.wasm !== null ? new Uint8Array(this.wasm.buffer, RAM_OFF, ramSize) : new Uint8Array(ramSize);
    this.noFastWrite = new Uint8Array(ramSize / 4096);
    this.noFastRead = new Uint8Array(ramSize / 4096);
    this.dirty = new Uint8Array(ramSize / 4096).fill(1);
  }

  /** Map a device at [base, base+size). */
  map(base: number, size: number, dev: Device): void {
    for (const m of this.maps) {
      if (base < m.base + m.size && m.base < base + size) {
        throw new Error(`device ${dev.name} overlaps ${m.dev.name}`);
      }
    }
    this.maps.push({ base, size, dev });
    this.maps.sort((a, b) => a.base - b.base);
  }

  /** All mapped devices (for the FDT, snapshots and the UI). */
  get devices(): readonly { base: number; size: number; dev: Device }[] {
    return this.maps;
  }

  addObserver(o: WriteObserver): void {
    this.observers.push(o);
  }

  isRam(pa: number, len: number): boolean {
    const off = pa - this.ramBase;
    return off >= 0 && off + len <= this.ramSize;
  }

  private find(pa: number): Mapping | undefined {
    const maps = this.maps;
    for (let i = 0; i < maps.length; i++) {
      const m = maps[i];
      if (pa >= m.base && pa < m.base + m.size) return m;
    }
    return undefined;
  }

  /** MMIO read; undefined when nothing answers at pa (access fault). */
  mmioRead(pa: number, size: 1 | 2 | 4): number | undefined {
    const m = this.find(pa);
    if (m === undefined || pa + size > m.base + m.size) return undefined;
    return m.dev.read(pa - m.base, size);
  }

  /** MMIO write; false when nothing answers at pa (access fault). */
  mmioWrite(pa: number, size: 1 | 2 | 4, value: number): boolean {
    const m = this.find(pa);
    if (m === undefined || pa + size > m.base + m.size) return false;
    m.dev.write(pa - m.base, size, value);
    return true;
  }

  /** Add a watch reason to the RAM page containing pa; drops cached fast-store entries. */
  watchWrites(pa: number, reason: number): void {
    const page = Math.floor((pa - this.ramBase) / 4096);
    if (page < 0 || page >= this.noFastWrite.length) return;
    if ((this.noFastWrite[page] & reason) !== 0) return;
    this.noFastWrite[page] |= reason;
    for (const h of this.harts) flushStoreEntriesForRamPage(h, page * 4096);
  }

  unwatchWrites(pa: number, reason: number): void {
    const page = Math.floor((pa - this.ramBase) / 4096);
    if (page < 0 || page >= this.noFastWrite.length) return;
    this.noFastWrite[page] &= ~reason;
  }

  /** Watch reads of a RAM page (data watchpoints). */
  watchReads(pa: number, on: boolean): void {
    const page = Math.floor((pa - this.ramBase) / 4096);
    if (page < 0 || page >= this.noFastRead.length) return;
    this.noFastRead[page] = on ? 1 : 0;
    if (on) for (const h of this.harts) flushLoadEntriesForRamPage(h, page * 4096);
  }

  /** Called by the hart slow path after a write to a watched RAM page. */
  watchWrite(h: Hart | null, pa: number, size: number): void {
    for (const o of this.observers) o.onWatchedWrite(pa, size, h);
  }

  /** Called by the hart slow path on a read of a watched RAM page. */
  watchRead(h: Hart, pa: number, size: number): void {
    this.checkWatch(h, pa, size, WatchKind.Read);
  }

  /**
   * Stop the hart before an access of `kind` (WatchKind bits) to [pa, pa+size) that
   * overlaps a watchpoint: raises DEBUG_STOP_CAUSE (no trap is taken; see engine.ts).
   */
  checkWatch(h: Hart, pa: number, size: number, kind: number): void {
    if (this.watchSuppress) return;
    const wps = this.watchpoints;
    for (let i = 0; i < wps.length; i++) {
      const w = wps[i];
      if ((w.kind & kind) !== 0 && pa < w.hi && w.lo < pa + size) h.raise(DEBUG_STOP_CAUSE, pa);
    }
  }

  /** Replace the data watchpoints; pages are (un)watched so fast paths skip them. */
  setWatchpoints(list: readonly Watchpoint[]): void {
    for (const w of this.watchpoints) this.watchRange(w, false);
    this.watchpoints.length = 0;
    for (const w of list) { this.watchpoints.push({ ...w }); this.watchRange(w, true); }
  }

  private watchRange(w: Watchpoint, on: boolean): void {
    for (let p = w.lo - (w.lo & 4095); p < w.hi; p += 4096) {
      if (!this.isRam(p, 1)) continue;
      if ((w.kind & WatchKind.Write) !== 0) {
        if (on) this.watchWrites(p, WriteWatch.Watchpoint); else this.unwatchWrites(p, WriteWatch.Watchpoint);
      }
      if ((w.kind & WatchKind.Read) !== 0) this.watchReads(p, on);
    }
  }

  /** Note a write to RAM bytes [pa, pa+len) made outside the harts' store paths. */
  markDirty(pa: number, len: number): void {
    const off = pa - this.ramBase;
    if (off < 0 || off >= this.ramSize) return;
    const last = Math.min(this.ramSize, off + Math.max(len, 1)) - 1;
    for (let p = Math.floor(off / 4096); p <= Math.floor(last / 4096); p++) this.dirty[p] = 1;
  }

  // ---- DmaMemory ----
  readBytes(paddr: number, len: number): Uint8Array {
    if (!this.isRam(paddr, len)) throw new DmaError(paddr, len);
    const off = paddr - this.ramBase;
    return this.ram.subarray(off, off + len);
  }

  writeBytes(paddr: number, data: Uint8Array): void {
    if (!this.isRam(paddr, data.length)) throw new DmaError(paddr, data.length);
    const off = paddr - this.ramBase;
    this.ram.set(data, off);
    this.markDirty(paddr, data.length);
    const first = Math.floor(off / 4096), last = Math.floor((off + Math.max(data.length, 1) - 1) / 4096);
    for (let p = first; p <= last; p++) {
      if (this.noFastWrite[p] !== 0) {
        const start = Math.max(off, p * 4096);
        const end = Math.min(off + data.length, (p + 1) * 4096);
        this.watchWrite(null, this.ramBase + start, end - start);
      }
    }
  }
}
