/**
 * "HyperStep: Show Timeline" (command `hyperstep.showTimeline`) and the timeline it shows
 * (docs/debugging.md "Time travel"): a webview view in the panel (view
 * `hyperstep.timeline`, beside the Debug Console; page: timelinePage.ts, strict CSP;
 * script: webview/timeline.ts with uPlot, model: webview/timelineModel.ts). It shows the
 * recorded history of the active HyperStep session, asked with the adapter's custom
 * request `hyperstep.timeline` for the range the webview shows (`from`/`to`, `buckets`
 * ≈ its width in pixels, so the adapter aggregates); a click sends `hyperstep.travel`
 * (the adapter then reports a `stopped` event with reason "goto", and VS Code shows the
 * machine at that point). The adapter's custom event `hyperstep.timeline` (after every
 * stop and travel) makes the view ask again.
 */
import * as vscode from 'vscode';
import { randomBytes } from 'crypto';
import { DEBUG_TYPE } from './launchConfig';
import { timelinePageHtml } from './timelinePage';
import { errorText } from './translationView';
import { formatClock, type TimelineBody, type TimelineRequest } from './webview/timelineModel';

export const SHOW_TIMELINE_COMMAND = 'hyperstep.showTimeline';
export const TIMELINE_VIEW = 'hyperstep.timeline';
export const TIMELINE_REQUEST = 'hyperstep.timeline';
export const TIMELINE_EVENT = 'hyperstep.timeline';
export const TRAVEL_REQUEST = 'hyperstep.travel';

type FromView =
  | { type: 'ready' }
  | { type: 'range'; seq: number; from?: number; to?: number; buckets: number }
  | { type: 'travel'; clock: number };

/** The session the time-travel commands and the timeline act on: the active HyperStep session. */
export function activeHyperStepSession(): vscode.DebugSession | undefined {
  const s = vscode.debug.activeDebugSession;
  return s?.type === DEBUG_TYPE ? s : undefined;
}

/** An error of a time-travel request, in words: an adapter without time travel says so plainly. */
export function timeTravelError(e: unknown): string {
  const text = errorText(e);
  return /unrecognized request|not supported|unknown request/i.test(text)
    ? 'this session does not record its history (its debug adapter has no time travel)' : text;
}

/** Asks `session` for its timeline. */
export async function requestTimeline(session: vscode.DebugSession, args: TimelineRequest): Promise<TimelineBody> {
  return await session.customRequest(TIMELINE_REQUEST, args) as TimelineBody;
}

export class TimelineView implements vscode.Disposable, vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private session: vscode.DebugSession | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly extensionUri: vscode.Uri) {
    this.subscriptions = [
      vscode.window.registerWebviewViewProvider(TIMELINE_VIEW, this, { webviewOptions: { retainContextWhenHidden: true } }),
      vscode.commands.registerCommand(SHOW_TIMELINE_COMMAND, () => this.command()),
      vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => {
        if (e.event === TIMELINE_EVENT && e.session.type === DEBUG_TYPE) this.onTimelineEvent(e.session);
      }),
      vscode.debug.onDidChangeActiveDebugSession((s) => {
        if (s?.type === DEBUG_TYPE && s.id !== this.session?.id) this.follow(s);
      }),
      vscode.debug.onDidTerminateDebugSession((s) => {
        if (s.id !== this.session?.id) return;
        this.session = undefined;
        this.post({ type: 'status', text: `Session "${s.name}" ended: the timeline shows its history at its last stop.` });
      }),
    ];
  }

  private async command(): Promise<void> {
    const session = activeHyperStepSession();
    if (session === undefined) {
      void vscode.window.showErrorMessage('HyperStep: Show Timeline needs an active HyperStep debug session.');
      return;
    }
    await vscode.commands.executeCommand(`${TIMELINE_VIEW}.focus`);
    if (session.id !== this.session?.id) this.follow(session);
    else this.refresh();
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    const root = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    this.view = view;
    this.ready = false;
    this.session ??= activeHyperStepSession();
    const w = view.webview;
    w.options = { enableScripts: true, localResourceRoots: [root] };
    w.html = timelinePageHtml({
      cspSource: w.cspSource,
      scriptUri: w.asWebviewUri(vscode.Uri.joinPath(root, 'timeline.js')).toString(),
      styleUri: w.asWebviewUri(vscode.Uri.joinPath(root, 'timeline.css')).toString(),
      codiconUri: w.asWebviewUri(vscode.Uri.joinPath(root, 'codicon.css')).toString(),
      nonce: randomBytes(18).toString('base64'),
    });
    w.onDidReceiveMessage((m: FromView) => this.fromView(m));
    view.onDidDispose(() => { if (this.view === view) { this.view = undefined; this.ready = false; } });
  }

  private fromView(m: FromView): void {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.refresh();
        break;
      case 'range':
        void this.answer(m);
        break;
      case 'travel':
        if (typeof m.clock === 'number' && Number.isFinite(m.clock)) void this.travel(m.clock);
        break;
    }
  }

  private post(message: unknown): void {
    if (this.view !== undefined && this.ready) void this.view.webview.postMessage(message);
  }

  /** Makes the webview ask for its range again. */
  private refresh(): void {
    this.post({ type: 'refresh' });
  }

  /** Shows another session's history, the whole of it. */
  private follow(session: vscode.DebugSession): void {
    this.session = session;
    this.post({ type: 'reset' });
    this.refresh();
  }

  private onTimelineEvent(session: vscode.DebugSession): void {
    if (this.session !== undefined && this.session.id !== session.id && vscode.debug.activeDebugSession?.id !== session.id) return;
    if (this.session?.id !== session.id) this.follow(session);
    else this.refresh();
  }

  private async answer(m: { seq: number; from?: number; to?: number; buckets: number }): Promise<void> {
    const session = this.session ?? activeHyperStepSession();
    if (session === undefined) {
      this.post({ type: 'error', message: 'No HyperStep debug session is active: start one (F5) to see its timeline.' });
      return;
    }
    this.session = session;
    const whole = m.from === undefined || m.to === undefined;
    const args: TimelineRequest = whole ? { buckets: m.buckets } : { from: m.from, to: m.to, buckets: m.buckets };
    try {
      const body = await requestTimeline(session, args);
      this.post({ type: 'timeline', seq: m.seq, body, whole });
    } catch (e) {
      this.post({ type: 'error', message: `Cannot read the timeline of "${session.name}": ${timeTravelError(e)}` });
    }
  }

  private async travel(clock: number): Promise<void> {
    const session = this.session;
    if (session === undefined) {
      this.post({ type: 'error', message: 'No HyperStep debug session is active.' });
      return;
    }
    try {
      const r = await session.customRequest(TRAVEL_REQUEST, { clock }) as { clock?: number } | undefined;
      this.post({ type: 'status', text: `At instruction ${formatClock(r?.clock ?? clock)}.` });
    } catch (e) {
      this.post({ type: 'error', message: `Cannot travel to ${formatClock(clock)}: ${timeTravelError(e)}` });
    }
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}
