/**
 * DAP scenarios, time travel: stepBack (line and instruction), reverseContinue, reverse
 * step out, travel, the timeline and the snapshot diff, on the C and assembly debug
 * guests. Each point reached backwards is compared with the same point reached by a
 * forward run: machine clock, registers, locals and stack memory must all be equal.
 */
import { strict as assert } from 'assert';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ELF, SRC, Session, markerLine, runToMarker, useSessions, elfBytes, insnLength } from './helpers';

interface Point { clock: number; line: number; fn: string; regs: string; locals: string; stack: string }

async function clock(s: Session): Promise<number> {
  const r = await s.dc.customRequest('hyperstep.timeline', { buckets: 10 });
  return (r.body as { now: number }).now;
}

/** Everything the views show at the current stop. */
async function point(s: Session): Promise<Point> {
  const top = await s.topFrame();
  const regs = await s.values(await s.scopeRef(top.id, 'Registers'));
  const locals = await s.values(await s.scopeRef(top.id, 'Locals'));
  const sp = regs.get('sp') ?? regs.get('x2');
  assert.ok(sp !== undefined, 'sp in the Registers scope');
  const mem = await s.dc.customRequest('readMemory', { memoryReference: sp.split(' ')[0], count: 64 });
  return {
    clock: await clock(s), line: top.line, fn: top.name,
    regs: JSON.stringify([...regs]), locals: JSON.stringify([...locals]),
    stack: String((mem.body as DebugProtocol.ReadMemoryResponse['body'])?.data),
  };
}

function same(back: Point, fwd: Point, what: string): void {
  assert.equal(back.clock, fwd.clock, `${what}: clock`);
  assert.equal(back.line, fwd.line, `${what}: line`);
  assert.equal(back.fn, fwd.fn, `${what}: function`);
  assert.equal(back.locals, fwd.locals, `${what}: locals`);
  assert.equal(back.regs, fwd.regs, `${what}: registers`);
  assert.equal(back.stack, fwd.stack, `${what}: stack memory`);
}

