/* Trap-and-emulate hypervisor (tae): shadow page tables.
 *
 * The guest kernel's satp names guest-physical Sv39 tables (priv. spec 4.4)
 * that the hardware cannot use. tae keeps two shadow address spaces whose
 * leaves point at host-physical memory, filled on demand from page faults:
 *
 *   kernel view (ASID TAE_ASID_KERNEL = 1), used in virtual S: every guest
 *     mapping; every leaf has U = 1 since the kernel runs in real U-mode.
 *     Guest leaves with U = 1 (user pages) appear only while the virtual
 *     sstatus.SUM = 1, and never executable (4.1.1.2: S cannot execute U pages).
 *     While the guest's satp is Bare this view maps guest-physical RAM at
 *     VA = GPA (the identity the guest sees before it turns paging on).
 *   user view (ASID TAE_ASID_USER = 2), used in virtual U: only guest leaves
 *     with U = 1.
 *
 * All shadow leaves are 4 KiB (guest superpages are split). A fill walks the
 * guest's tables as the hardware would (4.3.2), sets A and D in the guest PTE,
 * and maps the page writable only when the guest PTE is dirty and the page is
 * not a guest page table.
 *
 * Page tables: every table page a walk passes through is remembered (level and
 * the VA range it covers). Such pages are write-protected in the shadows; a
 * store to one faults, is emulated (decoded from the instruction) and the
 * shadow entries derived from the old PTE are invalidated. A table reached
 * from two different VA ranges invalidates everything on write. A page that
 * becomes a table while mapped writable forces a full flush. SFENCE.VMA and
 * satp writes flush (all, or one VA).
 *
 * tae's own memory (image, guest RAM backing, the pool) and the host's devices
 * are global S-only megapages in root slot 2 (0x80000000-0xbfffffff) of every
 * shadow; guest VAs there are refused (tae_panic). */
#include "tae.h"

#define GPAGES (GUEST_RAM_SIZE / PAGE_SIZE)
#define MEGA   0x200000UL
#define HV_SLOT(va) (((va) - 0x80000000UL) / MEGA)

enum { VIEW_KERNEL = 0, VIEW_USER = 1, NVIEWS = 2 };

static uint8_t pool_owner[TAE_POOL_PAGES];   /* 0 free, 1 + view, 0xff tae */
static unsigned pool_next;
static uint64_t *view_root[NVIEWS];
static uint64_t hv_l1[512];                  /* template for root slot 2 */
static uint64_t *hv_root;                    /* tae alone (ASID 0) */
static uint64_t hv_satp;

/* Guest page-table pages: level of their entries + 1 (0 = not a table), the
 * VA their range starts at, reached from more than one place. */
static uint8_t pt_level[GPAGES];
static bool pt_multi[GPAGES];
static uint64_t pt_base[GPAGES];
static bool wmapped[GPAGES];                 /* some shadow leaf maps it writable */

static const uint64_t view_asid[NVIEWS] = { TAE_ASID_KERNEL, TAE_ASID_USER };

static inline uint64_t mkptr(const void *p) { return (((uint64_t)p >> 12) << 10) | PTE_V; }
static inline uint64_t *pte_table(uint64_t pte) { return (uint64_t *)(PTE_PPN(pte) << 12); }
static inline uint64_t sext39(uint64_t va) { return (uint64_t)((int64_t)(va << 25) >> 25); }
static inline unsigned vpn(uint64_t va, int l) { return (unsigned)((va >> (12 + 9 * l)) & 0x1ff); }

static bool hv_slot_reserved(unsigned slot) { return hv_l1[slot] != 0; }

bool gpa_to_hpa(uint64_t gpa, uint64_t *hpa)
{
  if (gpa < GUEST_RAM_GPA || gpa - GUEST_RAM_GPA >= GUEST_RAM_SIZE) return false;
  *hpa = TAE_GUEST_HPA + (gpa - GUEST_RAM_GPA);
  return true;
}

