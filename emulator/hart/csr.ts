/**
 * Control and status registers: access checks, WARL masking and side effects
 * (priv spec 1.12 chapters 2, 3 and 4; Zicntr; Sstc).
 *
 * CSR values are 64-bit and travel as (lo, hi) word pairs: csrRead returns the low word
 * and leaves the high word in h.tmpHi. Plain-storage CSRs (mscratch, mepc, ...) live in
 * h.csrLo/h.csrHi; CSRs with behaviour are handled case by case.
 */
import type { Hart } from './hart';
import { CYCLES_PER_TICK } from './hart';
import { Csr, EnvCfg, MachineId, MStatus, Priv } from './csrNumbers';
import { recomputeInterrupts, mipValue } from './interrupts';
import { flushTlbSU, flushTlbGuests } from './mmu';
import { checkGuestCounter, checkHypAccess, hypCsrRead, hypCsrWrite, isHypervisorCsr, updateVstip, VS_IRQS, vstceEnabled } from './hyp';
import { PMP_ENTRIES } from './pmp';

const TWO32 = 4294967296;

/** mstatus bits writable from M-mode. */
const MSTATUS_WMASK = MStatus.SIE | MStatus.MIE | MStatus.SPIE | MStatus.MPIE | MStatus.SPP |
  MStatus.MPP | MStatus.FS | MStatus.MPRV | MStatus.SUM | MStatus.MXR | MStatus.TVM |
  MStatus.TW | MStatus.TSR;
/** mstatus bits visible through sstatus (4.1.1). */
const SSTATUS_MASK = MStatus.SIE | MStatus.SPIE | MStatus.UBE | MStatus.SPP | MStatus.VS |
  MStatus.FS | MStatus.XS | MStatus.SUM | MStatus.MXR;
const SSTATUS_WMASK = MStatus.SIE | MStatus.SPIE | MStatus.SPP | MStatus.FS | MStatus.SUM | MStatus.MXR;

/** Delegable exceptions: all but ecall-from-M (11), with the H extension's 10 and 20-23. */
const MEDELEG_MASK = 0xf0b7ff;
/** Delegable interrupts: SSI, STI, SEI (VSSI, VSTI, VSEI are read-only one, 8.5.2). */
const MIDELEG_MASK = 0x222;
/** mie writable bits: SSIE, MSIE, STIE, MTIE, SEIE, MEIE and VSSIE, VSTIE, VSEIE. */
const MIE_MASK = 0xaaa | VS_IRQS;
/** Supervisor CSRs (level 1) that exist: VU-mode access raises virtual instruction. */
const S_CSRS = new Set<number>([Csr.sstatus, Csr.sie, Csr.stvec, Csr.scounteren, Csr.senvcfg,
  Csr.sscratch, Csr.sepc, Csr.scause, Csr.stval, Csr.sip, Csr.stimecmp, Csr.satp]);
/** menvcfg: FIOM, CBIE, CBCFE, CBZE in the low word; PBMTE (bit 62) and STCE (bit 63)
 *  in the high word. senvcfg has the low-word fields only. */
const MENVCFG_STCE_HI = EnvCfg.STCE_HI | 0;
const ENVCFG_LO_MASK = EnvCfg.FIOM | EnvCfg.CBIE | EnvCfg.CBCFE | EnvCfg.CBZE;
const MENVCFG_HI_MASK = (EnvCfg.PBMTE_HI | EnvCfg.STCE_HI) | 0;

/**
 * Low word of a menvcfg/senvcfg write. CBIE is WARL: the reserved value 10b keeps
 * the previous CBIE (CMO spec 1.0.1 2.5.1 lists 00, 01, 11 as legal).
 */
function envcfgLo(old: number, v: number): number {
  let lo = v & ENVCFG_LO_MASK;
  if ((lo & EnvCfg.CBIE) === 0x20) lo = (lo & ~EnvCfg.CBIE) | (old & EnvCfg.CBIE);
  return lo;
}

/** Read the high word of mstatus: UXL = SXL = 2 (64-bit), GVA, MPV, SD (bit 63). */
function mstatusHi(h: Hart): number {
  const sd = (h.mstatus & MStatus.FS) === MStatus.FS ? 0x80000000 | 0 : 0;
  return 0xa | h.mstatusH | sd;
}

export function stceEnabled(h: Hart): boolean {
  return (h.menvcfgHi & MENVCFG_STCE_HI) !== 0;
}

