/**
 * Tests of the DWARF reader (emulator/debug/dwarf/) against the committed debug guests
 * (guests/debug/build/*.elf: DWARF 5 -O0, -Og with .eh_frame, DWARF 4, assembly) and
 * the type fixtures in test/fixtures/dwarf/. Expected addresses come from
 * riscv64-unknown-elf-objdump -d / --dwarf=decodedline of those files; line numbers
 * from the BP:<name> markers in the sources.
 */

import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { parseElf } from '../../emulator/loader/elf';
import { DebugInfo, type DFunction } from '../../emulator/debug/dwarf/index';
import type { DType, FrameAccess } from '../../emulator/debug/model';

const ROOT = join(__dirname, '..', '..');
const cache = new Map<string, { di: DebugInfo; bytes: Uint8Array; image: ReturnType<typeof parseElf> }>();

export function load(rel: string): { di: DebugInfo; bytes: Uint8Array; image: ReturnType<typeof parseElf> } {
  let hit = cache.get(rel);
  if (!hit) {
    const bytes = new Uint8Array(readFileSync(join(ROOT, rel)));
    const image = parseElf(bytes);
    hit = { di: DebugInfo.fromElf(image, bytes), bytes, image };
    cache.set(rel, hit);
  }
  return hit;
}

/** Line of the `BP:<name>` marker in a guest source. */
function marker(rel: string, name: string): number {
  const lines = readFileSync(join(ROOT, rel), 'utf8').split('\n');
  const i = lines.findIndex((l) => new RegExp(`BP:${name}\\b`).test(l));
  assert.ok(i >= 0, `marker ${name} in ${rel}`);
  return i + 1;
}

/** A frame over fixed registers, the ELF's initialised data and a zeroed stack. */
function fakeFrame(image: ReturnType<typeof parseElf>, pc: bigint, regs: Record<number, bigint>): FrameAccess {
  const stack = new Map<bigint, number>();
  return {
    readReg: (r) => (r === 0 ? 0n : regs[r]),
    writeReg: () => false,
    readMemory: (address, length) => {
      const out = new Uint8Array(length);
      for (let i = 0; i < length; i++) {
        const a = address + BigInt(i);
        const seg = image.segments.find((s) => a >= BigInt(s.vaddr) && a < BigInt(s.vaddr + s.memSize));
        if (seg) {
          const off = Number(a - BigInt(seg.vaddr));
          out[i] = off < seg.data.length ? seg.data[off] : 0;
        } else {
          out[i] = stack.get(a) ?? 0;
        }
      }
      return out;
    },
    writeMemory: () => false,
    cfa: () => undefined,
    pc: () => pc,
  };
}

function sym(image: ReturnType<typeof parseElf>, name: string): bigint {
  const s = image.symbolByName(name);
  assert.ok(s, name);
  return BigInt(s.value);
}

function fn(di: DebugInfo, name: string): DFunction {
  const f = di.functionsByName(name);
  assert.equal(f.length, 1, name);
  return f[0];
}

function members(t: DType | undefined): [string, number, string][] {
  assert.ok(t && (t.kind === 'struct' || t.kind === 'union'));
  return t.members.map((m) => [m.name, m.offset, m.type.name]);
}

const PROG = 'guests/debug/prog.c';
const O0 = 'guests/debug/build/prog_o0.elf';
const OG = 'guests/debug/build/prog_og.elf';
const DW4 = 'guests/debug/build/prog_dw4.elf';

