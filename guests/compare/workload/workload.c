/* Compare workload (guests/compare/README.md): one static riscv64 Linux
 * program run unchanged on every stack of `hyperstep compare`. Between
 * mark_begin() and mark_end() it runs six phases that exercise what the
 * virtualization modes differ in:
 *   (a) syscalls:  GETPID_CALLS (1000) getpid calls (the result is not checksummed)
 *   (b) memory:    brk +64 KiB and touch it; mmap 256 KiB anonymous, write every
 *                  page (fresh-memory page faults), compute over it, munmap
 *   (c) timer:     nanosleep 3 x 10 ms, checked against CLOCK_MONOTONIC
 *   (d) console:   ten lines to fd 1
 *   (e) block I/O: /dev/vda with O_DIRECT: pread64 blocks of the first 960 KiB
 *                  (checked against the image formula), pwrite64 a pattern into
 *                  the last 64 KiB, fsync, read it back and compare; every I/O
 *                  syscall between mark_io_begin() (reads: I/O in) or
 *                  mark_io_out_begin() (writes, flush: I/O out) and mark_io_end()
 *   (f) compute:   CRC-32 over the data read, an integer matrix multiply, a
 *                  linked-list walk through the brk heap
 * The last line is `compare: checksum 0x%016lx` (only values identical on every
 * stack: never pids, times or addresses), exit status 0; any failure prints
 * `compare: FAILED <what>` and exits 1. */
#include "sys.h"
#include "markers.h"

/* Enough system calls that their cost under each mode shows (a getpid is a few dozen
 * instructions natively, dozens of emulated traps under trap-and-emulate). */
#define GETPID_CALLS 1000

#define KIB          1024UL
#define BLOCK        4096UL
#define DISK_BYTES   (1024 * KIB)          /* COMPARE_DISK_BYTES */
#define SCRATCH_OFF  (DISK_BYTES - 64 * KIB)
#define READ_BLOCKS  8
#define BIG_READ     (16 * KIB)
#define BIG_READ_OFF (512 * KIB)
#define WRITE_BLOCKS 4
#define HEAP_GROW    (64 * KIB)
#define MMAP_BYTES   (256 * KIB)
#define MAT_N        24
#define LIST_NODES   (HEAP_GROW / sizeof(struct node))

struct node { struct node *next; uint64_t value; };

static uint8_t iobuf[BIG_READ] __attribute__((aligned(4096)));
static uint8_t data[READ_BLOCKS * BLOCK + BIG_READ];   /* everything read, for (f) */
static uint32_t crc_table[256];
static uint32_t mat_a[MAT_N][MAT_N], mat_b[MAT_N][MAT_N], mat_c[MAT_N][MAT_N];
static uint64_t checksum;
static uint8_t *heap;

/* gcc may emit calls to these even when freestanding. */
void *memset(void *dst, int c, size_t n)
{
  uint8_t *d = dst;
  while (n-- > 0) *d++ = (uint8_t)c;
  return dst;
}

void *memcpy(void *dst, const void *src, size_t n)
{
  uint8_t *d = dst;
  const uint8_t *s = src;
  while (n-- > 0) *d++ = *s++;
  return dst;
}

static void mix(uint64_t v)
{
  checksum = (checksum ^ v) * 0x9e3779b97f4a7c15UL;
  checksum ^= checksum >> 29;
}

/* ---- output: one write(2) per line, a tiny formatter ---- */

static char line[128];
static unsigned line_len;

static void put_str(const char *s)
{
  while (*s != '\0' && line_len < sizeof(line)) line[line_len++] = *s++;
}

static void put_hex(uint64_t v, int digits)
{
  static const char hex[] = "0123456789abcdef";
  for (int i = digits - 1; i >= 0 && line_len < sizeof(line); i--) line[line_len++] = hex[(v >> (4 * i)) & 0xf];
}

