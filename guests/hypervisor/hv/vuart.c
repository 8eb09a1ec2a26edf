/* Reference hypervisor: the 16550 UART each guest sees at GUEST_UART_GPA
 * (registers one byte apart, as on virt). Output only: THR bytes go to the
 * guest's console line (console.c); the receiver is always empty, the
 * transmitter always ready (LSR = THRE | TEMT), no interrupts are raised. The
 * other registers keep what the guest writes so a driver's initialisation
 * (LCR, divisor latch, FCR, MCR, IER, SCR) reads back sensibly. */
#include "hv.h"
#include "vm_layout.h"

uint8_t vuart_read(struct vcpu *v, unsigned off)
{
  struct vuart *u = &v->uart;
  bool dlab = (u->lcr & UART_LCR_DLAB) != 0;
  switch (off) {
  case UART_RBR: return dlab ? u->dll : 0;
  case UART_IER: return dlab ? u->dlm : u->ier;
  case UART_IIR: return (u->fcr & 1) ? 0xc1 : 0x01;   /* no interrupt pending */
  case UART_LCR: return u->lcr;
  case UART_MCR: return u->mcr;
  case UART_LSR: return UART_LSR_THRE | UART_LSR_TEMT;
  case UART_MSR: return 0xb0;                          /* DCD, DSR, CTS */
  case UART_SCR: return u->scr;
  default: return 0;
  }
}

void vuart_write(struct vcpu *v, unsigned off, uint8_t val)
{
  struct vuart *u = &v->uart;
  bool dlab = (u->lcr & UART_LCR_DLAB) != 0;
  switch (off) {
  case UART_THR:
    if (dlab) u->dll = val;
    else vcpu_console_putc(v, (char)val);
    break;
  case UART_IER:
    if (dlab) u->dlm = val;
    else u->ier = val & 0x0f;
    break;
  case UART_FCR: u->fcr = val; break;
  case UART_LCR: u->lcr = val; break;
  case UART_MCR: u->mcr = val; break;
  case UART_SCR: u->scr = val; break;
  default: break;                                      /* LSR, MSR: read-only */
  }
}
