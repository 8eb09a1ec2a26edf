/* Reference hypervisor, compare build for mode `dom0` (-DHV_COMPARE -DHV_DOM0,
 * guests/compare/compare.mk): the small kernel (VMID 1) and the management
 * guest dom0 (VMID 2, guests/compare/dom0/), with the device models in dom0
 * as in Xen. The interface is guests/compare/dom0/dom0_if.h.
 *
 * cmp_setup gives dom0 its extra G-stage mappings (the foreign window on the
 * kernel's RAM, the real virtio-blk page) and its shared page, and keeps the
 * kernel blocked until dom0 is ready (its first DOM0_FN_WAIT).
 *
 * cmp_forward (from mmio.c, for a decoded access of the kernel to its UART or
 * virtio-blk page) posts the request in the shared page, blocks the kernel
 * and switches to dom0: a world switch (hgatp changes VMID). cmp_dom0_call
 * (dom0's DOM0_FN_WAIT hypercall, from vsbi.c) completes the kernel's access
 * with dom0's answer, blocks dom0 and switches back: a second world switch.
 * Each device access thus costs one VM exit of the kernel, one of dom0 and
 * two world switches. */
#include "hv.h"
#include "cmp.h"
#include "riscv.h"
#include "sbi.h"
#include "dom0_if.h"

#define A0 10
#define A1 11
#define A6 16

static struct vcpu *kernel_vcpu, *dom0_vcpu;
static volatile struct dom0_shared *shared;
static struct mem_op pending_op;
static bool pending;
static uint64_t forwarded_uart, forwarded_vblk, dom0_waits, stale_replies;

void cmp_setup(void)
{
  kernel_vcpu = &hv_vcpus[0];
  dom0_vcpu = &hv_vcpus[1];
  gstage_map(dom0_vcpu, DOM0_FOREIGN_GPA, kernel_vcpu->hpa_base, GUEST_RAM_SIZE,
             PTE_R | PTE_W);
  gstage_map(dom0_vcpu, DOM0_DISK_GPA, HOST_VBLK_BASE, PAGE_SIZE, PTE_R | PTE_W);

  uint64_t shared_gpa = GUEST_RAM_GPA + GUEST_RAM_SIZE - PAGE_SIZE;
  shared = (volatile struct dom0_shared *)(dom0_vcpu->hpa_base + GUEST_RAM_SIZE - PAGE_SIZE);
  memset((void *)shared, 0, PAGE_SIZE);
  shared->ram_hpa = dom0_vcpu->hpa_base;
  shared->foreign_gpa = DOM0_FOREIGN_GPA;
  shared->foreign_guest_gpa = GUEST_RAM_GPA;
  shared->foreign_size = GUEST_RAM_SIZE;
  shared->disk_gpa = DOM0_DISK_GPA;
  shared->guest_vmid = (uint64_t)kernel_vcpu->id;
  shared->magic = DOM0_SHARED_MAGIC;
  dom0_vcpu->regs.x[A1] = shared_gpa;

  kernel_vcpu->state = VCPU_BLOCKED;        /* until dom0's first DOM0_FN_WAIT */
  hv_printf("hv: dom0: foreign window gpa 0x%lx -> %s's RAM at host-physical 0x%lx; "
            "virtio-blk at gpa 0x%lx -> host 0x%lx; shared page at gpa 0x%lx\n",
            DOM0_FOREIGN_GPA, kernel_vcpu->name, kernel_vcpu->hpa_base, DOM0_DISK_GPA,
            HOST_VBLK_BASE, shared_gpa);
}

struct vcpu *cmp_forward(struct vcpu *v, uint64_t gpa, const struct mem_op *op)
{
  if (v != kernel_vcpu || dom0_vcpu->state != VCPU_BLOCKED) return NULL;
  if (gpa >= GUEST_VBLK_GPA && gpa < GUEST_VBLK_GPA + GUEST_VBLK_SIZE) forwarded_vblk++;
  else forwarded_uart++;
  pending_op = *op;
  pending = true;
  shared->gpa = gpa;
  shared->size = op->width;
  shared->is_write = op->store;
  shared->value = op->store && op->reg != 0 ? v->regs.x[op->reg] : 0;
  shared->seq++;
  return sched_handoff(v, VCPU_BLOCKED, dom0_vcpu);
}

struct vcpu *cmp_dom0_call(struct vcpu *v)
{
  /* vsbi_handle has already moved sepc past the ECALL */
  if (v != dom0_vcpu || v->regs.x[A6] != DOM0_FN_WAIT) {
    v->regs.x[A0] = (uint64_t)SBI_ERR_NOT_SUPPORTED;
    return v;
  }
  uint64_t value = v->regs.x[A0], seq = v->regs.x[A1];
  dom0_waits++;
  v->regs.x[A0] = 0;                        /* what the call returns on resumption */
  v->regs.x[A1] = 0;
  if (pending) {
    if (seq != shared->seq) stale_replies++;
    mmio_complete(kernel_vcpu, &pending_op, value);
    pending = false;
  }
  if (kernel_vcpu->state != VCPU_BLOCKED) return sched_stop_vcpu(v, VCPU_BLOCKED);
  return sched_handoff(v, VCPU_BLOCKED, kernel_vcpu);
}

void cmp_summary(void)
{
  hv_printf("hv: dom0: %lu device accesses forwarded (%lu UART + %lu virtio-blk), "
            "%lu dom0 replies (%lu with a wrong seq), %lu world switches\n",
            forwarded_uart + forwarded_vblk, forwarded_uart, forwarded_vblk, dom0_waits,
            stale_replies, hv_world_switches);
  hv_printf("hv: dom0 (its counters): %lu UART bytes; virtio-blk %lu requests = %lu reads "
            "(%lu sectors) + %lu writes (%lu sectors) + %lu flushes; %lu backend requests\n",
            (unsigned long)shared->st_uart_bytes, (unsigned long)shared->st_vblk_requests,
            (unsigned long)shared->st_vblk_reads, (unsigned long)shared->st_sectors_read,
            (unsigned long)shared->st_vblk_writes, (unsigned long)shared->st_sectors_written,
            (unsigned long)shared->st_vblk_flushes, (unsigned long)shared->st_backend_requests);
}
