/* Small kernel, native build: virtio-blk driver on the virtio-mmio transport,
 * version 2 (modern) only, at GPA 0x10008000 (guests/compare/README.md).
 * Virtio spec v1.2: 4.2.2 (MMIO registers), 4.2.3.1 + 3.1.1 (initialisation),
 * 2.7 (split virtqueues), 5.2 (block device). The legacy interface (version 1,
 * 4.2.4: QueuePFN, used ring at the next QueueAlign boundary) is accepted too,
 * only so that QEMU 7.2's default virtio-mmio (force-legacy) works; the
 * hypervisors emulate version 2. One queue of QUEUE_SIZE descriptors (desc and
 * avail in the first page, used in the second); one request at a time: header, up to
 * QUEUE_SIZE - 2 data pieces, status byte. The driver notifies and polls the
 * used ring (no interrupts: VIRTQ_AVAIL_F_NO_INTERRUPT). Every register
 * access is arch_mmio_read32/arch_mmio_write32. */
#include "arch.h"

#define VIRTIO_MAGIC            0x74726976    /* "virt" */
#define R_MAGIC                 0x000
#define R_VERSION               0x004
#define R_DEVICE_ID             0x008
#define R_DEVICE_FEATURES       0x010
#define R_DEVICE_FEATURES_SEL   0x014
#define R_DRIVER_FEATURES       0x020
#define R_DRIVER_FEATURES_SEL   0x024
#define R_LEGACY_GUEST_PAGE_SIZE 0x028
#define R_QUEUE_SEL             0x030
#define R_QUEUE_NUM_MAX         0x034
#define R_QUEUE_NUM             0x038
#define R_LEGACY_QUEUE_ALIGN    0x03c
#define R_LEGACY_QUEUE_PFN      0x040
#define R_QUEUE_READY           0x044
#define R_QUEUE_NOTIFY          0x050
#define R_STATUS                0x070
#define R_QUEUE_DESC_LOW        0x080
#define R_QUEUE_DESC_HIGH       0x084
#define R_QUEUE_DRIVER_LOW      0x090
#define R_QUEUE_DRIVER_HIGH     0x094
#define R_QUEUE_DEVICE_LOW      0x0a0
#define R_QUEUE_DEVICE_HIGH     0x0a4
#define R_CONFIG                0x100         /* virtio_blk_config: capacity u64 first */

#define S_ACKNOWLEDGE 1
#define S_DRIVER      2
#define S_DRIVER_OK   4
#define S_FEATURES_OK 8

#define F_BLK_FLUSH    9                      /* 5.2.3 */
#define F_VERSION_1    32                     /* 6 */

#define T_IN    0
#define T_OUT   1
#define T_FLUSH 4

#define QUEUE_SIZE 8
#define DESC_F_NEXT  1
#define DESC_F_WRITE 2
#define AVAIL_F_NO_INTERRUPT 1

struct virtq_desc { uint64_t addr; uint32_t len; uint16_t flags; uint16_t next; };
struct virtq_avail { uint16_t flags; uint16_t idx; uint16_t ring[QUEUE_SIZE]; uint16_t used_event; };
struct virtq_used_elem { uint32_t id; uint32_t len; };
struct virtq_used { uint16_t flags; uint16_t idx; struct virtq_used_elem ring[QUEUE_SIZE]; uint16_t avail_event; };

/* The queue (descriptors 16-byte, avail 2-byte, used 4-byte aligned: 2.7) and
 * the request header and status, all in one page of kernel memory. */
static struct {
  struct virtq_desc desc[QUEUE_SIZE];
  struct virtq_avail avail;                                /* right after desc (legacy) */
  struct virtq_used used __attribute__((aligned(4096)));   /* legacy QueueAlign = 4096 */
  struct { uint32_t type, reserved; uint64_t sector; } hdr __attribute__((aligned(16)));
  uint8_t status;
} vq __attribute__((aligned(4096)));

