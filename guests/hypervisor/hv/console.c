/* Reference hypervisor: console output.
 *
 * The hypervisor writes straight to the host's 16550 (VIRT_UART0_BASE; OpenSBI
 * has initialised it and leaves it accessible to S-mode). Guest output —
 * whether it arrives through the SBI console calls (vsbi.c) or the emulated
 * UART (vuart.c) — is collected per guest and written one whole line at a
 * time, so lines of two guests never mix even when a guest is preempted in
 * the middle of a line. */
#include <stdarg.h>
#include "hv.h"
#include "fmt.h"
#include "platform.h"
#include "vm_layout.h"

static volatile uint8_t *const host_uart = (volatile uint8_t *)VIRT_UART0_BASE;

static void host_putc(char c)
{
  while ((host_uart[UART_LSR] & UART_LSR_THRE) == 0) {
  }
  host_uart[UART_THR] = (uint8_t)c;
}

void hv_console_write(const char *s, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '\n') host_putc('\r');
    host_putc(s[i]);
  }
}

static void hv_sink(void *ctx, char c)
{
  (void)ctx;
  hv_console_write(&c, 1);
}

void hv_printf(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  fmt_vformat(hv_sink, NULL, fmt, ap);
  va_end(ap);
}

void vcpu_console_flush(struct vcpu *v)
{
  if (v->line_len > 0) hv_console_write(v->line, v->line_len);
  v->line_len = 0;
}

void vcpu_console_putc(struct vcpu *v, char c)
{
  if (c == '\r') return;             /* lines end with "\n"; the host adds "\r" */
  v->line[v->line_len++] = c;
  if (c == '\n' || v->line_len == VCPU_LINE_MAX) vcpu_console_flush(v);
}
