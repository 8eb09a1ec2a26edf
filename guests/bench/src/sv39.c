/* sv39: the workload runs in S-mode with Sv39 paging enabled.
 *
 * M-mode (main) builds the page tables, opens PMP for S-mode, sets satp and
 * mret's into s_main(). Mappings (A/D bits preset, nothing delegated, so
 * any S-mode trap lands in the library's M-mode handler and fails):
 *   - identity map of RAM: the first 8 MiB (code, data, page tables, arena)
 *     through 4 KiB pages, the rest of 128 MiB through 2 MiB megapages;
 *   - identity map of the MMIO the program needs: the test finisher
 *     (4 KiB page at 0x100000) and the UART (2 MiB megapage at 0x10000000);
 *   - ARENA_VA: a 4 MiB window onto the arena through 4 KiB pages whose
 *     physical pages are a random permutation (non-identity translation);
 *   - GIGA_VA: a 1 GiB gigapage aliasing RAM (PA 0x80000000).
 * S-mode then fills the arena through the window, runs an open-addressing
 * hash table over it (TLB-hostile access pattern), walks one word per page,
 * cross-checks data through the gigapage alias, and swaps window PTEs
 * followed by sfence.vma to check that stale translations are flushed.
 *
 * sv39vs.c reuses this file (#include) to run the same S-mode work as a
 * VS-mode guest under a hypervisor: it defines SV39_NAME, SV39_MODE and
 * SV39_FINISH(check) and SV39_NO_MAIN (it supplies its own main), and calls
 * build_page_tables() and s_main() from its guest. */
#include "common.h"

#ifndef SV39_NAME
#define SV39_NAME "sv39"
#endif
#ifndef SV39_MODE
#define SV39_MODE "S"
#endif
#ifndef SV39_FINISH
#define SV39_FINISH(check) exit(bench_report(SV39_NAME, (check), EXPECTED))
#endif

#ifndef HASH_INSERTS
#define HASH_INSERTS 90000
#endif
#ifndef HASH_LOOKUPS
#define HASH_LOOKUPS 3000000
#endif
#ifndef PAGE_WALKS
#define PAGE_WALKS 2000
#endif
#ifndef REMAPS
#define REMAPS 50000
#endif
#ifndef EXPECTED
#define EXPECTED 0xaaa11fb711f2bec3ULL
#endif

#define PTE_V (1u << 0)
#define PTE_R (1u << 1)
#define PTE_W (1u << 2)
#define PTE_X (1u << 3)
#define PTE_A (1u << 6)
#define PTE_D (1u << 7)
#define PTE_LEAF_RWX (PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)
#define PTE_LEAF_RW  (PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)

#define PAGE 4096UL
#define MEGA (2UL << 20)
#define GIGA (1UL << 30)

#define RAM_MAPPED   (128UL << 20)
#define SMALL_MAPPED (8UL << 20)           /* mapped with 4 KiB pages */
#define ARENA_SIZE   (4UL << 20)
#define ARENA_PAGES  (ARENA_SIZE / PAGE)
#define ARENA_VA     0x0000000100000000UL  /* VPN2 = 4 */
#define GIGA_VA      0x00000000C0000000UL  /* VPN2 = 3 */

typedef uint64_t pte_t;
#define TABLE(name) static pte_t name[512] __attribute__((aligned(4096)))

TABLE(root);
TABLE(l1_io);                        /* VA 0x00000000-0x3fffffff          */
TABLE(l0_io);                        /* VA 0x00000000-0x001fffff (4 KiB)  */
TABLE(l1_ram);                       /* VA 0x80000000-0xbfffffff          */
static pte_t l0_ram[SMALL_MAPPED / MEGA][512] __attribute__((aligned(4096)));
TABLE(l1_arena);                     /* VA ARENA_VA ...                   */
static pte_t l0_arena[ARENA_PAGES / 512][512] __attribute__((aligned(4096)));

static uint8_t arena[ARENA_SIZE] __attribute__((aligned(4096)));
static uint32_t arena_perm[ARENA_PAGES];

extern char __image_end[];

static inline pte_t leaf(uint64_t pa, uint32_t flags)
{
  return (pa >> 12) << 10 | flags;
}

static inline pte_t table(const void *next)
{
  return ((uint64_t)(uintptr_t)next >> 12) << 10 | PTE_V;
}

static inline unsigned vpn(uint64_t va, int level)
{
  return (unsigned)(va >> (12 + 9 * level)) & 511;
}

/* ------------------------------------------------------------------ */
/* S-mode part                                                         */

struct slot {
  uint64_t key;
  uint64_t value;
};

#define SLOTS (ARENA_SIZE / 2 / sizeof(struct slot))  /* first half of the arena */

static uint64_t inserted[HASH_INSERTS];

static inline uint64_t slot_hash(uint64_t key)
{
  return (key * 0x9E3779B97F4A7C15ULL) >> 40;
}