describe('DAP: time travel', function () {
  this.timeout(20_000);
  const session = useSessions();

  it('announces supportsStepBack', async () => {
    const s = await session();
    assert.equal(s.capabilities.supportsStepBack, true);
  });

  it('C guest: stepBack by line retraces next exactly (locals, registers, stack memory)', async () => {
    const s = await session();
    await runToMarker(s, ELF.o0, SRC.prog, 'callAdd');
    const fwd: Point[] = [await point(s)];
    for (let k = 0; k < 6; k++) {
      await s.dc.nextRequest({ threadId: 1 });
      await s.waitStopped('step');
      fwd.push(await point(s));
    }
    assert.ok(fwd[6].clock > fwd[0].clock);
    for (let k = 5; k >= 0; k--) {
      await s.dc.stepBackRequest({ threadId: 1 });
      await s.waitStopped('step');
      same(await point(s), fwd[k], `stepBack to forward stop ${k}`);
    }
  });

  it('C guest: stepBack by instruction retraces stepi, across a call', async () => {
    const s = await session();
    await runToMarker(s, ELF.o0, SRC.prog, 'callAdd');
    const fwd: Point[] = [await point(s)];
    for (let k = 0; k < 12; k++) {
      await s.dc.stepInRequest({ threadId: 1, granularity: 'instruction' });
      await s.waitStopped('step');
      fwd.push(await point(s));
    }
    assert.ok(fwd.some((p) => p.fn.startsWith('add')), 'the steps entered add');
    for (let k = 11; k >= 0; k--) {
      await s.dc.stepBackRequest({ threadId: 1, granularity: 'instruction' });
      await s.waitStopped('step');
      same(await point(s), fwd[k], `instruction stepBack to ${k}`);
    }
  });

  it('C guest: reverseContinue stops at the earlier breakpoint hits, then at the start of history', async () => {
    const s = await session();
    await runToMarker(s, ELF.o0, SRC.prog, 'loop');
    const fwd: Point[] = [await point(s)];
    for (let k = 0; k < 3; k++) { await s.continueTo('breakpoint'); fwd.push(await point(s)); }
    const iters = fwd.map((p) => JSON.parse(p.locals) as [string, string][]).map((l) => new Map(l).get('i'));
    assert.deepEqual(iters, ['0', '1', '2', '3'], 'one hit per loop iteration');
    for (let k = 2; k >= 0; k--) {
      await s.dc.reverseContinueRequest({ threadId: 1 });
      const ev = await s.waitStopped('breakpoint');
      assert.ok((ev.body.hitBreakpointIds ?? []).length === 1, 'names the breakpoint');
      same(await point(s), fwd[k], `reverseContinue to hit ${k}`);
    }
    await s.dc.reverseContinueRequest({ threadId: 1 });
    const ev = await s.waitStopped('pause');
    assert.match(String(ev.body.description), /start of recorded history/);
    assert.equal(await clock(s), 0);
    // Forward again replays the recorded future: the same first hit.
    await s.continueTo('breakpoint');
    same(await point(s), fwd[0], 'continue from the start replays to the first hit');
  });

  it('C guest: reverse step out lands on the call in the caller', async () => {
    const s = await session();
    await runToMarker(s, ELF.o0, SRC.prog, 'add');
    const callLine = markerLine(SRC.prog, 'callAdd');
    await s.dc.customRequest('hyperstep.reverseStepOut', { threadId: 1 });
    await s.waitStopped('step');
    const top = await s.topFrame();
    assert.equal(top.line, callLine);
    assert.match(top.name, /^main/);
    const pc = BigInt(top.instructionPointerReference ?? '0');
    assert.equal(insnLength(ELF.o0, pc), 4);
    const b = elfBytes(ELF.o0, pc, 4);
    assert.equal(b[0] & 0x7f, 0x6f, 'at the jal that called add');
    // One instruction forward enters add again.
    await s.dc.stepInRequest({ threadId: 1, granularity: 'instruction' });
    await s.waitStopped('step');
    assert.match((await s.topFrame()).name, /^add/);
  });

  it('assembly guest: reverseContinue and instruction stepBack match the forward run', async () => {
    const s = await session();
    await runToMarker(s, ELF.asm, SRC.asm, 'asmLoop');
    const first = await point(s);
    await s.continueTo('breakpoint');
    const second = await point(s);
    await s.dc.stepInRequest({ threadId: 1, granularity: 'instruction' });
    await s.waitStopped('step');
    await s.dc.stepBackRequest({ threadId: 1, granularity: 'instruction' });
    await s.waitStopped('step');
    same(await point(s), second, 'stepi then step back');
    await s.dc.reverseContinueRequest({ threadId: 1 });
    await s.waitStopped('breakpoint');
    same(await point(s), first, 'reverseContinue to the first hit');
  });

  it('assembly guest: stepBack by line retraces next over source lines of asm.S', async () => {
    const s = await session();
    await runToMarker(s, ELF.asm, SRC.asm, 'asmStart');
    const fwd: Point[] = [await point(s)];
    for (let k = 0; k < 4; k++) {
      await s.dc.nextRequest({ threadId: 1 });
      await s.waitStopped('step');
      fwd.push(await point(s));
    }
    assert.ok(new Set(fwd.map((p) => p.line)).size >= 3, `lines ${fwd.map((p) => p.line).join(', ')}`);
    for (let k = 3; k >= 0; k--) {
      await s.dc.stepBackRequest({ threadId: 1 });
      await s.waitStopped('step');
      same(await point(s), fwd[k], `asm stepBack to ${k}`);
    }
  });

  it('"restore": a session starts from a saved snapshot file', async () => {
    const s = await session();
    await runToMarker(s, ELF.o0, SRC.prog, 'counter');
    const at = await point(s);
    const file = join(tmpdir(), `hyperstep-restore-${process.pid}.hysnap`);
    const saved = (await s.dc.customRequest('hyperstep.saveSnapshot', { path: file })).body as { bytes: number; clock: number };
    assert.equal(saved.clock, at.clock);
    await s.stop();
    const s2 = await session();
    await s2.launch({ program: ELF.o0, restore: file, stopOnEntry: false }, async () => {
      await s2.setBreakpoints(SRC.prog, [{ line: markerLine(SRC.prog, 'exit') }]);
    });
    await s2.waitStopped('breakpoint');
    const locals = await s2.values(await s2.scopeRef((await s2.topFrame()).id, 'Locals'));
    assert.equal(locals.get('total'), new Map(JSON.parse(at.locals) as [string, string][]).get('total'), 'the loop results came from the saved run');
    const tl = (await s2.dc.customRequest('hyperstep.timeline', {})).body as { start: number };
    assert.equal(tl.start, at.clock, 'history starts at the saved clock');
    rmSync(file, { force: true });
  });

  it('timeline marks, travel by clock, and the snapshot diff of a known change', async () => {
    const s = await session();
    await runToMarker(s, ELF.o0, SRC.prog, 'counter');
    const t1 = await clock(s);
    await s.continueTo('breakpoint');
    const tl = (await s.dc.customRequest('hyperstep.timeline', { buckets: 100 })).body as {
      start: number; end: number; now: number; snapshots: { id: number; clock: number }[]; marks: { kind: string; clock: number }[];
    };
    assert.equal(tl.start, 0);
    assert.ok(tl.snapshots.length >= 1 && tl.snapshots[0].clock === 0);
    assert.deepEqual(tl.marks.filter((m) => m.kind === 'breakpoint').map((m) => m.clock), [t1, tl.now]);
    assert.ok(tl.marks.some((m) => m.kind === 'uart'), 'console output is marked');
    // g_counter changed between the two stops: diff the start snapshot with now.
    const d = (await s.dc.customRequest('hyperstep.snapshotDiff', { a: tl.snapshots[0].id, b: 'now' })).body as {
      pages: { ranges: { symbol?: string }[] }[]; registers: { name: string }[];
    };
    assert.ok(d.pages.some((p) => p.ranges.some((r) => r.symbol === 'g_counter')), `g_counter among ${JSON.stringify(d.pages).slice(0, 300)}`);
    assert.ok(d.registers.some((r) => r.name === 'pc'));
    // Travel to the first hit by its clock.
    const r = await s.dc.customRequest('hyperstep.travel', { clock: t1 });
    assert.equal((r.body as { clock: number }).clock, t1);
    await s.waitStopped('goto');
    assert.equal(await clock(s), t1);
    assert.equal((await s.topFrame()).line, markerLine(SRC.prog, 'counter'));
  });

  it('a write in the past starts a new branch; running on uses the new value', async () => {
    const s = await session();
    await runToMarker(s, ELF.o0, SRC.prog, 'loop');
    await s.continueTo('breakpoint');
    await s.dc.reverseContinueRequest({ threadId: 1 });
    await s.waitStopped('breakpoint');
    const top = await s.topFrame();
    const locals = await s.scopeRef(top.id, 'Locals');
    await s.dc.setVariableRequest({ variablesReference: locals, name: 'total', value: '1000' });
    await s.continueTo('breakpoint');
    const after = await s.values(await s.scopeRef((await s.topFrame()).id, 'Locals'));
    assert.equal(after.get('total'), '1000', 'add(1000, i=0) after the write (the recorded run had 5)');
    assert.equal(after.get('i'), '1');
    const tl = (await s.dc.customRequest('hyperstep.timeline', {})).body as { marks: { kind: string }[] };
    assert.ok(tl.marks.some((m) => m.kind === 'branch') && tl.marks.some((m) => m.kind === 'write'));
  });
});