/** Current mtime (10 MHz ticks) as seen by this hart, idx instructions into a block. */
export function mtimeNow(h: Hart, idx: number): number {
  return Math.floor((h.host.nowCycles(h) + idx) / CYCLES_PER_TICK) + h.host.mtimeOffset();
}

/** Re-evaluate STIP from stimecmp (Sstc). */
export function updateStip(h: Hart, mtime: number): void {
  if (!stceEnabled(h)) return;
  const level = mtime >= h.stimecmp;
  const bit = 1 << 5;
  const old = h.mipHw;
  h.mipHw = level ? old | bit : old & ~bit;
  if (h.mipHw !== old) recomputeInterrupts(h);
}

function splitNumber(h: Hart, v: number): number {
  h.tmpHi = Math.floor(v / TWO32) | 0;
  return v | 0;
}

/** Is a counter (bit index in *counteren) accessible at the current privilege? With
 *  V=1, a counter mcounteren allows but hcounteren/scounteren deny raises virtual
 *  instruction (8.2.5). */
function counterAllowed(h: Hart, bit: number, insn: number): boolean {
  if (h.priv === Priv.M) return true;
  if (((h.mcounteren >>> bit) & 1) === 0) return false;
  if (h.virt !== 0) { checkGuestCounter(h, bit, insn); return true; }
  if (h.priv === Priv.U && ((h.scounteren >>> bit) & 1) === 0) return false;
  return true;
}

/**
 * Read a CSR. Returns the low word, high word in h.tmpHi. Returns undefined (via
 * illegal) for CSRs that do not exist or may not be accessed at this privilege.
 */
export function csrRead(h: Hart, csr: number, idx: number, insn: number): number {
  h.tmpHi = 0;
  if (h.virt !== 0) {
    // VS-mode: sie/sip/stimecmp reach vsie/vsip/vstimecmp; time adds htimedelta.
    switch (csr) {
      case Csr.sie: case Csr.sip: return hypCsrRead(h, csr, 0);
      case Csr.stimecmp:
        if (!stceEnabled(h) || ((h.mcounteren >>> 1) & 1) === 0) h.illegal(insn);
        if (!vstceEnabled(h) || ((h.hcounteren >>> 1) & 1) === 0) h.virtualInsn(insn);
        return hypCsrRead(h, csr, 0);
      case Csr.time:
        if (!counterAllowed(h, 1, insn)) h.illegal(insn);
        return hypCsrRead(h, csr, mtimeNow(h, idx));
      default: break;
    }
  } else if (isHypervisorCsr(csr)) {
    if (csr === Csr.vstimecmp && h.priv < Priv.M && (!stceEnabled(h) || ((h.mcounteren >>> 1) & 1) === 0)) h.illegal(insn);
    return hypCsrRead(h, csr, mtimeNow(h, idx));
  }
  switch (csr) {
    case Csr.fflags: h.fpCheck(insn); return h.fflags;
    case Csr.frm: h.fpCheck(insn); return h.frm;
    case Csr.fcsr: h.fpCheck(insn); return (h.frm << 5) | h.fflags;
    case Csr.cycle:
      if (!counterAllowed(h, 0, insn)) h.illegal(insn);
      return splitNumber(h, h.cycles + idx - h.mcycleOffset);
    case Csr.time:
      if (!counterAllowed(h, 1, insn)) h.illegal(insn);
      return splitNumber(h, mtimeNow(h, idx));
    case Csr.instret:
      if (!counterAllowed(h, 2, insn)) h.illegal(insn);
      return splitNumber(h, h.instret + idx - h.minstretOffset);
    case Csr.mcycle: return splitNumber(h, h.cycles + idx - h.mcycleOffset);
    case Csr.minstret: return splitNumber(h, h.instret + idx - h.minstretOffset);
    case Csr.sstatus:
      h.tmpHi = mstatusHi(h) & (0x3 | (0x80000000 | 0));
      return h.mstatus & SSTATUS_MASK;
    case Csr.sie: return h.mie & h.mideleg & ~VS_IRQS;
    case Csr.sip: return mipValue(h) & h.mideleg & ~VS_IRQS;
    case Csr.scounteren: return h.scounteren;
    case Csr.senvcfg: return h.senvcfg;
    case Csr.stimecmp:
      if (h.priv < Priv.M && (!stceEnabled(h) || ((h.mcounteren >>> 1) & 1) === 0)) h.illegal(insn);
      if (!stceEnabled(h) && h.priv < Priv.M) h.illegal(insn);
      h.tmpHi = h.stimecmpHi;
      return h.stimecmpLo;
    case Csr.satp:
      if (h.priv === Priv.S && h.virt === 0 && (h.mstatus & MStatus.TVM) !== 0) h.illegal(insn);
      h.tmpHi = ((h.satpMode << 28) | (h.satpAsid << 12) | Math.floor(h.satpPpn / TWO32)) | 0;
      return h.satpPpn | 0;
    case Csr.mvendorid: return MachineId.mvendorid;
    case Csr.marchid: return MachineId.marchid;
    case Csr.mimpid: return MachineId.mimpid;
    case Csr.mconfigptr: return 0;
    case Csr.mhartid: return h.id;
    case Csr.mstatus: h.tmpHi = mstatusHi(h); return h.mstatus;
    case Csr.misa: h.tmpHi = 0x80000000 | 0; return h.misa;
    case Csr.medeleg: return h.medeleg;
    case Csr.mideleg: return h.mideleg;
    case Csr.mie: return h.mie;
    case Csr.mip: return mipValue(h);
    case Csr.mcounteren: return h.mcounteren;
    case Csr.mcountinhibit: return h.mcountinhibit;
    case Csr.menvcfg: h.tmpHi = h.menvcfgHi; return h.menvcfgLo;
    case Csr.tselect: return 0;
    case Csr.tdata1: case Csr.tdata2: case Csr.tdata3: return 0;
    case Csr.tinfo: return 1; // no triggers of any type (only "none" = bit 0)
    case Csr.mseccfg: return 0;
    default: break;
  }
  if (csr >= Csr.pmpcfg0 && csr <= Csr.pmpcfg15) {
    if (csr & 1) h.illegal(insn); // odd pmpcfg registers do not exist on RV64
    const first = (csr - Csr.pmpcfg0) * 4;
    if (first >= PMP_ENTRIES) return 0;
    const c = h.pmp.cfg;
    h.tmpHi = c[first + 4] | (c[first + 5] << 8) | (c[first + 6] << 16) | (c[first + 7] << 24);
    return c[first] | (c[first + 1] << 8) | (c[first + 2] << 16) | (c[first + 3] << 24);
  }
  if (csr >= Csr.pmpaddr0 && csr <= Csr.pmpaddr63) {
    const i = csr - Csr.pmpaddr0;
    if (i >= PMP_ENTRIES) return 0;
    h.tmpHi = h.pmp.addrHi[i] | 0;
    return h.pmp.addrLo[i] | 0;
  }
  if ((csr >= Csr.hpmcounter3 && csr <= Csr.hpmcounter31)) {
    if (!counterAllowed(h, csr - Csr.cycle, insn)) h.illegal(insn);
    return 0;
  }
  if ((csr >= Csr.mhpmcounter3 && csr <= Csr.mhpmcounter31) ||
      (csr >= Csr.mhpmevent3 && csr <= Csr.mhpmevent31)) return 0;
  if (isPlain(csr)) { h.tmpHi = h.csrHi[csr]; return h.csrLo[csr]; }
  return h.illegal(insn);
}

