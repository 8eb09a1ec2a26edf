/**
 * Transformed instructions for htinst/mtinst (priv spec 20211203, 8.6.3): what a trap
 * into M or HS writes about the load, store, AMO or HLV/HSV instruction that took a
 * guest-page fault, so a hypervisor can emulate the access without fetching and
 * decoding it (e.g. MMIO to an emulated device).
 *
 *  - loads (LB..LD, FLW, FLD): funct3, rd and opcode kept, rs1 replaced by the address
 *    offset, the immediate zeroed;
 *  - stores (SB..SD, FSW, FSD): rs2, funct3 and opcode kept, offset in rs1, rest zero;
 *  - AMOs, LR/SC, HLV/HLVX/HSV: every field kept except rs1, replaced by the offset;
 *  - compressed loads and stores: expanded to their 32-bit form, transformed, then bit 1
 *    cleared (so bits 1:0 read 01).
 * The offset is the faulting virtual address minus the access's original address
 * (non-zero only for a misaligned access that crosses into a faulting page).
 */
import type { Hart } from './hart';
import { TLB_SIZE } from './mmu';

/** The instruction at virtual pc through the hart's fetch TLB, or -1 if not cached. */
export function fetchInsnQuiet(h: Hart, pc: number): number {
  const lo = half(h, pc);
  if (lo < 0) return -1;
  if ((lo & 3) !== 3) return lo;
  const hi = half(h, pc + 2);
  return hi < 0 ? -1 : (lo | (hi << 16)) >>> 0;
}

function half(h: Hart, va: number): number {
  const vpn = Math.floor(va / 4096);
  const i = h.fetchBase + (vpn & (TLB_SIZE - 1));
  if (h.tlbVpn[i] !== vpn) return -1;
  const off = h.tlbOff[i] + (va & 4095);
  return h.ram[off] | (h.ram[off + 1] << 8);
}

/** Transform `insn` (16- or 32-bit encoding) for address offset `offset`; 0 when the
 *  instruction has no standard transformation. */
export function transformInsn(insn: number, offset: number): number {
  const off = (offset & 31) << 15;
  if ((insn & 3) !== 3) {
    const t = expandMemory(insn & 0xffff);
    return t === 0 ? 0 : (transform32(t, off) & ~2) >>> 0;
  }
  return transform32(insn, off);
}

function transform32(insn: number, off: number): number {
  const opcode = insn & 0x7f;
  switch (opcode) {
    case 0x03: case 0x07: return (off | (insn & 0x7fff)) >>> 0;
    case 0x23: case 0x27: return (off | (insn & 0x01f07000) | opcode) >>> 0;
    case 0x2f: return ((insn & ~(31 << 15)) | off) >>> 0;
    case 0x73:
      // HLV/HLVX/HSV: SYSTEM with funct3 = 100 and funct7 = 0110xxx.
      if (((insn >>> 12) & 7) === 4 && (insn >>> 28) === 6) return ((insn & ~(31 << 15)) | off) >>> 0;
      return 0;
    default: return 0;
  }
}

/** The 32-bit equivalent (immediate and rs1 left zero) of a compressed load or store;
 *  0 for any other compressed instruction. */
function expandMemory(c: number): number {
  const f3 = c >>> 13;
  const q = c & 3;
  const rdP = ((c >>> 2) & 7) + 8;   // rd' / rs2' (bits 4:2)
  if (q === 0) {
    switch (f3) {
      case 1: return (3 << 12) | (rdP << 7) | 0x07;   // c.fld
      case 2: return (2 << 12) | (rdP << 7) | 0x03;   // c.lw
      case 3: return (3 << 12) | (rdP << 7) | 0x03;   // c.ld
      case 5: return (rdP << 20) | (3 << 12) | 0x27;  // c.fsd
      case 6: return (rdP << 20) | (2 << 12) | 0x23;  // c.sw
      case 7: return (rdP << 20) | (3 << 12) | 0x23;  // c.sd
      default: return 0;
    }
  }
  if (q === 2) {
    const rd = (c >>> 7) & 31, rs2 = (c >>> 2) & 31;
    switch (f3) {
      case 1: return (3 << 12) | (rd << 7) | 0x07;    // c.fldsp
      case 2: return rd === 0 ? 0 : (2 << 12) | (rd << 7) | 0x03; // c.lwsp
      case 3: return rd === 0 ? 0 : (3 << 12) | (rd << 7) | 0x03; // c.ldsp
      case 5: return (rs2 << 20) | (3 << 12) | 0x27;  // c.fsdsp
      case 6: return (rs2 << 20) | (2 << 12) | 0x23;  // c.swsp
      case 7: return (rs2 << 20) | (3 << 12) | 0x23;  // c.sdsp
      default: return 0;
    }
  }
  return 0;
}