static uint64_t *pool_alloc(unsigned owner)
{
  for (unsigned n = 0; n < TAE_POOL_PAGES; n++) {
    unsigned i = (pool_next + n) % TAE_POOL_PAGES;
    if (pool_owner[i] == 0) {
      pool_owner[i] = (uint8_t)owner;
      pool_next = i + 1;
      uint64_t *p = (uint64_t *)(TAE_POOL_HPA + i * PAGE_SIZE);
      memset(p, 0, PAGE_SIZE);
      return p;
    }
  }
  return NULL;
}

static void sfence_asid(uint64_t asid)
{
  __asm__ volatile("sfence.vma zero, %0" : : "r"(asid) : "memory");
}

static void sfence_va(uint64_t va, uint64_t asid)
{
  __asm__ volatile("sfence.vma %0, %1" : : "r"(va), "r"(asid) : "memory");
}

static uint64_t *view_get_root(int view)
{
  if (view_root[view] != NULL) return view_root[view];
  uint64_t *root = pool_alloc(1 + view), *l1 = pool_alloc(1 + view);
  if (root == NULL || l1 == NULL) tae_panic("shadow pool exhausted by roots");
  memcpy(l1, hv_l1, sizeof(hv_l1));
  root[2] = mkptr(l1);
  view_root[view] = root;
  return root;
}

static void view_reset(int view)
{
  if (view_root[view] == NULL) return;
  uint64_t cur = csr_read(satp);
  if ((cur & 0xfffffffffffUL) == ((uint64_t)view_root[view] >> 12)) csr_write(satp, hv_satp);
  for (unsigned i = 0; i < TAE_POOL_PAGES; i++)
    if (pool_owner[i] == 1 + view) pool_owner[i] = 0;
  view_root[view] = NULL;
  sfence_asid(view_asid[view]);
}

void shadow_flush_all(void)
{
  tae_vcpu.st.flushes++;
  view_reset(VIEW_KERNEL);
  view_reset(VIEW_USER);
  memset(wmapped, 0, sizeof(wmapped));
}

static int current_view(struct vcpu *v)
{
  if ((v->satp >> 60) == 0) return VIEW_KERNEL;
  return v->mode == VMODE_S ? VIEW_KERNEL : VIEW_USER;
}

void shadow_activate(struct vcpu *v)
{
  int view = current_view(v);
  uint64_t *root = view_get_root(view);
  uint64_t satp = (8UL << 60) | (view_asid[view] << 44) | ((uint64_t)root >> 12);
  if (csr_read(satp) != satp) csr_write(satp, satp);
}

void shadow_init(void)
{
  /* Global S-only megapages (4.4.1: A and D preset, G for every ASID). */
  const uint64_t perm = PTE_V | PTE_R | PTE_W | PTE_X | PTE_G | PTE_A | PTE_D;
  hv_l1[HV_SLOT(TAE_HV_BASE)] = ((TAE_HV_BASE >> 12) << 10) | perm;
  hv_l1[HV_SLOT(TAE_HOSTIO_VA)] = ((TAE_HOSTIO_PA >> 12) << 10) | (perm & ~PTE_X);
  for (uint64_t a = 0; a < TAE_GUEST_MAX; a += MEGA)
    hv_l1[HV_SLOT(TAE_GUEST_HPA + a)] = (((TAE_GUEST_HPA + a) >> 12) << 10) | (perm & ~PTE_X);
  for (uint64_t a = 0; a < TAE_POOL_PAGES * PAGE_SIZE; a += MEGA)
    hv_l1[HV_SLOT(TAE_POOL_HPA + a)] = (((TAE_POOL_HPA + a) >> 12) << 10) | (perm & ~PTE_X);
  /* tae's own root: the first two pool pages (the pool is identity-mapped). */
  pool_owner[0] = pool_owner[1] = 0xff;
  pool_next = 2;
  hv_root = (uint64_t *)TAE_POOL_HPA;
  uint64_t *l1 = (uint64_t *)(TAE_POOL_HPA + PAGE_SIZE);
  memset(hv_root, 0, PAGE_SIZE);
  memcpy(l1, hv_l1, sizeof(hv_l1));
  hv_root[2] = mkptr(l1);
  hv_satp = (8UL << 60) | ((uint64_t)hv_root >> 12);
  __asm__ volatile("sfence.vma" : : : "memory");
  csr_write(satp, hv_satp);
  __asm__ volatile("sfence.vma" : : : "memory");
}

