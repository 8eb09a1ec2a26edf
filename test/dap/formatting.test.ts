/**
 * DAP scenarios, presentation (issue 15, findings 1, 6 and 9): evaluate errors come back
 * inline (no `showUser`, so VS Code shows no toast); addresses, pointers, symbols and
 * the address registers in hex with `<symbol+offset>`; the same register text in Watch
 * and in the Registers view; the `numberFormat` launch attribute and DAP `format.hex`;
 * disassembly labels and the rows before readable memory; the Floating Point scope.
 */
import { strict as assert } from 'assert';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { ELF, SRC, Session, hexIn, runToMarker, symbolAddr, useSessions } from './helpers';

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

  it('numberFormat: hex by default for plain integers, decimal on request; DAP format.hex overrides', async () => {
    const s = await session();
    const frame = await runToMarker(s, ELF.o0, SRC.prog, 'locals', { numberFormat: undefined });
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
    const f2 = await runToMarker(s2, ELF.o0, SRC.prog, 'locals', { numberFormat: 'decimal' });
    const l2 = await s2.values(await s2.scopeRef(f2.id, 'Locals'));
    assert.equal(l2.get('i_val'), '-42');
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
    assert.ok(set.body.value.length > 0);
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
});
