/**
 * Breakpoints stay exact while block linking is on (emulator/engine.ts): links and the
 * per-hart virtual-pc cache let hot code go from block to block without a lookup, so
 * no link may lead to a breakpoint's block, a loop region may not be entered at a
 * breakpoint, and changing the breakpoint set must kill older links. The program is a
 * hot loop that calls a function (a link through `ret` to the return address), with an
 * inner loop that becomes a region. Breakpoints sit at the call target, the return
 * address, the outer loop's head and the region's entry, and are reached after the code
 * got hot (hit counts in the thousands, or set after a run without breakpoints); every
 * stop must be at the exact pc with the exact instruction count, which a reference run
 * of single instruction steps (no blocks, no links) gives.
 */
import { strict as assert } from 'assert';
import { assemble } from '../../emulator/asm';
import { DebugRuntime, type RuntimeEvent } from '../../emulator/debug/runtime';
import { createMachine, loadProgram, textConsole } from '../../emulator/runElf';
import { parseElf } from '../../emulator/loader/elf';
import { hartPc, readX } from '../../emulator/debug/frames';
import { TIER1_THRESHOLD } from '../../emulator/engine';

/** Enough for the loop's blocks to pass TIER1_THRESHOLD (compiled) with breakpoints armed. */
const ITERATIONS = TIER1_THRESHOLD + 1000;
const INNER = 4;

const SRC = `
        .globl _start
_start: li s0, 0
        li s1, ${ITERATIONS}
        li s2, 0
loop:   addi s0, s0, 1
        mv a0, s0
        jal ra, func
after:  add s2, s2, a0
        li t0, ${INNER}
inner:  addi t0, t0, -1
        addi s2, s2, 1
        bnez t0, inner
        bne s0, s1, loop
        li t1, ${expectedSum()}
        li a0, 1
        beq s2, t1, 1f
        li a0, 7                # wrong sum: exit code 3
1:      la t0, tohost
        sd a0, 0(t0)
2:      j 2b
func:   addi a0, a0, 3
        slli a0, a0, 1
        ret
        .section .tohost, "aw"
        .align 3
        .globl tohost
tohost: .dword 0
fromhost: .dword 0
`;

/** s2 at the end: sum over k of 2(k+3), plus INNER per iteration. */
function expectedSum(): number {
  return ITERATIONS * (ITERATIONS + 1) + 6 * ITERATIONS + INNER * ITERATIONS;
}

const ELF = ((): Uint8Array => {
  const r = assemble(SRC, { file: 'links.s' });
  assert.ok(r.ok && r.elf !== undefined, r.diagnostics.map((d) => d.message).join('\n'));
  return r.elf;
})();
const IMAGE = parseElf(ELF);

function addr(label: string): number {
  const s = IMAGE.symbolByName(label);
  assert.ok(s !== undefined, `symbol ${label}`);
  return s.value;
}

const host = {
  readFile: (): Uint8Array => ELF,
  now: (): number => performance.now(),
  yieldToHost: (): Promise<void> => new Promise((r) => setImmediate(r)),
  sleep: (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms)),
};

function start(maxInsns?: number): { rt: DebugRuntime; events: RuntimeEvent[] } {
  const rt = new DebugRuntime(host, { program: 'links.elf', firmware: 'links.elf', machine: 'spike', memoryMiB: 16, harts: 1, symbols: [], maxInsns });
  rt.load();
  const events: RuntimeEvent[] = [];
  rt.onEvent((e) => events.push(e));
  return { rt, events };
}

/** Instructions retired when pc reaches `target` for the n-th time, by single steps. */
function reference(target: number, n: number): number {
  const m = createMachine({ machine: 'spike', ramMiB: 16, harts: 1, console: textConsole(() => undefined) });
  loadProgram(m, IMAGE);
  const h = m.harts[0];
  let seen = 0;
  for (let k = 0; k < 1_000_000; k++) {
    if (h.pc === target && ++seen === n) return m.instret;
    m.step(1);
  }
  throw new Error(`0x${target.toString(16)} not reached ${n} times`);
}

async function stopAt(rt: DebugRuntime, events: RuntimeEvent[], target: number, instret: number): Promise<void> {
  await rt.continue();
  const e = events[events.length - 1];
  assert.equal(e.type, 'stopped', JSON.stringify(e));
  assert.equal(hartPc(rt.hart(0)), BigInt(target), `pc 0x${hartPc(rt.hart(0)).toString(16)}, expected 0x${target.toString(16)}`);
  assert.equal(rt.machine.instret, instret);
}

async function runToExit(rt: DebugRuntime, events: RuntimeEvent[]): Promise<void> {
  await rt.continue();
  const e = events[events.length - 1];
  assert.ok(e.type === 'exited' && e.exitCode === 0, JSON.stringify(e));
}

describe('breakpoints with block linking on', () => {
  it('the program runs to its checked sum under the debugger', async () => {
    const { rt, events } = start();
    await runToExit(rt, events);
    assert.ok(rt.machine.cache.regions > 0, 'the inner loop became a region');
  });

  for (const label of ['func', 'after', 'loop', 'inner']) {
    it(`a hit count in the thousands at '${label}' stops at the exact hit (the code is hot with the breakpoint armed)`, async () => {
      const n = label === 'inner' ? ITERATIONS * INNER - 5 : ITERATIONS - 5;
      const { rt, events } = start();
      const [bp] = rt.breakpoints.setInstructions([{ address: BigInt(addr(label)), hitCondition: `== ${n}` }]);
      assert.equal(bp.verified, true);
      await stopAt(rt, events, addr(label), reference(addr(label), n));
      assert.equal(bp.hits, n);
      assert.ok(rt.machine.cache.compiled > 0, 'blocks were compiled');
      // Every later arrival stops too: each one n + k times in all.
      rt.breakpoints.setInstructions([{ address: BigInt(addr(label)) }]);
      for (let k = 1; k <= 3; k++) await stopAt(rt, events, addr(label), reference(addr(label), n + k));
      rt.breakpoints.setInstructions([]);
      await runToExit(rt, events);
    });
  }

  it('breakpoints set after a run without any stop the next arrival exactly, and removing them runs on', async () => {
    const warm = reference(addr('loop'), ITERATIONS - 500) + 2; // paused 500 iterations before the end, at its call
    const { rt, events } = start(warm);
    await rt.continue();
    assert.equal(events[events.length - 1].type, 'stopped');
    assert.equal(rt.machine.instret, warm);
    assert.ok(rt.machine.cache.compiled > 0 && rt.machine.cache.regions > 0, 'the loop is hot');
    rt.config.maxInsns = undefined;
    // The call target of the same iteration, then the return address, then the next loop head.
    const it = Number(readX(rt.hart(0), 8)); // s0 = iteration
    assert.equal(it, ITERATIONS - 500);
    for (const [label, n] of [['func', it], ['after', it], ['loop', it + 1], ['inner', (it + 1) * INNER - INNER + 1]] as const) {
      rt.breakpoints.setInstructions([{ address: BigInt(addr(label)) }]);
      await stopAt(rt, events, addr(label), reference(addr(label), n));
    }
    // Two at once: the nearer wins, then the other.
    rt.breakpoints.setInstructions([{ address: BigInt(addr('after')) }, { address: BigInt(addr('func')) }]);
    await stopAt(rt, events, addr('func'), reference(addr('func'), it + 2));
    await stopAt(rt, events, addr('after'), reference(addr('after'), it + 2));
    await stopAt(rt, events, addr('func'), reference(addr('func'), it + 3));
    rt.breakpoints.setInstructions([]);
    await runToExit(rt, events);
  });
});
