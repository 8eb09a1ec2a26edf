/**
 * The debug runtime: one machine under a debugger. It owns the run loop (slices of
 * Machine.step with a turn for the host in between, so pause always gets through),
 * breakpoints (breakpoints.ts), data watchpoints, exception filters and stepping
 * (stepping.ts), and reports what happens as a few plain events:
 *   stopped(reason, hart) · output(text) · exited(code).
 * The DAP session (debug-adapter/) only translates these; nothing here knows DAP.
 */
import type { Machine } from '../machine';
import { machineStats, type MachineStats } from '../stats';
import { Stop, deliverCaught } from '../engine';
import { createMachine, InitrdError, loadFirmwareAndKernel, loadProgram, textConsole, type KernelImage } from '../runElf';
import { ElfError, parseElf, type ElfImage } from '../loader/elf';
import { causeName } from '../hart/trap';
import type { Hart } from '../hart/hart';
import { SymbolTable } from './symbols';
import { stackFrames, hartPc, type Frame } from './frames';
import { Breakpoints } from './breakpoints';
import { debugTranslate, spaceTranslate, type MemorySpace } from './debugMemory';
import { WatchKind } from '../bus/bus';
import { ContextSet, VmTracker, VM_FILTERS, type DebugContext, type GuestConfig } from './contexts';
import { contextFrames } from './stitch';
import { TimeTravel, type TimeTravelOptions } from './timeTravel';
import { loadMachineFile, restoreMachineFile } from '../snapshot/machineFile';

export type StopReason = 'entry' | 'breakpoint' | 'function breakpoint' | 'instruction breakpoint'
  | 'data breakpoint' | 'exception' | 'step' | 'pause' | 'goto';

export type RuntimeEvent =
  | { type: 'stopped'; reason: StopReason; hartId: number; description?: string; breakpointIds?: number[] }
  | { type: 'output'; category: 'stdout' | 'console' | 'stderr'; text: string }
  | { type: 'exited'; exitCode: number; description: string };

/** Host services: files and the event loop (Node or a browser worker). */
export interface DebugHost {
  readFile(path: string): Uint8Array;
  now(): number;
  /** Resolves after other work on the thread had a turn. */
  yieldToHost(): Promise<void>;
  sleep(ms: number): Promise<void>;
}

export interface RuntimeConfig {
  /** The ELF being debugged (its symbols come first); may also be firmware or kernel. */
  program: string;
  machine: 'virt' | 'spike';
  /** Started from the reset vector in M-mode (the program itself when there is no firmware). */
  firmware: string;
  /** Booted by the firmware (ELF, or raw image at 0x80200000). */
  kernel?: string;
  memoryMiB: number;
  harts: number;
  /** Extra ELF files whose symbols and DWARF apply. */
  symbols: string[];
  /** Pause once this many instructions have retired (all harts). */
  maxInsns?: number;
  /** Initial ramdisk file, placed as QEMU places it relative to the kernel. */
  initrd?: string;
  /** Raw disk image file for the virt board's virtio-blk (read through the host); guest
   *  writes stay in memory (a copy-on-write overlay, part of time-travel snapshots). */
  drive?: string;
  /** Entropy seed (FDT rng-seed, virtio-rng); default: the built-in seed. */
  rngSeed?: Uint8Array;
  /** Kernel command line (/chosen bootargs). */
  bootargs?: string;
  /** Hypervisor sessions: the ELF whose symbols apply with V=0 (HS-mode). */
  hypervisor?: string;
  /** Hypervisor sessions: the guests, each a context with its own symbols. */
  guests?: GuestConfig[];
  /** Record history for time travel (snapshots, input log); false: off (no cost). */
  timeTravel?: false | TimeTravelOptions;
  /** Start from the machine saved in this snapshot file (same board, RAM and harts). */
  restore?: string;
}

export type DataAccess = 'read' | 'write' | 'readWrite';
export interface DataBreakpoint { address: bigint; size: number; access: DataAccess }

