/**
 * "HyperStep: Compare Virtualization Modes" (command `hyperstep.compare.open`) and the
 * comparison view it opens (docs/compare.md "The view"): one reused webview panel (page:
 * comparePage.ts, strict CSP; script: webview/compare.ts with uPlot; model:
 * webview/compareModel.ts) showing a CompareReport (emulator/compare/result.ts) of the
 * eight stacks side by side. "Run comparison" runs the comparison in the extension host
 * (the runner's runCompare, which reuses results cached by input hash) with a VS Code
 * progress notification per mode; cancelling any of them cancels the run. "Open JSON…"
 * loads a saved report (Export JSON, or `hyperstep compare --json`), "Export JSON/CSV"
 * saves the one shown, and a mode's "Debug this mode" starts a HyperStep debug session of
 * that stack (the runner's modeLaunchConfig), stopped at its first instruction. Running guests needs a trusted workspace,
 * as for the debug configurations (extension.ts); loading and exporting reports does not.
 * The command also takes a report to show as its argument: a file Uri, a path, or a
 * CompareReport object.
 */
import * as vscode from 'vscode';
import { randomBytes } from 'crypto';
import { existsSync } from 'fs';
import { join } from 'path';
import { COMPARE_MODES, type CompareModeName, type CompareReport } from '../emulator/compare/result';
import { comparePageHtml } from './comparePage';
import { errorText } from './translationView';
import { checkReport, formatSeconds, formatShort, parseReport, reportCsv } from './webview/compareModel';

export const COMPARE_OPEN_COMMAND = 'hyperstep.compare.open';
const VIEW_TYPE = 'hyperstep.compare';
const UNTRUSTED = 'HyperStep does not run guest programs in an untrusted workspace. Trust the workspace to run the comparison or debug a mode.';

export type ComparePhase = 'resolve' | 'boot' | 'measure' | 'shutdown' | 'done' | 'failed' | 'cached';
export interface CompareProgress { mode: CompareModeName; phase: ComparePhase; instructions: number; seconds: number; message?: string }

/** What the view needs of the comparison runner (emulator/host/compareRunner.ts). */
export interface CompareRunner {
  runCompare(opts: {
    modes?: readonly CompareModeName[];
    root?: string;
    cache?: boolean;
    cacheDir?: string;
    onProgress?(p: CompareProgress): void;
    signal?: AbortSignal;
  }): Promise<CompareReport>;
  modeLaunchConfig(mode: CompareModeName, root?: string): object;
}

/** The runner, loaded when first needed (it pulls in the stacks' builders and worker threads). */
export async function loadCompareRunner(): Promise<CompareRunner> {
  return await import('../emulator/host/compareRunner');
}

/**
 * The HyperStep checkout whose guests/compare/build the comparison runs: a workspace
 * folder that has it, else undefined (the runner looks next to itself and in the
 * current directory, and says what is missing).
 */
export function compareRoot(): string | undefined {
  for (const f of vscode.workspace.workspaceFolders ?? []) {
    if (f.uri.scheme === 'file' && existsSync(join(f.uri.fsPath, 'guests', 'compare', 'build', 'workload'))) return f.uri.fsPath;
  }
  return undefined;
}

type FromView =
  | { type: 'ready' }
  | { type: 'run' }
  | { type: 'cancel' }
  | { type: 'open' }
  | { type: 'export'; format: 'json' | 'csv' }
  | { type: 'debug'; mode: string };

const PHASE_TEXT: Record<ComparePhase, string> = {
  resolve: 'preparing', boot: 'booting the stack', measure: 'measuring', shutdown: 'shutting down', done: 'done', failed: 'failed', cached: 'cached result',
};
const FINAL: ReadonlySet<ComparePhase> = new Set(['done', 'failed', 'cached']);

/** One mode's progress notification: open until the mode is done or failed, or the run ends. */
interface ModeNotification {
  report(message: string): void;
  finish(): void;
}