describe('DWARF reader: prog_o0.elf (DWARF 5, -O0)', () => {
  it('parses without warnings and names the line-table files relative to guests/', () => {
    const { di } = load(O0);
    assert.deepEqual(di.warnings, []);
    const files = di.files();
    for (const f of ['./debug/prog.c', './debug/shapes.c', './debug/shapes.h', './lib/virt.c']) assert.ok(files.includes(f), f);
  });

  it('maps pcs to lines (objdump --dwarf=decodedline)', () => {
    const { di } = load(O0);
    assert.deepEqual(di.lineAt(0x80000092n), { file: './debug/prog.c', line: marker(PROG, 'add'), column: 7, address: 0x80000092n });
    const mid = di.lineAt(0x8000009en);
    assert.equal(mid?.line, 40);
    assert.equal(mid?.address, 0x80000092n);
    assert.equal(di.lineAt(0x8000007en)?.line, marker(PROG, 'addOpen'));
    assert.equal(di.lineAt(0x10n), undefined);
    assert.ok(di.isStatement(0x80000092n));
    assert.ok(!di.isStatement(0x80000094n));
  });

  it('binds breakpoints to the first line with code, one address per function', () => {
    const { di } = load(O0);
    assert.deepEqual(di.breakpointLocations('./debug/prog.c', marker(PROG, 'add')), { line: 40, addresses: [0x80000092n] });
    // A comment line slides to the next statement.
    assert.deepEqual(di.breakpointLocations('./debug/prog.c', marker(PROG, 'nocode')),
      { line: marker(PROG, 'afterNocode'), addresses: [0x80000206n] });
    // A for statement has several blocks (init, increment/condition): the lowest wins.
    assert.deepEqual(di.breakpointLocations('./debug/prog.c', marker(PROG, 'counterFor')), { line: 74, addresses: [0x80000216n] });
    assert.equal(di.breakpointLocations('./debug/prog.c', 1000), undefined);
    assert.equal(di.breakpointLocations('./nope.c', 1), undefined);
    const area = di.breakpointLocations('./debug/shapes.c', marker('guests/debug/shapes.c', 'area'));
    assert.equal(area?.addresses.length, 1);
    assert.equal(di.lineAt(area!.addresses[0])?.file, './debug/shapes.c');
  });

  it('gives the address ranges of the current line for stepping', () => {
    const { di } = load(O0);
    assert.deepEqual(di.lineRanges(0x80000094n), [{ lo: 0x80000092n, hi: 0x800000a2n }]);
    // Line 59 (BP:locals) is described by many rows (one per column): one merged range.
    assert.deepEqual(di.lineRanges(0x80000150n), [{ lo: 0x8000013cn, hi: 0x80000188n }]);
  });

  it('matches host paths by their longest common suffix', () => {
    const { di } = load(O0);
    assert.equal(di.matchFile('/home/me/hyperstep/guests/debug/prog.c'), './debug/prog.c');
    assert.equal(di.matchFile('C:\\src\\debug\\shapes.h'), './debug/shapes.h');
    assert.equal(di.matchFile('/elsewhere/virt.c'), './lib/virt.c');
    assert.equal(di.matchFile('/x/other.c'), undefined);
  });

  it('finds functions with their ranges, declaration and body address', () => {
    const { di, image } = load(O0);
    const add = fn(di, 'add');
    assert.equal(add.lowPc, sym(image, 'add'));
    assert.equal(add.lowPc, 0x8000007en);
    assert.equal(add.highPc, 0x800000bcn);
    assert.deepEqual(add.ranges, [{ lo: 0x8000007en, hi: 0x800000bcn }]);
    assert.equal(add.file, './debug/prog.c');
    assert.equal(add.line, 38);
    assert.equal(add.bodyPc, 0x80000092n);
    assert.deepEqual([...add.frameBase!], [0x9c]); // DW_OP_call_frame_cfa
    assert.equal(di.functionAt(0x800000a0n), add);
    assert.equal(di.functionAt(0x800000bcn)?.name, 'locals_demo');
    assert.equal(fn(di, 'dist_sq').file, './debug/shapes.c');
    assert.deepEqual(di.functionsByName('no_such_function'), []);
  });

  it('lists params then locals, honouring lexical blocks', () => {
    const { di } = load(O0);
    const pc = di.breakpointLocations('./debug/prog.c', marker(PROG, 'locals'))!.addresses[0];
    const vars = di.localsAt(pc);
    assert.deepEqual(vars.map((v) => [v.kind, v.name, v.type.name]), [
      ['param', 'pp', 'struct point *'],
      ['local', 'i_val', 'int'], ['local', 'l_val', 'long int'], ['local', 'uc', 'unsigned char'],
      ['local', 'd', 'double'], ['local', 'f', 'float'], ['local', 'c', 'char'], ['local', 'p', 'struct point *'],
      ['local', 'arr', 'int [3]'], ['local', 'msg', 'const char *'], ['local', 'local_pt', 'struct point'],
      ['local', 'r', 'long int'],
    ]);
    assert.equal(vars[1].declLine, 49);
    assert.equal(vars[1].declFile, './debug/prog.c');
    // main: `i` exists only inside the first for loop's block.
    const loopPc = di.breakpointLocations('./debug/prog.c', marker(PROG, 'loop'))!.addresses[0];
    const inLoop = di.localsAt(loopPc).map((v) => v.name);
    assert.ok(inLoop.includes('i') && !inLoop.includes('k'), inLoop.join());
    const outside = di.localsAt(di.breakpointLocations('./debug/prog.c', marker(PROG, 'afterAdd'))!.addresses[0]).map((v) => v.name);
    assert.ok(!outside.includes('i') && outside.includes('first'), outside.join());
  });

  it('locates frame-base relative locals through the CFA (objdump: sw -20(s0))', () => {
    const { di, image } = load(O0);
    const f = fn(di, 'locals_demo');
    const pc = 0x8000013cn;
    // After the prologue the CFA is s0 (DW_CFA_def_cfa: s0 ofs 0).
    const frame = fakeFrame(image, pc, { 2: 0x7f80n, 8: 0x8000n });
    assert.equal(di.unwind(pc, frame)?.cfa, 0x8000n);
    const byName = new Map(di.localsAt(pc).map((v) => [v.name, v]));
    assert.deepEqual(di.locate(byName.get('i_val')!, f, frame), { kind: 'memory', address: 0x8000n - 20n });
    assert.deepEqual(di.locate(byName.get('pp')!, f, frame), { kind: 'memory', address: 0x8000n - 120n });
    assert.deepEqual(di.locate(byName.get('arr')!, undefined, frame), { kind: 'memory', address: 0x8000n - 96n });
  });

  it('lists globals with their types and addresses', () => {
    const { di, image } = load(O0);
    const g = di.globalByName('g_origin');
    assert.ok(g);
    assert.equal(g.kind, 'global');
    assert.deepEqual(members(g.type), [['x', 0, 'int'], ['y', 4, 'int']]);
    const frame = fakeFrame(image, 0x80000092n, {});
    const loc = di.locate(g, undefined, frame);
    assert.deepEqual(loc, { kind: 'memory', address: sym(image, 'g_origin') });
    assert.deepEqual([...frame.readMemory(sym(image, 'g_origin'), 8)!], [3, 0, 0, 0, 4, 0, 0, 0]);
    const shape = di.globalByName('g_shape')!;
    assert.equal(shape.type.size, 40);
    assert.deepEqual(members(shape.type), [
      ['name', 0, 'const char *'], ['color', 8, 'enum color'], ['npts', 12, 'int'], ['pts', 16, 'struct point [3]'],
    ]);
    const pts = shape.type.kind === 'struct' ? shape.type.members[3].type : undefined;
    assert.ok(pts?.kind === 'array' && pts.count === 3 && pts.size === 24 && pts.element.name === 'struct point');
    assert.equal(di.globalByName('g_value')?.type.name, 'union value');
    const typed = di.globalByName('g_typed')!.type;
    assert.ok(typed.kind === 'typedef' && typed.name === 'counter_t' && typed.target.name === 'long unsigned int' && typed.size === 8);
    assert.equal(di.globalByName('g_array')?.type.name, 'int [5]');
    assert.equal(di.globalByName('g_counter')?.type.name, 'volatile int');
    assert.equal(di.globalByName('g_shape_calls')?.declFile, './debug/shapes.c');
    const names = di.globals().map((v) => v.name);
    for (const n of ['g_origin', 'g_shape', 'g_ratio', 'g_greeting', 'g_last_sum']) assert.ok(names.includes(n), n);
  });

  it('looks types up by C name', () => {
    const { di } = load(O0);
    assert.deepEqual(members(di.typeByName('struct point')), [['x', 0, 'int'], ['y', 4, 'int']]);
    const pt = di.typeByName('point_t');
    assert.ok(pt?.kind === 'typedef' && pt.target === di.typeByName('struct point'));
    const color = di.typeByName('enum color');
    assert.ok(color?.kind === 'enum');
    assert.deepEqual(color.values, [{ name: 'COLOR_RED', value: 0n }, { name: 'COLOR_GREEN', value: 1n }, { name: 'COLOR_BLUE', value: 2n }]);
    assert.equal(di.typeByName('unsigned long')?.name, 'long unsigned int');
    assert.equal(di.typeByName('int')?.size, 4);
    const p = di.typeByName('struct point *');
    assert.ok(p?.kind === 'pointer' && p.size === 8 && p.target.name === 'struct point');
    assert.equal(di.typeByName('struct nothing'), undefined);
  });

  it('unwinds with .debug_frame (readelf --debug-dump=frames)', () => {
    const { di, image } = load(O0);
    const regs = { 1: 0x80000200n, 2: 0x7000n, 8: 0x9000n };
    // Entry: CFA = sp, nothing saved, return address still in ra.
    const entry = di.unwind(0x8000007en, fakeFrame(image, 0x8000007en, regs))!;
    assert.equal(entry.cfa, 0x7000n);
    assert.equal(entry.callerReg(1), 0x80000200n);
    assert.equal(entry.callerReg(2), 0x7000n);
    assert.equal(entry.callerReg(8), 0x9000n);
    assert.equal(entry.callerReg(10), undefined);
    assert.equal(entry.callerReg(0), 0n);
    // After `addi sp,sp,-48`: CFA = sp + 48.
    assert.equal(di.unwind(0x80000080n, fakeFrame(image, 0x80000080n, regs))?.cfa, 0x7030n);
    // After `sd s0,40(sp)`: s0 is restored from CFA - 8.
    const saved = di.unwind(0x80000082n, fakeFrame(image, 0x80000082n, regs))!;
    assert.equal(saved.callerReg(8), 0n); // the fake stack is zeroed
    // Body: CFA = s0.
    assert.equal(di.unwind(0x80000092n, fakeFrame(image, 0x80000092n, regs))?.cfa, 0x9000n);
    assert.equal(di.unwind(0x10n, fakeFrame(image, 0x10n, regs)), undefined);
  });
});

