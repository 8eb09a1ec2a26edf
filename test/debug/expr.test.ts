/**
 * Tests of the debugger's expression language (emulator/debug/expr/): parsing and
 * precedence, C integer/float semantics, variables of hand-built DWARF-like types in
 * a fake EvalScope (memory at 0x80000000, registers, CSRs, symbols), casts, pointer
 * arithmetic, assignment side effects, formatting, children and logpoint messages.
 */
import { strict as assert } from 'assert';
import type { DType, DValue, DVariable, EvalScope, ValueLoc } from '../../emulator/debug/model';
import {
  ExprError, assign, children, evaluate, formatValue, interpolateLogMessage, isExpandable, readValue, resolveType, typeName,
} from '../../emulator/debug/expr/index';

// ---- types --------------------------------------------------------------------------
const tInt: DType = { kind: 'base', name: 'int', size: 4, encoding: 'signed' };
const tUInt: DType = { kind: 'base', name: 'unsigned int', size: 4, encoding: 'unsigned' };
const tChar: DType = { kind: 'base', name: 'char', size: 1, encoding: 'unsignedChar' };
const tSChar: DType = { kind: 'base', name: 'signed char', size: 1, encoding: 'signedChar' };
const tULong: DType = { kind: 'base', name: 'long unsigned int', size: 8, encoding: 'unsigned' };
const tDouble: DType = { kind: 'base', name: 'double', size: 8, encoding: 'float' };
const tFloat: DType = { kind: 'base', name: 'float', size: 4, encoding: 'float' };
const tBool: DType = { kind: 'base', name: '_Bool', size: 1, encoding: 'boolean' };
const tVoid: DType = { kind: 'void', name: 'void', size: 0 };
const ptr = (target: DType): DType => ({ kind: 'pointer', name: '', size: 8, target });
const arrOf = (element: DType, count: number): DType => ({ kind: 'array', name: '', size: count * element.size, element, count });
const tConstChar: DType = { kind: 'qualified', name: '', size: 1, qualifier: 'const', target: tChar };

const tPoint: DType = {
  kind: 'struct', name: 'point', size: 8,
  members: [{ name: 'x', type: tInt, offset: 0 }, { name: 'y', type: tInt, offset: 4 }],
};
const tPointT: DType = { kind: 'typedef', name: 'point_t', size: 8, target: tPoint };
const tUnion: DType = {
  kind: 'union', name: 'u', size: 4,
  members: [{ name: 'i', type: tInt, offset: 0 }, { name: 'f', type: tFloat, offset: 0 }, { name: 'b', type: arrOf(tChar, 4), offset: 0 }],
};
const tColor: DType = {
  kind: 'enum', name: 'color', size: 4, signed: false,
  values: [{ name: 'RED', value: 0n }, { name: 'GREEN', value: 1n }, { name: 'BLUE', value: 2n }],
};
const tBits: DType = {
  kind: 'struct', name: 'flags', size: 4,
  members: [
    { name: 'a', type: tUInt, offset: 0, bitSize: 3, bitOffset: 0 },
    { name: 'b', type: tUInt, offset: 0, bitSize: 5, bitOffset: 3 },
    { name: '', type: tUInt, offset: 0, bitSize: 2, bitOffset: 8 }, // unnamed padding field
    { name: 'c', type: tInt, offset: 1, bitSize: 4, bitOffset: 2 },
  ],
};
const tNode: DType & { members: { name: string; type: DType; offset: number }[] } = { kind: 'struct', name: 'node', size: 16, members: [] };
tNode.members.push({ name: 'value', type: tInt, offset: 0 }, { name: 'next', type: ptr(tNode), offset: 8 });
const tAnon: DType = {
  kind: 'struct', name: 'tagged', size: 8,
  members: [
    { name: 'tag', type: tInt, offset: 0 },
    { name: '', type: { kind: 'union', name: '', size: 4, members: [{ name: 'i', type: tInt, offset: 0 }, { name: 'f', type: tFloat, offset: 0 }] }, offset: 4 },
  ],
};
const tOuter: DType = {
  kind: 'struct', name: 'outer', size: 12,
  members: [{ name: 'id', type: tInt, offset: 0 }, { name: 'p', type: tPoint, offset: 4 }],
};
const tWide: DType = {
  kind: 'struct', name: 'wide', size: 40,
  members: Array.from({ length: 10 }, (_, i) => ({ name: `m${i}`, type: tInt, offset: i * 4 })),
};
const tFn: DType = { kind: 'function', name: '', size: 0, returns: tInt };

// ---- fake scope -------------------------------------------------------------------------
const BASE = 0x80000000n;
const A = (off: number): bigint => BASE + BigInt(off);

interface Fake {
  scope: EvalScope;
  mem: Uint8Array;
  regs: Map<number, bigint>;
  csrs: Map<string, bigint>;
}

