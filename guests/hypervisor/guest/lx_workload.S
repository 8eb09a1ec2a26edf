/* Small kernel: the workload ELF (guests/compare/build/workload), embedded
 * whole; lx_elf.c loads its PT_LOAD segments into the user address space.
 * compare.mk passes its path as LX_WORKLOAD. */
  .section .rodata.workload, "a"
  .balign 8
  .globl lx_workload_elf, lx_workload_elf_end
lx_workload_elf:
  .incbin LX_WORKLOAD
lx_workload_elf_end:
