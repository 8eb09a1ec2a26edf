/**
 * gdb-style commands of the Debug Console (evaluate requests of context 'repl'):
 *
 *   x/NFU ADDR     examine memory: N units (default 1) of size U (b h w g; default w)
 *                  in format F (x d u o t c a f; s = C strings, i = instructions)
 *   p[/F] EXPR     print an expression (print, p/x, p/d, p/u, p/o, p/t, p/c, p/a, p/f)
 *   info registers [NAME...]   integer registers (or the named registers and CSRs)
 *   info breakpoints           the session's breakpoints
 *   help
 *
 * The format letters, units and defaults follow gdb's "Examining Memory" and "Output
 * Formats" (Debugging with GDB, 10.5 and 10.6): `x` remembers the last format and unit
 * and, without an address, goes on after the last unit it showed. Addresses go through
 * the selected frame's EvalScope (the debugger's side-effect-free view of memory).
 * Everything here is pure: no DAP, no host APIs.
 */
import type { DValue, EvalScope } from './model';
import { ABI_NAMES, FP_ABI_NAMES, registerNumber } from './regNames';
import { evaluate, formatValue, formatFloat, resolveType, syntaxError, toScalar, ExprError, sizeOf } from './expr/index';
import { escapeByte } from './expr/format';
import { disassemble } from '../isa/disasm';
import { allInsns } from '../isa/tables';
import { csrSummary } from './csrView';

/** What a command may look at besides the frame's scope. */
export interface ConsoleContext {
  scope: EvalScope;
  /** The hart's pc (x/i marks it with `=>`). */
  pc: bigint;
  /** `main+0x1c` for an address inside a symbol, undefined elsewhere. */
  symbolText(addr: bigint): string | undefined;
  /** Lines of `info breakpoints` (without the header); undefined when unavailable. */
  breakpoints?(): string[];
  /** The scope an operand is evaluated (and `x` reads memory) in: hypervisor sessions
   *  name another context with a prefix (`guest2::counter`). Default: `scope`. */
  scopeFor?(expr: string): { scope: EvalScope; expr: string };
}

function resolveOperand(ctx: ConsoleContext, text: string): { scope: EvalScope; expr: string } {
  return ctx.scopeFor?.(text) ?? { scope: ctx.scope, expr: text };
}

/** Command words (for completion and `help`). */
export const CONSOLE_COMMANDS = ['x', 'p', 'print', 'info', 'help'] as const;
export const INFO_SUBCOMMANDS = ['registers', 'breakpoints'] as const;
/** Format letters of `x` and `print`, with what they mean. */
export const FORMATS: Record<string, string> = {
  x: 'hexadecimal', d: 'signed decimal', u: 'unsigned decimal', o: 'octal', t: 'binary',
  c: 'character', a: 'address with symbol', f: 'floating point', s: 'C string (x only)', i: 'instructions (x only)',
};
export const UNITS: Record<string, number> = { b: 1, h: 2, w: 4, g: 8 };

const HELP = [
  'Debug Console commands (gdb style); anything else is an expression:',
  '  x/NFU ADDR          examine N units of memory at ADDR: F = x d u o t c a f s i, U = b h w g',
  '                      (x/8xw $sp, x/4i $pc, x/s msg, x/2g &g_array); "x" alone continues',
  '  p[/F] EXPR          print EXPR, optionally as x d u o t c a f (p/x mstatus, p/t flags)',
  '  info registers [R]  integer registers, or the named ones (info registers a0 sp mstatus)',
  '  info breakpoints    breakpoints with their addresses and hit counts',
  'Expressions: C syntax, $reg, CSRs and their fields (mstatus.MPP), casts, assignment.',
];

/** Lines of memory shown at most by one `x`. */
const MAX_UNITS = 1024;
const MAX_STRING = 4096;

/** State kept between commands (gdb's last `x` format, unit and next address). */
export class ConsoleState {
  format = 'x';
  unit = 4;
  next: bigint | undefined;
}

/**
 * Is `text` a console command in this scope? `x`, `p`, `print`, `info` and `help`
 * followed by `/` always are; followed by a space or alone they are too, unless a
 * variable of that name is visible and the text is an expression (`p - 1`, `x * 2`,
 * or `p` alone for a variable `p`), since expressions are what the console is mostly for.
 */
export function isConsoleCommand(text: string, scope: Pick<EvalScope, 'variable' | 'type'>): boolean {
  const m = /^\s*([a-z]+)(\/|\s|$)/.exec(text);
  if (m === null || !(CONSOLE_COMMANDS as readonly string[]).includes(m[1])) return false;
  if (m[2] === '/' || scope.variable(m[1]) === undefined) return true;
  return syntaxError(text, (n) => scope.type(n) !== undefined) !== undefined;
}

