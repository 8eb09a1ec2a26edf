/**
 * Tests for the Debug Console's gdb-style commands (emulator/debug/console.ts) and its
 * completion (emulator/debug/completions.ts) over a fake frame: memory at 0x80000000
 * with known words, a string, instructions and a struct; registers; CSRs.
 */
import { strict as assert } from 'assert';
import type { DType, DVariable, EvalScope, ValueLoc } from '../../emulator/debug/model';
import { ConsoleState, isConsoleCommand, runConsoleCommand, type ConsoleContext } from '../../emulator/debug/console';
import { complete, type CompletionSource } from '../../emulator/debug/completions';

const BASE = 0x80000000n;
const tInt: DType = { kind: 'base', name: 'int', size: 4, encoding: 'signed' };
const tChar: DType = { kind: 'base', name: 'char', size: 1, encoding: 'unsignedChar' };
const tDouble: DType = { kind: 'base', name: 'double', size: 8, encoding: 'float' };
const tPoint: DType = {
  kind: 'struct', name: 'point', size: 8,
  members: [{ name: 'x', type: tInt, offset: 0 }, { name: 'y', type: tInt, offset: 4 }],
};
const ptr = (target: DType): DType => ({ kind: 'pointer', name: '', size: 8, target });

function fakeFrame(): { ctx: ConsoleContext; src: CompletionSource; mem: Uint8Array; regs: Map<number, bigint>; csrs: Map<string, bigint> } {
  const mem = new Uint8Array(0x1000);
  const dv = new DataView(mem.buffer);
  [0x11223344, 0x55667788, 0xfffffffe, 0x00000010].forEach((w, i) => dv.setUint32(0x100 + 4 * i, w, true));
  mem.set(new TextEncoder().encode('hi\tthere\0second\0'), 0x200);
  // addi sp,sp,-16 (4 bytes), c.nop (2 bytes), addi a0,zero,1 (4 bytes) at 0x300
  dv.setUint32(0x300, 0xff010113, true); dv.setUint16(0x304, 0x0001, true); dv.setUint32(0x306, 0x00100513, true);
  dv.setInt32(0x400, 5, true); dv.setInt32(0x404, -6, true);
  dv.setFloat64(0x408, 2.5, true);
  dv.setBigUint64(0x410, BASE + 0x200n, true);
  const regs = new Map<number, bigint>([[1, BASE + 0x306n], [2, BASE + 0x100n], [10, 0xfffffffffffffffbn], [11, 65n]]);
  const csrs = new Map<string, bigint>([['mstatus', 0x0000000a00001808n], ['mscratch', 0n]]);
  const vars = new Map<string, { v: DVariable; loc: ValueLoc }>();
  const at = (name: string, type: DType, off: number): void => {
    vars.set(name, { v: { name, type, location: { kind: 'none' }, kind: 'local' }, loc: { kind: 'memory', address: BASE + BigInt(off) } });
  };
  at('pt', tPoint, 0x400); at('d', tDouble, 0x408); at('msg', ptr(tChar), 0x410); at('words', { kind: 'array', name: '', size: 16, element: tInt, count: 4 }, 0x100);
  at('x', tInt, 0x404); // a variable named like the command
  const inMem = (a: bigint, n: number): boolean => a >= BASE && a + BigInt(n) <= BASE + BigInt(mem.length);
  const scope: EvalScope = {
    readReg: (r) => (r === 0 ? 0n : regs.get(r) ?? 0n),
    writeReg: (r, v) => { regs.set(r, v); return true; },
    readMemory: (a, n) => (inMem(a, n) ? mem.slice(Number(a - BASE), Number(a - BASE) + n) : undefined),
    writeMemory: () => false,
    cfa: () => undefined,
    pc: () => BASE + 0x304n,
    variable: (n) => vars.get(n)?.v,
    locate: (v) => vars.get(v.name)!.loc,
    symbol: (n) => (n === 'start' ? BASE + 0x300n : undefined),
    type: () => undefined,
    readCsr: (n) => csrs.get(n),
    writeCsr: (n, v) => { csrs.set(n, v); return true; },
  };
  const symbolText = (a: bigint): string | undefined => {
    if (a < BASE + 0x300n || a >= BASE + 0x30an) return undefined;
    const off = a - BASE - 0x300n;
    return off === 0n ? 'start' : `start+0x${off.toString(16)}`;
  };
  const ctx: ConsoleContext = { scope, pc: BASE + 0x304n, symbolText, breakpoints: () => ['1    source       0x80000300          2     a.c:3'] };
  const src: CompletionSource = {
    scope, locals: () => ['pt', 'd', 'msg', 'words', 'x'], globals: () => ['g_counter', 'g_value'],
    functions: () => ['main', 'start'], csrs: () => ['mstatus', 'mscratch', 'satp'],
  };
  return { ctx, src, mem, regs, csrs };
}

