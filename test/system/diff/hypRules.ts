/**
 * Known QEMU 7.2 deviations in the hypervisor extension (priv spec 20211203, chapter 8),
 * tolerated by the differential test (cosim.ts) unless `--strict`. Listed with the spec
 * section each violates in docs/difftest.md ("Known QEMU 7.2 deviations").
 *
 * Two kinds:
 *  - HYP_TOLERANCES: a CSR read (csrr rd, csr) returns a different value; when the exact
 *    situation holds, QEMU's value of rd is taken (as cosim.ts's TOLERANCES).
 *  - EVENT_RULES: QEMU traps where HyperStep does not (or the reverse). Decided before
 *    HyperStep executes the instruction, from HyperStep's state and QEMU's next record;
 *    HyperStep then does what QEMU did (takes QEMU's trap, or retires the instruction the
 *    way QEMU does).
 * Every rule is counted by name in the result.
 */
import type { Hart } from '../../../emulator/hart/hart';
import { takeTrap } from '../../../emulator/hart/trapEntry';
import { slowLoad, translate } from '../../../emulator/hart/mmu';
import { setMode } from '../../../emulator/hart/hyp';
import { flushGTlb } from '../../../emulator/hart/walk';
import { recomputeInterrupts } from '../../../emulator/hart/interrupts';
import type { LastTrap, Tolerance } from './cosim';
import type { QemuRecord } from './qemuTrace';

const TWO32 = 4294967296;

/** Cause numbers (priv spec table 3.6 and 8.6). */
const ILLEGAL = 2, LOAD_ACCESS = 5, STORE_ACCESS = 7, LOAD_PF = 13, STORE_PF = 15;
const FETCH_GPF = 20, LOAD_GPF = 21, STORE_GPF = 23, VIRTUAL = 22;

/** HLV/HLVX/HSV (8.3.1): SYSTEM, funct3 4, funct7 0x30-0x37. */
export function isHlvHsv(raw: number): boolean {
  if ((raw & 0x707f) !== 0x4073) return false;
  const f7 = raw >>> 25;
  return f7 >= 0x30 && f7 <= 0x37;
}

const bits64 = (v: [number, number]): bigint => (BigInt(v[1] >>> 0) << 32n) | BigInt(v[0] >>> 0);

/**
 * Both values agree on the bits in `writable`, and HyperStep's value has no bit outside
 * `legal`: QEMU keeps bits that are WPRI or read-only in the spec.
 */
function onlyIllegalBitsDiffer(q: [number, number], hv: [number, number], writable: bigint, legal: bigint): boolean {
  const a = bits64(q), b = bits64(hv);
  return ((a ^ b) & writable) === 0n && (b & ~legal) === 0n;
}

// hstatus (8.2.1): GVA SPV SPVP HU VTVM VTW VTSR writable; VSBE, VGEIN (GEILEN = 0) and
// VSXL (= 2) read-only here; everything else WPRI.
const HSTATUS_W = (1n << 6n) | (1n << 7n) | (1n << 8n) | (1n << 9n) | (1n << 20n) | (1n << 21n) | (1n << 22n);
const HSTATUS_LEGAL = HSTATUS_W | (1n << 5n) | (0x3fn << 12n) | (3n << 32n);
// vsstatus (8.2.11): SIE SPIE SPP FS SUM MXR writable; UBE, VS, XS, UXL (= 2), SD legal.
const VSSTATUS_W = (1n << 1n) | (1n << 5n) | (1n << 8n) | (3n << 13n) | (1n << 18n) | (1n << 19n);
const VSSTATUS_LEGAL = VSSTATUS_W | (1n << 6n) | (3n << 9n) | (3n << 15n) | (3n << 32n) | (1n << 63n);

