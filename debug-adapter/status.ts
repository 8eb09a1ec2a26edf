/**
 * Live machine status for the workbench (Machines view, status bar): the custom request
 * `hyperstep.status` answers at any time, also while the guest runs (the runtime gives
 * the host a turn every few milliseconds), from counters the machine keeps anyway, so
 * asking costs the guest nothing measurable.
 *
 *   { state, instructions, mips, seconds, exitCode?, harts: [{ id, mode, pc, symbol,
 *     context }], stats }
 *
 * `mips` is measured over the interval since the previous status request of this
 * session (the first one: since launch); `seconds` is the time spent running, as seen
 * by these samples (an interval counts when the guest ran at both ends, or half of it
 * when it started or stopped in between).
 */
import type { DebugRuntime } from '../emulator/debug/runtime';
import { modeLabel } from '../emulator/debug/stitch';
import { symAddr } from '../emulator/debug/symbols';
import type { MachineStats } from '../emulator/stats';

export interface HartStatus {
  id: number;
  /** M, S, U (HS in hypervisor sessions), VS, VU. */
  mode: string;
  pc: string;
  /** pc as symbol+offset when a symbol covers it. */
  symbol?: string;
  /** Hypervisor sessions: firmware, hypervisor, or the guest's name. */
  context?: string;
  /** Waiting in WFI. */
  idle: boolean;
}

export interface MachineStatus {
  state: 'running' | 'stopped' | 'exited';
  instructions: number;
  mips: number;
  seconds: number;
  exitCode?: number;
  harts: HartStatus[];
  stats: MachineStats;
}

/** Tracks run time and the previous sample for one session. */
export class StatusTracker {
  private ranMs = 0;
  private lastAt = 0;
  private lastInsns = 0;
  private lastRunning = false;
  exitCode: number | undefined;

  constructor(private readonly now: () => number) {
    this.lastAt = now();
  }

  status(rt: DebugRuntime): MachineStatus {
    const m = rt.machine;
    const t = this.now();
    const insns = m.instret;
    const dt = t - this.lastAt;
    const running = rt.state === 'running';
    const mips = dt > 0 && insns > this.lastInsns ? (insns - this.lastInsns) / dt / 1000 : 0;
    if (insns > this.lastInsns) this.ranMs += running && this.lastRunning ? dt : dt / 2;
    this.lastAt = t; this.lastInsns = insns; this.lastRunning = running;
    const ran = this.ranMs;
    const harts: HartStatus[] = m.harts.map((h) => {
      const pc = BigInt.asUintN(64, BigInt(h.pc));
      const ctx = rt.contexts.enabled ? rt.contexts.of(h) : undefined;
      const hs: HartStatus = {
        id: h.id, mode: rt.contexts.enabled ? modeLabel(h) : ['U', 'S', '?', 'M'][h.priv] + (h.virt ? '(V)' : ''),
        pc: '0x' + pc.toString(16), idle: h.wfi,
      };
      if (ctx !== undefined) hs.context = ctx.name;
      const sym = rt.symbolsFor(h).symbolAt(pc);
      if (sym !== undefined) {
        const off = pc - symAddr(sym);
        hs.symbol = off === 0n ? sym.name : `${sym.name}+0x${off.toString(16)}`;
      }
      return hs;
    });
    const out: MachineStatus = {
      state: rt.state, instructions: insns, mips, seconds: ran / 1000, harts, stats: rt.stats(),
    };
    if (this.exitCode !== undefined) out.exitCode = this.exitCode;
    return out;
  }
}
