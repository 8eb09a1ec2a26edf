# HFENCE.VVMA / HFENCE.GVMA and SFENCE.VMA in VS-mode (priv spec 20211203,
# 8.3.2, 8.5.3): after a VS-stage or G-stage PTE change, the fence (all forms:
# rs1/rs2 = x0, a guest virtual address, a guest physical address >> 2, an ASID, a
# VMID; executed in M or HS) makes the new translation visible. The spec allows a
# stale translation to be used until the fence but does not require it, so the
# default build only asserts the new mapping after the fence; building with
# -DHS_ASSUME_TLB also asserts that a just-used translation is still used before
# the fence (true of implementations that cache translations, e.g. HyperStep's
# software TLB); HyperStep's own build (without QEMU72_QUIRKS) asserts it through
# IMPL_CHECK, for the VS stage (case 7) and the G stage (case 14). Legality per mode is in hvirt.S.
#include "hyp_test.h"
#include "hyp_vm.h"

#define G4K(i)  (0x100000000 + (i) * 0x1000)   /* groot[4] -> gl1[0] -> gl0[i] */
#define V4K(i)  (0xC0000000 + (i) * 0x1000)    /* vroot[3] -> vl1[0] -> vl0[i] */

/* VS load of address a0 into a1 */
#define VS_LOAD   RUN_IN(PRV_VS, ld a1, 0(a0)); CHECK_MTRAP(CAUSE_ECALL_VS, 96b)
#define MAPV(page)  SETPTE_L(vl0, 0, page, PTE_RW_AD)      /* V4K(0) -> page */
#define MAPG(page)  SETPTE_L(gl0, 0, page, GPTE_RW)        /* G4K(0) -> page */

HYP_BEGIN
        .option norvc
        SETPTE_A(groot, 2, 0x80000000, GPTE_RWX)
        SETPTR(groot, 4, gl1)
        SETPTR(gl1, 0, gl0)
        MAPG(pageA)
        SETPTE_A(vroot, 2, 0x80000000, PTE_RWX_AD)
        SETPTR(vroot, 3, vl1)
        SETPTR(vl1, 0, vl0)
        MAPV(pageA)
        SETPTE_A(vl0, 1, G4K(0), PTE_RW_AD)                # V4K(1) -> G4K(0)
        SET_HGATP(HGATP_SV39X4, 0, groot)
        SET_VSATP(SATP_SV39, 0, vroot)

  # ------------------------------------------------------ VS stage
  CASE(1)
        li a0, V4K(0); VS_LOAD; CHECK(a1, 0xAAAA)
        MAPV(pageB); hfence.vvma
        li a0, V4K(0); VS_LOAD; CHECK(a1, 0xBBBB)
  CASE(2)                                         # by guest virtual address
        MAPV(pageA); li a0, V4K(0); hfence.vvma a0, zero
        VS_LOAD; CHECK(a1, 0xAAAA)
  CASE(3)                                         # by ASID (vsatp.ASID = 3)
        SET_VSATP(SATP_SV39, 3, vroot)
        li a0, V4K(0); VS_LOAD; CHECK(a1, 0xAAAA)
        MAPV(pageB); li t0, 3; hfence.vvma zero, t0
        li a0, V4K(0); VS_LOAD; CHECK(a1, 0xBBBB)
  CASE(4)                                         # address and ASID
        MAPV(pageA); li a0, V4K(0); li t0, 3; hfence.vvma a0, t0
        VS_LOAD; CHECK(a1, 0xAAAA)
  CASE(5)                                         # executed in HS
        MAPV(pageB); li a0, V4K(0)
        RUN_IN(PRV_S, hfence.vvma a0, zero)
        CHECK_MTRAP(CAUSE_ECALL_HS, 96b)
        li a0, V4K(0); VS_LOAD; CHECK(a1, 0xBBBB)
  CASE(6)                                         # the guest's own SFENCE.VMA
        MAPV(pageA); li a0, V4K(0)
        RUN_IN(PRV_VS, sfence.vma a0, zero; ld a1, 0(a0))
        CHECK_MTRAP(CAUSE_ECALL_VS, 96b); CHECK(a1, 0xAAAA)
  CASE(7)                                         # the guest edits its table, then fences
        la a2, vl0; la t1, pageB; MKPTE(a3, t1, PTE_RW_AD)
        li a0, V4K(0)
        RUN_IN(PRV_VS, ld a4, 0(a0); sd a3, 0(a2); ld a5, 0(a0); sfence.vma; ld a1, 0(a0))
        CHECK_MTRAP(CAUSE_ECALL_VS, 96b)
        CHECK(a4, 0xAAAA)
