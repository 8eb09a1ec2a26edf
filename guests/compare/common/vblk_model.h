/* Portable virtio-mmio block device MODEL (the device side), shared by every
 * virtualization mode that emulates the contract's disk at GPA 0x10008000
 * (guests/compare/README.md): the reference hypervisor (hw-assisted), its
 * management guest dom0, the trap-and-emulate hypervisor and the KVM user-space
 * VMM. It implements
 *
 *   - the virtio-mmio transport, version 2 (virtio v1.2, 4.2.2 "MMIO Device
 *     Register Layout"; 4.2.3 initialisation), device ID 2 (block);
 *   - one split virtqueue (2.7) of at most VBLK_MODEL_QUEUE_MAX entries, without
 *     indirect descriptors or event index;
 *   - the block device (5.2): VIRTIO_BLK_T_IN, _OUT, _FLUSH, _GET_ID; features
 *     offered: VIRTIO_F_VERSION_1 (bit 32) and VIRTIO_BLK_F_FLUSH (bit 9);
 *     config space: capacity (le64, in 512-byte sectors) at 0x100, the rest 0.
 *
 * A write to QueueNotify processes every new entry of the available ring
 * synchronously, before vblk_mmio_write returns: when the access completes,
 * the used ring already holds the answers, so a polling driver sees them at
 * its first look. InterruptStatus bit 0 is set for each completion (no
 * interrupt line: a caller that wants one checks vblk_model.interrupt_status).
 *
 * No libc beyond memcpy/memset (declared here); no allocation, no globals: the
 * whole device is one struct vblk_model the caller owns.
 *
 * Callback contract (all receive the `ctx` pointer given in the struct; each
 * returns 0 on success, non-zero on failure):
 *
 *   read_guest(ctx, gpa, buf, len)   copy len bytes of guest memory at guest-
 *                                    physical gpa into buf (len <= 4096 + 16;
 *                                    the range may cross pages: the callback
 *                                    handles that). Non-zero = bad address.
 *   write_guest(ctx, gpa, buf, len)  the opposite direction.
 *   disk_read(ctx, sector, buf, n)   read n >= 1 sectors of 512 bytes starting
 *                                    at sector into buf (n <= VBLK_MODEL_BOUNCE
 *                                    / 512; sector + n <= capacity is checked
 *                                    by the model before the call).
 *   disk_write(ctx, sector, buf, n)  the opposite direction.
 *   disk_flush(ctx)                  make earlier writes durable; may be NULL
 *                                    (then FLUSH succeeds at once).
 *
 * A failing guest-memory callback or a malformed descriptor chain sets
 * DEVICE_NEEDS_RESET (2.1.2) and stops processing; a failing disk callback
 * answers the request with VIRTIO_BLK_S_IOERR. Data moves through the 4 KiB
 * bounce buffer inside the struct, so a request of N bytes makes about
 * N / 4096 disk calls and as many guest-memory calls.
 *
 * Use:
 *   struct vblk_model m;
 *   vblk_model_init(&m, capacity_sectors, ctx, read_guest, write_guest,
 *                   disk_read, disk_write, disk_flush);
 *   ... on a guest load at offset off (0..0xfff) of width 1/2/4/8:
 *   value = vblk_mmio_read(&m, off, width);
 *   ... on a guest store:
 *   vblk_mmio_write(&m, off, width, value);
 */
#ifndef COMPARE_VBLK_MODEL_H
#define COMPARE_VBLK_MODEL_H

#include <stddef.h>
#include <stdint.h>

#define VBLK_MMIO_SIZE        0x1000u
#define VBLK_MODEL_QUEUE_MAX  16u        /* QueueNumMax */
#define VBLK_MODEL_BOUNCE     4096u      /* bytes per disk/guest-memory call */
#define VBLK_SECTOR_SIZE      512u

/* virtio-mmio register offsets (virtio v1.2, 4.2.2) */
#define VIRTIO_MMIO_MAGIC_VALUE        0x000
#define VIRTIO_MMIO_VERSION            0x004
#define VIRTIO_MMIO_DEVICE_ID          0x008
#define VIRTIO_MMIO_VENDOR_ID          0x00c
#define VIRTIO_MMIO_DEVICE_FEATURES    0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL 0x014
#define VIRTIO_MMIO_DRIVER_FEATURES    0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL 0x024
#define VIRTIO_MMIO_QUEUE_SEL          0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX      0x034
#define VIRTIO_MMIO_QUEUE_NUM          0x038
#define VIRTIO_MMIO_QUEUE_READY        0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY       0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS   0x060
#define VIRTIO_MMIO_INTERRUPT_ACK      0x064
#define VIRTIO_MMIO_STATUS             0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW     0x080
#define VIRTIO_MMIO_QUEUE_DESC_HIGH    0x084
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW   0x090
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH  0x094
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW   0x0a0
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH  0x0a4
#define VIRTIO_MMIO_CONFIG_GENERATION  0x0fc
#define VIRTIO_MMIO_CONFIG             0x100

