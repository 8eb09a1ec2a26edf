/**
 * The guest's UART in a VS Code terminal. For a `hyperstep` session launched with
 * `uartTerminal: true`, the adapter sends UART output as the custom DAP event
 * `hyperstep.uart` (body `{ text }`) and accepts keystrokes through the custom request
 * `hyperstep.uartInput` (arguments `{ text }`). This module shows one pseudoterminal per
 * session, "HyperStep UART (<session name>)": output is written to it ('\n' becomes
 * '\r\n'), keystrokes go to the guest, and when the session ends the terminal stays open
 * with "[session ended]" until the next session of the same name replaces it. On
 * Restart the adapter sends `hyperstep.restarted`: the terminal keeps the old run's text
 * (to compare runs) and writes a dim separator line, `──── restarted ────`, under it.
 */
import * as vscode from 'vscode';
import { DEBUG_TYPE } from './launchConfig';

export const UART_EVENT = 'hyperstep.uart';
export const UART_INPUT_REQUEST = 'hyperstep.uartInput';
export const RESTARTED_EVENT = 'hyperstep.restarted';

/** The separator written on restart (SGR 2 = faint), on a line of its own. */
export function restartSeparator(atLineStart: boolean): string {
  return `${atLineStart ? '' : '\r\n'}\x1b[2m──── restarted ────\x1b[0m\r\n`;
}

/** Terminal text for UART output: bare line feeds become CR LF. */
export function toTerminalText(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

export function uartTerminalName(session: vscode.DebugSession): string {
  return `HyperStep UART (${session.name})`;
}

/** One session's terminal. Output arriving before VS Code opens the terminal is buffered. */
class UartTerminal {
  readonly terminal: vscode.Terminal;
  private readonly writer = new vscode.EventEmitter<string>();
  private pending: string[] | undefined = [];
  private live = true;
  private disposed = false;
  /** Did the text written so far end a line (or is there none)? */
  private atLineStart = true;
  closed = false;

  constructor(private readonly session: vscode.DebugSession) {
    const pty: vscode.Pseudoterminal = {
      onDidWrite: this.writer.event,
      open: () => { for (const t of this.pending ?? []) this.writer.fire(t); this.pending = undefined; },
      close: () => { this.closed = true; },
      handleInput: (data) => {
        if (!this.live) return;
        this.session.customRequest(UART_INPUT_REQUEST, { text: data }).then(undefined, () => undefined);
      },
    };
    this.terminal = vscode.window.createTerminal({ name: uartTerminalName(session), pty, isTransient: true });
  }

  write(text: string): void {
    if (this.closed) return;
    this.writeRaw(toTerminalText(text));
  }

  /** The session restarted: a separator under the previous run's output. */
  restarted(): void {
    if (this.live) this.writeRaw(restartSeparator(this.atLineStart));
  }

  private writeRaw(t: string): void {
    if (this.closed || t === '') return;
    this.atLineStart = t.endsWith('\n');
    if (this.pending !== undefined) this.pending.push(t);
    else this.writer.fire(t);
  }

  /** The session ended: keep the output visible and stop forwarding keystrokes. */
  ended(): void {
    if (!this.live) return;
    this.live = false;
    this.write('\n[session ended]\n');
  }

  get isLive(): boolean { return this.live; }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.closed = true;
    this.terminal.dispose();
    this.writer.dispose();
  }
}

/** Owns the UART terminals of all HyperStep sessions; register once on activation. */
export class UartTerminals implements vscode.Disposable {
  private readonly bySession = new Map<string, UartTerminal>();
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.subscriptions = [
      vscode.debug.onDidStartDebugSession((s) => { if (wantsTerminal(s)) this.terminalFor(s).terminal.show(true); }),
      vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => {
        if (e.event === RESTARTED_EVENT && e.session.type === DEBUG_TYPE) { this.bySession.get(e.session.id)?.restarted(); return; }
        if (e.event !== UART_EVENT || e.session.type !== DEBUG_TYPE) return;
        const text = (e.body as { text?: unknown } | undefined)?.text;
        if (typeof text === 'string' && text !== '') this.terminalFor(e.session).write(text);
      }),
      vscode.debug.onDidTerminateDebugSession((s) => this.bySession.get(s.id)?.ended()),
      vscode.window.onDidCloseTerminal((t) => {
        for (const [id, u] of this.bySession) if (u.terminal === t) { this.bySession.delete(id); u.dispose(); }
      }),
    ];
  }

  private terminalFor(session: vscode.DebugSession): UartTerminal {
    const existing = this.bySession.get(session.id);
    if (existing !== undefined && !existing.closed) return existing;
    // A new session replaces the ended terminals of earlier runs of the same configuration.
    const name = uartTerminalName(session);
    for (const [id, u] of this.bySession) {
      if (id === session.id || (!u.isLive && u.terminal.name === name)) { this.bySession.delete(id); u.dispose(); }
    }
    const created = new UartTerminal(session);
    this.bySession.set(session.id, created);
    return created;
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
    const all = [...this.bySession.values()];
    this.bySession.clear();
    for (const u of all) u.dispose();
  }
}

function wantsTerminal(session: vscode.DebugSession): boolean {
  return session.type === DEBUG_TYPE && session.configuration.uartTerminal === true;
}
