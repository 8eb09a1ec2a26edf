/**
 * Tests for the snapshot file container (emulator/snapshot/fileFormat.ts): round trips,
 * the header and table checks with their messages, the limits, every single bit flip
 * and every truncation of a small file, and the corrupted-file corpus (corpus.ts).
 */
import { strict as assert } from 'assert';
import { deflateSync, Inflate } from 'fflate';
import {
  crc32,
  decodeSnapshotFile,
  deflateStreamEnd,
  encodeSnapshotFile,
  SNAPSHOT_ENTRY_SIZE,
  SNAPSHOT_HEADER_SIZE,
  SNAPSHOT_MAGIC,
  SNAPSHOT_METHOD_DEFLATE,
  SNAPSHOT_METHOD_STORED,
  SNAPSHOT_VERSION,
  SnapshotFileError,
  type SnapshotSection,
} from '../../emulator/snapshot/fileFormat';
import { corruptSnapshotCorpus, resealHeader } from './corpus';

/** Deterministic pseudo-random bytes. */
function noise(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** 1 MiB shaped like RAM: zero pages, random pages, text, repeated words. */
function mixedMiB(): Uint8Array {
  const out = new Uint8Array(1 << 20);
  const text = new TextEncoder().encode('HyperStep snapshot of a RISC-V machine; the quick brown fox. ');
  for (let page = 0; page < 256; page++) {
    const at = page * 4096;
    switch (page % 4) {
      case 0:
        break; // zeros
      case 1:
        out.set(noise(4096, page + 1), at);
        break;
      case 2:
        for (let i = 0; i < 4096; i++) out[at + i] = text[i % text.length];
        break;
      default:
        for (let i = 0; i < 4096; i += 8) out.set([0x13, 0, 0, 0, page & 0xff, 0x80, 0, 0], at + i);
    }
  }
  return out;
}

function roundTrip(sections: SnapshotSection[]): Map<string, Uint8Array> {
  const file = encodeSnapshotFile(sections);
  const back = decodeSnapshotFile(file);
  assert.deepEqual([...back.keys()], sections.map((s) => s.name));
  for (const s of sections) assert.deepEqual(back.get(s.name), s.data, `section ${s.name}`);
  return back;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** Runs f, expects a SnapshotFileError with a one-line message, returns the message. */
function failure(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof SnapshotFileError, `not a SnapshotFileError: ${String(e)}`);
    assert.equal(e.name, 'SnapshotFileError');
    assert.ok(e.message.length > 0 && !/[\r\n]/.test(e.message), `message is not one line: ${JSON.stringify(e.message)}`);
    return e.message;
  }
  assert.fail('decoded without an error');
}

function methodOf(file: Uint8Array, i: number): number {
  return file[SNAPSHOT_HEADER_SIZE + SNAPSHOT_ENTRY_SIZE * i + 32];
}

/** The small valid file the corpus and the exhaustive tests start from. */
function sampleFile(): Uint8Array {
  const ram = new Uint8Array(16384);
  ram.set(noise(1024, 7), 4096);
  ram.set(new TextEncoder().encode('console=ttyS0 earlycon'), 9000);
  return encodeSnapshotFile([
    { name: 'machine', data: new TextEncoder().encode('{"board":"virt","harts":1}'), compress: false },
    { name: 'hart0', data: noise(300, 3) },
    { name: 'ram', data: ram },
    { name: 'empty', data: new Uint8Array(0) },
  ]);
}

