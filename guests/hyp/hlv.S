# Hypervisor virtual-machine loads and stores (priv spec 20211203, 8.3.1):
# HLV.B/BU/H/HU/W/WU/D, HLVX.HU/WU and HSV.B/H/W/D from M, HS and U (HU = 1);
# sign/zero extension; two-stage translation as though V = 1 with the privilege
# of hstatus.SPVP (VS when 1, VU when 0); vsstatus.SUM applies and the HS-level
# SUM does not; HLVX needs execute (not read) permission; MPRV does not affect
# them (8.4.1), while MPRV with MPV = 1 translates ordinary M-mode accesses in two
# stages; the faults they raise: page faults and guest-page faults with GVA = 1
# but MPV/SPV = 0, SPVP kept on a trap from V = 0 (8.6.2), htval/mtval2 = GPA >> 2
# and the transformed HLV/HSV in htinst/mtinst (HyperStep).
#include "hyp_test.h"
#include "hyp_vm.h"

#define G4K(i)  (0x100000000 + (i) * 0x1000)   /* groot[4] -> gl1[0] -> gl0[i] */
#define V4K(i)  (0xC0000000 + (i) * 0x1000)    /* vroot[3] -> vl1[0] -> vl0[i] */

#define SPVP_VS li t0, HSTATUS_SPVP; csrs hstatus, t0
#define SPVP_VU li t0, HSTATUS_SPVP; csrc hstatus, t0
/* a0 = VA: trap to M with cause and mtval = VA at 1b, GVA = 1, MPV = 0
 * (QEMU 7.2 sets mstatus.GVA only for traps taken while V = 1) */
#define CHECK_HLV_M(cause)                                                 \
        CHECK_MTRAP(cause, 1b); CHECKR(s3, a0);                            \
        SPEC_CHECK(CHECK_BIT(s5, 38, 1)); CHECK_BIT(s5, 39, 0)

/* A VS-stage permission failure of an HLV/HSV/HLVX (or of an M-mode access with
 * MPRV = 1, MPV = 1) is a page fault (8.3.1: translation as though V = 1);
 * QEMU 7.2 raises an access fault (5/7) instead. */
#ifdef QEMU72_QUIRKS
#define HLV_LOAD_PF  5
#define HLV_STORE_PF 7
#else
#define HLV_LOAD_PF  CAUSE_LOAD_PF
#define HLV_STORE_PF CAUSE_STORE_PF
#endif

/* HLVX needs execute permission (8.3.1); QEMU 7.2 lets it read a VS page
 * without X */
#ifdef QEMU72_QUIRKS
#define CHECK_HLVX_NX CHECK(s2, CAUSE_ECALL_HS)
#else
#define CHECK_HLVX_NX CHECK_HLV_M(CAUSE_LOAD_PF)
#endif

