/* Trap-and-emulate hypervisor (tae): entry points (S-mode).
 *
 *   _start           fw_jump enters at 0x80200000 (a0 = hart id, a1 = FDT),
 *                    satp = Bare. The stub jumps to tae_start in the image at
 *                    TAE_HV_BASE (tae.ld explains the split).
 *   tae_start        stack, .bss, tae_main.
 *   tae_trap_vector  stvec (direct mode). sscratch = &tae_vcpu while the guest
 *                    runs (it always runs in U-mode), 0 while tae runs.
 *                      - from the guest: save x1..x31, sepc, sstatus, scause,
 *                        stval into struct tae_regs, call tae_handle_trap on
 *                        tae's stack, resume the vcpu it returns.
 *                      - from tae itself (a bug): tae_s_trap (panics).
 *   tae_enter_guest  restore the registers, sscratch = vcpu, SRET to U-mode
 *                    (sstatus.SPP = 0, set by tae_handle_trap's caller). */
#define R_PC      0x100
#define R_SSTATUS 0x108
#define R_SCAUSE  0x110
#define R_STVAL   0x118

  .section .text.boot, "ax"
  .globl _start
_start:
  ld    t0, .Ltae_start
  jr    t0
  .balign 8
.Ltae_start:
  .dword tae_start

  .section .text.entry, "ax"
  .globl tae_start
tae_start:
  la    sp, tae_stack_top
  la    t0, __bss_start
  la    t1, __bss_end
1:
  bgeu  t0, t1, 2f
  sd    zero, 0(t0)
  addi  t0, t0, 8
  j     1b
2:
  csrw  sscratch, zero
  la    t0, tae_trap_vector
  csrw  stvec, t0
  call  tae_main
3:
  wfi
  j     3b

  .text
  .balign 4
  .globl tae_trap_vector
tae_trap_vector:
  csrrw sp, sscratch, sp   /* sp = vcpu (0 if the trap came from S) */
  beqz  sp, .Ls_trap
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
  csrrw t0, sscratch, zero /* guest sp; sscratch = 0: tae runs */
  sd    t0,  2*8(sp)
  csrr  t0, sepc
  sd    t0, R_PC(sp)
  csrr  t0, sstatus
  sd    t0, R_SSTATUS(sp)
  csrr  t0, scause
  sd    t0, R_SCAUSE(sp)
  csrr  t0, stval
  sd    t0, R_STVAL(sp)
  mv    a0, sp
  la    sp, tae_stack_top
  call  tae_handle_trap    /* returns the vcpu to resume */
  /* fall through */

  .globl tae_enter_guest
tae_enter_guest:           /* a0 = struct vcpu * */
  ld    t0, R_PC(a0)
  csrw  sepc, t0
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

  /* ---- trap taken while tae itself ran: sp = 0, sscratch = tae's sp ---- */
.Ls_trap:
  csrrw sp, sscratch, sp
  addi  sp, sp, -16
  sd    ra, 8(sp)
  csrr  a0, scause
  csrr  a1, sepc
  csrr  a2, stval
  call  tae_s_trap         /* does not return */
  j     .

  .section .bss.stack, "aw", @nobits
  .balign 16
tae_stack:
  .space 16384
  .globl tae_stack_top
tae_stack_top:
