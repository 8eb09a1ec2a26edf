# Delegation to VS-mode (priv spec 20211203, 8.2.2-8.2.4, 8.6.2): exceptions from
# VU/VS through medeleg + hedeleg to vstvec (vscause, vsepc, vstval,
# vsstatus.SPP/SPIE/SIE), hedeleg without medeleg has no effect; virtual
# interrupts VSSI, VSTI, VSEI from hvip (and VSTI from vstimecmp with Sstc and
# htimedelta): delivered to VS with hideleg as causes 1, 5, 9 and to HS without it
# as 2, 6, 10; global enables (vsstatus.SIE in VS, always in VU; HS-level
# interrupts always enabled while V = 1, sstatus.SIE in HS; VS interrupts never
# taken while V = 0); priority SEI > SSI > STI inside VS and SEI, SSI, STI, VSEI,
# VSSI, VSTI in HS (8.2.3).
#include "hyp_test.h"

#define NOPS8  nop; nop; nop; nop; nop; nop; nop; nop
/* Enter `mode` with interrupts expected: a slide of nops, then fail */
#define EXPECT_IRQ_IN(mode)  RUN_IN(mode, NOPS8; NOPS8; j fail)
/* no interrupt: the block reaches its ecall */
#define NO_IRQ_IN(mode)      RUN_IN(mode, NOPS8; NOPS8)
/* reg within the first 16 instructions of the last RUN_IN block */
#define CHECK_IN_SLIDE(reg)  la t5, 97b; sub t5, reg, t5; sltiu t5, t5, 64; CHECK(t5, 1)
#define CHECK_VS_IRQ(code)                                                 \
        CHECK(s2, CAUSE_ECALL_VS); CHECK_REC(REC_VSCAUSE, INTR | (code));  \
        LDREC(a1, REC_VSEPC); CHECK_IN_SLIDE(a1)
#define CHECK_HS_IRQ(code)                                                 \
        CHECK(s2, CAUSE_ECALL_HS); CHECK(s9, INTR | (code)); CHECK_IN_SLIDE(s11)
#define VS_SIE_ON   li t0, MSTATUS_SIE; csrs vsstatus, t0
#define VS_SIE_OFF  li t0, MSTATUS_SIE; csrc vsstatus, t0
#define HS_SIE_ON   li t0, MSTATUS_SIE; csrs mstatus, t0
#define HS_SIE_OFF  li t0, MSTATUS_SIE; csrc mstatus, t0
#define IRQ_RESET   csrwi hvip, 0; csrwi hie, 0; csrwi hideleg, 0; VS_SIE_OFF; HS_SIE_OFF

