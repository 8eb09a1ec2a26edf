/**
 * A deterministic corpus of corrupted snapshot files, derived from one valid file
 * (emulator/snapshot/fileFormat.ts): truncations, bit flips, forged header and table
 * fields (with the header CRC recomputed so they reach the deeper checks), forged deflate
 * streams, bad and duplicate names, trailing bytes. Every case must make
 * decodeSnapshotFile throw SnapshotFileError. Used by test/snapshot/fileFormat.test.ts
 * and by the CLI test (exit status 2); pass a small valid file (a few KiB): each case
 * is a copy of it. The file needs at least two sections, one of them deflated.
 */
import { deflateSync } from 'fflate';
import {
  crc32,
  decodeSnapshotFile,
  SNAPSHOT_ENTRY_SIZE,
  SNAPSHOT_HEADER_SIZE,
  SNAPSHOT_MAGIC,
  SNAPSHOT_METHOD_DEFLATE,
  SNAPSHOT_METHOD_STORED,
  snapshotHeaderCrc,
} from '../../emulator/snapshot/fileFormat';

export interface CorruptCase {
  name: string;
  bytes: Uint8Array;
}

/** One section of a file as laid out on disk. */
interface Part {
  nameBytes: Uint8Array;
  method: number;
  stored: Uint8Array;
  uncompressedLength: number;
  dataCrc: number;
}

/** Small seeded PRNG (xorshift32), so the corpus is the same on every run. */
class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 1;
  }
  next(): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s;
  }
  /** Integer in [lo, hi). */
  int(lo: number, hi: number): number {
    return lo + (this.next() % Math.max(1, hi - lo));
  }
}

const TWO32 = 0x100000000;

function setU64(bytes: Uint8Array, at: number, v: bigint): void {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  dv.setBigUint64(at, BigInt.asUintN(64, v), true);
}

function getU64(bytes: Uint8Array, at: number): number {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return dv.getUint32(at, true) + dv.getUint32(at + 4, true) * TWO32;
}

function setU32(bytes: Uint8Array, at: number, v: number): void {
  new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).setUint32(at, v >>> 0, true);
}

function getU32(bytes: Uint8Array, at: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(at, true);
}

/** Recomputes the header CRC from the count in the file, when the table fits. */
export function resealHeader(bytes: Uint8Array): Uint8Array {
  const count = getU32(bytes, 12);
  if (bytes.length >= SNAPSHOT_HEADER_SIZE + SNAPSHOT_ENTRY_SIZE * count) setU32(bytes, 28, snapshotHeaderCrc(bytes, count));
  return bytes;
}

/** Offset of table entry i. */
function entryAt(i: number): number {
  return SNAPSHOT_HEADER_SIZE + SNAPSHOT_ENTRY_SIZE * i;
}

/** Reads the sections of a valid file. */
function readParts(valid: Uint8Array): Part[] {
  const count = getU32(valid, 12);
  const parts: Part[] = [];
  for (let i = 0; i < count; i++) {
    const e = entryAt(i);
    const offset = getU64(valid, e);
    const storedLength = getU64(valid, e + 8);
    parts.push({
      nameBytes: valid.slice(e + 40, e + 40 + valid[e + 33]),
      method: valid[e + 32],
      stored: valid.slice(offset, offset + storedLength),
      uncompressedLength: getU64(valid, e + 16),
      dataCrc: getU32(valid, e + 28),
    });
  }
  return parts;
}

/**
 * Lays sections out as the writer would (offsets, stored CRCs, total, header CRC all
 * consistent), whatever their names, methods and contents; `poke` then edits the bytes
 * and the header CRC is recomputed afterwards.
 */
