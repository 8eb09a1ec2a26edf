/* Small kernel (the `lx_*` files: the reference hypervisor's guest kernel grown
 * into a one-process kernel that runs a static Linux executable; the program of
 * guests/compare): internal interfaces and layout.
 *
 * Physical: the image is loaded at LX_RAM_BASE (GUEST_ENTRY_GPA = 0x80000000 in
 * a virtual machine, kernel.elf/kernel.bin/kernel-pv.*; 0x80200000 under OpenSBI,
 * kernel-native.elf) and owns LX_RAM_SIZE = GUEST_RAM_SIZE bytes from there; the
 * pages above the image are the page pool (lx_mm.c).
 *
 * Virtual (Sv39, one root table, lx_mm.c):
 *   0x0000000000010000..   the workload (user pages, U=1): ELF segments, then the
 *                          brk heap; anonymous mmap from LX_MMAP_BASE; the stack
 *                          below LX_STACK_TOP
 *   0xffffffff10000000     UART, 0xffffffff10008000 virtio-blk (native build only)
 *   LX_PA_TO_VA(RAM)       the kernel: all of its RAM (text R X, rodata R, rest R W),
 *                          global, no U
 */
#ifndef LX_H
#define LX_H

#include <stdint.h>
#include <stddef.h>
#include "vm_layout.h"

#ifndef LX_RAM_BASE
#define LX_RAM_BASE       GUEST_ENTRY_GPA
#endif
#define LX_RAM_SIZE       GUEST_RAM_SIZE
#define LX_VA_OFFSET      0xffffffff00000000UL
#define LX_PA_TO_VA(pa)   ((uint64_t)(pa) + LX_VA_OFFSET)
#define LX_VA_TO_PA(va)   ((uint64_t)(va) - LX_VA_OFFSET)

/* kernel-native.elf runs on QEMU's / HyperStep's virt board itself. */
#if LX_RAM_BASE != GUEST_ENTRY_GPA
#define LX_VIRT_BOARD 1
#define LX_FINISHER_PA    0x00100000UL      /* SiFive test finisher (platform.h) */
#endif

/* virtio-mmio block device (guests/compare/README.md) */
#define LX_VIRTIO_GPA     0x10008000UL
/* The contract's disk (COMPARE_DISK_BYTES): the PV build cannot ask the device. */
#define LX_PV_DISK_SECTORS (1024UL * 1024 / 512)

/* User address space */
#define LX_USER_TOP       0x40000000UL      /* everything below root index 1 */
#define LX_STACK_TOP      0x3fff0000UL
#define LX_STACK_SIZE     (256 * 1024UL)
#define LX_MMAP_BASE      0x20000000UL
#define LX_HEAP_MAX       (1024 * 1024UL)

#define LX_PAGE           4096UL

/* A pointer to kernel memory (a kernel virtual address, or before paging is on a
 * physical one) as a physical address. */
static inline uint64_t lx_kptr_to_pa(const void *p)
{
  uint64_t a = (uint64_t)p;
  return a >= LX_VA_OFFSET ? LX_VA_TO_PA(a) : a;
}

/* Saved user or kernel context (lx_start.S's frame layout). */
struct lx_frame {
  uint64_t x[32];
  uint64_t sepc, scause, stval, sstatus;
};
#define LX_FRAME_SIZE (36 * 8)

/* lx_start.S */
extern char lx_stack_top[];
__attribute__((noreturn)) void lx_trap_return(struct lx_frame *f);

/* lx_main.c */
void lx_trap(struct lx_frame *f);
__attribute__((noreturn)) void lx_main(unsigned long hartid);
__attribute__((noreturn)) void lx_panic(const char *what, uint64_t a, uint64_t b);
__attribute__((noreturn)) void lx_exit(int status);
extern volatile int lx_timer_fired;

/* lx_console.c */
void lx_console_write(const char *s, size_t n);     /* '\n' becomes "\r\n" */
int lx_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* lx_mm.c */
uint64_t lx_paging_init(void);                 /* before paging: returns satp */
void lx_boot_set_satp(uint64_t satp);          /* before paging: turn it on */
void lx_paging_done(void);                     /* at the kernel's VA: drop identity */
uint64_t lx_page_alloc(void);                  /* zeroed page, its PA; 0 when none */
void lx_page_free(uint64_t pa);
int lx_map_user(uint64_t va, uint64_t pa, uint64_t perm);   /* 0 or -ENOMEM */
void lx_unmap_user_range(uint64_t start, uint64_t end);
uint64_t *lx_user_pte(uint64_t va);            /* leaf PTE or NULL */
extern unsigned long lx_pages_free;

/* lx_elf.c / lx_syscall.c: the process */
#define LX_VMA_MAX 16
struct lx_vma { uint64_t start, end, perm; };  /* demand-zero regions */
struct lx_proc {
  uint64_t heap_start, brk;
  uint64_t mmap_next;
  struct lx_vma vma[LX_VMA_MAX];
  int nvma;
};
extern struct lx_proc lx_proc;
int lx_vma_add(uint64_t start, uint64_t end, uint64_t perm);
void lx_vma_remove(uint64_t start, uint64_t end);
int lx_demand_fault(uint64_t va, int write, int exec);  /* 0: mapped; -1: bad access */
void lx_load_workload(struct lx_frame *f);
void lx_syscall(struct lx_frame *f);
void lx_blk_init(void);

/* errno values (Linux asm-generic) */
#define ENOENT 2
#define EIO    5
#define ENXIO  6
#define EBADF  9
#define ENOMEM 12
#define EFAULT 14
#define ENODEV 19
#define EINVAL 22
#define EMFILE 24
#define ESPIPE 29
#define ENOSYS 38

#endif
