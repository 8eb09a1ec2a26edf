/**
 * DAP scenarios, presentation (issue 15, findings 1, 6 and 9): evaluate errors come back
 * inline (no `showUser`, so VS Code shows no toast); addresses, pointers, symbols and
 * the address registers in hex with `<symbol+offset>`; the same register text in Watch
 * and in the Registers view; the `numberFormat` launch attribute and DAP `format.hex`;
 * disassembly labels and the rows before readable memory; the Floating Point scope.
 */
import { strict as assert } from 'assert';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { ELF, SRC, Session, elfImage, hex, hexIn, parseAddr, runToMarker, symbolAddr, useSessions } from './helpers';

/** Sends a request and resolves with the raw response, successful or not. */
function rawRequest(s: Session, command: string, args: object): Promise<DebugProtocol.Response> {
  const client = s.dc as unknown as { doSend(c: string, a: object, cb: (r: DebugProtocol.Response) => void): void };
  return new Promise((resolve) => client.doSend(command, args, resolve));
}

/** The error object of a failed response (DAP `ErrorResponse.body.error`). */
function errorOf(r: DebugProtocol.Response): DebugProtocol.Message {
  assert.equal(r.success, false, `${r.command} should fail: ${JSON.stringify(r.body)}`);
  const error = (r as DebugProtocol.ErrorResponse).body?.error;
  assert.ok(error, `${r.command} error response carries body.error`);
  return error;
}

