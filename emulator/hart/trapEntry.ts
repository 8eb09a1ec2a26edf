/**
 * Trap entry and trap return (priv spec 1.12, sections 3.1.6.1, 3.1.7, 3.3.2, 4.1.1,
 * and the H extension, priv spec 20211203 8.6): delegation through medeleg/mideleg and
 * hedeleg/hideleg, xepc/xcause/xtval, htval/htinst/mtval2/mtinst, hstatus SPV/SPVP/GVA,
 * mstatus MPV/GVA, the MPP/MPIE/MIE stack, and direct/vectored xtvec. Also counts traps
 * per cause and per mode transition, VM exits and VM entries.
 */
import type { Hart } from './hart';
import { Csr, HStatus, MStatus, Priv } from './csrNumbers';
import { recomputeInterrupts, wfiShouldWake } from './interrupts';
import { exitGuest, setMode } from './hyp';
import { fetchInsnQuiet, transformInsn } from './transformInsn';

const TWO32 = 4294967296;

function setPair(h: Hart, csr: number, v: number): void {
  h.csrLo[csr] = v | 0;
  h.csrHi[csr] = Math.floor(v / TWO32) | 0;
}

function pairValue(h: Hart, csr: number): number {
  return h.csrHi[csr] * TWO32 + (h.csrLo[csr] >>> 0);
}

/** Exceptions whose tval is a virtual address (GVA when the access was made as V=1). */
const ADDRESS_CAUSES = (1 << 0) | (1 << 1) | (1 << 3) | (1 << 4) | (1 << 5) | (1 << 6) |
  (1 << 7) | (1 << 12) | (1 << 13) | (1 << 15) | (1 << 20) | (1 << 21) | (1 << 23);
/** Guest-page faults: htval/mtval2 get the guest physical address >> 2 (8.6.2). */
const GPF_CAUSES = (1 << 20) | (1 << 21) | (1 << 23);

/**
 * Take a trap: exception (interrupt=false, code=cause) or interrupt (code=irq number).
 * Targets (8.6.2): M unless medeleg/mideleg delegate; from V=1, HS unless
 * hedeleg/hideleg delegate further to VS (VS-level interrupts 2/6/10 arrive as 1/5/9).
 */
export function takeTrap(h: Hart, code: number, interrupt: boolean, tval: number): void {
  h.trapCounts[(interrupt ? 64 : 0) + (code & 63)]++;
  h.traps++;
  if (h.trace !== null) h.trace.trap(h, code, interrupt);
  if (h.probe !== null) h.probe.trap(h, code, interrupt);
  h.reservation = -1;
  h.wfi = false;
  const from = h.priv, virt = h.virt, fromMode = h.mode;
  const bit = code < 32 ? (1 << code) : 0;
  const deleg = interrupt ? h.mideleg : h.medeleg;
  // Does tval hold a guest virtual address, and is there a guest physical address?
  const gva = !interrupt && (ADDRESS_CAUSES & bit) !== 0 &&
    ((code === 0 || code === 1 || code === 3 || code === 12 || code === 20) ? virt !== 0 : h.xlatVirt !== 0);
  const gpf = !interrupt && (GPF_CAUSES & bit) !== 0;
  if (from <= Priv.S && ((deleg >>> code) & 1) !== 0) {
    if (virt !== 0 && (((interrupt ? h.hideleg : h.hedeleg) >>> code) & 1) !== 0) {
      // Into VS-mode: the live S registers are the VS ones (hyp.ts).
      enterS(h, interrupt ? code - 1 : code, interrupt, tval, from);
      setMode(h, Priv.S, 1);
    } else {
      const tinst = gpf ? trapInsn(h, tval) : 0;
      if (virt !== 0) {
        h.vmExits[(interrupt ? 64 : 0) + (code & 63)]++;
        if (h.vmHook !== null) h.vmHook.exit(h, code, interrupt, tval);
        exitGuest(h); // swap to the HS registers before writing them
      }
      let hs = h.hstatus & ~(HStatus.SPV | HStatus.GVA);
      if (virt !== 0) hs = (hs | HStatus.SPV) & ~HStatus.SPVP | (from === Priv.S ? HStatus.SPVP : 0);
      if (gva) hs |= HStatus.GVA;
      h.hstatus = hs;
      setPair(h, Csr.htval, gpf ? Math.floor(h.trapGpa / 4) : 0);
      setPair(h, Csr.htinst, tinst);
      enterS(h, code, interrupt, tval, from);
      setMode(h, Priv.S, 0);
    }
  } else {
    const tinst = gpf ? trapInsn(h, tval) : 0;
    if (virt !== 0) {
      h.vmExits[(interrupt ? 64 : 0) + (code & 63)]++;
      if (h.vmHook !== null) h.vmHook.exit(h, code, interrupt, tval);
    }
    exitGuest(h);
    setPair(h, Csr.mepc, h.pc);
    h.csrLo[Csr.mcause] = code; h.csrHi[Csr.mcause] = interrupt ? 0x80000000 | 0 : 0;
    setPair(h, Csr.mtval, tval);
    setPair(h, Csr.mtval2, gpf ? Math.floor(h.trapGpa / 4) : 0);
    setPair(h, Csr.mtinst, tinst);
    let s = h.mstatus;
    s = (s & MStatus.MIE) ? s | MStatus.MPIE : s & ~MStatus.MPIE;
    s = (s & ~MStatus.MPP) | (from << 11);
    h.mstatus = s & ~MStatus.MIE;
    h.mstatusH = (virt !== 0 ? MStatus.MPV_HI : 0) | (gva ? MStatus.GVA_HI : 0);
    setMode(h, Priv.M, 0);
    h.pc = vector(h, Csr.mtvec, code, interrupt);
  }
  h.trapTransitions[fromMode * 8 + h.mode]++;
  h.trapPseudo = -1;
  recomputeInterrupts(h);
}