static uint64_t hash_phase(uint64_t *seed)
{
  struct slot *tab = (struct slot *)ARENA_VA;
  for (uint64_t i = 0; i < SLOTS; i++) {
    tab[i].key = 0;
    tab[i].value = 0;
  }
  for (uint32_t i = 0; i < HASH_INSERTS; i++) {
    uint64_t key = rng_next(seed) | 1;
    inserted[i] = key;
    for (uint64_t h = slot_hash(key);; h++) {
      struct slot *s = &tab[h % SLOTS];
      if (s->key == 0 || s->key == key) {
        s->key = key;
        s->value += i;
        break;
      }
    }
  }
  uint64_t found = 0, sum = 0, probes = 0;
  for (uint32_t i = 0; i < HASH_LOOKUPS; i++) {
    uint64_t r = rng_next(seed);
    uint64_t key = (i & 1) ? inserted[(r >> 11) % HASH_INSERTS] : (r | 1);
    for (uint64_t h = slot_hash(key);; h++) {
      struct slot *s = &tab[h % SLOTS];
      probes++;
      if (s->key == key) {
        found++;
        sum += s->value;
        break;
      }
      if (s->key == 0)
        break;
    }
  }
  return mix64(mix64(found, sum), probes);
}

/* One load and one store per page, visiting pages in a scrambled order, so
 * nearly every access needs a fresh translation. */
static uint64_t page_walk_phase(void)
{
  volatile uint64_t *win = (volatile uint64_t *)ARENA_VA;
  uint64_t acc = 0;
  for (uint32_t r = 0; r < PAGE_WALKS; r++) {
    for (uint32_t k = 0; k < ARENA_PAGES; k++) {
      uint32_t page = (k * 389 + r) % ARENA_PAGES;   /* 389 is coprime to 1024 */
      volatile uint64_t *p = win + page * (PAGE / 8) + (r & 511);
      uint64_t v = *p;
      acc = acc * 31 + v;
      *p = v ^ acc;
    }
  }
  return acc;
}

/* Compare the window (4 KiB, permuted) with the gigapage alias of the same
 * physical memory. Returns the number of mismatching words (expected 0). */
static uint64_t alias_check_phase(void)
{
  uint64_t bad = 0;
  const uint64_t *win = (const uint64_t *)ARENA_VA;
  for (uint32_t page = 0; page < ARENA_PAGES; page++) {
    uint64_t pa = (uint64_t)(uintptr_t)arena + (uint64_t)arena_perm[page] * PAGE;
    const uint64_t *giga = (const uint64_t *)(GIGA_VA + (pa - VIRT_RAM_BASE));
    for (uint32_t w = 0; w < PAGE / 8; w += 64)
      bad += win[page * (PAGE / 8) + w] != giga[w];
  }
  return bad;
}

static inline void sfence_va(uint64_t va)
{
  __asm__ volatile("sfence.vma %0, zero" : : "r"(va) : "memory");
}

/* Swap pairs of window PTEs (the tables are identity mapped, so S-mode can
 * edit them), flush just those addresses, and check that reads through the
 * window follow the new mapping. */
static uint64_t remap_phase(uint64_t *seed)
{
  uint64_t bad = 0, acc = 0;
  volatile uint64_t *win = (volatile uint64_t *)ARENA_VA;
  for (uint32_t i = 0; i < REMAPS; i++) {
    uint32_t a = (uint32_t)(rng_next(seed) % ARENA_PAGES);
    uint32_t b = (uint32_t)(rng_next(seed) % ARENA_PAGES);
    uint64_t va_a = ARENA_VA + a * PAGE, va_b = ARENA_VA + b * PAGE;
    uint64_t before_a = win[a * (PAGE / 8) + (i & 511)];
    uint64_t before_b = win[b * (PAGE / 8) + (i & 511)];
    pte_t *pa = &l0_arena[a / 512][a % 512], *pb = &l0_arena[b / 512][b % 512];
    pte_t t = *pa;
    *pa = *pb;
    *pb = t;
    uint32_t tp = arena_perm[a];
    arena_perm[a] = arena_perm[b];
    arena_perm[b] = tp;
    sfence_va(va_a);
    sfence_va(va_b);
    bad += win[a * (PAGE / 8) + (i & 511)] != before_b;
    bad += win[b * (PAGE / 8) + (i & 511)] != before_a;
    acc = mix64(acc, before_a ^ (before_b << 1));
  }
  return mix64(acc, bad << 56 | bad);
}

