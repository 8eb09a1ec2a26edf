/**
 * `"gdbServer"` launches (debug-adapter/gdbServer.ts): a DAP session (the standalone
 * adapter, dist/debugAdapter.js) and a raw RSP client over a socket drive one machine.
 * A breakpoint of either client stops the machine for both, gdb's continue and step
 * reach DAP as `continued` then `stopped`, a continue gdb sends while VS Code runs the
 * machine is answered by that run's stop, a pause from either ends the other's run,
 * and the guest's exit reaches both.
 */
import { strict as assert } from 'assert';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { Session, ELF, SRC, markerLine, symbolAddr } from '../dap/helpers';
import { RspClient } from './rspClient';
import { le64 } from '../../gdb-stub/stub';

/** pc (register 32) of a `g` reply. */
function gPc(g: string): bigint {
  const h = g.slice(32 * 16, 33 * 16);
  let v = 0n;
  for (let i = 14; i >= 0; i -= 2) v = (v << 8n) | BigInt(parseInt(h.slice(i, i + 2), 16));
  return v;
}

/** Launch with "gdbServer": 0 and return the port the Debug Console names. */
async function launch(s: Session, config: Record<string, unknown>): Promise<number> {
  await s.launch({ gdbServer: 0, ...config });
  for (;;) {
    const { event } = await s.nextEvent<DebugProtocol.OutputEvent>('output');
    const m = /gdb stub listening on 127\.0\.0\.1:(\d+) \(gdb-multiarch: target remote 127\.0\.0\.1:\1\)/.exec(event.body.output);
    if (m !== null) return Number(m[1]);
  }
}

