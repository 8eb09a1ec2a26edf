/* Trap-and-emulate hypervisor (tae): the guest's devices and the decoding of
 * the loads/stores that reach them.
 *
 * A guest access to a device GPA faults (no shadow leaf ever maps one), and
 * the access is decoded from the instruction at the guest pc (fetched through
 * the guest's own translation, decoded by the shared hypervisor/common/memop.c):
 * load/store, width, sign extension, register. The same decoder serves the
 * emulation of stores to write-protected guest page tables (shadow.c).
 *
 *   GPA 0x10000000  16550 UART: the reference hypervisor's model (hv/vuart.c,
 *                   through vuart_glue.c); byte registers, any access width.
 *   GPA 0x10008000  virtio-mmio v2 block device: the shared device model
 *                   (compare/common/vblk_model.c) whose disk is the board's
 *                   virtio-blk at host-physical 0x10008000, driven by the
 *                   shared polled driver (compare/common/vblk_drv.c); the
 *                   model's guest-memory callbacks copy from/to guest RAM. */
#include "tae.h"
#include "vblk_model.h"
#include "vblk_drv.h"

static struct vblk_model vblk;
static struct vblk_drv hostdrv __attribute__((aligned(4096)));
static bool have_disk;

bool decode_mem_insn(struct vcpu *v, struct mem_op *op)
{
  uint32_t insn = 0;
  if (!guest_read_va(v, v->r.pc, &insn, 2)) return false;
  if ((insn & 3) == 3 && !guest_read_va(v, v->r.pc, &insn, 4)) return false;
  return memop_decode(insn, op);
}

bool mmio_is_device(uint64_t gpa)
{
  return (gpa >= GUEST_UART_GPA && gpa < GUEST_UART_GPA + GUEST_UART_SIZE) ||
         (gpa >= GUEST_VBLK_GPA && gpa < GUEST_VBLK_GPA + VBLK_MMIO_SIZE);
}

static uint64_t extend(uint64_t val, const struct mem_op *op)
{
  if (!op->sign || op->width == 8) return val;
  unsigned sh = 64 - 8 * op->width;
  return (uint64_t)((int64_t)(val << sh) >> sh);
}

bool mmio_access(struct vcpu *v, uint64_t gpa, const struct mem_op *op)
{
  uint64_t val = op->store ? v->r.x[op->reg] : 0;
  if (gpa >= GUEST_UART_GPA && gpa + op->width <= GUEST_UART_GPA + 8) {
    unsigned off = (unsigned)(gpa - GUEST_UART_GPA);
    if (op->store) tae_vuart_write(off, (uint8_t)val);
    else val = tae_vuart_read(off);        /* byte registers, zero-extended */
    if (!op->store && op->width == 1) val = extend(val, op);
  } else if (gpa >= GUEST_VBLK_GPA && gpa + op->width <= GUEST_VBLK_GPA + VBLK_MMIO_SIZE) {
    uint32_t off = (uint32_t)(gpa - GUEST_VBLK_GPA);
    if (op->store) vblk_mmio_write(&vblk, off, op->width, val);
    else val = extend(vblk_mmio_read(&vblk, off, op->width), op);
  } else {
    return false;
  }
  if (!op->store && op->reg != 0) v->r.x[op->reg] = val;
  return true;
}

/* ---- guest memory for the device model (and the SBI console) ---- */

int guest_read_gpa(void *ctx, uint64_t gpa, void *buf, uint32_t len)
{
  (void)ctx;
  uint64_t hpa;
  if (len == 0) return 0;
  if (!gpa_to_hpa(gpa, &hpa) || !gpa_to_hpa(gpa + len - 1, &hpa)) return -1;
  gpa_to_hpa(gpa, &hpa);
  memcpy(buf, (const void *)hpa, len);
  return 0;
}

int guest_write_gpa(void *ctx, uint64_t gpa, const void *buf, uint32_t len)
{
  (void)ctx;
  uint64_t hpa;
  if (len == 0) return 0;
  if (!gpa_to_hpa(gpa, &hpa) || !gpa_to_hpa(gpa + len - 1, &hpa)) return -1;
  gpa_to_hpa(gpa, &hpa);
  memcpy((void *)hpa, buf, len);
  return 0;
}

/* ---- the backend: the board's disk ---- */

int hostblk_io(uint64_t sector, void *buf, uint32_t count, int write)
{
  return write ? vblk_drv_write(&hostdrv, sector, buf, count)
               : vblk_drv_read(&hostdrv, sector, buf, count);
}

int hostblk_flush(void)
{
  return vblk_drv_flush(&hostdrv);
}

static int disk_read(void *ctx, uint64_t sector, void *buf, uint32_t n)
{
  (void)ctx;
  return hostblk_io(sector, buf, n, 0);
}

static int disk_write(void *ctx, uint64_t sector, const void *buf, uint32_t n)
{
  (void)ctx;
  return hostblk_io(sector, (void *)buf, n, 1);
}

static int disk_flush(void *ctx)
{
  (void)ctx;
  return hostblk_flush();
}

bool hostblk_init(uint64_t *capacity)
{
  hostdrv.base = TAE_HOSTIO_VA + (HOST_VIRTIO_PA - TAE_HOSTIO_PA);
  hostdrv.to_dma = NULL;          /* tae's memory is identity-mapped */
  hostdrv.ctx = NULL;
  int r = vblk_drv_init(&hostdrv);
  if (r != 0) return false;
  *capacity = hostdrv.capacity;
  return true;
}

void devices_init(void)
{
  uint64_t capacity = 0;
  tae_vuart_init();
  have_disk = hostblk_init(&capacity);
  if (have_disk) tae_printf("tae: disk: %lu sectors (board virtio-blk at 0x%lx)\n", capacity, HOST_VIRTIO_PA);
  else tae_printf("tae: no disk at 0x%lx: the guest's virtio-blk has capacity 0\n", HOST_VIRTIO_PA);
  vblk_model_init(&vblk, capacity, NULL, guest_read_gpa, guest_write_gpa, disk_read, disk_write,
                  disk_flush);
}

void devices_summary(void)
{
  struct vblk_model_stats *s = &vblk.stats;
  tae_printf("tae: virtio-blk: %lu notifies, %lu requests (%lu reads, %lu writes, %lu flushes), "
             "%lu sectors read, %lu written, %lu errors\n",
             s->notifies, s->requests, s->reads, s->writes, s->flushes, s->sectors_read,
             s->sectors_written, s->errors);
}