#ifdef HS_ASSUME_TLB
        CHECK(a5, 0xAAAA)                         /* stale until the fence */
#else
        IMPL_CHECK(CHECK(a5, 0xAAAA))             /* HyperStep's TLB: stale until the fence */
#endif
        CHECK(a1, 0xBBBB)

  # ------------------------------------------------------- G stage
  CASE(8)
        MAPV(pageA); hfence.vvma
        li a0, V4K(1); VS_LOAD; CHECK(a1, 0xAAAA)
        MAPG(pageB); hfence.gvma
        li a0, V4K(1); VS_LOAD; CHECK(a1, 0xBBBB)
  CASE(9)                                         # by guest physical address >> 2
        MAPG(pageA); li t0, G4K(0) >> 2; hfence.gvma t0, zero
        li a0, V4K(1); VS_LOAD; CHECK(a1, 0xAAAA)
  CASE(10)                                        # by VMID (hgatp.VMID = 7)
        SET_HGATP(HGATP_SV39X4, 7, groot)
        li a0, V4K(1); VS_LOAD; CHECK(a1, 0xAAAA)
        MAPG(pageB); li t0, 7; hfence.gvma zero, t0
        li a0, V4K(1); VS_LOAD; CHECK(a1, 0xBBBB)
  CASE(11)                                        # address and VMID, from HS
        MAPG(pageA); li a2, G4K(0) >> 2; li a3, 7
        RUN_IN(PRV_S, hfence.gvma a2, a3)
        CHECK_MTRAP(CAUSE_ECALL_HS, 96b)
        li a0, V4K(1); VS_LOAD; CHECK(a1, 0xAAAA)
  CASE(12)                                        # G-stage change seen through a direct GPA too
        li a0, G4K(0); SETPTE_A(vroot, 4, 0x100000000, PTE_RW_AD); hfence.vvma
        VS_LOAD; CHECK(a1, 0xAAAA)
        MAPG(pageB); hfence.gvma zero, zero
        li a0, G4K(0); VS_LOAD; CHECK(a1, 0xBBBB)
  CASE(13)                                        # hgatp.MODE change to Bare + HFENCE.GVMA
        HGATP_OFF
        la a0, pageA; VS_LOAD; CHECK(a1, 0xAAAA)
        SET_HGATP(HGATP_SV39X4, 7, groot)
        li a0, V4K(1); VS_LOAD; CHECK(a1, 0xBBBB)
  CASE(14)                                        # a G-stage change, used stale until HFENCE.GVMA
        MAPG(pageA); hfence.gvma
        li a0, V4K(1); VS_LOAD; CHECK(a1, 0xAAAA)
        MAPG(pageB)
        li a0, V4K(1); VS_LOAD
        IMPL_CHECK(CHECK(a1, 0xAAAA))             /* HyperStep: the cached translation */
        li t0, G4K(0) >> 2; hfence.gvma t0, zero
        li a0, V4K(1); VS_LOAD; CHECK(a1, 0xBBBB)
        VSATP_OFF
        HGATP_OFF
        j pass
HYP_END

        .data
        .balign 4096
pageA:  .dword 0xAAAA
        .balign 4096
pageB:  .dword 0xBBBB
        .balign 4096

        .bss
        .balign 16384
groot:  .skip 16384
gl1:    .skip 4096
gl0:    .skip 4096
vroot:  .skip 4096
vl1:    .skip 4096
vl0:    .skip 4096
