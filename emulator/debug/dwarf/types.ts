/**
 * DWARF type DIEs to the shared DType model (DWARF 5 section 5): base, pointer,
 * array (multi-dimensional as nested arrays, section 5.5), struct/union with members and
 * bit-fields (section 5.7.6), enum, typedef, cv-qualifiers, subroutine types.
 * Aggregates are created before their members are filled in, so self-referential
 * types (struct node { struct node *next; }) become cyclic object graphs.
 */

import type { BaseEncoding, DMember, DType } from '../model';
import { AT as AT_, ATE as ATE_, TAG as TAG_ } from './constants';
import {
  Die, InfoResult, attrIndex, constValue, flagAttr, formOf, nameOf, numAttr, refAttr,
} from './info';

// Module-local aliases: plain property reads, not live-binding getters, in hot loops.
const AT = AT_;
const ATE = ATE_;
const TAG = TAG_;

export const VOID: DType = { kind: 'void', name: 'void', size: 0 };

const MAX_DEPTH = 64;

export class TypeBuilder {
  private readonly cache = new Map<number, DType>();

  constructor(private readonly info: InfoResult) {}

  /** DType of the DIE referenced by `d`'s DW_AT_type (void when absent). */
  typeOf(d: Die): DType {
    const t = refAttr(d, AT.type, this.info);
    return t ? this.build(t, 0) : VOID;
  }

  build(d: Die, depth: number): DType {
    const hit = this.cache.get(d.off);
    if (hit) return hit;
    if (depth > MAX_DEPTH) return { kind: 'base', name: '?', size: 0, encoding: 'unsigned' };
    const name = nameOf(d, this.info) ?? '';
    const size = numAttr(d, AT.byte_size) ?? 0;
    const target = (): DType => {
      const t = refAttr(d, AT.type, this.info);
      return t ? this.build(t, depth + 1) : VOID;
    };
    switch (d.tag) {
      case TAG.base_type: {
        const t: DType = { kind: 'base', name, size, encoding: encodingOf(numAttr(d, AT.encoding) ?? 0, size) };
        this.cache.set(d.off, t);
        return t;
      }
      case TAG.unspecified_type: {
        this.cache.set(d.off, VOID);
        return VOID;
      }
      case TAG.pointer_type: case TAG.reference_type: {
        const t = { kind: 'pointer', name: '*', size: size || 8, target: VOID } as Extract<DType, { kind: 'pointer' }>;
        this.cache.set(d.off, t);
        t.target = target();
        t.name = pointerName(t.target);
        return t;
      }
      case TAG.const_type: case TAG.volatile_type: case TAG.restrict_type: case TAG.atomic_type: {
        const qualifier = d.tag === TAG.const_type ? 'const' : d.tag === TAG.volatile_type ? 'volatile'
          : d.tag === TAG.restrict_type ? 'restrict' : 'atomic';
        const t = { kind: 'qualified', name: qualifier, size: 0, qualifier, target: VOID } as Extract<DType, { kind: 'qualified' }>;
        this.cache.set(d.off, t);
        t.target = target();
        t.size = t.target.size;
        t.name = t.target.kind === 'pointer' ? `${t.target.name} ${qualifier}`
          : t.target.kind === 'array' ? t.target.name // a qualified array is an array of qualified elements
            : `${qualifier} ${t.target.name}`;
        return t;
      }
      case TAG.typedef: {
        const t = { kind: 'typedef', name, size: 0, target: VOID } as Extract<DType, { kind: 'typedef' }>;
        this.cache.set(d.off, t);
        t.target = target();
        t.size = t.target.size;
        return t;
      }
      case TAG.structure_type: case TAG.union_type: {
        const kind = d.tag === TAG.structure_type ? 'struct' : 'union';
        const t: Extract<DType, { kind: 'struct' | 'union' }> = {
          kind, name: name ? `${kind} ${name}` : `${kind} <anonymous>`, size, members: [],
        };
        this.cache.set(d.off, t);
        for (const c of d.children) {
          if (c.tag === TAG.member) t.members.push(this.member(c, depth));
        }
        return t;
      }
      case TAG.enumeration_type: {
        const under = refAttr(d, AT.type, this.info);
        let signed = false;
        if (under) {
          const u = this.build(under, depth + 1);
          const b = stripTypedefs(u);
          signed = b.kind === 'base' && (b.encoding === 'signed' || b.encoding === 'signedChar');
        }
        const values: { name: string; value: bigint }[] = [];
        const raw: { name: string; die: Die; i: number }[] = [];
        for (const c of d.children) {
          if (c.tag !== TAG.enumerator) continue;
          const i = attrIndex(c, AT.const_value);
          if (i < 0) continue;
          raw.push({ name: nameOf(c, this.info) ?? '', die: c, i });
          const v = c.vals[i];
          if (!under && typeof v === 'number' && v < 0) signed = true;
        }
        for (const e of raw) {
          const v = constValue(e.die.vals[e.i], formOf(e.die, e.i), signed);
          if (v !== undefined) values.push({ name: e.name, value: v });
        }
        const t: DType = { kind: 'enum', name: name ? `enum ${name}` : 'enum <anonymous>', size: size || 4, signed, values };
        this.cache.set(d.off, t);
        return t;
      }
      case TAG.array_type: return this.array(d, depth);
      case TAG.subroutine_type: case TAG.subprogram: {
        const t = { kind: 'function', name: '', size: 0, returns: VOID } as Extract<DType, { kind: 'function' }>;
        this.cache.set(d.off, t);
        t.returns = target();
        const params: string[] = [];
        for (const c of d.children) {
          if (c.tag === TAG.formal_parameter) params.push(this.typeOf(c).name);
          else if (c.tag === TAG.unspecified_parameters) params.push('...');
        }
        if (params.length === 0 && flagAttr(d, AT.prototyped)) params.push('void');
        t.name = `${t.returns.name} (${params.join(', ')})`;
        return t;
      }
      default: {
        const t: DType = { kind: 'base', name: name || `<tag ${d.tag}>`, size, encoding: 'unsigned' };
        this.cache.set(d.off, t);
        return t;
      }
    }
  }

