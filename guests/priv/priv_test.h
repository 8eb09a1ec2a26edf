/*
 * HyperStep privileged-architecture test harness (guests/priv).
 *
 * Builds on guests/common/htif_test.h (CASE, CHECK, CHECKR, HS_BREAK_CASE) but
 * has its own program frame, because these programs move between privilege
 * modes and run on the `virt` board:
 *
 *     #include "priv_test.h"
 *     PRIV_BEGIN
 *       ... cases ...
 *     PRIV_END
 *
 * Exit: by default through the SiFive test finisher at 0x100000 (0x5555 pass,
 * 0x3333 | (case << 16) fail), which exists on QEMU's and HyperStep's `virt`
 * board. Build with -DPRIV_HTIF to exit through HTIF tohost instead
 * (1 pass, (case << 1) | 1 fail) for boards without the finisher.
 *
 * All checks run in M-mode. Code under test runs in any mode through
 * RUN_IN(mode, code...) and always ends with a trap into M-mode, after which
 * the M-mode handler records what happened and resumes at the end of the
 * RUN_IN block. The lower modes never check anything themselves.
 *
 * Register conventions:
 *   gp      case number (TESTNUM)           sp     stack
 *   s8      M-mode resume address: the M trap handler records the trap and jumps
 *           to s8 (staying in M-mode, no mret) and clears s8. A trap while
 *           s8 == 0 is unexpected and fails the current case.
 *   s2..s5  recorded by the M handler: mcause, mtval, mepc, mstatus (after entry)
 *   s6      vector slot taken when mtvec is vectored (VEC_TABLE), else unchanged
 *   s9..s11, s7  recorded by the S handler: scause, stval, sepc, sstatus; the S
 *           handler then executes ecall (cause 9 to M unless that is delegated)
 *   s1      vector slot taken when stvec is vectored
 *   t0,t1   scratch of the macros; t5,t6 used by CHECK; tp by HS_BREAK_CASE
 *
 * Initial state set by PRIV_BEGIN: mtvec = hs_m_rec (direct), stvec = hs_s_rec
 * (direct), medeleg = mideleg = 0, mie = 0, satp = 0, mcounteren = scounteren = 0,
 * PMP entry 0 = NAPOT over the whole address space with RWX (so S/U may access
 * memory; QEMU and the spec disagree when no entry is configured), FS = Initial.
 */
#ifndef HYPERSTEP_PRIV_TEST_H
#define HYPERSTEP_PRIV_TEST_H

#include "htif_test.h"

/* ----------------------------------------------------------- constants */
#define PRV_U 0
#define PRV_S 1
#define PRV_M 3

#define MSTATUS_SIE   (1 << 1)
#define MSTATUS_MIE   (1 << 3)
#define MSTATUS_SPIE  (1 << 5)
#define MSTATUS_MPIE  (1 << 7)
#define MSTATUS_SPP   (1 << 8)
#define MSTATUS_MPP   (3 << 11)
#define MSTATUS_MPRV  (1 << 17)
#define MSTATUS_SUM   (1 << 18)
#define MSTATUS_MXR   (1 << 19)
#define MSTATUS_TVM   (1 << 20)
#define MSTATUS_TW    (1 << 21)
#define MSTATUS_TSR   (1 << 22)

#define IRQ_SSI 1
#define IRQ_MSI 3
#define IRQ_STI 5
#define IRQ_MTI 7
#define IRQ_SEI 9
#define IRQ_MEI 11
#define INTR    0x8000000000000000

#define FINISHER   0x100000
#define CLINT_MSIP 0x2000000
#define CLINT_MTIMECMP 0x2004000
#define CLINT_MTIME 0x200bff8
#define PLIC_BASE  0xc000000
#define UART_BASE  0x10000000
#define UART_IRQ   10

/* ------------------------------------------------------ program frame */

#define PRIV_BEGIN                                                         \
        .file __FILE__;                                                    \
        .section .text.init, "ax", @progbits;                              \
        .option push; .option norvc;                                       \
        .globl _start;                                                     \
_start:                                                                    \
        j       hs_reset;                                                  \
        .balign 64;                                                        \
hs_m_rec:                                                                  \
        csrr    s2, mcause;                                                \
        csrr    s3, mtval;                                                 \
        csrr    s4, mepc;                                                  \
        csrr    s5, mstatus;                                               \
        beqz    s8, hs_unexpected;                                         \
        mv      t0, s8;                                                    \
        li      s8, 0;                                                     \
        jr      t0;                                                        \
hs_unexpected:                                                             \
        mv      t5, s2;                                                    \
        mv      t6, s4;                                                    \
        j       fail;                                                      \
        .balign 64;                                                        \
hs_s_rec:                                                                  \
        csrr    s9, scause;                                                \
        csrr    s10, stval;                                                \
        csrr    s11, sepc;                                                 \
        csrr    s7, sstatus;                                               \
        ecall;                                                             \
        j       hs_unexpected;                                             \
