/* Portable virtio-mmio (version 2) block device model: the register file of
 * virtio v1.2 4.2.2, one split virtqueue (2.7) and the block requests of 5.2.6,
 * served synchronously on QueueNotify. Guest memory and the disk are reached
 * only through the callbacks of struct vblk_model (contract in vblk_model.h).
 *
 * Message framing (2.6.4): a request is a descriptor chain whose
 * device-readable part holds the 16-byte header (type, reserved, sector)
 * followed, for VIRTIO_BLK_T_OUT, by the data, and whose device-writable part
 * holds, for VIRTIO_BLK_T_IN / GET_ID, the data followed by the one-byte
 * status. The model does not assume any particular split into descriptors: it
 * reads and writes the two parts as byte streams across the chain's segments.
 * Readable descriptors must precede writable ones (2.7.4.2). */
#include "vblk_model.h"

void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);

#define DRIVER_FEATURES_OK_MASK_HI  (1u << (VIRTIO_F_VERSION_1 - 32))
#define DEVICE_FEATURES_LO          (1u << VIRTIO_BLK_F_FLUSH)
#define DEVICE_FEATURES_HI          (1u << (VIRTIO_F_VERSION_1 - 32))

/* One buffer of a descriptor chain. */
struct seg {
  uint64_t addr;
  uint32_t len;
};

/* The chain of one request, split into its readable and writable parts. */
struct chain {
  struct seg rd[VBLK_MODEL_QUEUE_MAX], wr[VBLK_MODEL_QUEUE_MAX];
  unsigned nrd, nwr;
  uint64_t rd_bytes, wr_bytes;
};

static inline void barrier(void)
{
  /* Orders the used-ring element before the used index (2.7.8.2) for a driver
   * running concurrently (e.g. on another host CPU in a user-space VMM). */
  __sync_synchronize();
}

void vblk_model_reset(struct vblk_model *m)
{
  m->status = 0;
  m->device_features_sel = m->driver_features_sel = 0;
  m->driver_features[0] = m->driver_features[1] = 0;
  m->queue_sel = 0;
  m->queue_num = 0;
  m->queue_ready = 0;
  m->desc_addr = m->avail_addr = m->used_addr = 0;
  m->last_avail = m->used_idx = 0;
  m->interrupt_status = 0;
}

void vblk_model_init(struct vblk_model *m, uint64_t capacity_sectors, void *ctx,
                     vblk_guest_read_fn read_guest, vblk_guest_write_fn write_guest,
                     vblk_disk_read_fn disk_read, vblk_disk_write_fn disk_write,
                     vblk_disk_flush_fn disk_flush)
{
  memset(m, 0, offsetof(struct vblk_model, bounce));
  m->ctx = ctx;
  m->read_guest = read_guest;
  m->write_guest = write_guest;
  m->disk_read = disk_read;
  m->disk_write = disk_write;
  m->disk_flush = disk_flush;
  m->capacity = capacity_sectors;
  vblk_model_reset(m);
}

static void needs_reset(struct vblk_model *m)
{
  m->status |= VIRTIO_STATUS_NEEDS_RESET;
  m->interrupt_status |= 2;            /* configuration change (4.2.2) */
  m->config_generation++;
  m->stats.errors++;
}

/* ---- byte streams over a chain's segments ---- */

/* Copies len bytes at offset off of the segments into (to_guest = 0) or from
 * (to_guest = 1) buf. Returns 0, or -1 if a callback failed. */
static int stream_copy(struct vblk_model *m, const struct seg *segs, unsigned n, uint64_t off,
                       uint8_t *buf, uint32_t len, int to_guest)
{
  for (unsigned i = 0; i < n && len > 0; i++) {
    if (off >= segs[i].len) {
      off -= segs[i].len;
      continue;
    }
    uint32_t chunk = segs[i].len - (uint32_t)off;
    if (chunk > len) chunk = len;
    int rc = to_guest ? m->write_guest(m->ctx, segs[i].addr + off, buf, chunk)
                      : m->read_guest(m->ctx, segs[i].addr + off, buf, chunk);
    if (rc != 0) return -1;
    buf += chunk;
    len -= chunk;
    off = 0;
  }
  return len == 0 ? 0 : -1;
}

/* Walks the chain starting at descriptor head. Returns 0, or -1 if it is
 * malformed (index out of range, loop, indirect, readable after writable). */
static int read_chain(struct vblk_model *m, uint16_t head, struct chain *c)
{
  uint16_t idx = head;
  c->nrd = c->nwr = 0;
  c->rd_bytes = c->wr_bytes = 0;
  for (unsigned hops = 0; hops < m->queue_num; hops++) {
    struct virtq_desc d;
    if (idx >= m->queue_num) return -1;
    if (m->read_guest(m->ctx, m->desc_addr + (uint64_t)idx * sizeof d, &d, sizeof d) != 0) return -1;
    if ((d.flags & VIRTQ_DESC_F_INDIRECT) != 0) return -1;   /* not negotiated */
    if ((d.flags & VIRTQ_DESC_F_WRITE) != 0) {
      c->wr[c->nwr++] = (struct seg){ d.addr, d.len };
      c->wr_bytes += d.len;
    } else {
      if (c->nwr != 0) return -1;
      c->rd[c->nrd++] = (struct seg){ d.addr, d.len };
      c->rd_bytes += d.len;
    }
    if ((d.flags & VIRTQ_DESC_F_NEXT) == 0) return 0;
    idx = d.next;
  }
  return -1;                           /* longer than the queue: a loop */
}

/* ---- the block requests (5.2.6) ---- */

/* Serves one request; returns the used length (bytes written into the
 * writable part), or -1 when guest memory could not be accessed. */
static int64_t serve(struct vblk_model *m, const struct chain *c)
{
  struct virtio_blk_req_hdr h;
  uint8_t status = VIRTIO_BLK_S_OK;
  uint64_t data_len;
  uint32_t written = 0;

  if (c->wr_bytes < 1 || c->rd_bytes < sizeof h) return -1;
  if (stream_copy(m, c->rd, c->nrd, 0, (uint8_t *)&h, sizeof h, 0) != 0) return -1;
  uint64_t status_off = c->wr_bytes - 1;

  switch (h.type) {
  case VIRTIO_BLK_T_IN:
  case VIRTIO_BLK_T_OUT: {
    int in = h.type == VIRTIO_BLK_T_IN;
    data_len = in ? c->wr_bytes - 1 : c->rd_bytes - sizeof h;
    uint64_t nsect = data_len / VBLK_SECTOR_SIZE;
    if (in) m->stats.reads++;
    else m->stats.writes++;
    if (data_len % VBLK_SECTOR_SIZE != 0 || h.sector > m->capacity ||
        nsect > m->capacity - h.sector) {
      status = VIRTIO_BLK_S_IOERR;
      break;
    }
    for (uint64_t done = 0; done < data_len;) {
      uint32_t chunk = data_len - done > VBLK_MODEL_BOUNCE ? VBLK_MODEL_BOUNCE
                                                            : (uint32_t)(data_len - done);
      uint64_t sector = h.sector + done / VBLK_SECTOR_SIZE;
      uint32_t count = chunk / VBLK_SECTOR_SIZE;
      if (in) {
        if (m->disk_read(m->ctx, sector, m->bounce, count) != 0) {
          status = VIRTIO_BLK_S_IOERR;
          break;
        }
        if (stream_copy(m, c->wr, c->nwr, done, m->bounce, chunk, 1) != 0) return -1;
        written += chunk;
        m->stats.sectors_read += count;
      } else {
        if (stream_copy(m, c->rd, c->nrd, sizeof h + done, m->bounce, chunk, 0) != 0) return -1;
        if (m->disk_write(m->ctx, sector, m->bounce, count) != 0) {
          status = VIRTIO_BLK_S_IOERR;
          break;
        }
        m->stats.sectors_written += count;
      }
      done += chunk;
    }
    break;
  }
  case VIRTIO_BLK_T_FLUSH:
    m->stats.flushes++;
    if (m->disk_flush != NULL && m->disk_flush(m->ctx) != 0) status = VIRTIO_BLK_S_IOERR;
    break;
  case VIRTIO_BLK_T_GET_ID: {
    static const char id[VIRTIO_BLK_ID_BYTES] = "hyperstep-compare";
    uint32_t n = status_off < VIRTIO_BLK_ID_BYTES ? (uint32_t)status_off : VIRTIO_BLK_ID_BYTES;
    m->stats.get_ids++;
    memcpy(m->bounce, id, n);
    if (n > 0 && stream_copy(m, c->wr, c->nwr, 0, m->bounce, n, 1) != 0) return -1;
    written = n;
    break;
  }
  default:
    m->stats.unsupported++;
    status = VIRTIO_BLK_S_UNSUPP;
    break;
  }
  if (status != VIRTIO_BLK_S_OK) m->stats.errors++;
  if (stream_copy(m, c->wr, c->nwr, status_off, &status, 1, 1) != 0) return -1;
  return (int64_t)written + 1;
}

void vblk_model_process(struct vblk_model *m)
{
  if ((m->status & VIRTIO_STATUS_DRIVER_OK) == 0 || (m->status & VIRTIO_STATUS_NEEDS_RESET) != 0 ||
      !m->queue_ready || m->queue_num == 0) {
    return;
  }
  for (;;) {
    uint16_t avail_idx, head;
    if (m->read_guest(m->ctx, m->avail_addr + 2, &avail_idx, 2) != 0) {
      needs_reset(m);
      return;
    }
    if (avail_idx == m->last_avail) return;
    uint64_t slot = m->avail_addr + 4 + 2 * (uint64_t)(m->last_avail % m->queue_num);
    if (m->read_guest(m->ctx, slot, &head, 2) != 0) {
      needs_reset(m);
      return;
    }
    struct chain c;
    int64_t used_len;
    if (read_chain(m, head, &c) != 0 || (used_len = serve(m, &c)) < 0) {
      needs_reset(m);
      return;
    }
    m->last_avail++;
    struct virtq_used_elem e = { head, (uint32_t)used_len };
    uint64_t elem = m->used_addr + 4 + sizeof e * (uint64_t)(m->used_idx % m->queue_num);
    if (m->write_guest(m->ctx, elem, &e, sizeof e) != 0) {
      needs_reset(m);
      return;
    }
    m->used_idx++;
    barrier();
    if (m->write_guest(m->ctx, m->used_addr + 2, &m->used_idx, 2) != 0) {
      needs_reset(m);
      return;
    }
    m->stats.requests++;
    m->interrupt_status |= 1;          /* used buffer notification */
  }
}

/* ---- registers (4.2.2) ---- */

static uint32_t reg_read(struct vblk_model *m, uint32_t off)
{
  int q0 = m->queue_sel == 0;
  switch (off) {
  case VIRTIO_MMIO_MAGIC_VALUE:     return VIRTIO_MMIO_MAGIC;
  case VIRTIO_MMIO_VERSION:         return 2;
  case VIRTIO_MMIO_DEVICE_ID:       return VIRTIO_ID_BLOCK;
  case VIRTIO_MMIO_VENDOR_ID:       return VBLK_MODEL_VENDOR_ID;
  case VIRTIO_MMIO_DEVICE_FEATURES:
    return m->device_features_sel == 0 ? DEVICE_FEATURES_LO
         : m->device_features_sel == 1 ? DEVICE_FEATURES_HI : 0;
  case VIRTIO_MMIO_QUEUE_NUM_MAX:   return q0 ? VBLK_MODEL_QUEUE_MAX : 0;
  case VIRTIO_MMIO_QUEUE_NUM:       return q0 ? m->queue_num : 0;
  case VIRTIO_MMIO_QUEUE_READY:     return q0 ? m->queue_ready : 0;
  case VIRTIO_MMIO_INTERRUPT_STATUS: return m->interrupt_status;
  case VIRTIO_MMIO_STATUS:          return m->status;
  case VIRTIO_MMIO_QUEUE_DESC_LOW:  return q0 ? (uint32_t)m->desc_addr : 0;
  case VIRTIO_MMIO_QUEUE_DESC_HIGH: return q0 ? (uint32_t)(m->desc_addr >> 32) : 0;
  case VIRTIO_MMIO_QUEUE_DRIVER_LOW:  return q0 ? (uint32_t)m->avail_addr : 0;
  case VIRTIO_MMIO_QUEUE_DRIVER_HIGH: return q0 ? (uint32_t)(m->avail_addr >> 32) : 0;
  case VIRTIO_MMIO_QUEUE_DEVICE_LOW:  return q0 ? (uint32_t)m->used_addr : 0;
  case VIRTIO_MMIO_QUEUE_DEVICE_HIGH: return q0 ? (uint32_t)(m->used_addr >> 32) : 0;
  case VIRTIO_MMIO_CONFIG_GENERATION: return m->config_generation;
  default:                          return 0;
  }
}

static void set_low(uint64_t *r, uint32_t v) { *r = (*r & ~0xffffffffull) | v; }
static void set_high(uint64_t *r, uint32_t v) { *r = (*r & 0xffffffffull) | ((uint64_t)v << 32); }