HYP_BEGIN
        .option norvc
        la a5, vdata

  # ---------------------------------- widths and extension (no translation)
  CASE(1)
        SPVP_VS
        RUN_IN(PRV_M, hlv.b a1, (a5); hlv.bu a2, (a5); hlv.h a3, (a5); hlv.hu a4, (a5))
        CHECK_MTRAP(CAUSE_ECALL_M, 96b)
        CHECK(a1, 0xffffffffffffff88); CHECK(a2, 0x88)
        CHECK(a3, 0xffffffffffff8788); CHECK(a4, 0x8788)
  CASE(2)
        RUN_IN(PRV_M, hlv.w a1, (a5); hlv.wu a2, (a5); hlv.d a3, (a5); hlvx.hu a4, (a5))
        CHECK(a1, 0xffffffff85868788); CHECK(a2, 0x85868788)
        CHECK(a3, 0x8182838485868788); CHECK(a4, 0x8788)
  CASE(3)
        RUN_IN(PRV_M, hlvx.wu a1, (a5))
        CHECK(a1, 0x85868788)
  CASE(4)                                         # stores from HS
        addi a6, a5, 16; li a1, 0x1122334455667788
        RUN_IN(PRV_S, hsv.d a1, (a6); addi a6, a6, 8; hsv.w a1, (a6);
               addi a6, a6, 8; hsv.h a1, (a6); addi a6, a6, 8; hsv.b a1, (a6))
        CHECK_MTRAP(CAUSE_ECALL_HS, 96b)
        ld a0, 16(a5); CHECK(a0, 0x1122334455667788)
        ld a0, 24(a5); CHECK(a0, 0x55667788)
        ld a0, 32(a5); CHECK(a0, 0x7788)
        ld a0, 40(a5); CHECK(a0, 0x88)
  CASE(5)                                         # loads from HS
        RUN_IN(PRV_S, hlv.d a1, (a5); hlv.hu a2, (a5))
        CHECK_MTRAP(CAUSE_ECALL_HS, 96b)
        CHECK(a1, 0x8182838485868788); CHECK(a2, 0x8788)
  CASE(6)                                         # from U with HU = 1
        li t0, HSTATUS_HU; csrs hstatus, t0
        addi a6, a5, 48; li a2, 0x99
        RUN_IN(PRV_U, hlv.wu a1, (a5); hsv.b a2, (a6))
        li t0, HSTATUS_HU; csrc hstatus, t0
        CHECK_MTRAP(CAUSE_ECALL_U, 96b)
        CHECK(a1, 0x85868788)
        lbu a0, 48(a5); CHECK(a0, 0x99)

        # ------------------------------------- two-stage tables for the rest
        SETPTE_A(groot, 2, 0x80000000, GPTE_RWX)
        SETPTR(groot, 4, gl1)
        SETPTR(gl1, 0, gl0)
        SETPTE_L(gl0, 0, pageA, GPTE_RW)
        SETPTE_L(gl0, 1, pageA, GPTE_R)                    # read-only in G
        SETPTE_L(gl0, 2, pageA, GPTE_X)                    # execute-only in G
        SETPTE_L(gl0, 3, pageA, GPTE_RWX)
        CLRPTE(gl0, 4)
        SETPTE_A(vroot, 2, 0x80000000, PTE_RWX_AD)
        SETPTR(vroot, 3, vl1)
        SETPTR(vl1, 0, vl0)
        SETPTE_A(vl0, 0, G4K(0), PTE_RW_AD)                # S page
        SETPTE_A(vl0, 1, G4K(0), PTE_RW_AD | PTE_U)        # U page
        SETPTE_A(vl0, 2, G4K(2), PTE_V | PTE_X | PTE_A)    # execute-only (both stages)
        SETPTE_A(vl0, 3, G4K(4), PTE_RW_AD)                # G-stage invalid
        CLRPTE(vl0, 4)                                     # VS-stage invalid
        SETPTE_A(vl0, 5, G4K(1), PTE_RW_AD)                # G read-only
        SETPTE_A(vl0, 6, G4K(3), PTE_RWX_AD)               # readable and executable (both stages)
        SET_HGATP(HGATP_SV39X4, 0, groot)
        SET_VSATP(SATP_SV39, 0, vroot)
        csrwi vsstatus, 0

  # ------------------------------------------------- SPVP chooses VS / VU
  CASE(7)
        SPVP_VS; li a0, V4K(0)
        RUN_IN(PRV_M, hlv.d a1, (a0))
        CHECK_MTRAP(CAUSE_ECALL_M, 96b); CHECK(a1, 0xAAAA0001)
  CASE(8)                                         # VU may not read an S page
        SPVP_VU; li a0, V4K(0)
        RUN_IN(PRV_M, 1: hlv.d a1, (a0))
        CHECK_HLV_M(HLV_LOAD_PF)
        CHECK_FIELD(s5, 11, 3, 3)                 # from M
  CASE(9)                                         # VU reads a U page
        SPVP_VU; li a0, V4K(1)
        RUN_IN(PRV_S, hlv.wu a1, (a0))
        CHECK_MTRAP(CAUSE_ECALL_HS, 96b); CHECK(a1, 0xAAAA0001)
  CASE(10)                                        # VS on a U page: vsstatus.SUM = 0 faults ...
        SPVP_VS; li a0, V4K(1)
        li t0, MSTATUS_SUM; csrs mstatus, t0      # (the HS-level SUM is ignored)
        RUN_IN(PRV_S, 1: hlv.w a1, (a0))
        li t0, MSTATUS_SUM; csrc mstatus, t0
#ifdef QEMU72_QUIRKS
        CHECK(s2, CAUSE_ECALL_HS)                 /* QEMU 7.2 applies the HS-level SUM to HLV */
#else
        CHECK_HLV_M(HLV_LOAD_PF)
#endif
  CASE(11)                                        # ... vsstatus.SUM = 1 allows it
        li t0, MSTATUS_SUM; csrs vsstatus, t0
        li a0, V4K(1); li a2, 0x6789
        RUN_IN(PRV_S, hlv.wu a1, (a0); hsv.d a2, (a0))
        li t0, MSTATUS_SUM; csrc vsstatus, t0
        CHECK_MTRAP(CAUSE_ECALL_HS, 96b); CHECK(a1, 0xAAAA0001)
        la t0, pageA; ld a0, 0(t0); CHECK(a0, 0x6789)
        li t0, 0xAAAA0001; la t1, pageA; sd t0, 0(t1)
  CASE(12)                                        # VU store to an S page
        SPVP_VU; li a0, V4K(0) + 8
        RUN_IN(PRV_S, 1: hsv.d a1, (a0))
        CHECK_HLV_M(HLV_STORE_PF)
        CHECK_FIELD(s5, 11, 3, 1)

  # ------------------------------------------------------------- HLVX
  CASE(13)                                        # execute-only in both stages: HLVX reads
        SPVP_VS; li a0, V4K(2)
        RUN_IN(PRV_S, 1: hlvx.wu a1, (a0); hlvx.hu a2, (a0))
#ifdef QEMU72_QUIRKS
        CHECK_MTRAP(5, 1b)                        /* QEMU 7.2: load access fault on an execute-only G page */
#else
        CHECK_MTRAP(CAUSE_ECALL_HS, 96b)
        CHECK(a1, 0xAAAA0001); CHECK(a2, 0x0001)
#endif
  CASE(14)                                        # ... HLV does not (VS stage: no R)
        li a0, V4K(2)
        RUN_IN(PRV_S, 1: hlv.wu a1, (a0))
        CHECK_HLV_M(HLV_LOAD_PF)
  CASE(15)                                        # HLVX on a non-executable page: load page fault
        li a0, V4K(0)
        RUN_IN(PRV_S, 1: hlvx.wu a1, (a0))
        CHECK_HLVX_NX
  CASE(16)                                        # HLVX on readable+executable
        li a0, V4K(6)
        RUN_IN(PRV_M, hlvx.hu a1, (a0))
        CHECK(a1, 0x0001)
  CASE(17)                                        # vsstatus.MXR does not give HLVX execute rights
        li t0, MSTATUS_MXR; csrs vsstatus, t0
        li a0, V4K(0)
        RUN_IN(PRV_S, 1: hlvx.hu a1, (a0))
        li t0, MSTATUS_MXR; csrc vsstatus, t0
        CHECK_HLVX_NX

  # ------------------------------------------------- guest-page faults
  CASE(18)                                        # G-stage invalid: mtval2 = GPA >> 2
        li a0, V4K(3) + 0x10
        RUN_IN(PRV_M, 1: hlv.w a1, (a0))
        CHECK_HLV_M(CAUSE_LOAD_GPF)
        LDREC(a2, REC_MTVAL2); CHECK(a2, (G4K(4) + 0x10) >> 2)
        IMPL_CHECK(LDREC(a2, REC_MTINST); CHECK(a2, 0x680045f3))   # hlv.w a1, (x0)
  CASE(19)                                        # HSV to a G read-only page
        li a0, V4K(5) + 0x18
        RUN_IN(PRV_S, 1: hsv.h a2, (a0))
        CHECK_HLV_M(CAUSE_STORE_GPF)
        LDREC(a2, REC_MTVAL2); CHECK(a2, (G4K(1) + 0x18) >> 2)
        IMPL_CHECK(LDREC(a2, REC_MTINST); CHECK(a2, 0x66c04073))   # hsv.h a2, (x0)
  CASE(20)                                        # VS-stage page fault: mtval2 = 0
        li a0, V4K(4)
        RUN_IN(PRV_S, 1: hlv.d a1, (a0))
        CHECK_HLV_M(HLV_LOAD_PF)
        CHECK_REC(REC_MTVAL2, 0)

  # ------------------------------------------------- delegated to HS
  CASE(21)                                        # page fault: SPV = 0, GVA = 1, SPVP kept
        li t0, (1 << CAUSE_LOAD_PF) | (1 << CAUSE_LOAD_GPF) | (1 << 5); csrw medeleg, t0
        li t0, HSTATUS_SPV | HSTATUS_GVA; csrc hstatus, t0
        SPVP_VU; li a0, V4K(0) + 0x20
        RUN_IN(PRV_S, 1: hlv.d a1, (a0))
        CHECK_HSTRAP(HLV_LOAD_PF, 1b); CHECKR(s10, a0)
        LDREC(a1, REC_HSTATUS)
        CHECK_BIT(a1, 6, 1)                       # GVA
        CHECK_BIT(a1, 7, 0)                       # SPV = 0 (V was 0)
        CHECK_BIT(a1, 8, 0)                       # SPVP unchanged (0)
        CHECK_REC(REC_HTVAL, 0)
  CASE(22)                                        # SPVP = 1 stays 1 on a trap from HS
        SPVP_VS; li a0, V4K(3)
        RUN_IN(PRV_S, 1: hlv.d a1, (a0))
        CHECK_HSTRAP(CAUSE_LOAD_GPF, 1b); CHECKR(s10, a0)
        CHECK_REC(REC_HTVAL, G4K(4) >> 2)
        LDREC(a1, REC_HSTATUS)
        CHECK_BIT(a1, 6, 1); CHECK_BIT(a1, 7, 0); CHECK_BIT(a1, 8, 1)
  CASE(23)                                        # from U (HU = 1): SPP = 0, SPVP kept
        li t0, HSTATUS_HU; csrs hstatus, t0
        SPVP_VS; li a0, V4K(3) + 8
        RUN_IN(PRV_U, 1: hlv.d a1, (a0))
        li t0, HSTATUS_HU; csrc hstatus, t0
        csrwi medeleg, 0
        CHECK_HSTRAP(CAUSE_LOAD_GPF, 1b); CHECKR(s10, a0)
        CHECK_REC(REC_HTVAL, (G4K(4) + 8) >> 2)
        LDREC(a1, REC_HSTATUS)
        CHECK_BIT(a1, 6, 1); CHECK_BIT(a1, 7, 0); CHECK_BIT(a1, 8, 1)
        CHECK_BIT(s7, 8, 0)

  # ------------------------------------------------------------- MPRV
  CASE(24)                                        # MPRV does not affect HLV (SPVP = VS)
        SPVP_VS; li a0, V4K(0)
        li t0, MSTATUS_MPP; csrc mstatus, t0      # MPP = U, MPV = 1: ordinary loads act as VU
        li t0, MSTATUS_MPV | MSTATUS_MPRV; csrs mstatus, t0
        hlv.d a1, (a0)
        li t0, MSTATUS_MPV | MSTATUS_MPRV; csrc mstatus, t0
        CHECK(a1, 0xAAAA0001)
  CASE(25)                                        # MPRV with MPV = 1, MPP = S: two-stage M load
        li t0, MSTATUS_MPP; csrc mstatus, t0
        li t0, (PRV_S << 11) | MSTATUS_MPV | MSTATUS_MPRV; csrs mstatus, t0
        li a0, V4K(0); ld a1, 0(a0)
        li t0, MSTATUS_MPV | MSTATUS_MPRV; csrc mstatus, t0
        CHECK(a1, 0xAAAA0001)
  CASE(26)                                        # MPRV, MPV = 1, MPP = U: the S page faults
        li a0, V4K(0)
        CLEAR_REC; la s8, 2f
        li t0, MSTATUS_MPP; csrc mstatus, t0
        li t0, MSTATUS_MPV | MSTATUS_MPRV; csrs mstatus, t0
1:      ld a1, 0(a0)
        j fail
2:      li t0, MSTATUS_MPV | MSTATUS_MPRV; csrc mstatus, t0
        CHECK_MTRAP(HLV_LOAD_PF, 1b); CHECKR(s3, a0)
        SPEC_CHECK(CHECK_BIT(s5, 38, 1))          # GVA: a guest virtual address
        VSATP_OFF
        HGATP_OFF
        j pass
HYP_END

        .data
        .balign 64
vdata:  .dword 0x8182838485868788
        .skip 64
        .balign 4096
pageA:  .dword 0xAAAA0001
        .balign 4096

        .bss
        .balign 16384
groot:  .skip 16384
gl1:    .skip 4096
gl0:    .skip 4096
vroot:  .skip 4096
vl1:    .skip 4096
vl0:    .skip 4096
