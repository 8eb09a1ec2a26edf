/* Reference hypervisor, guest kernel: console output, three ways — each a
 * different kind of VM exit, which is the point:
 *
 *   kprintf        the 16550 UART at GPA 0x10000000 (mapped at
 *                  PA_TO_VA(GUEST_UART_GPA)). The hypervisor does not map
 *                  that page in the G stage, so each LSR poll and THR write
 *                  is a load/store guest-page fault it emulates.
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

void console_init(void)
{
  uart[UART_IER] = 0x00;                 /* no interrupts */
  uart[UART_LCR] = UART_LCR_DLAB;
  uart[UART_DLL] = 0x01;                 /* divisor 1 */
  uart[UART_DLM] = 0x00;
  uart[UART_LCR] = 0x03;                 /* 8N1 */
  uart[UART_FCR] = 0x07;                 /* FIFOs on, cleared */
  have_dbcn = sbi_probe_extension(SBI_EXT_DBCN) != 0;
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
