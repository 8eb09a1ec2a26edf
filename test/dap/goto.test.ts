/**
 * DAP scenarios, moving the pc: Jump to Cursor (gotoTargets + goto, a `stopped`
 * event with reason 'goto'), Set Value on `pc` in the Registers scope and `$pc = …`
 * in the console; execution really resumes at the new pc (a skipped call is not made).
 */
import { strict as assert } from 'assert';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { ELF, SRC, Session, hex, markerLine, parseAddr, runToMarker, symbolAddr, useSessions } from './helpers';

async function targetsOf(s: Session, line: number): Promise<DebugProtocol.GotoTarget[]> {
  return (await s.dc.gotoTargetsRequest({ source: { path: SRC.prog }, line })).body.targets;
}

describe('DAP: goto, Jump to Cursor and setting the pc', function () {
  this.timeout(5000);
  const session = useSessions();

  it('announces supportsGotoTargetsRequest', async () => {
    const s = await session();
    assert.equal(s.capabilities.supportsGotoTargetsRequest, true);
  });

  it('jumps over a call: gotoTargets gives the line, goto stops with reason goto, the call is never made', async () => {
    const s = await session();
    await runToMarker(s, ELF.o0, SRC.prog, 'callAdd');
    const after = markerLine(SRC.prog, 'afterAdd');
    const targets = await targetsOf(s, after);
    assert.ok(targets.length >= 1, 'at least one target');
    assert.equal(targets[0].line, after);
    assert.match(targets[0].label, /in main at 0x[0-9a-f]+$/);
    const addr = parseAddr(targets[0].instructionPointerReference);
    await s.dc.gotoRequest({ threadId: 1, targetId: targets[0].id });
    const stop = await s.waitStopped('goto');
    assert.equal(stop.body.threadId, 1);
    const top = await s.topFrame();
    assert.equal(top.line, after);
    assert.equal(parseAddr(top.instructionPointerReference), addr);
    // add(2, 3) was skipped: the first call of add is the loop's, add(total, 0).
    await s.setBreakpoints(SRC.prog, [{ line: markerLine(SRC.prog, 'add') }]);
    await s.continueTo('breakpoint');
    assert.equal((await s.evaluate('b', (await s.topFrame()).id)).result, '0');
  });

  it('a comment line in a function jumps to its next statement; a line outside any function has no target', async () => {
    const s = await session();
    await runToMarker(s, ELF.o0, SRC.prog, 'callAdd');
    const [t] = await targetsOf(s, markerLine(SRC.prog, 'nocode'));
    assert.equal(t.line, markerLine(SRC.prog, 'afterNocode'));
    await assert.rejects(targetsOf(s, 14), /no code at line 14 of prog\.c/);
  });

  it('Set Value on pc in the Registers scope moves the hart and reports a goto stop', async () => {
    const s = await session();
    const frame = await runToMarker(s, ELF.o0, SRC.prog, 'callAdd');
    const regs = await s.scopeRef(frame.id, 'Registers');
    const [t] = await targetsOf(s, markerLine(SRC.prog, 'afterAdd'));
    const addr = parseAddr(t.instructionPointerReference);
    const r = await s.dc.setVariableRequest({ variablesReference: regs, name: 'pc', value: hex(addr) });
    assert.equal(parseAddr(r.body.value), addr);
    assert.match(r.body.value, /^0x[0-9a-f]{16} <main\+0x[0-9a-f]+>$/, 'as the Registers view shows pc');
    await s.waitStopped('goto');
    assert.equal(await s.pc(), addr);
    assert.equal((await s.topFrame()).line, markerLine(SRC.prog, 'afterAdd'));
  });

  it('$pc = ADDR in the console sets the pc; bad addresses and caller frames are refused with a reason', async () => {
    const s = await session();
    await runToMarker(s, ELF.o0, SRC.prog, 'add');
    const main = symbolAddr(ELF.o0, 'main');
    const r = await s.evaluate(`$pc = ${hex(main)}`, undefined, 'repl');
    assert.equal(r.result, `0x${main.toString(16).padStart(16, '0')} <main>`, 'the new pc, as the Registers view shows it');
    await s.waitStopped('goto');
    assert.equal(await s.pc(), main);
    assert.equal((await s.topFrame()).name, 'main [M]');
    await assert.rejects(s.evaluate(`$pc = ${hex(main + 1n)}`, undefined, 'repl'), /cannot set the pc: .*odd/);
    assert.equal(await s.pc(), main, 'unchanged');
  });

  it('the pc of a caller frame cannot be set', async () => {
    const s = await session();
    await runToMarker(s, ELF.o0, SRC.prog, 'add');
    const frames = await s.stack();
    assert.equal(frames[1].name, 'main [M]');
    await assert.rejects(s.evaluate('$pc = 0x80000000', frames[1].id, 'repl'), /only in the top frame/);
  });
});