/* ---- the guest's translation ---- */

struct walk {
  uint64_t gpa;       /* translated address */
  uint64_t pte;       /* the leaf (after the A/D update); Bare: R W X */
  bool bare;
};

static void note_table(uint64_t table_gpa, int level, uint64_t va)
{
  uint64_t gfn = (table_gpa - GUEST_RAM_GPA) / PAGE_SIZE;
  uint64_t base = level == 2 ? 0 : sext39(va & ~((1UL << (12 + 9 * (level + 1))) - 1));
  if (pt_level[gfn] == 0) {
    pt_level[gfn] = (uint8_t)(level + 1);
    pt_base[gfn] = base;
    /* A page that was data and now is a table may be mapped writable. */
    if (wmapped[gfn]) shadow_flush_all();
  } else if (pt_level[gfn] != level + 1 || pt_base[gfn] != base) {
    pt_multi[gfn] = true;
  }
}

static int fault_cause(int acc) { return acc == 2 ? EXC_INSN_PF : acc == 1 ? EXC_STORE_PF : EXC_LOAD_PF; }
static int access_cause(int acc) { return acc == 2 ? EXC_INSN_ACCESS : acc == 1 ? EXC_STORE_ACCESS : EXC_LOAD_ACCESS; }

static int walk_guest(struct vcpu *v, uint64_t va, int acc, bool set_ad, struct walk *w)
{
  w->bare = (v->satp >> 60) == 0;
  if (w->bare) {
    w->gpa = va;
    w->pte = PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D;
    return 0;
  }
  if (sext39(va) != va) return fault_cause(acc);
  uint64_t table = (v->satp & 0xfffffffffffUL) << 12, pte = 0, pte_hpa = 0;
  int level;
  for (level = 2; level >= 0; level--) {
    uint64_t pte_gpa = table + vpn(va, level) * 8;
    if (!gpa_to_hpa(pte_gpa, &pte_hpa)) return access_cause(acc);
    note_table(table, level, va);
    pte = *(volatile uint64_t *)pte_hpa;
    if (!(pte & PTE_V) || (!(pte & PTE_R) && (pte & PTE_W))) return fault_cause(acc);
    if (pte & (PTE_R | PTE_X)) break;
    table = PTE_PPN(pte) << 12;
  }
  if (level < 0) return fault_cause(acc);
  if (level > 0 && (PTE_PPN(pte) & ((1UL << (9 * level)) - 1)) != 0) return fault_cause(acc);
  /* Permissions (4.3.1, 4.4.1). */
  if (v->mode == VMODE_U) {
    if (!(pte & PTE_U)) return fault_cause(acc);
  } else if (pte & PTE_U) {
    if (acc == 2 || !(v->sstatus & SST_SUM)) return fault_cause(acc);
  }
  bool readable = (pte & PTE_R) || ((v->sstatus & SST_MXR) && (pte & PTE_X));
  if ((acc == 0 && !readable) || (acc == 1 && !(pte & PTE_W)) || (acc == 2 && !(pte & PTE_X)))
    return fault_cause(acc);
  /* A and D, as a hart that updates them (4.3.2 step 7). */
  uint64_t want = PTE_A | (acc == 1 ? PTE_D : 0);
  if (set_ad && (pte & want) != want) {
    pte |= want;
    *(volatile uint64_t *)pte_hpa = pte;
  }
  uint64_t off = va & ((1UL << (12 + 9 * level)) - 1);
  w->gpa = ((PTE_PPN(pte) << 12) & ~((1UL << (12 + 9 * level)) - 1)) + off;
  w->pte = pte;
  return 0;
}

