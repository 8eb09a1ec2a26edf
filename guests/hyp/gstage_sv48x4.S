# G-stage translation with hgatp = Sv48x4 (priv spec 20211203, 8.2.10, 8.5.1):
# four levels with the 16 KiB root indexed by GPA[49:39] (index 1024 reachable),
# 4 KiB pages, gigapages, a 512 GiB page at the root, a misaligned gigapage, GPA
# bits 63:50 must be zero; guest-page faults with mtval2/htval = GPA >> 2 and
# GVA; VS-stage Sv48 over the Sv48x4 G stage. Details shared with Sv39x4 (U bit,
# MXR, A/D, implicit accesses, htinst) are in gstage_sv39x4.S.
#include "hyp_test.h"
#include "hyp_vm.h"

#define G48(i)     (0x100000000 + (i) * 0x1000)   /* groot[0] -> gl2[4] -> gl1[0] -> gl0[i] */
#define GGIGA_MIS  0x140000000                    /* gl2[5]: misaligned gigapage */
#define GTERA      0x8000000000                   /* groot[1]: 512 GiB page -> PA 0 */
#define GHIGH      0x2000000000000                /* groot[1024] -> gl2b[2] -> RAM */
#define GTOOBIG    0x4000000000000                /* bit 50 set */
#define V48(i)     (0xC0000000 + (i) * 0x1000)    /* vroot[0] -> vl2[3] -> vl1[0] -> vl0[i] */

#define CHECK_GPF_M(cause, lbl)                                            \
        CHECK_MTRAP(cause, lbl); CHECKR(s3, a0);                           \
        srli t5, a1, 2; LDREC(a2, REC_MTVAL2); CHECKR(a2, t5);             \
        CHECK_BIT(s5, 38, 1); CHECK_BIT(s5, 39, 1)

HYP_BEGIN
        .option norvc
        SETPTR(groot, 0, gl2)
        SETPTE_A(gl2, 2, 0x80000000, GPTE_RWX)             # RAM identity (gigapage)
        SETPTR(gl2, 4, gl1)
        SETPTE_A(gl2, 5, 0x80200000, GPTE_RWX)             # misaligned gigapage
        SETPTR(gl1, 0, gl0)
        SETPTE_L(gl0, 0, pageA, GPTE_RW)
        CLRPTE(gl0, 1)
        SETPTE_A(groot, 1, 0, GPTE_RWX)                    # 512 GiB page
        la t1, gl2b; MKPTE(t0, t1, PTE_V)                  # groot[1024]
        la t1, groot; li t2, 1024 * 8; add t1, t1, t2; sd t0, 0(t1)
        SETPTE_A(gl2b, 2, 0x80000000, GPTE_RWX)
        SETPTR(vroot, 0, vl2)
        SETPTE_A(vl2, 2, 0x80000000, PTE_RWX_AD)
        SETPTR(vl2, 3, vl1)
        SETPTR(vl1, 0, vl0)
        SETPTE_A(vl0, 0, G48(0), PTE_RW_AD)
        SETPTE_A(vl0, 1, G48(1), PTE_RW_AD)                # G-stage invalid

  CASE(1)
        SET_HGATP(HGATP_SV48X4, 0, groot)
        csrr a1, hgatp; srli a0, a1, 60; CHECK(a0, 9)
  CASE(2)                                         # gigapage identity (VS code runs)
        la a0, pageA
        RUN_IN(PRV_VS, ld a1, 0(a0))
        CHECK_MTRAP(CAUSE_ECALL_VS, 96b); CHECK(a1, 0xAAAA0001)
  CASE(3)                                         # 4 KiB page, four levels
        li a0, G48(0) + 8; li a2, 0x55
        RUN_IN(PRV_VS, sd a2, 0(a0); ld a1, -8(a0))
        CHECK_MTRAP(CAUSE_ECALL_VS, 96b); CHECK(a1, 0xAAAA0001)
        la t0, pageA; ld a0, 8(t0); CHECK(a0, 0x55)
  CASE(4)                                         # invalid leaf
        li a0, G48(1) + 0x10; mv a1, a0
        RUN_IN(PRV_VS, 1: ld a2, 0(a0))
        CHECK_GPF_M(CAUSE_LOAD_GPF, 1b)
  CASE(5)
        li a0, G48(1) + 0x18; mv a1, a0
        RUN_IN(PRV_VU, 1: sd a2, 0(a0))
        CHECK_GPF_M(CAUSE_STORE_GPF, 1b)
  CASE(6)                                         # misaligned gigapage
        li a0, GGIGA_MIS + 0x20; mv a1, a0
        RUN_IN(PRV_VS, 1: ld a2, 0(a0))
        CHECK_GPF_M(CAUSE_LOAD_GPF, 1b)
  CASE(7)                                         # 512 GiB page at the root
        la a0, pageA; li t0, GTERA; add a0, a0, t0
        RUN_IN(PRV_VS, ld a1, 0(a0))
        CHECK_MTRAP(CAUSE_ECALL_VS, 96b); CHECK(a1, 0xAAAA0001)
  CASE(8)                                         # root index 1024 (GPA bit 49)
        la a0, pageA; li t0, GHIGH; add a0, a0, t0
        RUN_IN(PRV_VS, 1: ld a1, 0(a0))
