/**
 * The time-travel commands of a HyperStep debug session (docs/debugging.md "Time
 * travel"); DAP's own Step Back and Reverse are VS Code's buttons (the adapter declares
 * `supportsStepBack`), these add what DAP lacks, each a custom request of the adapter:
 * - Reverse Step Out / Reverse Step Into (debug toolbar): `hyperstep.reverseStepOut` /
 *   `hyperstep.reverseStepIn` with the selected hart (a `stopped` event follows);
 * - Save Snapshot…: a save dialog (default `<workspace>/snapshot-<clock>.hysnap`), then
 *   `hyperstep.saveSnapshot`;
 * - Compare Snapshots…: two quick picks of the snapshots of `hyperstep.timeline` (and
 *   "now"), then `hyperstep.snapshotDiff`, shown in a webview panel (snapshotDiffModel.ts
 *   renders it: registers, pages with byte ranges and symbols, devices).
 */
import * as vscode from 'vscode';
import { randomBytes } from 'crypto';
import { join } from 'path';
import { activeHyperStepSession, requestTimeline, timeTravelError } from './timelineView';
import { snapshotDiffHtml, snapshotFileName, snapshotPicks, type SnapshotDiffBody, type SnapshotRef } from './snapshotDiffModel';
import { formatBytes, formatClock } from './webview/timelineModel';

export const TIME_TRAVEL_COMMANDS = {
  reverseStepOut: 'hyperstep.reverseStepOut',
  reverseStepIn: 'hyperstep.reverseStepIn',
  saveSnapshot: 'hyperstep.saveSnapshot',
  diffSnapshots: 'hyperstep.diffSnapshots',
} as const;

const DIFF_VIEW_TYPE = 'hyperstep.snapshotDiff';

function needSession(what: string): vscode.DebugSession | undefined {
  const s = activeHyperStepSession();
  if (s === undefined) void vscode.window.showErrorMessage(`HyperStep: ${what} needs an active HyperStep debug session.`);
  return s;
}

/** The hart to step: the selected thread or frame of the session, else its first thread. */
async function threadOf(session: vscode.DebugSession): Promise<number | undefined> {
  const item = vscode.debug.activeStackItem;
  if (item !== undefined && item.session.id === session.id) return item.threadId;
  const t = await session.customRequest('threads') as { threads: { id: number }[] };
  return t.threads[0]?.id;
}

export function registerTimeTravelCommands(extensionUri: vscode.Uri): vscode.Disposable[] {
  let diffPanel: vscode.WebviewPanel | undefined;

  const reverseStep = async (command: string, title: string): Promise<void> => {
    const session = needSession(title);
    if (session === undefined) return;
    try {
      const threadId = await threadOf(session);
      if (threadId === undefined) throw new Error('the session has no threads');
      await session.customRequest(command, { threadId });
    } catch (e) {
      void vscode.window.showErrorMessage(`HyperStep: ${title}: ${timeTravelError(e)}`);
    }
  };

  const saveSnapshot = async (): Promise<void> => {
    const session = needSession('Save Snapshot');
    if (session === undefined) return;
    try {
      const { now } = await requestTimeline(session, { buckets: 1 });
      const folder = session.workspaceFolder ?? vscode.workspace.workspaceFolders?.[0];
      const name = snapshotFileName(now);
      const defaultUri = folder !== undefined ? vscode.Uri.joinPath(folder.uri, name) : vscode.Uri.file(join(process.cwd(), name));
      const uri = await vscode.window.showSaveDialog({
        title: `HyperStep: Save Snapshot (instruction ${formatClock(now)})`, saveLabel: 'Save Snapshot', defaultUri,
        filters: { 'HyperStep snapshots': ['hysnap'], 'All files': ['*'] },
      });
      if (uri === undefined) return;
      const r = await session.customRequest('hyperstep.saveSnapshot', { path: uri.fsPath }) as { path: string; bytes: number; clock: number };
      void vscode.window.showInformationMessage(
        `HyperStep: saved the machine at instruction ${formatClock(r.clock)} to ${vscode.workspace.asRelativePath(r.path)} (${formatBytes(r.bytes)}).`);
    } catch (e) {
      void vscode.window.showErrorMessage(`HyperStep: Save Snapshot: ${timeTravelError(e)}`);
    }
  };

  const diffSnapshots = async (): Promise<void> => {
    const session = needSession('Compare Snapshots');
    if (session === undefined) return;
    let a: SnapshotRef;
    let b: SnapshotRef;
    try {
      const t = await requestTimeline(session, { buckets: 1 });
      const first = await vscode.window.showQuickPick(snapshotPicks(t.snapshots, t.now),
        { title: 'HyperStep: Compare Snapshots (1/2)', placeHolder: 'The first (earlier) point', matchOnDescription: true });
      if (first === undefined) return;
      const second = await vscode.window.showQuickPick(snapshotPicks(t.snapshots, t.now, first.ref),
        { title: 'HyperStep: Compare Snapshots (2/2)', placeHolder: `Compare ${first.label} with…`, matchOnDescription: true });
      if (second === undefined) return;
      [a, b] = first.clock <= second.clock ? [first.ref, second.ref] : [second.ref, first.ref];
      const body = await session.customRequest('hyperstep.snapshotDiff', { a, b }) as SnapshotDiffBody;
      showDiff(body, a, b);
    } catch (e) {
      void vscode.window.showErrorMessage(`HyperStep: Compare Snapshots: ${timeTravelError(e)}`);
    }
  };

  const showDiff = (body: SnapshotDiffBody, a: SnapshotRef, b: SnapshotRef): void => {
    const root = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    const title = `Diff ${a === 'now' ? 'now' : `#${a}`} → ${b === 'now' ? 'now' : `#${b}`}`;
    if (diffPanel === undefined) {
      diffPanel = vscode.window.createWebviewPanel(DIFF_VIEW_TYPE, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
        { enableScripts: false, localResourceRoots: [root] });
      diffPanel.onDidDispose(() => { diffPanel = undefined; });
    } else {
      diffPanel.title = title;
      diffPanel.reveal(undefined, false);
    }
    const w = diffPanel.webview;
    w.html = snapshotDiffHtml(body, a, b, {
      cspSource: w.cspSource,
      styleUri: w.asWebviewUri(vscode.Uri.joinPath(root, 'snapshotDiff.css')).toString(),
      nonce: randomBytes(18).toString('base64'),
    });
  };

  return [
    vscode.commands.registerCommand(TIME_TRAVEL_COMMANDS.reverseStepOut, () => reverseStep(TIME_TRAVEL_COMMANDS.reverseStepOut, 'Reverse Step Out')),
    vscode.commands.registerCommand(TIME_TRAVEL_COMMANDS.reverseStepIn, () => reverseStep(TIME_TRAVEL_COMMANDS.reverseStepIn, 'Reverse Step Into')),
    vscode.commands.registerCommand(TIME_TRAVEL_COMMANDS.saveSnapshot, saveSnapshot),
    vscode.commands.registerCommand(TIME_TRAVEL_COMMANDS.diffSnapshots, diffSnapshots),
    { dispose: () => diffPanel?.dispose() },
  ];
}
