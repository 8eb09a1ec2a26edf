/**
 * Presentation of debugger values: gdb-like one-line text (`formatValue`, never
 * throws), the expandable children of structs, unions, arrays and pointers
 * (`children`, `isExpandable`), and logpoint message interpolation of `{expr}`.
 */
import type { DType, DValue, EvalScope } from '../model';
import { evaluate, subValue } from './evaluator';
import { ExprError, hex, isAddressType, isCharType, isRegisterType, resolveType, sizeOf } from './types';
import { readBytes, toScalar } from './value';

export interface FormatOptions {
  /** Plain integers (and chars' numeric part, enums' unknown values) in hex: the launch's
   *  `numberFormat` or DAP `format.hex`. Addresses, pointers and registers are hex always. */
  hex?: boolean;
}

const MAX_STRUCT_MEMBERS = 8;
const MAX_ARRAY_ELEMENTS = 16;
const MAX_STRING = 64;
const MAX_CHILDREN = 1000;
/** Nesting depth of aggregates shown inline before "{...}". */
const MAX_NEST = 2;
/** Aggregates up to this size are read with one memory access before formatting. */
const MATERIALIZE_LIMIT = 4096;

/** gdb-like text for a value. Never throws: failures become `<optimized out>`,
 *  `<unreadable 0x...>`, `<not saved>` or `<error: ...>`. */
export function formatValue(v: DValue, scope: EvalScope, opts: FormatOptions = {}): string {
  return fmt(v, scope, opts, 0);
}

function errorText(e: unknown, v: DValue): string {
  if (v.loc.kind === 'optimizedOut') return '<optimized out>';
  if (e instanceof ExprError) {
    if (e.address !== undefined) return `<unreadable ${hex(e.address)}>`;
    if (e.message === 'optimized out') return '<optimized out>';
    if (v.loc.kind === 'register' && / is not available/.test(e.message)) return '<not saved>';
    return `<error: ${e.message}>`;
  }
  return `<error: ${e instanceof Error ? e.message : String(e)}>`;
}

function fmt(v: DValue, scope: EvalScope, opts: FormatOptions, depth: number): string {
  try {
    return fmtInner(v, scope, opts, depth);
  } catch (e) {
    return errorText(e, v);
  }
}

/** Integer text in the value's own width: decimal (signed per type) or hex (two's complement). */
function intText(value: bigint, size: number, asHex: boolean): string {
  if (!asHex) return value.toString();
  const bits = Math.max(1, size) * 8;
  return hex(BigInt.asUintN(bits, value));
}

/** ` <main+0x1c>` when a symbol covers the address, else ''. */
function symbolSuffix(address: bigint, scope: EvalScope): string {
  if (address === 0n) return '';
  const s = scope.symbolAt?.(address);
  return s === undefined ? '' : ` <${s}>`;
}

/** An address: hex (16 digits for 64-bit registers, as the Registers view shows them)
 *  and the covering symbol; other registers and CSRs: the padded hex only. */
export function addressText(address: bigint, type: DType, scope: EvalScope): string {
  const v = BigInt.asUintN(64, address);
  const text = isRegisterType(type) ? `0x${v.toString(16).padStart(16, '0')}` : hex(v);
  return isAddressType(type) ? text + symbolSuffix(v, scope) : text;
}

/** Shortest round-trip text of a float (size 4) or double. */
export function formatFloat(n: number, size: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  if (Object.is(n, -0)) return '-0';
  if (size === 4) {
    for (let p = 1; p <= 9; p++) {
      const c = Number(n.toPrecision(p));
      if (Math.fround(c) === n) return String(c);
    }
  }
  return String(n);
}

/** C escape of one byte for a char literal (quote `'`) or a string (quote `"`). */
export function escapeByte(b: number, quote: "'" | '"'): string {
  switch (b) {
    case 0: return '\\0';
    case 7: return '\\a';
    case 8: return '\\b';
    case 9: return '\\t';
    case 10: return '\\n';
    case 11: return '\\v';
    case 12: return '\\f';
    case 13: return '\\r';
    case 92: return '\\\\';
    default: break;
  }
  if (b === quote.charCodeAt(0)) return `\\${quote}`;
  if (b >= 0x20 && b < 0x7f) return String.fromCharCode(b);
  return `\\${b.toString(8).padStart(3, '0')}`;
}

function quoteBytes(bytes: Uint8Array, truncated: boolean): string {
  let s = '"';
  for (const b of bytes) s += escapeByte(b, '"');
  return `${s}"${truncated ? '...' : ''}`;
}

