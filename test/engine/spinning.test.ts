/**
 * Harts that wait must not burn the host (emulator/engine.ts, machine.ts): a hart
 * whose WFI cannot sleep (an interrupt pending and enabled in mie but masked in
 * mstatus, as in OpenSBI's HSM wait loop) or that executes PAUSE gives up the rest of
 * its scheduling round, and so does a store-free loop polling a fixed address. Hart 0
 * counts to N and exits; hart 1 spins. The test checks how many instructions hart 1
 * retired, and that two runs are identical.
 */
import { strict as assert } from 'assert';
import { assemble } from '../../emulator/asm';
import { createMachine, loadProgram, textConsole } from '../../emulator/runElf';
import { parseElf } from '../../emulator/loader/elf';
import { decodeBlock, type BlockInsn } from '../../emulator/isa/codegen';
import { isSpinLoop } from '../../emulator/engine';

function program(spin: string): Uint8Array {
  const src = `
        .globl _start
_start: csrr t0, mhartid
        bnez t0, hart1
        li a0, 0
        li a1, 300000
1:      addi a0, a0, 1
        bne a0, a1, 1b
        li a0, 1
        la t0, tohost
        sd a0, 0(t0)
2:      j 2b
hart1:
${spin}
        .section .tohost, "aw"
        .align 3
        .globl tohost
tohost: .dword 0
fromhost: .dword 0
`;
  const r = assemble(src, { file: 'spin.s' });
  assert.ok(r.ok && r.elf !== undefined, r.diagnostics.map((d) => d.message).join('\n'));
  return r.elf;
}

/** Hart 1: MSIP pending (its own CLINT msip) and enabled in mie, mstatus.MIE = 0: WFI never sleeps. */
const WFI_SPIN = `
        li t1, 0x2000004        # CLINT msip of hart 1
        li t2, 1
        sw t2, 0(t1)
        li t1, 8                # mie.MSIE
        csrs mie, t1
3:      wfi
        j 3b`;

/** Hart 1: a PAUSE loop (Zihintpause), as cpu_relax() in a spinlock. */
const PAUSE_SPIN = `
3:      pause
        j 3b`;

/** Hart 1: a store-free loop polling one address, as \`while (*flag == 0);\`. */
const POLL_SPIN = `
        la t1, tohost
3:      ld t2, 0(t1)
        beqz t2, 3b
4:      j 4b`;

/** Hart 1: a store-free loop that walks memory (not a spin: its base register moves). */
const WALK = `
        li t1, 0x80000000
        li t3, 0x80f00000
3:      ld t2, 0(t1)
        addi t1, t1, 8
        bne t1, t3, 3b
        li t1, 0x80000000
        j 3b`;

/** Hart 1: a delay loop that loads nothing (not a spin either). */
const DELAY = `
3:      addi t1, t1, -1
        bnez t1, 3b
        j 3b`;

function run(elf: Uint8Array): number[] {
  const m = createMachine({ machine: 'virt', ramMiB: 16, harts: 2, console: textConsole(() => undefined) });
  loadProgram(m, parseElf(elf));
  for (let i = 0; i < 10_000 && m.halted === null; i++) m.step(1_000_000);
  assert.ok(m.halted !== null, 'hart 0 finished');
  return m.harts.map((h) => h.instret);
}

describe('spinning harts end their scheduling round', () => {
  it('a WFI that cannot sleep costs a few instructions per round, not the quantum', () => {
    const [h0, h1] = run(program(WFI_SPIN));
    assert.ok(h0 > 600_000, `hart 0 did its work (${h0})`);
    assert.ok(h1 < h0 / 20, `hart 1 retired ${h1} instructions while hart 0 retired ${h0}`);
  });

  it('PAUSE yields the rest of the round', () => {
    const [h0, h1] = run(program(PAUSE_SPIN));
    assert.ok(h1 < h0 / 20, `hart 1 retired ${h1} instructions while hart 0 retired ${h0}`);
  });

  it('a store-free loop polling a fixed address yields the rest of the round', () => {
    const [h0, h1] = run(program(POLL_SPIN));
    assert.ok(h1 < h0 / 10, `hart 1 retired ${h1} instructions while hart 0 retired ${h0}`);
  });

  it('loops that walk memory or count down run their full quantum', () => {
    for (const body of [WALK, DELAY]) {
      const [h0, h1] = run(program(body));
      assert.ok(h1 > h0 / 2, `hart 1 retired ${h1} while hart 0 retired ${h0}`);
    }
  });

  it('isSpinLoop tells polling loops from loops that walk memory', () => {
    const dec = (words: number[]): BlockInsn[] => decodeBlock((off) => {
      const w = words[off >> 2];
      return w === undefined ? -1 : (off & 2) !== 0 ? w >>> 16 : w & 0xffff;
    }, 64, 0);
    // ld t2,0(t1); beqz t2,-4
    assert.equal(isSpinLoop(dec([0x00033383, 0xfe038ee3])), true);
    // ld t2,0(t1); addi t1,t1,8; bne t1,t3,-8
    assert.equal(isSpinLoop(dec([0x00033383, 0x00830313, 0xffc31ce3])), false);
    // lw t2,0(t1); sw t2,8(t1); beqz t2,-8: stores
    assert.equal(isSpinLoop(dec([0x00032383, 0x00732423, 0xfe038ce3])), false);
  });

  it('stays deterministic', () => {
    for (const body of [WFI_SPIN, PAUSE_SPIN, POLL_SPIN]) assert.deepEqual(run(program(body)), run(program(body)));
  });
});
