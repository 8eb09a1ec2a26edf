/* HyperStep guest library: C half of the minimal HS-mode hypervisor host
 * (design and hypercall ABI in hvhost.h; trap entry in hvhost_entry.S).
 *
 * References are to the RISC-V privileged spec 20211203, chapter 8
 * ("Hypervisor" extension 1.0). */
#include "hvhost.h"
#include "virt.h"

/* ---- CSR bits ---------------------------------------------------------- */

#define MISA_H            (1UL << 7)
#define MSTATUS_MPP_MASK  (3UL << 11)
#define MSTATUS_MPP_S     (1UL << 11)
#define MSTATUS_MPIE      (1UL << 7)
#define MSTATUS_MPV       (1UL << 39)     /* 8.4.1 */
#define SSTATUS_SIE       (1UL << 1)
#define SSTATUS_SPIE      (1UL << 5)
#define SSTATUS_SPP       (1UL << 8)
#define SSTATUS_FS_INIT   (1UL << 13)
#define HSTATUS_VSBE      (1UL << 5)      /* 8.2.1 */
#define HSTATUS_SPV       (1UL << 7)
#define HSTATUS_SPVP      (1UL << 8)
#define HSTATUS_HU        (1UL << 9)
#define HSTATUS_VTVM      (1UL << 20)
#define HSTATUS_VTW       (1UL << 21)
#define HSTATUS_VTSR      (1UL << 22)

#define CAUSE_ECALL_VS      10
#define CAUSE_FETCH_GPF     20
#define CAUSE_LOAD_GPF      21
#define CAUSE_VIRTUAL_INSN  22
#define CAUSE_STORE_GPF     23
#define NCAUSES             24

/* ---- G-stage: Sv39x4 (8.5.1) -------------------------------------------
 * Guest-physical addresses have 41 bits; the root table indexes GPA[40:30]
 * with 2048 entries (16 KiB, 16 KiB aligned), the lower levels are ordinary
 * Sv39 tables. Every G-stage access counts as a U-mode access (8.5.1), so
 * every leaf needs U = 1. A and D are preset so no G-stage A/D update (or
 * fault, without hardware updating) is needed. */

#define GSTAGE_RAM    (128UL << 20)       /* guest RAM at GPA 0x80000000 */
#define MEGA          (2UL << 20)
#define PTE_V 0x01UL
#define PTE_R 0x02UL
#define PTE_W 0x04UL
#define PTE_X 0x08UL
#define PTE_U 0x10UL
#define PTE_A 0x40UL
#define PTE_D 0x80UL
#define GPTE_LEAF (PTE_V | PTE_R | PTE_W | PTE_X | PTE_U | PTE_A | PTE_D)

static uint64_t groot[2048] __attribute__((aligned(16384)));
static uint64_t gl1[512] __attribute__((aligned(4096)));   /* GPA 0x80000000-0xbfffffff */
static uint64_t gl0[512] __attribute__((aligned(4096)));   /* GPA 0x80000000-0x801fffff */

#define HGATP_SV39X4 (8UL << 60)
#define HGATP_VMID1  (1UL << 44)

/* ---- state ------------------------------------------------------------- */

struct hv_frame {
  uint64_t x[32];       /* x[0] stays 0, so rs2 = x0 stores 0 */
  uint64_t sepc;
  uint64_t pad;
};
_Static_assert(sizeof(struct hv_frame) == 272, "FRAME_SIZE in hvhost_entry.S");

static const struct hv_guest *cfg;
static uint64_t exits[NCAUSES];
static uint64_t decoded_htinst, decoded_hlvx;
static uint64_t checksum;
static int checksum_reported;
static uint8_t uart_lcr;

void hv_host_entry(void);
void hv_trap_entry(void);
void hv_enter_guest(struct hv_frame *f, void (*entry)(void), uintptr_t sp) __attribute__((noreturn));
void hv_host_main(struct hv_frame *f) __attribute__((noreturn));
void hv_handle_exit(struct hv_frame *f);
void hv_host_fault(uint64_t cause, uint64_t epc, uint64_t tval) __attribute__((noreturn));

#define CSRR(name) ({ uint64_t v_; __asm__ volatile("csrr %0, " #name : "=r"(v_)); v_; })
#define CSRW(name, v) __asm__ volatile("csrw " #name ", %0" : : "r"((uint64_t)(v)) : "memory")

/* ---- M-mode: hand the hart to the HS-mode host ------------------------- */

void hv_boot(const struct hv_guest *guest)
{
  cfg = guest;
  if ((CSRR(misa) & MISA_H) == 0) {
    printf("%s: this hart has no H extension (misa.H = 0)\n", guest->name);
    exit(HV_EXIT_HOST_FAULT);
  }
  /* PMP entry 0: NAPOT over everything, RWX, for HS/VS (and G-stage walks). */
  CSRW(pmpaddr0, -1L);
  CSRW(pmpcfg0, 0x1f);
  /* What a hypervisor handles itself goes to HS (8.4.1 / 3.1.8): ecall from
   * VS, the guest-page faults and virtual-instruction exceptions. The
   * VS-level interrupt bits of mideleg are read-only one when H is present;
   * the S-level ones are delegated as firmware does (no interrupt is enabled
   * here, so this only matters for the CSR state). */
  CSRW(medeleg, (1UL << CAUSE_ECALL_VS) | (1UL << CAUSE_FETCH_GPF) | (1UL << CAUSE_LOAD_GPF) |
                (1UL << CAUSE_VIRTUAL_INSN) | (1UL << CAUSE_STORE_GPF));
  CSRW(mideleg, (1UL << 1) | (1UL << 5) | (1UL << 9));
#ifdef VIRT_MEASURE
  CSRW(mcounteren, 7);
#endif
  uint64_t mstatus = CSRR(mstatus);
  mstatus &= ~(MSTATUS_MPP_MASK | MSTATUS_MPV | MSTATUS_MPIE);
  mstatus |= MSTATUS_MPP_S;               /* mret to S with MPV = 0: HS-mode */
  CSRW(mstatus, mstatus);
  CSRW(mepc, (uintptr_t)hv_host_entry);
  CSRW(satp, 0);
  __asm__ volatile("mret" ::: "memory");
  __builtin_unreachable();
}

/* ---- HS-mode: set up the G-stage and enter the guest ------------------- */

static void build_gstage(void)
{
  /* Identity map of guest RAM: 4 KiB leaves for the first 2 MiB (three-level
   * G-stage walks), 2 MiB leaves for the rest. The UART and the test
   * finisher stay unmapped: guest accesses to them are guest-page faults. */
  groot[VIRT_RAM_BASE >> 30] = ((uint64_t)(uintptr_t)gl1 >> 12) << 10 | PTE_V;
  gl1[0] = ((uint64_t)(uintptr_t)gl0 >> 12) << 10 | PTE_V;
  for (unsigned i = 0; i < 512; i++)
    gl0[i] = ((VIRT_RAM_BASE >> 12) + i) << 10 | GPTE_LEAF;
  for (uint64_t off = MEGA; off < GSTAGE_RAM; off += MEGA)
    gl1[off / MEGA] = ((VIRT_RAM_BASE + off) >> 12) << 10 | GPTE_LEAF;
}

void hv_host_main(struct hv_frame *f)
{
  build_gstage();
  CSRW(stvec, (uintptr_t)hv_trap_entry);
  CSRW(sscratch, 0);
  CSRW(hedeleg, 0);                       /* every guest trap is a VM exit */
  CSRW(hideleg, 0);
#ifdef VIRT_MEASURE
  CSRW(hcounteren, 7);
#else
  CSRW(hcounteren, 0);
#endif
  uint64_t hgatp = HGATP_SV39X4 | HGATP_VMID1 | (uint64_t)(uintptr_t)groot >> 12;
  CSRW(hgatp, hgatp);
  if (CSRR(hgatp) >> 60 != 8) {
    printf("%s host: hgatp does not accept Sv39x4 (reads 0x%lx)\n", cfg->name,
           (unsigned long)CSRR(hgatp));
    exit(HV_EXIT_HOST_FAULT);
  }
  __asm__ volatile("hfence.gvma zero, zero" ::: "memory");

  /* sret goes to VS-mode: hstatus.SPV = 1 and sstatus.SPP = 1 (8.6.4);
   * SPVP = 1 makes HLVX.HU read the guest's memory as a VS-mode access. */
  uint64_t hstatus = CSRR(hstatus);
  hstatus &= ~(HSTATUS_VSBE | HSTATUS_HU | HSTATUS_VTVM | HSTATUS_VTW | HSTATUS_VTSR);
  hstatus |= HSTATUS_SPV | HSTATUS_SPVP;
  CSRW(hstatus, hstatus);
  CSRW(vsstatus, SSTATUS_FS_INIT);        /* guest FPU usable, SIE off */
  CSRW(vsatp, 0);                         /* the guest starts bare */
  CSRW(vstvec, 0);
  __asm__ volatile("csrc sstatus, %0" : : "r"(SSTATUS_SIE | SSTATUS_SPIE));
  __asm__ volatile("csrs sstatus, %0" : : "r"(SSTATUS_SPP));
  printf("%s host: HS-mode, G-stage Sv39x4 hgatp=0x%lx, entering the guest in VS-mode\n",
         cfg->name, (unsigned long)hgatp);
  hv_enter_guest(f, cfg->entry, cfg->stack_top);
}

