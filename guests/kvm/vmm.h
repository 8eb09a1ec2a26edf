/*
 * Shared declarations of the HyperStep KVM VMM (vmm.c: KVM setup and the
 * KVM_RUN loop; boot.c: guest images, device tree, vCPU registers).
 * Guest-physical memory map (like QEMU's virt board, as far as it goes):
 *   0x10000000  16550A UART (MMIO, emulated in vmm.c)
 *   0x10008000  virtio-mmio block device, with --disk (disk.c)
 *   0x80000000  RAM (a bare guest is loaded here; Linux at +2 MiB)
 */
#ifndef HYPERSTEP_KVM_VMM_H
#define HYPERSTEP_KVM_VMM_H

#include <stddef.h>
#include <stdint.h>

#include "uart.h"

#define GUEST_RAM_BASE 0x80000000ull
#define GUEST_UART_BASE 0x10000000ull
#define GUEST_UART_CLOCK 3686400u
#define LINUX_TEXT_OFFSET 0x200000ull

struct vmm_disk;

struct vm {
	int kvm_fd, vm_fd, vcpu_fd;
	struct kvm_run *run;
	size_t run_size;
	uint8_t *ram;
	uint64_t ram_base, ram_size;
	struct uart16550 uart;
	struct vmm_disk *disk; /* NULL without --disk */
	/* Exits served, by reason. */
	unsigned long mmio_exits, sbi_exits, system_event_exits, csr_exits, other_exits;
};

/* Print "vmm: <message>" on stderr and exit with status 1. */
void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* A whole file, or die with a message naming it and what it is for. */
uint8_t *read_whole_file(const char *path, const char *what, size_t *size);

/* One KVM register (ONE_REG interface). get returns 0 or -errno. */
int vcpu_get_reg(struct vm *vm, uint64_t id, uint64_t *value);
void vcpu_set_reg(struct vm *vm, uint64_t id, uint64_t value, const char *name);

/* Guest memory at gpa..gpa+len, or NULL when not all of it is RAM. */
uint8_t *guest_ptr(struct vm *vm, uint64_t gpa, uint64_t len);

/* Set pc, a0 (hart id 0) and a1 (device tree address) of the vCPU. */
void set_boot_regs(struct vm *vm, uint64_t pc, uint64_t fdt_addr);

/*
 * Write the device tree for this VM at the top of RAM and return its guest
 * address. initrd_size 0 means no initrd; bootargs may be NULL.
 */
uint64_t place_fdt(struct vm *vm, const char *bootargs, uint64_t initrd_start, uint64_t initrd_size);

/* Load a flat bare-metal binary at the start of RAM; returns its entry point. */
uint64_t load_bare(struct vm *vm, const char *path);

/* Load Linux's flat Image and an initrd; returns the entry point, sets *fdt_addr. */
uint64_t load_linux(struct vm *vm, const char *image, const char *initrd, const char *bootargs,
		    uint64_t *fdt_addr);

#endif
