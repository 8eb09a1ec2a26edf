/**
 * "HyperStep: Show Memory" (command `hyperstep.showMemory`) and the memory view it opens
 * (docs/debugging.md "Memory view"): one reused webview panel (page: memoryPage.ts,
 * strict CSP; script and model: webview/memory.ts, webview/memoryModel.ts) showing hex
 * groups and ASCII of the guest's memory, read with DAP `readMemory` (the adapter's
 * side-effect-free debug memory). The command takes an address, a memory reference or
 * an expression (asked for, or the argument: a string, or the `{ container, variable }`
 * of the Variables and Watch context menus). An expression (`$sp`, `&buf`, a variable's
 * evaluateName) is re-evaluated with DAP `evaluate` at every stop of the view's session
 * (a debug adapter tracker sees the `stopped` events), so the view follows it; bytes that
 * differ from what the view showed at the previous stop are highlighted. An edited group
 * is written with DAP `writeMemory`; the adapter's `memory` event re-reads the view.
 */
import * as vscode from 'vscode';
import { randomBytes } from 'crypto';
import { DEBUG_TYPE } from './launchConfig';
import { COUNTS, memoryPageHtml } from './memoryPage';
import { errorText } from './translationView';
import {
  changedIndices, GROUP_SIZES, parseMemoryTarget, referenceAddress, referenceFromEvaluate, targetOfArgument, windowStart,
  type GroupSize, type MemorySnapshot, type MemoryTarget,
} from './webview/memoryModel';

export const SHOW_MEMORY_COMMAND = 'hyperstep.showMemory';
const VIEW_TYPE = 'hyperstep.memory';

/** Requests that resume the guest: the view then shows the memory at the last stop. */
const RESUMING = new Set(['continue', 'next', 'stepIn', 'stepOut', 'stepBack', 'reverseContinue', 'goto', 'restart']);

type Why = 'requested' | 'stopped' | 'written' | 'moved';

function clock(): string {
  return new Date().toTimeString().slice(0, 8);
}

const hex = (v: bigint): string => '0x' + BigInt.asUintN(64, v).toString(16);

