/**
 * DAP scenarios, session life cycle: capabilities, stop on entry and threads,
 * guest poweroff (exited + terminated), launch errors, pause of a spinning
 * guest, restart and terminate. Drives `node dist/debugAdapter.js` (built by
 * `npm test`); guests from guests/debug/build/ (`make -C guests debug`).
 */
import { strict as assert } from 'assert';
import { join } from 'path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import {
  ELF, GUESTS, PROG_EXIT_CODE, SRC, elfImage, markerLine, parseAddr, runToMarker, useSessions,
} from './helpers';

describe('DAP: session life cycle', function () {
  this.timeout(5000);
  const session = useSessions();

  it('advertises the capabilities and exception filters of the contract', async () => {
    const s = await session();
    const c = s.capabilities;
    for (const flag of [
      'supportsConfigurationDoneRequest', 'supportsFunctionBreakpoints', 'supportsConditionalBreakpoints',
      'supportsHitConditionalBreakpoints', 'supportsLogPoints', 'supportsDataBreakpoints',
      'supportsInstructionBreakpoints', 'supportsSteppingGranularity', 'supportsReadMemoryRequest',
      'supportsWriteMemoryRequest', 'supportsDisassembleRequest', 'supportsSetVariable',
      'supportsEvaluateForHovers', 'supportsRestartRequest', 'supportsTerminateRequest',
    ] as const) {
      assert.equal(c[flag], true, `capability ${flag}`);
    }
    const ids = (c.exceptionBreakpointFilters ?? []).map((f) => f.filter);
    for (const id of ['illegal', 'breakpoint', 'ecall', 'pageFault', 'accessFault', 'misaligned', 'interrupt']) {
      assert.ok(ids.includes(id), `exception filter '${id}' (have ${ids.join(', ')})`);
    }
    for (const f of c.exceptionBreakpointFilters ?? []) assert.ok(f.label, `filter ${f.filter} has a label`);
  });

  it('stops on entry at the ELF entry point, one thread per hart', async () => {
    const s = await session();
    await s.launch({ program: ELF.o0, stopOnEntry: true });
    const stop = await s.waitStopped('entry');
    assert.equal(stop.body.threadId, 1);

    const threads = (await s.dc.threadsRequest()).body.threads;
    assert.deepEqual(threads.map((t) => ({ id: t.id, name: t.name })), [{ id: 1, name: 'hart 0' }]);

    const top = await s.topFrame();
    assert.equal(parseAddr(top.instructionPointerReference), BigInt(elfImage(ELF.o0).entry));
    assert.equal(top.name, '_start [M]');
    // Nothing ran: the guest has printed nothing yet.
    assert.equal(s.log.filter((r) => r.event.event === 'output' && /hello/.test(String(r.event.body?.output))).length, 0);
  });

  it('stops on entry with two harts: threads "hart 0" and "hart 1"', async () => {
    const s = await session();
    await s.launch({ program: ELF.o0, stopOnEntry: true, harts: 2 });
    await s.waitStopped('entry');
    const threads = (await s.dc.threadsRequest()).body.threads;
    assert.deepEqual(threads.map((t) => ({ id: t.id, name: t.name })), [{ id: 1, name: 'hart 0' }, { id: 2, name: 'hart 1' }]);
  });

  it('ends the session when the guest powers off: output, exited with its code, terminated', async () => {
    const s = await session();
    await s.launch({ program: ELF.o0, stopOnEntry: false });
    const code = await s.waitExit();
    assert.equal(code, PROG_EXIT_CODE);
    const out = s.log.filter((r) => r.event.event === 'output').map((r) => String(r.event.body.output)).join('');
    assert.match(out, /hello from prog\n/);
    assert.match(out, /total=70 r=1234567890470 per=50 area=12 counter=6/);
    // `exited` comes before `terminated`.
    const names = s.log.map((r) => r.event.event);
    assert.ok(names.indexOf('exited') < names.indexOf('terminated'), names.join(','));
  });

  it('UART terminal mode: output as hyperstep.uart events, keystrokes by hyperstep.uartInput', async () => {
    const s = await session();
    const echo = join(GUESTS, 'smp', 'build', 'echo4.elf');
    await s.launch({ program: echo, stopOnEntry: false, harts: 4, uartTerminal: true });
    const uart = async (pattern: RegExp): Promise<void> => {
      let text = '';
      while (!pattern.test(text)) text += String((await s.nextEvent('hyperstep.uart', 5000)).event.body.text);
    };
    await uart(/echo: ready/);
    await s.dc.customRequest('hyperstep.uartInput', { text: 'a' });
    await uart(/rx 61 /);
    await s.dc.customRequest('hyperstep.uartInput', { text: 'q' });
    assert.equal(await s.waitExit(), 0);
    assert.ok(!s.log.some((r) => r.event.event === 'output' && r.event.body.category === 'stdout'), 'no stdout output events');
  });

  it('noDebug (Run Without Debugging) ignores stopOnEntry and breakpoints', async () => {
    const s = await session();
    await s.launch({ program: ELF.o0, noDebug: true, stopOnEntry: true }, async (x) => {
      await x.setBreakpoints(SRC.prog, [{ line: markerLine(SRC.prog, 'loop') }]);
    });
    assert.equal(await s.waitExit(), PROG_EXIT_CODE);
    assert.equal(s.pending('stopped'), 0);
  });

  it('ends with exit code 0 for a passing guest (memory given as a string)', async () => {
    const s = await session();
    await s.launch({ program: ELF.asm, stopOnEntry: false, memory: '64M' });
    assert.equal(await s.waitExit(), 0);
  });

  describe('launch errors fail the launch request with a "HyperStep:" message', () => {
    const cases: [string, Record<string, unknown>][] = [
      ['missing program', { program: undefined }],
      ['nonexistent ELF', { program: join(GUESTS, 'debug/build/no-such.elf') }],
      ['not an ELF', { program: SRC.prog }],
      ['unknown machine', { program: ELF.o0, machine: 'pdp11' }],
      ['bad memory size', { program: ELF.o0, memory: 'lots' }],
      ['bad hart count', { program: ELF.o0, harts: 0 }],
    ];
    for (const [what, config] of cases) {
      it(what, async () => {
        const s = await session();
        let err: Error | undefined;
        try {
          await s.launch({ stopOnEntry: true, ...config });
        } catch (e) {
          err = e as Error;
        }
        assert.ok(err, 'launch must fail');
        assert.match(err.message, /^HyperStep:/, err.message);
        assert.doesNotMatch(err.message, /\n\s+at /, 'no stack trace');
        assert.equal(s.pending('stopped'), 0, 'no stop after a failed launch');
      });
    }
  });

  it('pauses a spinning guest within 200 ms', async () => {
    const s = await session();
    await s.launch({ program: ELF.spin, stopOnEntry: false });
    // Wait until the guest is in its loop: it prints "spinning" first.
    let text = '';
    while (!/spinning/.test(text)) {
      text += (await s.nextEvent<DebugProtocol.OutputEvent>('output')).event.body.output;
    }
    await new Promise((r) => setTimeout(r, 100));
    const sent = Date.now();
    const pauseP = s.dc.pauseRequest({ threadId: 1 });
    const { event, at } = await s.nextEvent<DebugProtocol.StoppedEvent>('stopped');
    await pauseP;
    assert.equal(event.body.reason, 'pause');
    assert.ok(at - sent < 200, `stopped ${at - sent} ms after the pause request`);

    const top = await s.topFrame();
    assert.equal(top.name, 'main [M]');
    assert.equal(top.source?.path, SRC.spin);
    const spin = markerLine(SRC.spin, 'spin');
    assert.ok(top.line === spin || top.line === spin - 1, `paused in the loop (line ${top.line})`);
    const count = await s.evaluate('spin_count', top.id);
    assert.ok(Number(count.result) > 0, `spin_count = ${count.result}`);

    // It runs on after continue and can be paused again.
    await s.dc.continueRequest({ threadId: 1 });
    await new Promise((r) => setTimeout(r, 50));
    await s.dc.pauseRequest({ threadId: 1 });
    await s.waitStopped('pause');
  });

  // A guest whose every instruction exits to the hypervisor (guest-page faults, or
  // virtual-instruction traps) still retires nothing for long stretches: the runtime's
  // slices count traps, so pause gets through (guests/exit/vmstorm_*.S).
  for (const name of ['vmstorm_gpf', 'vmstorm_virt']) {
    it(`pauses a guest looping on VM exits (${name}) within 200 ms`, async () => {
      const s = await session();
      await s.launch({ program: join(GUESTS, 'exit/build', `${name}.elf`), stopOnEntry: false });
      await new Promise((r) => setTimeout(r, 300));
      const sent = Date.now();
      const pauseP = s.dc.pauseRequest({ threadId: 1 });
      const { event, at } = await s.nextEvent<DebugProtocol.StoppedEvent>('stopped');
      await pauseP;
      assert.equal(event.body.reason, 'pause');
      assert.ok(at - sent < 200, `stopped ${at - sent} ms after the pause request`);
      const top = await s.topFrame();
      assert.match(top.name, /\[(HS|VS|S)\]$|\[VS\]/, `stopped in the hypervisor or the guest: ${top.name}`);
      await s.dc.continueRequest({ threadId: 1 });
      await new Promise((r) => setTimeout(r, 50));
      await s.dc.pauseRequest({ threadId: 1 });
      await s.waitStopped('pause');
    });
  }

  it('restart starts over and stops on entry again; breakpoints persist', async () => {
    const s = await session();
    const line = markerLine(SRC.prog, 'callAdd');
    await s.launch({ program: ELF.o0, stopOnEntry: true }, async () => {
      await s.setBreakpoints(SRC.prog, [{ line }]);
    });
    await s.waitStopped('entry');
    await s.continueTo('breakpoint');
    assert.equal((await s.topFrame()).line, line);

    await s.dc.restartRequest({ arguments: { type: 'hyperstep', request: 'launch', name: 'test', cwd: GUESTS, program: ELF.o0, stopOnEntry: true } as DebugProtocol.LaunchRequestArguments });
    await s.waitStopped('entry');
    assert.equal(parseAddr((await s.topFrame()).instructionPointerReference), BigInt(elfImage(ELF.o0).entry));
    await s.continueTo('breakpoint');
    const top = await s.topFrame();
    assert.equal(top.line, line);
    // Fresh machine: first = add(2, 3) has not been assigned yet, g_counter is 0.
    assert.equal((await s.evaluate('g_counter', top.id)).result, '0');
  });

  it('terminate ends a running guest: terminated event', async () => {
    const s = await session();
    await s.launch({ program: ELF.spin, stopOnEntry: false });
    await s.nextEvent('output');
    await s.dc.terminateRequest({});
    await s.nextEvent('terminated');
  });

  it('terminate while stopped ends the session', async () => {
    const s = await session();
    await runToMarker(s, ELF.o0, SRC.prog, 'callAdd');
    await s.dc.terminateRequest({});
    await s.nextEvent('terminated');
  });
});

