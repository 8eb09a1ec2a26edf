/**
 * Trap entry and trap return (priv spec 1.12, sections 3.1.6.1, 3.1.7, 3.3.2, 4.1.1):
 * delegation through medeleg/mideleg, xepc/xcause/xtval, the MPP/MPIE/MIE stack, and
 * direct/vectored xtvec. Also counts traps per cause and privilege transitions.
 */
import type { Hart } from './hart';
import { Csr, MStatus, Priv } from './csrNumbers';
import { recomputeInterrupts, wfiShouldWake } from './interrupts';

const TWO32 = 4294967296;

function setPair(h: Hart, csr: number, v: number): void {
  h.csrLo[csr] = v | 0;
  h.csrHi[csr] = Math.floor(v / TWO32) | 0;
}

function pairValue(h: Hart, csr: number): number {
  return h.csrHi[csr] * TWO32 + (h.csrLo[csr] >>> 0);
}

function setPriv(h: Hart, to: number): void {
  h.modeTransitions[h.priv * 8 + to]++;
  h.priv = to;
  h.updateContexts();
}

/** Take a trap: exception (interrupt=false, code=cause) or interrupt (code=irq number). */
export function takeTrap(h: Hart, code: number, interrupt: boolean, tval: number): void {
  h.trapCounts[(interrupt ? 64 : 0) + (code & 63)]++;
  h.reservation = -1;
  h.wfi = false;
  const deleg = interrupt ? h.mideleg : h.medeleg;
  const from = h.priv;
  if (from <= Priv.S && ((deleg >>> code) & 1) !== 0) {
    setPair(h, Csr.sepc, h.pc);
    h.csrLo[Csr.scause] = code; h.csrHi[Csr.scause] = interrupt ? 0x80000000 | 0 : 0;
    setPair(h, Csr.stval, tval);
    let s = h.mstatus;
    s = (s & MStatus.SIE) ? s | MStatus.SPIE : s & ~MStatus.SPIE;
    s = from === Priv.S ? s | MStatus.SPP : s & ~MStatus.SPP;
    h.mstatus = s & ~MStatus.SIE;
    setPriv(h, Priv.S);
    h.pc = vector(h, Csr.stvec, code, interrupt);
  } else {
    setPair(h, Csr.mepc, h.pc);
    h.csrLo[Csr.mcause] = code; h.csrHi[Csr.mcause] = interrupt ? 0x80000000 | 0 : 0;
    setPair(h, Csr.mtval, tval);
    h.csrLo[Csr.mtinst] = 0; h.csrHi[Csr.mtinst] = 0;
    let s = h.mstatus;
    s = (s & MStatus.MIE) ? s | MStatus.MPIE : s & ~MStatus.MPIE;
    s = (s & ~MStatus.MPP) | (from << 11);
    h.mstatus = s & ~MStatus.MIE;
    setPriv(h, Priv.M);
    h.pc = vector(h, Csr.mtvec, code, interrupt);
  }
  recomputeInterrupts(h);
}

function vector(h: Hart, csr: number, code: number, interrupt: boolean): number {
  const lo = h.csrLo[csr];
  const base = h.csrHi[csr] * TWO32 + ((lo & ~3) >>> 0);
  return (lo & 3) === 1 && interrupt ? base + 4 * code : base;
}

/** MRET (3.3.2). */
export function mret(h: Hart, insn: number): void {
  if (h.priv < Priv.M) h.illegal(insn);
  let s = h.mstatus;
  const mpp = (s & MStatus.MPP) >>> 11;
  s = (s & MStatus.MPIE) ? s | MStatus.MIE : s & ~MStatus.MIE;
  s |= MStatus.MPIE;
  s &= ~MStatus.MPP; // MPP = U (least-privileged supported mode)
  if (mpp !== Priv.M) s &= ~MStatus.MPRV;
  h.mstatus = s;
  h.pc = pairValue(h, Csr.mepc);
  setPriv(h, mpp);
  h.reservation = -1;
  recomputeInterrupts(h);
}

/** SRET (3.3.2, 4.1.1): illegal in U-mode, and in S-mode when mstatus.TSR = 1. */
export function sret(h: Hart, insn: number): void {
  if (h.priv < Priv.S || (h.priv === Priv.S && (h.mstatus & MStatus.TSR) !== 0)) h.illegal(insn);
  let s = h.mstatus;
  const spp = (s & MStatus.SPP) ? Priv.S : Priv.U;
  s = (s & MStatus.SPIE) ? s | MStatus.SIE : s & ~MStatus.SIE;
  s |= MStatus.SPIE;
  s &= ~MStatus.SPP;
  s &= ~MStatus.MPRV; // SRET always returns to a mode below M
  h.mstatus = s;
  h.pc = pairValue(h, Csr.sepc);
  setPriv(h, spp);
  h.reservation = -1;
  recomputeInterrupts(h);
}

/** WFI (3.3.3): TW traps it outside M-mode; in U-mode it is always illegal here. */
export function wfi(h: Hart, insn: number, nextPc: number): void {
  if (h.priv === Priv.U || (h.priv === Priv.S && (h.mstatus & MStatus.TW) !== 0)) h.illegal(insn);
  h.pc = nextPc;
  h.wfi = true;
  h.stopRequested = true;
  // A WFI that cannot sleep (an interrupt is pending and enabled in mie, but masked
  // globally, e.g. OpenSBI's HSM wait loop with MSIP set) is a spin: let the other
  // harts have the rest of the round (3.3.3 allows WFI to be a hint).
  if (wfiShouldWake(h)) h.pauseHint();
}
