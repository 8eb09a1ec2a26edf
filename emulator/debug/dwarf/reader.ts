/**
 * Byte cursor for DWARF sections: bounds-checked little-endian fixed-size reads,
 * LEB128 (DWARF 5 section 7.6), NUL-terminated strings, and the 32/64-bit DWARF
 * format's initial length (section 7.4). Every out-of-range read throws DwarfError,
 * which the section parsers catch per unit and turn into a warning.
 */

export class DwarfError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DwarfError';
  }
}

const utf8 = new TextDecoder('utf-8');
export const MASK64 = (1n << 64n) - 1n;

/** Decode the NUL-terminated string at `off` of `data` ('' when out of range). */
export function cstrAt(data: Uint8Array | undefined, off: number): string {
  if (!data || off < 0 || off >= data.length) return '';
  let end = off;
  while (end < data.length && data[end] !== 0) end++;
  return utf8.decode(data.subarray(off, end));
}

export class Reader {
  readonly dv: DataView;
  pos: number;
  /** Exclusive end of the readable region (a unit may restrict it). */
  end: number;

  constructor(readonly data: Uint8Array, pos = 0, end = data.length) {
    this.dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
    this.pos = pos;
    this.end = Math.min(end, data.length);
  }

  get atEnd(): boolean { return this.pos >= this.end; }

  need(n: number): void {
    if (this.pos + n > this.end || this.pos < 0) {
      throw new DwarfError(`read of ${n} bytes at 0x${this.pos.toString(16)} runs past the end (0x${this.end.toString(16)})`);
    }
  }

  u8(): number { this.need(1); return this.data[this.pos++]; }
  i8(): number { this.need(1); return this.dv.getInt8(this.pos++); }
  u16(): number { this.need(2); const v = this.dv.getUint16(this.pos, true); this.pos += 2; return v; }
  i16(): number { this.need(2); const v = this.dv.getInt16(this.pos, true); this.pos += 2; return v; }
  u24(): number { this.need(3); const d = this.data; const p = this.pos; this.pos += 3; return d[p] | (d[p + 1] << 8) | (d[p + 2] << 16); }
  u32(): number { this.need(4); const v = this.dv.getUint32(this.pos, true); this.pos += 4; return v; }
  i32(): number { this.need(4); const v = this.dv.getInt32(this.pos, true); this.pos += 4; return v; }
  u64(): bigint { this.need(8); const v = this.dv.getBigUint64(this.pos, true); this.pos += 8; return v; }
  i64(): bigint { this.need(8); const v = this.dv.getBigInt64(this.pos, true); this.pos += 8; return v; }

  /** u64 as a number; throws if it is not exactly representable (offsets, lengths). */
  u64n(): number {
    const v = this.u64();
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new DwarfError(`64-bit offset 0x${v.toString(16)} is too large`);
    return Number(v);
  }

  /** Unsigned fixed-size value of `size` bytes (1, 2, 4 or 8) as bigint. */
  uSized(size: number): bigint {
    switch (size) {
      case 1: return BigInt(this.u8());
      case 2: return BigInt(this.u16());
      case 4: return BigInt(this.u32());
      case 8: return this.u64();
      default: throw new DwarfError(`unsupported size ${size}`);
    }
  }

  /** Target address of `size` bytes. */
  addr(size: number): bigint { return this.uSized(size); }

  /** Section offset in the 32- or 64-bit DWARF format. */
  offset(is64: boolean): number { return is64 ? this.u64n() : this.u32(); }

  /** ULEB128 as a number (values beyond 2^53 lose precision; use ulebBig for those). */
  uleb(): number {
    let result = 0;
    let mul = 1;
    for (;;) {
      const b = this.u8();
      result += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) return result;
      mul *= 128;
      if (mul > 2 ** 70) { this.skipLebTail(); return result; }
    }
  }

  /** SLEB128 as a number. */
  sleb(): number {
    let result = 0;
    let mul = 1;
    for (;;) {
      const b = this.u8();
      result += (b & 0x7f) * mul;
      mul *= 128;
      if ((b & 0x80) === 0) {
        if (b & 0x40) result -= mul;
        return result;
      }
      if (mul > 2 ** 70) { this.skipLebTail(); return result; }
    }
  }

  ulebBig(): bigint {
    return this.lebBig(false) & MASK64;
  }

  slebBig(): bigint {
    return this.lebBig(true);
  }

  /** LEB128 as a bigint (DWARF 5 section 7.6); signed: sign-extend from the last byte. */
  private lebBig(signed: boolean): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = this.u8();
      result |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if ((b & 0x80) === 0) return signed && (b & 0x40) !== 0 ? result - (1n << shift) : result;
    }
  }

  private skipLebTail(): void {
    while (this.u8() & 0x80) { /* skip */ }
  }

  /** NUL-terminated string. */
  cstr(): string {
    const start = this.pos;
    const d = this.data;
    let p = start;
    while (p < this.end && d[p] !== 0) p++;
    if (p >= this.end) throw new DwarfError(`unterminated string at 0x${start.toString(16)}`);
    this.pos = p + 1;
    return utf8.decode(d.subarray(start, p));
  }

  bytes(n: number): Uint8Array {
    if (!Number.isSafeInteger(n) || n < 0) throw new DwarfError(`bad block length ${n}`);
    this.need(n);
    const v = this.data.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  skip(n: number): void { this.need(n); this.pos += n; }

  /**
   * Initial length (DWARF 5 section 7.4): 0xffffffff introduces the 64-bit format.
   * Returns the unit's end offset (clamped check: throws if it exceeds the data).
   */
  initialLength(): { is64: boolean; end: number } {
    let len = this.u32();
    let is64 = false;
    if (len === 0xffffffff) { is64 = true; len = this.u64n(); } else if (len >= 0xfffffff0) {
      throw new DwarfError(`reserved initial length 0x${len.toString(16)}`);
    }
    const end = this.pos + len;
    if (end > this.end) throw new DwarfError(`unit length 0x${len.toString(16)} at 0x${this.pos.toString(16)} runs past the section end`);
    return { is64, end };
  }
}

/** Sign-extend a 64-bit pattern to a signed bigint. */
export function toSigned64(v: bigint): bigint {
  v &= MASK64;
  return v >= 1n << 63n ? v - (1n << 64n) : v;
}

export function hex(v: bigint | number): string {
  return '0x' + v.toString(16);
}
