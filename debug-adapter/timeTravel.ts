/**
 * Time travel in the DAP session: the custom requests of the timeline, snapshot diff
 * and snapshot files, and the reverse commands DAP lacks (reverse step out / into).
 * DAP's own stepBack and reverseContinue (supportsStepBack) go to the same runtime
 * calls (emulator/debug/timeTravel.ts); this file only checks arguments and shapes
 * replies. Travel and reverse commands answer at once; the runtime's stopped event
 * follows, as for forward steps.
 *
 *   hyperstep.timeline {from?, to?, buckets?}  -> {start, end, now, snapshots, marks}
 *   hyperstep.travel {clock}                   -> {clock}; then stopped (reason goto)
 *   hyperstep.reverseStepOut {threadId}        -> {}; then stopped
 *   hyperstep.reverseStepIn {threadId}         -> {}; then stopped
 *   hyperstep.snapshotDiff {a, b}              -> {a, b, registers, pages, devices}
 *   hyperstep.saveSnapshot {path}              -> {path, bytes, clock}
 */
import { writeFileSync } from 'fs';
import type { DebugRuntime } from '../emulator/debug/runtime';
import type { TimeTravel, TimeTravelOptions } from '../emulator/debug/timeTravel';
import type { LaunchSpec } from './launchArgs';
import { diffSnapshots, nearestSymbol } from '../emulator/snapshot/diff';
import { machineFileSpec, saveMachineFile, type MachineFileSpec } from '../emulator/snapshot/machineFile';

export const TIME_TRAVEL_REQUESTS = new Set([
  'hyperstep.stepBack', 'hyperstep.reverseContinue', 'hyperstep.timeline', 'hyperstep.travel', 'hyperstep.reverseStepOut', 'hyperstep.reverseStepIn',
  'hyperstep.snapshotDiff', 'hyperstep.saveSnapshot',
]);

/** Name of the custom event sent after every stop (a refresh hint for the timeline). */
export const TIMELINE_EVENT = 'hyperstep.timeline';

type Args = Record<string, unknown>;

function travelOf(rt: DebugRuntime | undefined): TimeTravel {
  if (rt === undefined || rt.state === 'exited') throw new Error('no program is running');
  if (rt.timeTravel === null) throw new Error('time travel is off for this session ("timeTravel": false)');
  return rt.timeTravel;
}

function num(args: Args, key: string, optional = false): number | undefined {
  const v = args[key];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`"${key}" must be a number`);
  return v;
}

function hartOf(args: Args): number {
  return Math.max(0, Math.floor(num(args, 'threadId', true) ?? 1) - 1);
}

/** Answer a request of TIME_TRAVEL_REQUESTS: `send` the body (then the machine moves and
 *  its stop is reported), or `fail` with a one-line message. */
export function answerTimeTravel(rt: DebugRuntime | undefined, command: string, args: unknown, spec: LaunchSpec,
  send: (body: unknown) => void, fail: (text: string) => void): void {
  let r: { body: unknown; then?: () => Promise<unknown> };
  try {
    r = timeTravelRequest(rt, command, args, fileSpecOf(spec), spec.program);
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e));
  }
  send(r.body);
  if (r.then !== undefined) void r.then();
}

function stopped(rt: DebugRuntime): void {
  if (rt.state !== 'stopped') throw new Error('the program is not stopped');
}

/**
 * Answer a time-travel request. Returns the response body and, for commands that move
 * the machine, the work to start after the response went out.
 */
export function timeTravelRequest(rt: DebugRuntime | undefined, command: string, raw: unknown,
  spec: MachineFileSpec, program: string): { body: unknown; then?: () => Promise<unknown> } {
  const tt = travelOf(rt);
  const args = (raw !== null && typeof raw === 'object' ? raw : {}) as Args;
  const r = rt!;
  switch (command) {
    case 'hyperstep.timeline':
      return { body: tt.timeline(num(args, 'from', true), num(args, 'to', true), num(args, 'buckets', true) ?? 1000) };
    case 'hyperstep.travel': {
      stopped(r);
      const clock = Math.max(tt.history.start, Math.min(Math.floor(num(args, 'clock')!), tt.history.frontier));
      return { body: { clock }, then: () => tt.travel(clock) };
    }
    case 'hyperstep.stepBack': { // DAP stepBack
      stopped(r);
      const g = args.granularity === 'instruction' ? 'instruction' : 'line';
      return { body: {}, then: () => tt.stepBack(hartOf(args), g) };
    }
    case 'hyperstep.reverseContinue': // DAP reverseContinue
      stopped(r);
      return { body: { allThreadsContinued: true }, then: () => tt.reverseContinue(hartOf(args)) };
    case 'hyperstep.reverseStepOut':
    case 'hyperstep.reverseStepIn': {
      stopped(r);
      const hart = hartOf(args);
      return { body: {}, then: () => (command.endsWith('Out') ? tt.reverseStepOut(hart) : tt.reverseStepIn(hart)) };
    }
    case 'hyperstep.snapshotDiff': {
      const which = (k: string): number | 'now' => {
        const v = args[k];
        if (v === 'now' || v === undefined) return 'now';
        if (typeof v !== 'number') throw new Error(`"${k}" must be a snapshot id or "now"`);
        return v;
      };
      const d = diffSnapshots(tt.history, which('a'), which('b'), (pa) => symbolFor(r, pa));
      const hex = (n: number): string => `0x${n.toString(16)}`;
      return {
        body: {
          ...d,
          pages: d.pages.map((p) => ({ address: hex(p.address), ranges: p.ranges.map((x) => ({ start: hex(x.start), end: hex(x.end), symbol: x.symbol })) })),
        },
      };
    }
    case 'hyperstep.saveSnapshot': {
      stopped(r);
      const path = args.path;
      if (typeof path !== 'string' || path === '') throw new Error('"path" must name a file');
      const bytes = saveMachineFile(r.machine, spec, program);
      writeFileSync(path, bytes);
      return { body: { path, bytes: bytes.length, clock: r.machine.clock } };
    }
  }
  throw new Error(`unknown request ${command}`);
}

/** Symbol of a physical address in the loaded programs (identity-mapped code and data). */
function symbolFor(rt: DebugRuntime, pa: number): string | undefined {
  for (const f of rt.symbols.files) {
    const s = nearestSymbol(f.image.symbols, pa);
    if (s !== undefined) return s;
  }
  return undefined;
}

/** The runtime's time-travel options from the launch spec. */
export function runtimeTimeTravel(s: LaunchSpec): false | TimeTravelOptions {
  return s.timeTravel === false ? false : { budgetBytes: s.timeTravel.budgetMiB * 1024 * 1024, interval: s.timeTravel.interval };
}

/** The machine description a saved snapshot keeps, from the launch spec. */
export function fileSpecOf(s: LaunchSpec): MachineFileSpec {
  return machineFileSpec(s);
}
