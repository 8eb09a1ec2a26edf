/* Small kernel (guests/compare, the `lx_*` files): EVERY privileged operation
 * of the kernel, as static inline functions, so that one build executes them
 * (native S-mode, VS-mode under the reference hypervisor, U-mode under the
 * trap-and-emulate hypervisor, which traps and emulates each one) and the
 * -DPARAVIRT build replaces them with hypercalls (guests/compare/include/pv.h):
 *
 *   time, timer, idle:   arch_read_time, arch_set_timer, arch_wait_for_interrupt,
 *                        arch_irq_window, arch_timer_irq_enable
 *   address translation: arch_set_satp, arch_sfence_page, arch_sfence_all,
 *                        arch_fence_new_page, arch_pte_write + arch_pte_commit
 *                        (page-table entries; the PV build batches them)
 *   traps:               arch_trap_init; entry and return are in lx_start.S
 *                        (native: stvec/sscratch/sret; PV: pv_frame + TRAP_RETURN)
 *   devices:             arch_uart_read/arch_uart_write (16550), arch_mmio_read32/
 *                        arch_mmio_write32 (virtio-mmio, lx_virtio.c),
 *                        arch_console_write, arch_blk_io
 *   power:               arch_poweroff (SBI SRST; natively also the test finisher)
 *
 * Nothing else in the lx_* sources executes a CSR access, SRET, SFENCE.VMA,
 * WFI, a page-table store or a device access. */
#ifndef LX_ARCH_H
#define LX_ARCH_H

#include <stdint.h>
#include <stddef.h>
#include "riscv.h"
#include "sbi.h"
#include "vm_layout.h"
#include "lx.h"
#ifdef PARAVIRT
#include "pv.h"
#endif

/* A contiguous guest-physical piece of a block request (lx_virtio.c, PV_FN_BLK_IO). */
struct lx_seg { uint64_t pa; uint32_t len; };

#define LX_BLK_READ  0
#define LX_BLK_WRITE 1
#define LX_BLK_FLUSH 2

/* Time (the time CSR is readable at any privilege when [s|m]counteren.TM allows;
 * a hypervisor that clears it traps and emulates the read). */
static inline uint64_t arch_read_time(void) { return csr_read(time); }

/* The standard SBI stays available in every mode (pv.h). */
static inline void arch_set_timer(uint64_t deadline) { sbi_set_timer(deadline); }

/* Power off; status != 0 is a failure (SRST reason SYSTEM_FAILURE). Debian's
 * OpenSBI powers off the virt board with "pass" whatever the reason, so the
 * native build (LX_VIRT_BOARD) first writes the status to the board's SiFive
 * test finisher (FINISHER_FAIL | status << 16, which ends QEMU and HyperStep
 * with that exit status); in a virtual machine the hypervisor decides. */
__attribute__((noreturn)) static inline void arch_poweroff(int status)
{
#ifdef LX_VIRT_BOARD
  if (status != 0) *(volatile uint32_t *)LX_PA_TO_VA(LX_FINISHER_PA) = 0x3333u | ((uint32_t)status << 16);
#endif
  sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN, status != 0 ? SBI_SRST_REASON_FAILURE : SBI_SRST_REASON_NONE);
  for (;;) {
  }
}

#ifndef PARAVIRT
/* ======================= native: real privileged instructions ================ */

static inline void arch_wait_for_interrupt(void) { __asm__ volatile("wfi" ::: "memory"); }

/* Open the interrupt window for one instant: a pending enabled interrupt is
 * taken here (priv. spec 4.1.1: sstatus.SIE gates S-level interrupts in S-mode). */
static inline void arch_irq_window(void)
{
  csr_set(sstatus, SSTATUS_SIE);
  csr_clear(sstatus, SSTATUS_SIE);
}

static inline void arch_timer_irq_enable(void) { csr_set(sie, 1UL << IRQ_S_TIMER); }

/* satp write, then a full fence (priv. spec 4.2.1: SFENCE.VMA orders the new
 * translation after the write). */
static inline void arch_set_satp(uint64_t satp)
{
  csr_write(satp, satp);
  __asm__ volatile("sfence.vma" ::: "memory");
}

static inline void arch_sfence_page(uint64_t va)
{
  __asm__ volatile("sfence.vma %0, zero" : : "r"(va) : "memory");
}

static inline void arch_sfence_all(void) { __asm__ volatile("sfence.vma" ::: "memory"); }

/* After an invalid -> valid change of a leaf: the hart may have cached the
 * invalid entry (priv. spec 4.2.1), so fence the page, as Linux does. */
static inline void arch_fence_new_page(uint64_t va) { arch_sfence_page(va); }

static inline void arch_pte_write(uint64_t *pte, uint64_t val)
{
  *(volatile uint64_t *)pte = val;
}

static inline void arch_pte_commit(void) {}

extern char lx_trap_vector[];

/* stvec = the trap vector (direct mode); sscratch = 0 while the kernel runs
 * (lx_start.S swaps sp with it: non-zero means the trap came from user mode). */
static inline void arch_trap_init(uint64_t kstack_top)
{
  (void)kstack_top;               /* lx_trap_return sets sscratch on the way to user */
  csr_write(stvec, (uint64_t)lx_trap_vector);
  csr_write(sscratch, 0);
}

/* Device registers, reached through the kernel's mapping of the device page. */
static inline uint8_t arch_uart_read(unsigned reg)
{
  return *(volatile uint8_t *)(LX_PA_TO_VA(GUEST_UART_GPA) + reg);
}

static inline void arch_uart_write(unsigned reg, uint8_t v)
{
  *(volatile uint8_t *)(LX_PA_TO_VA(GUEST_UART_GPA) + reg) = v;
}

static inline uint32_t arch_mmio_read32(uint64_t pa)
{
  uint32_t v = *(volatile uint32_t *)LX_PA_TO_VA(pa);
  __asm__ volatile("fence i, ir" ::: "memory");
  return v;
}

static inline void arch_mmio_write32(uint64_t pa, uint32_t v)
{
  __asm__ volatile("fence w, o" ::: "memory");
  *(volatile uint32_t *)LX_PA_TO_VA(pa) = v;
}

static inline void arch_console_write(const char *s, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    while ((arch_uart_read(UART_LSR) & UART_LSR_THRE) == 0) {
    }
    arch_uart_write(UART_THR, (uint8_t)s[i]);
  }
}

static inline int arch_console_getc(void)
{
  if ((arch_uart_read(UART_LSR) & UART_LSR_DR) == 0) return -1;
  return arch_uart_read(UART_RBR);
}

static inline void arch_console_init(void)
{
  arch_uart_write(UART_IER, 0x00);    /* no interrupts: the kernel polls */
  arch_uart_write(UART_LCR, 0x03);    /* 8N1, DLAB off */
  arch_uart_write(UART_FCR, 0x07);    /* FIFOs on, cleared */
}

/* lx_virtio.c: one virtio-blk request, polled to completion. */
int virtio_blk_init(void);
uint64_t virtio_blk_capacity(void);
int virtio_blk_io(int op, uint64_t sector, const struct lx_seg *segs, int nseg);

static inline int arch_blk_init(void) { return virtio_blk_init(); }
static inline uint64_t arch_blk_capacity(void) { return virtio_blk_capacity(); }
static inline int arch_blk_io(int op, uint64_t sector, const struct lx_seg *segs, int nseg)
{
  return virtio_blk_io(op, sector, segs, nseg);
}

#else
/* ======================= paravirtual: hypercalls (pv.h) ====================== */

struct pv_ret { long error; long value; };

static inline struct pv_ret pv_call(unsigned long fn, unsigned long arg0, unsigned long arg1,
                                    unsigned long arg2, unsigned long arg3)
{
  register unsigned long a0 __asm__("a0") = arg0;
  register unsigned long a1 __asm__("a1") = arg1;
  register unsigned long a2 __asm__("a2") = arg2;
  register unsigned long a3 __asm__("a3") = arg3;
  register unsigned long a6 __asm__("a6") = fn;
  register unsigned long a7 __asm__("a7") = SBI_EXT_HYPERSTEP_PV;
  __asm__ volatile("ecall" : "+r"(a0), "+r"(a1) : "r"(a2), "r"(a3), "r"(a6), "r"(a7) : "memory");
  return (struct pv_ret){ (long)a0, (long)a1 };
}

