/**
 * The ELF viewer's HTML document (the custom editor's page, elfViewer.ts): the strict
 * Content Security Policy of the translation view (translationPage.ts: nothing by
 * default, the script only with its nonce, styles, images and fonts only from the
 * webview's resource origin), the stylesheet and script bundles from dist/webview/, a
 * title bar with the file name and the Debug button, and the (initially empty) content
 * area that webview/elf.ts fills from the posted ElfView. Pure: unit-tested without VS
 * Code (test/extension/elfViewer.test.ts).
 */
import { type PageResources } from './translationPage';
import { codiconStyle, webviewHtml } from './webviewShell';
import { escapeHtml } from './webview/render';

export interface ElfPageResources extends Omit<PageResources, 'input'> {
  /** The file's base name, for the title. */
  file: string;
  /** The codicon stylesheet (dist/webview/codicon.css), for the button's icon. */
  codiconUri?: string;
}

export function elfPageHtml(r: ElfPageResources): string {
  return webviewHtml({
    ...r,  /* cspSource, nonce */
    title: r.file,
    styles: [...(r.codiconUri !== undefined ? [codiconStyle(r.codiconUri)] : []), r.styleUri],
    scripts: [r.scriptUri],
    body: `<header class="toolbar">
  <h1 class="file">${escapeHtml(r.file)}</h1>
  <span id="summary" class="muted"></span>
  <vscode-button id="debug" icon="debug-alt" disabled title="Start debugging this ELF in HyperStep (stops on entry)">Debug</vscode-button>
</header>
<main id="content" aria-live="polite"><p class="muted">Reading the ELF…</p></main>
`,
  });
}
