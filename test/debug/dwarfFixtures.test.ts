/**
 * DWARF reader tests on test/fixtures/dwarf/types_dw{5,4}.elf (bit-fields in both
 * DWARF 5 data_bit_offset and DWARF 4 big-endian-numbered bit_offset form, recursive
 * structs, multi-dimensional arrays, function pointers, lexical-block shadowing) and on
 * malformed input: truncated or garbage sections must give warnings, never exceptions.
 */

import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { parseElf } from '../../emulator/loader/elf';
import { DebugInfo } from '../../emulator/debug/dwarf/index';
import type { Sections } from '../../emulator/debug/dwarf/info';
import type { DType } from '../../emulator/debug/model';

const ROOT = join(__dirname, '..', '..');

function load(rel: string): { di: DebugInfo; image: ReturnType<typeof parseElf> } {
  const bytes = new Uint8Array(readFileSync(join(ROOT, rel)));
  const image = parseElf(bytes);
  return { di: DebugInfo.fromElf(image, bytes), image };
}

function struct(t: DType | undefined): Extract<DType, { kind: 'struct' | 'union' }> {
  assert.ok(t && (t.kind === 'struct' || t.kind === 'union'), t?.name);
  return t;
}

for (const variant of ['types_dw5', 'types_dw4']) {
  describe(`DWARF reader: fixtures/dwarf/${variant}.elf`, () => {
    const { di, image } = load(`test/fixtures/dwarf/${variant}.elf`);

    it('parses without warnings', () => {
      assert.deepEqual(di.warnings, []);
      assert.deepEqual(di.files(), ['./types.c', './inl.h']);
    });

    it('converts bit-fields to little-endian bit offsets (struct bits)', () => {
      const bits = struct(di.typeByName('struct bits'));
      assert.equal(bits.size, 24);
      assert.deepEqual(bits.members.map((m) => [m.name, m.offset, m.bitOffset, m.bitSize, m.type.name]), [
        ['a', 0, 0, 3, 'unsigned int'],
        ['b', 0, 3, 5, 'unsigned int'],
        ['c', 0, 8, 7, 'int'],
        ['w', 8, undefined, undefined, 'long long unsigned int'],
        ['d', 16, 0, 20, 'unsigned int'],
      ]);
    });

    it('builds recursive, array, function and qualified types', () => {
      const node = struct(di.typeByName('struct node'));
      const next = node.members[1].type;
      assert.ok(next.kind === 'pointer' && next.target === node && next.name === 'struct node *');
      const matrix = di.globalByName('matrix')!.type;
      assert.ok(matrix.kind === 'array' && matrix.count === 3 && matrix.size === 48 && matrix.name === 'int [3][4]');
      assert.ok(matrix.element.kind === 'array' && matrix.element.count === 4 && matrix.element.size === 16 && matrix.element.element.name === 'int');
      const fp = di.globalByName('fp')!.type;
      assert.ok(fp.kind === 'pointer' && fp.target.kind === 'function' && fp.target.returns.name === 'int');
      assert.equal(fp.name, 'int (*)(int, int)');
      const flag = di.globalByName('flag')!.type;
      assert.ok(flag.kind === 'base' && flag.encoding === 'boolean' && flag.size === 1);
      const big = di.globalByName('big')!.type;
      assert.ok(big.kind === 'base' && big.encoding === 'signed' && big.size === 8 && big.name === 'long long int');
      const counter = di.globalByName('counter')!;
      assert.ok(counter.type.kind === 'qualified' && counter.type.qualifier === 'volatile' && counter.type.size === 4);
      const names = di.globalByName('names')!.type;
      assert.equal(names.size, 16);
      const un = struct(di.typeByName('union u'));
      assert.deepEqual(un.members.map((m) => [m.name, m.offset, m.type.name]), [['i', 0, 'int'], ['f', 0, 'float'], ['bytes', 0, 'char [4]']]);
      const sign = di.typeByName('enum sign');
      assert.ok(sign?.kind === 'enum' && sign.signed);
      assert.deepEqual(sign.values.map((v) => [v.name, v.value]), [['NEG', -1n], ['ZERO', 0n], ['POS', 5n]]);
      const vp = di.typeByName('void *');
      assert.ok(vp?.kind === 'pointer' && vp.target.kind === 'void');
      assert.deepEqual(di.globalByName('bf')!.location.kind, 'expr');
      assert.equal(di.globalByName('counter')!.kind, 'global');
      assert.ok(di.globals().some((v) => v.name === 'sg'));
      assert.equal(BigInt(image.symbolByName('bf')!.value), 0x80001220n);
    });

    it('shadows an outer local with an inner block local of the same name', () => {
      const loop = di.functionsByName('loop')[0];
      const inner = di.breakpointLocations('./types.c', 37)!; // int total = 99;
      assert.equal(inner.line, 37);
      const vars = di.localsAt(inner.addresses[0]);
      assert.deepEqual(vars.map((v) => [v.kind, v.name, v.declLine]), [['param', 'n', 29], ['local', 'total', 37]]);
      const outer = di.localsAt(loop.bodyPc);
      assert.deepEqual(outer.map((v) => [v.name, v.declLine]), [['n', 29], ['total', 31]]);
    });

    it('sees the static inline function from the header', () => {
      const triple = di.functionsByName('triple')[0];
      assert.equal(triple.lowPc, 0x80000000n);
      assert.equal(triple.file, './inl.h');
      assert.equal(di.lineAt(0x8000000cn)?.file, './inl.h');
      assert.equal(di.lineAt(0x8000000cn)?.line, 4);
      assert.equal(di.matchFile('/tmp/x/inl.h'), './inl.h');
    });
  });
}

describe('DWARF reader: malformed input', () => {
  const bytes = new Uint8Array(readFileSync(join(ROOT, 'guests/debug/build/prog_o0.elf')));
  const image = parseElf(bytes);
  const sec = (name: string): Uint8Array => image.sectionData(name)!;
  const good = (): Sections => ({
    info: sec('.debug_info'), abbrev: sec('.debug_abbrev'), line: sec('.debug_line'), lineStr: sec('.debug_line_str'),
    str: sec('.debug_str'), frame: sec('.debug_frame'), ehFrameAddr: 0n,
  });

  it('exposes section headers on ElfImage', () => {
    const info = image.sections.find((s) => s.name === '.debug_info');
    assert.ok(info && info.size > 0 && info.addr === 0);
    assert.equal(sec('.debug_info').length, info.size);
    assert.equal(image.sectionData('.bss'), undefined); // SHT_NOBITS
    assert.equal(image.sectionData('.nope'), undefined);
    assert.ok(image.sections.some((s) => s.name === '.text' && (s.flags & 4) !== 0));
  });

  it('an ELF without debug info gives an empty DebugInfo', () => {
    const b = new Uint8Array(readFileSync(join(ROOT, 'guests/exit/build/finisher_pass.elf')));
    const di = DebugInfo.fromElf(parseElf(b), b);
    assert.deepEqual(di.files(), []);
    assert.equal(di.lineAt(0x80000000n), undefined);
    assert.equal(di.functionAt(0x80000000n), undefined);
    assert.deepEqual(di.globals(), []);
    assert.deepEqual(di.localsAt(0x80000000n), []);
    assert.equal(di.typeByName('struct point'), undefined);
    assert.equal(di.typeByName('int')?.size, 4); // built-in fallback
  });

  it('truncated .debug_info: warnings, and the intact units survive', () => {
    const s = good();
    s.info = s.info!.subarray(0, Math.floor(s.info!.length * 0.6));
    const di = DebugInfo.fromSections(s);
    assert.ok(di.warnings.length > 0);
    assert.ok(di.warnings.every((w) => !w.includes('\n')));
    assert.equal(di.functionsByName('add').length, 1); // the first unit (prog.c) is complete
    assert.equal(di.lineAt(0x80000092n)?.line, 40);
  });

  it('garbage .debug_info / .debug_abbrev / .debug_line / .debug_frame never throw', () => {
    let seed = 12345;
    const rnd = (): number => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed & 0xff; };
    const garbage = (n: number): Uint8Array => Uint8Array.from({ length: n }, rnd);
    const corrupt = (src: Uint8Array, every: number): Uint8Array => {
      const c = src.slice();
      for (let i = 8; i < c.length; i += every) c[i] = rnd();
      return c;
    };
    for (let round = 0; round < 40; round++) {
      const s = good();
      if (round % 4 === 0) s.info = garbage(200 + round);
      if (round % 4 === 1) s.abbrev = corrupt(s.abbrev!, 7 + round);
      if (round % 4 === 2) s.line = corrupt(s.line!, 5 + round);
      if (round % 4 === 3) { s.info = corrupt(s.info!, 11 + round); s.frame = corrupt(s.frame!, 3 + round); }
      const di = DebugInfo.fromSections(s);
      // Exercise every query on whatever survived.
      di.files();
      di.lineAt(0x80000092n);
      di.breakpointLocations('./debug/prog.c', 40);
      di.lineRanges(0x80000092n);
      const frame = {
        readReg: () => 0x1000n, writeReg: () => false, readMemory: (_a: bigint, n: number) => new Uint8Array(n),
        writeMemory: () => false, cfa: () => undefined, pc: () => 0x80000092n,
      };
      for (const v of [...di.globals(), ...di.localsAt(0x8000013cn)]) di.locate(v, undefined, frame);
      di.typeByName('struct shape');
      di.unwind(0x80000092n, frame);
    }
  });

  it('a line program with a bad version is skipped with a warning', () => {
    const s = good();
    const line = s.line!.slice();
    line[4] = 9; // version field of the first program
    s.line = line;
    const di = DebugInfo.fromSections(s);
    assert.ok(di.warnings.some((w) => w.includes('.debug_line') && w.includes('version 9')), di.warnings.join('|'));
    assert.equal(di.lineAt(0x80000092n), undefined);
  });
});