/** CSRs that are plain 64-bit storage. */
function isPlain(csr: number): boolean {
  switch (csr) {
    case Csr.mscratch: case Csr.mepc: case Csr.mcause: case Csr.mtval: case Csr.mtvec:
    case Csr.sscratch: case Csr.sepc: case Csr.scause: case Csr.stval: case Csr.stvec:
    case Csr.mtinst: case Csr.mtval2:
      return true;
  }
  return false;
}

/** Write a CSR (value lo/hi) after access checks were done by csrInsn. */
export function csrWrite(h: Hart, csr: number, lo: number, hi: number, idx: number, insn: number): void {
  if (h.virt !== 0 ? csr === Csr.sie || csr === Csr.sip || csr === Csr.stimecmp : isHypervisorCsr(csr)) {
    if (csr === Csr.vsstatus && ((h.altSstatus ^ lo) & (MStatus.SUM | MStatus.MXR)) !== 0) flushTlbGuests(h);
    hypCsrWrite(h, csr, lo, hi, mtimeNow(h, idx), writeSatpFields);
    return;
  }
  switch (csr) {
    case Csr.fflags: h.fpOn(insn); h.fflags = lo & 0x1f; return;
    case Csr.frm: h.fpOn(insn); h.frm = lo & 7; return;
    case Csr.fcsr: h.fpOn(insn); h.fflags = lo & 0x1f; h.frm = (lo >>> 5) & 7; return;
    case Csr.mcycle: h.mcycleOffset = h.cycles + idx + 1 - (hi * TWO32 + (lo >>> 0)); return;
    case Csr.minstret:
      // The write takes effect after this instruction retires (priv spec 3.1.11).
      h.minstretOffset = h.instret + idx + 1 - (hi * TWO32 + (lo >>> 0)); return;
    case Csr.sstatus: writeMstatus(h, (h.mstatus & ~SSTATUS_WMASK) | (lo & SSTATUS_WMASK)); return;
    case Csr.sie: {
      const m = h.mideleg & MIDELEG_MASK;
      h.mie = (h.mie & ~m) | (lo & m); recomputeInterrupts(h); return;
    }
    case Csr.sip:
      // Only SSIP is writable through sip, and only when delegated.
      if (h.mideleg & 2) h.mipSw = (h.mipSw & ~2) | (lo & 2);
      recomputeInterrupts(h); return;
    case Csr.scounteren: h.scounteren = lo & 7; return;
    case Csr.senvcfg: h.senvcfg = envcfgLo(h.senvcfg, lo); return;
    case Csr.stimecmp:
      h.stimecmpLo = lo; h.stimecmpHi = hi;
      h.stimecmp = (hi >>> 0) * TWO32 + (lo >>> 0);
      updateStip(h, mtimeNow(h, idx));
      h.stopRequested = true; // the scheduler re-plans its slice around the new deadline
      return;
    case Csr.satp: writeSatp(h, lo, hi); return;
    case Csr.mstatus: {
      const oldH = h.mstatusH;
      h.mstatusH = hi & (MStatus.GVA_HI | MStatus.MPV_HI);
      writeMstatus(h, (h.mstatus & ~MSTATUS_WMASK) | (lo & MSTATUS_WMASK));
      if (((oldH ^ h.mstatusH) & MStatus.MPV_HI) !== 0) h.updateContexts();
      return;
    }
    case Csr.misa: return; // WARL, read-only here
    case Csr.medeleg: h.medeleg = lo & MEDELEG_MASK; return;
    case Csr.mideleg: h.mideleg = (lo & MIDELEG_MASK) | VS_IRQS; recomputeInterrupts(h); return;
    case Csr.mie: h.mie = lo & MIE_MASK; recomputeInterrupts(h); return;
    case Csr.mip: {
      // SSIP, SEIP, and STIP (unless Sstc drives it) are software-writable (3.1.9);
      // VSSIP is an alias of hvip.VSSIP (8.5.3).
      const wmask = 0x202 | (stceEnabled(h) ? 0 : 0x20);
      h.mipSw = (h.mipSw & ~wmask) | (lo & wmask);
      h.hvip = (h.hvip & ~4) | (lo & 4);
      recomputeInterrupts(h); return;
    }
    case Csr.mcounteren: h.mcounteren = lo & 7; return;
    case Csr.mcountinhibit: h.mcountinhibit = lo & 5; return;
    case Csr.menvcfg:
    {
      const oldHi = h.menvcfgHi;
      h.menvcfgLo = envcfgLo(h.menvcfgLo, lo); h.menvcfgHi = hi & MENVCFG_HI_MASK;
      // PBMTE changes what S/U translations are legal: drop cached ones.
      if (((oldHi ^ h.menvcfgHi) & EnvCfg.PBMTE_HI) !== 0) flushTlbSU(h);
      if (!stceEnabled(h)) h.mipHw &= ~0x20;
      updateStip(h, mtimeNow(h, idx));
      updateVstip(h, mtimeNow(h, idx));
      recomputeInterrupts(h); return;
    }
    case Csr.mtvec: case Csr.stvec:
      if ((lo & 3) >= 2) return; // reserved modes: keep the old value (WARL)
      h.csrLo[csr] = lo; h.csrHi[csr] = hi; return;
    case Csr.mepc: case Csr.sepc:
      h.csrLo[csr] = lo & ~1; h.csrHi[csr] = hi; return;
    case Csr.tselect: case Csr.tdata1: case Csr.tdata2: case Csr.tdata3: case Csr.tinfo:
    case Csr.mseccfg:
      return;
    default: break;
  }
  if (csr >= Csr.pmpcfg0 && csr <= Csr.pmpcfg15) {
    const first = (csr - Csr.pmpcfg0) * 4;
    for (let k = 0; k < 8 && first + k < PMP_ENTRIES; k++) {
      h.pmp.writeCfg(first + k, k < 4 ? (lo >>> (8 * k)) & 0xff : (hi >>> (8 * (k - 4))) & 0xff);
    }
    pmpChanged(h); return;
  }
  if (csr >= Csr.pmpaddr0 && csr <= Csr.pmpaddr63) {
    const i = csr - Csr.pmpaddr0;
    if (i < PMP_ENTRIES) h.pmp.writeAddr(i, lo, hi);
    pmpChanged(h); return;
  }
  if ((csr >= Csr.mhpmcounter3 && csr <= Csr.mhpmcounter31) ||
      (csr >= Csr.mhpmevent3 && csr <= Csr.mhpmevent31)) return;
  if (isPlain(csr)) { h.csrLo[csr] = lo; h.csrHi[csr] = hi; return; }
  h.illegal(insn);
}

