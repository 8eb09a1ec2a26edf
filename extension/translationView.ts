/**
 * "HyperStep: Translate Address" (command `hyperstep.translateAddress`) and the
 * translation view it opens (docs/debugging.md "Translation view"). The command asks for
 * an address (prefilled from the editor selection when it looks like one; or takes it as
 * its argument), sends the adapter's `hyperstep.translate` request to the active
 * HyperStep session (translateInput.ts turns `guest1:gpa:0x…` into its arguments) and
 * shows the TranslationReport in a webview panel (page: translationPage.ts, strict CSP;
 * script and markup: webview/). A debug adapter tracker re-requests the shown address
 * each time that session stops, so the view follows the guest's page tables; while the
 * session runs or after it ends the status line says the view shows an older state.
 */
import * as vscode from 'vscode';
import { randomBytes } from 'crypto';
import type { TranslationReport } from '../emulator/debug/translation';
import { DEBUG_TYPE } from './launchConfig';
import { formatTranslateArgs, looksLikeAddress, parseTranslateInput } from './translateInput';
import { translationPageHtml } from './translationPage';
import type { ReportView } from './webview/render';

export const TRANSLATE_COMMAND = 'hyperstep.translateAddress';
export const TRANSLATE_REQUEST = 'hyperstep.translate';
const VIEW_TYPE = 'hyperstep.translation';

// The webview renders the adapter's report through its own structural copy of the type.
const asView: (r: TranslationReport) => ReportView = (r) => r;

/** Requests that resume the guest: the view then shows the state at the last stop. */
const RESUMING = new Set(['continue', 'next', 'stepIn', 'stepOut', 'stepBack', 'reverseContinue', 'goto', 'restart']);

/** Context names of a session, for the input box's prompt. */
function contextNames(session: vscode.DebugSession): string[] {
  const c = session.configuration as { hypervisor?: unknown; guests?: unknown };
  const names: string[] = [];
  if (Array.isArray(c.guests)) for (const g of c.guests) if (typeof g?.name === 'string') names.push(g.name);
  if (typeof c.hypervisor === 'string') names.push('hypervisor');
  return names;
}

function clock(): string {
  return new Date().toTimeString().slice(0, 8);
}

/** A request's error as one line (no stack): the adapter's message without our prefix. */
export function errorText(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.replace(/^HyperStep:\s*/, '').split('\n')[0];
}

