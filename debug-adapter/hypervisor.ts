/**
 * The DAP side of hypervisor sessions (docs/debugging.md "Contexts"): thread names with
 * the context, memory references that name a machine and a stage (`guest1:gva:0x…`,
 * `guest1:gpa:0x…`, `hpa:0x…`, `hypervisor:0x…`), expressions with a context prefix
 * (`guest2::counter`), and the `hyperstep.translate` request behind the translation view.
 * Everything here reads the runtime; nothing changes the guest.
 */
import type { DebugRuntime } from '../emulator/debug/runtime';
import type { Hart } from '../emulator/hart/hart';
import type { EvalScope } from '../emulator/debug/model';
import type { MemorySpace } from '../emulator/debug/debugMemory';
import type { DebugContext } from '../emulator/debug/contexts';
import type { Frame } from '../emulator/debug/frames';
import { modeLabel, contextScope } from '../emulator/debug/stitch';
import { explainGuest, explainHost, type TranslationReport } from '../emulator/debug/translation';
import { readValue, resolveType } from '../emulator/debug/expr/index';
import type { DValue } from '../emulator/debug/model';

/** `hart 0 · guest1 [VS]` in hypervisor sessions, `hart 0` otherwise. */
export function threadName(rt: DebugRuntime, h: Hart): string {
  if (!rt.contexts.enabled) return `hart ${h.id}`;
  return `hart ${h.id} · ${rt.contexts.of(h).name} [${modeLabel(h)}]`;
}

/** A memory reference: an address, and the space it lives in. */
export interface MemoryRef { space: MemorySpace; address: bigint }

/**
 * Parse a memory reference: `0x…` (as the hart translates now), `hpa:0x…`,
 * `CONTEXT:0x…` (a guest's virtual address, or the hypervisor's/firmware's),
 * `CONTEXT:gva:0x…`, `CONTEXT:gpa:0x…`. Throws with a message for bad input.
 */
export function parseMemoryRef(rt: DebugRuntime, ref: string): MemoryRef {
  const parts = ref.trim().split(':');
  const num = (t: string): bigint => {
    if (!/^(0x[0-9a-f]+|\d+)$/i.test(t.trim())) throw new Error(`bad address '${t}' in memory reference '${ref}'`);
    return BigInt(t.trim());
  };
  if (parts.length === 1) return { space: { kind: 'hart' }, address: num(parts[0]) };
  if (parts.length === 2 && parts[0].toLowerCase() === 'hpa') return { space: { kind: 'hpa' }, address: num(parts[1]) };
  const ctx = rt.contexts.byName(parts[0]);
  if (ctx === undefined) {
    const names = ['hpa', ...rt.contexts.all().map((c) => c.name)].join(', ');
    throw new Error(`unknown context '${parts[0]}' in memory reference '${ref}' (known: ${names})`);
  }
  let stage: 'gva' | 'gpa' = 'gva';
  if (parts.length === 3) {
    const st = parts[1].toLowerCase();
    if (st !== 'gva' && st !== 'gpa') throw new Error(`unknown stage '${parts[1]}' in '${ref}': use gva or gpa`);
    if (ctx.kind !== 'guest') throw new Error(`'${parts[1]}' applies to guests; ${ctx.name} has one stage`);
    stage = st;
  } else if (parts.length !== 2) throw new Error(`bad memory reference '${ref}': use CONTEXT:[gva|gpa:]ADDRESS or hpa:ADDRESS`);
  return { space: spaceOrThrow(rt, ctx, stage), address: num(parts[parts.length - 1]) };
}

function spaceOrThrow(rt: DebugRuntime, ctx: DebugContext, stage: 'gva' | 'gpa'): MemorySpace {
  const sp = rt.spaceOf(ctx, stage);
  if (sp === undefined) throw new Error(`${ctx.name} (VMID ${ctx.vmid}) has not run yet: its address space is unknown`);
  return sp;
}

/**
 * The scope for an expression that may start with `CONTEXT::`: the frame's own scope
 * when there is no prefix or it names the frame's context, else that context's globals
 * read through its address space. Returns the expression without the prefix.
 */
export function scopeForExpression(rt: DebugRuntime, h: Hart, frame: Frame, expression: string): { scope: EvalScope; expr: string } {
  if (!rt.contexts.enabled) return { scope: frame.scope, expr: expression };
  const { ctx, rest } = rt.contexts.split(expression);
  if (ctx === undefined || ctx.name === frame.context) return { scope: frame.scope, expr: rest };
  const prefix = ctx.kind === 'guest' ? `${ctx.name}:gva:` : ctx.kind === 'firmware' ? 'hpa:' : `${ctx.name}:`;
  return { scope: contextScope(h, ctx.symbols, spaceOrThrow(rt, ctx, 'gva'), prefix), expr: rest };
}

/** The context a frame's addresses belong to (undefined outside hypervisor sessions). */
export function frameContext(rt: DebugRuntime, frame: Frame): DebugContext | undefined {
  return rt.contexts.enabled && frame.context !== undefined ? rt.contexts.byName(frame.context) : undefined;
}

/**
 * `hyperstep.translate` { address, context?, stage? }: the translation of an address of
 * a context (default: the context hart 0 runs in) as a TranslationReport.
 */
export function translate(rt: DebugRuntime, args: { address?: unknown; context?: unknown; stage?: unknown }): TranslationReport {
  if (typeof args.address !== 'string' && typeof args.address !== 'number') throw new Error('give an address, e.g. 0x80001000');
  let address: bigint;
  try { address = BigInt(args.address); } catch { throw new Error(`bad address '${String(args.address)}'`); }
  const h = rt.hart(0);
  let ctx: DebugContext = rt.contextOf(h);
  if (typeof args.context === 'string' && args.context !== '') {
    const c = rt.contexts.byName(args.context);
    if (c === undefined) throw new Error(`unknown context '${args.context}' (known: ${rt.contexts.all().map((x) => x.name).join(', ')})`);
    ctx = c;
  }
  const stage = args.stage === 'gpa' ? 'gpa' : 'gva';
  if (ctx.kind === 'guest') {
    const sp = spaceOrThrow(rt, ctx, stage);
    if (sp.kind !== 'gva' && sp.kind !== 'gpa') throw new Error(`${ctx.name}: no guest address space`);
    return explainGuest(h, ctx.name, sp.space, address, stage);
  }
  if (ctx.kind === 'firmware') return explainHost(h, ctx.name, 0, 0, address);
  // The hypervisor's satp: live with V=0, waiting in the alternate copy while a guest runs.
  const v0 = h.virt === 0;
  return explainHost(h, ctx.name, v0 ? h.satpMode : h.altSatpMode, v0 ? h.satpPpn : h.altSatpPpn, address);
}

/** For a pointer value in a guest's frame: "GVA 0x… → GPA 0x… → HPA 0x…" (or the
 *  fault), else undefined. */
export function guestPointerTranslation(rt: DebugRuntime, frame: Frame, v: DValue, scope: EvalScope): string | undefined {
  const ctx = frameContext(rt, frame);
  if (ctx === undefined || ctx.kind !== 'guest' || resolveType(v.type).kind !== 'pointer') return undefined;
  try {
    const p = readValue(v, scope);
    const address = '0x' + BigInt.asUintN(64, typeof p === 'bigint' ? p : BigInt(Math.trunc(p))).toString(16);
    return translate(rt, { address, context: ctx.name }).summary;
  } catch {
    return undefined;
  }
}