describe('DAP: presentation of values and errors', function () {
  this.timeout(8000);
  const session = useSessions();

  it('evaluate errors in watch, repl, hover and clipboard are inline only (no showUser)', async () => {
    const s = await session();
    const frame = await runToMarker(s, ELF.o0, SRC.prog, 'locals');
    for (const context of ['watch', 'repl', 'hover', 'clipboard', 'variables']) {
      const r = await rawRequest(s, 'evaluate', { expression: 'nosuchvar', frameId: frame.id, context });
      const error = errorOf(r);
      assert.equal(error.showUser, undefined, `${context}: no toast (${JSON.stringify(error)})`);
      assert.match(r.message ?? '', /nosuchvar/, `${context}: the message names the expression`);
    }
    const syntax = errorOf(await rawRequest(s, 'evaluate', { expression: 'i_val +', frameId: frame.id, context: 'repl' }));
    assert.ok(!syntax.showUser, 'a syntax error in the console is no toast');

    // A watch of a local that left scope (i_val after stepping out of locals_demo) fails at every stop.
    await s.dc.stepOutRequest({ threadId: 1 });
    await s.waitStopped('step');
    const out = await rawRequest(s, 'evaluate', { expression: 'i_val', frameId: (await s.topFrame()).id, context: 'watch' });
    assert.equal(errorOf(out).showUser, undefined, 'out of scope: no toast');

    // setVariable keeps telling the user: that is an action they took.
    const regs = await s.scopeRef((await s.topFrame()).id, 'Registers');
    const bad = errorOf(await rawRequest(s, 'setVariable', { variablesReference: regs, name: 't6', value: 'nosuchvar' }));
    assert.equal(bad.showUser, true, 'setVariable errors are shown');
  });
  it('symbols, &global, address arithmetic and address registers are hex with <symbol+offset>', async () => {
    const s = await session();
    const frame = await runToMarker(s, ELF.o0, SRC.prog, 'locals', { numberFormat: 'decimal' });
    const ev = async (e: string): Promise<string> => (await s.evaluate(e, frame.id, 'watch')).result;
    const puts = symbolAddr(ELF.o0, 'puts');
    assert.equal(await ev('puts'), `0x${puts.toString(16)} <puts>`);
    assert.equal(await ev('puts + 4'), `0x${(puts + 4n).toString(16)} <puts+0x4>`);
    assert.equal(await ev('main+0x1c'), `0x${(symbolAddr(ELF.o0, 'main') + 0x1cn).toString(16)} <main+0x1c>`);
    const counter = symbolAddr(ELF.o0, 'g_counter');
    assert.equal(await ev('&g_counter'), `0x${counter.toString(16)} <g_counter>`);
    assert.equal(await ev('&g_array[2]'), `0x${(symbolAddr(ELF.o0, 'g_array') + 8n).toString(16)} <g_array+0x8>`);
    // The stack is covered by no symbol: hex only, 16 digits like every register.
    const sp = await ev('$sp');
    assert.match(sp, /^0x[0-9a-f]{16}$/);
    assert.equal(await ev('$sp+8'), `0x${(hexIn(sp) + 8n).toString(16).padStart(16, '0')}`);
    assert.equal(await ev('$sp - $sp'), '0', 'the distance of two addresses is a number');
    assert.equal(await ev('$gp'), `0x${symbolAddr(ELF.o0, '__global_pointer$').toString(16).padStart(16, '0')} <__global_pointer$>`);
    // ra: back into main, named with its offset; pointers name what they point at.
    assert.match(await ev('$ra'), /^0x[0-9a-f]{16} <main\+0x[0-9a-f]+>$/);
    assert.equal(await ev('p'), `0x${symbolAddr(ELF.o0, 'g_origin').toString(16)} <g_origin>`);
    assert.equal(await ev('i_val'), '-42', 'plain integers in decimal with numberFormat "decimal"');
  });

  it('$pc, $ra and $sp read the same in Watch, hover, the Debug Console and the Registers view', async () => {
    const s = await session();
    const frame = await runToMarker(s, ELF.o0, SRC.prog, 'locals');
    const regs = await s.values(await s.scopeRef(frame.id, 'Registers'));
    const pc = regs.get('pc') ?? '';
    assert.match(pc, /^0x[0-9a-f]{16} <locals_demo\+0x[0-9a-f]+>$/);
    for (const context of ['watch', 'hover', 'repl']) {
      assert.equal((await s.evaluate('$pc', frame.id, context)).result, pc, `$pc in ${context}`);
      assert.equal((await s.evaluate('$ra', frame.id, context)).result, regs.get('ra'), `$ra in ${context}`);
      assert.equal((await s.evaluate('$sp', frame.id, context)).result, regs.get('sp'), `$sp in ${context}`);
      assert.equal((await s.evaluate('$a0', frame.id, context)).result, regs.get('a0'), `$a0 in ${context}`);
    }
    // A caller frame: its pc is the return address in main, in both places.
    const caller = (await s.stack())[1];
    const callerPc = (await s.values(await s.scopeRef(caller.id, 'Registers'))).get('pc');
    assert.match(callerPc ?? '', /<main\+0x[0-9a-f]+>$/);
    assert.equal((await s.evaluate('$pc', caller.id, 'watch')).result, callerPc);
  });

  it('numberFormat: decimal by default for plain integers, hex on request; DAP format.hex overrides', async () => {
    const s = await session();
    const frame = await runToMarker(s, ELF.o0, SRC.prog, 'locals', { numberFormat: 'hex' });
    const locals = await s.values(await s.scopeRef(frame.id, 'Locals'));
    assert.equal(locals.get('i_val'), '0xffffffd6');
    assert.equal(locals.get('l_val'), '0x11f71fb04cb');
    assert.equal(locals.get('c'), "0x41 'A'");
    assert.equal(locals.get('d'), '2.5', 'floating point is unaffected');
    assert.equal(locals.get('local_pt'), '{x = 0x5, y = 0x6}');
    assert.equal((await s.evaluate('g_array[4] - g_array[0]', frame.id)).result, '0x28');
    const dec = await s.dc.evaluateRequest({ expression: 'i_val', frameId: frame.id, context: 'watch', format: { hex: false } });
    assert.equal(dec.body.result, '-42', 'format.hex false: decimal');
    const ref = await s.scopeRef(frame.id, 'Locals');
    const asDec = (await s.dc.variablesRequest({ variablesReference: ref, format: { hex: false } })).body.variables;
    assert.equal(asDec.find((v) => v.name === 'i_val')?.value, '-42');

    const s2 = await session();
    const f2 = await runToMarker(s2, ELF.o0, SRC.prog, 'locals', { numberFormat: undefined });
    const l2 = await s2.values(await s2.scopeRef(f2.id, 'Locals'));
    assert.equal(l2.get('i_val'), '-42', 'the default is decimal');
    assert.equal(l2.get('local_pt'), '{x = 5, y = 6}');
    assert.match(l2.get('p') ?? '', /^0x[0-9a-f]+ <g_origin>$/, 'pointers stay hex');
    const hexed = await s2.dc.evaluateRequest({ expression: 'i_val', frameId: f2.id, context: 'watch', format: { hex: true } });
    assert.equal(hexed.body.result, '0xffffffd6', 'format.hex true: hex');

    const bad = await Session.start();
    try {
      await assert.rejects(bad.launch({ program: ELF.o0, numberFormat: 'octal' }), /"numberFormat" must be "hex" or "decimal"/);
    } finally {
      await bad.stop();
    }
  });

  it('Floating Point: f32 when NaN-boxed, else f64, with the raw bits; children show every view', async () => {
    const s = await session();
    const frame = await runToMarker(s, ELF.o0, SRC.prog, 'locals');
    const fpRef = await s.scopeRef(frame.id, 'Floating Point');
    // locals_demo's last FP instruction before this line loads f = 1.5f into fa5 (NaN-boxed).
    const fa5 = await s.variable(fpRef, 'fa5');
    assert.equal(fa5.value, '1.5 (f32, 0xffffffff3fc00000)');
    const views = await s.values(fa5.variablesReference);
    assert.equal(views.get('f32'), '1.5');
    assert.equal(views.get('bits'), '0xffffffff3fc00000');
    assert.equal(views.get('bits32'), '0x3fc00000');

    const set = await s.dc.setVariableRequest({ variablesReference: fpRef, name: 'ft0', value: '2.25' });
    assert.equal(set.body.value, '2.25 (f64, 0x4002000000000000)', 'Set Value answers in the scope\'s own format');
    const fp2 = await s.scopeRef(frame.id, 'Floating Point');
    const ft0 = await s.variable(fp2, 'ft0');
    assert.equal(ft0.value, '2.25 (f64, 0x4002000000000000)');
    assert.equal((await s.values(ft0.variablesReference)).get('f64'), '2.25');
    assert.equal((await s.variable(fp2, 'ft1')).value.endsWith('(f64, 0x0000000000000000)'), true);

    // fcsr expands into its named fields: the rounding mode and the five flags.
    const fcsr = await s.variable(fp2, 'fcsr');
    assert.ok(fcsr.variablesReference > 0, 'fcsr expands');
    const fields = await s.values(fcsr.variablesReference);
    for (const n of ['FRM', 'NV', 'DZ', 'OF', 'UF', 'NX']) assert.ok(fields.has(n), `fcsr.${n} (have ${[...fields.keys()].join(', ')})`);
    assert.match(fields.get('FRM') ?? '', /RNE|RTZ|RDN|RUP|RMM|DYN/);
  });
  it('disassembly: targets inside a function are <main+0x…>, la and indirect jumps show where they go', async () => {
    const s = await session();
    await s.launch({ program: ELF.o0, stopOnEntry: true });
    await s.waitStopped('entry');
    const main = symbolAddr(ELF.o0, 'main');
    const size = BigInt(elfImage(ELF.o0).symbolByName('main')!.size);
    const rows = (await s.dc.disassembleRequest({ memoryReference: hex(main), instructionCount: 80 })).body!.instructions;
    let branches = 0;
    for (const r of rows) {
      const m = /^(?:c\.)?(?:b[a-z]+|j|jal)\s.*?(0x[0-9a-f]+) <([^<>]+)>/.exec(r.instruction);
      if (m === null) continue;
      const target = BigInt(m[1]);
      if (target < main || target >= main + size) continue;
      branches++;
      assert.equal(m[2], target === main ? 'main' : `main+0x${(target - main).toString(16)}`, r.instruction);
    }
    assert.ok(branches >= 3, `branches inside main labelled with offsets (${branches})`);
    // `la a5, g_array` (auipc + addi) names the address it loads.
    const gArray = symbolAddr(ELF.o0, 'g_array');
    assert.ok(rows.some((r) => r.instruction.endsWith(`# ${hex(gArray)} <g_array>`)), 'la g_array resolved');

    // At a stop on add's `ret`, the jump's target comes from the live ra: back into main.
    const add = symbolAddr(ELF.o0, 'add');
    const addRows = (await s.dc.disassembleRequest({ memoryReference: hex(add), instructionCount: 40 })).body!.instructions;
    const ret = addRows.find((r) => /^(ret|c\.jr ra|jalr zero,0\(ra\))/.test(r.instruction));
    assert.ok(ret, `add's return (${addRows.map((r) => r.instruction).join('; ')})`);
    assert.doesNotMatch(ret.instruction, /#/, 'not stopped there: the target is unknown');
    await s.dc.customRequest('setInstructionBreakpoints', { breakpoints: [{ instructionReference: ret.address }] });
    await s.continueTo('instruction breakpoint');
    const top = await s.topFrame();
    assert.equal(parseAddr(top.instructionPointerReference), parseAddr(ret.address));
    const at = (await s.dc.disassembleRequest({ memoryReference: ret.address, instructionCount: 1 })).body!.instructions[0];
    const ra = hexIn((await s.evaluate('$ra', top.id)).result);
    assert.equal(at.instruction, `${ret.instruction} # ${hex(ra)} <main+0x${(ra - main).toString(16)}>`);
  });

  it('disassembly: an auipc + jalr pair is resolved statically', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hs-fmt-'));
    const src = join(dir, 'far.s');
    writeFileSync(src, [
      '  .option norelax', '  .globl _start', '_start:', '  call target', '  tail target', '1: j 1b',
      '  .globl target', 'target:', '  nop', '  ret', '',
    ].join('\n'));
    const s = await session();
    await s.launch({ program: src, stopOnEntry: true });
    await s.waitStopped('entry');
    const rows = (await s.dc.disassembleRequest({ memoryReference: '0x80000000', instructionCount: 6 })).body!.instructions;
    const jalrs = rows.filter((r) => /^jalr\b/.test(r.instruction));
    assert.equal(jalrs.length, 2, rows.map((r) => r.instruction).join('; '));
    for (const r of jalrs) assert.match(r.instruction, /# 0x[0-9a-f]+ <target>$/, r.instruction);
    const target = hexIn(jalrs[0].instruction.split('#')[1]);
    assert.equal(rows.find((r) => parseAddr(r.address) === target)?.symbol, 'target');
  });

  it('disassembly before RAM: exactly instructionCount rows, no <unreadable> text, one labelled invalid row', async () => {
    const s = await session();
    await s.launch({ program: ELF.o0, stopOnEntry: true });
    await s.waitStopped('entry');
    const rows = (await s.dc.disassembleRequest({ memoryReference: '0x80000000', instructionOffset: -50, instructionCount: 60 })).body!.instructions;
    assert.equal(rows.length, 60, 'DAP: as many rows as asked');
    for (const r of rows) assert.doesNotMatch(r.instruction, /unreadable|\?\?/, r.instruction);
    const skipped = rows.filter((r) => r.address === '-1');
    assert.equal(skipped.length, 49, 'rows VS Code skips (address -1)');
    for (const r of skipped) assert.equal(r.presentationHint, 'invalid');
    assert.deepEqual(rows[49], { address: '0x7ffffffe', instruction: '(no readable memory at 0x7ffffffe)', presentationHint: 'invalid' });
    assert.equal(parseAddr(rows[50].address), 0x80000000n);
    assert.equal(rows[50].presentationHint, undefined);
    assert.equal(rows[50].symbol, '_start');
    // Nothing readable at all: the anchor keeps its address (VS Code anchors the view on it).
    const none = (await s.dc.disassembleRequest({ memoryReference: '0x40000000', instructionOffset: -2, instructionCount: 4 })).body!.instructions;
    assert.deepEqual(none.map((r) => r.address), ['-1', '-1', '0x40000000', '-1']);
  });
  it('stackTrace: parameters with their values when the client asks (format.parameters, format.hex)', async () => {
    const s = await session();
    await runToMarker(s, ELF.o0, SRC.prog, 'add', { numberFormat: 'decimal' });
    const names = async (format?: DebugProtocol.StackFrameFormat): Promise<string[]> =>
      (await s.dc.stackTraceRequest({ threadId: 1, startFrame: 0, levels: 2, format })).body.stackFrames.map((f) => f.name);
    assert.deepEqual(await names(), ['add [M]', 'main [M]'], 'no parameters unless asked');
    assert.deepEqual(await names({ parameters: true }), ['add(a=2, b=3) [M]', 'main() [M]']);
    assert.deepEqual(await names({ parameters: true, hex: true }), ['add(a=0x2, b=0x3) [M]', 'main() [M]']);
    assert.deepEqual(await names({ parameters: true, parameterTypes: true, parameterValues: false }), ['add(int a, int b) [M]', 'main() [M]']);
    assert.deepEqual(await names({ parameters: true, parameterNames: false }), ['add(2, 3) [M]', 'main() [M]']);
  });
});