export class CompareView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private queue: unknown[] = [];
  private report: CompareReport | undefined;
  private source = '';
  private run: AbortController | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly extensionUri: vscode.Uri, private readonly runner: () => Promise<CompareRunner> | CompareRunner) {
    this.subscriptions = [vscode.commands.registerCommand(COMPARE_OPEN_COMMAND, (arg?: unknown) => this.command(arg))];
  }

  private async command(arg?: unknown): Promise<void> {
    this.show();
    if (arg === undefined || arg === null) return;
    if (typeof arg === 'object' && (arg as { schema?: unknown }).schema !== undefined) {
      const r = checkReport(arg);
      if ('error' in r) this.post({ type: 'error', message: `Cannot show the report: ${r.error}` });
      else this.setReport(r, 'given report');
      return;
    }
    const uri = arg instanceof vscode.Uri ? arg : typeof arg === 'string' ? vscode.Uri.file(arg) : undefined;
    if (uri !== undefined) await this.load(uri);
  }

  private show(): void {
    if (this.panel !== undefined) {
      this.panel.reveal();
      return;
    }
    const root = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Virtualization Modes', vscode.ViewColumn.Active,
      { enableScripts: true, retainContextWhenHidden: true, localResourceRoots: [root] });
    const w = panel.webview;
    w.html = comparePageHtml({
      cspSource: w.cspSource,
      scriptUri: w.asWebviewUri(vscode.Uri.joinPath(root, 'compare.js')).toString(),
      styleUri: w.asWebviewUri(vscode.Uri.joinPath(root, 'compare.css')).toString(),
      codiconUri: w.asWebviewUri(vscode.Uri.joinPath(root, 'codicon.css')).toString(),
      nonce: randomBytes(18).toString('base64'),
    });
    w.onDidReceiveMessage((m: FromView) => this.fromView(m));
    panel.onDidDispose(() => { if (this.panel === panel) { this.panel = undefined; this.ready = false; this.queue = []; } });
    this.panel = panel;
    this.ready = false;
  }

  private post(message: unknown): void {
    if (this.panel === undefined) return;
    if (this.ready) void this.panel.webview.postMessage(message);
    else this.queue.push(message);
  }

  private fromView(m: FromView): void {
    switch (m.type) {
      case 'ready': {
        this.ready = true;
        const queued = this.queue;
        this.queue = [];
        this.post({ type: 'running', running: this.run !== undefined });
        if (this.report !== undefined) this.post({ type: 'report', report: this.report, source: this.source });
        for (const q of queued) this.post(q);
        break;
      }
      case 'run': void this.runComparison(); break;
      case 'cancel': this.run?.abort(); break;
      case 'open': void this.open(); break;
      case 'export': void this.export(m.format === 'csv' ? 'csv' : 'json'); break;
      case 'debug':
        if ((COMPARE_MODES as readonly string[]).includes(m.mode)) void this.debug(m.mode as CompareModeName);
        break;
    }
  }

  private setReport(report: CompareReport, source: string): void {
    this.report = report;
    this.source = source;
    this.post({ type: 'report', report, source });
  }

  /** Runs all modes, a progress notification per mode; cancelling one cancels the run. */
  private async runComparison(): Promise<void> {
    if (this.run !== undefined) return;
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showErrorMessage(UNTRUSTED);
      this.post({ type: 'error', message: UNTRUSTED });
      return;
    }
    const abort = new AbortController();
    this.run = abort;
    this.post({ type: 'running', running: true });
    this.post({ type: 'status', text: 'Running the comparison: the modes run in parallel; cached results are reused…' });
    const notes = new Map<CompareModeName, ModeNotification>();
    const cached = new Set<CompareModeName>();
    const started = Date.now();
    try {
      const runner = await this.runner();
      const report = await runner.runCompare({
        signal: abort.signal,
        root: compareRoot(),
        // Results of identical inputs are reused (the runner's cache; HYPERSTEP_COMPARE_CACHE moves it).
        cache: true,
        cacheDir: process.env.HYPERSTEP_COMPARE_CACHE || undefined,
        onProgress: (p) => {
          this.post({ type: 'progress', mode: p.mode, phase: p.phase, instructions: p.instructions, seconds: p.seconds });
          if (p.phase === 'cached') cached.add(p.mode);
          let note = notes.get(p.mode);
          if (note === undefined && !FINAL.has(p.phase)) {
            note = modeNotification(p.mode, () => abort.abort());
            notes.set(p.mode, note);
          }
          note?.report(`${PHASE_TEXT[p.phase] ?? p.phase} · ${formatShort(p.instructions)} instructions · ${formatSeconds(p.seconds)}`);
          if (FINAL.has(p.phase)) note?.finish();
        },
      });
      const reused = cached.size === 0 ? '' : cached.size === report.modes.length ? ' (all results cached)' : ` (${cached.size} cached)`;
      this.setReport(report, `run ${new Date().toLocaleTimeString()}${reused}`);
      const failed = report.modes.filter((m) => m.status !== 'ok').map((m) => m.mode);
      if (failed.length > 0) void vscode.window.showWarningMessage(`HyperStep: the comparison ran, but ${failed.join(', ')} failed (marked in the view).`);
    } catch (e) {
      const message = abort.signal.aborted ? 'The comparison was cancelled.' : `The comparison failed: ${errorText(e)}`;
      this.post({ type: 'error', message });
      if (!abort.signal.aborted) void vscode.window.showErrorMessage(`HyperStep: ${message}`);
    } finally {
      for (const n of notes.values()) n.finish();
      this.run = undefined;
      this.post({ type: 'running', running: false });
      if (this.report !== undefined && !abort.signal.aborted) {
        this.post({ type: 'status', text: `Comparison finished in ${formatSeconds((Date.now() - started) / 1000)}.` });
        this.post({ type: 'report', report: this.report, source: this.source });
      }
    }
  }

  private async open(): Promise<void> {
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false, openLabel: 'Open Report', title: 'Open a comparison report',
      filters: { 'Comparison report (JSON)': ['json'] }, defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    });
    if (picked?.[0] !== undefined) await this.load(picked[0]);
  }

  private async load(uri: vscode.Uri): Promise<void> {
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      const r = parseReport(text);
      if ('error' in r) {
        this.post({ type: 'error', message: `${uri.fsPath}: ${r.error}` });
        return;
      }
      this.setReport(r, vscode.workspace.asRelativePath(uri));
    } catch (e) {
      this.post({ type: 'error', message: `Cannot read ${uri.fsPath}: ${errorText(e)}` });
    }
  }

  private async export(format: 'json' | 'csv'): Promise<void> {
    const report = this.report;
    if (report === undefined) return;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `compare.${format}`;
    const target = await vscode.window.showSaveDialog({
      title: `Export the comparison as ${format.toUpperCase()}`, saveLabel: 'Export',
      defaultUri: folder !== undefined ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: format === 'json' ? { 'Comparison report (JSON)': ['json'] } : { CSV: ['csv'] },
    });
    if (target === undefined) return;
    const text = format === 'json' ? JSON.stringify(report, null, 2) + '\n' : reportCsv(report);
    try {
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
      this.post({ type: 'status', text: `Saved ${vscode.workspace.asRelativePath(target)}.` });
    } catch (e) {
      this.post({ type: 'error', message: `Cannot write ${target.fsPath}: ${errorText(e)}` });
    }
  }

  /** Starts a HyperStep debug session of one stack. */
  private async debug(mode: CompareModeName): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showErrorMessage(UNTRUSTED);
      return;
    }
    try {
      const runner = await this.runner();
      const root = compareRoot();
      const base = (root !== undefined ? runner.modeLaunchConfig(mode, root) : runner.modeLaunchConfig(mode)) as vscode.DebugConfiguration;
      // Stopped at the first instruction: the whole run takes seconds, breakpoints go in first.
      const config: vscode.DebugConfiguration = { ...base, stopOnEntry: true };
      const ok = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders?.[0], config);
      if (!ok) this.debugError(`The debug session of ${mode} did not start (see the Debug Console).`);
      else this.post({ type: 'status', text: `Debugging ${mode}: "${config.name ?? mode}".` });
    } catch (e) {
      this.debugError(`Cannot debug ${mode}: ${errorText(e)}`);
    }
  }

  /** A failed "Debug this mode": in the view's status line and as a notification (the button may be far below the status line). */
  private debugError(message: string): void {
    this.post({ type: 'error', message });
    void vscode.window.showErrorMessage(`HyperStep: ${message}`);
  }

  dispose(): void {
    this.run?.abort();
    this.panel?.dispose();
    for (const d of this.subscriptions) d.dispose();
  }
}

/** A cancellable progress notification for one mode of a running comparison. */
function modeNotification(mode: CompareModeName, cancel: () => void): ModeNotification {
  let report: (message: string) => void = () => undefined;
  let finish: () => void = () => undefined;
  let pending: string | undefined;
  const done = new Promise<void>((resolve) => { finish = resolve; });
  void vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `HyperStep compare · ${mode}`, cancellable: true },
    (progress, token) => {
      token.onCancellationRequested(cancel);
      report = (message) => progress.report({ message });
      if (pending !== undefined) report(pending);
      return done;
    },
  );
  return {
    report: (message) => { pending = message; report(message); },
    finish: () => finish(),
  };
}