export const HYP_TOLERANCES: Tolerance[] = [
  {
    // 8.2.1 / 8.2.11 (and 2.3: WPRI fields read zero): QEMU 7.2 keeps every bit written to
    // hstatus and vsstatus (vsstatus.UXL reads 3).
    name: 'hstatus/vsstatus WPRI bits kept (QEMU 7.2)',
    csrs: [0x600, 0x200, 0x100],
    applies: (h, csr, q, hv) => {
      if (csr === 0x600) return onlyIllegalBitsDiffer(q, hv, HSTATUS_W, HSTATUS_LEGAL);
      if (csr === 0x100 && h.virt === 0) return false; // sstatus of HS is not vsstatus
      return onlyIllegalBitsDiffer(q, hv, VSSTATUS_W, VSSTATUS_LEGAL);
    },
  },
  {
    // 8.6.2 (hedeleg): an exception delegated to VS keeps its cause; only the VS-level
    // interrupts 2/6/10 arrive as 1/5/9. QEMU 7.2 also subtracts one from exception
    // causes 2 and 6.
    name: 'VS-delegated exception cause 2/6 read as 1/5 (QEMU 7.2)',
    csrs: [0x142, 0x242],
    applies: (h, csr, q, hv, t) => t.toVirt === 1 && hv[1] === 0 && q[1] === 0 &&
      (hv[0] === 2 || hv[0] === 6) && q[0] === hv[0] - 1 && (csr === 0x242 ? h.virt === 0 : h.virt === 1),
  },
  {
    // 8.6.1: a virtual-instruction trap writes xtval as an illegal-instruction trap does
    // (HyperStep: the encoding; priv 3.1.16: if written, the faulting instruction). QEMU
    // 7.2 writes 0 or a stale encoding for the virtual- and illegal-instruction traps its
    // decoder raises for the non-CSR SYSTEM instructions.
    name: 'xtval of a virtual/illegal-instruction trap of HLV/HSV/HFENCE/WFI/SRET/SFENCE (QEMU 7.2: 0 or stale)',
    csrs: [0x343, 0x143, 0x643],
    applies: (_h, _csr, _q, hv, t) => t.insn >= 0 && hv[1] === 0 && (hv[0] >>> 0) === (t.insn >>> 0) &&
      (t.cause === VIRTUAL || (t.cause === ILLEGAL && isDecoderSystemInsn(t.insn))),
  },
  {
    // 8.6.3: htinst/mtinst of a guest-page fault hold the transformed instruction or a
    // pseudo-instruction (required for implicit VS-stage accesses); QEMU 7.2 writes 0.
    name: 'mtinst/htinst of a guest-page fault 0 (QEMU 7.2)',
    csrs: [0x34a, 0x64a],
    applies: (_h, _csr, q, _hv, t) => q[0] === 0 && q[1] === 0 &&
      (t.cause === FETCH_GPF || t.cause === LOAD_GPF || t.cause === STORE_GPF),
  },
  {
    // 8.2.x / 8.6.3: mtinst and htinst are WARL and need hold only the values the
    // implementation writes on traps; QEMU 7.2 writes only 0 (so ignores writes),
    // HyperStep keeps transformed instructions and pseudo-instructions (a choice).
    name: 'mtinst/htinst written by software read 0 (WARL; QEMU 7.2 holds only 0)',
    csrs: [0x34a, 0x64a],
    applies: (_h, _csr, q, _hv, t) => q[0] === 0 && q[1] === 0 &&
      !(t.cause === FETCH_GPF || t.cause === LOAD_GPF || t.cause === STORE_GPF),
  },
  {
    // 8.3.1: a VS-stage permission failure of HLV/HSV is a page fault (13/15); QEMU 7.2
    // reports a load/store access fault (5/7).
    name: 'HLV/HSV/MPRV(MPV=1) VS-stage fault reported as access fault (QEMU 7.2)',
    csrs: [0x342, 0x142],
    applies: (_h, _csr, q, hv, t) => (isHlvHsv(t.insn) || mprvGuest(t)) && q[1] === 0 && hv[1] === 0 &&
      ((q[0] === LOAD_ACCESS && hv[0] === LOAD_PF) || (q[0] === STORE_ACCESS && hv[0] === STORE_PF)),
  },
  {
    // Priv 3.1.16 / 8.6.2: EBREAK may write 0 or the pc to xtval; HyperStep writes the
    // pc, a guest virtual address from V = 1, so it sets mstatus.GVA (8.2.x GVA); QEMU
    // writes 0 and leaves GVA clear. Both are consistent with their own xtval.
    name: 'mstatus/hstatus.GVA after ebreak from V=1 (xtval 0 or pc)',
    csrs: [0x300, 0x600],
    applies: (_h, csr, q, hv, t) => t.cause === 3 && t.virt === 1 && q[0] === hv[0] &&
      (csr === 0x300 ? (hv[1] ^ q[1]) === 1 << 6 && (hv[1] & (1 << 6)) !== 0
        : q[1] === hv[1] && (hv[0] ^ q[0]) === 1 << 6 && (hv[0] & (1 << 6)) !== 0),
  },
  {
    // 8.4.2: mideleg bit 12 (SGEI) is read-only one only if GEILEN is nonzero. QEMU 7.2
    // has guest external interrupts, HyperStep GEILEN = 0 (implementation choice).
    name: 'mideleg.SGEI / hie.SGEIE one (GEILEN > 0 in QEMU, 0 in HyperStep)',
    csrs: [0x303, 0x604, 0x304],
    applies: (_h, _csr, q, hv) => q[1] === hv[1] && q[0] === (hv[0] | 0x1000) && (hv[0] & 0x1000) === 0,
  },
  {
    // 8.2.x (mstatus.GVA / hstatus.GVA): written on every trap into M (HS), 0 when xtval
    // holds no guest virtual address. QEMU 7.2 sets GVA only when V = 1 and mtval != 0
    // and never clears it.
    name: 'GVA not cleared by a trap without a guest virtual address (QEMU 7.2)',
    csrs: [0x300, 0x600],
    applies: (_h, csr, q, hv) => (csr === 0x300
      ? q[0] === hv[0] && (q[1] ^ hv[1]) === 1 << 6 && (q[1] & (1 << 6)) !== 0
      : q[1] === hv[1] && (q[0] ^ hv[0]) === 1 << 6 && (q[0] & (1 << 6)) !== 0),
  },
  {
    // 8.2.x GVA: set when xtval holds a guest virtual address, also for HLV/HSV (and
    // MPRV with MPV = 1) faults taken from V = 0. QEMU 7.2 sets it only from V = 1.
    name: 'GVA not set for an HLV/HSV/MPRV fault from V=0 (QEMU 7.2)',
    csrs: [0x300, 0x600],
    applies: (_h, csr, q, hv, t) => t.virt === 0 &&
      (isHlvHsv(t.insn) || mprvGuest(t)) &&
      (csr === 0x300
        ? q[0] === hv[0] && (q[1] ^ hv[1]) === 1 << 6 && (hv[1] & (1 << 6)) !== 0
        : q[1] === hv[1] && (q[0] ^ hv[0]) === 1 << 6 && (hv[0] & (1 << 6)) !== 0),
  },
  {
    // 8.5 / 8.6.1: an AMO that faults in the G stage raises a store/AMO guest-page fault
    // (23); QEMU 7.2 reports a load guest-page fault (21).
    name: 'AMO guest-page fault reported as load guest-page fault (QEMU 7.2)',
    csrs: [0x342, 0x142],
    applies: (_h, _csr, q, hv, t) => (t.insn & 0x7f) === 0x2f && q[1] === 0 && hv[1] === 0 &&
      q[0] === LOAD_GPF && hv[0] === STORE_GPF,
  },
  {
    // 8.5.1: a guest-page fault on an implicit VS-stage page-table access is reported for
    // the original access type (store: 23, with the pseudo-instruction in mtinst/htinst);
    // QEMU 7.2 always reports a load guest-page fault (21).
    name: 'store/fetch: G-stage fault on a VS-stage PTE access reported as load guest-page fault (QEMU 7.2)',
    csrs: [0x342, 0x142],
    applies: (h, csr, q, hv, t) => q[1] === 0 && hv[1] === 0 && q[0] === LOAD_GPF &&
      ((hv[0] === STORE_GPF && ((t.insn & 0x7f) === 0x23 || (isHlvHsv(t.insn) && ((t.insn >>> 25) & 1) === 1))) ||
       (hv[0] === FETCH_GPF && t.insn < 0)) &&
      [0x3000, 0x3020].includes(h.csrLo[csr === 0x342 ? 0x34a : 0x64a]),
  },
  {
    // 8.2.10: hgatp.PPN[1:0] (the root table is 16 KiB aligned) and bits 59:58 of MODE's
    // neighbour read zero here; QEMU 7.2 keeps what was written.
    // MODE is WARL: QEMU 7.2 keeps the reserved MODE 1..7 / 11..15 and Sv57x4 (10, which
    // it implements, HyperStep does not); HyperStep keeps its previous MODE then.
    name: 'hgatp PPN[1:0] / bits 59:58 kept, MODE WARL (QEMU 7.2)',
    csrs: [0x680],
    applies: (_h, _csr, q, hv) => {
      const qm = q[1] >>> 28, hm = hv[1] >>> 28;
      const modeOk = qm === hm || (qm !== 0 && qm !== 8 && qm !== 9);
      return modeOk && (q[0] & ~3) === hv[0] && (hv[0] & 3) === 0 &&
        (q[1] & 0x03ffffff) === (hv[1] & 0x03ffffff) && (hv[1] & 0x0c000000) === 0;
    },
  },
  {
    // 8.2.12 (vsip/vsie): with hideleg bit 6 clear, vsip.STIP/vsie.STIE are read-only zero
    // and writes change nothing; QEMU 7.2's vsip/vsie write clears hvip.VSTIP / hie.VSTIE.
    name: 'hvip.VSTIP / hie.VSTIE cleared by a vsip/vsie write (QEMU 7.2)',
    csrs: [0x645, 0x604],
    applies: (_h, _csr, q, hv) => q[1] === hv[1] && (q[0] ^ hv[0]) === 0x40 && (hv[0] & 0x40) !== 0,
  },
  {
    // 8.2.12: vsip.STIP/SEIP (vsie.STIE/SEIE) alias hip.VSTIP/VSEIP (hie.VSTIE/VSEIE) when
    // delegated in hideleg, also as sip/sie in VS-mode; QEMU 7.2 shows only SSIP in vsip
    // and masks VS-mode sip/sie with mideleg's S bits. QEMU's value lacks some of the bits.
    name: 'vsip/vsie (VS sip/sie) missing STIP/SEIP bits (QEMU 7.2)',
    csrs: [0x244, 0x204, 0x144, 0x104],
    applies: (h, csr, q, hv) => (csr >= 0x200 || h.virt === 1) && q[1] === 0 && hv[1] === 0 &&
      (q[0] & ~hv[0]) === 0 && (hv[0] & ~0x222) === 0,
  },
  {
    // 8.2.x (vsepc) / priv 4.1.7: xepc[0] is always zero; QEMU 7.2 keeps bit 0 of vsepc.
    name: 'vsepc bit 0 kept (QEMU 7.2)',
    csrs: [0x241, 0x141],
    applies: (h, csr, q, hv) => (csr === 0x241 || h.virt === 1) && q[1] === hv[1] && (q[0] ^ hv[0]) === 1 && (q[0] & 1) !== 0,
  },
  {
    // 8.2.x (vsatp): a write with an unsupported MODE while V = 0 is ignored (as for satp)
    // or WARL; QEMU 7.2 keeps the reserved MODE (e.g. 5).
    name: 'vsatp keeps a reserved MODE (QEMU 7.2)',
    csrs: [0x280],
    applies: (_h, _csr, q) => { const m = q[1] >>> 28; return m >= 1 && m <= 7 || m >= 11; },
  },
  {
    // Counter-enable bits of counters that do not exist are WARL (priv 3.1.11, 8.2.x):
    // HyperStep keeps only CY/TM/IR, QEMU 7.2 keeps all 32 bits (implementation choice).
    name: 'mcounteren/hcounteren/scounteren bits of absent counters (WARL)',
    csrs: [0x306, 0x606, 0x106],
    applies: (_h, _csr, q, hv) => (q[0] & 7) === (hv[0] & 7) && (hv[0] & ~7) === 0 && hv[1] === 0,
  },
  {
    // 8.6.1: in VU-mode, a supervisor CSR access, HFENCE.VVMA/GVMA, SRET and SFENCE.VMA
    // raise a virtual-instruction exception (22); QEMU 7.2 raises illegal instruction.
    name: 'VU-mode supervisor instruction: illegal instead of virtual instruction (QEMU 7.2)',
    csrs: [0x342, 0x142],
    applies: (_h, _csr, q, hv, t) => t.virt === 1 && t.priv === 0 && q[1] === 0 && hv[1] === 0 &&
      q[0] === ILLEGAL && hv[0] === VIRTUAL && isVuVirtualInsn(t.insn),
  },
  {
    // 8.6.1: WFI in VU with mstatus.TW = 1 raises illegal instruction (TW takes
    // precedence); QEMU 7.2 raises a virtual-instruction exception.
    name: 'WFI in VU with TW=1: virtual instead of illegal instruction (QEMU 7.2)',
    csrs: [0x342, 0x142],
    applies: (_h, _csr, q, hv, t) => t.virt === 1 && t.priv === 0 && (t.mstatus & (1 << 21)) !== 0 &&
      (t.insn >>> 0) === 0x10500073 && q[1] === 0 && hv[1] === 0 && q[0] === VIRTUAL && hv[0] === ILLEGAL,
  },
  {
    // Reset values: mtimecmp has none (priv 3.2.1); HyperStep's resets to all-ones,
    // QEMU's to 0, so QEMU shows MTIP pending before software programs it.
    name: 'mip.MTIP before mtimecmp is written (reset value unspecified)',
    csrs: [0x344],
    applies: (_h, _csr, q, hv) => q[1] === hv[1] && (q[0] ^ hv[0]) === 0x80 && (q[0] & 0x80) !== 0,
  },
  {
    // Sstc / 8.2.x: hip.VSTIP reflects (time + htimedelta >= vstimecmp) at all times while
    // henvcfg.STCE = 1; QEMU 7.2 re-evaluates it only when vstimecmp is written.
    name: 'hip.VSTIP not re-evaluated as time passes (QEMU 7.2)',
    csrs: [0x344, 0x644],
    applies: (h, _csr, q, hv) => (h.henvcfgHi & (1 << 31)) !== 0 && h.vstimecmp !== Infinity &&
      q[1] === hv[1] && (q[0] ^ hv[0]) === 0x40 && (hv[0] & 0x40) !== 0,
  },
  {
    // Sstc: with henvcfg.STCE = 0, vstimecmp does not drive VSTIP; QEMU 7.2 still does.
    name: 'hip.VSTIP driven by vstimecmp with henvcfg.STCE=0 (QEMU 7.2)',
    csrs: [0x344, 0x644],
    applies: (h, _csr, q, hv) => (h.henvcfgHi & (1 << 31)) === 0 &&
      q[1] === hv[1] && (q[0] ^ hv[0]) === 0x40 && (q[0] & 0x40) !== 0,
  },
  {
    // Consequence of QEMU 7.2's MRET with MPP = M and MPV = 1 (V = 1 in M-mode, see
    // cosim.ts): QEMU has swapped the VS copies of the sstatus fields into mstatus.
    name: 'mstatus S fields swapped with vsstatus while QEMU 7.2 is in M-mode with V=1',
    csrs: [0x300],
    applies: (h, _csr, q, hv, _t, rec) => h.priv === 3 && rec.virt === 1 &&
      ((bits64(q) ^ bits64(hv)) & ~QEMU_SWAP_MASK) === 0n,
  },
  {
    // Same cause: an exception taken by QEMU 7.2 from M-mode with V = 1 saves MPV = 1
    // (8.5.x: MPV is the V of the trapping mode, 0 in M).
    name: 'mstatus.MPV = 1 after a trap from QEMU 7.2\'s M-mode with V=1',
    csrs: [0x300],
    applies: (_h, _csr, q, hv, t) => t.qemuVirtInM && q[0] === hv[0] && (q[1] ^ hv[1]) === 1 << 7 && (q[1] & (1 << 7)) !== 0,
  },
];

