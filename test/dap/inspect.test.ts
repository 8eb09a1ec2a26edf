/**
 * DAP scenarios, inspection: locals and globals formatted like gdb, the
 * Registers / Floating Point / CSRs scopes, evaluate (and its errors),
 * setVariable, readMemory / writeMemory and disassemble.
 */
import { strict as assert } from 'assert';
import type { DebugProtocol } from '@vscode/debugprotocol';
import {
  ELF, SRC, Session, childValues, elfBytes, elfImage, hex, hexIn, markerLine, parseAddr, runToMarker,
  symbolAddr, useSessions,
} from './helpers';

const ABI = [
  'zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 's0', 's1',
  'a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7',
  's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6',
];
const FP_ABI = [
  'ft0', 'ft1', 'ft2', 'ft3', 'ft4', 'ft5', 'ft6', 'ft7', 'fs0', 'fs1',
  'fa0', 'fa1', 'fa2', 'fa3', 'fa4', 'fa5', 'fa6', 'fa7',
  'fs2', 'fs3', 'fs4', 'fs5', 'fs6', 'fs7', 'fs8', 'fs9', 'fs10', 'fs11', 'ft8', 'ft9', 'ft10', 'ft11',
];
/** 64-bit hex; pc, ra, sp, gp and tp add the symbol that covers them (`<main+0x1c>`). */
const REG_VALUE = /^0x[0-9a-f]{16}( <[^<>]+>)?$/i;

/** Stopped at BP:locals in locals_demo (all its locals initialised). */
async function atLocals(s: Session): Promise<DebugProtocol.StackFrame> {
  const frame = await runToMarker(s, ELF.o0, SRC.prog, 'locals');
  assert.equal(frame.name, 'locals_demo [M]');
  return frame;
}