HYP_BEGIN
        .option norvc
        csrwi mideleg, 0
  # ------------------------------------------------ exceptions to VS
  CASE(1)                                         # breakpoint in VU -> vstvec
        li t0, (1 << CAUSE_BREAKPOINT); csrw medeleg, t0; csrw hedeleg, t0
        VS_SIE_ON
        RUN_IN(PRV_VU, 1: ebreak)
        CHECK_VSTRAP(CAUSE_BREAKPOINT, 1b)
        LDREC(a1, REC_VSSTATUS)
        CHECK_BIT(a1, 8, 0); CHECK_BIT(a1, 5, 1); CHECK_BIT(a1, 1, 0)
        CHECK(s9, -1)
  CASE(2)                                         # illegal instruction in VS -> vstvec
        li t0, (1 << CAUSE_ILLEGAL); csrw medeleg, t0; csrw hedeleg, t0
        VS_SIE_OFF
        RUN_IN(PRV_VS, 1: .word 0x0000006b)
        CHECK_VSTRAP(VSCAUSE_ILLEGAL, 1b)
        CHECK_REC(REC_VSTVAL, 0x6b)
        LDREC(a1, REC_VSSTATUS)
        CHECK_BIT(a1, 8, 1); CHECK_BIT(a1, 5, 0)
  CASE(3)                                         # hedeleg alone does nothing: M
        csrwi medeleg, 0
        RUN_IN(PRV_VS, 1: .word 0x0000006b)
        csrwi hedeleg, 0
        CHECK_MTRAP(CAUSE_ILLEGAL, 1b); CHECK_REC(REC_VSCAUSE, -1)
  CASE(4)                                         # medeleg alone: HS
        li t0, (1 << CAUSE_ILLEGAL); csrw medeleg, t0
        RUN_IN(PRV_VU, 1: .word 0x0000006b)
        csrwi medeleg, 0
        CHECK_HSTRAP(CAUSE_ILLEGAL, 1b); CHECK_REC(REC_VSCAUSE, -1)
  CASE(5)                                         # exceptions in HS never go to VS
        li t0, (1 << CAUSE_ILLEGAL); csrw medeleg, t0; csrw hedeleg, t0
        RUN_IN(PRV_S, 1: .word 0x0000006b)
        csrwi medeleg, 0; csrwi hedeleg, 0
        CHECK_HSTRAP(CAUSE_ILLEGAL, 1b); CHECK_REC(REC_VSCAUSE, -1)

  # ------------------------------------------- VS interrupts delegated to VS
  CASE(6)                                         # VSSI, vsstatus.SIE = 1: vscause = 1
        li t0, 0x444; csrw hideleg, t0
        li t0, MIP_VSSIP; csrw hie, t0; csrw hvip, t0
        VS_SIE_ON
        EXPECT_IRQ_IN(PRV_VS)
        IRQ_RESET
        CHECK_VS_IRQ(IRQ_SSI)
        LDREC(a1, REC_VSSTATUS); CHECK_BIT(a1, 8, 1); CHECK_BIT(a1, 5, 1)
  CASE(7)                                         # vsstatus.SIE = 0 in VS: not taken
        li t0, 0x444; csrw hideleg, t0
        li t0, MIP_VSSIP; csrw hie, t0; csrw hvip, t0
        NO_IRQ_IN(PRV_VS)
        IRQ_RESET
        CHECK_MTRAP(CAUSE_ECALL_VS, 96b); CHECK_REC(REC_VSCAUSE, -1)
  CASE(8)                                         # in VU: taken whatever vsstatus.SIE
        li t0, 0x444; csrw hideleg, t0
        li t0, MIP_VSSIP; csrw hie, t0; csrw hvip, t0
        EXPECT_IRQ_IN(PRV_VU)
        IRQ_RESET
        CHECK_VS_IRQ(IRQ_SSI)
        LDREC(a1, REC_VSSTATUS); CHECK_BIT(a1, 8, 0)
  CASE(9)                                         # hie.VSSIE = 0: not taken
        li t0, 0x444; csrw hideleg, t0
        li t0, MIP_VSSIP; csrw hvip, t0
        VS_SIE_ON
        NO_IRQ_IN(PRV_VS)
        IRQ_RESET
        CHECK_MTRAP(CAUSE_ECALL_VS, 96b)
  CASE(10)                                        # VSTI from hvip: vscause = 5
        li t0, 0x444; csrw hideleg, t0
        li t0, MIP_VSTIP; csrw hie, t0; csrw hvip, t0
        VS_SIE_ON
        EXPECT_IRQ_IN(PRV_VS)
        IRQ_RESET
        CHECK_VS_IRQ(IRQ_STI)
  CASE(11)                                        # VSEI from hvip: vscause = 9
        li t0, 0x444; csrw hideleg, t0
        li t0, MIP_VSEIP; csrw hie, t0; csrw hvip, t0
        EXPECT_IRQ_IN(PRV_VU)
        IRQ_RESET
        CHECK_VS_IRQ(IRQ_SEI)
  CASE(12)                                        # VS enables SIE itself: taken right after
        li t0, 0x444; csrw hideleg, t0
        li t0, MIP_VSSIP; csrw hie, t0; csrw hvip, t0
        RUN_IN(PRV_VS, nop; 1: csrsi sstatus, MSTATUS_SIE; 2: NOPS8; j fail)
        IRQ_RESET
        CHECK(s2, CAUSE_ECALL_VS); CHECK_REC(REC_VSCAUSE, INTR | IRQ_SSI)
        LDREC(a1, REC_VSEPC); la t5, 1b; sltu a0, t5, a1; CHECK(a0, 1)   # after the csrsi
  CASE(13)                                        # delegated VS interrupts wait while V = 0
        li t0, 0x444; csrw hideleg, t0
        li t0, MIP_VS_ALL; csrw hie, t0; csrw hvip, t0
        HS_SIE_ON
        NO_IRQ_IN(PRV_S)
        IRQ_RESET
        CHECK_MTRAP(CAUSE_ECALL_HS, 96b)

  # --------------------------------------------- not delegated: to HS
  CASE(14)                                        # VSSI in VS without hideleg: HS, cause 2
        li t0, MIP_VSSIP; csrw hie, t0; csrw hvip, t0
        HS_SIE_OFF                                # HS interrupts are on while V = 1
        li t0, HSTATUS_SPV; csrc hstatus, t0
        EXPECT_IRQ_IN(PRV_VS)
        IRQ_RESET
        CHECK_HS_IRQ(IRQ_VSSI)
        LDREC(a1, REC_HSTATUS); CHECK_BIT(a1, 7, 1); CHECK_BIT(a1, 6, 0)
        CHECK_REC(REC_VSCAUSE, -1)
  CASE(15)                                        # VSTI: cause 6
        li t0, MIP_VSTIP; csrw hie, t0; csrw hvip, t0
        EXPECT_IRQ_IN(PRV_VU)
        IRQ_RESET
        CHECK_HS_IRQ(IRQ_VSTI)
  CASE(16)                                        # VSEI: cause 10
        li t0, MIP_VSEIP; csrw hie, t0; csrw hvip, t0
        EXPECT_IRQ_IN(PRV_VS)
        IRQ_RESET
        CHECK_HS_IRQ(IRQ_VSEI)
  CASE(17)                                        # in HS: needs sstatus.SIE
        li t0, MIP_VSSIP; csrw hie, t0; csrw hvip, t0
        NO_IRQ_IN(PRV_S)
        CHECK_MTRAP(CAUSE_ECALL_HS, 96b)
        HS_SIE_ON
        li t0, HSTATUS_SPV; csrs hstatus, t0
        EXPECT_IRQ_IN(PRV_S)
        IRQ_RESET
        CHECK_HS_IRQ(IRQ_VSSI)
        LDREC(a1, REC_HSTATUS); CHECK_BIT(a1, 7, 0)      # SPV = 0 from HS
  CASE(18)                                        # an S-level interrupt while in VS goes to HS
        li t0, (1 << IRQ_SSI); csrw mideleg, t0; csrs mie, t0; csrs mip, t0
        EXPECT_IRQ_IN(PRV_VS)
        li t0, (1 << IRQ_SSI); csrc mip, t0; csrc mie, t0
        csrwi mideleg, 0
        IRQ_RESET
        CHECK_HS_IRQ(IRQ_SSI)

  # -------------------------------------------------------- priority
  CASE(19)                                        # in VS: SEI > SSI > STI
        li t0, 0x444; csrw hideleg, t0
        li t0, MIP_VS_ALL; csrw hie, t0
        li t0, MIP_VSSIP | MIP_VSTIP; csrw hvip, t0
        VS_SIE_ON
        EXPECT_IRQ_IN(PRV_VS)
        CHECK_VS_IRQ(IRQ_SSI)
        /* QEMU 7.2 takes the lowest-numbered pending interrupt first (no AIA
         * priority order, see docs/difftest.md), so SEI last */
        SPEC_CHECK(li t0, MIP_VS_ALL; csrw hvip, t0; VS_SIE_ON;
                   EXPECT_IRQ_IN(PRV_VS); CHECK_VS_IRQ(IRQ_SEI))
        li t0, MIP_VSTIP; csrw hvip, t0
        VS_SIE_ON
        EXPECT_IRQ_IN(PRV_VS)
        IRQ_RESET
        CHECK_VS_IRQ(IRQ_STI)
  CASE(20)                                        # in HS: VSEI > VSSI > VSTI
        li t0, MIP_VS_ALL; csrw hie, t0
        li t0, MIP_VSSIP | MIP_VSTIP; csrw hvip, t0
        EXPECT_IRQ_IN(PRV_VS)
        CHECK_HS_IRQ(IRQ_VSSI)
        SPEC_CHECK(li t0, MIP_VS_ALL; csrw hvip, t0;
                   EXPECT_IRQ_IN(PRV_VS); CHECK_HS_IRQ(IRQ_VSEI))
        li t0, MIP_VSTIP; csrw hvip, t0
        EXPECT_IRQ_IN(PRV_VS)
        IRQ_RESET
        CHECK_HS_IRQ(IRQ_VSTI)
  CASE(21)                                        # HS-level before VS-level: SSI, then VSEI
        li t0, MIP_VSEIP; csrw hie, t0; csrw hvip, t0
        li t0, (1 << IRQ_SSI); csrw mideleg, t0; csrs mie, t0; csrs mip, t0
        EXPECT_IRQ_IN(PRV_VS)
        li t0, (1 << IRQ_SSI); csrc mip, t0; csrc mie, t0
        csrwi mideleg, 0
        CHECK_HS_IRQ(IRQ_SSI)
        EXPECT_IRQ_IN(PRV_VS)
        IRQ_RESET
        CHECK_HS_IRQ(IRQ_VSEI)
  CASE(22)                                        # an interrupt for HS beats one for VS
        li t0, MIP_VSTIP; csrw hideleg, t0        # VSTI to VS, VSSI stays in HS
        li t0, MIP_VSSIP | MIP_VSTIP; csrw hie, t0; csrw hvip, t0
        VS_SIE_ON
        EXPECT_IRQ_IN(PRV_VS)
        IRQ_RESET
        CHECK_HS_IRQ(IRQ_VSSI)

  # ------------------------------------------- VSTI from vstimecmp (Sstc)
  CASE(23)
        li t0, ENVCFG_STCE; csrs menvcfg, t0; csrs henvcfg, t0
        csrwi vstimecmp, 0                        # long past: pending
        csrr a1, hip
        li t0, -1; csrw vstimecmp, t0
        csrr a2, hip
        CHECK_BIT(a1, IRQ_VSTI, 1)
        CHECK_BIT(a2, IRQ_VSTI, 0)
  CASE(24)                                        # compared with time + htimedelta
        csrr t0, time; li t1, (1 << 40); add t0, t0, t1; csrw vstimecmp, t0
        csrr a1, hip
        li t0, (1 << 41); csrw htimedelta, t0
        csrr a2, hip
        csrwi htimedelta, 0
        csrr a3, hip
        CHECK_BIT(a1, IRQ_VSTI, 0)
        SPEC_CHECK(CHECK_BIT(a2, IRQ_VSTI, 1))    # QEMU 7.2 re-evaluates only on a vstimecmp write
        CHECK_BIT(a3, IRQ_VSTI, 0)
  CASE(25)                                        # delivered to VS as cause 5
        li t0, 0x444; csrw hideleg, t0
        li t0, MIP_VSTIP; csrw hie, t0
        csrwi vstimecmp, 0
        VS_SIE_ON
        EXPECT_IRQ_IN(PRV_VS)
        li t0, -1; csrw vstimecmp, t0
        IRQ_RESET
        CHECK_VS_IRQ(IRQ_STI)
  CASE(26)                                        # henvcfg.STCE = 0: vstimecmp inactive
        csrwi henvcfg, 0
        csrwi vstimecmp, 0
        csrr a1, hip
        li t0, ENVCFG_STCE; csrs henvcfg, t0
        csrwi vstimecmp, 0
        csrr a2, hip
        li t0, -1; csrw vstimecmp, t0
        csrwi henvcfg, 0
        SPEC_CHECK(CHECK_BIT(a1, IRQ_VSTI, 0))    # (Sstc; QEMU 7.2 ignores henvcfg.STCE here)
        CHECK_BIT(a2, IRQ_VSTI, 1)
        j pass
HYP_END
