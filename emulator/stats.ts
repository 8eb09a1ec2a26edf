/**
 * Machine statistics as plain data: what `hyperstep run --stats` prints, what RunResult
 * carries, and what the debug runtime exposes. Every number is counted by the machine
 * while it runs (per block or per trap, never per instruction; hart.ts, trapEntry.ts),
 * so collecting them costs nothing until asked for. The virtualization-mode comparison
 * stands on these counts (docs/architecture.md "Counters").
 *
 * Modes: M, HS (S-mode with V=0; "S" on a machine that never entered a guest is the
 * same mode), U, VS and VU. A VM exit is a trap taken from V=1 into HS or M; a VM entry
 * is an SRET or MRET from V=0 into V=1; a hypercall is an ECALL from VS-mode.
 */
import type { Machine } from './machine';
import { causeName } from './hart/trap';

/** Mode names by mode index (priv + 4 * V). */
export const MODE_NAMES = ['U', 'HS', '', 'M', 'VU', 'VS', '', ''] as const;
export type ModeName = 'M' | 'HS' | 'U' | 'VS' | 'VU';

export interface MachineStats {
  /** Instructions retired by all harts. */
  instructions: number;
  instructionsByMode: Record<ModeName, number>;
  /** Traps (exceptions and interrupts) by cause name. */
  trapsByCause: Record<string, number>;
  /** Traps by "FROM->TO" mode, e.g. "VS->HS". */
  trapsByTransition: Record<string, number>;
  vmExits: number;
  vmExitsByCause: Record<string, number>;
  vmEntries: number;
  hypercalls: number;
  /** Translations that missed the software TLB, and page-table entries read by walks. */
  tlbMisses: number;
  pageTableReads: number;
  harts: number;
}

function byCause(counts: Float64Array, out: Record<string, number>): number {
  let total = 0;
  for (let i = 0; i < 128; i++) {
    const n = counts[i];
    if (n === 0) continue;
    const name = causeName(i & 63, i >= 64);
    out[name] = (out[name] ?? 0) + n;
    total += n;
  }
  return total;
}

/** Snapshot of the machine's counters (all harts summed). */
export function machineStats(m: Machine): MachineStats {
  const s: MachineStats = {
    instructions: m.instret,
    instructionsByMode: { M: 0, HS: 0, U: 0, VS: 0, VU: 0 },
    trapsByCause: {}, trapsByTransition: {}, vmExits: 0, vmExitsByCause: {}, vmEntries: 0,
    hypercalls: 0, tlbMisses: 0, pageTableReads: 0, harts: m.harts.length,
  };
  for (const h of m.harts) {
    for (let i = 0; i < 8; i++) {
      const name = MODE_NAMES[i];
      if (name !== '') s.instructionsByMode[name] += h.insnsByMode[i];
    }
    byCause(h.trapCounts, s.trapsByCause);
    for (let i = 0; i < 64; i++) {
      const n = h.trapTransitions[i];
      if (n === 0) continue;
      const key = `${MODE_NAMES[i >> 3]}->${MODE_NAMES[i & 7]}`;
      s.trapsByTransition[key] = (s.trapsByTransition[key] ?? 0) + n;
    }
    s.vmExits += byCause(h.vmExits, s.vmExitsByCause);
    s.vmEntries += h.vmEntries;
    s.hypercalls += h.trapCounts[10];
    s.tlbMisses += h.tlbMisses;
    s.pageTableReads += h.ptReads;
  }
  return s;
}