static void reg_write(struct vblk_model *m, uint32_t off, uint32_t v)
{
  /* The queue registers may change only while the queue is not ready (4.2.2). */
  int qw = m->queue_sel == 0 && !m->queue_ready;
  switch (off) {
  case VIRTIO_MMIO_DEVICE_FEATURES_SEL: m->device_features_sel = v; break;
  case VIRTIO_MMIO_DRIVER_FEATURES:
    if (m->driver_features_sel < 2 && (m->status & VIRTIO_STATUS_FEATURES_OK) == 0)
      m->driver_features[m->driver_features_sel] = v;
    break;
  case VIRTIO_MMIO_DRIVER_FEATURES_SEL: m->driver_features_sel = v; break;
  case VIRTIO_MMIO_QUEUE_SEL:  m->queue_sel = v; break;
  case VIRTIO_MMIO_QUEUE_NUM:
    /* split queues: a power of two no larger than QueueNumMax (2.7) */
    if (qw && v != 0 && v <= VBLK_MODEL_QUEUE_MAX && (v & (v - 1)) == 0) m->queue_num = v;
    break;
  case VIRTIO_MMIO_QUEUE_READY:
    if (m->queue_sel == 0) {
      m->queue_ready = v & 1;
      if (m->queue_ready) m->last_avail = m->used_idx = 0;
    }
    break;
  case VIRTIO_MMIO_QUEUE_NOTIFY:
    m->stats.notifies++;
    if (v == 0) vblk_model_process(m);
    break;
  case VIRTIO_MMIO_INTERRUPT_ACK: m->interrupt_status &= ~v; break;
  case VIRTIO_MMIO_STATUS:
    if (v == 0) {
      vblk_model_reset(m);
      break;
    }
    /* FEATURES_OK only if the driver accepted VERSION_1 and nothing unknown
     * (3.1.1 step 5: the driver re-reads Status to see whether it stuck). */
    if ((v & VIRTIO_STATUS_FEATURES_OK) != 0 && (m->status & VIRTIO_STATUS_FEATURES_OK) == 0 &&
        ((m->driver_features[1] & DRIVER_FEATURES_OK_MASK_HI) == 0 ||
         (m->driver_features[0] & ~DEVICE_FEATURES_LO) != 0 ||
         (m->driver_features[1] & ~DEVICE_FEATURES_HI) != 0)) {
      v &= ~VIRTIO_STATUS_FEATURES_OK;
    }
    m->status = (m->status & VIRTIO_STATUS_NEEDS_RESET) | (v & 0xff);
    break;
  case VIRTIO_MMIO_QUEUE_DESC_LOW:    if (qw) set_low(&m->desc_addr, v); break;
  case VIRTIO_MMIO_QUEUE_DESC_HIGH:   if (qw) set_high(&m->desc_addr, v); break;
  case VIRTIO_MMIO_QUEUE_DRIVER_LOW:  if (qw) set_low(&m->avail_addr, v); break;
  case VIRTIO_MMIO_QUEUE_DRIVER_HIGH: if (qw) set_high(&m->avail_addr, v); break;
  case VIRTIO_MMIO_QUEUE_DEVICE_LOW:  if (qw) set_low(&m->used_addr, v); break;
  case VIRTIO_MMIO_QUEUE_DEVICE_HIGH: if (qw) set_high(&m->used_addr, v); break;
  default: break;                      /* read-only or unknown */
  }
}

uint64_t vblk_mmio_read(struct vblk_model *m, uint32_t offset, unsigned size)
{
  if (size != 1 && size != 2 && size != 4 && size != 8) return 0;
  uint64_t mask = size == 8 ? ~0ull : (1ull << (8 * size)) - 1;
  if (offset >= VIRTIO_MMIO_CONFIG) {
    /* config space: capacity (le64) at 0, everything else 0 (5.2.4) */
    uint64_t v = 0;
    for (unsigned i = 0; i < size; i++) {
      uint32_t b = offset - VIRTIO_MMIO_CONFIG + i;
      if (b < 8) v |= ((m->capacity >> (8 * b)) & 0xff) << (8 * i);
    }
    return v;
  }
  uint32_t reg = reg_read(m, offset & ~3u);
  return ((uint64_t)reg >> (8 * (offset & 3))) & mask;
}

void vblk_mmio_write(struct vblk_model *m, uint32_t offset, unsigned size, uint64_t value)
{
  if (offset >= VIRTIO_MMIO_CONFIG || size != 4 || (offset & 3) != 0) return;
  reg_write(m, offset, (uint32_t)value);
}
