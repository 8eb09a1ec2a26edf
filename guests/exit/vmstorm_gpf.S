/*
 * Endless VM exits on guest-page faults (H extension): M-mode delegates guest-page
 * faults to HS, whose handler returns to the guest with SRET without fixing anything.
 * The G-stage root table is empty (Sv39x4), so the guest's very first instruction
 * fetch takes an instruction guest-page fault (cause 20), and so on forever. The
 * debugger must still pause within 200 ms (test/dap/session.test.ts).
 */
#include "exit.h"

PROGRAM_BEGIN
        li      t0, -1                  /* PMP: S and U may access everything */
        csrw    pmpaddr0, t0
        li      t0, 0x1f
        csrw    pmpcfg0, t0
        li      t0, (1 << 20) | (1 << 21) | (1 << 23)
        csrw    medeleg, t0
        la      t0, hs_handler
        csrw    stvec, t0
        la      t0, groot               /* Sv39x4, VMID 1, empty 16 KiB root */
        srli    t0, t0, 12
        li      t1, (8 << 60) | (1 << 44)
        or      t0, t0, t1
        csrw    hgatp, t0
        li      t0, 1 << 7              /* hstatus.SPV: SRET enters the guest */
        csrw    hstatus, t0
        li      t0, 3 << 11             /* mret to HS-mode (MPP = S, MPV = 0) */
        csrc    mstatus, t0
        li      t0, 1 << 11
        csrs    mstatus, t0
        la      t0, hs_start
        csrw    mepc, t0
        mret
hs_start:
        la      t0, guest               /* sepc = the guest's entry, SPP = S */
        csrw    sepc, t0
        li      t0, 1 << 8
        csrs    sstatus, t0
        sret
        .balign 4
hs_handler:                             /* every VM exit: straight back in */
        li      t0, 1 << 7
        csrs    hstatus, t0
        li      t0, 1 << 8
        csrs    sstatus, t0
        sret
guest:
        j       guest

        .section .data
        .balign 16384
groot:  .zero   16384
