/* sv39vs: the sv39 workload as a VS-mode guest under G-stage translation.
 *
 * Same S-mode work and checksum as sv39 (its code is #included from sv39.c),
 * but run by the minimal HS-mode host of lib/hvhost.c (RISC-V H extension):
 *   M-mode main -> hv_boot(): medeleg 10/20-23 to HS, mret to the host;
 *   HS host: G-stage Sv39x4 (hgatp MODE 8, VMID 1) identity-mapping guest
 *            RAM, UART and test finisher left unmapped; sret to VS-mode;
 *   VS guest (guest_main): builds sv39's page tables with vsatp bare,
 *            writes satp (= vsatp in VS-mode) and runs sv39's s_main().
 * Every memory access of the guest goes through both stages (the guest's
 * page-table walks too). VM exits are real: the console (2 per character,
 * LSR read + THR write) and the final test finisher write are guest-page
 * faults the host emulates, and the checksum goes to the host through a
 * hypercall (ecall from VS). The host prints its exit counts and exits
 * with 0 only if the guest passed and reported the expected checksum.
 *
 * Needs a hart with the H extension: under QEMU,
 *   qemu-system-riscv64 -M virt -cpu rv64,h=true -bios none -nographic \
 *     -kernel guests/bench/build/sv39vs.elf */
#include <stdint.h>

#define SV39_NAME "sv39vs"
#define SV39_MODE "VS"
#define SV39_NO_MAIN
#define SV39_FINISH(check) guest_finish(check)
static void guest_finish(uint64_t check) __attribute__((noreturn));

#include "sv39.c"
#include "hvhost.h"

/* VS-mode: report on the (emulated) console, hand the checksum to the host,
 * then end through the (emulated) test finisher. */
static void guest_finish(uint64_t check)
{
  int code = bench_report(SV39_NAME, check, EXPECTED);
  hv_hypercall(HV_CALL_CHECKSUM, check, 0);
  exit(code);
}

/* VS-mode entry, vsatp bare: guest-physical addresses are the link addresses
 * (the host's G-stage is an identity map), so sv39's table builder works
 * unchanged; then the same switch to Sv39 that sv39's M-mode part does. */
static void guest_main(void) __attribute__((noreturn));
static void guest_main(void)
{
  if ((uintptr_t)__image_end > VIRT_RAM_BASE + SMALL_MAPPED) {
    puts(SV39_NAME ": image larger than the 4 KiB-mapped region");
    exit(2);
  }
  build_page_tables();
  uint64_t satp = (8UL << 60) | ((uint64_t)(uintptr_t)root >> 12);
  __asm__ volatile("csrw satp, %0\n\tsfence.vma" : : "r"(satp) : "memory");
  s_main();
}

extern char __stack_top[];

int main(void)
{
  static const struct hv_guest guest = {
    .name = SV39_NAME,
    .entry = guest_main,
    .stack_top = (uintptr_t)__stack_top,
    .expected_checksum = EXPECTED,
  };
  hv_boot(&guest);
}
