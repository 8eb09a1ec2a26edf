/**
 * Tests of the assembler's ELF/DWARF back end (emulator/asm/elfWriter.ts): the output is
 * read back with our loader (parseElf) and DWARF reader (DebugInfo: address <-> line, source
 * breakpoints), checked for determinism and input validation, and, when installed, fed to
 * binutils readelf/objdump and gdb-multiarch, which must accept it without warnings.
 */

import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { writeElf, type ElfWriteInput, type LineRow } from '../../emulator/asm/elfWriter';
import type { LinkedSection } from '../../emulator/asm/types';
import { DebugInfo } from '../../emulator/debug/dwarf/index';
import { PF_R, PF_W, PF_X, parseElf } from '../../emulator/loader/elf';
import { haveTool } from '../helpers/objdump';

const READELF = 'riscv64-unknown-elf-readelf';
const OBJDUMP = 'riscv64-unknown-elf-objdump';
const GDB = 'gdb-multiarch';
const SHN_ABS = 0xfff1;
const STT_OBJECT = 1;
const STT_FUNC = 2;
const STB_GLOBAL = 1;

// RV64 encodings (emulator/isa/rv64i.ts field layout).
const ADDI_A0_ZERO_1 = 0x00100513; // addi a0, zero, 1
const LUI_A1_0X12345 = 0x123455b7; // lui a1, 0x12345
const ADDIW_A1_A1_0X678 = 0x6785859b; // addiw a1, a1, 0x678
const ADDI_A7_ZERO_93 = 0x05d00893; // addi a7, zero, 93
const ECALL = 0x00000073;
const NOP = 0x00000013; // addi zero, zero, 0
const RET = 0x00008067; // jalr zero, 0(ra)

function words(...w: number[]): Uint8Array {
  const b = new Uint8Array(w.length * 4);
  const dv = new DataView(b.buffer);
  w.forEach((x, i) => dv.setUint32(i * 4, x >>> 0, true));
  return b;
}

function progbits(name: string, addr: bigint, data: Uint8Array, exec: boolean, align = 4): LinkedSection {
  return { name, addr, data, size: data.length, nobits: false, write: !exec, exec, align };
}

const TEXT = 0x80000000n;
const DATA = 0x80001000n;
const BSS = 0x80001010n;

/** .text: 4 statements (li expands to 2 words), then 0x40 nops on one line, then a far row. */
function textRows(): LineRow[] {
  return [
    { addr: TEXT, line: 4 }, // addi a0, zero, 1
    { addr: TEXT + 4n, line: 5 }, // li a1, 0x12345678 (lui + addiw)
    { addr: TEXT + 12n, line: 7 }, // li a7, 93
    { addr: TEXT + 16n, line: 8 }, // ecall
    { addr: TEXT + 20n, line: 30 }, // .rept 0x40; nop
    { addr: TEXT + 20n + 0x100n, line: 31 }, // (delta 0x100: DW_LNS_advance_pc)
    { addr: TEXT + 24n + 0x100n, line: 2 }, // (negative line delta)
  ];
}

function textBytes(): Uint8Array {
  const nops = new Array<number>(0x40).fill(NOP);
  return words(ADDI_A0_ZERO_1, LUI_A1_0X12345, ADDIW_A1_A1_0X678, ADDI_A7_ZERO_93, ECALL, ...nops, NOP, NOP, NOP);
}

