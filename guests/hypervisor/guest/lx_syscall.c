/* Small kernel: the Linux system-call layer (riscv64 asm-generic numbers;
 * exactly the calls of guests/compare/README.md). ECALL from U with a7 = number,
 * a0..a5 = arguments; the result (or -errno) goes back in a0.
 *
 * Files: fds 0-2 are the console; openat("/dev/vda") gives the disk (fds 3-7,
 * each with a position for read/write). Disk transfers follow O_DIRECT rules
 * (buffer, offset and length multiples of 512) and go straight between the
 * device and the user's pages: the buffer is resolved page by page into
 * guest-physical pieces (demand-zero pages are faulted in first), merged when
 * contiguous, and handed to arch_blk_io. */
#include "arch.h"
#include "platform.h"

#include "linux_syscalls.h"

#define PROT_READ     0x1
#define PROT_WRITE    0x2
#define PROT_EXEC     0x4
#define MAP_SHARED    0x01
#define MAP_PRIVATE   0x02
#define MAP_FIXED     0x10
#define MAP_ANONYMOUS 0x20

#define FD_FIRST_DISK 3
#define FD_MAX        8
#define MAX_SEGS      6
#define NSEC_PER_SEC  1000000000L

struct lx_timespec { long tv_sec; long tv_nsec; };

static struct { int open; uint64_t pos; } files[FD_MAX];
static int blk_ok;
static uint64_t blk_bytes;

void lx_blk_init(void)
{
  blk_ok = arch_blk_init() == 0;
  blk_bytes = blk_ok ? arch_blk_capacity() * 512 : 0;
}

static uint64_t page_up(uint64_t a) { return (a + LX_PAGE - 1) & ~(LX_PAGE - 1); }

/* ---- user memory ---- */

/* The physical address of user byte va, faulting in a demand-zero page;
 * 0 when the workload may not access it that way. */
static uint64_t user_pa(uint64_t va, int write)
{
  uint64_t *pte = lx_user_pte(va);
  if (pte == NULL) {
    if (lx_demand_fault(va, write, 0) != 0) return 0;
    pte = lx_user_pte(va);
  }
  uint64_t e = *pte;
  if ((e & PTE_U) == 0 || (write ? (e & PTE_W) == 0 : (e & PTE_R) == 0)) return 0;
  return ((e >> PTE_PPN_SHIFT) << 12) | (va & (LX_PAGE - 1));
}

static int copy_in(void *dst, uint64_t uva, size_t n)
{
  unsigned char *d = dst;
  while (n > 0) {
    uint64_t pa = user_pa(uva, 0);
    if (pa == 0) return -EFAULT;
    size_t chunk = LX_PAGE - (uva & (LX_PAGE - 1));
    if (chunk > n) chunk = n;
    const unsigned char *s = (const unsigned char *)LX_PA_TO_VA(pa);
    for (size_t i = 0; i < chunk; i++) d[i] = s[i];
    d += chunk;
    uva += chunk;
    n -= chunk;
  }
  return 0;
}

static int copy_out(uint64_t uva, const void *src, size_t n)
{
  const unsigned char *s = src;
  while (n > 0) {
    uint64_t pa = user_pa(uva, 1);
    if (pa == 0) return -EFAULT;
    size_t chunk = LX_PAGE - (uva & (LX_PAGE - 1));
    if (chunk > n) chunk = n;
    unsigned char *d = (unsigned char *)LX_PA_TO_VA(pa);
    for (size_t i = 0; i < chunk; i++) d[i] = s[i];
    s += chunk;
    uva += chunk;
    n -= chunk;
  }
  return 0;
}

/* ---- console ---- */

static long console_write(uint64_t buf, uint64_t n)
{
  char kbuf[256];
  uint64_t done = 0;
  while (done < n) {
    uint64_t chunk = n - done > sizeof(kbuf) ? sizeof(kbuf) : n - done;
    if (copy_in(kbuf, buf + done, chunk) != 0) return done > 0 ? (long)done : -EFAULT;
    lx_console_write(kbuf, chunk);
    done += chunk;
  }
  return (long)n;
}

/* Non-blocking: what the UART holds (0 bytes is end of file to the caller). */
static long console_read(uint64_t buf, uint64_t n)
{
  uint64_t done = 0;
  while (done < n) {
    int c = arch_console_getc();
    if (c < 0) break;
    char ch = (char)c;
    if (copy_out(buf + done, &ch, 1) != 0) return done > 0 ? (long)done : -EFAULT;
    done++;
  }
  return (long)done;
}

