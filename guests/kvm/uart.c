/*
 * 16550A UART model of the KVM VMM (see uart.h). Register map, offset from
 * the base: 0 RBR/THR (DLL when LCR.DLAB), 1 IER (DLM when LCR.DLAB),
 * 2 IIR (read) / FCR (write), 3 LCR, 4 MCR, 5 LSR, 6 MSR, 7 SCR.
 */
#include "uart.h"

enum {
	LCR_DLAB = 0x80,
	MCR_LOOP = 0x10,
	LSR_THRE = 0x20,
	LSR_TEMT = 0x40,
	IER_ETBEI = 0x02,
	IIR_NO_INT = 0x01,
	IIR_THRI = 0x02,
	IIR_FIFO_ENABLED = 0xc0,
	FCR_FIFO_ENABLE = 0x01,
	MSR_CTS = 0x10,
	MSR_DSR = 0x20,
	MSR_RI = 0x40,
	MSR_DCD = 0x80,
};

void uart_init(struct uart16550 *u, void (*out)(uint8_t byte))
{
	*u = (struct uart16550){ .out = out, .dll = 12 /* 9600 baud at 1.8432 MHz */ };
}

/* Modem status: modem lines up, or in loopback mode the MCR outputs fed back. */
static uint8_t modem_status(const struct uart16550 *u)
{
	uint8_t m = u->mcr;

	if (!(u->mcr & MCR_LOOP))
		return MSR_DCD | MSR_DSR | MSR_CTS;
	return (uint8_t)(((m & 0x01) ? MSR_DSR : 0) | ((m & 0x02) ? MSR_CTS : 0) |
			 ((m & 0x04) ? MSR_RI : 0) | ((m & 0x08) ? MSR_DCD : 0));
}

uint8_t uart_read(struct uart16550 *u, uint64_t offset)
{
	switch (offset) {
	case 0:
		return (u->lcr & LCR_DLAB) ? u->dll : 0; /* receiver always empty */
	case 1:
		return (u->lcr & LCR_DLAB) ? u->dlm : u->ier;
	case 2: {
		uint8_t fifo = (u->fcr & FCR_FIFO_ENABLE) ? IIR_FIFO_ENABLED : 0;
		if ((u->ier & IER_ETBEI) && u->thre_pending) {
			u->thre_pending = 0; /* reading IIR clears a THRE interrupt */
			return (uint8_t)(IIR_THRI | fifo);
		}
		return (uint8_t)(IIR_NO_INT | fifo);
	}
	case 3:
		return u->lcr;
	case 4:
		return u->mcr;
	case 5:
		return LSR_THRE | LSR_TEMT;
	case 6:
		return modem_status(u);
	case 7:
		return u->scr;
	default:
		return 0;
	}
}

void uart_write(struct uart16550 *u, uint64_t offset, uint8_t value)
{
	switch (offset) {
	case 0:
		if (u->lcr & LCR_DLAB)
			u->dll = value;
		else {
			if (!(u->mcr & MCR_LOOP))
				u->out(value);
			u->thre_pending = 1; /* sent at once: THR is empty again */
		}
		break;
	case 1:
		if (u->lcr & LCR_DLAB)
			u->dlm = value;
		else {
			if ((value & IER_ETBEI) && !(u->ier & IER_ETBEI))
				u->thre_pending = 1; /* enabling ETBEI with THR empty raises the interrupt */
			u->ier = value & 0x0f;
		}
		break;
	case 2:
		u->fcr = value & 0xc9; /* the reset bits 1-2 self-clear */
		break;
	case 3:
		u->lcr = value;
		break;
	case 4:
		u->mcr = value & 0x1f;
		break;
	case 7:
		u->scr = value;
		break;
	default:
		break; /* LSR and MSR are read-only */
	}
}
