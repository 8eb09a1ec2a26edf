/* Trap-and-emulate hypervisor (tae): tae_main (boot: guest RAM, image, devices,
 * shadow paging, first entry into the guest), tae's own console, its SBI calls
 * to OpenSBI (set_timer, SRST) and the summary printed at shutdown. */
#include <stdarg.h>
#include "tae.h"
#include "fmt.h"
#include "sbi.h"

struct vcpu tae_vcpu;

extern const char guest_image[], guest_image_end[];

/* The host's 16550: at its physical address until the first shadow address
 * space is active, then through tae's window (TAE_HOSTIO_VA). */
static volatile uint8_t *host_uart = (volatile uint8_t *)TAE_HOSTIO_PA;

void tae_putc(char c)
{
  if (c == '\n') tae_putc('\r');
  while ((host_uart[UART_LSR] & UART_LSR_THRE) == 0) {
  }
  host_uart[UART_THR] = (uint8_t)c;
}

static void tae_sink(void *ctx, char c)
{
  (void)ctx;
  tae_putc(c);
}

void tae_printf(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  fmt_vformat(tae_sink, NULL, fmt, ap);
  va_end(ap);
}

static struct sbiret host_sbi(unsigned long eid, unsigned long fid, unsigned long a0,
                              unsigned long a1)
{
  return sbi_call(eid, fid, a0, a1, 0);
}

void host_set_timer(uint64_t when)
{
  host_sbi(SBI_EXT_TIME, SBI_TIME_SET_TIMER, when, 0);
}

static void summary(void)
{
  struct tae_stats *s = &tae_vcpu.st;
  tae_console_flush();
  tae_printf("tae: traps %lu = csr %lu + sret %lu + sfence %lu + wfi %lu + pt-writes %lu + "
             "mmio %lu + sbi %lu + reflected %lu + shadow-fills %lu + timer %lu + other %lu; "
             "hypercalls(pv) %lu\n",
             s->traps, s->csr, s->sret, s->sfence, s->wfi, s->ptw, s->mmio, s->sbi,
             s->reflected, s->fills, s->timer, s->other, s->pv);
  tae_printf("tae: %lu interrupts injected, %lu shadow flushes, %lu pv block requests\n",
             s->irqs, s->flushes, s->pvblk);
  devices_summary();
}

void tae_shutdown(bool failed)
{
  summary();
  tae_printf("tae: powering off%s\n", failed ? " (guest failure)" : "");
  host_sbi(SBI_EXT_SRST, SBI_SRST_SYSTEM_RESET, SBI_SRST_TYPE_SHUTDOWN,
           failed ? SBI_SRST_REASON_FAILURE : SBI_SRST_REASON_NONE);
  for (;;) __asm__ volatile("wfi");
}

void tae_panic(const char *fmt, ...)
{
  va_list ap;
  tae_console_flush();
  tae_printf("tae: PANIC: ");
  va_start(ap, fmt);
  fmt_vformat(tae_sink, NULL, fmt, ap);
  va_end(ap);
  tae_printf(" (guest pc 0x%lx, mode %s)\n", tae_vcpu.r.pc, tae_vcpu.mode == VMODE_S ? "S" : "U");
  tae_shutdown(true);
}

void tae_s_trap(uint64_t cause, uint64_t epc, uint64_t tval)
{
  tae_panic("trap in tae itself: scause 0x%lx sepc 0x%lx stval 0x%lx", cause, epc, tval);
}

__attribute__((noreturn)) void tae_main(unsigned long hartid, unsigned long fdt)
{
  struct vcpu *v = &tae_vcpu;
  uint64_t size = (uint64_t)(guest_image_end - guest_image);

  shadow_init();                  /* from here on the host UART is at TAE_HOSTIO_VA */
  host_uart = (volatile uint8_t *)TAE_HOSTIO_VA;
  tae_printf("tae: trap-and-emulate hypervisor on hart %lu (fdt 0x%lx), no H extension\n",
             hartid, fdt);
  if (size > GUEST_RAM_SIZE) tae_panic("guest image too large (%lu bytes)", size);
  memset((void *)TAE_GUEST_HPA, 0, GUEST_RAM_SIZE);
  memcpy((void *)TAE_GUEST_HPA, guest_image, size);
  tae_printf("tae: guest: %lu-byte image, guest-physical 0x%lx-0x%lx -> host-physical 0x%lx, "
             "runs in U-mode; shadow ASIDs kernel %lu user %lu\n",
             size, GUEST_RAM_GPA, GUEST_RAM_GPA + GUEST_RAM_SIZE - 1, TAE_GUEST_HPA,
             TAE_ASID_KERNEL, TAE_ASID_USER);
  devices_init();

  v->mode = VMODE_S;
  v->r.pc = GUEST_ENTRY_GPA;
  v->r.x[10] = 0;                 /* a0 = virtual hart id */
  v->r.x[11] = 0;                 /* a1 = no FDT */
  v->deadline = ~0UL;
  v->sstatus = 0;

  csr_write(scounteren, 7);       /* cycle, time, instret readable from U */
  csr_clear(sstatus, SST_SIE | SST_SPIE | SST_SPP | SST_SUM | SST_MXR | SST_FS);
  csr_write(sie, 1UL << IRQ_STIP); /* the guest's timer, taken while it runs (U) */
  host_set_timer(~0UL);
  shadow_activate(v);
  tae_enter_guest(v);
}
