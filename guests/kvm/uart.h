/*
 * The 16550A UART the KVM VMM emulates for its guest (registers one byte
 * apart, reg-shift 0). Output only: THR writes go to an output callback, the
 * receiver is always empty, LSR always reports the transmitter empty. The
 * registers Linux's 8250 driver touches while probing and polling (IER,
 * IIR/FCR, LCR, MCR, LSR, MSR, SCR, DLL/DLM, loopback mode) behave as on a
 * real 16550A, without an interrupt line: IIR still reports the
 * transmitter-empty condition, which is what a driver without an IRQ polls
 * (Linux's 8250 runs its interrupt handler from a timer then).
 */
#ifndef HYPERSTEP_KVM_UART_H
#define HYPERSTEP_KVM_UART_H

#include <stdint.h>

#define UART_SIZE 0x100

struct uart16550 {
	uint8_t ier, lcr, mcr, scr, dll, dlm, fcr;
	/* THR-empty interrupt condition: set when THR empties or ETBEI is enabled, cleared by reading it from IIR. */
	uint8_t thre_pending;
	void (*out)(uint8_t byte);
};

void uart_init(struct uart16550 *u, void (*out)(uint8_t byte));
uint8_t uart_read(struct uart16550 *u, uint64_t offset);
void uart_write(struct uart16550 *u, uint64_t offset, uint8_t value);

#endif