export class MemoryView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private queue: unknown[] = [];
  private session: vscode.DebugSession | undefined;
  private sessionEnded = false;
  private running = false;
  /** The hart (DAP thread) of the last stop: its top frame evaluates the expression. */
  private stoppedThread: number | undefined;
  /** What the user asked for, and the memory reference it led to last. */
  private text: string | undefined;
  private target: MemoryTarget | undefined;
  private reference: string | undefined;
  private group: GroupSize = 4;
  private count = 256;
  private page = 0;
  /** The bytes shown during the current stop, and those shown at the previous one. */
  private shown: { base: bigint; bytes: number[] } | undefined;
  private baseline: { base: bigint; bytes: number[] } | undefined;
  private seq = 0;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly extensionUri: vscode.Uri) {
    this.subscriptions = [
      vscode.commands.registerCommand(SHOW_MEMORY_COMMAND, (arg?: unknown) => this.command(arg)),
      vscode.debug.registerDebugAdapterTrackerFactory(DEBUG_TYPE, {
        createDebugAdapterTracker: (session) => ({
          onDidSendMessage: (m: { type?: string; event?: string; body?: { threadId?: number } }) => {
            if (m.type !== 'event') return;
            if (m.event === 'stopped') this.onStopped(session, m.body?.threadId);
            else if (m.event === 'memory') this.onMemoryChanged(session);
            else if (m.event === 'continued') this.onResumed(session);
          },
          onWillReceiveMessage: (m: { type?: string; command?: string }) => {
            if (m.type === 'request' && m.command !== undefined && RESUMING.has(m.command)) this.onResumed(session);
          },
        }),
      }),
      vscode.debug.onDidTerminateDebugSession((s) => this.onEnded(s)),
    ];
  }

  /** The command: show the argument's memory, or ask for an address or expression. */
  private async command(arg?: unknown): Promise<void> {
    const session = vscode.debug.activeDebugSession;
    if (session === undefined || session.type !== DEBUG_TYPE) {
      void vscode.window.showErrorMessage('HyperStep: Show Memory needs an active HyperStep debug session.');
      return;
    }
    let text = targetOfArgument(arg);
    if (text === undefined) {
      const editor = vscode.window.activeTextEditor;
      const selected = editor !== undefined && !editor.selection.isEmpty ? editor.document.getText(editor.selection).trim() : '';
      text = await vscode.window.showInputBox({
        title: 'HyperStep: Show Memory',
        prompt: 'An address (0x80001000), a memory reference (guest1:0x…, guest1:gpa:0x…, hpa:0x…) or an expression '
          + '($sp, &buf, p->next), re-evaluated at every stop',
        placeHolder: '$sp',
        value: selected !== '' && !selected.includes('\n') ? selected : this.text ?? '',
        ignoreFocusOut: true,
        validateInput: (t) => { const r = parseMemoryTarget(t); return 'error' in r && t.trim() !== '' ? r.error : undefined; },
      });
      if (text === undefined || text.trim() === '') return;
    }
    if (this.session?.id !== session.id) { this.shown = undefined; this.baseline = undefined; }
    this.session = session;
    this.sessionEnded = false;
    this.show();
    await this.follow(text);
  }

  /** Opens (or reveals) the panel. */
  private show(): void {
    if (this.panel !== undefined) {
      this.panel.reveal(undefined, true);
      return;
    }
    const root = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Memory',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, retainContextWhenHidden: true, localResourceRoots: [root] });
    this.panel = panel;
    this.ready = false;
    const w = panel.webview;
    w.html = memoryPageHtml({
      cspSource: w.cspSource,
      scriptUri: w.asWebviewUri(vscode.Uri.joinPath(root, 'memory.js')).toString(),
      styleUri: w.asWebviewUri(vscode.Uri.joinPath(root, 'memory.css')).toString(),
      codiconUri: w.asWebviewUri(vscode.Uri.joinPath(root, 'codicon.css')).toString(),
      nonce: randomBytes(18).toString('base64'),
      target: this.text,
      group: this.group,
      count: this.count,
    });
    w.onDidReceiveMessage((m: { type?: string; [k: string]: unknown }) => this.fromView(m));
    panel.onDidDispose(() => {
      if (this.panel === panel) { this.panel = undefined; this.queue = []; this.ready = false; }
    });
  }

  private fromView(m: { type?: string; [k: string]: unknown }): void {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        for (const q of this.queue.splice(0)) void this.panel?.webview.postMessage(q);
        break;
      case 'show':
        if (typeof m.target === 'string') {
          this.adoptActiveSession();
          void this.follow(m.target);
        }
        break;
      case 'group':
        if (GROUP_SIZES.includes(m.group as GroupSize)) this.group = m.group as GroupSize;
        break;
      case 'count':
        if ((COUNTS as readonly number[]).includes(m.count as number)) {
          this.count = m.count as number;
          void this.refresh('moved');
        }
        break;
      case 'page':
        if (m.delta === 1 || m.delta === -1) {
          this.page += m.delta;
          void this.refresh('moved');
        }
        break;
      case 'write':
        if (typeof m.addr === 'string' && Array.isArray(m.bytes)) void this.write(m.addr, m.bytes as number[]);
        break;
    }
  }

  /** A target typed into the view when its session ended: the active HyperStep session's. */
  private adoptActiveSession(): void {
    const active = vscode.debug.activeDebugSession;
    if ((this.session === undefined || this.sessionEnded) && active?.type === DEBUG_TYPE) {
      this.session = active;
      this.sessionEnded = false;
      this.shown = undefined;
      this.baseline = undefined;
    }
  }

  private post(message: unknown): void {
    if (this.panel === undefined) return;
    if (this.ready) void this.panel.webview.postMessage(message);
    else this.queue.push(message);
  }

  /** Shows `text` from now on (page 0), reading it at once. */
  private async follow(text: string): Promise<void> {
    const t = parseMemoryTarget(text);
    if ('error' in t) {
      this.post({ type: 'error', message: t.error, target: text.trim(), status: '' });
      return;
    }
    this.text = text.trim();
    this.target = t;
    this.reference = undefined;
    this.page = 0;
    if (this.panel !== undefined) this.panel.title = `Memory: ${this.text}`;
    await this.refresh('requested');
  }

  /** The frame an expression is evaluated in: the selected one, else the stopped hart's top frame. */
  private async frameId(session: vscode.DebugSession, why: Why): Promise<number | undefined> {
    const item = vscode.debug.activeStackItem;
    if (why !== 'stopped' && item instanceof vscode.DebugStackFrame && item.session.id === session.id) return item.frameId;
    let thread = this.stoppedThread ?? (item?.session.id === session.id ? item.threadId : undefined);
    if (thread === undefined) {
      const t = await session.customRequest('threads') as { threads: { id: number }[] };
      thread = t.threads[0]?.id;
    }
    if (thread === undefined) return undefined;
    const st = await session.customRequest('stackTrace', { threadId: thread, startFrame: 0, levels: 1 }) as { stackFrames: { id: number }[] };
    return st.stackFrames[0]?.id;
  }

  /** The memory reference the target leads to now: evaluated for an expression. */
  private async resolve(session: vscode.DebugSession, why: Why): Promise<{ reference: string; note?: string } | { error: string }> {
    const t = this.target!;
    if (t.kind === 'reference') return { reference: t.reference };
    if (why === 'moved' || why === 'written') {
      if (this.reference !== undefined) return { reference: this.reference };
    }
    try {
      const frameId = await this.frameId(session, why);
      const body = await session.customRequest('evaluate', { expression: t.expression, frameId, context: 'watch', format: { hex: true } }) as
        { result: string; memoryReference?: string };
      const reference = referenceFromEvaluate(body);
      if (reference === undefined) return this.keepOr(`${t.expression} = ${body.result}: neither an address nor a pointer`);
      return { reference };
    } catch (e) {
      return this.keepOr(`cannot evaluate ${t.expression}: ${errorText(e)}`);
    }
  }

  /** After a failed evaluation: the last address with a note, or the error. */
  private keepOr(message: string): { reference: string; note: string } | { error: string } {
    return this.reference !== undefined ? { reference: this.reference, note: `${message}; showing the last address` } : { error: message };
  }

  /** Reads the window and posts it; `stopped` makes what was shown the baseline of the changes. */
  private async refresh(why: Why): Promise<void> {
    const session = this.session;
    const text = this.text;
    if (this.panel === undefined || this.target === undefined || text === undefined) return;
    if (why === 'stopped') { this.baseline = this.shown; this.shown = undefined; }
    if (session === undefined || this.sessionEnded) {
      this.post({ type: 'error', message: 'no HyperStep debug session is active: start one to read memory', target: text, status: '' });
      return;
    }
    const seq = ++this.seq;
    this.post({ type: 'busy', target: text });
    const where = `session "${session.name}"`;
    try {
      const r = await this.resolve(session, why);
      if (seq !== this.seq) return;
      if ('error' in r) {
        this.post({ type: 'error', message: r.error, target: text, status: `${where}, ${clock()}` });
        return;
      }
      const address = referenceAddress(r.reference);
      const start = windowStart(address, this.page, this.count);
      const body = await session.customRequest('readMemory', { memoryReference: r.reference, offset: Number(start - address), count: this.count }) as
        { address: string; data?: string; unreadableBytes?: number };
      if (seq !== this.seq) return;
      this.reference = r.reference;
      const base = BigInt(body.address);
      const bytes = [...Buffer.from(body.data ?? '', 'base64')];
      const changed = changedIndices(this.baseline, base, bytes);
      this.shown = { base, bytes };
      const off = address - base;
      const snapshot: MemorySnapshot = {
        address: hex(base), bytes, count: this.count, changed,
        target: off >= 0n && off < BigInt(this.count) ? Number(off) : undefined,
      };
      const lead = this.target.kind === 'expression' ? `${text} → ${r.reference}` : r.reference;
      const when = why === 'stopped' ? `refreshed at ${clock()} when ${where} stopped` : `read at ${clock()}; refreshed whenever ${where} stops`;
      const status = `${lead} · ${when}.${r.note !== undefined ? ` ${r.note}.` : ''}${this.running ? ' The guest is running.' : ''}`;
      this.post({ type: 'snapshot', snapshot, group: this.group, target: text, status, editable: !this.running });
    } catch (e) {
      if (seq !== this.seq) return;
      this.post({ type: 'error', message: errorText(e), target: text, status: `${where}, ${clock()}` });
    }
  }

  /** Writes an edited group (its first byte's address, little-endian bytes) and re-reads. */
  private async write(addr: string, bytes: number[]): Promise<void> {
    const session = this.session;
    const reference = this.reference;
    const fail = (message: string) => this.post({ type: 'writeError', addr, message });
    if (session === undefined || this.sessionEnded || reference === undefined) return fail('no HyperStep debug session is active');
    if (this.running) return fail('the guest is running: pause it to edit memory');
    if (!bytes.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) return fail('bad bytes');
    try {
      const offset = BigInt(addr) - referenceAddress(reference);
      await session.customRequest('writeMemory', { memoryReference: reference, offset: Number(offset), data: Buffer.from(bytes).toString('base64') });
    } catch (e) {
      return fail(errorText(e));
    }
    await this.refresh('written');
  }

  private onStopped(session: vscode.DebugSession, threadId: number | undefined): void {
    if (this.session !== undefined && this.session.id !== session.id && !this.sessionEnded) return;
    if (this.session?.id !== session.id) { this.shown = undefined; this.baseline = undefined; }
    this.session = session;
    this.sessionEnded = false;
    this.running = false;
    this.stoppedThread = threadId;
    if (this.panel === undefined || this.target === undefined) { this.shown = undefined; return; }
    void this.refresh('stopped');
  }

  /** The adapter's `memory` event (a writeMemory, ours or another view's): read again. */
  private onMemoryChanged(session: vscode.DebugSession): void {
    if (this.panel === undefined || this.session?.id !== session.id || this.sessionEnded) return;
    void this.refresh('written');
  }

  private onResumed(session: vscode.DebugSession): void {
    if (this.session?.id !== session.id) return;
    this.running = true;
    this.stoppedThread = undefined;
    this.post({ type: 'status', text: `Session "${session.name}" is running: the view shows the memory at the last stop.`, editable: false });
  }

  private onEnded(session: vscode.DebugSession): void {
    if (this.session?.id !== session.id) return;
    this.sessionEnded = true;
    this.running = false;
    this.post({ type: 'status', text: `Session "${session.name}" ended: the view shows the memory at its last stop.`, editable: false });
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
    this.panel?.dispose();
  }
}