/** S-level trap entry on the live registers (HS, or VS when V=1). */
function enterS(h: Hart, code: number, interrupt: boolean, tval: number, from: number): void {
  setPair(h, Csr.sepc, h.pc);
  h.csrLo[Csr.scause] = code; h.csrHi[Csr.scause] = interrupt ? 0x80000000 | 0 : 0;
  setPair(h, Csr.stval, tval);
  let s = h.mstatus;
  s = (s & MStatus.SIE) ? s | MStatus.SPIE : s & ~MStatus.SPIE;
  s = from === Priv.S ? s | MStatus.SPP : s & ~MStatus.SPP;
  h.mstatus = s & ~MStatus.SIE;
  h.pc = vector(h, Csr.stvec, code, interrupt);
}

/**
 * htinst/mtinst for a guest-page fault (8.6.3): the pseudoinstruction of an implicit
 * VS-stage access, else the transformed load/store/AMO/HLV/HSV instruction at pc, or 0
 * (instruction fetches, and anything that cannot be read back).
 */
function trapInsn(h: Hart, tval: number): number {
  if (h.trapPseudo >= 0) return h.trapPseudo;
  const insn = fetchInsnQuiet(h, h.pc);
  if (insn < 0) return 0;
  return transformInsn(insn, tval - h.accessVa);
}

function vector(h: Hart, csr: number, code: number, interrupt: boolean): number {
  const lo = h.csrLo[csr];
  const base = h.csrHi[csr] * TWO32 + ((lo & ~3) >>> 0);
  return (lo & 3) === 1 && interrupt ? base + 4 * code : base;
}

/** MRET (3.3.2, 8.6.4): V = MPV unless MPP = M; MPV = 0. */
export function mret(h: Hart, insn: number): void {
  if (h.priv < Priv.M) h.illegal(insn);
  let s = h.mstatus;
  const mpp = (s & MStatus.MPP) >>> 11;
  const v = mpp !== Priv.M && (h.mstatusH & MStatus.MPV_HI) !== 0 ? 1 : 0;
  s = (s & MStatus.MPIE) ? s | MStatus.MIE : s & ~MStatus.MIE;
  s |= MStatus.MPIE;
  s &= ~MStatus.MPP; // MPP = U (least-privileged supported mode)
  if (mpp !== Priv.M) s &= ~MStatus.MPRV;
  h.mstatus = s;
  h.mstatusH &= ~MStatus.MPV_HI;
  h.pc = pairValue(h, Csr.mepc);
  if (v !== 0) h.vmEntries++;
  setMode(h, mpp, v);
  h.reservation = -1;
  recomputeInterrupts(h);
  if (v !== 0 && h.vmHook !== null) h.vmHook.entry(h);
}

/**
 * SRET (3.3.2, 4.1.1, 8.6.4). V=0: illegal in U-mode and, in HS-mode, when mstatus.TSR=1;
 * returns to V = hstatus.SPV (then SPV = 0). V=1: virtual instruction in VU-mode and, in
 * VS-mode, when hstatus.VTSR=1; returns within the guest using vsstatus.
 */
export function sret(h: Hart, insn: number): void {
  if (h.virt !== 0) {
    if (h.priv === Priv.U || (h.hstatus & HStatus.VTSR) !== 0) h.virtualInsn(insn);
  } else if (h.priv < Priv.S || (h.priv === Priv.S && (h.mstatus & MStatus.TSR) !== 0)) h.illegal(insn);
  let s = h.mstatus;
  const spp = (s & MStatus.SPP) ? Priv.S : Priv.U;
  s = (s & MStatus.SPIE) ? s | MStatus.SIE : s & ~MStatus.SIE;
  s |= MStatus.SPIE;
  s &= ~MStatus.SPP;
  s &= ~MStatus.MPRV; // SRET always returns to a mode below M
  h.mstatus = s;
  h.pc = pairValue(h, Csr.sepc);
  let v = h.virt;
  if (v === 0 && (h.hstatus & HStatus.SPV) !== 0) {
    v = 1;
    h.hstatus &= ~HStatus.SPV;
    h.vmEntries++;
  }
  const entered = v !== h.virt;
  setMode(h, spp, v);
  h.reservation = -1;
  recomputeInterrupts(h);
  if (entered && h.vmHook !== null) h.vmHook.entry(h);
}

/** WFI (3.3.3, 8.6.1): TW traps it (illegal) outside M-mode; in U-mode it is illegal;
 *  in VU-mode, and in VS-mode with hstatus.VTW=1, it raises virtual instruction. */
export function wfi(h: Hart, insn: number, nextPc: number): void {
  if (h.priv !== Priv.M && (h.mstatus & MStatus.TW) !== 0) h.illegal(insn);
  if (h.virt !== 0) {
    if (h.priv === Priv.U || (h.hstatus & HStatus.VTW) !== 0) h.virtualInsn(insn);
  } else if (h.priv === Priv.U) h.illegal(insn);
  h.pc = nextPc;
  h.wfi = true;
  h.stopRequested = true;
  // A WFI that cannot sleep (an interrupt is pending and enabled in mie, but masked
  // globally, e.g. OpenSBI's HSM wait loop with MSIP set) is a spin: let the other
  // harts have the rest of the round (3.3.3 allows WFI to be a hint).
  if (wfiShouldWake(h)) h.pauseHint();
}
