/**
 * Cache-block operations: Zicbom (cbo.clean, cbo.flush, cbo.inval) and Zicboz
 * (cbo.zero), CMO spec 1.0.1 chapters 2-3. The cache block is 64 bytes (the FDT's
 * riscv,cbom-block-size / riscv,cboz-block-size).
 *
 * Enables (CMO spec 2.5, tables "cbo.clean/cbo.flush", "cbo.inval", "cbo.zero"):
 *  - M-mode: always allowed.
 *  - S-mode: illegal when menvcfg.CBCFE = 0 (clean/flush), menvcfg.CBIE = 00 (inval),
 *    menvcfg.CBZE = 0 (zero).
 *  - U-mode: additionally illegal when the senvcfg field is 0 / 00.
 *  - cbo.inval is an invalidate in M-mode; in S-mode with menvcfg.CBIE = 01, and in
 *    U-mode when either CBIE is 01, it performs a flush instead.
 * HyperStep has no caches: memory is always coherent, so clean, flush and invalidate
 * change no data. They still translate and check permissions (mmu.cboTranslate), so they
 * fault exactly like the specification says. cbo.zero writes 64 zero bytes at the block
 * containing rs1 (no alignment requirement on rs1).
 */
import type { Hart } from '../hart/hart';
import { EnvCfg, Priv } from '../hart/csrNumbers';
import { TLB_SIZE, cboTranslate, zeroBlock } from '../hart/mmu';
import { InsnFlag, type InsnDef } from './types';

/** Raise unless the envcfg field `mask` is non-zero for the current mode: menvcfg
 *  (illegal), then with V=1 henvcfg (virtual instruction), then senvcfg in U/VU-mode
 *  (illegal in U-mode, virtual instruction in VU-mode; CMO spec 2.5, priv 8.6.1). */
function enabled(h: Hart, mask: number, insn: number): void {
  if (h.priv === Priv.M) return;
  if ((h.menvcfgLo & mask) === 0) h.illegal(insn);
  if (h.virt !== 0 && (h.henvcfgLo & mask) === 0) h.virtualInsn(insn);
  if (h.priv === Priv.U && (h.senvcfg & mask) === 0) {
    if (h.virt !== 0) h.virtualInsn(insn);
    h.illegal(insn);
  }
}

/**
 * cbo.clean / cbo.flush / cbo.inval (op = imm[11:0]: 1, 2, 0) at va = rs1.
 * Returns nothing; a flush and an invalidate are indistinguishable here (see header).
 */
function cboManage(h: Hart, insn: number, va: number, op: number): void {
  enabled(h, op === 0 ? EnvCfg.CBIE : EnvCfg.CBCFE, insn);
  cboTranslate(h, va, false);
}

/** cbo.zero at va = rs1: a store-TLB hit zeroes RAM directly (such pages hold no
 *  compiled code, watchpoint or reservation), else the checked slow path. */
function cboZero(h: Hart, insn: number, va: number): void {
  enabled(h, EnvCfg.CBZE, insn);
  const vp = Math.floor(va * 0.000244140625);
  const i = h.storeBase + (vp & (TLB_SIZE - 1));
  if (h.tlbVpn[i] === vp) {
    const o = h.tlbOff[i] + (va & 4032);
    h.ram.fill(0, o, o + 64);
    return;
  }
  zeroBlock(h, cboTranslate(h, va, true), va);
}

/** rs1 as a signed address number. */
const RS1 = 'xh[$rs1] * 4294967296 + (xl[$rs1] >>> 0)';
const F = InsnFlag.MayTrap | InsnFlag.Memory;

const cbo = (name: string, ext: string, imm: number, exec: string): InsnDef =>
  ({ name, ext, match: (imm << 20) | 0x200f, mask: 0xfff07fff, fmt: 'CBO', flags: F, exec,
    wasm: { fallback: 'cache-block operation: envcfg checks and translation in the JS slow paths' } });

export const zicbo: InsnDef[] = [
  cbo('cbo.inval', 'Zicbom', 0, `cboManage(h, $insn, ${RS1}, 0);`),
  cbo('cbo.clean', 'Zicbom', 1, `cboManage(h, $insn, ${RS1}, 1);`),
  cbo('cbo.flush', 'Zicbom', 2, `cboManage(h, $insn, ${RS1}, 2);`),
  cbo('cbo.zero', 'Zicboz', 4, `cboZero(h, $insn, ${RS1});`),
];

export const zicboLib = { cboManage, cboZero };
