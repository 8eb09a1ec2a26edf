/**
 * Hypervisor instructions (priv spec 20211203, 8.3): the virtual-machine loads and
 * stores HLV.{B,BU,H,HU,W,WU,D}, HLVX.{HU,WU}, HSV.{B,H,W,D}, and the fences
 * HFENCE.VVMA / HFENCE.GVMA with their Svinval forms HINVAL.VVMA / HINVAL.GVMA.
 *
 * HLV/HLVX/HSV access memory as though V=1 at the privilege hstatus.SPVP selects
 * (two-stage translation, overriding MPRV; mmu.ts, hyp = 1 or 2). They are legal in
 * M-mode and HS-mode, and in U-mode when hstatus.HU=1 (else illegal); with V=1 they
 * raise virtual instruction. HFENCE.* are legal in M-mode and HS-mode (HFENCE.GVMA not
 * in HS-mode with mstatus.TVM=1: illegal), illegal in U-mode, virtual with V=1.
 */
import type { Hart } from '../hart/hart';
import { HStatus, MStatus, Priv } from '../hart/csrNumbers';
import { slowLoad, slowStore } from '../hart/mmu';
import { fenceGuestPhysical, fenceGuestVirtual } from '../hart/guestTlb';
import { InsnFlag, type InsnDef } from './types';

function hlvAllowed(h: Hart, insn: number): void {
  if (h.virt !== 0) h.virtualInsn(insn);
  if (h.priv === Priv.U && (h.hstatus & HStatus.HU) === 0) h.illegal(insn);
}

/** HLV/HLVX of `size` bytes (hyp 1 = HLV, 2 = HLVX): low word, high word in h.ldHi. */
function hlv(h: Hart, insn: number, va: number, size: number, hyp: number): number {
  hlvAllowed(h, insn);
  return slowLoad(h, va, size, hyp) | 0;
}

function hsv(h: Hart, insn: number, va: number, size: number, lo: number, hi: number): void {
  hlvAllowed(h, insn);
  slowStore(h, va, size, lo, hi, 1);
}

function hfenceAllowed(h: Hart, insn: number, gvma: boolean): void {
  if (h.virt !== 0) h.virtualInsn(insn);
  if (h.priv === Priv.U) h.illegal(insn);
  if (gvma && h.priv === Priv.S && (h.mstatus & MStatus.TVM) !== 0) h.illegal(insn);
}

/** HFENCE.VVMA rs1, rs2: VS-stage fence for the current hgatp.VMID. */
function hfenceVvma(h: Hart, insn: number, rs1: number, rs2: number): void {
  hfenceAllowed(h, insn, false);
  const va = rs1 === 0 ? null : h.xh[rs1] * 4294967296 + (h.xl[rs1] >>> 0);
  const asid = rs2 === 0 ? null : h.xl[rs2] & 0xffff;
  fenceGuestVirtual(h, h.hgatpVmid, va, asid);
}

/** HFENCE.GVMA rs1, rs2: G-stage fence; rs1 holds a guest physical address >> 2. */
function hfenceGvma(h: Hart, insn: number, rs1: number, rs2: number): void {
  hfenceAllowed(h, insn, true);
  const gpa = rs1 === 0 ? null : ((h.xh[rs1] >>> 0) * 4294967296 + (h.xl[rs1] >>> 0)) * 4;
  const vmid = rs2 === 0 ? null : h.xl[rs2] & 0x3fff;
  fenceGuestPhysical(h, gpa, vmid);
}

const RS1 = '(xh[$rs1] * 4294967296 + (xl[$rs1] >>> 0))';
const M = InsnFlag.MayTrap | InsnFlag.Memory;
/** Why the wasm tier leaves these to the JavaScript tiers. */
const HLSV = { fallback: 'hypervisor load/store: translation as V=1 through the JS slow paths' };
const HFENCE = { fallback: 'guest TLB fence/invalidation: system instruction (serializing)' };

/** A load: funct7 (size), rs2 field (0 signed, 1 unsigned, 3 HLVX), result extension. */
const load = (name: string, f7: number, sub: number, size: number, ext: string): InsnDef => ({
  name, ext: 'H', match: ((f7 << 25) | (sub << 20) | (4 << 12) | 0x73) >>> 0, mask: 0xfff0707f, fmt: 'HLV', flags: M,
  exec: `{ const v = hlv(h, $insn, ${RS1}, ${size}, ${sub === 3 ? 2 : 1}); ${ext} }`, wasm: HLSV,
});
const store = (name: string, f7: number, size: number): InsnDef => ({
  name, ext: 'H', match: ((f7 << 25) | (4 << 12) | 0x73) >>> 0, mask: 0xfe007fff, fmt: 'HSV', flags: M,
  exec: `hsv(h, $insn, ${RS1}, ${size}, xl[$rs2], xh[$rs2]);`, wasm: HLSV,
});
const fence = (name: string, ext: string, f7: number, fn: string): InsnDef => ({
  name, ext, match: ((f7 << 25) | 0x73) >>> 0, mask: 0xfe007fff, fmt: 'SFENCE',
  flags: InsnFlag.MayTrap | InsnFlag.Serializing, exec: `${fn}(h, $insn, $rs1, $rs2);`, wasm: HFENCE,
});

const SIGNED = (bits: number): string => `xl[$rd] = (v << ${32 - bits}) >> ${32 - bits}; xh[$rd] = xl[$rd] >> 31;`;
const UNSIGNED = (mask: string): string => `xl[$rd] = v & ${mask}; xh[$rd] = 0;`;

export const hypervisor: InsnDef[] = [
  load('hlv.b', 0x30, 0, 1, SIGNED(8)),
  load('hlv.bu', 0x30, 1, 1, UNSIGNED('255')),
  load('hlv.h', 0x32, 0, 2, SIGNED(16)),
  load('hlv.hu', 0x32, 1, 2, UNSIGNED('65535')),
  load('hlvx.hu', 0x32, 3, 2, UNSIGNED('65535')),
  load('hlv.w', 0x34, 0, 4, 'xl[$rd] = v; xh[$rd] = v >> 31;'),
  load('hlv.wu', 0x34, 1, 4, 'xl[$rd] = v; xh[$rd] = 0;'),
  load('hlvx.wu', 0x34, 3, 4, 'xl[$rd] = v; xh[$rd] = 0;'),
  load('hlv.d', 0x36, 0, 8, 'xh[$rd] = h.ldHi; xl[$rd] = v;'),
  store('hsv.b', 0x31, 1),
  store('hsv.h', 0x33, 2),
  store('hsv.w', 0x35, 4),
  store('hsv.d', 0x37, 8),
  fence('hfence.vvma', 'H', 0x11, 'hfenceVvma'),
  fence('hfence.gvma', 'H', 0x31, 'hfenceGvma'),
  // HINVAL.* (Svinval): the permissions and effect of HFENCE.* (TLB fills are in order).
  fence('hinval.vvma', 'Svinval', 0x13, 'hfenceVvma'),
  fence('hinval.gvma', 'Svinval', 0x33, 'hfenceGvma'),
];

export const hypervisorLib = { hlv, hsv, hfenceVvma, hfenceGvma };
