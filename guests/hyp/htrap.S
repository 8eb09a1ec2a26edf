# Trap entry and return with the H extension (priv spec 20211203, 8.6.2-8.6.4):
# ECALL from VS is cause 10 and from VU cause 8, taken to M (MPV/MPP) or HS
# (medeleg; hstatus.SPV/SPVP, sstatus.SPP/SPIE/SIE) or VS (hedeleg; vsstatus.SPP,
# vsepc, vscause; hstatus and sstatus untouched); hedeleg never applies to traps
# from V = 0 and SPVP is kept on traps from V = 0; SRET from HS/M with SPV = 1
# enters VS or VU and clears SPV; MRET with MPV = 1 enters VS/VU, with MPP = M it
# stays in M, and clears MPV; hypercall round trips (ECALL from VS handled in HS
# and SRET back to VS), emulation of a virtual-instruction trap in HS, a trap
# handled inside the guest (VS handler, SRET); the trap value registers are zero
# for traps that define nothing for them.
#include "hyp_test.h"

#define HSET(bits)  li t0, bits; csrs hstatus, t0
#define HCLR(bits)  li t0, bits; csrc hstatus, t0

HYP_BEGIN
        .option norvc

  # ------------------------------------------------------ ECALL to M
  CASE(1)
        RUN_IN(PRV_VS, nop)
        CHECK_MTRAP(CAUSE_ECALL_VS, 96b); CHECK(s3, 0)
        CHECK_FIELD(s5, 11, 3, 1); CHECK_BIT(s5, 39, 1)
        SPEC_CHECK(CHECK_BIT(s5, 38, 0))
        CHECK_REC(REC_MTVAL2, 0)
  CASE(2)
        RUN_IN(PRV_VU, nop)
        CHECK_MTRAP(CAUSE_ECALL_U, 96b)
        CHECK_FIELD(s5, 11, 3, 0); CHECK_BIT(s5, 39, 1)
  CASE(3)                                         # from HS: MPV = 0
        RUN_IN(PRV_S, nop)
        CHECK_MTRAP(CAUSE_ECALL_HS, 96b); CHECK_BIT(s5, 39, 0)
  CASE(4)                                         # a trap to M leaves hstatus alone
        HSET(HSTATUS_SPVP); HCLR(HSTATUS_SPV)
        RUN_IN(PRV_VU, nop)
        csrr a1, hstatus
        CHECK(s2, CAUSE_ECALL_U)
        CHECK_BIT(a1, 7, 0); CHECK_BIT(a1, 8, 1)
  CASE(5)                                         # MIE/MPIE stack on a trap from VS
        li t0, MSTATUS_MPIE; csrs mstatus, t0
        RUN_IN(PRV_VS, nop)
        CHECK_BIT(s5, 3, 0); CHECK_BIT(s5, 7, 1)
  CASE(6)                                         # ebreak in VS: breakpoint to M
        RUN_IN(PRV_VS, 1: ebreak)
        CHECK_MTRAP(CAUSE_BREAKPOINT, 1b); CHECK_BIT(s5, 39, 1)

  # ---------------------------------------------------- ECALL to HS
  CASE(7)
        li t0, (1 << CAUSE_ECALL_VS); csrw medeleg, t0
        li t0, -1; csrw hedeleg, t0               # hedeleg[10] is read-only zero
        HCLR(HSTATUS_SPV | HSTATUS_SPVP | HSTATUS_GVA)
        li t0, MSTATUS_SIE; csrs mstatus, t0
        RUN_IN(PRV_VS, nop)
        csrwi medeleg, 0; csrwi hedeleg, 0
        CHECK_HSTRAP(CAUSE_ECALL_VS, 96b); CHECK(s10, 0)
        LDREC(a1, REC_HSTATUS)
        CHECK_BIT(a1, 7, 1)                       # SPV
        CHECK_BIT(a1, 8, 1)                       # SPVP = S
        CHECK_BIT(a1, 6, 0)                       # GVA = 0
        CHECK_BIT(s7, 8, 1)                       # SPP = S
        CHECK_BIT(s7, 5, 1)                       # SPIE = old SIE
        CHECK_BIT(s7, 1, 0)                       # SIE cleared
        CHECK_REC(REC_HTVAL, 0)
        IMPL_CHECK(CHECK_REC(REC_HTINST, 0))
        CHECK_REC(REC_VSCAUSE, -1)
  CASE(8)                                         # from VU: SPVP = SPP = 0
        li t0, (1 << CAUSE_ECALL_U); csrw medeleg, t0
        HSET(HSTATUS_SPVP)
        RUN_IN(PRV_VU, nop)
        CHECK_HSTRAP(CAUSE_ECALL_U, 96b)
        LDREC(a1, REC_HSTATUS)
        CHECK_BIT(a1, 7, 1); CHECK_BIT(a1, 8, 0)
        CHECK_BIT(s7, 8, 0)
  CASE(9)                                         # from U (V = 0): SPV = 0, SPVP unchanged
        HSET(HSTATUS_SPVP | HSTATUS_SPV)
        li t0, (1 << CAUSE_ECALL_U); csrw hedeleg, t0   # hedeleg does not apply to V = 0
        RUN_IN(PRV_U, nop)
        CHECK_HSTRAP(CAUSE_ECALL_U, 96b)
        LDREC(a1, REC_HSTATUS)
        CHECK_BIT(a1, 7, 0); CHECK_BIT(a1, 8, 1)
        CHECK_REC(REC_VSCAUSE, -1)

  # ---------------------------------------------------- ECALL to VS
  CASE(10)                                        # medeleg + hedeleg: the guest's handler
        li t0, 0x778; csrw sepc, t0               # HS state must not change
        HSET(HSTATUS_SPVP); HCLR(HSTATUS_SPV)
        li t0, MSTATUS_SIE; csrs vsstatus, t0
        li t0, MSTATUS_SPIE; csrc vsstatus, t0
        RUN_IN(PRV_VU, nop)
        csrwi medeleg, 0; csrwi hedeleg, 0
        CHECK_VSTRAP(CAUSE_ECALL_U, 96b)
        CHECK_REC(REC_VSTVAL, 0)
        LDREC(a1, REC_VSSTATUS)
        CHECK_BIT(a1, 8, 0)                       # vsstatus.SPP = U
        CHECK_BIT(a1, 5, 1)                       # SPIE = old SIE
        CHECK_BIT(a1, 1, 0)                       # SIE cleared
        CHECK(s9, -1)                             # HS handler not involved
        csrr a0, sepc; CHECK(a0, 0x778)
        csrr a1, hstatus; CHECK_BIT(a1, 7, 0); CHECK_BIT(a1, 8, 1)
  CASE(11)                                        # delegated to VS from VS: SPP = S
        li t0, (1 << CAUSE_BREAKPOINT); csrw medeleg, t0; csrw hedeleg, t0
        RUN_IN(PRV_VS, 1: ebreak)
        csrwi medeleg, 0; csrwi hedeleg, 0
        CHECK_VSTRAP(CAUSE_BREAKPOINT, 1b)
        LDREC(a1, REC_VSSTATUS); CHECK_BIT(a1, 8, 1)
        CHECK(s9, -1)

  # -------------------------------------------------------- SRET / MRET
  CASE(12)                                        # SRET from HS with SPV = 1, SPP = S: VS
        HSET(HSTATUS_SPV)
        li t0, MSTATUS_SPP; csrs mstatus, t0
        la t0, 2f; csrw sepc, t0
        RUN_IN(PRV_S, sret; j fail; 2: nop)
        CHECK_MTRAP(CAUSE_ECALL_VS, 96b); CHECK_BIT(s5, 39, 1)
        csrr a1, hstatus; CHECK_BIT(a1, 7, 0)     # SRET cleared SPV
        CHECK_BIT(s5, 8, 0)                       # and SPP
  CASE(13)                                        # SPV = 1, SPP = U: VU
        HSET(HSTATUS_SPV)
        li t0, MSTATUS_SPP; csrc mstatus, t0
        la t0, 2f; csrw sepc, t0
        RUN_IN(PRV_S, sret; j fail; 2: nop)
        CHECK_MTRAP(CAUSE_ECALL_U, 96b); CHECK_BIT(s5, 39, 1)
  CASE(14)                                        # SPV = 0, SPP = U: U
        HCLR(HSTATUS_SPV)
        la t0, 2f; csrw sepc, t0
        RUN_IN(PRV_S, sret; j fail; 2: nop)
        CHECK_MTRAP(CAUSE_ECALL_U, 96b); CHECK_BIT(s5, 39, 0)
  CASE(15)                                        # SRET in M with SPV = 1: VS
        HSET(HSTATUS_SPV)
        li t0, MSTATUS_SPP; csrs mstatus, t0
        la t0, 2f; csrw sepc, t0
        RUN_IN(PRV_M, sret; j fail; 2: nop)
        CHECK_MTRAP(CAUSE_ECALL_VS, 96b); CHECK_BIT(s5, 39, 1)
  CASE(16)                                        # SIE = SPIE, SPIE = 1 on SRET to VS
        HSET(HSTATUS_SPV)
        li t0, MSTATUS_SPP | MSTATUS_SPIE; csrs mstatus, t0
        li t0, MSTATUS_SIE; csrc mstatus, t0
        la t0, 2f; csrw sepc, t0
        RUN_IN(PRV_S, sret; j fail; 2: nop)
        CHECK_BIT(s5, 1, 1); CHECK_BIT(s5, 5, 1)
        li t0, MSTATUS_SIE; csrc mstatus, t0
  CASE(17)                                        # MRET with MPP = M ignores MPV and clears it
        li t0, MSTATUS_MPP | MSTATUS_MPV; csrs mstatus, t0
        la t0, 2f; csrw mepc, t0
        CLEAR_REC; la s8, 98f
        mret
        j fail
