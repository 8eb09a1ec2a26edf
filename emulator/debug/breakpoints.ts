/**
 * Breakpoints of a debug session: source lines (bound through DWARF line tables; a
 * line without code moves to the next line with code of the same function, and a line
 * outside any function stays unverified), functions (by name, after the
 * prologue when DWARF says where it ends), and instruction addresses. Each may carry a
 * condition, a hit condition and a log message (logpoints print and go on).
 *
 * The engine only sees a set of physical addresses (BlockCache.breakpoints, checked at
 * block boundaries); it is rebuilt by arm() before every resume, which also re-resolves
 * virtual to physical addresses for the current translation, and between run slices
 * while an address does not translate yet (DebugRuntime.run).
 *
 * Hypervisor sessions (contexts.ts): every address of a breakpoint belongs to a context.
 * A guest's addresses are guest virtual and go to the engine's virtual breakpoint set
 * (BlockCache.vbreakpoints), so they hold wherever the guest maps its code; a hit counts
 * only while that guest runs (V=1 and its VMID). The hypervisor's and firmware's count
 * only with V=0.
 */
import type { Hart } from '../hart/hart';
import type { DebugRuntime, RuntimeEvent, StopReason } from './runtime';
import { stackFrames } from './frames';
import { evaluate, readValue, interpolateLogMessage, syntaxError } from './expr/index';
import { symAddr, type SymbolTable } from './symbols';
import type { DebugContext } from './contexts';
import { ANY_VMID } from '../engine';
import { movesWithinFunction } from './goto';

export type BreakpointKind = 'source' | 'function' | 'instruction';

export interface BreakpointOptions {
  condition?: string;
  hitCondition?: string;
  logMessage?: string;
}

export interface BreakpointInfo {
  id: number;
  kind: BreakpointKind;
  verified: boolean;
  /** Why the breakpoint is not verified (unknown function, no code at or after line). */
  message?: string;
  /** Source: host path as given, DWARF path it bound to, and the line it moved to. */
  hostPath?: string;
  source?: string;
  line?: number;
  /** Function breakpoints: the name. */
  name?: string;
  addresses: bigint[];
  /** Per address: the context it belongs to (HOST = V=0, a guest's name, or '' for any
   *  context outside hypervisor sessions). */
  contexts: string[];
  opts: BreakpointOptions;
  hits: number;
}

/** Context tag of addresses that belong to the hypervisor or firmware (V=0). */
export const HOST = '#host';

const STOP_REASON: Record<BreakpointKind, StopReason> = {
  source: 'breakpoint', function: 'function breakpoint', instruction: 'instruction breakpoint',
};

export class Breakpoints {
  private nextId = 1;
  private readonly bySource = new Map<string, BreakpointInfo[]>();
  private functions: BreakpointInfo[] = [];
  private instructions: BreakpointInfo[] = [];
  /** Instruction breakpoints of a second client of the runtime (the gdb stub beside a
   *  DAP session, debug-adapter/gdbServer.ts), apart from the editor's list. */
  private external: BreakpointInfo[] = [];
  private byAddress = new Map<bigint, { b: BreakpointInfo; ctx: string }[]>();
  /** Last physical address each virtual breakpoint address translated to (for when the
   *  current address space does not map it). */
  private readonly lastMapped = new Map<bigint, number>();
  /** Some armed address did not translate in the current address space (its physical
   *  address is a guess): the run loop re-arms between slices until all translate. */
  unresolved = false;

  constructor(private readonly rt: DebugRuntime) {}

  all(): BreakpointInfo[] {
    return [...[...this.bySource.values()].flat(), ...this.functions, ...this.instructions, ...this.external];
  }

  /** Remove every breakpoint. */
  clear(): void {
    this.bySource.clear();
    this.functions = [];
    this.instructions = [];
    this.external = [];
    this.reindex();
  }

  /** The second client's instruction breakpoints (any context), replacing its previous
   *  ones; setInstructions (the editor's) leaves them alone. */
  setExternal(addresses: bigint[]): BreakpointInfo[] {
    this.external = addresses.map((a) => {
      const b = this.make('instruction', {});
      b.addresses = [a]; b.contexts = ['']; b.verified = true;
      return b;
    });
    this.reindex();
    return this.external;
  }

  setSource(hostPath: string, reqs: ({ line: number } & BreakpointOptions)[]): BreakpointInfo[] {
    const list = reqs.map((r) => this.checked(this.bindSource(this.make('source', r), hostPath, r.line)));
    this.bySource.set(hostPath, list);
    this.reindex();
    return list;
  }

  setFunctions(reqs: ({ name: string } & BreakpointOptions)[]): BreakpointInfo[] {
    this.functions = reqs.map((r) => this.checked(this.bindFunction(this.make('function', r), r.name)));
    this.reindex();
    return this.functions;
  }

  /** Instruction breakpoints; hypervisor sessions may name the context of the address
   *  (a guest's name, or 'hypervisor'/'firmware'), else it counts in any context. */
  setInstructions(reqs: ({ address: bigint; context?: string } & BreakpointOptions)[]): BreakpointInfo[] {
    this.instructions = reqs.map((r) => {
      const b = this.make('instruction', r);
      b.addresses = [r.address];
      b.contexts = [''];
      b.verified = true;
      if (r.context !== undefined) {
        const ctx = this.rt.contexts.byName(r.context);
        if (ctx === undefined) {
          b.verified = false; b.addresses = []; b.contexts = [];
          b.message = `no context named '${r.context}' (contexts: ${this.rt.contexts.all().map((c) => c.name).join(', ')})`;
          return b;
        }
        b.contexts = [ctx.kind === 'guest' ? ctx.name : HOST];
      }
      return this.checked(b);
    });
    this.reindex();
    return this.instructions;
  }

  /** A condition or hit condition that cannot work leaves the breakpoint unverified
   *  and uninstalled, with the reason (shown by the editor). */
  private checked(b: BreakpointInfo): BreakpointInfo {
    const c = b.opts.condition;
    const tables = this.rt.contexts.enabled ? this.rt.contexts.all().map((x) => x.symbols) : [this.rt.symbols];
    const syntax = c === undefined ? undefined : syntaxError(c, (n) => tables.some((t) => t.type(n) !== undefined));
    const problem = syntax !== undefined ? `condition '${c}': ${syntax}`
      : b.opts.hitCondition !== undefined ? checkHitCondition(b.opts.hitCondition) : undefined;
    if (problem !== undefined) { b.verified = false; b.addresses = []; b.contexts = []; b.message = problem; }
    return b;
  }

  private make(kind: BreakpointKind, opts: BreakpointOptions): BreakpointInfo {
    const o: BreakpointOptions = {};
    if (opts.condition?.trim()) o.condition = opts.condition;
    if (opts.hitCondition?.trim()) o.hitCondition = opts.hitCondition;
    if (opts.logMessage !== undefined && opts.logMessage !== '') o.logMessage = opts.logMessage;
    return { id: this.nextId++, kind, verified: false, addresses: [], contexts: [], opts: o, hits: 0 };
  }

  /** The symbol tables to search, each with the context tag its addresses get. */
  private tables(only?: DebugContext): { symbols: SymbolTable; tag: string }[] {
    const cs = this.rt.contexts;
    if (!cs.enabled) return [{ symbols: this.rt.symbols, tag: '' }];
    const all = [{ symbols: this.rt.symbols, tag: HOST, ctx: cs.hypervisor }, ...cs.guests.map((g) => ({ symbols: g.symbols, tag: g.name, ctx: g }))];
    if (only === undefined) return all;
    return all.filter((t) => t.ctx === only || (only.kind === 'firmware' && t.tag === HOST));
  }

  private bindSource(b: BreakpointInfo, hostPath: string, line: number): BreakpointInfo {
    b.hostPath = hostPath;
    b.addresses = [];
    b.contexts = [];
    b.verified = false;
    b.message = `no code for ${baseName(hostPath)} in the loaded symbol files`;
    for (const t of this.tables()) {
      for (const f of t.symbols.files) {
        const file = f.dwarf.matchFile(hostPath);
        if (file === undefined) continue;
        const loc = f.dwarf.breakpointLocations(file, line);
        if (loc === undefined) { b.message = `no code at or after line ${line}`; continue; }
        if (loc.line !== line && !movesWithinFunction(f.dwarf, line, loc.addresses)) {
          const next = f.dwarf.functionAt(loc.addresses[0])?.name;
          b.message = `no code at line ${line} (outside any function; the next line with code, ${loc.line}, is in ${next ?? 'another function'})`;
          continue;
        }
        b.source = file; b.line = loc.line; b.addresses = loc.addresses; b.verified = true; b.message = undefined;
        b.contexts = loc.addresses.map(() => t.tag);
        return b;
      }
    }
    return b;
  }

