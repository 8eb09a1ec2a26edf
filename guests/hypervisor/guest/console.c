/* Reference hypervisor, guest kernel: console output, three ways — each a
 * different kind of VM exit, which is the point:
 *
 *   kprintf        the 16550 UART at GPA 0x10000000 (mapped at
 *                  PA_TO_VA(GUEST_UART_GPA)). The hypervisor does not map
 *                  that page in the G stage, so each LSR poll and THR write
 *                  is a load/store guest-page fault it emulates (as are the
 *                  setup writes of console_init and its MCR check).
 *   sbi_printf     SBI DBCN console_write: one hypercall per line, passing
 *                  the buffer's guest-physical address (falls back to the
 *                  legacy call when DBCN is absent).
 *   legacy_printf  legacy SBI console_putchar (EID 0x01): one hypercall per
 *                  character. */
#include <stdarg.h>
#include <stdbool.h>
#include "kernel.h"
#include "fmt.h"
#include "sbi.h"

static volatile uint8_t *const uart = (volatile uint8_t *)PA_TO_VA(GUEST_UART_GPA);
static bool have_dbcn;

/* Set MCR.OUT2 with a compressed 32-bit store and read it back with a compressed
 * load (C.SW/C.LW: the hypervisor's emulated UART accepts 32-bit accesses), so
 * the hypervisor's decoding of compressed loads/stores is exercised: from the
 * transformed instruction in htinst (bits 1:0 = 01) or by expanding the 16-bit
 * instruction it reads at sepc. Any mismatch ends the guest. */
static void console_check_mcr(void)
{
  register uint32_t val __asm__("a1") = 0x08;
  register volatile uint32_t *mcr __asm__("a2") = (volatile uint32_t *)(uart + UART_MCR);
  register uint32_t back __asm__("a3");
  __asm__ volatile("c.sw %1, 0(%2)\n\tc.lw %0, 0(%2)" : "=r"(back) : "r"(val), "r"(mcr) : "memory");
  if (back != val) {
    legacy_printf("UART MCR reads 0x%x after writing 0x%x\n", back, val);
    guest_poweroff(1);
  }
}

void console_init(void)
{
  uart[UART_IER] = 0x00;                 /* no interrupts */
  uart[UART_LCR] = UART_LCR_DLAB;
  uart[UART_DLL] = 0x01;                 /* divisor 1 */
  uart[UART_DLM] = 0x00;
  uart[UART_LCR] = 0x03;                 /* 8N1 */
  uart[UART_FCR] = 0x07;                 /* FIFOs on, cleared */
  have_dbcn = sbi_probe_extension(SBI_EXT_DBCN) != 0;
  console_check_mcr();
}

static void uart_putc(char c)
{
  while ((uart[UART_LSR] & UART_LSR_THRE) == 0) {
  }
  uart[UART_THR] = (uint8_t)c;
}

static void uart_sink(void *ctx, char c)
{
  (void)ctx;
  if (c == '\n') uart_putc('\r');
  uart_putc(c);
}

static void legacy_sink(void *ctx, char c)
{
  (void)ctx;
  sbi_legacy_putchar(c);
}

int kprintf(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int n = fmt_vformat(uart_sink, NULL, fmt, ap);
  va_end(ap);
  return n;
}

int legacy_printf(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int n = fmt_vformat(legacy_sink, NULL, fmt, ap);
  va_end(ap);
  return n;
}

struct line_buf { char buf[160]; unsigned len; };

static void line_sink(void *ctx, char c)
{
  struct line_buf *b = ctx;
  if (b->len < sizeof(b->buf)) b->buf[b->len++] = c;
}

int sbi_printf(const char *fmt, ...)
{
  struct line_buf b = { .len = 0 };
  va_list ap;
  va_start(ap, fmt);
  int n = fmt_vformat(line_sink, &b, fmt, ap);
  va_end(ap);
  if (!have_dbcn) {
    for (unsigned i = 0; i < b.len; i++) sbi_legacy_putchar(b.buf[i]);
    return n;
  }
  /* The SBI takes a physical address: the guest's, i.e. guest-physical. */
  sbi_call(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE, b.len, VA_TO_PA(b.buf), 0);
  return n;
}
