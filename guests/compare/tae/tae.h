/* Trap-and-emulate hypervisor (tae): shared declarations.
 *
 * tae runs in S-mode as OpenSBI fw_jump's payload, without the H extension,
 * and runs one unmodified guest kernel deprivileged in real U-mode. The guest
 * sees the guest-physical machine of guests/compare/README.md. Files:
 *
 *   entry.S    boot stub, trap vector (saves the guest into struct tae_regs),
 *              tae_enter_guest
 *   main.c     tae_main: load the guest, devices, start; the summary; SBI calls
 *   trap.c     dispatch of every trap from the guest; the virtual CPU (CSRs,
 *              SRET, WFI, SFENCE.VMA, interrupts, reflection of guest traps)
 *   shadow.c   shadow Sv39 page tables (kernel view ASID 1, user view ASID 2)
 *   mmio.c     decoding loads/stores; the UART (hv/vuart.c of the reference
 *              hypervisor, through vuart_glue.c) and the virtio-blk model
 *   hostblk.c  polled driver of the board's virtio-blk (the disk backend)
 *   pv.c       the paravirtual interface (include/pv.h)
 *
 * Host-physical memory: boot stub 0x80200000, image 0x81000000 (2 MiB),
 * guest RAM TAE_GUEST_HPA, shadow page-table pool TAE_POOL_HPA. All of it is
 * mapped S-only (U = 0) and global in every shadow address space, at its own
 * address (identity), so the hypervisor runs with the guest's shadow satp
 * active and never switches satp on a trap. */
#ifndef TAE_H
#define TAE_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
#include "vm_layout.h"
#include "memop.h"

#define TAE_HV_BASE       0x81000000UL   /* image (tae.ld), one 2 MiB megapage */
#define TAE_HOSTIO_VA     0x81e00000UL   /* host 0x10000000..0x101fffff (UART, virtio) */
#define TAE_HOSTIO_PA     0x10000000UL
#define TAE_GUEST_HPA     0x84000000UL   /* guest RAM backing */
#define TAE_GUEST_MAX     0x02000000UL   /* at most 32 MiB of guest RAM */
#define TAE_POOL_HPA      0x86000000UL   /* shadow page-table pages */
#define TAE_POOL_PAGES    1024UL         /* 4 MiB */
#define TAE_ASID_KERNEL   1UL
#define TAE_ASID_USER     2UL

#define HOST_VIRTIO_PA    0x10008000UL
#define GUEST_VBLK_GPA    0x10008000UL

_Static_assert(GUEST_RAM_SIZE <= TAE_GUEST_MAX, "guest RAM larger than tae's window");

/* sstatus bits used by the virtual CPU (priv. spec 4.1.1) */
#define SST_SIE   (1UL << 1)
#define SST_SPIE  (1UL << 5)
#define SST_SPP   (1UL << 8)
#define SST_FS    (3UL << 13)
#define SST_SUM   (1UL << 18)
#define SST_MXR   (1UL << 19)
#define SST_SD    (1UL << 63)
#define SST_UXL64 (2UL << 32)

#define IRQ_SSIP  1
#define IRQ_STIP  5
#define IRQ_SEIP  9

/* PTE bits (4.4.1) */
#define PTE_V  (1UL << 0)
#define PTE_R  (1UL << 1)
#define PTE_W  (1UL << 2)
#define PTE_X  (1UL << 3)
#define PTE_U  (1UL << 4)
#define PTE_G  (1UL << 5)
#define PTE_A  (1UL << 6)
#define PTE_D  (1UL << 7)
#define PTE_PPN(pte) (((pte) >> 10) & 0xfffffffffffUL)
#define PAGE_SIZE 4096UL

#define CAUSE_INTR (1UL << 63)
enum {
  EXC_INSN_MISALIGNED = 0, EXC_INSN_ACCESS = 1, EXC_ILLEGAL = 2, EXC_BREAKPOINT = 3,
  EXC_LOAD_MISALIGNED = 4, EXC_LOAD_ACCESS = 5, EXC_STORE_MISALIGNED = 6,
  EXC_STORE_ACCESS = 7, EXC_ECALL_U = 8, EXC_ECALL_S = 9,
  EXC_INSN_PF = 12, EXC_LOAD_PF = 13, EXC_STORE_PF = 15,
};

/* The guest's registers at a trap (entry.S fills it; offsets fixed there). */
struct tae_regs {
  uint64_t x[32];     /* 0x000 */
  uint64_t pc;        /* 0x100 sepc: where the guest resumes */
  uint64_t sstatus;   /* 0x108 real sstatus at the trap */
  uint64_t scause;    /* 0x110 */
  uint64_t stval;     /* 0x118 */
};

enum vmode { VMODE_U = 0, VMODE_S = 1 };

