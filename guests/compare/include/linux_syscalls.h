/* Linux system-call numbers used by the comparison (issue 17): the calls the
 * workload makes (compare/workload/sys.h) and exactly the ones the small
 * kernel implements (hypervisor/guest/lx_syscall.c). riscv64 uses the
 * asm-generic table (include/uapi/asm-generic/unistd.h): a7 = number,
 * a0..a5 = arguments, a0 = result or -errno (guests/compare/README.md). */
#ifndef COMPARE_LINUX_SYSCALLS_H
#define COMPARE_LINUX_SYSCALLS_H

#define SYS_openat         56
#define SYS_close          57
#define SYS_read           63
#define SYS_write          64
#define SYS_pread64        67
#define SYS_pwrite64       68
#define SYS_fsync          82
#define SYS_exit           93
#define SYS_exit_group     94
#define SYS_nanosleep      101
#define SYS_clock_gettime  113
#define SYS_getpid         172
#define SYS_brk            214
#define SYS_munmap         215
#define SYS_mmap           222

#endif
