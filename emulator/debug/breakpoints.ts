/**
 * Breakpoints of a debug session: source lines (bound through DWARF line tables; a
 * line without code moves to the next line with code), functions (by name, after the
 * prologue when DWARF says where it ends), and instruction addresses. Each may carry a
 * condition, a hit condition and a log message (logpoints print and go on).
 *
 * The engine only sees a set of physical addresses (BlockCache.breakpoints, checked at
 * block boundaries); it is rebuilt by arm() before every resume, which also re-resolves
 * virtual to physical addresses for the current translation.
 */
import type { Hart } from '../hart/hart';
import type { DebugRuntime, RuntimeEvent, StopReason } from './runtime';
import { stackFrames } from './frames';
import { evaluate, readValue, interpolateLogMessage, syntaxError } from './expr/index';
import { symAddr } from './symbols';

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
  opts: BreakpointOptions;
  hits: number;
}

const STOP_REASON: Record<BreakpointKind, StopReason> = {
  source: 'breakpoint', function: 'function breakpoint', instruction: 'instruction breakpoint',
};

export class Breakpoints {
  private nextId = 1;
  private readonly bySource = new Map<string, BreakpointInfo[]>();
  private functions: BreakpointInfo[] = [];
  private instructions: BreakpointInfo[] = [];
  private byAddress = new Map<bigint, BreakpointInfo[]>();

  constructor(private readonly rt: DebugRuntime) {}

  all(): BreakpointInfo[] {
    return [...[...this.bySource.values()].flat(), ...this.functions, ...this.instructions];
  }

  /** Remove every breakpoint. */
  clear(): void {
    this.bySource.clear();
    this.functions = [];
    this.instructions = [];
    this.reindex();
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

  setInstructions(reqs: ({ address: bigint } & BreakpointOptions)[]): BreakpointInfo[] {
    this.instructions = reqs.map((r) => {
      const b = this.make('instruction', r);
      b.addresses = [r.address];
      b.verified = true;
      return this.checked(b);
    });
    this.reindex();
    return this.instructions;
  }

  /** A condition or hit condition that cannot work leaves the breakpoint unverified
   *  and uninstalled, with the reason (shown by the editor). */
  private checked(b: BreakpointInfo): BreakpointInfo {
    const c = b.opts.condition;
    const syntax = c === undefined ? undefined : syntaxError(c, (n) => this.rt.symbols.type(n) !== undefined);
    const problem = syntax !== undefined ? `condition '${c}': ${syntax}`
      : b.opts.hitCondition !== undefined ? checkHitCondition(b.opts.hitCondition) : undefined;
    if (problem !== undefined) { b.verified = false; b.addresses = []; b.message = problem; }
    return b;
  }

  private make(kind: BreakpointKind, opts: BreakpointOptions): BreakpointInfo {
    const o: BreakpointOptions = {};
    if (opts.condition?.trim()) o.condition = opts.condition;
    if (opts.hitCondition?.trim()) o.hitCondition = opts.hitCondition;
    if (opts.logMessage !== undefined && opts.logMessage !== '') o.logMessage = opts.logMessage;
    return { id: this.nextId++, kind, verified: false, addresses: [], opts: o, hits: 0 };
  }

  private bindSource(b: BreakpointInfo, hostPath: string, line: number): BreakpointInfo {
    b.hostPath = hostPath;
    b.addresses = [];
    b.verified = false;
    b.message = `no code for ${baseName(hostPath)} in the loaded symbol files`;
    for (const f of this.rt.symbols.files) {
      const file = f.dwarf.matchFile(hostPath);
      if (file === undefined) continue;
      const loc = f.dwarf.breakpointLocations(file, line);
      if (loc === undefined) { b.message = `no code at or after line ${line}`; continue; }
      b.source = file; b.line = loc.line; b.addresses = loc.addresses; b.verified = true; b.message = undefined;
      break;
    }
    return b;
  }

  private bindFunction(b: BreakpointInfo, name: string): BreakpointInfo {
    b.name = name;
    const fns = this.rt.symbols.functions(name);
    const inlined = this.rt.symbols.files.flatMap((f) => f.dwarf.inlinedEntries(name));
    if (fns.length > 0 || inlined.length > 0) {
      b.addresses = [...fns.map((f) => f.bodyPc), ...inlined];
      const first = b.addresses[0];
      const row = this.rt.symbols.fileAt(first)?.dwarf.lineAt(first);
      if (row !== undefined) { b.source = row.file; b.line = row.line; }
    } else {
      const s = this.rt.symbols.files.map((f) => f.image.symbolByName(name)).find((x) => x !== undefined);
      b.addresses = s !== undefined ? [symAddr(s)] : [];
    }
    b.verified = b.addresses.length > 0;
    b.message = b.verified ? undefined : `no function named '${name}'`;
    return b;
  }

  private reindex(): void {
    this.byAddress = new Map();
    for (const b of this.all()) {
      for (const a of b.addresses) {
        const list = this.byAddress.get(a);
        if (list === undefined) this.byAddress.set(a, [b]); else list.push(b);
      }
    }
  }

  /** Rebuild the engine's physical breakpoint set (user breakpoints + stepping target). */
  arm(): void {
    const m = this.rt.machine;
    const h0 = m.harts[0];
    const want = new Set<number>();
    for (const a of this.byAddress.keys()) want.add(this.rt.physical(h0, a));
    const t = this.rt.temp;
    if (t !== null) for (const a of t.addresses) want.add(this.rt.physical(h0, a));
    const have = m.cache.breakpoints;
    let same = want.size === have.size;
    if (same) for (const a of want) if (!have.has(a)) { same = false; break; }
    if (same) return;
    have.clear();
    for (const a of want) have.add(a);
    m.cache.flush(); // blocks compiled before may run through a new breakpoint
  }

  /** A hart reached a breakpoint address: decide (conditions, hit counts, logpoints). */
  hit(h: Hart, pc: bigint): RuntimeEvent | undefined {
    const list = this.byAddress.get(pc);
    if (list === undefined) return undefined;
    let stop: BreakpointInfo[] = [];
    let scope: ReturnType<typeof stackFrames>[number]['scope'] | undefined;
    const frameScope = (): NonNullable<typeof scope> => (scope ??= stackFrames(h, this.rt.symbols, 1)[0].scope);
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