  private member(c: Die, depth: number): DMember {
    const type = (() => {
      const t = refAttr(c, AT.type, this.info);
      return t ? this.build(t, depth + 1) : VOID;
    })();
    const m: DMember = { name: nameOf(c, this.info) ?? '', type, offset: numAttr(c, AT.data_member_location) ?? 0 };
    const bitSize = numAttr(c, AT.bit_size);
    if (bitSize === undefined) return m;
    // Bit position from the start of the aggregate, counting from the least significant
    // bit on a little-endian target. DWARF 5 section 5.7.6 DW_AT_data_bit_offset; DWARF 4
    // section 5.5.6 DW_AT_bit_offset counts from the most significant bit of the
    // DW_AT_byte_size storage unit that starts at DW_AT_data_member_location.
    let bitPos: number;
    const dbo = numAttr(c, AT.data_bit_offset);
    if (dbo !== undefined) {
      bitPos = dbo;
    } else {
      const unit = numAttr(c, AT.byte_size) ?? type.size;
      const bo = numAttr(c, AT.bit_offset) ?? 0;
      bitPos = m.offset * 8 + unit * 8 - bo - bitSize;
    }
    // Express it relative to a naturally aligned storage unit of the member's type when
    // the field fits in one (so readers may load type.size bytes), else to its first byte.
    const unitBytes = type.size > 0 && type.size <= 8 ? type.size : 1;
    let byte = Math.floor(bitPos / (unitBytes * 8)) * unitBytes;
    if (bitPos - byte * 8 + bitSize > unitBytes * 8) byte = Math.floor(bitPos / 8);
    m.offset = byte;
    m.bitOffset = bitPos - byte * 8;
    m.bitSize = bitSize;
    return m;
  }

  /** Nested arrays, one level per DW_TAG_subrange_type (outermost first). */
  private array(d: Die, depth: number): DType {
    const subs = d.children.filter((c) => c.tag === TAG.subrange_type || c.tag === TAG.enumeration_type);
    const counts = subs.map((s) => {
      if (s.tag === TAG.enumeration_type) return s.children.length;
      const count = numAttr(s, AT.count);
      if (count !== undefined) return count;
      const ui = attrIndex(s, AT.upper_bound);
      if (ui < 0) return undefined;
      const ub = constValue(s.vals[ui], formOf(s, ui), true);
      if (ub === undefined) return undefined; // DW_FORM_exprloc (VLA): unknown
      const lb = numAttr(s, AT.lower_bound) ?? 0;
      const n = Number(ub) - lb + 1;
      return n >= 0 ? n : undefined;
    });
    if (counts.length === 0) counts.push(undefined);
    // Placeholder so that a cycle through the element type terminates.
    const outer = { kind: 'array', name: '[]', size: 0, element: VOID, count: counts[0] } as Extract<DType, { kind: 'array' }>;
    this.cache.set(d.off, outer);
    const elemDie = refAttr(d, AT.type, this.info);
    let elem = elemDie ? this.build(elemDie, depth + 1) : VOID;
    let suffix = '';
    for (let i = counts.length - 1; i >= 1; i--) {
      const c = counts[i];
      suffix = `[${c ?? ''}]` + suffix;
      elem = { kind: 'array', name: `${baseName(elem)} ${suffix}`, size: c === undefined ? 0 : c * elem.size, element: elem, count: c };
    }
    outer.element = elem;
    outer.name = `${baseName(elem)} [${counts[0] ?? ''}]${suffix}`;
    const declared = numAttr(d, AT.byte_size);
    outer.size = declared ?? (counts[0] === undefined ? 0 : counts[0] * elem.size);
    return outer;
  }
}