/** Run a console command; returns its output (lines joined by '\n'). Throws Error/ExprError. */
export function runConsoleCommand(text: string, ctx: ConsoleContext, state: ConsoleState): string {
  const m = /^\s*([a-z]+)(?:\/(\w*))?\s*(.*?)\s*$/s.exec(text);
  if (m === null) throw new Error(`not a command: ${text}`);
  const [, word, fmt, rest] = m;
  switch (word) {
    case 'x': return examine(fmt ?? '', rest, ctx, state);
    case 'p': case 'print': return print(fmt ?? '', rest, ctx);
    case 'info': return info(rest, ctx);
    case 'help': return HELP.join('\n');
    default: throw new Error(`unknown command '${word}'`);
  }
}

// ------------------------------------------------------------------ print

function print(fmt: string, expr: string, ctx: ConsoleContext): string {
  if (expr === '') throw new Error('print needs an expression, e.g. p/x $a0');
  if (fmt !== '' && (fmt.length > 1 || !(fmt in FORMATS) || fmt === 's' || fmt === 'i')) {
    throw new Error(`bad print format '/${fmt}': use one of x d u o t c a f`);
  }
  const { scope, expr: e } = resolveOperand(ctx, expr);
  ctx = { ...ctx, scope };
  const v = evaluate(e, scope);
  if (fmt === '') return formatValue(v, ctx.scope);
  const t = resolveType(v.type);
  if (t.kind === 'struct' || t.kind === 'union' || t.kind === 'array') {
    if (fmt === 'x') return formatValue(v, ctx.scope, { hex: true });
    throw new Error(`p/${fmt} works on scalar values; use p/x for ${t.kind === 'array' ? 'arrays' : 'structures'}`);
  }
  const s = toScalar(v, ctx.scope);
  const size = Math.max(1, Math.min(8, sizeOf(v.type) || 8));
  if (s.k === 'float') {
    if (fmt === 'f') return formatFloat(s.v, size);
    return formatUnit(floatBits(s.v, size), size, fmt, ctx); // floats show their IEEE bits
  }
  const raw = BigInt.asUintN(size * 8, s.v);
  return formatUnit(raw, size, fmt, ctx, false);
}

function floatBits(v: number, size: number): bigint {
  const dv = new DataView(new ArrayBuffer(8));
  if (size === 4) { dv.setFloat32(0, v, true); return BigInt(dv.getUint32(0, true)); }
  dv.setFloat64(0, v, true);
  return dv.getBigUint64(0, true);
}

/** One unit (an unsigned raw value of `size` bytes) in format `fmt`. `pad`: fixed width, as `x` shows. */
function formatUnit(raw: bigint, size: number, fmt: string, ctx: ConsoleContext, pad = true): string {
  const bits = size * 8;
  switch (fmt) {
    case 'x': return '0x' + (pad ? raw.toString(16).padStart(size * 2, '0') : raw.toString(16));
    case 'd': return BigInt.asIntN(bits, raw).toString();
    case 'u': return raw.toString();
    case 'o': return raw === 0n ? '0' : '0' + raw.toString(8);
    case 't': return pad ? raw.toString(2).padStart(bits, '0') : raw.toString(2);
    case 'c': {
      const b = Number(raw & 0xffn);
      return `${BigInt.asIntN(8, raw & 0xffn)} '${escapeByte(b, "'")}'`;
    }
    case 'a': {
      const sym = ctx.symbolText(raw);
      return `0x${raw.toString(16)}${sym !== undefined ? ` <${sym}>` : ''}`;
    }
    case 'f': {
      if (size !== 4 && size !== 8) return BigInt.asIntN(bits, raw).toString();
      const dv = new DataView(new ArrayBuffer(8));
      if (size === 4) { dv.setUint32(0, Number(raw), true); return formatFloat(dv.getFloat32(0, true), 4); }
      dv.setBigUint64(0, raw, true);
      return formatFloat(dv.getFloat64(0, true), 8);
    }
    default: throw new Error(`bad format letter '${fmt}'`);
  }
}

// ------------------------------------------------------------------ x

interface XSpec { count: number; format: string; unit: number }

