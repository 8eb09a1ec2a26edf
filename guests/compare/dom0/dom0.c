/* dom0: the management guest of mode `dom0` (guests/compare/dom0/README.md).
 * It runs the device models of the workload guest (the small kernel, VMID 1)
 * as Xen's DOM0 does: the reference hypervisor forwards each of the kernel's
 * UART and virtio-blk register accesses to it through the shared page and
 * takes the answer with the DOM0_FN_WAIT hypercall (dom0_if.h).
 *
 *   - UART (GPA 0x10000000): a 16550 with the register semantics of the
 *     hypervisor's own hv/vuart.c (output only, always ready); each finished
 *     line goes to the console with SBI DBCN console_write.
 *   - virtio-blk (GPA 0x10008000): the shared model guests/compare/common/
 *     vblk_model.c. Its guest-memory callbacks use the foreign window (the
 *     kernel's RAM mapped into dom0's G stage); its disk callbacks drive the
 *     board's real virtio-blk, mapped into dom0's G stage, with the shared
 *     driver vblk_drv.c. DMA addresses are host-physical: dom0's RAM is one
 *     host-physical block whose base the hypervisor gives in the shared page.
 *
 * dom0 runs with vsatp = 0: its addresses are its guest-physical addresses. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include "sbi.h"
#include "fmt.h"
#include "vm_layout.h"
#include "dom0_if.h"
#include "vblk_model.h"
#include "vblk_drv.h"

#define GUEST_VBLK_GPA   0x10008000UL
#define LINE_MAX         160

void dom0_main(unsigned long hartid, unsigned long shared_gpa) __attribute__((noreturn));
void *memcpy(void *dst, const void *src, size_t n);

static volatile struct dom0_shared *sh;
static struct vblk_drv disk __attribute__((aligned(4096)));
static struct vblk_model vdisk;

/* ---- console (SBI DBCN) ---- */

static char line[LINE_MAX];
static unsigned line_len;

static void con_write(const char *s, size_t n)
{
  while (n > 0) {
    struct sbiret r = sbi_call(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE, n, (unsigned long)s, 0);
    if (r.error != SBI_SUCCESS || r.value <= 0) return;
    s += r.value;
    n -= (size_t)r.value;
  }
}

static void line_putc(char c)
{
  if (c == '\r') return;
  line[line_len++] = c;
  if (c == '\n' || line_len == LINE_MAX) {
    con_write(line, line_len);
    line_len = 0;
  }
}

static void sink(void *ctx, char c)
{
  (void)ctx;
  line_putc(c);
}

static void dom0_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void dom0_printf(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  fmt_vformat(sink, NULL, fmt, ap);
  va_end(ap);
}

/* ---- the workload guest's UART ---- */

static struct { uint8_t ier, lcr, mcr, scr, dll, dlm, fcr; } uart;
static char guest_line[LINE_MAX];
static unsigned guest_line_len;

static void guest_putc(char c)
{
  if (c == '\r') return;
  guest_line[guest_line_len++] = c;
  if (c == '\n' || guest_line_len == LINE_MAX) {
    con_write(guest_line, guest_line_len);
    guest_line_len = 0;
  }
}

static uint64_t uart_access(unsigned off, int is_write, uint8_t val)
{
  int dlab = (uart.lcr & UART_LCR_DLAB) != 0;
  if (!is_write) {
    switch (off) {
    case UART_RBR: return dlab ? uart.dll : 0;
    case UART_IER: return dlab ? uart.dlm : uart.ier;
    case UART_IIR: return (uart.fcr & 1) ? 0xc1 : 0x01;
    case UART_LCR: return uart.lcr;
    case UART_MCR: return uart.mcr;
    case UART_LSR: return UART_LSR_THRE | UART_LSR_TEMT;
    case UART_MSR: return 0xb0;
    case UART_SCR: return uart.scr;
    default: return 0;
    }
  }
  switch (off) {
  case UART_THR:
    if (dlab) {
      uart.dll = val;
    } else {
      guest_putc((char)val);
      sh->st_uart_bytes++;
    }
    break;
  case UART_IER:
    if (dlab) uart.dlm = val;
    else uart.ier = val & 0x0f;
    break;
  case UART_FCR: uart.fcr = val; break;
  case UART_LCR: uart.lcr = val; break;
  case UART_MCR: uart.mcr = val; break;
  case UART_SCR: uart.scr = val; break;
  default: break;
  }
  return 0;
}

/* ---- vblk_model callbacks ---- */