let f: ReturnType<typeof fakeFrame>;
let state: ConsoleState;
beforeEach(() => { f = fakeFrame(); state = new ConsoleState(); });
const run = (text: string): string => runConsoleCommand(text, f.ctx, state);

describe('console: recognising commands', () => {
  it('x/, p/, print, info and help are commands; expressions stay expressions', () => {
    const is = (t: string): boolean => isConsoleCommand(t, f.ctx.scope);
    assert.ok(is('x/4xw $sp'));
    assert.ok(is('p/x 1'));
    assert.ok(is('print pt'));
    assert.ok(is('p pt.x'));
    assert.ok(is('info registers'));
    assert.ok(is('help'));
    assert.ok(is('x/2 words'), 'x/ is a command even with a variable x');
    assert.ok(is('x 0x80000100'), 'not an expression: a command');
    assert.ok(!is('x + 1'), 'variable x: an expression');
    assert.ok(!is('x'), 'variable x alone');
    assert.ok(!is('pt.x'));
    assert.ok(!is('mstatus'));
    assert.ok(!is('xyz'));
  });
});

describe('console: x', () => {
  it('examines words, halves, bytes and giants in hex with the address of each line', () => {
    assert.equal(run('x/4xw 0x80000100'), '0x80000100:\t0x11223344\t0x55667788\t0xfffffffe\t0x00000010');
    assert.equal(run('x/2xg $sp'), '0x80000100:\t0x5566778811223344\t0x00000010fffffffe');
    assert.equal(run('x/3xh words'), '0x80000100:\t0x3344\t0x1122\t0x7788');
    assert.equal(run('x/10xb words'), '0x80000100:\t0x44\t0x33\t0x22\t0x11\t0x88\t0x77\t0x66\t0x55\n0x80000108:\t0xfe\t0xff');
  });

  it('formats d u o t c a f, remembers format and unit, and continues without an address', () => {
    assert.equal(run('x/2dw 0x80000108'), '0x80000108:\t-2\t16');
    assert.equal(run('x/uw 0x80000108'), '0x80000108:\t4294967294');
    assert.equal(run('x/ow 0x8000010c'), '0x8000010c:\t020');
    assert.equal(run('x/tb 0x8000010c'), '0x8000010c:\t00010000');
    assert.equal(run('x/3c msg'), '0x80000200:\t104 \'h\'\t105 \'i\'\t9 \'\\t\'');
    assert.equal(run('x/a $sp + 0x310'), '0x80000410:\t0x80000200');
    assert.equal(run('x/fg &d'), '0x80000408:\t2.5');
    assert.equal(run('x/2x 0x80000100'), '0x80000100:\t0x5566778811223344\t0x00000010fffffffe', 'unit g kept from x/fg');
    assert.equal(run('x'), '0x80000110:\t0x0000000000000000', 'one more unit after the last');
  });

  it('x/s reads C strings, x/i disassembles and marks the pc', () => {
    assert.equal(run('x/2s msg'), '0x80000200:\t"hi\\tthere"\n0x80000209:\t"second"');
    const out = run('x/3i 0x80000300').split('\n');
    assert.equal(out.length, 3);
    assert.match(out[0], /^ {3}0x80000300 <start>:\taddi sp,sp,-16$/);
    assert.match(out[1], /^=> 0x80000304 <start\+0x4>:\t/, 'the pc');
    assert.match(out[2], /^ {3}0x80000306 <start\+0x6>:\t/, 'after a 2-byte instruction');
    assert.equal(run('x/i').split('\t')[0], '   0x8000030a:', 'continues after the last instruction');
  });

  it('reports unreadable memory and bad formats', () => {
    assert.throws(() => run('x/4xw 0'), /cannot read memory at 0x0/);
    assert.equal(run('x/2xw 0x80000ffc'), '0x80000ffc:\t0x00000000\t<cannot read memory at 0x80001000>');
    assert.throws(() => run('x/4zw $sp'), /unknown letter 'z'/);
    assert.throws(() => run('x/4bh $sp'), /two unit letters/);
    assert.throws(() => runConsoleCommand('x', f.ctx, new ConsoleState()), /x needs an address/);
    assert.throws(() => run('x/0x $sp'), /count 0 out of range/);
  });
});

