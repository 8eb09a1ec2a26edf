/* dom0 (mode `dom0`, guests/compare/dom0/README.md): entry. The hypervisor
 * starts dom0 in VS-mode at guest-physical 0x80000000 with vsatp = 0 (no
 * paging), a0 = hart id, a1 = the guest-physical address of the shared page
 * (dom0_if.h). Sets up the stack, clears .bss, calls dom0_main. */
  .section .text.entry, "ax"
  .globl _start
_start:
  la    sp, dom0_stack_top
  la    t0, __bss_start
  la    t1, __bss_end
1:
  bgeu  t0, t1, 2f
  sd    zero, 0(t0)
  addi  t0, t0, 8
  j     1b
2:
  call  dom0_main          /* a0, a1 untouched above; does not return */
3:
  wfi
  j     3b

  .section .bss.stack, "aw", @nobits
  .balign 16
  .space 16384
  .globl dom0_stack_top
dom0_stack_top:
