/**
 * The ELF viewer's webview script (bundled by scripts/build.mjs to dist/webview/elf.js,
 * loaded with a nonce under a strict CSP by extension/elfViewer.ts). It renders the
 * ElfView the extension posts (elfRender.ts): the header, program headers, section
 * headers and the symbol table with a filter field and sortable columns (at most 500
 * rows rendered; filtering narrows them). The Debug button posts `{ type: 'debug' }`.
 * Messages, extension → webview: `{ type: 'elf', view }`, `{ type: 'error', file, message }`;
 * webview → extension: `{ type: 'ready' }` once loaded, `{ type: 'debug' }`.
 * The filter and sort survive a reload of the webview through its state.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import {
  DEFAULT_QUERY, renderElfError, renderHeader, renderSections, renderSegments, renderSymbols,
  type ElfView, type SymbolKey, type SymbolQuery,
} from './elfRender';
import { escapeHtml } from './render';

interface VsCodeApi { postMessage(message: unknown): void; getState(): unknown; setState(state: unknown): void }
declare function acquireVsCodeApi(): VsCodeApi;

type Incoming = { type: 'elf'; view: ElfView } | { type: 'error'; file: string; message: string };

const vscode = acquireVsCodeApi();
const content = document.getElementById('content') as HTMLElement;
const summary = document.getElementById('summary') as HTMLElement;
const debug = document.getElementById('debug') as HTMLElement & { disabled: boolean };
let query: SymbolQuery = { ...DEFAULT_QUERY, ...(vscode.getState() as Partial<SymbolQuery> | undefined) };
let symbols: ElfView['symbols'] = [];

debug.addEventListener('click', () => vscode.postMessage({ type: 'debug' }));

function section(id: string, title: string, count: number, body: string, open = true): string {
  return `<vscode-collapsible id="${id}" heading="${escapeHtml(title)}" ${open ? 'open' : ''}>`
    + `<vscode-badge slot="decorations" variant="counter">${count}</vscode-badge><div class="body">${body}</div></vscode-collapsible>`;
}

function renderSymbolTable(): void {
  const table = document.getElementById('symbol-table');
  if (table === null) return;
  const r = renderSymbols(symbols, query);
  table.innerHTML = r.html;
  const count = document.getElementById('symbol-count');
  if (count !== null) count.textContent = query.filter.trim() === '' ? `${symbols.length} symbols` : `${r.matched} of ${symbols.length} symbols`;
  vscode.setState(query);
}

function show(v: ElfView): void {
  symbols = v.symbols;
  summary.textContent = `entry ${v.entry}${v.entrySymbol !== undefined ? ` (${v.entrySymbol})` : ''}`;
  debug.disabled = false;
  const warnings = v.warnings.length === 0 ? ''
    : `<div class="warning" role="status">${v.warnings.map((w) => `<p>${escapeHtml(w)}</p>`).join('')}</div>`;
  const symbolTools = `<div class="toolbar"><vscode-textfield id="filter" placeholder="Filter by name, or an address 0x…" aria-label="Filter symbols"></vscode-textfield>`
    + '<span id="symbol-count" class="muted"></span></div><div id="symbol-table"></div>';
  content.innerHTML = warnings
    + section('header', 'ELF header', v.header.length, renderHeader(v))
    + section('segments', 'Program headers (segments)', v.segments.length, renderSegments(v))
    + section('sections', 'Section headers', v.sections.length, renderSections(v))
    + section('symbols', 'Symbol table', v.symbols.length, symbolTools);
  const filter = document.getElementById('filter') as HTMLElement & { value: string };
  filter.value = query.filter;
  let timer: ReturnType<typeof setTimeout> | undefined;
  filter.addEventListener('input', () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => { query = { ...query, filter: filter.value }; renderSymbolTable(); }, 120);
  });
  (document.getElementById('symbol-table') as HTMLElement).addEventListener('click', (e) => {
    const button = (e.target as HTMLElement).closest('button.sort') as HTMLElement | null;
    const key = button?.dataset.key as SymbolKey | undefined;
    if (key === undefined) return;
    query = { ...query, key, descending: query.key === key ? !query.descending : false };
    renderSymbolTable();
  });
  renderSymbolTable();
}

window.addEventListener('message', (event: MessageEvent) => {
  const m = event.data as Incoming;
  if (m.type === 'elf') show(m.view);
  else if (m.type === 'error') {
    debug.disabled = true;
    summary.textContent = 'not a RISC-V executable';
    content.innerHTML = renderElfError(m.file, m.message);
  }
});

vscode.postMessage({ type: 'ready' });
