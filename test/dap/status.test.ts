/**
 * `hyperstep.status` (debug-adapter/status.ts): live counters for the workbench while
 * the guest runs and after it stops, without stopping it.
 */
import { strict as assert } from 'assert';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { ELF, useSessions } from './helpers';

interface Status {
  state: string; instructions: number; mips: number; seconds: number; exitCode?: number;
  harts: { id: number; mode: string; pc: string; symbol?: string; idle: boolean }[];
  stats: { instructionsByMode: Record<string, number> };
}

describe('DAP: hyperstep.status', () => {
  const session = useSessions();

  it('reports a running guest\'s counters without stopping it, then the stop and the exit', async () => {
    const s = await session();
    await s.launch({ program: ELF.spin, stopOnEntry: false });
    let text = '';
    while (!/spinning/.test(text)) text += (await s.nextEvent<DebugProtocol.OutputEvent>('output')).event.body.output;
    const status = async (): Promise<Status> => (await s.dc.customRequest('hyperstep.status')).body as Status;
    const a = await status();
    await new Promise((r) => setTimeout(r, 300));
    const b = await status();
    assert.equal(b.state, 'running');
    assert.ok(b.instructions > a.instructions, `${a.instructions} -> ${b.instructions}`);
    assert.ok(b.mips > 1, `mips ${b.mips}`);
    assert.ok(b.seconds > 0.2, `seconds ${b.seconds}`);
    assert.equal(b.harts.length, 1);
    assert.equal(b.harts[0].mode, 'M');
    assert.match(b.harts[0].pc, /^0x8[0-9a-f]+$/);
    assert.match(b.harts[0].symbol ?? '', /^main(\+0x[0-9a-f]+)?$/);
    assert.ok(b.stats.instructionsByMode.M >= b.instructions - 1000);
    assert.equal(s.pending('stopped'), 0, 'asking did not stop the guest');
    await s.dc.pauseRequest({ threadId: 1 });
    await s.waitStopped('pause');
    const c = await status();
    assert.equal(c.state, 'stopped');
    const d = await status();
    assert.equal(d.instructions, c.instructions, 'nothing runs while stopped');
    assert.equal(d.mips, 0);
  });

  it('carries the exit code after the guest powered off', async () => {
    const s = await session();
    await s.launch({ program: ELF.o0, stopOnEntry: false });
    await s.waitExit();
    const st = (await s.dc.customRequest('hyperstep.status')).body as Status;
    assert.equal(st.state, 'exited');
    assert.equal(st.exitCode, 7);
  });
});
