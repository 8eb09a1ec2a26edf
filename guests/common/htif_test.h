/*
 * HyperStep ISA test harness (M-mode, HTIF).
 *
 * A program is:
 *     #include "htif_test.h"
 *     TEST_BEGIN
 *       ... cases ...
 *     TEST_END
 *     TEST_DATA_BEGIN ... TEST_DATA_END   (optional)
 *
 * Every case starts by loading its number (1..255) into TESTNUM (gp). On a
 * mismatch the program jumps to `fail`, which writes (TESTNUM << 1) | 1 to
 * tohost; reaching TEST_END writes 1. An unexpected trap also fails with the
 * current case number. Programs that expect traps install their own handler
 * with SET_TRAP(label) and restore the default with CLEAR_TRAP.
 *
 * Register conventions inside the macros:
 *   a0        result under test
 *   a1,a2,a3  integer operands          fa1,fa2,fa3 FP operands, fa0 FP result
 *   t5,t6     expected values / scratch
 *   s11       "trap seen" scratch used by trap-expecting cases
 */
#ifndef HYPERSTEP_HTIF_TEST_H
#define HYPERSTEP_HTIF_TEST_H

#define TESTNUM gp

#define MSTATUS_FS_INIT 0x2000   /* FS = Initial */
#define MSTATUS_FS_MASK 0x6000

/* Flag bits of fflags */
#define NX 0x01
#define UF 0x02
#define OF 0x04
#define DZ 0x08
#define NV 0x10

/* ---------------------------------------------------------------- layout */

#define TEST_BEGIN                                                         \
        .file __FILE__;    /* deterministic STT_FILE, not the cc*.s temp */ \
        .section .text.init, "ax", @progbits;                              \
        .option push; .option norvc;                                       \
        .globl _start;                                                     \
_start:                                                                    \
        j       hs_reset;                                                  \
        .balign 64;                                                        \
hs_default_trap:                                                           \
        csrr    t5, mcause;                                                \
        csrr    t6, mepc;                                                  \
        j       fail;                                                      \
        .balign 64;                                                        \
hs_expect_trap:                                                            \
        csrr    s9, mcause;                                                \
        csrr    s10, mtval;                                                \
        csrr    s11, mepc;                                                 \
        lhu     t0, 0(s11);                                                \
        andi    t0, t0, 3;                                                 \
        li      t1, 3;                                                     \
        bne     t0, t1, 2f;                                                \
        addi    t1, s11, 4;                                                \
        j       1f;                                                        \
2:      addi    t1, s11, 2;                                                \
1:      csrw    mepc, t1;                                                  \
        mret;                                                              \
hs_reset:                                                                  \
        li      TESTNUM, 0;                                                \
        la      t0, hs_default_trap;                                       \
        csrw    mtvec, t0;                                                 \
        csrwi   mie, 0;                                                    \
        li      t0, MSTATUS_FS_MASK;                                       \
        csrc    mstatus, t0;                                               \
        li      t0, MSTATUS_FS_INIT;                                       \
        csrs    mstatus, t0;                                               \
        csrwi   fcsr, 0;                                                   \
        la      sp, hs_stack_top;                                          \
        j       hs_body;                                                   \
        .option pop;                                                       \
        .text;                                                             \
hs_body:

/* The HTIF mailbox (tohost/fromhost, 8 bytes each, as Spike and QEMU expect) and
 * the test stack. Shared with guests/priv/priv_test.h. */
#define HS_DATA                                                            \
        .pushsection .tohost, "aw", @progbits;                             \
        .balign 64;                                                        \
        .globl tohost; .type tohost, @object; .size tohost, 8;             \
tohost: .dword 0;                                                          \
        .globl fromhost; .type fromhost, @object; .size fromhost, 8;       \
fromhost: .dword 0;                                                        \
        .popsection;                                                       \
        .pushsection .bss;                                                 \
        .balign 16;                                                        \
hs_stack: .skip 4096;                                                      \
hs_stack_top:                                                              \
        .popsection

#define TEST_END                                                           \
pass:                                                                      \
        fence;                                                             \
        li      t0, 1;                                                     \
        la      t1, tohost;                                                \
        sd      t0, 0(t1);                                                 \
