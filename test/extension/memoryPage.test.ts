/**
 * The memory view's page (extension/memoryPage.ts) and its markup
 * (extension/webview/memoryModel.ts renderMemoryTable): the CSP allows nothing by
 * default, the one script only with the page's nonce and styles only from the webview's
 * own origin; the page has no inline script, handler or style attribute; the toolbar
 * offers the four group sizes and byte counts with the chosen ones selected; the
 * initial target is escaped.
 */
import { strict as assert } from 'assert';
import { COUNTS, memoryPageHtml, type MemoryPageResources } from '../../extension/memoryPage';
import { renderMemoryTable } from '../../extension/webview/memoryModel';

const RES: MemoryPageResources = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/memory.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/memory.css',
  codiconUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/codicon.css',
  nonce: 'bm9uY2Utb2YtdGhlLXRlc3Q=',
  target: '&buf"><script>alert(1)</script>',
  group: 4,
  count: 256,
};

/** The names of all attributes in the markup's tags (values are double-quoted). */
function attributeNames(html: string): string[] {
  const names: string[] = [];
  for (const tag of html.matchAll(/<[a-z][\w-]*((?:\s+[\w-]+(?:="[^"]*")?)*)\s*\/?>/gi)) {
    for (const a of tag[1].matchAll(/\s+([\w-]+)(?:="[^"]*")?/g)) names.push(a[1]);
  }
  return names;
}

describe('extension: memory view page', () => {
  const html = memoryPageHtml(RES);

  it('has a strict CSP: nothing by default, the nonce\'d script, styles from the webview only', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
    assert.ok(csp, 'a CSP meta tag');
    const policy = csp[1].replace(/&#39;/g, "'").replace(/&amp;/g, '&');
    const rules = new Map(policy.split(';').map((r) => r.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    assert.deepEqual(rules.get('default-src'), ["'none'"]);
    assert.deepEqual(rules.get('script-src'), [`'nonce-${RES.nonce}'`]);
    assert.deepEqual(rules.get('style-src'), [RES.cspSource]);
    for (const v of rules.values()) assert.ok(!v.includes("'unsafe-inline'") && !v.includes("'unsafe-eval'"), policy);
    // The CSP comes before anything that loads.
    assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<link'));
  });

  it('has one script, external and nonce\'d, and no inline scripts, handlers or styles', () => {
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    assert.equal(scripts[0][1], ` nonce="${RES.nonce}" src="${RES.scriptUri}"`);
    assert.equal(scripts[0][2], '', 'no inline code');
    assert.match(html, new RegExp(`<link rel="stylesheet" href="${RES.styleUri.replace(/[.+]/g, '\\$&')}">`));
    const attrs = attributeNames(html);
    assert.ok(!attrs.some((a) => /^on/i.test(a)), `no inline handlers: ${attrs.filter((a) => /^on/i.test(a))}`);
    assert.ok(!attrs.includes('style'), 'no style attributes');
    assert.doesNotMatch(html, /<style\b/);
    // The rendered table obeys the same rules.
    const table = renderMemoryTable({ address: '0x80001000', bytes: [1, 2, 3], count: 32, changed: [1], target: 2 }, 2);
    const tattrs = attributeNames(table);
    assert.ok(!tattrs.some((a) => /^on/i.test(a) || a === 'style'), tattrs.join(' '));
    assert.doesNotMatch(table, /<script|javascript:/i);
  });

  it('offers the group sizes and byte counts with the chosen ones selected, and escapes the target', () => {
    const options = (id: string) => {
      const sel = new RegExp(`<vscode-single-select id="${id}"[^>]*>(.*?)</vscode-single-select>`).exec(html);
      assert.ok(sel, id);
      return [...sel[1].matchAll(/<vscode-option value="(\d+)"( selected)?>([^<]*)<\/vscode-option>/g)].map((m) => [m[1], !!m[2], m[3]]);
    };
    assert.deepEqual(options('group'), [['1', false, '1 byte'], ['2', false, '2 bytes'], ['4', true, '4 bytes'], ['8', false, '8 bytes']]);
    assert.deepEqual(options('count').map((o) => Number(o[0])), [...COUNTS]);
    assert.deepEqual(options('count').filter((o) => o[1]).map((o) => o[0]), ['256']);
    assert.match(html, /<vscode-textfield id="target" value="&amp;buf&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;"/);
    assert.match(html, /<vscode-button id="go"[^>]*>Go<\/vscode-button>/);
    // The paging buttons are codicons with an accessible name; the font comes from the webview's origin.
    assert.match(html, /<vscode-button id="prev" secondary icon="arrow-up" aria-label="Previous bytes"/);
    assert.match(html, /<vscode-button id="next" secondary icon="arrow-down" aria-label="Next bytes"/);
    assert.match(html, /<link rel="stylesheet" href="[^"]*\/codicon\.css" id="vscode-codicon-stylesheet">/);
    assert.match(html, /<main id="content" aria-live="polite"><\/main>/);
  });
});