describe('gdbServer: gdb and VS Code on one machine', () => {
  let s: Session | undefined;
  let c: RspClient | undefined;
  afterEach(async () => {
    c?.close();
    c = undefined;
    await s?.dc.stop();
    s = undefined;
  });

  it('breakpoints of either stop both; gdb continue reaches DAP; the exit reaches both', async () => {
    s = await Session.start();
    const port = await launch(s, { program: ELF.o0, stopOnEntry: true });
    await s.waitStopped('entry');
    c = await RspClient.open(port);
    assert.match(await c.ask('qSupported:swbreak+;hwbreak+'), /swbreak\+/);
    assert.equal(await c.ask('?'), 'T05thread:1;');

    // gdb's breakpoint, gdb's continue: DAP sees `continued`, then the stop at add.
    const add = symbolAddr(ELF.o0, 'add');
    assert.equal(await c.ask(`Z0,${add.toString(16)},2`), 'OK');
    assert.equal(await c.ask('vCont;c'), 'T05thread:1;swbreak:;');
    const cont = await s.nextEvent<DebugProtocol.ContinuedEvent>('continued');
    assert.equal(cont.event.body.allThreadsContinued, true);
    await s.waitStopped('instruction breakpoint');
    assert.equal(await s.pc(), add);
    assert.equal(gPc(await c.ask('g')), add);

    // VS Code's breakpoint, gdb's continue: gdb gets a plain T05 (not its breakpoint).
    assert.equal(await c.ask(`z0,${add.toString(16)},2`), 'OK');
    const [bp] = await s.setBreakpoints(SRC.prog, [{ line: markerLine(SRC.prog, 'loop') }]);
    assert.equal(bp.verified, true);
    assert.equal(await c.ask('c'), 'T05thread:1;');
    await s.nextEvent('continued');
    const stop = await s.waitStopped('breakpoint');
    assert.deepEqual(stop.body.hitBreakpointIds, [bp.id]);
    const frame = await s.topFrame();
    assert.equal(frame.line, markerLine(SRC.prog, 'loop'));
    assert.equal(gPc(await c.ask('g')), await s.pc());

    // gdb's breakpoint, VS Code's continue: DAP stops at add; gdb's `?` names the stop.
    await s.setBreakpoints(SRC.prog, []);
    assert.equal(await c.ask(`Z0,${add.toString(16)},2`), 'OK');
    await s.continueTo('instruction breakpoint');
    assert.equal(await s.pc(), add);
    assert.equal(await c.ask('?'), 'T05thread:1;swbreak:;');
    assert.equal(await c.ask('p20'), le64(add));

    // gdb steps one instruction: DAP sees it too.
    assert.equal(await c.ask('vCont;s:1'), 'T05thread:1;');
    await s.nextEvent('continued');
    await s.waitStopped('step');
    const pc = await s.pc();
    assert.ok(pc === add + 2n || pc === add + 4n, `pc after the step 0x${pc.toString(16)}`);

    // Without breakpoints, gdb's continue runs to the exit: W07 for gdb, exited(7) for DAP.
    assert.equal(await c.ask(`z0,${add.toString(16)},2`), 'OK');
    assert.equal(await c.ask('c', 30000), 'W07');
    assert.equal(await s.waitExit(30000), 7);
  });

  it("watchpoints of both clients are merged; a restart serves the new machine on the same port", async () => {
    s = await Session.start();
    const port = await launch(s, { program: ELF.o0, stopOnEntry: true });
    await s.waitStopped('entry');
    c = await RspClient.open(port);
    assert.match(await c.ask('qSupported:swbreak+;hwbreak+'), /swbreak\+/);
    const counter = symbolAddr(ELF.o0, 'g_counter'), lastSum = symbolAddr(ELF.o0, 'g_last_sum');
    const add = symbolAddr(ELF.o0, 'add');
    // To add first (past the start code, which clears both variables with one store).
    assert.equal(await c.ask(`Z0,${add.toString(16)},2`), 'OK');
    assert.equal(await c.ask('c'), 'T05thread:1;swbreak:;');
    assert.equal(await c.ask(`z0,${add.toString(16)},2`), 'OK');
    await s.waitStopped('instruction breakpoint');
    // gdb watches g_counter, VS Code g_last_sum (written next, in add).
    assert.equal(await c.ask(`Z2,${counter.toString(16)},4`), 'OK');
    const set = await s.dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: `0x${lastSum.toString(16)}/4`, accessType: 'write' }] });
    assert.equal(set.body.breakpoints[0].verified, true);
    await s.continueTo('data breakpoint');
    assert.equal(await c.ask('?'), 'T05thread:1;', "VS Code's watchpoint is not named to gdb");
    // VS Code drops its watchpoint: gdb's stays, and stops gdb's continue.
    await s.dc.setDataBreakpointsRequest({ breakpoints: [] });
    assert.equal(await c.ask('c'), `T05thread:1;watch:${counter.toString(16)};`);
    await s.nextEvent('continued');
    await s.waitStopped('data breakpoint');

    // Restart: gdb is disconnected; the restarted machine is served on the same port.
    await s.dc.restartRequest({});
    await s.waitStopped('entry');
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(c.closed, true, 'the old connection was closed');
    c = await RspClient.open(port);
    assert.equal(await c.ask('?'), 'T05thread:1;');
    assert.equal(await c.ask(`Z0,${add.toString(16)},2`), 'OK');
    assert.equal(await c.ask('c'), 'T05thread:1;');
    await s.waitStopped('instruction breakpoint');
    assert.equal(await s.pc(), add);
  });

  it('gdb continue while VS Code runs the machine is answered by its stop; pause from either ends the run', async () => {
    s = await Session.start();
    const port = await launch(s, { program: ELF.spin, stopOnEntry: false });
    // Attaching gdb pauses the running guest, as QEMU's stub does: DAP sees the stop.
    c = await RspClient.open(port);
    await s.waitStopped('pause');
    assert.equal(await c.ask('?'), 'T02thread:1;');

    // VS Code continues; gdb's continue waits for that run (no reply yet)...
    await s.dc.continueRequest({ threadId: 1 });
    c.send('vCont;c');
    assert.equal(await c.hasReply(300), false, 'no stop reply while the guest spins');
    assert.equal(s.pending('continued'), 0, 'gdb did not start a second run');
    // ... and VS Code's pause answers it.
    await s.dc.pauseRequest({ threadId: 1 });
    await s.waitStopped('pause');
    assert.equal(await c.next(), 'T02thread:1;');

    // gdb's own continue, paused with Ctrl-C: DAP sees continued, then the pause.
    c.send('c');
    await s.nextEvent('continued');
    assert.equal(await c.hasReply(200), false);
    c.raw('\x03');
    assert.equal(await c.next(), 'T02thread:1;');
    await s.waitStopped('pause');

    // gdb's continue, paused from VS Code.
    c.send('c');
    await s.nextEvent('continued');
    await s.dc.pauseRequest({ threadId: 1 });
    assert.equal(await c.next(), 'T02thread:1;');
    await s.waitStopped('pause');

    // Detach: the session goes on and VS Code still drives the machine.
    assert.equal(await c.ask('D'), 'OK');
    await s.dc.continueRequest({ threadId: 1 });
    await s.dc.pauseRequest({ threadId: 1 });
    await s.waitStopped('pause');
  });
});