#define VIRTIO_MMIO_MAGIC              0x74726976u   /* "virt" */
#define VIRTIO_ID_BLOCK                2u
#define VBLK_MODEL_VENDOR_ID           0x48535650u   /* "PVSH": HyperStep compare */

/* Device status bits (2.1) */
#define VIRTIO_STATUS_ACKNOWLEDGE      1u
#define VIRTIO_STATUS_DRIVER           2u
#define VIRTIO_STATUS_DRIVER_OK        4u
#define VIRTIO_STATUS_FEATURES_OK      8u
#define VIRTIO_STATUS_NEEDS_RESET      0x40u
#define VIRTIO_STATUS_FAILED           0x80u

/* Feature bits (6, 5.2.3) */
#define VIRTIO_BLK_F_FLUSH             9
#define VIRTIO_F_VERSION_1             32

/* Split virtqueue descriptor flags (2.7.5) */
#define VIRTQ_DESC_F_NEXT              1u
#define VIRTQ_DESC_F_WRITE             2u
#define VIRTQ_DESC_F_INDIRECT          4u

/* Block requests (5.2.6) */
#define VIRTIO_BLK_T_IN                0u
#define VIRTIO_BLK_T_OUT               1u
#define VIRTIO_BLK_T_FLUSH             4u
#define VIRTIO_BLK_T_GET_ID            8u
#define VIRTIO_BLK_S_OK                0u
#define VIRTIO_BLK_S_IOERR             1u
#define VIRTIO_BLK_S_UNSUPP            2u
#define VIRTIO_BLK_ID_BYTES            20u

/* The layouts of a split virtqueue (2.7), little-endian. */
struct virtq_desc { uint64_t addr; uint32_t len; uint16_t flags; uint16_t next; };
struct virtq_used_elem { uint32_t id; uint32_t len; };
struct virtio_blk_req_hdr { uint32_t type; uint32_t reserved; uint64_t sector; };

typedef int (*vblk_guest_read_fn)(void *ctx, uint64_t gpa, void *buf, uint32_t len);
typedef int (*vblk_guest_write_fn)(void *ctx, uint64_t gpa, const void *buf, uint32_t len);
typedef int (*vblk_disk_read_fn)(void *ctx, uint64_t sector, void *buf, uint32_t count);
typedef int (*vblk_disk_write_fn)(void *ctx, uint64_t sector, const void *buf, uint32_t count);
typedef int (*vblk_disk_flush_fn)(void *ctx);

/* Requests served, by kind (for a summary line). */
struct vblk_model_stats {
  uint64_t notifies;          /* QueueNotify writes */
  uint64_t requests;          /* descriptor chains completed */
  uint64_t reads, writes, flushes, get_ids, unsupported, errors;
  uint64_t sectors_read, sectors_written;
};

struct vblk_model {
  /* Set by vblk_model_init, constant afterwards. */
  void *ctx;
  vblk_guest_read_fn read_guest;
  vblk_guest_write_fn write_guest;
  vblk_disk_read_fn disk_read;
  vblk_disk_write_fn disk_write;
  vblk_disk_flush_fn disk_flush;
  uint64_t capacity;          /* sectors */

  /* Transport state (reset by Status = 0). */
  uint32_t status;
  uint32_t device_features_sel, driver_features_sel;
  uint32_t driver_features[2];
  uint32_t queue_sel;
  uint32_t queue_num;         /* negotiated queue size (0 = not set) */
  uint32_t queue_ready;
  uint64_t desc_addr, avail_addr, used_addr;
  uint16_t last_avail;        /* next available-ring index to consume */
  uint16_t used_idx;          /* next used-ring index to produce */
  uint32_t interrupt_status;
  uint32_t config_generation;

  struct vblk_model_stats stats;
  uint8_t bounce[VBLK_MODEL_BOUNCE] __attribute__((aligned(8)));
};

void vblk_model_init(struct vblk_model *m, uint64_t capacity_sectors, void *ctx,
                     vblk_guest_read_fn read_guest, vblk_guest_write_fn write_guest,
                     vblk_disk_read_fn disk_read, vblk_disk_write_fn disk_write,
                     vblk_disk_flush_fn disk_flush);

/* Device reset (Status = 0): transport and queue state cleared, stats kept. */
void vblk_model_reset(struct vblk_model *m);

/* A guest access at offset `offset` (0 .. VBLK_MMIO_SIZE-1) of `size` bytes
 * (1, 2, 4 or 8). Registers below 0x100 are 32-bit: other widths read the
 * covering register's bytes and writes of other widths are ignored. The config
 * space accepts any width. Unknown offsets read 0 and ignore writes. */
uint64_t vblk_mmio_read(struct vblk_model *m, uint32_t offset, unsigned size);
void vblk_mmio_write(struct vblk_model *m, uint32_t offset, unsigned size, uint64_t value);

/* Processes the available ring now (what a QueueNotify write does). */
void vblk_model_process(struct vblk_model *m);

#endif