/** The trap came from an M-mode load/store with MPRV = 1 and MPV = 1 (a guest access). */
function mprvGuest(t: LastTrap): boolean {
  return t.priv === 3 && (t.mstatus & (1 << 17)) !== 0 && (t.mstatusHi & (1 << 7)) !== 0 &&
    t.insn >= 0 && isMemoryAccess(t.insn);
}

/** Non-CSR SYSTEM instructions (funct3 0 or 4): HLV/HSV, HFENCE, WFI, SRET, SFENCE.VMA. */
function isDecoderSystemInsn(raw: number): boolean {
  const f3 = (raw >>> 12) & 7;
  return (raw & 0x7f) === 0x73 && (f3 === 0 || f3 === 4);
}

/** mstatus fields QEMU 7.2 swaps with vsstatus when V changes (sstatus view + UXL). */
const QEMU_SWAP_MASK = (1n << 1n) | (1n << 5n) | (1n << 8n) | (3n << 13n) | (1n << 18n) | (1n << 19n) | (3n << 32n);

/** Instructions that are virtual-instruction exceptions in VU-mode (8.6.1). */
function isVuVirtualInsn(raw: number): boolean {
  if ((raw & 0x7f) !== 0x73) return false;
  const f3 = (raw >>> 12) & 7;
  if (f3 !== 0 && f3 !== 4) return ((raw >>> 20) & 0x300) === 0x100; // supervisor CSR
  if (f3 !== 0) return false;
  const f7 = raw >>> 25;
  return (raw >>> 0) === 0x10200073 || f7 === 0x09 || f7 === 0x11 || f7 === 0x31; // SRET, SFENCE.VMA, HFENCEs
}