function sample(opts: { compDir?: string; file?: string; oneSequence?: boolean; debug?: boolean } = {}): ElfWriteInput {
  const text = textBytes();
  const tailAddr = TEXT + BigInt(text.length) + 0x10n; // a hole of 16 bytes before .text.tail
  const tail = words(NOP, NOP, NOP, NOP, NOP, RET);
  const sections: LinkedSection[] = [
    progbits('.text', TEXT, text, true),
    progbits('.text.tail', tailAddr, tail, true),
    progbits('.data', DATA, words(5, 6, 7, 8), false, 8),
    { name: '.bss', addr: BSS, data: new Uint8Array(0), size: 0x40, nobits: true, write: true, exec: false, align: 8 },
  ];
  const rows = textRows();
  const tailRows: LineRow[] = [
    { addr: tailAddr, line: 40 },
    { addr: tailAddr + 4n, line: 41 },
    { addr: tailAddr + 4n + 16n, line: 60 }, // delta 16 with line +19: advance_line + special
  ];
  const input: ElfWriteInput = {
    entry: TEXT,
    sections,
    symbols: [
      { name: 'counter', value: DATA, size: 16n, section: '.data', global: false, type: 'object' },
      { name: 'buf', value: BSS, section: '.bss', global: false },
      { name: 'SYS_EXIT', value: 93n, section: null, global: false },
      { name: 'MINUS', value: -1n, section: null, global: false },
      { name: '_start', value: TEXT, section: '.text', global: true, type: 'func' },
      { name: 'tail', value: tailAddr, section: '.text.tail', global: true },
    ],
  };
  if (opts.debug !== false) {
    input.debug = {
      file: opts.file ?? 'hello.s',
      compDir: opts.compDir ?? '/work/proj',
      producer: 'HyperStep assembler 0.1.0',
      sequences: [{ section: '.text', start: TEXT, end: TEXT + BigInt(text.length), rows }],
    };
    if (!opts.oneSequence) {
      input.debug.sequences.push({ section: '.text.tail', start: tailAddr, end: tailAddr + BigInt(tail.length), rows: tailRows });
    }
  }
  return input;
}

function allRows(input: ElfWriteInput): { addr: bigint; line: number; end: bigint }[] {
  const out: { addr: bigint; line: number; end: bigint }[] = [];
  for (const seq of input.debug?.sequences ?? []) {
    seq.rows.forEach((r, i) => out.push({ ...r, end: i + 1 < seq.rows.length ? seq.rows[i + 1].addr : seq.end }));
  }
  return out;
}

function load(bytes: Uint8Array): { image: ReturnType<typeof parseElf>; di: DebugInfo } {
  const image = parseElf(bytes);
  return { image, di: DebugInfo.fromElf(image, bytes) };
}

describe('asm/elfWriter: ELF image', () => {
  const input = sample();
  const bytes = writeElf(input);
  const { image } = load(bytes);

  it('is an ELF64 RISC-V executable with ld-like header fields', () => {
    const dv = new DataView(bytes.buffer, bytes.byteOffset);
    assert.deepEqual([...bytes.subarray(0, 7)], [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
    assert.equal(dv.getUint16(16, true), 2); // ET_EXEC
    assert.equal(dv.getUint16(18, true), 243); // EM_RISCV
    assert.equal(image.flags, 0x5);
    assert.equal(image.entry, Number(TEXT));
    assert.deepEqual(image.warnings, []);
  });

  it('loads code and data+bss as two PT_LOAD segments', () => {
    const segs = image.segments.map((s) => ({ vaddr: s.vaddr, memSize: s.memSize, fileSize: s.data.length, flags: s.flags }));
    const text = input.sections[0];
    const tail = input.sections[1];
    const codeSize = Number(tail.addr - text.addr) + tail.size;
    assert.deepEqual(segs, [
      { vaddr: Number(TEXT), memSize: codeSize, fileSize: codeSize, flags: PF_R | PF_X },
      { vaddr: Number(DATA), memSize: 0x50, fileSize: 0x10, flags: PF_R | PF_W },
    ]);
    const code = image.segments[0].data;
    assert.deepEqual(code.subarray(0, text.size), text.data);
    assert.deepEqual([...code.subarray(text.size, text.size + 16)], new Array(16).fill(0)); // hole
    assert.deepEqual(code.subarray(codeSize - tail.size), tail.data);
    assert.deepEqual(image.segments[1].data, input.sections[2].data);
    for (const s of image.segments) {
      const h = image.sections?.find((x) => x.addr === s.vaddr);
      assert.ok(h);
      assert.equal(h.offset % 0x1000, s.vaddr % 0x1000, 'p_offset = p_vaddr mod page');
    }
  });

  it('writes the symbol table: file, locals, then globals', () => {
    const byName = (n: string) => image.symbolByName(n);
    const start = byName('_start');
    assert.ok(start);
    assert.equal(start.value, Number(TEXT));
    assert.equal(start.type, STT_FUNC);
    assert.equal(start.bind, STB_GLOBAL);
    assert.equal(byName('counter')?.type, STT_OBJECT);
    assert.equal(byName('counter')?.size, 16);
    assert.equal(byName('SYS_EXIT')?.shndx, SHN_ABS);
    assert.equal(byName('SYS_EXIT')?.value, 93);
    assert.equal(byName('MINUS')?.value, -1);
    assert.equal(byName('hello.s')?.type, 4); // STT_FILE
    const bss = image.sections?.findIndex((s) => s.name === '.bss');
    assert.equal(byName('buf')?.shndx, bss);
    assert.equal(image.symbolAt(Number(TEXT) + 8)?.name, '_start');
    const names = image.symbols.map((s) => s.name);
    assert.deepEqual(names, ['hello.s', 'counter', 'buf', 'SYS_EXIT', 'MINUS', '_start', 'tail']);
  });

  it('names its sections like ld', () => {
    assert.deepEqual(image.sections?.map((s) => s.name), [
      '', '.text', '.text.tail', '.data', '.bss', '.riscv.attributes', '.debug_aranges', '.debug_info',
      '.debug_abbrev', '.debug_line', '.debug_str', '.debug_line_str', '.debug_rnglists', '.symtab', '.strtab', '.shstrtab',
    ]);
  });

  it('is deterministic', () => {
    assert.deepEqual(writeElf(sample()), bytes);
  });

  it('omits debug sections and the file symbol without debug input', () => {
    const img = parseElf(writeElf(sample({ debug: false })));
    assert.ok(!img.sections?.some((s) => s.name.startsWith('.debug')));
    assert.equal(img.symbolByName('hello.s'), undefined);
    assert.equal(img.symbolByName('tail')?.value, Number(input.sections[1].addr));
  });

  it('drops empty sections unless a symbol is in them', () => {
    const inp = sample({ debug: false });
    const end = DATA + 0x10n;
    inp.sections.splice(3, 0, progbits('.sdata', end, new Uint8Array(0), false), progbits('.rodata', end, new Uint8Array(0), false));
    inp.symbols.push({ name: 'sdata_start', value: end, section: '.sdata', global: false });
    const img = parseElf(writeElf(inp));
    const names = img.sections?.map((s) => s.name) ?? [];
    assert.ok(names.includes('.sdata'));
    assert.ok(!names.includes('.rodata'));
    assert.equal(img.symbolByName('sdata_start')?.shndx, names.indexOf('.sdata'));
  });
});

describe('asm/elfWriter: DWARF read back by the debugger', () => {
  for (const variant of ['two sequences (DW_AT_ranges)', 'one sequence (low_pc/high_pc)']) {
    const input = sample({ oneSequence: variant.startsWith('one') });
    const { di } = load(writeElf(input));
    const path = '/work/proj/hello.s';

    it(`${variant}: parses without warnings`, () => {
      assert.deepEqual(di.warnings, []);
      assert.deepEqual(di.files(), [path]);
      assert.equal(di.matchFile('C:\\Users\\me\\proj\\hello.s'), path);
    });

    it(`${variant}: every row maps address -> line and line -> address`, () => {
      for (const r of allRows(input)) {
        for (const pc of [r.addr, r.end - 1n]) {
          const at = di.lineAt(pc);
          assert.ok(at, `lineAt(0x${pc.toString(16)})`);
          assert.deepEqual({ file: at.file, line: at.line, address: at.address }, { file: path, line: r.line, address: r.addr });
        }
        assert.ok(di.isStatement(r.addr));
        const bp = di.breakpointLocations(path, r.line);
        assert.deepEqual(bp, { line: r.line, addresses: [r.addr] }, `breakpoint on line ${r.line}`);
        assert.deepEqual(di.lineRanges(r.addr), [{ lo: r.addr, hi: r.end }]);
      }
    });

    it(`${variant}: a breakpoint between statements moves to the next line with code`, () => {
      assert.deepEqual(di.breakpointLocations(path, 6), { line: 7, addresses: [TEXT + 12n] });
      assert.deepEqual(di.breakpointLocations(path, 1), { line: 2, addresses: [TEXT + 24n + 0x100n] });
    });

    it(`${variant}: no line outside the sequences`, () => {
      const seqs = input.debug?.sequences ?? [];
      assert.equal(di.lineAt(TEXT - 4n), undefined);
      assert.equal(di.lineAt(seqs[seqs.length - 1].end), undefined);
    });
  }

  it('records file names relative to the compilation directory like gas', () => {
    const cases: [string, string, string][] = [
      ['src/hello.s', '/work/proj', '/work/proj/src/hello.s'],
      ['/abs/hello.s', '/work/proj', '/abs/hello.s'],
      ['hello.s', '', 'hello.s'],
    ];
    for (const [file, compDir, want] of cases) {
      const { di } = load(writeElf(sample({ file, compDir })));
      assert.deepEqual(di.warnings, []);
      assert.deepEqual(di.files(), [want]);
      assert.deepEqual(di.breakpointLocations(want, 5), { line: 5, addresses: [TEXT + 4n] });
    }
  });
});

describe('asm/elfWriter: input validation', () => {
  const throwsLike = (mutate: (i: ElfWriteInput) => void, re: RegExp): void => {
    const inp = sample();
    mutate(inp);
    assert.throws(() => writeElf(inp), (e: unknown) => e instanceof Error && re.test(e.message) && !e.message.includes('\n'));
  };

  it('rejects overlapping sections', () => {
    throwsLike((i) => { i.sections[2] = progbits('.data', TEXT + 8n, words(1), false); }, /sections "\.text" .* and "\.data" .* overlap/);
  });

  it('rejects a symbol in an unknown section', () => {
    throwsLike((i) => { i.symbols.push({ name: 'x', value: 0n, section: '.nope', global: false }); }, /symbol "x" names unknown section "\.nope"/);
  });

  it('rejects malformed sections and symbols', () => {
    throwsLike((i) => { i.sections[3] = { ...i.sections[3], data: new Uint8Array(4) }; }, /NOBITS section "\.bss" has 4 data bytes/);
    throwsLike((i) => { i.sections[2] = { ...i.sections[2], size: 99 }; }, /section "\.data" has size 99 but 16 data bytes/);
    throwsLike((i) => { i.sections[2] = { ...i.sections[2], addr: DATA + 4n }; }, /not 8-byte aligned/);
    throwsLike((i) => { i.sections[2] = { ...i.sections[2], align: 3 }; }, /alignment 3, not a power of two/);
    throwsLike((i) => { i.sections.push({ ...i.sections[2], addr: 0x90000000n }); }, /duplicate section "\.data"/);
    throwsLike((i) => { i.sections.push(progbits('.symtab', 0x90000000n, words(1), false)); }, /created by the writer/);
    throwsLike((i) => { i.symbols.push({ name: '_start', value: 0n, section: null, global: true }); }, /global symbol "_start" is defined twice/);
    throwsLike((i) => { i.symbols.push({ name: '', value: 0n, section: null, global: false }); }, /bad symbol name/);
    throwsLike((i) => { i.entry = -4n; }, /bad entry point/);
  });

  it('rejects debug line sequences that do not fit the sections', () => {
    const seq0 = (i: ElfWriteInput) => { const s = i.debug?.sequences[0]; assert.ok(s); return s; };
    throwsLike((i) => { seq0(i).section = '.data'; }, /section "\.data": section is not executable/);
    throwsLike((i) => { seq0(i).section = '.nope'; }, /section "\.nope": no such section/);
    throwsLike((i) => { seq0(i).end += 0x1000n; }, /is not inside the section/);
    throwsLike((i) => { seq0(i).rows.reverse(); }, /out of address order/);
    throwsLike((i) => { seq0(i).rows[0].line = 0; }, /bad line number 0/);
    throwsLike((i) => { if (i.debug) i.debug.file = ''; }, /empty source file name/);
  });
});

/** Run a tool; returns stdout+stderr (the tool must exit 0). */
function run(tool: string, args: string[]): string {
  const r = spawnSync(tool, args, { encoding: 'utf8', maxBuffer: 64 << 20, timeout: 60000 });
  assert.equal(r.status, 0, `${tool} ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout + r.stderr;
}

describe('asm/elfWriter: GNU tools accept the output', function () {
  let dir = '';
  let elf = '';
  const input = sample();

  before(function () {
    if (!haveTool(READELF) && !haveTool(OBJDUMP) && !haveTool(GDB)) this.skip();
    dir = mkdtempSync(join(tmpdir(), 'hs-elfwriter-'));
    elf = join(dir, 'out.elf');
    writeFileSync(elf, writeElf(input));
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('readelf -a and --debug-dump print no warning', function () {
    if (!haveTool(READELF)) this.skip();
    // Also: one sequence, no debug info, and a lone far-away .bss (a PT_LOAD with no file bytes).
    const farBss = sample({ oneSequence: true });
    farBss.sections[3] = { ...farBss.sections[3], addr: 0x80200008n };
    farBss.symbols[1].value = 0x80200008n;
    const files = [elf];
    [sample({ oneSequence: true }), sample({ debug: false }), farBss].forEach((inp, i) => {
      files.push(join(dir, `variant${i}.elf`));
      writeFileSync(files[files.length - 1], writeElf(inp));
    });
    for (const f of files) {
      for (const args of [['-a', '-W', f], ['--debug-dump=info,abbrev,line,aranges,Ranges,str', '-W', f]]) {
        const out = run(READELF, args);
        assert.doesNotMatch(out, /\bwarning\b|\berror\b|corrupt/i, out);
      }
    }
    assert.match(run(READELF, ['-l', '-W', files[3]]), /LOAD\s+0x[0-9a-f]*008 0x0+80200008 0x0+80200008 0x000000 0x000040 RW {2}0x1000/);
    const hdr = run(READELF, ['-h', '-l', '-W', elf]);
    assert.match(hdr, /Flags:\s+0x5, RVC, double-float ABI/);
    assert.match(hdr, /\n\s+0[12]\s+\.text \.text\.tail\s*\n/);
    assert.match(hdr, /\n\s+0[12]\s+\.data \.bss\s*\n/);
  });

  it('readelf decodes the line table to the input rows', function () {
    if (!haveTool(READELF)) this.skip();
    const out = run(READELF, ['--debug-dump=decodedline', '-W', elf]);
    const got: { addr: bigint; line: number }[] = [];
    for (const m of out.matchAll(/^\S*hello\.s\s+(\d+)\s+0x([0-9a-f]+)\s+x\s*$/gm)) got.push({ addr: BigInt('0x' + m[2]), line: Number(m[1]) });
    assert.deepEqual(got, allRows(input).map((r) => ({ addr: r.addr, line: r.line })));
  });

  it('objdump -d -l shows the source lines', function () {
    if (!haveTool(OBJDUMP)) this.skip();
    const out = run(OBJDUMP, ['-d', '-l', elf]);
    assert.doesNotMatch(out, /warning|error/i, out);
    for (const r of allRows(input)) assert.match(out, new RegExp(`^/work/proj/hello\\.s:${r.line}\\n\\s+${r.addr.toString(16)}:`, 'm'));
    assert.match(out, /80000000:\s+00100513\s+li\s+a0,1/);
    assert.match(out, /ecall/);
  });

  it('gdb resolves source lines to the row addresses', function () {
    if (!haveTool(GDB)) this.skip();
    this.timeout(60000);
    const rows = allRows(input);
    const args = ['-nx', '-batch', '-ex', 'set confirm off'];
    for (const r of rows) args.push('-ex', `info line hello.s:${r.line}`);
    args.push(elf);
    const out = run(GDB, args);
    assert.doesNotMatch(out, /warning|error/i, out);
    for (const r of rows) {
      assert.match(out, new RegExp(`Line ${r.line} of "hello\\.s" starts at address 0x${r.addr.toString(16)} `), out);
    }
  });
});