describe('DWARF reader: prog_og.elf (-Og, location lists, .eh_frame)', () => {
  it('evaluates location lists at the frame pc', () => {
    const { di, image } = load(OG);
    assert.deepEqual(di.warnings, []);
    const add = fn(di, 'add');
    const frame = fakeFrame(image, add.lowPc, { 10: 5n, 11: 7n, 2: 0x7000n });
    const vars = di.localsAt(add.lowPc);
    assert.deepEqual(vars.map((v) => v.name), ['a', 'b', 'sum']);
    assert.equal(vars[0].location.kind, 'list');
    assert.deepEqual(di.locate(vars[0], add, frame), { kind: 'register', reg: 10 });
    assert.deepEqual(di.locate(vars[1], add, frame), { kind: 'register', reg: 11 });
  });

  it('unwinds main with .eh_frame (CFA sp+64, ra at CFA-8)', () => {
    const { di, image } = load(OG);
    const main = fn(di, 'main');
    const pc = main.lowPc + 12n;
    const frame = fakeFrame(image, pc, { 2: 0x7000n, 1: 0x1234n });
    const u = di.unwind(pc, frame)!;
    assert.equal(u.cfa, 0x7040n);
    assert.equal(u.callerReg(2), 0x7040n);
    assert.equal(u.callerReg(1), 0n); // loaded from the (zeroed) stack slot, not the live ra
    assert.equal(di.unwind(main.lowPc, frame)?.cfa, 0x7000n);
  });
});