static void s_main(void) __attribute__((noreturn));
static void s_main(void)
{
  uint64_t satp;
  __asm__ volatile("csrr %0, satp" : "=r"(satp));
  printf(SV39_NAME ": running in " SV39_MODE "-mode, satp=0x%lx\n", (unsigned long)satp);

  uint64_t seed = 0x5139AB1E0F00D5EEULL;
  /* fill the whole arena through the window */
  uint64_t *win = (uint64_t *)ARENA_VA;
  for (uint64_t i = 0; i < ARENA_SIZE / 8; i++)
    win[i] = rng_next(&seed);

  uint64_t check = hash_phase(&seed);
  check = mix64(check, page_walk_phase());
  uint64_t bad1 = alias_check_phase();
  check = mix64(check, bad1);
  check = mix64(check, remap_phase(&seed));
  uint64_t bad2 = alias_check_phase();
  check = mix64(check, bad2);
  if (bad1 | bad2)
    printf(SV39_NAME ": %lu/%lu words differ between window and gigapage alias\n",
           (unsigned long)bad1, (unsigned long)bad2);

  SV39_FINISH(check);
}

/* ------------------------------------------------------------------ */
/* M-mode part                                                         */

static void build_page_tables(void)
{
  /* MMIO: test finisher (4 KiB page), UART (2 MiB megapage). */
  root[vpn(0, 2)] = table(l1_io);
  l1_io[vpn(VIRT_TEST_BASE, 1)] = table(l0_io);
  l0_io[vpn(VIRT_TEST_BASE, 0)] = leaf(VIRT_TEST_BASE, PTE_LEAF_RW);
  l1_io[vpn(VIRT_UART0_BASE, 1)] = leaf(VIRT_UART0_BASE & ~(MEGA - 1), PTE_LEAF_RW);

  /* RAM identity map. */
  root[vpn(VIRT_RAM_BASE, 2)] = table(l1_ram);
  for (uint64_t off = 0; off < RAM_MAPPED; off += MEGA) {
    uint64_t pa = VIRT_RAM_BASE + off;
    if (off < SMALL_MAPPED) {
      pte_t *l0 = l0_ram[off / MEGA];
      for (unsigned i = 0; i < 512; i++)
        l0[i] = leaf(pa + i * PAGE, PTE_LEAF_RWX);
      l1_ram[vpn(pa, 1)] = table(l0);
    } else {
      l1_ram[vpn(pa, 1)] = leaf(pa, PTE_LEAF_RWX);
    }
  }

  /* Gigapage alias of RAM. */
  root[vpn(GIGA_VA, 2)] = leaf(VIRT_RAM_BASE, PTE_LEAF_RW);

  /* Arena window with a random page permutation. */
  uint64_t seed = 0xA5A5F00DULL;
  for (uint32_t i = 0; i < ARENA_PAGES; i++)
    arena_perm[i] = i;
  for (uint32_t i = ARENA_PAGES - 1; i > 0; i--) {
    uint32_t j = (uint32_t)(rng_next(&seed) % (i + 1));
    uint32_t t = arena_perm[i];
    arena_perm[i] = arena_perm[j];
    arena_perm[j] = t;
  }
  root[vpn(ARENA_VA, 2)] = table(l1_arena);
  for (uint32_t t = 0; t < ARENA_PAGES / 512; t++)
    l1_arena[vpn(ARENA_VA + t * MEGA, 1)] = table(l0_arena[t]);
  for (uint32_t i = 0; i < ARENA_PAGES; i++) {
    uint64_t pa = (uint64_t)(uintptr_t)arena + (uint64_t)arena_perm[i] * PAGE;
    l0_arena[i / 512][i % 512] = leaf(pa, PTE_LEAF_RW);
  }
}

#ifndef SV39_NO_MAIN
int main(void)
{
  if ((uintptr_t)__image_end > VIRT_RAM_BASE + SMALL_MAPPED) {
    puts("sv39: image larger than the 4 KiB-mapped region");
    return 2;
  }
  build_page_tables();

  /* PMP entry 0: NAPOT over the whole address space, RWX, so that S-mode
   * may access memory (with no PMP entry S-mode accesses would fail). */
  __asm__ volatile("csrw pmpaddr0, %0" : : "r"(-1L));
  __asm__ volatile("csrw pmpcfg0, %0" : : "r"(0x1fL));
#ifdef VIRT_MEASURE
  __asm__ volatile("csrw mcounteren, %0" : : "r"(7L));
#endif

  uint64_t satp = (8UL << 60) | ((uint64_t)(uintptr_t)root >> 12);
  uint64_t mstatus;
  __asm__ volatile("csrr %0, mstatus" : "=r"(mstatus));
  mstatus &= ~(3UL << 11);    /* MPP = S */
  mstatus |= 1UL << 11;
  __asm__ volatile(
      "csrw mstatus, %0\n\t"
      "csrw mepc, %1\n\t"
      "csrw satp, %2\n\t"
      "sfence.vma\n\t"
      "mret"
      :
      : "r"(mstatus), "r"((uintptr_t)s_main), "r"(satp)
      : "memory");
  __builtin_unreachable();
}
#endif /* SV39_NO_MAIN */
