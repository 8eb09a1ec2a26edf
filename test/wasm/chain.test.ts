/**
 * Chained wasm runs (emulator/wasm/codegen.ts `chain`, engine.ts runHart): compiled
 * functions follow each other through the hart's virtual-pc cache without returning
 * to the run loop. These programs cross pages on every iteration (calls to functions
 * on other pages, so each call and return leaves a region) and check, against the
 * JavaScript tiers, that chaining keeps everything exact:
 * - a load fault raised in a function reached by the chain (not the one the run loop
 *   entered) gives the same mepc, mcause, mtval, instret and registers;
 * - a device store (UART) in the middle of a chain ends it: the console output and the
 *   instruction count at every slice agree;
 * - breakpoints set on a chained function's entry still stop there;
 * and that the chain really ran (the run loop entered wasm far fewer times than it ran
 * compiled functions).
 */
import { strict as assert } from 'assert';
import { assemble } from '../../emulator/asm';
import { createMachine, loadProgram, textConsole } from '../../emulator/runElf';
import { parseElf } from '../../emulator/loader/elf';
import { Tier } from '../../emulator/wasm/tier';
import type { Machine } from '../../emulator/machine';

/** Three functions on three pages; the loop calls f1 and f2; f2 loads through a0
 *  (a bad address on the iteration the caller chooses) and prints a character every
 *  `print` iterations. The trap handler records mepc/mcause/mtval/minstret and stops. */
function program(faultAt: number, print: number, iterations = 20_000): Uint8Array {
  const src = `
        .option norvc
        .globl _start
_start: la t0, trap
        csrw mtvec, t0
        li s0, 0
        li s1, ${iterations}
        li s2, ${faultAt}
        li s3, ${print}
        li s4, 0
        la s5, data
loop:   mv a0, s5
        bne s0, s2, 1f
        li a0, 0x1
1:      jal ra, f1
        jal ra, f2
        addi s0, s0, 1
        bne s0, s1, loop
        li a0, 0
        j done
        .p2align 12
f1:     addi s4, s4, 3
        xor s6, s4, s0
        ret
        .p2align 12
f2:     ld t1, 0(a0)
        add s4, s4, t1
        addi s7, s7, 1
        bne s7, s3, 2f
        li s7, 0
        li t2, 0x10000000
        li t3, 46
        sb t3, 0(t2)
2:      ret
        .p2align 12
trap:   csrr s8, mepc
        csrr s9, mcause
        csrr s10, mtval
        csrr s11, minstret
        li a0, 1
done:   j done
        .p2align 3
data:   .dword 7
`;
  const r = assemble(src, { file: 'chain.s' });
  assert.ok(r.ok && r.elf !== undefined, r.diagnostics.map((d) => d.message).join('\n'));
  return r.elf;
}

interface Run { m: Machine; out: () => string }

function boot(elf: Uint8Array, tier: number): Run {
  let out = '';
  const m = createMachine({ machine: 'virt', ramMiB: 16, harts: 1, console: textConsole((t) => { out += t; }) });
  m.cache.setTier(tier);
  loadProgram(m, parseElf(elf));
  return { m, out: () => out };
}

/** Run until the machine clock advanced by n (a device event ends a step early). */
function advance(r: Run, n: number): void {
  const end = r.m.clock + n;
  for (let k = 0; k < 100_000 && r.m.clock < end && r.m.halted === null; k++) r.m.step(end - r.m.clock);
}

function state(r: Run): string {
  const h = r.m.harts[0];
  return `pc=${h.pc.toString(16)} instret=${h.instret} traps=${h.traps} out=${r.out().length} ` +
    `x=${[...h.xl.subarray(0, 32)].map((v, i) => `${h.xh[i]}:${v}`).join(' ')}`;
}

/** Count calls of the compiled functions' two entry points (fn: one function; chain:
 *  a chained run) by wrapping them as the engine installs them. */
function countEntries(m: Machine): { chains: number } {
  const c = { chains: 0 };
  const cache = m.cache as unknown as { setWasm: (b: { chain: ((h: unknown) => number) | null }, w: unknown) => void };
  const orig = cache.setWasm.bind(m.cache);
  cache.setWasm = (b, w): void => {
    orig(b, w);
    const ch = b.chain!;
    b.chain = (h): number => { c.chains++; return ch(h); };
  };
  return c;
}

describe('wasm tier: chained runs', () => {
  it('a fault in a function reached by the chain: same mepc, mcause, mtval, instret and registers as the JS tiers', () => {
    const elf = program(15_000, 1_000_000);
    const js = boot(elf, Tier.Js), wa = boot(elf, Tier.Wasm);
    const n = countEntries(wa.m);
    let warm = -1;
    for (let k = 0; k < 200 && js.m.harts[0].traps === 0; k++) {
      advance(js, 50_021); advance(wa, 50_021);
      assert.equal(state(wa), state(js), `slice ${k}`);
      // Count from the third slice on: every block is past its tier-ups by then.
      if (k === 1) { warm = n.chains; }
    }
    const h = wa.m.harts[0];
    assert.equal(h.traps, 1);
    assert.equal(h.xl[25], 5, 'mcause: load access fault'); // s9
    assert.equal(h.xl[26], 1, 'mtval: the address'); // s10
    assert.ok(wa.m.cache.wasmRegions + wa.m.cache.wasmBlocks > 0);
    // After the warm-up (~7,000 iterations), the last ~8,000 iterations (five calls and
    // returns across pages each) entered the chain from the run loop about once per slice.
    const later = n.chains - warm;
    assert.ok(warm >= 0 && later > 0 && later < 100, `chained entries after warm-up: ${later}`);
  });

  it('a device store ends the chain: console output and counts agree at every slice', () => {
    const elf = program(-1, 97);
    const js = boot(elf, Tier.Js), wa = boot(elf, Tier.Wasm);
    for (let k = 0; k < 60; k++) {
      advance(js, 7_919); advance(wa, 7_919);
      assert.equal(state(wa), state(js), `slice ${k}`);
    }
    for (let k = 0; k < 30; k++) {
      advance(js, 100_003); advance(wa, 100_003);
      assert.equal(state(wa), state(js), `long slice ${k}`);
    }
    assert.equal(wa.out(), js.out());
    assert.ok(wa.out().length > 100, 'the program printed');
  });

  it('a breakpoint on a chained function stops there', () => {
    const elf = program(-1, 1_000_000, 1_000_000);
    const wa = boot(elf, Tier.Wasm);
    advance(wa, 300_000); // f1 and f2 compiled and chained
    const f2 = parseElf(elf).symbols.find((s) => s.name === 'f2')!.value;
    wa.m.cache.breakpoints.add(Number(f2));
    wa.m.cache.flush();
    const before = wa.m.harts[0].instret;
    advance(wa, 1_000_000);
    const h = wa.m.harts[0];
    assert.equal(h.pc, Number(f2), 'stopped at f2');
    assert.ok(h.instret - before < 20, `stopped within one iteration (${h.instret - before} instructions)`);
  });
});