/** Read a NUL-terminated string of at most MAX_STRING bytes; undefined if the first byte is unreadable. */
function readCString(address: bigint, scope: EvalScope): string | undefined {
  let data = scope.readMemory(address, MAX_STRING);
  if (!data) {
    const bytes: number[] = [];
    for (let i = 0; i < MAX_STRING; i++) {
      const b = scope.readMemory(address + BigInt(i), 1);
      if (!b || b.length === 0) break;
      bytes.push(b[0]);
      if (b[0] === 0) break;
    }
    if (bytes.length === 0) return undefined;
    data = Uint8Array.from(bytes);
  }
  const nul = data.indexOf(0);
  return nul >= 0 ? quoteBytes(data.subarray(0, nul), false) : quoteBytes(data.subarray(0, MAX_STRING), true);
}

/** Read an aggregate at a memory location at once, so members format without one read each. */
function materialize(v: DValue, scope: EvalScope): DValue {
  const size = sizeOf(v.type);
  if (v.loc.kind !== 'memory' || size === 0 || size > MATERIALIZE_LIMIT) return v;
  const data = scope.readMemory(v.loc.address, size);
  if (!data || data.length < size) return v;
  return { ...v, loc: { kind: 'bytes', bytes: data } };
}

function enumName(t: DType): string {
  return t.name.startsWith('enum ') ? t.name.slice(5) : t.name || 'enum';
}

function fmtInner(v: DValue, scope: EvalScope, opts: FormatOptions, depth: number): string {
  const t = resolveType(v.type);
  const asHex = opts.hex === true;
  if (v.loc.kind === 'optimizedOut') return '<optimized out>';
  switch (t.kind) {
    case 'void': return 'void';
    case 'function':
      return v.loc.kind === 'memory' ? hex(v.loc.address) + symbolSuffix(v.loc.address, scope) : '<function>';
    case 'base': {
      const s = toScalar(v, scope);
      if (s.k === 'float') return formatFloat(s.v, t.size);
      const n = s.v as bigint;
      // Registers, CSRs, symbols and address arithmetic: hex whatever numberFormat says.
      if (isRegisterType(t) || isAddressType(t)) return addressText(n, t, scope);
      if (t.encoding === 'boolean' && v.bitSize === undefined && (n === 0n || n === 1n)) return n === 1n ? 'true' : 'false';
      if (t.encoding === 'boolean' && v.bitSize !== undefined) return n === 0n ? 'false' : 'true';
      if (t.encoding === 'signedChar' || t.encoding === 'unsignedChar') {
        return `${intText(n, t.size, asHex)} '${escapeByte(Number(BigInt.asUintN(8, n)), "'")}'`;
      }
      return intText(n, t.size, asHex);
    }
    case 'enum': {
      const n = toScalar(v, scope).v as bigint;
      const e = t.values.find((x) => x.value === n || BigInt.asUintN(t.size * 8, x.value) === BigInt.asUintN(t.size * 8, n));
      return e ? e.name : `(${enumName(t)})${intText(n, t.size, asHex)}`;
    }
    case 'pointer': {
      const addr = toScalar(v, scope).v as bigint;
      const text = hex(addr) + symbolSuffix(addr, scope);
      if (isCharType(t.target) && addr !== 0n) {
        const s = readCString(addr, scope);
        return `${text} ${s ?? '<unreadable>'}`;
      }
      return text;
    }
    case 'array': {
      if (depth > MAX_NEST) return '{...}';
      if (t.count === undefined) return v.loc.kind === 'memory' ? hex(v.loc.address) : '[]';
      if (isCharType(t.element) && sizeOf(t.element) === 1) {
        const n = Math.min(t.count, MAX_STRING);
        const data = readBytes(v.loc, n, scope);
        const nul = data.indexOf(0);
        return nul >= 0 ? quoteBytes(data.subarray(0, nul), false) : quoteBytes(data, t.count > n);
      }
      const shown = Math.min(t.count, MAX_ARRAY_ELEMENTS);
      const m = materialize({ ...v, type: { ...t, count: shown, size: shown * sizeOf(t.element) } }, scope);
      const items = arrayChildren({ ...m, type: v.type }, t.element, shown, scope).map((c) => fmt(c.value, scope, opts, depth + 1));
      return `{${items.join(', ')}${t.count > shown ? ', ...' : ''}}`;
    }
    case 'struct': case 'union': {
      if (depth > MAX_NEST) return '{...}';
      const kids = structChildren(materialize(v, scope), scope);
      const items = kids.slice(0, MAX_STRUCT_MEMBERS).map((c) => `${c.name} = ${fmt(c.value, scope, opts, depth + 1)}`);
      return `{${items.join(', ')}${kids.length > MAX_STRUCT_MEMBERS ? ', ...' : ''}}`;
    }
    default:
      return '<unknown type>';
  }
}

