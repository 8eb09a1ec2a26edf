/*
 * The KVM VMM's virtio-mmio block device: glue between KVM_EXIT_MMIO and the
 * shared device model (guests/compare/common/vblk_model.c). Guest memory is the
 * VMM's mapping of guest RAM (guest_ptr), so the model's DMA is a memcpy; the
 * disk is a host file or block device read and written with pread/pwrite
 * (through the host's page cache, like a VMM with a write-back cache) and made
 * durable with fsync on a FLUSH request (virtio v1.2, 5.2.6.1).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "disk.h"
#include "vmm.h"

static int guest_read(void *ctx, uint64_t gpa, void *buf, uint32_t len)
{
	struct vmm_disk *d = ctx;
	uint8_t *p = guest_ptr(d->vm, gpa, len);

	if (!p)
		return -1;
	memcpy(buf, p, len);
	return 0;
}

static int guest_write(void *ctx, uint64_t gpa, const void *buf, uint32_t len)
{
	struct vmm_disk *d = ctx;
	uint8_t *p = guest_ptr(d->vm, gpa, len);

	if (!p)
		return -1;
	memcpy(p, buf, len);
	return 0;
}

/* pread/pwrite all of len bytes at off (both may return short counts). */
static int disk_io(int fd, int write, uint8_t *buf, size_t len, off_t off)
{
	while (len) {
		ssize_t n = write ? pwrite(fd, buf, len, off) : pread(fd, buf, len, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
		off += n;
	}
	return 0;
}

static int disk_read(void *ctx, uint64_t sector, void *buf, uint32_t count)
{
	struct vmm_disk *d = ctx;

	return disk_io(d->fd, 0, buf, (size_t)count * VBLK_SECTOR_SIZE, (off_t)(sector * VBLK_SECTOR_SIZE));
}

static int disk_write(void *ctx, uint64_t sector, const void *buf, uint32_t count)
{
	struct vmm_disk *d = ctx;

	return disk_io(d->fd, 1, (uint8_t *)buf, (size_t)count * VBLK_SECTOR_SIZE,
		       (off_t)(sector * VBLK_SECTOR_SIZE));
}

static int disk_flush(void *ctx)
{
	struct vmm_disk *d = ctx;

	return fsync(d->fd) == 0 ? 0 : -1;
}

void disk_open(struct vmm_disk *d, struct vm *vm, const char *path)
{
	off_t size;

	d->vm = vm;
	d->path = path;
	d->fd = open(path, O_RDWR | O_CLOEXEC);
	if (d->fd < 0)
		die("%s: cannot open the disk read-write: %s", path, strerror(errno));
	/* st_size is 0 for a block device; its end is its size. */
	size = lseek(d->fd, 0, SEEK_END);
	if (size < 0)
		die("%s: cannot find the disk's size: %s", path, strerror(errno));
	if (size % VBLK_SECTOR_SIZE)
		printf("vmm: %s: %lld bytes is not a whole number of sectors; the tail is not visible\n", path,
		       (long long)size);
	vblk_model_init(&d->model, (uint64_t)size / VBLK_SECTOR_SIZE, d, guest_read, guest_write, disk_read,
			disk_write, disk_flush);
	printf("vmm: disk %s, %llu sectors, virtio-mmio at 0x%llx\n", path,
	       (unsigned long long)((uint64_t)size / VBLK_SECTOR_SIZE), (unsigned long long)VMM_DISK_BASE);
}

void disk_mmio(struct vmm_disk *d, uint64_t off, uint32_t len, int is_write, uint8_t data[8])
{
	uint64_t v = 0;

	if (is_write) {
		for (uint32_t i = 0; i < len && i < 8; i++)
			v |= (uint64_t)data[i] << (8 * i);
		vblk_mmio_write(&d->model, (uint32_t)off, len, v);
		return;
	}
	v = vblk_mmio_read(&d->model, (uint32_t)off, len);
	memset(data, 0, 8);
	for (uint32_t i = 0; i < len && i < 8; i++)
		data[i] = (uint8_t)(v >> (8 * i));
}

void disk_print_stats(const struct vmm_disk *d)
{
	const struct vblk_model_stats *s = &d->model.stats;

	printf("vmm: disk %s: %llu requests (%llu reads, %llu writes, %llu flushes, %llu errors), %llu sectors read, "
	       "%llu written\n",
	       d->path, (unsigned long long)s->requests, (unsigned long long)s->reads, (unsigned long long)s->writes,
	       (unsigned long long)s->flushes, (unsigned long long)s->errors, (unsigned long long)s->sectors_read,
	       (unsigned long long)s->sectors_written);
}
