/**
 * The gdb remote serial protocol command handler over a DebugRuntime (gdb manual,
 * appendix E "Remote Serial Protocol", E.4 "Packets", E.3 "Stop Reply Packets",
 * E.4 "General Query Packets"). It takes one unframed packet at a time and answers
 * with the unframed reply; framing, acknowledgments and sockets are server.ts's.
 *
 * All-stop mode only: a continue or step runs every hart (DebugRuntime.run /
 * stepInstruction) and the reply comes when the machine stops. Threads are harts,
 * thread id = hart index + 1. Breakpoints (Z0/Z1) become the runtime's instruction
 * breakpoints and watchpoints (Z2-Z4) its data breakpoints, so the engine's hooks stay
 * free while nothing is set. Memory goes through the debugger's side-effect-free view
 * (emulator/debug/debugMemory.ts): virtual through the selected hart's translation, or
 * physical after `monitor phys on`.
 *
 * The runtime may have a second client, a DAP session (debug-adapter/gdbServer.ts):
 * gdb's breakpoints then live apart from the editor's (Breakpoints.setExternal), every
 * runtime stop updates the `?` reply, and a continue or step that arrives while the
 * other client runs the machine is answered by that run's stop.
 *
 * Extension point: packets are dispatched by their first letter or `q`/`v` name in
 * `handle`; reverse execution (`bs`/`bc`, announced as ReverseStep+/ReverseContinue+
 * in qSupported) and snapshot monitor commands plug into the same tables.
 */
import { atHistoryStart, reverse, reverseFeatures, snapshotMonitor } from './reverse';
import type { DebugRuntime, RuntimeEvent, DataAccess, DataBreakpoint } from '../emulator/debug/runtime';
import type { Hart } from '../emulator/hart/hart';
import { hartPc, liveAccess, privName, readX } from '../emulator/debug/frames';
import { debugRead, debugWrite, readPhys, writePhys, currentGuestSpace, type GuestSpace } from '../emulator/debug/debugMemory';
import { readCsrByName, writeCsrByName } from '../emulator/debug/csrView';
import { explainGuest, explainHost, reportLines } from '../emulator/debug/translation';
import { setPc } from '../emulator/debug/goto';
import { machineStats } from '../emulator/stats';
import { VIRT_MROM, VIRT_MROM_SIZE } from '../emulator/bus/memoryMap';
import { MAX_PACKET, escapeBinary, fromHex, toHex, unescapeBinary } from './packets';
import { FIRST_CSR_REGNUM, FIRST_FP_REGNUM, PC_REGNUM, PRIV_REGNUM, memoryMapXml, targetXml, type MemoryRegion } from './targetXml';

/** Largest m/M/X transfer (bytes): the reply (two hex digits a byte) fits a packet. */
const MAX_MEMORY = (MAX_PACKET >> 1) - 32;
const M64 = (1n << 64n) - 1n;

/** gdb signal numbers of stop replies (gdb's own numbering, include/gdb/signals.def). */
const SIGINT = 2;
const SIGTRAP = 5;

export interface StubOptions {
  /** `k`/vKill: the client asked to end the machine. */
  onKill?: () => void;
  /** Regions for qXfer:memory-map:read (default: the board's RAM). */
  memoryMap?: MemoryRegion[];
  /** A continue or step of the client starts (a DAP session on the same runtime tells
   *  its client the machine runs). */
  onResume?: () => void;
  /** Where gdb's watchpoints go (default: the runtime's data breakpoints, replaced as a
   *  whole; a DAP session on the same runtime merges them with the editor's). */
  setWatchpoints?: (list: DataBreakpoint[]) => void;
}

interface Point { kind: number; address: bigint; size: number }

/** 64-bit value as 16 hex digits, least significant byte first (target byte order). */
export function le64(v: bigint): string {
  let s = '';
  for (let i = 0n; i < 64n; i += 8n) s += Number((v >> i) & 0xffn).toString(16).padStart(2, '0');
  return s;
}