function makeScope(): Fake {
  const mem = new Uint8Array(0x10000);
  const dv = new DataView(mem.buffer);
  const regs = new Map<number, bigint>();
  const csrs = new Map<string, bigint>([['mstatus', 0x1800n], ['mhartid', 0n]]);
  const vars = new Map<string, { v: DVariable; loc: ValueLoc }>();
  const at = (name: string, type: DType, off: number): void => {
    vars.set(name, { v: { name, type, location: { kind: 'none' }, kind: 'global' }, loc: { kind: 'memory', address: A(off) } });
  };
  const u64 = (off: number, v: bigint): void => dv.setBigUint64(off, v, true);
  const str = (off: number, s: string): void => { for (let i = 0; i < s.length; i++) mem[off + i] = s.charCodeAt(i); };

  at('pt', tPoint, 0x100); dv.setInt32(0x100, 1, true); dv.setInt32(0x104, -2, true);
  at('arr', arrOf(tInt, 4), 0x108); [10, 20, 30, 40].forEach((x, i) => dv.setInt32(0x108 + 4 * i, x, true));
  at('name', ptr(tChar), 0x120); u64(0x120, A(0x300)); str(0x300, 'hello\0');
  at('pp', ptr(tPoint), 0x128); u64(0x128, A(0x100));
  at('u', tUnion, 0x130); dv.setUint32(0x130, 0x3f800000, true);
  at('c', tColor, 0x138); dv.setUint32(0x138, 2, true);
  at('c2', tColor, 0x13c); dv.setUint32(0x13c, 7, true);
  // a=5, b=17, padding=3, c=-3 (4 bits at bit 2 of byte 1)
  at('bits', tBits, 0x140); dv.setUint32(0x140, 5 | (17 << 3) | (3 << 8) | (0xd << 10), true);
  at('head', tNode, 0x148); dv.setInt32(0x148, 1, true); u64(0x150, A(0x160));
  dv.setInt32(0x160, 2, true); u64(0x168, 0n);
  at('d', tDouble, 0x170); dv.setFloat64(0x170, 2.5, true);
  at('fl', tFloat, 0x178); dv.setFloat32(0x178, 0.1, true);
  at('flag', tBool, 0x17c); mem[0x17c] = 1;
  at('sc', tSChar, 0x17d); mem[0x17d] = 0xff;
  at('big', tULong, 0x180); u64(0x180, 0xffffffffffffffffn);
  at('pt2', tPointT, 0x188); dv.setInt32(0x188, 3, true); dv.setInt32(0x18c, 4, true);
  at('tg', tAnon, 0x190); dv.setInt32(0x190, 9, true); dv.setFloat32(0x194, 1.5, true);
  at('gp', tInt, 0x198); dv.setInt32(0x198, 7, true); // shadows the register name
  at('outer', tOuter, 0x1a0); dv.setInt32(0x1a0, 5, true); dv.setInt32(0x1a4, 6, true); dv.setInt32(0x1a8, 7, true);
  at('wide', tWide, 0x1b0); for (let i = 0; i < 10; i++) dv.setInt32(0x1b0 + 4 * i, i, true);
  at('many', arrOf(tInt, 2000), 0x1000); for (let i = 0; i < 2000; i++) dv.setInt32(0x1000 + 4 * i, i * 2, true);
  at('buf', arrOf(tChar, 8), 0x200); str(0x200, 'hi\0');
  at('longstr', ptr(tConstChar), 0x208); u64(0x208, A(0x400)); str(0x400, 'A'.repeat(100));
  at('esc', ptr(tChar), 0x210); u64(0x210, A(0x480)); str(0x480, 'a"b\n\x01\0');
  at('bad', ptr(tChar), 0x218); u64(0x218, 0x10n);
  at('vp', ptr(tVoid), 0x220); u64(0x220, A(0x100));
  at('fp', ptr(tFn), 0x228); u64(0x228, A(0x40));
  at('edge', ptr(tChar), 0x230); u64(0x230, BASE + 0x10000n - 3n); str(0xfffd, 'xyz'); // runs off the end of memory
  vars.set('counter', { v: { name: 'counter', type: tInt, location: { kind: 'none' }, kind: 'local' }, loc: { kind: 'register', reg: 10 } });
  vars.set('gone', { v: { name: 'gone', type: tInt, location: { kind: 'none' }, kind: 'local' }, loc: { kind: 'optimizedOut' } });
  vars.set('k', { v: { name: 'k', type: tInt, location: { kind: 'none' }, kind: 'local' }, loc: { kind: 'bytes', bytes: Uint8Array.of(3, 0, 0, 0) } });

  regs.set(2, A(0x8000)); regs.set(3, A(0x1800)); regs.set(10, 42n); regs.set(11, 0xffffffffffffffffn);
  regs.set(42, BigInt.asUintN(64, new DataView(Float64Array.of(1.5).buffer).getBigUint64(0, true)));
  // x5 (t0) deliberately absent: "not saved in this frame"

  const types = new Map<string, DType>([['struct point', tPoint], ['point_t', tPointT], ['enum color', tColor], ['node', tNode], ['pt2', tPoint]]);
  const inMem = (address: bigint, length: number): boolean => address >= BASE && address + BigInt(length) <= BASE + BigInt(mem.length);
  const scope: EvalScope = {
    readReg: (r) => (r === 0 ? 0n : regs.get(r)),
    writeReg: (r, v) => { if (r === 0 || r === 5) return false; regs.set(r, v); return true; },
    readMemory: (address, length) => (inMem(address, length) ? mem.slice(Number(address - BASE), Number(address - BASE) + length) : undefined),
    writeMemory: (address, data) => { if (!inMem(address, data.length)) return false; mem.set(data, Number(address - BASE)); return true; },
    cfa: () => A(0x8000),
    pc: () => A(0x40),
    variable: (n) => vars.get(n)?.v,
    locate: (v) => vars.get(v.name)!.loc,
    symbol: (n) => (n === 'main' ? A(0x40) : n === '_start' ? BASE : undefined),
    type: (n) => types.get(n),
    readCsr: (n) => csrs.get(n),
    writeCsr: (n, v) => { if (n === 'mhartid' || !csrs.has(n)) return false; csrs.set(n, v); return true; },
  };
  return { scope, mem, regs, csrs };
}

