/**
 * RISC-V assembly language server (bundled to dist/languageServer.js; runs with
 * `--stdio` or `--node-ipc`). Wires the LSP connection to the feature modules:
 * diagnostics from emulator/asm's assembler (debounced on change), hover, completion,
 * go to definition, find references and document symbols. Every handler is guarded:
 * an exception is logged and answered with an empty result, so malformed documents
 * or internal bugs never take the server down.
 */
import {
  createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisCache, toDiagnostics, type Analysis } from './analysis';
import { completion } from './completion';
import { hover } from './hover';
import { definition, references } from './navigation';
import { documentSymbols } from './symbols';

/** Delay between the last edit and re-assembling the document. */
const DEBOUNCE_MS = 200;

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const log = (message: string): void => connection.console.error(message);
const cache = new AnalysisCache(log);
const timers = new Map<string, NodeJS.Timeout>();

function describe(e: unknown): string {
  return e instanceof Error ? e.stack ?? e.message : String(e);
}

/** Wraps a request handler: exceptions are logged and turned into `empty`. */
function guarded<P, R>(name: string, empty: R, f: (p: P) => R): (p: P) => R {
  return (p: P): R => {
    try {
      return f(p);
    } catch (e) {
      log(`${name} failed: ${describe(e)}`);
      return empty;
    }
  };
}

/** The analysis of an open document, or undefined for unknown/closed documents. */
function analysisOf(uri: string | undefined, lenient = false): Analysis | undefined {
  const doc = uri === undefined ? undefined : documents.get(uri);
  if (doc === undefined) return undefined;
  return lenient ? cache.getLenient(doc) : cache.get(doc);
}

function publish(doc: TextDocument): void {
  try {
    const a = cache.get(doc);
    void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: toDiagnostics(a) });
  } catch (e) {
    log(`diagnostics failed for ${doc.uri}: ${describe(e)}`);
  }
}

function cancel(uri: string): void {
  const t = timers.get(uri);
  if (t !== undefined) clearTimeout(t);
  timers.delete(uri);
}

function schedule(uri: string): void {
  cancel(uri);
  timers.set(uri, setTimeout(() => {
    timers.delete(uri);
    const doc = documents.get(uri);
    if (doc !== undefined) publish(doc);
  }, DEBOUNCE_MS));
}

connection.onInitialize((): InitializeResult => ({
  capabilities: {
    textDocumentSync: TextDocumentSyncKind.Incremental,
    hoverProvider: true,
    completionProvider: { triggerCharacters: ['.', '%'] },
    definitionProvider: true,
    referencesProvider: true,
    documentSymbolProvider: true,
  },
  serverInfo: { name: 'hyperstep-asm' },
}));

documents.onDidOpen((e) => publish(e.document));
documents.onDidChangeContent((e) => {
  // Fired right after onDidOpen too: only a new version needs assembling.
  if (cache.peekVersion(e.document.uri) !== e.document.version) schedule(e.document.uri);
});
documents.onDidClose((e) => {
  cancel(e.document.uri);
  cache.delete(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

connection.onHover(guarded('hover', null, (p) => {
  const a = analysisOf(p.textDocument?.uri);
  return a === undefined ? null : hover(a, p.position);
}));
connection.onCompletion(guarded('completion', [], (p) => {
  const a = analysisOf(p.textDocument?.uri, true);
  return a === undefined ? [] : completion(a, p.position);
}));
connection.onDefinition(guarded('definition', [], (p) => {
  const a = analysisOf(p.textDocument?.uri);
  return a === undefined ? [] : definition(a, p.position);
}));
connection.onReferences(guarded('references', [], (p) => {
  const a = analysisOf(p.textDocument?.uri);
  return a === undefined ? [] : references(a, p.position, p.context?.includeDeclaration ?? true);
}));
connection.onDocumentSymbol(guarded('documentSymbol', [], (p) => {
  const a = analysisOf(p.textDocument?.uri);
  return a === undefined ? [] : documentSymbols(a);
}));

process.on('uncaughtException', (e) => log(`uncaught exception: ${describe(e)}`));
process.on('unhandledRejection', (e) => log(`unhandled rejection: ${describe(e)}`));

documents.listen(connection);
connection.listen();
