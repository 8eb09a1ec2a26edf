/**
 * The Devices view (view `hyperstep.devices` in the HyperStep activity-bar container)
 * and "HyperStep: Show Device Tree" (command `hyperstep.showDeviceTree`).
 *
 * The view shows, for the active HyperStep debug session, the adapter's
 * `hyperstep.devices` answer (debug-adapter/devices.ts) as the tree devicesModel.ts
 * builds: the memory map and each device's state. It asks again at every stop (a debug
 * adapter tracker sees the `stopped` event), when the active session changes and when
 * it becomes visible after a stop it missed; it never polls while the guest runs (the
 * message line then says the state is the one at the last stop). With no session the
 * tree is empty and package.json's `viewsWelcome` text shows.
 *
 * The command asks the active session for `hyperstep.deviceTree` and opens the DTS in a
 * read-only editor: a TextDocumentContentProvider on the `hyperstep-dts:` scheme, one
 * URI per session (language `dts` when an extension provides it, else plain text).
 */
import * as vscode from 'vscode';
import { DEBUG_TYPE } from './launchConfig';
import { buildDevicesTree, devicesMessage, type DeviceNode } from './devicesModel';
import type { DeviceTreeReport, DevicesReport } from '../debug-adapter/devices';
import { logger } from './settings';

export const DEVICES_VIEW = 'hyperstep.devices';
export const SHOW_DEVICE_TREE = 'hyperstep.showDeviceTree';
export const REFRESH_DEVICES = 'hyperstep.refreshDevices';
export const DTS_SCHEME = 'hyperstep-dts';
const DEVICES_REQUEST = 'hyperstep.devices';
const DEVICE_TREE_REQUEST = 'hyperstep.deviceTree';
const RESUMING = new Set(['continue', 'next', 'stepIn', 'stepOut', 'reverseContinue', 'goto', 'restart']);

function clock(): string {
  return new Date().toTimeString().slice(0, 8);
}

function message(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}

/** The DTS documents: hyperstep-dts:/<session name>.dts?<session id>. */
class DtsProvider implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  set(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '// The device tree of an ended HyperStep session is no longer available.\n';
  }

  dispose(): void { this.changed.dispose(); }
}

export class DevicesView implements vscode.TreeDataProvider<DeviceNode>, vscode.Disposable {
  private nodes: DeviceNode[] = [];
  private readonly changed = new vscode.EventEmitter<DeviceNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<DeviceNode>;
  private readonly dts = new DtsProvider();
  private readonly subscriptions: vscode.Disposable[];
  /** The session shown, and whether the tree is older than its last stop. */
  private shown: vscode.DebugSession | undefined;
  private stale = false;
  private seq = 0;

  constructor() {
    this.view = vscode.window.createTreeView(DEVICES_VIEW, { treeDataProvider: this, showCollapseAll: true });
    this.subscriptions = [
      this.view, this.changed, this.dts,
      vscode.workspace.registerTextDocumentContentProvider(DTS_SCHEME, this.dts),
      vscode.commands.registerCommand(SHOW_DEVICE_TREE, () => this.showDeviceTree()),
      vscode.commands.registerCommand(REFRESH_DEVICES, () => this.refresh()),
      this.view.onDidChangeVisibility((e) => { if (e.visible && this.stale) void this.refresh(); }),
      vscode.debug.onDidChangeActiveDebugSession(() => void this.refresh()),
      vscode.debug.onDidTerminateDebugSession((s) => this.ended(s)),
      vscode.debug.registerDebugAdapterTrackerFactory(DEBUG_TYPE, {
        createDebugAdapterTracker: (session) => ({
          onDidSendMessage: (m: { type?: string; event?: string }) => {
            if (m.type === 'event' && m.event === 'stopped' && this.isActive(session)) void this.refresh();
          },
          onWillReceiveMessage: (m: { type?: string; command?: string }) => {
            if (m.type === 'request' && m.command !== undefined && RESUMING.has(m.command) && this.shown?.id === session.id) {
              this.view.message = devicesMessage(session.name, 'running', clock());
            }
          },
        }),
      }),
    ];
    void this.refresh();
  }

  private active(): vscode.DebugSession | undefined {
    const s = vscode.debug.activeDebugSession;
    return s?.type === DEBUG_TYPE ? s : undefined;
  }

  private isActive(session: vscode.DebugSession): boolean {
    return this.active()?.id === session.id;
  }

  /** Asks the active session for its devices (while the view is hidden: later). */
  async refresh(): Promise<void> {
    const session = this.active();
    const seq = ++this.seq;
    if (session === undefined) {
      this.shown = undefined;
      this.stale = false;
      this.setNodes([], undefined);
      return;
    }
    if (!this.view.visible && this.shown?.id === session.id) { this.stale = true; return; }
    this.stale = false;
    try {
      const report = await session.customRequest(DEVICES_REQUEST) as DevicesReport;
      if (seq !== this.seq) return;
      this.shown = session;
      this.setNodes(buildDevicesTree(report), devicesMessage(session.name, 'stopped', clock()));
    } catch (e) {
      if (seq !== this.seq) return;
      // e.g. "no program loaded" while the session launches: the next stop refreshes.
      logger().debug(`Devices view: ${message(e)}`);
      this.shown = session;
      this.setNodes([], `${session.name}: ${message(e)}`);
    }
  }

  private ended(session: vscode.DebugSession): void {
    if (this.shown?.id !== session.id) return;
    const next = this.active();
    if (next !== undefined && next.id !== session.id) { void this.refresh(); return; }
    this.shown = undefined;
    this.setNodes([], undefined);
  }

  private setNodes(nodes: DeviceNode[], msg: string | undefined): void {
    this.nodes = nodes;
    this.view.message = msg;
    this.changed.fire(undefined);
  }

  private async showDeviceTree(): Promise<void> {
    const session = this.active() ?? this.shown;
    if (session === undefined) {
      void vscode.window.showInformationMessage('HyperStep: Show Device Tree needs a running HyperStep debug session.');
      return;
    }
    let report: DeviceTreeReport;
    try {
      report = await session.customRequest(DEVICE_TREE_REQUEST) as DeviceTreeReport;
    } catch (e) {
      void vscode.window.showErrorMessage(`HyperStep: no device tree from "${session.name}": ${message(e)}`);
      return;
    }
    const name = session.name.replace(/[\\/:*?"<>|]+/g, '').replace(/\s+/g, ' ').trim() || 'session';
    const uri = vscode.Uri.from({ scheme: DTS_SCHEME, path: `/${name}.dts`, query: session.id });
    const where = report.address !== undefined ? `in guest memory at ${report.address}` : 'generated by the board';
    this.dts.set(uri, `// Device tree of "${session.name}", ${where} (${clock()})\n${report.dts}`);
    let doc = await vscode.workspace.openTextDocument(uri);
    const languages = await vscode.languages.getLanguages();
    if (languages.includes('dts')) doc = await vscode.languages.setTextDocumentLanguage(doc, 'dts');
    await vscode.window.showTextDocument(doc, { preview: true });
    logger().info(`device tree of "${session.name}" (${report.source}) shown`);
  }

  getChildren(node?: DeviceNode): DeviceNode[] {
    return node === undefined ? this.nodes : node.children ?? [];
  }

  getTreeItem(node: DeviceNode): vscode.TreeItem {
    const state = node.children === undefined ? vscode.TreeItemCollapsibleState.None
      : node.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(node.label, state);
    item.id = node.id;
    item.description = node.description;
    item.tooltip = node.tooltip;
    if (node.icon !== undefined) item.iconPath = new vscode.ThemeIcon(node.icon);
    return item;
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}
