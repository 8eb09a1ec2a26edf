/**
 * The HTML document every HyperStep webview page shares (translation, memory, ELF,
 * timeline, compare, snapshot diff): doctype, the strict Content Security Policy
 * (nothing by default; scripts only with the page's nonce; styles, images and fonts
 * only from the webview's own resource origin), the viewport, the stylesheets, the
 * title, then the page's body and its nonce'd scripts. Every attribute value and the
 * title are escaped here; `body` is the page's own (already escaped) markup. Pure,
 * covered by the pages' unit tests (test/extension/).
 */
import { escapeHtml } from './webview/render';

/** The Content-Security-Policy of every page (webview.cspSource, the page's nonce). */
export function contentSecurityPolicy(r: { cspSource: string; nonce: string }): string {
  return [
    "default-src 'none'",
    `style-src ${r.cspSource}`,
    `img-src ${r.cspSource}`,
    `font-src ${r.cspSource}`,
    `script-src 'nonce-${r.nonce}'`,
  ].join('; ');
}

/** A stylesheet: its URI, or the URI with an element id (the codicon sheet's
 * `vscode-codicon-stylesheet`, which the webview UI toolkit looks for). */
export type WebviewStyle = string | { href: string; id: string };

export interface WebviewShell {
  /** webview.cspSource */
  cspSource: string;
  /** A fresh random nonce, different for every page. */
  nonce: string;
  /** Plain text (escaped here). */
  title: string;
  /** Stylesheet URIs, in order (webview.asWebviewUri(...) as strings). */
  styles: readonly WebviewStyle[];
  /** Script URIs, loaded with the nonce at the end of the body. */
  scripts?: readonly string[];
  /** The page's markup, inside <body>, ending with a newline. */
  body: string;
}

export function webviewHtml(p: WebviewShell): string {
  const links = p.styles.map((s) => typeof s === 'string'
    ? `<link rel="stylesheet" href="${escapeHtml(s)}">\n`
    : `<link rel="stylesheet" href="${escapeHtml(s.href)}" id="${escapeHtml(s.id)}">\n`).join('');
  const scripts = (p.scripts ?? []).map((s) => `<script nonce="${escapeHtml(p.nonce)}" src="${escapeHtml(s)}"></script>\n`).join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(p))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${links}<title>${escapeHtml(p.title)}</title>
</head>
<body>
${p.body}${scripts}</body>
</html>
`;
}

/** The codicon stylesheet (dist/webview/codicon.css) as a style entry. */
export function codiconStyle(href: string): WebviewStyle {
  return { href, id: 'vscode-codicon-stylesheet' };
}