int guest_translate(struct vcpu *v, uint64_t va, int acc, bool set_ad, uint64_t *gpa)
{
  struct walk w;
  int r = walk_guest(v, va, acc, set_ad, &w);
  if (r == 0) *gpa = w.gpa;
  return r;
}

bool guest_read_va(struct vcpu *v, uint64_t va, void *buf, unsigned len)
{
  uint8_t *out = buf;
  while (len > 0) {
    uint64_t gpa, hpa;
    unsigned chunk = (unsigned)(PAGE_SIZE - (va & (PAGE_SIZE - 1)));
    if (chunk > len) chunk = len;
    if (guest_translate(v, va, 2, false, &gpa) != 0 || !gpa_to_hpa(gpa, &hpa)) return false;
    memcpy(out, (const void *)hpa, chunk);
    out += chunk;
    va += chunk;
    len -= chunk;
  }
  return true;
}

/* ---- shadow tables ---- */

/* The level-0 shadow PTE slot for va in a view, allocating tables; NULL if
 * the pool is exhausted (then everything was flushed). */
static uint64_t *shadow_slot(int view, uint64_t va)
{
  uint64_t *t = view_get_root(view);
  if (vpn(va, 2) == 2 && hv_slot_reserved(vpn(va, 1)))
    tae_panic("guest virtual address 0x%lx is inside tae's window", va);
  for (int level = 2; level > 0; level--) {
    uint64_t *e = &t[vpn(va, level)];
    if (!(*e & PTE_V)) {
      uint64_t *n = pool_alloc(1 + view);
      if (n == NULL) {
        shadow_flush_all();
        return NULL;
      }
      *e = mkptr(n);
    } else if (*e & (PTE_R | PTE_X)) {
      tae_panic("guest virtual address 0x%lx is inside tae's window", va);
    }
    t = pte_table(*e);
  }
  return &t[vpn(va, 0)];
}

static void invalidate(int view, uint64_t va, int level)
{
  uint64_t *root = view_root[view];
  if (root == NULL) return;
  uint64_t asid = view_asid[view];
  unsigned i2 = vpn(va, 2), i1 = vpn(va, 1);
  if (level == 2) {
    if (i2 == 2) {
      uint64_t *l1 = pte_table(root[2]);
      for (unsigned i = 0; i < 512; i++)
        if (!hv_slot_reserved(i)) l1[i] = 0;
    } else {
      root[i2] = 0;
    }
    sfence_asid(asid);
    return;
  }
  if (!(root[i2] & PTE_V)) return;
  uint64_t *l1 = pte_table(root[i2]);
  if (level == 1) {
    if (i2 == 2 && hv_slot_reserved(i1)) return;
    l1[i1] = 0;
    sfence_asid(asid);
    return;
  }
  if (!(l1[i1] & PTE_V) || (l1[i1] & (PTE_R | PTE_X))) return;
  pte_table(l1[i1])[vpn(va, 0)] = 0;
  sfence_va(va, asid);
}

void shadow_flush_va(uint64_t va)
{
  invalidate(VIEW_KERNEL, va, 0);
  invalidate(VIEW_USER, va, 0);
}

void shadow_pt_written(uint64_t gpa, uint64_t oldpte)
{
  uint64_t gfn = (gpa - GUEST_RAM_GPA) / PAGE_SIZE;
  if (pt_level[gfn] == 0 || !(oldpte & PTE_V)) return;   /* nothing was derived from it */
  if (pt_multi[gfn]) {
    shadow_flush_all();
    return;
  }
  int level = pt_level[gfn] - 1;
  uint64_t idx = (gpa & (PAGE_SIZE - 1)) / 8;
  uint64_t va = sext39(pt_base[gfn] + (idx << (12 + 9 * level)));
  invalidate(VIEW_KERNEL, va, level);
  invalidate(VIEW_USER, va, level);
}

