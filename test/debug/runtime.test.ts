/**
 * Debug runtime (emulator/debug/runtime.ts) on the committed debug guests, below DAP:
 * engine hooks (breakpoints at block and slice boundaries, data watchpoints that stop
 * after the access, caught traps delivered on resume), stepping and pause latency.
 */
import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { DebugRuntime, type RuntimeEvent } from '../../emulator/debug/runtime';
import { Stepper } from '../../emulator/debug/stepping';
import { hartPc, readX } from '../../emulator/debug/frames';
import { evaluate, readValue } from '../../emulator/debug/expr/index';

const GUESTS = join(__dirname, '..', '..', 'guests', 'debug');
const PROG = join(GUESTS, 'build', 'prog_o0.elf');
const SRC = join(GUESTS, 'prog.c');

const host = {
  readFile: (p: string): Uint8Array => new Uint8Array(readFileSync(p)),
  now: (): number => performance.now(),
  yieldToHost: (): Promise<void> => new Promise((r) => setImmediate(r)),
  sleep: (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms)),
};

function marker(name: string): number {
  const lines = readFileSync(SRC, 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(`BP:${name} `) || l.endsWith(`BP:${name} */`));
  assert.ok(i >= 0, `marker ${name}`);
  return i + 1;
}

function start(program = PROG): { rt: DebugRuntime; events: RuntimeEvent[] } {
  const rt = new DebugRuntime(host, { program, firmware: program, machine: 'virt', memoryMiB: 64, harts: 1, symbols: [] });
  rt.load();
  const events: RuntimeEvent[] = [];
  rt.onEvent((e) => events.push(e));
  return { rt, events };
}

function lastStop(events: RuntimeEvent[]): Extract<RuntimeEvent, { type: 'stopped' }> {
  const e = [...events].reverse().find((x) => x.type === 'stopped' || x.type === 'exited');
  assert.ok(e !== undefined && e.type === 'stopped', `expected a stop, got ${JSON.stringify(e)}`);
  return e;
}

function value(rt: DebugRuntime, expr: string): bigint | number {
  const s = rt.frames(0, 1)[0].scope;
  return readValue(evaluate(expr, s), s);
}

