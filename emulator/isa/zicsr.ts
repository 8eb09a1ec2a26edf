/**
 * Zicsr (unprivileged spec chapter 9) and Zifencei (chapter 3): CSR instructions and
 * FENCE.I. CSR semantics (access checks, WARL, side effects) live in hart/csr.ts.
 * CSR instructions end the block because a write may change translation or enable
 * an interrupt that must be taken before the next instruction.
 */
import { csrInsn } from '../hart/csr';
import { InsnFlag, type InsnDef } from './types';

const F = InsnFlag.MayTrap | InsnFlag.Serializing;
const csr = (name: string, f3: number, exec: string, fmt: 'CSR' | 'CSRI'): InsnDef =>
  ({ name, ext: 'Zicsr', match: (f3 << 12) | 0x73, mask: 0x707f, fmt, flags: F, exec,
    wasm: { fallback: 'CSR access: serializing, uses the hart accessors (csrInsn)' } });

export const zicsr: InsnDef[] = [
  csr('csrrw', 1, 'csrInsn(h, $insn, $csr, 1, xl[$rs1], xh[$rs1], true, $rd, $idx);', 'CSR'),
  csr('csrrs', 2, 'csrInsn(h, $insn, $csr, 2, xl[$rs1], xh[$rs1], $rs1 !== 0, $rd, $idx);', 'CSR'),
  csr('csrrc', 3, 'csrInsn(h, $insn, $csr, 3, xl[$rs1], xh[$rs1], $rs1 !== 0, $rd, $idx);', 'CSR'),
  csr('csrrwi', 5, 'csrInsn(h, $insn, $csr, 1, $rs1, 0, true, $rd, $idx);', 'CSRI'),
  csr('csrrsi', 6, 'csrInsn(h, $insn, $csr, 2, $rs1, 0, $rs1 !== 0, $rd, $idx);', 'CSRI'),
  csr('csrrci', 7, 'csrInsn(h, $insn, $csr, 3, $rs1, 0, $rs1 !== 0, $rd, $idx);', 'CSRI'),
  // FENCE.I: the emulator keeps instruction fetch coherent with stores (writes to pages
  // holding compiled code invalidate it), so FENCE.I only needs to end the block.
  { name: 'fence.i', ext: 'Zifencei', match: 0x100f, mask: 0x707f, fmt: 'NONE', flags: InsnFlag.Serializing, exec: '',
    wasm: { fallback: 'fence.i: serializing (ends the block)' } },
];

export const zicsrLib = { csrInsn };
