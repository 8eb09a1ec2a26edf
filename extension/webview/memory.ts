/**
 * The memory view's webview script (bundled by scripts/build.mjs to
 * dist/webview/memory.js, loaded with a nonce under a strict CSP by
 * extension/memoryView.ts). It renders the snapshots the extension posts with
 * memoryModel.ts, regroups them locally (1/2/4/8 bytes), and edits a group in place:
 * double-click it (or Enter/F2 on the focused group; arrow keys move between groups),
 * Enter sends the new little-endian bytes, Escape or leaving the field cancels.
 * Messages, extension → webview: `{ type: 'snapshot', snapshot, group, target, status,
 * editable }`, `{ type: 'error', message, target, status }`, `{ type: 'busy', target }`,
 * `{ type: 'status', text, editable? }`, `{ type: 'writeError', addr, message }`;
 * webview → extension: `{ type: 'ready' }`, `{ type: 'show', target }`,
 * `{ type: 'group', group }`, `{ type: 'count', count }`, `{ type: 'page', delta }`,
 * `{ type: 'write', addr, bytes }`. Typechecked with extension/webview/tsconfig.json.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { escapeHtml, parseGroupEdit, renderMemoryTable, type GroupSize, type MemorySnapshot } from './memoryModel';

interface VsCodeApi { postMessage(message: unknown): void }
declare function acquireVsCodeApi(): VsCodeApi;

type Incoming =
  | { type: 'snapshot'; snapshot: MemorySnapshot; group: GroupSize; target: string; status: string; editable: boolean }
  | { type: 'error'; message: string; target: string; status?: string }
  | { type: 'busy'; target: string }
  | { type: 'status'; text: string; editable?: boolean }
  | { type: 'writeError'; addr: string; message: string };

const vscode = acquireVsCodeApi();
const content = document.getElementById('content') as HTMLElement;
const status = document.getElementById('status') as HTMLElement;
const field = document.getElementById('target') as HTMLElement & { value: string };
const groupSelect = document.getElementById('group') as HTMLElement & { value: string };
const countSelect = document.getElementById('count') as HTMLElement & { value: string };

let snapshot: MemorySnapshot | undefined;
let group = Number(groupSelect.value) as GroupSize;
let editable = false;
/** Offset of the group that has (or last had) the keyboard focus, kept across re-renders. */
let focusOff = 0;
/** While a group is edited, snapshots wait: rendering would drop the edit. */
let editing = false;
let renderPending = false;

function render(): void {
  if (snapshot === undefined) return;
  if (editing) { renderPending = true; return; }
  renderPending = false;
  const hadFocus = content.contains(document.activeElement);
  content.innerHTML = renderMemoryTable(snapshot, group);
  content.setAttribute('aria-busy', 'false');
  const cells = groupCells();
  const cell = cells.find((c) => Number(c.dataset.off) <= focusOff && focusOff < Number(c.dataset.off) + group) ?? cells[0];
  if (cell !== undefined) moveTabStop(cell, hadFocus);
}

function groupCells(): HTMLElement[] {
  return [...content.querySelectorAll<HTMLElement>('td.g[data-off]')];
}

/** Roving tab stop: `cell` becomes the grid's only focusable group. */
function moveTabStop(cell: HTMLElement, focus: boolean): void {
  for (const c of content.querySelectorAll<HTMLElement>('td.g[tabindex="0"]')) c.tabIndex = -1;
  cell.tabIndex = 0;
  focusOff = Number(cell.dataset.off);
  if (focus) cell.focus();
}

function submitTarget(): void {
  const target = field.value.trim();
  if (target !== '') vscode.postMessage({ type: 'show', target });
}

