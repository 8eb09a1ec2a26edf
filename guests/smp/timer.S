/*
 * Per-hart machine timers (ACLINT MTIMER) on the virt board: an interrupt must never
 * be taken, and WFI must never report MTIP, before mtime >= mtimecmp of that hart.
 *
 * Case numbers (exit code on failure):
 *   1  fewer than NHARTS harts arrived     2  more than NHARTS harts arrived
 *   3  not all harts finished              4  (hart h) timer trap never came
 *   10+h  hart h took the MTI trap while mtime < mtimecmp[h]
 *   20+h  hart h saw mip.MTIP after WFI while mtime < mtimecmp[h]
 *   30 unexpected trap
 *
 * Each hart does ROUNDS times: a busy loop whose length depends on the hart and the
 * round (no device accesses, so the write below lands in the middle of a scheduling
 * slice), reads mtime, sets mtimecmp[h] = mtime + DELTA and waits for the interrupt
 * with MIE = 1 (spinning); then the same with MIE = 0 sleeping in WFI. The handler /
 * the wake-up path re-reads mtime and compares. Record: smp_rec + 64*h: early count.
 */
#include "smp_test.h"

#define CLINT_MTIMECMP 0x2004000
#define MIP_MTIP       0x80
#define CAUSE_MTI      0x8000000000000007
#ifndef ROUNDS
#define ROUNDS 4
#endif
#ifndef DELTA
#define DELTA 100               /* ticks (10 MHz): 10 us */
#endif

#define R_SEEN   8

SMP_BEGIN

main:
        li      t0, CLINT_MTIMECMP      /* s9 = &mtimecmp[h] */
        slli    t1, s0, 3
        add     s9, t0, t1
        li      s2, ROUNDS
round:
        /* busy loop: 5000 + 1237*h + 3001*round iterations */
        li      t0, 5000
        li      t1, 1237
        mul     t1, t1, s0
        add     t0, t0, t1
        li      t1, 3001
        mul     t1, t1, s2
        add     t0, t0, t1
1:      addi    t0, t0, -1
        bnez    t0, 1b

        /* phase A: interrupt with MIE = 1 */
        sd      zero, R_SEEN(s1)
        li      t0, CLINT_MTIME
        ld      t1, 0(t0)
        addi    t1, t1, DELTA
        sd      t1, 0(s9)
        li      t0, MIP_MTIP
        csrs    mie, t0
        csrsi   mstatus, MSTATUS_MIE
        li      s4, SPIN_LIMIT
2:      ld      s5, R_SEEN(s1)
        bnez    s5, 3f
        addi    s4, s4, -1
        bnez    s4, 2b
        FAIL(4)
3:      csrci   mstatus, MSTATUS_MIE

        /* phase B: WFI with MIE = 0 */
        li      t0, CLINT_MTIME
        ld      t1, 0(t0)
        addi    t1, t1, DELTA
        sd      t1, 0(s9)
4:      wfi
        csrr    t0, mip
        andi    t0, t0, MIP_MTIP
        beqz    t0, 4b
        li      t0, CLINT_MTIME
        ld      t1, 0(t0)
        ld      t2, 0(s9)
        bgeu    t1, t2, 5f
        addi    a0, s0, 20
        j       smp_fail
5:      li      t0, -1
        sd      t0, 0(s9)
        csrwi   mie, 0

        addi    s2, s2, -1
        bnez    s2, round

        la      t0, done
        li      t1, 1
        amoadd.d zero, t1, (t0)
        bnez    s0, smp_park
        WAIT_EQ(3, done, NHARTS)
        la      t0, smp_arrived
        ld      t4, 0(t0)
        CHECK(2, t4, NHARTS)
        j       smp_pass

        .balign 4
smp_trap:
        csrr    t0, mcause
        li      t1, CAUSE_MTI
        beq     t0, t1, 1f
        FAIL(30)
1:      li      t0, CLINT_MTIME
        ld      t1, 0(t0)
        ld      t2, 0(s9)
        bgeu    t1, t2, 2f
        addi    a0, s0, 10
        j       smp_fail
2:      li      t0, -1
        sd      t0, 0(s9)
        li      t0, 1
        sd      t0, R_SEEN(s1)
        mret

SMP_END

        .data
        .balign 64
done:   .dword 0
