/**
 * The container format of HyperStep snapshot files (a saved whole machine): named
 * sections of bytes, each stored as is or deflate-compressed, with CRC-32 checksums
 * over every byte of the file. This module only packs and unpacks sections; what the
 * sections mean (harts, RAM, devices) is emulator/snapshot/state.ts's business.
 *
 * Decoding trusts nothing: every field is validated before it is used, every failure
 * is a SnapshotFileError with a one-line message naming the section and/or offset,
 * sizes are bounded before anything is allocated, and inflating stops as soon as a
 * stream produces more than its section declares.
 *
 * Byte layout (all integers little-endian; u64 values must be below 2^53):
 *
 *   Header, 32 bytes at offset 0:
 *     0   8  magic "HYSTSNAP"
 *     8   4  u32 format version (1)
 *     12  4  u32 section count N
 *     16  8  u64 total uncompressed bytes (sum over the sections)
 *     24  4  u32 reserved, 0
 *     28  4  u32 header CRC-32: over bytes 0..27 followed by the whole section table
 *
 *   Section table, N entries of 104 bytes at offset 32 (table order = section order):
 *     0   8  u64 offset of the stored bytes in the file
 *     8   8  u64 stored length (bytes in the file)
 *     16  8  u64 uncompressed length
 *     24  4  u32 CRC-32 of the stored bytes
 *     28  4  u32 CRC-32 of the uncompressed bytes
 *     32  1  u8 method: 0 = stored (stored length = uncompressed length),
 *                       1 = raw deflate (RFC 1951)
 *     33  1  u8 name length in bytes, 1..64
 *     34  6  reserved, 0
 *     40  64 name: UTF-8 without control characters, zero-padded; names are unique
 *
 *   Data, at offset 32 + 104*N: the stored bytes of the sections in table order,
 *   back to back, up to the end of the file (no gaps, no overlap, nothing after).
 *
 * So every byte is covered by a check: the magic and version are compared, the rest
 * of the header and the table by the header CRC, the data by the per-section CRCs,
 * and the layout leaves no unaccounted byte. A deflate stream must end exactly at the
 * end of its section and inflate to exactly its declared size.
 *
 * Limits: at most 4096 sections and 8 GiB uncompressed in total by default (checked
 * before the table is read and before anything is allocated); a deflated section may
 * not declare more than 1032 times its stored size (deflate's maximum ratio). One
 * section must fit in one Uint8Array (4 GiB in Node 20), so larger RAM takes several.
 */
import { Inflate, deflateSync } from 'fflate';

/** "HYSTSNAP": the first 8 bytes of every snapshot file. */
export const SNAPSHOT_MAGIC: Uint8Array = new Uint8Array([0x48, 0x59, 0x53, 0x54, 0x53, 0x4e, 0x41, 0x50]);
/** Private copy, safe from callers that write into SNAPSHOT_MAGIC. */
const MAGIC = SNAPSHOT_MAGIC.slice();
/** The format version this code writes and the newest it reads. */
export const SNAPSHOT_VERSION = 1;
/** Size of the fixed header. */
export const SNAPSHOT_HEADER_SIZE = 32;
/** Size of one section table entry. */
export const SNAPSHOT_ENTRY_SIZE = 104;
/** Longest section name, in UTF-8 bytes. */
export const SNAPSHOT_MAX_NAME_BYTES = 64;
/** Storage methods of a section. */
export const SNAPSHOT_METHOD_STORED = 0;
export const SNAPSHOT_METHOD_DEFLATE = 1;
/** Default limits of decodeSnapshotFile. */
export const SNAPSHOT_DEFAULT_MAX_SECTIONS = 4096;
export const SNAPSHOT_DEFAULT_MAX_UNCOMPRESSED = 8 * 1024 * 1024 * 1024;

/** Largest expansion of deflate: one 258-byte match per 2 bits. */
const DEFLATE_MAX_RATIO = 1032;
/** Fewest input bytes fed to the inflater at a time (bounds the output of one step). */
const INFLATE_CHUNK = 16 * 1024;
/** fflate's level for compressed sections (speed over the last few percent). */
const DEFLATE_LEVEL = 6;

/** A section to write. compress (default true): deflate it, unless that does not make it smaller. */
export interface SnapshotSection {
  name: string;
  data: Uint8Array;
  compress?: boolean;
}