/** Where QEMU's record shows an exception taken at pc: [cause, tval, gpa] or null. */
function qemuException(rec: QemuRecord, pc: number): { cause: number; tval: number; gpa: number } | null {
  const sets: Array<[string, string, string, string]> = [
    ['mcause', 'mepc', 'mtval', 'mtval2'], ['scause', 'sepc', 'stval', 'htval'], ['vscause', 'vsepc', 'vstval', 'htval'],
  ];
  for (const [c, e, t, g] of sets) {
    const cv = rec.csr(c), ev = rec.csr(e);
    if (cv === undefined || ev === undefined || cv[1] !== 0) continue;
    if (ev[1] * TWO32 + (ev[0] >>> 0) !== pc) continue;
    const tv = rec.csr(t) ?? [0, 0], gv = rec.csr(g) ?? [0, 0];
    return { cause: cv[0], tval: tv[1] * TWO32 + (tv[0] >>> 0), gpa: (gv[1] * TWO32 + (gv[0] >>> 0)) * 4 };
  }
  return null;
}

/** A rule about whether an instruction traps (see the file header). */
export interface EventRule {
  name: string;
  /** raw is at h.pc and not yet executed; rec is QEMU's state after it. */
  matches(h: Hart, raw: number, rec: QemuRecord): boolean;
  /** Make HyperStep do what QEMU did. */
  apply(h: Hart, raw: number, rec: QemuRecord, step: () => void): 'trap' | 'insn';
}

