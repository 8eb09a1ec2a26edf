/**
 * Physical memory maps of the boards we emulate.
 *
 * `virt` follows QEMU's riscv `virt` machine (hw/riscv/virt.c memmap, QEMU 7.2) for the
 * devices we model; `spike` follows the Spike ISA simulator's default platform
 * (boot ROM, CLINT, DRAM; console/exit through HTIF tohost/fromhost symbols).
 * The PLIC region covers QEMU's 512-hart maximum (0x200000 + 1024 contexts * 0x1000),
 * which is the size QEMU advertises in its device tree regardless of the hart count.
 */

/** Boot ROM with the reset vector (QEMU "mrom"). */
export const VIRT_MROM = 0x1000;
export const VIRT_MROM_SIZE = 0xf000;
/** SiFive test finisher (poweroff/reboot/exit code). */
export const VIRT_TEST = 0x100000;
export const VIRT_TEST_SIZE = 0x1000;
/** Goldfish RTC. */
export const VIRT_RTC = 0x101000;
export const VIRT_RTC_SIZE = 0x1000;
export const VIRT_RTC_IRQ = 11;
/** CLINT (ACLINT MSWI + MTIMER in the SiFive CLINT layout). */
export const VIRT_CLINT = 0x2000000;
export const VIRT_CLINT_SIZE = 0x10000;
export const VIRT_ACLINT = VIRT_CLINT;
export const VIRT_ACLINT_SIZE = VIRT_CLINT_SIZE;
/** PLIC. */
export const VIRT_PLIC = 0xc000000;
export const VIRT_PLIC_SIZE = 0x600000;
/** Number of PLIC interrupt sources on QEMU virt (riscv,ndev); sources are 1..96. */
export const VIRT_PLIC_NDEV = 96;
/** Priority levels: priorities are 0..7 (QEMU VIRT_PLIC_NUM_PRIORITIES = 7). */
export const VIRT_PLIC_MAX_PRIORITY = 7;
/** NS16550A UART. */
export const VIRT_UART0 = 0x10000000;
export const VIRT_UART0_SIZE = 0x100;
export const VIRT_UART0_IRQ = 10;
/** UART input clock advertised in the device tree (3.6864 MHz). */
export const VIRT_UART0_CLOCK = 0x384000;
/** virtio-mmio transports: slot i at VIRT_VIRTIO + i*VIRT_VIRTIO_STRIDE, IRQ VIRT_VIRTIO_IRQ + i. */
export const VIRT_VIRTIO = 0x10001000;
export const VIRT_VIRTIO_STRIDE = 0x1000;
export const VIRT_VIRTIO_SIZE = 0x1000;
export const VIRT_VIRTIO_COUNT = 8;
export const VIRT_VIRTIO_IRQ = 1;
/** Main memory. */
export const VIRT_DRAM = 0x80000000;

/** Timebase: mtime ticks per second on both boards. */
export const TIMEBASE_FREQUENCY = 10_000_000;

/** Spike: boot ROM (reset vector + device tree). */
export const SPIKE_BOOTROM = 0x1000;
export const SPIKE_BOOTROM_SIZE = 0xf000;
/** Spike: CLINT (same layout as VIRT_CLINT). */
export const SPIKE_CLINT = 0x2000000;
export const SPIKE_CLINT_SIZE = 0xc0000;
/** Spike: main memory. */
export const SPIKE_DRAM = 0x80000000;

/** Base address of virtio slot `i` on virt. */
export function virtVirtioBase(slot: number): number {
  return VIRT_VIRTIO + slot * VIRT_VIRTIO_STRIDE;
}

/** PLIC context numbering on virt: hart h M-mode = 2h, S-mode = 2h + 1. */
export function virtPlicContext(hart: number, supervisor: boolean): number {
  return hart * 2 + (supervisor ? 1 : 0);
}
