/* Small kernel: the process. Loads the embedded workload (a static ELF64 riscv
 * executable, ELF spec / System V gABI "Program Loading") into the user address
 * space, keeps its demand-zero regions (VMAs) and resolves page faults on them.
 *
 * Pages that hold file data are allocated and filled at load time; the rest of
 * a segment (.bss), the brk heap, anonymous mmap regions and the stack are
 * demand-zero: the first access faults and gets a fresh zeroed page, as on Linux. */
#include "arch.h"

#define PT_LOAD 1
#define PF_X 1
#define PF_W 2
#define PF_R 4
#define EM_RISCV 243
#define ET_EXEC 2

struct elf64_ehdr {
  unsigned char e_ident[16];
  uint16_t e_type, e_machine;
  uint32_t e_version;
  uint64_t e_entry, e_phoff, e_shoff;
  uint32_t e_flags;
  uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};

struct elf64_phdr {
  uint32_t p_type, p_flags;
  uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};

extern const unsigned char lx_workload_elf[], lx_workload_elf_end[];
struct lx_proc lx_proc;

static uint64_t page_down(uint64_t a) { return a & ~(LX_PAGE - 1); }
static uint64_t page_up(uint64_t a) { return (a + LX_PAGE - 1) & ~(LX_PAGE - 1); }

int lx_vma_add(uint64_t start, uint64_t end, uint64_t perm)
{
  if (lx_proc.nvma == LX_VMA_MAX) return -ENOMEM;
  lx_proc.vma[lx_proc.nvma++] = (struct lx_vma){ start, end, perm };
  return 0;
}

/* Remove [start, end) from every VMA (trimming or splitting them). */
void lx_vma_remove(uint64_t start, uint64_t end)
{
  for (int i = 0; i < lx_proc.nvma; i++) {
    struct lx_vma *v = &lx_proc.vma[i];
    if (end <= v->start || start >= v->end) continue;
    if (start <= v->start && end >= v->end) {
      lx_proc.vma[i--] = lx_proc.vma[--lx_proc.nvma];
    } else if (start <= v->start) {
      v->start = end;
    } else if (end >= v->end) {
      v->end = start;
    } else {
      uint64_t old_end = v->end;
      v->end = start;
      lx_vma_add(end, old_end, v->perm);
    }
  }
}

static uint64_t region_perm(uint64_t va)
{
  if (va >= lx_proc.heap_start && va < page_up(lx_proc.brk)) return PTE_R | PTE_W;
  for (int i = 0; i < lx_proc.nvma; i++) {
    if (va >= lx_proc.vma[i].start && va < lx_proc.vma[i].end) return lx_proc.vma[i].perm;
  }
  return 0;
}

int lx_demand_fault(uint64_t va, int write, int exec)
{
  va = page_down(va);
  if (va >= LX_USER_TOP || lx_user_pte(va) != NULL) return -1;   /* a real protection fault */
  uint64_t perm = region_perm(va);
  if ((perm & PTE_R) == 0 || (write && (perm & PTE_W) == 0) || (exec && (perm & PTE_X) == 0)) return -1;
  uint64_t pa = lx_page_alloc();
  if (pa == 0) return -1;
  if (lx_map_user(va, pa, perm) != 0) {
    lx_page_free(pa);
    return -1;
  }
  arch_fence_new_page(va);
  return 0;
}

static uint64_t elf_perm(uint32_t flags)
{
  uint64_t perm = 0;
  if (flags & PF_R) perm |= PTE_R;
  if (flags & PF_W) perm |= PTE_R | PTE_W;
  if (flags & PF_X) perm |= PTE_X;
  return perm;
}

void lx_load_workload(struct lx_frame *f)
{
  const unsigned char *elf = lx_workload_elf;
  uint64_t size = (uint64_t)(lx_workload_elf_end - lx_workload_elf);
  const struct elf64_ehdr *eh = (const struct elf64_ehdr *)elf;
  if (size < sizeof(*eh) || eh->e_ident[0] != 0x7f || eh->e_ident[1] != 'E' || eh->e_ident[2] != 'L' ||
      eh->e_ident[3] != 'F' || eh->e_ident[4] != 2 || eh->e_machine != EM_RISCV || eh->e_type != ET_EXEC) {
    lx_panic("the workload is not a static riscv64 executable", size, 0);
  }
  uint64_t heap = 0;
  for (unsigned i = 0; i < eh->e_phnum; i++) {
    const struct elf64_phdr *ph = (const struct elf64_phdr *)(elf + eh->e_phoff + (uint64_t)i * eh->e_phentsize);
    if (ph->p_type != PT_LOAD || ph->p_memsz == 0) continue;
    uint64_t perm = elf_perm(ph->p_flags);
    uint64_t file_end = ph->p_vaddr + ph->p_filesz, mem_end = ph->p_vaddr + ph->p_memsz;
    if (mem_end > LX_MMAP_BASE || ph->p_offset + ph->p_filesz > size) lx_panic("bad segment", ph->p_vaddr, ph->p_memsz);
    uint64_t va = page_down(ph->p_vaddr);
    for (; va < file_end; va += LX_PAGE) {
      uint64_t pa = lx_page_alloc();
      if (pa == 0) lx_panic("out of memory loading the workload", va, 0);
      unsigned char *dst = (unsigned char *)LX_PA_TO_VA(pa);
      for (uint64_t a = va < ph->p_vaddr ? ph->p_vaddr : va; a < va + LX_PAGE && a < file_end; a++) {
        dst[a - va] = elf[ph->p_offset + (a - ph->p_vaddr)];
      }
      if (lx_map_user(va, pa, perm) != 0) lx_panic("out of memory loading the workload", va, 0);
    }
    if (page_up(mem_end) > va) lx_vma_add(va, page_up(mem_end), perm);   /* .bss: demand zero */
    if (page_up(mem_end) > heap) heap = page_up(mem_end);
  }
  lx_proc.heap_start = lx_proc.brk = heap;
  lx_proc.mmap_next = LX_MMAP_BASE;

  /* Stack: argc = 0, argv = { NULL }, envp = { NULL }, auxv = { AT_NULL } (all
   * zero words in the fresh top page); sp 16-byte aligned (psABI). */
  lx_vma_add(LX_STACK_TOP - LX_STACK_SIZE, LX_STACK_TOP, PTE_R | PTE_W);
  uint64_t sp = LX_STACK_TOP - 64;
  if (lx_demand_fault(sp, 1, 0) != 0) lx_panic("out of memory for the stack", sp, 0);

  for (int i = 0; i < 32; i++) f->x[i] = 0;
  f->x[2] = sp;
  f->sepc = eh->e_entry;
  f->sstatus = SSTATUS_SPIE;        /* SPP = 0: to user mode */
  f->scause = f->stval = 0;
  arch_sfence_all();
}