describe('DAP: malformed requests', function () {
  this.timeout(10000);
  const session = useSessions();

  it('answers every malformed request (error or harmless success) and keeps working', async () => {
    const s = await session();
    await runToMarker(s, ELF.o0, SRC.prog, 'loop');
    const bad: [string, unknown][] = [
      ['setBreakpoints', { source: {}, breakpoints: [{ line: 'x' }] }],
      ['setBreakpoints', { source: { path: 42 } }],
      ['stackTrace', { threadId: 99 }],
      ['scopes', { frameId: 123456 }],
      ['variables', { variablesReference: 99999 }],
      ['evaluate', { expression: 123 }],
      ['evaluate', { expression: '((((' }],
      ['readMemory', { memoryReference: 'zz', count: -1 }],
      ['readMemory', { memoryReference: '0x0', count: 16 }],
      ['writeMemory', { memoryReference: '0x0', data: 'AAAA' }],
      ['disassemble', { memoryReference: 'nowhere', instructionCount: 5 }],
      ['disassemble', { memoryReference: '0x0', instructionCount: 4, instructionOffset: -2 }],
      ['setVariable', { variablesReference: 99999, name: 'nope', value: 'y' }],
      ['dataBreakpointInfo', { name: '' }],
      ['setDataBreakpoints', { breakpoints: [{ dataId: 'junk' }] }],
      ['setInstructionBreakpoints', { breakpoints: [{ instructionReference: 'nope' }] }],
      ['setFunctionBreakpoints', { breakpoints: [{ name: '' }] }],
      ['setExceptionBreakpoints', { filters: ['no-such-filter'] }],
      ['exceptionInfo', { threadId: 7 }],
      ['gotoTargets', { source: {}, line: 1 }],
      ['hyperstep.uartInput', { text: 5 }],
    ];
    for (const [command, args] of bad) {
      const r = await s.dc.customRequest(command, args).then(
        (resp) => resp as DebugProtocol.Response,
        (e: Error) => ({ success: false, message: e.message }) as DebugProtocol.Response);
      if (!r.success) {
        assert.doesNotMatch(String(r.message), /\n\s+at /, `${command}: no stack trace`);
      }
    }
    // Still alive and consistent.
    const top = await s.topFrame();
    assert.equal(top.line, markerLine(SRC.prog, 'loop'));
    assert.equal((await s.evaluate('i', top.id)).result, '0');
    await s.dc.setExceptionBreakpointsRequest({ filters: [] });
    await s.dc.setDataBreakpointsRequest({ breakpoints: [] });
    await s.dc.customRequest('setInstructionBreakpoints', { breakpoints: [] });
    await s.setBreakpoints(SRC.prog, []);
    await s.dc.continueRequest({ threadId: 1 });
    assert.equal(await s.waitExit(), PROG_EXIT_CODE);
  });
});