function build(parts: Part[], poke?: (bytes: Uint8Array) => void): Uint8Array {
  const dataStart = entryAt(parts.length);
  let size = dataStart;
  for (const p of parts) size += p.stored.length;
  const bytes = new Uint8Array(size);
  bytes.set(SNAPSHOT_MAGIC, 0);
  setU32(bytes, 8, 1);
  setU32(bytes, 12, parts.length);
  let total = 0;
  let offset = dataStart;
  parts.forEach((p, i) => {
    const e = entryAt(i);
    setU64(bytes, e, BigInt(offset));
    setU64(bytes, e + 8, BigInt(p.stored.length));
    setU64(bytes, e + 16, BigInt(p.uncompressedLength));
    setU32(bytes, e + 24, crc32(p.stored));
    setU32(bytes, e + 28, p.dataCrc);
    bytes[e + 32] = p.method;
    bytes[e + 33] = Math.min(p.nameBytes.length, 255);
    bytes.set(p.nameBytes.subarray(0, 64), e + 40);
    bytes.set(p.stored, offset);
    offset += p.stored.length;
    total += p.uncompressedLength;
  });
  setU64(bytes, 16, BigInt(total));
  poke?.(bytes);
  return resealHeader(bytes);
}

function flipBits(src: Uint8Array, bits: number[]): Uint8Array {
  const b = src.slice();
  for (const bit of bits) b[bit >>> 3] ^= 1 << (bit & 7);
  return b;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/**
 * The corrupted-file corpus of `valid` (a file encodeSnapshotFile wrote, with at least
 * two sections, one of them deflated). Deterministic: the same input gives the same
 * cases, in the same order, with unique names.
 */
export function corruptSnapshotCorpus(valid: Uint8Array): CorruptCase[] {
  decodeSnapshotFile(valid); // must be valid to begin with
  const parts = readParts(valid);
  const n = parts.length;
  const z = parts.findIndex((p) => p.method === SNAPSHOT_METHOD_DEFLATE);
  if (n < 2 || z < 0) throw new Error('corruptSnapshotCorpus needs a valid file with at least two sections, one deflated');
  const s = parts.findIndex((p) => p.method === SNAPSHOT_METHOD_STORED && p.stored.length > 0);
  const size = valid.length;
  const dataStart = entryAt(n);
  const rng = new Rng(0x5eed5a4b);
  const cases: CorruptCase[] = [];
  const add = (name: string, bytes: Uint8Array): void => {
    cases.push({ name, bytes });
  };
  /** A copy of the valid file with `poke` applied, header CRC recomputed or not. */
  const poked = (poke: (b: Uint8Array) => void, reseal = true): Uint8Array => {
    const b = valid.slice();
    poke(b);
    return reseal ? resealHeader(b) : b;
  };
  const withPart = (i: number, change: Partial<Part>, poke?: (b: Uint8Array) => void): Uint8Array =>
    build(parts.map((p, k) => (k === i ? { ...p, ...change } : p)), poke);

  // Truncations: every length through the header, the table and section boundaries, and a spread.
  const lengths = new Set<number>();
  for (let len = 0; len <= SNAPSHOT_HEADER_SIZE; len++) lengths.add(len);
  for (const len of [dataStart - 1, dataStart, dataStart + 1, size - 1, size - 2]) lengths.add(len);
  for (let i = 0; i < n; i++) {
    const off = getU64(valid, entryAt(i));
    lengths.add(entryAt(i) + 1);
    lengths.add(entryAt(i) + 40);
    if (off > 0) lengths.add(off + 1);
  }
  while (lengths.size < 33 + 60) lengths.add(rng.int(SNAPSHOT_HEADER_SIZE + 1, size));
  for (const len of [...lengths].filter((l) => l >= 0 && l < size).sort((a, b) => a - b)) {
    add(`truncated to ${len} bytes`, valid.slice(0, len));
  }

  // Single bit flips in the header, the table and the data.
  const regions: [string, number, number, number][] = [
    ['header', 0, SNAPSHOT_HEADER_SIZE, 24],
    ['table', SNAPSHOT_HEADER_SIZE, dataStart, 24],
    ['data', dataStart, size, 24],
  ];
  for (const [region, lo, hi, count] of regions) {
    const bits = new Set<number>();
    while (bits.size < Math.min(count, (hi - lo) * 8)) bits.add(rng.int(lo * 8, hi * 8));
    for (const bit of bits) add(`bit flip in the ${region}: byte ${bit >>> 3} bit ${bit & 7}`, flipBits(valid, [bit]));
  }
  // Multiple bit flips anywhere, and in one region.
  for (let k = 0; k < 16; k++) {
    const bits = Array.from({ length: 2 + (k % 7) * 2 }, () => rng.int(0, size * 8));
    add(`${bits.length} bit flips: ${bits.map((b) => `${b >>> 3}.${b & 7}`).join(' ')}`, flipBits(valid, bits));
  }
  for (const [region, lo, hi] of regions) {
    const bits = Array.from({ length: 3 }, () => rng.int(lo * 8, hi * 8));
    add(`3 bit flips in the ${region}: ${bits.join(',')}`, flipBits(valid, bits));
  }
  // Random byte overwrites.
  for (let k = 0; k < 8; k++) {
    const at = rng.int(0, size);
    const b = valid.slice();
    b[at] = (b[at] + 1 + rng.int(0, 255)) & 0xff;
    add(`byte ${at} overwritten with ${b[at]}`, b);
  }

  // The magic number.
  const magics: [string, number[]][] = [
    ['all zeros', [0, 0, 0, 0, 0, 0, 0, 0]],
    ['HYSTSNAQ', [...'HYSTSNAQ'].map((c) => c.charCodeAt(0))],
    ['lower case', [...'hystsnap'].map((c) => c.charCodeAt(0))],
    ['ELF', [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]],
    ['gzip', [0x1f, 0x8b, 8, 0, 0, 0, 0, 0]],
    ['zip', [0x50, 0x4b, 3, 4, 20, 0, 0, 0]],
    ['0xff', [255, 255, 255, 255, 255, 255, 255, 255]],
  ];
  for (const [what, m] of magics) add(`wrong magic (${what})`, poked((b) => b.set(m, 0)));
  add('wrong magic, short file', SNAPSHOT_MAGIC.slice(0, 5).map((v, i) => (i === 4 ? v ^ 1 : v)));

  // Versions.
  for (const v of [0, 2, 7, 99, 0x80000000, 0xffffffff]) add(`version ${v}`, poked((b) => setU32(b, 8, v)));
  add('version 2, header CRC not recomputed', poked((b) => setU32(b, 8, 2), false));

  // Section count.
  for (const c of [0, n - 1, n + 1, 4097, 65536, 0x7fffffff, 0x80000000, 0xffffffff]) {
    add(`section count ${c}`, poked((b) => setU32(b, 12, c)));
  }
  add(`section count ${n + 1}, header CRC not recomputed`, poked((b) => setU32(b, 12, n + 1), false));
  // Header total, reserved word and CRC.
  const total = getU64(valid, 16);
  const totals: [string, bigint][] = [
    ['+1', BigInt(total + 1)],
    ['-1', BigInt(total - 1)],
    ['0', 0n],
    ['8 GiB + 1', 8n * 1024n ** 3n + 1n],
    ['2^53', 2n ** 53n],
    ['2^63 (negative as signed)', 2n ** 63n],
    ['2^64-1', 2n ** 64n - 1n],
  ];
  for (const [what, v] of totals) add(`header total uncompressed ${what}`, poked((b) => setU64(b, 16, v)));
  add('header reserved word 1', poked((b) => setU32(b, 24, 1)));
  add('header reserved word 0x80000000', poked((b) => setU32(b, 24, 0x80000000)));
  add('header CRC off by one bit', poked((b) => (b[28] ^= 1), false));
  add('header CRC zero', poked((b) => setU32(b, 28, 0), false));

  // Table fields of the first, the last and the deflated section (header CRC recomputed).
  const targets = [...new Set([0, n - 1, z])];
  for (const i of targets) {
    const e = entryAt(i);
    const off = getU64(valid, e);
    const stored = getU64(valid, e + 8);
    const unc = getU64(valid, e + 16);
    const field = (what: string, at: number, v: bigint, fixTotal = false): void => {
      if (BigInt.asUintN(64, v) === BigInt(getU64(valid, at))) return; // no change: not a corruption
      add(`section #${i} ${what}`, poked((b) => {
        setU64(b, at, v);
        if (fixTotal) setU64(b, 16, BigInt(total) - BigInt(unc) + v);
      }));
    };
    const offsets: [string, bigint][] = [
      ['offset 2^64-1', 2n ** 64n - 1n],
      ['offset negative as signed', 2n ** 63n + BigInt(off)],
      ['offset 2^53', 2n ** 53n],
      ['offset 2^53-1', 2n ** 53n - 1n],
      ['offset past the end', BigInt(size + 1)],
      ['offset far past the end', BigInt(size) + 1000000n],
      ['offset 0 (overlapping the header)', 0n],
      ['offset inside the table', BigInt(dataStart - 8)],
      ['offset -1 byte', BigInt(off - 1)],
      ['offset +1 byte', BigInt(off + 1)],
    ];
    if (i > 0) offsets.push(['offset of the previous section (overlap)', BigInt(getU64(valid, entryAt(i - 1)))]);
    for (const [what, v] of offsets) field(what, e, v);
    const lengths: [string, bigint][] = [
      ['stored length 2^64-1', 2n ** 64n - 1n],
      ['stored length negative as signed', 2n ** 63n + BigInt(stored)],
      ['stored length 2^53-1', 2n ** 53n - 1n],
      ['stored length +1', BigInt(stored + 1)],
      ['stored length past the end', BigInt(size + 1)],
      ['stored length 0', 0n],
    ];
    if (stored > 0) lengths.push(['stored length -1', BigInt(stored - 1)]);
    for (const [what, v] of lengths) field(what, e + 8, v);
    const uncs: [string, bigint, boolean][] = [
      ['uncompressed length 2^64-1', 2n ** 64n - 1n, false],
      ['uncompressed length negative as signed', 2n ** 63n + BigInt(unc), false],
      ['uncompressed length 8 GiB + 1, total adjusted', 8n * 1024n ** 3n + 1n, true],
      ['uncompressed length 4 GiB, total adjusted', 4n * 1024n ** 3n, true],
      ['uncompressed length +1', BigInt(unc + 1), false],
      ['uncompressed length +1, total adjusted', BigInt(unc + 1), true],
      ['uncompressed length +4096, total adjusted', BigInt(unc + 4096), true],
    ];
    if (unc > 0) uncs.push(['uncompressed length -1, total adjusted', BigInt(unc - 1), true]);
    for (const [what, v, fix] of uncs) field(what, e + 16, v, fix);
    add(`section #${i} stored CRC flipped`, poked((b) => (b[e + 24] ^= 0x10)));
    add(`section #${i} data CRC flipped`, poked((b) => (b[e + 31] ^= 0x80)));
    for (const m of [2, 255, valid[e + 32] ^ 1]) add(`section #${i} method ${m}`, poked((b) => (b[e + 32] = m)));
    const nameLen = valid[e + 33];
    for (const l of [0, 65, 255, nameLen + 1, nameLen - 1]) {
      if (l !== nameLen) add(`section #${i} name length ${l}`, poked((b) => (b[e + 33] = l)));
    }
    add(`section #${i} reserved byte set`, poked((b) => (b[e + 36] = 1)));
    add(`section #${i} name padding byte set`, poked((b) => (b[e + 103] = 0x41)));
  }

  // Names.
  add('duplicate section name', withPart(1, { nameBytes: parts[0].nameBytes }));
  const badNames: [string, number[]][] = [
    ['0xff', [0x61, 0xff]],
    ['truncated sequence', [0x61, 0xc3]],
    ['lone continuation byte', [0x80, 0x61]],
    ['overlong NUL', [0xc0, 0x80]],
    ['overlong slash', [0xe0, 0x80, 0xaf]],
    ['UTF-16 surrogate', [0xed, 0xa0, 0x80]],
    ['beyond U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['5-byte sequence', [0xf8, 0x88, 0x80, 0x80, 0x80]],
    ['NUL inside', [0x61, 0x00, 0x62]],
    ['newline', [0x61, 0x0a, 0x62]],
    ['DEL', [0x7f]],
    ['65 bytes', new Array<number>(65).fill(0x61)],
  ];
  for (const [what, bytes] of badNames) add(`bad section name (${what})`, withPart(0, { nameBytes: new Uint8Array(bytes) }));

  // Forged deflate streams, with their stored CRC and the header recomputed.
  const zp = parts[z];
  const zipped = zp.stored;
  const junk = Uint8Array.from({ length: zipped.length }, () => rng.int(0, 256));
  add('forged deflate stream (random bytes)', withPart(z, { stored: junk }));
  add('forged deflate stream (block type 3)', withPart(z, { stored: Uint8Array.from(zipped, (v, k) => (k === 0 ? v | 7 : v)) }));
  add('forged deflate stream (first half only)', withPart(z, { stored: zipped.slice(0, Math.max(1, zipped.length >> 1)) }));
  add('forged deflate stream (last byte missing)', withPart(z, { stored: zipped.slice(0, zipped.length - 1) }));
  add('forged deflate stream (no final block)', withPart(z, { stored: Uint8Array.from(zipped, (v, k) => (k === 0 ? v & ~1 : v)) }));
  const orig = decodeSnapshotFile(valid).get(new TextDecoder().decode(zp.nameBytes)) ?? new Uint8Array(0);
  add('deflate stream inflates to fewer bytes', withPart(z, { stored: deflateSync(orig.subarray(0, orig.length >> 1)) }));
  add('deflate stream inflates to more bytes', withPart(z, { stored: deflateSync(concat(orig, new Uint8Array(100))) }));
  add('deflate stream with a trailing byte', withPart(z, { stored: concat(zipped, new Uint8Array([0])) }));
  add('deflate stream followed by a second stream', withPart(z, { stored: concat(zipped, zipped) }));
  add('deflate bomb (4 MiB of zeros)', withPart(z, { stored: deflateSync(new Uint8Array(4 << 20)) }));
  const changed = orig.slice();
  if (changed.length > 0) changed[changed.length >> 1] ^= 0x55;
  add('deflate stream of other data (data CRC mismatch)', withPart(z, { stored: deflateSync(changed), uncompressedLength: changed.length }));
  add('deflated section with an empty stream', withPart(z, { stored: new Uint8Array(0) }));
  add('deflated section with stored length equal to its size', withPart(z, { stored: orig.slice(0, zp.uncompressedLength), uncompressedLength: orig.length }));
  if (s >= 0) {
    const sp = parts[s];
    add('stored section relabelled deflate', withPart(s, { method: SNAPSHOT_METHOD_DEFLATE }));
    add('stored section with a wrong data CRC', withPart(s, { dataCrc: (sp.dataCrc ^ 1) >>> 0 }));
    add('stored section with other data (stored CRC recomputed)', withPart(s, { stored: sp.stored.map((v) => v ^ 0xff) }));
  }
  add('deflated section relabelled stored', withPart(z, { method: SNAPSHOT_METHOD_STORED }));

  // Extra bytes.
  add('one byte appended', concat(valid, new Uint8Array([0])));
  add('4096 zero bytes appended', concat(valid, new Uint8Array(4096)));
  add('file appended to itself', concat(valid, valid));
  add('data moved one byte down (gap)', poked((b) => {
    for (let i = 0; i < n; i++) setU64(b, entryAt(i), BigInt(getU64(b, entryAt(i)) + 1));
  }));

  // Names must be unique; a corpus with a repeated name hides a case.
  const seen = new Set<string>();
  for (const c of cases) {
    let name = c.name;
    for (let k = 2; seen.has(name); k++) name = `${c.name} (${k})`;
    c.name = name;
    seen.add(name);
  }
  return cases;
}