// ---- helpers ----------------------------------------------------------------------------
let f: Fake;
beforeEach(() => { f = makeScope(); });
const val = (text: string): bigint | number => readValue(evaluate(text, f.scope), f.scope);
const show = (text: string, hex = false): string => formatValue(evaluate(text, f.scope), f.scope, { hex });
const ty = (text: string): string => typeName(evaluate(text, f.scope).type);
function fails(text: string, message: string | RegExp): void {
  assert.throws(() => evaluate(text, f.scope), (e: unknown) => {
    assert.ok(e instanceof ExprError, `expected ExprError, got ${String(e)}`);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });
}

describe('expr: literals and operators', () => {
  it('reads integer, char and floating literals with C types', () => {
    assert.equal(val('42'), 42n);
    assert.equal(val('0x10'), 16n);
    assert.equal(val('0b101'), 5n);
    assert.equal(val('017'), 15n);
    assert.equal(val("'A'"), 65n);
    assert.equal(val("'\\n'"), 10n);
    assert.equal(val("'\\x41'"), 65n);
    assert.equal(val("'\\101'"), 65n);
    assert.equal(val('1.5'), 1.5);
    assert.equal(val('.5e1'), 5);
    assert.equal(ty('42'), 'int');
    assert.equal(ty('10u'), 'unsigned int');
    assert.equal(ty('0xffffffff'), 'unsigned int');
    assert.equal(ty('4294967295'), 'long');
    assert.equal(ty('1ul'), 'unsigned long');
    assert.equal(ty('1LL'), 'long');
    assert.equal(ty('0xffffffffffffffff'), 'unsigned long');
    assert.equal(ty('1.5f'), 'float');
    assert.equal(ty('1.5'), 'double');
  });

  it('follows C precedence and associativity', () => {
    assert.equal(val('1 + 2 * 3'), 7n);
    assert.equal(val('(1 + 2) * 3'), 9n);
    assert.equal(val('1 << 2 + 1'), 8n);
    assert.equal(val('1 | 2 ^ 3 & 4'), 3n);
    assert.equal(val('10 - 2 - 3'), 5n);
    assert.equal(val('100 / 10 / 5'), 2n);
    assert.equal(val('1 ? 2 : 3 ? 4 : 5'), 2n);
    assert.equal(val('0 ? 2 : 0 ? 4 : 5'), 5n);
    assert.equal(val('!0 + ~0'), 0n);
    assert.equal(val('7 > 3 == 1'), 1n);
    assert.equal(val('2 < 1 || 3 && 4'), 1n);
    assert.equal(val('-2 * -3'), 6n);
    assert.equal(val('- - 4'), 4n);
  });

  it('uses 64-bit C integer semantics', () => {
    assert.equal(val('-5 / 2'), -2n);
    assert.equal(val('-5 % 2'), -1n);
    assert.equal(val('-1 < 0'), 1n);
    assert.equal(val('-1 < 0u'), 0n); // -1 converts to 0xffffffff
    assert.equal(val('0xffffffff + 1'), 0n); // unsigned int wraps
    assert.equal(val('0x7fffffff + 1'), -2147483648n);
    assert.equal(val('0x7fffffff + 1L'), 2147483648n);
    assert.equal(val('1L << 63'), -9223372036854775808n);
    assert.equal(val('-1UL'), 18446744073709551615n);
    assert.equal(val('-8 >> 1'), -4n);
    assert.equal(val('(unsigned)-8 >> 1'), 0x7ffffffcn);
    assert.equal(val('big + 1'), 0n);
    assert.equal(val('big > 0'), 1n);
    assert.equal(ty('1 + 1L'), 'long');
    assert.equal(ty('1u + 1L'), 'long');
    assert.equal(ty('1L + 1UL'), 'unsigned long');
    assert.equal(ty('sc + sc'), 'int');
    assert.equal(val('sc + sc'), -2n);
    assert.equal(ty('3 < 4'), 'int');
  });

  it('does floating arithmetic in double', () => {
    assert.equal(val('3 / 2.0'), 1.5);
    assert.equal(val('d * 2'), 5);
    assert.equal(val('1.0 / 0'), Infinity);
    assert.equal(val('d > 2'), 1n);
    assert.equal(val('-d'), -2.5);
    assert.equal(show('0.1 + 0.2'), '0.30000000000000004');
  });

  it('reports division by zero', () => {
    fails('1 / 0', 'division by zero');
    fails('5 % (3 - 3)', 'division by zero');
  });

  it('short-circuits && and || and evaluates only the chosen ?: branch', () => {
    assert.equal(val('0 && 1 / 0'), 0n);
    assert.equal(val('1 || *(int *)0'), 1n);
    assert.equal(val('1 ? 5 : 1 / 0'), 5n);
  });
});