function parseX(fmt: string, state: ConsoleState): XSpec {
  const m = /^(\d*)([a-z]*)$/.exec(fmt);
  if (m === null) throw new Error(`bad x format '/${fmt}': use x/NFU, e.g. x/8xw`);
  const count = m[1] === '' ? 1 : Number(m[1]);
  let format = state.format;
  let unit: number | undefined;
  for (const c of m[2]) {
    if (c in UNITS) { if (unit !== undefined) throw new Error(`x/${fmt}: two unit letters`); unit = UNITS[c]; } else if (c in FORMATS) format = c;
    else throw new Error(`x/${fmt}: unknown letter '${c}' (formats x d u o t c a f s i, units b h w g)`);
  }
  if (unit === undefined) {
    // gdb: 'a' uses the pointer size, 'c' bytes unless a unit is given; else the last unit.
    unit = format === 'a' ? 8 : format === 'c' ? 1 : format === 'f' && state.unit < 4 ? 8 : state.unit;
  }
  if (count < 1 || count > MAX_UNITS) throw new Error(`x: count ${count} out of range (1 to ${MAX_UNITS})`);
  return { count, format, unit };
}

/** The address an `x` operand designates: a pointer's or integer's value; an array's,
 *  function's or structure's own address. */
function addressOf(v: DValue, scope: EvalScope): bigint {
  const t = resolveType(v.type);
  if ((t.kind === 'struct' || t.kind === 'union') && v.loc.kind === 'memory') return v.loc.address;
  const s = toScalar(v, scope);
  if (s.k === 'float') throw new ExprError('x needs an address, not a floating-point value');
  return BigInt.asUintN(64, s.v);
}

function examine(fmt: string, operand: string, ctx: ConsoleContext, state: ConsoleState): string {
  const spec = parseX(fmt, state);
  let addr: bigint;
  if (operand !== '') {
    const { scope, expr } = resolveOperand(ctx, operand);
    ctx = { ...ctx, scope }; // another context's operand: read its memory too
    addr = addressOf(evaluate(expr, scope), scope);
  } else if (state.next !== undefined) addr = state.next;
  else throw new Error('x needs an address, e.g. x/4xw $sp');
  state.format = spec.format;
  if (spec.format !== 's' && spec.format !== 'i') state.unit = spec.unit;
  const label = (a: bigint): string => {
    const sym = ctx.symbolText(a);
    return `0x${a.toString(16)}${sym !== undefined ? ` <${sym}>` : ''}:`;
  };
  let out: string[];
  if (spec.format === 'i') ({ lines: out, next: addr } = instructions(addr, spec.count, ctx, label));
  else if (spec.format === 's') ({ lines: out, next: addr } = strings(addr, spec.count, ctx, label));
  else ({ lines: out, next: addr } = units(addr, spec, ctx, label));
  state.next = addr;
  return out.join('\n');
}

function units(start: bigint, spec: XSpec, ctx: ConsoleContext, label: (a: bigint) => string): { lines: string[]; next: bigint } {
  const perLine = spec.format === 'c' ? 8 : ({ 1: 8, 2: 8, 4: 4, 8: 2 } as Record<number, number>)[spec.unit];
  const lines: string[] = [];
  let a = start;
  for (let i = 0; i < spec.count; i += perLine) {
    const items: string[] = [];
    for (let k = i; k < Math.min(spec.count, i + perLine); k++) {
      const bytes = ctx.scope.readMemory(a, spec.unit);
      if (bytes === undefined) { // show what was read, then stop (gdb: "Cannot access memory")
        if (lines.length === 0 && items.length === 0) throw new ExprError(`cannot read memory at 0x${a.toString(16)}`, a);
        lines.push(`${label(start + BigInt(i * spec.unit))}\t${[...items, `<cannot read memory at 0x${a.toString(16)}>`].join('\t')}`);
        return { lines, next: a };
      }
      let raw = 0n;
      for (let b = bytes.length - 1; b >= 0; b--) raw = (raw << 8n) | BigInt(bytes[b]);
      items.push(formatUnit(raw, spec.unit, spec.format, ctx));
      a += BigInt(spec.unit);
    }
    const lineStart = start + BigInt(i * spec.unit);
    lines.push(`${label(lineStart)}\t${items.join('\t')}`);
  }
  return { lines, next: a };
}

function strings(start: bigint, count: number, ctx: ConsoleContext, label: (a: bigint) => string): { lines: string[]; next: bigint } {
  const lines: string[] = [];
  let a = start;
  for (let n = 0; n < count; n++) {
    let text = '';
    let len = 0;
    for (; len < MAX_STRING; len++) {
      const b = ctx.scope.readMemory(a + BigInt(len), 1);
      if (b === undefined) {
        if (len === 0) throw new ExprError(`cannot read memory at 0x${(a + BigInt(len)).toString(16)}`, a);
        break;
      }
      if (b[0] === 0) break;
      text += escapeByte(b[0], '"');
    }
    lines.push(`${label(a)}\t"${text}"${len === MAX_STRING ? '...' : ''}`);
    a += BigInt(len + 1);
  }
  return { lines, next: a };
}