/** Replaces the group's text with an input holding it; Enter writes, Escape cancels. */
function startEdit(cell: HTMLElement): void {
  if (snapshot === undefined || cell.querySelector('input') !== null) return;
  if (cell.classList.contains('bad')) { status.textContent = `${cell.dataset.addr} cannot be read, so it cannot be edited.`; return; }
  if (!editable) { status.textContent = 'Pause the guest to edit memory.'; return; }
  const off = Number(cell.dataset.off);
  const size = Math.min(group, snapshot.count - off) as GroupSize;
  const old = cell.textContent ?? '';
  const input = document.createElement('input');
  input.className = 'edit';
  input.value = old;
  input.spellcheck = false;
  input.maxLength = size * 2 + 2;
  input.size = size * 2;
  input.setAttribute('aria-label', `New value of the ${size}-byte group at ${cell.dataset.addr} (hex, little-endian)`);
  cell.textContent = '';
  cell.classList.add('editing');
  cell.appendChild(input);
  editing = true;
  input.focus();
  input.select();
  let done = false;
  const finish = (restore: boolean) => {
    if (done) return;
    done = true;
    editing = false;
    cell.classList.remove('editing', 'invalid');
    cell.removeAttribute('aria-invalid');
    if (restore) cell.textContent = old;
    cell.focus();
    if (restore && renderPending) render();
  };
  input.addEventListener('keydown', (e) => {
    e.stopPropagation();
    if (e.key === 'Escape') { e.preventDefault(); finish(true); return; }
    if (e.key !== 'Enter') return;
    e.preventDefault();
    const bytes = parseGroupEdit(input.value, size);
    if ('error' in bytes) {
      cell.classList.add('invalid');
      input.setAttribute('aria-invalid', 'true');
      input.title = bytes.error;
      status.textContent = bytes.error;
      return;
    }
    finish(false);
    cell.textContent = input.value.trim().replace(/^0x/i, '').padStart(size * 2, '0');
    cell.classList.add('pending');
    status.textContent = `Writing ${size} byte${size > 1 ? 's' : ''} at ${cell.dataset.addr}…`;
    vscode.postMessage({ type: 'write', addr: cell.dataset.addr, bytes });
  });
  input.addEventListener('blur', () => finish(true));
}

content.addEventListener('dblclick', (e) => {
  const cell = (e.target as HTMLElement).closest<HTMLElement>('td.g[data-off]');
  if (cell !== null) { moveTabStop(cell, false); startEdit(cell); }
});

content.addEventListener('focusin', (e) => {
  const cell = (e.target as HTMLElement).closest<HTMLElement>('td.g[data-off]');
  if (cell !== null && e.target === cell) moveTabStop(cell, false);
});

content.addEventListener('keydown', (e) => {
  const cell = (e.target as HTMLElement).closest<HTMLElement>('td.g[data-off]');
  if (cell === null || e.target !== cell) return;
  if (e.key === 'Enter' || e.key === 'F2') { e.preventDefault(); startEdit(cell); return; }
  const cells = groupCells();
  const i = cells.indexOf(cell);
  const perRow = 16 / group;
  const to: Record<string, number> = {
    ArrowLeft: i - 1, ArrowRight: i + 1, ArrowUp: i - perRow, ArrowDown: i + perRow,
    Home: i - (i % perRow), End: i - (i % perRow) + perRow - 1,
  };
  const j = to[e.key];
  if (j === undefined) return;
  e.preventDefault();
  const next = cells[Math.max(0, Math.min(cells.length - 1, j))];
  if (next !== undefined) moveTabStop(next, true);
});

document.getElementById('go')!.addEventListener('click', submitTarget);
field.addEventListener('keydown', (e) => { if ((e as KeyboardEvent).key === 'Enter') submitTarget(); });
groupSelect.addEventListener('change', () => {
  group = Number(groupSelect.value) as GroupSize;
  vscode.postMessage({ type: 'group', group });
  render();
});
countSelect.addEventListener('change', () => vscode.postMessage({ type: 'count', count: Number(countSelect.value) }));
document.getElementById('prev')!.addEventListener('click', () => vscode.postMessage({ type: 'page', delta: -1 }));
document.getElementById('next')!.addEventListener('click', () => vscode.postMessage({ type: 'page', delta: 1 }));

window.addEventListener('message', (event: MessageEvent) => {
  const m = event.data as Incoming;
  switch (m.type) {
    case 'snapshot':
      snapshot = m.snapshot;
      editable = m.editable;
      field.value = m.target;
      if (m.group !== group) { group = m.group; groupSelect.value = String(group); }
      status.textContent = m.status;
      render();
      break;
    case 'error':
      field.value = m.target;
      content.innerHTML = `<p class="error" role="alert">${escapeHtml(m.message)}</p>`;
      content.setAttribute('aria-busy', 'false');
      snapshot = undefined;
      if (m.status !== undefined) status.textContent = m.status;
      break;
    case 'busy':
      content.setAttribute('aria-busy', 'true');
      break;
    case 'status':
      status.textContent = m.text;
      if (m.editable !== undefined) editable = m.editable;
      break;
    case 'writeError': {
      status.textContent = `Cannot write at ${m.addr}: ${m.message}`;
      render(); // back to the bytes last read
      break;
    }
  }
});

vscode.postMessage({ type: 'ready' });
