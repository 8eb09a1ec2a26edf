/**
 * The HyperStep status bar item, shown while a HyperStep debug session is live:
 * `HyperStep ▶ 312 MIPS · 1.2 G insns · hart0 [S]` (▶, ⏸ and ■ are the codicons play, debug-pause and debug-stop). It describes the
 * active debug session when that is HyperStep's, else the newest live one; its numbers
 * come from the Machines view's polling (machinesView.ts), so it updates about once a
 * second while the guest runs. Clicking it focuses the Machines view. The setting
 * `hyperstep.statusBar` (default true) turns it off.
 */
import * as vscode from 'vscode';
import { MACHINES_VIEW, type MachinesView } from './machinesView';
import { statusBarText, statusBarTooltip } from './machinesModel';
import { statusBarEnabled } from './settings';

export class MachineStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscriptions: vscode.Disposable[];
  private shown = false;

  constructor(private readonly machines: MachinesView) {
    this.item = vscode.window.createStatusBarItem('hyperstep.status', vscode.StatusBarAlignment.Left, 10);
    this.item.name = 'HyperStep machine status';
    this.item.command = `${MACHINES_VIEW}.focus`;
    this.subscriptions = [
      this.item,
      machines.onDidChangeStatus(() => this.update()),
      vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('hyperstep.statusBar')) this.update(); }),
    ];
    this.update();
  }

  private update(): void {
    const cur = statusBarEnabled() ? this.machines.current() : undefined;
    if (cur === undefined) {
      if (this.shown) { this.item.hide(); this.shown = false; this.machines.setStatusBarShown(false); }
      return;
    }
    const st = cur.entry.status;
    this.item.text = statusBarText(st);
    this.item.tooltip = statusBarTooltip(cur.entry.name, st);
    this.item.accessibilityInformation = { label: this.item.text.replace('$(play)', 'running').replace('$(debug-pause)', 'paused').replace('$(debug-stop)', 'ended').replace('$(loading~spin)', 'starting') };
    if (!this.shown) { this.item.show(); this.shown = true; this.machines.setStatusBarShown(true); }
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}