2:      csrr a1, mstatus
        ecall
        j fail
98:     CHECK(s2, CAUSE_ECALL_M)
        CHECK_BIT(a1, 39, 0)                      # MPV = 0 after MRET
        CHECK_FIELD(a1, 11, 3, 0)                 # MPP = U (least privileged)
  CASE(18)                                        # MRET into VU
        RUN_IN(PRV_VU, nop)
        CHECK(s2, CAUSE_ECALL_U); CHECK_BIT(s5, 39, 1)

  # ------------------------------------------------------ round trips
  CASE(19)                                        # hypercall: VS ecall -> HS -> SRET -> VS
        li t0, (1 << CAUSE_ECALL_VS); csrw medeleg, t0
        la t0, h_hcall; csrw stvec, t0
        li a7, 41; li a0, 0
        RUN_IN(PRV_VS, ecall; 1: ebreak)          # the ebreak (not delegated) proves V = 1
        la t0, hs_s_rec; csrw stvec, t0
        csrwi medeleg, 0
        CHECK(a0, 42)                             # handled by h_hcall
        CHECK_MTRAP(CAUSE_BREAKPOINT, 1b)
        CHECK_BIT(s5, 39, 1); CHECK_FIELD(s5, 11, 3, 1)
        CHECK(a6, CAUSE_ECALL_VS)
  CASE(20)                                        # VTSR: HS emulates the guest's SRET
        li t0, (1 << CAUSE_VIRTUAL); csrw medeleg, t0
        la t0, h_hcall; csrw stvec, t0
        HSET(HSTATUS_VTSR)
        li a7, 1; li a0, 0
        RUN_IN(PRV_VS, sret; 1: ebreak)
        HCLR(HSTATUS_VTSR)
        la t0, hs_s_rec; csrw stvec, t0
        csrwi medeleg, 0
        CHECK(a6, CAUSE_VIRTUAL); CHECK(a0, 2)
        CHECK_MTRAP(CAUSE_BREAKPOINT, 1b); CHECK_BIT(s5, 39, 1)
  CASE(21)                                        # VTW and VTVM likewise
        li t0, (1 << CAUSE_VIRTUAL); csrw medeleg, t0
        la t0, h_hcall; csrw stvec, t0
        HSET(HSTATUS_VTW | HSTATUS_VTVM)
        li a7, 5; li a0, 0
        RUN_IN(PRV_VS, wfi; mv a7, a0; sfence.vma; 1: ebreak)
        HCLR(HSTATUS_VTW | HSTATUS_VTVM)
        la t0, hs_s_rec; csrw stvec, t0
        csrwi medeleg, 0
        CHECK_MTRAP(CAUSE_BREAKPOINT, 1b)
        CHECK(a6, CAUSE_VIRTUAL); CHECK(a0, 7)    # two traps: 5 + 1 + 1
  CASE(22)                                        # the guest handles its own trap and returns
        li t0, (1 << CAUSE_ILLEGAL); csrw medeleg, t0; csrw hedeleg, t0
        la t0, v_skip; csrw vstvec, t0
        li a4, 0
        RUN_IN(PRV_VU, .word 0x0000006b; .word 0x0000006b; 1: ebreak)
        la t0, hs_vs_rec; csrw vstvec, t0
        csrwi medeleg, 0; csrwi hedeleg, 0
        CHECK_MTRAP(CAUSE_BREAKPOINT, 1b)
        CHECK_FIELD(s5, 11, 3, 0); CHECK_BIT(s5, 39, 1)   # back in VU
        CHECK(a4, 2)
        CHECK(a3, VSCAUSE_ILLEGAL)
        CHECK(s9, -1)                             # HS never involved
        j pass

        .balign 4
h_hcall:                                        # HS: a0 = a7 + 1, skip the instruction, SRET
        csrr a6, scause
        addi a0, a7, 1
        csrr t0, sepc; addi t0, t0, 4; csrw sepc, t0
        sret
        .balign 4
v_skip:                                         # VS: count, skip, SRET (vsepc via sepc)
        csrr a3, scause
        addi a4, a4, 1
        csrr t0, sepc; addi t0, t0, 4; csrw sepc, t0
        sret
HYP_END
