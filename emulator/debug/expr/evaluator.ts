/**
 * Evaluator of the debugger's expression language over an EvalScope: identifier
 * lookup (variables, then registers / pc, then ELF symbols, then CSRs; `$name` is
 * registers, pc and CSRs only), C operators with 64-bit bigint semantics, pointer
 * arithmetic, member access, indexing, casts, sizeof and assignment (memory,
 * registers, locals through their location, CSRs through writeCsr, the pc through
 * writePc of a live frame). A CSR's fields are members: `mstatus.MPP`, `satp.MODE`,
 * `mcause.code` (any case), read and assigned (the CSR is rewritten; WARL fields keep
 * legal values, so the result shows what the hart accepted).
 */
import type { DType, DValue, EvalScope } from '../model';
import { isFpReg, registerNumber } from '../regNames';
import { csrField, csrFieldValue, type CsrFieldInfo } from '../csrView';
import { parse, type Node, type TypeSpec } from './parser';
import {
  ADDR, BUILTIN_TYPES, DOUBLE, ExprError, INT, KEYWORD_TYPES, LONG, REG64, REGADDR, UINT, ULONG, addressResult, intRegType, isSignedType, pointerTo,
  resolveType, sizeOf, typeName,
} from './types';
import {
  convert, makeFloat, makeInt, readBytes, scalarBigint, scalarNumber, store, toScalar, truthy, type Scalar,
} from './value';

/** Values that came from a CSR (assignment goes through writeCsr). */
const csrValues = new WeakMap<DValue, string>();
/** Values of CSR fields (`mstatus.MPP`): the CSR and the field (assignment rewrites the CSR). */
const csrFieldValues = new WeakMap<DValue, { csr: string; field: CsrFieldInfo }>();
/** Values of the pc (written through writePc). */
const pcValues = new WeakSet<DValue>();
/** Values of ELF symbols without DWARF (their address; `&sym` is the same value). */
const symbolValues = new WeakSet<DValue>();

/** Evaluate `text` in `scope`. Throws ExprError with a one-line message. */
export function evaluate(text: string, scope: EvalScope): DValue {
  return new Evaluator(scope).run(text);
}

/** setVariable: evaluate `text` as an lvalue, `valueText` as the new value, convert
 *  it to the lvalue's type, write it, and return the updated value. A CSR field with
 *  named values also takes a name (`mstatus.MPP` ← `S`, `satp.MODE` ← `Sv39`). */
export function assign(text: string, valueText: string, scope: EvalScope): DValue {
  const ev = new Evaluator(scope);
  const lhs = ev.run(text);
  const want = valueText.trim().toLowerCase();
  const named = csrFieldValues.get(lhs)?.field.names?.find((n) => n.name.toLowerCase() === want);
  const rhs = named !== undefined ? makeInt(named.value, ULONG) : ev.run(valueText);
  return ev.assignTo(lhs, rhs);
}

/** Syntax check without evaluating (breakpoint conditions when they are set):
 *  undefined when `text` parses, else the one-line error. */
export function syntaxError(text: string, isTypeName: (name: string) => boolean): string | undefined {
  try {
    parse(text, (n) => isTypeName(n) || BUILTIN_TYPES.has(n));
    return undefined;
  } catch (e) {
    if (e instanceof ExprError) return e.message;
    throw e;
  }
}

/** Name of the CSR a value was read from, if any. */
export function csrOf(v: DValue): string | undefined {
  return csrValues.get(v);
}

/** Resolve a type name as written in casts ('unsigned long', 'struct point', a typedef). */
export function lookupType(name: string, scope: EvalScope): DType | undefined {
  const builtin = BUILTIN_TYPES.get(name);
  if (KEYWORD_TYPES.has(name)) return builtin;
  const found = scope.type(name);
  if (found) return found;
  const m = /^(struct|union|enum) (.+)$/.exec(name);
  if (m) {
    const bare = scope.type(m[2]);
    if (bare && resolveType(bare).kind === m[1]) return bare;
    return undefined;
  }
  return builtin;
}