function instructions(start: bigint, count: number, ctx: ConsoleContext, label: (a: bigint) => string): { lines: string[]; next: bigint } {
  const lines: string[] = [];
  let a = start;
  for (let n = 0; n < count; n++) {
    const lo = ctx.scope.readMemory(a, 2);
    if (lo === undefined) {
      if (n === 0) throw new ExprError(`cannot read memory at 0x${a.toString(16)}`, a);
      break;
    }
    let insn = lo[0] | (lo[1] << 8);
    if ((insn & 3) === 3) {
      const hi = ctx.scope.readMemory(a + 2n, 2);
      if (hi === undefined) break;
      insn = (insn | ((hi[0] | (hi[1] << 8)) << 16)) >>> 0;
    }
    const d = disassemble(insn, Number(BigInt.asIntN(64, a)), allInsns, (t) => ctx.symbolText(BigInt.asUintN(64, BigInt(t))));
    lines.push(`${a === ctx.pc ? '=> ' : '   '}${label(a)}\t${d.text}`);
    a += BigInt(d.length);
  }
  return { lines, next: a };
}

// ------------------------------------------------------------------ info

function info(rest: string, ctx: ConsoleContext): string {
  const [sub, ...names] = rest.split(/\s+/).filter((w) => w !== '');
  if (sub !== undefined && 'registers'.startsWith(sub) && sub.length >= 1) return registers(names, ctx);
  if (sub !== undefined && 'breakpoints'.startsWith(sub) && sub.length >= 1) {
    const lines = ctx.breakpoints?.();
    if (lines === undefined) throw new Error('no breakpoints available');
    return lines.length === 0 ? 'No breakpoints.' : ['Num  Type         Address             Hits  What', ...lines].join('\n');
  }
  throw new Error(`info ${sub ?? ''}: use 'info registers [NAME...]' or 'info breakpoints'`.replace('info :', 'info:'));
}

/** Registers whose natural display is an address (gdb shows those in hex with a symbol). */
const POINTER_REGS = new Set(['ra', 'sp', 'gp', 'tp', 's0', 'fp']);

function registers(names: string[], ctx: ConsoleContext): string {
  const list = names.length > 0 ? names.map((n) => n.replace(/^\$/, '')) : ['pc', ...ABI_NAMES];
  const width = Math.max(8, ...list.map((n) => n.length + 1));
  return list.map((name) => `${name.padEnd(width)}${registerLine(name, ctx)}`).join('\n');
}

function registerLine(name: string, ctx: ConsoleContext): string {
  const hex64 = (v: bigint): string => '0x' + BigInt.asUintN(64, v).toString(16).padStart(16, '0');
  const withSym = (v: bigint): string => {
    const sym = ctx.symbolText(v);
    return `${hex64(v)}  ${sym !== undefined ? `<${sym}>` : `0x${v.toString(16)}`}`;
  };
  if (name === 'pc') return withSym(ctx.scope.pc());
  const reg = registerNumber(name);
  if (reg !== undefined) {
    const v = ctx.scope.readReg(reg);
    if (v === undefined) return '<not saved>';
    if (reg >= 32) { // FP: the bits, then the double (or the float when NaN-boxed)
      const boxed = (v >> 32n) === 0xffffffffn;
      const dv = new DataView(new ArrayBuffer(8));
      dv.setBigUint64(0, v, true);
      return `${hex64(v)}  ${boxed ? `float ${formatFloat(dv.getFloat32(0, true), 4)}` : `double ${formatFloat(dv.getFloat64(0, true), 8)}`}`;
    }
    const abi = ABI_NAMES[reg];
    return POINTER_REGS.has(abi) ? withSym(v) : `${hex64(v)}  ${BigInt.asIntN(64, v)}`;
  }
  const csr = ctx.scope.readCsr(name);
  if (csr !== undefined) {
    const summary = csrSummary(name, csr);
    return `${hex64(csr)}${summary.length > 2 ? `  ${summary}` : ''}`;
  }
  throw new Error(`invalid register '${name}'`);
}

/** All register names the console knows (for completion). */
export function registerNames(): string[] {
  return ['pc', ...ABI_NAMES, ...FP_ABI_NAMES];
}