/** Limits that decodeSnapshotFile enforces before allocating. */
export interface SnapshotLimits {
  /** Most sections accepted (default 4096). */
  maxSections?: number;
  /** Most uncompressed bytes accepted, all sections together (default 8 GiB). */
  maxUncompressed?: number;
}

/** Anything wrong with a snapshot file (or with sections given to the encoder). One-line message. */
export class SnapshotFileError extends Error {
  constructor(message: string) {
    super(message.replace(/[\r\n]+/g, ' '));
    this.name = 'SnapshotFileError';
  }
}

// ---------------------------------------------------------------------------------
// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), eight bytes per step.

const CRC_TABLES: Int32Array = (() => {
  const t = new Int32Array(8 * 256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[i] = c;
  }
  for (let i = 0; i < 256; i++) {
    for (let k = 1; k < 8; k++) {
      const prev = t[(k - 1) * 256 + i];
      t[k * 256 + i] = (prev >>> 8) ^ t[prev & 0xff];
    }
  }
  return t;
})();

/**
 * CRC-32 of `data`, continuing from `crc` (the CRC of the bytes before, 0 for none):
 * crc32(b, crc32(a)) === crc32(a followed by b). Returns an unsigned 32-bit number.
 */
export function crc32(data: Uint8Array, crc = 0): number {
  const t = CRC_TABLES;
  let c = ~crc;
  let i = 0;
  const n = data.length;
  const end8 = n - (n & 7);
  while (i < end8) {
    const a = c ^ (data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24));
    c =
      t[1792 + (a & 0xff)] ^
      t[1536 + ((a >>> 8) & 0xff)] ^
      t[1280 + ((a >>> 16) & 0xff)] ^
      t[1024 + (a >>> 24)] ^
      t[768 + data[i + 4]] ^
      t[512 + data[i + 5]] ^
      t[256 + data[i + 6]] ^
      t[data[i + 7]];
    i += 8;
  }
  while (i < n) c = t[(c ^ data[i++]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

// ---------------------------------------------------------------------------------
// Helpers.

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function plural(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

function hex32(v: number): string {
  return '0x' + (v >>> 0).toString(16).padStart(8, '0');
}

/** A section name for a message: single-quoted, control characters and quotes escaped. */
export function quoteSectionName(name: string): string {
  let s = '';
  for (const ch of name) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === "'" || ch === '\\') s += '\\' + ch;
    else if (cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp < 0xa0) || cp === 0x2028 || cp === 0x2029) {
      s += '\\u' + cp.toString(16).padStart(4, '0');
    } else s += ch;
  }
  return `'${s}'`;
}

/** Why a name cannot be a section name, or undefined when it is fine. */
function nameProblem(name: string): string | undefined {
  if (name.length === 0) return 'is empty';
  for (const ch of name) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x20 || cp === 0x7f) return 'contains a control character';
    if (cp >= 0xd800 && cp <= 0xdfff) return 'contains a lone surrogate (not encodable as UTF-8)';
  }
  const n = utf8Encoder.encode(name).length;
  if (n > SNAPSHOT_MAX_NAME_BYTES) return `is ${n} bytes of UTF-8, more than ${SNAPSHOT_MAX_NAME_BYTES}`;
  return undefined;
}

function writeU64(dv: DataView, at: number, v: number): void {
  dv.setUint32(at, v % 0x100000000, true);
  dv.setUint32(at + 4, Math.floor(v / 0x100000000), true);
}

