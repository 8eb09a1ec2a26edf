/*
 * The KVM VMM's virtio-mmio block device (disk.c): the shared device model
 * guests/compare/common/vblk_model.c at guest-physical VMM_DISK_BASE, served from
 * KVM_EXIT_MMIO and backed by a host file or block device (`vmm --disk PATH`).
 * This is the comparison contract's disk (guests/compare/README.md): virtio-mmio
 * version 2, device ID 2, no interrupt line (the driver polls the used ring).
 */
#ifndef HYPERSTEP_KVM_DISK_H
#define HYPERSTEP_KVM_DISK_H

#include <stdint.h>

#include "vblk_model.h"

#define VMM_DISK_BASE 0x10008000ull
#define VMM_DISK_SIZE VBLK_MMIO_SIZE

struct vm;

struct vmm_disk {
	int fd;              /* -1: no disk */
	const char *path;
	struct vm *vm;
	struct vblk_model model;
};

/* Open PATH read-write and set up the device; dies with a message on failure. */
void disk_open(struct vmm_disk *d, struct vm *vm, const char *path);

/* A guest access at GPA VMM_DISK_BASE + off of len bytes (KVM_EXIT_MMIO data, little-endian). */
void disk_mmio(struct vmm_disk *d, uint64_t off, uint32_t len, int is_write, uint8_t data[8]);

/* "vmm: disk PATH: N requests (R reads, W writes, F flushes), S sectors read, T written" */
void disk_print_stats(const struct vmm_disk *d);

#endif