1:      j       1b;                                                        \
fail:                                                                      \
        fence;                                                             \
        andi    t0, TESTNUM, 0xff;                                         \
        bnez    t0, 2f;                                                    \
        li      t0, 0xff;                                                  \
2:      slli    t0, t0, 1;                                                 \
        ori     t0, t0, 1;                                                 \
        la      t1, tohost;                                                \
        sd      t0, 0(t1);                                                 \
3:      j       3b;                                                        \
        HS_DATA

#define TEST_DATA_BEGIN .data; .balign 64;
#define TEST_DATA_END

/*
 * Expected traps. TEST_TRAP(n, cause, insn...) runs the instruction(s) with
 * hs_expect_trap installed; the handler records mcause in s9, mtval in s10 and
 * mepc in s11, then resumes after the trapping instruction (2 or 4 bytes, from
 * its low bits). It clobbers t0/t1. s9 = -1 means "no trap happened".
 */
#define EXPECT_TRAP_ON    SET_TRAP(hs_expect_trap); li s9, -1; li s10, -1; li s11, -1
#define EXPECT_TRAP_OFF   CLEAR_TRAP
#define TEST_TRAP(n, cause, ...)                                           \
        CASE(n); EXPECT_TRAP_ON; __VA_ARGS__; EXPECT_TRAP_OFF; CHECK(s9, cause)

/* Install / remove a trap handler for cases that expect a trap. */
#define SET_TRAP(label)   la t0, label; csrw mtvec, t0
#define CLEAR_TRAP        la t0, hs_default_trap; csrw mtvec, t0

/* ------------------------------------------------------------- checking */

#define CASE(n)           li TESTNUM, n
/* Compare register with a constant / another register; fail on mismatch. */
#ifndef HS_BREAK_CASE
#define CHECK(reg, val)   li t6, val; beq reg, t6, 9f; j fail; 9:
#define CHECKR(reg, reg2) beq reg, reg2, 9f; j fail; 9:
#else
/* Self-test of the suite: building with -DHS_BREAK_CASE=n flips the low bit
 * of every expected value checked while TESTNUM == n, so that case must fail. */
#define HS_BREAK_T6       li tp, HS_BREAK_CASE; bne TESTNUM, tp, 6f; xori t6, t6, 1; 6:
#define CHECK(reg, val)   li t6, val; HS_BREAK_T6; beq reg, t6, 9f; j fail; 9:
#define CHECKR(reg, reg2) mv t6, reg2; HS_BREAK_T6; beq reg, t6, 9f; j fail; 9:
#endif
#define FAIL_IF(cond_branch_to_fail) cond_branch_to_fail

/* ------------------------------------------------------ integer cases */

/* rd = insn(rs1, rs2) */
#define TEST_RR(n, insn, exp, a, b)                                        \
        CASE(n); li a1, a; li a2, b; insn a0, a1, a2; CHECK(a0, exp)
/* rd = insn(rs1, imm) */
#define TEST_RI(n, insn, exp, a, imm)                                      \
        CASE(n); li a1, a; insn a0, a1, imm; CHECK(a0, exp)
/* rd = insn(rs1) */
#define TEST_R(n, insn, exp, a)                                            \
        CASE(n); li a1, a; insn a0, a1; CHECK(a0, exp)
/* rd aliases rs1 / rs2, rs1 == rs2, writes to x0 stay zero */
#define TEST_RR_DST1(n, insn, exp, a, b)                                   \
        CASE(n); li a1, a; li a2, b; insn a1, a1, a2; CHECK(a1, exp)
#define TEST_RR_DST2(n, insn, exp, a, b)                                   \
        CASE(n); li a1, a; li a2, b; insn a2, a1, a2; CHECK(a2, exp)
#define TEST_RR_SAME(n, insn, exp, a)                                      \
        CASE(n); li a1, a; insn a0, a1, a1; CHECK(a0, exp)
#define TEST_RR_ZERODST(n, insn, a, b)                                     \
        CASE(n); li a1, a; li a2, b; insn x0, a1, a2; CHECK(x0, 0)
#define TEST_RI_DST1(n, insn, exp, a, imm)                                 \
        CASE(n); li a1, a; insn a1, a1, imm; CHECK(a1, exp)

/* Branch taken / not taken */
#define TEST_BR_TAKEN(n, insn, a, b)                                       \
        CASE(n); li a1, a; li a2, b; insn a1, a2, 8f; j fail; 8:
#define TEST_BR_NOTTAKEN(n, insn, a, b)                                    \
        CASE(n); li a1, a; li a2, b; insn a1, a2, 7f; j 8f; 7: j fail; 8:

/* Load `insn` from label+off, expect exp */
#define TEST_LD(n, insn, exp, label, off)                                  \
        CASE(n); la a1, label; insn a0, off(a1); CHECK(a0, exp)
/* Store value with `st` at label+off, read back with `ld` */
#define TEST_ST(n, st, ld, exp, val, label, off)                           \
        CASE(n); la a1, label; li a2, val; st a2, off(a1);                 \
        ld a0, off(a1); CHECK(a0, exp)

/* ----------------------------------------------------------- FP cases */

/* Raw-bit operand loading. Singles are NaN-boxed by fmv.w.x. */
#define FLOAD_S(freg, bits)   li t5, bits; fmv.w.x freg, t5
#define FLOAD_D(freg, bits)   li t5, bits; fmv.d.x freg, t5
#define CLEAR_FLAGS           csrwi fflags, 0
#define CHECK_FLAGS(fl)       csrr t4, fflags; CHECK(t4, fl)
/* Single results are checked as 64-bit patterns so NaN-boxing is verified. */
#define CHECK_FS(freg, bits)  fmv.x.d a0, freg; CHECK(a0, (0xffffffff00000000 | (bits)))
#define CHECK_FD(freg, bits)  fmv.x.d a0, freg; CHECK(a0, bits)

/* fd = op(fs1, fs2) with rounding mode rm (pass `dyn` for dynamic). */
#define TEST_FP_RR_S(n, op, rm, exp, fl, a, b)                             \
        CASE(n); FLOAD_S(fa1, a); FLOAD_S(fa2, b); CLEAR_FLAGS;            \
        op fa0, fa1, fa2, rm; CHECK_FLAGS(fl); CHECK_FS(fa0, exp)
#define TEST_FP_RR_D(n, op, rm, exp, fl, a, b)                             \
        CASE(n); FLOAD_D(fa1, a); FLOAD_D(fa2, b); CLEAR_FLAGS;            \
        op fa0, fa1, fa2, rm; CHECK_FLAGS(fl); CHECK_FD(fa0, exp)
/* fd = op(fs1, fs2) without a rounding mode (fmin, fmax, fsgnj*) */
#define TEST_FP_RRN_S(n, op, exp, fl, a, b)                                \
        CASE(n); FLOAD_S(fa1, a); FLOAD_S(fa2, b); CLEAR_FLAGS;            \
        op fa0, fa1, fa2; CHECK_FLAGS(fl); CHECK_FS(fa0, exp)
#define TEST_FP_RRN_D(n, op, exp, fl, a, b)                                \
        CASE(n); FLOAD_D(fa1, a); FLOAD_D(fa2, b); CLEAR_FLAGS;            \
        op fa0, fa1, fa2; CHECK_FLAGS(fl); CHECK_FD(fa0, exp)
/* fd = op(fs1, fs2, fs3) */
#define TEST_FP_RRR_S(n, op, rm, exp, fl, a, b, c)                         \
        CASE(n); FLOAD_S(fa1, a); FLOAD_S(fa2, b); FLOAD_S(fa3, c);        \
        CLEAR_FLAGS; op fa0, fa1, fa2, fa3, rm; CHECK_FLAGS(fl);           \
        CHECK_FS(fa0, exp)
#define TEST_FP_RRR_D(n, op, rm, exp, fl, a, b, c)                         \
        CASE(n); FLOAD_D(fa1, a); FLOAD_D(fa2, b); FLOAD_D(fa3, c);        \
        CLEAR_FLAGS; op fa0, fa1, fa2, fa3, rm; CHECK_FLAGS(fl);           \
        CHECK_FD(fa0, exp)
/* fd = op(fs1) with rounding mode (fsqrt, fcvt.s.d, fcvt.d.s) */
#define TEST_FP_R_S(n, op, rm, exp, fl, a)                                 \
        CASE(n); FLOAD_S(fa1, a); CLEAR_FLAGS; op fa0, fa1, rm;            \
        CHECK_FLAGS(fl); CHECK_FS(fa0, exp)
