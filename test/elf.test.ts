/**
 * Tests for the ELF loader (emulator/loader/elf.ts): the committed base program
 * test/fixtures/elf/valid.elf, hand-built edge cases, and the generated corpus of
 * corrupted / unusual ELFs listed in test/fixtures/elf/corpus.json
 * (regenerate with `node scripts/makeElfCorpus.mjs`).
 */
import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { ElfError, ElfImage, MemoryRegion, PF_R, PF_W, PF_X, checkLoadable, parseElf } from '../emulator/loader/elf';

const dir = join(__dirname, 'fixtures/elf');
const load = (file: string): Uint8Array => new Uint8Array(readFileSync(join(dir, file)));
const RAM: MemoryRegion = { base: 0x80000000, size: 128 * 1024 * 1024, name: 'RAM' };

interface Checks { entry: string; segments: number; hasSymbols: boolean; warnings: number }
interface CorpusEntry {
  file: string; kind: string; expect: 'ok' | 'error';
  stage?: 'parse' | 'load'; match?: string; checks?: Checks;
}
interface Corpus { ram: { base: string; size: string; name: string }; files: CorpusEntry[] }

/** Run parse + placement check; return the ElfError (with the stage) or the image. */
function attempt(bytes: Uint8Array): { image?: ElfImage; error?: ElfError; stage?: 'parse' | 'load' } {
  let image: ElfImage;
  try {
    image = parseElf(bytes);
  } catch (e) {
    if (!(e instanceof ElfError)) throw new Error(`parseElf threw a non-ElfError: ${String(e)}`);
    return { error: e, stage: 'parse' };
  }
  try {
    checkLoadable(image, [RAM]);
  } catch (e) {
    if (!(e instanceof ElfError)) throw new Error(`checkLoadable threw a non-ElfError: ${String(e)}`);
    return { image, error: e, stage: 'load' };
  }
  return { image };
}

function expectError(bytes: Uint8Array, match: RegExp, stage: 'parse' | 'load' = 'parse'): void {
  const r = attempt(bytes);
  assert.ok(r.error, `expected an ElfError matching ${match}`);
  assert.equal(r.stage, stage, r.error.message);
  assert.match(r.error.message, match);
}