export interface Child {
  name: string;
  value: DValue;
}

function safeSub(v: DValue, offset: number, type: DType, scope: EvalScope, bitSize?: number, bitOffset?: number): DValue {
  try {
    return subValue(v, offset, type, scope, bitSize, bitOffset);
  } catch {
    const extra = bitSize !== undefined ? { bitSize, bitOffset: bitOffset ?? 0 } : {};
    return { type, loc: { kind: 'optimizedOut' }, ...extra };
  }
}

function structChildren(v: DValue, scope: EvalScope): Child[] {
  // Registers and constant bytes: read once, then slice.
  let base = v;
  if (v.loc.kind === 'register') {
    try { base = { ...v, loc: { kind: 'bytes', bytes: readBytes(v.loc, sizeOf(v.type), scope) } }; } catch { base = { ...v, loc: { kind: 'optimizedOut' } }; }
  }
  const out: Child[] = [];
  const walk = (t: DType, offset: number, depth: number): void => {
    const r = resolveType(t);
    if ((r.kind !== 'struct' && r.kind !== 'union') || depth > 32) return;
    for (const m of r.members) {
      if (m.name === '') {
        const mr = resolveType(m.type);
        if (mr.kind === 'struct' || mr.kind === 'union') { walk(mr, offset + m.offset, depth + 1); continue; }
        if (m.bitSize !== undefined) continue; // unnamed bit-field: padding
      }
      out.push({ name: m.name || '<anon>', value: safeSub(base, offset + m.offset, m.type, scope, m.bitSize, m.bitOffset) });
    }
  };
  walk(v.type, 0, 0);
  return out;
}

function arrayChildren(v: DValue, element: DType, count: number, scope: EvalScope): Child[] {
  const es = sizeOf(element);
  const out: Child[] = [];
  let base = v;
  if (v.loc.kind === 'register') {
    try { base = { ...v, loc: { kind: 'bytes', bytes: readBytes(v.loc, es * count, scope) } }; } catch { base = { ...v, loc: { kind: 'optimizedOut' } }; }
  }
  for (let i = 0; i < count; i++) out.push({ name: `[${i}]`, value: safeSub(base, i * es, element, scope) });
  return out;
}

function pointeeExpandable(target: DType): boolean {
  const r = resolveType(target);
  return r.kind !== 'void' && r.kind !== 'function' && !isCharType(r);
}

/** Whether the Variables view should offer an expansion arrow (type-based). */
export function isExpandable(v: DValue): boolean {
  const t = resolveType(v.type);
  switch (t.kind) {
    case 'struct': case 'union': return t.members.length > 0;
    case 'array': return (t.count ?? 0) > 0;
    case 'pointer': return pointeeExpandable(t.target);
    default: return false;
  }
}

/** Children of an expandable value: members (anonymous struct/union members are
 *  flattened), array elements `[0]`..`[n-1]` (at most 1000), or the pointee `*name`
 *  (`*` when `name` is not given). Never throws; unreadable parts are left to
 *  formatValue to report. */
export function children(v: DValue, scope: EvalScope, name?: string): Child[] {
  const t = resolveType(v.type);
  switch (t.kind) {
    case 'struct': case 'union': return structChildren(v, scope);
    case 'array': return arrayChildren(v, t.element, Math.min(t.count ?? 0, MAX_CHILDREN), scope);
    case 'pointer': {
      if (!pointeeExpandable(t.target)) return [];
      let addr: bigint;
      try { addr = toScalar(v, scope).v as bigint; } catch { return []; }
      return [{ name: `*${name ?? ''}`, value: { type: t.target, loc: { kind: 'memory', address: addr } } }];
    }
    default: return [];
  }
}

/** Replace each `{expr}` in a logpoint message with its formatted value; `{{` and
 *  `}}` stand for braces; evaluation errors appear inline as `<error: ...>`. */
export function interpolateLogMessage(msg: string, scope: EvalScope): string {
  let out = '';
  let i = 0;
  while (i < msg.length) {
    const c = msg[i];
    if (c === '{' && msg[i + 1] === '{') { out += '{'; i += 2; continue; }
    if (c === '}' && msg[i + 1] === '}') { out += '}'; i += 2; continue; }
    if (c === '{') {
      const end = msg.indexOf('}', i + 1);
      if (end < 0) { out += msg.slice(i); break; }
      const expr = msg.slice(i + 1, end).trim();
      try {
        out += formatValue(evaluate(expr, scope), scope);
      } catch (e) {
        out += `<error: ${e instanceof Error ? e.message : String(e)}>`;
      }
      i = end + 1;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}
