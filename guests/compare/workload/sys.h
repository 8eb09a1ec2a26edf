/* Compare workload: the Linux system calls it makes, as inline `ecall` stubs
 * (riscv64 asm-generic numbers, guests/compare/README.md). Arguments in
 * a0..a5, number in a7, result in a0 (negative errno on failure). These are
 * exactly the calls the small kernel implements; nothing else is used. */
#ifndef COMPARE_WORKLOAD_SYS_H
#define COMPARE_WORKLOAD_SYS_H

typedef unsigned long size_t;
typedef long ssize_t;
typedef unsigned long uint64_t;
typedef unsigned int uint32_t;
typedef unsigned char uint8_t;

#include "linux_syscalls.h"

#define AT_FDCWD        (-100)
#define O_RDWR          0x0002
#define O_DIRECT        0x4000     /* asm-generic/fcntl.h (riscv64) */
#define PROT_READ       0x1
#define PROT_WRITE      0x2
#define MAP_PRIVATE     0x02
#define MAP_ANONYMOUS   0x20
#define CLOCK_MONOTONIC 1

struct timespec { long tv_sec; long tv_nsec; };

static inline long sys6(long n, long a, long b, long c, long d, long e, long f)
{
  register long a0 __asm__("a0") = a;
  register long a1 __asm__("a1") = b;
  register long a2 __asm__("a2") = c;
  register long a3 __asm__("a3") = d;
  register long a4 __asm__("a4") = e;
  register long a5 __asm__("a5") = f;
  register long a7 __asm__("a7") = n;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5), "r"(a7) : "memory");
  return a0;
}
#define sys0(n)             sys6(n, 0, 0, 0, 0, 0, 0)
#define sys1(n, a)          sys6(n, (long)(a), 0, 0, 0, 0, 0)
#define sys2(n, a, b)       sys6(n, (long)(a), (long)(b), 0, 0, 0, 0)
#define sys3(n, a, b, c)    sys6(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define sys4(n, a, b, c, d) sys6(n, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)

static inline long sys_openat(int dirfd, const char *path, int flags, int mode) { return sys4(SYS_openat, dirfd, path, flags, mode); }
static inline long sys_close(int fd) { return sys1(SYS_close, fd); }
static inline long sys_read(int fd, void *buf, size_t n) { return sys3(SYS_read, fd, buf, n); }
static inline long sys_write(int fd, const void *buf, size_t n) { return sys3(SYS_write, fd, buf, n); }
static inline long sys_pread64(int fd, void *buf, size_t n, long off) { return sys4(SYS_pread64, fd, buf, n, off); }
static inline long sys_pwrite64(int fd, const void *buf, size_t n, long off) { return sys4(SYS_pwrite64, fd, buf, n, off); }
static inline long sys_fsync(int fd) { return sys1(SYS_fsync, fd); }
static inline long sys_nanosleep(const struct timespec *req, struct timespec *rem) { return sys2(SYS_nanosleep, req, rem); }
static inline long sys_clock_gettime(int clk, struct timespec *tp) { return sys2(SYS_clock_gettime, clk, tp); }
static inline long sys_getpid(void) { return sys0(SYS_getpid); }
static inline long sys_brk(void *addr) { return sys1(SYS_brk, addr); }
static inline long sys_munmap(void *addr, size_t len) { return sys2(SYS_munmap, addr, len); }
static inline long sys_mmap(void *addr, size_t len, int prot, int flags, int fd, long off)
{
  return sys6(SYS_mmap, (long)addr, (long)len, prot, flags, fd, off);
}
__attribute__((noreturn)) static inline void sys_exit_group(int status)
{
  sys1(SYS_exit_group, status);
  sys1(SYS_exit, status);
  for (;;) {
  }
}

#endif