static uint64_t capacity;
static int has_flush;
static uint16_t last_used;

static uint32_t reg_read(unsigned off) { return arch_mmio_read32(LX_VIRTIO_GPA + off); }
static void reg_write(unsigned off, uint32_t v) { arch_mmio_write32(LX_VIRTIO_GPA + off, v); }

static void read_capacity(void)
{
  capacity = (uint64_t)reg_read(R_CONFIG) | (uint64_t)reg_read(R_CONFIG + 4) << 32;
}

/* Legacy initialisation (4.2.4, 3.1.2): no FEATURES_OK, the queue by page number. */
static int legacy_init(void)
{
  reg_write(R_STATUS, 0);
  reg_write(R_STATUS, S_ACKNOWLEDGE);
  reg_write(R_STATUS, S_ACKNOWLEDGE | S_DRIVER);
  reg_write(R_DEVICE_FEATURES_SEL, 0);
  has_flush = (reg_read(R_DEVICE_FEATURES) >> F_BLK_FLUSH) & 1;
  reg_write(R_DRIVER_FEATURES_SEL, 0);
  reg_write(R_DRIVER_FEATURES, has_flush ? 1u << F_BLK_FLUSH : 0);
  reg_write(R_LEGACY_GUEST_PAGE_SIZE, (uint32_t)LX_PAGE);
  reg_write(R_QUEUE_SEL, 0);
  uint32_t max = reg_read(R_QUEUE_NUM_MAX);
  if (reg_read(R_LEGACY_QUEUE_PFN) != 0 || max < QUEUE_SIZE) {
    lx_printf("lx: virtio-blk queue 0 unusable (max %u)\n", max);
    return -1;
  }
  reg_write(R_QUEUE_NUM, QUEUE_SIZE);
  reg_write(R_LEGACY_QUEUE_ALIGN, (uint32_t)LX_PAGE);
  vq.avail.flags = AVAIL_F_NO_INTERRUPT;
  reg_write(R_LEGACY_QUEUE_PFN, (uint32_t)(lx_kptr_to_pa(vq.desc) / LX_PAGE));
  reg_write(R_STATUS, S_ACKNOWLEDGE | S_DRIVER | S_DRIVER_OK);
  read_capacity();
  return 0;
}

