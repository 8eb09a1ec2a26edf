/* HyperStep guest library: assembly half of the HS-mode host (hvhost.h).
 *
 *   hv_host_entry   HS-mode entry after hv_boot()'s mret: host stack, C.
 *   hv_enter_guest  first entry into the guest (sret with hstatus.SPV = 1).
 *   hv_trap_entry   stvec: a VM exit saves the guest's x1-x31 and sepc in
 *                   the host frame, calls hv_handle_exit(frame) and returns
 *                   to the guest with the (possibly updated) frame.
 *
 * sscratch holds the frame address while the guest runs and 0 while the
 * host runs, so a trap taken in HS-mode itself (sp swaps to 0) is told
 * apart and reported on a separate stack instead of corrupting the frame.
 * Frame layout (struct hv_frame in hvhost.c): x[0..31] at 8*i, sepc at 256. */

  .file "hvhost_entry.S"

#define FRAME_SIZE 272
#define FRAME_SEPC 256

  .text
  .globl hv_host_entry
  .balign 4
hv_host_entry:
  la    sp, hv_stack_top
  addi  sp, sp, -FRAME_SIZE      /* the frame sits at the top of the stack */
  mv    a0, sp
  call  hv_host_main             /* never returns */
1:
  j     1b

/* void hv_enter_guest(struct hv_frame *f, void (*entry)(void), uintptr_t sp)
 * hstatus.SPV/SPVP and sstatus.SPP are already set by the caller. */
  .globl hv_enter_guest
  .balign 4
hv_enter_guest:
  csrw  sepc, a1
  csrw  sscratch, a0
  mv    sp, a2
  li    ra, 0
  li    a0, 0
  li    a1, 0
  li    a2, 0
  sret

  .globl hv_trap_entry
  .balign 4
hv_trap_entry:
  csrrw sp, sscratch, sp
  beqz  sp, .Lhost_trap
  sd    x1, 8(sp)
  sd    x3, 24(sp)
  sd    x4, 32(sp)
  sd    x5, 40(sp)
  sd    x6, 48(sp)
  sd    x7, 56(sp)
  sd    x8, 64(sp)
  sd    x9, 72(sp)
  sd    x10, 80(sp)
  sd    x11, 88(sp)
  sd    x12, 96(sp)
  sd    x13, 104(sp)
  sd    x14, 112(sp)
  sd    x15, 120(sp)
  sd    x16, 128(sp)
  sd    x17, 136(sp)
  sd    x18, 144(sp)
  sd    x19, 152(sp)
  sd    x20, 160(sp)
  sd    x21, 168(sp)
  sd    x22, 176(sp)
  sd    x23, 184(sp)
  sd    x24, 192(sp)
  sd    x25, 200(sp)
  sd    x26, 208(sp)
  sd    x27, 216(sp)
  sd    x28, 224(sp)
  sd    x29, 232(sp)
  sd    x30, 240(sp)
  sd    x31, 248(sp)
  csrrw t0, sscratch, zero       /* guest sp; sscratch = 0 while in the host */
  sd    t0, 16(sp)
  csrr  t0, sepc
  sd    t0, FRAME_SEPC(sp)
  .option push
  .option norelax
  la    gp, __global_pointer$    /* same image: the guest's gp is ours, but
                                    the host must not trust guest registers */
  .option pop
  mv    a0, sp
  call  hv_handle_exit           /* sp stays = frame (callee-saved) */
  ld    t0, FRAME_SEPC(sp)
  csrw  sepc, t0
  csrw  sscratch, sp
  ld    x1, 8(sp)
  ld    x3, 24(sp)
  ld    x4, 32(sp)
  ld    x5, 40(sp)
  ld    x6, 48(sp)
  ld    x7, 56(sp)
  ld    x8, 64(sp)
  ld    x9, 72(sp)
  ld    x10, 80(sp)
  ld    x11, 88(sp)
  ld    x12, 96(sp)
  ld    x13, 104(sp)
  ld    x14, 112(sp)
  ld    x15, 120(sp)
  ld    x16, 128(sp)
  ld    x17, 136(sp)
  ld    x18, 144(sp)
  ld    x19, 152(sp)
  ld    x20, 160(sp)
  ld    x21, 168(sp)
  ld    x22, 176(sp)
  ld    x23, 184(sp)
  ld    x24, 192(sp)
  ld    x25, 200(sp)
  ld    x26, 208(sp)
  ld    x27, 216(sp)
  ld    x28, 224(sp)
  ld    x29, 232(sp)
  ld    x30, 240(sp)
  ld    x31, 248(sp)
  ld    x2, 16(sp)
  sret

/* A trap taken in HS-mode (e.g. HLVX.HU faulting): report and fail. */
.Lhost_trap:
  csrrw sp, sscratch, sp         /* undo the swap: sscratch = 0 again */
  la    sp, hv_fault_stack_top
  csrr  a0, scause
  csrr  a1, sepc
  csrr  a2, stval
  call  hv_host_fault            /* never returns */
1:
  j     1b

  .bss
  .balign 16
hv_stack:
  .skip 8192
hv_stack_top:
  .skip 1024
hv_fault_stack_top:
