/**
 * The memory view's HTML document (memoryView.ts): the strict Content Security Policy
 * of the translation view (nothing by default, the script only with its nonce, styles
 * only from the webview's resource origin; the codicon font for the paging buttons),
 * the toolbar (address or expression, group size, byte count, previous/next page), a status line and the table area that the
 * script (dist/webview/memory.js, from extension/webview/memory.ts) fills. Pure,
 * unit-tested in test/extension/memoryPage.test.ts.
 */
import { codiconStyle, webviewHtml } from './webviewShell';
import { escapeHtml, GROUP_SIZES, type GroupSize } from './webview/memoryModel';

export interface MemoryPageResources {
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  nonce: string;
  /** The codicon stylesheet (dist/webview/codicon.css), for the paging buttons' icons. */
  codiconUri?: string;
  target?: string;
  group: GroupSize;
  count: number;
}

export const COUNTS = [64, 256, 1024, 4096] as const;

export function memoryPageHtml(r: MemoryPageResources): string {
  const opt = (v: number, label: string, selected: boolean): string =>
    `<vscode-option value="${v}"${selected ? ' selected' : ''}>${label}</vscode-option>`;
  const groups = GROUP_SIZES.map((g) => opt(g, `${g} byte${g > 1 ? 's' : ''}`, g === r.group)).join('');
  const counts = COUNTS.map((c) => opt(c, `${c} bytes`, c === r.count)).join('');
  return webviewHtml({
    ...r,  /* cspSource, nonce */
    title: 'Memory',
    styles: [...(r.codiconUri !== undefined ? [codiconStyle(r.codiconUri)] : []), r.styleUri],
    scripts: [r.scriptUri],
    body: `<div class="toolbar" role="search">
  <vscode-textfield id="target" value="${escapeHtml(r.target ?? '')}" placeholder="Address or expression: 0x80001000, $sp, &amp;buf, guest1:gpa:0x…" aria-label="Address or expression to show"></vscode-textfield>
  <vscode-button id="go" title="Show memory at this address or expression (re-evaluated at every stop)">Go</vscode-button>
  <vscode-single-select id="group" aria-label="Group bytes" title="Bytes per group (a group reads as a little-endian number)">${groups}</vscode-single-select>
  <vscode-single-select id="count" aria-label="Bytes shown" title="Bytes shown">${counts}</vscode-single-select>
  <vscode-button id="prev" secondary icon="arrow-up" aria-label="Previous bytes" title="Previous bytes (lower addresses)"></vscode-button>
  <vscode-button id="next" secondary icon="arrow-down" aria-label="Next bytes" title="Next bytes (higher addresses)"></vscode-button>
</div>
<p id="status" role="status"></p>
<p class="hint">Double-click a value (or press Enter on it) to edit it: Enter writes it to the guest, Escape cancels. Bytes changed since the previous stop are highlighted.</p>
<main id="content" aria-live="polite"></main>
`,
  });
}
