/**
 * Client of the RISC-V assembly language server (dist/languageServer.js, built from
 * language-server/server.ts): started from activate() over Node IPC for documents of
 * language `riscv-asm` (files and untitled editors), stopped from deactivate().
 * vscode-languageclient is loaded lazily, so loading the extension bundle does not
 * depend on it and a failure to start never breaks activation.
 */
import * as vscode from 'vscode';
import type { LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;
let starting: Promise<void> | undefined;

async function start(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath('dist/languageServer.js');
  const lc = await import('vscode-languageclient/node');
  const serverOptions: ServerOptions = {
    run: { module, transport: lc.TransportKind.ipc },
    debug: { module, transport: lc.TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'riscv-asm' },
      { scheme: 'untitled', language: 'riscv-asm' },
    ],
  };
  client = new lc.LanguageClient('hyperstepAsm', 'HyperStep RISC-V Assembly', serverOptions, clientOptions);
  await client.start();
}

/** Starts the language server in the background; a failure is reported, not thrown. */
export function startLanguageClient(context: vscode.ExtensionContext): void {
  if (starting !== undefined) return;
  starting = start(context).catch((e: unknown) => {
    void vscode.window.showErrorMessage(`HyperStep: the assembly language server failed to start: ${String(e)}`);
  });
}

/** Stops the language server (from deactivate()). */
export async function stopLanguageClient(): Promise<void> {
  await starting;
  starting = undefined;
  const c = client;
  client = undefined;
  if (c !== undefined && c.needsStop()) await c.stop();
}