describe('loader/elf', () => {
  const valid = load('valid.elf');

  it('parses the base program', () => {
    const img = parseElf(valid);
    assert.equal(img.entry, 0x80000000);
    assert.equal(img.flags & 1, 1, 'RVC flag');
    assert.deepEqual(img.warnings, []);
    assert.equal(img.segments.length, 2);
    const [text, data] = img.segments;
    assert.equal(text.index, 1);
    assert.equal(text.vaddr, 0x80000000);
    assert.equal(text.paddr, 0x80000000);
    assert.equal(text.flags, PF_R | PF_X);
    assert.equal(text.data.length, text.memSize);
    assert.equal(data.flags, PF_R | PF_W);
    assert.ok(data.data.length < data.memSize, 'data segment has zero-filled bss');
    assert.equal(data.data.length, 8);
    // .data holds the little-endian dword 41 (counter).
    assert.equal(new DataView(data.data.buffer, data.data.byteOffset).getUint32(0, true), 41);
    checkLoadable(img, [RAM]);
  });

  it('reads the symbol table', () => {
    const img = parseElf(valid);
    const start = img.symbolByName('_start');
    assert.ok(start);
    assert.equal(start.value, 0x80000000);
    assert.equal(start.type, 2); // STT_FUNC
    assert.equal(start.bind, 1); // STB_GLOBAL
    const puts = img.symbolByName('puts');
    assert.ok(puts && puts.size > 0);
    assert.equal(img.symbolByName('counter')?.size, 8);
    assert.equal(img.symbolByName('message')?.type, 1); // STT_OBJECT, local
    assert.equal(img.symbolByName('UART_BASE')?.value, 0x10000000);
    assert.equal(img.symbolByName('nope'), undefined);
    // Address lookup: sized symbols cover their range, mapping symbols ($x...) are ignored.
    assert.equal(img.symbolAt(0x80000000)?.name, '_start');
    assert.equal(img.symbolAt(0x80000004)?.name, '_start');
    assert.equal(img.symbolAt(puts.value + puts.size - 2)?.name, 'puts');
    assert.equal(img.symbolAt(img.symbolByName('counter')!.value + 4)?.name, 'counter');
    assert.equal(img.symbolAt(0x80000090 + 100)?.name, 'stack');
    assert.equal(img.symbolAt(0x7ffffffe), undefined);
    assert.equal(img.symbolAt(0), undefined);
    assert.ok(img.symbols.every((s) => s.name.length > 0));
  });

  it('loads a stripped program without symbols', () => {
    const img = parseElf(load('valid-stripped.elf'));
    assert.equal(img.entry, 0x80000000);
    assert.equal(img.symbols.length, 0);
    assert.equal(img.symbolAt(0x80000000), undefined);
  });

  it('accepts a subarray view with a non-zero byteOffset', () => {
    const padded = new Uint8Array(valid.length + 13);
    padded.set(valid, 5);
    const img = parseElf(padded.subarray(5, 5 + valid.length));
    assert.equal(img.entry, 0x80000000);
    assert.equal(img.symbolByName('puts')?.value, parseElf(valid).symbolByName('puts')?.value);
  });

  it('reports placement errors with regions and indices', () => {
    const img = parseElf(valid);
    assert.throws(() => checkLoadable(img, [{ base: 0x80000000, size: 0x40, name: 'RAM' }]),
      (e: unknown) => e instanceof ElfError && /^segment 1 \[0x80000000-0x80000072\) lies partly outside RAM \[0x80000000-0x80000040\)$/.test(e.message));
    assert.throws(() => checkLoadable(img, [{ base: 0x1000, size: 0x1000, name: 'ROM' }, { base: 0x2000, size: 0x10, name: 'SRAM' }]),
      (e: unknown) => e instanceof ElfError && /lies outside ROM \[0x1000-0x2000\), SRAM \[0x2000-0x2010\)$/.test(e.message));
    assert.throws(() => checkLoadable(img, []), ElfError);
    // Two regions, each segment in a different one, is fine.
    checkLoadable(img, [{ base: 0x80000000, size: 0x80, name: 'A' }, { base: 0x80000080, size: 0x2000, name: 'B' }]);
  });

  it('rejects non-Uint8Array input with ElfError', () => {
    assert.throws(() => parseElf(undefined as unknown as Uint8Array), ElfError);
    assert.throws(() => parseElf([0x7f, 0x45] as unknown as Uint8Array), ElfError);
  });

  it('gives the documented messages for common mistakes', () => {
    const b = valid.slice();
    b[4] = 1;
    expectError(b, /^ELF32 is not supported \(need ELF64\)$/);
    const x = valid.slice();
    x[18] = 62; x[19] = 0;
    expectError(x, /^wrong machine: x86-64 \(need RISC-V\)$/);
    expectError(valid.slice(0, 100), /^truncated: section header table ends at 0x[0-9a-f]+, file is 0x64 bytes$/);
    expectError(new Uint8Array([1, 2, 3, 4, 5]), /^not an ELF file \(bad magic\)$/);
  });

  describe('corpus', () => {
    const corpus = JSON.parse(readFileSync(join(dir, 'corpus.json'), 'utf8')) as Corpus;
    const ram: MemoryRegion = { base: Number(corpus.ram.base), size: Number(corpus.ram.size), name: corpus.ram.name };

    it('matches the RAM region used by the tests', () => {
      assert.deepEqual(ram, RAM);
      const nErr = corpus.files.filter((f) => f.expect === 'error').length;
      const nOk = corpus.files.length - nErr;
      console.log(`      ELF corpus: ${corpus.files.length} files (${nErr} must be rejected, ${nOk} must load)`);
      assert.ok(nErr >= 60);
    });

    it('never crashes and classifies every file as the manifest says', () => {
      const failures: string[] = [];
      for (const entry of corpus.files) {
        const bytes = load(entry.file);
        let r: ReturnType<typeof attempt>;
        try {
          r = attempt(bytes);
        } catch (e) {
          failures.push(`${entry.file}: CRASH ${String(e)}`);
          continue;
        }
        if (r.error) {
          const msg = r.error.message;
          if (msg.includes('\n') || msg.length === 0) failures.push(`${entry.file}: message is not one line: ${JSON.stringify(msg)}`);
          if (entry.expect === 'ok') {
            failures.push(`${entry.file}: expected to load, got ${r.stage} error: ${msg}`);
          } else if (r.stage !== entry.stage) {
            failures.push(`${entry.file}: expected ${entry.stage} error, got ${r.stage} error: ${msg}`);
          } else if (entry.match && !new RegExp(entry.match).test(msg)) {
            failures.push(`${entry.file}: message ${JSON.stringify(msg)} does not match /${entry.match}/`);
          }
          continue;
        }
        if (entry.expect === 'error') {
          failures.push(`${entry.file}: expected ${entry.stage} error /${entry.match}/, but it loaded`);
          continue;
        }
        const img = r.image!;
        const c = entry.checks;
        if (c) {
          const entryWant = Number(BigInt.asIntN(64, BigInt(c.entry)));
          if (img.entry !== entryWant) failures.push(`${entry.file}: entry ${img.entry} != ${entryWant}`);
          if (img.segments.length !== c.segments) failures.push(`${entry.file}: ${img.segments.length} segments != ${c.segments}`);
          if ((img.symbols.length > 0) !== c.hasSymbols) failures.push(`${entry.file}: hasSymbols != ${c.hasSymbols}`);
          if (img.warnings.length !== c.warnings) failures.push(`${entry.file}: warnings ${JSON.stringify(img.warnings)}`);
        }
        for (const s of img.segments) {
          if (s.data.length > s.memSize) failures.push(`${entry.file}: segment ${s.index} data longer than memSize`);
        }
      }
      assert.deepEqual(failures, []);
    });

    it('survives single-byte corruption of every header byte', () => {
      // Not in the manifest (outcome varies): only "ElfError or success, never a crash".
      const hdrEnd = 64 + 3 * 56;
      for (let off = 0; off < hdrEnd; off++) {
        for (const v of [0x00, 0xff, 0x80, valid[off] ^ 0x01]) {
          const b = valid.slice();
          b[off] = v;
          const r = attempt(b);
          if (r.error) assert.ok(!r.error.message.includes('\n'));
        }
      }
    });

    it('survives seeded random mutations (ElfError or success only)', () => {
      let seed = 0x5eed;
      const rnd = (n: number): number => {
        seed = (seed + 0x6d2b79f5) >>> 0;
        let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * n | 0;
      };
      for (let it = 0; it < 3000; it++) {
        const b = valid.slice();
        for (let k = rnd(6) + 1; k > 0; k--) b[rnd(b.length)] = rnd(256);
        const r = attempt(rnd(10) === 0 ? b.subarray(0, rnd(b.length)) : b);
        if (r.error) assert.ok(!r.error.message.includes('\n'));
      }
    });
  });

  it('handles the high-half kernel layout as signed addresses', () => {
    const corpus = JSON.parse(readFileSync(join(dir, 'corpus.json'), 'utf8')) as Corpus;
    const entry = corpus.files.find((f) => f.kind === 'high-half-vaddr');
    assert.ok(entry);
    const img = parseElf(load(entry.file));
    assert.equal(img.entry, -0x80000000);
    assert.equal(img.segments[0].vaddr, -0x80000000);
    assert.equal(img.segments[0].paddr, 0x80000000);
  });

  it('labels of the upper half never cover low addresses (a kernel at 0xffffffff80200000)', () => {
    const img = parseElf(new Uint8Array(readFileSync(join(__dirname, '..', 'guests', 'compare', 'build', 'kernel-native.elf'))));
    const end = img.symbolByName('__image_end');
    assert.ok(end !== undefined && end.value < 0, 'a label in the upper half');
    assert.equal(img.symbolAt(0x1000), undefined, 'the boot ROM is not __image_end+...');
    assert.equal(img.symbolAt(end.value + 16)?.name, '__image_end');
    assert.ok(img.symbolAt(img.entry) !== undefined);
  });
});
