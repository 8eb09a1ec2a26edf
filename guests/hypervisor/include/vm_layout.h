/* Reference hypervisor: the guest-physical machine every guest sees — the
 * contract between the hypervisor (hv/, which builds the G stage and emulates
 * the devices) and the guest kernel (guest/, linked for it).
 *
 *   GPA 0x10000000  16550 UART (one 4 KiB page), NOT mapped in the G stage:
 *                   every access is a load/store guest-page fault that the
 *                   hypervisor emulates (hv/mmio.c, hv/vuart.c).
 *   GPA 0x80000000  RAM, GUEST_RAM_SIZE bytes, mapped in the G stage to
 *                   host-physical memory private to the guest. The guest's
 *                   flat image is loaded at its start, which is also the
 *                   entry point (a0 = virtual hart id 0, a1 = 0: no FDT).
 *
 * Everything else is unmapped: any access is a guest-page fault that the
 * hypervisor treats as a guest crash. */
#ifndef HV_REF_VM_LAYOUT_H
#define HV_REF_VM_LAYOUT_H

#define GUEST_UART_GPA   0x10000000UL
#define GUEST_UART_SIZE  0x1000UL
#define GUEST_RAM_GPA    0x80000000UL
#define GUEST_RAM_SIZE   0x00400000UL   /* 4 MiB */
#define GUEST_ENTRY_GPA  GUEST_RAM_GPA

/* 16550 register offsets (reg-shift 0) and LSR bits */
#define UART_RBR  0   /* read, DLAB=0 */
#define UART_THR  0   /* write, DLAB=0 */
#define UART_DLL  0   /* DLAB=1 */
#define UART_IER  1   /* DLAB=0 */
#define UART_DLM  1   /* DLAB=1 */
#define UART_IIR  2   /* read */
#define UART_FCR  2   /* write */
#define UART_LCR  3
#define UART_MCR  4
#define UART_LSR  5
#define UART_MSR  6
#define UART_SCR  7
#define UART_LCR_DLAB  0x80
#define UART_LSR_DR    0x01
#define UART_LSR_THRE  0x20
#define UART_LSR_TEMT  0x40

#endif