hs_reset:                                                                  \
        li      TESTNUM, 0;                                                \
        li      s8, 0;                                                     \
        la      t0, hs_m_rec;                                              \
        csrw    mtvec, t0;                                                 \
        la      t0, hs_s_rec;                                              \
        csrw    stvec, t0;                                                 \
        csrwi   mie, 0;                                                    \
        csrwi   mip, 0;                                                    \
        csrwi   medeleg, 0;                                                \
        csrwi   mideleg, 0;                                                \
        csrwi   satp, 0;                                                   \
        csrwi   mcounteren, 0;                                             \
        csrwi   scounteren, 0;                                             \
        li      t0, -1;                                                    \
        csrw    pmpaddr0, t0;                                              \
        li      t0, 0x1f;                                                  \
        csrw    pmpcfg0, t0;                                               \
        li      t0, MSTATUS_FS_MASK;                                       \
        csrc    mstatus, t0;                                               \
        li      t0, MSTATUS_FS_INIT;                                       \
        csrs    mstatus, t0;                                               \
        la      sp, hs_stack_top;                                          \
        j       hs_body;                                                   \
        .option pop;                                                       \
        .text;                                                             \
hs_body:

#ifdef PRIV_HTIF
#define HS_EXIT_PASS   li t0, 1; la t1, tohost; sd t0, 0(t1)
#define HS_EXIT_FAIL   slli t0, t0, 1; ori t0, t0, 1; la t1, tohost; sd t0, 0(t1)
#else
#define HS_EXIT_PASS   li t0, 0x5555; li t1, FINISHER; sw t0, 0(t1)
#define HS_EXIT_FAIL   slli t0, t0, 16; li t1, 0x3333; or t0, t0, t1;      \
                       li t1, FINISHER; sw t0, 0(t1)
#endif

/* Both exits first leave any translated-M-mode state (MPRV) behind. */
#define PRIV_END                                                           \
pass:                                                                      \
        li      t0, MSTATUS_MPRV;                                          \
        csrc    mstatus, t0;                                               \
        fence;                                                             \
        HS_EXIT_PASS;                                                      \
1:      j       1b;                                                        \
fail:                                                                      \
        li      t0, MSTATUS_MPRV;                                          \
        csrc    mstatus, t0;                                               \
        fence;                                                             \
        andi    t0, TESTNUM, 0xff;                                         \
        bnez    t0, 2f;                                                    \
        li      t0, 0xff;                                                  \
2:      HS_EXIT_FAIL;                                                      \
3:      j       3b;                                                        \
        HS_DATA

/* --------------------------------------------------------- mode changes */

/* Clear the trap record registers (so "no trap" shows as -1). */
#define CLEAR_REC   li s2, -1; li s3, -1; li s4, -1; li s5, -1;            \
                    li s9, -1; li s10, -1; li s11, -1; li s7, -1

/* From M-mode: mret to `target` in `mode` (MPP = mode). */
#define GO_MODE(mode, target)                                              \
        li t0, MSTATUS_MPP; csrc mstatus, t0;                              \
        li t0, ((mode) << 11); csrs mstatus, t0;                           \
        la t0, target; csrw mepc, t0; mret

/*
 * RUN_IN(mode, code...): record-clear, arm the M handler to resume after the
 * block, enter `mode` at the code and finish with ecall. Inside `code`, labels
 * 96..99 are reserved. After the block s2..s5 hold the M-mode trap record (for a
 * block that did not trap: s2 = ecall cause of the mode, s4 = address of the
 * final ecall = label 96b).
 */
#define RUN_IN(mode, ...)                                                  \
        CLEAR_REC; la s8, 98f; GO_MODE(mode, 97f);                         \
97:     __VA_ARGS__;                                                       \
96:     ecall;                                                             \
        j fail;                                                            \
98:

/* Like RUN_IN but enters at an explicit address (e.g. a virtual alias of 97f). */
#define RUN_AT(mode, addr_reg, ...)                                        \
        CLEAR_REC; la s8, 98f;                                             \
        li t0, MSTATUS_MPP; csrc mstatus, t0;                              \
        li t0, ((mode) << 11); csrs mstatus, t0;                           \
        csrw mepc, addr_reg; mret;                                         \
97:     __VA_ARGS__;                                                       \
96:     ecall;                                                             \
        j fail;                                                            \
98:

/* Checks of the trap record: cause and epc == address of a label. */
#define CHECK_MTRAP(cause, lbl)  CHECK(s2, cause); la t6, lbl; CHECKR(s4, t6)
#define CHECK_STRAP(cause, lbl)  CHECK(s9, cause); la t6, lbl; CHECKR(s11, t6)
/* Extract field (reg >> sh) & mask into a0 and compare */
#define CHECK_FIELD(reg, sh, mask, val) srli a0, reg, sh; andi a0, a0, mask; CHECK(a0, val)

#endif