static void put_dec(uint64_t v)
{
  char tmp[24];
  int n = 0;
  do {
    tmp[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v != 0);
  while (n > 0 && line_len < sizeof(line)) line[line_len++] = tmp[--n];
}

static void put_line(void)
{
  if (line_len < sizeof(line)) line[line_len++] = '\n';
  sys_write(1, line, line_len);
  line_len = 0;
}

__attribute__((noreturn)) static void fail(const char *what, long err)
{
  line_len = 0;
  put_str("compare: FAILED ");
  put_str(what);
  if (err < 0) {
    put_str(" (errno ");
    put_dec((uint64_t)-err);
    put_str(")");
  }
  put_line();
  sys_exit_group(1);
}

/* ---- (a) system calls ---- */

static void phase_syscalls(void)
{
  for (int i = 0; i < GETPID_CALLS; i++) {
    if (sys_getpid() <= 0) fail("getpid", -1);
  }
}

/* ---- (b) memory ---- */

static void phase_memory(void)
{
  long cur = sys_brk(0);
  long end = sys_brk((void *)(cur + HEAP_GROW));
  if (cur <= 0 || end < cur + (long)HEAP_GROW) fail("brk", end < 0 ? end : -1);
  heap = (uint8_t *)cur;
  uint64_t sum = 0;
  for (unsigned long i = 0; i < HEAP_GROW; i++) {
    heap[i] = (uint8_t)(i * 7 + (i >> 12));
    sum += heap[i];
  }
  mix(sum);

  long m = sys_mmap(0, MMAP_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m < 0 && m > -4096) fail("mmap", m);
  uint64_t *w = (uint64_t *)m;
  unsigned long words = MMAP_BYTES / sizeof(uint64_t);
  for (unsigned long p = 0; p < MMAP_BYTES / BLOCK; p++) {
    if (w[p * (BLOCK / 8) + 5] != 0) fail("mmap memory not zero", -1);
  }
  for (unsigned long i = 0; i < words; i++) w[i] = i * 0x2545f4914f6cdd1dUL + (i >> 9);
  uint64_t acc = 0;
  for (unsigned long i = 0; i < words; i++) acc = (acc << 7 | acc >> 57) ^ w[i];
  mix(acc);
  long r = sys_munmap((void *)m, MMAP_BYTES);
  if (r != 0) fail("munmap", r);
}

/* ---- (c) timer ---- */

static long now_ns(void)
{
  struct timespec ts;
  long r = sys_clock_gettime(CLOCK_MONOTONIC, &ts);
  if (r != 0) fail("clock_gettime", r);
  return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static void phase_sleep(void)
{
  long t0 = now_ns();
  for (int i = 0; i < 3; i++) {
    struct timespec req = { 0, 10 * 1000 * 1000 };
    long r = sys_nanosleep(&req, 0);
    if (r != 0) fail("nanosleep", r);
  }
  long elapsed = now_ns() - t0;
  if (elapsed < 30 * 1000 * 1000) fail("nanosleep returned early", -1);
}

/* ---- (d) console ---- */

static void phase_console(void)
{
  for (int i = 1; i <= 10; i++) {
    put_str("compare: console line ");
    put_dec((uint64_t)i);
    put_str(" of 10: the quick brown fox jumps over the lazy dog");
    put_line();
  }
}

/* ---- (e) block I/O ---- */

static uint8_t disk_byte(unsigned long i)
{
  return (uint8_t)(i * 131 + (i >> 9) * 7 + 11);
}

static uint8_t pattern_byte(unsigned long k, unsigned long j)
{
  return (uint8_t)((j * 17 + k * 29 + (j >> 8)) ^ 0x5a);
}

static long io_pread(int fd, void *buf, size_t n, long off)
{
  mark_io_begin();
  long r = sys_pread64(fd, buf, n, off);
  mark_io_end();
  return r;
}

static long io_pwrite(int fd, const void *buf, size_t n, long off)
{
  mark_io_out_begin();
  long r = sys_pwrite64(fd, buf, n, off);
  mark_io_end();
  return r;
}

static long io_fsync(int fd)
{
  mark_io_out_begin();
  long r = sys_fsync(fd);
  mark_io_end();
  return r;
}

static void check_image(const uint8_t *buf, unsigned long off, unsigned long n)
{
  for (unsigned long j = 0; j < n; j++) {
    if (buf[j] != disk_byte(off + j)) fail("pread data differs from the disk image", -1);
  }
}

static void phase_block(void)
{
  long fd = sys_openat(AT_FDCWD, "/dev/vda", O_RDWR | O_DIRECT, 0);
  if (fd < 0) fail("open /dev/vda", fd);
  uint8_t *out = data;

  for (unsigned long k = 0; k < READ_BLOCKS; k++) {
    unsigned long off = ((k * 37 + 5) % (SCRATCH_OFF / BLOCK)) * BLOCK;
    long r = io_pread((int)fd, iobuf, BLOCK, (long)off);
    if (r != (long)BLOCK) fail("pread64", r);
    check_image(iobuf, off, BLOCK);
    for (unsigned long j = 0; j < BLOCK; j++) *out++ = iobuf[j];
  }
  long r = io_pread((int)fd, iobuf, BIG_READ, (long)BIG_READ_OFF);
  if (r != (long)BIG_READ) fail("pread64 16 KiB", r);
  check_image(iobuf, BIG_READ_OFF, BIG_READ);
  for (unsigned long j = 0; j < BIG_READ; j++) *out++ = iobuf[j];

  for (unsigned long k = 0; k < WRITE_BLOCKS; k++) {
    for (unsigned long j = 0; j < BLOCK; j++) iobuf[j] = pattern_byte(k, j);
    r = io_pwrite((int)fd, iobuf, BLOCK, (long)(SCRATCH_OFF + k * 16 * KIB));
    if (r != (long)BLOCK) fail("pwrite64", r);
  }
  r = io_fsync((int)fd);
  if (r != 0) fail("fsync", r);
  uint64_t sum = 0;
  for (unsigned long k = 0; k < WRITE_BLOCKS; k++) {
    for (unsigned long j = 0; j < BLOCK; j++) iobuf[j] = 0;
    r = io_pread((int)fd, iobuf, BLOCK, (long)(SCRATCH_OFF + k * 16 * KIB));
    if (r != (long)BLOCK) fail("pread64 scratch", r);
    for (unsigned long j = 0; j < BLOCK; j++) {
      if (iobuf[j] != pattern_byte(k, j)) fail("read back differs from what was written", -1);
      sum += (uint64_t)iobuf[j] << (j & 31);
    }
  }
  mix(sum);
  r = sys_close((int)fd);
  if (r != 0) fail("close", r);
}

/* ---- (f) compute ---- */

static uint32_t crc32(const uint8_t *p, unsigned long n)
{
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int b = 0; b < 8; b++) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
    crc_table[i] = c;
  }
  uint32_t crc = 0xffffffffu;
  for (unsigned long i = 0; i < n; i++) crc = crc_table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
  return crc ^ 0xffffffffu;
}

