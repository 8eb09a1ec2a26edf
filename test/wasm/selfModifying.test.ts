/**
 * Writes to code under every tier (issue 14): programs that patch instructions of code
 * that already runs compiled (a hot loop's region, a function on another page), then
 * execute `fence.i` (unprivileged spec 20191213, chapter 3 "Zifencei": a hart sees its
 * own stores to instruction memory after fence.i), as a kernel patching its text does
 * (static keys turn a `jal` into a `nop`, alternatives rewrite instructions). Each runs
 * with the wasm tier forced on for all code, with the default tiers, and with the
 * JavaScript tiers only; the results, instruction counts and registers must agree with
 * the values the patched code computes.
 */
import { strict as assert } from 'assert';
import { assemble } from '../../emulator/asm';
import { createMachine, loadProgram, textConsole } from '../../emulator/runElf';
import { parseElf } from '../../emulator/loader/elf';
import { Tier } from '../../emulator/wasm/tier';
import type { Machine } from '../../emulator/machine';
import { HTIF_EXIT } from '../helpers/htifExit';


interface Result { code: number; instret: number; regs: string; m: Machine }

function run(src: string, tier: number): Result {
  const r = assemble(src + HTIF_EXIT, { file: 'smc.s' });
  assert.ok(r.ok && r.elf !== undefined, r.diagnostics.map((d) => d.message).join('\n'));
  const m = createMachine({ machine: 'spike', ramMiB: 16, harts: 1, console: textConsole(() => undefined) });
  m.cache.setTier(tier);
  loadProgram(m, parseElf(r.elf));
  for (let k = 0; k < 10_000 && m.halted === null; k++) m.step(100_003);
  assert.ok(m.halted !== null && m.halted.kind === 'exit', `halted: ${JSON.stringify(m.halted)}`);
  const h = m.harts[0];
  return {
    code: m.halted.code, instret: h.instret, m,
    regs: [...h.xl.subarray(0, 32)].map((v, i) => `${h.xh[i]}:${v}`).join(' '),
  };
}

/** Run under the three tier settings: same exit code, count and registers. */
function allTiers(src: string, expected: number): void {
  const wasm = run(src, Tier.Wasm), auto = run(src, Tier.Auto), js = run(src, Tier.Js);
  assert.equal(js.code, expected, 'JS tiers');
  assert.equal(wasm.code, expected, 'wasm tier forced');
  assert.equal(auto.code, expected, 'default tiers');
  assert.equal(wasm.instret, js.instret);
  assert.equal(auto.instret, js.instret);
  assert.equal(wasm.regs, js.regs);
  assert.equal(auto.regs, js.regs);
  assert.ok(wasm.m.cache.wasmBlocks + wasm.m.cache.wasmRegions > 0, 'wasm code ran');
  assert.ok(auto.m.cache.wasmRegions > 0, 'the hot loop became a wasm region by default');
}

/** Encodings of the patches (I-type addi a0, a0, imm; nop; jal x0, +off). */
const addiA0 = (imm: number): number => ((imm & 0xfff) << 20) | (10 << 15) | (10 << 7) | 0x13;
const NOP = 0x00000013;

describe('wasm tier: writes to code', () => {
  it('patches an instruction of a hot loop (a wasm region), then fence.i: the loop runs the new instruction', () => {
    const src = `
        .option norvc
        .globl _start
_start: li s0, 0
        li a0, 0
        li s1, 5000
        li s2, 10000
loop:
target: addi a0, a0, 1
        addi s0, s0, 1
        bne s0, s1, 1f
        la t1, target
        li t2, ${addiA0(3)}
        sw t2, 0(t1)
        fence.i
1:      blt s0, s2, loop
        j exit
`;
    allTiers(src, 5000 * 1 + 5000 * 3);
  });

  it('turns a static branch (jal) on another page into a nop, as a kernel patches its text', () => {
    const src = `
        .option norvc
        .globl _start
_start: li s0, 0
        li a0, 0
        li s1, 3000
        li s2, 7000
loop:   jal ra, fn
        addi s0, s0, 1
        bne s0, s1, 1f
        la t1, key
        li t2, ${NOP}
        sw t2, 0(t1)
        fence.i
1:      blt s0, s2, loop
        j exit
        .p2align 12
fn:     addi a0, a0, 1
key:    j 2f
        addi a0, a0, 100
2:      ret
`;
    allTiers(src, 7000 + 4000 * 100);
  });

  it('rewrites a compressed instruction with a halfword store and two instructions with one doubleword store', () => {
    const src = `
        .globl _start
_start: li s0, 0
        li a0, 0
        li a1, 0
        li s1, 2500
        li s2, 6000
loop:
c16:    c.addi a0, 1
        .option push
        .option norvc
        .p2align 3
pair:   addi a1, a1, 1
        addi a1, a1, 1
        .option pop
        addi s0, s0, 1
        bne s0, s1, 1f
        la t1, c16
        li t2, 0x0515
        sh t2, 0(t1)
        la t1, pair
        li t2, ${addiA0(0) | 0}
        li t3, ${((5 & 0xfff) << 20) | (11 << 15) | (11 << 7) | 0x13}
        slli t3, t3, 32
        slli t2, t2, 32
        srli t2, t2, 32
        or t2, t2, t3
        sd t2, 0(t1)
        fence.i
1:      blt s0, s2, loop
        add a0, a0, a1
        j exit
`;
    // c.addi a0, 1 -> c.addi a0, 5 (0x0515); the pair "addi a1,a1,1; addi a1,a1,1" ->
    // "addi a0,a0,0; addi a1,a1,5".
    allTiers(src, 2500 * 1 + 3500 * 5 + 2500 * 2 + 3500 * 5);
  });
});
