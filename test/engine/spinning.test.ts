/**
 * Harts that wait must not burn the host (emulator/engine.ts, machine.ts): a hart
 * whose WFI cannot sleep (an interrupt pending and enabled in mie but masked in
 * mstatus, as in OpenSBI's HSM wait loop) or that executes PAUSE gives up the rest of
 * its scheduling round. Hart 0 counts to N and exits; hart 1 spins. The test checks
 * how many instructions hart 1 retired, and that two runs are identical.
 */
import { strict as assert } from 'assert';
import { assemble } from '../../emulator/asm';
import { createMachine, loadProgram, textConsole } from '../../emulator/runElf';
import { parseElf } from '../../emulator/loader/elf';

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

/** Hart 1: a load-only loop without a hint (counts in full: there is nothing to detect). */
const PLAIN_SPIN = `
        la t1, tohost
3:      ld t2, 0(t1)
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

  it('a loop without a hint runs its full quantum (the comparison point)', () => {
    const [h0, h1] = run(program(PLAIN_SPIN));
    assert.ok(h1 > h0 / 2, `hart 1 retired ${h1} while hart 0 retired ${h0}`);
  });

  it('stays deterministic', () => {
    assert.deepEqual(run(program(WFI_SPIN)), run(program(WFI_SPIN)));
    assert.deepEqual(run(program(PAUSE_SPIN)), run(program(PAUSE_SPIN)));
  });
});