static uint64_t matrix(void)
{
  for (int i = 0; i < MAT_N; i++) {
    for (int j = 0; j < MAT_N; j++) {
      mat_a[i][j] = (uint32_t)(i * 7 + j * 3 + 1);
      mat_b[i][j] = data[(i * MAT_N + j) * 61];
    }
  }
  for (int i = 0; i < MAT_N; i++) {
    for (int j = 0; j < MAT_N; j++) {
      uint32_t s = 0;
      for (int k = 0; k < MAT_N; k++) s += mat_a[i][k] * mat_b[k][j];
      mat_c[i][j] = s;
    }
  }
  uint64_t h = 0;
  for (int i = 0; i < MAT_N; i++) {
    for (int j = 0; j < MAT_N; j++) h = h * 31 + mat_c[i][j];
  }
  return h;
}

static uint64_t list_walk(void)
{
  struct node *nodes = (struct node *)heap;
  unsigned long n = LIST_NODES;
  /* next(i) = (i * 1597 + 1) mod n visits every node once (n a power of two). */
  for (unsigned long i = 0; i < n; i++) {
    nodes[i].next = &nodes[(i * 1597 + 1) % n];
    nodes[i].value = data[(i * 11) % sizeof(data)] + i;
  }
  uint64_t h = 0;
  struct node *p = &nodes[0];
  for (unsigned long i = 0; i < n; i++) {
    h = (h ^ p->value) * 0x100000001b3UL;
    p = p->next;
  }
  if (p != &nodes[0]) fail("list walk", -1);
  return h;
}

static void phase_compute(void)
{
  uint32_t crc = crc32(data, sizeof(data));
  uint64_t mat = matrix();
  uint64_t lst = list_walk();
  mix(crc);
  mix(mat);
  mix(lst);
  put_str("compare: crc32 0x");
  put_hex(crc, 8);
  put_str(" matrix 0x");
  put_hex(mat, 16);
  put_str(" list 0x");
  put_hex(lst, 16);
  put_line();
}

int main(void)
{
  mark_begin();
  phase_syscalls();
  phase_memory();
  phase_sleep();
  phase_console();
  phase_block();
  phase_compute();
  mark_end();
  put_str("compare: checksum 0x");
  put_hex(checksum, 16);
  put_line();
  return 0;
}