function concat(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// ---------------------------------------------------------------------------------
// Encoding.

/**
 * Packs sections into a snapshot file, in the given order. Throws SnapshotFileError for
 * a name that is empty, longer than 64 UTF-8 bytes, holds a control character or a
 * lone surrogate, or is used twice.
 */
export function encodeSnapshotFile(sections: SnapshotSection[]): Uint8Array {
  const seen = new Set<string>();
  for (const s of sections) {
    const problem = nameProblem(s.name);
    if (problem !== undefined) {
      throw new SnapshotFileError(`cannot write snapshot: section name ${quoteSectionName(s.name)} ${problem}`);
    }
    if (seen.has(s.name)) throw new SnapshotFileError(`cannot write snapshot: duplicate section name ${quoteSectionName(s.name)}`);
    seen.add(s.name);
  }
  const count = sections.length;
  const dataStart = SNAPSHOT_HEADER_SIZE + SNAPSHOT_ENTRY_SIZE * count;
  const head = new Uint8Array(dataStart);
  const dv = new DataView(head.buffer);
  const stored: Uint8Array[] = [head];
  let offset = dataStart;
  let total = 0;
  sections.forEach((s, i) => {
    const dataCrc = crc32(s.data);
    let body = s.data;
    let method = SNAPSHOT_METHOD_STORED;
    if (s.compress !== false && s.data.length > 0) {
      const packed = deflateSync(s.data, { level: DEFLATE_LEVEL });
      if (packed.length < s.data.length) {
        body = packed;
        method = SNAPSHOT_METHOD_DEFLATE;
      }
    }
    const e = SNAPSHOT_HEADER_SIZE + SNAPSHOT_ENTRY_SIZE * i;
    writeU64(dv, e, offset);
    writeU64(dv, e + 8, body.length);
    writeU64(dv, e + 16, s.data.length);
    dv.setUint32(e + 24, method === SNAPSHOT_METHOD_STORED ? dataCrc : crc32(body), true);
    dv.setUint32(e + 28, dataCrc, true);
    head[e + 32] = method;
    const name = utf8Encoder.encode(s.name);
    head[e + 33] = name.length;
    head.set(name, e + 40);
    stored.push(body);
    offset += body.length;
    total += s.data.length;
  });
  head.set(MAGIC, 0);
  dv.setUint32(8, SNAPSHOT_VERSION, true);
  dv.setUint32(12, count, true);
  writeU64(dv, 16, total);
  dv.setUint32(24, 0, true);
  dv.setUint32(28, snapshotHeaderCrc(head, count), true);
  return concat(stored);
}

/**
 * The header CRC of a file whose header and table (for `count` sections) are in
 * `bytes`: CRC-32 of bytes 0..27 and of the table. Exported for tests that forge files.
 */
export function snapshotHeaderCrc(bytes: Uint8Array, count: number): number {
  const tableEnd = SNAPSHOT_HEADER_SIZE + SNAPSHOT_ENTRY_SIZE * count;
  return crc32(bytes.subarray(SNAPSHOT_HEADER_SIZE, tableEnd), crc32(bytes.subarray(0, 28)));
}

// ---------------------------------------------------------------------------------
// Decoding.

interface Entry {
  index: number;
  name: string;
  quoted: string;
  tableAt: number;
  offset: number;
  storedLength: number;
  uncompressedLength: number;
  storedCrc: number;
  dataCrc: number;
  method: number;
}

/** A u64 field, or an error when it does not fit below 2^53. */
function readU64(dv: DataView, at: number, what: string): number {
  const lo = dv.getUint32(at, true);
  const hi = dv.getUint32(at + 4, true);
  if (hi > 0x1fffff) {
    const big = (BigInt(hi) << 32n) | BigInt(lo);
    throw new SnapshotFileError(`${what} (field at offset ${at}) is out of range: ${big} (0x${big.toString(16)})`);
  }
  return hi * 0x100000000 + lo;
}

function checkLimit(value: number | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= 0)) throw new SnapshotFileError(`invalid snapshot limit ${what}: ${String(value)}`);
  return value;
}

/**
 * Unpacks a snapshot file into its sections (a Map in file order). Validates the whole
 * file (magic, version, header, table, layout, sizes against the limits, every
 * checksum, every deflate stream) and throws SnapshotFileError, with a one-line message,
 * on the first problem. The returned arrays are fresh copies, not views into `bytes`.
 */
export function decodeSnapshotFile(bytes: Uint8Array, limits?: SnapshotLimits): Map<string, Uint8Array> {
  try {
    return decode(bytes, limits);
  } catch (e) {
    if (e instanceof SnapshotFileError) throw e;
    // Safety net: nothing else may escape (e.g. a RangeError from an allocation).
    const why = e instanceof Error ? e.message : String(e);
    throw new SnapshotFileError(`cannot read snapshot file: ${why}`);
  }
}

