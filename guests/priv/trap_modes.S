# Trap entry and return between privilege modes (priv spec 1.12, 3.1.6.1,
# 3.1.8, 3.3.1-3.3.2, 4.1.1): M->M, U->M, S->M, U->S and S->S (delegated)
# with xepc/xcause/xtval and the xPP/xPIE/xIE stack; mret/sret (MPP/SPP become
# U, MPRV cleared when leaving for a mode below M); ecall causes 8/9/11;
# illegal instructions for privileged instructions and CSRs per mode (TSR, TW,
# TVM); writes to read-only CSRs; medeleg/mideleg writable bits and routing.
#include "priv_test.h"

/* QEMU 7.2 predates "clear MPRV when xRET leaves M-mode" (priv 1.12, fixed in
 * QEMU 8.0): -DQEMU72_QUIRKS skips only that check. */
#ifdef QEMU72_QUIRKS
#define CHECK_MPRV_CLEARED(reg)
#else
#define CHECK_MPRV_CLEARED(reg) CHECK_FIELD(reg, 17, 1, 0)
#endif

/* QEMU 7.2 keeps bit 0 of mepc/sepc readable (it masks it on xRET only);
 * the spec makes xepc[0] always zero. */
#ifdef QEMU72_QUIRKS
#define QUIRK_EPC0(reg) andi reg, reg, -2
#else
#define QUIRK_EPC0(reg)
#endif

#define ENC_MRET   0x30200073
#define ENC_SRET   0x10200073
#define ENC_WFI    0x10500073
#define ENC_SFENCE 0x12000073           /* sfence.vma x0, x0 */

/* Instruction `insn` in `mode` raises illegal instruction in M (not
 * delegated), mepc = its address, mtval = its encoding. */
#define TEST_ILL(n, mode, ...)                                             \
        CASE(n); RUN_IN(mode, 1: __VA_ARGS__);                                    \
        CHECK_MTRAP(2, 1b); lwu t6, 1b; CHECKR(s3, t6)
/* Instruction `insn` in `mode` completes (the block ends with its ecall). */
#define TEST_OK(n, mode, cause, ...)                                       \
        CASE(n); RUN_IN(mode, __VA_ARGS__); CHECK_MTRAP(cause, 96b)

PRIV_BEGIN
        .option norvc

  # ------------------------------------------------ ecall from each mode
  CASE(1); RUN_IN(PRV_M, nop)
        CHECK_MTRAP(11, 96b); CHECK(s3, 0); CHECK_FIELD(s5, 11, 3, 3)
  CASE(2); RUN_IN(PRV_S, nop)
        CHECK_MTRAP(9, 96b); CHECK(s3, 0); CHECK_FIELD(s5, 11, 3, 1)
  CASE(3); RUN_IN(PRV_U, nop)
        CHECK_MTRAP(8, 96b); CHECK(s3, 0); CHECK_FIELD(s5, 11, 3, 0)

  # ---- MIE/MPIE stacking: mret sets MIE = MPIE, the trap moves MIE to MPIE
  CASE(4)
        li t0, MSTATUS_MPIE; csrs mstatus, t0     # after mret: MIE = 1 (mie = 0: no irq)
        RUN_IN(PRV_S, csrr a1, sstatus)
        CHECK_MTRAP(9, 96b)
        CHECK_FIELD(s5, 3, 1, 0)                  # MIE cleared on entry
        CHECK_FIELD(s5, 7, 1, 1)                  # MPIE = MIE before the trap
  CASE(5)
        li t0, MSTATUS_MPIE; csrc mstatus, t0     # after mret: MIE = 0
        RUN_IN(PRV_U, nop)
        CHECK_FIELD(s5, 3, 1, 0); CHECK_FIELD(s5, 7, 1, 0)
  # ---- mret to M: MPP becomes U, MPIE becomes 1, MPRV kept
  CASE(6)
        li t0, MSTATUS_MPIE; csrc mstatus, t0
        li t0, MSTATUS_MPRV; csrs mstatus, t0     # MPP = M below: no translation effect
        RUN_IN(PRV_M, csrr a1, mstatus)
        li t0, MSTATUS_MPRV; csrc mstatus, t0
        CHECK_MTRAP(11, 96b)
        CHECK_FIELD(a1, 11, 3, 0)                 # MPP = U after mret
        CHECK_FIELD(a1, 7, 1, 1)                  # MPIE = 1 after mret
        CHECK_FIELD(a1, 3, 1, 0)                  # MIE = old MPIE (0)
        CHECK_FIELD(a1, 17, 1, 1)                 # MPRV kept when returning to M
  # ---- mret to S / U clears MPRV
  CASE(7)
        li t0, MSTATUS_MPRV; csrs mstatus, t0
        RUN_IN(PRV_S, nop)
        li t0, MSTATUS_MPRV; csrc mstatus, t0
        CHECK_MTRAP(9, 96b); CHECK_MPRV_CLEARED(s5)
  CASE(8)
        li t0, MSTATUS_MPRV; csrs mstatus, t0
        RUN_IN(PRV_U, nop)
        li t0, MSTATUS_MPRV; csrc mstatus, t0
        CHECK_MTRAP(8, 96b); CHECK_MPRV_CLEARED(s5)

  # ------------------------------------------- non-delegated traps to M
  TEST_ILL(9, PRV_S, csrr a0, mstatus)
        CHECK_FIELD(s5, 11, 3, 1)                 # MPP = S
  TEST_ILL(10, PRV_U, csrr a0, mscratch)
        CHECK_FIELD(s5, 11, 3, 0)                 # MPP = U
  CASE(11); RUN_IN(PRV_S, 1: ebreak)
        CHECK_MTRAP(3, 1b)
  CASE(12); RUN_IN(PRV_U, 1: ebreak)
        CHECK_MTRAP(3, 1b)

  # ------------------------------------------------- U -> S (delegated)
  CASE(13)
        li t0, (1 << 8); csrw medeleg, t0         # ecall from U
        li t0, MSTATUS_SIE; csrs mstatus, t0      # SIE = 1 (no S interrupt enabled)
        RUN_IN(PRV_U, nop)
        csrwi medeleg, 0
        CHECK_STRAP(8, 96b); CHECK(s10, 0)
        CHECK_FIELD(s7, 8, 1, 0)                  # SPP = U
        CHECK_FIELD(s7, 5, 1, 1)                  # SPIE = old SIE
        CHECK_FIELD(s7, 1, 1, 0)                  # SIE cleared
        CHECK(s2, 9)                              # then the S handler's ecall reached M
        la t6, hs_s_rec; addi t6, t6, 16; CHECKR(s4, t6)
  CASE(14)
        li t0, (1 << 2); csrw medeleg, t0         # illegal instruction
        li t0, MSTATUS_SIE; csrc mstatus, t0
        RUN_IN(PRV_U, 1: csrr a0, sstatus)
        csrwi medeleg, 0
        CHECK_STRAP(2, 1b); lwu t6, 1b; CHECKR(s10, t6)
        CHECK_FIELD(s7, 8, 1, 0); CHECK_FIELD(s7, 5, 1, 0); CHECK_FIELD(s7, 1, 1, 0)
  # ------------------------------------------------- S -> S (delegated)
  CASE(15)
        li t0, (1 << 2); csrw medeleg, t0
        li t0, MSTATUS_SIE; csrs mstatus, t0
        RUN_IN(PRV_S, 1: csrr a0, mscratch)
        csrwi medeleg, 0
        CHECK_STRAP(2, 1b); lwu t6, 1b; CHECKR(s10, t6)
        CHECK_FIELD(s7, 8, 1, 1)                  # SPP = S
        CHECK_FIELD(s7, 5, 1, 1); CHECK_FIELD(s7, 1, 1, 0)
        CHECK(s2, 9)
  CASE(16)
        li t0, (1 << 3); csrw medeleg, t0         # breakpoint
        RUN_IN(PRV_S, 1: ebreak)
        csrwi medeleg, 0
        CHECK_STRAP(3, 1b)
  # ---- delegated exceptions raised in M-mode stay in M
  CASE(17)
        li t0, (1 << 2) | (1 << 3); csrw medeleg, t0
        RUN_IN(PRV_M, 1: .word 0x0000006b)        # reserved major opcode
        CHECK_MTRAP(2, 1b); CHECK(s9, -1)
  CASE(18)
        RUN_IN(PRV_M, 1: ebreak)
        csrwi medeleg, 0
        CHECK_MTRAP(3, 1b); CHECK(s9, -1)

  # ----------------------------------------------------------- sret
  # sret from S to U: SIE = SPIE, SPIE = 1, SPP = U; mode becomes U (ecall 8)
  CASE(19)
        li t0, MSTATUS_SPP | MSTATUS_SIE; csrc sstatus, t0
        li t0, MSTATUS_SPIE; csrs sstatus, t0
        la t0, 2f; csrw sepc, t0
        RUN_IN(PRV_S, sret; j fail; 2: csrr a1, cycle)   # U: cycle not enabled -> illegal
        CHECK(s2, 2)                              # proves U-mode (S would need mcounteren too,
        CHECK_FIELD(s5, 11, 3, 0)                 # but MPP = U says U)
        csrr a1, mstatus
        CHECK_FIELD(a1, 1, 1, 1); CHECK_FIELD(a1, 5, 1, 1); CHECK_FIELD(a1, 8, 1, 0)
  # sret from S to S
  CASE(20)
        li t0, MSTATUS_SPP | MSTATUS_SPIE; csrs sstatus, t0
        li t0, MSTATUS_SIE; csrc sstatus, t0
        la t0, 2f; csrw sepc, t0
        RUN_IN(PRV_S, sret; j fail; 2: csrr a1, sstatus)
        CHECK_MTRAP(9, 96b)
        CHECK_FIELD(a1, 1, 1, 1); CHECK_FIELD(a1, 5, 1, 1); CHECK_FIELD(a1, 8, 1, 0)
  # sret executed in M-mode returns to SPP and clears MPRV
  CASE(21)
        li t0, MSTATUS_SPP; csrs mstatus, t0
        li t0, MSTATUS_MPP; csrs mstatus, t0      # MPP = M: MPRV has no effect
        li t0, MSTATUS_MPRV; csrs mstatus, t0
        la t0, 2f; csrw sepc, t0
        RUN_IN(PRV_M, sret; j fail; 2: nop)
        li t0, MSTATUS_MPRV; csrc mstatus, t0
        CHECK_MTRAP(9, 96b)                       # ecall from S
        CHECK_MPRV_CLEARED(s5)                    # MPRV = 0
        CHECK_FIELD(s5, 8, 1, 0)                  # SPP = U
  # delegated trap + sret back in S (round trip through the S handler)
  CASE(22)
        li t0, (1 << 2); csrw medeleg, t0
        la t0, h_s_skip; csrw stvec, t0
        li a2, 0
        RUN_IN(PRV_U, 1: csrr a0, sscratch; addi a2, a2, 1)
        la t0, hs_s_rec; csrw stvec, t0
        csrwi medeleg, 0
        CHECK_MTRAP(8, 96b)                       # back in U after sret, then ecall
        CHECK(a2, 1)
        CHECK(a3, 2)                              # h_s_skip saw scause 2

  # ------------------------------------ privileged instructions per mode
  TEST_ILL(23, PRV_S, mret)
        CHECK(s3, ENC_MRET)
  TEST_ILL(24, PRV_U, mret)
  TEST_ILL(25, PRV_U, sret)
        CHECK(s3, ENC_SRET)
  CASE(26)
        li t0, MSTATUS_TSR; csrs mstatus, t0
        RUN_IN(PRV_S, 1: sret)
        li t0, MSTATUS_TSR; csrc mstatus, t0
        CHECK_MTRAP(2, 1b); CHECK(s3, ENC_SRET)
  TEST_ILL(27, PRV_U, wfi)
        CHECK(s3, ENC_WFI)
  CASE(28)
        li t0, MSTATUS_TW; csrs mstatus, t0
        RUN_IN(PRV_S, 1: wfi)
        li t0, MSTATUS_TW; csrc mstatus, t0
        CHECK_MTRAP(2, 1b); CHECK(s3, ENC_WFI)
  CASE(29)                                        # TW also traps wfi in U
        li t0, MSTATUS_TW; csrs mstatus, t0
        RUN_IN(PRV_U, 1: wfi)
        li t0, MSTATUS_TW; csrc mstatus, t0
        CHECK_MTRAP(2, 1b)
  TEST_ILL(30, PRV_U, sfence.vma)
        CHECK(s3, ENC_SFENCE)
  TEST_OK(31, PRV_S, 9, sfence.vma)
  CASE(32)
        li t0, MSTATUS_TVM; csrs mstatus, t0
        RUN_IN(PRV_S, 1: sfence.vma)
        li t0, MSTATUS_TVM; csrc mstatus, t0
        CHECK_MTRAP(2, 1b); CHECK(s3, ENC_SFENCE)
  CASE(33)
        li t0, MSTATUS_TVM; csrs mstatus, t0
        RUN_IN(PRV_S, 1: csrr a0, satp)
        li t0, MSTATUS_TVM; csrc mstatus, t0
        CHECK_MTRAP(2, 1b); lwu t6, 1b; CHECKR(s3, t6)
  CASE(34)
        li t0, MSTATUS_TVM; csrs mstatus, t0
        RUN_IN(PRV_S, 1: csrw satp, zero)
        li t0, MSTATUS_TVM; csrc mstatus, t0
        CHECK_MTRAP(2, 1b)
  TEST_OK(35, PRV_S, 9, csrr a0, satp; csrw satp, zero)   # TVM = 0: legal
  CASE(36)                                        # TVM/TSR/TW do not affect M-mode
        li t0, MSTATUS_TVM | MSTATUS_TSR | MSTATUS_TW; csrs mstatus, t0
        li t0, MSTATUS_SPP; csrs mstatus, t0
        la t0, 2f; csrw sepc, t0
        RUN_IN(PRV_M, csrr a0, satp; sfence.vma; sret; j fail; 2: nop)
        li t0, MSTATUS_TVM | MSTATUS_TSR | MSTATUS_TW; csrc mstatus, t0
        CHECK_MTRAP(9, 96b)
  TEST_ILL(37, PRV_U, sfence.vma a0, a1)

  # ------------------------------------------------- CSR privilege checks
  TEST_ILL(38, PRV_S, csrw mtvec, zero)
  TEST_ILL(39, PRV_S, csrr a0, mepc)
  TEST_ILL(40, PRV_S, csrr a0, medeleg)
  TEST_ILL(41, PRV_S, csrr a0, mhartid)
  TEST_ILL(42, PRV_S, csrr a0, pmpcfg0)
  TEST_ILL(43, PRV_U, csrr a0, sstatus)
  TEST_ILL(44, PRV_U, csrw stvec, zero)
  TEST_ILL(45, PRV_U, csrr a0, satp)
  TEST_ILL(46, PRV_U, csrr a0, mstatus)
  TEST_OK(47, PRV_S, 9, csrr a0, sstatus; csrw sscratch, a0; csrr a0, stvec)
  TEST_OK(48, PRV_U, 8, csrr a0, fcsr)            # unprivileged CSR

  # ----------------------------------------------- read-only CSR writes
  TEST_ILL(49, PRV_M, csrw mhartid, zero)
  TEST_ILL(50, PRV_M, csrw mvendorid, zero)
  TEST_ILL(51, PRV_M, csrrwi a0, mimpid, 0)       # csrrw writes even with x0/0
  TEST_ILL(52, PRV_M, csrw cycle, zero)           # 0xC00 user read-only counter
  TEST_ILL(53, PRV_M, csrs marchid, a1)           # rs1 != x0: a write
  TEST_OK(54, PRV_M, 11, csrrs a0, mhartid, zero; csrrci a0, mvendorid, 0)
  TEST_ILL(55, PRV_S, csrw mhartid, zero)         # M CSR from S: illegal anyway

  # ------------------------------------------------ medeleg / mideleg
  CASE(56)
        li t0, -1; csrw medeleg, t0; csrr a1, medeleg; csrwi medeleg, 0
#ifndef QEMU72_QUIRKS
        CHECK_FIELD(a1, 11, 1, 0)                 # medeleg[11] is read-only zero (QEMU 7.2: writable)
#endif
        li t6, 0xb1ff; and a0, a1, t6             # 0-8, 12, 13, 15 delegable here
        CHECKR(a0, t6)
        csrr a0, medeleg; CHECK(a0, 0)
  CASE(57)
        li t0, -1; csrw mideleg, t0; csrr a1, mideleg; csrwi mideleg, 0
        andi a0, a1, 0x222; CHECK(a0, 0x222)      # SSI, STI, SEI delegable
        li t0, 0x888; and a0, a1, t0; CHECK(a0, 0)        # M interrupts are not
        csrr a0, mideleg; andi a0, a0, 0x2aa; CHECK(a0, 0)   # (QEMU's H extension forces VS bits)
  # S-mode cannot see/change medeleg; sstatus writes do not reach M fields
  CASE(58)
        li t0, MSTATUS_MPP; csrc mstatus, t0
        RUN_IN(PRV_S, li a0, -1; csrw sstatus, a0; csrr a1, sstatus; li a0, 0; csrw sstatus, a0)
        CHECK_MTRAP(9, 96b)
        CHECK_FIELD(s5, 11, 3, 1)                 # MPP = S from the trap, not 3 from the write
        CHECK_FIELD(s5, 3, 1, 0)                  # MIE unaffected
        CHECK_FIELD(a1, 3, 1, 0)                  # sstatus has no MIE
        CHECK_FIELD(a1, 11, 3, 0)                 # nor MPP
        CHECK_FIELD(a1, 1, 1, 1)                  # SIE is there
  # ---- mepc bit 0 is always zero; mcause stores the code
  CASE(59)
        li t0, -1; csrw mepc, t0; csrr a0, mepc; QUIRK_EPC0(a0); CHECK(a0, -2)
        li t0, 0x123; csrw mscratch, t0; csrr a0, mscratch; CHECK(a0, 0x123)
        li t0, -1; csrw sepc, t0; csrr a0, sepc; QUIRK_EPC0(a0); CHECK(a0, -2)
        j pass
        .balign 4
h_s_skip:                                       # S handler: record cause, skip insn, sret
        csrr a3, scause
        csrr t0, sepc; addi t0, t0, 4; csrw sepc, t0
        sret
PRIV_END