/* lx_pv.c */
extern volatile struct pv_shared lx_pv_shared;
void lx_pv_mmu_queue(uint64_t pte_pa, uint64_t val);
void lx_pv_mmu_commit(void);

static inline void arch_wait_for_interrupt(void) { pv_call(PV_FN_IDLE, 0, 0, 0, 0); }

static inline void arch_irq_window(void)
{
  lx_pv_shared.sstatus |= SSTATUS_SIE;
  if ((lx_pv_shared.sip & lx_pv_shared.sie) != 0) pv_call(PV_FN_IRQ_CHECK, 0, 0, 0, 0);
  lx_pv_shared.sstatus &= ~SSTATUS_SIE;
}

static inline void arch_timer_irq_enable(void) { lx_pv_shared.sie |= 1UL << IRQ_S_TIMER; }

static inline void arch_pte_write(uint64_t *pte, uint64_t val)
{
  lx_pv_mmu_queue(lx_kptr_to_pa(pte), val);
}

static inline void arch_pte_commit(void) { lx_pv_mmu_commit(); }

static inline void arch_set_satp(uint64_t satp)
{
  lx_pv_mmu_commit();
  pv_call(PV_FN_SET_SATP, satp, 0, 0, 0);
}

static inline void arch_sfence_page(uint64_t va)
{
  lx_pv_mmu_commit();
  pv_call(PV_FN_SFENCE, va, 0, 0, 0);
}

static inline void arch_sfence_all(void)
{
  lx_pv_mmu_commit();
  pv_call(PV_FN_SFENCE, 0, 1, 0, 0);
}

/* PV_FN_MMU_UPDATE keeps the hypervisor's shadow in step with every PTE it
 * writes, so a new mapping needs the update only, no flush (as Xen PV). */
static inline void arch_fence_new_page(uint64_t va)
{
  (void)va;
  lx_pv_mmu_commit();
}

extern char lx_pv_trap_vector[];
extern struct pv_frame lx_pv_frame;

static inline void arch_trap_init(uint64_t kstack_top)
{
  lx_pv_shared.frame_gpa = lx_kptr_to_pa(&lx_pv_frame);
  lx_pv_shared.kernel_sp = kstack_top;
  pv_call(PV_FN_INIT, lx_kptr_to_pa((const void *)&lx_pv_shared), (uint64_t)lx_pv_trap_vector, 0, 0);
}

static inline void arch_console_init(void) {}

/* s must be kernel memory (its guest-physical address is passed). */
static inline void arch_console_write(const char *s, size_t n)
{
  pv_call(PV_FN_CONSOLE_WRITE, lx_kptr_to_pa(s), n, 0, 0);
}

static inline int arch_console_getc(void) { return -1; }

/* The disk is the hypervisor's; its size is the contract's (COMPARE_DISK_BYTES). */
static inline int arch_blk_init(void) { return 0; }
static inline uint64_t arch_blk_capacity(void) { return LX_PV_DISK_SECTORS; }

static inline int arch_blk_io(int op, uint64_t sector, const struct lx_seg *segs, int nseg)
{
  if (op == LX_BLK_FLUSH) return pv_call(PV_FN_BLK_IO, 0, 0, 0, PV_BLK_FLUSH).error == 0 ? 0 : -1;
  for (int i = 0; i < nseg; i++) {
    unsigned long count = segs[i].len / 512;
    long err = pv_call(PV_FN_BLK_IO, sector, segs[i].pa, count,
                       op == LX_BLK_READ ? PV_BLK_READ : PV_BLK_WRITE).error;
    if (err != 0) return -1;
    sector += count;
  }
  return 0;
}

#endif

#endif
