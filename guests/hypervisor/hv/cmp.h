/* Reference hypervisor, compare builds only (-DHV_COMPARE, mode `hw-assisted`;
 * with -DHV_DOM0 also mode `dom0`; guests/compare/compare.mk): the extra
 * device of the contract's guest-physical machine (guests/compare/README.md)
 * and where the real one is on the host board. */
#ifndef HV_REF_CMP_H
#define HV_REF_CMP_H

#include "vm_layout.h"

#ifndef GUEST_VBLK_GPA
#define GUEST_VBLK_GPA   0x10008000UL   /* virtio-mmio v2 block device */
#endif
#ifndef GUEST_VBLK_SIZE
#define GUEST_VBLK_SIZE  0x1000UL
#endif
#define HOST_VBLK_BASE   0x10008000UL   /* virt: the last virtio-mmio slot (-drive) */

#endif