static void *foreign(uint64_t gpa, uint32_t len)
{
  if (gpa < sh->foreign_guest_gpa || len > sh->foreign_size ||
      gpa - sh->foreign_guest_gpa > sh->foreign_size - len) {
    return NULL;
  }
  return (void *)(uintptr_t)(sh->foreign_gpa + (gpa - sh->foreign_guest_gpa));
}

static int read_guest(void *ctx, uint64_t gpa, void *buf, uint32_t len)
{
  (void)ctx;
  void *p = foreign(gpa, len);
  if (p == NULL) return -1;
  memcpy(buf, p, len);
  return 0;
}

static int write_guest(void *ctx, uint64_t gpa, const void *buf, uint32_t len)
{
  (void)ctx;
  void *p = foreign(gpa, len);
  if (p == NULL) return -1;
  memcpy(p, buf, len);
  return 0;
}

static int disk_read(void *ctx, uint64_t sector, void *buf, uint32_t count)
{
  (void)ctx;
  return vblk_drv_read(&disk, sector, buf, count) == 0 ? 0 : -1;
}

static int disk_write(void *ctx, uint64_t sector, const void *buf, uint32_t count)
{
  (void)ctx;
  return vblk_drv_write(&disk, sector, buf, count) == 0 ? 0 : -1;
}

static int disk_flush(void *ctx)
{
  (void)ctx;
  return vblk_drv_flush(&disk) == 0 ? 0 : -1;
}

/* dom0 address (its RAM) → host-physical, for the real device's DMA */
static uint64_t to_dma(void *ctx, const void *p)
{
  (void)ctx;
  return (uint64_t)(uintptr_t)p - GUEST_RAM_GPA + sh->ram_hpa;
}

static void publish_stats(void)
{
  sh->st_vblk_requests = vdisk.stats.requests;
  sh->st_vblk_reads = vdisk.stats.reads;
  sh->st_vblk_writes = vdisk.stats.writes;
  sh->st_vblk_flushes = vdisk.stats.flushes;
  sh->st_sectors_read = vdisk.stats.sectors_read;
  sh->st_sectors_written = vdisk.stats.sectors_written;
  sh->st_backend_requests = disk.requests;
}

void dom0_main(unsigned long hartid, unsigned long shared_gpa)
{
  sh = (volatile struct dom0_shared *)shared_gpa;
  if (sh->magic != DOM0_SHARED_MAGIC) {
    dom0_printf("dom0: no shared page at 0x%lx\n", shared_gpa);
    sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN, SBI_SRST_REASON_FAILURE);
  }
  disk.base = (uintptr_t)sh->disk_gpa;
  disk.to_dma = to_dma;
  disk.ctx = NULL;
  int rc = vblk_drv_init(&disk);
  if (rc != 0) {
    dom0_printf("dom0: no disk at gpa 0x%lx (virtio-blk init %d): the guest's disk has 0 sectors\n",
                (unsigned long)sh->disk_gpa, rc);
    disk.capacity = 0;
  }
  vblk_model_init(&vdisk, disk.capacity, NULL, read_guest, write_guest, disk_read, disk_write,
                  disk_flush);
  dom0_printf("dom0: hart %lu; serving vmid %lu: UART at 0x%lx, virtio-blk at 0x%lx "
              "(%lu sectors; backend virtio-blk at gpa 0x%lx, DMA base 0x%lx); "
              "guest RAM window at 0x%lx\n",
              hartid, (unsigned long)sh->guest_vmid, GUEST_UART_GPA, GUEST_VBLK_GPA,
              (unsigned long)disk.capacity, (unsigned long)sh->disk_gpa,
              (unsigned long)sh->ram_hpa, (unsigned long)sh->foreign_gpa);

  uint64_t reply = 0, seq = 0;
  for (;;) {
    sbi_call(SBI_EXT_HYPERSTEP_DOM0, DOM0_FN_WAIT, reply, seq, 0);
    seq = sh->seq;
    uint64_t gpa = sh->gpa, value = sh->value;
    unsigned size = (unsigned)sh->size;
    int is_write = sh->is_write != 0;
    reply = 0;
    if (gpa >= GUEST_VBLK_GPA && gpa < GUEST_VBLK_GPA + VBLK_MMIO_SIZE) {
      uint32_t off = (uint32_t)(gpa - GUEST_VBLK_GPA);
      if (is_write) {
        vblk_mmio_write(&vdisk, off, size, value);
        if (off == VIRTIO_MMIO_QUEUE_NOTIFY) publish_stats();
      } else {
        reply = vblk_mmio_read(&vdisk, off, size);
      }
    } else if (gpa >= GUEST_UART_GPA && gpa < GUEST_UART_GPA + 8) {
      reply = uart_access((unsigned)(gpa - GUEST_UART_GPA), is_write, (uint8_t)value);
    }
  }
}
