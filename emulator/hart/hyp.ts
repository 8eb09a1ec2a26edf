/**
 * The H extension's machine state (priv spec 20211203, chapter 8): switching the
 * virtualization mode V, and the hypervisor and virtual-supervisor CSRs.
 *
 * World switch: while V=1 the live supervisor state (the S fields of mstatus, stvec,
 * sscratch, sepc, scause, stval, satp) holds the VS values and the HS values wait in
 * altSstatus/altSatp* and the vs* slots of csrLo/csrHi; setVirt swaps them. So the
 * S-level trap entry, SRET and translation code serves VS-mode unchanged, and CSR
 * numbers of supervisor CSRs naturally reach the vs* registers when V=1 (8.2).
 *
 * Choices the spec leaves open (docs/machine.md): GEILEN = 0 (hgeie/hgeip and VGEIN
 * read-only zero); VMIDLEN = 14; hgatp MODEs Bare, Sv39x4, Sv48x4 (a write with
 * another MODE keeps the old MODE and writes VMID and PPN, 8.2.10 "WARL in the normal
 * way"); hgatp.PPN[1:0] read-only zero; VSXL = UXL = 2 read-only; VSBE = 0;
 * hcounteren bits CY, TM, IR; henvcfg.STCE/PBMTE read as zero while the menvcfg bit is 0.
 */
import type { Hart } from './hart';
import { Csr, EnvCfg, HStatus, MStatus, Priv } from './csrNumbers';
import { recomputeInterrupts, mipValue } from './interrupts';
import { flushGTlb } from './walk';

const TWO32 = 4294967296;

/** sstatus fields that vsstatus replicates (8.2.11). */
export const VSSTATUS_MASK = MStatus.SIE | MStatus.SPIE | MStatus.UBE | MStatus.SPP | MStatus.VS |
  MStatus.FS | MStatus.XS | MStatus.SUM | MStatus.MXR;
const VSSTATUS_WMASK = MStatus.SIE | MStatus.SPIE | MStatus.SPP | MStatus.FS | MStatus.SUM | MStatus.MXR;
/** hstatus writable fields (GEILEN = 0: VGEIN read-only zero; VSBE read-only zero). */
const HSTATUS_WMASK = HStatus.GVA | HStatus.SPV | HStatus.SPVP | HStatus.HU | HStatus.VTVM |
  HStatus.VTW | HStatus.VTSR;
/** hedeleg: bits 0-8, 12, 13, 15 writable; 9-11 and 20-23 read-only zero (table 8.2). */
const HEDELEG_MASK = 0xb1ff;
/** VS-level interrupts: VSSI (2), VSTI (6), VSEI (10). */
export const VS_IRQS = 0x444;
const HENVCFG_LO_MASK = EnvCfg.FIOM | EnvCfg.CBIE | EnvCfg.CBCFE | EnvCfg.CBZE;
/** The HS/VS register pairs swapped by a world switch (S-level CSR, VS CSR). */
const SWAPPED = [Csr.stvec, Csr.vstvec, Csr.sscratch, Csr.vsscratch, Csr.sepc, Csr.vsepc,
  Csr.scause, Csr.vscause, Csr.stval, Csr.vstval];
/** The hypervisor and VS CSRs implemented (8.2): the CSR numbers with bits 9:8 = 2. */
const H_CSRS = new Set<number>([Csr.vsstatus, Csr.vsie, Csr.vstvec, Csr.vsscratch, Csr.vsepc,
  Csr.vscause, Csr.vstval, Csr.vsip, Csr.vstimecmp, Csr.vsatp, Csr.hstatus, Csr.hedeleg,
  Csr.hideleg, Csr.hie, Csr.htimedelta, Csr.hcounteren, Csr.hgeie, Csr.henvcfg, Csr.htval,
  Csr.hip, Csr.hvip, Csr.htinst, Csr.hgatp, Csr.hgeip]);

/** Is csr one of the implemented hypervisor / VS CSRs? */
export function isHypervisorCsr(csr: number): boolean {
  return H_CSRS.has(csr);
}

