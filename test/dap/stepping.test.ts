/**
 * DAP scenarios, stepping: next / stepIn / stepOut at line granularity and
 * with granularity 'instruction' (pc advances by one instruction; `next` steps
 * over a call like gdb's nexti), and the call stack across compilation units.
 */
import { strict as assert } from 'assert';
import {
  ELF, SRC, Session, elfBytes, insnLength, markerLine, runToMarker, symbolAddr, useSessions,
} from './helpers';

/** Is the instruction at `pc` of prog_o0.elf a `jal ra, ...` (a call)? */
function isCall(pc: bigint): boolean {
  if (insnLength(ELF.o0, pc) !== 4) return false;
  const b = elfBytes(ELF.o0, pc, 4);
  const insn = (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
  return (insn & 0x7f) === 0x6f && ((insn >>> 7) & 0x1f) === 1;
}

/** Step single instructions (stepIn, granularity 'instruction') up to the next call. */
async function stepToCall(s: Session): Promise<bigint> {
  let pc = await s.pc();
  for (let n = 0; !isCall(pc); n++) {
    assert.ok(n < 10, 'a call within 10 instructions');
    const len = BigInt(insnLength(ELF.o0, pc));
    await s.dc.stepInRequest({ threadId: 1, granularity: 'instruction' });
    await s.waitStopped('step');
    const next = await s.pc();
    assert.equal(next, pc + len, 'pc advanced by one instruction');
    pc = next;
  }
  return pc;
}

describe('DAP: stepping', function () {
  this.timeout(5000);
  const session = useSessions();

  it('steps into add, out again, then over the rest of the line', async () => {
    const s = await session();
    const callAdd = markerLine(SRC.prog, 'callAdd');
    await runToMarker(s, ELF.o0, SRC.prog, 'callAdd');

    await s.dc.stepInRequest({ threadId: 1 });
    let stop = await s.waitStopped('step');
    assert.equal(stop.body.threadId, 1);
    const [inner, outer] = await s.stack();
    assert.equal(inner.name, 'add [M]');
    assert.equal(inner.source?.path, SRC.prog);
    assert.ok(inner.line >= markerLine(SRC.prog, 'addOpen') && inner.line <= markerLine(SRC.prog, 'add'), `line ${inner.line}`);
    assert.equal(outer.name, 'main [M]');
    assert.equal(outer.line, callAdd);
    // Parameters are visible inside.
    const locals = await s.values(await s.scopeRef(inner.id, 'Locals'));
    assert.equal(locals.get('a'), '2');
    assert.equal(locals.get('b'), '3');

    await s.dc.stepOutRequest({ threadId: 1 });
    stop = await s.waitStopped('step');
    let top = await s.topFrame();
    assert.equal(top.name, 'main [M]');
    assert.equal(top.line, callAdd, 'back in the middle of the calling line');

    await s.dc.nextRequest({ threadId: 1 });
    await s.waitStopped('step');
    top = await s.topFrame();
    assert.equal(top.line, markerLine(SRC.prog, 'afterAdd'));
    assert.equal((await s.evaluate('first', top.id)).result, '5');
  });

  it('next steps over the call to the next line', async () => {
    const s = await session();
    await runToMarker(s, ELF.o0, SRC.prog, 'callAdd');
    await s.dc.nextRequest({ threadId: 1 });
    await s.waitStopped('step');
    const top = await s.topFrame();
    assert.equal(top.name, 'main [M]');
    assert.equal(top.line, markerLine(SRC.prog, 'afterAdd'));
    // A second next runs on to the loop header line.
    await s.dc.nextRequest({ threadId: 1 });
    await s.waitStopped('step');
    assert.equal((await s.topFrame()).line, markerLine(SRC.prog, 'afterAdd') + 1);
  });

  it('instruction granularity: stepIn enters the call, stepOut returns after it', async () => {
    const s = await session();
    await runToMarker(s, ELF.o0, SRC.prog, 'callAdd');
    const call = await stepToCall(s);
    await s.dc.stepInRequest({ threadId: 1, granularity: 'instruction' });
    await s.waitStopped('step');
    assert.equal(await s.pc(), symbolAddr(ELF.o0, 'add'), 'at the first instruction of add');
    assert.equal((await s.topFrame()).name, 'add [M]');

    await s.dc.stepOutRequest({ threadId: 1 });
    await s.waitStopped('step');
    assert.equal(await s.pc(), call + 4n, 'returned to the instruction after the call');
  });

  it('instruction granularity: next steps over a call (nexti)', async () => {
    const s = await session();
    await runToMarker(s, ELF.o0, SRC.prog, 'loop');
    const call = await stepToCall(s);
    await s.dc.nextRequest({ threadId: 1, granularity: 'instruction' });
    await s.waitStopped('step');
    assert.equal(await s.pc(), call + 4n);
    const top = await s.topFrame();
    assert.equal(top.name, 'main [M]');
    assert.equal(top.line, markerLine(SRC.prog, 'loop'));
  });

  it('unwinds through two compilation units and steps out of a static function', async () => {
    const s = await session();
    await runToMarker(s, ELF.o0, SRC.shapes, 'dist');
    const frames = await s.stack();
    assert.deepEqual(frames.slice(0, 3).map((f) => f.name), ['dist_sq [M]', 'shape_perimeter_sq [M]', 'main [M]']);
    assert.equal(frames[0].source?.path, SRC.shapes);
    assert.equal(frames[2].source?.path, SRC.prog);
    assert.equal(frames[2].line, markerLine(SRC.prog, 'callShape'));

    await s.dc.stepOutRequest({ threadId: 1 });
    await s.waitStopped('step');
    const top = await s.topFrame();
    assert.equal(top.name, 'shape_perimeter_sq [M]');
    assert.equal(top.source?.path, SRC.shapes);
  });
});