/** Exception filter ids and the trap causes they catch. */
export const EXCEPTION_FILTERS: { id: string; label: string; causes: number[] }[] = [
  { id: 'illegal', label: 'Illegal instruction', causes: [2] },
  { id: 'breakpoint', label: 'Breakpoint (ebreak)', causes: [3] },
  { id: 'ecall', label: 'Environment call (ecall)', causes: [8, 9, 10, 11] },
  { id: 'pageFault', label: 'Page faults', causes: [12, 13, 15, 20, 21, 23] },
  { id: 'accessFault', label: 'Access faults', causes: [1, 5, 7] },
  { id: 'misaligned', label: 'Misaligned address', causes: [0, 4, 6] },
  { id: 'interrupt', label: 'Interrupts', causes: [] },
];

/** Every exception filter a session offers: trap causes, then the VM-level filters. */
export const ALL_FILTERS: { id: string; label: string; description?: string }[] = [...EXCEPTION_FILTERS, ...VM_FILTERS];

/** Instructions of the first Machine.step call of a run under the debugger; the slice
 *  doubles (up to MAX_SLICE) while a call takes under a quarter of SLICE_MS, so fast
 *  code pays the per-call cost (step, the run loop's entry, host clock reads) rarely. */
const DEBUG_SLICE = 100_000;
const MAX_SLICE = 4_000_000;
/** The slice shrinks (down to MIN_SLICE) while one takes longer than SLICE_MS: guests that
 *  trap on every instruction (VM-exit storms) or a loaded host still hear pause in time. */
const MIN_SLICE = 1_000;
const SLICE_MS = 5;
/** Instructions of boot code run before "stop on entry" gives up reaching the entry. */
const ENTRY_MAX_STEPS = 10_000;
/** Host milliseconds between turns given to the host while running. */
const TURN_MS = 15;

export class DebugRuntime {
  machine!: Machine;
  readonly symbols = new SymbolTable();
  /** Contexts (firmware, hypervisor, guests); enabled for hypervisor sessions. */
  readonly contexts = new ContextSet(this.symbols);
  /** Recorded history and reverse execution (null when off). */
  timeTravel: TimeTravel | null = null;
  /** The VM hook of hypervisor sessions (null otherwise: no cost). */
  tracker: VmTracker | null = null;
  readonly breakpoints: Breakpoints;
  state: 'stopped' | 'running' | 'exited' = 'stopped';
  private listeners: ((e: RuntimeEvent) => void)[] = [];
  private pauseRequested = false;
  private disposed = false;
  /** Host console bytes waiting for the UART (fed between slices). */
  private readonly input: number[] = [];
  /** Guest console text not yet emitted (the UART writes a byte at a time). */
  private pendingOut = '';
  private watch: DataBreakpoint[] = [];
  /** Physical ranges of `watch`, index for index (set by applyWatch). */
  private watchRanges: { lo: number; hi: number }[] = [];
  /** The data breakpoint behind the last 'data breakpoint' stop (gdb's watch:ADDR). */
  lastWatchHit: DataBreakpoint | undefined;
  private filters: string[] = [];
  /** Entry point of the first program run (the firmware's when there is one). */
  entry = 0n;
  /** Temporary stop used by stepping: addresses, the condition checked at the hit, and
   *  the context the addresses belong to. */
  temp: { addresses: bigint[]; until: () => boolean; context?: DebugContext } | null = null;

  constructor(readonly host: DebugHost, readonly config: RuntimeConfig) {
    this.breakpoints = new Breakpoints(this);
  }

  onEvent(fn: (e: RuntimeEvent) => void): void {
    this.listeners.push(fn);
  }

  emit(e: RuntimeEvent): void {
    for (const fn of this.listeners) fn(e);
  }