/** Subvalue at `offset` bytes into `v` (members, array elements). */
export function subValue(v: DValue, offset: number, type: DType, scope: EvalScope, bitSize?: number, bitOffset?: number): DValue {
  const extra = bitSize !== undefined ? { bitSize, bitOffset: bitOffset ?? 0 } : {};
  const size = bitSize !== undefined ? Math.max(sizeOf(type), Math.ceil(((bitOffset ?? 0) + bitSize) / 8)) : sizeOf(type);
  switch (v.loc.kind) {
    case 'memory':
      return { type, loc: { kind: 'memory', address: BigInt.asUintN(64, v.loc.address + BigInt(offset)) }, ...extra };
    case 'optimizedOut':
      return { type, loc: v.loc, ...extra };
    case 'bytes': case 'register': {
      const whole = readBytes(v.loc, Math.max(sizeOf(v.type), offset + size), scope);
      return { type, loc: { kind: 'bytes', bytes: whole.slice(offset, offset + size) }, ...extra };
    }
  }
}

/** Find a member by name, looking into anonymous struct/union members. */
export function findMember(t: DType, name: string, depth = 0): { type: DType; offset: number; bitSize?: number; bitOffset?: number } | undefined {
  const r = resolveType(t);
  if ((r.kind !== 'struct' && r.kind !== 'union') || depth > 32) return undefined;
  for (const m of r.members) {
    if (m.name === name) return { type: m.type, offset: m.offset, bitSize: m.bitSize, bitOffset: m.bitOffset };
  }
  for (const m of r.members) {
    if (m.name !== '') continue;
    const inner = findMember(m.type, name, depth + 1);
    if (inner) return { ...inner, offset: inner.offset + m.offset };
  }
  return undefined;
}

/** Integer promotion (RV64 LP64): small types → int; 4 bytes → int/unsigned int; 8 → long/unsigned long. */
function promote(t: DType): DType {
  const r = resolveType(t);
  const size = r.size;
  const signed = isSignedType(r);
  if (size < 4 || (r.kind === 'base' && r.encoding === 'boolean')) return INT;
  if (size === 4) return signed ? INT : UINT;
  return signed ? LONG : ULONG;
}

function commonType(a: DType, b: DType): DType {
  const pa = promote(a);
  const pb = promote(b);
  if (pa.size !== pb.size) return pa.size > pb.size ? pa : pb;
  return !isSignedType(pa) ? pa : pb;
}

function norm(v: bigint, t: DType): bigint {
  const bits = sizeOf(t) * 8;
  return isSignedType(t) ? BigInt.asIntN(bits, v) : BigInt.asUintN(bits, v);
}

function elemSize(ptr: DType): number {
  const r = resolveType(ptr);
  if (r.kind !== 'pointer') return 1;
  return sizeOf(r.target) || 1;
}

class Evaluator {
  constructor(private readonly scope: EvalScope) {}

  run(text: string): DValue {
    return this.eval(parse(text, (n) => this.isTypeName(n)));
  }

  private isTypeName(name: string): boolean {
    if (this.scope.variable(name)) return false;
    return this.scope.type(name) !== undefined || BUILTIN_TYPES.has(name);
  }

  private typeOf(spec: TypeSpec): DType {
    let t = lookupType(spec.base, this.scope);
    if (!t) throw new ExprError(`unknown type '${spec.base}'`);
    for (let i = 0; i < spec.pointers; i++) t = pointerTo(t);
    for (let i = spec.dims.length - 1; i >= 0; i--) {
      t = { kind: 'array', name: '', size: spec.dims[i] * sizeOf(t), element: t, count: spec.dims[i] };
    }
    return t;
  }

  eval(n: Node): DValue {
    switch (n.k) {
      case 'int': return makeInt(n.value, n.type);
      case 'float': return makeFloat(n.value, n.type);
      case 'ident': return this.ident(n.name);
      case 'unary': return this.unary(n.op, n.e);
      case 'sizeof': return makeInt(BigInt(n.type ? sizeOf(this.typeOf(n.type)) : sizeOf(this.eval(n.e!).type)), ULONG);
      case 'cast': return convert(this.eval(n.e), this.typeOf(n.type), this.scope);
      case 'member': return this.member(this.eval(n.e), n.name, n.arrow);
      case 'index': return this.index(this.eval(n.e), this.eval(n.index));
      case 'binary': {
        if (n.op === '&&' || n.op === '||') {
          const l = truthy(this.scalar(this.eval(n.l)));
          if (n.op === '&&' ? !l : l) return makeInt(l ? 1n : 0n, INT);
          return makeInt(truthy(this.scalar(this.eval(n.r))) ? 1n : 0n, INT);
        }
        return this.binary(n.op, this.eval(n.l), this.eval(n.r));
      }
      case 'cond': return truthy(this.scalar(this.eval(n.c))) ? this.eval(n.t) : this.eval(n.f);
      case 'assign': {
        const lhs = this.eval(n.l);
        const rhs = n.op === '=' ? this.eval(n.r) : this.binary(n.op.slice(0, -1), lhs, this.eval(n.r));
        return this.assignTo(lhs, rhs);
      }
    }
  }

