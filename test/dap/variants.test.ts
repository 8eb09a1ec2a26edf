/**
 * DAP scenarios, other debug-info flavours: the same program built with
 * DWARF 4 (-O0 -gdwarf-4) and optimised (-Og, parameters in registers /
 * location lists, unwinding with .eh_frame CFI), and hand-written assembly
 * with line info (breakpoints in the .S file, registers, CFI unwinding).
 */
import { strict as assert } from 'assert';
import {
  ELF, PROG_EXIT_CODE, SRC, markerLine, parseAddr, runToMarker, symbolAddr, useSessions,
} from './helpers';

describe('DAP: DWARF 4, -Og and assembly guests', function () {
  this.timeout(5000);
  const session = useSessions();

  it('DWARF 4: line breakpoint, locals, globals and parameters', async () => {
    const s = await session();
    let frame = await runToMarker(s, ELF.dw4, SRC.prog, 'locals');
    assert.equal(frame.name, 'locals_demo [M]');
    assert.equal(frame.source?.path, SRC.prog);
    const locals = await s.values(await s.scopeRef(frame.id, 'Locals'));
    assert.equal(locals.get('i_val'), '-42');
    assert.equal(locals.get('local_pt'), '{x = 5, y = 6}');
    assert.equal(locals.get('arr'), '{7, 8, 9}');
    assert.equal((await s.evaluate('g_origin', frame.id)).result, '{x = 3, y = 4}');
    assert.equal((await s.evaluate('*p', frame.id)).result, '{x = 3, y = 4}');

    // Parameters of add, with its caller in the stack.
    await s.setBreakpoints(SRC.prog, [{ line: markerLine(SRC.prog, 'add') }]);
    await s.setBreakpoints(SRC.shapes, [{ line: markerLine(SRC.shapes, 'dist') }]);
    await s.continueTo('breakpoint');
    const frames = await s.stack();
    frame = frames[0];
    assert.equal(frame.source?.path, SRC.shapes, 'add is not called after locals_demo: next stop is dist_sq');
    assert.equal(frames[1].name, 'shape_perimeter_sq [M]');
    const d = await s.values(await s.scopeRef(frame.id, 'Locals'));
    assert.equal(d.get('a'), '{x = 0, y = 0}');
    assert.equal(d.get('b'), '{x = 4, y = 0}');
    assert.equal(d.get('dx'), '4');
  });

  it('DWARF 4: parameters of add on the first call', async () => {
    const s = await session();
    const frame = await runToMarker(s, ELF.dw4, SRC.prog, 'add');
    assert.equal(frame.name, 'add [M]');
    assert.equal((await s.evaluate('a', frame.id)).result, '2');
    assert.equal((await s.evaluate('b', frame.id)).result, '3');
  });

  it('-Og: breakpoint in add, parameters from registers, caller unwound via CFI', async () => {
    const s = await session();
    const frame = await runToMarker(s, ELF.og, SRC.prog, 'add');
    assert.equal(frame.name, 'add [M]');
    assert.equal(frame.source?.path, SRC.prog);
    const locals = await s.values(await s.scopeRef(frame.id, 'Locals'));
    assert.equal(locals.get('a'), '2');
    assert.equal(locals.get('b'), '3');
    assert.equal((await s.evaluate('a + b', frame.id)).result, '5');
    const frames = await s.stack();
    assert.equal(frames[1].name, 'main [M]');
    assert.equal(frames[1].source?.path, SRC.prog);
    assert.equal(frames[1].line, markerLine(SRC.prog, 'callAdd'));

    // Second hit: add(5, 0) from the loop.
    await s.continueTo('breakpoint');
    const top = await s.topFrame();
    assert.equal((await s.evaluate('a', top.id)).result, '5');
    assert.equal((await s.evaluate('b', top.id)).result, '0');
    assert.equal((await s.stack())[1].line, markerLine(SRC.prog, 'loop'));
  });

  it('-Og: the program still runs to its exit code after stepping out of add', async () => {
    const s = await session();
    await runToMarker(s, ELF.og, SRC.prog, 'add');
    await s.setBreakpoints(SRC.prog, []);
    await s.dc.stepOutRequest({ threadId: 1 });
    await s.waitStopped('step');
    assert.equal((await s.topFrame()).name, 'main [M]');
    await s.dc.continueRequest({ threadId: 1 });
    assert.equal(await s.waitExit(), PROG_EXIT_CODE);
  });

  it('assembly: breakpoint on a line of asm.S, registers, CFI unwinding', async () => {
    const s = await session();
    const frame = await runToMarker(s, ELF.asm, SRC.asm, 'asmLoop');
    assert.equal(frame.name, 'sum_squares [M]');
    assert.equal(frame.source?.path, SRC.asm);
    assert.equal(BigInt((await s.evaluate('$s1', frame.id)).result), 1n);
    const frames = await s.stack();
    assert.equal(frames[1].name, '_start [M]');
    assert.equal(frames[1].source?.path, SRC.asm);
    assert.equal(frames[1].line, markerLine(SRC.asm, 'asmCall'));

    // Next hit: the second iteration.
    await s.continueTo('breakpoint');
    assert.equal(BigInt((await s.evaluate('$s1', (await s.topFrame()).id)).result), 2n);

    // Line step over `call square` stays in sum_squares.
    await s.dc.nextRequest({ threadId: 1 });
    await s.waitStopped('step');
    let top = await s.topFrame();
    assert.equal(top.name, 'sum_squares [M]');
    assert.equal(top.line, markerLine(SRC.asm, 'asmLoop') + 1);
    await s.dc.nextRequest({ threadId: 1 });
    await s.waitStopped('step');
    top = await s.topFrame();
    assert.equal(top.line, markerLine(SRC.asm, 'asmLoop') + 2);
    assert.equal(BigInt((await s.evaluate('$a0', top.id)).result), 4n, 'square(2)');

    await s.setBreakpoints(SRC.asm, []);
    await s.dc.continueRequest({ threadId: 1 });
    assert.equal(await s.waitExit(), 0);
  });

  it('assembly: step into square at line granularity', async () => {
    const s = await session();
    await runToMarker(s, ELF.asm, SRC.asm, 'asmLoop');
    await s.dc.nextRequest({ threadId: 1 });
    await s.waitStopped('step');
    assert.equal((await s.topFrame()).line, markerLine(SRC.asm, 'asmLoop') + 1);
    await s.dc.stepInRequest({ threadId: 1 });
    await s.waitStopped('step');
    const top = await s.topFrame();
    assert.equal(top.name, 'square [M]');
    assert.equal(top.source?.path, SRC.asm);
    // At its first line, or after it if the adapter skips a one-line "prologue".
    const first = markerLine(SRC.asm, 'asmSquare');
    assert.ok(top.line === first || top.line === first + 1, `line ${top.line}`);
    const pc = parseAddr(top.instructionPointerReference);
    const square = symbolAddr(ELF.asm, 'square');
    assert.ok(pc >= square && pc < square + 6n, `pc 0x${pc.toString(16)} in square`);
    // stepOut returns to sum_squares right after the call, which ends its line:
    // the return address is the first instruction of the next line.
    await s.dc.stepOutRequest({ threadId: 1 });
    await s.waitStopped('step');
    const back = await s.topFrame();
    assert.equal(back.name, 'sum_squares [M]');
    assert.equal(back.line, markerLine(SRC.asm, 'asmLoop') + 2);
    assert.equal(BigInt((await s.evaluate('$a0', back.id)).result), 1n);
  });
});