static bool is_table(uint64_t gpa)
{
  return pt_level[(gpa - GUEST_RAM_GPA) / PAGE_SIZE] != 0;
}

/* A store the guest may make but tae write-protected (a guest page table):
 * decode it, do it, keep the shadows in step. */
static void emulate_pt_store(struct vcpu *v, uint64_t gpa, uint64_t hpa)
{
  struct mem_op op;
  if (!decode_mem_insn(v, &op) || !op.store) tae_panic("undecodable store to a page table");
  uint64_t val = v->r.x[op.reg];
  uint64_t slot = gpa & ~7UL, oldpte = *(volatile uint64_t *)(hpa & ~7UL);
  switch (op.width) {
  case 1: *(volatile uint8_t *)hpa = (uint8_t)val; break;
  case 2: *(volatile uint16_t *)hpa = (uint16_t)val; break;
  case 4: *(volatile uint32_t *)hpa = (uint32_t)val; break;
  default: *(volatile uint64_t *)hpa = val; break;
  }
  v->st.ptw++;
  shadow_pt_written(slot, oldpte);
  v->r.pc += op.len;
}

void shadow_page_fault(struct vcpu *v, uint64_t cause, uint64_t va)
{
  int acc = cause == EXC_INSN_PF ? 2 : cause == EXC_STORE_PF ? 1 : 0;
  struct walk w;
  int r = walk_guest(v, va, acc, true, &w);
  if (r != 0) {
    v->st.reflected++;
    vcpu_reflect(v, (uint64_t)r, va);
    return;
  }
  uint64_t hpa;
  if (!gpa_to_hpa(w.gpa, &hpa)) {
    if (acc != 2 && mmio_is_device(w.gpa)) {
      struct mem_op op;
      if (!decode_mem_insn(v, &op) || op.store != (acc == 1))
        tae_panic("undecodable device access at 0x%lx", va);
      v->st.mmio++;
      if (!mmio_access(v, w.gpa, &op)) tae_panic("bad device access at gpa 0x%lx", w.gpa);
      v->r.pc += op.len;
      return;
    }
    v->st.reflected++;
    vcpu_reflect(v, (uint64_t)access_cause(acc), va);
    return;
  }
  uint64_t gfn = (w.gpa - GUEST_RAM_GPA) / PAGE_SIZE;
  if (acc == 1 && is_table(w.gpa)) {
    emulate_pt_store(v, w.gpa, hpa);
    return;
  }
  uint64_t pte = w.pte;
  bool user_view = current_view(v) == VIEW_USER;
  bool readable = (pte & PTE_R) || ((v->sstatus & SST_MXR) && (pte & PTE_X));
  uint64_t leaf = (((hpa & ~(PAGE_SIZE - 1)) >> 12) << 10) | PTE_V | PTE_U | PTE_A | PTE_D;
  if (readable) leaf |= PTE_R;
  if ((pte & PTE_W) && (pte & PTE_D) && !is_table(w.gpa)) leaf |= PTE_W;
  if ((pte & PTE_X) && (user_view || !(pte & PTE_U) || w.bare)) leaf |= PTE_X;
  if (!(leaf & PTE_R) && (leaf & PTE_W)) leaf &= ~PTE_W;
  int view = current_view(v);
  uint64_t *slot = shadow_slot(view, va & ~(PAGE_SIZE - 1));
  if (slot == NULL) return;                  /* flushed: the access faults again */
  *slot = leaf;
  if (leaf & PTE_W) wmapped[gfn] = true;
  v->st.fills++;
  sfence_va(va & ~(PAGE_SIZE - 1), view_asid[view]);
}