describe('expr: variables, members, pointers', () => {
  it('reads variables of base types', () => {
    assert.equal(val('pt.x'), 1n);
    assert.equal(val('pt.y'), -2n);
    assert.equal(val('d'), 2.5);
    assert.equal(val('fl'), Math.fround(0.1));
    assert.equal(val('sc'), -1n);
    assert.equal(val('flag'), 1n);
    assert.equal(val('big'), 0xffffffffffffffffn);
    assert.equal(val('counter'), 42n);
    assert.equal(val('k'), 3n);
  });

  it('accesses members through . and ->, typedefs and anonymous unions', () => {
    assert.equal(val('pp->y'), -2n);
    assert.equal(val('(*pp).x'), 1n);
    assert.equal(val('pt2.y'), 4n);
    assert.equal(val('tg.tag'), 9n);
    assert.equal(val('tg.f'), 1.5);
    assert.equal(val('outer.p.y'), 7n);
    assert.equal(val('head.next->value'), 2n);
    assert.equal(val('head.next->next'), 0n);
    assert.equal(val('u.f'), 1);
    assert.equal(val('u.i'), 0x3f800000n);
    assert.equal(val('u.b[3]'), 0x3fn);
  });

  it('indexes arrays and pointers', () => {
    assert.equal(val('arr[2]'), 30n);
    assert.equal(val('arr[1] + arr[2]'), 50n);
    assert.equal(val('*(arr + 3)'), 40n);
    assert.equal(val('*arr'), 10n);
    assert.equal(val('name[1]'), 101n);
    assert.equal(val('*name'), 104n);
    assert.equal(val('pp[0].y'), -2n);
    assert.equal(val('arr[1 + 1] * 2'), 60n);
  });

  it('scales pointer arithmetic and divides pointer differences', () => {
    assert.equal(val('&arr[2]'), A(0x110));
    assert.equal(val('&arr[3] - &arr[0]'), 3n);
    assert.equal(val('&arr[0] - &arr[3]'), -3n);
    assert.equal(val('pp + 1'), A(0x108));
    assert.equal(val('1 + pp'), A(0x108));
    assert.equal(val('pp - 1'), A(0xf8));
    assert.equal(val('name + 1'), A(0x301));
    assert.equal(val('vp + 1'), A(0x101));
    assert.equal(val('&pt.y'), A(0x104));
    assert.equal(ty('&pt'), 'struct point *');
    assert.equal(ty('&arr'), 'int (*)[4]');
    assert.equal(val('head.next != 0'), 1n);
    assert.equal(val('!head.next->next'), 1n);
    assert.equal(val('pp == &pt'), 1n);
  });

  it('evaluates sizeof of types and expressions', () => {
    assert.equal(val('sizeof(struct point)'), 8n);
    assert.equal(val('sizeof pt'), 8n);
    assert.equal(val('sizeof(arr)'), 16n);
    assert.equal(val('sizeof(arr) / sizeof(arr[0])'), 4n);
    assert.equal(val('sizeof(int[4])'), 16n);
    assert.equal(val('sizeof(char *)'), 8n);
    assert.equal(val('sizeof(unsigned short)'), 2n);
    assert.equal(val('sizeof(point_t)'), 8n);
  });

  it('casts between integers, floats and pointers', () => {
    assert.equal(val('((struct point *)0x80000100)->y'), -2n);
    assert.equal(val('((point_t *)0x80000188)->x'), 3n);
    assert.equal(val('*(int *)0x80000108'), 10n);
    assert.equal(val('(char)300'), 44n);
    assert.equal(val('(signed char)200'), -56n);
    assert.equal(val('(unsigned char)-1'), 255n);
    assert.equal(val('(short)0x18000'), -32768n);
    assert.equal(val('(int)2.9'), 2n);
    assert.equal(val('(int)-2.9'), -2n);
    assert.equal(val('(double)7 / 2'), 3.5);
    assert.equal(val('(float)0.1'), Math.fround(0.1));
    assert.equal(val('(unsigned long long)-1'), 0xffffffffffffffffn);
    assert.equal(val('(_Bool)5'), 1n);
    assert.equal(val('(long)&arr'), A(0x108));
    assert.equal(val('(uint32_t)-1'), 0xffffffffn);
    assert.equal(ty('(struct point *)0'), 'struct point *');
    assert.equal(ty('(const char *)name'), 'char *'); // qualifiers in casts are accepted and dropped
    assert.equal(ty('(unsigned long int)1'), 'unsigned long');
  });

  it('resolves names: variables win over registers, then registers, symbols, CSRs', () => {
    assert.equal(val('gp'), 7n);
    assert.equal(val('$gp'), A(0x1800));
    assert.equal(val('x3'), A(0x1800));
    assert.equal(val('sp'), A(0x8000));
    assert.equal(val('$sp'), A(0x8000));
    assert.equal(val('x2'), A(0x8000));
    assert.equal(val('$A0'), 42n);
    assert.equal(val('a1 + 1'), 0n);
    assert.equal(val('$zero'), 0n);
    assert.equal(val('pc'), A(0x40));
    assert.equal(val('$pc'), A(0x40));
    assert.equal(val('$fa0'), 1.5);
    assert.equal(val('mstatus'), 0x1800n);
    assert.equal(val('$mstatus & 0x800'), 0x800n);
    assert.equal(val('main'), A(0x40));
    assert.equal(val('&main'), A(0x40));
    assert.equal(val('main + 4'), A(0x44));
    assert.equal(ty('$a0'), 'reg64');
    assert.equal(ty('$fa0'), 'double');
    assert.deepEqual(evaluate('$a0', f.scope).loc, { kind: 'register', reg: 10 });
  });
});

