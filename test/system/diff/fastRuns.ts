/**
 * Fast runs of the differential test (DiffOptions.fastRuns, docs/difftest.md): stretches
 * of QEMU's trace where nothing needs the harness between instructions run on HyperStep
 * with one machine.step(n) each instead of one step(1) per instruction, and are compared
 * at their end. step(1) only ever interprets (the engine caches and compiles blocks only
 * for budgets of a whole block), so fast runs are what lets the compiled tiers (JS
 * blocks and regions, the wasm tier) run under the differential test.
 *
 * A transition (the instruction that takes the state of one QEMU record to the next) is
 * plain when, seen from the records' own registers: it is no SYSTEM instruction (CSR
 * accesses, traps, xRET, WFI, SFENCE, HLV/HSV), no instruction with a known QEMU 7.2
 * deviation (ctzw), no load of a timer QEMU's value is taken for, no access outside RAM
 * while addresses are physical (MMIO: devices, the test finisher), and the next record's
 * pc is one of its successors (no exception or interrupt in between) and differs from
 * the repeated record QEMU logs when it abandons a block. Everything else goes through
 * the per-instruction rules of cosim.ts.
 */
import type { Hart } from '../../../emulator/hart/hart';
import { expandCompressed } from '../../../emulator/isa/rvc';
import { QemuRecord } from './qemuTrace';

/** Records buffered before plain stretches are looked for. */
export const FAST_BUFFER = 4096;
/** Shortest stretch run with one machine.step (shorter ones go one step at a time). */
export const FAST_MIN = 8;

/** Copy of a record that outlives the callback (the parser reuses its record). */
export function copyRecord(dst: QemuRecord | undefined, src: QemuRecord): QemuRecord {
  const r = dst ?? new QemuRecord();
  r.pc = src.pc;
  r.virt = src.virt;
  r.xl.set(src.xl);
  r.xh.set(src.xh);
  const n = src.end - src.start;
  if (r.buf.length < n) r.buf = Buffer.alloc(Math.max(n, 2 * r.buf.length));
  src.buf.copy(r.buf, 0, src.start, src.end);
  r.start = 0;
  r.end = n;
  r.setLayout(src.getLayout());
  return r;
}

const reg = (xl: Int32Array, xh: Int32Array, r: number): number => (r === 0 ? 0 : xh[r] * 4294967296 + (xl[r] >>> 0));

/**
 * Is the transition from state (pc, xl, xh) to record `to` plain (see the header)?
 * `raw` is the instruction at pc (-1: its fetch faults); `patched` the timer ranges.
 */
export function plainTransition(h: Hart, raw: number, pc: number, xl: Int32Array, xh: Int32Array, to: QemuRecord,
  patched: ReadonlyArray<[number, number, string]>): boolean {
  if (raw < 0 || to.virt > 0) return false;
  const len = (raw & 3) === 3 ? 4 : 2;
  const insn = len === 4 ? raw : expandCompressed(raw);
  if (insn < 0) return false;
  const op = insn & 0x7f;
  if (op === 0x73) return false;
  if (((insn & 0xfff0707f) >>> 0) === 0x6010101b) return false; // ctzw (cosim.ts INSN_TOLERANCES)
  const rs1 = (insn >>> 15) & 31;
  if (op === 0x03 || op === 0x07 || op === 0x23 || op === 0x27 || op === 0x2f) {
    const imm = op === 0x2f ? 0 : op === 0x23 || op === 0x27 ? ((insn >> 25) << 5) | ((insn >>> 7) & 31) : insn >> 20;
    const a = reg(xl, xh, rs1) + imm;
    for (const [lo, hi] of patched) if (a >= lo && a < hi) return false;
    const bus = h.bus;
    const physical = (h.priv === 3 && (h.mstatus & (1 << 17)) === 0) || h.satpMode === 0;
    if (physical && (a < bus.ramBase || a + 8 > bus.ramBase + bus.ramSize)) return false;
  }
  const next = to.pc;
  if (next === pc) { // a repeat (or a jump to itself): per instruction
    let same = true;
    for (let r = 1; r < 32 && same; r++) same = to.xl[r] === xl[r] && to.xh[r] === xh[r];
    if (same) return false;
  }
  if (next === pc + len) return true;
  if (op === 0x63) return next === pc + (((insn >> 31) << 12) | ((insn & 0x80) << 4) | ((insn >>> 20) & 0x7e0) | ((insn >>> 7) & 0x1e));
  if (op === 0x6f) return next === pc + (((insn >> 31) << 20) | (insn & 0xff000) | ((insn >>> 9) & 0x800) | ((insn >>> 20) & 0x7fe));
  if (op === 0x67) {
    const t = reg(xl, xh, rs1) + (insn >> 20);
    return next === t - (((t % 2) + 2) % 2);
  }
  return false;
}