  /** `name` or `context::name`: every context that has the function (or the one named). */
  private bindFunction(b: BreakpointInfo, text: string): BreakpointInfo {
    b.name = text;
    b.addresses = [];
    b.contexts = [];
    let only: DebugContext | undefined, name = text;
    try {
      ({ ctx: only, rest: name } = this.rt.contexts.enabled ? this.rt.contexts.split(text) : { ctx: undefined, rest: text });
    } catch (e) {
      b.verified = false;
      b.message = msg(e);
      return b;
    }
    name = name.trim();
    for (const t of this.tables(only)) {
      const fns = t.symbols.functions(name);
      const inlined = t.symbols.files.flatMap((f) => f.dwarf.inlinedEntries(name));
      let addrs: bigint[];
      if (fns.length > 0 || inlined.length > 0) {
        addrs = [...fns.map((f) => f.bodyPc), ...inlined];
        if (b.source === undefined) {
          const row = t.symbols.fileAt(addrs[0])?.dwarf.lineAt(addrs[0]);
          if (row !== undefined) { b.source = row.file; b.line = row.line; }
        }
      } else {
        const s = t.symbols.files.map((f) => f.image.symbolByName(name)).find((x) => x !== undefined);
        addrs = s !== undefined ? [symAddr(s)] : [];
      }
      for (const a of addrs) { b.addresses.push(a); b.contexts.push(t.tag); }
    }
    b.verified = b.addresses.length > 0;
    b.message = b.verified ? undefined : only !== undefined ? `no function named '${name}' in ${only.name}` : `no function named '${name}'`;
    return b;
  }

  private reindex(): void {
    this.byAddress = new Map();
    for (const b of this.all()) {
      b.addresses.forEach((a, k) => {
        const e = { b, ctx: b.contexts[k] ?? '' };
        const list = this.byAddress.get(a);
        if (list === undefined) this.byAddress.set(a, [e]); else list.push(e);
      });
    }
  }

  /** Does an address tagged ctx count on hart h now? */
  private inContext(h: Hart, ctx: string): boolean {
    if (ctx === '') return true;
    if (ctx === HOST) return h.virt === 0;
    return h.virt !== 0 && this.rt.contexts.of(h).name === ctx;
  }

  /** Rebuild the engine's physical breakpoint set (user breakpoints + stepping target). */
  arm(): void {
    const m = this.rt.machine;
    const h0 = m.harts[0];
    const want = new Set<number>(), wantV = new Map<number, number>();
    let unresolved = false;
    const add = (a: bigint, guest: DebugContext | undefined): void => {
      if (guest === undefined) {
        // Code mapped only later, or only in another address space (a kernel deprivileged
        // under a software hypervisor runs in shadow page tables): the last translation,
        // else the ELF's load address; re-armed between slices until it translates.
        let pa = this.rt.mappedPhysical(h0, a);
        // Outside RAM (e.g. a process's address through bare translation at boot): not
        // where its code will run; keep looking.
        if (pa !== undefined && (pa < m.bus.ramBase || pa >= m.bus.ramBase + m.bus.ramSize)) pa = undefined;
        if (pa !== undefined) this.lastMapped.set(a, pa);
        else unresolved = true;
        want.add(pa ?? this.lastMapped.get(a) ?? this.rt.physical(h0, a));
        return;
      }
      const va = Number(BigInt.asIntN(64, a));
      const old = wantV.get(va);
      wantV.set(va, old === undefined || old === guest.vmid ? guest.vmid : ANY_VMID);
    };
    const guestOf = (tag: string): DebugContext | undefined =>
      (tag === '' || tag === HOST ? undefined : this.rt.contexts.byName(tag));
    for (const [a, list] of this.byAddress) {
      for (const e of list) add(a, guestOf(e.ctx));
    }
    const t = this.rt.temp;
    if (t !== null) for (const a of t.addresses) add(a, t.context?.kind === 'guest' ? t.context : undefined);
    this.unresolved = unresolved;
    const changed = !sameSet(want, m.cache.breakpoints) || !sameMap(wantV, m.cache.vbreakpoints);
    if (!changed) return;
    m.cache.breakpoints.clear();
    for (const a of want) m.cache.breakpoints.add(a);
    m.cache.vbreakpoints.clear();
    for (const [a, v] of wantV) m.cache.vbreakpoints.set(a, v);
    m.cache.flush(); // blocks compiled before may run through a new breakpoint
  }