/* ---- VM exits ---------------------------------------------------------- */

static const char *cause_name(unsigned c)
{
  switch (c) {
  case CAUSE_ECALL_VS: return "ecall from VS-mode";
  case CAUSE_FETCH_GPF: return "instruction guest-page fault";
  case CAUSE_LOAD_GPF: return "load guest-page fault";
  case CAUSE_VIRTUAL_INSN: return "virtual instruction";
  case CAUSE_STORE_GPF: return "store/AMO guest-page fault";
  default: return "other";
  }
}

static void fault(struct hv_frame *f, const char *why) __attribute__((noreturn));
static void fault(struct hv_frame *f, const char *why)
{
  printf("\n%s host: %s: scause=0x%lx sepc=0x%lx stval=0x%lx htval=0x%lx htinst=0x%lx"
         " hstatus=0x%lx\n", cfg->name, why, (unsigned long)CSRR(scause), (unsigned long)f->sepc,
         (unsigned long)CSRR(stval), (unsigned long)CSRR(htval), (unsigned long)CSRR(htinst),
         (unsigned long)CSRR(hstatus));
  exit(HV_EXIT_HOST_FAULT);
}

void hv_host_fault(uint64_t cause, uint64_t epc, uint64_t tval)
{
  printf("\n%s host: trap taken in HS-mode: scause=0x%lx sepc=0x%lx stval=0x%lx\n",
         cfg ? cfg->name : "hvhost", (unsigned long)cause, (unsigned long)epc, (unsigned long)tval);
  exit(HV_EXIT_HOST_FAULT);
}

static void hypercall(struct hv_frame *f)
{
  switch (f->x[17]) {                     /* a7 */
  case HV_CALL_CHECKSUM:
    checksum = f->x[10];
    checksum_reported = 1;
    f->x[11] = checksum == cfg->expected_checksum;
    f->x[10] = 0;
    break;
  default:
    f->x[10] = (uint64_t)HV_ERR_NOT_SUPPORTED;
    break;
  }
  f->sepc += 4;                           /* ecall has no compressed form */
}

/* The run ends when the guest writes the test finisher: report, then exit
 * through the real finisher. */
static void guest_finished(uint32_t value) __attribute__((noreturn));
static void guest_finished(uint32_t value)
{
  int guest_pass = (value & 0xffff) == VIRT_FINISHER_PASS;
  int sum_ok = checksum_reported && checksum == cfg->expected_checksum;
  uint64_t total = 0;
  for (unsigned c = 0; c < NCAUSES; c++)
    total += exits[c];
  printf("%s host: guest wrote 0x%x to the test finisher (%s)\n", cfg->name, (unsigned)value,
         guest_pass ? "pass" : "fail");
  printf("%s host: %lu VM exits by cause:", cfg->name, (unsigned long)total);
  for (unsigned c = 0; c < NCAUSES; c++)
    if (exits[c])
      printf(" %u (%s) %lu;", c, cause_name(c), (unsigned long)exits[c]);
  printf("\n%s host: MMIO instructions decoded from htinst %lu, fetched with HLVX.HU %lu\n",
         cfg->name, (unsigned long)decoded_htinst, (unsigned long)decoded_hlvx);
  if (!checksum_reported)
    printf("%s host: the guest never reported its checksum\n", cfg->name);
  else
    printf("%s host: guest checksum 0x%016lx %s\n", cfg->name, (unsigned long)checksum,
           sum_ok ? "as expected" : "WRONG");
  exit(guest_pass && sum_ok ? 0 : !guest_pass && (value >> 16) ? (int)(value >> 16) : 1);
}

/* Emulated devices: a 16550A that only transmits (LSR always reports an
 * empty transmitter) and the SiFive test finisher. */
#define UART_SIZE 0x100UL
#define TEST_SIZE 0x1000UL

static uint64_t device_read(struct hv_frame *f, uint64_t gpa)
{
  if (gpa - VIRT_UART0_BASE < UART_SIZE) {
    switch (gpa - VIRT_UART0_BASE) {
    case 3: return uart_lcr;
    case 5: return 0x60;                  /* LSR: THRE | TEMT */
    default: return 0;
    }
  }
  if (gpa - VIRT_TEST_BASE < TEST_SIZE)
    return 0;
  fault(f, "guest load from an unmapped guest-physical address");
}

