/*
 * LR/SC and AMOs across harts on the virt board.
 *
 * Case numbers (exit code on failure):
 *   1  fewer than NHARTS harts arrived         2  more than NHARTS harts arrived
 *   3  a secondary never saw the start flag    4  not all harts finished the loops
 *   5  LR/SC doubleword counter != NHARTS*NITER
 *   6  AMOADD.D counter != NHARTS*NITER        7  LR/SC word counter != NHARTS*NITER
 *   8..11  hart 1's SC.D after hart 0 wrote the reserved doubleword (sd, amoadd.w on
 *          the upper word, sb on the last byte) must fail and leave hart 0's value;
 *          the hart 1 / hart 0 handshake of that case timed out with the same number
 *   12 hart 1's SC.D after hart 0 wrote a *different* granule (64 bytes away) must
 *      succeed (allowed to fail by the spec; HyperStep and QEMU keep the reservation)
 *   30 unexpected trap
 * Step k's SC result (0 success) is kept at sc_result + 8*k.
 *
 * Counter phase: every hart adds 1 NITER times to three shared counters: a
 * doubleword through an LR.D/SC.D retry loop, a doubleword through AMOADD.D and a word
 * through LR.W/SC.W. Lost updates would make the totals smaller than NHARTS*NITER.
 * SC failures per hart are stored at smp_rec + 64*hart + R_SCFAIL (informational).
 *
 * Reservation phase (harts 0 and 1): hart 1 takes a reservation on X, publishes
 * step k in flag_a and spins on flag_b; hart 0 then writes (part of) X, publishes k in
 * flag_b; hart 1 attempts SC.D on X and reports the result. Hart 0's writes use
 * values different from X's, so QEMU (whose SC compares the LR value) detects them
 * too.
 */
#include "smp_test.h"

#ifndef NITER
#define NITER 3000
#endif

#define R_SCFAIL  0
#define R_TRAPS   8

SMP_BEGIN

main:
        bnez    s0, 1f
        la      t0, smp_arrived
        li      t1, NHARTS
        WAIT_COND(1, bgeu, t0, t1)
        la      t0, go
        li      t1, 1
        sd      t1, 0(t0)
        j       count
1:      WAIT_EQ(3, go, 1)

        /* ---- counter phase (all harts) ---- */
count:
        li      s2, NITER
        la      s3, cnt_lr
        la      s4, cnt_amo
        la      s5, cnt_w
        li      s6, 0                   /* SC failures */
        li      s7, 1
iter:
retry_d:
        lr.d    t0, (s3)
        addi    t0, t0, 1
        sc.d    t1, t0, (s3)
        beqz    t1, 1f
        addi    s6, s6, 1
        j       retry_d
1:      amoadd.d zero, s7, (s4)
retry_w:
        lr.w    t0, (s5)
        addiw   t0, t0, 1
        sc.w    t1, t0, (s5)
        beqz    t1, 2f
        addi    s6, s6, 1
        j       retry_w
2:      addi    s2, s2, -1
        bnez    s2, iter
        sd      s6, R_SCFAIL(s1)
        la      t0, done
        amoadd.d zero, s7, (t0)

        beqz    s0, hart0
        li      t0, 1
        beq     s0, t0, hart1
        j       smp_park

hart0:
        WAIT_EQ(4, done, NHARTS)
        la      t0, cnt_lr
        ld      t4, 0(t0)
        CHECK(5, t4, NHARTS * NITER)
        la      t0, cnt_amo
        ld      t4, 0(t0)
        CHECK(6, t4, NHARTS * NITER)
        la      t0, cnt_w
        lw      t4, 0(t0)
        CHECK(7, t4, NHARTS * NITER)

/* Hart 0 side of reservation step k: wait for hart 1's LR, run `store...`, release
 * hart 1 and wait for its SC result in t4 (0 = success). */
#define H0_STEP(n, k, ...)                                                 \
        WAIT_EQ(n, flag_a, k);                                             \
        __VA_ARGS__;                                                       \
        la t0, flag_b; li t1, k; sd t1, 0(t0);                             \
        WAIT_EQ(n, flag_c, k);                                             \
        la t0, sc_result + 8 * (k); ld t4, 0(t0)

        /* 8: plain sd to X */
        H0_STEP(8, 1, la t5, x_word; li t6, 0x1111; sd t6, 0(t5))
        beqz    t4, 1f
        la      t5, x_word
        ld      t4, 0(t5)
        CHECK(8, t4, 0x1111)
        j       2f
1:      FAIL(8)
2:
        /* 9: amoadd.w on the upper word of X */
        H0_STEP(9, 2, la t5, x_word; addi t5, t5, 4; li t6, 1; amoadd.w zero, t6, (t5))
        beqz    t4, 1f
        la      t5, x_word
        ld      t4, 0(t5)
        CHECK(9, t4, 0x100001111)
        j       2f
1:      FAIL(9)
2:
        /* 10: sb to the last byte of X */
        H0_STEP(10, 3, la t5, x_word; li t6, 0x7f; sb t6, 7(t5))
        beqz    t4, 1f
        la      t5, x_word
        ld      t4, 0(t5)
        CHECK(10, t4, 0x7f00000100001111)
        j       2f
1:      FAIL(10)
2:
        /* 11: sd of the same value to X. HyperStep: any store breaks the reservation;
         * QEMU's value-compare SC cannot see it, so the program does not check the
         * result (sc_result + 8*4); test/smp.test.ts checks it on HyperStep. */
        H0_STEP(11, 4, la t5, x_word; ld t6, 0(t5); sd t6, 0(t5))
        /* 12: sd to Y, a different granule: SC succeeds and writes X+1 */
        H0_STEP(12, 5, la t5, x_word; ld s8, 0(t5); la t5, y_word; li t6, 0x2222; sd t6, 0(t5))
        CHECK(12, t4, 0)
        la      t5, x_word
        ld      t4, 0(t5)
        addi    s8, s8, 1
        CHECKR(12, t4, s8)

        la      t0, smp_arrived
        ld      t4, 0(t0)
        CHECK(2, t4, NHARTS)
        j       smp_pass

/* Hart 1 side of step k: LR.D X, publish k, wait for hart 0, SC.D X+1, report. */
#define H1_STEP(n, k)                                                      \
        la s3, x_word; lr.d s4, (s3);                                      \
        la s5, flag_a; li s6, k; sd s6, 0(s5);                             \
        WAIT_EQ(n, flag_b, k);                                             \
        addi s4, s4, 1; sc.d s6, s4, (s3);                                 \
        la s5, sc_result + 8 * (k); sd s6, 0(s5);                          \
        la s5, flag_c; li s6, k; sd s6, 0(s5)

hart1:
        H1_STEP(8, 1)
        H1_STEP(9, 2)
        H1_STEP(10, 3)
        H1_STEP(11, 4)
        H1_STEP(12, 5)
        j       smp_park

        .balign 4
smp_trap:
        FAIL(30)

SMP_END

        .data
        .balign 64
go:        .dword 0
        .balign 64
done:      .dword 0
        .balign 64
        .globl cnt_lr
cnt_lr:    .dword 0
        .balign 64
        .globl cnt_amo
cnt_amo:   .dword 0
        .balign 64
        .globl cnt_w
cnt_w:     .word 0
        .balign 64
x_word:    .dword 0
        .balign 64
y_word:    .dword 0
        .balign 64
flag_a:    .dword 0
        .balign 64
flag_b:    .dword 0
        .balign 64
flag_c:    .dword 0
        .balign 64
        .globl sc_result
sc_result: .dword -1, -1, -1, -1, -1, -1, -1, -1