describe('debug runtime', () => {
  it('stops at a source breakpoint every time it is reached, then runs to poweroff', async () => {
    const { rt, events } = start();
    const [bp] = rt.breakpoints.setSource(SRC, [{ line: marker('loop') }]);
    assert.equal(bp.verified, true);
    const seen: number[] = [];
    for (let k = 0; k < 10; k++) {
      await rt.continue();
      assert.equal(lastStop(events).reason, 'breakpoint');
      seen.push(Number(value(rt, 'i')));
    }
    assert.deepEqual(seen, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    await rt.continue();
    const exit = events[events.length - 1];
    assert.equal(exit.type, 'exited');
    assert.equal(exit.type === 'exited' && exit.exitCode, 7);
  });

  it('a write watchpoint stops right after the store, with the new value', async () => {
    const { rt, events } = start();
    rt.breakpoints.setSource(SRC, [{ line: marker('callAdd') }]); // past crt0's .bss clearing
    await rt.continue();
    rt.breakpoints.setSource(SRC, []);
    const addr = rt.symbols.symbol('g_counter')!;
    rt.setDataBreakpoints([{ address: addr, size: 4, access: 'write' }]);
    await rt.continue();
    assert.equal(lastStop(events).reason, 'data breakpoint');
    assert.equal(Number(value(rt, 'g_counter')), 1); // k = 0: g_counter = 0 + 0 + 1
    const line = rt.symbols.locate(hartPc(rt.hart(0))).line;
    assert.ok(line === marker('counter') || line === marker('counterFor'), `stopped at line ${line}`);
    await rt.continue();
    assert.equal(Number(value(rt, 'g_counter')), 3);
  });

  it('a read watchpoint stops after the load, before the value is written back', async () => {
    const { rt, events } = start();
    rt.breakpoints.setSource(SRC, [{ line: marker('callAdd') }]);
    await rt.continue();
    rt.breakpoints.setSource(SRC, []);
    rt.setDataBreakpoints([{ address: rt.symbols.symbol('g_counter')!, size: 4, access: 'read' }]);
    await rt.continue();
    assert.equal(lastStop(events).reason, 'data breakpoint');
    assert.equal(Number(value(rt, 'g_counter')), 0); // g_counter = g_counter + k + 1: read first
    assert.equal(rt.symbols.locate(hartPc(rt.hart(0))).line, marker('counter'));
  });

  it('the interrupt filter stops before a timer interrupt is taken', async () => {
    const { rt, events } = start(join(GUESTS, '..', 'smp', 'build', 'timer1.elf'));
    rt.setExceptionFilters(['interrupt']);
    await rt.continue();
    const stop = lastStop(events);
    assert.equal(stop.reason, 'exception');
    assert.match(stop.description ?? '', /^Interrupt: .*timer/i);
    const h = rt.hart(0);
    const irq = h.caughtCause;
    const before = h.trapCounts[64 + irq];
    rt.setExceptionFilters([]);
    rt.stepInstruction(); // takes the interrupt
    assert.equal(h.trapCounts[64 + irq], before + 1);
    assert.equal(h.caughtCause, -1);
  });

  it('catches an illegal instruction before the trap is taken and delivers it on resume', async () => {
    const { rt, events } = start(join(GUESTS, 'build', 'traps.elf'));
    rt.setExceptionFilters(['illegal', 'ecall']);
    await rt.continue();
    const stop = lastStop(events);
    assert.equal(stop.reason, 'exception');
    assert.match(stop.description ?? '', /Illegal instruction/);
    assert.equal(hartPc(rt.hart(0)), rt.symbols.symbol('fault_illegal'));
    await rt.continue();
    assert.equal(lastStop(events).reason, 'exception');
    assert.equal(hartPc(rt.hart(0)), rt.symbols.symbol('fault_ecall'));
    rt.setExceptionFilters([]);
    await rt.continue();
    assert.equal(events[events.length - 1].type, 'exited');
  });

  it('a line step over a trapping instruction runs the trap handler and stops on the next line', async () => {
    const { rt, events } = start(join(GUESTS, 'build', 'traps.elf'));
    const src = join(GUESTS, 'traps.S');
    const lines = readFileSync(src, 'utf8').split('\n');
    const line = (m: string): number => lines.findIndex((l) => l.includes(`BP:${m} `)) + 1;
    rt.breakpoints.setSource(src, [{ line: line('illegal') }]);
    await rt.continue();
    rt.breakpoints.setSource(src, []);
    assert.equal(hartPc(rt.hart(0)), rt.symbols.symbol('fault_illegal'));
    const traps = rt.hart(0).trapCounts[2];
    const stepper = new Stepper(rt);
    for (const next of ['ebreak', 'ecall']) {
      await stepper.step(0, 'over', 'line');
      assert.equal(lastStop(events).reason, 'step');
      assert.equal(rt.symbols.locate(hartPc(rt.hart(0))).line, line(next));
    }
    assert.equal(rt.hart(0).trapCounts[2], traps + 1, 'the illegal-instruction trap was taken once');
    assert.equal(rt.hart(0).priv, 3);
  });

  it('instruction step executes exactly one instruction', async () => {
    const { rt } = start();
    const h = rt.hart(0);
    for (let k = 0; k < 50; k++) {
      const before = h.instret;
      rt.stepInstruction();
      assert.equal(h.instret - before, 1);
    }
  });

  it('line steps: into add, out to main, over the next call', async () => {
    const { rt, events } = start();
    rt.breakpoints.setSource(SRC, [{ line: marker('callAdd') }]);
    await rt.continue();
    const stepper = new Stepper(rt);
    await stepper.step(0, 'in', 'line');
    assert.equal(rt.frames(0, 1)[0].loc.fn?.name, 'add');
    assert.equal(rt.frames(0, 1)[0].loc.line, marker('add'));
    const sp = readX(rt.hart(0), 2);
    await stepper.step(0, 'out', 'line');
    assert.equal(rt.frames(0, 1)[0].loc.fn?.name, 'main');
    assert.ok(readX(rt.hart(0), 2) > sp);
    await stepper.step(0, 'over', 'line');
    assert.equal(lastStop(events).reason, 'step');
    assert.equal(rt.frames(0, 1)[0].loc.line, marker('afterAdd'));
  });

  it('without call-frame information the stack is unwound through the frame pointer', async () => {
    const { rt } = start();
    rt.breakpoints.setSource(SRC, [{ line: marker('add') }]);
    await rt.continue();
    const withCfi = rt.frames(0).map((f) => [f.loc.fn?.name, f.pc]);
    for (const f of rt.symbols.files) f.dwarf.unwind = () => undefined; // as if .debug_frame were stripped
    const withFp = rt.frames(0).map((f) => [f.loc.fn?.name, f.pc]);
    assert.deepEqual(withFp.slice(0, 2), withCfi.slice(0, 2)); // add <- main, same return address
    assert.equal(withFp[1][0], 'main');
    const main = rt.frames(0)[1];
    assert.equal(Number(readValue(evaluate('first', main.scope), main.scope)), 0); // main's locals still readable
  });

  it('pause stops a spinning guest within 200 ms', async () => {
    const { rt, events } = start(join(GUESTS, 'build', 'spin.elf'));
    const running = rt.continue();
    await new Promise((r) => setTimeout(r, 100));
    const t0 = performance.now();
    rt.pause();
    await running;
    assert.ok(performance.now() - t0 < 200, `pause took ${performance.now() - t0} ms`);
    assert.equal(lastStop(events).reason, 'pause');
    assert.ok(rt.hart(0).instret > 1000);
  });
});
