/* blktest: a minimal VS-mode guest for checking the compare hypervisors' disk
 * path without the small kernel (make compare-hv-blktest; not committed). It
 * runs like dom0 (start.S, dom0.ld: vsatp = 0, entered at 0x80000000) and
 * drives the contract's virtio-blk at GPA 0x10008000 with the shared driver
 * (identity DMA: guest-physical addresses): reads the disk, checks the
 * contract's pattern (guests/compare/README.md), writes the scratch area (last
 * 64 KiB), flushes, reads it back, prints a verdict through the UART at
 * 0x10000000 (so dom0 mode forwards it) and powers off through SBI SRST. */
#include <stddef.h>
#include <stdint.h>
#include "sbi.h"
#include "vm_layout.h"
#include "vblk_drv.h"

void dom0_main(unsigned long hartid, unsigned long a1) __attribute__((noreturn));

static struct vblk_drv disk __attribute__((aligned(4096)));
static uint8_t buf[4 * 4096] __attribute__((aligned(4096)));

static void putc_uart(char c)
{
  volatile uint8_t *uart = (volatile uint8_t *)GUEST_UART_GPA;
  while ((uart[UART_LSR] & UART_LSR_THRE) == 0) {
  }
  uart[UART_THR] = (uint8_t)c;
}

static void puts_uart(const char *s)
{
  while (*s) putc_uart(*s++);
}

static void puthex(uint64_t v)
{
  puts_uart("0x");
  for (int i = 60; i >= 0; i -= 4) putc_uart("0123456789abcdef"[(v >> i) & 15]);
}

static uint8_t pattern(uint64_t i) { return (uint8_t)((i * 131 + (i >> 9) * 7 + 11) & 0xff); }

static void fail(const char *what, int rc)
{
  puts_uart("blktest: FAILED ");
  puts_uart(what);
  puts_uart(" rc ");
  puthex((uint64_t)(int64_t)rc);
  putc_uart('\n');
  sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN, SBI_SRST_REASON_FAILURE);
  for (;;) {
  }
}

void dom0_main(unsigned long hartid, unsigned long a1)
{
  (void)hartid;
  (void)a1;
  disk.base = 0x10008000UL;
  int rc = vblk_drv_init(&disk);
  if (rc != 0) fail("init", rc);
  puts_uart("blktest: capacity ");
  puthex(disk.capacity);
  puts_uart(" sectors\n");
  uint64_t sum = 0;
  for (uint64_t s = 0; s + 32 <= disk.capacity - 128; s += 32 * 3) {
    rc = vblk_drv_read(&disk, s, buf, 32);
    if (rc != 0) fail("read", rc);
    for (uint64_t i = 0; i < sizeof buf; i++) {
      if (buf[i] != pattern(s * 512 + i)) fail("pattern", (int)i);
      sum = sum * 31 + buf[i];
    }
  }
  uint64_t scratch = disk.capacity - 128;
  for (uint64_t i = 0; i < sizeof buf; i++) buf[i] = (uint8_t)(i * 7 + 3);
  if ((rc = vblk_drv_write(&disk, scratch, buf, 32)) != 0) fail("write", rc);
  if ((rc = vblk_drv_flush(&disk)) != 0) fail("flush", rc);
  for (uint64_t i = 0; i < sizeof buf; i++) buf[i] = 0;
  if ((rc = vblk_drv_read(&disk, scratch, buf, 32)) != 0) fail("read back", rc);
  for (uint64_t i = 0; i < sizeof buf; i++) {
    if (buf[i] != (uint8_t)(i * 7 + 3)) fail("read-back data", (int)i);
  }
  puts_uart("blktest: ok, sum ");
  puthex(sum);
  puts_uart(", requests ");
  puthex(disk.requests);
  putc_uart('\n');
  sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN, SBI_SRST_REASON_NONE);
  for (;;) {
  }
}
