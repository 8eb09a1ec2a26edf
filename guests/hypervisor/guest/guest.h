/* Reference hypervisor, guest kernel: the interface between the shared
 * kernel (kernel.c) and the per-guest code (guest1.c, guest2.c). Each guest
 * ELF links the kernel with exactly one of those files. */
#ifndef GUEST_GUEST_H
#define GUEST_GUEST_H

/* Provided by guestN.c */
extern const char guest_name[];   /* "guest1", "guest2": prefix of its lines */
extern int counter;               /* updated by guest_work */
void guest_work(int round);       /* one round of the main loop (round = 1, 2, ...) */

/* Provided by the kernel */
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
