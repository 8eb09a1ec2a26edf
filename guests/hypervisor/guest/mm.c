/* Reference hypervisor, guest kernel: the guest's own VS-stage page tables
 * (Sv39, priv. spec 4.4), built by the guest itself.
 *
 * vs_paging_init runs from start.S BEFORE paging is on, at the kernel's
 * guest-physical addresses: every address it computes (&pt_pool, the section
 * symbols) is PC-relative and therefore physical, which is exactly what page
 * table entries need. It must not call anything that uses absolute addresses
 * (no console yet). Mappings, all 4 KiB pages (three-level walks):
 *
 *   KERNEL_VA + (pa - 0x80000000) → pa for all guest RAM:
 *       .text R X, .rodata R, everything above R W (data, bss, free RAM)
 *   PA_TO_VA(GUEST_UART_GPA) → GUEST_UART_GPA, R W
 *   0x80000000 → 0x80000000 (a 1 GiB identity leaf, R W X): only so the
 *       instructions between `csrw satp` and the jump to KERNEL_VA keep
 *       executing; vs_paging_drop_identity removes it.
 *
 * A and D are preset (no hardware A/D updates needed); kernel pages are
 * global (G). */
#include "kernel.h"
#include "riscv.h"

#define PT_POOL_PAGES 8
#define KERNEL_PTE (PTE_V | PTE_A | PTE_D | PTE_G)

static uint64_t pt_pool[PT_POOL_PAGES][512]
  __attribute__((aligned(4096), section(".bss.pagetables")));
static unsigned pt_used;
static uint64_t root_pa;

extern char __image_start[], __text_end[], __rodata_end[];

static uint64_t *pt_alloc(void)
{
  if (pt_used == PT_POOL_PAGES) {
    for (;;) wfi();                 /* no console before paging: hang visibly */
  }
  return pt_pool[pt_used++];
}

static unsigned vpn(uint64_t va, int level)
{
  return (unsigned)((va >> (12 + 9 * level)) & 0x1ff);
}

/* Only valid while paging is off: table addresses are physical. */
static void map_page(uint64_t *root, uint64_t va, uint64_t pa, uint64_t perm)
{
  uint64_t *table = root;
  for (int level = 2; level > 0; level--) {
    uint64_t *pte = &table[vpn(va, level)];
    if ((*pte & PTE_V) == 0) {
      uint64_t *next = pt_alloc();
      *pte = (((uint64_t)next >> 12) << PTE_PPN_SHIFT) | PTE_V;
    }
    table = (uint64_t *)((*pte >> PTE_PPN_SHIFT) << 12);
  }
  table[vpn(va, 0)] = ((pa >> 12) << PTE_PPN_SHIFT) | perm | KERNEL_PTE;
}

uint64_t vs_paging_init(void)
{
  uint64_t *root = pt_alloc();
  uint64_t text_end = (uint64_t)__text_end, rodata_end = (uint64_t)__rodata_end;
  root_pa = (uint64_t)root;

  for (uint64_t pa = GUEST_RAM_GPA; pa < GUEST_RAM_GPA + GUEST_RAM_SIZE; pa += PAGE_SIZE) {
    uint64_t perm = pa < text_end ? (PTE_R | PTE_X) : pa < rodata_end ? PTE_R : (PTE_R | PTE_W);
    map_page(root, PA_TO_VA(pa), pa, perm);
  }
  map_page(root, PA_TO_VA(GUEST_UART_GPA), GUEST_UART_GPA, PTE_R | PTE_W);

  root[vpn(GUEST_RAM_GPA, 2)] = ((GUEST_RAM_GPA >> 12) << PTE_PPN_SHIFT) |
                                PTE_R | PTE_W | PTE_X | PTE_V | PTE_A | PTE_D;
  return SATP_MODE_SV39 | (root_pa >> 12);
}

void vs_paging_drop_identity(void)
{
  uint64_t *root = (uint64_t *)PA_TO_VA(root_pa);
  root[vpn(GUEST_RAM_GPA, 2)] = 0;
  __asm__ volatile("sfence.vma" : : : "memory");
}

uint64_t vs_paging_root_pa(void)
{
  return root_pa;
}
