/**
 * The translation view's webview script (bundled by scripts/build.mjs to
 * dist/webview/translation.js, loaded with a nonce under a strict CSP by
 * extension/translationView.ts). It renders what the extension posts (a report, an
 * error, a pending request, a status line) with render.ts, and posts back the address
 * typed into the view's own field. Messages, extension → webview:
 * `{ type: 'report', report, input, status }`, `{ type: 'error', message, input, status }`,
 * `{ type: 'busy', input }`, `{ type: 'status', text }`; webview → extension:
 * `{ type: 'ready' }` once loaded, `{ type: 'translate', input }`.
 * Typechecked with extension/webview/tsconfig.json (DOM types).
 */
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { renderError, renderReport, type ReportView } from './render';

interface VsCodeApi { postMessage(message: unknown): void }
declare function acquireVsCodeApi(): VsCodeApi;

type Incoming =
  | { type: 'report'; report: ReportView; input: string; status?: string }
  | { type: 'error'; message: string; input: string; status?: string }
  | { type: 'busy'; input: string }
  | { type: 'status'; text: string };

const vscode = acquireVsCodeApi();
const content = document.getElementById('content') as HTMLElement;
const status = document.getElementById('status') as HTMLElement;
const field = document.getElementById('address') as HTMLElement & { value: string };
const go = document.getElementById('translate') as HTMLElement;

function setStatus(text: string | undefined): void {
  if (text !== undefined) status.textContent = text;
}

function submit(): void {
  const input = field.value.trim();
  if (input !== '') vscode.postMessage({ type: 'translate', input });
}

go.addEventListener('click', submit);
field.addEventListener('keydown', (e) => { if ((e as KeyboardEvent).key === 'Enter') submit(); });

window.addEventListener('message', (event: MessageEvent) => {
  const m = event.data as Incoming;
  switch (m.type) {
    case 'report':
      field.value = m.input;
      content.innerHTML = renderReport(m.report);
      content.setAttribute('aria-busy', 'false');
      setStatus(m.status);
      break;
    case 'error':
      field.value = m.input;
      content.innerHTML = renderError(m.message, m.input);
      content.setAttribute('aria-busy', 'false');
      setStatus(m.status);
      break;
    case 'busy':
      field.value = m.input;
      content.setAttribute('aria-busy', 'true');
      setStatus(`Translating ${m.input}…`);
      break;
    case 'status':
      setStatus(m.text);
      break;
  }
});

vscode.postMessage({ type: 'ready' });