/* Counters for the summary line. */
struct tae_stats {
  uint64_t traps, csr, sret, sfence, wfi, ptw, mmio, sbi, reflected, fills, timer, irqs;
  uint64_t flushes, pv, pvblk, other;
};

/* The virtual CPU. */
struct vcpu {
  struct tae_regs r;            /* must stay first (entry.S) */
  enum vmode mode;              /* virtual privilege */
  uint64_t sstatus;             /* virtual SIE SPIE SPP SUM MXR (FS lives in the real CSR) */
  uint64_t sie, sip;            /* virtual; sip.STIP follows the deadline */
  uint64_t stvec, sscratch, sepc, scause, stval, satp, scounteren, senvcfg;
  uint64_t deadline;            /* SBI set_timer value, ~0 = none */
  bool pv;                      /* PV_FN_INIT done */
  uint64_t pv_shared_gpa, pv_handler;
  struct tae_stats st;
};

extern struct vcpu tae_vcpu;

/* entry.S */
void tae_trap_vector(void);
__attribute__((noreturn)) void tae_enter_guest(struct vcpu *v);

/* main.c */
void tae_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void tae_putc(char c);
__attribute__((noreturn)) void tae_panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
__attribute__((noreturn)) void tae_shutdown(bool failed);
void host_set_timer(uint64_t when);
static inline uint64_t read_time(void) { uint64_t t; __asm__ volatile("rdtime %0" : "=r"(t)); return t; }

/* trap.c */
struct vcpu *tae_handle_trap(struct vcpu *v);
void vcpu_set_timer(struct vcpu *v, uint64_t when);
void vcpu_update_timer(struct vcpu *v);
void vcpu_deliver_pending(struct vcpu *v);
void vcpu_reflect(struct vcpu *v, uint64_t cause, uint64_t tval);
void vcpu_wait(struct vcpu *v);
void vcpu_set_mode(struct vcpu *v, enum vmode m);
struct vcpu *vsbi_handle(struct vcpu *v);

/* shadow.c */
void shadow_init(void);
void shadow_activate(struct vcpu *v);             /* real satp for the current view */
void shadow_flush_all(void);
void shadow_flush_va(uint64_t va);
bool gpa_to_hpa(uint64_t gpa, uint64_t *hpa);
/* Guest virtual -> guest physical in the current view, checking access
 * (0 load, 1 store, 2 fetch) as the guest's hardware would; sets A/D if set_ad.
 * Returns 0 or the page-fault cause. */
int guest_translate(struct vcpu *v, uint64_t va, int acc, bool set_ad, uint64_t *gpa);
/* A page fault of the guest: fill, emulate (MMIO, page-table store) or reflect. */
void shadow_page_fault(struct vcpu *v, uint64_t cause, uint64_t va);
bool guest_read_va(struct vcpu *v, uint64_t va, void *buf, unsigned len);   /* fetch */
void shadow_pt_written(uint64_t gpa, uint64_t oldpte);

/* mmio.c */
bool decode_mem_insn(struct vcpu *v, struct mem_op *op);
bool mmio_access(struct vcpu *v, uint64_t gpa, const struct mem_op *op);
bool mmio_is_device(uint64_t gpa);
void devices_init(void);
void devices_summary(void);
int guest_read_gpa(void *ctx, uint64_t gpa, void *buf, uint32_t len);
int guest_write_gpa(void *ctx, uint64_t gpa, const void *buf, uint32_t len);

/* vuart_glue.c: the reference hypervisor's 16550 model */
void tae_vuart_init(void);
uint8_t tae_vuart_read(unsigned off);
void tae_vuart_write(unsigned off, uint8_t val);
void tae_console_putc(char c);      /* guest output, line buffered */
void tae_console_flush(void);

/* hostblk.c */
bool hostblk_init(uint64_t *capacity);
int hostblk_io(uint64_t sector, void *buf, uint32_t count, int write);
int hostblk_flush(void);

/* pv.c */
void pv_hypercall(struct vcpu *v);
void pv_deliver(struct vcpu *v, bool from_user);
void pv_pull(struct vcpu *v);
void pv_push(struct vcpu *v);

/* common/string.c, common/fmt.c */
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);

#define csr_read(csr) ({ unsigned long __v; \
  __asm__ volatile("csrr %0, " #csr : "=r"(__v) : : "memory"); __v; })
#define csr_write(csr, val) ({ unsigned long __v = (unsigned long)(val); \
  __asm__ volatile("csrw " #csr ", %0" : : "rK"(__v) : "memory"); })
#define csr_set(csr, val) ({ unsigned long __v = (unsigned long)(val); \
  __asm__ volatile("csrs " #csr ", %0" : : "rK"(__v) : "memory"); })
#define csr_clear(csr, val) ({ unsigned long __v = (unsigned long)(val); \
  __asm__ volatile("csrc " #csr ", %0" : : "rK"(__v) : "memory"); })

#endif
