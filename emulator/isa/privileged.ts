/**
 * System instructions of the privileged architecture (priv spec 1.12, section 3.3
 * and 4.2.1) and FENCE: ECALL, EBREAK, MRET, SRET, WFI, SFENCE.VMA; Svinval (priv
 * spec 20211203 chapter 7): SINVAL.VMA, SFENCE.W.INVAL, SFENCE.INVAL.IR.
 */
import { mret, sret, wfi } from '../hart/trapEntry';
import { sfenceVma } from '../hart/mmu';
import { fenceGuestVirtual } from '../hart/guestTlb';
import { HStatus, MStatus, Priv } from '../hart/csrNumbers';
import type { Hart } from '../hart/hart';
import { InsnFlag, type InsnDef } from './types';
import { nop } from '../wasm/alu';

/**
 * SFENCE.VMA rs1, rs2: illegal in U-mode and in HS-mode when mstatus.TVM = 1. With V=1
 * (8.5.3): virtual instruction in VU-mode, and in VS-mode when hstatus.VTVM = 1; it
 * fences the VS-stage of the current VMID.
 */
function sfence(h: Hart, insn: number, rs1: number, rs2: number): void {
  if (h.virt !== 0) {
    if (h.priv === Priv.U || (h.hstatus & HStatus.VTVM) !== 0) h.virtualInsn(insn);
  } else if (h.priv === Priv.U || (h.priv === Priv.S && (h.mstatus & MStatus.TVM) !== 0)) h.illegal(insn);
  const va = rs1 === 0 ? null : h.xh[rs1] * 4294967296 + (h.xl[rs1] >>> 0);
  const asid = rs2 === 0 ? null : h.xl[rs2] & 0xffff;
  if (h.virt !== 0) fenceGuestVirtual(h, h.hgatpVmid, va, asid);
  else sfenceVma(h, va, asid);
}

/**
 * SFENCE.W.INVAL / SFENCE.INVAL.IR (Svinval): illegal in U-mode, virtual instruction in
 * VU-mode, not affected by TVM. Memory is in order and SINVAL.VMA invalidates at once,
 * so they only check privilege.
 */
function sfenceInval(h: Hart, insn: number): void {
  if (h.priv === Priv.U) { if (h.virt !== 0) h.virtualInsn(insn); h.illegal(insn); }
}

const E = InsnFlag.EndsBlock | InsnFlag.MayTrap;
/** Why the wasm tier leaves these to the JavaScript tiers. */
const TRAPS = { fallback: 'traps or changes modes (ends the block through the hart)' };
const TLB = { fallback: 'TLB fence/invalidation: system instruction (serializing)' };

export const privileged: InsnDef[] = [
  // ECALL: cause 8 + privilege (U/VU 8, HS 9, VS 10, M 11): 8 + priv + V*priv.
  { name: 'ecall', ext: 'I', match: 0x73, mask: 0xffffffff, fmt: 'NONE', flags: E, exec: 'h.raise(8 + h.priv + h.virt * h.priv, 0);', wasm: TRAPS },
  { name: 'ebreak', ext: 'I', match: 0x100073, mask: 0xffffffff, fmt: 'NONE', flags: E, exec: 'h.raise(3, $pc);', wasm: TRAPS },
  { name: 'sret', ext: 'Priv', match: 0x10200073, mask: 0xffffffff, fmt: 'NONE', flags: E, exec: 'sret(h, $insn);', wasm: TRAPS },
  { name: 'mret', ext: 'Priv', match: 0x30200073, mask: 0xffffffff, fmt: 'NONE', flags: E, exec: 'mret(h, $insn);', wasm: TRAPS },
  { name: 'wfi', ext: 'Priv', match: 0x10500073, mask: 0xffffffff, fmt: 'NONE', flags: E, exec: 'wfi(h, $insn, $npc);', wasm: TRAPS },
  { name: 'sfence.vma', ext: 'Priv', match: 0x12000073, mask: 0xfe007fff, fmt: 'SFENCE',
    flags: InsnFlag.MayTrap | InsnFlag.Serializing, exec: 'sfence(h, $insn, $rs1, $rs2);', wasm: TLB },
  // SINVAL.VMA has the permissions and effect of SFENCE.VMA (Svinval).
  { name: 'sinval.vma', ext: 'Svinval', match: 0x16000073, mask: 0xfe007fff, fmt: 'SFENCE',
    flags: InsnFlag.MayTrap | InsnFlag.Serializing, exec: 'sfence(h, $insn, $rs1, $rs2);', wasm: TLB },
  { name: 'sfence.w.inval', ext: 'Svinval', match: 0x18000073, mask: 0xffffffff, fmt: 'NONE',
    flags: InsnFlag.MayTrap, exec: 'sfenceInval(h, $insn);', wasm: TLB },
  { name: 'sfence.inval.ir', ext: 'Svinval', match: 0x18100073, mask: 0xffffffff, fmt: 'NONE',
    flags: InsnFlag.MayTrap, exec: 'sfenceInval(h, $insn);', wasm: TLB },
  // FENCE orders memory; a single in-order emulated memory needs no action (fm/pred/succ ignored).
  { name: 'fence', ext: 'I', match: 0x0f, mask: 0x707f, fmt: 'FENCE', flags: 0, exec: '', wasm: nop },
];

export const privilegedLib = { mret, sret, wfi, sfence, sfenceInval };