/** Little-endian hex bytes as a value (at most 8 bytes); undefined when not hex. */
export function parseLe(hex: string): bigint | undefined {
  if (hex.length === 0 || hex.length > 16 || hex.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
  let v = 0n;
  for (let i = hex.length - 2; i >= 0; i -= 2) v = (v << 8n) | BigInt(parseInt(hex.slice(i, i + 2), 16));
  return v;
}

/** A hex number field (addresses, lengths): undefined unless 1..16 hex digits. */
function hexNum(s: string | undefined): bigint | undefined {
  if (s === undefined || !/^[0-9a-fA-F]{1,16}$/.test(s)) return undefined;
  return BigInt('0x' + s);
}

const bytesHex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

export class GdbStub {
  /** Hart index for register and memory packets (Hg), 0-based. */
  private gHart = 0;
  private points: Point[] = [];
  /** Features the client announced in qSupported (swbreak, hwbreak). */
  private clientFeatures = new Set<string>();
  /** The last stop reply (answer to `?`). */
  private lastStop: string;
  /** Hart of the last stop: the stop reply selects it (gdb's current thread). */
  private lastStopHart = 0;
  private lastEvent: RuntimeEvent | undefined;
  private running: Promise<string> | null = null;
  /** Called at the runtime's next stop or exit (runs started by another client). */
  private stopWaiters: (() => void)[] = [];
  /** m/M/X address physical addresses (`monitor phys on`). */
  physical = false;
  /** Set once QStartNoAckMode was answered: the server stops acknowledging. */
  noAck = false;
  /** Guest console output while the stub owns the runtime. */
  onOutput: (text: string) => void = () => undefined;
  /** The runtime's own messages (DWARF warnings, breakpoint condition errors). */
  onMessage: (text: string) => void = () => undefined;

  constructor(readonly rt: DebugRuntime, private readonly opts: StubOptions = {}) {
    this.lastStop = this.stopReplyFor({ type: 'stopped', reason: 'entry', hartId: 0 });
    rt.onEvent((e) => {
      if (e.type === 'output') { if (e.category === 'stdout') this.onOutput(e.text); else this.onMessage(e.text); return; }
      this.lastEvent = e;
      // Every stop, whoever ran the machine (a DAP session may share the runtime).
      if (e.type === 'stopped') { this.lastStop = this.stopReplyFor(e); this.lastStopHart = e.hartId; }
      const w = this.stopWaiters;
      this.stopWaiters = [];
      for (const f of w) f();
    });
  }

  /** Resolves at the runtime's next stop or exit. */
  private nextStop(): Promise<void> {
    return new Promise((resolve) => this.stopWaiters.push(resolve));
  }

  /** Whether a continue or step is in progress. */
  get isRunning(): boolean {
    return this.running !== null;
  }

  get exited(): boolean {
    return this.rt.state === 'exited';
  }

  /** A new client: per-connection state back to the defaults. */
  reset(): void {
    this.noAck = false;
    this.clientFeatures.clear();
    this.gHart = 0;
  }

  /** Drop every gdb breakpoint and watchpoint (detach, disconnect). */
  clearPoints(): void {
    this.points = [];
    this.applyPoints();
  }

  /** 0x03 from the client: pause a running machine (its stop reply follows). */
  interrupt(): void {
    if (this.running !== null) this.rt.pause();
  }

  /** Pause a running machine and wait until it stopped (a client attaches or leaves);
   *  `foreign`: also a run another client of the runtime started (a DAP session). */
  async halt(foreign = false): Promise<void> {
    const r = this.running;
    if (r === null) {
      if (!foreign || this.rt.state !== 'running') return;
      const stopped = this.nextStop();
      this.rt.pause();
      await stopped;
      return;
    }
    this.rt.pause();
    await r;
  }

  /** Run the machine without a client (`run --gdb` without --wait). */
  startRunning(): Promise<string> {
    return this.resume(false);
  }

  /** Handle one packet; a string for an immediate reply, a promise for a continue or
   *  step (the stop reply), null when nothing is sent back. */
  handle(p: string): string | Promise<string> | null {
    try {
      return this.dispatch(p);
    } catch (e) {
      return `E.${e instanceof Error ? e.message : String(e)}`.slice(0, 200);
    }
  }

  private dispatch(p: string): string | Promise<string> | null {
    if (p.length === 0) return '';
    const args = p.slice(1);
    switch (p[0]) {
      case '?': if (this.exited) return this.exitReply(); this.gHart = this.lastStopHart; return this.lastStop;
      case 'g': return this.readAllRegisters();
      case 'G': return this.writeAllRegisters(args);
      case 'p': return this.readRegister(args);
      case 'P': return this.writeRegister(args);
      case 'm': return this.readMemory(args);
      case 'M': return this.writeMemory(args, false);
      case 'X': return this.writeMemory(args, true);
      case 'Z': case 'z': return this.point(p[0] === 'Z', args);
      case 'b': return args === 's' || args === 'c' ? this.reverseRun(args) : '';
      case 'c': return this.resume(false);
      case 's': return this.resume(true);
      case 'C': case 'S': return this.resume(p[0] === 'S'); // the signal is ignored (no signals to deliver)
      case 'H': return this.setThread(args);
      case 'T': return this.threadAlive(args);
      case 'D': this.clearPoints(); return 'OK';
      case 'k': this.opts.onKill?.(); return null;
      case 'q': return this.query(args);
      case 'Q': return this.setQuery(args);
      case 'v': return this.vPacket(p);
    }
    return ''; // unsupported: the empty reply (E.4)
  }

  // ------------------------------------------------------------------ running
  private resume(step: boolean): Promise<string> {
    if (this.running !== null) return this.running;
    const rt = this.rt;
    // Another client of the runtime (a DAP session) runs the machine: gdb's continue or
    // step waits for that run's stop (all-stop: one run at a time), and is answered by it.
    const foreign = rt.state === 'running' ? this.nextStop() : null;
    const run = (async (): Promise<string> => {
      if (rt.state === 'exited') return this.exitReply();
      if (foreign !== null) await foreign;
      else {
        this.opts.onResume?.();
        rt.begin();
        const ev = step ? rt.stepInstruction() : await rt.run();
        rt.report(ev);
      }
      if (this.exited) return this.exitReply();
      const e = this.lastEvent;
      if (e === undefined || e.type !== 'stopped') this.lastStop = `T${hex2(SIGTRAP)}thread:1;`;
      this.gHart = this.lastStopHart;
      return this.lastStop;
    })();
    this.running = run.finally(() => { this.running = null; });
    return this.running;
  }

  /** bs / bc (E.2): one instruction back, or back to the previous stop of a breakpoint,
   *  watchpoint or caught trap; `replaylog:begin` when the start of history is reached. */
  private reverseRun(kind: 's' | 'c'): Promise<string> | string {
    if (this.running !== null) return this.running;
    const rt = this.rt;
    if (rt.timeTravel === null || rt.state !== 'stopped') return 'E01';
    this.opts.onResume?.();
    const run = (async (): Promise<string> => {
      const ev = await reverse(rt, this.gHart, kind);
      this.gHart = this.lastStopHart;
      return atHistoryStart(ev) ? this.lastStop.replace(/;?$/, ';replaylog:begin;').replace(';;', ';') : this.lastStop;
    })();
    this.running = run.finally(() => { this.running = null; });
    return this.running;
  }

  private exitReply(): string {
    const e = this.lastEvent;
    const code = e !== undefined && e.type === 'exited' ? e.exitCode : (this.rt.machine.halted?.code ?? 0);
    return `W${hex2(code & 0xff)}`;
  }

  /** T stop reply (E.3): signal, thread, and why (watch/rwatch/awatch, swbreak, hwbreak).
   *  Stops at another client's breakpoints and watchpoints are plain T05 replies. */
  private stopReplyFor(e: Extract<RuntimeEvent, { type: 'stopped' }>): string {
    const sig = e.reason === 'pause' ? SIGINT : SIGTRAP;
    let r = `T${hex2(sig)}thread:${(e.hartId + 1).toString(16)};`;
    if (e.reason === 'data breakpoint') {
      const w = this.rt.lastWatchHit;
      const kinds = { write: 2, read: 3, readWrite: 4 };
      const mine = w !== undefined && this.points.some((q) => q.kind === kinds[w.access] && q.address === w.address && q.size === w.size);
      if (w !== undefined && mine) r += `${w.access === 'write' ? 'watch' : w.access === 'read' ? 'rwatch' : 'awatch'}:${w.address.toString(16)};`;
    } else if (e.reason === 'instruction breakpoint') {
      const pc = hartPc(this.rt.hart(e.hartId));
      const pt = this.points.find((q) => q.kind <= 1 && q.address === pc);
      if (pt?.kind === 0 && this.clientFeatures.has('swbreak')) r += 'swbreak:;';
      if (pt?.kind === 1 && this.clientFeatures.has('hwbreak')) r += 'hwbreak:;';
    }
    return r;
  }

  // ------------------------------------------------------------------ registers
  private get hart(): Hart {
    return this.rt.hart(this.gHart);
  }

  private readAllRegisters(): string {
    const h = this.hart;
    let s = '';
    for (let i = 0; i < 32; i++) s += le64(readX(h, i));
    return s + le64(hartPc(h));
  }

  private writeAllRegisters(hex: string): string {
    if (hex.length < 33 * 16) return 'E01';
    const vals: bigint[] = [];
    for (let i = 0; i < 33; i++) {
      const v = parseLe(hex.slice(i * 16, i * 16 + 16));
      if (v === undefined) return 'E01';
      vals.push(v);
    }
    const access = liveAccess(this.hart, () => undefined);
    for (let i = 1; i < 32; i++) access.writeReg(i, vals[i]);
    if (vals[32] !== hartPc(this.hart)) setPc(this.hart, vals[32]);
    return 'OK';
  }

  /** Value of gdb register `n` of a hart; undefined when the hart has none. */
  regValue(h: Hart, n: number): bigint | undefined {
    if (n < 32) return readX(h, n);
    if (n === PC_REGNUM) return hartPc(h);
    if (n < FIRST_CSR_REGNUM) return liveAccess(h, () => undefined).readReg(32 + n - FIRST_FP_REGNUM); // f0 is access reg 32
    if (n === PRIV_REGNUM) return BigInt(h.priv | (h.virt !== 0 ? 4 : 0));
    if (n < PRIV_REGNUM) return readCsrByName(h, String(n - FIRST_CSR_REGNUM));
    return undefined;
  }

  private readRegister(args: string): string {
    const n = hexNum(args);
    if (n === undefined) return 'E01';
    const v = n > 0xffffn ? undefined : this.regValue(this.hart, Number(n));
    return v === undefined ? 'x'.repeat(16) : le64(v); // 'x': value unavailable (E.4, "p n")
  }

  private writeRegister(args: string): string {
    const m = /^([0-9a-fA-F]{1,8})=([0-9a-fA-F]*)$/.exec(args);
    const v = m === null ? undefined : parseLe(m[2]);
    if (m === null || v === undefined) return 'E01';
    const n = parseInt(m[1], 16);
    const h = this.hart;
    if (n === 0) return 'OK';
    if (n < 32) { liveAccess(h, () => undefined).writeReg(n, v); return 'OK'; }
    if (n === PC_REGNUM) { setPc(h, v); return 'OK'; }
    if (n < FIRST_CSR_REGNUM) { liveAccess(h, () => undefined).writeReg(32 + n - FIRST_FP_REGNUM, v); return 'OK'; }
    if (n < PRIV_REGNUM) return writeCsrByName(h, String(n - FIRST_CSR_REGNUM), v) ? 'OK' : 'E02';
    return 'E02'; // priv and beyond: read-only here
  }

  // ------------------------------------------------------------------ memory
  private read(addr: bigint, len: number): Uint8Array | undefined {
    return this.physical ? readPhys(this.hart, addr, len) : debugRead(this.hart, addr, len);
  }

  private readMemory(args: string): string {
    const [a, l] = args.split(',');
    const addr = hexNum(a), len = hexNum(l);
    if (addr === undefined || len === undefined) return 'E01';
    const n = Number(len > BigInt(MAX_MEMORY) ? BigInt(MAX_MEMORY) : len);
    if (n === 0) return '';
    const whole = this.read(addr, n);
    if (whole !== undefined) return bytesHex(whole);
    // Partly readable: the readable prefix (E.4 "m": a reply may be shorter than asked).
    let ok = 0;
    while (ok < n && ((addr + BigInt(ok)) & M64) === addr + BigInt(ok) && this.read(addr + BigInt(ok), 1) !== undefined) ok++;
    if (ok === 0) return 'E14';
    return bytesHex(this.read(addr, ok)!);
  }

  private writeMemory(args: string, binary: boolean): string {
    const colon = args.indexOf(':');
    if (colon < 0) return 'E01';
    const [a, l] = args.slice(0, colon).split(',');
    const addr = hexNum(a), len = hexNum(l);
    if (addr === undefined || len === undefined || len > BigInt(MAX_PACKET)) return 'E01';
    let bytes: Uint8Array;
    if (binary) {
      const s = unescapeBinary(args.slice(colon + 1));
      if (BigInt(s.length) !== len) return 'E01';
      bytes = Uint8Array.from(s, (c) => c.charCodeAt(0));
    } else {
      const s = fromHex(args.slice(colon + 1));
      if (s === undefined || BigInt(s.length) !== len) return 'E01';
      bytes = Uint8Array.from(s, (c) => c.charCodeAt(0));
    }
    if (bytes.length === 0) return 'OK'; // gdb probes X support with a zero-length write
    const ok = this.physical ? writePhys(this.hart, addr, bytes) : debugWrite(this.hart, addr, bytes);
    return ok ? 'OK' : 'E14';
  }

  // ------------------------------------------------------------------ breakpoints
  /** Z/z type,addr,kind (E.4 "z type,addr,kind"): 0 software and 1 hardware
   *  breakpoints, 2 write, 3 read and 4 access watchpoints (kind = length). */
  private point(insert: boolean, args: string): string {
    const [t, a, k] = args.split(/[,;]/);
    const type = Number(t), addr = hexNum(a), kind = hexNum(k);
    if (!/^[0-4]$/.test(t ?? '') || addr === undefined || kind === undefined || kind > 0x1000n) return 'E01';
    const size = type >= 2 ? Number(kind) : 0;
    if (type >= 2 && size === 0) return 'E01';
    const i = this.points.findIndex((q) => q.kind === type && q.address === addr && (type < 2 || q.size === size));
    if (insert && i < 0) {
      if (this.points.length >= 1024) return 'E02';
      this.points.push({ kind: type, address: addr, size });
    } else if (!insert && i >= 0) this.points.splice(i, 1);
    this.applyPoints();
    return 'OK';
  }

  private applyPoints(): void {
    const code = [...new Set(this.points.filter((q) => q.kind <= 1).map((q) => q.address))];
    this.rt.breakpoints.setExternal(code);
    const access: DataAccess[] = ['write', 'read', 'readWrite'];
    const data: DataBreakpoint[] = this.points.filter((q) => q.kind >= 2).map((q) => ({ address: q.address, size: q.size, access: access[q.kind - 2] }));
    if (this.opts.setWatchpoints !== undefined) this.opts.setWatchpoints(data);
    else this.rt.setDataBreakpoints(data);
  }

  // ------------------------------------------------------------------ threads
  private threadHart(id: string): number | undefined {
    if (id === '0' || id === '-1') return this.gHart; // any / all
    const n = /^[0-9a-fA-F]{1,8}$/.test(id) ? parseInt(id, 16) : 0;
    return n >= 1 && n <= this.rt.harts.length ? n - 1 : undefined;
  }

  private setThread(args: string): string {
    const h = this.threadHart(args.slice(1));
    if (h === undefined) return 'E01';
    if (args[0] === 'g') this.gHart = h;
    return args[0] === 'g' || args[0] === 'c' ? 'OK' : 'E01';
  }

  private threadAlive(args: string): string {
    return this.threadHart(args) === undefined ? 'E01' : 'OK';
  }

  // ------------------------------------------------------------------ queries
  private query(q: string): string {
    const name = q.split(/[:,;]/)[0];
    switch (name) {
      case 'Supported': {
        for (const f of q.slice('Supported:'.length).split(';')) if (f.endsWith('+')) this.clientFeatures.add(f.slice(0, -1));
        const feats = [`PacketSize=${MAX_PACKET.toString(16)}`, 'qXfer:features:read+', 'qXfer:memory-map:read+',
          'QStartNoAckMode+', 'QNonStop+', 'vContSupported+', ...reverseFeatures(this.rt)];
        if (this.clientFeatures.has('swbreak')) feats.push('swbreak+');
        if (this.clientFeatures.has('hwbreak')) feats.push('hwbreak+');
        return feats.join(';');
      }
      case 'Attached': return '1'; // an existing machine: quitting gdb detaches, never kills
      case 'C': return `QC${(this.gHart + 1).toString(16)}`;
      case 'fThreadInfo': return 'm' + this.rt.harts.map((h) => (h.id + 1).toString(16)).join(',');
      case 'sThreadInfo': return 'l';
      case 'ThreadExtraInfo': {
        const i = this.threadHart(q.slice('ThreadExtraInfo,'.length));
        if (i === undefined) return 'E01';
        return toHex(this.hartText(this.rt.hart(i)));
      }
      case 'Xfer': return this.xfer(q);
      case 'Rcmd': {
        const cmd = fromHex(q.slice('Rcmd,'.length));
        if (cmd === undefined) return 'E01';
        return toHex(utf8(this.monitor(cmd.trim()))); // gdb prints the bytes: UTF-8 text
      }
      case 'Symbol': return 'OK';
      case 'Offsets': return 'Text=0;Data=0;Bss=0';
    }
    return '';
  }

  private setQuery(q: string): string {
    if (q === 'StartNoAckMode') { this.noAck = true; return 'OK'; }
    // All-stop is what the stub does (E.4 "QNonStop"); non-stop mode is refused.
    if (q === 'NonStop:0') return 'OK';
    if (q === 'NonStop:1') return 'E01';
    return '';
  }

  /** qXfer:object:read:annex:offset,length (E.4): `m` + data while more follows, `l` at the end. */
  private xfer(q: string): string {
    const parts = q.split(':');
    if (parts.length !== 5 || parts[2] !== 'read') return '';
    let doc: string | undefined;
    if (parts[1] === 'features') doc = parts[3] === 'target.xml' ? targetXml() : undefined;
    else if (parts[1] === 'memory-map') doc = memoryMapXml(this.memoryRegions());
    else return '';
    if (doc === undefined) return 'E00';
    const [o, l] = parts[4].split(',');
    const off = hexNum(o), len = hexNum(l);
    if (off === undefined || len === undefined) return 'E01';
    const n = Math.min(Number(len > 0x10000n ? 0x10000n : len), MAX_MEMORY);
    if (off >= BigInt(doc.length)) return 'l';
    const chunk = doc.slice(Number(off), Number(off) + n);
    return (Number(off) + n >= doc.length ? 'l' : 'm') + escapeBinary(chunk);
  }

  private memoryRegions(): MemoryRegion[] {
    if (this.opts.memoryMap !== undefined) return this.opts.memoryMap;
    const bus = this.rt.machine.bus;
    // The boot ROM is at the same place on both boards (VIRT_MROM, SPIKE_BOOTROM); MMIO is left out.
    return [{ kind: 'rom', start: VIRT_MROM, length: VIRT_MROM_SIZE }, { kind: 'ram', start: bus.ramBase, length: bus.ramSize }];
  }

  private vPacket(p: string): string | Promise<string> | null {
    if (p === 'vCont?') return 'vCont;c;C;s;S;t';
    if (p.startsWith('vCont;')) {
      const actions = p.slice(6).split(';').map((a) => a.split(':')[0]);
      if (actions.some((a) => !/^([cst]|[CS][0-9a-fA-F]{2})$/.test(a))) return 'E01';
      if (actions.some((a) => a[0] === 's' || a[0] === 'S')) return this.resume(true);
      if (actions.some((a) => a[0] === 'c' || a[0] === 'C')) return this.resume(false);
      return `T00thread:${(this.gHart + 1).toString(16)};`; // only 't': the machine is already stopped
    }
    if (p === 'vKill' || p.startsWith('vKill;')) { this.opts.onKill?.(); return 'OK'; }
    if (p === 'vMustReplyEmpty') return '';
    return '';
  }

  // ------------------------------------------------------------------ monitor (qRcmd)
  private hartText(h: Hart): string {
    const ctx = this.rt.contexts.enabled ? ` ${this.rt.contextOf(h).name}` : '';
    return `hart ${h.id} [${privName(h)}]${ctx}`;
  }

  /** The address space of the guest with this VMID: as it was last entered (hypervisor
   *  sessions track it), else that of a hart running it or whose hgatp names it. */
  private guestSpace(vmid: number): GuestSpace | undefined {
    const tracked = this.rt.tracker?.spaces.get(vmid);
    if (tracked !== undefined) return tracked;
    const h = [this.hart, ...this.rt.harts].find((x) => (x.virt !== 0 || x.hgatpMode !== 0) && x.hgatpVmid === vmid);
    return h === undefined ? undefined : currentGuestSpace(h);
  }

  /** `monitor CMD`: the text shown by gdb. */
  monitor(cmd: string): string {
    const [word, ...rest] = cmd.split(/\s+/);
    const arg = rest.join(' ');
    switch (word) {
      case 'help': case '':
        return 'monitor commands:\n  info mode        privilege mode of every hart\n  stats            instruction and trap counts\n'
          + '  translate ADDR   how the selected hart translates a virtual address\n'
          + '  translate ADDR guest N   two-stage walk of guest virtual ADDR in the guest with VMID N\n'
          + '  snapshot save [FILE] | list | restore ID | diff A B   snapshots of the recorded history\n'
          + '  phys on|off      m/M packets on physical addresses\n  halt             (the machine is already stopped) where it is\n';
      case 'info':
        if (arg === 'mode') return this.rt.harts.map((h) => `${this.hartText(h)}: pc 0x${hartPc(h).toString(16)}\n`).join('');
        return `unknown 'info' subcommand '${arg}': try 'info mode'\n`;
      case 'stats': {
        const s = machineStats(this.rt.machine);
        const modes = Object.entries(s.instructionsByMode).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ');
        const traps = Object.entries(s.trapsByCause).map(([k, n]) => `  ${k}: ${n}\n`).join('');
        const total = Object.values(s.trapsByCause).reduce((a, b) => a + b, 0);
        return `instructions: ${s.instructions}${modes !== '' ? ` (${modes})` : ''}\ntraps: ${total}\n${traps}`;
      }
      case 'translate': {
        const a = /^(0x)?([0-9a-fA-F]{1,16})(?:\s+guest\s+(\d{1,5}))?$/.exec(arg);
        if (a === null) return 'usage: translate ADDR [guest VMID] (ADDR in hex)\n';
        const addr = BigInt('0x' + a[2]);
        const h = this.hart;
        if (a[3] !== undefined) {
          const vmid = Number(a[3]);
          const space = this.guestSpace(vmid);
          if (space === undefined) return `guest ${vmid}: no address space known (no hart runs it or has its hgatp set, and it has not run under a hypervisor session)\n`;
          return reportLines(explainGuest(h, `guest ${vmid}`, space, addr, 'gva')).join('\n') + '\n';
        }
        const rep = h.virt !== 0
          ? explainGuest(h, `hart ${h.id}`, currentGuestSpace(h), addr, 'gva')
          : explainHost(h, `hart ${h.id}`, h.satpMode, h.satpPpn, addr);
        return reportLines(rep).join('\n') + '\n';
      }
      case 'snapshot': return snapshotMonitor(this.rt, arg);
      case 'halt': // cortex-debug's attach sends it: the machine is stopped whenever gdb has the floor
        return `stopped (hart ${this.gHart}: pc 0x${hartPc(this.hart).toString(16)})\n`;
      case 'phys':
        if (arg === 'on' || arg === 'off') { this.physical = arg === 'on'; return `memory packets use ${arg === 'on' ? 'physical' : 'virtual'} addresses\n`; }
        return `phys is ${this.physical ? 'on' : 'off'}; use 'phys on' or 'phys off'\n`;
    }
    return `unknown monitor command '${word}': try 'monitor help'\n`;
  }
}

/** A text's UTF-8 bytes as a latin1 string. */
function utf8(s: string): string {
  let out = '';
  for (const b of new TextEncoder().encode(s)) out += String.fromCharCode(b);
  return out;
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}
