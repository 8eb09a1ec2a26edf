/**
 * Type helpers of the debugger's expression language: the error class, built-in C
 * types (for literals, casts and arithmetic results), `resolveType` (typedefs and
 * qualifiers are transparent), `typeName` (C spelling of a DType) and little-endian
 * integer/float byte conversion.
 */
import type { DType } from '../model';

/** Evaluation or formatting failure with a one-line message. `address` is set for
 *  failed memory accesses (so the UI can show `<unreadable 0x...>`). */
export class ExprError extends Error {
  constructor(message: string, readonly address?: bigint) {
    super(message);
    this.name = 'ExprError';
  }
}

const base = (name: string, size: number, encoding: 'signed' | 'unsigned' | 'signedChar' | 'unsignedChar' | 'float' | 'boolean'): DType =>
  ({ kind: 'base', name, size, encoding });

export const VOID: DType = { kind: 'void', name: 'void', size: 0 };
/** Plain char is unsigned on RISC-V (psABI). */
export const CHAR = base('char', 1, 'unsignedChar');
export const SCHAR = base('signed char', 1, 'signedChar');
export const UCHAR = base('unsigned char', 1, 'unsignedChar');
export const SHORT = base('short', 2, 'signed');
export const USHORT = base('unsigned short', 2, 'unsigned');
export const INT = base('int', 4, 'signed');
export const UINT = base('unsigned int', 4, 'unsigned');
export const LONG = base('long', 8, 'signed');
export const ULONG = base('unsigned long', 8, 'unsigned');
export const LLONG = base('long long', 8, 'signed');
export const ULLONG = base('unsigned long long', 8, 'unsigned');
export const BOOL = base('_Bool', 1, 'boolean');
export const FLOAT = base('float', 4, 'float');
export const DOUBLE = base('double', 8, 'float');
/** Type of integer registers and CSRs: an unsigned 64-bit value. */
export const REG64 = base('reg64', 8, 'unsigned');
/** Type of the registers that hold addresses (pc, ra, sp, gp, tp): shown like reg64,
 *  followed by the symbol that covers the address (`<main+0x1c>`). */
export const REGADDR = base('reg64', 8, 'unsigned');
/** Type of ELF symbol values and of address arithmetic (`main+4`, `$sp+8`): an
 *  unsigned 64-bit address shown in hex with its symbol. */
export const ADDR = base('address', 8, 'unsigned');

/** DWARF numbers of the integer registers that hold addresses: ra, sp, gp, tp. */
const ADDRESS_REGS: ReadonlySet<number> = new Set([1, 2, 3, 4]);

/** Type of integer register `reg` (DWARF number 0-31) in expressions. */
export function intRegType(reg: number): DType {
  return ADDRESS_REGS.has(reg) ? REGADDR : REG64;
}

/** Address types (REGADDR, ADDR): hex with the covering symbol. */
export function isAddressType(t: DType): boolean {
  return t === REGADDR || t === ADDR;
}

/** 64-bit register types (REG64, REGADDR): hex padded to 16 digits, like the Registers view. */
export function isRegisterType(t: DType): boolean {
  return t === REG64 || t === REGADDR;
}

/** Result type of integer `a op b` when an operand is an address: addresses plus or
 *  minus offsets, and masks of addresses, stay addresses; the distance of two
 *  addresses is a long. Undefined when the usual arithmetic conversions apply. */
export function addressResult(op: string, a: DType, b: DType): DType | undefined {
  const ra = isAddressType(a), rb = isAddressType(b);
  if (!ra && !rb) return undefined;
  if (op === '-' && ra && rb) return LONG;
  if (op === '+' || op === '|' || op === '&' || op === '^' || (op === '-' && ra)) return ra ? a : b;
  return undefined;
}

/** Built-in type names usable in casts and sizeof, including common fixed-width
 *  typedef names as a fallback when the program's DWARF does not define them. */
export const BUILTIN_TYPES: ReadonlyMap<string, DType> = new Map<string, DType>([
  ['void', VOID], ['char', CHAR], ['signed char', SCHAR], ['unsigned char', UCHAR],
  ['short', SHORT], ['unsigned short', USHORT], ['int', INT], ['unsigned int', UINT],
  ['long', LONG], ['unsigned long', ULONG], ['long long', LLONG], ['unsigned long long', ULLONG],
  ['_Bool', BOOL], ['bool', BOOL], ['float', FLOAT], ['double', DOUBLE],
  ['int8_t', base('int8_t', 1, 'signed')], ['uint8_t', base('uint8_t', 1, 'unsigned')],
  ['int16_t', base('int16_t', 2, 'signed')], ['uint16_t', base('uint16_t', 2, 'unsigned')],
  ['int32_t', base('int32_t', 4, 'signed')], ['uint32_t', base('uint32_t', 4, 'unsigned')],
  ['int64_t', base('int64_t', 8, 'signed')], ['uint64_t', base('uint64_t', 8, 'unsigned')],
  ['size_t', base('size_t', 8, 'unsigned')], ['ssize_t', base('ssize_t', 8, 'signed')],
  ['uintptr_t', base('uintptr_t', 8, 'unsigned')], ['intptr_t', base('intptr_t', 8, 'signed')],
  ['ptrdiff_t', base('ptrdiff_t', 8, 'signed')],
]);