describe('DAP: inlined functions (-O2)', function () {
  this.timeout(5000);
  const session = useSessions();

  it('shows inlined calls as frames, each at its call line with its own locals', async () => {
    const s = await session();
    const top = await runToMarker(s, ELF.inline, SRC.inline, 'clampBody');
    const stack = await s.stack();
    assert.deepEqual(stack.slice(0, 3).map((f) => [f.name, f.line]), [
      ['clamp [M]', markerLine(SRC.inline, 'clampBody')],
      ['scale [M]', markerLine(SRC.inline, 'callClamp')],
      ['main [M]', markerLine(SRC.inline, 'callScale')],
    ]);
    assert.equal(top.source?.path, SRC.inline);
    const names = async (frameId: number): Promise<string[]> => [...(await s.values(await s.scopeRef(frameId, 'Locals'))).keys()];
    assert.deepEqual(await names(stack[0].id), ['x']);
    assert.deepEqual(await names(stack[1].id), ['v', 'k', 't']);
    assert.deepEqual(await names(stack[2].id), ['sum', 'i', 'r']);
    // The first call is scale(g_values[0], 2): v and k are live here.
    assert.equal((await s.evaluate('k', stack[1].id)).result, '2');
    assert.equal((await s.evaluate('v * k == t', stack[1].id)).result, '1');
  });

  it('a function breakpoint on an inlined-only function stops in each inlined copy', async () => {
    const s = await session();
    await s.launch({ program: ELF.inline, stopOnEntry: false }, async () => {
      const r = await s.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'scale' }] });
      assert.equal(r.body.breakpoints[0].verified, true);
    });
    await s.waitStopped('function breakpoint');
    const stack = await s.stack();
    assert.ok(stack.some((f) => f.name === 'scale [M]'), stack.map((f) => f.name).join(', '));
  });

  it('step out of an inlined function returns to its caller', async () => {
    const s = await session();
    await runToMarker(s, ELF.inline, SRC.inline, 'scaleBody');
    assert.equal((await s.topFrame()).name, 'scale [M]');
    await s.dc.stepOutRequest({ threadId: 1 });
    await s.waitStopped('step');
    const top = await s.topFrame();
    assert.notEqual(top.name, 'scale [M]');
    assert.notEqual(top.name, 'clamp [M]');
    assert.equal(top.name, 'main [M]');
  });
});
