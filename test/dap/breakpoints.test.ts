/**
 * DAP scenarios, breakpoints: source lines (and a line without code, which
 * moves to the next line with code of the same function, or stays unverified
 * outside any function), hit counts, conditions, logpoints,
 * function, instruction and data breakpoints, and the exception filters.
 */
import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import type { DebugProtocol } from '@vscode/debugprotocol';
import {
  ELF, PROG_EXIT_CODE, SRC, hex, markerLine, parseAddr, runToMarker, symbolAddr, useSessions,
} from './helpers';

describe('DAP: breakpoints', function () {
  this.timeout(5000);
  const session = useSessions();

  it('stops at a source line breakpoint in main and in a second compilation unit', async () => {
    const s = await session();
    const callAdd = markerLine(SRC.prog, 'callAdd');
    const area = markerLine(SRC.shapes, 'area');
    let ids: (number | undefined)[] = [];
    await s.launch({ program: ELF.o0, stopOnEntry: false }, async () => {
      const bps = await s.setBreakpoints(SRC.prog, [{ line: callAdd }]);
      const bps2 = await s.setBreakpoints(SRC.shapes, [{ line: area }]);
      for (const bp of [...bps, ...bps2]) assert.equal(bp.verified, true, JSON.stringify(bp));
      assert.equal(bps[0].line, callAdd);
      assert.equal(bps2[0].line, area);
      ids = [bps[0].id, bps2[0].id];
    });
    const stop = await s.waitStopped('breakpoint');
    assert.equal(stop.body.threadId, 1);
    if (stop.body.hitBreakpointIds && ids[0] !== undefined) assert.deepEqual(stop.body.hitBreakpointIds, [ids[0]]);
    let top = await s.topFrame();
    assert.equal(top.name, 'main [M]');
    assert.equal(top.source?.path, SRC.prog);
    assert.equal(top.line, callAdd);

    await s.continueTo('breakpoint');
    top = await s.topFrame();
    assert.equal(top.name, 'shape_area2 [M]');
    assert.equal(top.source?.path, SRC.shapes);
    assert.equal(top.line, area);
    assert.equal((await s.evaluate('i', top.id)).result, '0');
  });

  it('resolves the DWARF-relative source paths whatever the cwd (none, elsewhere)', async () => {
    for (const cwd of [undefined, '/']) {
      const s = await session();
      const callAdd = markerLine(SRC.prog, 'callAdd');
      await s.launch({ program: ELF.o0, stopOnEntry: false, cwd }, async () => {
        const [bp] = await s.setBreakpoints(SRC.prog, [{ line: callAdd }]);
        assert.equal(bp.verified, true, `cwd ${String(cwd)}`);
      });
      await s.waitStopped('breakpoint');
      const top = await s.topFrame();
      assert.equal(top.source?.path, SRC.prog, `cwd ${String(cwd)}`);
      assert.equal(top.line, callAdd);
      await s.stop();
    }
  });

  it('moves a breakpoint on a line without code to the next line with code', async () => {
    const s = await session();
    const nocode = markerLine(SRC.prog, 'nocode');
    const next = markerLine(SRC.prog, 'afterNocode');
    assert.equal(next, nocode + 1, 'prog.c layout');
    await s.launch({ program: ELF.o0, stopOnEntry: false }, async () => {
      const [bp] = await s.setBreakpoints(SRC.prog, [{ line: nocode }]);
      assert.equal(bp.verified, true);
      assert.equal(bp.line, next, 'breakpoint moved to the next line with code');
    });
    await s.waitStopped('breakpoint');
    assert.equal((await s.topFrame()).line, next);
  });

  it('leaves a breakpoint on a line outside any function unverified instead of moving it into the next function', async () => {
    const s = await session();
    const lines = readFileSync(SRC.prog, 'utf8').split('\n');
    const lineOf = (text: string): number => lines.findIndex((l) => l.includes(text)) + 1;
    const header = lineOf('---- globals of several kinds ----'); // between #include and the globals
    const above = lineOf('Locals of several types'); // the comment right above locals_demo
    const decl = lineOf('static long locals_demo(');
    assert.ok(header > 0 && above > 0 && decl === above + 2, 'prog.c layout');
    await s.launch({ program: ELF.o0, stopOnEntry: false }, async () => {
      const bps = await s.setBreakpoints(SRC.prog, [{ line: header }, { line: above }, { line: decl }]);
      for (const bp of bps.slice(0, 2)) {
        assert.equal(bp.verified, false, JSON.stringify(bp));
        assert.match(bp.message ?? '', /^no code at line \d+/);
      }
      assert.match(bps[0].message ?? '', new RegExp(`^no code at line ${header}\\b`));
      // The declaration line itself belongs to the function: it moves to the function's first line.
      assert.equal(bps[2].verified, true, JSON.stringify(bps[2]));
      assert.ok(bps[2].line !== undefined && bps[2].line > decl && bps[2].line <= decl + 2, JSON.stringify(bps[2]));
    });
    await s.waitStopped('breakpoint');
    assert.equal((await s.topFrame()).name, 'locals_demo [M]');
  });

  it('replacing the breakpoints of a file removes the old ones', async () => {
    const s = await session();
    const hello = markerLine(SRC.prog, 'hello');
    const exitLine = markerLine(SRC.prog, 'exit');
    await s.launch({ program: ELF.o0, stopOnEntry: false }, async () => {
      await s.setBreakpoints(SRC.prog, [{ line: hello }, { line: markerLine(SRC.prog, 'loop') }]);
    });
    await s.waitStopped('breakpoint');
    assert.equal((await s.topFrame()).line, hello);
    await s.setBreakpoints(SRC.prog, [{ line: exitLine }]);
    await s.continueTo('breakpoint');
    assert.equal((await s.topFrame()).line, exitLine, 'the loop breakpoint is gone');
    await s.setBreakpoints(SRC.prog, []);
    await s.dc.continueRequest({ threadId: 1 });
    assert.equal(await s.waitExit(), PROG_EXIT_CODE);
  });

  it('hit count: stops on the 3rd hit of the loop breakpoint (i == 2)', async () => {
    const s = await session();
    const loop = markerLine(SRC.prog, 'loop');
    await s.launch({ program: ELF.o0, stopOnEntry: false }, async () => {
      const [bp] = await s.setBreakpoints(SRC.prog, [{ line: loop, hitCondition: '3' }]);
      assert.equal(bp.verified, true);
    });
    await s.waitStopped('breakpoint');
    const top = await s.topFrame();
    assert.equal(top.line, loop);
    assert.equal((await s.evaluate('i', top.id)).result, '2');
  });

  it('condition: stops only when i == 5', async () => {
    const s = await session();
    const loop = markerLine(SRC.prog, 'loop');
    await s.launch({ program: ELF.o0, stopOnEntry: false }, async () => {
      const [bp] = await s.setBreakpoints(SRC.prog, [{ line: loop, condition: 'i == 5' }]);
      assert.equal(bp.verified, true);
    });
    await s.waitStopped('breakpoint');
    const top = await s.topFrame();
    assert.equal(top.line, loop);
    assert.equal((await s.evaluate('i', top.id)).result, '5');
    // total = add(2, 3) + 0 + 1 + 2 + 3 + 4
    assert.equal((await s.evaluate('total', top.id)).result, '15');
    // The condition is false for every later iteration: the guest runs to its end.
    await s.dc.continueRequest({ threadId: 1 });
    assert.equal(await s.waitExit(), PROG_EXIT_CODE);
  });

  it('a condition with a syntax error or a bad hit condition is reported and not installed', async () => {
    const s = await session();
    const loop = markerLine(SRC.prog, 'loop');
    await s.launch({ program: ELF.o0, stopOnEntry: false }, async () => {
      const [bad, badHit] = await s.setBreakpoints(SRC.prog, [
        { line: loop, condition: 'i ==' }, { line: markerLine(SRC.prog, 'add'), hitCondition: 'often' }]);
      assert.equal(bad.verified, false);
      assert.match(bad.message ?? '', /condition 'i =='/);
      assert.equal(badHit.verified, false);
      assert.match(badHit.message ?? '', /hit condition 'often'/);
    });
    assert.equal(await s.waitExit(), PROG_EXIT_CODE); // neither stops the guest
  });

  it('logpoint: prints the interpolated message for every hit and never stops', async () => {
    const s = await session();
    const loop = markerLine(SRC.prog, 'loop');
    await s.launch({ program: ELF.o0, stopOnEntry: false }, async () => {
      const [bp] = await s.setBreakpoints(SRC.prog, [{ line: loop, logMessage: 'i={i}' }]);
      assert.equal(bp.verified, true);
    });
    assert.equal(await s.waitExit(), PROG_EXIT_CODE);
    assert.equal(s.pending('stopped'), 0, 'a logpoint does not stop');
    const logged = s.log
      .filter((r) => r.event.event === 'output' && r.event.body.category === 'console')
      .map((r) => String(r.event.body.output))
      .filter((t) => /^i=/.test(t));
    assert.deepEqual(logged, Array.from({ length: 10 }, (_, i) => `i=${i}\n`));
  });

  it('function breakpoint: stops in shape_perimeter_sq (shapes.c)', async () => {
    const s = await session();
    const perimeter = markerLine(SRC.shapes, 'perimeter');
    await s.launch({ program: ELF.o0, stopOnEntry: false }, async () => {
      const resp = await s.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'shape_perimeter_sq' }] });
      assert.equal(resp.body.breakpoints.length, 1);
      assert.equal(resp.body.breakpoints[0].verified, true);
    });
    await s.waitStopped('function breakpoint');
    const [top, caller] = await s.stack();
    assert.equal(top.name, 'shape_perimeter_sq [M]');
    assert.equal(top.source?.path, SRC.shapes);
    // At the function's entry or after its prologue (the first line of the body).
    assert.ok(top.line >= perimeter - 2 && top.line <= perimeter, `line ${top.line}`);
    assert.equal(caller.name, 'main [M]');
    assert.equal(caller.line, markerLine(SRC.prog, 'callShape'));
  });

  it('function breakpoint on an unknown function is not verified', async () => {
    const s = await session();
    await s.launch({ program: ELF.o0, stopOnEntry: true }, async () => {
      const resp = await s.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'no_such_function' }, { name: 'add' }] });
      assert.equal(resp.body.breakpoints.length, 2);
      assert.equal(resp.body.breakpoints[0].verified, false);
      assert.equal(resp.body.breakpoints[1].verified, true);
    });
    await s.waitStopped('entry');
    await s.continueTo('function breakpoint');
    assert.equal((await s.topFrame()).name, 'add [M]');
  });

  it('instruction breakpoint: stops exactly at the address', async () => {
    const s = await session();
    const add = symbolAddr(ELF.o0, 'add');
    await s.launch({ program: ELF.o0, stopOnEntry: true });
    await s.waitStopped('entry');
    const resp = await s.dc.customRequest('setInstructionBreakpoints', {
      breakpoints: [{ instructionReference: hex(add) }],
    }) as DebugProtocol.SetInstructionBreakpointsResponse;
    assert.equal(resp.body.breakpoints.length, 1);
    assert.equal(resp.body.breakpoints[0].verified, true);
    await s.continueTo('instruction breakpoint');
    const top = await s.topFrame();
    assert.equal(parseAddr(top.instructionPointerReference), add);
    assert.equal(top.name, 'add [M]');
  });

  it('instruction breakpoint with an offset', async () => {
    const s = await session();
    const main = symbolAddr(ELF.o0, 'main');
    await s.launch({ program: ELF.o0, stopOnEntry: true });
    await s.waitStopped('entry');
    await s.dc.customRequest('setInstructionBreakpoints', {
      breakpoints: [{ instructionReference: hex(main), offset: 2 }],
    });
    await s.continueTo('instruction breakpoint');
    assert.equal(await s.pc(), main + 2n);
  });

  it('data breakpoint: stops after a write to g_counter', async () => {
    const s = await session();
    const counter = markerLine(SRC.prog, 'counter');
    const counterFor = markerLine(SRC.prog, 'counterFor');
    // Stop in main first (after crt0 has cleared .bss, which also writes g_counter).
    const frame = await runToMarker(s, ELF.o0, SRC.prog, 'afterNocode');
    const info = (await s.dc.dataBreakpointInfoRequest({ name: 'g_counter', frameId: frame.id })).body;
    assert.ok(info.dataId, `dataId (${info.description})`);
    assert.ok(info.accessTypes?.includes('write'), `access types ${String(info.accessTypes)}`);
    const set = await s.dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.dataId, accessType: 'write' }] });
    assert.equal(set.body.breakpoints.length, 1);
    assert.equal(set.body.breakpoints[0].verified, true);

    for (const expected of ['1', '3', '6']) {
      await s.continueTo('data breakpoint');
      const top = await s.topFrame();
      assert.equal(top.name, 'main [M]');
      assert.ok(top.line === counter || top.line === counterFor, `stopped at/after the write (line ${top.line})`);
      assert.equal((await s.evaluate('g_counter', top.id)).result, expected);
    }
    await s.dc.setDataBreakpointsRequest({ breakpoints: [] });
    await s.dc.continueRequest({ threadId: 1 });
    assert.equal(await s.waitExit(), PROG_EXIT_CODE);
  });

  it('data breakpoint info from the Globals scope (variablesReference + name)', async () => {
    const s = await session();
    const frame = await runToMarker(s, ELF.o0, SRC.prog, 'afterNocode');
    const globals = await s.scopeRef(frame.id, 'Globals');
    const info = (await s.dc.dataBreakpointInfoRequest({ variablesReference: globals, name: 'g_counter' })).body;
    assert.ok(info.dataId);
    await s.dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.dataId, accessType: 'write' }] });
    await s.continueTo('data breakpoint');
    assert.equal((await s.evaluate('g_counter', (await s.topFrame()).id)).result, '1');
  });

  describe('exception filters (traps.elf)', () => {
    const faults: [filter: string, symbol: string, description: RegExp][] = [
      ['illegal', 'fault_illegal', /illegal instruction/i],
      ['breakpoint', 'fault_ebreak', /breakpoint/i],
      ['ecall', 'fault_ecall', /ecall|environment call/i],
      ['misaligned', 'fault_misaligned', /misaligned/i],
      ['accessFault', 'fault_load', /access fault/i],
    ];

    it("'illegal' stops at the illegal instruction; the others do not stop", async () => {
      const s = await session();
      await s.launch({ program: ELF.traps, stopOnEntry: false }, async () => {
        await s.dc.setExceptionBreakpointsRequest({ filters: ['illegal'] });
      });
      const stop = await s.waitStopped('exception');
      assert.match(stop.body.description ?? stop.body.text ?? '', /illegal instruction/i);
      assert.equal(await s.pc(), symbolAddr(ELF.traps, 'fault_illegal'));
      // The guest's handler skips it; the ebreak etc. are handled by the guest too.
      await s.dc.continueRequest({ threadId: 1 });
      assert.equal(await s.waitExit(), 0);
      assert.equal(s.pending('stopped'), 0);
    });

    it('every synchronous-exception filter stops at its faulting instruction, in order', async () => {
      const s = await session();
      await s.launch({ program: ELF.traps, stopOnEntry: false }, async () => {
        await s.dc.setExceptionBreakpointsRequest({ filters: faults.map((f) => f[0]) });
      });
      for (const [filter, symbol, description] of faults) {
        const stop = await s.waitStopped('exception');
        assert.match(stop.body.description ?? stop.body.text ?? '', description, filter);
        assert.equal(await s.pc(), symbolAddr(ELF.traps, symbol), `${filter} at ${symbol}`);
        await s.dc.continueRequest({ threadId: 1 });
      }
      assert.equal(await s.waitExit(), 0, 'the guest saw every trap as usual');
    });

    it('without filters the guest handles its traps and exits 0', async () => {
      const s = await session();
      await s.launch({ program: ELF.traps, stopOnEntry: false }, async () => {
        await s.dc.setExceptionBreakpointsRequest({ filters: [] });
      });
      assert.equal(await s.waitExit(), 0);
      assert.equal(s.pending('stopped'), 0);
    });
  });
});
