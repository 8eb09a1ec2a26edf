/**
 * Debug contexts of a hypervisor session: the firmware (M-mode), the hypervisor (HS
 * and U with V=0) and each guest (V=1, told apart by hgatp.VMID), each with its own
 * symbols. At every stop the context of a hart follows from its mode and VMID; it
 * chooses the symbols, DWARF and address space that apply (docs/debugging.md).
 *
 * The VmTracker is the hart's VM hook (hart.ts VmHook), installed only for such
 * sessions: at each VM entry it records the guest's address space (hgatp + vsatp) by
 * VMID, so any guest's memory can be read later while another context runs; at each
 * VM exit it captures the guest's registers and translation, valid until the next VM
 * entry, from which the call stack is stitched; and it raises the VM-level exception
 * filters (VM exit, VM entry, guest-page fault, virtual instruction, hypercall).
 */
import type { Hart, VmHook } from '../hart/hart';
import { Priv } from '../hart/csrNumbers';
import { causeName } from '../hart/trap';
import { SymbolTable } from './symbols';
import { debugRead, type GuestSpace } from './debugMemory';
import { PF_X } from '../loader/elf';

export type ContextKind = 'default' | 'firmware' | 'hypervisor' | 'guest';

export interface DebugContext {
  name: string;
  kind: ContextKind;
  /** Guests: the VMID that identifies them (hgatp.VMID while V=1). */
  vmid: number;
  symbols: SymbolTable;
}

/** A guest of the launch configuration. */
export interface GuestConfig {
  name: string;
  vmid: number;
  /** ELF with the guest's symbols and DWARF. */
  symbols: string;
}

/** Guest registers and translation at the last VM exit (valid until the next entry). */
export interface ExitCapture {
  valid: boolean;
  vmid: number;
  /** Mode the guest ran in (Priv.S = VS, Priv.U = VU). */
  priv: number;
  pc: number;
  xl: Int32Array;
  xh: Int32Array;
  space: GuestSpace;
  cause: number;
  interrupt: boolean;
  tval: number;
}

/** VM-level exception filter ids (in addition to runtime.ts EXCEPTION_FILTERS). */
export const VM_FILTERS: { id: string; label: string; description: string }[] = [
  { id: 'vmExit', label: 'VM exit', description: 'any trap from a guest (V=1) into the hypervisor or M-mode' },
  { id: 'vmEntry', label: 'VM entry', description: 'SRET or MRET into a guest' },
  { id: 'guestPageFault', label: 'Guest-page fault', description: 'VM exits on guest-page faults (causes 20, 21, 23)' },
  { id: 'virtualInsn', label: 'Virtual instruction', description: 'VM exits on virtual-instruction exceptions (cause 22)' },
  { id: 'hypercall', label: 'Hypercall', description: 'ECALL from VS-mode (cause 10)' },
];

export class ContextSet {
  readonly firmware: DebugContext;
  readonly hypervisor: DebugContext;
  readonly guests: DebugContext[] = [];
  /** Contexts are on when the launch configuration names a hypervisor or guests. */
  enabled = false;

  constructor(host: SymbolTable) {
    this.firmware = { name: 'firmware', kind: 'firmware', vmid: -1, symbols: host };
    this.hypervisor = { name: 'hypervisor', kind: 'hypervisor', vmid: -1, symbols: host };
  }

  addGuest(name: string, vmid: number): DebugContext {
    const c: DebugContext = { name, kind: 'guest', vmid, symbols: new SymbolTable() };
    this.guests.push(c);
    this.enabled = true;
    return c;
  }

  all(): DebugContext[] {
    return [this.firmware, this.hypervisor, ...this.guests];
  }

  byName(name: string): DebugContext | undefined {
    return this.all().find((c) => c.name === name);
  }

  byVmid(vmid: number): DebugContext | undefined {
    return this.guests.find((g) => g.vmid === vmid);
  }

  /** The context a hart runs in: a guest by VMID (an unconfigured VMID gets a context of
   *  its own with no symbols), the firmware in M-mode, else the hypervisor. */
  of(h: Hart): DebugContext {
    if (h.virt !== 0) return this.byVmid(h.hgatpVmid) ?? this.unknownGuest(h.hgatpVmid);
    return h.priv === Priv.M ? this.firmware : this.hypervisor;
  }

  private readonly unknown = new Map<number, DebugContext>();
  private unknownGuest(vmid: number): DebugContext {
    let c = this.unknown.get(vmid);
    if (c === undefined) { c = { name: `vmid ${vmid}`, kind: 'guest', vmid, symbols: new SymbolTable() }; this.unknown.set(vmid, c); }
    return c;
  }

  /** Split an optional `context::` prefix off an expression or function name. Throws
   *  for a prefix naming no context. */
  split(text: string): { ctx: DebugContext | undefined; rest: string } {
    const m = /^\s*([A-Za-z_][\w.-]*)::(?!:)(.*)$/s.exec(text);
    if (m === null) return { ctx: undefined, rest: text };
    const ctx = this.byName(m[1]);
    if (ctx === undefined) {
      const names = this.all().map((c) => c.name).join(', ');
      throw new Error(`no context named '${m[1]}' (contexts: ${names})`);
    }
    return { ctx, rest: m[2] };
  }
}