  private scalar(v: DValue): Scalar {
    return toScalar(v, this.scope);
  }

  /** `$name`: registers, pc, CSRs. Undefined when not one of them. */
  private machine(name: string, csr: boolean): DValue | undefined {
    if (name.toLowerCase() === 'pc') {
      const v = makeInt(this.scope.pc(), REGADDR);
      pcValues.add(v);
      return v;
    }
    const reg = registerNumber(name);
    if (reg !== undefined) return { type: isFpReg(reg) ? DOUBLE : intRegType(reg), loc: { kind: 'register', reg } };
    if (!csr) return undefined;
    return this.csr(name);
  }

  private csr(name: string): DValue | undefined {
    const value = this.scope.readCsr(name);
    if (value === undefined) return undefined;
    const v = makeInt(value, REG64);
    csrValues.set(v, name);
    return v;
  }

  private ident(name: string): DValue {
    if (name.startsWith('$')) {
      const v = this.machine(name.slice(1), true);
      if (!v) throw new ExprError(`unknown register or CSR '${name}'`);
      return v;
    }
    const variable = this.scope.variable(name);
    if (variable) return { type: variable.type, loc: this.scope.locate(variable) };
    const m = this.machine(name, false);
    if (m) return m;
    const sym = this.scope.symbol(name);
    if (sym !== undefined) {
      const v = makeInt(sym, ADDR);
      symbolValues.add(v);
      return v;
    }
    const c = this.csr(name);
    if (c) return c;
    throw new ExprError(`unknown identifier '${name}'`);
  }

  private unary(op: string, e: Node): DValue {
    if (op === '&') return this.addressOf(this.eval(e));
    const v = this.eval(e);
    if (op === '*') return this.deref(v);
    const s = this.scalar(v);
    if (op === '!') return makeInt(truthy(s) ? 0n : 1n, INT);
    if (s.k === 'ptr') throw new ExprError(`invalid operand to unary '${op}' (${typeName(v.type)})`);
    if (s.k === 'float') {
      if (op === '~') throw new ExprError(`invalid operand to unary '~' (${typeName(v.type)})`);
      return makeFloat(op === '-' ? -s.v : s.v, v.type);
    }
    const t = promote(s.t);
    const x = norm(s.v, t);
    return makeInt(op === '-' ? -x : op === '~' ? ~x : x, t);
  }

  private addressOf(v: DValue): DValue {
    if (symbolValues.has(v)) return v;
    if (v.bitSize !== undefined) throw new ExprError('cannot take the address of a bit-field');
    switch (v.loc.kind) {
      case 'memory': return makeInt(v.loc.address, pointerTo(v.type));
      case 'register': throw new ExprError('cannot take the address of a value in a register');
      case 'bytes': throw new ExprError('cannot take the address of a computed value');
      case 'optimizedOut': throw new ExprError('cannot take the address of an optimized-out value');
    }
  }

  private deref(v: DValue): DValue {
    const t = resolveType(v.type);
    if (t.kind === 'array') return this.index(v, makeInt(0n, INT));
    if (t.kind === 'function') return v;
    if (t.kind !== 'pointer') throw new ExprError(`cannot dereference a value of type ${typeName(v.type)}`);
    const target = resolveType(t.target);
    if (target.kind === 'void') throw new ExprError(`cannot dereference a value of type ${typeName(v.type)}`);
    const address = this.scalar(v).v as bigint;
    return { type: t.target, loc: { kind: 'memory', address } };
  }

