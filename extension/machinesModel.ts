/**
 * Pure logic of the HyperStep workbench (no `vscode` import, unit-tested in
 * test/extension/machinesModel.test.ts): formatting of the adapter's `hyperstep.status`
 * answers (debug-adapter/status.ts) for the status bar item and the Machines view, the
 * Machines tree built from launch configurations and session statuses (machinesView.ts
 * turns these nodes into TreeItems), and the polling scheduler that asks for status about
 * once a second only while a guest runs and someone looks.
 */
import type { HartStatus, MachineStatus } from '../debug-adapter/status';

export type { HartStatus, MachineStatus };

// ---------------------------------------------------------------------------------------
// Formatting

/** 1234567890 → "1.23 G", 45200 → "45.2 k", 999 → "999". Three significant digits. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '?';
  const units: [number, string][] = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
  for (const [scale, unit] of units) {
    if (n >= scale) {
      const v = n / scale;
      return `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ${unit}`;
    }
  }
  return String(Math.round(n));
}

/** 1234567 → "1,234,567" (exact count for tooltips). */
export function groupDigits(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 312.4 → "312", 45.67 → "45.7", 0.123 → "0.12". */
export function formatMips(mips: number): string {
  if (!Number.isFinite(mips) || mips <= 0) return '0';
  return mips >= 100 ? mips.toFixed(0) : mips >= 10 ? mips.toFixed(1) : mips.toFixed(2);
}

/** Run time: "0.4 s", "12.3 s", "2 min 05 s", "1 h 02 min". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const s = Math.floor(seconds);
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** What a user calls the state. */
export function stateLabel(st: Pick<MachineStatus, 'state' | 'exitCode'>): string {
  if (st.state === 'running') return 'running';
  if (st.state === 'stopped') return 'paused';
  return st.exitCode !== undefined ? `exited (code ${st.exitCode})` : 'exited';
}

/** The state as a codicon for the status bar (`$(name)` syntax: the web UI's fonts lack
 *  ⏸ and ■, which rendered as empty boxes). */
export function stateIcon(state: MachineStatus['state'] | 'starting'): string {
  return state === 'running' ? '$(play)' : state === 'stopped' ? '$(debug-pause)' : state === 'starting' ? '$(loading~spin)' : '$(debug-stop)';
}

/** "main+0x1c" when a symbol covers pc, else the address. */
export function hartLocation(h: HartStatus): string {
  return h.symbol ?? h.pc;
}

/** "hart0 [S]", "hart1 [VS] guest1". */
export function hartShort(h: HartStatus): string {
  return `hart${h.id} [${h.mode}]${h.context !== undefined ? ` ${h.context}` : ''}`;
}

/**
 * The status bar text (▶ ⏸ ■ stand for the codicons of stateIcon): `HyperStep ▶ 312 MIPS · 1.2 G insns · hart0 [S]` while running,
 * `HyperStep ⏸ 1.2 G insns · hart0 [S] main+0x1c` when paused (speed is then 0 and the
 * place is what matters), `HyperStep ■ exit 0 · 1.2 G insns` after exit. With several
 * harts only hart 0 is named (the tooltip lists them all), plus the count.
 */
export function statusBarText(st: MachineStatus | undefined): string {
  if (st === undefined) return `HyperStep ${stateIcon('starting')} starting`;
  const insns = `${formatCount(st.instructions)} insns`;
  const h0 = st.harts[0];
  const more = st.harts.length > 1 ? ` +${st.harts.length - 1}` : '';
  const hart = h0 !== undefined ? `${hartShort(h0)}${more}` : '';
  if (st.state === 'running') return ['HyperStep $(play)', `${formatMips(st.mips)} MIPS`, '·', insns, ...(hart ? ['·', hart] : [])].join(' ');
  if (st.state === 'stopped') return ['HyperStep $(debug-pause)', insns, ...(hart ? ['·', hart, ...(h0 && more === '' ? [hartLocation(h0)] : [])] : [])].join(' ');
  return ['HyperStep $(debug-stop)', st.exitCode !== undefined ? `exit ${st.exitCode}` : 'exited', '·', insns].join(' ');
}

/** Multi-line tooltip of the status bar item (plain text). */
export function statusBarTooltip(sessionName: string, st: MachineStatus | undefined): string {
  if (st === undefined) return `HyperStep: ${sessionName}\nWaiting for the first status…\nClick to show the Machines view.`;
  const lines = [
    `HyperStep: ${sessionName} — ${stateLabel(st)}`,
    `${groupDigits(st.instructions)} instructions retired, ${formatMips(st.mips)} MIPS, ${formatDuration(st.seconds)} run time`,
    ...st.harts.map((h) => `${hartShort(h)}  ${h.pc}${h.symbol ? ` <${h.symbol}>` : ''}${h.idle ? '  (idle, WFI)' : ''}`),
    'Click to show the Machines view.',
  ];
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------
// The Machines tree

/** A launch configuration as read from launch.json (only what the tree shows). */
export interface ConfigEntry {
  name: string;
  /** Workspace folder name (shown when there are several folders). */
  folder?: string;
  /** Index of the folder, for starting it. */
  folderIndex?: number;
  program?: string;
  machine?: string;
}

/** A HyperStep debug session the extension knows of. */
export interface SessionEntry {
  id: string;
  name: string;
  /** Latest status, undefined before the first answer. */
  status?: MachineStatus;
  /** The session ended (its last status stays visible). */
  ended?: boolean;
  /** Exit code from the adapter's `exited` event. */
  exitCode?: number;
  /** UART in a terminal (else the Debug Console). */
  uartTerminal?: boolean;
  /** Last error from a status request. */
  error?: string;
}

export type NodeKind = 'config' | 'session' | 'hart' | 'detail' | 'group' | 'message';

/** One row of the Machines view; machinesView.ts maps it to a TreeItem. */
export interface MachineNode {
  /** Stable id (keeps expansion state across refreshes). */
  id: string;
  kind: NodeKind;
  label: string;
  description?: string;
  tooltip?: string;
  /** Codicon name. */
  icon?: string;
  /** Theme colour id for the icon. */
  iconColor?: string;
  /** contextValue for menus: hyperstep.config, hyperstep.session.running|paused|ended, ... */
  contextValue?: string;
  expanded?: boolean;
  children?: MachineNode[];
  /** Back references for commands. */
  sessionId?: string;
  config?: ConfigEntry;
}

/** Rows under a session: counters, then one row per hart. */
function sessionChildren(s: SessionEntry): MachineNode[] {
  const st = s.status;
  const out: MachineNode[] = [];
  const base = `session:${s.id}`;
  if (st === undefined) {
    out.push({ id: `${base}:wait`, kind: 'message', label: s.error ?? 'waiting for the machine…', icon: 'loading~spin' });
    return out;
  }
  const detail = (key: string, label: string, description: string, icon: string, tooltip?: string): MachineNode =>
    ({ id: `${base}:${key}`, kind: 'detail', label, description, icon, tooltip, sessionId: s.id });
  out.push(detail('insns', 'Instructions', `${formatCount(st.instructions)}  (${groupDigits(st.instructions)})`, 'symbol-number',
    `${groupDigits(st.instructions)} instructions retired (all harts)`));
  out.push(detail('mips', 'Speed', st.state === 'running' ? `${formatMips(st.mips)} MIPS` : 'paused', 'dashboard',
    'Million instructions per second over the last second'));
  out.push(detail('time', 'Run time', formatDuration(st.seconds), 'watch', 'Host time spent running the guest'));
  const code = s.exitCode ?? st.exitCode;
  if (s.ended || st.state === 'exited') out.push(detail('exit', 'Exit code', code !== undefined ? String(code) : '—', code === 0 ? 'pass' : 'error'));
  for (const h of st.harts) {
    const where = hartLocation(h);
    out.push({
      id: `${base}:hart${h.id}`, kind: 'hart', sessionId: s.id,
      label: `hart ${h.id} [${h.mode}]`,
      description: [where, h.context, h.idle ? 'idle (WFI)' : undefined].filter((x) => x !== undefined).join(' · '),
      tooltip: [`hart ${h.id}, ${modeName(h.mode)}`, `pc ${h.pc}${h.symbol ? ` <${h.symbol}>` : ''}`,
        ...(h.context ? [`context: ${h.context}`] : []), ...(h.idle ? ['waiting for an interrupt (WFI)'] : [])].join('\n'),
      icon: h.idle ? 'debug-pause' : 'chip',
    });
  }
  return out;
}

/** M → "machine mode", VS → "virtual supervisor mode", ... */
export function modeName(mode: string): string {
  const names: Record<string, string> = {
    M: 'machine mode', S: 'supervisor mode', HS: 'hypervisor-extended supervisor mode', U: 'user mode',
    VS: 'virtual supervisor mode', VU: 'virtual user mode',
  };
  return names[mode] ?? `${mode} mode`;
}

/** The session's row. */
function sessionNode(s: SessionEntry): MachineNode {
  const st = s.status;
  const state: MachineStatus['state'] | 'starting' = s.ended ? 'exited' : st?.state ?? 'starting';
  const code = s.exitCode ?? st?.exitCode;
  const label = s.ended || state === 'exited' ? (code !== undefined ? `exited (code ${code})` : 'ended')
    : state === 'running' ? `running · ${formatMips(st?.mips ?? 0)} MIPS`
      : state === 'stopped' ? 'paused' : 'starting';
  const ctx = s.ended || state === 'exited' ? 'ended' : state === 'running' ? 'running' : state === 'stopped' ? 'paused' : 'starting';
  const icon = ctx === 'running' ? 'debug-start' : ctx === 'paused' ? 'debug-pause' : ctx === 'starting' ? 'loading~spin'
    : code === 0 ? 'pass' : code === undefined ? 'circle-slash' : 'error';
  const color = ctx === 'running' ? 'debugIcon.startForeground' : ctx === 'paused' ? 'debugIcon.pauseForeground'
    : ctx === 'ended' ? (code === 0 ? 'testing.iconPassed' : code === undefined ? undefined : 'testing.iconFailed') : undefined;
  return {
    id: `session:${s.id}`, kind: 'session', label: s.name, description: label,
    tooltip: st ? statusBarTooltip(s.name, st).split('\n').slice(0, -1).join('\n') : `${s.name}: starting`,
    icon, iconColor: color, contextValue: `hyperstep.session.${ctx}${s.uartTerminal ? '.uart' : ''}`,
    expanded: !s.ended, children: sessionChildren(s), sessionId: s.id,
  };
}

/** The configuration's row. */
function configNode(c: ConfigEntry, multiFolder: boolean, running: number): MachineNode {
  const program = c.program?.replace(/^\$\{workspaceFolder\}[\\/]/, '');
  const desc = [program, c.machine, multiFolder ? c.folder : undefined, running > 0 ? `${running} running` : undefined]
    .filter((x) => x !== undefined && x !== '').join(' · ');
  return {
    id: `config:${c.folderIndex ?? -1}:${c.name}`, kind: 'config', label: c.name, description: desc,
    tooltip: `Launch configuration "${c.name}"${c.folder ? ` in ${c.folder}` : ''}${c.program ? `\nprogram: ${c.program}` : ''}\nClick ▷ to start it.`,
    icon: 'debug-alt', contextValue: 'hyperstep.config', config: c,
  };
}

/**
 * The whole tree: a "Sessions" group (live sessions first, then ended ones) when there
 * is any session, and a "Launch configurations" group. With nothing at all it is empty
 * and the view shows its welcome content (package.json viewsWelcome).
 */
export function buildMachinesTree(configs: ConfigEntry[], sessions: SessionEntry[]): MachineNode[] {
  const out: MachineNode[] = [];
  const ordered = [...sessions.filter((s) => !s.ended), ...sessions.filter((s) => s.ended)];
  if (ordered.length > 0) {
    out.push({
      id: 'group:sessions', kind: 'group', label: 'Sessions', description: `${sessions.filter((s) => !s.ended).length} live`,
      icon: 'vm', expanded: true, children: ordered.map(sessionNode),
    });
  }
  if (configs.length > 0) {
    const folders = new Set(configs.map((c) => c.folder));
    out.push({
      id: 'group:configs', kind: 'group', label: 'Launch configurations', description: 'launch.json',
      icon: 'gear', expanded: true,
      children: configs.map((c) => configNode(c, folders.size > 1,
        sessions.filter((s) => !s.ended && s.name === c.name).length)),
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Polling

export interface Timers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

const realTimers: Timers = {
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (h) => clearInterval(h as ReturnType<typeof setInterval>),
};

/**
 * Calls `poll` every `intervalMs` while a guest runs AND someone looks (the Machines
 * view is visible or the status bar item is shown); otherwise no timer exists. `kick()`
 * polls once now (a stop, a continue, a new session), whatever the state. A poll that
 * is still in flight is never overlapped: the tick is skipped.
 */
export class PollScheduler {
  private handle: unknown;
  private inFlight = false;
  private running = false;
  private watched = false;
  /** Number of polls started (tests, logs). */
  polls = 0;

  constructor(private readonly poll: () => Promise<void>, readonly intervalMs = 1000, private readonly timers: Timers = realTimers) {}

  /** Whether some session's guest is running. */
  setRunning(running: boolean): void { this.running = running; this.reconcile(); }

  /** Whether the view or the status bar item is visible. */
  setWatched(watched: boolean): void { this.watched = watched; this.reconcile(); }

  get active(): boolean { return this.handle !== undefined; }

  kick(): void { void this.tick(); }

  private reconcile(): void {
    const want = this.running && this.watched;
    if (want && this.handle === undefined) this.handle = this.timers.setInterval(() => void this.tick(), this.intervalMs);
    else if (!want && this.handle !== undefined) { this.timers.clearInterval(this.handle); this.handle = undefined; }
  }

  private async tick(): Promise<void> {
    if (this.inFlight) return;
    this.inFlight = true;
    this.polls++;
    try { await this.poll(); } catch { /* the poller reports its own errors */ } finally { this.inFlight = false; }
  }

  dispose(): void { this.running = false; this.reconcile(); }
}
