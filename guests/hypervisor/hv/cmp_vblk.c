/* Reference hypervisor, compare build for mode `hw-assisted` (-DHV_COMPARE,
 * guests/compare/compare.mk): the contract's virtio-mmio block device at
 * guest-physical GUEST_VBLK_GPA (guests/compare/README.md), emulated here.
 *
 * Like the UART, the device's page is absent from the guest's G stage, so each
 * register access is a load/store guest-page fault (a VM exit) that mmio.c
 * decodes and passes to cmp_vblk_access. The device is the shared model
 * guests/compare/common/vblk_model.c; a QueueNotify store serves the guest's
 * requests before the guest resumes. Its callbacks reach
 *   - guest memory through the G stage (gstage_translate, page by page: the
 *     guest's buffers are guest-physical and need not be host-contiguous);
 *   - the disk through the shared polled driver guests/compare/common/
 *     vblk_drv.c on the board's real virtio-blk (HOST_VBLK_BASE): the
 *     hypervisor runs with satp = Bare, so its pointers are the DMA addresses,
 *     and the model's bounce buffer is the driver's data buffer.
 * The run ends with a summary of the device's requests. */
#include "hv.h"
#include "cmp.h"
#include "riscv.h"
#include "../../compare/common/vblk_model.h"
#include "../../compare/common/vblk_drv.h"

static struct vblk_drv host_disk __attribute__((aligned(4096)));
static struct vblk_model vdisk;
static int host_disk_rc;
static uint64_t vblk_loads, vblk_stores;

/* dir 0: guest → buf, 1: buf → guest */
static int guest_copy(struct vcpu *v, uint64_t gpa, void *buf, uint32_t len, int to_guest)
{
  uint8_t *p = buf;
  while (len > 0) {
    uint64_t hpa;
    if (!gstage_translate(v, gpa, &hpa)) return -1;
    uint32_t chunk = (uint32_t)(PAGE_SIZE - (gpa & (PAGE_SIZE - 1)));
    if (chunk > len) chunk = len;
    if (to_guest) memcpy((void *)hpa, p, chunk);
    else memcpy(p, (const void *)hpa, chunk);
    gpa += chunk;
    p += chunk;
    len -= chunk;
  }
  return 0;
}

static int read_guest(void *ctx, uint64_t gpa, void *buf, uint32_t len)
{
  return guest_copy(ctx, gpa, buf, len, 0);
}

static int write_guest(void *ctx, uint64_t gpa, const void *buf, uint32_t len)
{
  return guest_copy(ctx, gpa, (void *)buf, len, 1);
}

static int disk_read(void *ctx, uint64_t sector, void *buf, uint32_t count)
{
  (void)ctx;
  return vblk_drv_read(&host_disk, sector, buf, count) == 0 ? 0 : -1;
}

static int disk_write(void *ctx, uint64_t sector, const void *buf, uint32_t count)
{
  (void)ctx;
  return vblk_drv_write(&host_disk, sector, buf, count) == 0 ? 0 : -1;
}

static int disk_flush(void *ctx)
{
  (void)ctx;
  return vblk_drv_flush(&host_disk) == 0 ? 0 : -1;
}

void cmp_setup(void)
{
  host_disk.base = HOST_VBLK_BASE;
  host_disk.to_dma = NULL;              /* satp = Bare: pointers are host-physical */
  host_disk_rc = vblk_drv_init(&host_disk);
  if (host_disk_rc != 0) {
    hv_printf("hv: no disk at 0x%lx (virtio-blk init %d): the guest's disk has 0 sectors\n",
              HOST_VBLK_BASE, host_disk_rc);
    host_disk.capacity = 0;
  }
  vblk_model_init(&vdisk, host_disk.capacity, &hv_vcpus[0], read_guest, write_guest,
                  disk_read, disk_write, disk_flush);
  hv_printf("hv: %s: virtio-blk at guest-physical 0x%lx emulated (vblk_model), %lu sectors, "
            "backend virtio-blk at 0x%lx%s\n", hv_vcpus[0].name, GUEST_VBLK_GPA,
            (unsigned long)vdisk.capacity, HOST_VBLK_BASE, host_disk.has_flush ? " (flush)" : "");
}

uint64_t cmp_vblk_access(struct vcpu *v, uint64_t off, const struct mem_op *op, uint64_t val)
{
  (void)v;
  if (op->store) {
    vblk_stores++;
    vblk_mmio_write(&vdisk, (uint32_t)off, op->width, val);
    return 0;
  }
  vblk_loads++;
  return vblk_mmio_read(&vdisk, (uint32_t)off, op->width);
}

void cmp_summary(void)
{
  const struct vblk_model_stats *s = &vdisk.stats;
  hv_printf("hv: virtio-blk (emulated): %lu register loads + %lu stores, %lu notifies, "
            "%lu requests = %lu reads (%lu sectors) + %lu writes (%lu sectors) + %lu flushes "
            "+ %lu other; %lu errors\n",
            vblk_loads, vblk_stores, s->notifies, s->requests, s->reads, s->sectors_read,
            s->writes, s->sectors_written, s->flushes, s->get_ids + s->unsupported, s->errors);
  hv_printf("hv: virtio-blk (backend at 0x%lx): %lu requests\n", HOST_VBLK_BASE,
            host_disk.requests);
}