function pmpChanged(h: Hart): void {
  h.tlbVpn.fill(NaN); // PMP changes affect every context, M included
  h.bus.codeEpoch++;
}

export function writeMstatus(h: Hart, v: number): void {
  // MPP is WARL: 2 (reserved) keeps the previous value.
  if (((v & MStatus.MPP) >>> 11) === 2) v = (v & ~MStatus.MPP) | (h.mstatus & MStatus.MPP);
  const old = h.mstatus;
  h.mstatus = v;
  // SUM/MXR change what cached translations allow. With V=1 these are vsstatus's bits
  // (the current guest slot); with V=0, HS-level MXR also applies to guest stages.
  const changed = (old ^ v) & (MStatus.SUM | MStatus.MXR);
  if (changed !== 0) {
    if (h.virt !== 0) flushTlbGuests(h, h.guestSlot);
    else { flushTlbSU(h); if ((changed & MStatus.MXR) !== 0) flushTlbGuests(h); }
  }
  if ((old ^ v) & (MStatus.MPRV | MStatus.MPP)) h.updateContexts();
  recomputeInterrupts(h);
}

/** Set the live satp fields; false (and no change) for an unsupported MODE. */
function writeSatpFields(h: Hart, lo: number, hi: number): boolean {
  const mode = hi >>> 28;
  // Bare, Sv39, Sv48, and Sv57 when enabled (Hart.sv57); any other MODE leaves satp
  // unchanged (WARL, 4.1.11; with V=1 the write to vsatp is ignored, 8.2.18).
  if (mode !== 0 && mode !== 8 && mode !== 9 && !(mode === 10 && h.sv57)) return false;
  h.satpMode = mode;
  h.satpAsid = (hi >>> 12) & 0xffff;
  h.satpPpn = (hi & 0xfff) * TWO32 + (lo >>> 0);
  return true;
}

