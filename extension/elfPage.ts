/**
 * The ELF viewer's HTML document (the custom editor's page, elfViewer.ts): the strict
 * Content Security Policy of the translation view (translationPage.ts: nothing by
 * default, the script only with its nonce, styles, images and fonts only from the
 * webview's resource origin), the stylesheet and script bundles from dist/webview/, a
 * title bar with the file name and the Debug button, and the (initially empty) content
 * area that webview/elf.ts fills from the posted ElfView. Pure: unit-tested without VS
 * Code (test/extension/elfViewer.test.ts).
 */
import { contentSecurityPolicy, type PageResources } from './translationPage';
import { escapeHtml } from './webview/render';

export interface ElfPageResources extends Omit<PageResources, 'input'> {
  /** The file's base name, for the title. */
  file: string;
  /** The codicon stylesheet (dist/webview/codicon.css), for the button's icon. */
  codiconUri?: string;
}

export function elfPageHtml(r: ElfPageResources): string {
  const codicons = r.codiconUri !== undefined ? `<link rel="stylesheet" href="${escapeHtml(r.codiconUri)}" id="vscode-codicon-stylesheet">\n` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(r))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${codicons}<link rel="stylesheet" href="${escapeHtml(r.styleUri)}">
<title>${escapeHtml(r.file)}</title>
</head>
<body>
<header class="toolbar">
  <h1 class="file">${escapeHtml(r.file)}</h1>
  <span id="summary" class="muted"></span>
  <vscode-button id="debug" icon="debug-alt" disabled title="Start debugging this ELF in HyperStep (stops on entry)">Debug</vscode-button>
</header>
<main id="content" aria-live="polite"><p class="muted">Reading the ELF…</p></main>
<script nonce="${escapeHtml(r.nonce)}" src="${escapeHtml(r.scriptUri)}"></script>
</body>
</html>
`;
}
