/* Reference hypervisor, guest kernel: entry and trap vector (VS-mode).
 *
 * _start  The hypervisor enters here at guest-physical 0x80000000 with
 *         vsatp = 0 (so guest-virtual = guest-physical), a0 = hart id.
 *         `la` is PC-relative, so it yields physical addresses now and
 *         virtual ones after the jump to KERNEL_VA. Steps: stack, clear
 *         .bss, build the Sv39 tables (mm.c, still at physical addresses),
 *         write satp (vsatp: in VS-mode the satp name reaches vsatp, priv.
 *         spec 8.2.18), jump to the linked virtual address, trap vector,
 *         guest_main.
 *
 * guest_trap_entry  stvec: saves all registers in a struct trap_frame
 *         (kernel.h) on the kernel stack and calls guest_trap(frame). Traps
 *         come only from the kernel itself today (no user mode yet), so the
 *         current stack is used. */
#define TF_SEPC    (32 * 8)
#define TF_SCAUSE  (33 * 8)
#define TF_STVAL   (34 * 8)
#define TF_SSTATUS (35 * 8)
#define TF_SIZE    (36 * 8)

  .section .text.entry, "ax"
  .globl _start
_start:
  mv    s0, a0
  la    sp, boot_stack_top
  la    t0, __bss_start
  la    t1, __bss_end
1:
  bgeu  t0, t1, 2f
  sd    zero, 0(t0)
  addi  t0, t0, 8
  j     1b
2:
  call  vs_paging_init      /* returns the satp value */
  csrw  satp, a0
  sfence.vma
  ld    t0, .Lhigh_entry    /* absolute (linked) address of 3f */
  jr    t0
  .balign 8
.Lhigh_entry:
  .dword 3f
3:
  la    sp, boot_stack_top  /* now the virtual address */
  la    t0, guest_trap_entry
  csrw  stvec, t0
  mv    a0, s0
  call  guest_main
4:
  wfi
  j     4b

  .text
  .balign 4
  .globl guest_trap_entry
guest_trap_entry:
  addi  sp, sp, -TF_SIZE
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
  addi  t0, sp, TF_SIZE
  sd    t0,  2*8(sp)
  csrr  t0, sepc
  sd    t0, TF_SEPC(sp)
  csrr  t0, scause
  sd    t0, TF_SCAUSE(sp)
  csrr  t0, stval
  sd    t0, TF_STVAL(sp)
  csrr  t0, sstatus
  sd    t0, TF_SSTATUS(sp)
  mv    a0, sp
  call  guest_trap
  ld    t0, TF_SEPC(sp)
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
  addi  sp, sp, TF_SIZE
  sret

  .section .bss.stack, "aw", @nobits
  .balign 16
boot_stack:
  .space 16384
  .globl boot_stack_top
boot_stack_top:
