/**
 * The ELF viewer: a read-only custom editor (viewType `hyperstep.elfViewer`, selector
 * `*.elf`, package.json `customEditors`) that opens when an .elf file is opened from the
 * explorer. It reads the file, prepares its ElfView with elfModel.ts (the project's own
 * ELF reader, emulator/loader/elf.ts) and posts it to the webview (page: elfPage.ts with
 * the translation view's strict CSP; script and markup: webview/elf.ts, elfRender.ts).
 * The page's Debug button runs `hyperstep.debugElf` on the file (stopOnEntry). A file
 * the reader rejects (or cannot read) shows the reader's message on an error page. The
 * view follows changes to the file on disk (a rebuilt ELF is shown again).
 */
import * as vscode from 'vscode';
import { randomBytes } from 'crypto';
import { basename } from 'path';
import { describeElf } from './elfModel';
import { elfPageHtml } from './elfPage';
import { logger } from './settings';

export const ELF_VIEWER = 'hyperstep.elfViewer';
const DEBUG_ELF = 'hyperstep.debugElf';

class ElfDocument implements vscode.CustomDocument {
  constructor(readonly uri: vscode.Uri) {}
  dispose(): void { /* nothing held */ }
}

export class ElfViewerProvider implements vscode.CustomReadonlyEditorProvider<ElfDocument> {
  static register(extensionUri: vscode.Uri): vscode.Disposable {
    return vscode.window.registerCustomEditorProvider(ELF_VIEWER, new ElfViewerProvider(extensionUri), {
      webviewOptions: { retainContextWhenHidden: false },
      supportsMultipleEditorsPerDocument: true,
    });
  }

  constructor(private readonly extensionUri: vscode.Uri) {}

  openCustomDocument(uri: vscode.Uri): ElfDocument {
    return new ElfDocument(uri);
  }

  resolveCustomEditor(document: ElfDocument, panel: vscode.WebviewPanel): void {
    const root = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    const w = panel.webview;
    w.options = { enableScripts: true, localResourceRoots: [root] };
    const file = basename(document.uri.path);
    w.html = elfPageHtml({
      cspSource: w.cspSource,
      scriptUri: w.asWebviewUri(vscode.Uri.joinPath(root, 'elf.js')).toString(),
      styleUri: w.asWebviewUri(vscode.Uri.joinPath(root, 'elf.css')).toString(),
      codiconUri: w.asWebviewUri(vscode.Uri.joinPath(root, 'codicon.css')).toString(),
      nonce: randomBytes(18).toString('base64'),
      file,
    });
    let ready = false;
    const send = async (): Promise<void> => {
      if (!ready) return;
      let message: unknown;
      try {
        const bytes = await vscode.workspace.fs.readFile(document.uri);
        const view = describeElf(bytes, file);
        message = 'error' in view ? { type: 'error', file, message: view.error } : { type: 'elf', view };
        if ('error' in view) logger().info(`ELF viewer: ${document.uri.fsPath}: ${view.error}`);
      } catch (e) {
        message = { type: 'error', file, message: `cannot read the file: ${e instanceof Error ? e.message : String(e)}` };
      }
      await w.postMessage(message);
    };
    const subscriptions: vscode.Disposable[] = [
      w.onDidReceiveMessage((m: { type?: string }) => {
        if (m.type === 'ready') { ready = true; void send(); }
        else if (m.type === 'debug') void vscode.commands.executeCommand(DEBUG_ELF, document.uri);
      }),
    ];
    if (document.uri.scheme === 'file') {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.joinPath(document.uri, '..'), basename(document.uri.fsPath)));
      subscriptions.push(watcher, watcher.onDidChange(() => void send()), watcher.onDidCreate(() => void send()));
    }
    panel.onDidDispose(() => { for (const d of subscriptions) d.dispose(); });
  }
}