describe('DWARF reader: prog_dw4.elf (DWARF 4)', () => {
  it('agrees with the DWARF 5 build on lines, functions, locals and types', () => {
    const a = load(O0).di;
    const b = load(DW4).di;
    assert.deepEqual(b.warnings, []);
    assert.deepEqual(b.files().sort(), a.files().sort());
    for (const pc of [0x8000007en, 0x80000092n, 0x8000013cn, 0x80000216n]) assert.deepEqual(b.lineAt(pc), a.lineAt(pc));
    assert.deepEqual(b.breakpointLocations('./debug/prog.c', 74), a.breakpointLocations('./debug/prog.c', 74));
    const fa = fn(a, 'add');
    const fb = fn(b, 'add');
    assert.deepEqual({ ...fb, frameBase: [...fb.frameBase!] }, { ...fa, frameBase: [...fa.frameBase!] });
    const names = (di: DebugInfo): string[] => di.localsAt(0x8000013cn).map((v) => `${v.name}:${v.type.name}`);
    assert.deepEqual(names(b), names(a));
    assert.deepEqual(members(b.globalByName('g_shape')!.type), members(a.globalByName('g_shape')!.type));
  });
});

describe('DWARF reader: asm.elf (assembly with -g)', () => {
  it('has line info for the .S file', () => {
    const { di, image } = load('guests/debug/build/asm.elf');
    assert.deepEqual(di.files(), ['./debug/asm.S']);
    const square = sym(image, 'square');
    assert.deepEqual(di.lineAt(square), { file: './debug/asm.S', line: marker('guests/debug/asm.S', 'asmSquare'), column: 0, address: square });
    const bp = di.breakpointLocations('./debug/asm.S', marker('guests/debug/asm.S', 'asmCall'));
    assert.equal(bp?.addresses.length, 1);
    assert.equal(di.lineAt(bp!.addresses[0])?.line, marker('guests/debug/asm.S', 'asmCall'));
    const u = di.unwind(square, fakeFrame(image, square, { 1: 0x80000010n, 2: 0x9000n }));
    assert.equal(u?.callerReg(1), 0x80000010n);
  });
});
