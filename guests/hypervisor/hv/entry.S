/* Reference hypervisor: HS-mode entry points.
 *
 *   _start          OpenSBI fw_jump enters here at 0x80200000 in HS-mode with
 *                   a0 = hartid, a1 = FDT address: stack, .bss, hv_main.
 *   hv_trap_vector  stvec for every trap taken into HS-mode. sscratch tells
 *                   the two kinds apart: while a guest runs (V=1) it holds the
 *                   guest's struct vcpu *, while the hypervisor runs it is 0.
 *                     - VM exit: save the guest's x1..x31 and the trap CSRs
 *                       into struct guest_regs (hv.h), call
 *                       handle_vm_exit(vcpu) on the hypervisor stack, then
 *                       resume whatever vcpu it returns (hv_enter_guest).
 *                     - trap from HS itself (a CSR probe, or a bug): save
 *                       the registers on the current stack and call
 *                       hs_trap_handler(frame).
 *   hv_enter_guest  restore a vcpu's sepc/sstatus/hstatus and GPRs, set
 *                   sscratch = vcpu and SRET into VS-mode (hstatus.SPV = 1,
 *                   sstatus.SPP = 1: priv. spec 8.6.4, "Trap Return"). */
#include "hv_offsets.h"

  .section .text.entry, "ax"
  .globl _start
_start:
  la    sp, hv_stack_top
  la    t0, __bss_start
  la    t1, __bss_end
1:
  bgeu  t0, t1, 2f
  sd    zero, 0(t0)
  addi  t0, t0, 8
  j     1b
2:
  csrw  sscratch, zero
  la    t0, hv_trap_vector
  csrw  stvec, t0
  call  hv_main            /* a0 = hartid, a1 = FDT: untouched above */
3:
  wfi
  j     3b

  .text
  .balign 4
  .globl hv_trap_vector
hv_trap_vector:
  csrrw sp, sscratch, sp   /* sp = vcpu (0 if the trap came from HS) */
  beqz  sp, .Lhs_trap

  /* ---- VM exit: sp = struct vcpu *, sscratch = guest sp ---- */
  sd    x1,  1*8(sp)
  sd    x3,  3*8(sp)
  sd    x4,  4*8(sp)
  sd    x5,  5*8(sp)
  sd    x6,  6*8(sp)
  sd    x7,  7*8(sp)
  sd    x8,  8*8(sp)
  sd    x9,  9*8(sp)
  sd    x10, 10*8(sp)
  sd    x11, 11*8(sp)
  sd    x12, 12*8(sp)
  sd    x13, 13*8(sp)
  sd    x14, 14*8(sp)
  sd    x15, 15*8(sp)
  sd    x16, 16*8(sp)
  sd    x17, 17*8(sp)
  sd    x18, 18*8(sp)
  sd    x19, 19*8(sp)
  sd    x20, 20*8(sp)
  sd    x21, 21*8(sp)
  sd    x22, 22*8(sp)
  sd    x23, 23*8(sp)
  sd    x24, 24*8(sp)
  sd    x25, 25*8(sp)
  sd    x26, 26*8(sp)
  sd    x27, 27*8(sp)
  sd    x28, 28*8(sp)
  sd    x29, 29*8(sp)
  sd    x30, 30*8(sp)
  sd    x31, 31*8(sp)
  csrrw t0, sscratch, zero /* guest sp; sscratch = 0: now in the hypervisor */
  sd    t0,  2*8(sp)
  csrr  t0, sepc
  sd    t0, GR_SEPC(sp)
  csrr  t0, sstatus
  sd    t0, GR_SSTATUS(sp)
  csrr  t0, hstatus
  sd    t0, GR_HSTATUS(sp)
  csrr  t0, scause
  sd    t0, GR_SCAUSE(sp)
  csrr  t0, stval
  sd    t0, GR_STVAL(sp)
  csrr  t0, htval
  sd    t0, GR_HTVAL(sp)
  csrr  t0, htinst
  sd    t0, GR_HTINST(sp)
  mv    a0, sp
  la    sp, hv_stack_top
  call  handle_vm_exit     /* returns the vcpu to run next */
  /* fall through */

  .globl hv_enter_guest
