/*
 * Inter-processor interrupts through the CLINT (ACLINT MSWI) on the virt board.
 *
 * Case numbers (exit code on failure):
 *   1  fewer than NHARTS harts arrived          2  more than NHARTS harts arrived
 *   3  a secondary never became ready (phase 1) 4  a secondary never acknowledged
 *   5  mcause of the IPI trap != MSI            6  not exactly one trap per IPI
 *   7  msip[h] still set after the handler      8  trap mepc outside the WFI loop
 *   9  secondary not ready for phase 2          10 no wake-up from WFI with MIE=0
 *   11 mip.MSIP not seen after the wake-up      12 a trap was taken with MIE=0
 *   13 self-IPI on hart 0 not taken             14 self-IPI mcause != MSI
 *   20 mip.MSIP still set after clearing msip   30 unexpected trap (any hart)
 *
 * Phase 1: every secondary enables mie.MSIE and mstatus.MIE and sleeps in WFI; hart 0
 * writes msip[h] = 1 for all of them at once. Each takes the MSI trap out of WFI,
 * the handler records mcause/mepc, clears its own msip and leaves the WFI loop.
 * Phase 2: secondaries sleep in WFI with mie.MSIE = 1 but mstatus.MIE = 0; the IPI
 * must wake WFI without a trap and show in mip.MSIP until msip is cleared.
 * Phase 3: hart 0 sends an IPI to itself.
 */
#include "smp_test.h"

/* Per-hart record fields (offsets inside the hart's 64-byte record). */
#define R_CAUSE   0
#define R_TRAPS   8
#define R_EPC     16
#define R_READY1  24
#define R_ACK1    32
#define R_READY2  40
#define R_MIP     48
#define R_ACK2    56

SMP_BEGIN

main:
        bnez    s0, secondary

        /* ---- hart 0 ---- */
        la      t0, smp_arrived
        li      t1, NHARTS
        WAIT_COND(1, bgeu, t0, t1)

        /* phase 1: wait until all secondaries sleep with MIE = 1, then IPI all */
        li      s2, 1
p1_ready:
        li      t0, NHARTS
        bgeu    s2, t0, p1_send_start
        WAIT_REC(3, s2, R_READY1, 1)
        addi    s2, s2, 1
        j       p1_ready
p1_send_start:
        li      s2, 1
p1_send:
        li      t0, NHARTS
        bgeu    s2, t0, p1_ack_start
        li      t0, CLINT_MSIP
        slli    t1, s2, 2
        add     t0, t0, t1
        li      t1, 1
        sw      t1, 0(t0)
        addi    s2, s2, 1
        j       p1_send
p1_ack_start:
        li      s2, 1
p1_ack:
        li      t0, NHARTS
        bgeu    s2, t0, p2_start
        WAIT_REC(4, s2, R_ACK1, 1)
        REC_ADDR(s3, s2, 0)
        ld      t4, R_CAUSE(s3)
        CHECK(5, t4, CAUSE_MSI)
        ld      t4, R_TRAPS(s3)
        CHECK(6, t4, 1)
        li      t0, CLINT_MSIP
        slli    t1, s2, 2
        add     t0, t0, t1
        lw      t4, 0(t0)
        CHECK(7, t4, 0)
        ld      t4, R_EPC(s3)
        la      t5, wait1_start
        bltu    t4, t5, 1f
        la      t5, wait1_end
        bltu    t4, t5, 2f
1:      FAIL(8)
2:      addi    s2, s2, 1
        j       p1_ack

        /* phase 2: secondaries sleep with MIE = 0 */
p2_start:
        li      s2, 1
p2_ready:
        li      t0, NHARTS
        bgeu    s2, t0, p2_send_start
        WAIT_REC(9, s2, R_READY2, 1)
        addi    s2, s2, 1
        j       p2_ready
p2_send_start:
        li      s2, 1
p2_send:
        li      t0, NHARTS
        bgeu    s2, t0, p2_ack_start
        li      t0, CLINT_MSIP
        slli    t1, s2, 2
        add     t0, t0, t1
        li      t1, 1
        sw      t1, 0(t0)
        addi    s2, s2, 1
        j       p2_send
p2_ack_start:
        li      s2, 1
p2_ack:
        li      t0, NHARTS
        bgeu    s2, t0, p3_start
        WAIT_REC(10, s2, R_ACK2, 1)
        REC_ADDR(s3, s2, 0)
        ld      t4, R_MIP(s3)
        CHECK(11, t4, MIP_MSIP)
        ld      t4, R_TRAPS(s3)
        CHECK(12, t4, 1)
        addi    s2, s2, 1
        j       p2_ack

        /* phase 3: self-IPI on hart 0 */
p3_start:
        li      t0, MIP_MSIP
        csrs    mie, t0
        csrsi   mstatus, MSTATUS_MIE
        li      t0, CLINT_MSIP
        li      t1, 1
        sw      t1, 0(t0)
        /* the handler clobbers t0..t3: wait with s registers only */
        li      s4, SPIN_LIMIT
1:      ld      s5, R_TRAPS(s1)
        bnez    s5, 2f
        addi    s4, s4, -1
        bnez    s4, 1b
        FAIL(13)
2:
        csrci   mstatus, MSTATUS_MIE
        ld      t4, R_CAUSE(s1)
        CHECK(14, t4, CAUSE_MSI)

        /* exactly NHARTS harts ran */
        la      t0, smp_arrived
        ld      t4, 0(t0)
        CHECK(2, t4, NHARTS)
        j       smp_pass

        /* ---- secondaries ---- */
secondary:
        li      t0, MIP_MSIP
        csrs    mie, t0
        csrsi   mstatus, MSTATUS_MIE
        li      t0, 1
        sd      t0, R_READY1(s1)
wait1_start:
        wfi
        j       wait1_start
wait1_end:
wait1_done:                     /* the handler resumes here */
        csrci   mstatus, MSTATUS_MIE
        li      t0, 1
        sd      t0, R_ACK1(s1)

        li      t0, 1
        sd      t0, R_READY2(s1)
wait2:
        wfi
        csrr    t0, mip
        andi    t0, t0, MIP_MSIP
        beqz    t0, wait2
        sd      t0, R_MIP(s1)
        li      t0, CLINT_MSIP
        slli    t1, s0, 2
        add     t0, t0, t1
        sw      zero, 0(t0)
        csrr    t0, mip
        andi    t0, t0, MIP_MSIP
        beqz    t0, 1f
        FAIL(20)
1:      li      t0, 1
        sd      t0, R_ACK2(s1)
        j       smp_park

        /* ---- trap handler (all harts): only MSI is expected ---- */
        .balign 4
smp_trap:
        csrr    t0, mcause
        sd      t0, R_CAUSE(s1)
        ld      t1, R_TRAPS(s1)
        addi    t1, t1, 1
        sd      t1, R_TRAPS(s1)
        csrr    t1, mepc
        sd      t1, R_EPC(s1)
        li      t2, CAUSE_MSI
        beq     t0, t2, 1f
        FAIL(30)
1:      li      t2, CLINT_MSIP
        slli    t3, s0, 2
        add     t2, t2, t3
        sw      zero, 0(t2)
        /* interrupted inside the WFI loop: continue after it */
        la      t2, wait1_start
        bltu    t1, t2, 2f
        la      t2, wait1_end
        bgeu    t1, t2, 2f
        la      t2, wait1_done
        csrw    mepc, t2
2:      mret

SMP_END
