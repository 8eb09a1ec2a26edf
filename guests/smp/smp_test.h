/*
 * HyperStep multi-hart test harness (guests/smp), M-mode, `virt` board.
 *
 * Every hart enters _start from the boot ROM (a0 = hartid, a1 = FDT). The frame
 *
 *     #include "smp_test.h"
 *     SMP_BEGIN
 *       ... code run by harts 0 .. NHARTS-1, s0 = hartid ...
 *     SMP_END
 *
 * sets s0 = mhartid, s1 = per-hart record (REC_SIZE bytes at smp_rec + 64*hartid),
 * mtvec = smp_trap (which the program defines), mie = 0, MIE = 0, counts the hart in
 * `smp_arrived` (amoadd) and parks harts with id >= NHARTS in WFI. The program then
 * starts at `main`.
 *
 * Exit through the SiFive test finisher at 0x100000: PASS (hart 0 only) writes 0x5555;
 * FAIL(n) from any hart writes 0x3333 | (n << 16), so QEMU's exit status and
 * HyperStep's exit code are the failing case number.
 *
 * NHARTS (expected hart count) is a build-time define. Waits spin at most SPIN_LIMIT
 * iterations, then fail with their case number (so a missing hart or a lost IPI shows
 * up as a numbered failure, not a hang).
 *
 * Register use: s0 hartid, s1 record pointer; t0..t6 scratch of the macros and the
 * trap handler (main code that can be interrupted keeps its state in s2..s11).
 */
#ifndef HYPERSTEP_SMP_TEST_H
#define HYPERSTEP_SMP_TEST_H

#ifndef NHARTS
#error "build with -DNHARTS=<expected hart count>"
#endif
#ifndef SPIN_LIMIT
#define SPIN_LIMIT 5000000
#endif

#define MAXHARTS      8
#define REC_SIZE      64

#define FINISHER      0x100000
#define CLINT_MSIP    0x2000000
#define CLINT_MTIME   0x200bff8
#define UART_BASE     0x10000000

#define MSTATUS_MIE   8
#define MIP_MSIP      8
#define CAUSE_MSI     0x8000000000000003

#define SMP_BEGIN                                                          \
        .file __FILE__;                                                    \
        .section .text.init, "ax", @progbits;                              \
        .globl _start;                                                     \
_start:                                                                    \
        csrr    s0, mhartid;                                               \
        csrwi   mie, 0;                                                    \
        csrci   mstatus, MSTATUS_MIE;                                      \
        la      t0, smp_trap;                                              \
        csrw    mtvec, t0;                                                 \
        la      s1, smp_rec;                                               \
        slli    t0, s0, 6;                                                 \
        add     s1, s1, t0;                                                \
        la      t0, smp_arrived;                                           \
        li      t1, 1;                                                     \
        amoadd.d zero, t1, (t0);                                           \
        li      t0, NHARTS;                                                \
        bgeu    s0, t0, smp_park;                                          \
        j       main;                                                      \
smp_park:                                                                  \
        csrwi   mie, 0;                                                    \
1:      wfi;                                                               \
        j       1b;                                                        \
smp_pass:                                                                  \
        fence;                                                             \
        li      t0, FINISHER;                                              \
        li      t1, 0x5555;                                                \
        sw      t1, 0(t0);                                                 \
1:      j       1b;                                                        \
smp_fail:                                                                  \
        fence;                                                             \
        slli    a0, a0, 16;                                                \
        li      t1, 0x3333;                                                \
        or      t1, t1, a0;                                                \
        li      t0, FINISHER;                                              \
        sw      t1, 0(t0);                                                 \
1:      j       1b;                                                        \
        .text

#define SMP_END                                                            \
        .data;                                                             \
        .balign 64;                                                        \
smp_arrived: .dword 0;                                                     \
        .balign 64;                                                        \
smp_rec: .skip REC_SIZE * MAXHARTS

#define FAIL(n)     li a0, n; j smp_fail

/* Fail with case n unless reg == val / reg == reg2. */
#define CHECK(n, reg, val)    li t6, val; beq reg, t6, 9f; FAIL(n); 9:
#define CHECKR(n, reg, reg2)  beq reg, reg2, 9f; FAIL(n); 9:

/* Spin until the doubleword at 0(areg) satisfies `bcc dword, vreg` (e.g. beq, bgeu);
 * fail with case n after SPIN_LIMIT polls. Clobbers t2, t3. */
#define WAIT_COND(n, bcc, areg, vreg)                                      \
        li t2, SPIN_LIMIT;                                                 \
8:      ld t3, 0(areg); bcc t3, vreg, 9f;                                  \
        addi t2, t2, -1; bnez t2, 8b; FAIL(n);                             \
9:

/* Spin until the doubleword at `label` equals the constant val. Clobbers t0..t3. */
#define WAIT_EQ(n, label, val)   la t0, label; li t1, val; WAIT_COND(n, beq, t0, t1)
/* Spin until the doubleword at off(s1-of-hart hreg) equals val. Clobbers t0..t3. */
#define WAIT_REC(n, hreg, off, val)                                        \
        la t0, smp_rec + (off); slli t1, hreg, 6; add t0, t0, t1;          \
        li t1, val; WAIT_COND(n, beq, t0, t1)

/* Address of hart hreg's record field `off` into rd. */
#define REC_ADDR(rd, hreg, off)                                            \
        la rd, smp_rec + (off); slli t1, hreg, 6; add rd, rd, t1

#endif