/* ---- disk ---- */

static int disk_fd(long fd)
{
  return fd >= FD_FIRST_DISK && fd < FD_MAX && files[fd].open;
}

static long disk_rw(int op, uint64_t buf, uint64_t n, uint64_t off)
{
  if (((buf | n | off) & 511) != 0) return -EINVAL;
  if (off >= blk_bytes || n == 0) return 0;
  if (n > blk_bytes - off) n = blk_bytes - off;
  struct lx_seg segs[MAX_SEGS];
  int nseg = 0;
  uint64_t sector = off / 512, batch = 0;
  for (uint64_t done = 0; done < n;) {
    uint64_t va = buf + done;
    uint64_t pa = user_pa(va, op == LX_BLK_READ);    /* a read stores into user memory */
    if (pa == 0) return -EFAULT;
    uint64_t chunk = LX_PAGE - (va & (LX_PAGE - 1));
    if (chunk > n - done) chunk = n - done;
    if (nseg > 0 && segs[nseg - 1].pa + segs[nseg - 1].len == pa) {
      segs[nseg - 1].len += (uint32_t)chunk;
    } else {
      if (nseg == MAX_SEGS) {
        if (arch_blk_io(op, sector, segs, nseg) != 0) return -EIO;
        sector += batch / 512;
        batch = 0;
        nseg = 0;
      }
      segs[nseg++] = (struct lx_seg){ pa, (uint32_t)chunk };
    }
    batch += chunk;
    done += chunk;
  }
  if (arch_blk_io(op, sector, segs, nseg) != 0) return -EIO;
  return (long)n;
}

static long sys_openat(uint64_t path)
{
  static const char vda[] = "/dev/vda";
  for (unsigned i = 0; i < sizeof(vda); i++) {
    char c;
    if (copy_in(&c, path + i, 1) != 0) return -EFAULT;
    if (c != vda[i]) return -ENOENT;
  }
  if (!blk_ok) return -ENXIO;
  for (int fd = FD_FIRST_DISK; fd < FD_MAX; fd++) {
    if (!files[fd].open) {
      files[fd].open = 1;
      files[fd].pos = 0;
      return fd;
    }
  }
  return -EMFILE;
}

/* ---- memory ---- */

static long sys_brk(uint64_t addr)
{
  struct lx_proc *p = &lx_proc;
  if (addr < p->heap_start || addr > p->heap_start + LX_HEAP_MAX) return (long)p->brk;
  if (page_up(addr) < page_up(p->brk)) lx_unmap_user_range(page_up(addr), page_up(p->brk));
  p->brk = addr;
  return (long)p->brk;
}

static long sys_mmap(uint64_t addr, uint64_t len, long prot, long flags)
{
  (void)addr;                                   /* a hint only; MAP_FIXED is refused */
  if ((flags & MAP_ANONYMOUS) == 0) return -ENODEV;
  if ((flags & (MAP_SHARED | MAP_PRIVATE)) != MAP_PRIVATE || (flags & MAP_FIXED) != 0) return -EINVAL;
  if (len == 0 || len > LX_STACK_TOP - LX_STACK_SIZE - LX_MMAP_BASE) return -EINVAL;
  len = page_up(len);
  if (lx_proc.mmap_next + len > LX_STACK_TOP - LX_STACK_SIZE) return -ENOMEM;
  uint64_t perm = 0;
  if (prot & PROT_READ) perm |= PTE_R;
  if (prot & PROT_WRITE) perm |= PTE_R | PTE_W;
  if (prot & PROT_EXEC) perm |= PTE_R | PTE_X;
  uint64_t start = lx_proc.mmap_next;
  if (lx_vma_add(start, start + len, perm) != 0) return -ENOMEM;
  lx_proc.mmap_next += len;
  return (long)start;
}

static long sys_munmap(uint64_t addr, uint64_t len)
{
  if ((addr & (LX_PAGE - 1)) != 0 || len == 0 || addr >= LX_USER_TOP) return -EINVAL;
  uint64_t end = page_up(addr + len);
  if (end > LX_USER_TOP) end = LX_USER_TOP;
  lx_unmap_user_range(addr, end);
  lx_vma_remove(addr, end);
  return 0;
}