function decode(bytes: Uint8Array, limits: SnapshotLimits | undefined): Map<string, Uint8Array> {
  if (!(bytes instanceof Uint8Array)) throw new SnapshotFileError('not a HyperStep snapshot file: not a byte array');
  const maxSections = checkLimit(limits?.maxSections, SNAPSHOT_DEFAULT_MAX_SECTIONS, 'maxSections');
  const maxUncompressed = checkLimit(limits?.maxUncompressed, SNAPSHOT_DEFAULT_MAX_UNCOMPRESSED, 'maxUncompressed');
  const size = bytes.length;
  if (size === 0) throw new SnapshotFileError('snapshot file is empty (0 bytes)');

  // Magic: a short file that starts like one is truncated, anything else is foreign.
  const magicLen = Math.min(size, MAGIC.length);
  for (let i = 0; i < magicLen; i++) {
    if (bytes[i] !== MAGIC[i]) {
      throw new SnapshotFileError(`not a HyperStep snapshot file (wrong magic number at offset ${i})`);
    }
  }
  if (size < 12) {
    throw new SnapshotFileError(
      `snapshot file is truncated: the header needs ${SNAPSHOT_HEADER_SIZE} bytes at offset 0, file has ${size}`,
    );
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = dv.getUint32(8, true);
  if (version === 0) throw new SnapshotFileError('snapshot format version 0 (at offset 8) is invalid');
  if (version > SNAPSHOT_VERSION) {
    throw new SnapshotFileError(
      `snapshot format version ${version} is newer than this HyperStep supports (${SNAPSHOT_VERSION}); update HyperStep`,
    );
  }
  if (size < SNAPSHOT_HEADER_SIZE) {
    throw new SnapshotFileError(
      `snapshot file is truncated: the header needs ${SNAPSHOT_HEADER_SIZE} bytes at offset 0, file has ${size}`,
    );
  }

  // Section count and table bounds, before the table is read.
  const count = dv.getUint32(12, true);
  if (count > maxSections) {
    throw new SnapshotFileError(
      `snapshot file declares ${count} sections (offset 12), more than the limit of ${maxSections}`,
    );
  }
  const tableBytes = SNAPSHOT_ENTRY_SIZE * count;
  const dataStart = SNAPSHOT_HEADER_SIZE + tableBytes;
  if (dataStart > size) {
    throw new SnapshotFileError(
      `snapshot file is truncated: the section table (${count} entries) needs ${tableBytes} bytes at offset ${SNAPSHOT_HEADER_SIZE}, file has ${size}`,
    );
  }
  const headerCrc = dv.getUint32(28, true);
  const actualHeaderCrc = snapshotHeaderCrc(bytes, count);
  if (headerCrc !== actualHeaderCrc) {
    throw new SnapshotFileError(
      `snapshot header checksum mismatch: CRC-32 of the header and section table (offsets 0..${dataStart - 1}) is ${hex32(actualHeaderCrc)}, offset 28 says ${hex32(headerCrc)}`,
    );
  }
  const reserved = dv.getUint32(24, true);
  if (reserved !== 0) throw new SnapshotFileError(`snapshot header: reserved field at offset 24 is ${hex32(reserved)}, not 0`);
  const total = readU64(dv, 16, 'snapshot header: total uncompressed size');
  if (total > maxUncompressed) {
    throw new SnapshotFileError(
      `snapshot file declares ${total} uncompressed bytes (offset 16), more than the limit of ${maxUncompressed}`,
    );
  }

  // The table: each entry's fields, names, sizes and place in the file.
  const entries: Entry[] = [];
  const byName = new Map<string, Entry>();
  let expected = dataStart;
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const at = SNAPSHOT_HEADER_SIZE + SNAPSHOT_ENTRY_SIZE * i;
    const where = `section #${i} (table entry at offset ${at})`;
    const nameLen = bytes[at + 33];
    if (nameLen < 1 || nameLen > SNAPSHOT_MAX_NAME_BYTES) {
      throw new SnapshotFileError(`${where}: name length ${nameLen} at offset ${at + 33} is not in 1..${SNAPSHOT_MAX_NAME_BYTES}`);
    }
    for (let k = at + 34; k < at + 40; k++) {
      if (bytes[k] !== 0) throw new SnapshotFileError(`${where}: reserved byte at offset ${k} is ${bytes[k]}, not 0`);
    }
    for (let k = at + 40 + nameLen; k < at + SNAPSHOT_ENTRY_SIZE; k++) {
      if (bytes[k] !== 0) throw new SnapshotFileError(`${where}: name padding byte at offset ${k} is ${bytes[k]}, not 0`);
    }
    let name: string;
    try {
      name = utf8Decoder.decode(bytes.subarray(at + 40, at + 40 + nameLen));
    } catch {
      throw new SnapshotFileError(`${where}: name at offset ${at + 40} is not valid UTF-8`);
    }
    const problem = nameProblem(name);
    if (problem !== undefined) throw new SnapshotFileError(`${where}: name ${quoteSectionName(name)} ${problem}`);
    const quoted = quoteSectionName(name);
    const prior = byName.get(name);
    if (prior !== undefined) {
      throw new SnapshotFileError(`duplicate section name ${quoted}: sections #${prior.index} and #${i} (table entry at offset ${at})`);
    }
    const sec = `section ${quoted}`;
    const method = bytes[at + 32];
    if (method !== SNAPSHOT_METHOD_STORED && method !== SNAPSHOT_METHOD_DEFLATE) {
      throw new SnapshotFileError(`${sec}: unknown storage method ${method} at offset ${at + 32}`);
    }
    const offset = readU64(dv, at, `${sec}: data offset`);
    const storedLength = readU64(dv, at + 8, `${sec}: stored length`);
    const uncompressedLength = readU64(dv, at + 16, `${sec}: uncompressed length`);
    if (uncompressedLength > maxUncompressed) {
      throw new SnapshotFileError(
        `${sec}: uncompressed length ${uncompressedLength} at offset ${at + 16} is more than the limit of ${maxUncompressed}`,
      );
    }
    if (method === SNAPSHOT_METHOD_STORED && storedLength !== uncompressedLength) {
      throw new SnapshotFileError(
        `${sec} is stored uncompressed but its stored length ${storedLength} differs from its uncompressed length ${uncompressedLength} (table entry at offset ${at})`,
      );
    }
    if (method === SNAPSHOT_METHOD_DEFLATE) {
      if (storedLength === 0) throw new SnapshotFileError(`${sec}: empty deflate stream (stored length 0 at offset ${at + 8})`);
      if (uncompressedLength > storedLength * DEFLATE_MAX_RATIO + 1024) {
        throw new SnapshotFileError(
          `${sec}: uncompressed length ${uncompressedLength} at offset ${at + 16} is more than ${storedLength} deflated bytes can hold`,
        );
      }
    }
    // Layout: sections follow the table and each other exactly, in table order.
    if (offset < expected) {
      const before = entries.length > 0 ? `section ${entries[entries.length - 1].quoted}` : 'the section table';
      throw new SnapshotFileError(
        `${sec}: data offset ${offset} (table offset ${at}) overlaps ${before}, which ends at offset ${expected}`,
      );
    }
    if (offset > expected) {
      throw new SnapshotFileError(
        `${sec}: data offset ${offset} (table offset ${at}) leaves ${plural(offset - expected, 'unaccounted byte')} at offset ${expected}`,
      );
    }
    if (offset + storedLength > size) {
      throw new SnapshotFileError(
        `snapshot file is truncated: ${sec} needs ${storedLength} bytes at offset ${offset}, file has ${size}`,
      );
    }
    expected = offset + storedLength;
    sum += uncompressedLength;
    const entry: Entry = {
      index: i, name, quoted, tableAt: at, offset, storedLength, uncompressedLength,
      storedCrc: dv.getUint32(at + 24, true), dataCrc: dv.getUint32(at + 28, true), method,
    };
    entries.push(entry);
    byName.set(name, entry);
  }
  if (expected < size) {
    throw new SnapshotFileError(`snapshot file has ${plural(size - expected, 'unexpected byte')} at offset ${expected}, after the last section`);
  }
  if (sum !== total) {
    throw new SnapshotFileError(
      `snapshot header says ${total} uncompressed bytes (offset 16), the sections add up to ${sum}`,
    );
  }

  // Checksums of the stored bytes, all of them before any inflating.
  for (const e of entries) {
    const actual = crc32(bytes.subarray(e.offset, e.offset + e.storedLength));
    if (actual !== e.storedCrc) {
      throw new SnapshotFileError(
        `section ${e.quoted} is corrupt: CRC-32 of its ${e.storedLength} stored bytes at offset ${e.offset} is ${hex32(actual)}, the table says ${hex32(e.storedCrc)} (offset ${e.tableAt + 24})`,
      );
    }
  }

  // Contents.
  const out = new Map<string, Uint8Array>();
  for (const e of entries) {
    const stored = bytes.subarray(e.offset, e.offset + e.storedLength);
    const data = e.method === SNAPSHOT_METHOD_STORED ? stored.slice() : inflateSection(e, stored);
    const actual = e.method === SNAPSHOT_METHOD_STORED ? e.storedCrc : crc32(data);
    if (actual !== e.dataCrc) {
      throw new SnapshotFileError(
        `section ${e.quoted} is corrupt: CRC-32 of its ${e.uncompressedLength} uncompressed bytes is ${hex32(actual)}, the table says ${hex32(e.dataCrc)} (offset ${e.tableAt + 28})`,
      );
    }
    out.set(e.name, data);
  }
  return out;
}

