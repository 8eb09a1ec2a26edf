/* Reference hypervisor: structure offsets shared by hv/entry.S and the C
 * code (hv.h checks them with _Static_assert). */
#ifndef HV_REF_OFFSETS_H
#define HV_REF_OFFSETS_H

/* struct guest_regs (hv.h) */
#define GR_SEPC     0x100
#define GR_SSTATUS  0x108
#define GR_HSTATUS  0x110
#define GR_SCAUSE   0x118
#define GR_STVAL    0x120
#define GR_HTVAL    0x128
#define GR_HTINST   0x130

/* struct hs_frame (vmexit.c): x0..x31, sepc, scause, stval, padding */
#define HS_SEPC       0x100
#define HS_SCAUSE     0x108
#define HS_STVAL      0x110
#define HS_FRAME_SIZE 0x120

#endif