describe('expr: errors', () => {
  it('gives one-line messages', () => {
    fails('nope', "unknown identifier 'nope'");
    fails('$nope', "unknown register or CSR '$nope'");
    fails('pt.z', "no member 'z' in struct point");
    fails('pt2.z', "no member 'z' in struct point");
    fails('*pt.x', 'cannot dereference a value of type int');
    fails('*vp', 'cannot dereference a value of type void *');
    fails('head.next->next->value + 1', 'memory at 0x0 is not readable');
    fails('*(int *)0x10 + 1', 'memory at 0x10 is not readable');
    // Lvalues are lazy, as in gdb: the read fails, not the evaluation.
    const lazy = evaluate('head.next->next->value', f.scope);
    assert.deepEqual(lazy.loc, { kind: 'memory', address: 0n });
    assert.throws(() => readValue(lazy, f.scope), /^ExprError: memory at 0x0 is not readable$/);
    fails('(1 + 2', "syntax error at column 7: expected ')'");
    fails('1 +', 'syntax error at column 4: unexpected end of expression');
    fails('1 2', "syntax error at column 3: unexpected '2'");
    fails('a @ b', "syntax error at column 3: unexpected character '@'");
    fails('', 'syntax error at column 1: empty expression');
    fails('pt + 1', 'a value of type struct point is not a scalar');
    fails('pt.x.y', "cannot access member 'y' of a value of type int");
    fails('pt.x[0]', 'cannot subscript a value of type int');
    fails('(struct nope *)0', "unknown type 'struct nope'");
    fails('0x1ffffffffffffffff', "integer literal '0x1ffffffffffffffff' is too large");
    fails('gone + 1', 'optimized out');
    fails('$t0 + 0', 'register t0 is not available in this frame');
    fails('&counter', 'cannot take the address of a value in a register');
    fails('&bits.a', 'cannot take the address of a bit-field');
    fails('pp * 2', "invalid operands to '*' (struct point * and int)");
    fails('~d', "invalid operand to unary '~' (double)");
    fails('089', "syntax error at column 1: bad octal literal '089'");
  });
});

describe('expr: bit-fields', () => {
  it('extracts and sign-extends fields', () => {
    assert.equal(val('bits.a'), 5n);
    assert.equal(val('bits.b'), 17n);
    assert.equal(val('bits.c'), -3n);
    assert.equal(show('bits'), '{a = 5, b = 17, c = -3}');
  });

  it('writes a field without disturbing its neighbours', () => {
    evaluate('bits.b = 3', f.scope);
    assert.equal(val('bits.b'), 3n);
    assert.equal(val('bits.a'), 5n);
    assert.equal(val('bits.c'), -3n);
    evaluate('bits.c = 7', f.scope);
    assert.equal(val('bits.c'), 7n);
    assert.equal(val('bits.b'), 3n);
    const word = new DataView(f.mem.buffer).getUint32(0x140, true);
    assert.equal((word >> 8) & 3, 3, 'unnamed padding bits are preserved');
    evaluate('bits.a = 9', f.scope); // truncated to 3 bits
    assert.equal(val('bits.a'), 1n);
  });
});

describe('expr: assignment', () => {
  const i32 = (off: number): number => new DataView(f.mem.buffer).getInt32(off, true);

  it('writes memory', () => {
    assert.equal(readValue(evaluate('pt.x = 100', f.scope), f.scope), 100n);
    assert.equal(i32(0x100), 100);
    evaluate('arr[1] = -1', f.scope);
    assert.equal(i32(0x10c), -1);
    evaluate('arr[0] = arr[2] = 3', f.scope);
    assert.equal(i32(0x108), 3);
    assert.equal(i32(0x110), 3);
    evaluate('pt.y += 5', f.scope);
    assert.equal(i32(0x104), 3);
    evaluate('pt.y <<= 2', f.scope);
    assert.equal(i32(0x104), 12);
    evaluate('*name = 74', f.scope);
    assert.equal(show('name'), '0x80000300 "Jello"');
    evaluate('d = 1', f.scope);
    assert.equal(new DataView(f.mem.buffer).getFloat64(0x170, true), 1);
    evaluate('fl = d / 4', f.scope);
    assert.equal(new DataView(f.mem.buffer).getFloat32(0x178, true), 0.25);
    evaluate('pt = pt2', f.scope);
    assert.equal(show('pt'), '{x = 3, y = 4}');
  });

  it('writes registers and locals held in registers', () => {
    evaluate('$a0 = 7', f.scope);
    assert.equal(f.regs.get(10), 7n);
    evaluate('counter = -1', f.scope);
    assert.equal(f.regs.get(10), 0xffffffffffffffffn, 'int in a register is sign-extended');
    assert.equal(val('counter'), -1n);
    evaluate('sp = sp - 16', f.scope);
    assert.equal(f.regs.get(2), A(0x8000 - 16));
    evaluate('$fa0 = 2.25', f.scope);
    assert.equal(f.regs.get(42), new DataView(Float64Array.of(2.25).buffer).getBigUint64(0, true));
    assert.equal(val('$fa0'), 2.25);
  });

  it('writes CSRs through writeCsr', () => {
    const v = evaluate('mstatus = 0x8', f.scope);
    assert.equal(f.csrs.get('mstatus'), 8n);
    assert.equal(readValue(v, f.scope), 8n);
    evaluate('$mstatus |= 0x80', f.scope);
    assert.equal(f.csrs.get('mstatus'), 0x88n);
  });

  it('assign() converts to the lvalue type and returns the new value', () => {
    const v = assign('pt.y', '9', f.scope);
    assert.equal(readValue(v, f.scope), 9n);
    assert.equal(i32(0x104), 9);
    assign('pp', '&pt2', f.scope);
    assert.equal(val('pp->x'), 3n);
    assign('sc', '255', f.scope);
    assert.equal(val('sc'), -1n);
    assign('flag', '0', f.scope);
    assert.equal(show('flag'), 'false');
    assign('c', '1', f.scope);
    assert.equal(show('c'), 'GREEN');
  });

  it('refuses non-lvalues and read-only targets', () => {
    fails('1 = 2', 'cannot assign to a computed value');
    fails('pt.x + 1 = 2', 'cannot assign to a computed value');
    fails('k = 1', 'cannot assign to a computed value');
    fails('$pc = 0', 'the pc can be set only in the top frame of a stopped hart');
    fails('mhartid = 1', 'CSR mhartid is not writable');
    fails('gone = 1', 'cannot assign to an optimized-out value');
    fails('$t0 = 1', 'register t0 is not writable in this frame');
    fails('main = 1', 'cannot assign to a symbol address');
    fails('pt = 1', 'cannot assign a value of type int to struct point');
    fails('*(int *)0x10 = 1', 'memory at 0x10 is not writable');
    assert.equal(i32(0x100), 1, 'nothing was written');
  });
});

describe('expr: CSR fields', () => {
  it('reads fields as members of a CSR, in any case, enumerations by name', () => {
    f.csrs.set('satp', (8n << 60n) | 0x80123n);
    f.csrs.set('mcause', (1n << 63n) | 7n);
    assert.equal(val('mstatus.MPP'), 3n);
    assert.equal(show('mstatus.MPP'), 'M');
    assert.equal(show('$mstatus.mpp'), 'M');
    assert.equal(val('mstatus.SIE'), 0n);
    assert.equal(show('satp.MODE'), 'Sv39');
    assert.equal(val('satp.MODE'), 8n);
    assert.equal(show('satp.PPN', true), '0x80123');
    assert.equal(val('mcause.code'), 7n);
    assert.equal(val('mcause.Interrupt'), 1n);
    assert.equal(val('mstatus.MPP == 3 && mstatus.MIE == 0'), 1n);
    assert.equal(ty('mstatus.MPP'), 'enum mstatus.MPP');
  });

  it('assigns a field by rewriting the CSR, keeping the other bits', () => {
    f.csrs.set('mstatus', 0x1808n);
    const v = evaluate('mstatus.MPP = 1', f.scope);
    assert.equal(f.csrs.get('mstatus'), 0x0808n);
    assert.equal(formatValue(v, f.scope), 'S');
    evaluate('$mstatus.SIE = 1', f.scope);
    assert.equal(f.csrs.get('mstatus'), 0x080an);
    evaluate('mstatus.MPP |= 2', f.scope);
    assert.equal(f.csrs.get('mstatus'), 0x180an);
    assert.equal(readValue(assign('mstatus.FS', '3', f.scope), f.scope), 3n);
    assert.equal(f.csrs.get('mstatus'), 0x780an);
    // assign() (Set Value) also takes a value's name.
    assert.equal(formatValue(assign('mstatus.MPP', ' u ', f.scope), f.scope), 'U');
    assert.equal(f.csrs.get('mstatus'), 0x600an);
    assert.equal(formatValue(assign('mstatus.FS', 'Clean', f.scope), f.scope), 'Clean');
    assert.equal(f.csrs.get('mstatus'), 0x400an);
  });

  it('refuses unknown fields, values that do not fit and read-only CSRs', () => {
    fails('mstatus.FOO', "CSR mstatus has no field 'FOO'");
    fails('mstatus.MPP = 4', 'value 4 does not fit mstatus.MPP (2 bits)');
    assert.equal(f.csrs.get('mstatus'), 0x1800n, 'unchanged');
    f.csrs.set('mcause', 0n);
    fails('mhartid.x', "CSR mhartid has no field 'x'");
  });
});

describe('expr: formatting', () => {
  it('formats scalars', () => {
    assert.equal(show('pt.y'), '-2');
    assert.equal(show('pt.y', true), '0xfffffffe');
    assert.equal(show('-1L', true), '0xffffffffffffffff');
    assert.equal(show("'A'"), "65 'A'");
    assert.equal(show("'A'", true), "0x41 'A'");
    assert.equal(show("(char)10"), "10 '\\n'");
    assert.equal(show("(char)0"), "0 '\\0'");
    assert.equal(show("(char)200"), "200 '\\310'");
    assert.equal(show("(char)39"), "39 '\\''");
    assert.equal(show('sc'), "-1 '\\377'");
    assert.equal(show('flag'), 'true');
    assert.equal(show('d'), '2.5');
    assert.equal(show('fl'), '0.1');
    assert.equal(show('1.0 / 0'), 'inf');
    assert.equal(show('-1.0 / 0'), '-inf');
    assert.equal(show('(double)3'), '3');
    assert.equal(show('1e300 * 10'), '1e+301');
    assert.equal(show('c'), 'BLUE');
    assert.equal(show('c2'), '(color)7');
    assert.equal(show('(int)c + 1'), '3');
    assert.equal(show('big'), '18446744073709551615');
    // Registers print as the Registers view shows them: 16 hex digits, whatever the number format.
    assert.equal(show('$sp', true), '0x0000000080008000');
    assert.equal(show('$sp'), '0x0000000080008000');
    assert.equal(show('$sp + 8'), '0x0000000080008008');
    assert.equal(show('$sp - $sp'), '0');
  });

  it('formats pointers and strings', () => {
    assert.equal(show('pp'), '0x80000100');
    assert.equal(show('vp'), '0x80000100');
    assert.equal(show('fp'), '0x80000040');
    assert.equal(show('name'), '0x80000300 "hello"');
    assert.equal(show('(char *)0x80000301'), '0x80000301 "ello"');
    assert.equal(show('esc'), '0x80000480 "a\\"b\\n\\001"');
    assert.equal(show('longstr'), `0x80000400 "${'A'.repeat(64)}"...`);
    assert.equal(show('bad'), '0x10 <unreadable>');
    assert.equal(show('edge'), '0x8000fffd "xyz"...');
    assert.equal(show('head.next->next'), '0x0');
    assert.equal(show('buf'), '"hi"');
  });

  it('formats aggregates', () => {
    assert.equal(show('pt'), '{x = 1, y = -2}');
    assert.equal(show('pt', true), '{x = 0x1, y = 0xfffffffe}');
    assert.equal(show('*pp'), '{x = 1, y = -2}');
    assert.equal(show('pt2'), '{x = 3, y = 4}');
    assert.equal(show('arr'), '{10, 20, 30, 40}');
    assert.equal(show('arr', true), '{0xa, 0x14, 0x1e, 0x28}');
    assert.equal(show('head'), '{value = 1, next = 0x80000160}');
    assert.equal(show('outer'), '{id = 5, p = {x = 6, y = 7}}');
    assert.equal(show('tg'), '{tag = 9, i = 1069547520, f = 1.5}');
    assert.equal(show('u'), '{i = 1065353216, f = 1, b = ""}');
    assert.equal(show('wide'), '{m0 = 0, m1 = 1, m2 = 2, m3 = 3, m4 = 4, m5 = 5, m6 = 6, m7 = 7, ...}');
    assert.equal(show('many'), `{${Array.from({ length: 16 }, (_, i) => i * 2).join(', ')}, ...}`);
  });

  it('never throws, reporting failures inline', () => {
    assert.equal(show('*(int *)0x10'), '<unreadable 0x10>');
    assert.equal(show('*(struct point *)0x10'), '{x = <unreadable 0x10>, y = <unreadable 0x14>}');
    assert.equal(show('gone'), '<optimized out>');
    assert.equal(show('$t0'), '<not saved>');
    const partial: DValue = { type: tPoint, loc: { kind: 'memory', address: BASE + 0x10000n - 4n } };
    assert.equal(formatValue(partial, f.scope), '{x = 2054780928, y = <unreadable 0x80010000>}');
  });
});