export class TranslationView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private queue: unknown[] = [];
  /** The session and input the view shows. */
  private session: vscode.DebugSession | undefined;
  private sessionEnded = false;
  private input: string | undefined;
  private seq = 0;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly extensionUri: vscode.Uri) {
    this.subscriptions = [
      vscode.commands.registerCommand(TRANSLATE_COMMAND, (arg?: unknown) => this.command(arg)),
      vscode.debug.registerDebugAdapterTrackerFactory(DEBUG_TYPE, {
        createDebugAdapterTracker: (session) => ({
          onDidSendMessage: (m: { type?: string; event?: string }) => {
            if (m.type === 'event' && m.event === 'stopped') this.onStopped(session);
          },
          onWillReceiveMessage: (m: { type?: string; command?: string }) => {
            if (m.type === 'request' && m.command !== undefined && RESUMING.has(m.command)) this.onResumed(session);
          },
        }),
      }),
      vscode.debug.onDidTerminateDebugSession((s) => this.onEnded(s)),
    ];
  }

  /** The command: ask for an address (unless given) and translate it in the active session. */
  private async command(arg?: unknown): Promise<void> {
    const session = vscode.debug.activeDebugSession;
    if (session === undefined || session.type !== DEBUG_TYPE) {
      void vscode.window.showErrorMessage('HyperStep: Translate Address needs an active HyperStep debug session.');
      return;
    }
    let text = typeof arg === 'string' ? arg : undefined;
    if (text === undefined) {
      const editor = vscode.window.activeTextEditor;
      const selected = editor !== undefined && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : undefined;
      const contexts = contextNames(session);
      text = await vscode.window.showInputBox({
        title: 'HyperStep: Translate Address',
        prompt: `An address: 0x… (the current context), CONTEXT:0x… (its virtual address), CONTEXT:gpa:0x… (guest physical)`
          + (contexts.length > 0 ? `. Contexts: ${contexts.join(', ')}` : ''),
        placeHolder: contexts.length > 0 ? `${contexts[0]}:0xffffffff80001000` : '0x80001000',
        value: looksLikeAddress(selected) ? selected!.trim() : this.input ?? '',
        ignoreFocusOut: true,
        validateInput: (t) => { const r = parseTranslateInput(t); return 'error' in r && t.trim() !== '' ? r.error : undefined; },
      });
      if (text === undefined || text.trim() === '') return;
    }
    this.show();
    this.sessionEnded = false;
    this.session = session;
    await this.translate(text, 'requested');
  }

  /** Opens (or reveals) the panel. */
  private show(): void {
    if (this.panel !== undefined) {
      this.panel.reveal(undefined, true);
      return;
    }
    const root = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Address Translation',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, retainContextWhenHidden: true, localResourceRoots: [root] });
    this.panel = panel;
    this.ready = false;
    const w = panel.webview;
    w.html = translationPageHtml({
      cspSource: w.cspSource,
      scriptUri: w.asWebviewUri(vscode.Uri.joinPath(root, 'translation.js')).toString(),
      styleUri: w.asWebviewUri(vscode.Uri.joinPath(root, 'translation.css')).toString(),
      nonce: randomBytes(18).toString('base64'),
      input: this.input,
    });
    w.onDidReceiveMessage((m: { type?: string; input?: unknown }) => {
      if (m.type === 'ready') {
        this.ready = true;
        for (const q of this.queue.splice(0)) void w.postMessage(q);
      } else if (m.type === 'translate' && typeof m.input === 'string') {
        void this.fromView(m.input);
      }
    });
    panel.onDidDispose(() => {
      if (this.panel === panel) { this.panel = undefined; this.queue = []; this.ready = false; }
    });
  }

  /** An address typed into the view's own field: the view's session, else the active one. */
  private async fromView(input: string): Promise<void> {
    const active = vscode.debug.activeDebugSession;
    if ((this.session === undefined || this.sessionEnded) && active?.type === DEBUG_TYPE) {
      this.session = active;
      this.sessionEnded = false;
    }
    await this.translate(input, 'requested');
  }

  private post(message: unknown): void {
    if (this.panel === undefined) return;
    if (this.ready) void this.panel.webview.postMessage(message);
    else this.queue.push(message);
  }

  /** Sends `hyperstep.translate` for `text` to the view's session and posts the outcome. */
  private async translate(text: string, why: 'requested' | 'stopped'): Promise<void> {
    const session = this.session;
    const parsed = parseTranslateInput(text);
    if ('error' in parsed) {
      this.post({ type: 'error', message: parsed.error, input: text.trim(), status: '' });
      return;
    }
    const input = formatTranslateArgs(parsed);
    this.input = input;
    if (this.panel !== undefined) this.panel.title = `Translation: ${input}`;
    if (session === undefined || this.sessionEnded) {
      this.post({ type: 'error', message: 'no HyperStep debug session is active: start one to translate', input, status: '' });
      return;
    }
    const seq = ++this.seq;
    this.post({ type: 'busy', input });
    const where = `session "${session.name}"`;
    try {
      const report = await session.customRequest(TRANSLATE_REQUEST, parsed) as TranslationReport;
      if (seq !== this.seq) return; // a newer request superseded this one
      const status = why === 'stopped' ? `Refreshed at ${clock()} when ${where} stopped.` : `Translated at ${clock()}; refreshed whenever ${where} stops.`;
      this.post({ type: 'report', report: asView(report), input, status });
    } catch (e) {
      if (seq !== this.seq) return;
      this.post({ type: 'error', message: errorText(e), input, status: `${where}, ${clock()}` });
    }
  }

  private onStopped(session: vscode.DebugSession): void {
    if (this.panel === undefined || this.input === undefined) return;
    // The view follows its own session; once that ended, the next HyperStep session to stop.
    if (this.session !== undefined && this.session.id !== session.id && !this.sessionEnded) return;
    this.session = session;
    this.sessionEnded = false;
    void this.translate(this.input, 'stopped');
  }

  private onResumed(session: vscode.DebugSession): void {
    if (this.panel === undefined || this.session?.id !== session.id) return;
    this.post({ type: 'status', text: `${session.name} is running: the view shows the translation at the last stop.` });
  }

  private onEnded(session: vscode.DebugSession): void {
    if (this.session?.id !== session.id) return;
    this.sessionEnded = true;
    this.post({ type: 'status', text: `Session "${session.name}" ended: the view shows the translation at its last stop.` });
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
    this.panel?.dispose();
  }
}