const insnLen = (raw: number): number => ((raw & 3) === 3 ? 4 : 2);

/** QEMU took an exception at this instruction (the next record is not its fall-through). */
function qemuTrapped(h: Hart, raw: number, rec: QemuRecord): ReturnType<typeof qemuException> {
  if (rec.pc === h.pc + insnLen(raw)) return null;
  return qemuException(rec, h.pc);
}

/** Take QEMU's exception in HyperStep (guest-page faults with QEMU's GPA). */
function injectQemuTrap(h: Hart, rec: QemuRecord, guestVa = true): 'trap' {
  const x = qemuException(rec, h.pc)!;
  h.trapGpa = x.gpa;
  h.trapPseudo = -1;
  h.accessVa = x.tval;
  h.xlatVirt = guestVa ? 1 : 0;
  takeTrap(h, x.cause, false, x.tval);
  return 'trap';
}

/**
 * Would HyperStep's load (raw, at h.pc) fault? Returns the cause, or 0. Translates the
 * address like the load would (filling the TLB and setting A bits, as the load itself
 * then does); no trap is taken.
 */
function probeLoad(h: Hart, raw: number): number {
  const rs1 = (raw >>> 15) & 31;
  const va = h.xh[rs1] * TWO32 + (h.xl[rs1] >>> 0) + (raw >> 20);
  const size = 1 << ((raw >>> 12) & 3);
  return probe(h, () => translate(h, va, 1, size));
}