/** What fflate's Inflate keeps between pushes (0.8.x): `s.f` final block seen, `s.l` inside a block, `s.p` bit position in `p`, the unconsumed input. */
interface InflateInternals {
  s: { f?: unknown; l?: unknown; p?: unknown };
  p: Uint8Array;
}

/** The inflater's internal state when it has the expected shape, else undefined. */
function internalsOf(inflater: Inflate): InflateInternals | undefined {
  const x = inflater as unknown as { s?: unknown; p?: unknown };
  if (typeof x.s !== 'object' || x.s === null || !(x.p instanceof Uint8Array)) return undefined;
  return x as InflateInternals;
}

/**
 * Whether the deflate stream has ended (its final block is complete) and how many input
 * bytes follow it; undefined when fflate's internals are not recognized.
 */
export function deflateStreamEnd(inflater: Inflate): { done: boolean; trailing: number } | undefined {
  const st = internalsOf(inflater);
  if (st === undefined) return undefined;
  const done = Boolean(st.s.f) && !st.s.l;
  const bit = typeof st.s.p === 'number' ? st.s.p & 7 : 0;
  return { done, trailing: done ? Math.max(0, st.p.length - (bit > 0 ? 1 : 0)) : 0 };
}

/**
 * Inflates one section into a buffer of its declared size. The stream is fed in chunks
 * of max(16 KiB, what remains of the output / 1032) bytes, so one step produces at most
 * about max(16.5 MB, what remains) bytes, and it stops as soon as the output passes the
 * declared size or the stream ends: a forged stream costs at most about twice the work
 * of a genuine one.
 */