/** Element name without the array suffixes already added (int [3][4] -> int). */
function baseName(t: DType): string {
  let e = t;
  for (let k = 0; e.kind === 'array' && k < 16; k++) e = e.element;
  return e.name;
}

function pointerName(target: DType): string {
  if (target.kind === 'function') {
    const i = target.name.indexOf(' (');
    return i >= 0 ? `${target.name.slice(0, i)} (*)${target.name.slice(i + 1)}` : `${target.name} (*)()`;
  }
  if (target.kind === 'array') return `${baseName(target)} (*)${target.name.slice(baseName(target).length + 1)}`;
  return target.name.endsWith('*') ? `${target.name}*` : `${target.name} *`;
}

function encodingOf(ate: number, size: number): BaseEncoding {
  switch (ate) {
    case ATE.boolean: return 'boolean';
    case ATE.float: case ATE.complex_float: return 'float';
    case ATE.signed: return 'signed';
    case ATE.signed_char: return 'signedChar';
    case ATE.unsigned_char: return 'unsignedChar';
    case ATE.UTF: return size === 1 ? 'unsignedChar' : 'unsigned';
    default: return 'unsigned';
  }
}

export function stripTypedefs(t: DType): DType {
  for (let k = 0; k < 32 && (t.kind === 'typedef' || t.kind === 'qualified'); k++) t = t.target;
  return t;
}

/** Canonical spelling of a C base type name so 'unsigned long' finds 'long unsigned int'. */
export function canonicalBaseName(name: string): string {
  const words = name.trim().split(/\s+/);
  let longs = 0;
  let unsigned = false;
  let signed = false;
  let base = '';
  for (const w of words) {
    if (w === 'long') longs++;
    else if (w === 'unsigned') unsigned = true;
    else if (w === 'signed') signed = true;
    else if (w === 'int' && base === '') base = 'int';
    else if (w === 'int' && base === 'short') continue;
    else if (w === 'int') continue;
    else base = w;
  }
  if (base === '' || (base === 'int' && words.includes('short'))) base = words.includes('short') ? 'short' : 'int';
  if (base === 'char') return `${unsigned ? 'unsigned ' : signed ? 'signed ' : ''}char`;
  if (base === 'double' || base === 'float' || base === '_Bool') return `${'long '.repeat(longs)}${base}`;
  if (base !== 'int' && base !== 'short') return words.join(' ');
  return `${unsigned ? 'unsigned ' : ''}${'long '.repeat(longs)}${base}`;
}

/** LP64 base types to fall back on when the program's DWARF does not describe them. */
export function builtinBaseType(name: string): DType | undefined {
  const table: Record<string, [number, BaseEncoding]> = {
    'char': [1, 'unsignedChar'], 'signed char': [1, 'signedChar'], 'unsigned char': [1, 'unsignedChar'],
    'short': [2, 'signed'], 'unsigned short': [2, 'unsigned'], 'int': [4, 'signed'], 'unsigned int': [4, 'unsigned'],
    'long int': [8, 'signed'], 'unsigned long int': [8, 'unsigned'], 'long long int': [8, 'signed'],
    'unsigned long long int': [8, 'unsigned'], '_Bool': [1, 'boolean'], 'float': [4, 'float'], 'double': [8, 'float'],
    'long double': [16, 'float'],
  };
  const canon = canonicalBaseName(name);
  const e = table[canon];
  if (!e) return undefined;
  return { kind: 'base', name: name.trim().replace(/\s+/g, ' '), size: e[0], encoding: e[1] };
}
