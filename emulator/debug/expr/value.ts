/**
 * Reading and writing typed values (DValue) through an EvalScope: raw bytes from
 * memory, registers or constant bytes; scalar decoding (sign extension, floats,
 * pointers, enums, bit-fields); construction of computed values; conversion between
 * scalar types; and stores to memory, registers and bit-fields.
 */
import type { DType, DValue, EvalScope, ValueLoc } from '../model';
import { registerName, isFpReg } from '../regNames';
import {
  BOOL, ExprError, bigintToLe, floatToLe, hex, isSignedType, leToBigint, leToFloat, pointerTo, resolveType,
  sizeOf, typeName, VOID,
} from './types';

/** A value reduced to a number: integers (incl. enum, bool, char), floats, pointers. */
export type Scalar =
  | { k: 'int'; v: bigint; t: DType }
  | { k: 'float'; v: number; t: DType }
  | { k: 'ptr'; v: bigint; t: DType };

function regLabel(reg: number): string {
  return registerName(reg) ?? `register ${reg}`;
}

/** Number of bytes a value occupies (bit-fields may straddle their type's size). */
export function storageSize(v: DValue): number {
  const size = sizeOf(v.type);
  if (v.bitSize !== undefined) return Math.max(size, Math.ceil(((v.bitOffset ?? 0) + v.bitSize) / 8));
  return size;
}

/** Raw little-endian bytes of `length` at the value's location. Throws ExprError. */
export function readBytes(loc: ValueLoc, length: number, scope: EvalScope): Uint8Array {
  switch (loc.kind) {
    case 'memory': {
      if (length === 0) return new Uint8Array(0);
      const data = scope.readMemory(loc.address, length);
      if (!data || data.length < length) throw new ExprError(`memory at ${hex(loc.address)} is not readable`, loc.address);
      return data;
    }
    case 'register': {
      const r = scope.readReg(loc.reg);
      if (r === undefined) throw new ExprError(`register ${regLabel(loc.reg)} is not available in this frame`);
      const out = new Uint8Array(Math.max(length, 8));
      out.set(bigintToLe(r, 8));
      return out.subarray(0, length);
    }
    case 'bytes': {
      if (loc.bytes.length >= length) return loc.bytes.subarray(0, length);
      const out = new Uint8Array(length);
      out.set(loc.bytes);
      return out;
    }
    case 'optimizedOut':
      throw new ExprError('optimized out');
  }
}

/** Decode the scalar held by `v`. Arrays and functions decay to pointers (need a
 *  memory location); aggregates and void throw. */
export function toScalar(v: DValue, scope: EvalScope): Scalar {
  const t = resolveType(v.type);
  switch (t.kind) {
    case 'array':
    case 'function': {
      if (v.loc.kind !== 'memory') throw new ExprError(`cannot take the address of a ${typeName(v.type)} that is not in memory`);
      return { k: 'ptr', v: v.loc.address, t: pointerTo(t.kind === 'array' ? t.element : t) };
    }
    case 'struct': case 'union':
      throw new ExprError(`a value of type ${typeName(v.type)} is not a scalar`);
    case 'void':
      throw new ExprError('a void value has no value');
    default: break;
  }
  const bytes = readBytes(v.loc, storageSize(v), scope);
  if (t.kind === 'base' && t.encoding === 'float') return { k: 'float', v: leToFloat(bytes, t.size), t: v.type };
  let raw: bigint;
  let bits = t.size * 8;
  if (v.bitSize !== undefined) {
    raw = (leToBigint(bytes) >> BigInt(v.bitOffset ?? 0)) & ((1n << BigInt(v.bitSize)) - 1n);
    bits = v.bitSize;
  } else raw = leToBigint(bytes, t.size);
  if (t.kind === 'pointer') return { k: 'ptr', v: raw, t: v.type };
  if (bits > 0 && isSignedType(t)) raw = BigInt.asIntN(bits, raw);
  return { k: 'int', v: raw, t: v.type };
}

/** The numeric value of a scalar DValue: bigint for integers, enums, bools, chars
 *  and pointers (addresses, unsigned), number for float/double. Throws ExprError. */
export function readValue(v: DValue, scope: EvalScope): bigint | number {
  return toScalar(v, scope).v;
}

/** A computed (non-lvalue) integer or pointer value of type `t`, truncated to its size. */
export function makeInt(value: bigint, t: DType): DValue {
  return { type: t, loc: { kind: 'bytes', bytes: bigintToLe(value, sizeOf(t)) } };
}

/** A computed float or double value. */
export function makeFloat(value: number, t: DType): DValue {
  return { type: t, loc: { kind: 'bytes', bytes: floatToLe(value, sizeOf(t)) } };
}

/** Truthiness of a scalar (C: compares unequal to 0). */
export function truthy(s: Scalar): boolean {
  return s.k === 'float' ? s.v !== 0 : s.v !== 0n; // NaN is true, as in C
}

