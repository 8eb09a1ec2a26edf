/**
 * DAP scenarios, restart: the stop after a restart has the right reason ('entry' with
 * stopOnEntry, 'breakpoint' at a breakpoint) even when the last stop before it was a
 * step; a `continued` event drops the old stop first; `hyperstep.restarted` (for the UART
 * terminal's separator) comes between the old run's UART text and the new run's.
 */
import { strict as assert } from 'assert';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { ELF, SRC, Session, markerLine, runToMarker, useSessions, type Recorded } from './helpers';

/** Index in the session's event log of the first event after `from` matching `pred`. */
function indexOf(s: Session, from: number, pred: (e: DebugProtocol.Event) => boolean): number {
  const i = s.log.slice(from).findIndex((r: Recorded) => pred(r.event));
  return i < 0 ? -1 : from + i;
}

async function restart(s: Session): Promise<number> {
  const mark = s.log.length;
  await s.dc.restartRequest({});
  return mark;
}

describe('DAP: restart', function () {
  this.timeout(8000);
  const session = useSessions();

  it('with stopOnEntry, stops with reason entry after a step; continued comes before the stop', async () => {
    const s = await session();
    await s.launch({ program: ELF.o0, stopOnEntry: true });
    await s.waitStopped('entry');
    await s.dc.stepInRequest({ threadId: 1, granularity: 'instruction' });
    await s.waitStopped('step');
    const mark = await restart(s);
    const stop = await s.waitStopped('entry');
    assert.equal(stop.body.threadId, 1);
    const continued = indexOf(s, mark, (e) => e.event === 'continued');
    const stopped = indexOf(s, mark, (e) => e.event === 'stopped');
    const restarted = indexOf(s, mark, (e) => e.event === 'hyperstep.restarted');
    assert.ok(continued >= 0 && (s.log[continued].event.body as DebugProtocol.ContinuedEvent['body']).allThreadsContinued, s.summary());
    assert.ok(restarted >= 0 && continued < stopped && restarted < stopped, s.summary());
    // Without a UART terminal the Debug Console gets the separator as text.
    const sep = indexOf(s, mark, (e) => e.event === 'output' && (e.body as { output: string }).output === '──── restarted ────\n');
    assert.ok(sep >= 0 && sep < stopped, s.summary());
  });

  it('at a breakpoint, the stop after restart says breakpoint (not the step before it)', async () => {
    const s = await session();
    const line = markerLine(SRC.prog, 'callAdd');
    await runToMarker(s, ELF.o0, SRC.prog, 'callAdd');
    await s.dc.nextRequest({ threadId: 1 });
    await s.waitStopped('step');
    assert.notEqual((await s.topFrame()).line, line);
    await restart(s);
    const stop = await s.waitStopped('breakpoint');
    assert.equal(stop.body.hitBreakpointIds?.length, 1);
    const top = await s.topFrame();
    assert.equal(top.line, line);
    assert.equal(top.name, 'main [M]');
  });

  it('with the UART terminal, hyperstep.restarted separates the two runs\' UART text', async () => {
    const s = await session();
    await runToMarker(s, ELF.o0, SRC.prog, 'afterAdd', { uartTerminal: true });
    const mark = await restart(s);
    await s.waitStopped('breakpoint');
    const uartText = (from: number, to: number): string => s.log.slice(from, to)
      .filter((r) => r.event.event === 'hyperstep.uart').map((r) => (r.event.body as { text: string }).text).join('');
    const restarted = indexOf(s, mark, (e) => e.event === 'hyperstep.restarted');
    assert.ok(restarted >= 0, s.summary());
    assert.equal(uartText(0, restarted), 'hello from prog\n');
    assert.equal(uartText(restarted, s.log.length), 'hello from prog\n');
    assert.equal(indexOf(s, mark, (e) => e.event === 'output' && /restarted/.test((e.body as { output: string }).output)), -1,
      'no separator in the Debug Console when the terminal has one');
  });
});
