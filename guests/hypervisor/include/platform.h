/* Reference hypervisor: the host board (QEMU's / HyperStep's `virt`) as the
 * hypervisor sees it. Fixed addresses, as on QEMU 7.2's virt machine; the
 * hypervisor does not parse the device tree for them. */
#ifndef HV_REF_PLATFORM_H
#define HV_REF_PLATFORM_H

#define VIRT_TEST_BASE      0x00100000UL  /* SiFive test finisher */
#define VIRT_UART0_BASE     0x10000000UL  /* 16550A, reg-shift 0 */
#define VIRT_DRAM_BASE      0x80000000UL
#define TIMEBASE_HZ         10000000UL    /* /cpus/timebase-frequency on virt */

#define FINISHER_PASS       0x5555U
#define FINISHER_FAIL       0x3333U       /* | exit code << 16 */

#endif
