/* Portable polled virtio-mmio (version 2) block driver (contract in
 * vblk_drv.h). Initialisation follows virtio v1.2 3.1.1 with the MMIO details
 * of 4.2.3.1 and 4.2.3.2 (queue set-up); requests are the three-descriptor
 * chain of 5.2.6 (header readable, data readable or writable, status
 * writable), completed by polling the used ring's idx (2.7.8). A legacy
 * (version 1) transport is driven too (4.2.4): QEMU's default. */
#include "vblk_drv.h"
#include <stddef.h>

void *memset(void *dst, int c, size_t n);

#ifndef VBLK_DRV_READ32
#define VBLK_DRV_READ32(addr)       (*(volatile uint32_t *)(addr))
#endif
#ifndef VBLK_DRV_WRITE32
#define VBLK_DRV_WRITE32(addr, val) (*(volatile uint32_t *)(addr) = (uint32_t)(val))
#endif

static inline void io_fence(void)
{
#if defined(__riscv)
  /* device I/O and memory both ways (RVWMO: the ring before QueueNotify, the
   * used ring after the device's update) */
  __asm__ volatile("fence iorw, iorw" : : : "memory");
#else
  __sync_synchronize();
#endif
}

static uint32_t rd(struct vblk_drv *d, uint32_t off) { return VBLK_DRV_READ32(d->base + off); }
static void wr(struct vblk_drv *d, uint32_t off, uint32_t v) { VBLK_DRV_WRITE32(d->base + off, v); }

static uint64_t dma(struct vblk_drv *d, const void *p)
{
  return d->to_dma != NULL ? d->to_dma(d->ctx, p) : (uint64_t)(uintptr_t)p;
}