describe('snapshot file format', () => {
  it('CRC-32 matches the standard check value and chains', () => {
    const s = new TextEncoder().encode('123456789');
    assert.equal(crc32(s), 0xcbf43926);
    assert.equal(crc32(new Uint8Array(0)), 0);
    const long = noise(1000, 9);
    for (const cut of [0, 1, 7, 8, 9, 500, 999, 1000]) {
      assert.equal(crc32(long.subarray(cut), crc32(long.subarray(0, cut))), crc32(long));
    }
    // Byte-at-a-time reference for the eight-byte loop.
    let c = 0xffffffff;
    for (const b of long) {
      c ^= b;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    }
    assert.equal(crc32(long), (c ^ 0xffffffff) >>> 0);
  });

  it('round-trips no sections and empty sections', () => {
    const none = encodeSnapshotFile([]);
    assert.equal(none.length, SNAPSHOT_HEADER_SIZE);
    assert.deepEqual(none.subarray(0, 8), SNAPSHOT_MAGIC);
    assert.equal(decodeSnapshotFile(none).size, 0);
    const file = encodeSnapshotFile([
      { name: 'a', data: new Uint8Array(0) },
      { name: 'b', data: new Uint8Array(0), compress: false },
    ]);
    const back = decodeSnapshotFile(file);
    assert.equal(back.get('a')?.length, 0);
    assert.equal(back.get('b')?.length, 0);
    assert.equal(file.length, SNAPSHOT_HEADER_SIZE + 2 * SNAPSHOT_ENTRY_SIZE);
  });

  it('round-trips many sections in order, with names up to 64 UTF-8 bytes', () => {
    const sections: SnapshotSection[] = [];
    for (let i = 0; i < 600; i++) {
      sections.push({ name: `dev/${i}`, data: i % 3 === 0 ? noise(i, i + 1) : new Uint8Array(i * 3), compress: i % 2 === 0 });
    }
    sections.push({ name: 'x'.repeat(64), data: new Uint8Array([1]) });
    sections.push({ name: 'hart→état ✓ 𝄞', data: new Uint8Array([2, 3]) });
    sections.push({ name: 'é'.repeat(32), data: new Uint8Array([4]) });
    roundTrip(sections);
  });

  it('round-trips 1 MiB of mixed data, compressed and stored', () => {
    const data = mixedMiB();
    const t0 = performance.now();
    const file = encodeSnapshotFile([
      { name: 'ram', data },
      { name: 'ram-stored', data, compress: false },
      { name: 'noise', data: noise(65536, 5) },
    ]);
    const back = decodeSnapshotFile(file);
    const ms = performance.now() - t0;
    assert.deepEqual(back.get('ram'), data);
    assert.deepEqual(back.get('ram-stored'), data);
    assert.deepEqual(back.get('noise'), noise(65536, 5));
    assert.equal(methodOf(file, 0), SNAPSHOT_METHOD_DEFLATE);
    assert.equal(methodOf(file, 1), SNAPSHOT_METHOD_STORED);
    // Random bytes do not shrink, so they are stored even though compression was asked for.
    assert.equal(methodOf(file, 2), SNAPSHOT_METHOD_STORED);
    const ramStored = Number(new DataView(file.buffer).getBigUint64(SNAPSHOT_HEADER_SIZE + 8, true));
    assert.ok(ramStored < data.length * 0.4, `1 MiB compressed to ${ramStored} bytes`);
    console.log(`      1 MiB mixed: deflated to ${ramStored} bytes; encode+decode of 2.06 MiB in ${ms.toFixed(0)} ms`);
    // The decoded arrays are copies, not views into the file.
    back.get('ram-stored')?.fill(0xee);
    assert.deepEqual(decodeSnapshotFile(file).get('ram-stored'), data);
  });

  it('round-trips a large zero-filled RAM section in chunks', () => {
    const ram = new Uint8Array(16 << 20);
    ram.set(noise(300000, 11), 10 << 20); // several 64 KiB steps of the inflater
    const file = encodeSnapshotFile([{ name: 'ram', data: ram }]);
    assert.ok(file.length < 1 << 20);
    assert.deepEqual(decodeSnapshotFile(file).get('ram'), ram);
  });

  it('refuses bad section names when encoding', () => {
    const one = (name: string): string => failure(() => encodeSnapshotFile([{ name, data: new Uint8Array(1) }]));
    assert.match(one(''), /is empty/);
    assert.match(one('x'.repeat(65)), /65 bytes/);
    assert.match(one('é'.repeat(33)), /66 bytes/);
    assert.match(one('a\nb'), /control character/);
    assert.match(one('a\u0000'), /control character/);
    assert.match(one('a\ud800'), /lone surrogate/);
    const dup = failure(() =>
      encodeSnapshotFile([
        { name: 'ram', data: new Uint8Array(1) },
        { name: 'ram', data: new Uint8Array(2) },
      ]),
    );
    assert.equal(dup, "cannot write snapshot: duplicate section name 'ram'");
  });

  it('writes the documented layout', () => {
    const file = sampleFile();
    const dv = new DataView(file.buffer, file.byteOffset, file.byteLength);
    assert.equal(new TextDecoder().decode(file.subarray(0, 8)), 'HYSTSNAP');
    assert.equal(dv.getUint32(8, true), SNAPSHOT_VERSION);
    assert.equal(dv.getUint32(12, true), 4);
    assert.equal(Number(dv.getBigUint64(16, true)), 26 + 300 + 16384);
    assert.equal(dv.getUint32(24, true), 0);
    const e = SNAPSHOT_HEADER_SIZE + 2 * SNAPSHOT_ENTRY_SIZE;
    assert.equal(new TextDecoder().decode(file.subarray(e + 40, e + 40 + file[e + 33])), 'ram');
    assert.equal(file[e + 32], SNAPSHOT_METHOD_DEFLATE);
    assert.equal(Number(dv.getBigUint64(e + 16, true)), 16384);
    const off = Number(dv.getBigUint64(e, true));
    const len = Number(dv.getBigUint64(e + 8, true));
    assert.equal(dv.getUint32(e + 24, true), crc32(file.subarray(off, off + len)));
  });

  it('explains what is wrong, and where', () => {
    const file = sampleFile();
    const e2 = SNAPSHOT_HEADER_SIZE + 2 * SNAPSHOT_ENTRY_SIZE;
    const ramOff = Number(new DataView(file.buffer).getBigUint64(e2, true));
    const ramLen = Number(new DataView(file.buffer).getBigUint64(e2 + 8, true));
    const msg = (b: Uint8Array, limits?: { maxSections?: number; maxUncompressed?: number }): string =>
      failure(() => decodeSnapshotFile(b, limits));
    const poke = (f: (b: Uint8Array, dv: DataView) => void, reseal = true): Uint8Array => {
      const b = file.slice();
      f(b, new DataView(b.buffer));
      return reseal ? resealHeader(b) : b;
    };
    assert.equal(msg(new Uint8Array(0)), 'snapshot file is empty (0 bytes)');
    assert.match(msg(new TextEncoder().encode('#!/bin/sh\necho hi\n')), /^not a HyperStep snapshot file/);
    assert.match(msg(file.subarray(0, 20)), /^snapshot file is truncated: the header needs 32 bytes at offset 0, file has 20$/);
    assert.equal(
      msg(file.subarray(0, ramOff + 10)),
      `snapshot file is truncated: section 'ram' needs ${ramLen} bytes at offset ${ramOff}, file has ${ramOff + 10}`,
    );
    assert.equal(
      msg(poke((_, dv) => dv.setUint32(8, 7, true))),
      'snapshot format version 7 is newer than this HyperStep supports (1); update HyperStep',
    );
    assert.match(msg(poke((_, dv) => dv.setUint32(8, 0, true))), /version 0 .*invalid/);
    assert.match(msg(poke((b) => (b[40] ^= 1), false)), /^snapshot header checksum mismatch/);
    assert.match(msg(poke((b) => (b[ramOff + 3] ^= 4))), /^section 'ram' is corrupt: CRC-32 of its \d+ stored bytes at offset \d+/);
    assert.match(msg(file, { maxSections: 3 }), /declares 4 sections .*limit of 3/);
    assert.match(msg(file, { maxUncompressed: 16000 }), /declares 16710 uncompressed bytes .*limit of 16000/);
    assert.match(msg(poke((_, dv) => dv.setUint32(e2 + 4, 0x80000000, true))), /^section 'ram': data offset \(field at offset 240\) is out of range: 922337203685477\d+ \(0x8000000000000/);
    // A forged table that passes the header CRC still cannot make the decoder allocate.
    const huge = poke((_, dv) => {
      dv.setBigUint64(e2 + 16, 6n << 30n, true);
      dv.setBigUint64(16, (6n << 30n) + 326n, true);
    });
    assert.match(msg(huge), /section 'ram': uncompressed length 6442450944 .* more than \d+ deflated bytes can hold/);
  });

  it('detects every single bit flip and every truncation of a small file', () => {
    const file = sampleFile();
    const t0 = performance.now();
    let flips = 0;
    for (let bit = 0; bit < file.length * 8; bit++) {
      const b = file.slice();
      b[bit >>> 3] ^= 1 << (bit & 7);
      failure(() => decodeSnapshotFile(b));
      flips++;
    }
    for (let len = 0; len < file.length; len++) failure(() => decodeSnapshotFile(file.subarray(0, len)));
    console.log(`      ${flips} bit flips and ${file.length} truncations of a ${file.length}-byte file, all refused, in ${(performance.now() - t0).toFixed(0)} ms`);
  });

  it('refuses every file of the corrupted-file corpus quickly, with a one-line SnapshotFileError', () => {
    const valid = sampleFile();
    const corpus = corruptSnapshotCorpus(valid);
    assert.ok(corpus.length >= 150, `only ${corpus.length} cases`);
    assert.equal(new Set(corpus.map((c) => c.name)).size, corpus.length);
    // Deterministic: the same cases every time.
    const again = corruptSnapshotCorpus(valid);
    assert.deepEqual(again.map((c) => c.name), corpus.map((c) => c.name));
    for (let i = 0; i < corpus.length; i++) assert.deepEqual(again[i].bytes, corpus[i].bytes, corpus[i].name);
    const t0 = performance.now();
    let slowest = 0;
    let slowestName = '';
    const messages = new Set<string>();
    for (const c of corpus) {
      const t = performance.now();
      let m: string;
      try {
        m = failure(() => decodeSnapshotFile(c.bytes));
      } catch (e) {
        throw new Error(`case "${c.name}": ${e instanceof Error ? e.message : String(e)}`);
      }
      const ms = performance.now() - t;
      assert.ok(ms < 1000, `case "${c.name}" took ${ms.toFixed(0)} ms`);
      if (ms > slowest) [slowest, slowestName] = [ms, c.name];
      messages.add(m.replace(/\d+|0x[0-9a-f]+/g, '#'));
      if (process.env.SNAPSHOT_CORPUS_VERBOSE) console.log(`${c.name}: ${m}`);
    }
    const total = performance.now() - t0;
    assert.ok(total < 3000, `corpus took ${total.toFixed(0)} ms`);
    console.log(
      `      corpus: ${corpus.length} corrupted files refused in ${total.toFixed(0)} ms (slowest ${slowest.toFixed(1)} ms: ${slowestName}), ${messages.size} distinct messages`,
    );
  });

  it('reads a file that is a view into a larger buffer', () => {
    const file = sampleFile();
    const big = new Uint8Array(file.length + 13);
    big.set(file, 5);
    const back = decodeSnapshotFile(big.subarray(5, 5 + file.length));
    assert.deepEqual([...back.keys()], ['machine', 'hart0', 'ram', 'empty']);
  });

  it('stops at the end of a deflate stream (fflate internals recognized), however much follows', () => {
    const inflater = new Inflate(() => undefined);
    const stream = deflateSync(new Uint8Array(1000).fill(7));
    inflater.push(concat(stream, new Uint8Array(3)), true);
    assert.deepEqual(deflateStreamEnd(inflater), { done: true, trailing: 3 });
    // 8 MiB after a finished stream: refused after the first step, not re-copied step by step.
    const data = noise(2000, 1).map((v) => v & 3);
    const file = encodeSnapshotFile([{ name: 'ram', data }]);
    assert.equal(methodOf(file, 0), SNAPSHOT_METHOD_DEFLATE);
    const e = SNAPSHOT_HEADER_SIZE;
    const dv = new DataView(file.buffer);
    const off = Number(dv.getBigUint64(e, true));
    const forged = concat(file, new Uint8Array(8 << 20));
    const fdv = new DataView(forged.buffer);
    fdv.setBigUint64(e + 8, BigInt(forged.length - off), true);
    fdv.setUint32(e + 24, crc32(forged.subarray(off)), true);
    resealHeader(forged);
    const t0 = performance.now();
    assert.match(failure(() => decodeSnapshotFile(forged)), /ends 8388608 bytes before the end of the section$/);
    assert.ok(performance.now() - t0 < 1000);
  });

  it('rejects a non-array input and bad limits with SnapshotFileError', () => {
    failure(() => decodeSnapshotFile('HYSTSNAP' as unknown as Uint8Array));
    failure(() => decodeSnapshotFile(sampleFile(), { maxSections: Number.NaN }));
  });
});
