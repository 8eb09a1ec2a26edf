/* Portable polled virtio-mmio (version 2) block DRIVER: what a hypervisor or a
 * management guest uses as its backend on the real board's disk (virt: the last
 * virtio-mmio slot, 0x10008000). Virtio v1.2: 3.1.1 / 4.2.3.1 initialisation,
 * 2.7 split virtqueue, 5.2.6 requests. One request in flight at a time: each
 * call puts a three-descriptor chain (header, data, status) on the queue,
 * notifies and polls the used ring until the device answers. No interrupts.
 *
 * Contract:
 *   - `base` is a pointer through which the caller can access the device's
 *     registers (identity for a hypervisor running with satp = Bare; the
 *     mapped address for a guest whose G stage maps the device page).
 *   - The device reads and writes memory at the addresses the driver puts in
 *     the queue. `to_dma(ctx, p)` turns a pointer the driver can access into
 *     that address (NULL means identity: the pointer's value). It is applied
 *     to the struct vblk_drv itself (queue, header, status: one page-aligned
 *     object, so one contiguous range) and to each data buffer, which must be
 *     physically contiguous for the transfer's length.
 *   - The struct must stay where it is after vblk_drv_init (the device keeps
 *     its address) and must be 4096-byte aligned (declare it with
 *     `__attribute__((aligned(4096)))` or place it so).
 *   - Every function returns 0 on success, a negative VBLK_DRV_E* otherwise.
 *
 * Legacy (version 1) transports are accepted too (QEMU's virtio-mmio default,
 * force-legacy=on); then the struct's first byte must be 4096-aligned in DMA
 * space (QueuePFN).
 *
 * Register accesses go through VBLK_DRV_READ32 / VBLK_DRV_WRITE32 (plain
 * volatile accesses unless the includer defines them, e.g. a host-side test
 * that connects the driver to vblk_model). */
#ifndef COMPARE_VBLK_DRV_H
#define COMPARE_VBLK_DRV_H

#include <stdint.h>
#include "vblk_model.h"   /* register offsets, struct layouts, constants */

#define VBLK_DRV_QUEUE_SIZE 8u

#define VBLK_DRV_ENODEV  (-1)   /* no virtio-mmio block device (version 1 or 2) there */
#define VBLK_DRV_EFEAT   (-2)   /* VERSION_1 not offered / FEATURES_OK refused */
#define VBLK_DRV_EQUEUE  (-3)   /* queue 0 unusable */
#define VBLK_DRV_ERANGE  (-4)   /* sectors beyond the capacity */
#define VBLK_DRV_EIO     (-5)   /* the device answered with a non-OK status */
#define VBLK_DRV_ETIMEOUT (-6)  /* no answer after VBLK_DRV_POLL_LIMIT polls */

#ifndef VBLK_DRV_POLL_LIMIT
#define VBLK_DRV_POLL_LIMIT 100000000ul
#endif

typedef uint64_t (*vblk_drv_dma_fn)(void *ctx, const void *p);

struct vblk_drv {
  /* Queue memory first (the struct is page aligned): descriptor table (16-byte
   * aligned), available ring (2), used ring (4); virtio v1.2 2.7 alignment. */
  struct virtq_desc desc[VBLK_DRV_QUEUE_SIZE];
  struct {
    uint16_t flags, idx, ring[VBLK_DRV_QUEUE_SIZE], used_event;
  } avail;
  uint16_t pad0;
  struct {
    uint16_t flags, idx;
    struct virtq_used_elem ring[VBLK_DRV_QUEUE_SIZE];
    uint16_t avail_event;
  } used __attribute__((aligned(8)));
  struct virtio_blk_req_hdr hdr __attribute__((aligned(16)));
  volatile uint8_t status;

  /* Set by the caller before vblk_drv_init. */
  uintptr_t base;
  vblk_drv_dma_fn to_dma;
  void *ctx;

  /* Set by vblk_drv_init. */
  uint64_t capacity;          /* sectors */
  int has_flush;              /* VIRTIO_BLK_F_FLUSH negotiated */
  int legacy;                 /* a version 1 (legacy) transport */
  uint16_t avail_idx, used_seen;
  uint64_t requests, polls;   /* requests made, used-ring polls spent waiting */
};

/* Resets the device and brings queue 0 up. d->base, d->to_dma, d->ctx must be
 * set; everything else is overwritten. */
int vblk_drv_init(struct vblk_drv *d);
int vblk_drv_read(struct vblk_drv *d, uint64_t sector, void *buf, uint32_t count);
int vblk_drv_write(struct vblk_drv *d, uint64_t sector, const void *buf, uint32_t count);
/* A FLUSH request if the device offers it, else nothing to do (returns 0). */
int vblk_drv_flush(struct vblk_drv *d);

#endif