static int fail(struct vblk_drv *d, int err)
{
  wr(d, VIRTIO_MMIO_STATUS, rd(d, VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_FAILED);
  return err;
}

/* Reads the capacity (5.2.4) consistently (4.2.2: ConfigGeneration; legacy
 * devices have none and read 0 there). */
static void read_capacity(struct vblk_drv *d)
{
  uint32_t gen, clo, chi;
  do {
    gen = rd(d, VIRTIO_MMIO_CONFIG_GENERATION);
    clo = rd(d, VIRTIO_MMIO_CONFIG);
    chi = rd(d, VIRTIO_MMIO_CONFIG + 4);
  } while (gen != rd(d, VIRTIO_MMIO_CONFIG_GENERATION));
  d->capacity = ((uint64_t)chi << 32) | clo;
}

/* A legacy (version 1) transport, as QEMU's virtio-mmio gives by default
 * (force-legacy=on): virtio v1.2 4.2.4. No FEATURES_OK step; the queue is
 * one block located by QueuePFN (GuestPageSize units) with the used ring at
 * the next QueueAlign boundary after the available ring (2.7 legacy layout).
 * struct vblk_drv's layout is exactly that with QueueAlign = 8. */
#define LEGACY_GUEST_PAGE_SIZE 0x028
#define LEGACY_QUEUE_ALIGN     0x03c
#define LEGACY_QUEUE_PFN       0x040
_Static_assert(offsetof(struct vblk_drv, avail) ==
               VBLK_DRV_QUEUE_SIZE * sizeof(struct virtq_desc), "legacy layout: avail");
_Static_assert(offsetof(struct vblk_drv, used) ==
               ((offsetof(struct vblk_drv, avail) + 6 + 2 * VBLK_DRV_QUEUE_SIZE + 7) & ~7ul),
               "legacy layout: used");

static int init_legacy(struct vblk_drv *d)
{
  wr(d, VIRTIO_MMIO_STATUS, 0);
  wr(d, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
  wr(d, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
  wr(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
  d->has_flush = (rd(d, VIRTIO_MMIO_DEVICE_FEATURES) & (1u << VIRTIO_BLK_F_FLUSH)) != 0;
  wr(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
  wr(d, VIRTIO_MMIO_DRIVER_FEATURES, d->has_flush ? 1u << VIRTIO_BLK_F_FLUSH : 0);
  wr(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
  wr(d, VIRTIO_MMIO_DRIVER_FEATURES, 0);
  wr(d, LEGACY_GUEST_PAGE_SIZE, 4096);
  wr(d, VIRTIO_MMIO_QUEUE_SEL, 0);
  if (rd(d, LEGACY_QUEUE_PFN) != 0) return fail(d, VBLK_DRV_EQUEUE);
  if (rd(d, VIRTIO_MMIO_QUEUE_NUM_MAX) < VBLK_DRV_QUEUE_SIZE) return fail(d, VBLK_DRV_EQUEUE);
  wr(d, VIRTIO_MMIO_QUEUE_NUM, VBLK_DRV_QUEUE_SIZE);
  wr(d, LEGACY_QUEUE_ALIGN, 8);
  uint64_t q = dma(d, d->desc);
  if ((q & 4095) != 0) return fail(d, VBLK_DRV_EQUEUE);
  io_fence();
  wr(d, LEGACY_QUEUE_PFN, (uint32_t)(q >> 12));
  wr(d, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
                            VIRTIO_STATUS_DRIVER_OK);
  read_capacity(d);
  d->legacy = 1;
  return 0;
}

int vblk_drv_init(struct vblk_drv *d)
{
  uintptr_t base = d->base;
  vblk_drv_dma_fn to_dma = d->to_dma;
  void *ctx = d->ctx;
  memset(d, 0, sizeof *d);
  d->base = base;
  d->to_dma = to_dma;
  d->ctx = ctx;

  uint32_t version = rd(d, VIRTIO_MMIO_VERSION);
  if (rd(d, VIRTIO_MMIO_MAGIC_VALUE) != VIRTIO_MMIO_MAGIC || (version != 1 && version != 2) ||
      rd(d, VIRTIO_MMIO_DEVICE_ID) != VIRTIO_ID_BLOCK) {
    return VBLK_DRV_ENODEV;
  }
  if (version == 1) return init_legacy(d);
  wr(d, VIRTIO_MMIO_STATUS, 0);                                   /* 1. reset */
  wr(d, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);            /* 2. */
  wr(d, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER); /* 3. */

  /* 4. features: VERSION_1 is required; FLUSH taken when offered. */
  wr(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
  uint32_t hi = rd(d, VIRTIO_MMIO_DEVICE_FEATURES);
  wr(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
  uint32_t lo = rd(d, VIRTIO_MMIO_DEVICE_FEATURES);
  if ((hi & (1u << (VIRTIO_F_VERSION_1 - 32))) == 0) return fail(d, VBLK_DRV_EFEAT);
  d->has_flush = (lo & (1u << VIRTIO_BLK_F_FLUSH)) != 0;
  wr(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
  wr(d, VIRTIO_MMIO_DRIVER_FEATURES, 1u << (VIRTIO_F_VERSION_1 - 32));
  wr(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
  wr(d, VIRTIO_MMIO_DRIVER_FEATURES, d->has_flush ? 1u << VIRTIO_BLK_F_FLUSH : 0);

  /* 5./6. FEATURES_OK, and check that the device kept it */
  uint32_t st = VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK;
  wr(d, VIRTIO_MMIO_STATUS, st);
  if ((rd(d, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK) == 0) return fail(d, VBLK_DRV_EFEAT);

  /* 7. queue 0 (4.2.3.2) */
  wr(d, VIRTIO_MMIO_QUEUE_SEL, 0);
  if (rd(d, VIRTIO_MMIO_QUEUE_READY) != 0) return fail(d, VBLK_DRV_EQUEUE);
  if (rd(d, VIRTIO_MMIO_QUEUE_NUM_MAX) < VBLK_DRV_QUEUE_SIZE) return fail(d, VBLK_DRV_EQUEUE);
  wr(d, VIRTIO_MMIO_QUEUE_NUM, VBLK_DRV_QUEUE_SIZE);
  uint64_t a = dma(d, d->desc), b = dma(d, &d->avail), c = dma(d, &d->used);
  wr(d, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)a);
  wr(d, VIRTIO_MMIO_QUEUE_DESC_HIGH, (uint32_t)(a >> 32));
  wr(d, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)b);
  wr(d, VIRTIO_MMIO_QUEUE_DRIVER_HIGH, (uint32_t)(b >> 32));
  wr(d, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)c);
  wr(d, VIRTIO_MMIO_QUEUE_DEVICE_HIGH, (uint32_t)(c >> 32));
  io_fence();
  wr(d, VIRTIO_MMIO_QUEUE_READY, 1);

  /* 8. DRIVER_OK */
  wr(d, VIRTIO_MMIO_STATUS, st | VIRTIO_STATUS_DRIVER_OK);

  read_capacity(d);
  return 0;
}

/* One request: header, optional data (len bytes at buf, written by the device
 * when dev_writes), status. */
static int request(struct vblk_drv *d, uint32_t type, uint64_t sector, const void *buf,
                   uint32_t len, int dev_writes)
{
  d->hdr.type = type;
  d->hdr.reserved = 0;
  d->hdr.sector = sector;
  d->status = 0xff;

  unsigned n = 0;
  d->desc[n] = (struct virtq_desc){ dma(d, &d->hdr), sizeof d->hdr, VIRTQ_DESC_F_NEXT, 1 };
  n++;
  if (len > 0) {
    d->desc[n] = (struct virtq_desc){ dma(d, buf), len,
                                      (uint16_t)(VIRTQ_DESC_F_NEXT | (dev_writes ? VIRTQ_DESC_F_WRITE : 0)),
                                      (uint16_t)(n + 1) };
    n++;
  }
  d->desc[n] = (struct virtq_desc){ dma(d, (const void *)&d->status), 1, VIRTQ_DESC_F_WRITE, 0 };

  d->avail.ring[d->avail_idx % VBLK_DRV_QUEUE_SIZE] = 0;   /* the chain's head */
  io_fence();                                              /* ring entry before idx */
  d->avail_idx++;
  *(volatile uint16_t *)&d->avail.idx = d->avail_idx;
  io_fence();                                              /* idx before the notify */
  wr(d, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
  d->requests++;

  uint64_t polls = 0;
  while (*(volatile uint16_t *)&d->used.idx == d->used_seen) {
    if (++polls >= VBLK_DRV_POLL_LIMIT) return VBLK_DRV_ETIMEOUT;
  }
  io_fence();                                              /* used idx before its data */
  d->polls += polls;
  d->used_seen++;
  uint32_t isr = rd(d, VIRTIO_MMIO_INTERRUPT_STATUS);
  if (isr != 0) wr(d, VIRTIO_MMIO_INTERRUPT_ACK, isr);
  return d->status == VIRTIO_BLK_S_OK ? 0 : VBLK_DRV_EIO;
}

static int check_range(struct vblk_drv *d, uint64_t sector, uint32_t count)
{
  return sector <= d->capacity && count <= d->capacity - sector ? 0 : VBLK_DRV_ERANGE;
}

int vblk_drv_read(struct vblk_drv *d, uint64_t sector, void *buf, uint32_t count)
{
  int rc = check_range(d, sector, count);
  if (rc != 0 || count == 0) return rc;
  return request(d, VIRTIO_BLK_T_IN, sector, buf, count * VBLK_SECTOR_SIZE, 1);
}

int vblk_drv_write(struct vblk_drv *d, uint64_t sector, const void *buf, uint32_t count)
{
  int rc = check_range(d, sector, count);
  if (rc != 0 || count == 0) return rc;
  return request(d, VIRTIO_BLK_T_OUT, sector, buf, count * VBLK_SECTOR_SIZE, 0);
}

int vblk_drv_flush(struct vblk_drv *d)
{
  if (!d->has_flush) return 0;
  return request(d, VIRTIO_BLK_T_FLUSH, 0, NULL, 0, 0);
}