/** Spellings of the C keyword types (casts use the built-ins for these). */
export const KEYWORD_TYPES: ReadonlySet<string> = new Set([
  'void', 'char', 'signed char', 'unsigned char', 'short', 'unsigned short', 'int', 'unsigned int', 'long',
  'unsigned long', 'long long', 'unsigned long long', '_Bool', 'float', 'double',
]);

/** Pointer to `target` (RV64: 8 bytes). */
export function pointerTo(target: DType): DType {
  return { kind: 'pointer', name: '', size: 8, target };
}

const MAX_DEPTH = 64;

/** Strip typedefs and qualifiers (with a depth limit against malformed cycles). */
export function resolveType(t: DType): DType {
  let cur = t;
  for (let i = 0; i < MAX_DEPTH && (cur.kind === 'typedef' || cur.kind === 'qualified'); i++) cur = cur.target;
  return cur;
}

/** Size in bytes, looking through typedefs when a typedef records size 0. */
export function sizeOf(t: DType): number {
  const r = resolveType(t);
  if (r.kind === 'array' && r.size === 0 && r.count !== undefined) return r.count * sizeOf(r.element);
  return r.size;
}

/** 'struct point' spelling of an aggregate/enum tag whether or not DWARF's name has the keyword. */
function tagName(kind: 'struct' | 'union' | 'enum', name: string): string {
  if (name === '') return `${kind} {...}`;
  return name.startsWith(`${kind} `) ? name : `${kind} ${name}`;
}

/** C spelling of a type: 'struct point *', 'int [4]', 'const char *', 'int (*)[4]'. */
export function typeName(t: DType): string {
  return spell(t, '', 0);
}

function join(left: string, inner: string): string {
  return inner === '' ? left : `${left} ${inner}`;
}

function spell(t: DType, inner: string, depth: number): string {
  if (depth > MAX_DEPTH) return join('...', inner);
  switch (t.kind) {
    case 'void': return join('void', inner);
    case 'base': return join(t.name, inner);
    case 'struct': case 'union': case 'enum': return join(tagName(t.kind, t.name), inner);
    case 'typedef': return join(t.name, inner);
    case 'pointer': {
      const tk = t.target.kind;
      const wrap = tk === 'array' || tk === 'function';
      return spell(t.target, wrap ? `(*${inner})` : `*${inner}`, depth + 1);
    }
    case 'array': return spell(t.element, `${inner}[${t.count ?? ''}]`, depth + 1);
    case 'function': return spell(t.returns, `${inner}()`, depth + 1);
    case 'qualified':
      if (t.target.kind === 'pointer') {
        const p = t.target;
        const star = `* ${t.qualifier}${inner === '' ? '' : ` ${inner}`}`;
        const wrap = p.target.kind === 'array' || p.target.kind === 'function';
        return spell(p.target, wrap ? `(${star})` : star, depth + 1);
      }
      return `${t.qualifier} ${spell(t.target, inner, depth + 1)}`;
  }
}

/** True when the (resolved) type is a character type (char, signed/unsigned char). */
export function isCharType(t: DType): boolean {
  const r = resolveType(t);
  return r.kind === 'base' && (r.encoding === 'signedChar' || r.encoding === 'unsignedChar');
}

/** Integer-like types: base non-float, enum. */
export function isIntegerType(t: DType): boolean {
  const r = resolveType(t);
  return (r.kind === 'base' && r.encoding !== 'float') || r.kind === 'enum';
}

export function isFloatType(t: DType): boolean {
  const r = resolveType(t);
  return r.kind === 'base' && r.encoding === 'float';
}

export function isSignedType(t: DType): boolean {
  const r = resolveType(t);
  if (r.kind === 'base') return r.encoding === 'signed' || r.encoding === 'signedChar';
  if (r.kind === 'enum') return r.signed;
  return false;
}

/** Unsigned little-endian integer from the first `n` bytes (missing bytes are zero). */
export function leToBigint(bytes: Uint8Array, n = bytes.length): bigint {
  let v = 0n;
  for (let i = Math.min(n, bytes.length) - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]);
  return v;
}

/** Little-endian `n`-byte encoding of `v` (truncated, two's complement). */
export function bigintToLe(v: bigint, n: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = BigInt.asUintN(n * 8, v);
  for (let i = 0; i < n; i++) { out[i] = Number(x & 0xffn); x >>= 8n; }
  return out;
}

/** Decode an IEEE float of 4 or 8 bytes. */
export function leToFloat(bytes: Uint8Array, size: number): number {
  const buf = new Uint8Array(8);
  buf.set(bytes.subarray(0, Math.min(size, bytes.length)));
  const dv = new DataView(buf.buffer);
  if (size === 4) return dv.getFloat32(0, true);
  if (size === 8) return dv.getFloat64(0, true);
  throw new ExprError(`floating-point values of ${size} bytes are not supported`);
}

/** Encode an IEEE float of 4 or 8 bytes. */
export function floatToLe(v: number, size: number): Uint8Array {
  const buf = new Uint8Array(size);
  const dv = new DataView(buf.buffer);
  if (size === 4) dv.setFloat32(0, v, true);
  else if (size === 8) dv.setFloat64(0, v, true);
  else throw new ExprError(`floating-point values of ${size} bytes are not supported`);
  return buf;
}

/** '0x' + lowercase hex of an unsigned value. */
export function hex(v: bigint): string {
  return `0x${v.toString(16)}`;
}
