/**
 * World switches through the H extension, measured on the machine's own counters
 * (emulator/stats.ts): a VS-mode guest touches 16 pages and makes a hypercall, the
 * HS-mode host handles it and returns, 1000 times. Entering and leaving the guest must
 * flush no translation (guest TLB slots, docs/architecture.md "Hypervisor extension"),
 * so the TLB misses stay at the first pass's, and every exit and entry is counted.
 */
import { strict as assert } from 'assert';
import { assemble } from '../../emulator/asm';
import { runElf } from '../../emulator/runElf';

const ITER = 1000;

const PROGRAM = `
        .option norvc
        .globl _start
_start: li t0, -1
        csrw pmpaddr0, t0
        li t0, 0x1f
        csrw pmpcfg0, t0
        li t0, 1 << 10              # ECALL from VS-mode goes to HS
        csrw medeleg, t0
        la t0, hs_trap
        csrw stvec, t0
        la t0, gpt                  # G-stage Sv39x4, VMID 1: identity 1 GiB at 0x80000000
        srli t0, t0, 12
        li t1, (8 << 60) | (1 << 44)
        or t0, t0, t1
        csrw hgatp, t0
        li t0, 1 << 7               # hstatus.SPV
        csrw hstatus, t0
        li t0, 3 << 11
        csrc mstatus, t0
        li t0, 1 << 11              # mret to HS-mode
        csrs mstatus, t0
        la t0, hs_main
        csrw mepc, t0
        mret
hs_main:
        li s0, 0
        li s1, ${ITER}
        la t0, guest
        csrw sepc, t0
        li t0, 1 << 8               # SPP = S: enter VS-mode
        csrs sstatus, t0
        sret
        .balign 4
hs_trap:
        addi s0, s0, 1
        csrr t0, sepc
        addi t0, t0, 4
        csrw sepc, t0
        beq s0, s1, done
        li t0, 1 << 7
        csrs hstatus, t0
        li t0, 1 << 8
        csrs sstatus, t0
        sret
done:   mv a0, s0
        slli a0, a0, 1
        ori a0, a0, 1
        la t0, tohost
        sd a0, 0(t0)
1:      j 1b

guest:  la a1, buf
        li a2, 16
        li a4, 4096
2:      ld a3, 0(a1)
        add a1, a1, a4
        addi a2, a2, -1
        bnez a2, 2b
        ecall                       # hypercall
        j guest

        .data
        .balign 16384
gpt:    .dword 0, 0, 0x200000df     # root[2]: 1 GiB leaf, V R W X U A D
        .balign 16384
buf:    .zero 16 * 4096
        .section .tohost, "aw"
        .align 3
        .globl tohost
tohost: .dword 0
fromhost: .dword 0
`;

describe('H extension: world switches', () => {
  it('counts every VM exit and entry, and keeps the guest translations across them', () => {
    const r = assemble(PROGRAM, { file: 'world.s' });
    assert.ok(r.ok && r.elf !== undefined, r.diagnostics.map((d) => d.message).join('\n'));
    const res = runElf(r.elf, { machine: 'spike', maxInsns: 5_000_000 });
    assert.equal(res.reason, 'exit');
    assert.equal(res.exitCode, ITER);
    const s = res.stats;
    assert.equal(s.vmExits, ITER);
    assert.deepEqual(s.vmExitsByCause, { 'ecall from VS-mode': ITER });
    assert.equal(s.hypercalls, ITER);
    assert.equal(s.vmEntries, ITER);
    assert.equal(s.trapsByTransition['VS->HS'], ITER);
    // Per pass: la (2), li, li, 16 x 4 loop instructions; the ECALL traps (retires
    // nothing) and the host resumes at \`j guest\`, which retires for all but the last.
    assert.equal(s.instructionsByMode.VS, ITER * 68 + ITER - 1, JSON.stringify(s.instructionsByMode));
    // 16 data pages, the guest's code page, the G-stage walks of the first pass; a
    // flush per world switch would cost 17 misses per iteration.
    assert.ok(s.tlbMisses < 100, `TLB misses: ${s.tlbMisses}`);
  });
});