static void device_write(struct hv_frame *f, uint64_t gpa, uint64_t value)
{
  if (gpa - VIRT_UART0_BASE < UART_SIZE) {
    uint64_t off = gpa - VIRT_UART0_BASE;
    if (off == 0 && !(uart_lcr & 0x80))
      uart_putc((char)value);             /* THR -> the real UART */
    else if (off == 3)
      uart_lcr = (uint8_t)value;
    return;
  }
  if (gpa - VIRT_TEST_BASE == 0)
    guest_finished((uint32_t)value);
  if (gpa - VIRT_TEST_BASE < TEST_SIZE)
    return;
  fault(f, "guest store to an unmapped guest-physical address");
}

static inline uint32_t hlvx_hu(uint64_t gva)
{
  uint64_t v;
  __asm__ volatile("hlvx.hu %0, (%1)" : "=r"(v) : "r"(gva) : "memory");
  return (uint32_t)v;
}

/* Compressed loads/stores of integer registers (RV64C quadrants 0 and 2)
 * rewritten as a 32-bit load/store keeping only what the emulation needs:
 * opcode, funct3 and rd (loads) or rs2 (stores). 0 for anything else. */
static uint32_t expand_compressed(uint32_t c)
{
  unsigned f3 = (c >> 13) & 7, quadrant = c & 3, reg;
  if (quadrant == 0)
    reg = ((c >> 2) & 7) + 8;                              /* rd' / rs2' */
  else if (quadrant == 2)
    reg = f3 < 4 ? (c >> 7) & 31 : (c >> 2) & 31;         /* rd / rs2 (SP-relative) */
  else
    return 0;
  switch (f3) {
  case 2: case 3: return (f3 << 12) | (reg << 7) | 0x03;   /* c.lw(sp), c.ld(sp) */
  case 6: case 7: return (reg << 20) | ((f3 - 4) << 12) | 0x23; /* c.sw(sp), c.sd(sp) */
  default: return 0;
  }
}

/* A load/store guest-page fault on a device: emulate the access (8.6.3). */
static void mmio_exit(struct hv_frame *f, int store)
{
  uint64_t htval = CSRR(htval), htinst = CSRR(htinst);
  if (htval == 0)
    fault(f, "guest-page fault without the guest-physical address in htval");
  /* htval holds GPA >> 2; the low two bits equal those of the guest virtual
   * address in stval (hstatus.GVA = 1), the page offset being untranslated. */
  uint64_t gpa = htval << 2 | (CSRR(stval) & 3);
  uint32_t insn;
  unsigned len;
  if (htinst != 0) {
    /* A transformed instruction (bit 0 = 1; bit 1 = 0 if the original was
     * compressed) or, for implicit accesses of a VS-stage walk, a
     * pseudoinstruction (bit 0 = 0), which no device access can be. */
    if ((htinst & 1) == 0)
      fault(f, "guest-page fault on a VS-stage page-table access");
    insn = (uint32_t)htinst | 2;
    len = (htinst & 2) ? 4 : 2;
    decoded_htinst++;
  } else {
    /* htinst = 0: fetch the instruction from the guest, as VS-mode would
     * (hstatus.SPVP = 1), with execute permission (HLVX, 8.6.2). */
    uint32_t lo = hlvx_hu(f->sepc);
    if ((lo & 3) == 3) {
      insn = lo | hlvx_hu(f->sepc + 2) << 16;
      len = 4;
    } else {
      insn = expand_compressed(lo);
      len = 2;
    }
    decoded_hlvx++;
  }
  unsigned opcode = insn & 0x7f, funct3 = (insn >> 12) & 7;
  if (opcode != (store ? 0x23u : 0x03u) || funct3 == 7 || (store && funct3 > 3))
    fault(f, "MMIO access by an instruction the host does not emulate");
  unsigned bits = 8u << (funct3 & 3);
  if (store) {
    uint64_t v = f->x[(insn >> 20) & 31];
    device_write(f, gpa, bits == 64 ? v : v & ((1UL << bits) - 1));
  } else {
    uint64_t v = device_read(f, gpa);
    if (bits < 64) {
      v &= (1UL << bits) - 1;
      if (funct3 < 4 && (v >> (bits - 1)) & 1)
        v |= ~0UL << bits;                /* lb/lh/lw sign-extend */
    }
    unsigned rd = (insn >> 7) & 31;
    if (rd != 0)
      f->x[rd] = v;
  }
  f->sepc += len;
}

void hv_handle_exit(struct hv_frame *f)
{
  uint64_t cause = CSRR(scause);
  if (cause >= NCAUSES)                   /* interrupts too (bit 63) */
    fault(f, "unexpected trap");
  exits[cause]++;
  switch (cause) {
  case CAUSE_ECALL_VS: hypercall(f); break;
  case CAUSE_LOAD_GPF: mmio_exit(f, 0); break;
  case CAUSE_STORE_GPF: mmio_exit(f, 1); break;
  default: fault(f, "unexpected VM exit");
  }
}
