/**
 * The translation view's HTML document (the webview's page, translationView.ts): a
 * strict Content Security Policy (nothing by default; the script only with its nonce;
 * styles and images only from the webview's own resource origin), the stylesheet and
 * script bundles from dist/webview/, the address field and the (initially empty)
 * report area that the script fills. Pure: unit-tested without VS Code
 * (test/extension/translationRender.test.ts).
 */
import { escapeHtml } from './webview/render';
import { contentSecurityPolicy, webviewHtml } from './webviewShell';

export interface PageResources {
  /** webview.cspSource */
  cspSource: string;
  /** webview.asWebviewUri(...) of dist/webview/translation.js and .css, as strings. */
  scriptUri: string;
  styleUri: string;
  /** A fresh random nonce (base64 or hex), different for every page. */
  nonce: string;
  /** Initial text of the address field. */
  input?: string;
}

/** Kept here for the pages and tests that import it from the translation view. */
export { contentSecurityPolicy };

export function translationPageHtml(r: PageResources): string {
  const input = escapeHtml(r.input ?? '');
  return webviewHtml({
    ...r,  /* cspSource, nonce */
    title: 'Address translation',
    styles: [r.styleUri],
    scripts: [r.scriptUri],
    body: `<div class="toolbar" role="search">
  <vscode-textfield id="address" value="${input}" placeholder="0x…, guest1:0x…, guest1:gpa:0x…" aria-label="Address to translate"></vscode-textfield>
  <vscode-button id="translate">Translate</vscode-button>
</div>
<p id="status" role="status"></p>
<main id="content" aria-live="polite"></main>
`,
  });
}