/** Run fn; the fault cause it raised or 0. HyperStep's trap bookkeeping is restored. */
function probe(h: Hart, fn: () => void): number {
  const saved = [h.trapGpa, h.trapPseudo, h.xlatVirt, h.accessVa];
  try {
    fn();
    return 0;
  } catch (e) {
    if (e !== h.signal) throw e;
    return h.signal.cause;
  } finally {
    [h.trapGpa, h.trapPseudo, h.xlatVirt, h.accessVa] = saved;
  }
}

/** Would HyperStep's HLV/HLVX (raw, at h.pc) fault? The cause, or 0 (the load is done). */
function probeHlv(h: Hart, raw: number): number {
  const rs1 = (raw >>> 15) & 31;
  const va = h.xh[rs1] * TWO32 + (h.xl[rs1] >>> 0);
  const f7 = raw >>> 25;
  const size = f7 === 0x36 ? 8 : f7 === 0x34 ? 4 : f7 === 0x32 ? 2 : 1;
  return probe(h, () => { slowLoad(h, va, size, ((raw >>> 20) & 31) === 3 ? 2 : 1); });
}

/**
 * Retire an instruction whose only effect in QEMU was rd (a load that QEMU allowed):
 * HyperStep takes QEMU's rd and moves to the next instruction without executing it.
 * Not for stores (the memory write would be missing).
 */
function retireAsQemu(h: Hart, raw: number, rec: QemuRecord): 'insn' {
  const store = (raw & 0x7f) === 0x23 || (isHlvHsv(raw) && ((raw >>> 25) & 1) === 1);
  if (store) throw new Error('retireAsQemu: a store cannot be retired from QEMU\'s registers');
  const rd = (raw >>> 7) & 31;
  if (rd !== 0) { h.xl[rd] = rec.xl[rd]; h.xh[rd] = rec.xh[rd]; }
  h.pc += insnLen(raw);
  h.instret++;
  return 'insn';
}

/** Loads and stores that QEMU can translate through the G stage (V = 1 or HLV/HSV). */
function isMemoryAccess(raw: number): boolean {
  const op = raw & 0x7f;
  return op === 0x03 || op === 0x23 || op === 0x2f || op === 0x07 || op === 0x27 || isHlvHsv(raw) || (raw & 3) !== 3;
}

