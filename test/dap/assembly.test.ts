/**
 * DAP scenarios, assembly sources: `program` names a `.s` file, which the adapter
 * assembles in memory with the built-in assembler. Source breakpoints on `.s` lines
 * stop there, stepping goes line by line, frames name the labels, and assembly errors
 * fail the launch with file:line:column.
 */
import { strict as assert } from 'assert';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ROOT, markerLine, useSessions } from './helpers';

const HELLO = join(ROOT, 'examples/asm-hello/hello.s');

describe('DAP: assembly programs (.s)', function () {
  this.timeout(5000);
  const session = useSessions();

  it('assembles a .s program on launch and stops at breakpoints on its lines', async () => {
    const s = await session();
    const loop = markerLine(HELLO, 'loop');
    const putsLoop = markerLine(HELLO, 'putsLoop');
    await s.launch({ program: HELLO, stopOnEntry: false }, async () => {
      const bps = await s.setBreakpoints(HELLO, [{ line: putsLoop }, { line: loop }]);
      assert.deepEqual(bps.map((b) => [b.verified, b.line]), [[true, putsLoop], [true, loop]]);
    });
    await s.waitStopped('breakpoint');
    let top = await s.topFrame();
    assert.equal(top.source?.path, HELLO);
    assert.equal(top.line, putsLoop);
    assert.match(top.name, /^puts /);
    const frames = await s.stack();
    assert.equal(frames[1]?.line, markerLine(HELLO, 'callPuts'), 'the caller frame is the call line in _start');

    await s.setBreakpoints(HELLO, [{ line: loop }]);
    await s.continueTo('breakpoint');
    top = await s.topFrame();
    assert.equal(top.line, loop);
    assert.match((await s.evaluate('$t1', top.id)).result, /^(1|0x0*1)\b/);
    await s.dc.nextRequest({ threadId: 1 });
    await s.waitStopped('step');
    assert.equal((await s.topFrame()).line, loop + 1);
    await s.setBreakpoints(HELLO, []);
    await s.dc.continueRequest({ threadId: 1 });
    assert.equal(await s.waitExit(), 0);
  });

  it('an assembly error fails the launch with file:line:column and the message', async () => {
    const s = await session();
    const dir = mkdtempSync(join(tmpdir(), 'hs-asm-'));
    const bad = join(dir, 'bad.s');
    writeFileSync(bad, '_start:\n    addi a0, a0, 1\n    addx a1, a1, 2\n    li a2, 0x1, 2\n');
    await assert.rejects(s.launch({ program: bad }), (e: Error) => {
      assert.match(e.message, /bad\.s:3:5: error: unknown instruction 'addx'/);
      assert.match(e.message, /and 1 more error/);
      return true;
    });
  });
});
