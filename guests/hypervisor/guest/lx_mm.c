/* Small kernel: physical pages and the Sv39 page tables (priv. spec 4.3-4.4).
 *
 * Pages: everything from the end of the image to the end of the kernel's RAM is
 * the pool: handed out in order, freed pages kept on a list (linked through
 * their first word), every page zeroed when it is handed out.
 *
 * Tables: one root for the kernel and the one process. lx_paging_init runs
 * BEFORE paging is on, at physical addresses (all of its addresses are
 * PC-relative, hence physical, which is what PTEs need); it maps
 *   - all of the kernel's RAM at LX_PA_TO_VA: text R X, rodata R, the rest R W;
 *   - the UART and the virtio-blk page (not in the PV build: it has no device),
 *     and on the virt board itself (kernel-native.elf) the test finisher;
 *   - the kernel's image (text, data, stack) at its physical address, only so
 *     the code between the satp write and the jump to the linked address keeps
 *     running (it may use the stack: the PV build's satp write is a C call);
 *     lx_paging_done removes it.
 * Kernel leaves are global; user leaves (below LX_USER_TOP) have U. A and D
 * are preset on every leaf (no hardware A/D updates needed, priv. spec 4.3.1).
 * Every PTE store is arch_pte_write; a new intermediate table is committed at
 * once (the walk reads it back); new user leaves are committed by the caller's
 * fence (arch_fence_new_page, arch_sfence_all), kernel leaves at the end of
 * lx_paging_init. */
#include "arch.h"

#define LEAF_FLAGS (PTE_V | PTE_A | PTE_D)

extern char __image_start[], __text_end[], __rodata_end[], __image_end[];

static int paging_on;
static uint64_t root_pa;
static uint64_t pool_next, pool_end, free_list;
unsigned long lx_pages_free;

static uint64_t *pt_ptr(uint64_t pa)
{
  return (uint64_t *)(paging_on ? LX_PA_TO_VA(pa) : pa);
}

static unsigned vpn(uint64_t va, int level)
{
  return (unsigned)((va >> (12 + 9 * level)) & 0x1ff);
}

uint64_t lx_page_alloc(void)
{
  uint64_t pa;
  if (free_list != 0) {
    pa = free_list;
    free_list = *pt_ptr(pa);
  } else if (pool_next < pool_end) {
    pa = pool_next;
    pool_next += LX_PAGE;
  } else {
    return 0;
  }
  lx_pages_free--;
  uint64_t *p = pt_ptr(pa);
  for (unsigned i = 0; i < LX_PAGE / 8; i++) p[i] = 0;
  return pa;
}

void lx_page_free(uint64_t pa)
{
  *pt_ptr(pa) = free_list;
  free_list = pa;
  lx_pages_free++;
}

/* The leaf PTE of va, creating intermediate tables when alloc is set. */
static uint64_t *walk(uint64_t va, int alloc)
{
  uint64_t *table = pt_ptr(root_pa);
  for (int level = 2; level > 0; level--) {
    uint64_t *pte = &table[vpn(va, level)];
    uint64_t e = *pte;
    if ((e & PTE_V) == 0) {
      if (!alloc) return NULL;
      uint64_t pa = lx_page_alloc();
      if (pa == 0) return NULL;
      e = ((pa >> 12) << PTE_PPN_SHIFT) | PTE_V;   /* non-leaf: no U, A, D (4.3.1) */
      arch_pte_write(pte, e);
      arch_pte_commit();
    } else if ((e & (PTE_R | PTE_W | PTE_X)) != 0) {
      return NULL;                                  /* a superpage: never made here */
    }
    table = pt_ptr((e >> PTE_PPN_SHIFT) << 12);
  }
  return &table[vpn(va, 0)];
}

static void map_kernel(uint64_t va, uint64_t pa, uint64_t perm)
{
  uint64_t *pte = walk(va, 1);
  if (pte == NULL) {
    for (;;) {
    }                               /* no console before paging: hang visibly */
  }
  arch_pte_write(pte, ((pa >> 12) << PTE_PPN_SHIFT) | perm | LEAF_FLAGS);
}

uint64_t lx_paging_init(void)
{
  uint64_t text_end = (uint64_t)__text_end, rodata_end = (uint64_t)__rodata_end;
  pool_next = (uint64_t)__image_end;
  pool_end = LX_RAM_BASE + LX_RAM_SIZE;
  lx_pages_free = (pool_end - pool_next) / LX_PAGE;
  root_pa = lx_page_alloc();

  for (uint64_t pa = LX_RAM_BASE; pa < pool_end; pa += LX_PAGE) {
    uint64_t perm = pa < text_end ? (PTE_R | PTE_X) : pa < rodata_end ? PTE_R : (PTE_R | PTE_W);
    map_kernel(LX_PA_TO_VA(pa), pa, perm | PTE_G);
  }
#ifndef PARAVIRT
  map_kernel(LX_PA_TO_VA(GUEST_UART_GPA), GUEST_UART_GPA, PTE_R | PTE_W | PTE_G);
  map_kernel(LX_PA_TO_VA(LX_VIRTIO_GPA), LX_VIRTIO_GPA, PTE_R | PTE_W | PTE_G);
#endif
#ifdef LX_VIRT_BOARD
  map_kernel(LX_PA_TO_VA(LX_FINISHER_PA), LX_FINISHER_PA, PTE_R | PTE_W | PTE_G);
#endif
  for (uint64_t pa = LX_RAM_BASE; pa < (uint64_t)__image_end; pa += LX_PAGE) {
    map_kernel(pa, pa, pa < text_end ? (PTE_R | PTE_X) : pa < rodata_end ? PTE_R : (PTE_R | PTE_W));
  }
  arch_pte_commit();
  return SATP_MODE_SV39 | (root_pa >> 12);
}

void lx_boot_set_satp(uint64_t satp)
{
  arch_set_satp(satp);
}

/* The identity tables stay allocated (they were page tables; a
 * hypervisor may still treat them as such). */
void lx_paging_done(void)
{
  paging_on = 1;
  uint64_t *root = pt_ptr(root_pa);
  arch_pte_write(&root[vpn(LX_RAM_BASE, 2)], 0);
  arch_sfence_all();
}

int lx_map_user(uint64_t va, uint64_t pa, uint64_t perm)
{
  uint64_t *pte = walk(va, 1);
  if (pte == NULL) return -ENOMEM;
  arch_pte_write(pte, ((pa >> 12) << PTE_PPN_SHIFT) | perm | PTE_U | LEAF_FLAGS);
  return 0;                         /* the caller commits (arch_fence_new_page, arch_sfence_*) */
}

uint64_t *lx_user_pte(uint64_t va)
{
  if (va >= LX_USER_TOP) return NULL;
  uint64_t *pte = walk(va, 0);
  return pte != NULL && (*pte & PTE_V) != 0 ? pte : NULL;
}

/* Unmap [start, end) (page aligned), free the pages, one full fence at the end
 * (as Linux flushes a whole address space for a large range). */
void lx_unmap_user_range(uint64_t start, uint64_t end)
{
  unsigned n = 0;
  uint64_t last = start;
  for (uint64_t va = start; va < end; va += LX_PAGE) {
    uint64_t *pte = lx_user_pte(va);
    if (pte == NULL) continue;
    last = va;
    uint64_t pa = (*pte >> PTE_PPN_SHIFT) << 12;
    arch_pte_write(pte, 0);
    lx_page_free(pa);
    n++;
  }
  if (n == 0) return;
  arch_pte_commit();
  if (n == 1) arch_sfence_page(last);
  else arch_sfence_all();
}