hv_enter_guest:            /* a0 = struct vcpu * */
  ld    t0, GR_SEPC(a0)
  csrw  sepc, t0
  ld    t0, GR_SSTATUS(a0)
  csrw  sstatus, t0
  ld    t0, GR_HSTATUS(a0)
  csrw  hstatus, t0
  csrw  sscratch, a0
  ld    x1,  1*8(a0)
  ld    x2,  2*8(a0)
  ld    x3,  3*8(a0)
  ld    x4,  4*8(a0)
  ld    x5,  5*8(a0)
  ld    x6,  6*8(a0)
  ld    x7,  7*8(a0)
  ld    x8,  8*8(a0)
  ld    x9,  9*8(a0)
  ld    x11, 11*8(a0)
  ld    x12, 12*8(a0)
  ld    x13, 13*8(a0)
  ld    x14, 14*8(a0)
  ld    x15, 15*8(a0)
  ld    x16, 16*8(a0)
  ld    x17, 17*8(a0)
  ld    x18, 18*8(a0)
  ld    x19, 19*8(a0)
  ld    x20, 20*8(a0)
  ld    x21, 21*8(a0)
  ld    x22, 22*8(a0)
  ld    x23, 23*8(a0)
  ld    x24, 24*8(a0)
  ld    x25, 25*8(a0)
  ld    x26, 26*8(a0)
  ld    x27, 27*8(a0)
  ld    x28, 28*8(a0)
  ld    x29, 29*8(a0)
  ld    x30, 30*8(a0)
  ld    x31, 31*8(a0)
  ld    x10, 10*8(a0)
  sret

  /* ---- trap from HS-mode: sp = 0, sscratch = the hypervisor's sp ---- */
.Lhs_trap:
  csrrw sp, sscratch, sp   /* sp back; sscratch = 0 again */
  addi  sp, sp, -HS_FRAME_SIZE
  sd    x1,  1*8(sp)
  sd    x3,  3*8(sp)
  sd    x4,  4*8(sp)
  sd    x5,  5*8(sp)
  sd    x6,  6*8(sp)
  sd    x7,  7*8(sp)
  sd    x8,  8*8(sp)
  sd    x9,  9*8(sp)
  sd    x10, 10*8(sp)
  sd    x11, 11*8(sp)
  sd    x12, 12*8(sp)
  sd    x13, 13*8(sp)
  sd    x14, 14*8(sp)
  sd    x15, 15*8(sp)
  sd    x16, 16*8(sp)
  sd    x17, 17*8(sp)
  sd    x18, 18*8(sp)
  sd    x19, 19*8(sp)
  sd    x20, 20*8(sp)
  sd    x21, 21*8(sp)
  sd    x22, 22*8(sp)
  sd    x23, 23*8(sp)
  sd    x24, 24*8(sp)
  sd    x25, 25*8(sp)
  sd    x26, 26*8(sp)
  sd    x27, 27*8(sp)
  sd    x28, 28*8(sp)
  sd    x29, 29*8(sp)
  sd    x30, 30*8(sp)
  sd    x31, 31*8(sp)
  addi  t0, sp, HS_FRAME_SIZE
  sd    t0,  2*8(sp)
  csrr  t0, sepc
  sd    t0, HS_SEPC(sp)
  csrr  t0, scause
  sd    t0, HS_SCAUSE(sp)
  csrr  t0, stval
  sd    t0, HS_STVAL(sp)
  mv    a0, sp
  call  hs_trap_handler    /* may advance the saved sepc (CSR probes) */
  ld    t0, HS_SEPC(sp)
  csrw  sepc, t0
  ld    x1,  1*8(sp)
  ld    x3,  3*8(sp)
  ld    x4,  4*8(sp)
  ld    x5,  5*8(sp)
  ld    x6,  6*8(sp)
  ld    x7,  7*8(sp)
  ld    x8,  8*8(sp)
  ld    x9,  9*8(sp)
  ld    x10, 10*8(sp)
  ld    x11, 11*8(sp)
  ld    x12, 12*8(sp)
  ld    x13, 13*8(sp)
  ld    x14, 14*8(sp)
  ld    x15, 15*8(sp)
  ld    x16, 16*8(sp)
  ld    x17, 17*8(sp)
  ld    x18, 18*8(sp)
  ld    x19, 19*8(sp)
  ld    x20, 20*8(sp)
  ld    x21, 21*8(sp)
  ld    x22, 22*8(sp)
  ld    x23, 23*8(sp)
  ld    x24, 24*8(sp)
  ld    x25, 25*8(sp)
  ld    x26, 26*8(sp)
  ld    x27, 27*8(sp)
  ld    x28, 28*8(sp)
  ld    x29, 29*8(sp)
  ld    x30, 30*8(sp)
  ld    x31, 31*8(sp)
  addi  sp, sp, HS_FRAME_SIZE
  sret

  .section .bss.stack, "aw", @nobits
  .balign 16
hv_stack:
  .space 16384
  .globl hv_stack_top
hv_stack_top:
