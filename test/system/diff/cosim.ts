/**
 * Lock-step co-simulation of HyperStep against QEMU (see docs/difftest.md).
 *
 * QEMU prints its CPU state before every instruction (qemuTrace.ts). For each record,
 * HyperStep advances by one event (one retired instruction, one exception, or one
 * interrupt) with `machine.step(1)`, and pc and x1..x31 are compared.
 *
 * Alignment rules (QEMU logs at translation-block entry, one instruction per block):
 *  - An instruction that raises an exception is logged by QEMU; the next record is at the
 *    trap vector. HyperStep's step(1) takes the trap without retiring: one event each.
 *  - An instruction fetch that faults is never logged by QEMU (the block cannot be
 *    translated). When HyperStep's next fetch would fault, it takes that trap at once.
 *  - An interrupt is taken by QEMU between blocks, before the next block is logged. When
 *    HyperStep has an interrupt pending after an event, it takes it at once too.
 * Values that legitimately differ are taken from QEMU: after an instruction that reads a
 * counter/time CSR or loads a timer register, QEMU's value of rd (from the next record)
 * is copied into HyperStep's rd before comparing (see PATCHED_* below).
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { createMachine, loadFirmwareAndKernel, loadProgram, textConsole, type KernelImage } from '../../../emulator/runElf';
import type { Machine } from '../../../emulator/machine';
import { CYCLES_PER_TICK, type Hart } from '../../../emulator/hart/hart';
import { parseElf } from '../../../emulator/loader/elf';
import { translateFetch } from '../../../emulator/hart/mmu';
import { takePendingInterrupt } from '../../../emulator/engine';
import { takeTrap } from '../../../emulator/hart/trapEntry';
import { expandCompressed } from '../../../emulator/isa/rvc';
import { disassemble, xNames, csrName } from '../../../emulator/isa/disasm';
import { allInsns } from '../../../emulator/isa/tables';
import {
  makeTempDir, prepareDtb, startQemuTrace, type MachineConfig, type QemuRecord, type TraceEnd,
} from './qemuTrace';
import { rmSync } from 'fs';
import { FAST_BUFFER, FAST_MIN, copyRecord, plainTransition } from './fastRuns';
import {
  EVENT_RULES, HYP_TOLERANCES, ROLLBACK_RULES, STALE_TLB, freshLoadMatches, loadSnapshot, rollbackLoad,
} from './hypRules';

/** CSRs whose reads are taken from QEMU (Zicntr/Zihpm counters and their M-mode aliases). */
export const PATCHED_CSRS: ReadonlyArray<[number, number, string]> = [
  [0xc00, 0xc1f, 'cycle, time, instret, hpmcounter3..31'],
  [0xb00, 0xb1f, 'mcycle, minstret, mhpmcounter3..31'],
];
/** Physical/virtual address ranges whose loads are taken from QEMU (timers). */
export const PATCHED_LOADS: ReadonlyArray<[number, number, string]> = [
  [0x0200bff8, 0x0200c000, 'CLINT mtime'],
  [0x00101000, 0x00101008, 'goldfish RTC TIME_LOW/TIME_HIGH'],
];

export interface DiffOptions {
  /** Firmware ELF or 'none' (default 'none'). */
  bios?: string;
  /** Kernel ELF (with bios 'none': the program). */
  kernel?: string;
  append?: string;
  /** Initial ramdisk file (QEMU -initrd; placed the same way on both sides). */
  initrd?: string;
  ramMiB?: number;
  /** Stop after comparing this many records (default: until either side stops). */
  maxInsns?: number;
  /** Previous instructions shown with a divergence (default 10). */
  history?: number;
  /** Drop DT nodes of devices HyperStep lacks (default true). */
  trimDtb?: boolean;
  /** Called about every `progressEvery` records. */
  onProgress?: (compared: number, seconds: number) => void;
  progressEvery?: number;
  /** Keep the temporary directory (DTB, QEMU console output), for debugging. */
  keepDir?: boolean;
  /** Do not apply TOLERANCES (known QEMU 7.2 deviations). */
  strict?: boolean;
  /** Run plain stretches of the trace with one machine.step(n) each (fastRuns.ts), so
   *  that compiled code (JS and wasm tiers) runs; compared at the end of each stretch. */
  fastRuns?: boolean;
  /** Tier mode of HyperStep's block cache (emulator/wasm/tier.ts Tier); default: the
   *  process default (HYPERSTEP_TIER). */
  tier?: number;
}

export interface RegDiff { reg: string; qemu: string; hyperstep: string }

export interface HistoryEntry { index: number; pc: number; text: string; event: string; writes: string }

export interface Divergence {
  /** Number of instructions (records) compared before the divergent one. */
  index: number;
  /** pc of the instruction HyperStep executed last (the one that produced the divergence). */
  pc: number;
  disasm: string;
  event: string;
  qemuPc: number;
  hyperstepPc: number;
  regs: RegDiff[];
  history: HistoryEntry[];
  message: string;
}

