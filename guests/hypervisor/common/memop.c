/* Shared load/store decoder (include/memop.h): the reference hypervisor's
 * MMIO emulation and the trap-and-emulate hypervisor's device and page-table
 * store emulation both turn the trapping instruction into a struct mem_op
 * here. Only integer loads/stores are recognised: LB LH LW LD LBU LHU LWU,
 * SB SH SW SD (unprivileged spec 2.6, 5.3) and the compressed C.LW C.LD C.SW
 * C.SD C.LWSP C.LDSP C.SWSP C.SDSP (RVC, unprivileged spec 16.3/16.4). */
#include "memop.h"

#define OPC_LOAD   0x03
#define OPC_STORE  0x23

bool memop_decode32(uint32_t insn, struct mem_op *op)
{
  unsigned opcode = insn & 0x7f, funct3 = (insn >> 12) & 7;
  if (opcode == OPC_LOAD && funct3 != 7) {
    op->store = false;
    op->width = 1u << (funct3 & 3);
    op->sign = (funct3 & 4) == 0;
    op->reg = (insn >> 7) & 31;
    return true;
  }
  if (opcode == OPC_STORE && funct3 <= 3) {
    op->store = true;
    op->width = 1u << funct3;
    op->sign = false;
    op->reg = (insn >> 20) & 31;
    return true;
  }
  return false;
}

/* The 32-bit equivalent of a compressed integer load/store (only the fields
 * memop_decode32 reads: opcode, funct3, rd or rs2). */
static bool expand16(uint16_t c, uint32_t *insn)
{
  unsigned quadrant = c & 3, funct3 = (c >> 13) & 7;
  if (quadrant == 0) {                          /* C.LW C.LD C.SW C.SD: x8..x15 */
    unsigned r = 8 + ((c >> 2) & 7);
    switch (funct3) {
    case 2: *insn = OPC_LOAD | (r << 7) | (2u << 12); return true;
    case 3: *insn = OPC_LOAD | (r << 7) | (3u << 12); return true;
    case 6: *insn = OPC_STORE | (r << 20) | (2u << 12); return true;
    case 7: *insn = OPC_STORE | (r << 20) | (3u << 12); return true;
    default: return false;
    }
  }
  if (quadrant == 2) {                          /* C.LWSP C.LDSP C.SWSP C.SDSP */
    unsigned rd = (c >> 7) & 31, rs2 = (c >> 2) & 31;
    switch (funct3) {
    case 2: if (rd == 0) return false; *insn = OPC_LOAD | (rd << 7) | (2u << 12); return true;
    case 3: if (rd == 0) return false; *insn = OPC_LOAD | (rd << 7) | (3u << 12); return true;
    case 6: *insn = OPC_STORE | (rs2 << 20) | (2u << 12); return true;
    case 7: *insn = OPC_STORE | (rs2 << 20) | (3u << 12); return true;
    default: return false;
    }
  }
  return false;
}

bool memop_decode(uint32_t insn, struct mem_op *op)
{
  if ((insn & 3) == 3) {
    op->len = 4;
  } else {
    if (!expand16((uint16_t)insn, &insn)) return false;
    op->len = 2;
  }
  return memop_decode32(insn, op);
}