export const EVENT_RULES: EventRule[] = [
  {
    // 8.2.10: with mstatus.TVM = 1, hgatp accesses in HS-mode raise illegal instruction;
    // QEMU 7.2 allows them. HyperStep executes the access with TVM cleared.
    name: 'mstatus.TVM ignored for hgatp in HS (QEMU 7.2)',
    matches: (h, raw, rec) => h.virt === 0 && h.priv === 1 && (h.mstatus & (1 << 20)) !== 0 &&
      (raw & 0x7f) === 0x73 && ((raw >>> 12) & 3) !== 0 && (raw >>> 20) === 0x680 &&
      rec.pc === h.pc + 4,
    apply: (h, _raw, _rec, step) => {
      h.mstatus &= ~(1 << 20);
      try { step(); } finally { h.mstatus |= 1 << 20; }
      return 'insn';
    },
  },
  {
    // 8.2.1 (hstatus.VTVM): satp accesses in VS-mode raise a virtual-instruction exception
    // when VTVM = 1; QEMU 7.2 ignores VTVM for satp. HyperStep executes the access with
    // VTVM cleared for that instruction.
    name: 'hstatus.VTVM ignored for satp accesses in VS (QEMU 7.2)',
    matches: (h, raw, rec) => h.virt === 1 && h.priv === 1 && (h.hstatus & (1 << 20)) !== 0 &&
      (raw & 0x7f) === 0x73 && ((raw >>> 12) & 3) !== 0 && (raw >>> 20) === 0x180 &&
      rec.pc === h.pc + 4 && rec.virt === 1,
    apply: (h, _raw, _rec, step) => {
      h.hstatus &= ~(1 << 20);
      try { step(); } finally { h.hstatus |= 1 << 20; }
      return 'insn';
    },
  },
  {
    // 8.4.1 / 8.6.1: mstatus.TSR and TVM affect HS-mode only (in VS, hstatus.VTSR/VTVM
    // apply); QEMU 7.2 also makes SRET / SFENCE.VMA in VS illegal with TSR / TVM = 1.
    name: 'mstatus.TSR/TVM applied to VS-mode SRET/SFENCE.VMA (QEMU 7.2)',
    matches: (h, raw, rec) => h.virt === 1 && h.priv === 1 &&
      (((raw >>> 0) === 0x10200073 && (h.mstatus & (1 << 22)) !== 0) ||
       ((raw & 0xfe007fff) === 0x12000073 && (h.mstatus & (1 << 20)) !== 0)) &&
      qemuTrapped(h, raw, rec)?.cause === ILLEGAL,
    apply: (h, _raw, rec) => injectQemuTrap(h, rec, false),
  },
  {
    // 8.5 (MXR): the HS-level sstatus.MXR makes execute-only G-stage pages readable
    // also for V = 1 accesses; QEMU 7.2 ignores it while V = 1 (load guest-page fault).
    name: 'HS-level sstatus.MXR ignored for the G stage while V=1 (QEMU 7.2)',
    matches: (h, raw, rec) => h.virt === 1 && (raw & 0x7f) === 0x03 && (h.altSstatus & (1 << 19)) !== 0 &&
      qemuTrapped(h, raw, rec)?.cause === LOAD_GPF && probeLoad(h, raw) === 0,
    apply: (h, _raw, rec) => injectQemuTrap(h, rec),
  },
  {
    // 8.3.1: HLVX needs execute permission only (a page executable in both stages without
    // R is readable by HLVX); QEMU 7.2 raises a load access fault.
    name: 'HLVX of an execute-only page: load access fault (QEMU 7.2)',
    matches: (h, raw, rec) => isHlvHsv(raw) && ((raw >>> 20) & 31) === 3 && qemuTrapped(h, raw, rec)?.cause === LOAD_ACCESS,
    apply: (h, _raw, rec) => injectQemuTrap(h, rec, false),
  },
  {
    // 8.3.1: HLVX needs execute permission (not read) in both stages; QEMU 7.2 reads
    // non-executable pages (also with vsstatus.MXR = 1).
    name: 'HLVX of a non-executable page completes (QEMU 7.2)',
    matches: (h, raw, rec) => isHlvHsv(raw) && ((raw >>> 20) & 31) === 3 && rec.pc === h.pc + 4 &&
      rec.virt === h.virt && probeHlv(h, raw) !== 0,
    apply: (h, raw, rec) => retireAsQemu(h, raw, rec),
  },
  {
    // 8.3.1: HLV/HSV accesses are checked against vsstatus.SUM/MXR (as if V = 1), not the
    // HS-level sstatus.SUM. QEMU 7.2 applies the HS-level SUM, so an HLV from an HS/M
    // with sstatus.SUM = 1 and vsstatus.SUM = 0 (SPVP = 1) to a VS user page completes.
    name: 'HLV/HSV with HS-level sstatus.SUM=1 allowed on a VS user page (QEMU 7.2)',
    matches: (h, raw, rec) => isHlvHsv(raw) && h.virt === 0 && (h.hstatus & (1 << 8)) !== 0 &&
      (h.mstatus & (1 << 18)) !== 0 && (h.altSstatus & (1 << 18)) === 0 && rec.pc === h.pc + 4 &&
      rec.virt === 0,
    apply: (h, raw, rec) => retireAsQemu(h, raw, rec),
  },
  {
    // 8.5.1: for Sv39x4 (Sv48x4) the GPA is 41 (50) bits wide and bits 40:39 (49:48)
    // index the 16 KiB root table; QEMU 7.2 treats bit 40 (49) as the start of a sign
    // extension and raises a guest-page fault for root indices >= 1024.
    name: 'G-stage root index >= 1024 faults (QEMU 7.2)',
    matches: (h, raw, rec) => {
      if (!isMemoryAccess(raw)) return false;
      const x = qemuTrapped(h, raw, rec);
      if (x === null || (x.cause !== LOAD_GPF && x.cause !== STORE_GPF && x.cause !== FETCH_GPF)) return false;
      const mode = h.hgatpMode;
      const top = mode === 8 ? 40 : mode === 9 ? 49 : -1;
      return top > 0 && Math.floor(x.gpa / 2 ** top) === 1;
    },
    apply: (h, _raw, rec) => injectQemuTrap(h, rec),
  },
];

/**
 * State a V = 1 load can change by trapping into M-mode, saved before HyperStep executes
 * it so that a trap QEMU 7.2 does not take can be undone (ROLLBACK_RULES).
 */
export interface LoadSnapshot {
  pc: number; priv: number; virt: number; mstatus: number; mstatusH: number; reservation: number;
  csrs: Int32Array;
}