function writeSatp(h: Hart, lo: number, hi: number): void {
  if (!writeSatpFields(h, lo, hi)) return;
  // V=1: a new vsatp selects (or fills) another guest slot; V=0: host contexts.
  if (h.virt !== 0) h.updateContexts();
  else flushTlbSU(h);
}

/**
 * Execute a Zicsr instruction. op: 1 = RW, 2 = RS, 3 = RC (funct3 & 3).
 * `write` tells whether the instruction writes (RW always; RS/RC when rs1/uimm != 0).
 * The old value goes to rd (rd = 32 is the sink for x0).
 */
export function csrInsn(h: Hart, insn: number, csr: number, op: number, srcLo: number, srcHi: number,
  write: boolean, rd: number, idx: number): void {
  if (write && (csr >>> 10) === 3) h.illegal(insn);
  const level = (csr >>> 8) & 3;
  if (h.virt !== 0 || level === 2) {
    // VU-mode reaching an unimplemented supervisor CSR number stays illegal.
    if (h.virt !== 0 && level === 1 && h.priv === Priv.U && !S_CSRS.has(csr)) h.illegal(insn);
    // VU-mode: stimecmp is virtual only where HS-mode could access it (Sstc).
    if (h.virt !== 0 && csr === Csr.stimecmp && h.priv === Priv.U &&
        (!stceEnabled(h) || ((h.mcounteren >>> 1) & 1) === 0)) h.illegal(insn);
    checkHypAccess(h, csr, insn);
  } else if (level > h.priv) h.illegal(insn);
  // CSRRW with rd = x0 does not read (no read side effects), but must still check existence.
  const oldLo = csrRead(h, csr, idx, insn);
  const oldHi = h.tmpHi;
  if (write) {
    let lo = srcLo, hi = srcHi;
    if (op === 2) { lo = oldLo | srcLo; hi = oldHi | srcHi; }
    else if (op === 3) { lo = oldLo & ~srcLo; hi = oldHi & ~srcHi; }
    csrWrite(h, csr, lo, hi, idx, insn);
  }
  h.xl[rd] = oldLo;
  h.xh[rd] = oldHi;
}