/** Numeric value of a scalar as a bigint (floats truncate toward zero). */
export function scalarBigint(s: Scalar): bigint {
  if (s.k !== 'float') return s.v;
  if (!Number.isFinite(s.v)) throw new ExprError(`cannot convert ${s.v} to an integer`);
  return BigInt(Math.trunc(s.v));
}

/** Numeric value of a scalar as a double. */
export function scalarNumber(s: Scalar): number {
  if (s.k === 'float') return s.v;
  return Number(s.k === 'int' && isSignedType(s.t) ? BigInt.asIntN(64, s.v) : s.v);
}

function sameAggregate(a: DType, b: DType): boolean {
  const ra = resolveType(a);
  const rb = resolveType(b);
  if (ra === rb) return true;
  return ra.kind === rb.kind && ra.name === rb.name && ra.size === rb.size && ra.name !== '';
}

/** Convert `v` to type `t` (C cast semantics, lenient like a debugger: ints and
 *  pointers convert freely). Aggregates only "convert" to the same type. */
export function convert(v: DValue, t: DType, scope: EvalScope): DValue {
  const r = resolveType(t);
  switch (r.kind) {
    case 'void': return { type: t.kind === 'void' ? t : VOID, loc: { kind: 'bytes', bytes: new Uint8Array(0) } };
    case 'struct': case 'union': case 'array': case 'function':
      if (sameAggregate(v.type, t)) return { ...v, type: t };
      throw new ExprError(`cannot convert a value of type ${typeName(v.type)} to ${typeName(t)}`);
    default: break;
  }
  const s = toScalar(v, scope);
  if (r.kind === 'base' && r.encoding === 'float') {
    if (s.k === 'ptr') throw new ExprError(`cannot convert a pointer to ${typeName(t)}`);
    const n = scalarNumber(s);
    return makeFloat(r.size === 4 ? Math.fround(n) : n, t);
  }
  if (r.kind === 'base' && r.encoding === 'boolean') {
    return makeInt(truthy(s) ? 1n : 0n, t === BOOL ? BOOL : t);
  }
  if (r.kind === 'pointer' && s.k === 'float') throw new ExprError(`cannot convert a floating-point value to ${typeName(t)}`);
  return makeInt(scalarBigint(s), t);
}

/** True when `v` designates storage that `store` can write. */
export function isLvalue(v: DValue): boolean {
  return v.loc.kind === 'memory' || v.loc.kind === 'register';
}

/** Write `value` (converted to the lvalue's type) into `lhs`'s storage. */
export function store(lhs: DValue, value: DValue, scope: EvalScope): void {
  const t = resolveType(lhs.type);
  const size = sizeOf(lhs.type);
  let bytes: Uint8Array;
  if (t.kind === 'struct' || t.kind === 'union' || t.kind === 'array') {
    if (!sameAggregate(lhs.type, value.type)) {
      throw new ExprError(`cannot assign a value of type ${typeName(value.type)} to ${typeName(lhs.type)}`);
    }
    bytes = readBytes(value.loc, size, scope);
  } else if (t.kind === 'void' || t.kind === 'function') {
    throw new ExprError(`cannot assign to a value of type ${typeName(lhs.type)}`);
  } else {
    const c = convert(value, lhs.type, scope);
    bytes = readBytes(c.loc, size, scope);
  }
  if (lhs.bitSize !== undefined) {
    const n = storageSize(lhs);
    const old = leToBigint(readBytes(lhs.loc, n, scope));
    const shift = BigInt(lhs.bitOffset ?? 0);
    const mask = ((1n << BigInt(lhs.bitSize)) - 1n) << shift;
    const field = (leToBigint(bytes) << shift) & mask;
    bytes = bigintToLe((old & ~mask) | field, n);
  }
  writeBytes(lhs, bytes, scope);
}

function writeBytes(lhs: DValue, bytes: Uint8Array, scope: EvalScope): void {
  const loc = lhs.loc;
  switch (loc.kind) {
    case 'memory':
      if (!scope.writeMemory(loc.address, bytes)) throw new ExprError(`memory at ${hex(loc.address)} is not writable`, loc.address);
      return;
    case 'register': {
      let value = leToBigint(bytes);
      const n = bytes.length;
      if (n < 8) {
        const t = resolveType(lhs.type);
        if (isFpReg(loc.reg) && t.kind === 'base' && t.encoding === 'float' && n === 4) value |= 0xffffffff00000000n; // NaN-box
        else if (lhs.bitSize === undefined && isSignedType(t)) value = BigInt.asUintN(64, BigInt.asIntN(n * 8, value));
        else if (lhs.bitSize !== undefined) {
          const old = scope.readReg(loc.reg);
          if (old !== undefined) value = (old & ~((1n << BigInt(n * 8)) - 1n)) | value;
        }
      }
      if (!scope.writeReg(loc.reg, value)) throw new ExprError(`register ${regLabel(loc.reg)} is not writable in this frame`);
      return;
    }
    case 'bytes':
      throw new ExprError('cannot assign to a computed value');
    case 'optimizedOut':
      throw new ExprError('cannot assign to an optimized-out value');
  }
}
