/**
 * Test helper: a minimal LSP client that runs dist/languageServer.js with --stdio (or
 * --node-ipc, as the VS Code client does),
 * (re)building the bundle first when it is missing or older than its sources, and
 * records the diagnostics the server publishes so tests can wait for them.
 */
import { execFileSync, fork, spawn, type ChildProcess } from 'child_process';
import { existsSync, readdirSync, statSync } from 'fs';
import { join } from 'path';
import {
  createProtocolConnection, IPCMessageReader, IPCMessageWriter, StreamMessageReader, StreamMessageWriter,
  DidChangeTextDocumentNotification, DidCloseTextDocumentNotification, DidOpenTextDocumentNotification,
  ExitNotification, InitializedNotification, InitializeRequest, PublishDiagnosticsNotification,
  ShutdownRequest, type InitializeResult, type ProtocolConnection, type PublishDiagnosticsParams,
} from 'vscode-languageserver/node';

const ROOT = join(__dirname, '..', '..');
export const SERVER = join(ROOT, 'dist', 'languageServer.js');

function newestMtime(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Builds dist/ when dist/languageServer.js is missing or older than its sources. */
export function ensureBuilt(): void {
  const sources = Math.max(newestMtime(join(ROOT, 'language-server')), newestMtime(join(ROOT, 'emulator')));
  if (existsSync(SERVER) && statSync(SERVER).mtimeMs >= sources) return;
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'ignore' });
}

export class LspClient {
  readonly proc: ChildProcess;
  readonly conn: ProtocolConnection;
  /** Every publishDiagnostics notification, in order. */
  readonly published: PublishDiagnosticsParams[] = [];
  stderr = '';
  private waiters: (() => void)[] = [];

  constructor(transport: 'stdio' | 'ipc' = 'stdio') {
    if (transport === 'ipc') {
      this.proc = fork(SERVER, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
      this.conn = createProtocolConnection(new IPCMessageReader(this.proc), new IPCMessageWriter(this.proc));
    } else {
      this.proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
      if (this.proc.stdout === null || this.proc.stdin === null) throw new Error('no stdio pipes');
      this.conn = createProtocolConnection(new StreamMessageReader(this.proc.stdout), new StreamMessageWriter(this.proc.stdin));
    }
    this.proc.stderr?.on('data', (d: Buffer) => { this.stderr += d.toString(); });
    this.conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.published.push(p);
      for (const w of this.waiters.splice(0)) w();
    });
    this.conn.listen();
  }

  async initialize(): Promise<InitializeResult> {
    const r = await this.conn.sendRequest(InitializeRequest.type, {
      processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null,
    });
    await this.conn.sendNotification(InitializedNotification.type, {});
    return r;
  }

  async open(uri: string, text: string, version = 1): Promise<void> {
    await this.conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'riscv-asm', version, text },
    });
  }

  /** Replaces the whole text (a full-content change). */
  async change(uri: string, version: number, text: string): Promise<void> {
    await this.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version }, contentChanges: [{ text }],
    });
  }

  async close(uri: string): Promise<void> {
    await this.conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** The first published diagnostics for uri (with version >= minVersion, if given) after `from`. */
  async diagnostics(uri: string, minVersion = 0, from = 0, timeoutMs = 10000): Promise<PublishDiagnosticsParams> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.published.slice(from).find((p) => p.uri === uri && (p.version ?? 0) >= minVersion);
      if (hit !== undefined) return hit;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no diagnostics for ${uri} v${minVersion}; stderr: ${this.stderr}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => { clearTimeout(t); resolve(); });
      });
    }
  }

  /** shutdown + exit; resolves with the process exit code. */
  async shutdown(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => {
      if (this.proc.exitCode !== null) resolve(this.proc.exitCode);
      else this.proc.once('exit', (code) => resolve(code));
    });
    await this.conn.sendRequest(ShutdownRequest.type);
    await this.conn.sendNotification(ExitNotification.type);
    const code = await exited;
    this.conn.dispose();
    return code;
  }

  /** Kills the server if a test left it running. */
  kill(): void {
    this.conn.dispose();
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill();
  }
}