  /** Would a breakpoint at pc stop hart h (conditions only: no hit counting, no log
   *  output)? Used when replaying the past (reverse continue). */
  wouldStop(h: Hart, pc: bigint): boolean {
    const entries = this.byAddress.get(pc);
    if (entries === undefined) return false;
    for (const e of entries) {
      const b = e.b;
      if (!this.inContext(h, e.ctx) || b.opts.logMessage !== undefined) continue;
      if (b.opts.condition === undefined) return true;
      try {
        const scope = stackFrames(h, this.rt.symbolsFor(h), 1)[0].scope;
        const v = readValue(evaluate(b.opts.condition, scope), scope);
        if (v !== 0 && v !== 0n) return true;
      } catch {
        return true;
      }
    }
    return false;
  }

  /** A hart reached a breakpoint address: decide (conditions, hit counts, logpoints). */
  hit(h: Hart, pc: bigint): RuntimeEvent | undefined {
    const entries = this.byAddress.get(pc);
    if (entries === undefined) return undefined;
    const list = entries.filter((e) => this.inContext(h, e.ctx)).map((e) => e.b);
    let stop: BreakpointInfo[] = [];
    let scope: ReturnType<typeof stackFrames>[number]['scope'] | undefined;
    const frameScope = (): NonNullable<typeof scope> => (scope ??= stackFrames(h, this.rt.symbolsFor(h), 1)[0].scope);
    for (const b of list) {
      if (b.opts.condition !== undefined) {
        try {
          const v = readValue(evaluate(b.opts.condition, frameScope()), frameScope());
          if (v === 0 || v === 0n) continue;
        } catch (e) {
          this.rt.emit({ type: 'output', category: 'stderr', text: `HyperStep: breakpoint condition '${b.opts.condition}': ${msg(e)}\n` });
          stop.push(b); // a broken condition stops, like gdb
          continue;
        }
      }
      b.hits++;
      if (b.opts.hitCondition !== undefined && !hitMatches(b.opts.hitCondition, b.hits)) continue;
      if (b.opts.logMessage !== undefined) {
        this.rt.emit({ type: 'output', category: 'console', text: interpolateLogMessage(b.opts.logMessage, frameScope()) + '\n' });
        continue;
      }
      stop.push(b);
    }
    if (stop.length === 0) return undefined;
    stop = stop.sort((a, b) => kindRank(a.kind) - kindRank(b.kind));
    return this.rt.stopEvent(STOP_REASON[stop[0].kind], h, undefined, stop.map((b) => b.id));
  }
}

function sameMap(a: Map<number, number>, b: Map<number, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

function sameSet(a: Set<number>, b: Set<number>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

function kindRank(k: BreakpointKind): number {
  return k === 'source' ? 0 : k === 'function' ? 1 : 2;
}

/** Hit conditions: 'N' or '>= N' (from the Nth hit on), '> N', '== N', '< N', '<= N', '% N'. */
export function hitMatches(cond: string, hits: number): boolean {
  const m = /^\s*(>=|>|==|=|<=|<|%)?\s*(\d+)\s*$/.exec(cond);
  if (m === null) return true;
  const n = Number(m[2]);
  switch (m[1]) {
    case '>': return hits > n;
    case '==': case '=': return hits === n;
    case '<': return hits < n;
    case '<=': return hits <= n;
    case '%': return n > 0 && hits % n === 0;
    default: return hits >= n;
  }
}

/** A hit condition the session can reject up front (undefined = fine). */
export function checkHitCondition(cond: string): string | undefined {
  return /^\s*(>=|>|==|=|<=|<|%)?\s*(\d+)\s*$/.test(cond) ? undefined
    : `hit condition '${cond}' is not understood: use a number N (break from the Nth hit), '== N', '> N' or '% N'`;
}

function baseName(p: string): string {
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return p.slice(i + 1);
}

function msg(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