  private member(v: DValue, name: string, _arrow: boolean): DValue {
    const csr = csrValues.get(v);
    if (csr !== undefined) return this.csrFieldOf(csr, v, name);
    let base = v;
    if (resolveType(base.type).kind === 'pointer') base = this.deref(base);
    const t = resolveType(base.type);
    if (t.kind !== 'struct' && t.kind !== 'union') {
      throw new ExprError(`cannot access member '${name}' of a value of type ${typeName(v.type)}`);
    }
    const m = findMember(t, name);
    if (!m) throw new ExprError(`no member '${name}' in ${typeName(t)}`);
    return subValue(base, m.offset, m.type, this.scope, m.bitSize, m.bitOffset);
  }

  /** `mstatus.MPP`: the field's bits, an enumeration when the field names its values
   *  (priv spec field layouts, csrView.ts). */
  private csrFieldOf(csr: string, v: DValue, name: string): DValue {
    const field = csrField(csr, name);
    if (field === undefined) throw new ExprError(`CSR ${csr} has no field '${name}'`);
    const bits = csrFieldValue(field, this.scalar(v).v as bigint);
    const size = field.width <= 8 ? 1 : field.width <= 16 ? 2 : field.width <= 32 ? 4 : 8;
    const type: DType = field.names !== undefined && field.names.length > 0
      ? { kind: 'enum', name: `${csr}.${field.name}`, size, signed: false, values: field.names }
      : { kind: 'base', name: `${csr}.${field.name}`, size, encoding: 'unsigned' };
    const out = makeInt(bits, type);
    csrFieldValues.set(out, { csr, field });
    return out;
  }

  private index(v: DValue, idx: DValue): DValue {
    const t = resolveType(v.type);
    const is = this.scalar(idx);
    if (is.k !== 'int') throw new ExprError(`array subscript is not an integer`);
    const i = norm(is.v, promote(is.t));
    if (t.kind === 'array') {
      const es = sizeOf(t.element);
      if (v.loc.kind === 'memory') {
        return { type: t.element, loc: { kind: 'memory', address: BigInt.asUintN(64, v.loc.address + i * BigInt(es)) } };
      }
      if (i < 0n || (t.count !== undefined && i >= BigInt(t.count))) throw new ExprError(`index ${i} is out of bounds of ${typeName(v.type)}`);
      return subValue(v, Number(i) * es, t.element, this.scope);
    }
    if (t.kind === 'pointer') return this.deref(this.binary('+', v, idx));
    throw new ExprError(`cannot subscript a value of type ${typeName(v.type)}`);
  }

  private binary(op: string, a: DValue, b: DValue): DValue {
    const sa = this.scalar(a);
    const sb = this.scalar(b);
    const invalid = (): ExprError => new ExprError(`invalid operands to '${op}' (${typeName(a.type)} and ${typeName(b.type)})`);
    const cmp = ['<', '<=', '>', '>=', '==', '!='].includes(op);
    if (sa.k === 'ptr' || sb.k === 'ptr') {
      if (cmp) {
        if (sa.k === 'float' || sb.k === 'float') throw invalid();
        return this.compare(op, BigInt.asUintN(64, sa.v), BigInt.asUintN(64, sb.v));
      }
      if (op === '+' && sa.k === 'ptr' && sb.k === 'int') return makeInt(sa.v + norm(sb.v, promote(sb.t)) * BigInt(elemSize(sa.t)), sa.t);
      if (op === '+' && sb.k === 'ptr' && sa.k === 'int') return makeInt(sb.v + norm(sa.v, promote(sa.t)) * BigInt(elemSize(sb.t)), sb.t);
      if (op === '-' && sa.k === 'ptr' && sb.k === 'int') return makeInt(sa.v - norm(sb.v, promote(sb.t)) * BigInt(elemSize(sa.t)), sa.t);
      if (op === '-' && sa.k === 'ptr' && sb.k === 'ptr') {
        const es = elemSize(sa.t);
        if (es !== elemSize(sb.t)) throw invalid();
        return makeInt(BigInt.asIntN(64, sa.v - sb.v) / BigInt(es), LONG);
      }
      throw invalid();
    }
    if (sa.k === 'float' || sb.k === 'float') {
      const x = scalarNumber(sa);
      const y = scalarNumber(sb);
      if (cmp) return this.compareNum(op, x, y);
      switch (op) {
        case '+': return makeFloat(x + y, DOUBLE);
        case '-': return makeFloat(x - y, DOUBLE);
        case '*': return makeFloat(x * y, DOUBLE);
        case '/': return makeFloat(x / y, DOUBLE);
        default: throw invalid();
      }
    }
    if (op === '<<' || op === '>>') {
      const t = promote(sa.t);
      const bits = BigInt(sizeOf(t) * 8);
      const x = norm(sa.v, t);
      const count = BigInt.asUintN(64, scalarBigint(sb)) & (bits - 1n);
      return makeInt(op === '<<' ? x << count : x >> count, t);
    }
    const t = commonType(sa.t, sb.t);
    const x = norm(sa.v, t);
    const y = norm(sb.v, t);
    if (cmp) return this.compare(op, x, y);
    const at = addressResult(op, sa.t, sb.t); // `main+4`, `$sp+8`, `$sp & ~15` stay addresses
    if (at !== undefined) return makeInt(op === '+' ? x + y : op === '-' ? x - y : op === '&' ? x & y : op === '|' ? x | y : x ^ y, at);
    switch (op) {
      case '+': return makeInt(x + y, t);
      case '-': return makeInt(x - y, t);
      case '*': return makeInt(x * y, t);
      case '/': case '%':
        if (y === 0n) throw new ExprError('division by zero');
        return makeInt(op === '/' ? x / y : x % y, t);
      case '&': return makeInt(x & y, t);
      case '^': return makeInt(x ^ y, t);
      case '|': return makeInt(x | y, t);
      default: throw invalid();
    }
  }