const M_TRAP_CSRS = [0x341, 0x342, 0x343, 0x34a, 0x34b];

/** Snapshot for a load executed with V = 1, or null when no rollback rule can apply. */
export function loadSnapshot(h: Hart, raw: number): LoadSnapshot | null {
  if (h.virt !== 1 || raw < 0 || (raw & 0x7f) !== 0x03) return null;
  const csrs = new Int32Array(2 * M_TRAP_CSRS.length);
  M_TRAP_CSRS.forEach((c, i) => { csrs[2 * i] = h.csrLo[c]; csrs[2 * i + 1] = h.csrHi[c]; });
  return { pc: h.pc, priv: h.priv, virt: h.virt, mstatus: h.mstatus, mstatusH: h.mstatusH, reservation: h.reservation, csrs };
}

/** Undo a trap into M-mode taken by the load of snapshot s. */
function undoMTrap(h: Hart, s: LoadSnapshot): void {
  setMode(h, s.priv, s.virt);
  M_TRAP_CSRS.forEach((c, i) => { h.csrLo[c] = s.csrs[2 * i]; h.csrHi[c] = s.csrs[2 * i + 1]; });
  h.mstatus = s.mstatus; h.mstatusH = s.mstatusH; h.reservation = s.reservation; h.pc = s.pc;
  recomputeInterrupts(h);
}

/**
 * QEMU 7.2 completes a V = 1 load that HyperStep turned into a guest-page fault into
 * M-mode. Checked after HyperStep trapped while QEMU's next record is the load's
 * fall-through; the trap is undone and the load retired with QEMU's rd.
 */
export interface RollbackRule {
  name: string;
  matches(h: Hart, raw: number, s: LoadSnapshot): boolean;
}

export const ROLLBACK_RULES: RollbackRule[] = [
  {
    // 8.5.1 (A/D bits of VS-stage PTEs): updating A needs G-stage write permission on the
    // PTE's page; without it the access raises a guest-page fault for the original access
    // (pseudo-instruction 0x3020 in mtinst). QEMU 7.2 writes A without checking and
    // completes the load (its PTE then has A = 1, HyperStep's not).
    name: 'VS-stage A update without G-stage write permission: load completes (QEMU 7.2)',
    matches: (h) => h.csrLo[0x342] === LOAD_GPF && h.csrHi[0x342] === 0 && h.csrLo[0x34a] === 0x3020,
  },
  {
    // 8.5 (MXR): vsstatus.MXR affects only the VS stage; QEMU 7.2 also applies it to the
    // G stage, so a V = 1 load from an execute-only G-stage page completes.
    name: 'vsstatus.MXR applied to the G stage: load completes (QEMU 7.2)',
    matches: (h, _raw, s) => (s.mstatus & (1 << 19)) !== 0 && h.csrLo[0x342] === LOAD_GPF && h.csrHi[0x342] === 0 &&
      h.csrLo[0x34a] !== 0x3000 && h.csrLo[0x34a] !== 0x3020,
  },
];

/** Apply a rollback rule: undo HyperStep's trap and retire the load as QEMU did. */
export function rollbackLoad(h: Hart, raw: number, s: LoadSnapshot, rec: QemuRecord): void {
  undoMTrap(h, s);
  retireAsQemu(h, raw, rec);
}

/**
 * Translations may be cached until a fence (priv 4.2.1, 8.3.2): after a PTE store
 * without HFENCE/SFENCE, HyperStep may still use the old translation while QEMU 7.2
 * walks afresh (or the reverse). For a V = 1 load whose rd differs, the tolerance holds
 * when QEMU's value is what a fresh translation of va reads (the probe also refreshes
 * HyperStep's TLB entry).
 */
export const STALE_TLB = 'stale translation used before HFENCE/SFENCE (caching allowed)';
export function freshLoadMatches(h: Hart, raw: number, va: number, q: [number, number]): boolean {
  const f3 = (raw >>> 12) & 7, size = 1 << (f3 & 3);
  let pa = -1;
  flushGTlb(h, null); // the G-stage TLB too: a fresh two-stage walk
  if (probe(h, () => { pa = translate(h, va, 1, size); }) !== 0) return false;
  const off = pa - h.bus.ramBase;
  if (off < 0 || off + size > h.bus.ramSize) return false;
  let lo = 0, hi = 0;
  for (let i = 0; i < Math.min(size, 4); i++) lo |= h.ram[off + i] << (8 * i);
  for (let i = 4; i < size; i++) hi |= h.ram[off + i] << (8 * (i - 4));
  if (size < 4) lo = f3 & 4 ? lo : (lo << (32 - 8 * size)) >> (32 - 8 * size);
  if (size < 8) hi = f3 & 4 || (size === 4 && f3 === 6) ? 0 : lo >> 31;
  return lo === q[0] && hi === q[1];
}

export { ILLEGAL, VIRTUAL };
export type { LastTrap };
