/*
 * Endless VM exits on virtual-instruction traps (H extension): the guest runs in
 * VS-mode under a Bare G-stage and reads hstatus, which raises a virtual-instruction
 * exception (cause 22) that M-mode delegates to HS. The HS handler returns to the same
 * instruction, forever. The debugger must still pause within 200 ms.
 */
#include "exit.h"

PROGRAM_BEGIN
        li      t0, -1
        csrw    pmpaddr0, t0
        li      t0, 0x1f
        csrw    pmpcfg0, t0
        li      t0, 1 << 22
        csrw    medeleg, t0
        la      t0, hs_handler
        csrw    stvec, t0
        csrwi   hgatp, 0                /* Bare: guest physical = physical */
        li      t0, 1 << 7
        csrw    hstatus, t0
        li      t0, 3 << 11
        csrc    mstatus, t0
        li      t0, 1 << 11
        csrs    mstatus, t0
        la      t0, hs_start
        csrw    mepc, t0
        mret
hs_start:
        la      t0, guest
        csrw    sepc, t0
        li      t0, 1 << 8
        csrs    sstatus, t0
        sret
        .balign 4
hs_handler:
        li      t0, 1 << 7
        csrs    hstatus, t0
        li      t0, 1 << 8
        csrs    sstatus, t0
        sret
guest:
        csrr    a0, hstatus             /* virtual instruction from VS-mode */
        j       guest
