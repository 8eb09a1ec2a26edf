/* Decoding of a guest's integer load/store into what an emulated device access
 * needs (width, sign extension, register, direction, instruction length):
 * shared by the reference hypervisor (hv/mmio.c) and the trap-and-emulate
 * hypervisor (compare/tae/mmio.c, shadow.c). Portable C, no CSR access: the
 * caller fetches the instruction (common/memop.c). */
#ifndef HYPERVISOR_MEMOP_H
#define HYPERVISOR_MEMOP_H

#include <stdint.h>
#include <stdbool.h>

struct mem_op {
  bool store;
  unsigned width;   /* bytes */
  bool sign;        /* loads: sign-extend */
  unsigned reg;     /* rd of a load, rs2 of a store */
  unsigned len;     /* instruction length: 2 or 4 */
};

/* A 32-bit LOAD/STORE (opcode, funct3, rd or rs2): every field but len. */
bool memop_decode32(uint32_t insn, struct mem_op *op);

/* The instruction at the guest pc: a 32-bit one when bits 1:0 are 11 (all of
 * insn), else a compressed one in the low 16 bits (C.LW C.LD C.SW C.SD and
 * their SP-relative forms). Sets len too; false for anything else. */
bool memop_decode(uint32_t insn, struct mem_op *op);

#endif