export interface DiffResult {
  /** Records compared (QEMU log entries matched against HyperStep states). */
  compared: number;
  /** HyperStep instructions retired. */
  retired: number;
  /** Exceptions / interrupts taken by HyperStep during the run. */
  traps: number;
  /** QEMU records that repeated the previous state (abandoned blocks), skipped. */
  repeats: number;
  /** Reads patched from QEMU, by kind. */
  patched: Record<string, number>;
  /** Known QEMU deviations tolerated (QEMU's value taken), by tolerance name. */
  tolerated: Record<string, number>;
  /** Internal error (exception in the harness or the emulator), if end is 'error'. */
  error?: string;
  seconds: number;
  end: 'qemu-exit' | 'hyperstep-halt' | 'limit' | 'divergence' | 'error';
  divergence: Divergence | null;
  qemuStatus: number | null;
  hyperstepExit: number | null;
  qemuStderr: string;
  /** Device-tree nodes removed from QEMU's tree for both machines. */
  dtbDropped: string[];
  console: string;
  /** Instructions run in fast runs (fastRuns), and the blocks and regions HyperStep
   *  compiled to wasm. */
  fastInsns: number;
  wasmBlocks: number;
  wasmRegions: number;
}

const hex16 = (lo: number, hi: number): string =>
  (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');

export function formatPc(pc: number): string {
  const v = pc < 0 ? BigInt(pc) + (1n << 64n) : BigInt(pc);
  return '0x' + v.toString(16).padStart(16, '0');
}

/** Read the instruction at pc (default h.pc) without executing it; -1 when the fetch would fault. */
export function peekInsn(h: Hart, pc = h.pc): number {
  try {
    const pa = translateFetch(h, pc);
    const lo = readHalf(h, pa);
    if (lo < 0) return -1;
    if ((lo & 3) !== 3) return lo;
    const pa2 = (pa & 4095) === 4094 ? translateFetch(h, pc + 2) : pa + 2;
    const hi = readHalf(h, pa2);
    if (hi < 0) return -1;
    return (lo | (hi << 16)) >>> 0;
  } catch (e) {
    if (e === h.signal) return -1;
    throw e;
  }
}

function readHalf(h: Hart, pa: number): number {
  const bus = h.bus;
  const off = pa - bus.ramBase;
  if (off >= 0 && off + 2 <= bus.ramSize) return h.ram[off] | (h.ram[off + 1] << 8);
  const v = bus.mmioRead(pa, 2);
  return v === undefined ? -1 : v & 0xffff;
}

/**
 * Time following: when the guest reads QEMU's time (time CSR, CLINT mtime), HyperStep's
 * clock is moved forward to the same mtime, so that timer compares (mtimecmp/stimecmp
 * programmed from that value) see the same time base on both sides.
 */
function followTime(m: Machine, qemuTicks: number): void {
  const mine = m.mtime();
  if (qemuTicks > mine && qemuTicks < 2 ** 52) m.roundBase += (qemuTicks - mine) * CYCLES_PER_TICK;
}

/** Kind of a read to take from QEMU, or null. rd in .rd (1..31). */
function patchKind(h: Hart, raw: number): { rd: number; kind: string; time: boolean } | null {
  if (raw < 0) return null;
  const insn = (raw & 3) !== 3 ? expandCompressed(raw) : raw;
  if (insn < 0) return null;
  const opcode = insn & 0x7f;
  const rd = (insn >>> 7) & 31;
  if (rd === 0) return null;
  const f3 = (insn >>> 12) & 7;
  if (opcode === 0x73 && f3 !== 0 && f3 !== 4) {
    const csr = (insn >>> 20) & 0xfff;
    for (const [lo, hi] of PATCHED_CSRS) if (csr >= lo && csr <= hi) return { rd, kind: csrName(csr), time: csr === 0xc01 };
    return null;
  }
  if (opcode === 0x03) {
    const rs1 = (insn >>> 15) & 31;
    const base = h.xh[rs1] * 4294967296 + (h.xl[rs1] >>> 0);
    const a = base + (insn >> 20);
    for (const [lo, hi, name] of PATCHED_LOADS) if (a >= lo && a < hi) return { rd, kind: name, time: lo === 0x0200bff8 && (insn >>> 12 & 7) === 3 };
  }
  return null;
}

/**
 * Known deviations of QEMU 7.2 from HyperStep where the spec allows both values or QEMU
 * is wrong. Each applies to a CSR read (csrr rd, csr) and, when its condition holds,
 * takes QEMU's value of rd. Disabled with `strict: true`.
 */
export interface Tolerance {
  name: string;
  csrs: number[];
  /** q/hv: QEMU's and HyperStep's rd as [lo, hi]; t: the exception HyperStep took last. */
  applies(h: Hart, csr: number, q: [number, number], hv: [number, number], t: LastTrap, rec: QemuRecord): boolean;
}

/** The exception HyperStep took last (filled right after it is taken). */
export interface LastTrap {
  /** Encoding of the instruction that trapped (-1: a fetch fault or none yet). */
  insn: number;
  pc: number;
  /** Mode it trapped from: privilege and V; mstatus (low word) and hstatus at that time. */
  priv: number;
  virt: number;
  mstatus: number;
  mstatusHi: number;
  hstatus: number;
  /** Mode it trapped into, and HyperStep's cause (the xcause of that mode). */
  toPriv: number;
  toVirt: number;
  cause: number;
  /** QEMU 7.2 was in M-mode with V = 1 when it trapped (its MRET quirk, see compare). */
  qemuVirtInM: boolean;
}

export function newLastTrap(): LastTrap {
  return { insn: -1, pc: 0, priv: 3, virt: 0, mstatus: 0, mstatusHi: 0, hstatus: 0, toPriv: 3, toVirt: 0, cause: -1, qemuVirtInM: false };
}

export const TOLERANCES: Tolerance[] = [
  {
    // Priv spec 3.1.16: for EBREAK, mtval/stval is either zero or the pc; QEMU 7.2 writes 0.
    name: 'xtval after ebreak (zero or pc: both allowed)',
    csrs: [0x343, 0x143],
    applies: (h, csr, q) => {
      const cause = csr === 0x343 ? 0x342 : 0x142;
      return h.csrLo[cause] === 3 && h.csrHi[cause] === 0 && q[0] === 0 && q[1] === 0;
    },
  },
  {
    // Priv 1.12 3.1.6.1: MRET/SRET leaving M-mode clear MPRV; QEMU < 8.0 keeps it.
    name: 'mstatus.MPRV kept by xRET (QEMU < 8.0)',
    csrs: [0x300],
    applies: (_h, _csr, q, hv) => q[1] === hv[1] && (q[0] ^ hv[0]) === 1 << 17,
  },
  {
    // Sstc leaves the reset value of stimecmp unspecified: QEMU 0, HyperStep all-ones.
    name: 'stimecmp reset value (unspecified)',
    csrs: [0x14d],
    applies: (_h, _csr, q, hv) => q[0] === 0 && q[1] === 0 && hv[0] === -1 && hv[1] === -1,
  },
  {
    // AMOs raise store/AMO exceptions (misaligned 6, access 7, page 15); QEMU 7.2
    // reports the load causes (4, 5, 13) for AMOs that fail on their read.
    name: 'AMO exception reported as a load exception (QEMU 7.2)',
    csrs: [0x342, 0x142],
    applies: (_h, _csr, q, hv, t) => (t.insn & 0x7f) === 0x2f && q[1] === 0 && hv[1] === 0 &&
      ((q[0] === 4 && hv[0] === 6) || (q[0] === 5 && hv[0] === 7) || (q[0] === 13 && hv[0] === 15)),
  },
  {
    // pmpaddr holds address bits 55:2 (54 bits, priv 3.7.1); QEMU 7.2 keeps bits 63:54.
    name: 'pmpaddr bits 63:54 kept (QEMU 7.2)',
    csrs: Array.from({ length: 64 }, (_, i) => 0x3b0 + i),
    applies: (_h, _csr, q, hv) => q[0] === hv[0] && (q[1] & 0x003fffff) === hv[1] && (hv[1] & ~0x003fffff) === 0,
  },
];

/** The CSR-read tolerances, base ISA/priv and hypervisor (hypRules.ts). */
const ALL_TOLERANCES: Tolerance[] = [...TOLERANCES, ...HYP_TOLERANCES];

/**
 * Known wrong results of QEMU 7.2 instructions: applies(raw, q, hv) sees the retired
 * encoding and rd as [lo, hi] on both sides; when it holds, QEMU's value of rd is taken.
 */
export interface InsnTolerance {
  name: string;
  applies(raw: number, q: [number, number], hv: [number, number]): boolean;
}

export const INSN_TOLERANCES: InsnTolerance[] = [
  {
    // Zbb ctzw counts the trailing zeros of rs1[31:0] (32 when it is zero); QEMU 7.2 does
    // not zero-extend rs1 first, so a zero low word with a non-zero high word gives 33..63.
    name: 'ctzw of a zero low word counts the high word (QEMU 7.2)',
    applies: (raw, q, hv) => ((raw & 0xfff0707f) >>> 0) === 0x6010101b && hv[0] === 32 && hv[1] === 0 &&
      q[1] === 0 && q[0] > 32 && q[0] < 64,
  },
];

/**
 * CSRs that priv 1.12 requires but QEMU 7.2 does not implement (accesses raise an
 * illegal-instruction exception there). When QEMU's next record shows that trap, the
 * same trap is injected into HyperStep instead of executing the access (unless strict).
 */
export const QEMU_MISSING_CSRS: ReadonlyArray<[number, number, string]> = [
  [0x3a4, 0x3af, 'pmpcfg4..15'],
  [0x3c0, 0x3ef, 'pmpaddr16..63'],
  // With pmu-num=0 (no programmable counters, as in HyperStep) QEMU 7.2 makes the
  // hpm counter/event CSRs illegal; the spec requires them (read-only zero allowed).
  [0xb03, 0xb1f, 'mhpmcounter3..31'],
  [0x323, 0x33f, 'mhpmevent3..31'],
  [0xc03, 0xc1f, 'hpmcounter3..31'],
];

function csrOf(raw: number): number {
  if (raw < 0) return -1;
  const insn = (raw & 3) !== 3 ? expandCompressed(raw) : raw;
  if (insn < 0 || (insn & 0x7f) !== 0x73) return -1;
  const f3 = (insn >>> 12) & 7;
  return f3 === 0 || f3 === 4 ? -1 : (insn >>> 20) & 0xfff;
}

function csrReadOf(raw: number): { rd: number; csr: number } | null {
  if (raw < 0) return null;
  const insn = (raw & 3) !== 3 ? expandCompressed(raw) : raw;
  if (insn < 0 || (insn & 0x7f) !== 0x73) return null;
  const f3 = (insn >>> 12) & 7, rd = (insn >>> 7) & 31;
  if (f3 === 0 || f3 === 4 || rd === 0) return null;
  return { rd, csr: (insn >>> 20) & 0xfff };
}

function noteTrap(t: LastTrap, h: Hart, raw: number, pc: number,
  before: { priv: number; virt: number; mstatus: number; mstatusHi: number; hstatus: number }): void {
  t.insn = raw; t.pc = pc; t.priv = before.priv; t.virt = before.virt;
  t.mstatus = before.mstatus; t.mstatusHi = before.mstatusHi; t.hstatus = before.hstatus;
  t.toPriv = h.priv; t.toVirt = h.virt;
  t.cause = h.csrLo[h.priv === 3 ? 0x342 : 0x142];
}

/** The interrupt QEMU took right before this record at pc, or -1. */
function qemuInterrupt(rec: QemuRecord, pc: number): number {
  for (const [cause, epc] of [['mcause', 'mepc'], ['scause', 'sepc'], ['vscause', 'vsepc']]) {
    const c = rec.csr(cause), e = rec.csr(epc);
    if (c === undefined || e === undefined || c[1] !== (0x80000000 | 0)) continue;
    if (e[1] * 4294967296 + (e[0] >>> 0) === pc) return c[0];
  }
  return -1;
}

function sameRegs(h: Hart, rec: QemuRecord): boolean {
  const xl = h.xl, xh = h.xh, ql = rec.xl, qh = rec.xh;
  for (let r = 1; r < 32; r++) if (xl[r] !== ql[r] || xh[r] !== qh[r]) return false;
  return true;
}

/** Build the HyperStep machine for a configuration. */
export function buildHyperStep(cfg: MachineConfig, dtb: Uint8Array, onConsole: (t: string) => void): Machine {
  const m = createMachine({
    machine: 'virt', ramMiB: cfg.ramMiB, harts: 1, console: textConsole(onConsole), dtb, bootargs: cfg.append,
    // QEMU 7.2's CPU always offers Sv57 (there is no switch to drop it); Linux runs get
    // `no5lvl` on the command line instead.
    sv57: true, initrd: cfg.initrd !== undefined ? readFileSync(cfg.initrd) : undefined, virtioRng: false,
  });
  if (cfg.bios === 'none') {
    loadProgram(m, parseElf(readFileSync(cfg.kernel!)));
  } else {
    let kernel: KernelImage | undefined;
    if (cfg.kernel !== undefined) {
      const bytes = readFileSync(cfg.kernel);
      const isElf = bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46;
      kernel = isElf ? { elf: parseElf(bytes) } : { raw: bytes };
    }
    loadFirmwareAndKernel(m, parseElf(readFileSync(cfg.bios)), kernel);
  }
  return m;
}

const M_WITH_V = 'MRET with MPP=M sets V=MPV: V=1 in M-mode (QEMU 7.2)';

const EV_INSN = 0, EV_TRAP = 1, EV_IRQ = 2, EV_FETCHFAULT = 3, EV_HALTED = 4, EV_STUCK = 5, EV_FAST = 6;
const EV_NAMES = ['insn', 'exception', 'interrupt', 'fetch fault', 'halted', 'stuck', 'fast run'];

/** Run one differential test. Resolves when either side stops or on the first divergence. */
export async function runDiff(opts: DiffOptions): Promise<DiffResult> {
  const cfg: MachineConfig = {
    bios: opts.bios ?? 'none', kernel: opts.kernel, append: opts.append, initrd: opts.initrd, ramMiB: opts.ramMiB ?? 128,
  };
  if (cfg.bios === 'none' && cfg.kernel === undefined) throw new Error('no program: give a kernel/ELF or a firmware');
  const dir = makeTempDir();
  const t0 = performance.now();
  let consoleText = '';
  try {
    const dtb = prepareDtb(cfg, dir, opts.trimDtb ?? true);
    const m = buildHyperStep(cfg, dtb.blob, (t) => { consoleText += t; });
    if (opts.tier !== undefined) m.cache.setTier(opts.tier);
    const h = m.harts[0];
    const maxInsns = opts.maxInsns ?? Infinity;
    const histN = opts.history ?? 10;
    const progressEvery = opts.progressEvery ?? 1_000_000;
    // History ring: pc, raw insn, event, registers after the event.
    const hPc = new Float64Array(histN + 1), hInsn = new Float64Array(histN + 1);
    const hEv = new Uint8Array(histN + 1), hIdx = new Float64Array(histN + 1);
    const hRegs = new Int32Array((histN + 1) * 64);
    let hPos = 0, hCount = 0;
    const patched: Record<string, number> = {};
    const tolerated: Record<string, number> = {};
    const strict = opts.strict === true;
    const lastTrap = newLastTrap();
    let inMWithV = false;
    let error: string | undefined;
    let compared = 0, traps = 0, first = true, repeats = 0;
    let divergence: Divergence | null = null;
    let end: DiffResult['end'] = 'qemu-exit';
    let lastEvent = EV_INSN, lastPc = h.pc, lastInsn = -1;
    let lastNote = '';

    const remember = (pc: number, insn: number, ev: number): void => {
      hPc[hPos] = pc; hInsn[hPos] = insn; hEv[hPos] = ev; hIdx[hPos] = compared;
      const o = hPos * 64;
      hRegs.set(h.xl.subarray(0, 32), o);
      hRegs.set(h.xh.subarray(0, 32), o + 32);
      hPos = (hPos + 1) % (histN + 1);
      if (hCount < histN + 1) hCount++;
    };

    const advance = (): number => {
      if (m.halted !== null) return EV_HALTED;
      for (let tries = 0; tries < 64; tries++) {
        if (h.irqCheck && h.pendingIrq >= 0) { takePendingInterrupt(h); traps++; return EV_IRQ; }
        const i0 = h.instret, pc0 = h.pc;
        m.step(1);
        if (h.instret !== i0) return EV_INSN;
        if (h.pc !== pc0 || !h.wfi) { traps++; return EV_TRAP; }
        if (m.halted !== null) return EV_HALTED;
      }
      return EV_STUCK;
    };

    /** Events QEMU never logs: pending interrupts and faulting fetches. */
    const settle = (rec: QemuRecord): void => {
      for (let k = 0; k < 8 && m.halted === null; k++) {
        if (h.irqCheck && h.pendingIrq >= 0) {
          const pc = h.pc;
          const q = strict ? -1 : qemuInterrupt(rec, pc);
          if (q >= 0 && q !== h.pendingIrq && ((h.mipSw | h.mipHw) & h.mie & (1 << q)) !== 0) {
            // Both take an interrupt here, QEMU a different one of those pending.
            takeTrap(h, q, true, 0); traps++;
            const name = 'interrupt priority (QEMU 7.2 without AIA: lowest number first)';
            tolerated[name] = (tolerated[name] ?? 0) + 1;
          } else {
            takePendingInterrupt(h); traps++;
          }
          remember(pc, -1, EV_IRQ);
          lastNote += `HyperStep took interrupt ${h.pendingIrq} at ${formatPc(pc)} (not logged by QEMU). `;
          continue;
        }
        if (peekInsn(h) < 0) {
          const pc = h.pc;
          const before = { priv: h.priv, virt: h.virt, mstatus: h.mstatus, mstatusHi: h.mstatusH, hstatus: h.hstatus };
          const ev = advance();
          if (ev === EV_TRAP) { noteTrap(lastTrap, h, -1, pc, before); lastTrap.qemuVirtInM = inMWithV; }
          remember(pc, -1, ev === EV_TRAP ? EV_FETCHFAULT : ev);
          lastNote += `HyperStep took a fetch fault at ${formatPc(pc)} (not logged by QEMU). `;
          continue;
        }
        break;
      }
    };

    const history = (): HistoryEntry[] => {
      const out: HistoryEntry[] = [];
      for (let k = hCount; k >= 1; k--) {
        const i = (hPos - k + 2 * (histN + 1)) % (histN + 1);
        const ip = (i - 1 + (histN + 1)) % (histN + 1);
        const insn = hInsn[i];
        const text = insn < 0 ? '(no instruction)' : disassemble(insn, hPc[i], allInsns).text;
        let writes = '';
        if (k < hCount) {
          for (let r = 1; r < 32; r++) {
            const lo = hRegs[i * 64 + r], hi = hRegs[i * 64 + 32 + r];
            if (lo !== hRegs[ip * 64 + r] || hi !== hRegs[ip * 64 + 32 + r]) writes += `${xNames[r]}=0x${hex16(lo, hi)} `;
          }
        }
        out.push({ index: hIdx[i], pc: hPc[i], text, event: EV_NAMES[hEv[i]], writes: writes.trim() });
      }
      return out;
    };

    const compare = (rec: QemuRecord): boolean => {
      // 8.6.4 (table 8.8): MRET with MPP = M returns to M with V = 0 whatever MPV is;
      // QEMU 7.2 sets V = MPV, so it logs V = 1 while in M-mode until the next trap.
      const vBad = rec.virt >= 0 && rec.virt !== h.virt;
      const vTol = vBad && !strict && h.priv === 3 && rec.virt === 1;
      if (vTol && !inMWithV) tolerated[M_WITH_V] = (tolerated[M_WITH_V] ?? 0) + 1;
      inMWithV = vTol;
      let bad = rec.pc !== h.pc || (vBad && !vTol);
      if (!bad) {
        const xl = h.xl, xh = h.xh, ql = rec.xl, qh = rec.xh;
        for (let r = 1; r < 32; r++) if (xl[r] !== ql[r] || xh[r] !== qh[r]) { bad = true; break; }
      }
      if (!bad) return true;
      const regs: RegDiff[] = [];
      if (rec.pc !== h.pc) regs.push({ reg: 'pc', qemu: formatPc(rec.pc), hyperstep: formatPc(h.pc) });
      if (rec.virt >= 0 && rec.virt !== h.virt) regs.push({ reg: 'V', qemu: String(rec.virt), hyperstep: String(h.virt) });
      for (let r = 1; r < 32; r++) {
        if (h.xl[r] !== rec.xl[r] || h.xh[r] !== rec.xh[r]) {
          regs.push({ reg: `x${r}/${xNames[r]}`, qemu: '0x' + hex16(rec.xl[r], rec.xh[r]), hyperstep: '0x' + hex16(h.xl[r], h.xh[r]) });
        }
      }
      const disasm = lastInsn >= 0 ? disassemble(lastInsn, lastPc, allInsns).text
        : lastEvent === EV_FAST ? '(a fast run from this pc)' : '(no instruction: trap entry)';
      const mcause = rec.csr('mcause'), scause = rec.csr('scause');
      const ctx = `QEMU mcause=0x${mcause ? hex16(mcause[0], mcause[1]) : '?'} scause=0x${scause ? hex16(scause[0], scause[1]) : '?'}; ` +
        `HyperStep mcause=0x${hex16(h.csrLo[0x342], h.csrHi[0x342])} scause=0x${hex16(h.csrLo[0x142], h.csrHi[0x142])} priv=${h.priv}`;
      divergence = {
        index: compared, pc: lastPc, disasm, event: EV_NAMES[lastEvent], qemuPc: rec.pc, hyperstepPc: h.pc, regs,
        history: history(),
        message: `first divergence after instruction #${compared} at ${formatPc(lastPc)}: ${disasm} [${EV_NAMES[lastEvent]}]. ${lastNote}${ctx}`,
      };
      return false;
    };

    let lastProgress = 0;
    const onRecord = (rec: QemuRecord): boolean => {
      if (first) {
        first = false;
        settle(rec);
        if (!compare(rec)) { end = 'divergence'; return false; }
        compared++;
        return compared < maxInsns;
      }
      if (m.halted !== null) { end = 'hyperstep-halt'; return false; }
      // QEMU logs a block and then may abandon it before its instruction runs (exit
      // request, e.g. after an MMIO write changed an interrupt line); the same state is
      // logged again. A record identical to the current state is such a repeat (or a
      // jump-to-self, for which not stepping is equivalent).
      if (rec.pc === h.pc && (rec.virt < 0 || rec.virt === h.virt) && sameRegs(h, rec)) { repeats++; return true; }
      lastNote = '';
      const pc = h.pc;
      const raw = peekInsn(h);
      const patch = patchKind(h, raw);
      let ev: number;
      const csr = strict ? -1 : csrOf(raw);
      const missing = csr < 0 ? undefined : QEMU_MISSING_CSRS.find(([lo, hi]) => csr >= lo && csr <= hi);
      const qc = missing !== undefined ? rec.csr('mcause') : undefined;
      const before = { priv: h.priv, virt: h.virt, mstatus: h.mstatus, mstatusHi: h.mstatusH, hstatus: h.hstatus };
      const rs1 = (raw >>> 15) & 31;
      const loadVa = h.xh[rs1] * 4294967296 + (h.xl[rs1] >>> 0) + (raw >> 20);
      const rule = strict || raw < 0 ? undefined : EVENT_RULES.find((r) => r.matches(h, raw, rec));
      if (missing !== undefined && qc !== undefined && qc[0] === 2 && qc[1] === 0 && rec.pc !== pc + ((raw & 3) === 3 ? 4 : 2)) {
        takeTrap(h, 2, false, raw >>> 0);
        traps++;
        ev = EV_TRAP;
        const name = `${missing[2]} illegal in QEMU 7.2 (trap injected)`;
        tolerated[name] = (tolerated[name] ?? 0) + 1;
      } else if (rule !== undefined) {
        // A known QEMU 7.2 deviation in whether this instruction traps (hypRules.ts).
        ev = rule.apply(h, raw, rec, () => { m.step(1); }) === 'trap' ? EV_TRAP : EV_INSN;
        if (ev === EV_TRAP) traps++;
        tolerated[rule.name] = (tolerated[rule.name] ?? 0) + 1;
      } else {
        const snap = strict ? null : loadSnapshot(h, raw);
        ev = advance();
        if (snap !== null && ev === EV_TRAP && h.priv === 3 && rec.pc === pc + 4 && rec.virt === 1) {
          // QEMU completed a V = 1 load HyperStep turned into a trap (hypRules.ts).
          const r = ROLLBACK_RULES.find((x) => x.matches(h, raw, snap));
          if (r !== undefined) {
            rollbackLoad(h, raw, snap, rec);
            traps--;
            ev = EV_INSN;
            tolerated[r.name] = (tolerated[r.name] ?? 0) + 1;
          }
        }
      }
      if (ev === EV_INSN && patch !== null) {
        h.xl[patch.rd] = rec.xl[patch.rd]; h.xh[patch.rd] = rec.xh[patch.rd];
        patched[patch.kind] = (patched[patch.kind] ?? 0) + 1;
        if (patch.time) followTime(m, rec.xh[patch.rd] * 4294967296 + (rec.xl[patch.rd] >>> 0));
      } else if (ev === EV_INSN && !strict) {
        const rd = (raw & 3) === 3 ? (raw >>> 7) & 31 : 0;
        if (rd !== 0 && (h.xl[rd] !== rec.xl[rd] || h.xh[rd] !== rec.xh[rd])) {
          const q: [number, number] = [rec.xl[rd], rec.xh[rd]], hv: [number, number] = [h.xl[rd], h.xh[rd]];
          const t = INSN_TOLERANCES.find((x) => x.applies(raw, q, hv));
          if (t !== undefined) {
            h.xl[rd] = q[0]; h.xh[rd] = q[1];
            tolerated[t.name] = (tolerated[t.name] ?? 0) + 1;
          } else if (before.virt === 1 && (raw & 0x7f) === 0x03 && freshLoadMatches(h, raw, loadVa, q)) {
            h.xl[rd] = q[0]; h.xh[rd] = q[1];
            tolerated[STALE_TLB] = (tolerated[STALE_TLB] ?? 0) + 1;
          }
        }
        const c = csrReadOf(raw);
        if (c !== null && (h.xl[c.rd] !== rec.xl[c.rd] || h.xh[c.rd] !== rec.xh[c.rd])) {
          const q: [number, number] = [rec.xl[c.rd], rec.xh[c.rd]], hv: [number, number] = [h.xl[c.rd], h.xh[c.rd]];
          for (const t of ALL_TOLERANCES) {
            if (t.csrs.includes(c.csr) && t.applies(h, c.csr, q, hv, lastTrap, rec)) {
              h.xl[c.rd] = q[0]; h.xh[c.rd] = q[1];
              tolerated[t.name] = (tolerated[t.name] ?? 0) + 1;
              break;
            }
          }
        }
      }
      if (ev === EV_TRAP) { noteTrap(lastTrap, h, raw, pc, before); lastTrap.qemuVirtInM = inMWithV; }
      remember(pc, raw, ev);
      lastEvent = ev; lastPc = pc; lastInsn = raw;
      if (ev === EV_HALTED) { end = 'hyperstep-halt'; return false; }
      settle(rec);
      if (!compare(rec)) { end = 'divergence'; return false; }
      compared++;
      if (opts.onProgress !== undefined && compared - lastProgress >= progressEvery) {
        lastProgress = compared;
        opts.onProgress(compared, (performance.now() - t0) / 1000);
      }
      if (compared >= maxInsns) { end = 'limit'; return false; }
      return true;
    };

    // Fast runs (fastRuns.ts): records are buffered; plain stretches run with one
    // machine.step each and are compared at their end, the rest record by record.
    let fastInsns = 0;
    const pending: QemuRecord[] = [], spare: QemuRecord[] = [];
    const fastRun = (k: number, to: QemuRecord): boolean => {
      const pc = h.pc, i0 = h.instret, tr0 = h.traps, target = m.clock + k;
      for (let g = 0; m.clock < target && m.halted === null && g < 1000; g++) if (m.step(target - m.clock) === 0) break;
      remember(pc, -1, EV_FAST);
      lastEvent = EV_FAST; lastPc = pc; lastInsn = -1;
      lastNote = `HyperStep ran instructions #${compared}..#${compared + k - 1} with machine.step(${k}) ` +
        `(retired ${h.instret - i0}, traps ${h.traps - tr0}); without fastRuns every instruction is compared. `;
      fastInsns += h.instret - i0;
      settle(to);
      const same = compare(to);
      if (!same || h.instret - i0 !== k || h.traps !== tr0) {
        if (same) {
          divergence = {
            index: compared + k - 1, pc, disasm: '(fast run)', event: EV_NAMES[EV_FAST], qemuPc: to.pc, hyperstepPc: h.pc, regs: [],
            history: history(), message: `${lastNote}Registers agree, but HyperStep retired or trapped differently.`,
          };
        }
        end = 'divergence';
        return false;
      }
      compared += k;
      if (opts.onProgress !== undefined && compared - lastProgress >= progressEvery) {
        lastProgress = compared;
        opts.onProgress(compared, (performance.now() - t0) / 1000);
      }
      if (compared >= maxInsns) { end = 'limit'; return false; }
      return true;
    };
    const drain = (): boolean => {
      let i = 0, go = true;
      while (go && i < pending.length) {
        let k = 0;
        if (h.virt === 0 && !h.wfi && !(h.irqCheck && h.pendingIrq >= 0) && m.halted === null) {
          let pc = h.pc, xl = h.xl, xh = h.xh;
          while (i + k < pending.length && compared + k < maxInsns) {
            const to = pending[i + k];
            if (!plainTransition(h, peekInsn(h, pc), pc, xl, xh, to, PATCHED_LOADS)) break;
            pc = to.pc; xl = to.xl; xh = to.xh; k++;
          }
        }
        if (k >= FAST_MIN) { go = fastRun(k, pending[i + k - 1]); i += k; }
        else { go = onRecord(pending[i]); i++; }
      }
      for (const r of pending) spare.push(r);
      pending.length = 0;
      return go;
    };
    const buffered = (rec: QemuRecord): boolean => {
      if (first) return onRecord(rec);
      pending.push(copyRecord(spare.pop(), rec));
      return pending.length < FAST_BUFFER || drain();
    };

    const guarded = (rec: QemuRecord): boolean => {
      try {
        return opts.fastRuns === true ? buffered(rec) : onRecord(rec);
      } catch (e) {
        end = 'error';
        error = `exception after ${compared} instructions at ${formatPc(h.pc)}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`;
        return false;
      }
    };
    const run = startQemuTrace(cfg, dtb.path, dir, guarded, join(dir, 'qemu-console.txt'));
    if (opts.keepDir === true) process.stderr.write(`difftest: files kept in ${dir}\n`);
    const te: TraceEnd = await run.done;
    if (te.reason === 'eof' && end === 'qemu-exit' && pending.length > 0) {
      try { drain(); } catch (e) {
        end = 'error';
        error = `exception after ${compared} instructions at ${formatPc(h.pc)}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`;
      }
    }
    // QEMU exited: HyperStep executes the last logged instruction and should stop too.
    if (te.reason === 'eof' && end === 'qemu-exit' && divergence === null && m.halted === null && !first) {
      const pc = h.pc, raw = peekInsn(h);
      const ev = advance();
      remember(pc, raw, ev);
    }
    if (te.reason === 'eof' && end === 'qemu-exit' && first) end = 'error';
    return {
      compared, retired: h.instret, traps, repeats, patched, tolerated, error, seconds: (performance.now() - t0) / 1000,
      end, divergence, qemuStatus: te.qemuStatus, hyperstepExit: m.halted === null ? null : m.halted.code,
      qemuStderr: te.qemuStderr + (te.junk ? `\n[unparsed log text: ${te.junk.slice(0, 500)}]` : ''),
      dtbDropped: dtb.dropped, console: consoleText,
      fastInsns, wasmBlocks: m.cache.wasmBlocks, wasmRegions: m.cache.wasmRegions,
    };
  } finally {
    if (opts.keepDir !== true) rmSync(dir, { recursive: true, force: true });
  }
}

/** Human-readable report of a result. */
export function formatResult(name: string, r: DiffResult): string {
  const rate = r.compared / Math.max(r.seconds, 1e-9);
  let s = `${name}: ${r.compared} instructions compared in ${r.seconds.toFixed(1)} s ` +
    `(${(rate / 1000).toFixed(0)}k/s), end: ${r.end}, HyperStep retired ${r.retired}, traps ${r.traps}` +
    (r.repeats > 0 ? `, repeated QEMU records skipped ${r.repeats}` : '') +
    (r.fastInsns > 0 ? `, in fast runs ${r.fastInsns} (wasm blocks ${r.wasmBlocks}, regions ${r.wasmRegions})` : '');
  const p = Object.entries(r.patched).map(([k, v]) => `${k}×${v}`).join(', ');
  if (p) s += `, patched from QEMU: ${p}`;
  const t = Object.entries(r.tolerated).map(([k, v]) => `${k}×${v}`).join(', ');
  if (t) s += `, tolerated QEMU deviations: ${t}`;
  if (r.error !== undefined) s += `\nERROR: ${r.error}`;
  if (r.end === 'qemu-exit') s += `, QEMU exit ${r.qemuStatus}`;
  if (r.hyperstepExit !== null) s += `, HyperStep exit ${r.hyperstepExit}`;
  if (r.end === 'error' && r.error === undefined) s += `\nQEMU produced no trace. stderr: ${r.qemuStderr}`;
  const d = r.divergence;
  if (d !== null) {
    s += `\nDIVERGENCE: ${d.message}\n`;
    s += `  ${'register'.padEnd(10)} ${'QEMU'.padEnd(20)} HyperStep\n`;
    for (const g of d.regs) s += `  ${g.reg.padEnd(10)} ${g.qemu.padEnd(20)} ${g.hyperstep}\n`;
    s += '  previous instructions (HyperStep side, oldest first):\n';
    for (const e of d.history) {
      s += `    #${String(e.index).padEnd(9)} ${formatPc(e.pc)}  ${e.text.padEnd(32)} ${e.event === 'insn' ? '' : `[${e.event}] `}${e.writes}\n`;
    }
  }
  return s;
}
