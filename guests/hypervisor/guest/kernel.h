/* Reference hypervisor, guest kernel: the kernel's internal interfaces and
 * its virtual memory layout. The same kernel sources build guest1.elf and
 * guest2.elf; the per-guest part (guest1.c, guest2.c) sees only guest.h.
 *
 * Virtual layout (the guest's own Sv39 page tables, mm.c): the kernel is
 * linked at KERNEL_VA = 0xffffffff80000000, guest-physical RAM and the UART
 * appear at GPA + KERNEL_VA_OFFSET:
 *
 *   GVA 0xffffffff10000000  UART            → GPA 0x10000000 (emulated)
 *   GVA 0xffffffff80000000  RAM (4 MiB)     → GPA 0x80000000
 *
 * Until start.S turns paging on, the kernel runs at its physical addresses
 * (vsatp = 0); all its code is PC-relative (-mcmodel=medany), so the early
 * code (mm.c: vs_paging_init) works there too. */
#ifndef GUEST_KERNEL_H
#define GUEST_KERNEL_H

#include <stdint.h>
#include <stddef.h>
#include "vm_layout.h"

#define KERNEL_VA         0xffffffff80000000UL
#define KERNEL_VA_OFFSET  (KERNEL_VA - GUEST_RAM_GPA)
#define PA_TO_VA(pa)      ((uint64_t)(pa) + KERNEL_VA_OFFSET)
#define VA_TO_PA(va)      ((uint64_t)(va) - KERNEL_VA_OFFSET)

/* Rounds of the main loop before the guest powers off (0: forever). */
#ifndef GUEST_ROUNDS
#define GUEST_ROUNDS 5
#endif

/* Period between rounds, in timebase ticks (10 MHz: 75 ms): 1.5 hypervisor
 * slices (HV_SLICE_TICKS, 50 ms). A round sets its timer early in the guest's
 * slice; the deadline falls after that slice ends (the other guest runs) and
 * before the guest's next slice begins, so each slice of a guest runs exactly
 * one round and the two guests' lines alternate. On HyperStep time follows
 * instructions, so this is exact; on QEMU it holds unless the host stalls the
 * emulator for about half a slice. */
#ifndef GUEST_TIMER_PERIOD
#define GUEST_TIMER_PERIOD 750000UL
#endif

/* mm.c */
uint64_t vs_paging_init(void);          /* before paging: returns the satp value */
void vs_paging_drop_identity(void);     /* after the jump to KERNEL_VA */
uint64_t vs_paging_root_pa(void);

/* console.c */
void console_init(void);
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));        /* UART */
int sbi_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));     /* SBI DBCN */
int legacy_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));  /* SBI 0x01 */

/* kernel.c */
struct trap_frame {
  uint64_t x[32];
  uint64_t sepc, scause, stval, sstatus;
};
void guest_trap(struct trap_frame *tf);
__attribute__((noreturn)) void guest_main(unsigned long hartid);
__attribute__((noreturn)) void guest_poweroff(int failed);
void guest_trap_entry(void);

#endif