describe('expr: children', () => {
  const names = (text: string): string[] => children(evaluate(text, f.scope), f.scope).map((c) => c.name);
  it('lists members, elements and pointees', () => {
    assert.deepEqual(names('pt'), ['x', 'y']);
    assert.deepEqual(names('tg'), ['tag', 'i', 'f']);
    assert.deepEqual(names('bits'), ['a', 'b', 'c']);
    assert.deepEqual(names('arr'), ['[0]', '[1]', '[2]', '[3]']);
    assert.deepEqual(names('pp'), ['*']);
    assert.deepEqual(children(evaluate('pp', f.scope), f.scope, 'pp').map((c) => c.name), ['*pp']);
    assert.deepEqual(names('name'), []);
    assert.deepEqual(names('vp'), []);
    assert.deepEqual(names('fp'), []);
    assert.deepEqual(names('pt.x'), []);
    assert.equal(names('many').length, 1000);
    const kids = children(evaluate('arr', f.scope), f.scope);
    assert.equal(formatValue(kids[3].value, f.scope), '40');
    const pointee = children(evaluate('head.next', f.scope), f.scope)[0].value;
    assert.equal(formatValue(pointee, f.scope), '{value = 2, next = 0x0}');
    assert.equal(formatValue(children(evaluate('outer', f.scope), f.scope)[1].value, f.scope), '{x = 6, y = 7}');
  });

  it('children of lvalues are lvalues', () => {
    const y = children(evaluate('pt', f.scope), f.scope)[1].value;
    assert.deepEqual(y.loc, { kind: 'memory', address: A(0x104) });
  });

  it('isExpandable follows the type', () => {
    const exp = (text: string): boolean => isExpandable(evaluate(text, f.scope));
    assert.ok(exp('pt') && exp('arr') && exp('pp') && exp('head.next') && exp('u') && exp('pt2'));
    assert.ok(!exp('pt.x') && !exp('name') && !exp('vp') && !exp('fp') && !exp('d') && !exp('c'));
  });
});

describe('expr: types and readValue', () => {
  it('spells types in C', () => {
    assert.equal(typeName(ptr(tPoint)), 'struct point *');
    assert.equal(typeName(arrOf(tInt, 4)), 'int [4]');
    assert.equal(typeName(ptr(tConstChar)), 'const char *');
    assert.equal(typeName({ kind: 'qualified', name: '', size: 8, qualifier: 'const', target: ptr(tChar) }), 'char * const');
    assert.equal(typeName(ptr(arrOf(tInt, 4))), 'int (*)[4]');
    assert.equal(typeName(ptr(tFn)), 'int (*)()');
    assert.equal(typeName(ptr(ptr(tChar))), 'char **');
    assert.equal(typeName(arrOf(arrOf(tInt, 2), 3)), 'int [3][2]');
    assert.equal(typeName(tPointT), 'point_t');
    assert.equal(typeName(tColor), 'enum color');
    assert.equal(typeName(tUnion), 'union u');
    assert.equal(ty('pt2'), 'point_t');
    assert.equal(ty('longstr'), 'const char *');
  });

  it('resolveType strips typedefs and qualifiers', () => {
    assert.equal(resolveType(tPointT), tPoint);
    assert.equal(resolveType({ kind: 'qualified', name: '', size: 8, qualifier: 'volatile', target: tPointT }), tPoint);
  });

  it('readValue returns bigint or number and rejects aggregates', () => {
    assert.equal(readValue(evaluate('pt.y', f.scope), f.scope), -2n);
    assert.equal(readValue(evaluate('d', f.scope), f.scope), 2.5);
    assert.equal(readValue(evaluate('name', f.scope), f.scope), A(0x300));
    assert.equal(readValue(evaluate('c', f.scope), f.scope), 2n);
    assert.equal(readValue(evaluate('arr', f.scope), f.scope), A(0x108), 'arrays decay');
    assert.throws(() => readValue(evaluate('pt', f.scope), f.scope), ExprError);
    assert.throws(() => readValue(evaluate('gone', f.scope), f.scope), /optimized out/);
  });
});

describe('expr: logpoint interpolation', () => {
  it('replaces {expr} and unescapes braces', () => {
    assert.equal(interpolateLogMessage('x={pt.x} y={ pt.y }', f.scope), 'x=1 y=-2');
    assert.equal(interpolateLogMessage('{{literal}} {arr[0]}', f.scope), '{literal} 10');
    assert.equal(interpolateLogMessage('p={pt} s={name}', f.scope), 'p={x = 1, y = -2} s=0x80000300 "hello"');
    assert.equal(interpolateLogMessage('no braces', f.scope), 'no braces');
    assert.equal(interpolateLogMessage('open {pt.x', f.scope), 'open {pt.x');
  });

  it('shows errors inline', () => {
    assert.equal(interpolateLogMessage('v={nope}!', f.scope), "v=<error: unknown identifier 'nope'>!");
    assert.equal(interpolateLogMessage('{1/0}', f.scope), '<error: division by zero>');
    assert.equal(interpolateLogMessage('{*(int*)0x10}', f.scope), '<unreadable 0x10>');
  });
});
