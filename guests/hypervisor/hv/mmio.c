/* Reference hypervisor: emulation of a guest's load or store to an unmapped
 * guest-physical address (load/store guest-page fault, causes 21 and 23).
 *
 * The faulting guest-physical address is htval << 2 | stval[1:0] (priv. spec
 * 8.2.8: htval holds GPA >> 2; the low two bits equal those of the guest
 * virtual address in stval for explicit accesses). The access itself —
 * load or store, width, sign extension, which register — comes from:
 *
 *   1. htinst, when the hart wrote a transformed load/store there (8.6.3):
 *      bit 0 = 1, bits 63:32 = 0, opcode LOAD or STORE; bits 1:0 = 01 mean
 *      the trapping instruction was compressed (2 bytes), 11 a 4-byte one.
 *      HyperStep provides this.
 *   2. otherwise (htinst = 0, e.g. QEMU 7.2, or a value this code does not
 *      recognise — the spec lets software treat those as 0), the guest's
 *      instruction at sepc, read with HLVX.HU: a two-stage read with execute
 *      permission, as VS-mode (hstatus.SPVP = 1 after a trap from VS, 8.2.1).
 *      Compressed loads/stores are expanded by the shared decoder
 *      (common/memop.c).
 *
 * Only the UART's eight registers at GUEST_UART_GPA are emulated; any other
 * address crashes the guest. Accesses of any width are accepted: a load reads
 * the addressed byte register (zero-extended; sign-extended for LB), a store
 * writes the low byte of rs2. After the access, sepc is advanced past the
 * instruction.
 *
 * Compare builds (-DHV_COMPARE, guests/compare/compare.mk) add the contract's
 * virtio-blk page at GUEST_VBLK_GPA (cmp_vblk.c), and with -DHV_DOM0 forward
 * both devices' accesses to the management guest instead (cmp_dom0.c). */
#include "hv.h"
#include "riscv.h"
#include "vm_layout.h"
#ifdef HV_COMPARE
#include "cmp.h"
#endif

static uint64_t hlvx_hu(uint64_t gva)
{
  uint64_t val;
  __asm__ volatile("hlvx.hu %0, (%1)" : "=r"(val) : "r"(gva) : "memory");
  return val;
}

static bool decode_from_htinst(uint64_t htinst, struct mem_op *op)
{
  if ((htinst & 1) == 0 || (htinst >> 32) != 0) return false;
  if (!memop_decode32((uint32_t)htinst | 2, op)) return false;
  op->len = (htinst & 2) ? 4 : 2;
  return true;
}

static bool decode_from_memory(uint64_t pc, struct mem_op *op)
{
  uint32_t insn = (uint32_t)hlvx_hu(pc);
  if ((insn & 3) == 3) insn |= (uint32_t)hlvx_hu(pc + 2) << 16;
  return memop_decode(insn, op);
}

void mmio_complete(struct vcpu *v, const struct mem_op *op, uint64_t val)
{
  struct guest_regs *r = &v->regs;
  if (!op->store && op->reg != 0) {
    if (op->sign && op->width < 8) {
      unsigned shift = 64 - 8 * op->width;
      val = (uint64_t)((int64_t)(val << shift) >> shift);
    } else if (op->width < 8) {
      val &= (1UL << (8 * op->width)) - 1;
    }
    r->x[op->reg] = val;
  }
  r->sepc += op->len;
}

struct vcpu *mmio_handle(struct vcpu *v, bool is_store)
{
  struct guest_regs *r = &v->regs;
  uint64_t gpa = (r->htval << 2) | (r->stval & 3);
  struct mem_op op;
  if (decode_from_htinst(r->htinst, &op)) {
    v->stats.mmio_htinst++;
  } else if (decode_from_memory(r->sepc, &op)) {
    v->stats.mmio_hlvx++;
  } else {
    return NULL;
  }
  if (op.store != is_store) return NULL;
#ifndef HV_DOM0
  uint64_t val = op.store && op.reg != 0 ? r->x[op.reg] : 0;
#endif

#ifdef HV_COMPARE
  if (gpa >= GUEST_VBLK_GPA && gpa + op.width <= GUEST_VBLK_GPA + GUEST_VBLK_SIZE) {
#ifdef HV_DOM0
    return cmp_forward(v, gpa, &op);
#else
    mmio_complete(v, &op, cmp_vblk_access(v, gpa - GUEST_VBLK_GPA, &op, val));
    return v;
#endif
  }
#endif
  if (gpa < GUEST_UART_GPA || gpa + op.width > GUEST_UART_GPA + 8) return NULL;
#ifdef HV_DOM0
  return cmp_forward(v, gpa, &op);
#else
  unsigned off = (unsigned)(gpa - GUEST_UART_GPA);
  if (op.store) {
    vuart_write(v, off, (uint8_t)val);
    mmio_complete(v, &op, 0);
  } else {
    mmio_complete(v, &op, vuart_read(v, off));  /* byte registers: zero-extended */
  }
  return v;
#endif
}