  private compare(op: string, x: bigint, y: bigint): DValue {
    const r = op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : op === '>=' ? x >= y : op === '==' ? x === y : x !== y;
    return makeInt(r ? 1n : 0n, INT);
  }

  private compareNum(op: string, x: number, y: number): DValue {
    const r = op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : op === '>=' ? x >= y : op === '==' ? x === y : x !== y;
    return makeInt(r ? 1n : 0n, INT);
  }

  assignTo(lhs: DValue, rhs: DValue): DValue {
    const cf = csrFieldValues.get(lhs);
    if (cf !== undefined) {
      const old = this.scope.readCsr(cf.csr);
      if (old === undefined) throw new ExprError(`CSR ${cf.csr} is not readable`);
      const bits = this.scalar(convert(rhs, ULONG, this.scope)).v as bigint;
      const max = (1n << BigInt(cf.field.width)) - 1n;
      if (bits > max) throw new ExprError(`value ${bits} does not fit ${cf.csr}.${cf.field.name} (${cf.field.width} bits)`);
      const m = max << BigInt(cf.field.lo);
      if (!this.scope.writeCsr(cf.csr, (old & ~m) | (bits << BigInt(cf.field.lo)))) throw new ExprError(`CSR ${cf.csr} is not writable`);
      const now = this.csr(cf.csr);
      if (now === undefined) throw new ExprError(`CSR ${cf.csr} is not readable`);
      return this.csrFieldOf(cf.csr, now, cf.field.name);
    }
    const csr = csrValues.get(lhs);
    if (csr !== undefined) {
      const value = this.scalar(convert(rhs, ULONG, this.scope)).v as bigint;
      if (!this.scope.writeCsr(csr, value)) throw new ExprError(`CSR ${csr} is not writable`);
      return this.csr(csr) ?? makeInt(value, REG64);
    }
    if (pcValues.has(lhs)) {
      if (this.scope.writePc === undefined) throw new ExprError('the pc can be set only in the top frame of a stopped hart');
      const pc = this.scalar(convert(rhs, ULONG, this.scope)).v as bigint;
      try { this.scope.writePc(pc); } catch (e) { throw new ExprError(`cannot set the pc: ${e instanceof Error ? e.message : String(e)}`); }
      return this.machine('pc', false)!;
    }
    if (symbolValues.has(lhs)) throw new ExprError('cannot assign to a symbol address');
    if (lhs.loc.kind === 'bytes') throw new ExprError('cannot assign to a computed value');
    store(lhs, rhs, this.scope);
    return lhs;
  }
}