describe('console: print', () => {
  it('prints values plainly and in every format', () => {
    assert.equal(run('p pt'), '{x = 5, y = -6}');
    assert.equal(run('print pt.y'), '-6');
    assert.equal(run('p/x pt.y'), '0xfffffffa');
    assert.equal(run('p/d $a0'), '-5');
    assert.equal(run('p/u (unsigned char)$a0'), '251');
    assert.equal(run('p/o 8'), '010');
    assert.equal(run('p/t 10'), '1010');
    assert.equal(run('p/c $a1'), "65 'A'");
    assert.equal(run('p/a $ra'), '0x80000306 <start+0x6>');
    assert.equal(run('p/x d'), '0x4004000000000000', 'a double shows its IEEE bits');
    assert.equal(run('p/f d'), '2.5');
    assert.equal(run('p/x pt'), '{x = 0x5, y = 0xfffffffa}');
    assert.equal(run('p/x mstatus.MPP'), '0x3');
    assert.equal(run('p/d $a0 = 7'), '7');
    assert.equal(f.regs.get(10), 7n, 'assignment through print');
  });

  it('refuses bad formats and formats that do not apply', () => {
    assert.throws(() => run('p/s pt'), /bad print format/);
    assert.throws(() => run('p/d pt'), /p\/d works on scalar values/);
    assert.throws(() => run('p'), /print needs an expression/);
    assert.throws(() => run('p nosuch'), /unknown identifier 'nosuch'/);
  });
});

describe('console: info', () => {
  it('info registers: all integer registers, or the named ones (CSRs with their fields)', () => {
    const all = run('info registers').split('\n');
    assert.equal(all.length, 33);
    assert.equal(all[0], 'pc      0x0000000080000304  <start+0x4>');
    assert.equal(all[1], 'zero    0x0000000000000000  0');
    assert.equal(all[2], 'ra      0x0000000080000306  <start+0x6>');
    assert.equal(all[3], 'sp      0x0000000080000100  0x80000100');
    assert.equal(all[11], 'a0      0xfffffffffffffffb  -5');
    assert.equal(run('info registers $a1 mstatus'), 'a1      0x0000000000000041  65\nmstatus 0x0000000a00001808  {MIE=1, MPP=M}');
    assert.equal(run('info r a1'), 'a1      0x0000000000000041  65', 'subcommands abbreviate');
    assert.throws(() => run('info registers bogus'), /invalid register 'bogus'/);
  });

  it('info breakpoints lists them; other info subcommands are refused', () => {
    assert.equal(run('info breakpoints'), 'Num  Type         Address             Hits  What\n1    source       0x80000300          2     a.c:3');
    assert.throws(() => run('info frame'), /use 'info registers \[NAME\.\.\.\]' or 'info breakpoints'/);
    assert.match(run('help'), /x\/NFU ADDR/);
  });
});

describe('console: completion', () => {
  const labels = (text: string, cursor = text.length): string[] => complete(text, cursor, f.src).map((c) => c.label);
  const lengths = (text: string): number[] => complete(text, text.length, f.src).map((c) => c.length);

  it('completes command names and symbols, locals first', () => {
    assert.deepEqual(labels('pri'), ['print']);
    assert.deepEqual(labels('p'), ['p', 'print', 'pt', 'pc']);
    assert.deepEqual(labels('m'), ['msg', 'main', 'mstatus', 'mscratch']);
    assert.deepEqual(labels('p g_'), ['g_counter', 'g_value'], 'an operand is not a command');
    assert.deepEqual(lengths('p g_'), [2, 2]);
    assert.deepEqual(labels(''), [], 'nothing typed: nothing offered');
    assert.deepEqual(labels('mxyz + 1', 1), ['msg', 'main', 'mstatus', 'mscratch'], 'up to the cursor');
  });

  it('completes registers and CSRs after $, fields after csr., members after . and ->', () => {
    assert.deepEqual(labels('$ms'), ['$mstatus', '$mscratch']);
    assert.deepEqual(lengths('$ms'), [3, 3]);
    assert.deepEqual(labels('p $s1'), ['$s1', '$s10', '$s11']);
    assert.deepEqual(labels('mstatus.MP'), ['MPIE', 'MPP', 'MPRV', 'MPV']);
    assert.deepEqual(labels('$mstatus.s'), ['SIE', 'SPIE', 'SPP', 'SUM', 'SXL', 'SD'], 'any case');
    assert.deepEqual(labels('p pt.'), ['x', 'y']);
    assert.deepEqual(labels('(&pt)->y'), ['y']);
    assert.deepEqual(labels('nosuch.'), []);
    assert.deepEqual(labels('d.'), [], 'not a struct');
  });

  it('completes info subcommands, register operands and format letters', () => {
    assert.deepEqual(labels('info b'), ['breakpoints']);
    assert.deepEqual(labels('info registers a0 s1'), ['s1', 's10', 's11']);
    assert.deepEqual(labels('p/'), ['x', 'd', 'u', 'o', 't', 'c', 'a', 'f']);
    assert.deepEqual(labels('x/8x'), ['8xb', '8xh', '8xw', '8xg']);
    assert.deepEqual(lengths('x/8x'), [2, 2, 2, 2]);
    assert.ok(labels('x/4').includes('4i'));
  });
});
