/* Reference hypervisor: the G stage (guest-physical → host-physical) of each
 * guest, in Sv39x4 (priv. spec 8.5.1): a 16 KiB root indexed by GPA[40:30],
 * then ordinary Sv39 level-1 and level-0 tables. Guest RAM is mapped with
 * 4 KiB pages (so a walk always has three levels), readable, writable and
 * executable. Every G-stage leaf has U = 1: G-stage accesses are checked as
 * U-mode accesses (8.5.1, "all memory accesses ... are considered to be
 * user-level accesses"). A and D are preset so the hardware never has to
 * update them. G is left clear (reserved in G-stage PTEs). The UART page
 * GUEST_UART_GPA is deliberately absent: its accesses become guest-page
 * faults (mmio.c). */
#include "hv.h"
#include "riscv.h"
#include "vm_layout.h"

/* Per guest: the root plus level-1/level-0 tables (4 MiB of RAM needs one
 * level-1 table and two level-0 tables; the compare builds add a device page
 * and, for dom0, a window on the other guest's RAM). */
#ifdef HV_COMPARE
#define GSTAGE_POOL_PAGES (2 * (GUEST_RAM_SIZE >> 21) + 6)
#else
#define GSTAGE_POOL_PAGES 4
#endif

struct gstage_tables {
  uint64_t root[2048] __attribute__((aligned(16384)));
  uint64_t pool[GSTAGE_POOL_PAGES][512] __attribute__((aligned(4096)));
};

static struct gstage_tables gstage[HV_MAX_GUESTS] __attribute__((section(".bss.gstage")));
static unsigned pool_used[HV_MAX_GUESTS];

static uint64_t *table_of(uint64_t pte)
{
  return (uint64_t *)((pte >> PTE_PPN_SHIFT) << 12);
}

static uint64_t *alloc_table(int slot)
{
  if (pool_used[slot] == GSTAGE_POOL_PAGES) hv_panic("G-stage table pool exhausted");
  return gstage[slot].pool[pool_used[slot]++];
}

/* Map one 4 KiB page gpa → hpa with permissions perm (R/W/X). */
static void gstage_map_page(int slot, uint64_t gpa, uint64_t hpa, uint64_t perm)
{
  uint64_t *table = gstage[slot].root;
  unsigned idx[3] = {
    (unsigned)((gpa >> 30) & 0x7ff),   /* root: 11 bits (Sv39x4) */
    (unsigned)((gpa >> 21) & 0x1ff),
    (unsigned)((gpa >> 12) & 0x1ff),
  };
  for (int level = 0; level < 2; level++) {
    uint64_t pte = table[idx[level]];
    if ((pte & PTE_V) == 0) {
      uint64_t *next = alloc_table(slot);
      pte = (((uint64_t)next >> 12) << PTE_PPN_SHIFT) | PTE_V;
      table[idx[level]] = pte;
    }
    table = table_of(pte);
  }
  table[idx[2]] = ((hpa >> 12) << PTE_PPN_SHIFT) | perm | PTE_U | PTE_A | PTE_D | PTE_V;
}

/* Map [gpa, gpa + size) to [hpa, ...) in 4 KiB pages (page-aligned). */
void gstage_map(struct vcpu *v, uint64_t gpa, uint64_t hpa, uint64_t size, uint64_t perm)
{
  for (uint64_t off = 0; off < size; off += PAGE_SIZE) {
    gstage_map_page(v->id - 1, gpa + off, hpa + off, perm);
  }
}

void gstage_build(struct vcpu *v)
{
  int slot = v->id - 1;
  for (uint64_t off = 0; off < GUEST_RAM_SIZE; off += PAGE_SIZE) {
    gstage_map_page(slot, GUEST_RAM_GPA + off, v->hpa_base + off, PTE_R | PTE_W | PTE_X);
  }
  v->gstage_root = gstage[slot].root;
  v->csr.hgatp = HGATP_MODE_SV39X4 | ((uint64_t)v->id << HGATP_VMID_SHIFT) |
                 ((uint64_t)v->gstage_root >> 12);
}

/* Software walk of the guest's G stage (for SBI calls that pass guest-physical
 * buffer addresses, e.g. DBCN console_write). Needs a readable leaf. */
bool gstage_translate(struct vcpu *v, uint64_t gpa, uint64_t *hpa)
{
  if ((gpa >> 41) != 0) return false;
  uint64_t *table = v->gstage_root;
  int shift = 30;
  unsigned idx = (unsigned)((gpa >> 30) & 0x7ff);
  for (;;) {
    uint64_t pte = table[idx];
    if ((pte & PTE_V) == 0) return false;
    if ((pte & (PTE_R | PTE_W | PTE_X)) != 0) {
      if ((pte & PTE_R) == 0 || (pte & PTE_U) == 0) return false;
      uint64_t page = (pte >> PTE_PPN_SHIFT) << 12;
      uint64_t mask = (1UL << shift) - 1;
      *hpa = (page & ~mask) | (gpa & mask);
      return true;
    }
    if (shift == 12) return false;
    table = table_of(pte);
    shift -= 9;
    idx = (unsigned)((gpa >> shift) & 0x1ff);
  }
}