#define TEST_FP_R_D(n, op, rm, exp, fl, a)                                 \
        CASE(n); FLOAD_D(fa1, a); CLEAR_FLAGS; op fa0, fa1, rm;            \
        CHECK_FLAGS(fl); CHECK_FD(fa0, exp)
/* fcvt.s.d / fcvt.d.s: operand and result in different formats */
#define TEST_FCVT_S_D(n, rm, exp, fl, a)                                   \
        CASE(n); FLOAD_D(fa1, a); CLEAR_FLAGS; fcvt.s.d fa0, fa1, rm;      \
        CHECK_FLAGS(fl); CHECK_FS(fa0, exp)
#define TEST_FCVT_D_S(n, rm, exp, fl, a)                                   \
        CASE(n); FLOAD_S(fa1, a); CLEAR_FLAGS; fcvt.d.s fa0, fa1, rm;      \
        CHECK_FLAGS(fl); CHECK_FD(fa0, exp)
/* exact conversions the assembler accepts only without an rm operand */
#define TEST_FCVT_D_S_EXACT(n, exp, fl, a)                                 \
        CASE(n); FLOAD_S(fa1, a); CLEAR_FLAGS; fcvt.d.s fa0, fa1;          \
        CHECK_FLAGS(fl); CHECK_FD(fa0, exp)
#define TEST_FCVT_D_X_EXACT(n, op, exp, fl, a)                             \
        CASE(n); li a1, a; CLEAR_FLAGS; op fa0, a1;                        \
        CHECK_FLAGS(fl); CHECK_FD(fa0, exp)
/* x = op(fs1, fs2): compares */
#define TEST_FP_CMP_S(n, op, exp, fl, a, b)                                \
        CASE(n); FLOAD_S(fa1, a); FLOAD_S(fa2, b); CLEAR_FLAGS;            \
        op a0, fa1, fa2; CHECK_FLAGS(fl); CHECK(a0, exp)
#define TEST_FP_CMP_D(n, op, exp, fl, a, b)                                \
        CASE(n); FLOAD_D(fa1, a); FLOAD_D(fa2, b); CLEAR_FLAGS;            \
        op a0, fa1, fa2; CHECK_FLAGS(fl); CHECK(a0, exp)
/* x = fcvt.*(fs1, rm) */
#define TEST_FCVT_X_S(n, op, rm, exp, fl, a)                               \
        CASE(n); FLOAD_S(fa1, a); CLEAR_FLAGS; op a0, fa1, rm;             \
        CHECK_FLAGS(fl); CHECK(a0, exp)
#define TEST_FCVT_X_D(n, op, rm, exp, fl, a)                               \
        CASE(n); FLOAD_D(fa1, a); CLEAR_FLAGS; op a0, fa1, rm;             \
        CHECK_FLAGS(fl); CHECK(a0, exp)
/* fd = fcvt.*(x, rm) */
#define TEST_FCVT_S_X(n, op, rm, exp, fl, a)                               \
        CASE(n); li a1, a; CLEAR_FLAGS; op fa0, a1, rm;                    \
        CHECK_FLAGS(fl); CHECK_FS(fa0, exp)
#define TEST_FCVT_D_X(n, op, rm, exp, fl, a)                               \
        CASE(n); li a1, a; CLEAR_FLAGS; op fa0, a1, rm;                    \
        CHECK_FLAGS(fl); CHECK_FD(fa0, exp)
/* fclass */
#define TEST_FCLASS_S(n, exp, a)                                           \
        CASE(n); FLOAD_S(fa1, a); CLEAR_FLAGS; fclass.s a0, fa1;           \
        CHECK_FLAGS(0); CHECK(a0, exp)
#define TEST_FCLASS_D(n, exp, a)                                           \
        CASE(n); FLOAD_D(fa1, a); CLEAR_FLAGS; fclass.d a0, fa1;           \
        CHECK_FLAGS(0); CHECK(a0, exp)

/* Set the dynamic rounding mode (frm) to an immediate 0..4 */
#define SET_FRM(m)  csrwi frm, m

#endif
