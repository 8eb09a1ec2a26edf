/**
 * Reverse execution and snapshots for the gdb stub, on the debug runtime's recorded
 * history (emulator/debug/timeTravel.ts):
 *   bs / bc                   reverse step (one instruction) and reverse continue (E.2);
 *                             the stop reply says `replaylog:begin` at the start of history
 *   monitor snapshot save [FILE]     a pinned snapshot now (and the machine to FILE)
 *   monitor snapshot list            snapshots of the recorded history
 *   monitor snapshot restore ID      travel to snapshot ID
 *   monitor snapshot diff A B        what differs (ids, or "now")
 * After `snapshot restore` gdb still caches the old registers: `flushregs` refreshes them.
 */
import { writeFileSync } from 'fs';
import type { DebugRuntime, RuntimeEvent } from '../emulator/debug/runtime';
import { diffSnapshots, formatDiff, nearestSymbol } from '../emulator/snapshot/diff';
import { machineFileSpec, saveMachineFile } from '../emulator/snapshot/machineFile';

/** Features added to qSupported when the runtime records history. */
export function reverseFeatures(rt: DebugRuntime): string[] {
  return rt.timeTravel !== null ? ['ReverseStep+', 'ReverseContinue+'] : [];
}

/** Run a reverse command; resolves with the event that ended it. */
export async function reverse(rt: DebugRuntime, hart: number, kind: 's' | 'c'): Promise<RuntimeEvent | undefined> {
  const tt = rt.timeTravel;
  if (tt === null) throw new Error('reverse execution needs time travel (it is off)');
  return kind === 's' ? tt.stepBack(hart, 'instruction') : tt.reverseContinue(hart);
}

/** Did a reverse command stop at the start of the recorded history? */
export function atHistoryStart(ev: RuntimeEvent | undefined): boolean {
  return ev?.type === 'stopped' && ev.description === 'start of recorded history';
}

export type WriteFile = (path: string, data: Uint8Array) => void;

/** `monitor snapshot ...`: the text gdb shows. */
export function snapshotMonitor(rt: DebugRuntime, arg: string, writeFile: WriteFile = writeFileSync): string {
  const tt = rt.timeTravel;
  if (tt === null) return 'snapshots need time travel, which is off for this machine\n';
  const h = tt.history;
  const [sub, ...rest] = arg.split(/\s+/).filter((x) => x !== '');
  const kib = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;
  switch (sub) {
    case 'save': {
      const s = h.snapshot(true);
      let text = `snapshot ${s.id} at instruction ${s.clock} (${kib(s.bytes)} in memory)\n`;
      if (rest.length > 0) {
        const bytes = saveMachineFile(rt.machine, machineFileSpec(rt.config), rt.config.program);
        try {
          writeFile(rest.join(' '), bytes);
        } catch (e) {
          return text + `cannot write ${rest.join(' ')}: ${(e as { code?: string }).code ?? String(e)}\n`;
        }
        text += `saved the machine to ${rest.join(' ')} (${kib(bytes.length)})\n`;
      }
      return text;
    }
    case 'list': case undefined: {
      const lines = h.snapshots.map((s) => `  ${String(s.id).padStart(4)}  instruction ${String(s.clock).padStart(12)}  ${kib(s.bytes).padStart(11)}${s.pinned ? '  pinned' : ''}`);
      return `${h.snapshots.length} snapshots (${kib(h.bytes)}); now at instruction ${tt.clock}, history up to ${h.frontier}\n${lines.join('\n')}\n`;
    }
    case 'restore': {
      const id = Number(rest[0]);
      const s = h.snapshots.find((x) => x.id === id);
      if (s === undefined) return `no snapshot ${rest[0] ?? ''}: see 'monitor snapshot list'\n`;
      h.seek(s.clock);
      for (const x of rt.machine.harts) x.ignoreBp = false;
      return `at snapshot ${id}, instruction ${s.clock} (gdb: 'flushregs' to reread the registers)\n`;
    }
    case 'diff': {
      const which = (v: string | undefined): number | 'now' => (v === undefined || v === 'now' ? 'now' : Number(v));
      const a = which(rest[0]), b = which(rest[1]);
      try {
        const symbolAt = (pa: number): string | undefined => {
          for (const f of rt.symbols.files) { const n = nearestSymbol(f.image.symbols, pa); if (n !== undefined) return n; }
          return undefined;
        };
        return formatDiff(diffSnapshots(h, a, b, symbolAt), String(a), String(b));
      } catch (e) {
        return `${e instanceof Error ? e.message : String(e)}\n`;
      }
    }
  }
  return `unknown snapshot command '${sub}': save [FILE], list, restore ID, diff A B\n`;
}