describe('DAP: inspecting state', function () {
  this.timeout(5000);
  const session = useSessions();

  it('offers the scopes Locals, Globals, Registers, Floating Point, CSRs', async () => {
    const s = await session();
    const frame = await atLocals(s);
    const names = [...(await s.scopes(frame.id)).keys()];
    for (const n of ['Locals', 'Globals', 'Registers', 'Floating Point', 'CSRs']) {
      assert.ok(names.includes(n), `scope ${n} (have ${names.join(', ')})`);
    }
  });

  it('shows locals of several types, gdb style', async () => {
    const s = await session();
    const frame = await atLocals(s);
    const vars = await s.variables(await s.scopeRef(frame.id, 'Locals'));
    const get = (name: string): DebugProtocol.Variable => {
      const v = vars.find((x) => x.name === name);
      assert.ok(v, `local ${name} (have ${vars.map((x) => x.name).join(', ')})`);
      return v;
    };
    assert.equal(get('i_val').value, '-42');
    assert.equal(get('l_val').value, '1234567890123');
    assert.match(get('uc').value, /^200\b/);
    assert.equal(get('d').value, '2.5');
    assert.equal(get('f').value, '1.5');
    assert.match(get('c').value, /^65 'A'$|^'A'$|^65$/);
    assert.equal(get('local_pt').value, '{x = 5, y = 6}');
    assert.deepEqual([...(await childValues(s, get('local_pt')))], [['x', '5'], ['y', '6']]);

    const arr = get('arr');
    assert.equal(arr.value, '{7, 8, 9}');
    assert.deepEqual([...(await childValues(s, arr)).values()], ['7', '8', '9']);

    // Pointer to struct: hex address of g_origin, memoryReference, expands to the struct.
    const p = get('p');
    assert.equal(hexIn(p.value), symbolAddr(ELF.o0, 'g_origin'));
    assert.ok(p.memoryReference, 'pointer carries a memoryReference');
    assert.equal(parseAddr(p.memoryReference), symbolAddr(ELF.o0, 'g_origin'));
    assert.ok(p.variablesReference > 0, 'pointer is expandable');

    // char*: the address and the string.
    const msg = get('msg');
    assert.match(msg.value, /^0x[0-9a-f]+ "hi there"$/i);
    assert.ok(msg.memoryReference);
  });

  it('shows globals of both compilation units: struct, nested struct, union, enum, typedef, array', async () => {
    const s = await session();
    const frame = await atLocals(s);
    const globalsRef = await s.scopeRef(frame.id, 'Globals');
    const vars = await s.variables(globalsRef);
    const get = (name: string): DebugProtocol.Variable => {
      const v = vars.find((x) => x.name === name);
      assert.ok(v, `global ${name}`);
      return v;
    };
    assert.equal(get('g_origin').value, '{x = 3, y = 4}');
    assert.deepEqual([...(await childValues(s, get('g_origin')))], [['x', '3'], ['y', '4']]);
    assert.equal(get('g_array').value, '{10, 20, 30, 40, 50}');
    assert.equal(get('g_color').value, 'COLOR_GREEN');
    assert.equal(get('g_typed').value, '42');
    assert.equal(get('g_typedef_pt').value, '{x = -1, y = 2}');
    assert.equal(get('g_counter').value, '0');
    assert.equal(get('g_ratio').value, '0.75');
    assert.match(get('g_greeting').value, /^0x[0-9a-f]+ "hello"$/i);
    assert.ok(vars.some((v) => v.name === 'g_shape_calls'), 'a global of shapes.c');

    const shape = await childValues(s, get('g_shape'));
    assert.match(shape.get('name') ?? '', /"triangle"/);
    assert.equal(shape.get('color'), 'COLOR_BLUE');
    assert.equal(shape.get('npts'), '3');
    // gdb prints nested aggregates in full; a preview may elide inner ones as {...}.
    assert.match(shape.get('pts') ?? '', /^\{\{(x = 0, y = 0|\.\.\.)\}, \{(x = 4, y = 0|\.\.\.)\}, \{(x = 0, y = 3|\.\.\.)\}\}$/);
    const shapeVar = (await s.variables(get('g_shape').variablesReference)).find((v) => v.name === 'pts')!;
    const pts = await childValues(s, shapeVar);
    assert.deepEqual([...pts.values()], ['{x = 0, y = 0}', '{x = 4, y = 0}', '{x = 0, y = 3}']);

    const union = await childValues(s, get('g_value'));
    assert.equal(union.get('i'), '1065353216');
    assert.equal(union.get('f'), '1');
    assert.ok(union.has('bytes'));
  });

  it('Registers: pc, then x0..x31 by ABI name, 64-bit hex', async () => {
    const s = await session();
    const frame = await atLocals(s);
    const regs = await s.variables(await s.scopeRef(frame.id, 'Registers'));
    assert.deepEqual(regs.slice(0, 33).map((r) => r.name), ['pc', ...ABI]);
    for (const r of regs.slice(0, 33)) assert.match(r.value, REG_VALUE, r.name);
    assert.equal(hexIn(regs[0].value), parseAddr(frame.instructionPointerReference));
    assert.match(regs[0].value, /^0x[0-9a-f]{16} <locals_demo\+0x[0-9a-f]+>$/, 'pc names its function');
    assert.equal(BigInt(regs[1].value), 0n, 'zero');
    const sp = hexIn(regs[3].value);
    assert.ok(sp > 0x80000000n && sp < 0x80000000n + 128n * 1024n * 1024n, `sp ${hex(sp)} in RAM`);
  });

  it('Floating Point: f0..f31 by ABI name showing float and double, and fcsr', async () => {
    const s = await session();
    const frame = await atLocals(s);
    const fregs = await s.variables(await s.scopeRef(frame.id, 'Floating Point'));
    assert.deepEqual(fregs.slice(0, 32).map((r) => r.name), FP_ABI);
    assert.ok(fregs.some((r) => r.name === 'fcsr'), 'fcsr');
    for (const r of fregs.slice(0, 32)) assert.ok(r.value.length > 0, r.name);
    // At -O0 locals_demo's last FP instruction before this line is `flw fa5` of
    // f = 1.5 (NaN-boxed): the float view of fa5 shows 1.5.
    assert.match(fregs.find((r) => r.name === 'fa5')!.value, /\b1\.5\b/);
  });

  it('CSRs: groups, expandable registers, decoded mstatus fields', async () => {
    const s = await session();
    const frame = await atLocals(s);
    const groups = await s.variables(await s.scopeRef(frame.id, 'CSRs'));
    const names = groups.map((g) => g.name);
    for (const g of ['Machine', 'Supervisor', 'User/FP', 'Counters', 'PMP']) {
      assert.ok(names.includes(g), `group ${g} (have ${names.join(', ')})`);
    }
    for (const g of groups) assert.ok(g.variablesReference > 0, `${g.name} expandable`);
    const machine = await s.variables(groups.find((g) => g.name === 'Machine')!.variablesReference);
    const mstatus = machine.find((c) => c.name === 'mstatus');
    assert.ok(mstatus, `mstatus in Machine (have ${machine.map((c) => c.name).join(', ')})`);
    assert.ok(mstatus.variablesReference > 0, 'mstatus expands into fields');
    const fields = await s.values(mstatus.variablesReference);
    assert.ok(fields.has('MPP'), `MPP field (have ${[...fields.keys()].join(', ')})`);
    assert.match(fields.get('MPP')!, /\b[USM]\b/);
    // Collapsed: the hex value and a summary of the non-zero fields, as the expanded
    // fields show them (locals_demo used the FPU: FS = Dirty, so SD = 1).
    const m = /^0x[0-9a-f]{16} \{(.*)\}$/.exec(mstatus.value);
    assert.ok(m, mstatus.value);
    const summary = m[1].split(', ').map((p) => p.split('='));
    assert.ok(summary.some(([k, v]) => k === 'FS' && v === 'Dirty'), mstatus.value);
    for (const [k, v] of summary) assert.equal(fields.get(k), v, `summary ${k}=${v}`);
    assert.equal(mstatus.evaluateName, '$mstatus');
    // Fields in expressions: read, assign (rewrites the CSR), errors.
    assert.equal((await s.evaluate('mstatus.MPP', frame.id)).result, fields.get('MPP'));
    assert.equal((await s.evaluate('$mstatus.fs', frame.id, 'hover')).result, 'Dirty');
    assert.equal((await s.evaluate('satp.MODE', frame.id)).result, 'Bare');
    assert.equal((await s.evaluate('mstatus.MPP = 1', frame.id, 'repl')).result, 'S');
    assert.equal((BigInt((await s.evaluate('mstatus', frame.id)).result) >> 11n) & 3n, 1n, 'the CSR was written');
    await assert.rejects(s.evaluate('mstatus.NOPE', frame.id), /CSR mstatus has no field 'NOPE'/);
    assert.ok(machine.some((c) => c.name === 'mtvec'), 'mtvec');
    // crt0 set mtvec to its trap entry.
    assert.equal(hexIn(machine.find((c) => c.name === 'mtvec')!.value), symbolAddr(ELF.o0, '__virt_trap_entry'));
  });

  it('evaluates variables, registers, CSRs, expressions and casts', async () => {
    const s = await session();
    const frame = await atLocals(s);
    const ev = async (e: string, context = 'watch'): Promise<string> => (await s.evaluate(e, frame.id, context)).result;
    assert.equal(await ev('i_val'), '-42');
    assert.equal(await ev('i_val', 'hover'), '-42');
    assert.equal(await ev('i_val', 'repl'), '-42');
    assert.equal(await ev('g_origin.x + 1'), '4');
    assert.equal(await ev('*p'), '{x = 3, y = 4}');
    assert.equal(await ev('p->y'), '4');
    assert.equal(await ev('arr[1]'), '8');
    assert.equal(await ev('g_array[4] - g_array[0]'), '40');
    assert.match(await ev('(unsigned char)300'), /^44\b/);

    // Register values: decimal (like gdb's `print $a0`) or hex, the same either way.
    const a0 = await ev('$a0');
    assert.match(a0, /^(0x[0-9a-f]+|-?\d+)$/i);
    assert.equal(BigInt.asUintN(64, BigInt(await ev('a0'))), BigInt.asUintN(64, BigInt(a0)));
    const regs = await s.values(await s.scopeRef(frame.id, 'Registers'));
    assert.equal(BigInt.asUintN(64, BigInt(a0)), BigInt(regs.get('a0')!));
    assert.equal(hexIn(await ev('$pc')), parseAddr(frame.instructionPointerReference));
    assert.match(await ev('mstatus'), /0x[0-9a-f]+/i);

    // Structured results can be expanded.
    const r = await s.evaluate('g_origin', frame.id, 'watch');
    assert.equal(r.result, '{x = 3, y = 4}');
    assert.ok(r.variablesReference > 0);
    assert.deepEqual([...(await s.values(r.variablesReference))], [['x', '3'], ['y', '4']]);
  });

  it('evaluate errors: unknown identifier and bad syntax give error responses', async () => {
    const s = await session();
    const frame = await atLocals(s);
    await assert.rejects(s.evaluate('no_such_var + 1', frame.id, 'watch'), /no_such_var/);
    await assert.rejects(s.evaluate('no_such_var', frame.id, 'hover'), /no_such_var/);
    await assert.rejects(s.evaluate('i_val +', frame.id, 'repl'), (e: Error) => e.message.length > 0);
    // A local of another function is not in scope here.
    await assert.rejects(s.evaluate('total', frame.id, 'watch'), /total/);
  });

  it('setVariable on a local, a struct member and a register; reads back', async () => {
    const s = await session();
    const frame = await atLocals(s);
    const locals = await s.scopeRef(frame.id, 'Locals');
    const set = await s.dc.setVariableRequest({ variablesReference: locals, name: 'i_val', value: '100' });
    assert.equal(set.body.value, '100');
    assert.equal((await s.values(locals)).get('i_val'), '100');
    assert.equal((await s.evaluate('i_val', frame.id)).result, '100');

    const pt = (await s.variables(locals)).find((v) => v.name === 'local_pt')!;
    await s.dc.setVariableRequest({ variablesReference: pt.variablesReference, name: 'y', value: '-7' });
    assert.equal((await s.evaluate('local_pt.y', frame.id)).result, '-7');

    const regs = await s.scopeRef(frame.id, 'Registers');
    const r = await s.dc.setVariableRequest({ variablesReference: regs, name: 't6', value: '0x1234' });
    assert.equal(BigInt(r.body.value), 0x1234n);
    assert.equal((await s.values(regs)).get('t6'), '0x0000000000001234');
    assert.equal(BigInt((await s.evaluate('$t6', frame.id)).result), 0x1234n); // decimal or hex

    // The program sees the new value: r = i_val + ... now uses 100 instead of -42.
    await s.dc.nextRequest({ threadId: 1 });
    await s.waitStopped('step');
    const top = await s.topFrame();
    assert.equal(top.line, markerLine(SRC.prog, 'localsRet'));
    // 1234567890470 computed with i_val = -42 and local_pt.y = 6 (see prog's output line).
    assert.equal((await s.evaluate('r', top.id)).result, String(1234567890470 + 142 - 13));
  });

  it('setVariable on a CSR and on one decoded CSR field', async () => {
    const s = await session();
    const frame = await atLocals(s);
    const groups = await s.variables(await s.scopeRef(frame.id, 'CSRs'));
    const machineRef = groups.find((g) => g.name === 'Machine')!.variablesReference;
    const r = await s.dc.setVariableRequest({ variablesReference: machineRef, name: 'mscratch', value: '0xabcd' });
    assert.equal(BigInt(r.body.value), 0xabcdn);
    assert.equal(BigInt((await s.evaluate('mscratch', frame.id)).result), 0xabcdn);

    const mstatus = (await s.variables(machineRef)).find((c) => c.name === 'mstatus')!;
    const f = await s.dc.setVariableRequest({ variablesReference: mstatus.variablesReference, name: 'MPP', value: 'S' });
    assert.equal(f.body.value, 'S');
    const mpp = (BigInt((await s.evaluate('mstatus', frame.id)).result) >> 11n) & 3n;
    assert.equal(mpp, 1n, 'mstatus.MPP = S (1)');
    const bad = await s.dc.setVariableRequest({ variablesReference: machineRef, name: 'mhartid', value: '5' }).catch((e: Error) => e);
    assert.ok(bad instanceof Error && /HyperStep: cannot set mhartid/.test(bad.message), String(bad));
  });

  it('readMemory returns the loaded image; writeMemory changes it', async () => {
    const s = await session();
    await s.launch({ program: ELF.o0, stopOnEntry: true });
    await s.waitStopped('entry');
    const resp = await s.dc.customRequest('readMemory', { memoryReference: '0x80000000', count: 16 }) as DebugProtocol.ReadMemoryResponse;
    assert.ok(resp.body);
    assert.equal(parseAddr(resp.body.address), 0x80000000n);
    assert.deepEqual(new Uint8Array(Buffer.from(resp.body.data ?? '', 'base64')), elfBytes(ELF.o0, 0x80000000n, 16));

    // With an offset, at g_origin: {3, 4} as two little-endian ints.
    const origin = symbolAddr(ELF.o0, 'g_origin');
    const r2 = await s.dc.customRequest('readMemory', { memoryReference: hex(origin - 4n), offset: 4, count: 8 }) as DebugProtocol.ReadMemoryResponse;
    assert.deepEqual([...Buffer.from(r2.body!.data ?? '', 'base64')], [3, 0, 0, 0, 4, 0, 0, 0]);

    await s.dc.customRequest('writeMemory', { memoryReference: hex(origin), data: Buffer.from([9, 0, 0, 0]).toString('base64') });
    assert.equal((await s.evaluate('g_origin.x', (await s.topFrame()).id)).result, '9');
  });

  it('disassembles at the pc with symbols and source lines', async () => {
    const s = await session();
    const frame = await runToMarker(s, ELF.o0, SRC.prog, 'callAdd');
    const pc = parseAddr(frame.instructionPointerReference);
    const resp = await s.dc.disassembleRequest({ memoryReference: hex(pc), instructionCount: 10, resolveSymbols: true });
    const insns = resp.body!.instructions;
    assert.equal(insns.length, 10);
    assert.equal(parseAddr(insns[0].address), pc);
    for (let i = 1; i < insns.length; i++) assert.ok(parseAddr(insns[i].address) > parseAddr(insns[i - 1].address), 'ascending');
    for (const ins of insns) assert.match(ins.instruction, /^[a-z][a-z0-9.]*(\s|$)/, ins.instruction);
    assert.match(insns[0].instruction, /^(li|c\.li|addi)\b/);
    assert.ok(insns.some((i) => /^(jal|call)\b/.test(i.instruction) && /add/.test(i.instruction)), 'the call to add');
    assert.match(insns[0].symbol ?? '', /main/);
    assert.equal(insns[0].location?.path, SRC.prog);
    assert.equal(insns[0].line, markerLine(SRC.prog, 'callAdd'));
  });

  it('disassembles with a negative instruction offset (before the pc)', async () => {
    const s = await session();
    await s.launch({ program: ELF.o0, stopOnEntry: true });
    await s.waitStopped('entry');
    const add = symbolAddr(ELF.o0, 'add');
    const resp = await s.dc.disassembleRequest({ memoryReference: hex(add), instructionOffset: -4, instructionCount: 8 });
    const insns = resp.body!.instructions;
    assert.equal(insns.length, 8);
    assert.equal(parseAddr(insns[4].address), add, 'the reference instruction is at index 4');
    assert.match(insns[4].symbol ?? '', /^add\b/);
    assert.ok(elfImage(ELF.o0).symbolAt(Number(add)));
  });
});