/* ---- time ---- */

static long sys_nanosleep(uint64_t req, uint64_t rem)
{
  struct lx_timespec ts;
  if (copy_in(&ts, req, sizeof(ts)) != 0) return -EFAULT;
  if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= NSEC_PER_SEC) return -EINVAL;
  const uint64_t ns_per_tick = NSEC_PER_SEC / TIMEBASE_HZ;
  uint64_t ticks = (uint64_t)ts.tv_sec * TIMEBASE_HZ + ((uint64_t)ts.tv_nsec + ns_per_tick - 1) / ns_per_tick;
  if (ticks > 0) {
    uint64_t deadline = arch_read_time() + ticks;
    lx_timer_fired = 0;
    arch_set_timer(deadline);
    /* WFI with sstatus.SIE = 0 still wakes on the pending timer (priv. spec
     * 4.1.1 / 3.3.3); the interrupt is then taken inside the window. */
    while (!lx_timer_fired) {
      arch_wait_for_interrupt();
      arch_irq_window();
    }
  }
  if (rem != 0) {
    struct lx_timespec zero = { 0, 0 };
    if (copy_out(rem, &zero, sizeof(zero)) != 0) return -EFAULT;
  }
  return 0;
}

static long sys_clock_gettime(long clk, uint64_t tp)
{
  if (clk < 0 || clk > 11) return -EINVAL;
  uint64_t t = arch_read_time();
  struct lx_timespec ts = { (long)(t / TIMEBASE_HZ), (long)((t % TIMEBASE_HZ) * (NSEC_PER_SEC / TIMEBASE_HZ)) };
  return copy_out(tp, &ts, sizeof(ts)) != 0 ? -EFAULT : 0;
}

/* ---- dispatch ---- */

void lx_syscall(struct lx_frame *f)
{
  uint64_t *a = &f->x[10];
  long nr = (long)f->x[17], fd = (long)a[0], r;
  switch (nr) {
  case SYS_openat:
    r = sys_openat(a[1]);
    break;
  case SYS_close:
    if (fd >= 0 && fd < FD_FIRST_DISK) r = 0;
    else if (disk_fd(fd)) { files[fd].open = 0; r = 0; }
    else r = -EBADF;
    break;
  case SYS_read:
  case SYS_write:
    if (fd >= 0 && fd < FD_FIRST_DISK) {
      r = nr == SYS_write ? console_write(a[1], a[2]) : console_read(a[1], a[2]);
    } else if (disk_fd(fd)) {
      r = disk_rw(nr == SYS_write ? LX_BLK_WRITE : LX_BLK_READ, a[1], a[2], files[fd].pos);
      if (r > 0) files[fd].pos += (uint64_t)r;
    } else {
      r = -EBADF;
    }
    break;
  case SYS_pread64:
  case SYS_pwrite64:
    if (!disk_fd(fd)) r = fd >= 0 && fd < FD_FIRST_DISK ? -ESPIPE : -EBADF;
    else r = disk_rw(nr == SYS_pwrite64 ? LX_BLK_WRITE : LX_BLK_READ, a[1], a[2], a[3]);
    break;
  case SYS_fsync:
    if (fd >= 0 && fd < FD_FIRST_DISK) r = 0;
    else if (!disk_fd(fd)) r = -EBADF;
    else r = arch_blk_io(LX_BLK_FLUSH, 0, NULL, 0) == 0 ? 0 : -EIO;
    break;
  case SYS_exit:
  case SYS_exit_group:
    lx_exit((int)(a[0] & 0xff));
  case SYS_nanosleep:
    r = sys_nanosleep(a[0], a[1]);
    break;
  case SYS_clock_gettime:
    r = sys_clock_gettime((long)a[0], a[1]);
    break;
  case SYS_getpid:
    r = 1;
    break;
  case SYS_brk:
    r = sys_brk(a[0]);
    break;
  case SYS_munmap:
    r = sys_munmap(a[0], a[1]);
    break;
  case SYS_mmap:
    r = sys_mmap(a[0], a[1], (long)a[2], (long)a[3]);
    break;
  default:
    lx_printf("lx: unsupported system call %ld\n", nr);
    r = -ENOSYS;
    break;
  }
  a[0] = (uint64_t)r;
}
