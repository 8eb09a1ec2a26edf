/* The interface between the reference hypervisor's dom0 build
 * (guests/hypervisor/hv/cmp_dom0.c, mode `dom0`) and its management guest
 * (guests/compare/dom0/dom0.c), as Xen's device-model channel between the
 * hypervisor and DOM0.
 *
 * dom0 is a VS-mode guest (VMID 2) with guest-physical RAM at GUEST_RAM_GPA
 * like any guest, and vsatp = 0 (it does not page). It starts with a0 = hart
 * id, a1 = guest-physical address of a struct dom0_shared (the last page of
 * its RAM), filled by the hypervisor before dom0's first instruction. Besides
 * its RAM, its G stage maps:
 *
 *   - the foreign window: the workload guest's RAM (host-physical pages owned by
 *     VMID 1), readable and writable, at shared->foreign_gpa; guest-physical
 *     address g of the workload guest is dom0 address
 *     foreign_gpa + (g - foreign_guest_gpa), for g within foreign_size bytes;
 *   - the board's real virtio-mmio block device page at shared->disk_gpa
 *     (= its host-physical address 0x10008000: dom0 drives the real disk). The
 *     device does DMA to host-physical addresses: a dom0 address p in its RAM
 *     is host-physical p - GUEST_RAM_GPA + shared->ram_hpa (dom0's RAM is one
 *     contiguous host-physical block).
 *
 * Device requests: when the workload guest loads from or stores to its UART
 * page or virtio-blk page, the hypervisor does not emulate the access. It
 * decodes it, writes it to the shared page (seq, gpa, size, is_write, value),
 * blocks the guest and switches to dom0 (a world switch). dom0 emulates the
 * access and answers with the hypercall
 *
 *   a7 = SBI_EXT_HYPERSTEP_DOM0, a6 = DOM0_FN_WAIT, a0 = the loaded value (for
 *   a load; ignored for a store), a1 = the seq it answers (0 on the first call)
 *
 * on which the hypervisor completes the guest's access (the value into the
 * load's destination register, pc past the instruction), blocks dom0 and
 * switches back to the guest. The call returns in dom0 (a0 = 0) when the next
 * request has been posted. dom0's first DOM0_FN_WAIT (after its own start-up)
 * lets the workload guest start.
 *
 * dom0 prints through SBI DBCN console_write, which the hypervisor writes to
 * the host UART. */
#ifndef COMPARE_DOM0_IF_H
#define COMPARE_DOM0_IF_H

#include <stdint.h>

/* SBI experimental extension range 0x08000000-0x08ffffff: "HD0". */
#define SBI_EXT_HYPERSTEP_DOM0 0x08484430UL
#define DOM0_FN_WAIT           0

#define DOM0_SHARED_MAGIC      0x30446d6f44535048ULL   /* "HPSDomD0" */

/* Where the hypervisor maps the foreign window and the disk in dom0's G stage. */
#define DOM0_FOREIGN_GPA       0x100000000UL
#define DOM0_DISK_GPA          0x10008000UL

struct dom0_shared {
  uint64_t magic;              /* DOM0_SHARED_MAGIC */
  uint64_t ram_hpa;            /* host-physical address of dom0's GUEST_RAM_GPA */
  uint64_t foreign_gpa;        /* the workload guest's RAM in dom0's space */
  uint64_t foreign_guest_gpa;  /* ... which is this guest-physical address in the guest */
  uint64_t foreign_size;       /* bytes */
  uint64_t disk_gpa;           /* the real virtio-blk register page in dom0's space */
  uint64_t guest_vmid;         /* the workload guest's VMID (1) */
  /* The current request: written by the hypervisor before dom0 resumes. */
  uint64_t seq;                /* 1, 2, 3, ... */
  uint64_t gpa;                /* the workload guest's guest-physical address */
  uint64_t size;               /* 1, 2, 4 or 8 bytes */
  uint64_t is_write;           /* 1: store (value holds the data), 0: load */
  uint64_t value;
  /* dom0's counters, kept up to date by dom0 for the hypervisor's summary. */
  uint64_t st_uart_bytes;      /* bytes written to the UART's THR */
  uint64_t st_vblk_requests;   /* virtio-blk requests served (vblk_model) */
  uint64_t st_vblk_reads, st_vblk_writes, st_vblk_flushes;
  uint64_t st_sectors_read, st_sectors_written;
  uint64_t st_backend_requests; /* requests dom0 made to the real disk */
};

#endif
