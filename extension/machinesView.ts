/**
 * The Machines view (view `hyperstep.machines` in the HyperStep activity-bar container):
 * every `hyperstep` launch configuration of the workspace's launch.json files and every
 * HyperStep debug session with its live status (the adapter's `hyperstep.status`
 * request, debug-adapter/status.ts). Owns the session registry that the status bar item
 * (statusBar.ts) and the commands (commands.ts) use.
 *
 * Polling: a PollScheduler (machinesModel.ts) asks about once a second only while a
 * guest runs and the view or the status bar item is visible: all live sessions when the
 * view is visible, else only the status bar's session. Stops, continues and new sessions
 * (seen by a debug adapter tracker) trigger one extra poll, so a paused machine shows
 * its final state without any timer.
 */
import * as vscode from 'vscode';
import { DEBUG_TYPE } from './launchConfig';
import {
  buildMachinesTree, PollScheduler, type ConfigEntry, type MachineNode, type MachineStatus, type SessionEntry,
} from './machinesModel';
import { logger } from './settings';

export const MACHINES_VIEW = 'hyperstep.machines';
export const STATUS_REQUEST = 'hyperstep.status';

/** Requests after which the guest runs again. */
const RESUMING = new Set(['continue', 'next', 'stepIn', 'stepOut', 'reverseContinue', 'goto', 'restart']);

interface Tracked {
  session: vscode.DebugSession;
  entry: SessionEntry;
}

/** Launch configurations of type hyperstep from every workspace folder's launch.json. */
export function readLaunchConfigurations(): ConfigEntry[] {
  const out: ConfigEntry[] = [];
  const folders = vscode.workspace.workspaceFolders ?? [];
  folders.forEach((folder, folderIndex) => {
    const list = vscode.workspace.getConfiguration('launch', folder.uri).get<unknown[]>('configurations') ?? [];
    for (const c of Array.isArray(list) ? list : []) {
      if (typeof c !== 'object' || c === null) continue;
      const r = c as Record<string, unknown>;
      if (r.type !== DEBUG_TYPE || typeof r.name !== 'string') continue;
      const program = typeof r.program === 'string' ? r.program : typeof r.kernel === 'string' ? r.kernel
        : r.debianLinux === true ? 'Debian Linux' : undefined;
      out.push({
        name: r.name, folder: folder.name, folderIndex, program,
        machine: typeof r.machine === 'string' ? r.machine : undefined,
      });
    }
  });
  return out;
}

export class MachinesView implements vscode.TreeDataProvider<MachineNode>, vscode.Disposable {
  private readonly tracked = new Map<string, Tracked>();
  private configs: ConfigEntry[] = [];
  private readonly changed = new vscode.EventEmitter<MachineNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Fired after any status or session change (the status bar listens). */
  private readonly statusChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeStatus = this.statusChanged.event;
  private readonly view: vscode.TreeView<MachineNode>;
  readonly scheduler: PollScheduler;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Whether the status bar item shows (set by statusBar.ts). */
  private statusBarShown = false;

  constructor() {
    this.scheduler = new PollScheduler(() => this.poll(), 1000);
    this.view = vscode.window.createTreeView(MACHINES_VIEW, { treeDataProvider: this });
    this.configs = readLaunchConfigurations();
    this.subscriptions.push(
      this.view,
      this.view.onDidChangeVisibility((e) => {
        logger().debug(`Machines view ${e.visible ? 'shown' : 'hidden'}`);
        this.updateWatched();
        if (e.visible) this.scheduler.kick();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('launch')) this.reloadConfigs(); }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.reloadConfigs()),
      vscode.debug.onDidStartDebugSession((s) => this.started(s)),
      vscode.debug.onDidTerminateDebugSession((s) => this.terminated(s)),
      vscode.debug.onDidChangeActiveDebugSession(() => { this.statusChanged.fire(); this.scheduler.kick(); }),
      vscode.debug.registerDebugAdapterTrackerFactory(DEBUG_TYPE, {
        createDebugAdapterTracker: (session) => ({
          onDidSendMessage: (m: { type?: string; event?: string; body?: { exitCode?: unknown } }) => {
            if (m.type !== 'event') return;
            if (m.event === 'stopped' || m.event === 'continued') this.scheduler.kick();
            if (m.event === 'continued') this.scheduler.setRunning(true);
            if (m.event === 'exited' && typeof m.body?.exitCode === 'number') {
              const t = this.tracked.get(session.id);
              if (t) t.entry.exitCode = m.body.exitCode;
              logger().info(`session "${session.name}": guest exited with code ${m.body.exitCode}`);
            }
          },
          onWillReceiveMessage: (m: { type?: string; command?: string }) => {
            if (m.type === 'request' && m.command !== undefined && RESUMING.has(m.command)) {
              this.scheduler.setRunning(true);
              setTimeout(() => this.scheduler.kick(), 50);
            }
          },
        }),
      }),
      this.changed, this.statusChanged,
    );
    for (const s of [vscode.debug.activeDebugSession].filter((x): x is vscode.DebugSession => x?.type === DEBUG_TYPE)) this.started(s);
  }

  // -- sessions ------------------------------------------------------------------------

  private started(session: vscode.DebugSession): void {
    if (session.type !== DEBUG_TYPE || this.tracked.has(session.id)) return;
    // A new run of a configuration replaces the ended rows of earlier runs.
    for (const [id, t] of this.tracked) if (t.entry.ended && t.entry.name === session.name) this.tracked.delete(id);
    this.tracked.set(session.id, {
      session,
      entry: { id: session.id, name: session.name, uartTerminal: session.configuration.uartTerminal === true },
    });
    logger().info(`session "${session.name}" started (${String(session.configuration.program ?? session.configuration.kernel ?? '')})`);
    this.scheduler.setRunning(true); // until the first status says otherwise
    this.scheduler.kick();
    this.refresh();
  }

  private terminated(session: vscode.DebugSession): void {
    const t = this.tracked.get(session.id);
    if (t === undefined) return;
    t.entry.ended = true;
    if (t.entry.status !== undefined && t.entry.status.state !== 'exited') t.entry.status = { ...t.entry.status, state: 'exited' };
    logger().info(`session "${session.name}" ended${t.entry.exitCode !== undefined ? ` (exit code ${t.entry.exitCode})` : ''}`);
    this.scheduler.setRunning(this.anyRunning());
    this.refresh();
  }

  /** Live (not ended) sessions, newest last. */
  liveSessions(): vscode.DebugSession[] {
    return [...this.tracked.values()].filter((t) => !t.entry.ended).map((t) => t.session);
  }

  session(id: string): vscode.DebugSession | undefined {
    const t = this.tracked.get(id);
    return t && !t.entry.ended ? t.session : undefined;
  }

  entry(id: string): SessionEntry | undefined {
    return this.tracked.get(id)?.entry;
  }

  /** The session the status bar describes: the active one if it is HyperStep's, else the newest live one. */
  current(): Tracked | undefined {
    const active = vscode.debug.activeDebugSession;
    const a = active !== undefined ? this.tracked.get(active.id) : undefined;
    if (a !== undefined && !a.entry.ended) return a;
    const live = [...this.tracked.values()].filter((t) => !t.entry.ended);
    return live[live.length - 1];
  }

  setStatusBarShown(shown: boolean): void {
    this.statusBarShown = shown;
    this.updateWatched();
  }

  private updateWatched(): void {
    this.scheduler.setWatched(this.view.visible || this.statusBarShown);
  }

  private anyRunning(): boolean {
    return [...this.tracked.values()].some((t) => !t.entry.ended && (t.entry.status === undefined || t.entry.status.state === 'running'));
  }

  /** One round of status requests. */
  private async poll(): Promise<void> {
    const targets = this.view.visible ? [...this.tracked.values()].filter((t) => !t.entry.ended)
      : [this.current()].filter((t): t is Tracked => t !== undefined);
    if (targets.length === 0) { this.scheduler.setRunning(this.anyRunning()); return; }
    await Promise.all(targets.map(async (t) => {
      try {
        const st = await t.session.customRequest(STATUS_REQUEST) as MachineStatus;
        if (t.entry.ended) return;
        const was = t.entry.status?.state;
        t.entry.status = st;
        t.entry.error = undefined;
        if (was !== st.state) logger().debug(`session "${t.entry.name}": ${st.state}, ${st.instructions} instructions`);
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        if (t.entry.error !== msg) logger().debug(`session "${t.entry.name}": status request failed: ${msg}`);
        t.entry.error = msg; // e.g. "no program loaded" while launching
      }
    }));
    this.scheduler.setRunning(this.anyRunning());
    this.refresh();
  }

  // -- configurations ------------------------------------------------------------------

  private reloadConfigs(): void {
    this.configs = readLaunchConfigurations();
    logger().debug(`launch configurations: ${this.configs.map((c) => c.name).join(', ') || 'none'}`);
    this.refresh();
  }

  configurations(): ConfigEntry[] { return this.configs; }

  /** Forget ended sessions (view title action). */
  clearEnded(): void {
    for (const [id, t] of this.tracked) if (t.entry.ended) this.tracked.delete(id);
    this.refresh();
  }

  refresh(): void {
    this.changed.fire(undefined);
    this.statusChanged.fire();
  }

  /** Reload launch.json and ask every live session for its status now. */
  reload(): void {
    this.reloadConfigs();
    this.scheduler.kick();
  }

  // -- TreeDataProvider ----------------------------------------------------------------

  getChildren(node?: MachineNode): MachineNode[] {
    if (node !== undefined) return node.children ?? [];
    return buildMachinesTree(this.configs, [...this.tracked.values()].map((t) => t.entry));
  }

  getTreeItem(node: MachineNode): vscode.TreeItem {
    const state = node.children === undefined ? vscode.TreeItemCollapsibleState.None
      : node.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(node.label, state);
    item.id = node.id;
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.contextValue = node.contextValue;
    if (node.icon !== undefined) {
      item.iconPath = new vscode.ThemeIcon(node.icon, node.iconColor ? new vscode.ThemeColor(node.iconColor) : undefined);
    }
    return item;
  }

  dispose(): void {
    this.scheduler.dispose();
    for (const d of this.subscriptions) d.dispose();
  }
}