/**
 * Set the privilege mode and V (trap entry and return). Swaps the HS and VS supervisor
 * state when V changes, counts the transition, and recomputes the TLB contexts.
 */
export function setMode(h: Hart, priv: number, virt: number): void {
  const to = priv + 4 * virt;
  h.modeTransitions[h.mode * 8 + to]++;
  if (h.trace !== null && to !== h.mode) h.trace.mode(h, h.mode, to);
  if (virt !== h.virt) swapWorlds(h);
  h.virt = virt;
  h.priv = priv;
  const from = h.mode;
  h.mode = to;
  h.updateContexts();
  if (h.probe !== null && to !== from) h.probe.mode(h, from);
}

/** Leave the guest before writing HS or M trap state: swap to the HS registers and set
 *  V = 0 (setMode then records the transition). */
export function exitGuest(h: Hart): void {
  if (h.virt === 0) return;
  swapWorlds(h);
  h.virt = 0;
}

/** Exchange the live supervisor state with the waiting copy (see header). */
function swapWorlds(h: Hart): void {
  const s = h.mstatus;
  h.mstatus = (s & ~VSSTATUS_MASK) | (h.altSstatus & VSSTATUS_MASK);
  h.altSstatus = s & VSSTATUS_MASK;
  const lo = h.csrLo, hi = h.csrHi;
  for (let k = 0; k < SWAPPED.length; k += 2) {
    const a = SWAPPED[k], b = SWAPPED[k + 1];
    const tl = lo[a], th = hi[a];
    lo[a] = lo[b]; hi[a] = hi[b]; lo[b] = tl; hi[b] = th;
  }
  let t = h.satpMode; h.satpMode = h.altSatpMode; h.altSatpMode = t;
  t = h.satpAsid; h.satpAsid = h.altSatpAsid; h.altSatpAsid = t;
  t = h.satpPpn; h.satpPpn = h.altSatpPpn; h.altSatpPpn = t;
}

/** Run fn with V=0 and the architectural HS view of the CSRs, e.g. for a debugger
 *  reading CSRs while the hart is in a guest; V and the guest layout come back after. */
export function withHostView<T>(h: Hart, fn: () => T): T {
  if (h.virt === 0) return fn();
  swapWorlds(h);
  h.virt = 0;
  try { return fn(); } finally { swapWorlds(h); h.virt = 1; }
}

/** henvcfg as it reads: STCE and PBMTE are zero while the menvcfg bit is zero. */
function henvcfgHi(h: Hart): number {
  return h.henvcfgHi & h.menvcfgHi;
}

/** Is VS-level Sstc on (menvcfg.STCE and henvcfg.STCE)? */
export function vstceEnabled(h: Hart): boolean {
  return (henvcfgHi(h) & EnvCfg.STCE_HI) !== 0;
}

/** Re-evaluate the VSTIP signal from vstimecmp at host time `mtime` (Sstc, 8.2.3). */
export function updateVstip(h: Hart, mtime: number): void {
  const level = vstceEnabled(h) && mtime + h.htimedelta >= h.vstimecmp;
  const bit = 1 << 6;
  const old = h.mipHw;
  h.mipHw = level ? old | bit : old & ~bit;
  if (h.mipHw !== old) recomputeInterrupts(h);
}

function splitNumber(h: Hart, v: number): number {
  h.tmpHi = Math.floor(v / TWO32) | 0;
  return v | 0;
}

/** vsip/vsie value from hip/hie bits: VS bits (2, 6, 10) shift down to (1, 5, 9) where
 *  hideleg delegates them (8.2.12). */
function toVs(h: Hart, v: number): number {
  return (v & h.hideleg & VS_IRQS) >>> 1;
}

/** Read a VS-level supervisor CSR reached with V=1 (sie/sip/stimecmp), or a hypervisor /
 *  VS CSR by its own number (V=0). Returns the low word, high word in h.tmpHi. */
export function hypCsrRead(h: Hart, csr: number, mtime: number): number {
  h.tmpHi = 0;
  switch (csr) {
    case Csr.hstatus: h.tmpHi = 2; return h.hstatus; // VSXL = 2 (bits 33:32)
    case Csr.hedeleg: return h.hedeleg;
    case Csr.hideleg: return h.hideleg;
    case Csr.hie: return h.mie & VS_IRQS;
    case Csr.hip: return mipValue(h) & VS_IRQS;
    case Csr.hvip: return h.hvip;
    case Csr.hcounteren: return h.hcounteren;
    case Csr.hgeie: case Csr.hgeip: return 0;
    case Csr.henvcfg: h.tmpHi = henvcfgHi(h); return h.henvcfgLo;
    case Csr.htimedelta: return splitNumber(h, h.htimedelta);
    case Csr.hgatp:
      h.tmpHi = ((h.hgatpMode << 28) | (h.hgatpVmid << 12) | Math.floor(h.hgatpPpn / TWO32)) | 0;
      return h.hgatpPpn | 0;
    case Csr.htval: case Csr.htinst:
    case Csr.vstvec: case Csr.vsscratch: case Csr.vsepc: case Csr.vscause: case Csr.vstval:
      h.tmpHi = h.csrHi[csr]; return h.csrLo[csr];
    case Csr.vsstatus: {
      const v = h.altSstatus;
      h.tmpHi = 2 | ((v & MStatus.FS) === MStatus.FS ? 0x80000000 | 0 : 0); // UXL = 2, SD
      return v;
    }
    case Csr.vsie: case Csr.sie: return toVs(h, h.mie);
    case Csr.vsip: case Csr.sip: return toVs(h, mipValue(h));
    case Csr.vstimecmp: case Csr.stimecmp: h.tmpHi = h.vstimecmpHi; return h.vstimecmpLo;
    case Csr.vsatp:
      h.tmpHi = ((h.altSatpMode << 28) | (h.altSatpAsid << 12) | Math.floor(h.altSatpPpn / TWO32)) | 0;
      return h.altSatpPpn | 0;
    case Csr.time: return splitNumber(h, mtime + h.htimedelta);
    default: return 0;
  }
}

/** Write a hypervisor / VS CSR (or, with V=1, the VS-level sie/sip/stimecmp). */
export function hypCsrWrite(h: Hart, csr: number, lo: number, hi: number, mtime: number,
  writeSatpFields: (h: Hart, lo: number, hi: number) => boolean): void {
  switch (csr) {
    case Csr.hstatus: h.hstatus = lo & HSTATUS_WMASK; return;
    case Csr.hedeleg: h.hedeleg = lo & HEDELEG_MASK; return;
    case Csr.hideleg: h.hideleg = lo & VS_IRQS; break;
    case Csr.hie: h.mie = (h.mie & ~VS_IRQS) | (lo & VS_IRQS); break;
    case Csr.hip: h.hvip = (h.hvip & ~4) | (lo & 4); break; // VSSIP aliases hvip.VSSIP
    case Csr.hvip: h.hvip = lo & VS_IRQS; break;
    case Csr.hcounteren: h.hcounteren = lo & 7; return;
    case Csr.hgeie: return;
    case Csr.henvcfg: {
      let l = lo & HENVCFG_LO_MASK;
      if ((l & EnvCfg.CBIE) === 0x20) l = (l & ~EnvCfg.CBIE) | (h.henvcfgLo & EnvCfg.CBIE);
      h.henvcfgLo = l;
      h.henvcfgHi = hi & (EnvCfg.PBMTE_HI | EnvCfg.STCE_HI);
      updateVstip(h, mtime);
      break;
    }
    case Csr.htimedelta: h.htimedelta = hi * TWO32 + (lo >>> 0); updateVstip(h, mtime); break;
    case Csr.hgatp: {
      const mode = hi >>> 28;
      const old = [h.hgatpMode, h.hgatpVmid, h.hgatpPpn];
      if (mode === 0 || mode === 8 || mode === 9) h.hgatpMode = mode;
      h.hgatpVmid = (hi >>> 12) & 0x3fff;
      h.hgatpPpn = (hi & 0xfff) * TWO32 + ((lo & ~3) >>> 0); // 16 KiB root: PPN[1:0] = 0
      // The G-stage TLB holds the current hgatp's translations only.
      if (old[0] !== h.hgatpMode || old[1] !== h.hgatpVmid || old[2] !== h.hgatpPpn) flushGTlb(h, null);
      h.updateContexts();
      return;
    }
    case Csr.htval: case Csr.htinst: case Csr.vsscratch: case Csr.vscause: case Csr.vstval:
      h.csrLo[csr] = lo; h.csrHi[csr] = hi; return;
    case Csr.vstvec:
      if ((lo & 3) >= 2) return; // reserved modes keep the old value (WARL)
      h.csrLo[csr] = lo; h.csrHi[csr] = hi; return;
    case Csr.vsepc: h.csrLo[csr] = lo & ~1; h.csrHi[csr] = hi; return;
    case Csr.vsstatus: h.altSstatus = (h.altSstatus & ~VSSTATUS_WMASK) | (lo & VSSTATUS_WMASK); return;
    case Csr.vsie: case Csr.sie: {
      const m = h.hideleg & VS_IRQS;
      h.mie = (h.mie & ~m) | ((lo << 1) & m);
      break;
    }
    case Csr.vsip: case Csr.sip:
      if (h.hideleg & 4) h.hvip = (h.hvip & ~4) | ((lo << 1) & 4); // only SSIP is writable
      break;
    case Csr.vstimecmp: case Csr.stimecmp:
      h.vstimecmpLo = lo; h.vstimecmpHi = hi;
      h.vstimecmp = (hi >>> 0) * TWO32 + (lo >>> 0);
      updateVstip(h, mtime);
      h.stopRequested = true; // the scheduler re-plans its slice around the new deadline
      return;
    case Csr.vsatp: {
      // V=0: vsatp with an unsupported MODE is ignored, as for satp (8.2.18).
      const t = [h.satpMode, h.satpAsid, h.satpPpn];
      if (writeSatpFields(h, lo, hi)) {
        h.altSatpMode = h.satpMode; h.altSatpAsid = h.satpAsid; h.altSatpPpn = h.satpPpn;
      }
      h.satpMode = t[0]; h.satpAsid = t[1]; h.satpPpn = t[2];
      h.updateContexts();
      return;
    }
    default: return;
  }
  recomputeInterrupts(h);
}

/**
 * Access rules of a CSR instruction when V=1 or for hypervisor CSRs (8.2, 8.6.1).
 * Called after the read-only check. Raises illegal-instruction or virtual-instruction.
 */
export function checkHypAccess(h: Hart, csr: number, insn: number): void {
  const level = (csr >>> 8) & 3;
  if (h.virt === 0) {
    // HS-mode and M-mode reach the hypervisor CSRs (level 2); U-mode does not.
    if (level === 2 && (h.priv === Priv.U || !H_CSRS.has(csr))) h.illegal(insn);
    if (csr === Csr.hgatp && h.priv === Priv.S && (h.mstatus & MStatus.TVM) !== 0) h.illegal(insn);
    return;
  }
  if (level === 3) h.illegal(insn);
  if (level === 2) {
    // An implemented hypervisor or VS CSR: virtual instruction (as it would be legal in
    // HS-mode); unimplemented numbers stay illegal.
    if (H_CSRS.has(csr)) h.virtualInsn(insn);
    h.illegal(insn);
  }
  if (level === 1 && h.priv === Priv.U) h.virtualInsn(insn); // caller checked existence
  if (csr === Csr.satp && (h.hstatus & HStatus.VTVM) !== 0) h.virtualInsn(insn);
}

/** Counter access with V=1: after mcounteren allowed it, hcounteren and (VU) scounteren
 *  decide; a clear bit raises a virtual-instruction exception (8.2.5). */
export function checkGuestCounter(h: Hart, bit: number, insn: number): void {
  if (((h.hcounteren >>> bit) & 1) === 0) h.virtualInsn(insn);
  if (h.priv === Priv.U && ((h.scounteren >>> bit) & 1) === 0) h.virtualInsn(insn);
}
