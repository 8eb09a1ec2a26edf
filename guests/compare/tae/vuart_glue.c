/* Trap-and-emulate hypervisor (tae): reuse of the reference hypervisor's 16550
 * model (guests/hypervisor/hv/vuart.c, compiled unchanged) — it keeps its
 * registers in a struct vcpu of the reference hypervisor and sends THR bytes
 * to vcpu_console_putc, which this file provides: guest output is collected
 * per line and written to the host console through tae. */
#include "../../hypervisor/hv/hv.h"

void tae_putc(char c);
void tae_vuart_init(void);
uint8_t tae_vuart_read(unsigned off);
void tae_vuart_write(unsigned off, uint8_t val);
void tae_console_putc(char c);
void tae_console_flush(void);

static struct vcpu ref_vcpu;      /* only .uart and the line buffer are used */

void tae_vuart_init(void)
{
  ref_vcpu.id = 1;
  ref_vcpu.name = "guest";
}

uint8_t tae_vuart_read(unsigned off) { return vuart_read(&ref_vcpu, off); }
void tae_vuart_write(unsigned off, uint8_t val) { vuart_write(&ref_vcpu, off, val); }

void tae_console_flush(void)
{
  for (unsigned i = 0; i < ref_vcpu.line_len; i++) tae_putc(ref_vcpu.line[i]);
  ref_vcpu.line_len = 0;
}

void tae_console_putc(char c)
{
  if (c == '\r') return;          /* lines end with "\n"; tae_putc adds "\r" */
  ref_vcpu.line[ref_vcpu.line_len++] = c;
  if (c == '\n' || ref_vcpu.line_len == VCPU_LINE_MAX) tae_console_flush();
}

void vcpu_console_putc(struct vcpu *v, char c)
{
  (void)v;
  tae_console_putc(c);
}
