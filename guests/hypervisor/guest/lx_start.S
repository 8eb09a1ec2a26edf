/* Small kernel: entry, trap entry and trap return.
 *
 * _start  Entered at the image's first byte (LX_RAM_BASE) with translation off
 *         (satp / vsatp = 0; under the trap-and-emulate hypervisor its emulated
 *         satp = Bare), a0 = hart id. `la` is PC-relative: physical addresses
 *         until the jump to the linked (kernel) address. Stack, clear .bss,
 *         build the page tables (lx_mm.c), turn paging on, jump high, lx_main.
 *
 * Native traps (stvec = lx_trap_vector, priv. spec 4.1): sscratch is 0 while the
 *         kernel runs and the kernel stack top while the workload runs, so one
 *         swap tells where the trap came from. User frames sit at the top of the
 *         kernel stack, kernel frames (a timer interrupt taken in
 *         arch_irq_window) below the interrupted sp. lx_trap_return restores a
 *         frame and returns with SRET to the mode in its sstatus.SPP.
 *
 * PV traps (-DPARAVIRT, guests/compare/include/pv.h): the hypervisor stores the
 *         interrupted x1..x31 in lx_pv_frame, sepc/scause/stval/sstatus in the
 *         shared page, sets sp = shared->kernel_sp when it came from user, and
 *         jumps to lx_pv_trap_vector. The handler copies all of it into an
 *         lx_frame on the stack first (a later trap would overwrite them);
 *         lx_trap_return (lx_pv.c) hands a frame back with PV_FN_TRAP_RETURN. */
#define F_SEPC    (32 * 8)
#define F_SCAUSE  (33 * 8)
#define F_STVAL   (34 * 8)
#define F_SSTATUS (35 * 8)
#define F_SIZE    (36 * 8)
#define SSTATUS_SIE_SPIE_SPP 0x122

  .section .text.entry, "ax"
  .globl _start
_start:
  mv    s0, a0
  la    sp, lx_stack_top
  la    t0, __bss_start
  la    t1, __bss_end
1:
  bgeu  t0, t1, 2f
  sd    zero, 0(t0)
  addi  t0, t0, 8
  j     1b
2:
  call  lx_paging_init      /* returns the satp value */
  call  lx_boot_set_satp    /* arch_set_satp: the identity map keeps us running */
  ld    t0, .Lhigh_entry    /* absolute (linked) address of 3f */
  jr    t0
  .balign 8
.Lhigh_entry:
  .dword 3f
3:
  la    sp, lx_stack_top    /* now the kernel's virtual address; the top */
  addi  sp, sp, -F_SIZE     /* frame is the workload's (lx_load_workload) */
  mv    a0, s0
  call  lx_main
4:
  j     4b

  .text
#ifndef PARAVIRT
  .balign 4
  .globl lx_trap_vector
lx_trap_vector:
  csrrw sp, sscratch, sp
  bnez  sp, 1f
  /* from the kernel: sscratch was 0; take sp back and push below it */
  csrrw sp, sscratch, sp
  addi  sp, sp, -F_SIZE
  sd    t0, 5*8(sp)
  addi  t0, sp, F_SIZE
  sd    t0, 2*8(sp)
  j     2f
1:
  /* from user: sp = kernel stack top, sscratch = the user's sp */
  addi  sp, sp, -F_SIZE
  sd    t0, 5*8(sp)
  csrrw t0, sscratch, zero
  sd    t0, 2*8(sp)
2:
  sd    x1,  1*8(sp)
  sd    x3,  3*8(sp)
  sd    x4,  4*8(sp)
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
  csrr  t0, sepc
  sd    t0, F_SEPC(sp)
  csrr  t0, scause
  sd    t0, F_SCAUSE(sp)
  csrr  t0, stval
  sd    t0, F_STVAL(sp)
  csrr  t0, sstatus
  sd    t0, F_SSTATUS(sp)
  mv    a0, sp
  call  lx_trap
  mv    a0, sp
  /* fall through */

/* lx_trap_return(frame in a0): back to the context in the frame. To user mode
 * (SPP = 0) the frame must sit at the kernel stack top, which goes to sscratch. */
  .globl lx_trap_return
lx_trap_return:
  ld    t0, F_SSTATUS(a0)
  andi  t1, t0, 0x100       /* SPP */
  bnez  t1, 1f
  addi  t1, a0, F_SIZE
  csrw  sscratch, t1
1:
  li    t1, SSTATUS_SIE_SPIE_SPP
  and   t0, t0, t1
  csrc  sstatus, t1         /* SIE, SPIE, SPP from the frame; the rest stays */
  csrs  sstatus, t0
  ld    t0, F_SEPC(a0)
  csrw  sepc, t0
  ld    x1,  1*8(a0)
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
  ld    x2,  2*8(a0)
  ld    x10, 10*8(a0)
  sret

#else
  .balign 4
  .globl lx_pv_trap_vector
lx_pv_trap_vector:
  addi  sp, sp, -F_SIZE
  /* every interrupted register is in lx_pv_frame: t0..t2 are free */
  la    t0, lx_pv_frame
  addi  t1, sp, 8
  addi  t2, t0, 32*8
  addi  t0, t0, 8
1:
  ld    t3, 0(t0)
  sd    t3, 0(t1)
  addi  t0, t0, 8
  addi  t1, t1, 8
  bltu  t0, t2, 1b
  la    t0, lx_pv_shared
  ld    t1, 0*8(t0)         /* sepc */
  sd    t1, F_SEPC(sp)
  ld    t1, 1*8(t0)         /* scause */
  sd    t1, F_SCAUSE(sp)
  ld    t1, 2*8(t0)         /* stval */
  sd    t1, F_STVAL(sp)
  ld    t1, 3*8(t0)         /* sstatus */
  sd    t1, F_SSTATUS(sp)
  mv    a0, sp
  call  lx_trap
  mv    a0, sp
  call  lx_trap_return      /* lx_pv.c: PV_FN_TRAP_RETURN; does not return */
2:
  j     2b
#endif

  .section .bss.stack, "aw", @nobits
  .balign 16
lx_stack:
  .space 16384
  .globl lx_stack_top
lx_stack_top:
