/* HyperStep guest library: a minimal HS-mode hypervisor host for the `virt`
 * board (RISC-V H extension 1.0, privileged spec 20211203 ch. 8).
 *
 * One program holds both the host and its guest (one ELF, so it also runs
 * under `qemu-system-riscv64 -M virt -cpu rv64,h=true -bios none`):
 *
 *   M-mode main()  --hv_boot()-->  HS-mode host  --sret-->  VS-mode guest
 *
 * hv_boot() (M-mode) opens PMP, delegates the hypervisor's traps to HS
 * (medeleg: ecall from VS 10, guest-page faults 20/21/23, virtual
 * instruction 22) and mret's into the host. The host builds a G-stage in
 * Sv39x4 that maps guest-physical RAM 1:1 onto host-physical RAM (identity,
 * so the guest's addresses are the link addresses), leaves the UART and the
 * test finisher unmapped, and enters the guest in VS-mode with vsatp bare.
 *
 * VM exits the host services (every guest trap goes to HS: hedeleg = 0):
 *   - ecall from VS (cause 10): hypercalls, a7 = HV_CALL_*, a0 = argument,
 *     returns a0 = 0 (or HV_ERR_NOT_SUPPORTED) and a1 = a result;
 *   - load/store guest-page faults (21/23) on the UART and test finisher:
 *     MMIO emulated by decoding the faulting load/store (from htinst when
 *     the hart provides it, otherwise fetched with HLVX.HU at sepc). UART
 *     output is forwarded to the real UART; a write to the finisher ends the
 *     run: the host prints its VM exit counts and exits through the real
 *     finisher, 0 only if the guest passed and reported the expected
 *     checksum (HV_CALL_CHECKSUM).
 * Anything else (another cause, an unmapped address, an access the decoder
 * does not know) prints the trap CSRs and fails with HV_EXIT_HOST_FAULT.
 *
 * The host is not a security boundary: the identity G-stage also maps the
 * host's own memory. Guest and host share the library (printf etc.): in the
 * guest the UART accesses become VM exits, in the host they reach the UART.
 *
 * Build with -mno-riscv-attribute -Wa,-march=rv64gch (see lib/virt.mk,
 * HV_HOST_CFLAGS): gcc 12 has no `h` in -march. */
#ifndef HYPERSTEP_HVHOST_H
#define HYPERSTEP_HVHOST_H

#include <stdint.h>

/* Hypercall numbers (a7) of this host's private ABI. */
#define HV_CALL_CHECKSUM     0x48560001UL  /* a0 = checksum; a1 <- 1 if expected */
#define HV_ERR_NOT_SUPPORTED (-2L)

/* Exit code when the host itself meets something it cannot handle. */
#define HV_EXIT_HOST_FAULT   0x7d

struct hv_guest {
  const char *name;           /* prefix of the host's console lines */
  void (*entry)(void);        /* VS-mode entry (guest-physical = link address) */
  uintptr_t stack_top;        /* guest's initial sp */
  uint64_t expected_checksum; /* the run passes only if the guest reports it */
};

/* From M-mode: set up delegation and PMP, then run cfg's guest under the
 * HS-mode host until the guest writes the test finisher. */
void hv_boot(const struct hv_guest *cfg) __attribute__((noreturn));

/* Guest side: one hypercall (ecall from VS-mode, priv spec 8.6.4). */
static inline long hv_hypercall(unsigned long fn, unsigned long arg, unsigned long *result)
{
  register unsigned long a0 __asm__("a0") = arg;
  register unsigned long a1 __asm__("a1") = 0;
  register unsigned long a7 __asm__("a7") = fn;
  __asm__ volatile("ecall" : "+r"(a0), "+r"(a1) : "r"(a7) : "memory");
  if (result)
    *result = a1;
  return (long)a0;
}

#endif