#ifdef QEMU72_QUIRKS
        CHECK_MTRAP(CAUSE_LOAD_GPF, 1b)           /* QEMU 7.2 wants GPA bits 63:49 sign-extended */
#else
        CHECK_MTRAP(CAUSE_ECALL_VS, 96b); CHECK(a1, 0xAAAA0001)
#endif
  CASE(9)                                         # GPA bit 50: beyond Sv48x4
        li a0, GTOOBIG + 0x80000000
        RUN_IN(PRV_VS, 1: ld a1, 0(a0))
        CHECK_MTRAP(CAUSE_LOAD_GPF, 1b); CHECKR(s3, a0); CHECK_BIT(s5, 38, 1)

  # ---------------------------------------------- VS-stage Sv48 on top
        SET_VSATP(SATP_SV48, 0, vroot)
  CASE(10)
        li a0, V48(0)
        RUN_IN(PRV_VS, ld a1, 0(a0))
        CHECK_MTRAP(CAUSE_ECALL_VS, 96b); CHECK(a1, 0xAAAA0001)
  CASE(11)                                        # stval = VA, mtval2 = GPA >> 2
        li a0, V48(1) + 0x30; li a1, G48(1) + 0x30
        RUN_IN(PRV_VS, 1: lw a2, 0(a0))
        CHECK_GPF_M(CAUSE_LOAD_GPF, 1b)
  CASE(12)                                        # delegated to HS
        li t0, (1 << CAUSE_STORE_GPF); csrw medeleg, t0
        li t0, HSTATUS_GVA; csrc hstatus, t0
        li a0, V48(1) + 0x38; li a1, G48(1) + 0x38
        RUN_IN(PRV_VS, 1: sw a2, 0(a0))
        csrwi medeleg, 0
        CHECK_HSTRAP(CAUSE_STORE_GPF, 1b); CHECKR(s10, a0)
        srli t5, a1, 2; CHECK_RECR(REC_HTVAL, t5)
        LDREC(a1, REC_HSTATUS); CHECK_BIT(a1, 6, 1); CHECK_BIT(a1, 7, 1)
        VSATP_OFF
        HGATP_OFF
        j pass
HYP_END

        .data
        .balign 4096
pageA:  .dword 0xAAAA0001
        .balign 4096

        .bss
        .balign 16384
groot:  .skip 16384
gl2:    .skip 4096
gl2b:   .skip 4096
gl1:    .skip 4096
gl0:    .skip 4096
vroot:  .skip 4096
vl2:    .skip 4096
vl1:    .skip 4096
vl0:    .skip 4096
