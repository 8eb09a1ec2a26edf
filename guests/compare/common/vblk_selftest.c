/* Host-side self-test of the shared virtio-blk code: vblk_drv (the driver)
 * talks to vblk_model (the device) through the register hooks of vblk_drv.h,
 * the model reaches "guest memory" (the host's own address space: DMA
 * addresses are pointers) and a RAM disk filled with the contract's pattern
 * (guests/compare/README.md). Checks reads, writes, flush, range and status
 * errors, GET_ID through a hand-made chain with odd framing, and reset.
 *
 *   make -C guests compare-vblk-selftest     (builds with the host cc and runs)
 */
#include <stdio.h>
#include <string.h>

#include "vblk_model.h"

static struct vblk_model model;
uint32_t selftest_read32(uintptr_t off) { return (uint32_t)vblk_mmio_read(&model, (uint32_t)off, 4); }
void selftest_write32(uintptr_t off, uint32_t v) { vblk_mmio_write(&model, (uint32_t)off, 4, v); }
#define VBLK_DRV_READ32(addr) selftest_read32(addr)
#define VBLK_DRV_WRITE32(addr, val) selftest_write32(addr, val)
#include "vblk_drv.c"

#define DISK_BYTES (1u << 20)
static uint8_t disk[DISK_BYTES];
static unsigned flushes, failures;

static int g_read(void *ctx, uint64_t gpa, void *buf, uint32_t len)
{
  (void)ctx;
  memcpy(buf, (const void *)(uintptr_t)gpa, len);
  return 0;
}
static int g_write(void *ctx, uint64_t gpa, const void *buf, uint32_t len)
{
  (void)ctx;
  memcpy((void *)(uintptr_t)gpa, buf, len);
  return 0;
}
static int d_read(void *ctx, uint64_t sector, void *buf, uint32_t count)
{
  (void)ctx;
  memcpy(buf, disk + sector * 512, count * 512u);
  return 0;
}
static int d_write(void *ctx, uint64_t sector, const void *buf, uint32_t count)
{
  (void)ctx;
  memcpy(disk + sector * 512, buf, count * 512u);
  return 0;
}
static int d_flush(void *ctx)
{
  (void)ctx;
  flushes++;
  return 0;
}

#define CHECK(cond) do { if (!(cond)) { printf("FAIL line %d: %s\n", __LINE__, #cond); failures++; } } while (0)

static uint8_t pattern(uint32_t i) { return (uint8_t)((i * 131 + (i >> 9) * 7 + 11) & 0xff); }

static struct vblk_drv drv __attribute__((aligned(4096)));

int main(void)
{
  static uint8_t buf[3 * 4096 + 512] __attribute__((aligned(4096)));
  for (uint32_t i = 0; i < DISK_BYTES; i++) disk[i] = pattern(i);
  vblk_model_init(&model, DISK_BYTES / 512, NULL, g_read, g_write, d_read, d_write, d_flush);

  drv.base = 0;
  CHECK(vblk_drv_init(&drv) == 0);
  CHECK(drv.capacity == DISK_BYTES / 512);
  CHECK(drv.has_flush);
  CHECK((vblk_mmio_read(&model, VIRTIO_MMIO_STATUS, 4) & 0xf) == 0xf);

  /* read 13 sectors across the bounce buffer's size, at an odd sector */
  CHECK(vblk_drv_read(&drv, 37, buf, 13) == 0);
  int ok = 1;
  for (uint32_t i = 0; i < 13 * 512; i++) ok &= buf[i] == pattern(37 * 512 + i);
  CHECK(ok);

  /* write 24 sectors (3 bounce-buffer rounds), read back */
  for (uint32_t i = 0; i < 3 * 4096; i++) buf[i] = (uint8_t)(i ^ 0x5a);
  CHECK(vblk_drv_write(&drv, 2000, buf, 24) == 0);
  CHECK(memcmp(disk + 2000 * 512, buf, 3 * 4096) == 0);
  memset(buf, 0, sizeof buf);
  CHECK(vblk_drv_read(&drv, 2000, buf, 24) == 0);
  ok = 1;
  for (uint32_t i = 0; i < 3 * 4096; i++) ok &= buf[i] == (uint8_t)(i ^ 0x5a);
  CHECK(ok);

  CHECK(vblk_drv_flush(&drv) == 0);
  CHECK(flushes == 1);

  /* out of range: the driver refuses; the model answers IOERR when asked */
  CHECK(vblk_drv_read(&drv, DISK_BYTES / 512 - 1, buf, 2) == VBLK_DRV_ERANGE);
  drv.capacity += 8;
  CHECK(vblk_drv_read(&drv, DISK_BYTES / 512 - 1, buf, 2) == VBLK_DRV_EIO);
  drv.capacity -= 8;

  /* many requests: the rings wrap several times */
  for (unsigned k = 0; k < 40; k++) CHECK(vblk_drv_read(&drv, k, buf, 1) == 0 && buf[5] == pattern(k * 512 + 5));

  /* GET_ID with header and status sharing odd framing: header split 10+6,
   * id buffer of 7 bytes + status in one writable descriptor */
  {
    static struct virtio_blk_req_hdr h = { VIRTIO_BLK_T_GET_ID, 0, 0 };
    static uint8_t idst[8];
    memset(idst, 0xee, sizeof idst);
    drv.desc[0] = (struct virtq_desc){ (uint64_t)(uintptr_t)&h, 10, VIRTQ_DESC_F_NEXT, 1 };
    drv.desc[1] = (struct virtq_desc){ (uint64_t)(uintptr_t)&h + 10, 6, VIRTQ_DESC_F_NEXT, 2 };
    drv.desc[2] = (struct virtq_desc){ (uint64_t)(uintptr_t)idst, 8, VIRTQ_DESC_F_WRITE, 0 };
    drv.avail.ring[drv.avail_idx % VBLK_DRV_QUEUE_SIZE] = 0;
    drv.avail.idx = ++drv.avail_idx;
    selftest_write32(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
    CHECK(drv.used.idx == (uint16_t)(drv.used_seen + 1));
    drv.used_seen++;
    CHECK(memcmp(idst, "hypers", 6) == 0 && idst[7] == VIRTIO_BLK_S_OK);
    CHECK(drv.used.ring[(uint16_t)(drv.used_seen - 1) % VBLK_DRV_QUEUE_SIZE].len == 8);
  }

  /* unsupported type */
  CHECK(request(&drv, 99, 0, NULL, 0, 0) == VBLK_DRV_EIO);
  CHECK(model.stats.unsupported == 1);

  /* a loop in the chain: NEEDS_RESET, then re-init works */
  drv.desc[0] = (struct virtq_desc){ (uint64_t)(uintptr_t)&drv.hdr, 16, VIRTQ_DESC_F_NEXT, 0 };
  drv.avail.ring[drv.avail_idx % VBLK_DRV_QUEUE_SIZE] = 0;
  drv.avail.idx = ++drv.avail_idx;
  selftest_write32(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
  CHECK((vblk_mmio_read(&model, VIRTIO_MMIO_STATUS, 4) & VIRTIO_STATUS_NEEDS_RESET) != 0);
  CHECK(vblk_drv_init(&drv) == 0);
  CHECK(vblk_drv_read(&drv, 1, buf, 1) == 0 && buf[0] == pattern(512));

  /* config space at byte and 8-byte widths */
  CHECK(vblk_mmio_read(&model, VIRTIO_MMIO_CONFIG, 8) == DISK_BYTES / 512);
  CHECK(vblk_mmio_read(&model, VIRTIO_MMIO_CONFIG + 1, 1) == ((DISK_BYTES / 512) >> 8));

  printf("vblk selftest: %s (%lu requests: %lu reads, %lu writes, %lu flushes, %lu errors)\n",
         failures ? "FAILED" : "ok", (unsigned long)model.stats.requests,
         (unsigned long)model.stats.reads, (unsigned long)model.stats.writes,
         (unsigned long)model.stats.flushes, (unsigned long)model.stats.errors);
  return failures ? 1 : 0;
}