int virtio_blk_init(void)
{
  if (reg_read(R_MAGIC) != VIRTIO_MAGIC || reg_read(R_DEVICE_ID) != 2) {
    lx_printf("lx: no virtio-blk device at 0x%lx\n", LX_VIRTIO_GPA);
    return -1;
  }
  uint32_t version = reg_read(R_VERSION);
  if (version == 1) return legacy_init();
  if (version != 2) {
    lx_printf("lx: virtio-mmio version %u at 0x%lx\n", version, LX_VIRTIO_GPA);
    return -1;
  }
  reg_write(R_STATUS, 0);                                  /* reset */
  reg_write(R_STATUS, S_ACKNOWLEDGE);
  reg_write(R_STATUS, S_ACKNOWLEDGE | S_DRIVER);
  reg_write(R_DEVICE_FEATURES_SEL, 0);
  uint32_t f0 = reg_read(R_DEVICE_FEATURES);
  reg_write(R_DEVICE_FEATURES_SEL, 1);
  uint32_t f1 = reg_read(R_DEVICE_FEATURES);
  if ((f1 & (1u << (F_VERSION_1 - 32))) == 0) {
    lx_printf("lx: virtio-blk without VIRTIO_F_VERSION_1\n");
    return -1;
  }
  has_flush = (f0 >> F_BLK_FLUSH) & 1;
  reg_write(R_DRIVER_FEATURES_SEL, 0);
  reg_write(R_DRIVER_FEATURES, has_flush ? 1u << F_BLK_FLUSH : 0);
  reg_write(R_DRIVER_FEATURES_SEL, 1);
  reg_write(R_DRIVER_FEATURES, 1u << (F_VERSION_1 - 32));
  reg_write(R_STATUS, S_ACKNOWLEDGE | S_DRIVER | S_FEATURES_OK);
  if ((reg_read(R_STATUS) & S_FEATURES_OK) == 0) {
    lx_printf("lx: virtio-blk refused the features\n");
    return -1;
  }
  reg_write(R_QUEUE_SEL, 0);
  uint32_t max = reg_read(R_QUEUE_NUM_MAX);
  if (reg_read(R_QUEUE_READY) != 0 || max < QUEUE_SIZE) {
    lx_printf("lx: virtio-blk queue 0 unusable (max %u)\n", max);
    return -1;
  }
  reg_write(R_QUEUE_NUM, QUEUE_SIZE);
  uint64_t desc = lx_kptr_to_pa(vq.desc), avail = lx_kptr_to_pa(&vq.avail), used = lx_kptr_to_pa(&vq.used);
  reg_write(R_QUEUE_DESC_LOW, (uint32_t)desc);
  reg_write(R_QUEUE_DESC_HIGH, (uint32_t)(desc >> 32));
  reg_write(R_QUEUE_DRIVER_LOW, (uint32_t)avail);
  reg_write(R_QUEUE_DRIVER_HIGH, (uint32_t)(avail >> 32));
  reg_write(R_QUEUE_DEVICE_LOW, (uint32_t)used);
  reg_write(R_QUEUE_DEVICE_HIGH, (uint32_t)(used >> 32));
  vq.avail.flags = AVAIL_F_NO_INTERRUPT;
  reg_write(R_QUEUE_READY, 1);
  reg_write(R_STATUS, S_ACKNOWLEDGE | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK);
  read_capacity();
  return 0;
}

uint64_t virtio_blk_capacity(void)
{
  return capacity;
}

/* One request (5.2.6): descriptor 0 the header, then the data pieces
 * (device-writable for a read), then the status byte (device-writable). */
int virtio_blk_io(int op, uint64_t sector, const struct lx_seg *segs, int nseg)
{
  if (op == LX_BLK_FLUSH && !has_flush) return 0;   /* no volatile cache to flush */
  if (nseg > QUEUE_SIZE - 2) return -1;
  vq.hdr.type = op == LX_BLK_READ ? T_IN : op == LX_BLK_WRITE ? T_OUT : T_FLUSH;
  vq.hdr.reserved = 0;
  vq.hdr.sector = sector;
  vq.status = 0xff;
  int n = 0;
  vq.desc[n] = (struct virtq_desc){ lx_kptr_to_pa(&vq.hdr), sizeof(vq.hdr), DESC_F_NEXT, 1 };
  n++;
  for (int i = 0; op != LX_BLK_FLUSH && i < nseg; i++, n++) {
    uint16_t flags = DESC_F_NEXT | (op == LX_BLK_READ ? DESC_F_WRITE : 0);
    vq.desc[n] = (struct virtq_desc){ segs[i].pa, segs[i].len, flags, (uint16_t)(n + 1) };
  }
  vq.desc[n] = (struct virtq_desc){ lx_kptr_to_pa(&vq.status), 1, DESC_F_WRITE, 0 };
  volatile struct virtq_avail *avail = &vq.avail;
  avail->ring[avail->idx % QUEUE_SIZE] = 0;
  __asm__ volatile("fence w, w" ::: "memory");            /* ring entry before idx (2.7.13) */
  avail->idx = (uint16_t)(avail->idx + 1);
  reg_write(R_QUEUE_NOTIFY, 0);                            /* arch: fence w, o first */
  volatile struct virtq_used *used = &vq.used;
  while (used->idx == last_used) {
  }
  __asm__ volatile("fence r, r" ::: "memory");             /* idx before the data (2.7.14) */
  last_used = used->idx;
  return vq.status == 0 ? 0 : -1;
}
