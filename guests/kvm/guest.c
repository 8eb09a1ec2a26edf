/*
 * Bare-metal guest of the KVM VMM (vmm bare guest.bin): runs in VS-mode at
 * 0x80000000 with the MMU off, and checks what a KVM guest relies on, printing
 * one line per step:
 *   1. UART output: every byte is an MMIO store (and every LSR poll an MMIO
 *      load) that traps to KVM as a guest-page fault and reaches the VMM;
 *   2. the SBI legacy console putchar (EID 0x01), which KVM forwards to user
 *      space only when the host kernel has CONFIG_RISCV_SBI_V01;
 *   3. the SBI base extension (handled inside KVM) probing the debug console;
 *   4. the debug console write (DBCN), forwarded to the VMM;
 *   5. an experimental-range call the VMM answers (echo a0 + 1), and one of
 *      its unknown functions (error -2);
 *   6. a VS-level timer interrupt: SBI set_timer (KVM's TIME extension), then
 *      WFI until the interrupt arrives through stvec;
 *   7. SBI system reset (SRST) shutdown, which KVM turns into
 *      KVM_EXIT_SYSTEM_EVENT.
 * Built with riscv64-unknown-elf-gcc into a flat guest.bin (kvm.mk), without F/D:
 * sstatus.FS is off, and the trap handler must not save FP registers.
 */
#include <stdint.h>

#define UART_BASE 0x10000000ul
#define UART_THR 0
#define UART_LSR 5
#define UART_LSR_THRE 0x20

#define SBI_EXT_LEGACY_PUTCHAR 0x01
#define SBI_EXT_BASE 0x10
#define SBI_EXT_TIME 0x54494d45
#define SBI_EXT_DBCN 0x4442434e
#define SBI_EXT_SRST 0x53525354
#define SBI_EXT_VMM_ECHO 0x08485356

/* Entry: a stack, then main (which never returns). */
__asm__(".section .text.start, \"ax\"\n"
	".globl _start\n"
	"_start:\n"
	"  la sp, __stack_top\n"
	"  call main\n"
	"1: wfi\n"
	"  j 1b\n"
	".text\n");

struct sbiret {
	long error;
	long value;
};

static struct sbiret sbi_call(unsigned long eid, unsigned long fid, unsigned long a0, unsigned long a1,
			      unsigned long a2)
{
	register unsigned long r0 __asm__("a0") = a0;
	register unsigned long r1 __asm__("a1") = a1;
	register unsigned long r2 __asm__("a2") = a2;
	register unsigned long r6 __asm__("a6") = fid;
	register unsigned long r7 __asm__("a7") = eid;

	__asm__ volatile("ecall" : "+r"(r0), "+r"(r1) : "r"(r2), "r"(r6), "r"(r7) : "memory");
	return (struct sbiret){ (long)r0, (long)r1 };
}

static void uart_putc(char c)
{
	volatile uint8_t *uart = (volatile uint8_t *)UART_BASE;

	while (!(uart[UART_LSR] & UART_LSR_THRE))
		;
	uart[UART_THR] = (uint8_t)c;
}

static void uart_puts(const char *s)
{
	while (*s)
		uart_putc(*s++);
}

static void uart_putnum(long v)
{
	char buf[24];
	int n = 0;
	unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;

	if (v < 0)
		uart_putc('-');
	do {
		buf[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	while (n)
		uart_putc(buf[--n]);
}

static unsigned long strlen_(const char *s)
{
	unsigned long n = 0;

	while (s[n])
		n++;
	return n;
}

static volatile int timer_fired;

/* Supervisor trap handler: only the timer interrupt is expected. */
__attribute__((interrupt("supervisor"), aligned(4))) static void trap(void)
{
	unsigned long cause;

	__asm__ volatile("csrr %0, scause" : "=r"(cause));
	if (cause == ((1ul << 63) | 5)) {
		sbi_call(SBI_EXT_TIME, 0, ~0ul, 0, 0); /* stop the timer */
		timer_fired = 1;
		return;
	}
	uart_puts("kvm-guest: unexpected trap, scause=");
	uart_putnum((long)cause);
	uart_puts("\n");
	sbi_call(SBI_EXT_SRST, 0, 0, 1, 0); /* shutdown, system failure */
}

static void timer_test(void)
{
	unsigned long now;

	__asm__ volatile("csrw stvec, %0" : : "r"(&trap));
	__asm__ volatile("csrs sie, %0" : : "r"(1ul << 5)); /* STIE */
	__asm__ volatile("rdtime %0" : "=r"(now));
	sbi_call(SBI_EXT_TIME, 0, now + 100000, 0, 0);
	__asm__ volatile("csrs sstatus, %0" : : "r"(1ul << 1)); /* SIE */
	while (!timer_fired)
		__asm__ volatile("wfi");
	__asm__ volatile("csrc sstatus, %0" : : "r"(1ul << 1));
	uart_puts("kvm-guest: timer interrupt taken after WFI\n");
}

int main(void)
{
	static const char legacy[] = "kvm-guest: hello over the SBI legacy console\n";
	static const char dbcn[] = "kvm-guest: hello over the SBI debug console\n";
	struct sbiret r;

	uart_puts("kvm-guest: hello from VS-mode over the 16550 UART\n");

	r = sbi_call(SBI_EXT_LEGACY_PUTCHAR, 0, (unsigned char)legacy[0], 0, 0);
	if (r.error == 0) {
		for (const char *p = legacy + 1; *p; p++)
			sbi_call(SBI_EXT_LEGACY_PUTCHAR, 0, (unsigned char)*p, 0, 0);
	} else {
		uart_puts("kvm-guest: SBI legacy console not offered by KVM (error ");
		uart_putnum(r.error);
		uart_puts(")\n");
	}

	r = sbi_call(SBI_EXT_BASE, 3, SBI_EXT_DBCN, 0, 0); /* probe_extension */
	uart_puts("kvm-guest: SBI probe of the debug console: ");
	uart_putnum(r.value);
	uart_puts("\n");
	if (r.value) {
		r = sbi_call(SBI_EXT_DBCN, 0, strlen_(dbcn), (unsigned long)dbcn, 0);
		if (r.error) {
			uart_puts("kvm-guest: debug console write failed: ");
			uart_putnum(r.error);
			uart_puts("\n");
		}
	}

	r = sbi_call(SBI_EXT_VMM_ECHO, 0, 41, 0, 0);
	uart_puts("kvm-guest: VMM echo call: error ");
	uart_putnum(r.error);
	uart_puts(", value ");
	uart_putnum(r.value);
	uart_puts("\n");
	r = sbi_call(SBI_EXT_VMM_ECHO, 7, 0, 0, 0);
	uart_puts("kvm-guest: VMM unknown function: error ");
	uart_putnum(r.error);
	uart_puts("\n");

	timer_test();

	uart_puts("kvm-guest: shutting down through SBI SRST\n");
	sbi_call(SBI_EXT_SRST, 0, 0, 0, 0); /* shutdown, no reason */
	uart_puts("kvm-guest: SRST returned\n");
	return 1;
}
