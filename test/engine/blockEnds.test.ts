/**
 * Regression tests for block formation (emulator/isa/codegen.ts decodeBlock and
 * engine.ts BlockCache.build): every block must leave h.pc at its real successor.
 * The first case is the Linux 6.12 hang: a static-branch `jal x0, +off` whose target is
 * a 4-byte instruction straddling the page end. Each program loops so that its blocks
 * run in every tier (interpreted, regions after 64 runs, compiled after TIER1_THRESHOLD) and exits
 * through HTIF with the loop's count, which the test checks.
 */
import { strict as assert } from 'assert';
import { assemble } from '../../emulator/asm';
import { runElf } from '../../emulator/runElf';
import { decodeBlock } from '../../emulator/isa/codegen';
import { HTIF_EXIT } from '../helpers/htifExit';
import { TIER1_THRESHOLD } from '../../emulator/engine';

/** Loop count: past TIER1_THRESHOLD, so every block runs in every tier. */
const N = TIER1_THRESHOLD + 1000;


function run(src: string, max = 5_000_000): { code: number; instret: number } {
  const r = assemble(src, { file: 'prog.s' });
  assert.ok(r.ok && r.elf !== undefined, r.diagnostics.map((d) => d.message).join('\n'));
  const res = runElf(r.elf, { machine: 'spike', maxInsns: max });
  assert.equal(res.reason, 'exit', `did not exit (reason ${res.reason} after ${res.instret} instructions)`);
  return { code: res.exitCode, instret: res.instret };
}

describe('block formation: every block sets its successor pc', () => {
  it('a followed JAL to a 4-byte instruction straddling the page end (Linux static branch)', () => {
    // The loop body jumps to `tail`, whose first instruction sits at page offset 0xffe.
    const src = `
        .option norvc
        .globl _start
_start: li a0, 0
        li a1, ${N}
loop:   addi a0, a0, 1
        j tail
        .space 0xffe - 16
tail:   addi a0, a0, 2
        addi a1, a1, -1
        bnez a1, loop
        j exit
${HTIF_EXIT}`;
    const { code } = run(src);
    assert.equal(code, 3 * N);
  });

  it('a followed call (jal ra) to a straddling instruction, and its return', () => {
    const src = `
        .option norvc
        .globl _start
_start: li a0, 0
        li a1, ${N}
loop:   addi a0, a0, 1
        jal ra, tail
        addi a1, a1, -1
        bnez a1, loop
        j exit
        .space 0xffe - 28
tail:   addi a0, a0, 4
        ret
${HTIF_EXIT}`;
    assert.equal(run(src).code, 5 * N);
  });

  it('a block entered at page offset 0xffe runs on into the next page (tier 0 offsets past 4096)', () => {
    // A 2-byte instruction at 0xffe, then a branch at the next page's start: the block
    // built there holds an instruction at offset 4096 (uncached: it straddles), and the
    // tier-0 runner must give it that offset, not 0 (the branch target was a page off).
    const src = `
        .globl _start
_start: li a0, 0
        li a1, ${N}
        j at
        .balign 4096
        .space 0xffe
at:     c.addi a0, 1
        beqz a1, done
        addi a1, a1, -1
        j at
done:   j exit
${HTIF_EXIT}`;
    assert.equal(run(src).code, N + 1);
  });

  it('a straddling block is reused while its bytes hold, and rebuilt once a store rewrites them', () => {
    // The 4-byte instruction at 0xffe (a block of its own, kept by BlockCache.build) is
    // rewritten from addi a0, a0, 1 to addi a0, a0, 3 halfway through the loop, its two
    // halves on two pages: no cached block covers it, so only the byte check sees it.
    const src = `
        .option norvc
        .globl _start
_start: li a0, 0
        li a1, 2000
        la t0, at
        li t1, 0x00350513
        li t2, 1000
        j at
        .balign 4096
        .space 0xffe
at:     addi a0, a0, 1
        addi a1, a1, -1
        bne a1, t2, 1f
        sh t1, 0(t0)
        srli t3, t1, 16
        sh t3, 2(t0)
        fence.i
1:      bnez a1, at
        j exit
${HTIF_EXIT}`;
    assert.equal(run(src).code, 1000 * 1 + 1000 * 3);
  });

  it('decodeBlock never leaves a followed jump last', () => {
    // Words of a page: offset 0: jal x0, +0xffe -> 0xffe, where only the low half of a
    // 4-byte instruction can be fetched.
    const mem = new Map<number, number>();
    const put32 = (off: number, w: number): void => { mem.set(off, w & 0xffff); mem.set(off + 2, w >>> 16); };
    // jal x0, 0xffe: imm[20|10:1|11|19:12] = 0x7fe -> encode
    const imm = 0xffe;
    const jal = (((imm >> 20) & 1) << 31) | (((imm >> 1) & 0x3ff) << 21) | (((imm >> 11) & 1) << 20) | (((imm >> 12) & 0xff) << 12) | 0x6f;
    put32(0, jal);
    mem.set(0xffe, 0x0513); // low half of addi a0, a0, ... (4-byte)
    const fetch = (off: number): number => (off + 2 > 4096 ? -1 : mem.get(off) ?? 0x0001);
    const insns = decodeBlock(fetch, 64, 0);
    assert.equal(insns.length, 1);
    assert.notEqual(insns[0].followed, true, 'the jump must set the pc itself');
    // Length limit: a followed jump as the 2nd-last allowed instruction is not followed.
    const two = decodeBlock((off) => (off === 0 ? jal & 0xffff : off === 2 ? jal >>> 16 : 0x0001), 2, 0);
    assert.equal(two.length, 1);
    assert.notEqual(two[two.length - 1].followed, true);
  });
});
