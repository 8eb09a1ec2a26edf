/**
 * The comparison report as CSV (`hyperstep compare --csv`, the view's Export CSV): a
 * header row, then one row per mode in the report's order. Columns are documented in
 * docs/compare.md.
 */
import type { CompareReport, ModeResult } from './result';

export const CSV_COLUMNS = [
  'mode', 'title', 'status', 'checksum', 'instructions', 'instructions_M', 'instructions_HS', 'instructions_U', 'instructions_VS', 'instructions_VU',
  'boot_instructions', 'traps', 'vm_exits', 'hypercalls', 'world_switches', 'page_walk_accesses', 'tlb_misses',
  'io_requests', 'io_latency_mean', 'io_latency_min', 'io_latency_max', 'memory_pages', 'host_seconds', 'measured_host_seconds', 'error',
] as const;

const sum = (r: Record<string, number>): number => Object.values(r).reduce((s, x) => s + x, 0);

/** Traps of any cause, and VM exits of any reason, of one mode. */
export const totalTraps = (m: ModeResult): number => sum(m.trapsByCause);
export const totalExits = (m: ModeResult): number => sum(m.vmExits);

function csvField(v: string | number | null | undefined): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function reportCsv(report: CompareReport, modes: readonly ModeResult[] = report.modes): string {
  const rows = modes.map((m) => {
    const io = m.ioLatencyInstructions;
    const b = m.instructionsByMode;
    return [
      m.mode, m.title, m.status, m.checksum, m.instructions, b.M ?? 0, b.HS ?? 0, b.U ?? 0, b.VS ?? 0, b.VU ?? 0,
      m.bootInstructions, totalTraps(m), totalExits(m), m.hypercalls, m.worldSwitches, m.pageWalkAccesses, m.tlbMisses,
      io.requests, io.mean, io.min, io.max, m.memoryPages, m.hostSeconds, m.measuredHostSeconds, m.error ?? '',
    ].map(csvField).join(',');
  });
  return [CSV_COLUMNS.join(','), ...rows].join('\n') + '\n';
}