function inflateSection(e: Entry, stored: Uint8Array): Uint8Array {
  const what = `section ${e.quoted}: its deflate stream (${e.storedLength} bytes at offset ${e.offset})`;
  const size = e.uncompressedLength;
  let out: Uint8Array;
  try {
    out = new Uint8Array(size);
  } catch {
    throw new SnapshotFileError(`section ${e.quoted}: cannot allocate ${size} bytes to inflate it`);
  }
  let produced = 0;
  let overflow = false;
  const inflater = new Inflate((chunk: Uint8Array) => {
    if (overflow || produced + chunk.length > size) {
      overflow = true;
      return;
    }
    out.set(chunk, produced);
    produced += chunk.length;
  });
  const sizeError = (): SnapshotFileError =>
    new SnapshotFileError(`${what} inflates to ${produced} bytes, the table says ${size} (offset ${e.tableAt + 16})`);
  let pos = 0;
  let wholeRest = false;
  for (;;) {
    // Enough input to fill what remains of the output at deflate's best ratio, at least 16 KiB.
    const chunk = Math.max(INFLATE_CHUNK, Math.ceil((size - produced) / DEFLATE_MAX_RATIO));
    const take = wholeRest ? stored.length - pos : Math.min(chunk, stored.length - pos);
    const final = pos + take >= stored.length;
    const before = produced;
    try {
      inflater.push(stored.subarray(pos, pos + take), final);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new SnapshotFileError(`${what} does not inflate: ${why}`);
    }
    pos += take;
    if (overflow) {
      throw new SnapshotFileError(`${what} inflates to more than the ${size} bytes the table says (offset ${e.tableAt + 16})`);
    }
    const end = deflateStreamEnd(inflater);
    if (end === undefined) {
      // Unknown fflate internals: a step without output may be the end of the stream;
      // feed the rest at once rather than re-copying the unconsumed input every step.
      if (produced === before) wholeRest = true;
    } else if (end.done) {
      if (produced !== size) throw sizeError();
      const trailing = end.trailing + (stored.length - pos);
      if (trailing > 0) {
        throw new SnapshotFileError(`${what} ends ${plural(trailing, 'byte')} before the end of the section`);
      }
      break;
    }
    if (final) break;
  }
  if (produced !== size) throw sizeError();
  return out;
}