  // ------------------------------------------------------------------ loading
  /** Build the machine and load the program (and firmware/kernel). Throws Error with
   *  a one-line message for unreadable or invalid files. */
  load(): void {
    const c = this.config;
    const console = textConsole((text) => { this.pendingOut += text; this.timeTravel?.history.output(text); });
    let initrd: Uint8Array | undefined;
    if (c.initrd !== undefined) {
      initrd = this.readFile(c.initrd, 'initrd');
      if (initrd.length === 0) throw new Error(`${c.initrd}: initrd is empty`);
    }
    let disk: Uint8Array | undefined;
    if (c.drive !== undefined) {
      if (c.machine !== 'virt') throw new Error(`${c.drive}: a disk image needs the virt board`);
      disk = this.readFile(c.drive, 'disk image');
    }
    const m: Machine = createMachine({ machine: c.machine, ramMiB: c.memoryMiB, harts: c.harts, console, initrd, disk, rngSeed: c.rngSeed, bootargs: c.bootargs });
    const fwPath = c.firmware;
    const kernelPath = c.kernel;
    const fw = this.readElf(fwPath);
    let kernel: KernelImage | undefined;
    if (kernelPath !== undefined) {
      const bytes = this.readFile(kernelPath);
      kernel = isElf(bytes) ? { elf: this.parse(kernelPath, bytes) } : { raw: bytes };
      if (kernel.elf !== undefined) this.addSymbols(kernelPath, kernel.elf, bytes);
    }
    try {
      if (kernel !== undefined) loadFirmwareAndKernel(m, fw.image, kernel);
      else loadProgram(m, fw.image);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      throw new Error(`${e instanceof InitrdError ? c.initrd : fwPath}: ${msg}`);
    }
    if (c.program !== fwPath && c.program !== kernelPath) { const p = this.readElf(c.program); this.addSymbols(c.program, p.image, p.bytes); }
    this.addSymbols(fwPath, fw.image, fw.bytes);
    this.entry = BigInt.asUintN(64, BigInt(fw.image.entry));
    for (const s of c.symbols) { const f = this.readElf(s); this.addSymbols(s, f.image, f.bytes); }
    if (c.hypervisor !== undefined) {
      const f = this.readElf(c.hypervisor);
      this.addSymbols(c.hypervisor, f.image, f.bytes);
      this.contexts.enabled = true;
    }
    for (const g of c.guests ?? []) {
      const ctx = this.contexts.addGuest(g.name, g.vmid);
      const f = this.readElf(g.symbols);
      const sf = ctx.symbols.add(g.symbols, f.image, f.bytes);
      for (const w of sf.dwarf.warnings) this.emit({ type: 'output', category: 'console', text: `HyperStep: ${g.symbols}: ${w}\n` });
    }
    if (this.contexts.enabled) {
      this.tracker = new VmTracker(this.contexts, m.harts.length);
      this.tracker.warn = (text) => this.emit({ type: 'output', category: 'console', text });
      for (const h of m.harts) h.vmHook = this.tracker;
    }
    if (c.restore !== undefined) {
      try {
        restoreMachineFile(m, loadMachineFile(this.readFile(c.restore)));
      } catch (e) {
        throw new Error(`${c.restore}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    this.machine = m;
    if (c.timeTravel !== false) this.timeTravel = new TimeTravel(this, c.timeTravel ?? {});
  }

  private readFile(path: string, what?: string): Uint8Array {
    try {
      return this.host.readFile(path);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (what !== undefined) throw new Error(`${path}: cannot read ${what} (${code ?? 'error'})`); // as the CLI
      throw new Error(`cannot read ${path}${code === 'ENOENT' ? ': no such file' : code ? `: ${code}` : ''}`);
    }
  }

  private parse(path: string, bytes: Uint8Array): ElfImage {
    try {
      return parseElf(bytes);
    } catch (e) {
      if (e instanceof ElfError) throw new Error(`${path}: ${e.message}`);
      throw e;
    }
  }

  private readElf(path: string): { image: ElfImage; bytes: Uint8Array } {
    const bytes = this.readFile(path);
    return { image: this.parse(path, bytes), bytes };
  }

  private addSymbols(path: string, image: ElfImage, bytes: Uint8Array): void {
    if (this.symbols.files.some((f) => f.path === path)) return;
    const f = this.symbols.add(path, image, bytes);
    for (const w of f.dwarf.warnings) this.emit({ type: 'output', category: 'console', text: `HyperStep: ${path}: ${w}\n` });
  }

  // ------------------------------------------------------------------ inspection
  get harts(): Hart[] {
    return this.machine.harts;
  }

  hart(id: number): Hart {
    return this.machine.harts[id] ?? this.machine.harts[0];
  }

  frames(hartId: number, max?: number): Frame[] {
    const h = this.hart(hartId);
    if (this.tracker !== null) return contextFrames(h, this.contexts, this.tracker, max);
    return stackFrames(h, this.symbols, max);
  }

  /** The symbols that apply to hart h now (its context's). */
  symbolsFor(h: Hart): SymbolTable {
    return this.contextOf(h).symbols;
  }

  /** The context hart h runs in (the default context outside hypervisor sessions). */
  contextOf(h: Hart): DebugContext {
    return this.contexts.enabled ? this.contexts.of(h) : this.contexts.hypervisor;
  }

  /** The address space of a context: a guest's last known one (undefined before the
   *  guest has run), the hypervisor's HS view, or physical for the firmware. */
  spaceOf(ctx: DebugContext, stage: 'gva' | 'gpa' = 'gva'): MemorySpace | undefined {
    if (ctx.kind === 'firmware') return { kind: 'hpa' };
    if (ctx.kind !== 'guest') return this.contexts.enabled ? { kind: 'host' } : { kind: 'hart' };
    const space = this.tracker?.spaces.get(ctx.vmid);
    return space === undefined ? undefined : { kind: stage, space };
  }

  /** The physical address of fetching `va` on hart h in its current address space
   *  (V=0 in hypervisor sessions), or undefined when it is not mapped there. */
  mappedPhysical(h: Hart, va: bigint): number | undefined {
    const t = this.contexts.enabled ? spaceTranslate(h, { kind: 'host' }, va, 'fetch') : debugTranslate(h, va, 'fetch');
    return 'pa' in t ? Number(t.pa) : undefined;
  }

  /** Physical address for a virtual code address, as the engine's breakpoint set needs
   *  (hypervisor sessions: through the hypervisor's own translation, whatever runs). */
  physical(h: Hart, va: bigint): number {
    const pa = this.mappedPhysical(h, va);
    if (pa !== undefined) return pa;
    for (const f of this.symbols.files) { // not mapped yet: use the ELF's load mapping
      for (const s of f.image.segments) {
        const v = BigInt.asUintN(64, BigInt(s.vaddr));
        if (va >= v && va < v + BigInt(s.memSize)) return s.paddr + Number(va - v);
      }
    }
    return Number(BigInt.asIntN(64, va));
  }

  // ------------------------------------------------------------------ watchpoints / filters
  setDataBreakpoints(list: DataBreakpoint[]): void {
    this.watch = list;
    this.applyWatch();
  }

  private applyWatch(): void {
    const h = this.machine.harts[0];
    const list = this.watch.map((w) => {
      const t = debugTranslate(h, w.address, 'read');
      const lo = 'pa' in t ? Number(t.pa) : Number(w.address);
      const kind = w.access === 'read' ? WatchKind.Read : w.access === 'write' ? WatchKind.Write : WatchKind.Read | WatchKind.Write;
      return { lo, hi: lo + w.size, kind };
    });
    this.watchRanges = list;
    this.machine.bus.setWatchpoints(list);
  }

  setExceptionFilters(ids: string[]): void {
    this.filters = ids;
    this.applyFilters();
    if (this.tracker !== null) this.tracker.filters = new Set(ids.filter((id) => VM_FILTERS.some((f) => f.id === id)));
  }

  private applyFilters(): void {
    const cache = this.machine.cache;
    cache.catchCause.fill(0);
    cache.catchInterrupts = false;
    for (const f of EXCEPTION_FILTERS) {
      if (!this.filters.includes(f.id)) continue;
      for (const c of f.causes) cache.catchCause[c] = 1;
      if (f.id === 'interrupt') cache.catchInterrupts = true;
    }
  }

  // ------------------------------------------------------------------ running
  pause(): void {
    if (this.state === 'running') this.pauseRequested = true;
  }

  pauseWanted(): boolean {
    return this.pauseRequested || this.disposed;
  }

  /** End this runtime: a run in progress stops quietly; no more events. */
  dispose(): void {
    this.disposed = true;
    this.listeners = [];
  }

  /** Host console input for the guest's UART. */
  sendInput(text: string): void {
    for (const b of new TextEncoder().encode(text)) this.input.push(b);
  }

  /** Emit buffered guest console output as one event. */
  flushOutput(): void {
    if (this.pendingOut === '') return;
    const text = this.pendingOut;
    this.pendingOut = '';
    this.emit({ type: 'output', category: 'stdout', text });
  }

  private feedInput(): void {
    const q = this.input;
    let k = 0;
    while (k < q.length && this.machine.board.pushInput(q[k])) this.timeTravel?.history.input(q[k++]);
    if (k > 0) q.splice(0, k);
  }

  /** Before any resume: take caught traps, let harts leave the breakpoints they sit on. */
  private prepareResume(): void {
    for (const h of this.machine.harts) {
      if (h.caughtCause >= 0) { deliverCaught(h); this.machine.charge(h); }
      h.ignoreBp = true;
    }
    this.breakpoints.arm();
  }

  /** The machine's counters: instructions per mode, traps, VM exits and entries. */
  stats(): MachineStats {
    return machineStats(this.machine);
  }

  /** Continue until something stops the machine; reports it. */
  async continue(): Promise<void> {
    this.begin();
    const stop = await this.run();
    this.report(stop);
  }

  /** Start of a user command (continue, step): from now on pause() is heard. */
  begin(): void {
    this.timeTravel?.checkWrites(); // a debugger write while stopped branches history here
    this.state = 'running';
    this.pauseRequested = false;
  }

  /** Run (all harts) until a reportable stop; undefined when the guest powered off.
   *  Part of a command started by begin(). */
  async run(): Promise<RuntimeEvent | undefined> {
    if (this.state === 'exited') return undefined;
    this.prepareResume();
    const m = this.machine;
    let turn = this.host.now();
    let slice = DEBUG_SLICE;
    const tt = this.timeTravel;
    for (;;) {
      if (this.pauseRequested || this.disposed) return this.stopEvent('pause', m.harts[0]);
      if (this.input.length > 0) this.feedInput();
      const limit = this.config.maxInsns ?? Infinity;
      if (m.instret >= limit) return this.stopEvent('pause', m.harts[0], `instruction limit (${limit}) reached`);
      const t0 = this.host.now();
      const due = tt !== null ? tt.history.injectDue() : Infinity;
      const n = m.step(Math.min(slice, Math.max(1, limit - m.instret), due));
      if (tt !== null) tt.history.afterStep();
      const dt = this.host.now() - t0;
      if (dt > SLICE_MS) slice = Math.max(MIN_SLICE, slice >> 1);
      else if (dt < SLICE_MS / 4 && slice < MAX_SLICE) slice = Math.min(MAX_SLICE, slice * 2);
      if (m.halted !== null) return undefined;
      if (this.breakpoints.unresolved) this.breakpoints.arm();
      const ds = m.debugStop;
      if (ds !== null) {
        m.debugStop = null;
        const ev = this.onDebugStop(ds.hart, ds.why);
        if (ev !== undefined) return ev;
        ds.hart.ignoreBp = true;
        continue;
      }
      if (n === 0) { this.flushOutput(); await this.host.sleep(5); turn = this.host.now(); continue; } // waits for input
      if (this.host.now() - turn >= TURN_MS) { this.flushOutput(); await this.host.yieldToHost(); turn = this.host.now(); }
    }
  }

  /** Execute exactly one instruction on every hart (a trap entry counts as one). */
  stepInstruction(): RuntimeEvent | undefined {
    if (this.state === 'exited') return undefined;
    const m = this.machine;
    const caught = m.harts.some((h) => h.caughtCause >= 0);
    this.prepareResume();
    if (!caught) {
      this.timeTravel?.history.injectDue();
      m.step(1);
      this.timeTravel?.history.afterStep();
    }
    if (m.halted !== null) return undefined;
    const ds = m.debugStop;
    if (ds !== null) {
      m.debugStop = null;
      const ev = this.onDebugStop(ds.hart, ds.why, true);
      if (ev !== undefined) return ev;
    }
    return this.stopEvent('step', m.harts[0]);
  }

  /** What a debug stop of the engine means: a reportable event or nothing (go on). */
  private onDebugStop(h: Hart, why: number, stepping = false): RuntimeEvent | undefined {
    if (why === Stop.Watch) {
      // The engine raised the stop with the access's physical address as tval: the watch
      // it falls in (an access may also start just below a watch it overlaps).
      const pa = h.signal.tval;
      const r = this.watchRanges;
      const i = r.findIndex((w) => pa >= w.lo && pa < w.hi);
      const j = i >= 0 ? i : r.findIndex((w) => pa < w.hi && w.lo < pa + 16);
      this.lastWatchHit = this.watch[j >= 0 ? j : 0];
      const bus = this.machine.bus;
      bus.watchSuppress = true; // complete the access, then report with the new value
      // One unit of the suspended round (the same hart): the schedule stays as without the watch.
      try { h.ignoreBp = true; this.machine.step(1); } finally { bus.watchSuppress = false; }
      this.machine.debugStop = null;
      return this.stopEvent('data breakpoint', h);
    }
    if (why === Stop.VmEvent) {
      return this.stopEvent('exception', h, this.tracker?.stopText[h.id] ?? 'VM event');
    }
    if (why === Stop.Exception) {
      const name = causeName(h.caughtCause, h.caughtIrq);
      const desc = name.charAt(0).toUpperCase() + name.slice(1);
      return this.stopEvent('exception', h, `${h.caughtIrq ? 'Interrupt' : 'Exception'}: ${desc}`);
    }
    if (stepping) return undefined;
    const pc = hartPc(h);
    const t = this.temp;
    if (t !== null && t.addresses.includes(pc) && t.until()) return this.stopEvent('step', h);
    return this.breakpoints.hit(h, pc);
  }

  stopEvent(reason: StopReason, h: Hart, description?: string, breakpointIds?: number[]): RuntimeEvent {
    return { type: 'stopped', reason, hartId: h.id, description, breakpointIds };
  }

  /** Publish the end of a run: a stop, or the guest's exit. */
  report(ev: RuntimeEvent | undefined): void {
    this.temp = null;
    this.flushOutput();
    if (ev === undefined || this.machine.halted !== null) {
      if (this.state === 'exited') return;
      this.state = 'exited';
      const h = this.machine.halted;
      const code = h?.code ?? 0;
      this.emit({ type: 'exited', exitCode: code, description: h?.kind === 'reset' ? 'guest reset' : `guest powered off, exit code ${code}` });
      return;
    }
    this.state = 'stopped';
    this.timeTravel?.noteStop(ev);
    this.emit(ev);
  }

  /** Stop on entry: run the boot ROM (a few instructions) up to the program's entry
   *  point, then report. Harts other than 0 may still be in the ROM (parked). */
  reportEntry(): void {
    const h = this.machine.harts[0];
    for (let n = 0; n < ENTRY_MAX_STEPS && hartPc(h) !== this.entry && this.machine.halted === null; n++) this.machine.step(1);
    this.breakpoints.arm();
    this.report(this.stopEvent('entry', h));
  }
}

function isElf(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46;
}