/** The VM hook of a debug session (see header). */
export class VmTracker implements VmHook {
  /** Guest address spaces by VMID, as last entered. */
  readonly spaces = new Map<number, GuestSpace>();
  /** Per hart: the capture of its last VM exit. */
  readonly captures: ExitCapture[] = [];
  /** Enabled VM-level filters (VM_FILTERS ids). */
  filters = new Set<string>();
  /** The VM event that stopped a hart (for the stop description), by hart id. */
  readonly stopText: (string | undefined)[] = [];
  /** VMIDs already checked at their first entry (unknown VMID, mismatching symbols). */
  private readonly checked = new Set<number>();
  /** Where warnings go (the runtime's console output). */
  warn: (text: string) => void = () => {};

  constructor(private readonly contexts: ContextSet, harts: number) {
    for (let i = 0; i < harts; i++) {
      this.captures.push({
        valid: false, vmid: 0, priv: 0, pc: 0, xl: new Int32Array(33), xh: new Int32Array(33),
        space: { vsatpMode: 0, vsatpPpn: 0, hgatpMode: 0, hgatpPpn: 0 }, cause: 0, interrupt: false, tval: 0,
      });
    }
  }

  exit(h: Hart, code: number, interrupt: boolean, tval: number): void {
    const c = this.captures[h.id];
    c.valid = true; c.vmid = h.hgatpVmid; c.priv = h.priv; c.pc = h.pc;
    c.xl.set(h.xl); c.xh.set(h.xh);
    c.space.vsatpMode = h.satpMode; c.space.vsatpPpn = h.satpPpn;
    c.space.hgatpMode = h.hgatpMode; c.space.hgatpPpn = h.hgatpPpn;
    c.cause = code; c.interrupt = interrupt; c.tval = tval;
    this.remember(h.hgatpVmid, c.space);
    const f = this.filters;
    if (f.size === 0) return;
    const gpf = !interrupt && (code === 20 || code === 21 || code === 23);
    if (f.has('vmExit') || (gpf && f.has('guestPageFault')) || (!interrupt && code === 22 && f.has('virtualInsn')) ||
        (!interrupt && code === 10 && f.has('hypercall'))) {
      this.stopText[h.id] = `VM exit: ${this.describe(c)}`;
      h.vmStop = true;
      h.stopRequested = true;
    }
  }

  entry(h: Hart): void {
    const c = this.captures[h.id];
    c.valid = false;
    this.remember(h.hgatpVmid, { vsatpMode: h.satpMode, vsatpPpn: h.satpPpn, hgatpMode: h.hgatpMode, hgatpPpn: h.hgatpPpn });
    if (!this.checked.has(h.hgatpVmid)) this.firstEntry(h);
    if (this.filters.has('vmEntry')) {
      this.stopText[h.id] = `VM entry: ${this.contexts.of(h).name} at 0x${BigInt.asUintN(64, BigInt(h.pc)).toString(16)}`;
      h.vmStop = true;
      h.stopRequested = true;
    }
  }

  /** First entry into a VMID: a VMID no configured guest has, or a guest whose code does
   *  not match its symbol file, gets a clear message instead of wrong answers later. */
  private firstEntry(h: Hart): void {
    const vmid = h.hgatpVmid;
    this.checked.add(vmid);
    const ctx = this.contexts.byVmid(vmid);
    if (ctx === undefined) {
      const known = this.contexts.guests.map((g) => `${g.name} = ${g.vmid}`).join(', ');
      this.warn(`HyperStep: a guest with VMID ${vmid} is running, but no guest of the launch configuration has that VMID (${known || 'none configured'}); it shows as "vmid ${vmid}" without symbols.\n`);
      return;
    }
    const why = mismatch(h, ctx, this.spaces.get(vmid)!);
    if (why !== undefined) this.warn(`HyperStep: ${ctx.name} (VMID ${vmid}): ${why}; its symbols, breakpoints and stacks may be wrong.\n`);
  }

  private remember(vmid: number, s: GuestSpace): void {
    const old = this.spaces.get(vmid);
    if (old !== undefined && old.vsatpMode === s.vsatpMode && old.vsatpPpn === s.vsatpPpn &&
        old.hgatpMode === s.hgatpMode && old.hgatpPpn === s.hgatpPpn) return;
    this.spaces.set(vmid, { ...s });
  }

  /** "guest-page fault (store) from guest1 at 0x…" */
  describe(c: ExitCapture): string {
    const who = this.contexts.byVmid(c.vmid)?.name ?? `vmid ${c.vmid}`;
    const what = c.interrupt ? causeName(c.cause, true)
      : c.cause === 21 ? 'guest-page fault (load)' : c.cause === 23 ? 'guest-page fault (store)'
        : c.cause === 20 ? 'guest-page fault (fetch)' : c.cause === 10 ? 'hypercall (ECALL from VS-mode)'
          : causeName(c.cause);
    return `${what} from ${who} at 0x${BigInt.asUintN(64, BigInt(c.pc)).toString(16)}`;
  }
}

/** Compare each executable segment (up to 1 MiB) of a guest's symbol files with
 *  the guest's memory at the segment's load address (guest physical); a reason when
 *  they differ, undefined when they match or cannot be read yet. */
function mismatch(h: Hart, ctx: DebugContext, space: GuestSpace): string | undefined {
  for (const f of ctx.symbols.files) {
    for (const seg of f.image.segments) {
      if ((seg.flags & PF_X) === 0 || seg.data.length === 0) continue;
      const n = Math.min(1 << 20, seg.data.length);
      const mem = debugRead(h, BigInt(seg.paddr), n, { kind: 'gpa', space });
      if (mem === undefined) continue;
      for (let i = 0; i < n; i++) {
        if (mem[i] !== seg.data[i]) {
          return `its code at guest physical 0x${(seg.paddr + i).toString(16)} differs from ${f.path} (symbols from another build?)`;
        }
      }
    }
  }
  return undefined;
}
